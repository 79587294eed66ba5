"""Issue 11: the seven kinds of ordinary proposal give no false blocker under the law as it
stands (law-2026.md §3), and raise the issues law-2026.md names: accreditation (DEA 2017
research), the national data opt-out (s251), and the date of recognised legitimate interests.

Each kind is a fixture written as an English public-sector team would write it; the named issues
are shown by variants, each the fixture with one realistic gap.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

from sharecheck import Pack, Result, check, check_bytes
from tests.conftest import AS_OF, FIXTURES


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text("utf-8"))
    return data


def _run(data: dict[str, Any], pack: Pack, today: dt.date = AS_OF) -> Result:
    return check(copy.deepcopy(data), pack, file="variant.json", today=today)


def _ids(result: Result, severity: str) -> set[str]:
    return {f.rule for f in result.findings if f.severity.value == severity and f.waiver is None}


# kind -> (fixture, blockers a reviewer expects, warnings a reviewer expects)
KINDS: dict[str, tuple[str, set[str], set[str]]] = {
    # the MASH's two blockers are true gaps written into the fixture (issue 13): the hub states no
    # Art 10 authority, the housing association no basis; test_mash_with_its_gaps_closed shows
    # the rest of it is lawful
    "mash": (
        "mash-children.json",
        {"SC-LAWFUL-001", "SC-SENSITIVE-006"},
        {"SC-GATEWAY-011"},
    ),
    # s11's purposes in the catalogue (level S) do not include direct care: a doubt for IG, not a blocker
    "shared care record with children's social care": (
        "shared-care-record-children.json",
        set(),
        {"SC-GATEWAY-010"},
    ),
    "serious violence partnership with NHS partners": ("serious-violence-partnership.json", set(), set()),
    "DEA 2017 research linkage": ("dea-research-linkage.json", set(), set()),
    "one-off emergency disclosure": ("emergency-disclosure-child.json", set(), set()),
    "DWP to council welfare share": ("dwp-council-welfare.json", set(), set()),
    "charity to a safeguarding board": ("charity-safeguarding-board.json", set(), set()),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_gives_the_findings_a_reviewer_expects(kind: str, pack: Pack) -> None:
    name, blockers, warnings = KINDS[kind]
    result = check_bytes((FIXTURES / name).read_bytes(), pack, file=name, today=AS_OF)
    described = [(f.rule, f.severity.value, f.message) for f in result.findings]
    assert _ids(result, "blocker") == blockers, described
    assert _ids(result, "warning") == warnings, described
    for finding in result.findings:
        assert finding.line is not None and finding.column is not None


def test_mash_with_its_gaps_closed_has_no_blocker(pack: Pack) -> None:
    data = _load("mash-children.json")
    for basis in data["legal"]["bases"]:
        if basis["party"] == "northshire-mash":
            basis["art10"] = "official_authority"
    data["legal"]["bases"].append(
        {"party": "northshire-homes", "art6": ["public_task"], "art6_law": "Housing Act 1996; Children Act 1989 s47(9)"}
    )
    result = _run(data, pack)
    assert _ids(result, "blocker") == set(), [(f.rule, f.message) for f in result.findings]


def test_every_partner_of_the_shared_care_record_relies_on_its_own_power(pack: Pack) -> None:
    data = _load("shared-care-record-children.json")
    # s251B (health and adult social care) relied on for every party, children's social care too:
    # the s251B duty does not cover it as a discloser (a verified fact), so that is a true blocker
    del data["legal"]["gateways"][0]["applies_to"]
    del data["legal"]["gateways"][1]
    assert "SC-GATEWAY-006" in _ids(_run(data, pack), "blocker")


def test_the_serious_violence_partnership_keeps_the_nhs_trust_out_of_s16(pack: Pack) -> None:
    data = _load("serious-violence-partnership.json")
    # s16 relied on for the ED as well: NHS trusts are not specified authorities, and s16(4)
    # excludes patient information and personal information from a health authority
    data["legal"]["gateways"][0]["applies_to"].append("midvale-ed")
    blockers = _ids(_run(data, pack), "blocker")
    assert {"SC-GATEWAY-006", "SC-GATEWAY-009"} <= blockers


def test_police_under_part3_are_not_asked_for_article_6(pack: Pack) -> None:
    data = _load("serious-violence-partnership.json")
    police = next(b for b in data["legal"]["bases"] if b["party"] == "midvale-police")
    del police["part3_condition"]
    result = _run(data, pack)
    assert _ids(result, "blocker") == set()
    assert _ids(result, "warning") == {"SC-LAWFUL-008"}


# ---------------------------------------------------------------- accreditation (DEA 2017 s64)


def test_dea_research_without_uksa_accreditation_is_reported(pack: Pack) -> None:
    data = _load("dea-research-linkage.json")
    data["governance"]["uksa_accreditation"]["processors"] = False
    result = _run(data, pack)
    assert _ids(result, "warning") == {"SC-GATEWAY-020"}
    assert _ids(result, "blocker") == set()
    del data["governance"]["uksa_accreditation"]
    assert "SC-GATEWAY-020" in _ids(_run(data, pack), "warning")


def test_dea_research_sending_identifiable_data_straight_to_researchers_is_reported(pack: Pack) -> None:
    data = _load("dea-research-linkage.json")
    # no accredited processor: the identifiable records go to the university
    data["parties"] = [p for p in data["parties"] if p["id"] != "ons-srs"]
    data["data"]["datasets"] = data["data"]["datasets"][:2]
    for dataset in data["data"]["datasets"]:
        dataset["recipients"] = ["kingsbridge-university"]
    data["data"]["identifiability"] = "personally_identifiable"
    data["data"]["de_identification"] = {"method": "none"}
    result = _run(data, pack)
    # the de-identification condition is read from Bill text and guidance (level S), so it is a
    # doubt for IG (SC-GATEWAY-010), not a blocker, until it is verified in the Act
    assert _ids(result, "blocker") == set()
    assert _ids(result, "warning") == {"SC-GATEWAY-010", "SC-IDENT-004"}
    (doubt,) = [f for f in result.findings if f.rule == "SC-GATEWAY-010"]
    assert "de-identified" in doubt.message


# ---------------------------------------------------------------- national data opt-out (s251)


def _population_health_from_the_record() -> dict[str, Any]:
    """The shared care record's health and adult social care data used for population health
    planning under s251 support (reg 5), as many record programmes go on to do."""
    data = _load("shared-care-record-children.json")
    data["id"] = "southmoor-population-health-planning"
    data["purpose"]["category"] = "planning"
    data["purpose"]["compatibility_basis"] = "art8a_assessment"
    data["parties"] = [p for p in data["parties"] if p["id"] != "southmoor-csc"]
    data["data"]["datasets"] = [d for d in data["data"]["datasets"] if d["source"] != "southmoor-csc"]
    data["data"]["subjects"] = ["patients", "service_users", "adults", "vulnerable_adults"]
    del data["data"]["national_data_opt_out"]
    data["legal"]["gateways"] = [
        {"id": "nhsa2006_s251_copi", "notes": "Secretary of State support under reg 5 for planning."}
    ]
    data["legal"]["confidentiality_basis"] = "s251_support"
    data["legal"]["s251_reference"] = "26/CAG/0107 (non-research, Secretary of State support)"
    data["purpose"]["why_identifiable"] = "Records are linked by NHS number before pseudonymisation for analysts."
    return data


def test_s251_use_without_the_national_data_opt_out_is_reported(pack: Pack) -> None:
    data = _population_health_from_the_record()
    result = _run(data, pack)
    assert "SC-CONF-007" in _ids(result, "warning")
    assert _ids(result, "blocker") == set(), [(f.rule, f.message) for f in result.findings]
    data["data"]["national_data_opt_out"] = {"status": "applied"}
    assert "SC-CONF-007" not in _ids(_run(data, pack), "warning")


# ---------------------------------------------------------------- recognised legitimate interest date


@pytest.mark.parametrize(
    ("assessed_on", "blockers"),
    [("2025-10-01", {"SC-LAWFUL-005"}), ("2026-02-04", {"SC-LAWFUL-005"}), ("2026-03-01", set())],
)
def test_a_recognised_legitimate_interest_counts_only_from_5_february_2026(
    assessed_on: str, blockers: set[str], pack: Pack
) -> None:
    data = _load("charity-safeguarding-board.json")
    data["assessment_date"] = assessed_on
    result = _run(data, pack, today=dt.date.fromisoformat(assessed_on))
    assert _ids(result, "blocker") == blockers, [(f.rule, f.message) for f in result.findings]


def test_the_bar_on_recognised_legitimate_interests_is_for_the_public_body_relying_on_it(pack: Pack) -> None:
    data = _load("charity-safeguarding-board.json")
    # the charity cites Art 6(1)(ea) beside the council's s45 duty, for every party: the council
    # is a public body that discloses, but it relies on its legal obligation, not on (ea)
    data["legal"]["gateways"].append({"id": "duaa2025_art6_1_ea", "notes": "The charity's lawful basis."})
    result = _run(data, pack)
    assert _ids(result, "blocker") == set(), [(f.rule, f.message) for f in result.findings]
    # the council relying on (ea) itself is barred, once per rule, and the charity is not named
    council = next(b for b in data["legal"]["bases"] if b["party"] == "harbourside-asc")
    council["art6"] = ["recognised_legitimate_interest"]
    council["annex1_condition"] = "safeguarding_vulnerable"
    result = _run(data, pack)
    assert _ids(result, "blocker") == {"SC-GATEWAY-009", "SC-LAWFUL-002"}
    found = [f for f in result.findings if f.rule == "SC-LAWFUL-002"]
    assert [f.message.split(" is a public body")[0] for f in found] == ["Harbourside City Council Adult Social Care"]


# ---------------------------------------------------------------- one-off emergency disclosure and the DPIA


def test_an_emergency_disclosure_without_a_dpia_is_a_warning_not_a_blocker(pack: Pack) -> None:
    data = _load("emergency-disclosure-child.json")
    del data["dpia"]["not_required_reason"]
    result = _run(data, pack)
    assert _ids(result, "blocker") == set()
    assert _ids(result, "warning") == {"SC-DPIA-004", "SC-DPIA-007"}
    data["sharing_type"] = "routine"  # the same disclosure made routinely needs its DPIA
    assert "SC-DPIA-001" in _ids(_run(data, pack), "blocker")
