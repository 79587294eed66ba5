"""`sharecheck diff OLD NEW`: what a revision of a proposal fixes, introduces and leaves.

Findings are matched by fingerprint (results/fingerprint.py), so a finding whose line moved is
`left`, not fixed and introduced again. Framework answers are compared by question id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from sharecheck.results.changes import AnswerMove, ProposalDiff, Revision
from sharecheck.results.report import Finding


def _scores(data: Mapping[str, Any] | None) -> dict[str, int | None]:
    framework = data.get("framework") if isinstance(data, Mapping) else None
    answers = framework.get("answers") if isinstance(framework, Mapping) else None
    if not isinstance(answers, Mapping):
        return {}
    out: dict[str, int | None] = {}
    for question, answer in answers.items():
        score = answer.get("score") if isinstance(answer, Mapping) else None
        out[str(question)] = score if isinstance(score, int) and not isinstance(score, bool) else None
    return out


def _unmatched(findings: tuple[Finding, ...], other: tuple[Finding, ...]) -> tuple[list[Finding], list[Finding]]:
    """(those of `findings` not in `other`, those that are), counting duplicates one for one."""
    remaining = Counter(f.fingerprint for f in other)
    gone, kept = [], []
    for finding in findings:
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            kept.append(finding)
        else:
            gone.append(finding)
    return gone, kept


def diff(
    old: Revision, new: Revision, old_data: Mapping[str, Any] | None, new_data: Mapping[str, Any] | None
) -> ProposalDiff:
    """Compare two checked revisions; `*_data` are the parsed proposals (None when unreadable)."""
    fixed, _ = _unmatched(old.result.findings, new.result.findings)
    introduced, left = _unmatched(new.result.findings, old.result.findings)
    before, after = _scores(old_data), _scores(new_data)
    moves = tuple(
        AnswerMove(q, before.get(q), after.get(q))
        for q in sorted(before.keys() | after.keys())
        if before.get(q) != after.get(q)
    )
    return ProposalDiff(old, new, tuple(fixed), tuple(introduced), tuple(left), moves)
