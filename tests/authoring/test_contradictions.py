"""The contradiction check is sound: whatever it calls impossible, no value satisfies.

Soundness is what matters (lint must never cry wolf), so the properties below compare every
"impossible" verdict with the reference semantics (`conditions.evaluate`) over pools of
values that include the awkward ones: absent fields, blank text, lists with blank items.
"""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharecheck.authoring.contradictions import Literal, annotate, contradictions, satisfiable
from sharecheck.engines.conditions import (
    All,
    AnyOf,
    Compare,
    Condition,
    Not,
    Quantified,
    evaluate,
    fact_key,
    length_key,
)
from sharecheck.reading.fieldtypes import FieldType
from tests.conftest import examples

ENUM = ("red", "green", "blue")
WORDS = ("heal", "health", "care", "x_y", "9")
ITEM = FieldType(
    "object",
    properties={
        "a": FieldType("string", ENUM),
        "n": FieldType("integer"),
        "x": FieldType("number"),
        "b": FieldType("boolean"),
        "t": FieldType("string"),
        "tags": FieldType("array", items=FieldType("string", ENUM)),
        "notes": FieldType("array", items=FieldType("string")),
    },
)
SCOPE = FieldType("object", properties={**ITEM.properties, "items": FieldType("array", items=ITEM)})

# Every value a field can hold once projected (None: absent), with its length for lists.
TEXTS = ("Health", "healthcare", "care", "x_y 9", "other", "HEAL")
POOLS: dict[str, list[Any]] = {
    "a": [None, *ENUM],
    "n": [None, *range(-4, 5)],
    "x": [None, *(i / 4 for i in range(-16, 17))],
    "b": [None, True, False],
    "t": [None, *TEXTS],
    "tags": [list(c) for r in range(4) for c in itertools.combinations(ENUM, r)],
    "notes": [list(c) for r in range(4) for c in itertools.product(["", "x", "y"], repeat=r)],
}


def scope_for(field: str, value: Any) -> dict[str, Any]:
    scope: dict[str, Any] = {}
    if field in ("tags", "notes"):
        cleaned = [v for v in value if v.strip()]
        if cleaned:
            scope[fact_key(field)] = cleaned
        scope[length_key(field)] = len(value)
    elif value is not None:
        scope[fact_key(field)] = value
    return scope


@cache
def literals(field: str) -> st.SearchStrategy[Compare]:
    enum = st.sampled_from(ENUM)
    enums = st.lists(enum, min_size=1, max_size=2).map(tuple)
    presence = st.builds(lambda v: Compare(field, "present", v), st.booleans())
    if field == "a":
        return st.one_of(
            presence,
            st.builds(lambda op, v: Compare(field, op, v), st.sampled_from(["equals", "not_equals"]), enum),
            st.builds(lambda op, v: Compare(field, op, v), st.sampled_from(["in", "not_in"]), enums),
        )
    if field in ("n", "x"):
        numbers = st.integers(-2, 2) if field == "n" else st.sampled_from([-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5])
        return st.one_of(
            presence,
            st.builds(
                lambda op, v: Compare(field, op, v),
                st.sampled_from(["equals", "not_equals", "gt", "gte", "lt", "lte"]),
                numbers,
            ),
            st.builds(
                lambda op, v: Compare(field, op, tuple(v)),
                st.sampled_from(["in", "not_in"]),
                st.lists(numbers, min_size=1, max_size=2),
            ),
        )
    if field == "b":
        return st.one_of(
            presence,
            st.builds(lambda op, v: Compare(field, op, v), st.sampled_from(["equals", "not_equals"]), st.booleans()),
        )
    if field == "t":
        return st.one_of(
            presence,
            st.builds(
                lambda op, v: Compare(field, op, v),
                st.sampled_from(["equals", "not_equals"]),
                st.sampled_from([*TEXTS, " "]),
            ),
            st.builds(
                lambda v: Compare(field, "mentions_any", tuple(v)),
                st.lists(st.sampled_from(WORDS), min_size=1, max_size=2),
            ),
        )
    counts = st.builds(
        lambda op, v: Compare(field, op, v), st.sampled_from(["items_at_least", "items_fewer_than"]), st.integers(0, 4)
    )
    if field == "notes":
        return st.one_of(presence, counts)
    return st.one_of(
        presence,
        counts,
        st.builds(lambda v: Compare(field, "contains", v), enum),
        st.builds(lambda v: Compare(field, "contains_any", v), enums),
    )


@cache
def group(field: str) -> st.SearchStrategy[list[Literal]]:
    literal = st.builds(
        lambda test, negated: Literal(test, negated, "", SCOPE.properties[field], ""), literals(field), st.booleans()
    )
    return st.lists(literal, min_size=1, max_size=4)


@pytest.mark.parametrize("field", sorted(POOLS))
@settings(max_examples=examples(500), deadline=None)
@given(data=st.data())
def test_an_impossible_group_has_no_value_that_meets_it(field: str, data: st.DataObject) -> None:
    tests = data.draw(group(field))
    if satisfiable(tests):
        return
    for value in POOLS[field]:
        scope = scope_for(field, value)
        assert not all(evaluate(t.test, scope) != t.negated for t in tests), (tests, value)


