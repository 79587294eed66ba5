"""Conditions -> durable-rules JSON, with the engine's traps designed out.

durable-rules has no general negation, so negations are pushed down to the tests
(negation normal form), and each test's negation is spelt so that an absent field behaves
as `conditions.evaluate` says it must: `$neq` alone does not match a missing field, so
"not equal" is `$nex or $neq`. Every rule is anchored on `t: proposal`, because a rule made
only of absence tests also matches the engine's own state object and loops forever.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .conditions import All, AnyOf, Compare, Condition, Not, Quantified, fact_key, length_key

ANCHOR = {"t": "proposal"}
_OPPOSITE = {"gt": "$lte", "gte": "$lt", "lt": "$gte", "lte": "$gt"}
_DIRECT = {"gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte"}
_LUA_MAGIC = "^$()%.[]*+-?"


def lua_literal(word: str) -> str:
    """Escape a word for durable-rules' Lua-like patterns (whole-string, `%` escapes)."""
    return "".join("%" + c if c in _LUA_MAGIC else c for c in word)


def _key(field: str, depth: int) -> str:
    return ("$i." if depth else "") + fact_key(field)


def _or(*parts: dict[str, Any]) -> dict[str, Any]:
    return parts[0] if len(parts) == 1 else {"$or": list(parts)}


def _and(*parts: dict[str, Any]) -> dict[str, Any]:
    return parts[0] if len(parts) == 1 else {"$and": list(parts)}


def _leaf(test: Compare, depth: int, negated: bool) -> dict[str, Any]:
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
        if not negated:
            return {"$iany": {key: _or(*({"$i": v} for v in values))}}
        return _or(absent, {"$iall": {key: _and(*({"$neq": {"$i": v}} for v in values))}})
    if op == "mentions_any":
        if negated:
            raise ValueError("mentions_any cannot be negated")  # refused at pack load
        return _or(*({"$imt": {key: f".*{lua_literal(w)}.*"}} for w in operand))
    raise AssertionError(f"unhandled operator {op}")


def to_durable(condition: Condition, depth: int = 0, negated: bool = False) -> dict[str, Any]:
    if isinstance(condition, Not):
        return to_durable(condition.item, depth, not negated)
    if isinstance(condition, (All, AnyOf)):
        conjunctive = isinstance(condition, All) != negated
        parts = [to_durable(item, depth, negated) for item in condition.items]
        return _and(*parts) if conjunctive else _or(*parts)
    if isinstance(condition, Quantified):
        key = _key(condition.collection, depth)
        absent = {"$nex": {key: 1}}
        kind = condition.kind
        if kind == "none":
            kind, negated = "any", not negated
        if kind == "any" and not negated:
            return {"$iany": {key: to_durable(condition.where, depth + 1)}}
        if kind == "any":  # not any(C) == absent or all(not C)
            return _or(absent, {"$iall": {key: to_durable(condition.where, depth + 1, True)}})
        if not negated:  # all(C): vacuously true on an absent (normalised empty) list
            return _or(absent, {"$iall": {key: to_durable(condition.where, depth + 1)}})
        return {"$iany": {key: to_durable(condition.where, depth + 1, True)}}
    return _leaf(condition, depth, negated)


def ruleset(conditions: Mapping[str, Condition]) -> dict[str, Any]:
    """Named conditions -> one durable-rules ruleset (action names are the condition names)."""
    rules: dict[str, Any] = {}
    for index, (name, condition) in enumerate(sorted(conditions.items())):
        rules[f"r{index}"] = {
            "all": [{"m": _and(ANCHOR, to_durable(condition))}],
            "run": name,
        }
    return rules


def fingerprint(conditions: Mapping[str, Condition]) -> str:
    import hashlib

    text = json.dumps(ruleset(conditions), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()
