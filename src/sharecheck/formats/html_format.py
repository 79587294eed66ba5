"""The committee pre-screening report as one self-contained HTML page (docs/report.md).

Inline CSS and SVG only: no script, font, image or stylesheet from anywhere, and a
Content-Security-Policy of `default-src 'none'` so that even a string that slipped through
could load nothing. Printable on A4.
"""

from __future__ import annotations

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
    return environment("html").get_template("report.html.j2").render(page=built)
