"""Waivers (SPEC §4) with an injected clock, so expiry tests are exact."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sharecheck.checking.pipeline import check
from sharecheck.packs.loader import Pack
from sharecheck.results.report import Severity
from tests.conftest import early_help

TODAY = dt.date(2026, 6, 1)


def unjustified(waivers: list[dict[str, Any]]) -> dict[str, Any]:
    data = early_help()
    del data["purpose"]["why_identifiable"]
    data["waivers"] = waivers
    return data


def rules_and_waived(pack: Pack, data: dict[str, Any]) -> list[tuple[str, bool]]:
    return [(f.rule, f.waiver is not None) for f in check(data, pack, today=TODAY).findings]


WAIVER = {"rule": "SC-IDENT-001", "reason": "Board minute 14/2026", "approved_by": "SIRO", "expires": "2026-12-31"}


def test_a_valid_waiver_marks_the_finding_which_stays_reported(pack: Pack) -> None:
    result = check(unjustified([WAIVER]), pack, today=TODAY)
    (finding,) = result.findings
    assert finding.rule == "SC-IDENT-001" and finding.waiver is not None
    assert (finding.waiver.approved_by, finding.waiver.expires, finding.waiver.path) == (
        "SIRO",
        "2026-12-31",
        "/waivers/0",
    )
    assert result.worst() is None


def test_a_waiver_expiring_today_still_holds_and_one_expired_yesterday_does_not(pack: Pack) -> None:
    assert rules_and_waived(pack, unjustified([{**WAIVER, "expires": "2026-06-01"}])) == [("SC-IDENT-001", True)]
    found = rules_and_waived(pack, unjustified([{**WAIVER, "expires": "2026-05-31"}]))
    assert sorted(found) == [("SC-IDENT-001", False), ("SC-WAIVER-001", False)]


def test_a_waiver_without_reason_or_approver_waives_nothing(pack: Pack) -> None:
    no_reason = {k: v for k, v in WAIVER.items() if k != "reason"}
    found = check(unjustified([no_reason]), pack, today=TODAY).findings
    assert sorted((f.rule, f.waiver is None) for f in found) == [("SC-IDENT-001", True), ("SC-WAIVER-002", True)]
    assert "the waiver for SC-IDENT-001 lacks a reason, so it waives nothing" in [f.message for f in found]
    no_either = {"rule": "SC-IDENT-001"}
    messages = [f.message for f in check(unjustified([no_either]), pack, today=TODAY).findings]
    assert "the waiver for SC-IDENT-001 lacks a reason and an approver, so it waives nothing" in messages


def test_a_waiver_for_a_rule_that_did_not_fire(pack: Pack) -> None:
    data = early_help()
    data["waivers"] = [{**WAIVER, "rule": "SC-CONSENT-001"}, {**WAIVER, "rule": "SC-NOT-A-RULE"}]
    found = check(data, pack, today=TODAY).findings
    assert [f.rule for f in found] == ["SC-WAIVER-003", "SC-WAIVER-003"]
    assert "did not fire" in found[0].message and "does not exist" in found[1].message


def test_a_rule_that_cannot_be_waived_ignores_the_waiver_and_says_so(pack: Pack) -> None:
    data = early_help()
    del data["legal"]["gateways"]
    data["waivers"] = [{**WAIVER, "rule": "SC-GATEWAY-001"}]
    found = check(data, pack, today=TODAY).findings
    assert sorted((f.rule, f.waiver is None) for f in found) == [("SC-GATEWAY-001", True), ("SC-WAIVER-004", True)]


def test_a_waiver_without_an_expiry_date_holds(pack: Pack) -> None:
    no_expiry = {k: v for k, v in WAIVER.items() if k != "expires"}
    assert rules_and_waived(pack, unjustified([no_expiry])) == [("SC-IDENT-001", True)]


def test_waivers_are_applied_after_evaluation_so_a_waived_blocker_does_not_stop_scoring(pack: Pack) -> None:
    """Gating (SPEC §3) looks at unwaived blockers: waived, the band is computed; expired, it is not."""
    assert check(unjustified([WAIVER]), pack, today=TODAY).band.id == "likely"
    expired = check(unjustified([{**WAIVER, "expires": "2026-05-31"}]), pack, today=TODAY)
    assert expired.band.id == "not_assessed" and expired.worst() is Severity.BLOCKER


def test_one_waiver_covers_every_finding_of_its_rule(pack: Pack) -> None:
    data = early_help()
    fields = data["data"]["datasets"][0]["fields"]
    fields[0].update(name="ethnicity", special_category="none")
    fields[1].update(name="religion", special_category="none")
    data["waivers"] = [{**WAIVER, "rule": "SC-SENSITIVE-002"}]
    found = check(data, pack, today=TODAY).findings
    assert [(f.rule, f.waiver is not None) for f in found] == [("SC-SENSITIVE-002", True)] * 2
