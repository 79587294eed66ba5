"""`sharecheck diff OLD NEW`: what a revision of a proposal fixes, introduces and leaves."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from sharecheck.cli.common import EXIT_FINDINGS, EXIT_OK, Failure, load_pack_or_fail, parse_date
from sharecheck.results.report import Severity


@click.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--rules",
    "rules",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A rule pack folder to use instead of the bundled one (repeat to layer packs).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@click.option(
    "--fail-on",
    type=click.Choice(["blocker", "warning", "never"]),
    default="blocker",
    show_default=True,
    help="Exit 1 when the new revision introduces an unwaived finding at or above this severity.",
)
@click.option("--as-of", "as_of", callback=parse_date, metavar="DATE", help="Check as if today were DATE.")
def diff(
    old: str, new: str, rules: tuple[Path, ...], fmt: str, output: Path | None, fail_on: str, as_of: dt.date | None
) -> None:
    """Compare two revisions of a proposal: files, or REF:path read from git.

    \b
    Examples:
      sharecheck diff old.json proposals/x.json
      sharecheck diff main:proposals/x.json proposals/x.json --format markdown
    """
    from sharecheck.checking.diff import diff as compare
    from sharecheck.checking.pipeline import check_bytes
    from sharecheck.cli.check import write_output
    from sharecheck.cli.revisions import read_revision
    from sharecheck.engines.runtime import EngineError
    from sharecheck.formats.changes_format import render
    from sharecheck.reading.strict_json import ReadError, parse
    from sharecheck.results.changes import Revision

    pack = load_pack_or_fail(rules)

    def revision(given: str) -> tuple[Revision, Any]:
        raw = read_revision(given)
        try:
            result = check_bytes(raw, pack, file=given, today=as_of)
        except EngineError as error:
            raise Failure(str(error)) from None
        try:
            data = parse(raw).data
        except ReadError:
            data = None
        return Revision(given, result), data

    (before, old_data), (after, new_data) = revision(old), revision(new)
    change = compare(before, after, old_data, new_data)
    write_output(output, render([change], fmt), [Path(p) for p in (old, new) if Path(p).exists()])
    threshold = None if fail_on == "never" else Severity(fail_on)
    sys.exit(EXIT_FINDINGS if change.fails(threshold) else EXIT_OK)
