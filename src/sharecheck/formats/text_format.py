"""Text for people: `file:line:col severity rule message`, then the band and a summary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sharecheck.band.framework import BAND_LABELS
from sharecheck.formats.rule_descriptions import waiver_text
from sharecheck.results.report import Report, Result, Severity

# Colour names as click.style takes them: the command line passes click.style in as `style`
# (formats do not import click); a library caller without one gets the same ANSI codes.
_COLOURS = {Severity.BLOCKER: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_ANSI = {"red": "31", "yellow": "33", "cyan": "36"}

Style = Callable[[str, str], str]


def _ansi(text: str, colour: str) -> str:
    return f"\x1b[{_ANSI[colour]}m{text}\x1b[0m"


def _band_lines(result: Result) -> list[str]:
    band = result.band
    lines = [f"{result.file}: band {band.id} - {BAND_LABELS.get(band.id, band.id)}"]
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


def render(report: Report, *, colour: bool = False, style: Style | None = None, **_: Any) -> str:
    """`colour` turns colour on; `style(text, colour_name)` paints (default: plain ANSI codes)."""
    paint = (style or _ansi) if colour else None
    out: list[str] = []
    for result in report.results:
        for f in result.findings:
            where = f"{result.file}:{f.line or 1}:{f.column or 1}"
            severity = paint(f.severity.value, _COLOURS[f.severity]) if paint else f.severity.value
            waived = f" [{waiver_text(f)}]" if f.waiver else ""
            out.append(f"{where} {severity} {f.rule} {f.message}{waived}")
        out.extend(_band_lines(result))
    blockers, warnings = report.total(Severity.BLOCKER), report.total(Severity.WARNING)
    out.append(
        f"{len(report.results)} file{'s' if len(report.results) != 1 else ''} checked: "
        f"{blockers} blocker{'s' if blockers != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}, "
        f"{report.total(Severity.INFO)} info, {report.waived} waived "
        f"(rule pack {report.pack.name} {report.pack.version})"
    )
    return "\n".join(out) + "\n"
