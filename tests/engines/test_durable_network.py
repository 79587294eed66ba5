"""The model of durable-rules' network agrees with the engine, and the loader refuses what would overflow it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sharecheck import load_pack
from sharecheck.engines import durable_compile as compiler
from sharecheck.engines.conditions import Compare, Condition
from sharecheck.engines.durable_network import LIMITS, _Network, overflow
from sharecheck.packs.loader import PackError
from tests.limit_packs import limit_pack, word_rule

ANCHOR_KEY = ("$eq", 't="proposal"')


def _network(conditions: dict[str, Condition]) -> _Network:
    network = _Network()
    network.add(compiler.SENTINEL, compiler.ANCHOR)
    for name, condition in sorted(conditions.items()):
        network.add(name, compiler.pattern(condition))
    return network


def _two_values(count: int) -> dict[str, Condition]:
    """`count` rules whose `in` of two values puts two tests straight after the anchor."""
    return {f"R{i:03d}": Compare(f"field{i}", "in", ("alpha", "beta")) for i in range(count)}


_REGISTER = """
import sys
from sharecheck.engines.conditions import Compare
from sharecheck.engines.runtime import DurableEngine, Program
conds = {f"R{i:03d}": Compare(f"field{i}", "in", ("alpha", "beta")) for i in range(int(sys.argv[1]))}
DurableEngine().register(Program.of(conds))
print("registered")
"""


def _registers(count: int) -> bool:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _REGISTER, str(count)], capture_output=True, text=True, timeout=8, check=False
        )
    except subprocess.TimeoutExpired:
        return False
    return "registered" in done.stdout


def test_the_model_counts_what_the_engine_holds_at_its_512_slot_table() -> None:
    # 256 rules fill the anchor's 512 slots exactly and register; the 257th never finishes
    assert _network(_two_values(256)).root.shared[ANCHOR_KEY].counts["tests"] == 512
    assert _registers(256)
    assert not _registers(257)
    assert overflow([(compiler.SENTINEL, compiler.ANCHOR)]) is None


def test_the_bundled_pack_is_far_from_every_bound() -> None:
    pack = load_pack([])
    network = _network(dict(pack.program.conditions))
    assert network.overflow is None
    anchor = network.root.shared[ANCHOR_KEY]
    assert anchor.counts["tests"] < LIMITS["tests"] / 2
    assert anchor.counts["absence tests"] < LIMITS["absence tests"] / 2


def test_a_pack_that_would_hang_the_engine_is_refused_at_its_own_rule(tmp_path: Path) -> None:
    many = [
        word_rule(f"NCC-TITLE-{i:03d}", {"field": "title", "in": [f"Proposal {i}a", f"Proposal {i}b"]})
        for i in range(240)
    ]
    with pytest.raises(PackError) as refused:
        load_pack([limit_pack(tmp_path / "many", many)])
    (problem,) = refused.value.problems
    assert problem.file.endswith("many/rules.yaml") and "NCC-TITLE-" in problem.message
    assert "at one point of the compiled rules (the start of every rule) there are more than 500" in problem.message
    load_pack([limit_pack(tmp_path / "fewer", many[:200])])  # 400 + the bundled pack's own: within the bound


def test_absence_tests_after_one_test_are_bounded_below_the_engine_list(tmp_path: Path) -> None:
    # each `not_equals` starts with "title absent, or ≠ value": the absence test is shared and
    # each rule hangs its own `any` node on it, in a list of 128 the engine scans one past its end
    rules = [word_rule(f"NCC-NOT-{i:03d}", {"field": "title", "not_equals": f"Proposal {i}"}) for i in range(121)]
    with pytest.raises(PackError) as refused:
        load_pack([limit_pack(tmp_path / "not", rules)])
    (problem,) = refused.value.problems
    assert "NCC-NOT-120" in problem.message and "more than 120 absence tests" in problem.message
    assert "title absent" in problem.message
    load_pack([limit_pack(tmp_path / "fewer", rules[:120])])
