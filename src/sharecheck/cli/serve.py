"""`sharecheck serve [FOLDER]`: the local proposal builder (docs/serve.md).

Starlette and uvicorn are an optional extra, imported only here, so the rest of the command line
starts as fast without them.
"""

from __future__ import annotations

from pathlib import Path

import click

from sharecheck.cli.common import Failure, load_pack_or_fail


@click.command()
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the builder in your web browser.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Check with this pack.")
def serve(folder: Path, port: int, open_browser: bool, rules_dirs: tuple[Path, ...]) -> None:
    """Build and edit the proposals in FOLDER in your browser, with live findings.

    Listens on 127.0.0.1 only; prints the address to open. Stop it with Ctrl+C.
    """
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise Failure("`sharecheck serve` needs the serve extra: pip install 'sharecheck[serve]'") from None
    from sharecheck.serve.app import create_app, serve_forever

    if not folder.is_dir():
        raise Failure(f"{folder} is not a folder; give the folder that holds (or will hold) your proposals")
    pack = load_pack_or_fail(rules_dirs)
    try:
        serve_forever(
            lambda hosts: create_app(folder, pack, hosts),
            port,
            lambda url: click.echo(f"sharecheck builder for {folder.resolve()} at {url} (Ctrl+C to stop)", err=True),
            open_browser,
        )
    except OSError as error:
        raise Failure(f"cannot listen on 127.0.0.1:{port}: {error.strerror}") from None
