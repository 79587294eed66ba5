"""Every value a proposal's choices accept, with its plain-English label (the schema's x-labels).

`sharecheck schema values` prints it and docs/values.md is it, so a value can be found without
reading the JSON Schema; the editor shows the same labels from the schema itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sharecheck.reading.bundled import schema


def enums() -> Iterator[tuple[str, list[str], Mapping[str, str]]]:
    """(dotted path, values, labels) for every enum of the proposal schema, in schema order."""
    root = schema("proposal")
    defs = root["$defs"]

    def walk(node: Mapping[str, Any], path: str, seen: tuple[str, ...]) -> Iterator[tuple[str, list[str], Any]]:
        if "$ref" in node:
            name = str(node["$ref"]).rsplit("/", 1)[-1]
            if name in seen:
                return
            yield from walk(defs[name], path, (*seen, name))
            return
        if "enum" in node:
            yield path, list(node["enum"]), node.get("x-labels", {})
            return
        for branch in node.get("anyOf", []):
            yield from walk(branch, path, seen)
        if "items" in node:
            yield from walk(node["items"], f"{path}[]", seen)
        for key, sub in node.get("properties", {}).items():
            yield from walk(sub, f"{path}.{key}".lstrip("."), seen)

    yield from walk(root, "", ())


def markdown() -> str:
    lines = [
        "# Proposal values",
        "",
        "Every choice in a proposal (`sharecheck.proposal/1`) with the values it accepts and what each",
        "means. Generated from the `x-labels` of `schemas/proposal.schema.json` by",
        "`sharecheck schema values`; editors show the same labels (`enumDescriptions`).",
        "Choices marked *strict* do not accept `unknown`.",
    ]
    for path, values, labels in enums():
        strict = "" if "unknown" in values else " (strict)"
        lines += ["", f"## `{path}`{strict}", "", "| value | meaning |", "|---|---|"]
        lines += [f"| `{v}` | {labels.get(v, '')} |" for v in values]
    return "\n".join(lines) + "\n"
