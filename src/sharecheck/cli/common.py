"""What every command shares: clean failures (exit 2) and loading a rule pack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sharecheck.packs.loader import Pack

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Failure(click.ClickException):
    """A clean stop with exit code 2 and a message on stderr."""

    exit_code = EXIT_ERROR

    def show(self, file: object = None) -> None:
        click.echo(f"sharecheck: {self.format_message()}", err=True)


def load_pack_or_fail(rules: Sequence[Path], *, use_cache: bool = True) -> Pack:
    from sharecheck.packs import cache
    from sharecheck.packs.loader import PackError

    try:
        # several folders layer in order, each over the ones before; from the pack cache when it
        # holds exactly these files (packs/cache.py), else loaded and linted from them
        return cache.load(list(rules), use_cache=use_cache)
    except PackError as error:
        lines = "\n".join(str(p) for p in error.problems)
        count = len(error.problems)
        raise Failure(
            f"the rule pack is invalid ({count} problem{'s' if count != 1 else ''}):\n{lines}\n"
            "(`sharecheck rules lint DIR` reports every problem, with a hint for each)"
        ) from None


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None
