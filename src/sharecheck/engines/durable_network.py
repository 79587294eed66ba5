"""The shape durable-rules gives a ruleset, and the fixed tables it overflows.

durable-rules 2.0.28 compiles each rule into a chain of tests (alpha nodes) that rules share
where they test the same thing after the same tests. Each node keeps its followers in fixed
tables (rete.h): 512 hashed slots for ordinary tests, a list of 128 for absence tests and for
the node an `$or` leads to (a "forward" node), and a list of 256 for the rules that end there.
None is checked safely: a full hashed table makes the next lookup in it probe for ever (a pack
of 260 rules with a two-value `in` each never finished loading, nor did 512 `mentions_any`
words), and the two lists are scanned one entry past their end, so one entry too many is
refused with error 107/108 or written over the next table, at random (measured: a 257th rule on
one node was accepted in 7 of 20 processes). So these limits are computed here, by walking the
compiled rules as rete.c builds them, and a pack that would come near them is refused when it
loads, naming the rule that goes over, instead of hanging or corrupting the engine.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# rete.h: NEXT_BUCKET_LENGTH 512, NEXT_LIST_LENGTH 128, BETA_LIST_LENGTH 256. A list is safe up to
# its length (the scan reads past it only to add one more); the hashed table keeps a margin below
# 512, since a full one makes lookups probe for ever. 256 rules ending together is also the
# loader's MAX_SAME_CONDITION (identical conditions end on one node).
LIMITS = {"tests": 500, "absence tests": 120, "rules ending": 256}
_SAID = {
    "tests": "different tests next",
    "absence tests": "absence tests or `any:` groups next",
    "rules ending": "rules ending",
}
_ARRAY_OPERATORS = ("$iany", "$iall")
_OPERATORS = ("$eq", "$neq", "$gt", "$gte", "$lt", "$lte", "$ex", "$nex", "$mt", "$imt")


@dataclass
class _Node:
    label: str
    is_array: bool = False
    shared: dict[tuple[str, str], _Node] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Overflow:
    rule: str  # the first rule (in registration order) with which a table goes over its bound
    table: str  # a key of LIMITS
    after: str  # the tests that lead to the node, in words
    limit: int

    def __str__(self) -> str:
        return (
            f"at one point of the compiled rules ({self.after}) there are more than {self.limit} "
            f"{_SAID[self.table]}; durable-rules keeps a fixed-size table there and past it never "
            "finishes loading or corrupts its tables"
        )


class _Network:
    def __init__(self) -> None:
        self.root = _Node("the start")
        self.overflow: Overflow | None = None
        self.rule = ""

    def add(self, rule: str, pattern: Mapping[str, Any]) -> None:
        self.rule = rule
        end = self._alpha(pattern, self.root, False)
        self._count(end, "rules ending")

    def _count(self, node: _Node, table: str) -> None:
        node.counts[table] = node.counts.get(table, 0) + 1
        if node.counts[table] > LIMITS[table] and self.overflow is None:
            self.overflow = Overflow(self.rule, table, node.label, LIMITS[table])

    def _child(self, parent: _Node, op: str, name: str, value: Any, into_array: bool) -> _Node:
        """A test after `parent`: shared with an identical one (findAlpha), else a new node."""
        key = (op, f"{name}={json.dumps(value, sort_keys=True)}")
        found = None if into_array or op in _ARRAY_OPERATORS else parent.shared.get(key)
        if found is not None:
            return found
        node = _Node(_words(parent, op, name, value), is_array=op in _ARRAY_OPERATORS)
        if not into_array and op not in _ARRAY_OPERATORS:
            parent.shared[key] = node
        self._count(parent, "absence tests" if op == "$nex" else "tests")
        return node

    def _alpha(self, expression: Mapping[str, Any], parent: _Node, to_array: bool) -> _Node:
        ((key, value),) = expression.items()
        into_array = to_array and parent.is_array
        if key == "$and":
            node, first = parent, to_array
            for part in value:
                node = self._alpha(part, node, first)
                first = False
            return node
        if key == "$or":
            forward = _Node(f"{parent.label}, then any of {len(value)}")  # always new; an absence-type node
            for branch in value:
                end = self._alpha(branch, parent, to_array)
                self._count(end, "absence tests")
            return forward
        if key in _ARRAY_OPERATORS:
            ((name, body),) = value.items()
            node = self._child(parent, key, name, None, into_array)
            self._alpha(body, node, True)
            return node  # the chain goes on from the quantifier, not from its body
        if key in _OPERATORS:
            ((name, operand),) = value.items()
            return self._child(parent, key, name, operand, into_array)
        return self._child(parent, "$eq", key, value, into_array)


_OPERATOR_WORDS = {
    "$eq": "=",
    "$neq": "≠",
    "$gt": ">",
    "$gte": "≥",
    "$lt": "<",
    "$lte": "≤",
    "$ex": "present",
    "$nex": "absent",
    "$mt": "matches",
    "$imt": "mentions",
    "$iany": "any item",
    "$iall": "every item",
}


def _field(name: str) -> str:
    """A fact key back to the field it projects (conditions.fact_key, length_key)."""
    item = name.startswith("$i.")
    name = name.removeprefix("$i.")
    if name.startswith(("f_", "n_")):
        words = name[2:].replace("_each", "[]").replace("__", ".")
        name = f"the number of {words}" if name.startswith("n_") else words
    return f"the item's {name}" if item else name


def _words(parent: _Node, op: str, name: str, value: Any) -> str:
    if (op, name, value) == ("$eq", "t", "proposal"):
        return "the start of every rule"  # the anchor every compiled rule begins with
    said = _OPERATOR_WORDS.get(op, op)
    test = f"{_field(name)} {said}" + ("" if op in ("$ex", "$nex") or value is None else f" {json.dumps(value)}")
    return test if parent.label == "the start" else f"{parent.label}, then {test}"


def overflow(patterns: Iterable[tuple[str, Mapping[str, Any]]]) -> Overflow | None:
    """The first table that goes over its bound as the named compiled patterns
    (durable_compile.pattern) are added in order. The totals do not depend on the order, so a
    layered pack passes its base rules first and the rule named is one of the layer's own."""
    network = _Network()
    for name, compiled in patterns:
        network.add(name, compiled)
        if network.overflow is not None:
            break
    return network.overflow
