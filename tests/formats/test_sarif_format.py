"""SARIF 2.1.0: valid against the official schema, levels, regions, rules, suppressions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sharecheck.checking.pipeline import check_bytes
from sharecheck.formats import render
from sharecheck.formats.sarif_format import artifact_uri
from sharecheck.packs.loader import Pack
from sharecheck.results.builtin_rules import BUILTIN_RULES
from sharecheck.results.report import Finding, PackInfo, Report, Result, Severity
from tests.conftest import AS_OF, FIXTURES, ROOT, invoke

SCHEMA = json.loads((Path(__file__).resolve().parent / "sarif-2.1.0.schema.json").read_text("utf-8"))


def validate(sarif: dict[str, Any]) -> None:
    # The shipped schema says which JSON Schema draft it is written in; use that validator.
    validator = jsonschema.validators.validator_for(SCHEMA)
    validator.check_schema(SCHEMA)
    validator(SCHEMA, format_checker=validator.FORMAT_CHECKER).validate(sarif)


def sarif_of(*args: str) -> dict[str, Any]:
    result = invoke("check", *args, "--format", "sarif", "--as-of", "2026-06-01")
    assert result.exit_code in (0, 1), result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_the_fixtures_report_validates_against_the_sarif_schema(at_root: None) -> None:
    sarif = sarif_of("fixtures/")
    validate(sarif)
    assert sarif["version"] == "2.1.0"
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "sharecheck" and driver["version"] and driver["informationUri"].startswith("https://")


def test_the_schema_rejects_what_it_should(at_root: None) -> None:
    """So the validation above can fail: a level outside the enum is refused."""
    sarif = sarif_of("fixtures/broken/missing-gateway.json")
    sarif["runs"][0]["results"][0]["level"] = "blocker"
    with pytest.raises(jsonschema.ValidationError):
        validate(sarif)


def test_waiver_scenarios_validate_and_waived_results_are_suppressed(waivers: Path) -> None:
    sarif = sarif_of(str(waivers))
    validate(sarif)
    results = sarif["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in suppressed] == [
        ("SC-IDENT-001", "waivers/valid.json")
    ]
    (suppression,) = suppressed[0]["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert suppression["justification"] == "Board minute 14/2026 (approved by SIRO; expires 2026-12-31)"
    assert suppressed[0]["level"] == "error"  # still a blocker, only suppressed
    # The expired, reasonless and unwaivable cases are live results beside their waiver warnings.
    live = sorted((r["ruleId"], r["level"]) for r in results if "suppressions" not in r)
    assert live == [
        ("SC-GATEWAY-001", "error"),
        ("SC-IDENT-001", "error"),
        ("SC-IDENT-001", "error"),
        ("SC-WAIVER-001", "warning"),
        ("SC-WAIVER-002", "warning"),
        ("SC-WAIVER-003", "warning"),
        ("SC-WAIVER-004", "warning"),
    ]


def test_rules_are_every_pack_rule_then_the_builtin_rules_that_fired(waivers: Path, pack: Pack) -> None:
    sarif = sarif_of(str(waivers))
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == [r.id for r in pack.rules] + ["SC-WAIVER-001", "SC-WAIVER-002", "SC-WAIVER-003", "SC-WAIVER-004"]
    for result in sarif["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    gateway = rules[ids.index("SC-GATEWAY-001")]
    assert gateway["shortDescription"]["text"] == "A legal gateway is named"
    assert gateway["name"] == "LegalGatewayIsNamed"
    assert gateway["defaultConfiguration"]["level"] == "error"
    assert gateway["properties"]["waivable"] is False and gateway["properties"]["category"] == "legal_gateway"
    assert "Add the statutory gateway under legal.gateways" in gateway["help"]["text"]
    assert gateway["properties"]["sources"] == list(pack.rule("SC-GATEWAY-001").sources)  # type: ignore[union-attr]
    assert all(source in gateway["help"]["text"] for source in gateway["properties"]["sources"])
    expired = rules[ids.index("SC-WAIVER-001")]
    assert expired["properties"]["builtin"] is True
    assert expired["fullDescription"]["text"] == BUILTIN_RULES["SC-WAIVER-001"].description


def test_levels_map_from_severity_and_info_is_a_note() -> None:
    findings = tuple(
        Finding(rule=f"X-{s.value}", severity=s, category="purpose", message=s.value, path="/purpose", line=3, column=5)
        for s in Severity
    )
    report = Report("1.0", PackInfo("p", "1", "0" * 64), (Result("p.json", None, findings),))
    sarif = json.loads(render("sarif", report))
    validate(sarif)
    assert [(r["ruleId"], r["level"]) for r in sarif["runs"][0]["results"]] == [
        ("X-blocker", "error"),
        ("X-warning", "warning"),
        ("X-info", "note"),
    ]
    # Without rules= each rule is still described, from its finding, so no result is orphaned.
    assert [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]] == ["X-blocker", "X-info", "X-warning"]


def test_logical_location_and_properties_carry_the_pointer_and_category(pack: Pack) -> None:
    raw = (FIXTURES / "residents-index.json").read_bytes()
    result = check_bytes(raw, pack, file="proposals/residents index.json", today=AS_OF)
    sarif = json.loads(render("sarif", Report("1.0", pack.info, (result,)), rules=pack.rules))
    validate(sarif)
    by_rule = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    warning = by_rule["SC-SENSITIVE-002"]
    finding = next(f for f in result.findings if f.rule == "SC-SENSITIVE-002")
    location = warning["locations"][0]
    assert location["logicalLocations"] == [{"fullyQualifiedName": finding.path}]
    assert warning["properties"]["pointer"] == finding.path and warning["properties"]["category"] == "sensitive_data"
    assert location["physicalLocation"]["region"] == {"startLine": finding.line, "startColumn": finding.column}
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "proposals/residents%20index.json"
    assert sarif["runs"][0]["artifacts"][0]["hashes"]["sha-256"] == result.proposal.sha256  # type: ignore[union-attr]


def test_artifact_uris_are_relative_as_given_or_file_uris_when_absolute() -> None:
    assert artifact_uri("fixtures/early-help-families.json") == "fixtures/early-help-families.json"
    assert artifact_uri("proposals/50% plan#2.json") == "proposals/50%25%20plan%232.json"
    assert artifact_uri("/srv/proposals/a.json") == "file:///srv/proposals/a.json"


def test_no_timestamp_unless_asked(at_root: None) -> None:
    plain = invoke("check", "fixtures/residents-index.json", "--format", "sarif").stdout
    assert "invocations" not in json.loads(plain)["runs"][0]
    stamped = json.loads(invoke("check", "fixtures/residents-index.json", "--format", "sarif", "--timestamp").stdout)
    validate(stamped)
    (invocation,) = stamped["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True and invocation["endTimeUtc"].startswith("20")
