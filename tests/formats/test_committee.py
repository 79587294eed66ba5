"""The committee report's content, decided before any template lays it out."""

from __future__ import annotations

import dataclasses
import itertools
from fractions import Fraction

from sharecheck import __version__
from sharecheck.checking.pipeline import check
from sharecheck.formats.committee import ProposalPage, page, proposal_page, scale_x
from sharecheck.formats.context import ReportContext, summarise
from sharecheck.packs.loader import Pack
from sharecheck.results.report import Report, Severity
from tests.conftest import AS_OF, FIXTURES, early_help
from tests.formats.reports import fixture_report

QUESTIONS = [f"q{i:02d}" for i in range(1, 19)]


def fixture_page(pack: Pack, name: str) -> ProposalPage:
    report, context = fixture_report(pack, [name])
    return proposal_page(1, report.results[0], context)


def proposal(pack: Pack, data: dict[str, object]) -> ProposalPage:
    result = check(data, pack, file="p.json", today=AS_OF)
    return proposal_page(1, result, ReportContext(pack.framework, {"p.json": summarise(data)}, AS_OF))


def test_the_chart_draws_every_answer_with_hold_downs_and_moves(pack: Pack) -> None:
    # the A&E fixture's blockers (if any) waived, so that its own self-assessment is scored
    data = __import__("json").loads((FIXTURES / "ae-violence-csp.json").read_text("utf-8"))
    blockers = {f.rule for f in check(data, pack, today=AS_OF).findings if f.severity is Severity.BLOCKER and f.counts}
    data["waivers"] = [
        {"rule": rule, "reason": "Accepted by the board for this test", "approved_by": "SIRO", "expires": "2027-01-01"}
        for rule in sorted(blockers)
    ]
    p = proposal(pack, data)
    assert p.chart is not None and p.verdict.band == "some_issues"
    rows = {r.question: r for r in p.questions}
    assert list(rows) == QUESTIONS
    assert {q for q, r in rows.items() if r.hold} == set(p.band.hold_down) == {"q01", "q02", "q04", "q11", "q12", "q16"}
    assert {q: r.move_to for q, r in rows.items() if r.move_to} == {"q01": 5, "q16": 5}
    assert rows["q01"].x == scale_x(2) and rows["q01"].move_x == scale_x(5)
    assert rows["q01"].scale_text == "· ● ━ ━ ▶"
    assert p.moves == ("q01 from 2 to 5", "q16 from 3 to 5")
    assert p.chart.mean == 3.72 and p.chart.mean_x == scale_x(3.72)
    assert [s.mean for s in p.chart.sections] == [m for _, m in p.band.sections]


def test_rows_do_not_overlap_and_the_chart_holds_them_all(pack: Pack) -> None:
    chart = fixture_page(pack, "residents-index.json").chart
    assert chart is not None
    rows = [r for s in chart.sections for r in s.rows]
    for above, below in itertools.pairwise(rows):
        assert above.y + above.height <= below.y
    assert rows[-1].y + rows[-1].height <= chart.height


def test_the_band_thresholds_are_drawn_where_the_pack_puts_them(pack: Pack) -> None:
    assert pack.framework is not None
    moved = dataclasses.replace(
        pack.framework,
        thresholds=dataclasses.replace(
            pack.framework.thresholds, likely_mean_at_least=Fraction(7, 2), not_recognised_mean_below=Fraction(2)
        ),
    )
    report, context = fixture_report(pack, ["ae-violence-csp.json"])
    chart = proposal_page(1, report.results[0], dataclasses.replace(context, framework=moved)).chart
    assert chart is not None
    assert [(t.x, t.kind) for t in chart.thresholds] == [
        (scale_x(2), "mean"),
        (scale_x(3.5), "mean"),
        (scale_x(3), "floor"),
    ]
    assert [(z.x0, z.x1) for z in chart.zones] == [
        (scale_x(1), scale_x(2)),
        (scale_x(2), scale_x(3.5)),
        (scale_x(3.5), scale_x(5)),
    ]
    assert "at least 3.5" in chart.rules_text and "below 2.0" in chart.rules_text


