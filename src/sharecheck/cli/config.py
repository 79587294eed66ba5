"""Settings for the command line: the project's file (`checking/settings.py`), said as the CLI says things.

Discovery and validation live in `sharecheck.checking.settings`, shared with the language
server. Here a bad file becomes a clean exit 2 (Failure), and paths are shown relative to the
current folder, as if typed here (`check --show-config` prints `../proposals`). A command-line
option always wins over the file; `check` does that merge.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharecheck.checking import settings
from sharecheck.cli.common import Failure

KEYS = settings.KEYS


@dataclass(frozen=True)
class Config:
    file: Path | None  # where the settings came from (None: no file found)
    values: Mapping[str, Any]  # validated; paths relative to the current folder


def find(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest settings file at or above `start`, with its sharecheck table."""
    try:
        return settings.find(start)
    except settings.SettingsError as error:
        raise Failure(str(error)) from None


def _near(path: Path) -> str:
    """Relative to the current folder, as if typed here: reports name `proposals/x.json`."""
    return os.path.relpath(path)


def load(start: Path) -> Config:
    """The discovered settings, validated. Exit 2 (Failure) on an unknown key or a bad value."""
    try:
        found = settings.load(start)
    except settings.SettingsError as error:
        raise Failure(str(error)) from None
    values: dict[str, Any] = {}
    for key, value in found.values.items():
        kind = KEYS[key][0]
        values[key] = tuple(_near(p) for p in value) if kind == "paths" else _near(value) if kind == "path" else value
    return Config(found.file, values)
