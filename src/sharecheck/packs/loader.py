"""Rule packs: loading, checking and layering, with every problem at file:line:col.

A pack is a folder: `pack.yaml` (name, version, optionally `extends`, `overrides`,
`disable`) and any other `*.yaml` files holding `rules:`. Test cases live in `tests/`.
Loading refuses anything doubtful — an unknown key, operator or field, an operand of the
wrong type, a duplicate id, a category outside SPEC §3 — because a rule that silently never
fires is worse than a pack that does not load.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jsonschema
from referencing import Registry, Resource

from sharecheck.band.framework import Framework
from sharecheck.band.framework import from_data as framework_from_data
from sharecheck.band.framework import problems as framework_problems
from sharecheck.engines.conditions import Compare, Condition, ConditionError, parse, walk
from sharecheck.engines.durable_compile import ANCHOR, SENTINEL, pattern, to_durable, unsupported
from sharecheck.engines.durable_network import overflow
from sharecheck.engines.projection import Plan
from sharecheck.engines.runtime import Program
from sharecheck.law.facts import derived_type
from sharecheck.law.gateway_catalogue import VERIFIED_FAILURES, Catalogue, Gateway, unverified_facts
from sharecheck.law.gateway_catalogue import load as load_gateways
from sharecheck.packs import message_template as template
from sharecheck.packs.rule import Origin, Rule, alias_hint, collection_of
from sharecheck.packs.yaml_source import YamlDocument, YamlError, load
from sharecheck.reading import pointer as jp
from sharecheck.reading.bundled import default_rules_dir, schema
from sharecheck.reading.fieldtypes import FieldType, PathError, from_schema, resolve
from sharecheck.reading.schema_messages import problems as schema_problems
from sharecheck.results.report import PackInfo, Severity

DEFAULT_PACK = "sharecheck"
# The engine's limits, measured (benchmarks/RESULTS.md, "Engine limits"), so that a pack that
# loads is a pack the engine takes: durable-rules refuses a ruleset somewhere near 650 rules
# (error 107); registering `mentions_any` words never finishes past a cliff that depends on the
# whole pack (511 words alone register in 0.1 s, 512 never; with the bundled pack's rules, 477
# register and 487 never), so the bound is half of it; more than 256 rules with one same
# condition are refused (error 108: one node holds 256 rules).
MAX_RULES = 500
MAX_PATTERN_WORDS = 250
MAX_SAME_CONDITION = 256
TOO_MANY_RULES = (
    f"a pack (with what it extends) may hold at most {MAX_RULES} rules; the rule engine cannot "
    "hold more, and time and memory grow with every rule: split the policy or merge rules"
)
MANIFEST = "pack.yaml"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PackError(Exception):
    def __init__(self, problems: list[Problem], layers: tuple[Path, ...] = ()) -> None:
        self.problems = sorted(set(problems))
        self.layers = layers  # the pack folders that were found, base first (for `rules lint`)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Setting:
    """An override or a disabled rule, with its reason and where it was written."""

    rule: str
    change: str  # e.g. "severity: warning -> blocker", "disabled"
    reason: str
    origin: Origin


@dataclass(frozen=True)
class Pack:
    name: str
    version: str
    sha256: str
    rules: tuple[Rule, ...]
    program: Program
    plan: Plan
    root_type: FieldType
    layers: tuple[Path, ...]  # the pack's folders, base first
    settings: tuple[Setting, ...] = ()
    framework: Framework | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)  # other sections, e.g. gateways
    disabled: tuple[Rule, ...] = ()  # rules of a lower layer that a higher one switched off
    gateways: Catalogue = field(default_factory=Catalogue)
    # blockers loaded as warnings because they rest on unverified catalogue facts (`rules lint` reports them)
    downgraded: tuple[Problem, ...] = ()

    @property
    def info(self) -> PackInfo:
        return PackInfo(self.name, self.version, self.sha256)

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this id, or the one that retired it as an alias."""
        found = next((r for r in self.rules if r.id == rule_id), None)
        return found or next((r for r in self.rules if rule_id in r.aliases), None)


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@cache
def proposal_type() -> FieldType:
    """The proposal schema's fields plus the derived facts under `derived`."""
    proposal = from_schema(schema("proposal"))
    return FieldType("object", properties={**proposal.properties, "derived": derived_type(proposal)})


