"""The lines every people format shows with `check --baseline`: the counts, the notes, what is fixed."""

from __future__ import annotations

from sharecheck.results.report import Finding, Report


def mark(finding: Finding) -> str:
    """`new ` before a finding the baseline did not have; nothing otherwise (or without a baseline)."""
    return "new " if finding.baseline == "new" else ""


def summary(report: Report) -> tuple[str, ...]:
    """`Against the baseline: 2 new, 5 unchanged, 1 fixed`, then one line per note."""
    info = report.baseline
    if info is None:
        return ()
    marks = [f.baseline for r in report.results for f in r.findings]
    line = (
        f"Against the baseline: {marks.count('new')} new, {marks.count('unchanged')} unchanged, {len(info.fixed)} fixed"
    )
    return (line, *(f"Note: {n}" for n in info.notes))


def fixed(report: Report) -> tuple[str, ...]:
    """`SC-X-001 (blocker) in proposals/a.json: message` for each finding of the baseline now gone."""
    info = report.baseline
    if info is None:
        return ()
    return tuple(f"{f.rule} ({f.severity.value}) in {f.file}: {f.message}" for f in info.fixed)
