"""JUnit XML: well formed, one uniquely named test case per proposal x rule, verdicts by severity."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sharecheck.formats import render
from sharecheck.formats.junit_format import clean
from sharecheck.packs.loader import Pack
from sharecheck.results.report import Finding, PackInfo, Report, Result, Severity
from tests.conftest import AS_OF, FIXTURES, ROOT, early_help, invoke, write_json


def junit_of(*args: str) -> ET.Element:
    result = invoke("check", *args, "--format", "junit", "--as-of", AS_OF.isoformat())
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(result.stdout.encode("utf-8"))


def cases(root: ET.Element, file: str) -> dict[str, ET.Element]:
    return {c.get("name", "").split(" ")[0]: c for c in root.iter("testcase") if c.get("classname") == file}


def verdict(case: ET.Element) -> str:
    for tag in ("failure", "skipped", "error"):
        if case.find(tag) is not None:
            return tag
    return "passed"


def test_the_fixtures_parse_with_unique_test_names_and_consistent_counts(
    monkeypatch: pytest.MonkeyPatch, pack: Pack
) -> None:
    monkeypatch.chdir(ROOT)
    root = junit_of("fixtures/")
    testcases = list(root.iter("testcase"))
    keys = [(c.get("classname"), c.get("name")) for c in testcases]
    assert len(keys) == len(set(keys))
    assert int(root.get("tests", "")) == len(testcases)
    assert int(root.get("failures", "")) == sum(1 for c in testcases if verdict(c) == "failure")
    suites = root.findall("testsuite")
    assert len(suites) == len(list(FIXTURES.rglob("*.json")))
    for suite in suites:
        assert int(suite.get("tests", "")) == len(suite.findall("testcase"))
        assert all(c.get("classname") == suite.get("name") for c in suite.findall("testcase"))
    # A readable proposal has a test case for every rule of the pack, titled.
    clean_cases = cases(root, "fixtures/early-help-families.json")
    assert set(clean_cases) == {r.id for r in pack.rules}
    assert clean_cases["SC-GATEWAY-001"].get("name") == "SC-GATEWAY-001 A legal gateway is named"
    assert {verdict(c) for c in clean_cases.values()} == {"passed"}


def test_blocker_fails_warning_passes_with_output_unless_fail_on_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    residents = cases(junit_of("fixtures/residents-index.json"), "fixtures/residents-index.json")
    failure = residents["SC-IDENT-001"].find("failure")
    assert failure is not None and failure.get("type") == "blocker"
    assert "fixtures/residents-index.json:19:14 blocker SC-IDENT-001" in (failure.text or "")
    warning = residents["SC-SENSITIVE-002"]
    assert verdict(warning) == "passed"
    assert "SC-SENSITIVE-002 Field 'ethnicity'" in (warning.findtext("system-out") or "")
    strict = cases(junit_of("fixtures/residents-index.json", "--fail-on", "warning"), "fixtures/residents-index.json")
    assert verdict(strict["SC-SENSITIVE-002"]) == "failure"
    assert strict["SC-SENSITIVE-002"].find("failure").get("type") == "warning"  # type: ignore[union-attr]
    # --fail-on never only changes the exit code: the report still shows the blocker as a failure.
    lenient = cases(junit_of("fixtures/residents-index.json", "--fail-on", "never"), "fixtures/residents-index.json")
    assert verdict(lenient["SC-IDENT-001"]) == "failure" and verdict(lenient["SC-SENSITIVE-002"]) == "passed"


def test_an_unreadable_proposal_is_one_failing_test_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    root = junit_of("fixtures/broken/truncated.json", "fixtures/broken/wrong-enum.json")
    truncated = root.findall("testsuite")[0]
    (case,) = truncated.findall("testcase")
    assert case.get("name") == "SC-INPUT-001 The file can be read as a proposal"
    assert verdict(case) == "failure" and "invalid JSON" in (case.find("failure").get("message") or "")  # type: ignore[union-attr]
    (schema_case,) = root.findall("testsuite")[1].findall("testcase")
    assert schema_case.get("name", "").startswith("SC-INPUT-002 ") and verdict(schema_case) == "failure"


def test_waiver_scenarios(waivers: Path) -> None:
    root = junit_of(str(waivers))
    valid = cases(root, "waivers/valid.json")
    skipped = valid["SC-IDENT-001"].find("skipped")
    assert skipped is not None and skipped.get("message") == "waived by SIRO until 2026-12-31: Board minute 14/2026"
    assert int(root.get("skipped", "")) == 1
    expired = cases(root, "waivers/expired.json")
    assert verdict(expired["SC-IDENT-001"]) == "failure" and verdict(expired["SC-WAIVER-001"]) == "passed"
    assert "expired on 2026-05-31" in (expired["SC-WAIVER-001"].findtext("system-out") or "")
    assert verdict(cases(root, "waivers/missing-reason.json")["SC-WAIVER-002"]) == "passed"
    assert verdict(cases(root, "waivers/unknown-rule.json")["SC-WAIVER-003"]) == "passed"
    unwaivable = cases(root, "waivers/not-waivable.json")
    assert verdict(unwaivable["SC-GATEWAY-001"]) == "failure" and "SC-WAIVER-004" in unwaivable


def test_text_from_a_proposal_is_escaped_and_control_characters_survive_as_escapes(tmp_path: Path) -> None:
    data = early_help()
    name = 'ethnicity \x01 <b>&amp; "50%", a::b ]]> \r\nnext'
    data["data"]["datasets"][0]["fields"][0].update(name=name, special_category="none")
    write_json(tmp_path / "odd.json", data)
    root = junit_of(str(tmp_path / "odd.json"))
    (case,) = [c for c in root.iter("testcase") if c.get("name", "").startswith("SC-SENSITIVE-002")]
    out = case.findtext("system-out") or ""
    # controls from a proposal arrive as visible escapes (sharecheck.visible); XML specials survive as text
    assert "Field 'ethnicity \\x01 <b>&amp; \"50%\", a::b ]]> \\x0d\\x0anext'" in out


def test_clean_keeps_what_xml_can_hold() -> None:
    assert clean("tab\tline\nrésumé 💡") == "tab\tline\nrésumé 💡"
    assert clean("a\x00b\x1bc\ud800") == "a\\x00b\\x1bc\\xd800"


def test_findings_of_a_rule_outside_the_pack_still_get_a_test_case() -> None:
    finding = Finding("ORG-001", Severity.WARNING, "purpose", "Say who benefits.", "/purpose", 2, 3)
    report = Report("1.0", PackInfo("p", "1", "0" * 64), (Result("p.json", None, (finding,)),))
    root = ET.fromstring(render("junit", report))
    (case,) = root.iter("testcase")
    assert case.get("name") == "ORG-001" and verdict(case) == "passed"
