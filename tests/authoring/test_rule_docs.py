"""The rule catalogue: built from the rules and their cases, the same from any folder."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sharecheck.authoring.rule_docs import catalogue
from sharecheck.packs.loader import load_pack
from tests.conftest import ROOT


def test_the_catalogue_does_not_depend_on_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    here = catalogue(load_pack())
    monkeypatch.chdir(tmp_path)
    assert catalogue(load_pack()) == here
    assert str(ROOT) not in here and str(tmp_path) not in here


def test_each_rule_has_its_facts_and_an_example_from_its_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    pack = load_pack()
    text = catalogue(pack)
    for rule in pack.rules:
        section = text[text.index(f"### {rule.id}: ") :]
        section = section[: section.index("\n### ")] if "\n### " in section else section
        assert f"**Severity** {rule.severity.value} · **category** `{rule.category}`" in section
        assert "**What it checks.**" in section and "**How to fix it.**" in section
        assert all(" ".join(s.split()) in section for s in rule.sources)
        assert "Fires: *" in section and "sharecheck reports:" in section and "Stays silent: *" in section
    gateway = text[text.index("### SC-GATEWAY-001") :]
    assert "Fires: *a public discloser with no gateway* (`rules/tests/core.yaml` line " in gateway
    assert "remove:\n- /legal/gateways\n" in gateway
    assert "> No legal gateway is named for this sharing" in gateway
    assert text.index("## Input (`input`)") < text.index("## Legal gateway") < text.index("## Consent (`consent`)")
    assert "## Built into sharecheck" in text and "| SC-WAIVER-004 |" in text


def test_a_gateway_catalogue_is_rendered_when_the_pack_has_one() -> None:
    """Entries as reference/domain.md §4.2 shapes them; only the pack's raw section is read."""
    gateways = [
        {
            "id": "care2014_s45",
            "short_name": "Supply of information to Safeguarding Adults Boards",
            "statute": "Care Act 2014",
            "section": "s45",
            "extent": ["england"],
            "valid_from": "2015-04-01",
            "valid_to": None,
        },
        {
            "id": "cda1998_s115",
            "statute": "Crime and Disorder Act 1998",
            "section": "s115",
            "extent": ["england", "wales"],
        },
    ]
    pack = load_pack()
    text = catalogue(replace(pack, raw={**pack.raw, "gateways": gateways}))
    table = text[text.index("## Gateway catalogue") :]
    assert "| id | name | statute | section | extent | from | to |" in table
    assert (
        "| care2014_s45 | Supply of information to Safeguarding Adults Boards | Care Act 2014 | s45 | england |"
        in table
    )
    assert "| cda1998_s115 | — | Crime and Disorder Act 1998 | s115 | england, wales | — | — |" in table
    without = catalogue(replace(pack, raw={k: v for k, v in pack.raw.items() if k != "gateways"}))
    assert "## Gateway catalogue" not in without
