"""`sharecheck check`: the CI gate."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import io
import json
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sharecheck import __version__
from sharecheck.cli.common import EXIT_FINDINGS, EXIT_OK, Failure, load_pack_or_fail, parse_date
from sharecheck.cli.outputs import ORDER, PairedCommand, colour_wanted, pair, progress, style
from sharecheck.formats import FORMATS
from sharecheck.results.report import Severity

if TYPE_CHECKING:
    from sharecheck.checking.baseline import Baseline


def refuse_output(output: Path, inputs: Sequence[Path], stdin: os.stat_result | None = None) -> None:
    """Stop (exit 2) before anything is written if an output would land where it must not:
    over a proposal being checked (by path, by hard link, or as the file on stdin), on a
    folder, or on a node that is neither a file, a character device nor a FIFO."""
    resolved = output.resolve()
    if any(resolved == p.resolve() for p in inputs):
        raise Failure(f"--output {output} is one of the files being checked; refusing to overwrite it")
    try:
        found = resolved.stat()
    except OSError:
        return  # a new file (an unwritable folder is reported when writing)
    if stat.S_ISDIR(found.st_mode):
        raise Failure(f"--output {output} is a folder; name a file")
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISCHR(found.st_mode) or stat.S_ISFIFO(found.st_mode)):
        raise Failure(f"--output {output} is not a regular file, a character device or a FIFO; name a file")
    same = [p for p in inputs if _same_node(p, found)]
    if same or (stdin is not None and stat.S_ISREG(stdin.st_mode) and _identity(stdin) == _identity(found)):
        what = "the proposal read from stdin" if not same else "one of the files being checked"
        raise Failure(f"--output {output} is {what}; refusing to overwrite it")


def _identity(node: os.stat_result) -> tuple[int, int]:
    return node.st_dev, node.st_ino


def _same_node(path: Path, node: os.stat_result) -> bool:
    try:
        return stat.S_ISREG(node.st_mode) and _identity(path.stat()) == _identity(node)
    except OSError:
        return False


def stdin_identity() -> os.stat_result | None:
    """What stdin is, when it is a file (`check - < p.json`), to refuse writing over it."""
    try:
        return os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None  # not a real descriptor (e.g. under a test runner)


def _umask() -> int:
    mask = os.umask(0o022)  # reading it means setting it; put it straight back
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _stopped_cleanly() -> Iterator[None]:
    """SIGTERM (a CI job cancelled, `timeout`) ends the run as Ctrl-C does: by an exception,
    so that the batch stops its workers on the way out; exit 143 (128 + SIGTERM) as a shell
    would report. Python's default would end the process at once and leave them running."""

    def terminate(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread (e.g. called from a server): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


COMMITTEE_FORMATS = ("html", "markdown")  # they also show each proposal's own facts and answers


def write_output(
    output: Path | None,
    text: str,
    inputs: Sequence[Path] = (),
    stdin: os.stat_result | None = None,
    *,
    color: bool | None = None,
) -> None:
    """stdout; or into a character device or a FIFO as they are (`-o /dev/null` must not
    replace /dev/null); or a regular file written beside its target then renamed, with the
    permissions the umask gives (or the existing file's): never half a report, never over a
    proposal being checked. `color=True` keeps colour codes off a terminal (--color always);
    None lets click strip them there."""
    if output is None or str(output) == "-":
        click.echo(text, nl=False, color=color)
        return
    refuse_output(output, inputs, stdin)
    resolved = output.resolve()
    data = text.encode("utf-8")
    try:
        try:
            found: os.stat_result | None = resolved.stat()
        except FileNotFoundError:
            found = None
        if found is not None and (stat.S_ISCHR(found.st_mode) or stat.S_ISFIFO(found.st_mode)):
            _write_in_place(output, resolved, data, fifo=stat.S_ISFIFO(found.st_mode))
            return
        mode = stat.S_IMODE(found.st_mode) if found is not None else 0o666 & ~_umask()
        descriptor, temporary = tempfile.mkstemp(dir=resolved.parent, prefix=f".{resolved.name}.", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                os.fchmod(handle.fileno(), mode)
                handle.write(data)
            Path(temporary).replace(resolved)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise Failure(f"cannot write {output}: {error.strerror}") from None


@dataclass(frozen=True)
class Setting:
    value: Any
    source: str  # "command line", the settings file, or "default"


def effective(ctx: click.Context, given: dict[str, Any]) -> dict[str, Setting]:
    """Each setting from the command line if given there, else the settings file, else the default."""
    from sharecheck.cli.config import load

    config = load(Path.cwd())
    names = {"fail-on": "fail_on", "format": "fmt"}
    out: dict[str, Setting] = {}
    for key, value in given.items():
        source = ctx.get_parameter_source(names.get(key, key))
        from_cli = source is not None and source is not click.core.ParameterSource.DEFAULT and value not in ((), None)
        if from_cli:
            out[key] = Setting(value, "command line")
        elif key in config.values:
            out[key] = Setting(config.values[key], str(config.file))
        else:
            out[key] = Setting(value, "default")
    return out


def describe(settings: dict[str, Setting]) -> str:
    """`fail-on = "blocker"  # default`, one line per setting, in TOML."""
    lines = []
    for key, setting in settings.items():
        value = setting.value
        if isinstance(value, tuple | list):
            shown = "[" + ", ".join(json.dumps(str(v)) for v in value) + "]"
        elif isinstance(value, int):
            shown = str(value)
        elif value is None:
            shown = '""'
        else:
            shown = json.dumps(str(value))
        lines.append(f"{key} = {shown}  # {setting.source}")
    return "\n".join(lines) + "\n"


def read_baseline(path: Path) -> Baseline:
    """The saved report, or exit 2 naming the file and the place of the problem."""
    from sharecheck.checking.baseline import BaselineError, load

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise Failure(f"--baseline {path}: cannot read it: {error.strerror}") from None
    try:
        return load(raw)
    except BaselineError as error:
        raise Failure(
            f"--baseline {path}:{error.place}: {error.message}; "
            "save one with `sharecheck check PATHS --format json --output REPORT.json`"
        ) from None


def _write_in_place(output: Path, resolved: Path, data: bytes, *, fifo: bool) -> None:
    # A FIFO nobody reads would block forever: open it without waiting, and refuse if no reader.
    flags = os.O_WRONLY | (os.O_NONBLOCK if fifo else 0)
    try:
        descriptor = os.open(resolved, flags)
    except OSError as error:
        if fifo and error.errno == errno.ENXIO:
            raise Failure(f"--output {output} is a FIFO that no process is reading; start the reader first") from None
        raise
    if fifo:
        os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


@click.command(cls=PairedCommand)
@click.argument("paths", nargs=-1)
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
    "--baseline",
    type=click.Path(path_type=Path),
    metavar="REPORT.json",
    help="A JSON report saved earlier (e.g. from main): each finding is marked new or unchanged, those gone are "
    "listed as fixed, and --fail-on counts only new findings.",
)
@click.option(
    "--show-config",
    is_flag=True,
    help="Print the effective settings and where each came from (option, settings file or default), then stop.",
)
@click.option(
    "--fail-on-existing",
    is_flag=True,
    help="With --baseline, let findings already in the baseline fail the check too.",
)
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
    baseline: Path | None,
    fail_on_existing: bool,
    show_config: bool,
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
      sharecheck check proposals/ --baseline main-report.json

    Settings may also come from `[tool.sharecheck]` in pyproject.toml or a sharecheck.toml in
    this folder or one above it (paths, rules, fail-on, format, baseline, engine, jobs); an
    option given here wins. See docs/ci.md.
    """
    from sharecheck.checking.batch import WorkerDied, check_all, jobs_for
    from sharecheck.engines.runtime import EngineError
    from sharecheck.formats import render
    from sharecheck.formats.context import ProposalSummary, ReportContext
    from sharecheck.reading.files import MissingPath, expand, is_glob
    from sharecheck.results.report import Report

    ctx = click.get_current_context()
    settings = effective(
        ctx,
        {
            "paths": paths,
            "rules": rules,
            "fail-on": fail_on,
            "format": fmt,
            "baseline": baseline,
            "engine": engine,
            "jobs": jobs,
        },
    )
    if show_config:
        click.echo(describe(settings), nl=False)
        sys.exit(EXIT_OK)
    paths = tuple(settings["paths"].value)
    rules = tuple(Path(r) for r in settings["rules"].value)
    fail_on, engine, jobs = settings["fail-on"].value, settings["engine"].value, settings["jobs"].value
    given_format = settings["format"].value
    fmt = (given_format,) if isinstance(given_format, str) else tuple(given_format)
    baseline = None if settings["baseline"].value is None else Path(settings["baseline"].value)
    if not paths:
        raise click.UsageError("give the proposals to check (PATHS), or `paths` in [tool.sharecheck] / sharecheck.toml")
    destinations = pair(fmt, output, ctx.meta.get(ORDER))
    try:
        targets = expand(paths)
    except MissingPath as missing:
        what = "no file or folder matches" if is_glob(str(missing)) else "no such file or folder:"
        raise Failure(f"{what} {missing}") from None
    if not targets:
        raise Failure(f"no *.json proposals found in {', '.join(paths)}")
    inputs = [t.path for t in targets if t.path is not None]
    stdin = stdin_identity() if any(t.path is None for t in targets) else None
    for destination in destinations:  # all refused before any is written: never a partial set of reports
        if destination.output is not None:
            refuse_output(destination.output, inputs, stdin)
    saved = None if baseline is None else read_baseline(baseline)
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
        with _stopped_cleanly(), contextlib.closing(outcomes), progress(outcomes, len(targets)) as batch:
            for outcome in batch:
                results.append(outcome.result)
                if outcome.summary is not None:
                    summaries[outcome.result.file] = outcome.summary
    except EngineError as error:
        raise Failure(str(error)) from None
    except WorkerDied:
        raise Failure("a worker process died; run again with --jobs 1 to find the file that causes it") from None
    report = Report(__version__, pack.info, tuple(results))
    if saved is not None:
        from sharecheck.checking.baseline import compare

        report = compare(report, saved, gate_existing=fail_on_existing)
    threshold = None if fail_on == "never" else Severity(fail_on)
    options: dict[str, object] = {"fail_on": threshold, "rules": pack.rules}
    if timestamp:
        options["timestamp"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if committee:
        titles = {g.id: (g.short_name, g.citation) for g in pack.gateways.gateways}
        options["context"] = ReportContext(pack.framework, summaries, as_of, titles)
    texts = [render(d.format, report, colour=colour_wanted(d, color), style=style, **options) for d in destinations]
    for destination, text in zip(destinations, texts, strict=True):
        write_output(destination.output, text, inputs, stdin, color=True if color == "always" else None)
    sys.exit(EXIT_FINDINGS if report.fails(threshold) else EXIT_OK)