def leaf() -> st.SearchStrategy[Condition]:
    return st.sampled_from(["a", "n", "b", "tags"]).flatmap(literals)


def conditions(depth: int = 2, *, quantify: bool = True) -> st.SearchStrategy[Condition]:
    if depth == 0:
        return leaf()
    sub = conditions(depth - 1, quantify=quantify)
    options = [
        leaf(),
        st.builds(lambda xs: All(tuple(xs)), st.lists(sub, min_size=1, max_size=3)),
        st.builds(lambda xs: AnyOf(tuple(xs)), st.lists(sub, min_size=1, max_size=3)),
        st.builds(Not, sub),
    ]
    if quantify:  # items have no items of their own
        body = conditions(depth - 1, quantify=False)
        options.append(st.builds(lambda k, w: Quantified(k, "items", w), st.sampled_from(["any", "all", "none"]), body))
    return st.one_of(*options)


def worlds() -> st.SearchStrategy[dict[str, Any]]:
    def one(with_items: bool) -> st.SearchStrategy[dict[str, Any]]:
        fields = st.fixed_dictionaries({f: st.sampled_from(POOLS[f]) for f in ("a", "n", "b", "tags")})
        base = fields.map(lambda vs: {k: v for f, val in vs.items() for k, v in scope_for(f, val).items()})
        if not with_items:
            return base
        return st.tuples(base, st.lists(one(False), max_size=3)).map(
            lambda pair: {**pair[0], **({fact_key("items"): pair[1]} if pair[1] else {})}
        )

    return one(True)


@settings(max_examples=examples(300), deadline=None)
@given(condition=conditions(), world=worlds())
def test_a_condition_called_impossible_is_false_everywhere(condition: Condition, world: dict[str, Any]) -> None:
    found = contradictions(annotate(condition, "", SCOPE), lambda _: 1)
    if any(c.fatal for c in found):
        assert not evaluate(condition, world), (condition, world, found)


def impossible(condition: Condition) -> list[str]:
    return [c.explanation for c in contradictions(annotate(condition, "/when", SCOPE), lambda p: p.count("/"))]


def test_the_examples_authors_write() -> None:
    two_values = All((Compare("a", "equals", "red"), Compare("a", "equals", "blue")))
    assert impossible(two_values) == ["`a` cannot both equal red (line 3) and equal blue (line 3)"]
    missing = All((Compare("a", "equals", "red"), Compare("a", "present", False)))
    assert impossible(missing) == ["`a` cannot both equal red (line 3) and be missing (line 3)"]
    bounds = All((Compare("n", "gt", 5), Compare("n", "lt", 3)))
    assert impossible(bounds) == ["`n` cannot both be more than 5 (line 3) and be less than 3 (line 3)"]
    between = All((Compare("n", "gt", 3), Compare("n", "lt", 4)))  # no whole number between
    assert impossible(between) == ["`n` cannot both be more than 3 (line 3) and be less than 4 (line 3)"]
    excluded = All((Compare("a", "in", ("red", "blue")), Compare("a", "not_in", ("red", "blue"))))
    assert len(impossible(excluded)) == 1


def test_what_is_possible_is_not_reported() -> None:
    assert impossible(All((Compare("x", "gt", 3), Compare("x", "lt", 4)))) == []  # 3.5
    assert impossible(All((Compare("x", "gte", 1.5), Compare("x", "lte", 1.5)))) == []  # exactly 1.5
    assert impossible(All((Compare("n", "gte", 2), Compare("n", "lte", 3), Compare("n", "not_equals", 2)))) == []
    # "care" mentions neither "heal" nor "health"
    words = All((Compare("t", "mentions_any", ("health", "care")), Not(Compare("t", "mentions_any", ("heal",)))))
    assert impossible(words) == []
    assert impossible(All((Compare("a", "not_equals", "red"), Compare("a", "present", False)))) == []
    assert impossible(AnyOf((Compare("a", "equals", "red"), Compare("a", "equals", "blue")))) == []
    # a list of free text may hold only blank items: missing, yet with two items
    assert impossible(All((Compare("notes", "present", False), Compare("notes", "items_at_least", 2)))) == []
    # all_items over an empty list is true, whatever its condition
    contradictory = All((Compare("a", "equals", "red"), Compare("a", "equals", "blue")))
    found = contradictions(annotate(Quantified("all", "items", contradictory), "/when", SCOPE), lambda _: 1)
    assert found and not any(c.fatal for c in found)
    assert "holds only when `items` is empty" in found[0].explanation


def test_a_contradiction_with_the_context_inside_any() -> None:
    condition = All(
        (Compare("a", "equals", "red"), AnyOf((Compare("a", "equals", "blue"), Compare("a", "equals", "green"))))
    )
    (only,) = impossible(condition)
    assert only.startswith("no alternative under `any:`")
    dead = All((Compare("a", "equals", "red"), AnyOf((Compare("a", "equals", "blue"), Compare("n", "gt", 1)))))
    (text,) = impossible(dead)
    assert text.startswith("an alternative under `any:`") and "never matters" in text
