"""Conditions -> durable-rules JSON, with the engine's traps designed out.

durable-rules has no general negation, so negations are pushed down to the tests
(negation normal form), and each test's negation is spelt so that an absent field behaves
as `conditions.evaluate` says it must: `$neq` alone does not match a missing field, so
"not equal" is `$nex or $neq`. Every rule is anchored on `t: proposal`, because a rule made
only of absence tests also matches the engine's own state object and loops forever.

Inside `$iany`/`$iall`, durable-rules 2.0.28 evaluates an `$or` whose branches test
*different* item fields wrongly (the property test in tests/test_engine.py found it: one
branch's result decides). So no such `$or` is ever emitted: an `any_item` is rewritten to a
disjunction of `any_item`s over the conjunctions of its condition's disjunctive normal form
(∃x(A∨B) ≡ ∃xA ∨ ∃xB), and a shape that would still need one (an `all_items` or `no_item`
whose item condition is a disjunction across fields) is refused when the pack loads, with
`unsupported()` naming it. The only `$or` left inside an item tests one field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from sharecheck.engines.conditions import All, AnyOf, Compare, Condition, Not, Quantified, fact_key, length_key

ANCHOR = {"t": "proposal"}
SENTINEL = "__evaluated__"
ALWAYS_TRUE_FOR_AN_ITEM = {"$nex": {"$i.t": 1}}
# durable-rules 2.0.28 refuses to register a rule with more than 15 `$and`/`$or` groups
# (error 113; measured: 15 register, 16 fail, at any nesting depth, inside `$iany` or not)
MAX_GROUPS = 15
_OPPOSITE = {"gt": "$lte", "gte": "$lt", "lt": "$gte", "lte": "$gt"}
_DIRECT = {"gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte"}
_LITERAL = re.compile(r"^[A-Za-z0-9 _-]+$")
MAX_DISJUNCTS = 64


class Unsupported(ValueError):
    """A condition durable-rules cannot evaluate faithfully; refused at pack load."""


# ---------------------------------------------------------------- negation normal form


@dataclass(frozen=True)
class Lit:
    test: Compare
    negated: bool


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Q:
    kind: str  # any | all (none is rewritten)
    collection: str
    body: Node


Node: TypeAlias = "Lit | And | Or | Q"


def nnf(condition: Condition, negated: bool = False) -> Node:
    if isinstance(condition, Not):
        return nnf(condition.item, not negated)
    if isinstance(condition, (All, AnyOf)):
        parts = tuple(nnf(item, negated) for item in condition.items)
        return And(parts) if isinstance(condition, All) != negated else Or(parts)
    if isinstance(condition, Quantified):
        kind, inner = condition.kind, negated
        if kind == "none":  # none(C) == not any(C)
            kind, inner = "any", not negated
        if inner:  # not any(C) == all(not C); not all(C) == any(not C)
            return Q("all" if kind == "any" else "any", condition.collection, nnf(condition.where, True))
        return Q(kind, condition.collection, nnf(condition.where))
    return Lit(condition, negated)


def _dnf(node: Node) -> list[list[Node]]:
    """Disjunctive normal form over atoms (literals and quantifiers); `any` quantifiers
    are split into one per conjunction of their body, so disjunctions rise to the top."""
    if isinstance(node, Lit):
        return [[node]]
    if isinstance(node, Or):
        out = [conj for item in node.items for conj in _dnf(item)]
    elif isinstance(node, And):
        out = [[]]
        for item in node.items:
            out = [left + right for left in out for right in _dnf(item)]
            if len(out) > MAX_DISJUNCTS:
                raise Unsupported(f"the condition expands to more than {MAX_DISJUNCTS} alternatives; split the rule")
    elif node.kind == "any":
        out = [[Q("any", node.collection, And(tuple(conj)))] for conj in _dnf(node.body)]
    else:
        out = [[node]]
    if len(out) > MAX_DISJUNCTS:
        raise Unsupported(f"the condition expands to more than {MAX_DISJUNCTS} alternatives; split the rule")
    return out


def _fields(node: Node) -> set[str]:
    """The fact keys a node tests: a list's length is a key of its own (length_key), so an `$or`
    of "has tag X" and "has at least N tags" tests two keys, the shape durable-rules gets wrong."""
    if isinstance(node, Lit):
        if node.test.op in ("items_at_least", "items_fewer_than"):
            return {length_key(node.test.field)}
        return {fact_key(node.test.field)}
    if isinstance(node, Q):
        return {fact_key(node.collection)}
    return {f for item in node.items for f in _fields(item)}


# ---------------------------------------------------------------- emitting durable JSON


def lua_literal(word: str) -> str:
    """A word as a durable-rules pattern that matches it literally.

    The dialect is Lua-like but not Lua: `%-` is refused at registration (error 501) and `-`
    is already literal. The condition language admits only letters, digits, space, `_` and
    `-`, which need no escaping; anything else is refused here rather than guessed at.
    """
    if not _LITERAL.match(word):
        raise ValueError(f"cannot match {word!r} literally in durable-rules' pattern dialect")
    return word


def _key(field: str, depth: int) -> str:
    return ("$i." if depth else "") + fact_key(field)


def _group(op: str, parts: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    """One `$and`/`$or` group; a group of the same kind inside it is merged into it, since
    durable-rules limits the number of groups in a rule (MAX_GROUPS)."""
    if len(parts) == 1:
        return parts[0]
    flat: list[dict[str, Any]] = []
    for part in parts:
        flat.extend(part[op] if set(part) == {op} else [part])
    return {op: flat}


def _or(*parts: dict[str, Any]) -> dict[str, Any]:
    return _group("$or", parts)


def _and(*parts: dict[str, Any]) -> dict[str, Any]:
    return _group("$and", parts)


def _groups(expression: Any) -> int:
    if isinstance(expression, dict):
        return sum((key in ("$and", "$or")) + _groups(value) for key, value in expression.items())
    if isinstance(expression, list):
        return sum(_groups(item) for item in expression)
    return 0


def _leaf(lit: Lit, depth: int) -> dict[str, Any]:
    """One test; any `$or` it needs is over its own single field."""
    test, negated = lit.test, lit.negated
    op, operand = test.op, test.operand
    key = _key(test.field, depth)
    absent = {"$nex": {key: 1}}
    present = {"$ex": {key: 1}}
    if op in ("items_at_least", "items_fewer_than"):
        lkey = ("$i." if depth else "") + length_key(test.field)
        at_least = (op == "items_at_least") != negated
        return {"$gte" if at_least else "$lt": {lkey: operand}}
    if op == "present":
        return present if operand != negated else absent
    if op in ("equals", "not_equals"):
        positive = (op == "equals") != negated
        return {key: operand} if positive else _or(absent, {"$neq": {key: operand}})
    if op in ("in", "not_in"):
        positive = (op == "in") != negated
        if positive:
            return _or(*({key: v} for v in operand))
        return _or(absent, _and(*({"$neq": {key: v}} for v in operand)))
    if op in _DIRECT:
        return {_DIRECT[op]: {key: operand}} if not negated else _or(absent, {_OPPOSITE[op]: {key: operand}})
    if op in ("contains", "contains_any"):
        values = operand if op == "contains_any" else (operand,)
        if not negated:  # ∃x(x=a ∨ x=b) ≡ ∃x(x=a) ∨ ∃x(x=b): no `$or` as an item's body
            return _or(*({"$iany": {key: {"$i": v}}} for v in values))
        return _or(absent, {"$iall": {key: _and(*({"$neq": {"$i": v}} for v in values))}})
    if op == "mentions_any":
        if negated:
            raise Unsupported("mentions_any cannot be negated (the engine has no negated pattern match)")
        return _or(*({"$imt": {key: f".*{lua_literal(w)}.*"}} for w in operand))
    raise AssertionError(f"unhandled operator {op}")


def _emit(node: Node, depth: int) -> dict[str, Any]:
    if isinstance(node, Lit):
        return _leaf(node, depth)
    if isinstance(node, Q):
        return _quantifier(node, depth)
    if isinstance(node, And):
        return _and(*(_emit(item, depth) for item in node.items))
    if depth and len(_fields(node)) > 1:
        raise Unsupported(
            "`any:` across different fields inside `all_items` or `no_item` cannot be evaluated "
            "reliably by durable-rules; split the rule, or express it with `any_item`"
        )
    return _or(*(_emit(item, depth) for item in node.items))


def _quantifier(node: Q, depth: int) -> dict[str, Any]:
    key = _key(node.collection, depth)
    if node.kind == "any":
        # Several alternatives only arise at the root, or inside an `all_items` body, where
        # they are alternatives over one field (the same list), which durable-rules handles.
        alternatives = [
            {"$iany": {key: _item_body(_and(*(_emit(a, depth + 1) for a in conj)))}} for conj in _dnf(node.body)
        ]
        return _or(*alternatives)
    # all(C) is vacuously true on an absent (normalised empty) list; the $or is over one field
    return _or({"$nex": {key: 1}}, {"$iall": {key: _item_body(_emit(node.body, depth + 1))}})


def _ends_in_or(expression: dict[str, Any]) -> bool:
    if set(expression) == {"$or"}:
        return True
    return set(expression) == {"$and"} and _ends_in_or(expression["$and"][-1])


def _item_body(expression: dict[str, Any]) -> dict[str, Any]:
    """An item condition that does not end in an `$or`.

    durable-rules 2.0.28 validates an `$iany`/`$iall` body by reading the node its last test
    created; an `$or` creates a "forward" node whose operand type is never initialised
    (valgrind: "conditional jump depends on uninitialised value", rete.c:1313), so
    registration failed at random with error 102 (seen in CI, in one process of hundreds).
    Conjunction commutes, so a test that is not an `$or` is moved last; when every test is
    an `$or`, a test that always holds (an absent key: items only have `f_` keys) is added.
    """
    if not _ends_in_or(expression):
        return expression
    parts = list(expression["$and"]) if set(expression) == {"$and"} else [expression]
    plain = [i for i, part in enumerate(parts) if not _ends_in_or(part)]
    if plain:
        parts.append(parts.pop(plain[-1]))
    else:
        parts.append(ALWAYS_TRUE_FOR_AN_ITEM)
    return {"$and": parts}


def to_durable(condition: Condition) -> dict[str, Any]:
    """One condition as one durable-rules expression (raises Unsupported)."""
    return _emit(nnf(condition), 0)


def _anchored(condition: Condition) -> dict[str, Any]:
    """The rule's whole pattern, as registered (raises Unsupported)."""
    pattern = _and(ANCHOR, to_durable(condition))
    groups = _groups(pattern)
    if groups > MAX_GROUPS:
        raise Unsupported(
            f"the condition needs {groups} and/or groups, and durable-rules accepts at most {MAX_GROUPS}; "
            "split the rule, or list the matching values with `in` instead of negating the others"
        )
    return pattern


