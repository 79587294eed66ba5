"""Safe YAML for rule files, keeping the line and column of every value.

Governance teams edit these files by hand, so every error must name a line. We compose the
YAML node graph with PyYAML's SafeLoader (no Python tags can be constructed) and build plain
data ourselves, which lets us refuse what a policy file never needs and an attacker wants:
anchors and aliases (the "billion laughs" expansion), non-standard tags, and duplicate keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from sharecheck.reading import pointer as jp

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 500_000
MAX_INTEGER_DIGITS = 4300  # CPython converts no longer integer (int_max_str_digits)


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass(frozen=True)
class YamlError(Exception):
    message: str
    line: int
    column: int

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    marks: dict[str, Mark]  # JSON pointer -> where its value starts
    key_marks: dict[str, Mark]  # JSON pointer -> where its key starts

    def mark(self, pointer: str, *, key: bool = False) -> Mark:
        if key and pointer in self.key_marks:
            return self.key_marks[pointer]
        for candidate in jp.parents(pointer):
            if candidate in self.marks:
                return self.marks[candidate]
        return Mark(1, 1)


_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:timestamp",
}


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


_ALIAS_MESSAGE = "anchors and aliases (&name / *name) are not allowed in rule files; write the value out in full"


class _Builder:
    def __init__(self) -> None:
        self.marks: dict[str, Mark] = {}
        self.key_marks: dict[str, Mark] = {}
        self.nodes = 0
        self._seen: set[int] = set()
        self._scalars = yaml.SafeLoader("")

    def build(self, node: yaml.Node, here: str) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlError(f"the file has more than {MAX_NODES:,} values", *_pos(node))
        if id(node) in self._seen:  # an alias: the composer hands back the anchored node again
            raise YamlError(_ALIAS_MESSAGE, *_pos(node))
        self._seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            raise YamlError(
                f"the tag {node.tag} is not allowed in rule files (only plain YAML data is)",
                *_pos(node),
            )
        self.marks[here] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlError("a key must be plain text", *_pos(key_node))
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlError(
                        "merge keys (`<<`) are not allowed in rule files; write the keys out in full", *_pos(key_node)
                    )
                if key_node.tag not in _STANDARD_TAGS:
                    raise YamlError(
                        f"the tag {key_node.tag} is not allowed in rule files (only plain YAML data is)",
                        *_pos(key_node),
                    )
                key = str(self._scalar(key_node))
                member = jp.child(here, key)
                if key in result:
                    first = self.key_marks[member]
                    raise YamlError(
                        f"duplicate key {key!r} (first at line {first.line}); keep one",
                        *_pos(key_node),
                    )
                self.key_marks[member] = _mark(key_node)
                result[key] = self.build(value_node, member)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, jp.child(here, i)) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # keep dates as the text written; schemas check the format
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        """A scalar's value; what PyYAML cannot construct is a YamlError at its place, in our words."""
        try:
            return self._scalars.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            digits = sum(char.isdigit() for char in str(node.value))
            if node.tag == "tag:yaml.org,2002:int" and digits > MAX_INTEGER_DIGITS:
                message = (
                    f"a number of {digits:,} digits; at most {MAX_INTEGER_DIGITS:,} are read "
                    "(quote it to keep it as text)"
                )
            else:
                message = f"this value cannot be read as {node.tag.rsplit(':', 1)[-1]}; quote it to keep it as text"
            raise YamlError(message, *_pos(node)) from None


def _pos(node: yaml.Node) -> tuple[int, int]:
    mark = _mark(node)
    return mark.line, mark.column


class _NoAliasComposer(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise YamlError(
                "anchors and aliases (&name / *name) are not allowed in rule files; write the value out in full",
                event.start_mark.line + 1,
                event.start_mark.column + 1,
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if getattr(event, "anchor", None):
            raise YamlError(
                "anchors and aliases (&name / *name) are not allowed in rule files; write the value out in full",
                event.start_mark.line + 1,
                event.start_mark.column + 1,
            )
        return super().compose_node(parent, index)


def _composer(text: str) -> Any:
    """libyaml's composer when PyYAML was built with it (about ten times faster, which is
    most of a cold start); aliases then come back as shared nodes, which _Builder refuses."""
    c_loader = getattr(yaml, "CSafeLoader", None)
    return c_loader(text) if c_loader is not None else _NoAliasComposer(text)


def load(text: str) -> YamlDocument:
    """YAML text -> data with marks; YamlError (with line and column) on anything unsafe."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise YamlError(f"the file is larger than {MAX_BYTES:,} bytes", 1, 1)
    loader = _composer(text)
    try:
        node = loader.get_single_node()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlError(f"invalid YAML: {error.problem or error.context}", line, column) from None
    except yaml.YAMLError as error:
        raise YamlError(f"invalid YAML: {error}", 1, 1) from None
    finally:
        loader.dispose()
    if node is None:
        return YamlDocument(None, {}, {})
    builder = _Builder()
    data = builder.build(node, "")
    return YamlDocument(data, builder.marks, builder.key_marks)