@cache
def exclusion_scope() -> FieldType:
    """What gateway exclusions may test: everything but the gateway facts they feed."""
    root = proposal_type()
    derived = root.properties["derived"]
    kept = {k: v for k, v in derived.properties.items() if k != "cited_gateways"}
    return replace(root, properties={**root.properties, "derived": replace(derived, properties=kept)})


@cache
def _file_validator() -> jsonschema.protocols.Validator:
    """The rules schema with conditions left open: the condition parser checks those (with
    better messages and type-checking), and skipping them halves the cost of a cold start."""
    rules_schema = copy.deepcopy(schema("rules"))
    rules_schema["$defs"]["condition"] = {}
    # rules.schema.json refers to gateways.schema.json by file name, as editors resolve it
    gateways_uri = urljoin(rules_schema["$id"], "gateways.schema.json")
    registry: Registry[Any] = Registry().with_resource(gateways_uri, Resource.from_contents(schema("gateways")))
    return jsonschema.validators.validator_for(rules_schema)(rules_schema, registry=registry)


@dataclass
class _Layer:
    directory: Path
    name: str = ""
    version: str = ""
    extends: str | None = None
    extends_origin: Origin | None = None
    rules: list[Rule] = field(default_factory=list)
    overrides: dict[str, tuple[dict[str, Any], Origin]] = field(default_factory=dict)
    disabled: dict[str, tuple[str, Origin]] = field(default_factory=dict)
    raw: dict[str, tuple[Any, YamlDocument, str]] = field(default_factory=dict)
    digest: list[bytes] = field(default_factory=list)
    over_limit: bool = False


def _read_layer(directory: Path, problems: list[Problem]) -> _Layer:
    layer = _Layer(directory)
    manifest_seen: Path | None = None
    files = sorted(p for p in directory.glob("*.yaml") if p.is_file()) + sorted(
        p for p in directory.glob("*.yml") if p.is_file()
    )
    if not files:
        problems.append(Problem(display(directory), 1, 1, "no rule files (*.yaml) in this folder"))
        return layer
    for path in files:
        name = display(path)
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8-sig")
            doc = load(text)
        except YamlError as error:
            problems.append(Problem(name, error.line, error.column, error.message))
            continue
        except UnicodeDecodeError:
            problems.append(Problem(name, 1, 1, "the file is not valid UTF-8"))
            continue
        except OSError as error:
            problems.append(Problem(name, 1, 1, f"cannot read the file: {error.strerror}"))
            continue
        layer.digest.append(path.name.encode() + b"\0" + raw + b"\0")
        if doc.data is None:
            problems.append(Problem(name, 1, 1, "the file is empty"))
            continue
        before = len(problems)
        for problem in schema_problems(_file_validator(), doc.data, "the file"):
            if _inside_condition(problem.pointer):
                continue  # the condition parser explains these better, below
            mark = doc.mark(problem.pointer, key=problem.at_key)
            problems.append(Problem(name, mark.line, mark.column, problem.message))
        if len(problems) > before or not isinstance(doc.data, dict):
            if isinstance(doc.data, dict) and isinstance(doc.data.get("pack"), dict):
                manifest_seen = path  # a manifest with problems (reported above) is still the manifest
            _rules_conditions_only(doc, name, problems)
            continue
        data = doc.data
        if "pack" in data:
            if manifest_seen is not None:
                mark = doc.mark("/pack", key=True)
                problems.append(
                    Problem(
                        name,
                        mark.line,
                        mark.column,
                        f"a second `pack:` manifest (the first is in {display(manifest_seen)})",
                    )
                )
            manifest_seen = path
            layer.name = data["pack"]["name"]
            layer.version = str(data["pack"]["version"])
            layer.extends = data["pack"].get("extends")
            if layer.extends is not None:
                mark = doc.mark("/pack/extends")
                layer.extends_origin = Origin(name, mark.line, mark.column)
                if "\x00" in layer.extends:  # no file system takes one; Path would raise
                    problems.append(
                        Problem(name, mark.line, mark.column, "`extends` holds a NUL character; name a pack folder")
                    )
                    layer.extends = None
        for index, entry in enumerate(data.get("rules", [])):
            if len(layer.rules) >= MAX_RULES:  # stop before the cost grows: see MAX_RULES
                if not layer.over_limit:
                    mark = doc.mark(f"/rules/{index}")
                    problems.append(Problem(name, mark.line, mark.column, TOO_MANY_RULES))
                layer.over_limit = True
                break
            rule = _rule(entry, doc, name, f"/rules/{index}", problems)
            if rule is not None:
                layer.rules.append(rule)
        for rule_id, change in data.get("overrides", {}).items():
            mark = doc.mark(jp.join("overrides", rule_id), key=True)
            layer.overrides[rule_id] = (change, Origin(name, mark.line, mark.column))
        for rule_id, reason in data.get("disable", {}).items():
            mark = doc.mark(jp.join("disable", rule_id), key=True)
            layer.disabled[rule_id] = (reason, Origin(name, mark.line, mark.column))
        for section in ("gateways", "framework"):
            if section in data:
                if section in layer.raw:
                    mark = doc.mark(f"/{section}", key=True)
                    problems.append(
                        Problem(
                            name, mark.line, mark.column, f"`{section}:` is already given in {layer.raw[section][2]}"
                        )
                    )
                layer.raw[section] = (data[section], doc, name)
    if manifest_seen is None:
        problems.append(
            Problem(
                display(directory / MANIFEST),
                1,
                1,
                "no pack manifest: add pack.yaml with `pack: {name: …, version: …}`",
            )
        )
    return layer


