"""The committee pre-screening report as a value: what the html and markdown templates show.

Everything a template needs is decided here, in plain Python, so the two templates only lay it
out: which findings count as blockers or warnings, why there is no band, and the geometry of the
framework chart (SVG coordinates are computed here, rounded, so output is byte-identical).
Proposal-supplied strings are carried as they are; the templates escape them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from sharecheck.band.framework import (
    BAND_LABELS,
    INCOMPLETE,
    LIKELY,
    NOT_ASSESSED,
    NOT_RECOGNISED,
    SOME_ISSUES,
    Framework,
)
from sharecheck.formats.context import Answer, Basis, DeclaredWaiver, ProposalSummary, ReportContext
from sharecheck.formats.flow_map import FlowDiagram, FlowView, diagram, flow_views
from sharecheck.results.report import Band, Finding, PackInfo, Report, Result, Severity

BAND_TITLES = {
    LIKELY: "Likely",
    SOME_ISSUES: "Some issues",
    NOT_RECOGNISED: "May not be recognised",
    INCOMPLETE: "Incomplete",
    NOT_ASSESSED: "Not assessed",
}
BAND_TEXT = {band: label[0].upper() + label[1:] for band, label in BAND_LABELS.items()}
BAND_TONES = {LIKELY: "good", SOME_ISSUES: "fair", NOT_RECOGNISED: "poor", INCOMPLETE: "none", NOT_ASSESSED: "none"}
# The verdict card's colour once no blocker remains (a pack without a framework keeps the
# findings' tone: not_assessed is not in this table).
BAND_CARD_TONES = {LIKELY: "clear", SOME_ISSUES: "attention", NOT_RECOGNISED: "poor", INCOMPLETE: "attention"}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


_WORDS = {
    "nhs": "NHS",
    "icb": "ICB",
    "gp": "GP",
    "dwp": "DWP",
    "hmrc": "HMRC",
    "ons": "ONS",
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern": "Northern",
    "ireland": "Ireland",
}
_PHRASES = {"de_personalised": "de-personalised", "one_off": "one-off", "ad_hoc": "ad hoc"}


def humanise(value: object) -> str:
    """An enum value as words: `personally_identifiable` -> `personally identifiable`, `nhs_trust`
    -> `NHS trust`. Other text is returned as it is."""
    if value is None:
        return ""
    text = str(value)
    if text in _PHRASES:
        return _PHRASES[text]
    return " ".join(_WORDS.get(word, word) for word in text.split("_")) if "_" in text or text in _WORDS else text


@dataclass(frozen=True)
class FindingView:
    rule: str
    severity: str
    category: str
    message: str
    location: str  # file:line:col
    pointer: str
    remediation: str
    sources: tuple[str, ...]
    waiver: DeclaredWaiver | None


@dataclass(frozen=True)
class WaiverView:
    rule: str
    reason: str
    approved_by: str
    expires: str
    pointer: str
    status: str  # what became of it


@dataclass(frozen=True)
class PartyView:
    name: str
    id: str
    role: str
    org_type: str


@dataclass(frozen=True)
class DatasetView:
    name: str
    source: str  # the holding party's name
    recipients: tuple[str, ...]  # receiving parties' names
    recipients_stated: bool  # from the dataset's own `recipients`, or inferred from the roles


@dataclass(frozen=True)
class GatewayView:
    title: str  # the catalogue's title, or the statute and section as cited
    citation: str  # Act and section
    id: str | None  # the catalogue id, when cited by id
    notes: str | None


@dataclass(frozen=True)
class BasisView:
    party: str
    text: str  # "Art 6(1)(e) public task (Children Act 2004 s10); Art 9(2)(g) with Sch 1 part2_para18"


@dataclass(frozen=True)
class Proposed:
    """ "What is proposed": what a committee reads first."""

    purpose: str | None
    purpose_category: str | None
    parties: tuple[PartyView, ...]
    datasets: tuple[DatasetView, ...]
    gateways: tuple[GatewayView, ...]
    bases: tuple[BasisView, ...]


_RECEIVING = ("receiving_controller", "joint_controller", "processor")


def proposed(summary: ProposalSummary | None, context: ReportContext) -> Proposed | None:
    if summary is None:
        return None
    names: dict[str | None, str] = {p.id: p.name or p.id or "(no name)" for p in summary.parties if p.id}
    parties = tuple(
        PartyView(p.name or "(no name)", p.id or "", humanise(p.role or "role not stated"), humanise(p.org_type or ""))
        for p in summary.parties
    )
    datasets = []
    for d in summary.dataset_list:
        if d.recipients is not None:
            receivers, stated = tuple(names.get(r, r) for r in d.recipients), True
        else:
            receivers = tuple(
                names.get(p.id, p.id or "") for p in summary.parties if p.role in _RECEIVING and p.id != d.source
            )
            stated = False
        source = names.get(d.source, d.source or "not stated") if d.source else "not stated"
        datasets.append(DatasetView(d.name or "(no name)", source, receivers, stated))
    gateways = []
    for g in summary.gateways:
        known = context.gateway_titles.get(g.id) if g.id else None
        if known is not None:
            gateways.append(GatewayView(known[0], known[1], g.id, g.notes))
        else:
            cited = " ".join(x for x in (g.statute, f"s{g.section}" if g.section else None) if x)
            gateways.append(GatewayView(cited or g.label, cited or "not in the catalogue", g.id, g.notes))
    bases = tuple(BasisView(names.get(b.party, b.party or "(no party)"), _basis_text(b)) for b in summary.bases)
    return Proposed(summary.purpose, summary.purpose_category, parties, tuple(datasets), tuple(gateways), bases)


def _basis_text(b: Basis) -> str:
    parts = []
    if b.art6:
        six = ", ".join(humanise(a) for a in b.art6)
        parts.append(f"Art 6: {six}" + (f" ({b.art6_law})" if b.art6_law else ""))
    if b.art9:
        parts.append(
            f"Art 9(2): {humanise(b.art9)}" + (f", DPA 2018 Sch 1 {b.dpa_schedule1}" if b.dpa_schedule1 else "")
        )
    if b.art10:
        parts.append(f"Art 10: {humanise(b.art10)}")
    return "; ".join(parts) or "none stated"


def rationale_flag(answers: Mapping[str, Answer]) -> str | None:
    """A self-assessment whose rationales are all empty, or all the same text, explains nothing."""
    scored = [a for a in answers.values() if a.score is not None]
    if len(scored) < 2:
        return None
    texts = [" ".join((a.rationale or "").split()).lower() for a in scored]
    if not any(texts):
        return "No answer gives a rationale: the scores are unexplained."
    if len(set(texts)) == 1:
        return "Every answer gives the same rationale: the scores are not explained one by one."
    return None


@dataclass(frozen=True)
class Verdict:
    tone: str  # blocked, attention, clear
    headline: str
    blockers: int
    warnings: int
    waived: int
    band: str
    band_title: str
    band_label: str
    band_tone: str


@dataclass(frozen=True)
class ChartRow:
    question: str
    text: tuple[str, ...]
    left: tuple[str, ...]
    right: tuple[str, ...]
    y: int  # top of the row
    height: int
    text_y: int  # baseline of the question's first line
    line_y: int  # the scale line
    pole_y: int  # baseline of the poles' first line
    score: int | None
    state: str  # answered, n/a, missing
    x: float | None
    hold: bool
    move_to: int | None
    move_x: float | None
    rationale: str | None

    @property
    def scale_text(self) -> str:
        """The row as text for Markdown: `· ● ━ ━ ▶` is a 2 with a suggested move to 5."""
        if self.state == "n/a":
            return "n/a"
        if self.score is None:
            return "not answered"
        to = self.move_to or 0
        marks = []
        for point in range(1, 6):
            if point == self.score:
                marks.append("●")
            elif point == to:
                marks.append("▶")
            elif self.score < point < to:
                marks.append("━")
            else:
                marks.append("·")
        return " ".join(marks)

    @property
    def note(self) -> str:
        notes = []
        if self.hold:
            notes.append("holds the band down")
        if self.move_to is not None:
            notes.append(f"suggested move to {self.move_to}")
        if self.state == "missing":
            notes.append("missing or not a valid score")
        return "; ".join(notes)

    @property
    def title(self) -> str:
        """The row's accessible description."""
        if self.state == "n/a":
            said = "not applicable (consent is relied on)"
        elif self.state == "missing":
            said = "not answered or not a valid score"
        else:
            said = f"score {self.score} of 5"
        if self.hold:
            said += "; holds the band down"
        if self.move_to is not None:
            said += f"; suggested move to {self.move_to}"
        return f"{self.question}: {said}"


