"""Which files a `check` covers: files, folders (recursively *.json) and `-` for stdin."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"


@dataclass(frozen=True)
class Target:
    name: str  # as shown in reports
    path: Path | None  # None for stdin


class MissingPath(Exception):
    pass


def expand(paths: Iterable[str]) -> list[Target]:
    """Deterministic, de-duplicated, sorted by name (so argument order does not matter)."""
    found: dict[str, Target] = {}
    for given in paths:
        if given == STDIN:
            found[STDIN] = Target(STDIN, None)
            continue
        path = Path(given)
        if path.is_dir():
            for child in path.rglob("*.json"):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    found[child.as_posix()] = Target(child.as_posix(), child)
        elif path.is_file():
            found[path.as_posix()] = Target(path.as_posix(), path)
        else:
            raise MissingPath(given)
    return [found[name] for name in sorted(found)]
