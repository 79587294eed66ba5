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