def _inside_condition(pointer: str) -> bool:
    parts = jp.split(pointer)
    return len(parts) >= 3 and parts[0] == "rules" and parts[2] in ("when", "where")


def _rules_conditions_only(doc: YamlDocument, name: str, problems: list[Problem]) -> None:
    """Even when a file has shape problems, report its condition problems too."""
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        return
    for index, entry in enumerate(data["rules"]):
        if isinstance(entry, dict):
            _conditions(entry, doc, name, f"/rules/{index}", problems)


def _conditions(
    entry: Mapping[str, Any], doc: YamlDocument, name: str, here: str, problems: list[Problem]
) -> tuple[Condition | None, Condition | None, FieldType | None, bool]:
    root = proposal_type()
    ok = True
    when = where = None
    item_type = None
    try:
        if "when" in entry:
            when = parse(entry["when"], root, f"{here}/when")
        if "for_each" in entry:
            collection = collection_of(str(entry["for_each"]))
            try:
                found = resolve(root, collection, collection=True)
            except PathError as error:
                hint = "" if "did you mean" in error.message else alias_hint(collection)
                raise ConditionError(f"{here}/for_each", error.message + hint) from None
            if found.kind != "array" or found.items is None or found.items.kind != "object":
                raise ConditionError(f"{here}/for_each", f"`{collection}` is not a list of objects")
            item_type = found.items
            if "where" in entry:
                where = parse(entry["where"], item_type, f"{here}/where")
    except ConditionError as error:
        mark = doc.mark(error.pointer, key=error.at_key)
        problems.append(Problem(name, mark.line, mark.column, error.message))
        ok = False
    return when, where, item_type, ok


def _rule(entry: Mapping[str, Any], doc: YamlDocument, name: str, here: str, problems: list[Problem]) -> Rule | None:
    when, where, item_type, ok = _conditions(entry, doc, name, here, problems)
    mark = doc.mark(here)
    origin = Origin(name, mark.line, mark.column)
    # a `for_each` that names no list is reported once: its `{item.X}` placeholders are not
    # reported again as needing a for_each
    templates = ("message", "remediation") if item_type is not None or "for_each" not in entry else ()
    for key in templates:
        for message in template.check(entry[key], proposal_type(), item_type):
            m = doc.mark(f"{here}/{key}")
            problems.append(Problem(name, m.line, m.column, message))
            ok = False
    if "at" in entry:
        try:
            resolve(item_type or proposal_type(), entry["at"])
        except PathError as error:
            m = doc.mark(f"{here}/at")
            problems.append(Problem(name, m.line, m.column, f"`at`: {error.message}"))
            ok = False
    if not ok:
        return None
    rule = Rule(
        id=entry["id"],
        title=entry["title"],
        severity=Severity(entry["severity"]),
        category=entry["category"],
        message=entry["message"],
        remediation=entry["remediation"],
        sources=tuple(entry["sources"]),
        origin=origin,
        when=when,
        for_each=collection_of(entry["for_each"]) if "for_each" in entry else None,
        where=where,
        at=entry.get("at"),
        description=entry.get("description", ""),
        waivable=entry.get("waivable", True),
        aliases=tuple(entry.get("aliases", ())),
    )
    reason = unsupported(rule.condition)
    if reason is not None:
        problems.append(Problem(name, mark.line, mark.column, f"{rule.id}: {reason}"))
        return None
    return rule


