"""The generated tables in docs/default-pack.md and docs/gateways.md match the pack.

Regenerate them with `python -m tests.test_docs` after changing rules or the catalogue.
"""

from __future__ import annotations

import re
from pathlib import Path

from sharecheck.packs.loader import Pack, load_pack
from tests.conftest import ROOT

DOCS = ROOT / "docs"
BEGIN, END = "<!-- generated: begin -->", "<!-- generated: end -->"


def rules_table(pack: Pack) -> str:
    rows = [f"| {r.id} | {r.severity.value} | {r.category} | {r.title} |" for r in pack.rules]
    return "\n".join(["| id | severity | category | checks that |", "|---|---|---|---|", *rows])


def gateways_table(pack: Pack) -> str:
    rows = []
    for g in pack.gateways.gateways:
        exclusions = ", ".join(f"`{x.id}` ({x.verified})" for x in g.exclusions) or "-"
        rows.append(
            f"| `{g.id}` | {g.citation} | {g.type} | {', '.join(g.extent)} | {g.verified.level} | {exclusions} |"
        )
    header = ["| id | statute and section | type | extent | verified | exclusions |", "|---|---|---|---|---|---|"]
    return "\n".join([*header, *rows])


def _generated(path: Path) -> str:
    text = path.read_text("utf-8")
    match = re.search(re.escape(BEGIN) + r"\n(.*?)\n" + re.escape(END), text, re.S)
    assert match, f"{path} has no generated section"
    return match.group(1)


def test_the_rule_table_is_current() -> None:
    assert _generated(DOCS / "default-pack.md") == rules_table(load_pack()), "run `python -m tests.test_docs`"


def test_the_gateway_table_is_current() -> None:
    assert _generated(DOCS / "gateways.md") == gateways_table(load_pack()), "run `python -m tests.test_docs`"


def _write(path: Path, table: str) -> None:
    text = path.read_text("utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    path.write_text(text[:start] + "\n" + table + "\n" + text[end:], "utf-8")


if __name__ == "__main__":
    pack = load_pack()
    _write(DOCS / "default-pack.md", rules_table(pack))
    _write(DOCS / "gateways.md", gateways_table(pack))
