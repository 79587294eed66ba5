"""Strict reading of proposal files, with every JSON Pointer mapped to its line and column.

`json.loads` alone accepts duplicate keys (the last silently wins), `NaN`, and nesting deep
enough to raise `RecursionError`; a CI gate must refuse all three and say where. We parse with
the C decoder for speed and correctness of values, and make one cheap pass of our own over the
tokens to bound nesting, find duplicate keys and bare constants, and record positions.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sharecheck.reading import pointer as jp

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 100_000  # a large real proposal has a few thousand; this bounds time and memory


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class ReadError(Exception):
    """Why a file could not be read as a proposal, and where."""

    message: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class SourceMap:
    """Pointer -> position of the value (and, for object members, of the key)."""

    values: dict[str, Position] = field(default_factory=dict)
    keys: dict[str, Position] = field(default_factory=dict)

    def locate(self, pointer: str, *, prefer_key: bool = False) -> Position | None:
        """Where `pointer` is, or its nearest existing parent (SPEC §3)."""
        for candidate in jp.parents(pointer):
            if prefer_key and candidate == pointer and candidate in self.keys:
                return self.keys[candidate]
            if candidate in self.values:
                return self.values[candidate]
        return None


@dataclass(frozen=True)
class Document:
    """A parsed proposal: its data, its text's source map, and the raw bytes' identity."""

    data: dict[str, Any]
    source_map: SourceMap
    sha256: str


_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\n\r]+)
  | (?P<string>"(?:[^"\\\x00-\x1f]|\\.)*")
  | (?P<punct>[{}\[\]:,])
  | (?P<literal>true|false|null)
  | (?P<constant>-?(?:NaN|Infinity))
  | (?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    """,
    re.VERBOSE,
)


class _Lines:
    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> Position:
        index = bisect.bisect_right(self._starts, offset) - 1
        return Position(index + 1, offset - self._starts[index] + 1)


def decode(raw: bytes) -> str:
    """UTF-8 only; a leading BOM is tolerated (editors on Windows add one)."""
    if len(raw) > MAX_BYTES:
        raise ReadError(
            f"the file is larger than {MAX_BYTES:,} bytes, the limit for a proposal "
            "(split the data inventory or move attachments out of the proposal)"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        prefix = raw[: error.start].decode("utf-8", errors="replace")
        where = _Lines(prefix).position(len(prefix))
        raise ReadError(
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); save it as UTF-8",
            where.line,
            where.column,
        ) from None


def _scan(text: str) -> SourceMap:
    """One pass over the tokens: depth limit, duplicate keys, bare constants, positions."""
    lines = _Lines(text)
    values: dict[str, Position] = {}
    keys: dict[str, Position] = {}
    # Each open container: [pointer, is_object, next_index, seen_keys, pending_key]
    stack: list[list[Any]] = []
    expecting_key = False
    pending_value_pointer = ""
    count = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "ws":
            continue
        if kind != "punct" or match.group() in "{[":
            count += 1
            if count > MAX_VALUES:
                where = lines.position(match.start())
                raise ReadError(
                    f"the proposal holds more than {MAX_VALUES:,} values (keys, items and values); "
                    "a proposal describes a sharing, it does not carry the data",
                    where.line,
                    where.column,
                )
        token = match.group()
        offset = match.start()
        if kind == "punct":
            if token in "{[":
                if len(stack) >= MAX_DEPTH:
                    where = lines.position(offset)
                    raise ReadError(
                        f"nesting is deeper than {MAX_DEPTH} levels; a proposal is never this deep",
                        where.line,
                        where.column,
                    )
                here = _value_pointer(stack, pending_value_pointer)
                values[here] = lines.position(offset)
                stack.append([here, token == "{", 0, set(), None])
                expecting_key = token == "{"
            elif not stack:
                break  # unbalanced: the decoder reports the syntax error with its position
            elif token in "}]":
                stack.pop()
                expecting_key = False
            elif token == ",":
                top = stack[-1]
                if top[1]:
                    expecting_key = True
                else:
                    top[2] += 1
            continue
        if kind == "constant":
            where = lines.position(offset)
            raise ReadError(
                f"`{token}` is not valid JSON; write a number, or leave the key out",
                where.line,
                where.column,
            )
        if expecting_key and stack and stack[-1][1]:
            if kind != "string":
                break  # not a key: a syntax error the decoder will report
            try:
                name = json.loads(token)
            except json.JSONDecodeError:  # e.g. "\itle": an invalid escape inside a key
                where = lines.position(offset)
                raise ReadError(
                    "invalid JSON: an invalid escape sequence inside a string (in a key)", where.line, where.column
                ) from None
            top = stack[-1]
            member = jp.child(top[0], name)
            if name in top[3]:
                where = lines.position(offset)
                first = keys[member]
                raise ReadError(
                    f"duplicate key {name!r} (first at line {first.line}, column {first.column}); "
                    "JSON readers disagree on which copy wins, so keep one",
                    where.line,
                    where.column,
                )
            top[3].add(name)
            top[4] = member
            keys[member] = lines.position(offset)
            expecting_key = False
            continue
        values[_value_pointer(stack, pending_value_pointer)] = lines.position(offset)
    return SourceMap(values, keys)


