"""`sharecheck check`: the CI gate."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click

from .. import __version__
from ..formats import FORMATS
from ..report import Severity
from .common import EXIT_FINDINGS, EXIT_OK, Failure, load_pack_or_fail, parse_date


def write_output(output: Path | None, text: str, inputs: Sequence[Path] = ()) -> None:
    """stdout, or a file written beside its target then renamed: never half a report,
    never over a proposal being checked."""
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    resolved = output.resolve()
    if any(resolved == p.resolve() for p in inputs):
        raise Failure(f"--output {output} is one of the files being checked; refusing to overwrite it")
    if output.is_dir():
        raise Failure(f"--output {output} is a folder; name a file")
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=resolved.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(text)
        Path(handle.name).replace(resolved)
    except OSError as error:
        raise Failure(f"cannot write {output}: {error.strerror}") from None


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--rules",
    "rules",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A rule pack folder to use instead of the bundled one (it may `extends: sharecheck`). "
    "Repeat it to layer packs: each one over those before it.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people; json for machines (SPEC §7).",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report here instead of stdout.")
@click.option(
    "--fail-on",
    type=click.Choice(["blocker", "warning", "never"]),
    default="blocker",
    show_default=True,
    help="Exit 1 when an unwaived finding is at or above this severity.",
)
@click.option(
    "--as-of",
    "as_of",
    callback=parse_date,
    metavar="DATE",
    help="Check as if today were DATE (YYYY-MM-DD): waiver expiry, default assessment date.",
)
@click.option(
    "--engine",
    type=click.Choice(["durable", "reference"]),
    default="durable",
    show_default=True,
    help="The rule engine; `reference` is the pure-Python oracle.",
)
@click.option("--timestamp", is_flag=True, help="Add the time of the run to machine-readable reports.")
def check(
    paths: tuple[str, ...],
    rules: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    fail_on: str,
    as_of: dt.date | None,
    engine: str,
    timestamp: bool,
) -> None:
    """Check proposal files, folders (every *.json below them) or - (stdin).

    \b
    Examples:
      sharecheck check fixtures/
      sharecheck check proposals/ --format json --output report.json
      sharecheck check - < proposal.json
    """
    from ..checker import check_bytes, unreadable
    from ..engine import ENGINES, EngineError
    from ..files import MissingPath, expand
    from ..formats import render
    from ..report import Report

    try:
        targets = expand(paths)
    except MissingPath as missing:
        raise Failure(f"no such file or folder: {missing}") from None
    if not targets:
        raise Failure(f"no *.json proposals found in {', '.join(paths)}")
    pack = load_pack_or_fail(rules)
    chosen = ENGINES[engine]()
    results = []
    try:
        for target in targets:
            try:
                raw = sys.stdin.buffer.read() if target.path is None else target.path.read_bytes()
            except OSError as error:  # reported like an invalid file; the others are still checked
                results.append(unreadable(target.name, f"cannot read the file: {error.strerror}"))
                continue
            results.append(check_bytes(raw, pack, file=target.name, engine=chosen, today=as_of))
    except EngineError as error:
        raise Failure(str(error)) from None
    report = Report(__version__, pack.info, tuple(results))
    threshold = None if fail_on == "never" else Severity(fail_on)
    options: dict[str, object] = {}
    if fmt == "text":
        options["colour"] = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    else:
        options["fail_on"] = threshold
        if timestamp:
            options["timestamp"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    write_output(output, render(fmt, report, **options), [t.path for t in targets if t.path is not None])
    sys.exit(EXIT_FINDINGS if report.fails(threshold) else EXIT_OK)
