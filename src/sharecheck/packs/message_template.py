"""Finding messages that quote the proposal: "Field '{item.name}' is {item.special_category}".

Placeholders are field paths, checked against the proposal schema when the pack loads, and
filled from the proposal's own values; there is no expression language to abuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from sharecheck.reading.fieldtypes import FieldType, PathError, resolve
from sharecheck.reading.safe_text import visible

MAX_QUOTED = 200  # characters of one value a message quotes; a proposal may hold megabytes
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def placeholders(template: str) -> Iterator[str]:
    for match in _PLACEHOLDER.finditer(template):
        if match.group(1) is not None:
            yield match.group(1).strip()


def check(template: str, root: FieldType, item: FieldType | None) -> list[str]:
    """Problems with the placeholders of `template` (empty when it is sound)."""
    problems = []
    for name in placeholders(template):
        if name.startswith("item."):
            if item is None:
                problems.append(f"`{{{name}}}` needs for_each: only a rule that goes through a list has an item")
                continue
            scope, path = item, name[len("item.") :]
        else:
            scope, path = root, name
        try:
            found = resolve(scope, path)
        except PathError as error:
            problems.append(f"in `{{{name}}}`: {error.message}")
            continue
        if found.kind == "object":
            problems.append(f"`{{{name}}}` is an object; name one of its fields")
    return problems


def _lookup(value: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(not given)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    text = visible(str(value))  # proposal text: no terminal escapes or bidi overrides
    return text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + "…"


def render(template: str, root: Mapping[str, Any], item: Mapping[str, Any] | None = None) -> str:
    if "{" not in template and "}" not in template:
        return template  # shared with the rule: a batch holds one copy, not one per finding

    def fill(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1).strip()
        if name.startswith("item."):
            return _text(_lookup(item, name[len("item.") :]) if item is not None else None)
        return _text(_lookup(root, name))

    return _PLACEHOLDER.sub(fill, template)
