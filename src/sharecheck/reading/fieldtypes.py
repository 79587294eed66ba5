"""What fields exist and what they hold, read from the proposal schema.

Rules are type-checked against this at load, so a misspelt path or an operand outside a
field's enum is a pack error naming the line, not a rule that silently never fires.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldType:
    kind: str  # string | integer | number | boolean | array | object | date
    enum: tuple[str, ...] | None = None
    items: FieldType | None = None
    properties: Mapping[str, FieldType] = field(default_factory=dict)
    description: str = ""
    # the enum lists the known values, but the schema also accepts others (dpa_schedule1: the
    # real Schedule 1 conditions, or any partN_paraM as before), so "none of the enum" can hold
    open_enum: bool = False

    def child(self, name: str) -> FieldType | None:
        return self.properties.get(name)

    @property
    def is_scalar(self) -> bool:
        return self.kind not in ("array", "object")


def from_schema(schema: Mapping[str, Any]) -> FieldType:
    defs = schema.get("$defs", {})

    def resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in node:
            ref = str(node["$ref"])
            extra = {k: v for k, v in node.items() if k != "$ref"}
            node = {**defs[ref.rsplit("/", 1)[-1]], **extra}
        return node

    def convert(node: Mapping[str, Any]) -> FieldType:
        node = resolve(node)
        description = str(node.get("description", ""))
        if "enum" in node:
            return FieldType("string", tuple(node["enum"]), description=description)
        if "const" in node:
            return FieldType("string", (node["const"],), description=description)
        if "anyOf" in node and "type" not in node:
            # dpa_schedule1: the enum of real conditions, or the older pattern; rules test the enum
            listed = [n for n in node["anyOf"] if "enum" in n]
            if listed:
                others = len(listed) < len(node["anyOf"])
                return FieldType("string", tuple(listed[0]["enum"]), description=description, open_enum=others)
            # score: 1-5 or "n/a"; rules compare it as a number ("n/a" is no score)
            numeric = [n for n in node["anyOf"] if n.get("type") in ("integer", "number")]
            if numeric:
                return FieldType(numeric[0]["type"], description=description)
        kind = node.get("type", "object")
        if kind == "array":
            return FieldType("array", items=convert(node.get("items", {})), description=description)
        if kind == "object":
            props = {name: convert(sub) for name, sub in node.get("properties", {}).items()}
            return FieldType("object", properties=props, description=description)
        if kind == "string" and node.get("format") == "date":
            return FieldType("date", description=description)
        return FieldType(str(kind), description=description)

    return convert(schema)


@dataclass(frozen=True)
class PathError(Exception):
    message: str

    def __str__(self) -> str:
        return self.message


def split_path(path: str) -> list[str]:
    """`data.datasets[].fields` -> ['data', 'datasets[]', 'fields']."""
    return path.split(".") if path else []


def resolve(scope: FieldType, path: str, *, collection: bool = False) -> FieldType:
    """The type at `path` below `scope`. A collection path ends in an array and may
    traverse arrays with `[]`; a field path may not traverse arrays."""
    current = scope
    parts = split_path(path)
    walked: list[str] = []
    for index, part in enumerate(parts):
        each = part.endswith("[]")
        name = part[:-2] if each else part
        if current.kind != "object":
            raise PathError(f"`{'.'.join(walked)}` is not an object, so it has no `{name}`")
        sub = current.child(name)
        if sub is None:
            known = sorted(current.properties)
            hint = difflib.get_close_matches(name, known, n=1)
            where = f"`{'.'.join(walked)}`" if walked else "the proposal"
            message = f"unknown field `{'.'.join([*walked, name])}`: {where} has no `{name}`"
            if hint:
                message += f"; did you mean `{'.'.join([*walked, hint[0]])}`?"
            raise PathError(message)
        walked.append(part)
        last = index == len(parts) - 1
        if each:
            if sub.kind != "array" or sub.items is None:
                raise PathError(f"`{name}` is not a list, so `{name}[]` has nothing to go through")
            if last:
                raise PathError(f"end the path at `{name}` to go through its items")
            current = sub.items
            continue
        if sub.kind == "array" and not last and sub.items is not None and sub.items.kind == "object":
            raise PathError(
                f"`{'.'.join(walked)}` is a list: write `{name}[]` to go through its items"
                + ("" if collection else ", inside any_item / all_items / for_each")
            )
        current = sub
    return current
