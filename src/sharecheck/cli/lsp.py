"""`sharecheck lsp`: start the language server on stdio (needs the `lsp` extra)."""

from __future__ import annotations

from pathlib import Path

import click

from sharecheck.cli.common import Failure


@click.command()
@click.option(
    "--rules",
    "rules",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A rule pack folder, as for `check --rules` (repeatable). The editor's initializationOptions "
    "may name them instead.",
)
def lsp(rules: tuple[Path, ...]) -> None:
    """Run the language server over stdin/stdout, for an editor to start (see docs/editors.md)."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        raise Failure("the language server needs the lsp extra: pip install 'sharecheck[lsp]'") from None
    from sharecheck.lsp.server import serve

    serve(rules)
