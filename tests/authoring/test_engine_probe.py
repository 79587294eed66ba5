"""`rules lint` asks durable-rules itself, so it refuses every pack `check` would.

The loader's measured limits are lifted here (monkeypatch) to stand for a model of the engine
that is wrong: the probe must still find what the engine refuses, at the rule concerned when
one rule is refused alone, else at the pack's manifest, with the limit named; and a
registration that never finishes is reported, not waited for.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sharecheck.authoring import engine_probe
from sharecheck.authoring.engine_probe import engine_problems
from sharecheck.engines import conditions, durable_network
from sharecheck.packs import loader
from sharecheck.packs.loader import load_pack
from tests.limit_packs import limit_pack, line_of, word_rule


def test_rules_refused_only_together_are_reported_at_the_manifest_with_the_limit(tmp_path: Path) -> None:
    # What the child answers when the programme is refused but each rule alone registers. (Not
    # provoked for real: durable-rules' one such refusal within reach, error 108 for a 257th
    # rule on one node, reads one entry past the node's list, so it is refused only when that
    # memory is not zero: 13 of 20 processes. The loader's limit of 256 is what holds it.)
    pack = load_pack([limit_pack(tmp_path / "same", [word_rule("ORG-SAME-001", {"field": "title", "present": True})])])
    answer = {"rules": {"error": "Could not create ruleset, error code: 108", "rules": {}}}
    (problem,) = engine_probe._problems(pack, "same/pack.yaml", answer)
    assert (problem.file, problem.line) == ("same/pack.yaml", 1)
    assert "error code: 108" in problem.message and "256 rules may share one condition" in problem.hint


def test_a_rule_refused_alone_is_reported_at_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conditions, "MAX_WORD_LENGTH", 1_000_000)
    rule = word_rule("ORG-LONG-001", {"field": "purpose.statement", "mentions_any": ["a" * 2_000]})
    folder = limit_pack(tmp_path / "long", [rule])
    problems = engine_problems(load_pack([folder]))
    where = [(p.file.endswith("long/rules.yaml"), p.line) for p in problems]
    assert where == [(True, line_of(folder, "ORG-LONG-001"))]
    assert "ORG-LONG-001" in problems[0].message and "a word is too long" in problems[0].hint


def test_registration_that_never_finishes_is_reported_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_PATTERN_WORDS", 10_000)
    monkeypatch.setitem(durable_network.LIMITS, "tests", 10_000)  # the loader's model of the hang, lifted
    words = [f"keyword{i:04d}" for i in range(700)]
    rule = word_rule("ORG-WORDS-001", {"field": "purpose.statement", "mentions_any": words})
    folder = limit_pack(tmp_path / "words", [rule])
    (problem,) = engine_problems(load_pack([folder]), timeout=5)
    assert "did not finish registering" in problem.message and "mentions_any" in problem.hint


def test_a_pack_the_engine_took_is_not_registered_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARECHECK_CACHE_DIR", str(tmp_path / "cache"))
    pack = load_pack([])
    assert engine_problems(pack) == []
    assert list((tmp_path / "cache").glob("engine-ok-*"))

    def no_child(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
        raise AssertionError("the engine was asked again")

    monkeypatch.setattr(engine_probe.subprocess, "run", no_child)
    assert engine_problems(pack) == []
