"""Where the bundled schemas and default rule pack live, installed or in a checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parents[1]  # the sharecheck package folder


def _find(name: str) -> Path:
    for candidate in (_HERE / "_data" / name, _HERE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"sharecheck's bundled {name}/ folder is missing; reinstall sharecheck")


def schemas_dir() -> Path:
    return _find("schemas")


def default_rules_dir() -> Path:
    return _find("rules")


@cache
def schema(name: str) -> dict[str, Any]:
    """`proposal`, `rules` or `report`."""
    loaded: dict[str, Any] = json.loads((schemas_dir() / f"{name}.schema.json").read_text("utf-8"))
    return loaded
