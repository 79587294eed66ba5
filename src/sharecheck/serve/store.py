"""Proposal files inside one folder: safe paths, stable formatting, atomic saves that never clobber.

Nothing here knows of HTTP, so the rules on what may be written are tested directly.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharecheck.reading.bundled import schema

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.json$")


class StoreError(Exception):
    """A request the folder refuses: a name outside it, or a file changed since it was opened."""


class Conflict(StoreError):
    """The file on disk is not the one the author opened: saving would lose someone's change."""


@dataclass(frozen=True)
class Loaded:
    name: str
    raw: bytes
    sha256: str


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class Folder:
    """The proposals of one folder (not its subfolders): the only place the builder reads or writes."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve(strict=True)

    def names(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if _NAME.match(p.name) and self._inside(p))

    def path(self, name: str) -> Path:
        """The file for `name`, refusing separators, `..`, hidden names and symlinks that lead out."""
        if not _NAME.match(name) or ".." in name:
            raise StoreError(
                f"{name!r} is not a proposal file name in this folder (letters, digits, . _ -, ending .json)"
            )
        candidate = self.root / name
        if not self._inside(candidate):
            raise StoreError(f"{name} leads outside {self.root}; the builder only reads and writes inside it")
        return candidate

    def _inside(self, candidate: Path) -> bool:
        # resolve() follows symlinks: a link whose target is elsewhere resolves outside the folder
        return candidate.resolve(strict=False).parent == self.root

    def load(self, name: str) -> Loaded:
        raw = self.path(name).read_bytes()
        return Loaded(name, raw, digest(raw))

    def save(self, name: str, text: str, *, expected_sha256: str | None) -> str:
        """Write atomically; `expected_sha256` None means create (refused when the file exists).

        Returns the new file's sha256, which the page sends with its next save.
        """
        target = self.path(name)
        current = target.read_bytes() if target.exists() else None
        if expected_sha256 is None and current is not None:
            raise Conflict(f"{name} already exists; open it instead, or choose another name")
        if expected_sha256 is not None and (current is None or digest(current) != expected_sha256):
            raise Conflict(f"{name} has changed on disk since you opened it; reload it, or choose to overwrite")
        data = text.encode("utf-8")
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.root)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            Path(temporary).replace(self.path(name))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return digest(data)


def ordered(value: Any, node: Mapping[str, Any] | None = None, defs: Mapping[str, Any] | None = None) -> Any:
    """`value` with object keys in the schema's order, unknown and `x-` keys after them as they were."""
    root = schema("proposal")
    defs = defs if defs is not None else root.get("$defs", {})
    node = _resolve(node if node is not None else root, defs)
    if isinstance(value, dict):
        properties: Mapping[str, Any] = node.get("properties", {})
        known = [k for k in properties if k in value]
        rest = [k for k in value if k not in properties]
        return {k: ordered(value[k], properties.get(k, {}), defs) for k in known + rest}
    if isinstance(value, list):
        items = node.get("items", {})
        return [ordered(v, items if isinstance(items, Mapping) else {}, defs) for v in value]
    return value


def _resolve(node: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    while isinstance(ref, str) and ref.startswith("#/$defs/"):
        node = defs[ref.removeprefix("#/$defs/")]
        ref = node.get("$ref")
    return node


def formatted(document: Any) -> str:
    """Stable text so git diffs stay small: schema key order, 2-space indent, a final newline."""
    return json.dumps(ordered(document), indent=2, ensure_ascii=False) + "\n"