@dataclass(frozen=True)
class ChartSection:
    id: str
    title: tuple[str, ...]
    y: int
    height: int
    mean: float | None
    mean_x: float | None
    rows: tuple[ChartRow, ...]


@dataclass(frozen=True)
class Zone:
    label: str
    tone: str
    x0: float
    x1: float


@dataclass(frozen=True)
class Threshold:
    x: float
    label: str
    kind: str  # mean (a band boundary) or floor (the lowest answer likely allows)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    ticks: tuple[tuple[int, float], ...]
    zones: tuple[Zone, ...]
    thresholds: tuple[Threshold, ...]
    section_floor_x: float
    section_floor: str
    sections: tuple[ChartSection, ...]
    mean: float | None
    mean_x: float | None
    text_x: int
    scale_x0: float
    scale_x1: float
    value_x: int
    line_step: int
    pole_step: int
    top: int  # where the threshold lines start
    bottom: int  # where they end
    rules_text: str


@dataclass(frozen=True)
class ProposalPage:
    number: int
    anchor: str
    file: str
    id: str | None
    title: str
    sha256: str
    summary: ProposalSummary | None
    proposed: Proposed | None
    assessment_date: str
    verdict: Verdict
    rationale_flag: str | None
    blockers: tuple[FindingView, ...]
    warnings: tuple[FindingView, ...]
    notes: tuple[FindingView, ...]
    waived: tuple[FindingView, ...]
    waivers: tuple[WaiverView, ...]
    band: Band
    no_band_reason: str | None
    hold_down: tuple[str, ...]
    moves: tuple[str, ...]  # "q01 from 2 to 5"
    chart: Chart | None
    questions: tuple[ChartRow, ...]  # every question in order, for the answers table
    flows: tuple[FlowView, ...] = ()  # the flow map (formats/flow_map.py)
    flow_diagram: FlowDiagram | None = None


