from __future__ import annotations

from typing import Any

import pytest

from sharecheck.engines.conditions import (
    All,
    AnyOf,
    Compare,
    ConditionError,
    Not,
    Quantified,
    evaluate,
    fact_key,
    parse,
)
from sharecheck.packs.loader import proposal_type

ROOT = proposal_type()


def ok(node: Any) -> Any:
    return parse(node, ROOT, "/when")


def error(node: Any) -> ConditionError:
    with pytest.raises(ConditionError) as caught:
        parse(node, ROOT, "/when")
    return caught.value


def test_parses_the_whole_language() -> None:
    cond = ok(
        {
            "all": [
                {"field": "data.identifiability", "equals": "personally_identifiable"},
                {"not": {"field": "purpose.why_identifiable", "present": True}},
                {
                    "any": [
                        {"field": "data.volume_records", "gte": 1000},
                        {"field": "data.subjects", "contains": "children"},
                    ]
                },
                {"any_item": "data.datasets[].fields", "where": {"field": "special_category", "in": ["health"]}},
                {"no_item": "parties", "where": {"field": "role", "equals": "processor"}},
            ]
        }
    )
    assert isinstance(cond, All) and len(cond.items) == 5
    assert isinstance(cond.items[1], Not)
    assert isinstance(cond.items[2], AnyOf)
    assert cond.items[3] == Quantified("any", "data.datasets[].fields", Compare("special_category", "in", ("health",)))


@pytest.mark.parametrize(
    ("node", "pointer", "words"),
    [
        (
            {"field": "data.identifability", "equals": "anonymous"},
            "/when/field",
            "did you mean `data.identifiability`?",
        ),
        ({"field": "legal.gatways", "present": True}, "/when/field", "did you mean `legal.gateways`?"),
        ({"field": "data.identifiability", "equal": "anonymous"}, "/when/equal", "did you mean `equals`?"),
        (
            {"field": "data.identifiability", "equals": "pseudonymous"},
            "/when/equals",
            "not a value of `data.identifiability`",
        ),
        ({"field": "data.volume_records", "gt": "1000"}, "/when/gt", "holds a whole number"),
        ({"field": "data.identifiability", "gt": 3}, "/when/gt", "compares numbers"),
        ({"field": "data.confidential", "equals": "true"}, "/when/equals", "holds true or false"),
        ({"field": "data.subjects", "contains": "kids"}, "/when/contains", "not a value of `data.subjects[]`"),
        ({"field": "data.datasets.fields", "present": True}, "/when/field", "write `datasets[]`"),
        (
            {"any_item": "data.subjects", "where": {"field": "x", "present": True}},
            "/when/any_item",
            "not a list of objects",
        ),
        ({"field": "purpose.statement", "mentions_any": ["a.*"]}, "/when/mentions_any/0", "no patterns"),
        ({"all": []}, "/when/all", "non-empty list"),
        ({"all": [{"field": "id", "present": True}], "any": []}, "/when", "must stand alone"),
        ({"field": "id"}, "/when", "exactly one operator"),
        ({"equals": 1}, "/when", "needs `field:`"),
        ("data.identifiability == 'x'", "/when", "a condition is a mapping"),
    ],
)
def test_mistakes_are_refused_at_the_right_place(node: Any, pointer: str, words: str) -> None:
    found = error(node)
    assert found.pointer == pointer
    assert words in found.message, found.message


def test_item_paths_are_relative_to_the_item() -> None:
    cond = ok({"any_item": "parties", "where": {"field": "org_type", "equals": "police"}})
    assert isinstance(cond, Quantified)
    with pytest.raises(ConditionError, match="unknown field"):
        ok({"any_item": "parties", "where": {"field": "parties.org_type", "equals": "police"}})


def test_absent_fields_make_comparisons_false_and_negations_true() -> None:
    empty: dict[str, Any] = {}
    assert not evaluate(Compare("a", "equals", "x"), empty)
    assert evaluate(Compare("a", "not_equals", "x"), empty)
    assert evaluate(Compare("a", "not_in", ("x",)), empty)
    assert not evaluate(Compare("a", "in", ("x",)), empty)
    assert not evaluate(Compare("n", "gt", 1), empty)
    assert evaluate(Not(Compare("n", "gt", 1)), empty)
    assert evaluate(Quantified("all", "items", Compare("x", "present", True)), empty)
    assert not evaluate(Quantified("any", "items", Compare("x", "present", True)), empty)
    assert evaluate(Quantified("none", "items", Compare("x", "present", True)), empty)


def test_mentions_is_a_case_insensitive_substring() -> None:
    scope = {fact_key("name"): "Ethnic_Origin_Code"}
    assert evaluate(Compare("name", "mentions_any", ("ethnic",)), scope)
    assert not evaluate(Compare("name", "mentions_any", ("religio",)), scope)
