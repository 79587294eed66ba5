"""Settings discovered like ruff's: `[tool.sharecheck]` in pyproject.toml, or sharecheck.toml.

From the current folder upwards, the first folder with a `sharecheck.toml`, or a
`pyproject.toml` that has a `[tool.sharecheck]` table, gives the settings (sharecheck.toml wins
in the same folder). Paths in it are relative to that file. A command-line option always wins
over the file; `check --show-config` prints each effective setting and where it came from.
Unknown keys stop the run (exit 2) with a "did you mean"; nothing is silently ignored.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharecheck.cli.common import Failure

# key -> (kind, allowed values or None). Lists of paths are relative to the file.
KEYS: Mapping[str, tuple[str, tuple[str, ...] | None]] = {
    "paths": ("paths", None),
    "rules": ("paths", None),
    "fail-on": ("choice", ("blocker", "warning", "never")),
    "format": ("choice", ("text", "json", "sarif", "junit", "github", "markdown", "html")),
    "baseline": ("path", None),
    "engine": ("choice", ("durable", "reference")),
    "jobs": ("count", None),
}


@dataclass(frozen=True)
class Config:
    file: Path | None  # where the settings came from (None: no file found)
    values: Mapping[str, Any]  # validated; paths already resolved against the file's folder


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise Failure(f"{path}: cannot read it ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise Failure(f"{path}: not valid TOML ({error})") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("sharecheck")
        if table is None:
            return None
        if not isinstance(table, dict):
            raise Failure(f"{path}: [tool.sharecheck] must be a table")
        return table
    return data


def find(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest settings file at or above `start`, with its sharecheck table."""
    for folder in (start.resolve(), *start.resolve().parents):
        for name in ("sharecheck.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return candidate, table
    return None


def _near(path: Path) -> str:
    """Relative to the current folder, as if typed here: reports name `proposals/x.json`."""
    return os.path.relpath(path)


def _check(file: Path, where: str, key: str, value: Any) -> Any:
    kind, allowed = KEYS[key]
    base = file.parent

    def bad(expected: str) -> Failure:
        return Failure(f"{file}: {where}{key} = {value!r}: expected {expected}")

    if kind == "paths":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise bad("a path or a list of paths")
        return tuple(_near(base / i) for i in items)
    if kind == "path":
        if not isinstance(value, str):
            raise bad("a path")
        return _near(base / value)
    if kind == "count":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise bad("a whole number, 0 or more")
        return value
    assert allowed is not None
    if not isinstance(value, str) or value not in allowed:
        raise bad(f"one of {', '.join(allowed)}")
    return value


def load(start: Path) -> Config:
    """The discovered settings, validated. Exit 2 (Failure) on an unknown key or a bad value."""
    found = find(start)
    if found is None:
        return Config(None, {})
    file, table = found
    where = "[tool.sharecheck] " if file.name == "pyproject.toml" else ""
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), list(KEYS), n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else f"; the keys are {', '.join(KEYS)}"
            raise Failure(f"{file}: {where}unknown key `{key}`{hint}")
        values[key] = _check(file, where, key, value)
    return Config(file, values)
