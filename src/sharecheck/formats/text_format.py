"""Text for people: `file:line:col severity rule message`, then the band, the flows between
parties, and a summary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sharecheck.band.framework import BAND_LABELS
from sharecheck.formats import _baseline
from sharecheck.formats.rule_descriptions import waiver_text
from sharecheck.reading.safe_text import visible
from sharecheck.results.report import FlowCheck, Report, Result, Severity

# Colour names as click.style takes them: the command line passes click.style in as `style`
# (formats do not import click); a library caller without one gets the same ANSI codes.
_COLOURS = {Severity.BLOCKER: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_ANSI = {"red": "31", "yellow": "33", "cyan": "36"}

Style = Callable[[str, str], str]


def _ansi(text: str, colour: str) -> str:
    return f"\x1b[{_ANSI[colour]}m{text}\x1b[0m"


def _band_lines(result: Result) -> list[str]:
    band = result.band
    lines = [f"{visible(result.file)}: band {band.id} - {BAND_LABELS.get(band.id, band.id)}"]
    if band.mean is not None:
        sections = ", ".join(f"{s} {m:.2f}" for s, m in band.sections if m is not None)
        lines.append(f"  mean {band.mean:.2f} ({sections})")
    if band.missing:
        lines.append(f"  missing or invalid answers: {', '.join(band.missing)}")
    if band.hold_down:
        lines.append(f"  held down by: {', '.join(band.hold_down)}")
    if band.next_band_moves:
        moves = " and ".join(f"{m.question} {m.score_from}->{m.score_to}" for m in band.next_band_moves)
        lines.append(f"  to reach {band.next_band}: {moves}")
    return lines


# Flow tables (issue 13): a proposal's flows between parties, under its band. A run over one file
# shows every flow, each with both ends' lawful bases on a line below it; a run over several shows
# only the flows not covered (a blocker is open about them), one line each, so a folder of
# proposals stays a list of what to fix. Party ids, not names: they are short, and they are what
# the findings and the proposal itself use.
_HEADINGS = ("#", "from -> to", "datasets", "data", "gateway", "covered")
_CELL = 40  # the widest a datasets or gateway cell grows before it is cut with …
_LEVELS = {"personally_identifiable": "identifiable", "de_personalised": "de-personalised"}


def _cut(text: str) -> str:
    return text if len(text) <= _CELL else text[: _CELL - 1] + "…"


def _data(flow: FlowCheck) -> str:
    level = _LEVELS.get(flow.identifiability, flow.identifiability)
    kinds = ", ".join(c.replace("_", " ") for c in flow.categories)
    return f"{level}, {kinds}" if kinds else level


def _status(flow: FlowCheck, paint: Style | None) -> str:
    if flow.covered:  # no open blocker; "covered" only where a gateway is relied on for it
        text = "covered" if flow.gateways else "no blocker"
    else:
        text = "NOT covered: " + ", ".join(flow.issues)
        text = paint(text, _COLOURS[Severity.BLOCKER]) if paint else text
    return text + (f" (warning: {', '.join(flow.warnings)})" if flow.warnings else "")


def _flow_lines(result: Result, every: bool, paint: Style | None) -> list[str]:
    if not result.flows:
        return []
    numbered = [(n, f) for n, f in enumerate(result.flows, start=1) if every or not f.covered]
    open_count = sum(1 for f in result.flows if not f.covered)
    count = f"flows: {len(result.flows)}"
    # indented under the band, like its other lines: a line that starts with the file name is
    # still a finding or the band, for whoever reads the output with grep
    if not numbered:
        return [f"  {count}, all covered"]
    heading = f"  {count}, {open_count} not covered" + ("" if every else ":")
    rows = [
        (
            str(n),
            f"{visible(f.discloser)} -> {visible(f.recipient)}",
            _cut(visible("; ".join(f.datasets))),
            _data(f),
            _cut(visible(", ".join(f.gateways))) or "none relied on",
        )
        for n, f in numbered
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(_HEADINGS[:-1])]

    def line(cells: tuple[str, ...], last: str) -> str:
        return "    " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + "  " + last

    out = [heading, line(_HEADINGS[:-1], _HEADINGS[-1])]
    for row, (_, flow) in zip(rows, numbered, strict=True):
        out.append(line(row, _status(flow, paint)))
        if every:
            out.append("    " + " " * (widths[0] + 2) + "bases: " + visible(flow.bases))
    return out


def render(report: Report, *, colour: bool = False, style: Style | None = None, **_: Any) -> str:
    """`colour` turns colour on; `style(text, colour_name)` paints (default: plain ANSI codes)."""
    paint = (style or _ansi) if colour else None
    out: list[str] = []
    for result in report.results:
        for f in result.findings:
            # A file name comes from whoever opened the pull request: a newline in it could start
            # a line that CI runs as a command (`::error::`), a CR or ESC rewrite the terminal.
            where = f"{visible(result.file)}:{f.line or 1}:{f.column or 1}"
            severity = paint(f.severity.value, _COLOURS[f.severity]) if paint else f.severity.value
            waived = f" [{waiver_text(f)}]" if f.waiver else ""
            out.append(f"{where} {_baseline.mark(f)}{severity} {f.rule} {f.message}{waived}")
        out.extend(_band_lines(result))
        out.extend(_flow_lines(result, len(report.results) == 1, paint))
    blockers, warnings = report.total(Severity.BLOCKER), report.total(Severity.WARNING)
    out.append(
        f"{len(report.results)} file{'s' if len(report.results) != 1 else ''} checked: "
        f"{blockers} blocker{'s' if blockers != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}, "
        f"{report.total(Severity.INFO)} info, {report.waived} waived "
        f"(rule pack {report.pack.name} {report.pack.version})"
    )
    out.extend(_baseline.summary(report))
    out.extend(f"fixed: {line}" for line in _baseline.fixed(report))
    return "\n".join(out) + "\n"
