"""The JSON report, `sharecheck.report/1` (SPEC §7; schemas/report.schema.json)."""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace
from typing import Any

from sharecheck.results.report import Band, Finding, FlowCheck, Report, Result, Severity, Waiver


def _waiver(waiver: Waiver | None) -> dict[str, Any] | None:
    if waiver is None:
        return None
    return {
        "rule": waiver.rule,
        "reason": waiver.reason,
        "approved_by": waiver.approved_by,
        "expires": waiver.expires,
        "path": waiver.path,
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "category": finding.category,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "remediation": finding.remediation,
        "sources": list(finding.sources),
        "waiver": _waiver(finding.waiver),
        "fingerprint": finding.fingerprint,
    } | ({} if finding.baseline is None else {"baseline": finding.baseline})


def band_dict(band: Band) -> dict[str, Any]:
    return {
        "id": band.id,
        "mean": band.mean,
        "sections": {section: mean for section, mean in band.sections},
        "hold_down": list(band.hold_down),
        "next_band": band.next_band,
        "next_band_moves": [
            {"question": m.question, "from": m.score_from, "to": m.score_to} for m in band.next_band_moves
        ],
        "missing": list(band.missing),
    }


def result_dict(result: Result) -> dict[str, Any]:
    proposal = result.proposal
    return {
        "file": result.file,
        "proposal": None
        if proposal is None
        else {"id": proposal.id, "title": proposal.title, "sha256": proposal.sha256},
        "findings": [finding_dict(f) for f in result.findings],
        "band": band_dict(result.band),
        "flows": [flow_dict(f) for f in result.flows],
    }


def flow_dict(flow: FlowCheck) -> dict[str, Any]:
    """Who sends what to whom, for scripts that draw or audit the flow map (issue 13)."""
    return {
        "discloser": flow.discloser,
        "recipient": flow.recipient,
        "datasets": list(flow.datasets),
        "categories": list(flow.categories),
        "identifiability": flow.identifiability,
        "gateways": list(flow.gateways),
        "covered": flow.covered,
        "blockers": list(flow.issues),
        "warnings": list(flow.warnings),
    }


def report_dict(
    report: Report,
    *,
    fail_on: Severity | None = Severity.BLOCKER,
    timestamp: str | None = None,
    summary_only: bool = False,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema": "sharecheck.report/1",
        "tool": {"name": "sharecheck", "version": report.tool_version},
        "rule_pack": {"name": report.pack.name, "version": report.pack.version, "sha256": report.pack.sha256},
        "summary": {
            "files": len(report.results),
            "blockers": report.total(Severity.BLOCKER),
            "warnings": report.total(Severity.WARNING),
            "info": report.total(Severity.INFO),
            "waived": report.waived,
            "failed": report.fails(fail_on),
        },
        "results": [] if summary_only else [result_dict(r) for r in report.results],
    }
    baseline = report.baseline
    if baseline is not None:
        data["summary"]["new"] = sum(report.new(s) for s in Severity)
        data["summary"]["fixed"] = len(baseline.fixed)
        data["baseline"] = {
            "rule_pack": {"name": baseline.pack.name, "version": baseline.pack.version, "sha256": baseline.pack.sha256},
            "fixed": [
                {
                    "file": f.file,
                    "proposal": f.proposal,
                    "rule": f.rule,
                    "severity": f.severity.value,
                    "message": f.message,
                    "fingerprint": f.fingerprint,
                }
                for f in baseline.fixed
            ],
            "notes": list(baseline.notes),
        }
    if timestamp is not None:
        data["timestamp"] = timestamp
    return data


_HOLE = "\x00results\x00"  # no report string can hold a NUL (proposals with one are refused)


def render(
    report: Report, *, fail_on: Severity | None = Severity.BLOCKER, timestamp: str | None = None, **_: Any
) -> str:
    """The same text as `json.dumps(report_dict(report), indent=2)`, encoded one result at a
    time: a batch of 10,000 never exists as one dictionary, which would triple peak memory."""
    data = report_dict(replace(report, results=()), fail_on=fail_on, timestamp=timestamp)
    data["summary"] = report_dict(report, fail_on=fail_on, summary_only=True)["summary"]
    data["results"] = _HOLE
    before, after = json.dumps(data, indent=2, ensure_ascii=False).split(json.dumps(_HOLE), 1)
    if not report.results:
        return before + "[]" + after + "\n"
    parts = [before, "[\n"]
    for index, result in enumerate(report.results):
        if index:
            parts.append(",\n")
        parts.append(textwrap.indent(json.dumps(result_dict(result), indent=2, ensure_ascii=False), "    "))
    parts += ["\n  ]", after, "\n"]
    return "".join(parts)
