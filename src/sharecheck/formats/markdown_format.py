"""The committee pre-screening report in Markdown, for a pull request, a wiki or a GitHub job
summary (docs/report.md). Same content as the HTML page; the chart becomes a table per section."""

from __future__ import annotations

import re
from typing import Any

from sharecheck.formats import _baseline
from sharecheck.formats._templates import environment
from sharecheck.formats.committee import page
from sharecheck.formats.context import ReportContext
from sharecheck.results.report import Report, Severity


def render(
    report: Report,
    *,
    context: ReportContext | None = None,
    fail_on: Severity | None = Severity.BLOCKER,
    timestamp: str | None = None,
    **_: Any,
) -> str:
    built = page(report, context, fail_on=fail_on, timestamp=timestamp)
    text = environment("markdown").get_template("report.md.j2").render(page=built)
    text += _baseline_section(report)
    return _BLANK_LINES.sub("\n\n", text)  # one blank line between blocks, whatever the template's loops left


def _baseline_section(report: Report) -> str:
    """With --baseline: which findings are new (by rule and file) and what the change fixed."""
    if report.baseline is None:
        return ""
    lines = ["", "## Against the baseline", "", *(f"{line}  " for line in _baseline.summary(report)), ""]
    new = [(r.file, f) for r in report.results for f in r.findings if f.baseline == "new"]
    if new:
        lines += ["### New", ""]
        lines += [f"- **new** `{f.rule}` ({f.severity.value}) in {_md(file)}: {_md(f.message)}" for file, f in new]
        lines.append("")
    if report.baseline.fixed:
        lines += ["### Fixed", ""]
        gone = report.baseline.fixed
        lines += [f"- `{f.rule}` ({f.severity.value}) in {_md(f.file)}: {_md(f.message)}" for f in gone]
        lines.append("")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Markdown-inert: a proposal's text cannot open a link, a heading or HTML in the comment."""
    return re.sub(r"([\\`*_{}\[\]()#+!|<>~-])", r"\\\1", text.replace("\n", " "))


_BLANK_LINES = re.compile(r"\n{3,}")
