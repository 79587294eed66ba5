"""A project's settings, discovered like ruff's: `[tool.sharecheck]` in pyproject.toml, or sharecheck.toml.

From a folder upwards, the first folder with a `sharecheck.toml`, or a `pyproject.toml` that has
a `[tool.sharecheck]` table, gives the settings (sharecheck.toml wins in the same folder). Paths
in it are relative to that file and come back absolute. Unknown keys and bad values are refused
with a "did you mean"; nothing is silently ignored.

The command line (`cli/config.py`, where an option wins over the file) and the language server
(`lsp/`, where the editor's settings win) both read settings here, so they agree on what a
project's file means. A problem is a `SettingsError` naming the file and, where it can be
found, the line, so an editor can put it on that line.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FILE_NAMES = ("sharecheck.toml", "pyproject.toml")  # in this order within one folder

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


class SettingsError(Exception):
    """A settings file that cannot be used: `str()` is the whole message, starting with the file."""

    def __init__(self, file: Path, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.line = line  # 1-based, when the place is known
        self.column = column


@dataclass(frozen=True)
class Settings:
    file: Path | None  # where the settings came from (None: no file found)
    values: Mapping[str, Any]  # validated; paths absolute, joined to the file's folder


_TOML_PLACE = re.compile(r"at line (\d+), column (\d+)")
_HEADER = re.compile(r"^\s*\[")
_OUR_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*sharecheck\s*\]")


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(path, f"{path}: cannot read it ({error})") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        place = _TOML_PLACE.search(str(error))
        line, column = (int(place[1]), int(place[2])) if place else (max(1, text.count("\n")), None)
        raise SettingsError(path, f"{path}: not valid TOML ({error})", line, column) from None


def _table(path: Path) -> tuple[str, dict[str, Any]] | None:
    text, data = _read(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("sharecheck")
        if table is None:
            return None
        if not isinstance(table, dict):
            raise SettingsError(path, f"{path}: [tool.sharecheck] must be a table", _key_line(text, path, None))
        return text, table
    return text, data


def find(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest settings file at or above `start`, with its sharecheck table."""
    found = _find(start)
    return None if found is None else (found[0], found[2])


def _find(start: Path) -> tuple[Path, str, dict[str, Any]] | None:
    for folder in (start.resolve(), *start.resolve().parents):
        for name in FILE_NAMES:
            candidate = folder / name
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return candidate, *table
    return None


def _key_line(text: str, file: Path, key: str | None) -> int | None:
    """The line (1-based) of `key` in our table (of the table itself when `key` is None), if written plainly."""
    ours = file.name != "pyproject.toml"  # sharecheck.toml: the top of the file, before any [table]
    pattern = (
        None if key is None else re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if _OUR_TABLE.match(line) and not ours:
            if key is None:
                return number
            ours = True
        elif _HEADER.match(line):
            ours = False
        elif ours and pattern is not None and pattern.match(line):
            return number
    return None


def _check(file: Path, text: str, where: str, key: str, value: Any) -> Any:
    kind, allowed = KEYS[key]
    base = file.parent

    def bad(expected: str) -> SettingsError:
        message = f"{file}: {where}{key} = {value!r}: expected {expected}"
        return SettingsError(file, message, _key_line(text, file, key))

    if kind == "paths":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise bad("a path or a list of paths")
        return tuple(base / i for i in items)
    if kind == "path":
        if not isinstance(value, str):
            raise bad("a path")
        return base / value
    if kind == "count":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise bad("a whole number, 0 or more")
        return value
    assert allowed is not None
    if not isinstance(value, str) or value not in allowed:
        raise bad(f"one of {', '.join(allowed)}")
    return value


def load(start: Path) -> Settings:
    """The settings discovered at or above `start`, validated; SettingsError on a bad file, key or value."""
    found = _find(start)
    if found is None:
        return Settings(None, {})
    file, text, table = found
    where = "[tool.sharecheck] " if file.name == "pyproject.toml" else ""
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), list(KEYS), n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else f"; the keys are {', '.join(KEYS)}"
            raise SettingsError(file, f"{file}: {where}unknown key `{key}`{hint}", _key_line(text, file, key))
        values[key] = _check(file, text, where, key, value)
    return Settings(file, values)
