"""The fast path for reading an ordinary proposal, with the strict reader behind it.

Most proposals are ordinary: UTF-8 without a BOM, no duplicate keys, no NaN, shallow, small,
no NUL or surrogate escapes, no integer too long for 64 bits. For those, orjson parses the
bytes (the same values `json.loads` gives, about ten times faster) and the source map is built
only when a finding needs a line and column. Anything the strict reader could refuse, and
anything merely unusual, goes to the strict reader (`strict_json.parse`) unchanged, so every
refusal and its message is the strict reader's own: this module only decides who reads.
"""

from __future__ import annotations

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
_INDEX = re.compile(r"0|[1-9][0-9]*")
# The C scanners behind `json.loads`: one value from an offset, and one string's body. Used to step
# over siblings on the way to a pointer, so positions cost C time, not a Python loop per token.
_skip_value: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_scan_string: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class LazySourceMap(SourceMap):
    """Line and column worked out only for the pointers findings name, only when they ask.

    The text is known to be valid JSON without duplicate keys (orjson accepted it and the key
    count matched), so a pointer is found by walking down from the root, stepping over each
    sibling with the C scanner. The nearest existing parent stands in for a missing pointer, and
    a member's key for the member when asked, exactly as in the strict reader's full map (a test
    compares every pointer of every fixture, and random documents).
    """

    _raw: bytes
    _text: str | None
    _found: dict[str, tuple[int, int | None]]  # pointer -> (offset of its value, of its key)

    def __init__(self, raw: bytes) -> None:
        super().__init__()
        object.__setattr__(self, "_raw", raw)
        object.__setattr__(self, "_text", None)
        object.__setattr__(self, "_found", {})

    def locate(self, pointer: str, *, prefer_key: bool = False) -> Position | None:
        text = self._text
        if text is None:
            text = self._raw.decode("utf-8")
            object.__setattr__(self, "_text", text)
        (value_at, key_at), complete = self._deepest(text, jp.split(pointer))
        offset = key_at if prefer_key and complete and key_at is not None else value_at
        return _position(text, offset)

    def _deepest(self, text: str, tokens: list[str]) -> tuple[tuple[int, int | None], bool]:
        """The offsets of the deepest existing prefix of `tokens`, and whether it is all of them."""
        found = self._found
        if not found:
            found[""] = (_WS.match(text).end(), None)  # type: ignore[union-attr]
        here = ""
        offsets = found[""]
        for token in tokens:
            below = jp.child(here, token)
            known = found.get(below)
            if known is None:
                known = _child(text, offsets[0], token)
                if known is None:
                    return offsets, False
                found[below] = known
            here, offsets = below, known
        return offsets, True


def _ws(text: str, offset: int) -> int:
    return _WS.match(text, offset).end()  # type: ignore[union-attr]


def _child(text: str, start: int, token: str) -> tuple[int, int | None] | None:
    """Offsets of the value (and key) of `token` in the container whose value starts at `start`."""
    opening = text[start]
    at = _ws(text, start + 1)
    if opening == "{":
        if text[at] == "}":
            return None
        while True:
            key_at = at
            key, at = _scan_string(text, at + 1)
            at = _ws(text, _ws(text, at) + 1)  # past the colon: the value
            if key == token:
                return at, key_at
            at = _ws(text, _skip_value(text, at)[1])
            if text[at] == "}":
                return None
            at = _ws(text, at + 1)  # past the comma
    if opening == "[" and _INDEX.fullmatch(token):
        wanted = int(token)
        if text[at] == "]":
            return None
        index = 0
        while True:
            if index == wanted:
                return at, None
            at = _ws(text, _skip_value(text, at)[1])
            if text[at] == "]":
                return None
            at = _ws(text, at + 1)
            index += 1
    return None


def _position(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(text.count("\n", 0, offset) + 1, offset - line_start + 1)


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
