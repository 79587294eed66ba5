"""Both engines meet the reference semantics, and durable-rules' traps are designed out."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharecheck.engines import runtime as engine_module
from sharecheck.engines.conditions import All, AnyOf, Compare, Condition, Not, Quantified, fact_key, length_key
from sharecheck.engines.durable_compile import ANCHOR, lua_literal, ruleset, to_durable, unsupported
from sharecheck.engines.runtime import DurableEngine, EngineError, Program, ReferenceEngine
from tests.conftest import examples

# A small synthetic scope: the compiler is generic over fact keys, so this exercises every
# operator, negation and quantifier without depending on the proposal schema.
WORDS = ["health", "ethnic", "sex life", "a-b", "x_y", "9"]
TEXTS = ["", "Health record", "ETHNICITY", "sex life data", "a-b", "axb", "ab", "x_y", "x.y", "100% sure 9", "none"]
ENUM = ["red", "green", "blue"]


def leaf(field_prefix: str = "") -> st.SearchStrategy[Condition]:
    return st.one_of(
        st.builds(lambda v: Compare("a", "equals", v), st.sampled_from(ENUM)),
        st.builds(lambda v: Compare("a", "not_equals", v), st.sampled_from(ENUM)),
        st.builds(lambda v: Compare("a", "in", tuple(v)), st.lists(st.sampled_from(ENUM), min_size=1, max_size=2)),
        st.builds(lambda v: Compare("a", "not_in", tuple(v)), st.lists(st.sampled_from(ENUM), min_size=1, max_size=2)),
        st.builds(lambda op, v: Compare("n", op, v), st.sampled_from(["gt", "gte", "lt", "lte"]), st.integers(-2, 2)),
        st.builds(lambda v: Compare("b", "equals", v), st.booleans()),
        st.builds(lambda op, v: Compare(op, "present", v), st.sampled_from(["a", "n", "b", "t"]), st.booleans()),
        st.builds(lambda v: Compare("tags", "contains", v), st.sampled_from(ENUM)),
        st.builds(
            lambda v: Compare("tags", "contains_any", tuple(v)), st.lists(st.sampled_from(ENUM), min_size=1, max_size=2)
        ),
        st.builds(
            lambda op, v: Compare("tags", op, v),
            st.sampled_from(["items_at_least", "items_fewer_than"]),
            st.integers(0, 3),
        ),
        st.builds(
            lambda v: Compare("t", "mentions_any", tuple(v)), st.lists(st.sampled_from(WORDS), min_size=1, max_size=2)
        ),
    )


def conditions(depth: int = 2) -> st.SearchStrategy[Condition]:
    if depth == 0:
        return leaf()
    sub = conditions(depth - 1)
    return st.one_of(
        leaf(),
        st.builds(lambda xs: All(tuple(xs)), st.lists(sub, min_size=1, max_size=3)),
        st.builds(lambda xs: AnyOf(tuple(xs)), st.lists(sub, min_size=1, max_size=3)),
        st.builds(Not, sub),
        st.builds(lambda k, w: Quantified(k, "items", w), st.sampled_from(["any", "all", "none"]), sub),
    )


def scope_values(with_items: bool) -> st.SearchStrategy[dict[str, Any]]:
    optional = {
        fact_key("a"): st.sampled_from(ENUM),
        fact_key("n"): st.integers(-3, 3),
        fact_key("b"): st.booleans(),
        fact_key("t"): st.sampled_from([t for t in TEXTS if t]),
        fact_key("tags"): st.lists(st.sampled_from(ENUM), min_size=1, max_size=3),
    }
    if with_items:
        optional[fact_key("items")] = st.lists(scope_values(False), min_size=1, max_size=3)
    return st.fixed_dictionaries({}, optional=optional).map(_with_lengths)


def _with_lengths(scope: dict[str, Any]) -> dict[str, Any]:
    scope[length_key("tags")] = len(scope.get(fact_key("tags"), []))
    return scope


def _usable(cond: Condition) -> bool:
    """Conditions the pack loader accepts (it refuses what `unsupported` names)."""
    return unsupported(cond) is None


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(conditions().filter(_usable), min_size=1, max_size=12),
    st.lists(scope_values(True), min_size=1, max_size=8),
)
def test_durable_agrees_with_the_reference_on_random_conditions(
    conds: list[Condition], facts: list[dict[str, Any]]
) -> None:
    program = Program.of({f"c{i}": c for i, c in enumerate(conds)})
    for fact in facts:
        assert DurableEngine().evaluate(program, fact) == ReferenceEngine().evaluate(program, fact), (fact, conds)


def test_every_compiled_rule_is_anchored() -> None:
    compiled = ruleset({"absent-only": Compare("x", "present", False), "neq": Compare("a", "not_equals", "z")})
    for name, rule in compiled.items():
        m = rule["all"][0]["m"]
        assert (m if name == "sentinel" else m["$and"][0]) == ANCHOR


def test_a_fact_matching_no_rule_is_safe() -> None:
    # Deleting the state of a fact that matched nothing segfaulted durable-rules; the sentinel
    # rule guarantees every fact creates state. Run in a subprocess so a regression is a
    # failure, not a crashed test run.
    import subprocess
    import sys

    code = (
        "from sharecheck.engines.runtime import DurableEngine, Program\n"
        "from sharecheck.engines.conditions import Compare\n"
        "p = Program.of({'c': Compare('a', 'equals', 'red')})\n"
        "for fact in ({}, {'zz': 0}, {'zz': 'x'}, {'f_a': 'blue'}) * 50:\n"
        "    assert DurableEngine().evaluate(p, fact) == frozenset()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()[-500:]


def test_an_absence_only_rule_does_not_loop() -> None:
    # Unanchored, durable-rules re-matches its own state object forever (issues #222, #288).
    program = Program.of({"missing": Compare("x", "present", False)})
    assert DurableEngine().evaluate(program, {}) == {"missing"}
    assert DurableEngine().evaluate(program, {fact_key("x"): 1}) == frozenset()


def test_many_evaluations_never_exhaust_the_live_sid_limit() -> None:
    # More than durable's 1024 live sids: passes only because each sid is deleted.
    program = Program.of({"n": Compare("n", "gt", 0)})
    for i in range(1500):
        assert DurableEngine().evaluate(program, {fact_key("n"): i % 2}) == ({"n"} if i % 2 else set())


def test_the_same_program_is_registered_once() -> None:
    program = Program.of({"p": Compare("a", "equals", "red")})
    DurableEngine().evaluate(program, {})
    runtime = engine_module._runtime
    assert runtime is not None
    before = dict(runtime._registered)
    DurableEngine().evaluate(Program.of({"p": Compare("a", "equals", "red")}), {})
    assert runtime._registered == before


def test_a_failing_action_is_an_error_not_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    program = Program.of({"boom": Compare("a", "equals", "red")})
    DurableEngine().evaluate(program, {})
    runtime = engine_module._runtime
    assert runtime is not None

    def explode(*args: Any, **kwargs: Any) -> Any:
        runtime._hits.append("__evaluated__")
        return {"sid": "x", "exception": "exception caught boom"}

    monkeypatch.setattr(runtime._host, "assert_fact", explode)
    with pytest.raises(EngineError, match="rule action failed"):
        DurableEngine().evaluate(program, {fact_key("a"): "red"})


def test_an_engine_crash_is_an_error_not_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    program = Program.of({"x": Compare("a", "equals", "red")})
    DurableEngine().evaluate(program, {})
    runtime = engine_module._runtime
    assert runtime is not None

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("error 302")

    monkeypatch.setattr(runtime._host, "assert_fact", fail)
    with pytest.raises(EngineError, match="error 302"):
        DurableEngine().evaluate(program, {})


def test_an_evaluation_that_did_not_run_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    program = Program.of({"x": Compare("a", "equals", "red")})
    DurableEngine().evaluate(program, {})
    runtime = engine_module._runtime
    assert runtime is not None
    monkeypatch.setattr(runtime._host, "assert_fact", lambda *a, **k: {"sid": "x"})
    with pytest.raises(EngineError, match="did not evaluate"):
        DurableEngine().evaluate(program, {})


def test_words_match_literally_and_others_are_refused() -> None:
    # In durable's dialect `-` is literal and `%-` is refused at registration (error 501).
    program = Program.of({"m": Compare("t", "mentions_any", ("a-b",))})
    assert DurableEngine().evaluate(program, {fact_key("t"): "XA-BY"}) == {"m"}
    assert DurableEngine().evaluate(program, {fact_key("t"): "xaby"}) == frozenset()
    for word in ("x.y", "100%", "a*", "[a]"):
        with pytest.raises(ValueError, match="literally"):
            lua_literal(word)


def test_not_equals_fails_closed_on_a_missing_field() -> None:
    # durable's $neq alone does not match a missing field; we compile `$nex or $neq`.
    assert to_durable(Compare("a", "not_equals", "x")) == {
        "$or": [{"$nex": {fact_key("a"): 1}}, {"$neq": {fact_key("a"): "x"}}]
    }


def test_unavailable_engine_message_is_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_durable(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("durable"):
            raise ImportError("undefined symbol: PyEval_CallObject")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_durable)
    with pytest.raises(engine_module.EngineUnavailable, match="--engine reference") as raised:
        engine_module._DurableRuntime()
    message = str(raised.value)
    # One line, carrying the exact command that rebuilds durable-rules for this interpreter.
    assert "\n" not in message
    assert engine_module.fix_command(sys.executable) in message


def test_the_fix_command_is_the_measured_build() -> None:
    command = engine_module.fix_command("/usr/bin/python3.13")
    assert command.startswith("CPPFLAGS='-DPyEval_CallObject(f,a)=PyObject_CallObject(f,a)' /usr/bin/python3.13 -m pip")
    assert "--no-cache-dir" in command and "--force-reinstall" in command


def test_a_user_without_a_working_durable_rules_gets_one_line_and_no_traceback(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_durable(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("durable"):
            raise ImportError("durable_rules_engine.so: undefined symbol: PyEval_CallObject")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(engine_module, "_runtime", None)
    monkeypatch.setattr(builtins, "__import__", no_durable)
    result = cli("check", "fixtures/early-help-families.json", "--jobs", "1")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "-DPyEval_CallObject(f,a)=PyObject_CallObject(f,a)" in result.output


def test_disjunction_across_item_fields_is_lifted_out_of_the_quantifier() -> None:
    # durable-rules 2.0.28 gets `$iany: {items: {$or: [a == red, n >= 1]}}` wrong when the
    # second branch is false: the regression the property test found.
    cond = Quantified("any", "items", AnyOf((Compare("a", "equals", "red"), Compare("tags", "items_at_least", 1))))
    fact = {fact_key("items"): [{fact_key("a"): "red", length_key("tags"): 0}]}
    program = Program.of({"c": cond})
    assert DurableEngine().evaluate(program, fact) == {"c"} == ReferenceEngine().evaluate(program, fact)
    assert "$or" not in str(to_durable(cond)["$or"][0])


def test_shapes_durable_cannot_evaluate_are_refused_with_a_reason() -> None:
    cross = AnyOf((Compare("a", "equals", "red"), Compare("b", "equals", True)))
    assert "split the rule" in (unsupported(Quantified("all", "items", cross)) or "")
    assert "split the rule" in (
        unsupported(Quantified("none", "items", All((Compare("a", "equals", "red"), Compare("b", "equals", True)))))
        or ""
    )
    assert "cannot be negated" in (unsupported(Not(Compare("t", "mentions_any", ("x",)))) or "")
    assert unsupported(Quantified("any", "items", cross)) is None
    assert (
        unsupported(Quantified("all", "items", AnyOf((Compare("a", "equals", "red"), Compare("a", "equals", "blue")))))
        is None
    )


def _groups_of(count: int) -> Condition:
    """A rule of `count` and/or groups once anchored: the anchoring `$and` plus one `$or`
    per two-value `in` test."""
    return All(tuple(Compare(f"f{i}", "in", ("red", "blue")) for i in range(count - 1)))


def test_rules_beyond_durables_group_limit_are_refused_at_load() -> None:
    # durable-rules 2.0.28 refuses to register a rule of 16 `$and`/`$or` groups (error 113),
    # so a pack with one would fail every check; the loader refuses it instead.
    assert unsupported(_groups_of(15)) is None
    fact = {fact_key(f"f{i}"): "red" for i in range(14)}
    program = Program.of({"wide": _groups_of(15)})
    assert DurableEngine().evaluate(program, fact) == {"wide"} == ReferenceEngine().evaluate(program, fact)
    assert "at most 15" in (unsupported(_groups_of(16)) or "")


def test_the_group_limit_is_durables_own() -> None:
    """If a durable-rules upgrade lifts the limit, this fails and MAX_GROUPS can follow."""
    from sharecheck.engines.durable_compile import _groups

    sixteen = {"$and": [ANCHOR, *({"$or": [{f"f{i}": "red"}, {f"f{i}": "blue"}]} for i in range(15))]}
    assert _groups(sixteen) == 16
    runtime = engine_module._DurableRuntime()
    with pytest.raises(Exception, match="113"):
        runtime._host.set_rulesets({"sharecheck_group_limit_probe": {"r": {"all": [{"m": sixteen}], "run": "x"}}})


def test_nested_groups_of_one_kind_are_merged() -> None:
    nested = All((Compare("a", "equals", "red"), All((Compare("b", "equals", True), Compare("n", "gt", 1)))))
    assert to_durable(nested) == {"$and": [{fact_key("a"): "red"}, {fact_key("b"): True}, {"$gt": {fact_key("n"): 1}}]}
