"""What changed between two revisions of a proposal (`sharecheck diff`): values only."""

from __future__ import annotations

from dataclasses import dataclass

from sharecheck.results.report import Band, Finding, Result, Severity


@dataclass(frozen=True)
class AnswerMove:
    """One framework answer whose score changed: q11 from 3 to 4 (None: not answered)."""

    question: str
    score_from: int | None
    score_to: int | None


@dataclass(frozen=True)
class Revision:
    label: str  # the file, or REF:path
    result: Result


@dataclass(frozen=True)
class ProposalDiff:
    old: Revision
    new: Revision
    fixed: tuple[Finding, ...]  # in the old revision, not the new (the old revision's findings)
    introduced: tuple[Finding, ...]  # in the new revision, not the old
    left: tuple[Finding, ...]  # in both (the new revision's findings, at their new lines)
    answers: tuple[AnswerMove, ...]

    @property
    def band_from(self) -> Band:
        return self.old.result.band

    @property
    def band_to(self) -> Band:
        return self.new.result.band

    def fails(self, threshold: Severity | None) -> bool:
        """True when the new revision introduces an unwaived finding at or above `threshold`."""
        if threshold is None:
            return False
        return any(f.counts and f.severity.rank >= threshold.rank for f in self.introduced)


def verdict(result: Result) -> str:
    """`blocked` (an unwaived blocker), `warnings`, or `clear`: what a register would file it under."""
    worst = result.worst()
    return (
        "clear" if worst is None or worst is Severity.INFO else ("blocked" if worst is Severity.BLOCKER else "warnings")
    )


@dataclass(frozen=True)
class ProposalImpact:
    """One proposal whose verdict, findings or band differs between two packs."""

    file: str
    proposal: str | None
    verdict_from: str
    verdict_to: str
    band_from: str
    band_to: str
    fixed: tuple[Finding, ...]  # raised under the old pack only
    introduced: tuple[Finding, ...]  # raised under the new pack only (or with another severity)


@dataclass(frozen=True)
class Impact:
    old_pack: str  # `name version` and where it came from
    new_pack: str
    checked: int
    changes: tuple[ProposalImpact, ...]

    def totals(self) -> tuple[str, ...]:
        """`3 proposals newly blocked by SC-OUTPUTS-001`, `1 moves from likely to some_issues`, ..."""
        lines: list[str] = []
        blocked: dict[str, int] = {}
        unblocked: dict[str, int] = {}
        for change in self.changes:
            if change.verdict_to == "blocked" and change.verdict_from != "blocked":
                for rule in sorted({f.rule for f in change.introduced if f.severity is Severity.BLOCKER and f.counts}):
                    blocked[rule] = blocked.get(rule, 0) + 1
            if change.verdict_from == "blocked" and change.verdict_to != "blocked":
                for rule in sorted({f.rule for f in change.fixed if f.severity is Severity.BLOCKER and f.counts}):
                    unblocked[rule] = unblocked.get(rule, 0) + 1
        lines += [f"{n} {_proposals(n)} newly blocked by {rule}" for rule, n in sorted(blocked.items())]
        lines += [f"{n} {_proposals(n)} no longer blocked by {rule}" for rule, n in sorted(unblocked.items())]
        moves: dict[tuple[str, str], int] = {}
        for change in self.changes:
            if change.band_from != change.band_to:
                key = (change.band_from, change.band_to)
                moves[key] = moves.get(key, 0) + 1
        lines += [f"{n} {'moves' if n == 1 else 'move'} from {a} to {b}" for (a, b), n in sorted(moves.items())]
        verdicts: dict[tuple[str, str], int] = {}
        for change in self.changes:
            if change.verdict_from != change.verdict_to:
                key = (change.verdict_from, change.verdict_to)
                verdicts[key] = verdicts.get(key, 0) + 1
        lines += [f"{n} {_proposals(n)} from {a} to {b}" for (a, b), n in sorted(verdicts.items())]
        unchanged = self.checked - len(self.changes)
        lines.append(f"{len(self.changes)} of {self.checked} {_proposals(self.checked)} change; {unchanged} do not")
        return tuple(lines)


def _proposals(n: int) -> str:
    return "proposal" if n == 1 else "proposals"
