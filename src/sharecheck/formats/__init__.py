"""Output formats: each module has `render(report, **options) -> str` and is imported only when used.

Every renderer takes the same keyword options and ignores those it has no use for, so the CLI
can hand one set to all: `fail_on` (Severity or None), `timestamp` (str or None), `rules` (the
pack's rules, for formats that describe rules) and `colour` (text only).

Formats render values: they may use `band`, `reading` (the proposal's own facts for the committee
report) and `results`, and never the engines or the pack loader.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from sharecheck.results.report import Report

FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "html")


def renderer(name: str) -> Callable[..., str]:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"{__name__}.{name}_format")
    render: Callable[..., str] = module.render
    return render


def render(name: str, report: Report, **options: object) -> str:
    return renderer(name)(report, **options)
