"""`rules lint` asks durable-rules itself, so it refuses every pack `check` would.

The loader's measured limits are lifted here (monkeypatch) to stand for a model of the engine
that is wrong: the probe must still find what the engine refuses, at the rule concerned when
one rule is refused alone, else at the pack's manifest, with the limit named.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from sharecheck.authoring import engine_probe
from sharecheck.authoring.engine_probe import engine_problems
from sharecheck.authoring.lint import lint
from sharecheck.engines import conditions
from sharecheck.packs import loader
from sharecheck.packs.loader import load_pack


def _pack(folder: Path, rules: list[dict[str, object]]) -> Path:
    folder.mkdir()
    (folder / "pack.yaml").write_text("pack: {name: northshire-limits, version: '1', extends: sharecheck}\n")
    (folder / "rules.yaml").write_text(yaml.safe_dump({"rules": rules}, width=10_000, sort_keys=False))
    return folder


def _rule(rule_id: str, condition: dict[str, object]) -> dict[str, object]:
    return {
        "id": rule_id,
        "title": "Mentions a listed word",
        "severity": "warning",
        "category": "purpose",
        "when": condition,
        "message": "The purpose mentions a listed word.",
        "remediation": "Check the wording of the purpose.",
        "sources": ["Northshire County Council information governance policy"],
    }


def _line_of(folder: Path, rule_id: str) -> int:
    lines = (folder / "rules.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.endswith(f"id: {rule_id}"))


def test_rules_refused_together_are_reported_at_the_manifest_with_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_SAME_CONDITION", 10_000)
    same = {"field": "data.confidential", "equals": True}
    folder = _pack(tmp_path / "same", [_rule(f"ORG-SAME-{i:03d}", dict(same)) for i in range(257)])
    report = lint([folder])
    (problem,) = [p for p in report.problems if "durable-rules" in p.message]
    assert problem.file.endswith("same/pack.yaml") and problem.line == 1
    assert "error code: 108" in problem.message and "256 rules may share one condition" in problem.hint


def test_a_rule_refused_alone_is_reported_at_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conditions, "MAX_WORD_LENGTH", 1_000_000)
    rule = _rule("ORG-LONG-001", {"field": "purpose.statement", "mentions_any": ["a" * 2_000]})
    folder = _pack(tmp_path / "long", [rule])
    problems = engine_problems(load_pack([folder]))
    where = [(p.file.endswith("long/rules.yaml"), p.line) for p in problems]
    assert where == [(True, _line_of(folder, "ORG-LONG-001"))]
    assert "ORG-LONG-001" in problems[0].message and "a word is too long" in problems[0].hint


def test_registration_that_never_finishes_is_reported_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_PATTERN_WORDS", 10_000)
    words = [f"keyword{i:04d}" for i in range(700)]
    folder = _pack(tmp_path / "words", [_rule("ORG-WORDS-001", {"field": "purpose.statement", "mentions_any": words})])
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
