"""Each bundled fixture raises exactly what it models (README of fixtures/)."""

from __future__ import annotations

import pytest

from sharecheck.checking.pipeline import check_bytes
from sharecheck.engines.runtime import Engine
from sharecheck.packs.loader import Pack
from sharecheck.reading.bundled import schema
from tests.conftest import AS_OF, FIXTURES

EXPECTED: dict[str, tuple[set[str], str]] = {
    "early-help-families.json": (set(), "likely"),
    # cells of 5 with no disclosure-control policy named: a warning (law-2026 §3), not a blocker
    "ae-violence-csp.json": ({"SC-IDENT-003", "SC-OUTPUTS-003"}, "some_issues"),
    "residents-index.json": (
        {
            "SC-AGREEMENT-001",
            "SC-BENEFIT-002",
            "SC-DPIA-002",
            "SC-FRAMEWORK-003",
            "SC-GATEWAY-011",
            "SC-IDENT-001",
            "SC-IDENT-005",
            "SC-OUTPUTS-002",
            "SC-PURPOSE-003",
            "SC-SECURITY-004",
            "SC-SENSITIVE-002",
            "SC-TRANSPARENCY-002",
        },
        "not_assessed",
    ),
    "energy-rebates.json": (set(), "some_issues"),
    "justice-data-lab.json": ({"SC-IDENT-004"}, "some_issues"),
    "integrated-care-record.json": (set(), "likely"),
    "safeguarding-adults-board.json": ({"SC-OUTPUTS-002"}, "some_issues"),  # waived
    "disability-leisure-offers.json": (
        {
            "SC-AGREEMENT-001",
            "SC-CONSENT-002",
            "SC-CONSENT-003",
            "SC-GATEWAY-011",
            "SC-LAWFUL-003",
            "SC-PURPOSE-006",
            "SC-RETENTION-002",
            "SC-SECURITY-001",
            "SC-SENSITIVE-001",
            "SC-TRANSPARENCY-002",
        },
        "not_assessed",
    ),
    "integrated-offender-management.json": (
        {"SC-AGREEMENT-004", "SC-CONF-001", "SC-GATEWAY-006", "SC-LAWFUL-007", "SC-SENSITIVE-006", "SC-TRANSFER-001"},
        "not_assessed",
    ),
    "school-attendance-support.json": ({"SC-CHILDREN-001", "SC-GATEWAY-003"}, "some_issues"),
    "broken/missing-gateway.json": ({"SC-GATEWAY-001"}, "not_assessed"),
    "broken/truncated.json": ({"SC-INPUT-001"}, "not_assessed"),
    "broken/duplicate-keys.json": ({"SC-INPUT-001"}, "not_assessed"),
    "broken/misspelt-key.json": ({"SC-INPUT-002"}, "not_assessed"),
    "broken/wrong-enum.json": ({"SC-INPUT-002"}, "not_assessed"),
    "broken/string-for-number.json": ({"SC-INPUT-002"}, "not_assessed"),
    "broken/not-utf8.json": ({"SC-INPUT-001"}, "not_assessed"),
    "broken/empty.json": ({"SC-INPUT-001"}, "not_assessed"),
    "broken/top-level-array.json": ({"SC-INPUT-001"}, "not_assessed"),
    "broken/nan.json": ({"SC-INPUT-001"}, "not_assessed"),
    "broken/unknown-recipient.json": ({"SC-INPUT-003"}, "not_assessed"),
    # issue 13: each partner sends only its own checks to the hub, so only the hub needs Art 10
    # (and lacks it), and the housing association with no basis entry gets one finding; each
    # gateway is relied on for the partners it covers (applies_to), so none is "may not cover"
    "mash-children.json": (
        {"SC-LAWFUL-001", "SC-SENSITIVE-006", "SC-GATEWAY-011"},
        "not_assessed",
    ),
    "hip-fracture-readmissions.json": (set(), "some_issues"),
    # issue 11: ordinary proposals under the law as it stands (tests/law/test_ordinary_proposals.py)
    "shared-care-record-children.json": ({"SC-GATEWAY-010"}, "some_issues"),
    "serious-violence-partnership.json": (set(), "some_issues"),
    "dea-research-linkage.json": (set(), "some_issues"),
    "emergency-disclosure-child.json": (set(), "some_issues"),
    "dwp-council-welfare.json": (set(), "some_issues"),
    "charity-safeguarding-board.json": (set(), "some_issues"),
}


