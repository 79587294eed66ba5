"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines, CircleCI).

One test suite per proposal file; in it one test case per rule of the pack (plus each built-in
rule that fired), named `RULE-ID title` with the file as classname, so names are unique and
stable. Verdicts:
- an unwaived blocker fails its test case; so does an unwaived warning (or info) when
  `--fail-on` is that low, so a failing JUnit report and exit code 1 go together;
- other findings pass, with the findings in system-out (a report, not a gate);
- a test case whose findings are all waived is skipped, the waiver in the skip message;
- a proposal that cannot be read or validated is one failing test case (its rules never ran).
Text from proposals reaches attributes and element text, so characters XML 1.0 cannot carry
are written as `\\xNN`; ElementTree escapes the rest.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from sharecheck.formats.rule_descriptions import RuleEntry, RuleLike, could_not_be_read, entries_for, waiver_text
from sharecheck.results.report import Finding, Report, Result, Severity

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Text XML 1.0 can hold: control characters and lone surrogates become `\\xNN`."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _threshold(fail_on: Severity | None) -> Severity:
    """Blockers always fail a test case; --fail-on warning (or info) makes those fail too."""
    if fail_on is not None and fail_on.rank < Severity.BLOCKER.rank:
        return fail_on
    return Severity.BLOCKER


def _line(result: Result, finding: Finding) -> str:
    where = f"{result.file}:{finding.line or 1}:{finding.column or 1}"
    lines = [f"{where} {finding.severity.value} {finding.rule} {finding.message}"]
    if finding.waiver is not None:
        lines.append(f"  {waiver_text(finding)}")
    if finding.remediation:
        lines.append(f"  Fix: {finding.remediation}")
    return "\n".join(lines)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: clean(v) for k, v in attributes.items()})
    if text is not None:
        element.text = clean(text)
    return element


def _case(suite: ET.Element, result: Result, rule: RuleEntry, threshold: Severity) -> str:
    """Add one test case; return its verdict: passed, failed or skipped."""
    name = rule.id if rule.title == rule.id else f"{rule.id} {rule.title}"
    case = _sub(suite, "testcase", classname=result.file, name=name)
    findings = [f for f in result.findings if f.rule == rule.id]
    if not findings:
        return "passed"
    body = "\n".join(_line(result, f) for f in findings)
    failing = [f for f in findings if f.counts and f.severity.rank >= threshold.rank]
    if failing:
        _sub(case, "failure", body, message=failing[0].message, type=failing[0].severity.value)
        return "failed"
    if all(f.waiver is not None for f in findings):
        _sub(case, "skipped", message=waiver_text(findings[0]))
        _sub(case, "system-out", body)
        return "skipped"
    _sub(case, "system-out", body)
    return "passed"


def _suite(parent: ET.Element, result: Result, rules: Sequence[RuleLike], threshold: Severity) -> dict[str, int]:
    suite = _sub(parent, "testsuite", name=result.file)
    properties = _sub(suite, "properties")
    if result.proposal is not None:
        for name, value in (("proposal.id", result.proposal.id), ("proposal.title", result.proposal.title)):
            if value is not None:
                _sub(properties, "property", name=name, value=value)
    _sub(properties, "property", name="band", value=result.band.id)
    # A proposal that could not be read ran no rule: only its input findings are test cases.
    entries = entries_for(result.findings, () if could_not_be_read(result) else rules)
    verdicts = [_case(suite, result, rule, threshold) for rule in entries]
    counts = {
        "tests": len(verdicts),
        "failures": verdicts.count("failed"),
        "errors": 0,
        "skipped": verdicts.count("skipped"),
    }
    for key, count in counts.items():
        suite.set(key, str(count))
    return counts


def render(
    report: Report,
    *,
    rules: Sequence[RuleLike] = (),
    fail_on: Severity | None = Severity.BLOCKER,
    timestamp: str | None = None,
    **_: Any,
) -> str:
    root = ET.Element("testsuites", {"name": "sharecheck"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for result in report.results:
        for key, value in _suite(root, result, rules, _threshold(fail_on)).items():
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    if timestamp is not None:
        root.set("timestamp", timestamp)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
