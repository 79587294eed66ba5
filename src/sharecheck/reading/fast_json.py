"""The fast path for reading an ordinary proposal, with the strict reader behind it.

Most proposals are ordinary: UTF-8 without a BOM, no duplicate keys, no NaN, shallow, small,
no NUL or surrogate escapes, no integer too long for 64 bits. For those, orjson parses the
bytes (the same values `json.loads` gives, about ten times faster) and the source map is built
only when a finding needs a line and column. Anything the strict reader could refuse, and
anything merely unusual, goes to the strict reader (`strict_json.parse`) unchanged, so every
refusal and its message is the strict reader's own: this module only decides who reads.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from typing import Any

import orjson

from sharecheck.reading import pointer as jp
from sharecheck.reading import strict_json
from sharecheck.reading.strict_json import Document, Position, SourceMap

# A key is a string followed by optional whitespace and a colon; counting these in the raw text
# gives at least the number of keys written (a string value containing `":` only adds), and
# exactly that number parsed only when no key was written twice.
_KEY_END = re.compile(rb'"[ \t\n\r]*:')
# Escapes that may decode to a NUL or an unpaired surrogate (refused by the strict reader), and
# integers too long for orjson's 64 bits (it would return a float where `json` returns an int).
_UNUSUAL = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])|[0-9]{19}")


# Over text that orjson has already accepted (so valid JSON, no duplicate keys, no odd escapes):
# strings, punctuation, and any other run (a number or a literal). Whitespace is skipped.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


class LazySourceMap(SourceMap):
    """A source map built from the text the first time a finding asks where a pointer is.

    A proposal without findings never pays for it. One with findings pays once for a lean scan
    that records offsets only (the file is known to be valid JSON, so none of the strict
    reader's checks are repeated); an offset becomes a line and column only when asked for.
    The positions are the strict reader's own (a test compares every pointer of every fixture).
    """

    _raw: bytes
    _built: tuple[dict[str, int], dict[str, int], list[int], str] | None

    def __init__(self, raw: bytes) -> None:
        super().__init__()
        object.__setattr__(self, "_raw", raw)
        object.__setattr__(self, "_built", None)

    def _offsets(self) -> tuple[dict[str, int], dict[str, int], list[int], str]:
        built = self._built
        if built is None:
            text = self._raw.decode("utf-8")
            values, keys = _scan_offsets(text)
            built = (values, keys, [], text)
            object.__setattr__(self, "_built", built)
        return built

    def locate(self, pointer: str, *, prefer_key: bool = False) -> Position | None:
        values, keys, starts, text = self._offsets()
        for candidate in jp.parents(pointer):
            if prefer_key and candidate == pointer and candidate in keys:
                return _position(text, starts, keys[candidate])
            if candidate in values:
                return _position(text, starts, values[candidate])
        return None


def _position(text: str, starts: list[int], offset: int) -> Position:
    if not starts:  # line starts, computed once per document and only when a position is wanted
        starts.append(0)
        starts.extend(m.end() for m in re.finditer("\n", text))
    index = bisect.bisect_right(starts, offset) - 1
    return Position(index + 1, offset - starts[index] + 1)


def _scan_offsets(text: str) -> tuple[dict[str, int], dict[str, int]]:
    """Pointer -> offset of each value, and of each member's key."""
    values: dict[str, int] = {}
    keys: dict[str, int] = {}
    # Each open container: [pointer, is_object, next_index, current member pointer]
    stack: list[list[Any]] = []
    expecting_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first in "{[":
            if stack:
                top = stack[-1]
                here = top[3] if top[1] else f"{top[0]}/{top[2]}"
            else:
                here = ""
            values[here] = match.start()
            stack.append([here, first == "{", 0, ""])
            expecting_key = first == "{"
        elif first in "}]":
            stack.pop()
            expecting_key = False
        elif first == ",":
            top = stack[-1]
            if top[1]:
                expecting_key = True
            else:
                top[2] += 1
        elif first == ":":
            continue
        elif expecting_key:
            name = json.loads(token) if "\\" in token else token[1:-1]
            top = stack[-1]
            member = jp.child(top[0], name)
            keys[member] = match.start()
            top[3] = member
            expecting_key = False
        elif stack:
            top = stack[-1]
            values[top[3] if top[1] else f"{top[0]}/{top[2]}"] = match.start()
    return values, keys


def _ordinary(data: Any, keys_written: int) -> bool:
    """Within the strict reader's depth and value bounds, with no key written twice."""
    keys = 0
    values = 1  # the top-level object
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        container, depth = stack.pop()
        if depth >= strict_json.MAX_DEPTH:
            return False
        values += len(container)
        children = container.values() if type(container) is dict else container
        if type(container) is dict:
            keys += len(container)
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                stack.append((child, depth + 1))
    return keys == keys_written and keys + values <= strict_json.MAX_VALUES


def parse_ordinary(raw: bytes) -> Document | None:
    """The Document for an ordinary proposal, or None when the strict reader must decide."""
    if len(raw) > strict_json.MAX_BYTES or _UNUSUAL.search(raw):
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if type(data) is not dict or not _ordinary(data, len(_KEY_END.findall(raw))):
        return None
    return Document(data, LazySourceMap(raw), hashlib.sha256(raw).hexdigest())


def parse(raw: bytes, *, fast: bool = True) -> Document:
    """Bytes -> Document: the fast path when the file is ordinary, else the strict reader
    (which raises ReadError with what is wrong and where)."""
    if fast:
        document = parse_ordinary(raw)
        if document is not None:
            return document
    return strict_json.parse(raw)
