"""Waivers (SPEC §4): applied after evaluation, themselves checked and reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from sharecheck.reading import pointer as jp
from sharecheck.results.builtin_rules import BUILTIN_RULES
from sharecheck.results.report import Finding, Waiver


def _read(data: Mapping[str, Any]) -> list[Waiver]:
    return [
        Waiver(
            rule=str(w.get("rule", "")),
            reason=(w.get("reason") or "").strip() or None,
            approved_by=(w.get("approved_by") or "").strip() or None,
            expires=w.get("expires"),
            path=jp.join("waivers", i),
        )
        for i, w in enumerate(data.get("waivers", []))
    ]


def apply(
    findings: Sequence[Finding],
    data: Mapping[str, Any],
    *,
    today: dt.date,
    waivable: Callable[[str], bool],
    known: Callable[[str], bool],
) -> list[Finding]:
    """Mark waived findings and add a warning for each waiver that is not sound."""
    out = list(findings)
    extra: list[Finding] = []
    fired = {f.rule for f in findings}
    for waiver in _read(data):
        problem = None
        if waiver.rule not in fired:
            why = "did not fire" if known(waiver.rule) else "does not exist in this rule pack"
            problem = ("SC-WAIVER-003", f"the waiver for {waiver.rule} waives nothing: the rule {why}")
        elif not waivable(waiver.rule):
            problem = ("SC-WAIVER-004", f"{waiver.rule} cannot be waived; its finding still counts")
        elif waiver.reason is None or waiver.approved_by is None:
            lacking = " and ".join(
                k for k, v in (("a reason", waiver.reason), ("an approver", waiver.approved_by)) if v is None
            )
            problem = ("SC-WAIVER-002", f"the waiver for {waiver.rule} lacks {lacking}, so it waives nothing")
        elif waiver.expires is not None and dt.date.fromisoformat(waiver.expires) < today:
            problem = (
                "SC-WAIVER-001",
                f"the waiver for {waiver.rule} expired on {waiver.expires}; its finding counts again",
            )
        if problem is not None:
            rule = BUILTIN_RULES[problem[0]]
            extra.append(
                Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    category=rule.category,
                    message=problem[1],
                    path=waiver.path,
                    remediation=rule.remediation,
                    sources=rule.sources,
                )
            )
            continue
        out = [replace(f, waiver=waiver) if f.rule == waiver.rule and f.waiver is None else f for f in out]
    return out + extra
