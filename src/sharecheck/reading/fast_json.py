"""The fast path for reading an ordinary proposal, with the strict reader behind it.

Most proposals are ordinary: UTF-8 without a BOM, no duplicate keys, no NaN, shallow, small,
no NUL or surrogate escapes, no integer too long for 64 bits. For those, orjson parses the
bytes (the same values `json.loads` gives, about ten times faster) and a line and column are
worked out only for the places findings name. Anything the strict reader could refuse, and
anything merely unusual, goes to the strict reader (`strict_json.parse`) unchanged, so every
refusal and its message is the strict reader's own: this module only decides who reads.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable
from typing import Any

import orjson

from sharecheck.reading import pointer as jp
from sharecheck.reading import strict_json
from sharecheck.reading.strict_json import Document, Position, SourceMap

# A key is a string followed by optional whitespace and a colon; counting these in the raw text
# gives at least the number of keys written (a string value containing `":` only adds), and
# exactly that number parsed only when no key was written twice.
_KEY_END = re.compile(rb'"[ \t\n\r]*:')
# Escapes that may decode to a NUL or an unpaired surrogate (refused by the strict reader).
_UNSAFE_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
# orjson reads an integer beyond 64 bits as a float where `json` keeps an int; a float this large
# is so rare in a proposal that any such value goes to the strict reader.
_BIG = 9.2e18


_WS = re.compile(r"[ \t\n\r]*")
# The C scanners behind `json.loads`: one value from an offset, and one string's body. Used to step
# over siblings on the way to a pointer, so positions cost C time, not a Python loop per token.
_skip_value: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_scan_string: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class LazySourceMap(SourceMap):
    """Line and column worked out only for the pointers findings name, only when they ask.

    The text is known to be valid JSON without duplicate keys (orjson accepted it and the key
    count matched), so a pointer is found by walking down from the root, stepping over siblings
    with the C scanner. Each container is read at most once, and only as far as the members
    asked for, so a thousand findings in a thousand-field list cost one pass, not a thousand.
    The nearest existing parent stands in for a missing pointer, and a member's key for the
    member when asked, exactly as in the strict reader's full map (a test compares every pointer
    of every fixture, and of random documents).
    """

    _raw: bytes
    _text: str | None
    _containers: dict[str, _Container]
    _lines: list[int]

    def __init__(self, raw: bytes) -> None:
        super().__init__()
        object.__setattr__(self, "_raw", raw)
        object.__setattr__(self, "_text", None)
        object.__setattr__(self, "_containers", {})
        object.__setattr__(self, "_lines", [])

    def locate(self, pointer: str, *, prefer_key: bool = False) -> Position | None:
        text = self._text
        if text is None:
            text = self._raw.decode("utf-8")
            object.__setattr__(self, "_text", text)
        (value_at, key_at), complete = self._deepest(text, jp.split(pointer))
        offset = key_at if prefer_key and complete and key_at is not None else value_at
        return self._position(text, offset)

    def _deepest(self, text: str, tokens: list[str]) -> tuple[tuple[int, int | None], bool]:
        """The offsets of the deepest existing prefix of `tokens`, and whether it is all of them."""
        here = ""
        offsets: tuple[int, int | None] = (_ws(text, 0), None)
        for token in tokens:
            container = self._containers.get(here)
            if container is None:
                container = self._containers[here] = _Container(text, offsets[0])
            found = container.member(text, token)
            if found is None:
                return offsets, False
            here, offsets = jp.child(here, token), found
        return offsets, True

    def _position(self, text: str, offset: int) -> Position:
        lines = self._lines
        if not lines:  # line starts, found once per document (in C) and only when a position is asked
            lines.append(0)
            at = text.find("\n")
            while at != -1:
                lines.append(at + 1)
                at = text.find("\n", at + 1)
        index = bisect.bisect_right(lines, offset) - 1
        return Position(index + 1, offset - lines[index] + 1)


class _Container:
    """One object or list of the text, read member by member as far as has been asked."""

    __slots__ = ("index", "is_object", "members", "resume")

    def __init__(self, text: str, start: int) -> None:
        self.members: dict[str, tuple[int, int | None]] = {}  # token -> (value offset, key offset)
        self.is_object = text[start] == "{"
        self.index = 0
        self.resume = -1  # where the next unread member starts; -1 once all are read
        if text[start] in "{[":
            at = _ws(text, start + 1)
            if text[at] not in "}]":
                self.resume = at

    def member(self, text: str, token: str) -> tuple[int, int | None] | None:
        found = self.members.get(token)
        while found is None and self.resume != -1:
            at = self.resume
            if self.is_object:
                key_at = at
                name, at = _scan_string(text, at + 1)
                at = _ws(text, _ws(text, at) + 1)  # past the colon: the value
                self.members[name] = (at, key_at)
            else:
                name = str(self.index)
                self.index += 1
                self.members[name] = (at, None)
            end = _ws(text, _skip_value(text, at)[1])
            self.resume = -1 if text[end] in "}]" else _ws(text, end + 1)
            if name == token:
                found = self.members[name]
        return found


def _ws(text: str, offset: int) -> int:
    return _WS.match(text, offset).end()  # type: ignore[union-attr]


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
            elif kind is float and not -_BIG < child < _BIG:
                return False
    return keys == keys_written and keys + values <= strict_json.MAX_VALUES


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain_json(data: Any) -> bool:
    """Only the types JSON gives (dict, list, str, int, float, bool, None): data a caller built
    in Python may hold others (a tuple, which jsonschema-rs would take for a list but
    python-jsonschema does not), and then only python-jsonschema may judge it."""
    stack = [data]
    seen: set[int] = set()  # a container met twice (shared, or holding itself) goes the slow way: never a loop
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict or kind is list:
            if id(value) in seen:
                return False
            seen.add(id(value))
        if kind is dict:
            if any(type(key) is not str for key in value):
                return False
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif kind not in _JSON_SCALARS:
            return False
    return True


def parse_ordinary(raw: bytes) -> Document | None:
    """The Document for an ordinary proposal, or None when the strict reader must decide."""
    if len(raw) > strict_json.MAX_BYTES or (b"\\u" in raw and _UNSAFE_ESCAPE.search(raw)):
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
