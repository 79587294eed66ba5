"""A rule: data with its documentation inside it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sharecheck.engines.conditions import All, Compare, Condition, Quantified, walk
from sharecheck.results.report import Severity

# Bare names a rule may give as `for_each` (issue 13: "per flow", "per party"), each standing for
# the derived collection it names. The loader keeps only the full path on a Rule, so both engines,
# the projection, the gate, fingerprints and `rules show` all see one spelling.
FOR_EACH_ALIASES = {"flows": "derived.flows", "parties_handling": "derived.parties_handling"}


def collection_of(for_each: str) -> str:
    """The collection path a rule's `for_each` names: an alias's full path, else as written."""
    return FOR_EACH_ALIASES.get(for_each, for_each)


def alias_hint(for_each: str) -> str:
    """ "; did you mean `flows`?" for a bare name close to an alias (`flow`, `party_handling`), else ""."""
    if "." in for_each or "[" in for_each:
        return ""
    close = difflib.get_close_matches(for_each, list(FOR_EACH_ALIASES), n=1)
    return f"; did you mean `{close[0]}`?" if close else ""


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
