"""Rule test cases: YAML beside the rules, run through both engines.

    # rules/tests/core.yaml
    base: ../../fixtures/early-help-families.json   # relative to this file
    cases:
      - name: identifiable data with no justification
        patch: {purpose: {why_identifiable: null}}    # RFC 7386 merge patch: null removes
        set: {/data/datasets/0/fields/1/special_category: none}   # JSON Pointer -> value
        remove: [/legal/gateways]                      # JSON Pointers
        fires: [SC-IDENT-001]
        silent: [SC-GATEWAY-001]

A case passes when every `fires` rule raises a finding, no `silent` rule does, and the
durable-rules and reference engines give identical results.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import pointer as jp
from .checker import check
from .engine import DurableEngine, Engine, ReferenceEngine
from .pack import Pack, Problem, display
from .report import Result
from .yaml_source import YamlError, load

CASE_KEYS = {"name", "patch", "set", "remove", "fires", "silent", "as_of"}
FILE_KEYS = {"base", "cases"}
DEFAULT_AS_OF = dt.date(2026, 6, 1)


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    line: int
    proposal: Mapping[str, Any]
    fires: tuple[str, ...]
    silent: tuple[str, ...]
    as_of: dt.date
    base: str = ""  # the base proposal file
    change: Mapping[str, Any] = field(default_factory=dict)  # patch / set / remove, as written

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Outcome:
    case: Case
    fired: tuple[str, ...]
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386."""
    if not isinstance(patch, Mapping):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _container(document: Any, pointer: str) -> tuple[Any, str]:
    tokens = jp.split(pointer)
    if not tokens:
        raise KeyError("cannot change the whole document with a pointer")
    here = document
    for token in tokens[:-1]:
        here = here[int(token)] if isinstance(here, list) else here[token]
    return here, tokens[-1]


def set_value(document: Any, pointer: str, value: Any) -> None:
    parent, last = _container(document, pointer)
    if isinstance(parent, list):
        index = len(parent) if last == "-" else int(last)
        if index == len(parent):
            parent.append(copy.deepcopy(value))
        else:
            parent[index] = copy.deepcopy(value)
    else:
        parent[last] = copy.deepcopy(value)


def remove_value(document: Any, pointer: str) -> None:
    parent, last = _container(document, pointer)
    if isinstance(parent, list):
        del parent[int(last)]
    else:
        del parent[last]


class CaseError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def load_cases(pack: Pack) -> list[Case]:
    """Every case in every layer's tests/ folder, in a stable order."""
    cases: list[Case] = []
    for layer in pack.layers:
        folder = layer / "tests"
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                cases.extend(load_case_file(path))
    return cases


def load_case_file(path: Path) -> list[Case]:
    name = display(path)
    try:
        doc = load(path.read_text("utf-8"))
    except YamlError as error:
        raise CaseError(Problem(name, error.line, error.column, error.message)) from None
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CaseError(Problem(name, 1, 1, "a test file has `cases:`, a list (and optionally `base:`)"))
    for key in data:
        if key not in FILE_KEYS:
            mark = doc.mark(f"/{key}", key=True)
            raise CaseError(Problem(name, mark.line, mark.column, f"unknown key `{key}` (expected base, cases)"))
    base: Any = {}
    base_name = ""
    if "base" in data:
        base_path = (path.parent / str(data["base"])).resolve()
        base_name = _beside_pack(base_path, path)
        try:
            base = json.loads(base_path.read_text("utf-8"))
        except (OSError, ValueError) as error:
            mark = doc.mark("/base")
            raise CaseError(
                Problem(name, mark.line, mark.column, f"cannot read base proposal {data['base']}: {error}")
            ) from None
    cases = []
    for index, entry in enumerate(data["cases"]):
        here = f"/cases/{index}"
        mark = doc.mark(here)
        if not isinstance(entry, dict) or "name" not in entry:
            raise CaseError(Problem(name, mark.line, mark.column, "each case is a mapping with a `name`"))
        for key in entry:
            if key not in CASE_KEYS:
                m = doc.mark(f"{here}/{key}", key=True)
                raise CaseError(
                    Problem(
                        name,
                        m.line,
                        m.column,
                        f"unknown key `{key}` in a case (expected {', '.join(sorted(CASE_KEYS))})",
                    )
                )
        proposal = merge_patch(copy.deepcopy(base), entry.get("patch", {}))
        try:
            for pointer, value in (entry.get("set") or {}).items():
                set_value(proposal, pointer, value)
            for pointer in entry.get("remove") or []:
                remove_value(proposal, pointer)
        except (KeyError, IndexError, ValueError, TypeError) as error:
            raise CaseError(
                Problem(name, mark.line, mark.column, f"case {entry['name']!r}: cannot apply set/remove: {error}")
            ) from None
        fires = tuple(entry.get("fires") or ())
        silent = tuple(entry.get("silent") or ())
        if not fires and not silent:
            raise CaseError(
                Problem(
                    name,
                    mark.line,
                    mark.column,
                    f"case {entry['name']!r} expects nothing: list rules under `fires` or `silent`",
                )
            )
        as_of = dt.date.fromisoformat(str(entry["as_of"])) if "as_of" in entry else DEFAULT_AS_OF
        change = {k: entry[k] for k in ("patch", "set", "remove") if entry.get(k)}
        cases.append(Case(str(entry["name"]), name, mark.line, proposal, fires, silent, as_of, base_name, change))
    return cases


def _beside_pack(base: Path, case_file: Path) -> str:
    """The base proposal as a path from the folder that holds the pack (`fixtures/x.json`
    both in a checkout and when installed), else as displayed from here."""
    root = case_file.resolve().parent.parent.parent  # <root>/<pack>/tests/<file>
    try:
        return base.relative_to(root).as_posix()
    except ValueError:
        return display(base)


def run_case(case: Case, pack: Pack, engines: tuple[Engine, ...] = (DurableEngine(), ReferenceEngine())) -> Outcome:
    results: list[Result] = [check(case.proposal, pack, file=case.file, engine=e, today=case.as_of) for e in engines]
    failures: list[str] = []
    for other, engine in zip(results[1:], engines[1:], strict=True):
        if other != results[0]:
            failures.append(f"the {engines[0].name} and {engine.name} engines disagree")
    fired = tuple(sorted({f.rule for f in results[0].findings}))
    for rule_id in case.fires:
        if rule_id not in fired:
            failures.append(f"{rule_id} should fire but did not")
    for rule_id in case.silent:
        if rule_id in fired:
            failures.append(f"{rule_id} should stay silent but fired")
    unknown = [
        r for r in (*case.fires, *case.silent) if pack.rule(r) is None and not r.startswith(("SC-INPUT-", "SC-WAIVER-"))
    ]
    failures.extend(f"{r} is not a rule of pack {pack.name}" for r in unknown)
    return Outcome(case, fired, tuple(failures))


def coverage(pack: Pack, outcomes: list[Outcome]) -> tuple[list[str], list[str]]:
    """Rules that fire in at least one passing case and stay silent in another (covered),
    and those that do not (uncovered)."""
    covered: list[str] = []
    uncovered: list[str] = []
    for rule in pack.rules:
        fires = any(rule.id in o.case.fires and o.passed for o in outcomes)
        silent = any(rule.id in o.case.silent and o.passed for o in outcomes)
        (covered if fires and silent else uncovered).append(rule.id)
    return covered, uncovered