@dataclass(frozen=True)
class Page:
    tool_version: str
    pack: PackInfo
    timestamp: str | None
    fail_on: str
    failed: bool
    blockers: int
    warnings: int
    waived: int
    proposals: tuple[ProposalPage, ...]

    @property
    def batch(self) -> bool:
        return len(self.proposals) > 1


# Chart geometry (SVG user units; the SVG scales to the page width).
WIDTH = 1000
TEXT_X = 46  # question text; its id sits at x 0
TEXT_CHARS = 50
SCALE_X0, SCALE_X1 = 430.0, 850.0
VALUE_X = 884
POLE_CHARS = 36
LINE, POLE_LINE = 16, 12
HEAD = 112  # the band strip and the score axis
SECTION_LINE = 18


def scale_x(score: float | Fraction) -> float:
    return round(SCALE_X0 + (float(score) - 1) * (SCALE_X1 - SCALE_X0) / 4, 1)


def _wrap(text: str, width: int) -> tuple[str, ...]:
    return tuple(textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)) or ("",)


def decimal(value: Fraction | float) -> str:
    """A threshold as written in the pack: 4.0, 2.5, 3.75."""
    text = f"{float(value):g}"
    return text if "." in text else f"{text}.0"


def thresholds_text(framework: Framework) -> str:
    t = framework.thresholds
    return (
        f"likely when the mean is at least {decimal(t.likely_mean_at_least)} and no answer is below "
        f"{t.likely_min_answer}; may not be recognised when the mean is below {decimal(t.not_recognised_mean_below)} "
        f"or any section's mean is below {decimal(t.not_recognised_section_mean_below)}; otherwise some issues"
    )


