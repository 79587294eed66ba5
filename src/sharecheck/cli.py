"""The command line: parse, run the library, print, map the outcome to an exit code.

Exit codes (SPEC §6): 0 nothing at or above --fail-on; 1 findings at or above --fail-on
(an unreadable or invalid proposal counts as a blocker); 2 the check could not run (bad
usage, no such path, an invalid rule pack, an engine failure). Never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click

from . import __version__
from .report import Severity

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMAT_CHOICES = ("text", "json")


class Failure(click.ClickException):
    """A clean stop with exit code 2 and a message on stderr."""

    exit_code = EXIT_ERROR

    def show(self, file: object = None) -> None:
        click.echo(f"sharecheck: {self.format_message()}", err=True)


def _load_packs(rules: Sequence[Path]):  # type: ignore[no-untyped-def]
    from .pack import PackError, load_pack

    try:
        return load_pack(rules[-1] if rules else None)
    except PackError as error:
        lines = "\n".join(str(p) for p in error.problems)
        count = len(error.problems)
        raise Failure(f"the rule pack is invalid ({count} problem{'s' if count != 1 else ''}):\n{lines}") from None


def _write(output: Path | None, text: str, inputs: Sequence[Path] = ()) -> None:
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    resolved = output.resolve()
    if any(resolved == p.resolve() for p in inputs):
        raise Failure(f"--output {output} is one of the files being checked; refusing to overwrite it")
    if output.is_dir():
        raise Failure(f"--output {output} is a folder; name a file")
    try:
        # write beside the target, then rename: a failed run never leaves half a report
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=resolved.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(text)
        Path(handle.name).replace(resolved)
    except OSError as error:
        raise Failure(f"cannot write {output}: {error.strerror}") from None


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sharecheck")
def main() -> None:
    """Check data-sharing proposals (JSON) against declarative rules (YAML).

    \b
    Start here:
      sharecheck init proposal.json      write a starter proposal
      sharecheck check proposals/        check every *.json below a folder
      sharecheck explain SC-GATEWAY-001  what a rule checks and how to fix it
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--rules",
    "rules",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A rule pack folder to use instead of the bundled one (it may `extends: sharecheck`).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
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
    callback=_date,
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
    from .checker import check_bytes, unreadable
    from .engine import ENGINES, EngineError
    from .files import MissingPath, expand
    from .formats import render
    from .report import Report

    try:
        targets = expand(paths)
    except MissingPath as missing:
        raise Failure(f"no such file or folder: {missing}") from None
    if not targets:
        raise Failure(f"no *.json proposals found in {', '.join(paths)}")
    pack = _load_packs(rules)
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
    _write(output, render(fmt, report, **options), [t.path for t in targets if t.path is not None])
    sys.exit(EXIT_FINDINGS if report.fails(threshold) else EXIT_OK)


@main.command()
@click.argument("name", type=click.Choice(["proposal", "rules", "report"]))
def schema(name: str) -> None:
    """Print a JSON Schema: proposal, rules (pack files) or report.

    Point your editor at it for validation and completion (see the README).
    """
    from .resources import schemas_dir

    click.echo((schemas_dir() / f"{name}.schema.json").read_text("utf-8"), nl=False)


@main.group()
def rules() -> None:
    """Work with rule packs: lint them, test them, document them."""


@rules.command("lint")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def rules_lint(directory: Path | None) -> None:
    """Check a rule pack (default: the bundled one); every problem as file:line:col."""
    pack = _load_packs([directory] if directory else [])
    click.echo(f"{pack.name} {pack.version}: {len(pack.rules)} rules, no problems")


@main.command()
@click.argument("rule_id")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Look in this pack.")
def explain(rule_id: str, rules_dirs: tuple[Path, ...]) -> None:
    """What a rule checks, why, and how to fix its finding."""
    from .explain import explain_rule

    pack = _load_packs(rules_dirs)
    text = explain_rule(rule_id, pack)
    if text is None:
        from .explain import suggestions

        close = suggestions(rule_id, pack)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise Failure(f"no rule {rule_id} in pack {pack.name}.{hint} (`sharecheck rules docs` lists them all)")
    click.echo(text, nl=False)
