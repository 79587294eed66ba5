"""Which files a `check` covers: files, folders (recursively *.json), globs and `-` for stdin.

Globs are expanded here, not left to the shell, so `sharecheck check 'proposals/**/*.json'`
means the same in bash, in PowerShell, in a CI `run:` step with quotes and in a pre-commit
`args:` list. A path that exists is taken literally even if its name contains `*`, `?` or `[`.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"


@dataclass(frozen=True)
class Target:
    name: str  # as shown in reports
    path: Path | None  # None for stdin


class MissingPath(Exception):
    """A path that does not exist, or a glob that matches nothing."""


def is_glob(given: str) -> bool:
    return any(char in given for char in "*?[")


def expand(paths: Iterable[str]) -> list[Target]:
    """Deterministic, de-duplicated, sorted by name (so argument order does not matter)."""
    found: dict[str, Target] = {}
    for given in paths:
        if given == STDIN:
            found[STDIN] = Target(STDIN, None)
            continue
        path = Path(given)
        if path.exists() or not is_glob(given):
            _add(path, given, found)
            continue
        # Like a shell: every match is taken as if typed, folders searched for *.json below them;
        # `**` spans folders; names starting with a dot match only a pattern that starts with one.
        matches = sorted(glob.glob(given, recursive=True))  # noqa: PTH207 (Path.glob refuses absolute patterns)
        if not matches:
            raise MissingPath(given)
        for match in matches:
            _add(Path(match), match, found)
    return [found[name] for name in sorted(found)]


def _add(path: Path, given: str, found: dict[str, Target]) -> None:
    if path.is_dir():
        for child in path.rglob("*.json"):
            if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                found[child.as_posix()] = Target(child.as_posix(), child)
    elif path.is_file():
        found[path.as_posix()] = Target(path.as_posix(), path)
    else:
        raise MissingPath(given)