def chart(framework: Framework, answers: dict[str, Answer], band: Band) -> Chart:
    t = framework.thresholds
    moves = {m.question: m.score_to for m in band.next_band_moves}
    held = set(band.hold_down)
    section_means = dict(band.sections)
    y = HEAD
    sections: list[ChartSection] = []
    for section in framework.sections:
        title = _wrap(f"{section.id}  {section.title}", 60)
        top = y
        y += 12 + len(title) * SECTION_LINE
        rows: list[ChartRow] = []
        for q in (q for q in framework.questions if q.section == section.id):
            answer = answers.get(q.id, Answer(None, None))
            text, left, right = _wrap(q.text, TEXT_CHARS), _wrap(q.left, POLE_CHARS), _wrap(q.right, POLE_CHARS)
            poles = max(len(left), len(right))
            height = max(len(text) * LINE + 12, 44 + (poles - 1) * POLE_LINE + 10)
            score = answer.score if isinstance(answer.score, int) else None
            state = "answered" if score is not None else ("n/a" if answer.score == "n/a" else "missing")
            move_to = moves.get(q.id)
            rows.append(
                ChartRow(
                    question=q.id,
                    text=text,
                    left=left,
                    right=right,
                    y=y,
                    height=height,
                    text_y=y + 19,
                    line_y=y + 18,
                    pole_y=y + 42,
                    score=score,
                    state=state,
                    x=None if score is None else scale_x(score),
                    hold=q.id in held,
                    move_to=move_to,
                    move_x=None if move_to is None else scale_x(move_to),
                    rationale=answer.rationale,
                )
            )
            y += height
        mean = section_means.get(section.id)
        sections.append(
            ChartSection(section.id, title, top, y - top, mean, None if mean is None else scale_x(mean), tuple(rows))
        )
    lo, hi = t.not_recognised_mean_below, t.likely_mean_at_least
    return Chart(
        width=WIDTH,
        height=y + 8,
        ticks=tuple((s, scale_x(s)) for s in range(1, 6)),
        zones=(
            Zone(BAND_TITLES[NOT_RECOGNISED].lower(), "poor", scale_x(1), scale_x(lo)),
            Zone(BAND_TITLES[SOME_ISSUES].lower(), "fair", scale_x(lo), scale_x(hi)),
            Zone(BAND_TITLES[LIKELY].lower(), "good", scale_x(hi), scale_x(5)),
        ),
        thresholds=(
            Threshold(scale_x(lo), f"mean {decimal(lo)}", "mean"),
            Threshold(scale_x(hi), f"mean {decimal(hi)}", "mean"),
            Threshold(scale_x(t.likely_min_answer), f"every answer ≥ {t.likely_min_answer} for likely", "floor"),
        ),
        section_floor_x=scale_x(t.not_recognised_section_mean_below),
        section_floor=decimal(t.not_recognised_section_mean_below),
        sections=tuple(sections),
        mean=band.mean,
        mean_x=None if band.mean is None else scale_x(band.mean),
        text_x=TEXT_X,
        scale_x0=SCALE_X0,
        scale_x1=SCALE_X1,
        value_x=VALUE_X,
        line_step=LINE,
        pole_step=POLE_LINE,
        top=HEAD - 44,
        bottom=y,
        rules_text=thresholds_text(framework),
    )


def _finding(result: Result, finding: Finding, declared: dict[str, DeclaredWaiver]) -> FindingView:
    where = result.file
    if finding.line is not None:
        where += f":{finding.line}:{finding.column or 1}"
    waiver = None
    if finding.waiver is not None:
        w = finding.waiver
        waiver = declared.get(w.path, DeclaredWaiver(w.rule, w.reason, w.approved_by, w.expires, w.path))
    return FindingView(
        rule=finding.rule,
        severity=finding.severity.value,
        category=humanise(finding.category),
        message=finding.message,
        location=where,
        pointer=finding.path or "/",
        remediation=finding.remediation,
        sources=finding.sources,
        waiver=waiver,
    )


def _waivers(result: Result, summary: ProposalSummary | None) -> tuple[WaiverView, ...]:
    applied = {f.waiver.path: f for f in result.findings if f.waiver is not None}
    problems = {f.path: f for f in result.findings if f.rule.startswith("SC-WAIVER-")}
    rows = []
    for w in summary.waivers if summary else ():
        if w.path in applied:
            status = f"applied: the {applied[w.path].severity.value} is reported but does not count"
        elif w.path in problems:
            status = f"not applied ({problems[w.path].rule}): {problems[w.path].message}"
        else:
            status = "not applied"
        rows.append(
            WaiverView(
                rule=w.rule or "(no rule)",
                reason=w.reason or "(no reason given)",
                approved_by=w.approved_by or "(no approver)",
                expires=w.expires or "no expiry",
                pointer=w.path,
                status=status,
            )
        )
    return tuple(rows)


