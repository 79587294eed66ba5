"""Output formats: each module has `render(report) -> str` and is imported only when used."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..report import Report

FORMATS = ("text", "json", "markdown", "html")


def renderer(name: str) -> Callable[..., str]:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"{__name__}.{name}_format")
    render: Callable[..., str] = module.render
    return render


def render(name: str, report: Report, **options: object) -> str:
    return renderer(name)(report, **options)
