"""`sharecheck gateways [TEXT]`: the gateway catalogue's ids and what each one is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sharecheck.cli.common import Failure, load_pack_or_fail, parse_date


@click.command()
@click.argument("text", nargs=-1)
@click.option(
    "--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Use this pack's catalogue."
)
@click.option(
    "--as-of",
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="Say which gateways are in force on this date (default: today).",
)
@click.option("--ids", "ids_only", is_flag=True, help="Print only the ids, one a line (for scripts and completion).")
def gateways(text: tuple[str, ...], rules_dirs: tuple[Path, ...], as_of: dt.date | None, ids_only: bool) -> None:
    """List the legal gateways a proposal can cite by id, filtered by TEXT.

    Each entry shows its id and title, Act and section, type, extent, the dates it is in
    force and who may disclose to whom. TEXT matches, case-insensitively, every word against
    those. Cite one in a proposal as {"id": "pcsca2022_s16"} under legal.gateways;
    `sharecheck explain GATEWAY_ID` shows one in full.

    \b
    Examples:
      sharecheck gateways                 all of them
      sharecheck gateways police          the gateways that mention police
      sharecheck gateways research dea2017
    """
    from sharecheck.authoring.gateway_list import listing, matching

    pack = load_pack_or_fail(rules_dirs)
    query = " ".join(text)
    found = matching(pack.gateways, query)
    if not found:
        raise Failure(f"no gateway in pack {pack.name} matches {query!r}; `sharecheck gateways` lists them all")
    if ids_only:
        click.echo("\n".join(g.id for g in found))
        return
    click.echo(listing(found, as_of or dt.date.today()), nl=False)
