"""Conditions that can never be true: a small, sound satisfiability check for `rules lint`.

A rule whose condition can never hold never fires, and nobody notices until a proposal it
was meant to stop goes through. This check works on the condition in negation normal form
and looks at each conjunction of tests on one field (in one scope), in the condition
language's own semantics (blank and empty values are absent; a comparison on an absent field
is false and its negation true; see `conditions`). It reports only what it can prove: every
verdict of "impossible" is checked by evaluating `conditions.evaluate` on each candidate
value, or follows from bounds that no value can meet. What it cannot decide, it lets pass.

- A conjunction is impossible when the tests on one of its fields are; an `any:` when each
  alternative is; an `any_item` when its item condition is.
- `all_items` and `no_item` are never impossible (an empty list satisfies them), but one whose
  item condition is impossible is reported: it holds only for an empty list, or always.
- An alternative of `any:` that can never be true is reported too: it is dead text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from sharecheck.engines.conditions import All, AnyOf, Compare, Condition, Not, evaluate, fact_key, length_key
from sharecheck.reading.fieldtypes import FieldType, resolve


@dataclass(frozen=True)
class Literal:
    """One test, possibly negated, with where it is written and what it tests."""

    test: Compare
    negated: bool
    pointer: str
    field_type: FieldType
    scope: str  # "" at the root, else the collection path its item belongs to

    @property
    def name(self) -> str:
        return f"{self.scope}[].{self.test.field}" if self.scope else self.test.field


@dataclass(frozen=True)
class Conj:
    items: tuple[Node, ...]
    pointer: str


@dataclass(frozen=True)
class Disj:
    items: tuple[Node, ...]
    pointer: str
    written: str = "`any:`"  # or "`not:` over `all:`", which means the same


@dataclass(frozen=True)
class Exists:
    collection: str
    body: Node
    pointer: str
    keyword: str  # how it was written: any_item, all_items (negated), no_item (negated), for_each


@dataclass(frozen=True)
class Forall:
    collection: str
    body: Node
    pointer: str
    keyword: str


Node: TypeAlias = "Literal | Conj | Disj | Exists | Forall"


@dataclass(frozen=True)
class Contradiction:
    """Something in a condition that can never be true."""

    fatal: bool  # the whole condition can never be true (the rule never fires)
    pointer: str  # where to point: the test that completes the contradiction
    explanation: str
    hint: str


# ---------------------------------------------------------------- negation normal form, with positions


def annotate(condition: Condition, pointer: str, scope_type: FieldType, scope: str = "", negated: bool = False) -> Node:
    """A parsed condition as a Node, each test carrying where it is written in the rule file."""
    if isinstance(condition, Compare):
        return Literal(condition, negated, pointer, resolve(scope_type, condition.field), scope)
    if isinstance(condition, Not):
        return annotate(condition.item, f"{pointer}/not", scope_type, scope, not negated)
    if isinstance(condition, (All, AnyOf)):
        key = "all" if isinstance(condition, All) else "any"
        parts = tuple(
            annotate(item, f"{pointer}/{key}/{i}", scope_type, scope, negated) for i, item in enumerate(condition.items)
        )
        if isinstance(condition, All) != negated:
            return Conj(parts, pointer)
        return Disj(parts, pointer, "`not:` over `all:`" if negated else "`any:`")
    item_type = resolve(scope_type, condition.collection, collection=True).items
    assert item_type is not None
    inner_scope = f"{scope}[].{condition.collection}" if scope else condition.collection
    keyword = {"any": "any_item", "all": "all_items", "none": "no_item"}[condition.kind]
    kind, outer_negated = condition.kind, negated
    if kind == "none":  # none(C) == not any(C)
        kind, outer_negated = "any", not negated
    # not any(C) == all(not C); not all(C) == any(not C)
    existential = (kind == "all") if outer_negated else (kind == "any")
    body = annotate(condition.where, f"{pointer}/where", item_type, inner_scope, outer_negated)
    return (Exists if existential else Forall)(condition.collection, body, pointer, keyword)


# ---------------------------------------------------------------- the search


Where = Callable[[str], int]  # pointer -> line, for the explanations


def contradictions(node: Node, line_of: Where) -> list[Contradiction]:
    """Everything in `node` that can never be true; the fatal ones first."""
    found = _check(node, (), line_of)
    return sorted(found, key=lambda c: not c.fatal)


def _flatten(node: Conj) -> tuple[list[Literal], list[Node]]:
    literals: list[Literal] = []
    others: list[Node] = []
    for item in node.items:
        if isinstance(item, Literal):
            literals.append(item)
        elif isinstance(item, Conj):
            inner_literals, inner_others = _flatten(item)
            literals.extend(inner_literals)
            others.extend(inner_others)
        else:
            others.append(item)
    return literals, others


def _check(node: Node, context: tuple[Literal, ...], line_of: Where) -> list[Contradiction]:
    if isinstance(node, Literal):
        return _check(Conj((node,), node.pointer), context, line_of)
    if isinstance(node, Conj):
        local, others = _flatten(node)
        found: list[Contradiction] = []
        for field in dict.fromkeys(lit.test.field for lit in local):
            below = [lit for lit in context if lit.test.field == field]
            group = below + [lit for lit in local if lit.test.field == field]
            if satisfiable(below) and not satisfiable(group):
                found.append(_explain(_core(group), line_of))
        inner = (*context, *local)
        for other in others:
            found.extend(_check(other, inner, line_of))
        return found
    if isinstance(node, Disj):
        branches = [_check(item, context, line_of) for item in node.items]
        fatal = [next((c for c in found if c.fatal), None) for found in branches]
        if all(fatal):
            reasons = "; ".join(c.explanation for c in fatal if c is not None)
            first = next(c for c in fatal if c is not None)
            return [
                Contradiction(
                    True,
                    node.pointer,
                    f"no alternative under {node.written} (line {line_of(node.pointer)}) can be true: {reasons}",
                    first.hint,
                )
            ]
        out: list[Contradiction] = []
        for item, found in zip(node.items, branches, strict=True):
            for c in found:
                if c.fatal:
                    out.append(
                        Contradiction(
                            False,
                            c.pointer,
                            f"an alternative under {node.written} (line {line_of(item.pointer)}) can never be true, "
                            f"so it never matters: {c.explanation}",
                            c.hint,
                        )
                    )
                else:
                    out.append(c)
        return out
    if isinstance(node, Exists):
        found = _check(node.body, (), line_of)
        blocking = next((c for c in found if c.fatal), None)
        if blocking is None:
            return found
        return [
            Contradiction(
                True,
                blocking.pointer,
                f"no item of `{node.collection}` can match: {blocking.explanation}",
                blocking.hint,
            ),
            *(c for c in found if not c.fatal),
        ]
    found = _check(node.body, (), line_of)
    out = []
    for c in found:
        if not c.fatal:
            out.append(c)
            continue
        if node.keyword == "no_item":
            effect = "is always true"
        elif node.keyword == "all_items":
            effect = f"holds only when `{node.collection}` is empty"
        else:
            effect = f"is always true (`{node.collection}` has no matching item)"
        out.append(
            Contradiction(
                False,
                c.pointer,
                f"`{node.keyword}: {node.collection}` (line {line_of(node.pointer)}) {effect}, "
                f"because no item can match its `where`: {c.explanation}",
                c.hint,
            )
        )
    return out


def _core(group: Sequence[Literal]) -> list[Literal]:
    """A minimal subset that is still impossible: the tests to show the author."""
    core = list(group)
    for literal in list(core):
        trial = [lit for lit in core if lit is not literal]
        if not satisfiable(trial):
            core = trial
    return core


# ---------------------------------------------------------------- satisfiability of tests on one field


def _holds(literal: Literal, value: Any) -> bool:
    """The literal on a concrete value (None: absent), by the reference semantics."""
    test = literal.test
    scope: dict[str, Any] = {}
    if value is not None:
        scope[fact_key(test.field)] = value
    if isinstance(value, list):
        scope[length_key(test.field)] = len(value)
    return evaluate(test, scope) != literal.negated


def satisfiable(group: Sequence[Literal]) -> bool:
    """Whether some value of the field meets every test (all tests are on one field).

    False only when proved; True when a value exists or when it cannot be decided here.
    """
    if not group:
        return True
    field_type = group[0].field_type
    if field_type.kind == "array":
        return _list_satisfiable(group, field_type)
    if all(_holds(lit, None) for lit in group):
        return True  # the field left out meets them all
    candidates = _candidates(group, field_type)
    if candidates is not None:
        return any(all(_holds(lit, value) for lit in group) for value in candidates)
    if any(_requires_absent(lit) for lit in group):
        return False
    if field_type.kind in ("integer", "number"):
        return _numbers_satisfiable(group, integer=field_type.kind == "integer")
    if field_type.kind == "string":
        return _text_satisfiable(group)
    return True


def _requires_absent(literal: Literal) -> bool:
    test = literal.test
    return test.op == "present" and test.operand == literal.negated


def _candidates(group: Sequence[Literal], field_type: FieldType) -> list[Any] | None:
    """Every value that could satisfy the group when present, if there are finitely many."""
    allowed: list[Any] | None = None
    for lit in group:
        op, operand = lit.test.op, lit.test.operand
        values: list[Any] | None = None
        if (op == "equals" and not lit.negated) or (op == "not_equals" and lit.negated):
            values = [operand]
        elif (op == "in" and not lit.negated) or (op == "not_in" and lit.negated):
            values = list(operand)
        if values is not None:
            allowed = values if allowed is None else [v for v in allowed if v in values]
    if allowed is None and field_type.enum and not field_type.open_enum:
        allowed = list(field_type.enum)
    if allowed is None and field_type.kind == "boolean":
        allowed = [True, False]
    if allowed is None:
        return None
    # a present value is never blank text: blank counts as absent
    return [v for v in allowed if not (isinstance(v, str) and not v.strip())]


def _numbers_satisfiable(group: Sequence[Literal], *, integer: bool) -> bool:
    low, low_strict = -math.inf, False
    high, high_strict = math.inf, False
    excluded: set[Any] = set()
    for lit in group:
        op, operand, negated = lit.test.op, lit.test.operand, lit.negated
        if op in ("gt", "gte", "lt", "lte"):
            bound = {"gt": ("low", True), "gte": ("low", False), "lt": ("high", True), "lte": ("high", False)}
            side, strict = bound[op]
            if negated:  # not (x > n) is x <= n, and so on
                side, strict = ("high" if side == "low" else "low"), not strict
            if side == "low" and (operand > low or (operand == low and strict)):
                low, low_strict = operand, strict
            if side == "high" and (operand < high or (operand == high and strict)):
                high, high_strict = operand, strict
        elif (op == "not_equals" and not negated) or (op == "equals" and negated):
            excluded.add(operand)
        elif (op == "not_in" and not negated) or (op == "in" and negated):
            excluded.update(operand)
    if integer:
        first = -math.inf if low == -math.inf else (math.floor(low) + 1 if low_strict else math.ceil(low))
        last = math.inf if high == math.inf else (math.ceil(high) - 1 if high_strict else math.floor(high))
        if first > last:
            return False
        if math.isinf(first) or math.isinf(last) or last - first + 1 > len(excluded):
            return True
        return any(x not in excluded for x in range(int(first), int(last) + 1))
    if low > high:
        return False
    if low == high:
        return not (low_strict or high_strict) and low not in excluded
    return True


def _text_satisfiable(group: Sequence[Literal]) -> bool:
    """Free text: infinitely many values, so only mentions can conflict. A text made of one
    wanted word per `mentions_any`, joined by a character no word contains, avoids every
    unwanted word unless some wanted list has only words that contain an unwanted one."""
    unwanted = [w.lower() for lit in group if lit.test.op == "mentions_any" and lit.negated for w in lit.test.operand]
    for lit in group:
        if lit.test.op == "mentions_any" and not lit.negated:
            words = [w.lower() for w in lit.test.operand]
            if all(any(u in w for u in unwanted) for w in words):
                return False
    return True


def _list_satisfiable(group: Sequence[Literal], field_type: FieldType) -> bool:
    """Lists: what they must and must not include, and how long they may be.

    `present` and `contains` see the list without blank items, the `items_*` tests count
    every item; so only for lists whose items cannot be blank (choices, objects, numbers)
    does "missing" mean "no items".
    """
    items = field_type.items
    tied = items is None or items.kind != "string" or bool(items.enum)
    required: set[Any] = set()
    forbidden: set[Any] = set()
    some_of: list[set[Any]] = []
    present: bool | None = None
    low: float = 0
    high: float = math.inf
    for lit in group:
        op, operand, negated = lit.test.op, lit.test.operand, lit.negated
        if op == "present":
            wanted = operand != negated
            if present is not None and present != wanted:
                return False
            present = wanted
        elif op == "contains":
            (forbidden if negated else required).add(operand)
        elif op == "contains_any":
            if negated:
                forbidden.update(operand)
            else:
                some_of.append(set(operand))
        elif op == "items_at_least":
            low, high = (low, min(high, operand - 1)) if negated else (max(low, operand), high)
        elif op == "items_fewer_than":
            low, high = (max(low, operand), high) if negated else (low, min(high, operand - 1))
        else:
            return True  # not a list test: nothing proved
    nonempty = present is True or bool(required) or bool(some_of)
    if present is False and nonempty:
        return False
    if required & forbidden or any(not (wanted - forbidden) for wanted in some_of):
        return False
    if nonempty and items is not None and items.enum and not (set(items.enum) - forbidden):
        return False
    need = len(required) + (1 if any(not (wanted & required) for wanted in some_of) else 0)
    if nonempty:
        need = max(need, 1)
    if tied and present is False:
        high = min(high, 0)
    return max(low, need) <= high


# ---------------------------------------------------------------- words


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and not value.strip():
        return f'"{value}"'
    return str(value)


def _several(values: Sequence[Any]) -> str:
    return ", ".join(_show(v) for v in values)


def _items(n: int) -> str:
    return f"{n} item{'' if n == 1 else 's'}"


def phrase(literal: Literal) -> str:
    """What the literal asks of its field, as a verb phrase ("equal education")."""
    op, v, negated = literal.test.op, literal.test.operand, literal.negated
    if op == "present":
        return "be given" if v != negated else "be missing"
    positive = {
        "equals": lambda: f"equal {_show(v)}",
        "not_equals": lambda: f"differ from {_show(v)}",
        "in": lambda: f"equal {_show(v[0])}" if len(v) == 1 else f"be one of {_several(v)}",
        "not_in": lambda: f"differ from {_show(v[0])}" if len(v) == 1 else f"be none of {_several(v)}",
        "gt": lambda: f"be more than {_show(v)}",
        "gte": lambda: f"be at least {_show(v)}",
        "lt": lambda: f"be less than {_show(v)}",
        "lte": lambda: f"be at most {_show(v)}",
        "contains": lambda: f"include {_show(v)}",
        "contains_any": lambda: f"include one of {_several(v)}",
        "items_at_least": lambda: f"have at least {_items(v)}",
        "items_fewer_than": lambda: f"have fewer than {_items(v)}",
        "mentions_any": lambda: f"mention one of {_several(v)}",
    }
    negative = {
        "equals": "not_equals",
        "not_equals": "equals",
        "in": "not_in",
        "not_in": "in",
        "gt": "lte",
        "gte": "lt",
        "lt": "gte",
        "lte": "gt",
        "items_at_least": "items_fewer_than",
        "items_fewer_than": "items_at_least",
    }
    if not negated:
        return positive[op]()
    if op in negative:
        return positive[negative[op]]()
    return {
        "contains": f"not include {_show(v)}",
        "contains_any": f"include none of {_several(v)}",
        "mentions_any": f"mention none of {_several(v)}",
    }[op]


def _explain(core: Sequence[Literal], line_of: Where) -> Contradiction:
    ordered = sorted(core, key=lambda lit: (line_of(lit.pointer), lit.pointer))
    parts = [f"{phrase(lit)} (line {line_of(lit.pointer)})" for lit in ordered]
    name = f"`{ordered[0].name}`"
    if len(parts) == 1:
        text = f"{name} can never {parts[0]}"
    elif len(parts) == 2:
        text = f"{name} cannot both {parts[0]} and {parts[1]}"
    else:
        text = f"{name} cannot at once {', '.join(parts[:-1])} and {parts[-1]}"
    return Contradiction(True, ordered[-1].pointer, text, _hint(ordered))


def _hint(core: Sequence[Literal]) -> str:
    ops = {lit.test.op for lit in core}
    if any(_requires_absent(lit) for lit in core) and len(core) > 1:
        return "`present: false` means the field is missing, and a missing field passes no other test; drop one"
    if ops == {"items_fewer_than"} and len(core) == 1:
        return "no list has fewer than 0 items; `items_fewer_than: 1` means no items"
    if core[0].field_type.kind == "array":
        return "check what the list must include and how many items it may have; one of these tests is wrong"
    if ops == {"mentions_any"}:
        return "each wanted word contains an unwanted one, so a text that mentions it always mentions the other"
    if ops <= {"gt", "gte", "lt", "lte", "equals", "not_equals", "in", "not_in"} and ops & {"gt", "gte", "lt", "lte"}:
        return "no number meets all these bounds: check the direction of gt/gte/lt/lte and the numbers"
    if len(core) == 1:
        return "blank text counts as missing, so compare with real values or use `present: false`"
    if ops <= {"equals", "not_equals", "in", "not_in", "present"}:
        return (
            "a field holds one value at a time: to accept any of several, use `in: [...]` or put the tests under `any:`"
        )
    return "remove or correct one of these tests"
