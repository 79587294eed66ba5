"""`sharecheck rules …`: for the people who write rule packs."""

from __future__ import annotations

from pathlib import Path

import click

from .common import load_pack_or_fail


@click.group()
def rules() -> None:
    """Work with rule packs: lint them, test them, document them."""


@rules.command("lint")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def rules_lint(directory: Path | None) -> None:
    """Check a rule pack (default: the bundled one); every problem as file:line:col."""
    pack = load_pack_or_fail([directory] if directory else [])
    click.echo(f"{pack.name} {pack.version}: {len(pack.rules)} rules, no problems")
