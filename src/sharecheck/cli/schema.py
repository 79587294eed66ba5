"""`sharecheck schema`: the JSON Schemas, for editors and other tools."""

from __future__ import annotations

import click


@click.command()
@click.argument("name", type=click.Choice(["proposal", "rules", "gateways", "report"]))
def schema(name: str) -> None:
    """Print a JSON Schema: proposal, rules (pack files), gateways (the catalogue) or report.

    Point your editor at it for validation and completion (see the README).
    """
    from sharecheck.reading.bundled import schemas_dir

    click.echo((schemas_dir() / f"{name}.schema.json").read_text("utf-8"), nl=False)
