"""The committee pre-screening report in Markdown, for a pull request, a wiki or a GitHub job
summary (docs/report.md). Same content as the HTML page; the chart becomes a table per section."""

from __future__ import annotations

import re
from typing import Any

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
    return _BLANK_LINES.sub("\n\n", text)  # one blank line between blocks, whatever the template's loops left


_BLANK_LINES = re.compile(r"\n{3,}")