def test_a_blocked_proposal_draws_its_answers_and_says_why_there_is_no_band(pack: Pack) -> None:
    p = fixture_page(pack, "residents-index.json")
    report, _ = fixture_report(pack, ["residents-index.json"])
    (result,) = report.results
    blockers = [f.rule for f in result.findings if f.severity is Severity.BLOCKER]
    warnings = [f.rule for f in result.findings if f.severity is Severity.WARNING]
    assert p.verdict.tone == "blocked" and (p.verdict.blockers, p.verdict.warnings) == (len(blockers), len(warnings))
    assert [f.rule for f in p.blockers] == blockers and [f.rule for f in p.warnings] == warnings
    assert "SC-IDENT-001" in blockers and "SC-SENSITIVE-002" in warnings
    ident = next(f for f in p.blockers if f.rule == "SC-IDENT-001")
    assert ident.location == "fixtures/residents-index.json:19:14"
    assert ident.pointer == "/purpose/why_identifiable"
    remains = f"{len(blockers)} unwaived blocker{'s remain' if len(blockers) != 1 else ' remains'}"
    assert p.no_band_reason is not None and p.no_band_reason.startswith(remains)
    assert all(r.state == "answered" and not r.hold and r.move_to is None for r in p.questions)
    assert p.chart is not None and p.chart.mean is None


def test_an_incomplete_self_assessment_lists_what_is_missing(pack: Pack) -> None:
    data = early_help()
    del data["framework"]["answers"]["q05"]  # type: ignore[index]
    p = proposal(pack, data)
    assert p.verdict.band == "incomplete" and p.no_band_reason is not None and "q05" in p.no_band_reason
    states = {r.question: r.state for r in p.questions}
    assert states.pop("q05") == "missing" and set(states.values()) == {"answered"}


def test_consent_relied_on_draws_q10_as_not_applicable(pack: Pack) -> None:
    rows = {r.question: r for r in fixture_page(pack, "justice-data-lab.json").questions}
    assert rows["q10"].state == "n/a" and rows["q10"].x is None and rows["q10"].scale_text == "n/a"


def test_an_unreadable_file_still_lists_the_questions_as_unanswered(pack: Pack) -> None:
    p = fixture_page(pack, "broken/empty.json")
    assert p.summary is None and p.title == "fixtures/broken/empty.json"
    assert p.no_band_reason is not None and "could not be read" in p.no_band_reason
    assert [r.state for r in p.questions] == ["missing"] * 18


def test_waivers_show_who_why_until_and_what_became_of_them(pack: Pack) -> None:
    data = __import__("json").loads((FIXTURES / "residents-index.json").read_text("utf-8"))
    data["waivers"] = [
        {
            "rule": "SC-SENSITIVE-002",
            "reason": "Equalities monitoring only",
            "approved_by": "SIRO",
            "expires": "2027-03-31",
        },
        {"rule": "SC-IDENT-001", "reason": "Pilot", "approved_by": "DPO", "expires": "2026-01-01"},
        {"rule": "SC-DPIA-009", "reason": "n/a", "approved_by": "DPO"},
    ]
    p = proposal(pack, data)
    assert [(w.rule, w.approved_by, w.expires) for w in p.waivers] == [
        ("SC-SENSITIVE-002", "SIRO", "2027-03-31"),
        ("SC-IDENT-001", "DPO", "2026-01-01"),
        ("SC-DPIA-009", "DPO", "no expiry"),
    ]
    assert p.waivers[0].status.startswith("applied")
    assert "SC-WAIVER-001" in p.waivers[1].status and "SC-WAIVER-003" in p.waivers[2].status
    assert [(f.rule, f.waiver and f.waiver.approved_by) for f in p.waived] == [("SC-SENSITIVE-002", "SIRO")]
    assert "SC-SENSITIVE-002" not in {f.rule for f in p.warnings}
    assert p.verdict.waived == 1


def test_the_page_totals_and_failure_follow_fail_on(pack: Pack) -> None:
    report, context = fixture_report(pack, ["residents-index.json", "early-help-families.json"])
    built = page(report, context)
    assert built.batch and built.failed
    assert (built.blockers, built.warnings) == (report.total(Severity.BLOCKER), report.total(Severity.WARNING))
    assert [p.anchor for p in built.proposals] == ["proposal-1", "proposal-2"]
    assert page(report, context, fail_on=None).failed is False
    clean = Report(__version__, pack.info, report.results[1:])
    assert page(clean, context).proposals[0].verdict.tone == "clear"
