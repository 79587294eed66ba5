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
durable-rules and reference engines give identical results. Cases of every layer of a pack
run; expectations about a rule that a higher layer disables are set aside (an organisation
that disables a rule does not inherit failing cases for it).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sharecheck.checking.pipeline import check
from sharecheck.engines.runtime import DurableEngine, Engine, ReferenceEngine
from sharecheck.packs.loader import Pack, Problem, display
from sharecheck.packs.yaml_source import YamlError, load
from sharecheck.reading import pointer as jp
from sharecheck.reading.dates import parse_date
from sharecheck.reading.strict_json import MAX_BYTES, ReadError, parse
from sharecheck.results.report import Finding, Result

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
    inherited: bool = False  # from a pack this one extends, not from its own tests/ folder

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Outcome:
    case: Case
    fired: tuple[str, ...]
    failures: tuple[str, ...]
    set_aside: tuple[str, ...] = ()  # expectations about rules this pack disables
    findings: tuple[Finding, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def skipped(self) -> bool:
        """Every expectation of the case was about a disabled rule."""
        return bool(self.set_aside) and not (set(self.case.fires) | set(self.case.silent)) - set(self.set_aside)


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
    for index, layer in enumerate(pack.layers):
        folder = layer / "tests"
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found = load_case_file(path)
                if index < len(pack.layers) - 1:
                    found = [replace(case, inherited=True) for case in found]
                cases.extend(found)
    return cases


def load_case_file(path: Path) -> list[Case]:
    """The cases of one file; CaseError (naming file:line:col) on anything doubtful."""
    name = display(path)

    def fail(pointer: str, message: str, *, key: bool = False) -> CaseError:
        mark = doc.mark(pointer, key=key)
        return CaseError(Problem(name, mark.line, mark.column, message))

    try:
        doc = load(path.read_text("utf-8"))
    except YamlError as error:
        raise CaseError(Problem(name, error.line, error.column, error.message)) from None
    except UnicodeDecodeError:
        raise CaseError(Problem(name, 1, 1, "the file is not valid UTF-8")) from None
    except OSError as error:
        raise CaseError(Problem(name, 1, 1, f"cannot read the file: {error.strerror}")) from None
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CaseError(Problem(name, 1, 1, "a test file has `cases:`, a list (and optionally `base:`)"))
    for key in data:
        if key not in FILE_KEYS:
            raise fail(f"/{key}", f"unknown key `{key}` (expected base, cases)", key=True)
    base: Any = {}
    base_name = ""
    if "base" in data:
        base_path = (path.parent / str(data["base"])).resolve()
        base_name = _beside_pack(base_path, path)
        base = _read_base(base_path, str(data["base"]), lambda message: fail("/base", message))
    cases = []
    for index, entry in enumerate(data["cases"]):
        here = f"/cases/{index}"
        if not isinstance(entry, dict) or "name" not in entry:
            raise fail(here, "each case is a mapping with a `name`")
        for key in entry:
            if key not in CASE_KEYS:
                raise fail(
                    f"{here}/{key}",
                    f"unknown key `{key}` in a case (expected {', '.join(sorted(CASE_KEYS))})",
                    key=True,
                )
        label = f"case {entry['name']!r}"
        for key, kind, words in (
            ("patch", dict, "a mapping (a merge patch)"),
            ("set", dict, "a mapping of JSON Pointer to value"),
            ("remove", list, "a list of JSON Pointers"),
            ("fires", list, "a list of rule ids"),
            ("silent", list, "a list of rule ids"),
        ):
            if entry.get(key) is not None and not isinstance(entry[key], kind):
                raise fail(f"{here}/{key}", f"{label}: `{key}` is {words}")
        for key in ("fires", "silent"):
            for j, rule_id in enumerate(entry.get(key) or []):
                if not isinstance(rule_id, str):
                    raise fail(f"{here}/{key}/{j}", f"{label}: `{key}` lists rule ids, such as SC-GATEWAY-001")
        proposal = merge_patch(copy.deepcopy(base), entry.get("patch") or {})
        try:
            for pointer, value in (entry.get("set") or {}).items():
                set_value(proposal, pointer, value)
            for pointer in entry.get("remove") or []:
                remove_value(proposal, str(pointer))
        except (KeyError, IndexError, ValueError, TypeError) as error:
            raise fail(here, f"{label}: cannot apply set/remove: {error}") from None
        fires = tuple(entry.get("fires") or ())
        silent = tuple(entry.get("silent") or ())
        if not fires and not silent:
            raise fail(here, f"{label} expects nothing: list rules under `fires` or `silent`")
        try:
            as_of = parse_date(str(entry["as_of"])) if "as_of" in entry else DEFAULT_AS_OF
        except ValueError:
            raise fail(f"{here}/as_of", f"{label}: `as_of` is a date written YYYY-MM-DD") from None
        change = {k: entry[k] for k in ("patch", "set", "remove") if entry.get(k)}
        cases.append(
            Case(str(entry["name"]), name, doc.mark(here).line, proposal, fires, silent, as_of, base_name, change)
        )
    return cases


def _read_base(path: Path, written: str, fail: Callable[[str], CaseError]) -> dict[str, Any]:
    """The base proposal, read as `check` reads one: the strict reader (duplicate keys, NaN,
    depth and size limits), from a regular file only (a FIFO or device would block or never end)."""
    try:
        if not path.is_file():
            raise fail(f"cannot read base proposal {written}: no such regular file")
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        return parse(raw).data
    except ReadError as error:
        raise fail(f"the base proposal {written} cannot be read, at {error.line}:{error.column}: {error}") from None
    except OSError as error:
        raise fail(f"cannot read base proposal {written}: {error.strerror}") from None


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
    disabled = {rule.id for rule in pack.disabled}
    set_aside = tuple(dict.fromkeys(r for r in (*case.fires, *case.silent) if r in disabled))
    for rule_id in case.fires:
        if rule_id not in fired and rule_id not in disabled:
            failures.append(f"{rule_id} should fire but did not")
    for rule_id in case.silent:
        if rule_id in fired:
            failures.append(f"{rule_id} should stay silent but fired")
    unknown = [
        r
        for r in (*case.fires, *case.silent)
        if pack.rule(r) is None and r not in disabled and not r.startswith(("SC-INPUT-", "SC-WAIVER-"))
    ]
    failures.extend(f"{r} is not a rule of pack {pack.name}" for r in unknown)
    # A proposal the checker refuses as input is never evaluated, so every `silent` would pass
    # for the wrong reason: unless the case is about that input problem, it is a broken case.
    invalid = [f for f in results[0].findings if f.rule.startswith("SC-INPUT-") and f.rule not in case.fires]
    failures.extend(f"the case's proposal is invalid, so no rule ran: {f.path or '/'}: {f.message}" for f in invalid)
    return Outcome(case, fired, tuple(failures), set_aside, results[0].findings)


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
