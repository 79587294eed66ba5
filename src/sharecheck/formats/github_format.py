"""GitHub Actions workflow commands: each finding becomes an annotation on its file and line.

    ::error file=proposals/x.json,line=12,col=3,title=SC-GATEWAY-001 (blocker)::No legal gateway…

Blockers are `::error`, warnings `::warning`, info `::notice`. A waived finding is a `::notice`
that says who waived it, why and until when: it must not look like something to fix in the
pull request. Escaping follows GitHub's toolkit (`@actions/core` `escapeData` and
`escapeProperty`), so a message or a file name cannot end the command early or start another.
GitHub shows at most 10 error and 10 warning annotations per step; upload the SARIF output too
when a batch may have more (see docs/ci.md).
"""

from __future__ import annotations

from typing import Any

from sharecheck.formats import _baseline
from sharecheck.formats.rule_descriptions import waiver_text
from sharecheck.results.report import Finding, Report, Result, Severity

COMMANDS = {Severity.BLOCKER: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(result: Result, finding: Finding) -> str:
    properties: list[tuple[str, str]] = []
    if result.file != "-":  # stdin has no file to annotate
        properties.append(("file", result.file))
    if finding.line is not None:
        properties.append(("line", str(finding.line)))
        if finding.column is not None:
            properties.append(("col", str(finding.column)))
    name = COMMANDS[finding.severity]
    title = f"{finding.rule} ({finding.severity.value})"
    message = finding.message
    if finding.waiver is not None:
        name = "notice"
        title = f"{finding.rule} ({finding.severity.value}, waived)"
        message = f"{message}\n{waiver_text(finding)}"
    elif finding.baseline == "new":
        title = f"{finding.rule} ({finding.severity.value}, new)"
    elif finding.baseline == "unchanged":  # already there before this change: shown, not something it broke
        name = "notice"
        title = f"{finding.rule} ({finding.severity.value}, in the baseline)"
    if finding.remediation:
        message = f"{message}\nFix: {finding.remediation}"
    properties.append(("title", title))
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{name} {props}::{escape_data(message)}"


def render(report: Report, **_: Any) -> str:
    lines = [command(result, finding) for result in report.results for finding in result.findings]
    lines += [f"::notice title=sharecheck baseline::{escape_data(line)}" for line in _baseline.summary(report)]
    lines += [f"::notice title=fixed::{escape_data(line)}" for line in _baseline.fixed(report)]
    return "".join(line + "\n" for line in lines)
