"""JSON Pointers (RFC 6901): the one way findings say *where* in a proposal."""

from __future__ import annotations

from collections.abc import Iterable


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(*tokens: str | int) -> str:
    return "".join("/" + escape(t) for t in tokens)


def child(pointer: str, *tokens: str | int) -> str:
    return pointer + join(*tokens)


def split(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def parents(pointer: str) -> Iterable[str]:
    """The pointer itself, then each ancestor up to the document root."""
    tokens = split(pointer)
    for end in range(len(tokens), -1, -1):
        yield join(*tokens[:end])


def from_dotted(path: str) -> str:
    """`data.identifiability` -> `/data/identifiability` (for rule `at:` paths)."""
    return join(*path.split(".")) if path else ""
