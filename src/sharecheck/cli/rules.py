"""`sharecheck rules …`: for the people who write rule packs.

Every subcommand takes the pack folders the way `check --rules` does: none means the bundled
pack; several are layered in order, each over the ones before it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sharecheck.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Failure, load_pack_or_fail

_FOLDERS = click.argument("directories", metavar="[DIR]...", nargs=-1, type=click.Path(path_type=Path))


@click.group()
def rules() -> None:
    """Work with rule packs: lint, test, document and show them.

    Each takes pack folders like `check --rules`: none means the bundled pack; several are
    layered in order, each over the ones before it. See docs/authoring.md.
    """


@rules.command("lint", short_help="Report every problem in a pack, at file:line:col with a hint.")
@_FOLDERS
def rules_lint(directories: tuple[Path, ...]) -> None:
    """Check a rule pack (default: the bundled one) and report every problem.

    Each problem is printed as file:line:col: message, with a hint below it: broken YAML,
    unknown keys, operators and fields, operands a field cannot hold, duplicate or confusable
    ids, blank text, rules no test case makes fire, test cases naming rules that do not exist,
    and conditions that can never be true. Exit 0 when clean, 2 otherwise.
    """
    from sharecheck.authoring.lint import lint

    report = lint(directories)
    for problem in report.problems:
        click.echo(str(problem))
    if report.problems:
        count = len(report.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''}", err=True)
        sys.exit(EXIT_ERROR)
    assert report.pack is not None
    pack = report.pack
    click.echo(f"{pack.name} {pack.version}: {len(pack.rules)} rules, {report.cases} test cases, no problems")
    sys.exit(EXIT_OK)


@rules.command("test", short_help="Run the pack's test cases through both engines; show coverage.")
@_FOLDERS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "junit"]),
    default="text",
    show_default=True,
    help="text: a table for people; junit: JUnit XML for CI dashboards.",
)
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 100),
    default=100.0,
    show_default=True,
    metavar="PERCENT",
    help="Fail when fewer than PERCENT of the rules fire in one case and stay silent in another.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the result here instead of stdout.")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="List the passing cases of the packs this one extends too (by default: the pack's own cases and any failure).",
)
def rules_test(
    directories: tuple[Path, ...], fmt: str, min_coverage: float, output: Path | None, show_all: bool
) -> None:
    """Run the pack's rule test cases (every layer's tests/*.yaml) through both engines.

    Every case runs; the table lists the pack's own cases and any case that fails, and the
    summary counts own and inherited cases apart (--all lists the inherited ones). Exit 0
    when every case passes and coverage is at least --min-coverage; 1 when a case fails or
    coverage is short; 2 when the pack or a case file is broken.
    """
    from sharecheck.authoring.rule_test_report import junit, table
    from sharecheck.authoring.rule_tests import CaseError, coverage, load_cases, run_case
    from sharecheck.cli.check import write_output
    from sharecheck.engines.runtime import EngineError

    pack = load_pack_or_fail(directories)
    try:
        cases = load_cases(pack)
    except CaseError as error:
        raise Failure(f"a test case file is broken:\n{error.problem}") from None
    try:
        outcomes = [run_case(case, pack) for case in cases]
    except EngineError as error:
        raise Failure(str(error)) from None
    covered, uncovered = coverage(pack, outcomes)
    if fmt == "junit":
        text = junit(pack, outcomes, covered, uncovered, min_coverage)
    else:
        text = table(pack, outcomes, covered, uncovered, min_coverage, show_all=show_all)
    write_output(output, text)
    total = len(covered) + len(uncovered)
    percent = 100.0 if total == 0 else 100.0 * len(covered) / total
    failed = any(not o.passed for o in outcomes) or percent < min_coverage
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@rules.command("docs", short_help="Print the Markdown catalogue of the pack's rules.")
@_FOLDERS
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the catalogue here instead of stdout.")
@click.option(
    "--check",
    "check_file",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Write nothing; exit 1 if FILE differs from the catalogue (for CI).",
)
def rules_docs(directories: tuple[Path, ...], output: Path | None, check_file: Path | None) -> None:
    """Print the Markdown catalogue of the pack's rules, built from the rules and their cases.

    \b
    Regenerate the committed catalogue:
      sharecheck rules docs --output docs/rules.md
    """
    from sharecheck.authoring.rule_docs import catalogue
    from sharecheck.authoring.rule_tests import CaseError
    from sharecheck.cli.check import write_output
    from sharecheck.engines.runtime import EngineError

    pack = load_pack_or_fail(directories)
    try:
        text = catalogue(pack)
    except CaseError as error:
        raise Failure(f"a test case file is broken:\n{error.problem}") from None
    except EngineError as error:
        raise Failure(str(error)) from None
    if check_file is not None:
        try:
            current = check_file.read_text("utf-8")
        except OSError as error:
            raise Failure(f"cannot read {check_file}: {error.strerror}") from None
        if current != text:
            click.echo(
                f"{check_file} is not current; regenerate it with: sharecheck rules docs --output {check_file}",
                err=True,
            )
            sys.exit(EXIT_FINDINGS)
        click.echo(f"{check_file} is current")
        sys.exit(EXIT_OK)
    write_output(output, text)


@rules.command("show", short_help="Print the effective pack and where each setting came from.")
@_FOLDERS
def rules_show(directories: tuple[Path, ...]) -> None:
    """Print the effective pack: each rule with its severity and category, and where each
    setting came from (defined, overridden or disabled at file:line, with the reason)."""
    from sharecheck.authoring.provenance import describe

    click.echo(describe(load_pack_or_fail(directories)), nl=False)
