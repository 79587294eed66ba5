"""`sharecheck rules impact`: the same proposals under two packs, and what a rule change moves.

A finding is matched by fingerprint and severity: a rule whose severity changed shows its
findings as fixed at the old severity and introduced at the new, so the verdict it moves is
visible. Only proposals whose verdict, findings or band differ are listed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from sharecheck.checking.pipeline import check_bytes
from sharecheck.engines.runtime import Engine
from sharecheck.packs.loader import Pack
from sharecheck.results.changes import Impact, ProposalImpact, verdict
from sharecheck.results.report import Finding, Result


def _key(f: Finding) -> tuple[str, str, bool]:
    return (f.fingerprint, f.severity.value, f.waiver is None)


def _only(findings: tuple[Finding, ...], other: tuple[Finding, ...]) -> tuple[Finding, ...]:
    remaining = Counter(_key(f) for f in other)
    out = []
    for finding in findings:
        if remaining[_key(finding)] > 0:
            remaining[_key(finding)] -= 1
        else:
            out.append(finding)
    return tuple(out)


def compare(before: Result, after: Result) -> ProposalImpact | None:
    """How one proposal's result moved between packs; None when nothing did."""
    fixed, introduced = _only(before.findings, after.findings), _only(after.findings, before.findings)
    if not fixed and not introduced and before.band.id == after.band.id:
        return None
    return ProposalImpact(
        after.file,
        after.proposal.id if after.proposal else None,
        verdict(before),
        verdict(after),
        before.band.id,
        after.band.id,
        fixed,
        introduced,
    )


def impact(
    proposals: Iterable[tuple[str, bytes]],
    old: Pack,
    new: Pack,
    *,
    old_label: str,
    new_label: str,
    engine: Engine | None = None,
    today: dt.date | None = None,
) -> Impact:
    """Check each (file, bytes) under both packs; list the proposals that change."""
    changes: list[ProposalImpact] = []
    checked = 0
    for file, raw in proposals:
        checked += 1
        before = check_bytes(raw, old, file=file, engine=engine, today=today)
        after = check_bytes(raw, new, file=file, engine=engine, today=today)
        change = compare(before, after)
        if change is not None:
            changes.append(change)
    return Impact(old_label, new_label, checked, tuple(changes))