def _value_pointer(stack: list[list[Any]], root: str) -> str:
    if not stack:
        return root
    top = stack[-1]
    if top[1]:
        return str(top[4])
    return jp.child(top[0], top[2])


_PLAIN = {
    "Expecting ',' delimiter": "a comma is missing between two items",
    "Expecting ':' delimiter": "a colon is missing after a key",
    "Expecting property name enclosed in double quotes": (
        "expected a key in double quotes (JSON allows no trailing comma and no comments)"
    ),
    "Expecting value": "expected a value (a string, number, true, false, null, object or list)",
    "Unterminated string starting at": 'a string is not closed (a " is missing)',
    "Invalid control character at": "a raw control character inside a string; write a newline as \\n, a tab as \\t",
    "Invalid \\escape": "an invalid escape sequence inside a string",
    "Invalid \\uXXXX escape": "an invalid \\u escape inside a string",
    "Extra data": "unexpected text after the end of the proposal object",
}


# Python 3.13's decoder names a trailing comma itself, at the comma; 3.11 and 3.12 report the
# token after it. Reports must not depend on the Python they run on, so 3.13's is read as theirs.
_TRAILING_COMMA = {
    "Illegal trailing comma before end of object": "Expecting property name enclosed in double quotes",
    "Illegal trailing comma before end of array": "Expecting value",
}


def _syntax_error(text: str, error: json.JSONDecodeError) -> ReadError:
    if error.msg in _TRAILING_COMMA:
        after = error.pos + 1
        while after < len(text) and text[after] in " \t\n\r":
            after += 1
        error = json.JSONDecodeError(_TRAILING_COMMA[error.msg], text, after)
    if not text.strip():
        return ReadError("the file is empty; a proposal is a JSON object (run `sharecheck init`)")
    reason = _PLAIN.get(error.msg, error.msg)
    if error.pos >= len(text.rstrip()):
        reason += " (the file ends too early: is it truncated?)"
    return ReadError(f"invalid JSON: {reason}", error.lineno, error.colno)


_ESCAPE = re.compile(r"\\u(?:0000|d[89a-f][0-9a-f]{2})", re.IGNORECASE)


def _unsafe(value: str) -> str | None:
    if "\x00" in value:
        return "a NUL character (\\u0000)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "an unpaired surrogate escape (\\ud800-\\udfff)"
    return None


def _refuse_unsafe_strings(text: str, data: Any) -> None:
    """Strings JSON allows but nothing downstream can hold: a NUL (the rule engine's C strings
    would cut the text there, so the engines would disagree) and an unpaired surrogate (not
    encodable as UTF-8, so no report could print it)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and (what := _unsafe(value)) is not None:
            match = _ESCAPE.search(text)
            where = _Lines(text).position(match.start() if match else 0)
            raise ReadError(
                f"a string holds {what}, which proposals may not contain; remove it",
                where.line,
                where.column,
            )


def parse(raw: bytes) -> Document:
    """Bytes -> Document, or ReadError naming what is wrong and where."""
    import hashlib

    text = decode(raw)
    source_map = _scan(text)  # first: bounds nesting before the recursive decoder runs
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _syntax_error(text, error) from None
    except (ValueError, RecursionError) as error:  # e.g. an integer of more than 4300 digits
        raise ReadError(f"invalid JSON: {error}") from None
    _refuse_unsafe_strings(text, data)
    if not isinstance(data, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(data), "a number")
        raise ReadError(f"the top level is {kind}; a proposal is a JSON object {{…}}")
    return Document(data, source_map, hashlib.sha256(raw).hexdigest())