def _verdict(result: Result) -> Verdict:
    blockers, warnings = result.count(Severity.BLOCKER), result.count(Severity.WARNING)
    waived = sum(1 for f in result.findings if f.waiver is not None)
    band = result.band.id
    if blockers:
        tone, headline = "blocked", f"{plural(blockers, 'blocker')} to resolve before the framework is scored"
    elif warnings:
        tone, headline = "attention", f"No blockers; {plural(warnings, 'warning')} to discuss"
    else:
        tone, headline = "clear", "No blockers or warnings"
    if not blockers and band in BAND_CARD_TONES:
        # once gating passes, the card's colour is the band's: green only for `likely`
        tone = BAND_CARD_TONES[band]
    return Verdict(
        tone=tone,
        headline=headline,
        blockers=blockers,
        warnings=warnings,
        waived=waived,
        band=band,
        band_title=BAND_TITLES.get(band, band),
        band_label=BAND_TEXT.get(band, band),
        band_tone=BAND_TONES.get(band, "none"),
    )


def _no_band_reason(result: Result, framework: Framework | None, summary: ProposalSummary | None) -> str | None:
    band = result.band
    if band.id == NOT_ASSESSED:
        if framework is None:
            return "This rule pack has no public-benefit framework, so no band is computed."
        blockers = result.count(Severity.BLOCKER)
        if summary is None:
            return "The file could not be read as a proposal, so there are no answers to score."
        return (
            f"{plural(blockers, 'unwaived blocker')} {'remains' if blockers == 1 else 'remain'}. The framework "
            "is scored only once the basics (purpose, a lawful route, proportionate data) are in place. "
            "The self-assessment answers are drawn below for discussion, without a band."
        )
    if band.id == INCOMPLETE:
        return (
            f"Answers missing or not valid: {', '.join(band.missing)}. Every question needs a score from 1 to 5 "
            "(q10 may be n/a only when consent is relied on). The answers given are drawn below."
        )
    return None


def _assessment_date(summary: ProposalSummary | None, context: ReportContext) -> str:
    if summary is not None and summary.assessment_date:
        return summary.assessment_date
    if context.as_of is not None:
        return f"{context.as_of.isoformat()} (not stated; checked as of this date)"
    return "not stated (the law in force on the day of the check applies)"


def proposal_page(number: int, result: Result, context: ReportContext) -> ProposalPage:
    summary = context.proposal(result.file)
    declared = {w.path: w for w in summary.waivers} if summary else {}
    live = [f for f in result.findings if f.waiver is None]

    def views(severity: Severity) -> tuple[FindingView, ...]:
        return tuple(_finding(result, f, declared) for f in live if f.severity is severity)

    framework = context.framework
    rows: tuple[ChartRow, ...] = ()
    drawn = None
    if framework is not None:
        drawn = chart(framework, dict(summary.answers) if summary else {}, result.band)
        rows = tuple(r for s in drawn.sections for r in s.rows)
    info = result.proposal
    return ProposalPage(
        number=number,
        anchor=f"proposal-{number}",
        file=result.file,
        id=info.id if info else None,
        title=(info.title if info and info.title else None) or result.file,
        sha256=info.sha256 if info else "",
        summary=summary,
        proposed=proposed(summary, context),
        assessment_date=_assessment_date(summary, context),
        verdict=_verdict(result),
        rationale_flag=rationale_flag(summary.answers) if summary else None,
        blockers=views(Severity.BLOCKER),
        warnings=views(Severity.WARNING),
        notes=views(Severity.INFO),
        waived=tuple(_finding(result, f, declared) for f in result.findings if f.waiver is not None),
        waivers=_waivers(result, summary),
        band=result.band,
        no_band_reason=_no_band_reason(result, framework, summary),
        hold_down=result.band.hold_down,
        moves=tuple(f"{m.question} from {m.score_from} to {m.score_to}" for m in result.band.next_band_moves),
        chart=drawn,
        questions=rows,
        flows=(flows := flow_views(result)),
        flow_diagram=diagram(flows, summary),
    )


def page(
    report: Report,
    context: ReportContext | None = None,
    *,
    fail_on: Severity | None = Severity.BLOCKER,
    timestamp: str | None = None,
) -> Page:
    context = context or ReportContext()
    return Page(
        tool_version=report.tool_version,
        pack=report.pack,
        timestamp=timestamp,
        fail_on="never" if fail_on is None else fail_on.value,
        failed=report.fails(fail_on),
        blockers=report.total(Severity.BLOCKER),
        warnings=report.total(Severity.WARNING),
        waived=report.waived,
        proposals=tuple(proposal_page(i, r, context) for i, r in enumerate(report.results, start=1)),
    )
