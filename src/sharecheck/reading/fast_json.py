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
import re
from typing import Any

import orjson

from sharecheck.reading import strict_json
from sharecheck.reading.strict_json import Document, Position, SourceMap

# A key is a string followed by optional whitespace and a colon; counting these in the raw text
# gives at least the number of keys written (a string value containing `":` only adds), and
# exactly that number parsed only when no key was written twice.
_KEY_END = re.compile(rb'"[ \t\n\r]*:')
# Escapes that may decode to a NUL or an unpaired surrogate (refused by the strict reader), and
# integers too long for orjson's 64 bits (it would return a float where `json` returns an int).
_UNUSUAL = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])|[0-9]{19}")


class LazySourceMap(SourceMap):
    """A source map built from the text the first time a finding asks where a pointer is.

    A proposal without findings never pays for it; one with findings pays once, and gets the
    strict reader's own map, so every line and column is the same as on the strict path.
    """

    _raw: bytes
    _built: SourceMap | None

    def __init__(self, raw: bytes) -> None:
        super().__init__()
        object.__setattr__(self, "_raw", raw)
        object.__setattr__(self, "_built", None)

    def _map(self) -> SourceMap:
        built = self._built
        if built is None:
            built = strict_json.parse(self._raw).source_map
            object.__setattr__(self, "_built", built)
        return built

    def locate(self, pointer: str, *, prefer_key: bool = False) -> Position | None:
        return self._map().locate(pointer, prefer_key=prefer_key)


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