def _resolve_extends(layer: _Layer) -> Path | None:
    if layer.extends is None:
        return None
    if layer.extends == DEFAULT_PACK:
        return default_rules_dir()
    try:
        return (layer.directory / layer.extends).resolve()
    except (OSError, ValueError, RuntimeError):  # a name the file system refuses, or a link loop
        return layer.directory / layer.extends


def _chain(directory: Path, problems: list[Problem]) -> list[_Layer]:
    """The layers from the base pack up to `directory`."""
    chain: list[_Layer] = []
    seen: list[Path] = []
    current: Path | None = directory.resolve()
    while current is not None:
        if current in seen:
            origin = chain[-1].extends_origin
            loop = " -> ".join(display(p) for p in [*seen, current])
            problems.append(
                Problem(
                    origin.file if origin else display(current),
                    origin.line if origin else 1,
                    origin.column if origin else 1,
                    f"`extends` goes round in a circle: {loop}",
                )
            )
            break
        if not _is_dir(current):
            origin = chain[-1].extends_origin if chain else None
            written = chain[-1].extends if chain else None  # as the author wrote it, not resolved
            problems.append(
                Problem(
                    origin.file if origin else display(current),
                    origin.line if origin else 1,
                    origin.column if origin else 1,
                    f"no such pack folder: {written or display(current)}",
                )
            )
            break
        seen.append(current)
        layer = _read_layer(current, problems)
        chain.append(layer)
        current = _resolve_extends(layer)
    return list(reversed(chain))


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # e.g. a name too long for the file system
        return False


def _merge(chain: list[_Layer], problems: list[Problem]) -> tuple[dict[str, Rule], list[Setting], list[Rule]]:
    rules: dict[str, Rule] = {}
    settings: list[Setting] = []
    disabled: list[Rule] = []
    for layer in chain:
        for rule in layer.rules:
            if rule.id in rules:
                first = rules[rule.id].origin
                problems.append(
                    Problem(
                        rule.origin.file,
                        rule.origin.line,
                        rule.origin.column,
                        f"duplicate rule id {rule.id} (already defined at {first}); "
                        "to change an inherited rule use `overrides:`",
                    )
                )
                continue
            rules[rule.id] = rule
            disabled = [d for d in disabled if d.id != rule.id]  # defined afresh above where it was disabled
        for rule_id, (change, origin) in sorted(layer.overrides.items()):
            target = rules.get(rule_id)
            if target is None:
                problems.append(_unknown_id(rule_id, origin, rules, "override"))
                continue
            updates: dict[str, Any] = {}
            notes = []
            if "severity" in change:
                updates["severity"] = Severity(change["severity"])
                notes.append(f"severity: {target.severity.value} -> {change['severity']}")
            for key in ("message", "remediation"):
                if key in change:
                    for message in template.check(change[key], proposal_type(), _item_type(target)):
                        problems.append(Problem(origin.file, origin.line, origin.column, message))
                    updates[key] = change[key]
                    notes.append(f"{key} replaced")
            if not notes:
                problems.append(
                    Problem(
                        origin.file,
                        origin.line,
                        origin.column,
                        f"the override of {rule_id} changes nothing: give severity, message or remediation",
                    )
                )
            rules[rule_id] = replace(target, **updates)
            settings.append(Setting(rule_id, "; ".join(notes), change["reason"], origin))
        for rule_id, (reason, origin) in sorted(layer.disabled.items()):
            if rule_id not in rules:
                problems.append(_unknown_id(rule_id, origin, rules, "disable"))
                continue
            disabled.append(rules.pop(rule_id))
            settings.append(Setting(rule_id, "disabled", reason, origin))
    return rules, settings, disabled


