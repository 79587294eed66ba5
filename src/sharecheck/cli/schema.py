"""`sharecheck schema`: the JSON Schemas, for editors and other tools."""

from __future__ import annotations

import click


@click.command()
@click.argument("name", type=click.Choice(["proposal", "rules", "gateways", "report", "values"]))
def schema(name: str) -> None:
    """Print a JSON Schema: proposal, rules (pack files), gateways (the catalogue) or report.

    `values` prints, as Markdown, every choice of a proposal with its values and their
    plain-English labels (docs/values.md). Point your editor at a schema for validation and
    completion (see the README); `sharecheck gateways` lists the gateway ids.
    """
    from sharecheck.reading.bundled import schemas_dir

    if name == "values":
        from sharecheck.authoring.values import markdown

        click.echo(markdown(), nl=False)
        return

    click.echo((schemas_dir() / f"{name}.schema.json").read_text("utf-8"), nl=False)
