"""A rule: data with its documentation inside it."""

from __future__ import annotations

from dataclasses import dataclass

from sharecheck.engines.conditions import All, Compare, Condition, Quantified, walk
from sharecheck.results.report import Severity


@dataclass(frozen=True)
class Origin:
    """Where a rule or setting was written, for errors and `rules show`."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: Severity
    category: str
    message: str
    remediation: str
    sources: tuple[str, ...]
    origin: Origin
    when: Condition | None = None
    for_each: str | None = None
    where: Condition | None = None
    at: str | None = None
    description: str = ""
    waivable: bool = True
    aliases: tuple[str, ...] = ()  # retired ids this rule replaces

    @property
    def condition(self) -> Condition:
        """The whole rule as one condition: `when` and, with for_each, some item `where`."""
        parts: list[Condition] = []
        if self.when is not None:
            parts.append(self.when)
        if self.for_each is not None and self.where is not None:
            parts.append(Quantified("any", self.for_each, self.where))
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    @property
    def default_at(self) -> str:
        """Where a finding points when the rule does not say: the first field it tests."""
        if self.at:
            return self.at
        if self.for_each:
            return ""
        assert self.when is not None
        for prefix, node in walk(self.when):
            if isinstance(node, Compare) and not prefix:
                return node.field
            if isinstance(node, Quantified) and not prefix:
                return node.collection.replace("[]", "")
        return ""
