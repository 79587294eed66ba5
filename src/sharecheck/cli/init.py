"""`sharecheck init [FILE]`: write a starter proposal."""

from __future__ import annotations

from pathlib import Path

import click

from sharecheck.cli.common import Failure, load_pack_or_fail


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option(
    "--rules",
    "rules_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Take the framework questions from this pack (default: the bundled one).",
)
def init(file: Path | None, force: bool, rules_dirs: tuple[Path, ...]) -> None:
    """Write a starter proposal to FILE (default, or -: print it).

    Every section is present, with guidance in `x-help` keys; every choice is `unknown` and
    every text blank, and the status is draft, so `sharecheck check FILE` passes the gate and
    lists (SC-GATE-001) what must be answered before the status can be submitted. An existing
    FILE is never overwritten without --force.

    \b
    Examples:
      sharecheck init proposals/fuel-poverty.json
      sharecheck check proposals/fuel-poverty.json
    """
    from sharecheck.authoring.starter import render
    from sharecheck.cli.check import write_output

    pack = load_pack_or_fail(rules_dirs)
    to_stdout = file is None or str(file) == "-"
    text = render(pack.framework, None if to_stdout or file is None else file.name)
    if to_stdout:
        click.echo(text, nl=False)
        return
    assert file is not None
    if force:
        write_output(file, text)
    else:
        try:
            # "x": create only, so an existing proposal (or one created meanwhile) is never touched
            with file.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            raise Failure(f"{file} already exists; choose another name, or use --force to overwrite it") from None
        except OSError as error:
            raise Failure(f"cannot write {file}: {error.strerror}") from None
    click.echo(
        f"wrote {file} (status: draft); fill it in, then run: sharecheck check {file}\n"
        "the check lists, in SC-GATE-001, what must be answered before you set status to submitted",
        err=True,
    )
