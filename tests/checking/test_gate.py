"""The submission gate: unanswered facts never let a blocker pass silently, and a draft is not a submission."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result as CliResult

from sharecheck.authoring.starter import starter
from sharecheck.checking.pipeline import check
from sharecheck.packs.loader import Pack
from sharecheck.results.report import Finding, Severity
from tests.conftest import AS_OF, FIXTURES, early_help, write_json

Cli = Callable[..., CliResult]


def gate_findings(data: dict[str, Any], pack: Pack, engine: Any = None) -> list[Finding]:
    result = check(data, pack, today=AS_OF, engine=engine)
    return [f for f in result.findings if f.rule.startswith("SC-GATE-")]


def test_init_then_check_passes_as_a_draft_with_one_list_and_fails_once_submitted(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "fuel-poverty.json"
    assert cli("init", str(target)).exit_code == 0
    draft = cli("check", str(target), "--format", "json", "--as-of", "2026-06-01")
    assert draft.exit_code == 0, draft.output
    findings = json.loads(draft.stdout)["results"][0]["findings"]
    assert not [f for f in findings if f["severity"] == "blocker"]
    listed = [f for f in findings if f["rule"] == "SC-GATE-001"]
    assert len(listed) == 1 and listed[0]["severity"] == "warning"
    message = listed[0]["message"]
    assert message.startswith("Before this draft can be submitted")
    # the hidden gateway blocker: the discloser's type and sector decide whether it is a public body
    for place in ("parties[0].org_type (SC-GATEWAY-001", "legal.power (SC-GATEWAY-001)", "retention.period"):
        assert place in message

    starter_data = json.loads(target.read_text("utf-8"))
    write_json(target, {**starter_data, "status": "submitted"})
    submitted = cli("check", str(target), "--format", "json", "--as-of", "2026-06-01")
    assert submitted.exit_code == 1
    findings = json.loads(submitted.stdout)["results"][0]["findings"]
    gate = [f for f in findings if f["rule"] == "SC-GATE-001"]
    assert len(gate) == 1 and gate[0]["severity"] == "blocker"
    assert "parties[0].org_type" in gate[0]["message"]
    blank = {f["path"] for f in findings if f["rule"] == "SC-GATE-002"}
    assert {"/title", "/parties/0/name", "/parties/1/name", "/purpose/statement"} <= blank
    assert all(f["severity"] == "blocker" for f in findings if f["rule"] == "SC-GATE-002")


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_no_fixture_has_an_unanswered_fact_or_blank_required_text(fixture: str, pack: Pack) -> None:
    """Complete proposals are unaffected: the gate adds nothing to any fixture."""
    data = json.loads((FIXTURES / fixture).read_text("utf-8"))
    assert gate_findings(data, pack) == []


def test_an_unknown_organisation_type_hides_the_missing_gateway_blocker(pack: Pack, engine: Any) -> None:
    data = early_help()
    del data["legal"]["gateways"]
    data["parties"][0]["org_type"] = "unknown"
    data["parties"][0].pop("sector", None)
    result = check(data, pack, today=AS_OF, engine=engine)
    assert "SC-GATEWAY-001" not in {f.rule for f in result.findings}  # two-valued: not a public body
    (gate,) = [f for f in result.findings if f.rule == "SC-GATE-001"]
    assert gate.severity is Severity.BLOCKER  # the fixture is submitted
    assert gate.path == "/parties/0/org_type"
    assert "parties[0].org_type (SC-GATEWAY-001" in gate.message
    assert result.band.id == "not_assessed"


def test_an_unknown_that_cannot_change_a_blocker_is_not_listed(pack: Pack) -> None:
    """Anonymous data needs no reason why it is identifiable, whatever that reason says."""
    data = early_help()
    data["data"]["identifiability"] = "anonymous"
    data["purpose"]["why_identifiable"] = ""
    assert [f for f in gate_findings(data, pack) if "why_identifiable" in f.message] == []


def test_an_answered_blocker_is_a_blocker_even_on_a_draft(pack: Pack) -> None:
    data = early_help()
    data["status"] = "draft"
    del data["purpose"]["why_identifiable"]  # left out: an answer of absence, not an unknown
    result = check(data, pack, today=AS_OF)
    (finding,) = [f for f in result.findings if f.rule == "SC-IDENT-001"]
    assert finding.severity is Severity.BLOCKER


def test_a_blocker_raised_by_a_blank_answer_is_provisional_on_a_draft(pack: Pack) -> None:
    data = early_help()
    data["purpose"]["why_identifiable"] = "  "
    submitted = check(data, pack, today=AS_OF)
    assert [f.severity for f in submitted.findings if f.rule == "SC-IDENT-001"] == [Severity.BLOCKER]
    assert not [f for f in submitted.findings if f.rule == "SC-GATE-001"]  # the blocker names its own place
    data["status"] = "draft"
    draft = check(data, pack, today=AS_OF)
    assert [f.severity for f in draft.findings if f.rule == "SC-IDENT-001"] == [Severity.WARNING]
    (gate,) = [f for f in draft.findings if f.rule == "SC-GATE-001"]
    assert "purpose.why_identifiable (SC-IDENT-001)" in gate.message and gate.severity is Severity.WARNING


@pytest.mark.parametrize(("status", "severity"), [("submitted", "blocker"), ("approved", "blocker"), ("draft", None)])
def test_an_incomplete_self_assessment_fails_a_submitted_proposal(
    pack: Pack, status: str, severity: str | None
) -> None:
    data = early_help()
    data["status"] = status
    del data["framework"]["answers"]["q07"]
    result = check(data, pack, today=AS_OF)
    found = [f for f in result.findings if f.rule == "SC-GATE-003"]
    assert result.band.id == "incomplete"
    if severity is None:
        assert found == []
    else:
        (finding,) = found
        assert finding.severity.value == severity and "q07" in finding.message


def test_a_proposal_without_status_gets_warnings_not_blockers(pack: Pack) -> None:
    """Every proposal written before the gate (no status) keeps its exit code."""
    data = starter(pack.framework)
    del data["status"]
    findings = gate_findings(data, pack)
    assert findings and all(f.severity is Severity.WARNING for f in findings)
    assert any(f.message.startswith("Before this proposal can be submitted") for f in findings)


def test_a_gateway_looked_up_with_unknown_facts_lists_them(pack: Pack, engine: Any) -> None:
    """The catalogue passes an unknown jurisdiction, org type or purpose as covered; where its
    lookup is verified (so it could block), the gate lists them."""
    data = json.loads((FIXTURES / "energy-rebates.json").read_text("utf-8"))  # cites a level-V gateway
    data["jurisdiction"] = ["unknown"]
    data["parties"][1]["org_type"] = "unknown"
    data["purpose"]["category"] = "unknown"
    result = check(data, pack, today=AS_OF, engine=engine)
    (gate,) = [f for f in result.findings if f.rule == "SC-GATE-001"]
    for place in ("jurisdiction[0] (SC-GATEWAY-005)", "parties[1].org_type (SC-GATEWAY-007)", "purpose.category ("):
        assert place in gate.message, place
    assert "SC-GATEWAY-008" in gate.message


def test_an_unverified_gateway_lookup_is_not_listed(pack: Pack) -> None:
    """dea2017_s35_psd's extent and parties are not verified (level S): they cannot block, so an
    unknown jurisdiction beside it hides nothing."""
    data = early_help()
    data["jurisdiction"] = ["unknown"]
    assert [f for f in gate_findings(data, pack) if "jurisdiction" in f.message] == []
