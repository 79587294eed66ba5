"""`sharecheck check`: the CI gate."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click

from sharecheck import __version__
from sharecheck.cli.common import EXIT_FINDINGS, EXIT_OK, Failure, load_pack_or_fail, parse_date
from sharecheck.cli.outputs import ORDER, PairedCommand, colour_wanted, pair, progress, style
from sharecheck.formats import FORMATS
from sharecheck.results.report import Severity


def refuse_output(output: Path, inputs: Sequence[Path]) -> None:
    """Stop (exit 2) before anything is written if an output would land where it must not."""
    resolved = output.resolve()
    if any(resolved == p.resolve() for p in inputs):
        raise Failure(f"--output {output} is one of the files being checked; refusing to overwrite it")
    if output.is_dir():
        raise Failure(f"--output {output} is a folder; name a file")


COMMITTEE_FORMATS = ("html", "markdown")  # they also show each proposal's own facts and answers


def write_output(output: Path | None, text: str, inputs: Sequence[Path] = (), *, color: bool | None = None) -> None:
    """stdout, or a file written beside its target then renamed: never half a report,
    never over a proposal being checked. `color=True` keeps colour codes off a terminal
    (--color always); None lets click strip them there."""
    if output is None or str(output) == "-":
        click.echo(text, nl=False, color=color)
        return
    refuse_output(output, inputs)
    resolved = output.resolve()
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=resolved.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(text)
        Path(handle.name).replace(resolved)
    except OSError as error:
        raise Failure(f"cannot write {output}: {error.strerror}") from None


@click.command(cls=PairedCommand)
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
    multiple=True,
    help="text (default) for people; json (SPEC §7), sarif, junit or github for machines; "
    "html or markdown for a committee. "
    "Repeatable: each --output goes with the --format before it; one format may go to stdout.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    multiple=True,
    help="Write the report here instead of stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["blocker", "warning", "never"]),
    default="blocker",
    show_default=True,
    help=(
        "Exit 1 when an unwaived finding is at or above this severity. Blockers are: the pack's "
        "blocker rules; an unreadable or invalid file (SC-INPUT-001/002); and, when status is "
        "submitted or approved, facts a blocker depends on left unknown or blank (SC-GATE-001), blank "
        "required text (SC-GATE-002) and an incomplete self-assessment (SC-GATE-003). On a draft "
        "(or no status) those are warnings, as is a blocker raised only by an unknown or blank answer."
    ),
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
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Check files in this many worker processes (0: one per core). The output is the same.",
)
@click.option("--timestamp", is_flag=True, help="Add the time of the run to machine-readable reports.")
@click.option(
    "--color",
    "--colour",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text format: auto (only on a terminal, and not when NO_COLOR is set), always, never.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Load the rule pack from its files, neither reading nor writing the pack cache (also: SHARECHECK_NO_CACHE=1).",
)
def check(
    paths: tuple[str, ...],
    rules: tuple[Path, ...],
    fmt: tuple[str, ...],
    output: tuple[Path, ...],
    fail_on: str,
    as_of: dt.date | None,
    engine: str,
    timestamp: bool,
    jobs: int,
    color: str,
    no_cache: bool,
) -> None:
    """Check proposal files, folders (every *.json below them), globs or - (stdin).

    \b
    Examples:
      sharecheck check fixtures/
      sharecheck check 'proposals/**/*.json' --format json --output report.json
      sharecheck check proposals/ --format sarif -o sharecheck.sarif --format github
      sharecheck check - < proposal.json
    """
    from sharecheck.checking.batch import WorkerDied, check_all, jobs_for
    from sharecheck.engines.runtime import EngineError
    from sharecheck.formats import render
    from sharecheck.formats.context import ProposalSummary, ReportContext
    from sharecheck.reading.files import MissingPath, expand, is_glob
    from sharecheck.results.report import Report

    destinations = pair(fmt, output, click.get_current_context().meta.get(ORDER))
    try:
        targets = expand(paths)
    except MissingPath as missing:
        what = "no file or folder matches" if is_glob(str(missing)) else "no such file or folder:"
        raise Failure(f"{what} {missing}") from None
    if not targets:
        raise Failure(f"no *.json proposals found in {', '.join(paths)}")
    inputs = [t.path for t in targets if t.path is not None]
    for destination in destinations:  # all refused before any is written: never a partial set of reports
        if destination.output is not None:
            refuse_output(destination.output, inputs)
    pack = load_pack_or_fail(rules, use_cache=not no_cache)
    results = []
    committee = any(d.format in COMMITTEE_FORMATS for d in destinations)
    summaries: dict[str, ProposalSummary] = {}
    outcomes = check_all(
        jobs_for(targets, sys.stdin.buffer),
        pack,
        engine_name=engine,
        today=as_of,
        summarise=committee,
        workers=jobs or os.cpu_count() or 1,
        load=functools.partial(load_pack_or_fail, rules, use_cache=not no_cache),
    )
    try:
        with progress(outcomes, len(targets)) as batch:
            for outcome in batch:
                results.append(outcome.result)
                if outcome.summary is not None:
                    summaries[outcome.result.file] = outcome.summary
    except EngineError as error:
        raise Failure(str(error)) from None
    except WorkerDied:
        raise Failure("a worker process died; run again with --jobs 1 to find the file that causes it") from None
    report = Report(__version__, pack.info, tuple(results))
    threshold = None if fail_on == "never" else Severity(fail_on)
    options: dict[str, object] = {"fail_on": threshold, "rules": pack.rules}
    if timestamp:
        options["timestamp"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if committee:
        titles = {g.id: (g.short_name, g.citation) for g in pack.gateways.gateways}
        options["context"] = ReportContext(pack.framework, summaries, as_of, titles)
    texts = [render(d.format, report, colour=colour_wanted(d, color), style=style, **options) for d in destinations]
    for destination, text in zip(destinations, texts, strict=True):
        write_output(destination.output, text, inputs, color=True if color == "always" else None)
    sys.exit(EXIT_FINDINGS if report.fails(threshold) else EXIT_OK)
