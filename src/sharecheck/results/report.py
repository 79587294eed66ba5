"""The values a check produces. Frozen, ordered explicitly, free of I/O and of click."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(Enum):
    BLOCKER = "blocker"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; used for --fail-on and for sorting."""
        return {"blocker": 3, "warning": 2, "info": 1}[self.value]


CATEGORIES: tuple[str, ...] = (
    "input",
    "purpose",
    "legal_gateway",
    "lawful_basis",
    "identifiability",
    "sensitive_data",
    "consent",
    "confidentiality",
    "transparency",
    "dpia",
    "agreement",
    "retention",
    "security",
    "transfer",
    "outputs",
    "children",
    "framework",
)


@dataclass(frozen=True, slots=True)
class Waiver:
    rule: str
    reason: str | None
    approved_by: str | None
    expires: str | None
    path: str  # where the waiver is written in the proposal


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    category: str
    message: str
    path: str
    line: int | None = None
    column: int | None = None
    remediation: str = ""
    sources: tuple[str, ...] = ()
    waiver: Waiver | None = None
    fingerprint: str = ""  # rule, proposal and subject (results/fingerprint.py): the same in every run
    baseline: str | None = None  # with `check --baseline`: "new" or "unchanged"

    @property
    def counts(self) -> bool:
        """A waived finding is still reported but does not fail the check (SPEC §4)."""
        return self.waiver is None

    def sort_key(self) -> tuple[int, int, int, str, str, str]:
        return (
            self.line if self.line is not None else 0,
            self.column if self.column is not None else 0,
            -self.severity.rank,
            self.rule,
            self.path,
            self.message,
        )


@dataclass(frozen=True, slots=True)
class Move:
    """One answer change that moves the band: q11 from 3 to 4."""

    question: str
    score_from: int | None
    score_to: int


@dataclass(frozen=True)
class Band:
    id: str
    mean: float | None = None
    sections: tuple[tuple[str, float | None], ...] = ()
    hold_down: tuple[str, ...] = ()
    next_band: str | None = None
    next_band_moves: tuple[Move, ...] = ()
    missing: tuple[str, ...] = ()


NOT_ASSESSED = Band("not_assessed")


@dataclass(frozen=True, slots=True)
class ProposalInfo:
    id: str | None
    title: str | None
    sha256: str


@dataclass(frozen=True, slots=True)
class FlowCheck:
    """One flow of a checked proposal (issue 13): who sends what to whom, the cited gateways
    relied on for it, the lawful bases of both ends, and the open findings about it.

    Made by the checking layer (checking/flow_checks.py) so that every format, the text one
    included, shows the same flow map without knowing the law or the rules."""

    discloser: str
    discloser_name: str
    recipient: str
    recipient_name: str
    datasets: tuple[str, ...]
    categories: tuple[str, ...]  # special_category and/or criminal_offence
    identifiability: str
    gateways: tuple[str, ...]
    """Cited gateways relied on for both ends (no `applies_to`, or one naming both), as cited."""
    bases: str
    """Both ends' lawful bases in words, e.g. 'Police: public_task, Art 10 official_authority'."""
    issues: tuple[str, ...]
    """Rule ids of the open (unwaived) blockers about this flow: why it is not covered; empty: covered."""
    warnings: tuple[str, ...] = ()
    """Rule ids of the open warnings about this flow: covered, with something to look at."""

    @property
    def covered(self) -> bool:
        return not self.issues


@dataclass(frozen=True)
class Result:
    """The outcome for one proposal file."""

    file: str
    proposal: ProposalInfo | None
    findings: tuple[Finding, ...]
    band: Band = NOT_ASSESSED
    flows: tuple[FlowCheck, ...] = ()
    """The proposal's flows between parties, once it is valid enough to check (else none)."""

    def count(self, severity: Severity, *, waived: bool = False) -> int:
        return sum(1 for f in self.findings if f.severity is severity and (f.waiver is not None) == waived)

    def worst(self) -> Severity | None:
        live = [f.severity for f in self.findings if f.counts]
        return max(live, key=lambda s: s.rank) if live else None


@dataclass(frozen=True)
class Fixed:
    """A finding of the baseline that this run no longer raises."""

    file: str
    proposal: str | None
    rule: str
    severity: Severity
    message: str
    fingerprint: str


@dataclass(frozen=True)
class BaselineInfo:
    """What a baseline was and how it compares: its pack, what it fixed, and any caveats."""

    pack: PackInfo
    fixed: tuple[Fixed, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. the baseline came from another pack version


@dataclass(frozen=True)
class PackInfo:
    name: str
    version: str
    sha256: str


@dataclass(frozen=True)
class Report:
    tool_version: str
    pack: PackInfo
    results: tuple[Result, ...] = field(default_factory=tuple)
    baseline: BaselineInfo | None = None
    gate_existing: bool = False  # with a baseline, --fail-on-existing: old findings fail too

    def total(self, severity: Severity) -> int:
        return sum(r.count(severity) for r in self.results)

    @property
    def waived(self) -> int:
        return sum(1 for r in self.results for f in r.findings if f.waiver is not None)

    def fails(self, threshold: Severity | None) -> bool:
        """True when an unwaived finding is at or above `threshold` (None: never fail)."""
        if threshold is None:
            return False
        only_new = self.baseline is not None and not self.gate_existing
        return any(
            f.counts and f.severity.rank >= threshold.rank and not (only_new and f.baseline != "new")
            for r in self.results
            for f in r.findings
        )

    def new(self, severity: Severity) -> int:
        """Unwaived findings of `severity` the baseline did not have (all of them without one)."""
        return sum(
            1
            for r in self.results
            for f in r.findings
            if f.counts and f.severity is severity and (self.baseline is None or f.baseline == "new")
        )