def test_every_fixture_has_an_expectation() -> None:
    on_disk = {str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.json")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_raises_what_it_models(name: str, pack: Pack) -> None:
    rules, band = EXPECTED[name]
    result = check_bytes((FIXTURES / name).read_bytes(), pack, file=name, today=AS_OF)
    assert {f.rule for f in result.findings} == rules, [(f.rule, f.message) for f in result.findings]
    assert result.band.id == band
    for finding in result.findings:
        assert finding.line is not None and finding.column is not None


def test_every_finding_category_is_raised_by_some_fixture(pack: Pack) -> None:
    categories = set(schema("rules")["$defs"]["rule"]["properties"]["category"]["enum"])
    raised = set()
    for name in EXPECTED:
        result = check_bytes((FIXTURES / name).read_bytes(), pack, file=name, today=AS_OF)
        raised |= {f.category for f in result.findings}
    assert raised == categories


def test_the_clean_fixture_stays_clean_in_both_engines(pack: Pack, engine: Engine) -> None:
    raw = (FIXTURES / "early-help-families.json").read_bytes()
    assert check_bytes(raw, pack, file="e.json", engine=engine, today=AS_OF).findings == ()


def test_misspelt_key_is_reported_at_the_key_with_a_hint(pack: Pack) -> None:
    raw = (FIXTURES / "broken" / "misspelt-key.json").read_bytes()
    (finding,) = check_bytes(raw, pack, file="m.json").findings
    assert "did you mean `legal`?" in finding.message
    line = raw.decode().splitlines()[finding.line - 1]  # type: ignore[operator]
    assert line[finding.column - 1 :].startswith('"legal_gatway"')  # type: ignore[operator]


def test_duplicate_legal_object_is_reported_at_the_second_copy(pack: Pack) -> None:
    raw = (FIXTURES / "broken" / "duplicate-keys.json").read_bytes()
    (finding,) = check_bytes(raw, pack, file="d.json").findings
    line = raw.decode().splitlines()[finding.line - 1]  # type: ignore[operator]
    assert '"legal"' in line and "duplicate key 'legal'" in finding.message


def test_an_unknown_recipient_is_reported_at_its_pointer_with_a_suggestion(pack: Pack) -> None:
    raw = (FIXTURES / "broken" / "unknown-recipient.json").read_bytes()
    (finding,) = check_bytes(raw, pack, file="u.json").findings
    assert finding.path == "/data/datasets/2/recipients/1"
    assert "did you mean `northshire-police`?" in finding.message
    line = raw.decode().splitlines()[finding.line - 1]  # type: ignore[operator]
    assert line[finding.column - 1 :].startswith('"northshire-polic"')  # type: ignore[operator]


def test_the_mash_raises_only_what_each_partner_handles(pack: Pack, engine: Engine) -> None:
    raw = (FIXTURES / "mash-children.json").read_bytes()
    findings = check_bytes(raw, pack, file="m.json", engine=engine, today=AS_OF).findings
    by_rule: dict[str, list[str]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding.message)
    # the hub receives criminal offence data without Art 10: the one true Art 10 blocker
    (article_10,) = by_rule["SC-SENSITIVE-006"]
    assert "(northshire-mash)" in article_10
    # no Art 9 finding for probation or schools, no Art 10 for health or schools: no
    # special-category or criminal-offence finding at all but the hub's
    assert "SC-SENSITIVE-001" not in by_rule
    assert {rule for rule in by_rule if rule.startswith("SC-SENSITIVE-")} == {"SC-SENSITIVE-006"}
    # the housing association with no legal.bases entry: one finding, not one per article
    (lawful,) = by_rule["SC-LAWFUL-001"]
    assert "Northshire Homes" in lawful
    # (gateway coverage per flow is the law's: issue 11)
    about_homes = [r for r, ms in by_rule.items() for m in ms if "Northshire Homes" in m and "GATEWAY" not in r]
    assert about_homes == ["SC-LAWFUL-001"]
