"""`sharecheck rules lint`: every problem in a rule pack, each at file:line:col with a hint.

Loading a pack (pack.py) already refuses what would make it wrong to run: bad YAML, unknown
keys, operators and fields, operands of the wrong type, duplicate ids. Lint reports all of
that and, beyond it, what makes a pack wrong to *trust*: a rule no test case makes fire, ids
that are easily confused (in waivers, in `explain`), a condition that can never be true,
text fields left blank, test cases that name rules the pack does not have. It keeps going
after the first problem, so an author fixes a file in one pass.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharecheck.authoring.contradictions import Conj, Exists, Node, annotate, contradictions
from sharecheck.authoring.engine_probe import engine_problems
from sharecheck.authoring.rule_tests import CaseError, load_case_file
from sharecheck.engines.conditions import ConditionError, parse
from sharecheck.packs.loader import Pack, PackError, Problem, display, load_pack, proposal_type
from sharecheck.packs.rule import collection_of
from sharecheck.packs.yaml_source import Mark, YamlDocument, YamlError, load
from sharecheck.reading import pointer as jp
from sharecheck.reading.fieldtypes import PathError, resolve
from sharecheck.results.builtin_rules import BUILTIN_RULES
from sharecheck.results.report import CATEGORIES


@dataclass(frozen=True, order=True)
class LintProblem:
    file: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        head = f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{head}\n    hint: {self.hint}" if self.hint else head


@dataclass(frozen=True)
class LintReport:
    problems: tuple[LintProblem, ...]
    pack: Pack | None  # None when the pack does not load
    cases: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _Draft:
    """A rule as written, whether or not the pack loads."""

    entry: Mapping[str, Any]
    doc: YamlDocument
    file: str
    pointer: str

    @property
    def id(self) -> str | None:
        value = self.entry.get("id")
        return value if isinstance(value, str) and value else None

    @property
    def label(self) -> str:
        return self.id or f"the rule at line {self.mark().line}"

    def mark(self, suffix: str = "", *, key: bool = False) -> Mark:
        return self.doc.mark(self.pointer + suffix, key=key)

    def problem(self, message: str, hint: str = "", suffix: str = "", *, key: bool = False) -> LintProblem:
        where = self.mark(suffix, key=key)
        return LintProblem(self.file, where.line, where.column, message, hint)


@dataclass
class _Files:
    """The YAML of every layer, read once."""

    drafts: list[_Draft] = field(default_factory=list)
    unreadable: bool = False  # a rule file that is not YAML: its rule ids are unknown
    settings: list[tuple[str, str, YamlDocument, str]] = field(default_factory=list)  # section, id, doc, file
    case_files: list[Path] = field(default_factory=list)


# ---------------------------------------------------------------- entry point


def lint(directories: Sequence[Path] = ()) -> LintReport:
    """Lint the pack in `directories` (layered like `check --rules`; default: the bundled pack)."""
    pack: Pack | None
    try:
        pack = load_pack(list(directories))
        layers: Sequence[Path] = pack.layers
        loading: list[Problem] = []
    except PackError as error:
        pack, layers, loading = None, error.layers, error.problems
    files = _read(layers)
    problems = [_with_hint(p) for p in loading if not _RESTATED.match(p.message)]
    for draft in files.drafts:
        problems.extend(_text_problems(draft))
        problems.extend(_condition_problems(draft))
    problems.extend(_id_collisions(files.drafts))
    problems.extend(_blank_reasons(files))
    if pack is not None:
        problems.extend(
            LintProblem(p.file, p.line, p.column, p.message, "a blocker may test only facts verified at level V")
            for p in pack.downgraded
        )
    if pack is not None:
        problems.extend(LintProblem(p.file, p.line, p.column, p.message, p.hint) for p in engine_problems(pack))
    case_problems, fired, cases = _case_problems(files, pack)
    problems.extend(case_problems)
    problems.extend(_untested(files, pack, fired))
    return LintReport(tuple(sorted(set(problems))), pack, cases)


def _read(layers: Sequence[Path]) -> _Files:
    files = _Files()
    for layer in layers:
        paths = sorted(p for p in layer.glob("*.yaml") if p.is_file()) + sorted(
            p for p in layer.glob("*.yml") if p.is_file()
        )
        for path in paths:
            try:
                doc = load(path.read_text("utf-8-sig"))
            except (YamlError, UnicodeDecodeError, OSError):
                files.unreadable = True
                continue  # loading the pack reports it
            if not isinstance(doc.data, dict):
                continue
            name = display(path)
            rules = doc.data.get("rules")
            if isinstance(rules, list):
                for index, entry in enumerate(rules):
                    if isinstance(entry, dict):
                        files.drafts.append(_Draft(entry, doc, name, f"/rules/{index}"))
            for section in ("overrides", "disable"):
                if isinstance(doc.data.get(section), dict):
                    files.settings.extend((section, str(k), doc, name) for k in doc.data[section])
        tests = layer / "tests"
        if tests.is_dir():
            files.case_files.extend(sorted(p for p in tests.glob("*.yaml") if p.is_file()))
    return files


# ---------------------------------------------------------------- problems from loading, with hints

# Problems lint reports itself, in plainer words (naming the rule): loading says them tersely.
_RESTATED = re.compile(
    r"^`rules\[\d+\]\.(id|title|severity|category|message|remediation|sources|when)` is required$"
    r"|^`rules\[\d+\]`: '(where|for_each)' is a dependency of"
    r"|^`(disable\.[^`]*|overrides\.[^`]*\.reason)` must not be empty$"
)

_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^invalid YAML"),
        "check the indentation, and any bracket or quote left open, on this line or the one before",
    ),
    (
        re.compile(r"^unknown field `"),
        "fields are the proposal's dotted paths (`sharecheck schema proposal`), or derived facts under `derived.`",
    ),
    (
        re.compile(r"^unknown operator or key"),
        "a test is {field: PATH, OPERATOR: VALUE}; the operators are present, equals, not_equals, in, not_in, "
        "gt, gte, lt, lte, contains, contains_any, items_at_least, items_fewer_than, mentions_any",
    ),
    (
        re.compile(r"^unknown key `[^`]*` in `rules\[\d+\]`"),
        "a rule has id, title, severity, category, description, when, for_each, where, at, message, remediation, "
        "sources, waivable and aliases",
    ),
    (
        re.compile(r"^unknown key `[^`]*` in the file"),
        "a pack file holds pack, rules, overrides, disable, gateways or framework",
    ),
    (re.compile(r"is not a value of `|can never match it"), "a value the field cannot hold never matches"),
    (
        re.compile(r"^cannot (override|disable) .*: no such rule"),
        "`sharecheck rules show` lists the rules of the packs this one extends",
    ),
    (
        re.compile(r"^`extends` goes round in a circle"),
        "a pack may extend one that extends another, but never one that leads back to itself",
    ),
    (
        re.compile(r"^no such pack folder"),
        "`extends` is `sharecheck` (the bundled pack) or a folder path relative to this pack's folder",
    ),
    (
        re.compile(r"^in `\{"),
        "placeholders name proposal fields, such as {legal.power}, or {item.FIELD} in a rule with for_each",
    ),
    (
        re.compile(r"\.category` must be one of"),
        "categories are fixed by the report format (SPEC §3) so that reports stay comparable",
    ),
    (re.compile(r"^`overrides\.[^`]*\.reason` is required"), "every override says why: add `reason: …`"),
    (re.compile(r"^the file is empty"), "a pack file holds `rules:`, or the `pack:` manifest, or both"),
)


def _with_hint(problem: Problem) -> LintProblem:
    hint = ""
    if not problem.file.endswith((".yaml", ".yml")) and problem.message.startswith(("no such pack folder", "no rule")):
        hint = "name the folder that holds the pack: its pack.yaml and rule files (*.yaml)"
    elif "did you mean" not in problem.message:
        hint = next((h for pattern, h in _HINTS if pattern.search(problem.message)), "")
    return LintProblem(problem.file, problem.line, problem.column, problem.message, hint)


# ---------------------------------------------------------------- a rule's text

_MISSING = {
    "id": (
        "a rule has no `id`",
        "give it a stable id in capitals, such as ORG-DATA-001; users cite ids in waivers, so never reuse one",
    ),
    "title": (
        "{label} has no `title`",
        "a title says in a few words what must be true, e.g. 'A legal gateway is named'",
    ),
    "severity": ("{label} has no `severity`", "blocker stops the proposal, warning asks for attention, info informs"),
    "category": ("{label} has no `category`", "one of " + ", ".join(CATEGORIES)),
    "message": (
        "{label} has no `message`, so its finding would not say what is wrong",
        "say what is wrong in one sentence, quoting the proposal, e.g. 'Field {item.name} has no justification.'",
    ),
    "remediation": (
        "{label} has no `remediation`, so nobody is told how to fix its finding",
        "say what to change and where, e.g. 'Explain in purpose.why_identifiable why identifiable data is needed.'",
    ),
    "sources": (
        "{label} has no `sources`, so nobody can check what it rests on",
        "list the statute, code of practice or framework question, e.g. 'UK GDPR Art 5(1)(c)'",
    ),
}


def _text_problems(draft: _Draft) -> Iterator[LintProblem]:
    for key, (message, hint) in _MISSING.items():
        if key not in draft.entry:
            yield draft.problem(message.format(label=draft.label), hint)
    has_when, has_each, has_where = ("when" in draft.entry), ("for_each" in draft.entry), ("where" in draft.entry)
    if has_each and not has_where:
        yield draft.problem(
            f"{draft.label} has `for_each` but no `where`",
            "`where:` is the condition each item is tested against; the rule raises one finding per matching item",
            "/for_each",
            key=True,
        )
    elif has_where and not has_each:
        yield draft.problem(
            f"{draft.label} has `where` but no `for_each`",
            "`for_each:` names the list whose items `where:` tests, e.g. data.datasets[].fields",
            "/where",
            key=True,
        )
    elif not has_when and not has_each:
        yield draft.problem(
            f"{draft.label} has no condition, so it would fire on every proposal",
            "give `when:` (a condition on the proposal), or `for_each:` and `where:` (one finding per matching item)",
        )
    for key in ("title", "message", "remediation", "description"):
        value = draft.entry.get(key)
        if isinstance(value, str) and value and not value.strip():
            yield draft.problem(f"{draft.label} has a blank `{key}`", _MISSING.get(key, ("", ""))[1], f"/{key}")
    sources = draft.entry.get("sources")
    if isinstance(sources, list):
        for index, source in enumerate(sources):
            if isinstance(source, str) and source and not source.strip():
                yield draft.problem(f"{draft.label} has a blank source", _MISSING["sources"][1], f"/sources/{index}")


# ---------------------------------------------------------------- conditions that can never be true


def _condition_problems(draft: _Draft) -> Iterator[LintProblem]:
    root = proposal_type()
    parts: list[Node] = []
    try:
        if "when" in draft.entry:
            when = parse(draft.entry["when"], root, f"{draft.pointer}/when")
            parts.append(annotate(when, f"{draft.pointer}/when", root))
        if "for_each" in draft.entry and "where" in draft.entry:
            collection = collection_of(str(draft.entry["for_each"]))
            item_type = resolve(root, collection, collection=True).items
            if item_type is None or item_type.kind != "object":
                return
            where = parse(draft.entry["where"], item_type, f"{draft.pointer}/where")
            body = annotate(where, f"{draft.pointer}/where", item_type, collection)
            parts.append(Exists(collection, body, f"{draft.pointer}/for_each", "for_each"))
    except (ConditionError, PathError, TypeError):
        return  # loading the pack reports it
    if not parts:
        return
    for found in contradictions(Conj(tuple(parts), draft.pointer), lambda p: draft.doc.mark(p).line):
        mark = draft.doc.mark(found.pointer)
        prefix = f"{draft.label} can never fire: " if found.fatal else f"{draft.label}: "
        yield LintProblem(draft.file, mark.line, mark.column, prefix + found.explanation, found.hint)


# ---------------------------------------------------------------- ids


def id_key(rule_id: str) -> str:
    """Ids that differ only in case or in leading zeros (SC-IDENT-1, sc-ident-001) share a key."""
    return "-".join(part.lstrip("0") or "0" if part.isdigit() else part for part in rule_id.upper().split("-"))


def _id_collisions(drafts: Sequence[_Draft]) -> Iterator[LintProblem]:
    seen: dict[str, tuple[str, str, _Draft]] = {}  # key -> (id, "id"|"alias", where)

    def where(draft: _Draft) -> str:
        mark = draft.mark()
        return f"{draft.file}:{mark.line}:{mark.column}"

    for draft in drafts:
        rule_id = draft.id
        if rule_id is None:
            continue
        builtin = next((b for b in BUILTIN_RULES if id_key(b) == id_key(rule_id)), None)
        if builtin is not None:
            yield draft.problem(
                f"{rule_id} collides with sharecheck's built-in rule {builtin}",
                "built-in ids (SC-INPUT-*, SC-WAIVER-*) are reserved; choose an id with your organisation's prefix",
                "/id",
            )
        key = id_key(rule_id)
        if key in seen:
            other, kind, first = seen[key]
            if kind == "alias":
                yield draft.problem(
                    f"{rule_id} is the retired alias of {first.label} (at {where(first)}); "
                    "a retired id is never given to another rule",
                    "choose a new id: waivers and reports that cite the old one would otherwise mean two rules",
                    "/id",
                )
            elif other != rule_id:
                yield draft.problem(
                    f"{rule_id} is too like {other} (at {where(first)}): ids that differ only in case or "
                    "leading zeros are easily confused",
                    "give the two rules clearly different ids",
                    "/id",
                )
            # the same id twice is a duplicate, which loading the pack reports
        else:
            seen[key] = (rule_id, "id", draft)
        aliases = draft.entry.get("aliases")
        for index, alias in enumerate(aliases if isinstance(aliases, list) else []):
            if not isinstance(alias, str):
                continue
            alias_key = id_key(alias)
            if alias_key == key:
                yield draft.problem(
                    f"{rule_id} lists its own id as a retired alias",
                    "aliases are the ids the rule had before it was renamed",
                    f"/aliases/{index}",
                )
                continue
            if alias_key in seen:
                other, kind, first = seen[alias_key]
                what = "the id" if kind == "id" else "a retired alias"
                yield draft.problem(
                    f"{rule_id} lists {alias} as a retired alias, "
                    f"but it is {what} of {first.label} (at {where(first)})",
                    "an id belongs to one rule for ever; remove the alias or rename the other rule",
                    f"/aliases/{index}",
                )
                continue
            seen[alias_key] = (alias, "alias", draft)


# ---------------------------------------------------------------- reasons


def _blank_reasons(files: _Files) -> Iterator[LintProblem]:
    for section, rule_id, doc, name in files.settings:
        value = doc.data[section][rule_id]
        reason = value.get("reason") if section == "overrides" and isinstance(value, dict) else value
        if isinstance(reason, str) and not reason.strip():
            pointer = jp.join(section, rule_id) + ("/reason" if section == "overrides" else "")
            mark = doc.mark(pointer)
            verb = "overriding" if section == "overrides" else "disabling"
            yield LintProblem(
                name,
                mark.line,
                mark.column,
                f"the reason for {verb} {rule_id} is blank",
                "say why (a decision, a policy, a date), for whoever reviews the pack next",
            )


# ---------------------------------------------------------------- test cases


def _known_ids(files: _Files, pack: Pack | None) -> set[str]:
    if pack is not None:
        ids = {r.id for r in pack.rules} | {a for r in pack.rules for a in r.aliases}
        ids |= {r.id for r in pack.disabled}
    else:
        ids = {d.id for d in files.drafts if d.id is not None}
    return ids | {rule_id for _, rule_id, _, _ in files.settings} | set(BUILTIN_RULES)


def _suggest(rule_id: str, known: set[str]) -> str:
    same = [k for k in sorted(known) if k.upper() == rule_id.upper()] or [
        k for k in sorted(known) if id_key(k) == id_key(rule_id)
    ]
    if same:
        return f"rule ids are exact: did you mean {same[0]}?"
    close = difflib.get_close_matches(rule_id, sorted(known), n=1)
    return f"did you mean {close[0]}?" if close else "`sharecheck rules show` lists the pack's rules"


def _case_problems(files: _Files, pack: Pack | None) -> tuple[list[LintProblem], set[str], int]:
    problems: list[LintProblem] = []
    fired: set[str] = set()
    count = 0
    known = _known_ids(files, pack)
    for path in files.case_files:
        name = display(path)
        try:
            count += len(load_case_file(path))
        except CaseError as error:
            p = error.problem
            problems.append(LintProblem(p.file, p.line, p.column, p.message, "the case format is in docs/authoring.md"))
        try:
            doc = load(path.read_text("utf-8"))
        except (YamlError, UnicodeDecodeError, OSError):
            continue
        entries = doc.data.get("cases") if isinstance(doc.data, dict) else None
        for index, case in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(case, dict):
                continue
            label = f"case {case.get('name')!r}" if isinstance(case.get("name"), str) else "a case"
            expected: dict[str, str] = {}
            for key in ("fires", "silent"):
                ids = case.get(key)
                for j, rule_id in enumerate(ids if isinstance(ids, list) else []):
                    mark = doc.mark(f"/cases/{index}/{key}/{j}")
                    if not isinstance(rule_id, str):
                        problems.append(
                            LintProblem(name, mark.line, mark.column, f"{label}: `{key}` lists rule ids, not values")
                        )
                        continue
                    if key == "fires":
                        fired.add(rule_id)
                    if rule_id not in known and not files.unreadable:
                        verb = "to fire" if key == "fires" else "to stay silent"
                        problems.append(
                            LintProblem(
                                name,
                                mark.line,
                                mark.column,
                                f"{label} expects {rule_id} {verb}, but the pack has no such rule",
                                _suggest(rule_id, known),
                            )
                        )
                    elif expected.get(rule_id, key) != key:
                        problems.append(
                            LintProblem(
                                name,
                                mark.line,
                                mark.column,
                                f"{label} expects {rule_id} both to fire and to stay silent",
                                "a case is one proposal: the rule either fires on it or it does not",
                            )
                        )
                    expected[rule_id] = key
    return problems, fired, count


def _untested(files: _Files, pack: Pack | None, fired: set[str]) -> Iterator[LintProblem]:
    hint = (
        "add a case under tests/ with `fires: [{id}]` (and another with `silent: [{id}]`); "
        "`sharecheck rules test` runs them"
    )
    if pack is not None:
        for rule in pack.rules:
            if rule.id not in fired:
                yield LintProblem(
                    rule.origin.file,
                    rule.origin.line,
                    rule.origin.column,
                    f"{rule.id} has no test case: no case expects it to fire",
                    hint.format(id=rule.id),
                )
        return
    disabled = {rule_id for section, rule_id, _, _ in files.settings if section == "disable"}
    for draft in files.drafts:
        if draft.id is not None and draft.id not in fired and draft.id not in disabled:
            yield draft.problem(f"{draft.id} has no test case: no case expects it to fire", hint.format(id=draft.id))
