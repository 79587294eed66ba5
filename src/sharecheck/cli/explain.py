"""`sharecheck explain RULE_ID`."""

from __future__ import annotations

from pathlib import Path

import click

from sharecheck.cli.common import Failure, load_pack_or_fail


@click.command()
@click.argument("rule_id")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Look in this pack.")
def explain(rule_id: str, rules_dirs: tuple[Path, ...]) -> None:
    """What a rule checks, why, and how to fix its finding."""
    from sharecheck.authoring.explain import explain_rule

    pack = load_pack_or_fail(rules_dirs)
    text = explain_rule(rule_id, pack)
    if text is None:
        from sharecheck.authoring.explain import suggestions

        close = suggestions(rule_id, pack)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise Failure(f"no rule {rule_id} in pack {pack.name}.{hint} (`sharecheck rules docs` lists them all)")
    click.echo(text, nl=False)