def _item_type(rule: Rule) -> FieldType | None:
    if rule.for_each is None:
        return None
    return resolve(proposal_type(), rule.for_each, collection=True).items


def _unknown_id(rule_id: str, origin: Origin, rules: Mapping[str, Rule], verb: str) -> Problem:
    close = difflib.get_close_matches(rule_id, sorted(rules), n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    return Problem(
        origin.file,
        origin.line,
        origin.column,
        f"cannot {verb} {rule_id}: no such rule in the packs below this one{hint}",
    )


def _size_problems(rules: Mapping[str, Rule], top: _Layer) -> list[Problem]:
    """The bounds of MAX_RULES and MAX_PATTERN_WORDS, over the whole layered pack."""
    where = display(top.directory / MANIFEST)
    found = []
    if len(rules) > MAX_RULES:
        found.append(Problem(where, 1, 1, f"{TOO_MANY_RULES} (this pack has {len(rules)})"))
    in_order = list(rules.values())  # base layer first, then each layer's files and rules in order
    words = 0
    for rule in in_order:
        words += sum(
            len(node.operand)
            for _, node in walk(rule.condition)
            if isinstance(node, Compare) and node.op == "mentions_any"
        )
        if words > MAX_PATTERN_WORDS:  # reported at the rule that goes over, with the total
            total = sum(
                len(node.operand)
                for r in in_order
                for _, node in walk(r.condition)
                if isinstance(node, Compare) and node.op == "mentions_any"
            )
            found.append(
                Problem(
                    rule.origin.file,
                    rule.origin.line,
                    rule.origin.column,
                    f"{rule.id}: the pack's `mentions_any` tests list {total} words; at most {MAX_PATTERN_WORDS} "
                    "are supported (the rule engine never finishes loading a few hundred more)",
                )
            )
            break
    same: dict[str, list[Rule]] = {}
    for rule in in_order:
        same.setdefault(json.dumps(to_durable(rule.condition), sort_keys=True), []).append(rule)
    for group in same.values():
        if len(group) > MAX_SAME_CONDITION:
            rule = group[MAX_SAME_CONDITION]
            found.append(
                Problem(
                    rule.origin.file,
                    rule.origin.line,
                    rule.origin.column,
                    f"{rule.id}: {len(group)} rules have this same condition (the first is {group[0].id}); "
                    f"at most {MAX_SAME_CONDITION} may (the rule engine refuses more): merge them",
                )
            )
    if not found:
        crowded = overflow([(SENTINEL, ANCHOR), *((rule.id, pattern(rule.condition)) for rule in in_order)])
        over = rules.get(crowded.rule) if crowded else None
        if crowded is not None and over is not None:
            found.append(
                Problem(
                    over.origin.file,
                    over.origin.line,
                    over.origin.column,
                    f"{over.id}: {crowded}: give these rules a first test in common (e.g. a `for_each`, "
                    "or `status`), merge rules that differ only in a value, or split the pack",
                )
            )
    return found


def _exclusion_problems(gateways: Mapping[str, Gateway], written: Mapping[str, Problem]) -> list[Problem]:
    """The gateway exclusions are a program of their own: the same engine tables bound it."""
    try:
        named = [
            (exclusion.name(gateway.id), pattern(exclusion.condition))
            for gateway in sorted(gateways.values(), key=lambda g: g.id)
            for exclusion in gateway.exclusions
        ]
    except ValueError:  # an exclusion the engine cannot evaluate is reported where it is parsed
        return []
    crowded = overflow([(SENTINEL, ANCHOR), *named])
    if crowded is None:
        return []
    gateway_id = crowded.rule.split("/", 1)[0]
    where = written.get(gateway_id, Problem(MANIFEST, 1, 1, ""))
    message = f"gateway {gateway_id}, exclusion {crowded.rule}: {crowded}: split or merge its exclusions"
    return [replace(where, message=message)]


def _stack(directories: Sequence[Path], problems: list[Problem]) -> list[_Layer]:
    """Each pack layered over the ones before it; a folder already in the stack (say, the
    `sharecheck` pack that two of them extend) is used once, where it first appears."""
    stack: list[_Layer] = []
    for directory in directories:
        for layer in _chain(directory, problems):
            if all(layer.directory != below.directory for below in stack):
                stack.append(layer)
    return stack


def load_pack(directory: Path | Sequence[Path] | None = None) -> Pack:
    """Load the pack in `directory` (default: the bundled pack), with what it extends.

    Several folders (`check --rules A --rules B`) layer in order: B over A over what A extends.
    """
    directories = [directory] if isinstance(directory, Path) else list(directory or ()) or [default_rules_dir()]
    problems: list[Problem] = []
    chain = _stack(directories, problems)
    rules, settings, disabled = _merge(chain, problems) if chain else ({}, [], [])
    raw: dict[str, Any] = {}
    framework = None
    gateways: dict[str, Gateway] = {}  # a later layer's entry replaces the same id below it
    written: dict[str, Problem] = {}  # where each gateway's entry is, for problems about it
    for layer in chain:
        for section, (value, doc, name) in layer.raw.items():
            raw[section] = value
            if section == "framework":
                framework = framework_from_data(value)
                for pointer, message in framework_problems(framework):
                    mark = doc.mark(pointer)
                    problems.append(Problem(name, mark.line, mark.column, message))
            if section == "gateways":
                loaded, troubles = load_gateways(value, "/gateways", proposal_type(), exclusion_scope())
                gateways.update((g.id, g) for g in loaded)
                ids = [entry.get("id") if isinstance(entry, Mapping) else None for entry in value]
                for gateway in loaded:
                    entry = doc.mark(f"/gateways/{ids.index(gateway.id)}") if gateway.id in ids else None
                    written[gateway.id] = Problem(name, entry.line if entry else 1, entry.column if entry else 1, "")
                for trouble in troubles:
                    mark = doc.mark(trouble.pointer, key=trouble.at_key)
                    problems.append(Problem(name, mark.line, mark.column, trouble.message))
    if not problems and chain:
        problems.extend(_size_problems(rules, chain[-1]))
    if not problems and gateways:
        problems.extend(_exclusion_problems(gateways, written))
    if problems:
        raise PackError(problems, tuple(layer.directory for layer in chain))
    top = chain[-1]
    digest = hashlib.sha256()
    for layer in chain:
        for part in layer.digest:
            digest.update(part)
    ordered, downgraded = _blockers_on_verified_facts(tuple(sorted(rules.values(), key=lambda r: r.id)))
    plan = Plan()
    for rule in ordered:
        plan.add(rule.condition, proposal_type())
    return Pack(
        name=top.name,
        version=top.version,
        sha256=digest.hexdigest(),
        rules=ordered,
        program=Program.of({r.id: r.condition for r in ordered}),
        plan=plan,
        root_type=proposal_type(),
        layers=tuple(layer.directory for layer in chain),
        settings=tuple(settings),
        framework=framework,
        raw=raw,
        disabled=tuple(sorted(disabled, key=lambda r: r.id)),
        gateways=Catalogue.of(gateways.values(), exclusion_scope()),
        downgraded=downgraded,
    )


def _blockers_on_verified_facts(rules: tuple[Rule, ...]) -> tuple[tuple[Rule, ...], tuple[Problem, ...]]:
    """A blocker tells a committee the sharing cannot go ahead, so it may rest only on catalogue
    facts verified at level V. A blocker that tests a raw catalogue fact (whatever its level) is
    loaded as a warning that says so, and `rules lint` reports it at the rule's line."""
    kept: list[Rule] = []
    problems: list[Problem] = []
    for rule in rules:
        facts = unverified_facts(rule.condition) if rule.severity is Severity.BLOCKER else []
        if not facts:
            kept.append(rule)
            continue
        named = ", ".join(f"`{f}`" for f in facts)
        kept.append(
            replace(
                rule,
                severity=Severity.WARNING,
                message=f"{rule.message} (A warning, not a blocker: it rests on the catalogue fact {named}, "
                "which is not verified at level V for every gateway.)",
            )
        )
        problems.append(
            Problem(
                rule.origin.file,
                rule.origin.line,
                rule.origin.column,
                f"{rule.id} is a blocker resting on the gateway catalogue's {named}, which may be below level V: "
                f"it is loaded as a warning. Test the verified fields ({', '.join(VERIFIED_FAILURES)}) instead, "
                "or make the rule a warning",
            )
        )
    return tuple(kept), tuple(problems)
