"""Values a user can find: every enum labelled, Schedule 1 as its real conditions, $schema in the starter."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
from click.testing import Result

from sharecheck.authoring.starter import starter
from sharecheck.authoring.values import enums, markdown
from sharecheck.checking.pipeline import check
from sharecheck.packs.loader import Pack
from sharecheck.reading.bundled import schema
from tests.conftest import AS_OF, FIXTURES, ROOT

Cli = Callable[..., Result]


def test_every_enum_value_has_a_plain_english_label() -> None:
    found = list(enums())
    assert len(found) >= 30
    for path, values, labels in found:
        unlabelled = [v for v in values if not str(labels.get(v, "")).strip()]
        assert not unlabelled, f"{path}: no x-labels for {unlabelled}"


def test_editors_get_the_labels_as_enum_descriptions() -> None:
    """VS Code's JSON service shows `enumDescriptions` beside each completion; they are the x-labels."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "enum" in node:
                yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for node in walk(schema("proposal")):
        assert node["enumDescriptions"] == [node["x-labels"][v] for v in node["enum"]]


def test_docs_values_is_current() -> None:
    """docs/values.md is `sharecheck schema values` (regenerate: sharecheck schema values > docs/values.md)."""
    assert (ROOT / "docs" / "values.md").read_text("utf-8") == markdown()


def _basis_validator() -> jsonschema.protocols.Validator:
    return jsonschema.Draft202012Validator(schema("proposal"))


def _with_schedule1(value: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "early-help-families.json").read_text("utf-8"))
    data["legal"]["bases"][0]["dpa_schedule1"] = value
    return data


def test_schedule1_lists_the_real_conditions_with_titles_and_still_accepts_todays_values() -> None:
    (schedule,) = [(v, labels) for path, v, labels in enums() if path == "legal.bases[].dpa_schedule1"]
    values, labels = schedule
    assert "part2_para18" in values and "Safeguarding of children" in labels["part2_para18"]
    assert "part1_para5" not in values  # para 5 is the policy-document requirement, not a condition
    assert len([v for v in values if v.startswith("part2_")]) == 23  # paras 6-28
    validator = _basis_validator()
    for accepted in ("part1_para2", "part2_para18", "part3_para33", "unknown", "part1_para5"):
        assert not list(validator.iter_errors(_with_schedule1(accepted))), accepted  # valid before, valid now
    assert list(validator.iter_errors(_with_schedule1("part4_para1")))


def test_a_wrong_schedule1_value_says_where_the_list_is(pack: Pack) -> None:
    result = check(_with_schedule1("para18"), pack, today=AS_OF)
    (finding,) = result.findings
    assert "Schedule 1 condition such as part1_para2" in finding.message and "docs/values.md" in finding.message


def test_explain_lists_the_schedule1_conditions_for_the_rule_about_them(cli: Cli) -> None:
    text = cli("explain", "SC-SENSITIVE-004").stdout
    assert "part2_para18  Part 2 para 18: Safeguarding of children and of individuals at risk" in text


def test_the_starter_names_the_installed_schema_and_shows_labels(pack: Pack) -> None:
    data = starter(pack.framework)
    uri = data["$schema"]
    assert uri.startswith("file://") and Path(uri.removeprefix("file://")).is_file()
    assert not list(_basis_validator().iter_errors(data))
    assert "gp_federation (GP federation" in data["parties"][0]["x-org-types"]
    assert "safeguarding_children (Safeguarding children)" in data["purpose"]["x-categories"]


def test_a_gp_federation_is_covered_wherever_gp_practices_are(pack: Pack) -> None:
    """A more precise org type never turns a covered party into a gateway blocker."""
    data: dict[str, Any] = json.loads((FIXTURES / "integrated-care-record.json").read_text("utf-8"))
    practices = [p for p in data["parties"] if p["org_type"] == "gp_practice"]
    assert practices
    before = {(f.rule, f.severity) for f in check(data, pack, today=AS_OF).findings}
    for party in practices:
        party["org_type"] = "gp_federation"
        party["sector"] = "public"
    after = {(f.rule, f.severity) for f in check(data, pack, today=AS_OF).findings}
    assert after == before


def test_schedule1_is_an_open_enum_so_a_rule_may_test_for_a_value_outside_it(pack: Pack) -> None:
    """Lint must not call "present and none of the conditions" impossible: the old pattern still validates."""
    from sharecheck.packs.loader import proposal_type
    from sharecheck.reading.fieldtypes import resolve

    bases = resolve(proposal_type(), "legal.bases", collection=True).items
    assert bases is not None
    schedule1 = bases.properties["dpa_schedule1"]
    assert schedule1.open_enum and "part2_para18" in (schedule1.enum or ())
    assert not bases.properties["art9"].open_enum
    result = check(_with_schedule1("part1_para5"), pack, today=AS_OF)
    assert [f.rule for f in result.findings] == ["SC-SENSITIVE-010"]
