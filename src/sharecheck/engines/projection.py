"""A proposal projected into the one fact the engines see: only the paths the rules read.

durable-rules holds ~250 flattened properties per fact, and every fired rule round-trips the
fact through JSON, so a pack's conditions are first gathered into a `Plan` and only those paths
are projected. Values are normalised so both engines see the same thing: blank text, empty lists
and empty objects are absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sharecheck.engines.conditions import Compare, Condition, Quantified, fact_key, length_key, walk
from sharecheck.reading import pointer as jp
from sharecheck.reading.fieldtypes import FieldType, resolve


@dataclass
class Plan:
    """The paths a set of conditions reads, per scope (root, or a list's items)."""

    fields: dict[str, str] = field(default_factory=dict)  # path -> kind
    lengths: set[str] = field(default_factory=set)
    collections: dict[str, Plan] = field(default_factory=dict)

    def add(self, condition: Condition, scope: FieldType) -> None:
        self.__dict__.pop("steps", None)  # the precomputed steps below no longer hold
        for prefix, node in walk(condition):
            if prefix:
                continue  # handled by the nested plan below
            if isinstance(node, Quantified):
                item_type = resolve(scope, node.collection, collection=True).items
                assert item_type is not None
                self.collections.setdefault(node.collection, Plan()).add(node.where, item_type)
            elif isinstance(node, Compare):
                if node.op in ("items_at_least", "items_fewer_than"):
                    self.lengths.add(node.field)
                else:
                    self.fields[node.field] = resolve(scope, node.field).kind

    @cached_property
    def steps(self) -> _Steps:
        """What `project` does for this plan, worked out once rather than for every proposal:
        each path split, its fact key made, and all of them in order."""
        return _Steps(
            tuple((fact_key(path), tuple(path.split(".")), kind) for path, kind in sorted(self.fields.items())),
            tuple((length_key(path), tuple(path.split("."))) for path in sorted(self.lengths)),
            tuple((path, fact_key(path), sub) for path, sub in sorted(self.collections.items())),
        )


@dataclass(frozen=True)
class _Steps:
    fields: tuple[tuple[str, tuple[str, ...], str], ...]
    lengths: tuple[tuple[str, tuple[str, ...]], ...]
    collections: tuple[tuple[str, str, Plan], ...]


def _get(value: Any, parts: tuple[str, ...]) -> Any:
    for part in parts:
        if type(value) is not dict and not isinstance(value, Mapping):  # a dict is by far the usual case
            return None
        value = value.get(part)
    return value


def _items(value: Any, path: str, pointer: str) -> list[tuple[str, Any]]:
    """The items of a collection path (which may go through lists with `[]`)."""
    found: list[tuple[str, Any]] = [(pointer, value)]
    parts = path.split(".")
    for index, part in enumerate(parts):
        each = part.endswith("[]") or index == len(parts) - 1
        name = part[:-2] if part.endswith("[]") else part
        step: list[tuple[str, Any]] = []
        for where, current in found:
            sub = current.get(name) if isinstance(current, Mapping) else None
            if each:
                if isinstance(sub, list):
                    step.extend(
                        (
                            item.get("$pointer", jp.child(where, name, i))
                            if isinstance(item, Mapping)
                            else jp.child(where, name, i),
                            item,
                        )
                        for i, item in enumerate(sub)
                    )
            elif sub is not None:
                step.append((jp.child(where, name), sub))
        found = step
    return found


def _normal(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, (list, dict)) and not value:
        return None
    if kind in ("integer", "number") and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return None  # e.g. a framework score of "n/a" is no score
    return value


def _clean(value: Any) -> Any:
    if isinstance(value, list):
        kept = [v for v in value if not (isinstance(v, str) and not v.strip())]
        return kept or None
    return value


@dataclass(frozen=True)
class Projection:
    fact: dict[str, Any]
    # root collection path -> [(pointer, raw item)] in fact order, for locating findings
    items: dict[str, list[tuple[str, Any]]]


def project(source: Mapping[str, Any], plan: Plan) -> Projection:
    items: dict[str, list[tuple[str, Any]]] = {}
    fact = _project(source, plan, "", items)
    return Projection(fact, items)


def _project(source: Any, plan: Plan, pointer: str, record: dict[str, list[tuple[str, Any]]] | None) -> dict[str, Any]:
    fact: dict[str, Any] = {}
    steps = plan.steps
    for key, parts, kind in steps.fields:
        value = _get(source, parts)
        if value is None:  # most paths a pack reads are absent from any one proposal
            continue
        value = _normal(_clean(value), kind)
        if value is not None:
            fact[key] = value
    for key, parts in steps.lengths:
        value = _get(source, parts)
        fact[key] = len(value) if isinstance(value, list) else 0
    for path, key, sub in steps.collections:
        found = _items(source, path, pointer)
        if record is not None:
            record[path] = found
        projected = [_project(item, sub, where, None) for where, item in found]
        if projected:
            fact[key] = projected
    return fact
