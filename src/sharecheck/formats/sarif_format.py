"""SARIF 2.1.0, for GitHub code scanning and any other SARIF viewer.

One run; `tool.driver.rules` describes every rule of the pack plus each built-in rule that
fired, so a viewer can show a rule's help for any result. Regions are the finding's line and
column, counted in Unicode code points as `source.py` counts them (hence `columnKind`). A waived
finding stays a result, with an accepted `suppression` carrying who waived it, why and until
when. Same report, same bytes: nothing depends on the clock unless `timestamp` is given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from sharecheck.formats.rule_descriptions import RuleEntry, RuleLike, report_entries
from sharecheck.results.report import Finding, Fixed, Report, Result, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://sharecheck.dev"
LEVELS = {Severity.BLOCKER: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "sharecheckFinding/v2"  # v1 hashed file, rule and pointer: it changed when an item moved
_ARTICLES = {"a", "an", "the"}


def _name(title: str) -> str:
    """`A legal gateway is named` -> `LegalGatewayIsNamed`: SARIF names are identifiers."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    if len(words) > 1 and words[0].lower() in _ARTICLES:
        words = words[1:]
    return "".join(w[:1].upper() + w[1:] for w in words)


def _help(rule: RuleEntry) -> dict[str, str]:
    sources = [f"- {s}" for s in rule.sources]
    text = "\n".join([f"How to fix: {rule.remediation}", "", "Sources:", *sources])
    markdown = "\n".join([f"**How to fix:** {rule.remediation}", "", "**Sources:**", "", *sources])
    return {"text": text, "markdown": markdown}


def _rule(rule: RuleEntry) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": _name(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description},
        "help": _help(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "category": rule.category,
            "severity": rule.severity.value,
            "waivable": rule.waivable,
            "builtin": rule.builtin,
            "sources": list(rule.sources),
            "tags": ["sharecheck", rule.category],
        },
    }
    uri = rule.help_uri
    if uri is not None:
        descriptor["helpUri"] = uri
    return descriptor


def artifact_uri(file: str) -> str:
    """The file as it was given: a relative reference (percent-encoded), or file:// if absolute."""
    path = PurePosixPath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(file, safe="/")


def _location(result: Result, finding: Finding, artifact: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(result.file), "index": artifact}}
    if finding.line is not None:
        region: dict[str, int] = {"startLine": finding.line}
        if finding.column is not None:
            region["startColumn"] = finding.column
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.path:  # the JSON Pointer; the whole document ("") has no name to give
        location["logicalLocations"] = [{"fullyQualifiedName": finding.path}]
    return location


def _result(result: Result, finding: Finding, artifact: int, rule_index: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(result, finding, artifact)],
        # rule, proposal id and subject (results/fingerprint.py): stable when lines move or items are inserted
        "partialFingerprints": {FINGERPRINT: finding.fingerprint},
        "properties": {
            "severity": finding.severity.value,
            "category": finding.category,
            "pointer": finding.path,
            "remediation": finding.remediation,
        },
    }
    if finding.baseline is not None:
        out["baselineState"] = finding.baseline
    waiver = finding.waiver
    if waiver is not None:
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{waiver.reason or 'no reason given'} "
                f"(approved by {waiver.approved_by or 'nobody'}; expires {waiver.expires or 'never'})",
                "properties": {
                    "approved_by": waiver.approved_by,
                    "expires": waiver.expires,
                    "reason": waiver.reason,
                    "waiver": waiver.path,
                },
            }
        ]
    return out


def _absent(fixed: Fixed, rule_index: dict[str, int]) -> dict[str, Any]:
    """A finding of the baseline that this run no longer raises: SARIF's `absent` state."""
    out: dict[str, Any] = {"ruleId": fixed.rule}
    if fixed.rule in rule_index:  # a rule removed from the pack since has no descriptor to point to
        out["ruleIndex"] = rule_index[fixed.rule]
    return out | {
        "level": LEVELS[fixed.severity],
        "message": {"text": fixed.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(fixed.file)}}}],
        "partialFingerprints": {FINGERPRINT: fixed.fingerprint},
        "baselineState": "absent",
        "properties": {"severity": fixed.severity.value},
    }


def sarif_dict(report: Report, *, rules: Sequence[RuleLike] = (), timestamp: str | None = None) -> dict[str, Any]:
    entries = report_entries(report, rules)
    rule_index = {rule.id: index for index, rule in enumerate(entries)}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for result in report.results:
        artifact: dict[str, Any] = {"location": {"uri": artifact_uri(result.file)}}
        if result.proposal is not None:
            artifact["hashes"] = {"sha-256": result.proposal.sha256}
        artifacts.append(artifact)
        results.extend(_result(result, f, len(artifacts) - 1, rule_index) for f in result.findings)
    if report.baseline is not None:
        results.extend(_absent(fixed, rule_index) for fixed in report.baseline.fixed)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "sharecheck",
                "version": report.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule) for rule in entries],
            }
        },
    }
    if timestamp is not None:
        run["invocations"] = [{"executionSuccessful": True, "endTimeUtc": timestamp}]
    run |= {
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
        "properties": {
            "rulePack": {"name": report.pack.name, "version": report.pack.version, "sha256": report.pack.sha256}
        },
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report, *, rules: Sequence[RuleLike] = (), timestamp: str | None = None, **_: Any) -> str:
    return json.dumps(sarif_dict(report, rules=rules, timestamp=timestamp), indent=2, ensure_ascii=False) + "\n"
