"""The rule condition language: parse, type-check, evaluate (the reference semantics).

A condition is YAML data, never code:

    all: [cond, ...]        any: [cond, ...]        not: cond
    {field: PATH, present: true|false}
    {field: PATH, equals: V}        {field: PATH, not_equals: V}
    {field: PATH, in: [V, ...]}     {field: PATH, not_in: [V, ...]}
    {field: PATH, gt|gte|lt|lte: N}
    {field: PATH, contains: V}      {field: PATH, contains_any: [V, ...]}   (lists of values)
    {field: PATH, items_at_least: N}   {field: PATH, items_fewer_than: N}  (list lengths)
    {field: PATH, mentions_any: [word, ...]}   (text contains a word, case-insensitive)
    {any_item: PATH, where: cond}   {all_items: PATH, where: cond}   {no_item: PATH, where: cond}

Semantics are classical two-valued logic over *normalised* values: a blank string, an empty
list and an empty object count as absent, and every comparison on an absent field is false
(so its negation is true). `all_items` over an absent list is true. These definitions are the
contract both engines must meet; `evaluate` below is the reference.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from sharecheck.reading.fieldtypes import FieldType, PathError, resolve


@dataclass(frozen=True)
class Compare:
    field: str
    op: str
    operand: Any


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


@dataclass(frozen=True)
class Quantified:
    kind: str  # any | all | none
    collection: str
    where: Condition


Condition: TypeAlias = "Compare | All | AnyOf | Not | Quantified"

SCALAR_OPS = ("equals", "not_equals", "in", "not_in", "gt", "gte", "lt", "lte")
LIST_OPS = ("contains", "contains_any", "items_at_least", "items_fewer_than")
TEXT_OPS = ("mentions_any",)
LEAF_OPS = ("present", *SCALAR_OPS, *LIST_OPS, *TEXT_OPS)
QUANTIFIERS = {"any_item": "any", "all_items": "all", "no_item": "none"}
COMBINATORS = ("all", "any", "not")
KEYWORDS = (*COMBINATORS, *QUANTIFIERS, "field", "where", *LEAF_OPS)
WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]*$")
# Measured (benchmarks/RESULTS.md, "Engine limits"): durable-rules registers a word of 1,920
# letters and refuses one of 1,950 (error 503, too many pattern states); no real word is near.
MAX_WORD_LENGTH = 1_000


@dataclass(frozen=True)
class ConditionError(Exception):
    pointer: str  # where in the rule file
    message: str
    at_key: bool = False  # point at the key itself (an unknown operator), not its value

    def __str__(self) -> str:
        return self.message


def _hint(word: str, choices: tuple[str, ...] | list[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean `{match[0]}`?" if match else ""


# ---------------------------------------------------------------- parsing and type-checking


def parse(node: Any, scope: FieldType, pointer: str) -> Condition:
    """YAML data -> Condition, type-checked against `scope` (the proposal, or a list item)."""
    if not isinstance(node, Mapping):
        raise ConditionError(pointer, "a condition is a mapping such as {field: …, equals: …}")
    keys = set(node)
    for key in sorted(keys):
        if key not in KEYWORDS:
            raise ConditionError(
                f"{pointer}/{key}", f"unknown operator or key `{key}`{_hint(key, KEYWORDS)}", at_key=True
            )
    combinator = keys & set(COMBINATORS)
    quantifier = keys & set(QUANTIFIERS)
    if combinator:
        if len(keys) != 1:
            raise ConditionError(pointer, f"`{combinator.pop()}` must stand alone in its mapping")
        key = next(iter(keys))
        if key == "not":
            return Not(parse(node["not"], scope, f"{pointer}/not"))
        items = node[key]
        if not isinstance(items, list) or not items:
            raise ConditionError(f"{pointer}/{key}", f"`{key}` takes a non-empty list of conditions")
        parsed = tuple(parse(item, scope, f"{pointer}/{key}/{i}") for i, item in enumerate(items))
        return All(parsed) if key == "all" else AnyOf(parsed)
    if quantifier:
        key = quantifier.pop()
        if keys != {key, "where"}:
            raise ConditionError(pointer, f"`{key}` takes exactly one other key, `where`")
        path = node[key]
        item_type = _collection(scope, path, f"{pointer}/{key}")
        where = parse(node["where"], item_type, f"{pointer}/where")
        return Quantified(QUANTIFIERS[key], path, where)
    if "field" not in keys:
        raise ConditionError(pointer, "a test needs `field:` naming what it tests")
    ops = keys - {"field"}
    if len(ops) != 1:
        raise ConditionError(pointer, f"a test has exactly one operator (one of {', '.join(LEAF_OPS)})")
    op = ops.pop()
    path = node["field"]
    if not isinstance(path, str) or not path:
        raise ConditionError(f"{pointer}/field", "`field` is a dotted path such as data.identifiability")
    try:
        field_type = resolve(scope, path)
    except PathError as error:
        raise ConditionError(f"{pointer}/field", error.message) from None
    operand = node[op]
    _check_operand(field_type, path, op, operand, f"{pointer}/{op}")
    if op in ("in", "not_in", "contains_any", "mentions_any"):
        operand = tuple(operand)
    return Compare(path, op, operand)


def _collection(scope: FieldType, path: Any, pointer: str) -> FieldType:
    if not isinstance(path, str) or not path:
        raise ConditionError(pointer, "name the list to go through, e.g. data.datasets[].fields")
    try:
        found = resolve(scope, path, collection=True)
    except PathError as error:
        raise ConditionError(pointer, error.message) from None
    if found.kind != "array" or found.items is None or found.items.kind != "object":
        raise ConditionError(pointer, f"`{path}` is not a list of objects; test a list of values with `contains`")
    return found.items


def _type_name(field_type: FieldType) -> str:
    if field_type.enum:
        return "one of " + ", ".join(field_type.enum)
    return {
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "string": "text",
        "date": "a date",
        "array": "a list",
        "object": "an object",
    }[field_type.kind]


def _check_value(field_type: FieldType, path: str, value: Any, pointer: str) -> None:
    ok = {
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "string": isinstance(value, str),
        "date": isinstance(value, str),
    }.get(field_type.kind, False)
    if not ok:
        raise ConditionError(pointer, f"`{path}` holds {_type_name(field_type)}, so {value!r} can never match it")
    if field_type.enum and value not in field_type.enum:
        raise ConditionError(
            pointer,
            f"{value!r} is not a value of `{path}` (one of {', '.join(field_type.enum)})"
            + _hint(str(value), field_type.enum),
        )


def _check_operand(field_type: FieldType, path: str, op: str, operand: Any, pointer: str) -> None:
    if op == "present":
        if not isinstance(operand, bool):
            raise ConditionError(pointer, "`present` takes true or false")
        return
    if op in LIST_OPS:
        if field_type.kind != "array" or field_type.items is None:
            raise ConditionError(pointer, f"`{op}` tests a list, but `{path}` is {_type_name(field_type)}")
        if op in ("items_at_least", "items_fewer_than"):
            if not isinstance(operand, int) or isinstance(operand, bool) or operand < 0:
                raise ConditionError(pointer, f"`{op}` takes a whole number")
            return
        if not field_type.items.is_scalar:
            raise ConditionError(pointer, f"`{path}` is a list of objects: use any_item / where")
        values = operand if op == "contains_any" else [operand]
        if op == "contains_any" and (not isinstance(operand, list) or not operand):
            raise ConditionError(pointer, "`contains_any` takes a non-empty list")
        for i, value in enumerate(values):
            _check_value(field_type.items, f"{path}[]", value, f"{pointer}/{i}" if op == "contains_any" else pointer)
        return
    if not field_type.is_scalar:
        raise ConditionError(
            pointer,
            f"`{path}` is {_type_name(field_type)}; use `present`, `contains` or any_item with it",
        )
    if op == "mentions_any":
        if field_type.kind != "string" or field_type.enum:
            raise ConditionError(pointer, f"`mentions_any` tests free text, and `{path}` is not free text")
        if not isinstance(operand, list) or not operand:
            raise ConditionError(pointer, "`mentions_any` takes a non-empty list of words")
        for i, word in enumerate(operand):
            if not isinstance(word, str) or not WORD.match(word):
                raise ConditionError(f"{pointer}/{i}", "words are letters, digits, spaces, _ and - (no patterns)")
            if len(word) > MAX_WORD_LENGTH:
                raise ConditionError(
                    f"{pointer}/{i}",
                    f"a word of {len(word):,} characters; at most {MAX_WORD_LENGTH:,} "
                    "(the rule engine cannot hold a longer pattern)",
                )
        return
    if op in ("gt", "gte", "lt", "lte") and field_type.kind not in ("integer", "number"):
        raise ConditionError(pointer, f"`{op}` compares numbers, but `{path}` is {_type_name(field_type)}")
    if op in ("in", "not_in"):
        if not isinstance(operand, list) or not operand:
            raise ConditionError(pointer, f"`{op}` takes a non-empty list of values")
        for i, value in enumerate(operand):
            _check_value(field_type, path, value, f"{pointer}/{i}")
        return
    _check_value(field_type, path, operand, pointer)


# ---------------------------------------------------------------- facts layout and evaluation


def fact_key(path: str) -> str:
    """The flat key a field path has in a projected fact (shared by both engines)."""
    return "f_" + path.replace("[]", "_each").replace(".", "__")


def length_key(path: str) -> str:
    return "n_" + path.replace("[]", "_each").replace(".", "__")


def mentions(text: str, words: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(word.lower() in lowered for word in words)


def evaluate(condition: Condition, scope: Mapping[str, Any]) -> bool:
    """The reference semantics, over a projected fact (or one of its list items)."""
    if isinstance(condition, All):
        return all(evaluate(item, scope) for item in condition.items)
    if isinstance(condition, AnyOf):
        return any(evaluate(item, scope) for item in condition.items)
    if isinstance(condition, Not):
        return not evaluate(condition.item, scope)
    if isinstance(condition, Quantified):
        items = scope.get(fact_key(condition.collection), [])
        if condition.kind == "any":
            return any(evaluate(condition.where, item) for item in items)
        if condition.kind == "all":
            return all(evaluate(condition.where, item) for item in items)
        return not any(evaluate(condition.where, item) for item in items)
    return _compare(condition, scope)


def _compare(test: Compare, scope: Mapping[str, Any]) -> bool:
    op, operand = test.op, test.operand
    if op == "items_at_least":
        return int(scope.get(length_key(test.field), 0)) >= int(operand)
    if op == "items_fewer_than":
        return int(scope.get(length_key(test.field), 0)) < int(operand)
    key = fact_key(test.field)
    if key not in scope:
        return op in ("not_equals", "not_in") or (op == "present" and not operand)
    return holds(op, scope[key], operand)


def holds(op: str, value: Any, operand: Any) -> bool:
    """What one test means for a value that is there (shared by the engine and the gate)."""
    if op == "present":
        return bool(operand)
    if op in _RELATIONS:
        return bool(_RELATIONS[op](value, operand))
    if op == "contains":
        return bool(operand in value)
    if op == "contains_any":
        return any(v in value for v in operand)
    if op == "mentions_any":
        return mentions(value, operand)
    raise AssertionError(f"unhandled operator {op}")


_RELATIONS: dict[str, Callable[[Any, Any], bool]] = {
    "equals": lambda value, operand: value == operand,
    "not_equals": lambda value, operand: value != operand,
    "in": lambda value, operand: value in operand,
    "not_in": lambda value, operand: value not in operand,
    "gt": lambda value, operand: value > operand,
    "gte": lambda value, operand: value >= operand,
    "lt": lambda value, operand: value < operand,
    "lte": lambda value, operand: value <= operand,
}


def walk(condition: Condition, prefix: str = "") -> Iterator[tuple[str, Condition]]:
    """Every node with the collection path it is evaluated in ('' for the root)."""
    yield prefix, condition
    if isinstance(condition, (All, AnyOf)):
        for item in condition.items:
            yield from walk(item, prefix)
    elif isinstance(condition, Not):
        yield from walk(condition.item, prefix)
    elif isinstance(condition, Quantified):
        yield from walk(condition.where, f"{prefix}{condition.collection}.")
