"""The compiled form avoids durable-rules' uninitialised read on item conditions ending in `$or`.

durable-rules 2.0.28 validates an `$iany`/`$iall` body by reading the operand type of the node
its last test created; for an `$or` that node's type is never initialised (valgrind), so
registration failed at random with "error code: 102" (CI, once in hundreds of processes). The
compiler never emits such a body; these tests hold it to that on the bundled pack, the gateway
catalogue and random conditions, and check the rewritten shapes still mean the same thing.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from sharecheck import load_pack
from sharecheck.engines.conditions import All, AnyOf, Compare, Condition, Not, Quantified, fact_key, length_key
from sharecheck.engines.durable_compile import ALWAYS_TRUE_FOR_AN_ITEM, ruleset, to_durable
from sharecheck.engines.runtime import DurableEngine, Program, ReferenceEngine
from tests.conftest import examples
from tests.engines.test_runtime import conditions


def item_bodies(expression: Any) -> list[dict[str, Any]]:
    """Every `$iany`/`$iall` body inside a compiled expression."""
    found: list[dict[str, Any]] = []
    if isinstance(expression, dict):
        for key, value in expression.items():
            if key in ("$iany", "$iall"):
                (body,) = value.values()
                found.append(body)
            found.extend(item_bodies(value))
    elif isinstance(expression, list):
        for item in expression:
            found.extend(item_bodies(item))
    return found


def ends_in_or(expression: dict[str, Any]) -> bool:
    if "$or" in expression:
        return True
    return "$and" in expression and ends_in_or(expression["$and"][-1])


def test_no_item_condition_of_the_bundled_pack_or_catalogue_ends_in_an_or() -> None:
    pack = load_pack([])
    for program in (pack.program, pack.gateways.exclusions):
        bodies = item_bodies(ruleset(program.conditions))
        assert bodies, "the pack has item conditions, so this test can fail"
        assert not [body for body in bodies if ends_in_or(body)]


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions())
def test_no_compiled_item_condition_ends_in_an_or(condition: Condition) -> None:
    try:
        compiled = to_durable(condition)
    except ValueError:  # refused at load with a reason (tests/engines/test_runtime.py)
        return
    assert not [body for body in item_bodies(compiled) if ends_in_or(body)]


def test_a_plain_test_is_moved_last_rather_than_adding_one() -> None:
    cond = Quantified("any", "items", All((Compare("a", "in", ("red", "blue")), Compare("b", "equals", True))))
    (body,) = item_bodies(to_durable(cond))
    assert body == {"$and": [{"$or": [{"$i.f_a": "red"}, {"$i.f_a": "blue"}]}, {"$i.f_b": True}]}


# Every conjunct is an `$or`, so the always-true test is added: one item must still satisfy both.
BOTH_DISJUNCTIONS = All((Compare("a", "in", ("red", "blue")), Compare("n", "not_equals", 1)))
ITEMS = [
    [{fact_key("a"): "red", fact_key("n"): 2}],
    [{fact_key("a"): "red", fact_key("n"): 1}, {fact_key("a"): "green"}],
    [{fact_key("a"): "green"}, {fact_key("a"): "blue"}],
    [{fact_key("n"): 1}],
]


def test_the_added_always_true_test_changes_no_verdict() -> None:
    program = Program.of(
        {
            "any": Quantified("any", "items", BOTH_DISJUNCTIONS),
            "all": Quantified("all", "items", AnyOf((Compare("a", "equals", "red"), Compare("a", "equals", "blue")))),
            "none": Not(Quantified("any", "items", Compare("a", "in", ("red", "blue")))),
            "tags": Compare("tags", "contains_any", ("red", "blue")),
        }
    )
    assert ALWAYS_TRUE_FOR_AN_ITEM in item_bodies(to_durable(program.conditions["any"]))[0]["$and"]
    verdicts = []
    for items in ITEMS:
        fact = {fact_key("items"): items, fact_key("tags"): ["blue"], length_key("tags"): 1}
        durable = DurableEngine().evaluate(program, fact)
        assert durable == ReferenceEngine().evaluate(program, fact), items
        verdicts.append(durable)
    assert {"any"} <= verdicts[0] and "any" not in verdicts[3]  # both verdicts are reached
    assert "all" in verdicts[0] and "all" not in verdicts[1]
    assert "none" in verdicts[3] and "none" not in verdicts[2]


def test_a_list_and_its_length_are_two_keys_for_an_or_inside_every_item() -> None:
    # Hypothesis found durable-rules and the reference disagreeing on this: "no item both has
    # the tag red and has at least 0 tags" is, per item, `tags ∌ red or count(tags) < 0`, an
    # `$or` over f_tags and n_tags, the cross-field shape durable-rules evaluates wrongly
    from sharecheck.engines.durable_compile import unsupported

    both = All((Compare("tags", "contains", "red"), Compare("tags", "items_at_least", 0)))
    assert "split the rule" in (unsupported(Quantified("none", "items", both)) or "")
    assert unsupported(Quantified("any", "items", both)) is None  # lifted out of the quantifier instead
