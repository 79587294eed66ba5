"""The rules a report speaks of, for formats that describe rules as well as findings (SARIF, JUnit).

A `Report` holds findings only; the rule pack travels beside it as the `rules=` render option
(`commands/check.py` passes the pack's rules). Built-in rules (SC-INPUT-*, SC-WAIVER-*) come
from `builtin.py`. A finding whose rule is in neither (a report rendered without `rules=`) is
still described, from the finding itself, so no format ever drops a result for want of a rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sharecheck.results.builtin_rules import BUILTIN_RULES
from sharecheck.results.report import Finding, Report, Result, Severity

# Findings of these rules mean the proposal could not be read or validated, so no rule ran on it.
READ_RULES = frozenset({"SC-INPUT-001", "SC-INPUT-002", "SC-INPUT-003"})

_URL = re.compile(r"https?://[^\s<>\"')\]]+")


class RuleLike(Protocol):
    """What both `rule.Rule` and `builtin.BuiltinRule` offer."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def category(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def remediation(self) -> str: ...
    @property
    def sources(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class RuleEntry:
    id: str
    title: str
    severity: Severity
    category: str
    description: str
    remediation: str
    sources: tuple[str, ...]
    waivable: bool
    builtin: bool

    @property
    def help_uri(self) -> str | None:
        """The first web address among the sources, if any (sources are mostly citations)."""
        for source in self.sources:
            match = _URL.search(source)
            if match:
                return match.group().rstrip(".,;:")
        return None


def _entry(rule: RuleLike, *, builtin: bool) -> RuleEntry:
    return RuleEntry(
        id=rule.id,
        title=rule.title,
        severity=rule.severity,
        category=rule.category,
        description=" ".join(rule.description.split()) or rule.title,
        remediation=" ".join(rule.remediation.split()),
        sources=tuple(rule.sources),
        waivable=bool(getattr(rule, "waivable", True)),
        builtin=builtin,
    )


def _from_finding(finding: Finding) -> RuleEntry:
    return RuleEntry(
        id=finding.rule,
        title=finding.rule,
        severity=finding.severity,
        category=finding.category,
        description=finding.rule,
        remediation=finding.remediation,
        sources=finding.sources,
        waivable=True,
        builtin=False,
    )


def fired(findings: Iterable[Finding]) -> dict[str, Finding]:
    """Each rule that raised a finding, with its first finding, in order of rule id."""
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.rule, finding)
    return {rule: first[rule] for rule in sorted(first)}


def pack_entries(rules: Sequence[RuleLike]) -> list[RuleEntry]:
    """The pack's rules in pack order (which is stable and meaningful: file order)."""
    return [_entry(rule, builtin=False) for rule in rules]


def entries_for(findings: Iterable[Finding], rules: Sequence[RuleLike]) -> list[RuleEntry]:
    """Every pack rule, then each other rule that fired: built-in ones, then undescribed ones."""
    out = pack_entries(rules)
    known = {e.id for e in out}
    for rule_id, finding in fired(findings).items():
        if rule_id in known:
            continue
        builtin = BUILTIN_RULES.get(rule_id)
        out.append(_entry(builtin, builtin=True) if builtin is not None else _from_finding(finding))
        known.add(rule_id)
    return out


def report_entries(report: Report, rules: Sequence[RuleLike]) -> list[RuleEntry]:
    return entries_for((f for r in report.results for f in r.findings), rules)


def could_not_be_read(result: Result) -> bool:
    return any(f.rule in READ_RULES for f in result.findings)


def waiver_text(finding: Finding) -> str:
    """Who waived it, why and until when, in one line (every format says the same)."""
    waiver = finding.waiver
    if waiver is None:
        return ""
    return (
        f"waived by {waiver.approved_by or 'nobody'} until {waiver.expires or 'no expiry'}: "
        f"{waiver.reason or 'no reason given'}"
    )