def pattern(condition: Condition) -> dict[str, Any]:
    """The rule's whole pattern as `ruleset` registers it (raises Unsupported)."""
    return _anchored(condition)


def unsupported(condition: Condition) -> str | None:
    """Why durable-rules cannot evaluate `condition` faithfully, or None when it can."""
    try:
        _anchored(condition)
    except Unsupported as error:
        return str(error)
    except ValueError as error:
        return str(error)
    return None


def ruleset(conditions: Mapping[str, Condition]) -> dict[str, Any]:
    """Named conditions -> one durable-rules ruleset (action names are the condition names).

    A sentinel rule matches every proposal fact. Without it, a fact that matches no rule
    leaves no session state, and deleting that state segfaults durable-rules 2.0.28 (found
    by the property test in tests/test_engine.py). It also proves each evaluation ran: an
    evaluation in which the sentinel did not fire is an engine error, never a pass.
    """
    rules: dict[str, Any] = {"sentinel": {"all": [{"m": ANCHOR}], "run": SENTINEL}}
    for index, (name, condition) in enumerate(sorted(conditions.items())):
        rules[f"r{index}"] = {"all": [{"m": _anchored(condition)}], "run": name}
    return rules


def fingerprint(conditions: Mapping[str, Condition]) -> str:
    import hashlib

    text = json.dumps(ruleset(conditions), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()
