"""Where things are in a proposal's text, for an editor: spans of values and the pointer under the cursor.

The strict reader's source map gives where each value *starts* (what the CLI prints as
line:col). An editor needs a range, so the end is found here by reading the value's token (or
matching its brackets). The cursor side (hover, completion) must also work on text that is
half typed and not valid JSON, so it uses its own forgiving tokenizer rather than the reader.
All offsets and columns here count characters (code points); the server converts them to the
client's position encoding.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from typing import Any

from sharecheck.reading import pointer as jp

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\n\r]+)
  | (?P<string>"(?:[^"\\\n]|\\.)*"?)
  | (?P<punct>[{}\[\]:,])
  | (?P<word>[^\s{}\[\]:,"]+)
    """,
    re.VERBOSE,
)


class Lines:
    """Offsets <-> (line, column), both 0-based, in characters."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def offset(self, line: int, column: int) -> int:
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return min(start + column, end)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]

    def to_client(self, offset: int, encoding: str) -> tuple[int, int]:
        """(line, character) in the client's units: "utf-16" (the LSP default), "utf-8" or "utf-32"."""
        line, column = self.position(offset)
        start = self.starts[line]
        return line, _units(self.text[start : start + column], encoding)

    def from_client(self, line: int, character: int, encoding: str) -> int:
        if line >= len(self.starts):
            return len(self.text)
        offset = self.starts[line]
        units = 0
        while offset < len(self.text) and self.text[offset] != "\n" and units < character:
            units += _units(self.text[offset], encoding)
            offset += 1
        return offset


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8", errors="surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def value_end(text: str, start: int) -> int:
    """The offset just after the JSON value (or key) that begins at `start`.

    An object or array is cut at the end of its first line: underlining a whole section for a
    finding about it hides the findings inside it.
    """
    if start >= len(text):
        return start
    first = text[start]
    if first in "{[":
        newline = text.find("\n", start)
        if newline < 0:
            return len(text)
        if text[start + 1 : newline].strip():
            return newline
        following = text.find("\n", newline + 1)  # a lone bracket: take its first member's line too
        return len(text) if following < 0 else following
    match = _TOKEN.match(text, start)
    if match is None or match.lastgroup in ("ws", "punct"):
        return min(start + 1, len(text))
    return match.end()


@dataclass(frozen=True)
class Spot:
    """What the cursor is on: the pointer of the value (or of the member, for a key)."""

    pointer: str
    is_key: bool
    start: int  # the token's span; start == end when the cursor is where a value is yet to be typed
    end: int
    text: str  # the token's text as written (quotes included)

    @property
    def value(self) -> str | None:
        """The string the token holds (None when it is not a complete string)."""
        if len(self.text) >= 2 and self.text[0] == '"' and self.text[-1] == '"':
            try:
                decoded = json.loads(self.text)
            except ValueError:
                return None
            return decoded if isinstance(decoded, str) else None
        return None

    @property
    def inner(self) -> tuple[int, int]:
        """The span inside the quotes of a string token (the whole span otherwise)."""
        if self.text.startswith('"'):
            closed = len(self.text) >= 2 and self.text.endswith('"')
            return self.start + 1, self.end - 1 if closed else self.end
        return self.start, self.end


def spot_at(text: str, offset: int) -> Spot | None:
    """The key or value at `offset`, or the place a value is about to be typed there."""
    # Each open container: [pointer, is_object, index, pending key pointer]
    stack: list[list[Any]] = []
    expecting_key = False
    after_colon = False
    for match in _TOKEN.finditer(text):
        kind, token, start, end = match.lastgroup, match.group(), match.start(), match.end()
        if start > offset:
            break
        inside = start <= offset <= end if kind in ("string", "word") else False
        if kind == "ws":
            continue
        if kind == "punct":
            if offset <= start:
                break
            if token in "{[":
                here = _here(stack, after_colon)
                stack.append([here, token == "{", 0, None])
                expecting_key = token == "{"
                after_colon = False
            elif token in "}]":
                if stack:
                    stack.pop()
                expecting_key = False
                after_colon = False
            elif token == ":":
                after_colon = True
            elif token == "," and stack:
                top = stack[-1]
                if top[1]:
                    expecting_key = True
                else:
                    top[2] += 1
                after_colon = False
            continue
        if expecting_key and stack and stack[-1][1] and kind == "string":
            try:
                name = json.loads(token) if token.endswith('"') and len(token) > 1 else token.strip('"')
            except ValueError:
                name = token.strip('"')
            member = jp.child(stack[-1][0], str(name))
            stack[-1][3] = member
            expecting_key = False
            if inside:
                return Spot(member, True, start, end, token)
            continue
        if inside:
            return Spot(_here(stack, after_colon), False, start, end, token)
        after_colon = False
    if stack and not expecting_key and (after_colon or not stack[-1][1]):
        return Spot(_here(stack, after_colon), False, offset, offset, "")
    return None


def _here(stack: list[list[Any]], after_colon: bool) -> str:
    if not stack:
        return ""
    top = stack[-1]
    if top[1]:
        return str(top[3]) if after_colon and top[3] is not None else top[0]
    return jp.child(top[0], top[2])


def full_end(text: str, start: int) -> int:
    """The offset just after the whole value at `start`, brackets matched (strings skipped)."""
    if start >= len(text) or text[start] not in "{[":
        match = _TOKEN.match(text, start)
        return match.end() if match is not None else start
    depth = 0
    for match in _TOKEN.finditer(text, start):
        token = match.group()
        if match.lastgroup == "punct":
            if token in "{[":
                depth += 1
            elif token in "}]":
                depth -= 1
                if depth == 0:
                    return match.end()
    return len(text)


def indent_of(text: str, offset: int) -> str:
    """The whitespace that starts the line holding `offset`."""
    line_start = text.rfind("\n", 0, offset) + 1
    line = text[line_start:offset]
    return line[: len(line) - len(line.lstrip(" \t"))]
