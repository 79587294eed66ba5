"""`sharecheck explain RULE_ID`."""

from __future__ import annotations

from pathlib import Path

import click

from sharecheck.cli.common import Failure, load_pack_or_fail


@click.command()
@click.argument("rule_id", metavar="RULE_OR_GATEWAY_ID")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Look in this pack.")
def explain(rule_id: str, rules_dirs: tuple[Path, ...]) -> None:
    """What a rule checks, why, and how to fix its finding; or a gateway of the catalogue
    (e.g. pcsca2022_s16): what it allows, and how a proposal cites it."""
    from sharecheck.authoring.explain import explain_rule

    pack = load_pack_or_fail(rules_dirs)
    text = explain_rule(rule_id, pack)
    gateway = pack.gateways.get(rule_id.strip().lower()) if text is None else None
    if gateway is not None:
        import datetime as dt

        from sharecheck.authoring.gateway_list import explain_gateway

        text = explain_gateway(gateway, dt.date.today())
    if text is None:
        near_gateways = pack.gateways.suggest(rule_id.strip().lower())
        if near_gateways and not rule_id.upper().startswith("SC-"):
            raise Failure(
                f"no rule or gateway {rule_id} in pack {pack.name}. Did you mean {', '.join(near_gateways)}? "
                "(`sharecheck gateways` lists the gateways)"
            )
        from sharecheck.authoring.explain import suggestions

        close = suggestions(rule_id, pack)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise Failure(f"no rule {rule_id} in pack {pack.name}.{hint} (`sharecheck rules docs` lists them all)")
    click.echo(text, nl=False)
