"""Rules can say "per flow" and "per party handling": `for_each: flows` and
`for_each: parties_handling` (the bare names of `derived.flows` and `derived.parties_handling`),
in both engines, type-checked by the pack loader."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from sharecheck.checking.pipeline import check
from sharecheck.packs.loader import load_pack

ROOT = Path(__file__).resolve().parents[2]

RULES = """\
rules:
  - id: NSCP-FLOW-001
    title: Criminal offence data goes only to the hub
    severity: warning
    category: sensitive_data
    description: The partnership's protocol sends criminal offence data to the MASH and nowhere else.
    for_each: flows
    where:
      all:
        - {field: categories, contains: criminal_offence}
        - {field: recipient, not_equals: northshire-mash}
    message: "{item.discloser} sends criminal offence data ({item.datasets}) to {item.recipient}."
    remediation: Send criminal offence data to the MASH only.
    sources: ["Northshire MASH Information Sharing Protocol (2025), s4"]

  - id: NSCP-FLOW-002
    title: A partner that handles special-category data is named in the APD
    severity: info
    category: sensitive_data
    description: Each partner that sends or receives special-category data is listed.
    for_each: parties_handling
    where: {field: categories, contains: special_category}
    message: "{item.party} handles special-category data ({item.special_categories})."
    remediation: List {item.party} in the appropriate policy document.
    sources: ["DPA 2018 Sch 1 Part 4"]
"""


def _pack(tmp_path: Path) -> Any:
    folder = tmp_path / "pack"
    shutil.copytree(ROOT / "rules", folder)
    (folder / "flows-local.yaml").write_text(RULES, "utf-8")
    return load_pack(folder)


def test_per_flow_and_per_party_rules_fire_where_they_should(tmp_path: Path, engine: Any) -> None:
    pack = _pack(tmp_path)
    data = json.loads((ROOT / "fixtures" / "mash-children.json").read_text("utf-8"))
    found = [
        (f.rule, f.path, f.message) for f in check(data, pack, engine=engine).findings if f.rule.startswith("NSCP")
    ]
    assert [r for r, _, _ in found if r == "NSCP-FLOW-001"] == []
    assert [m for r, _, m in found if r == "NSCP-FLOW-002"] == [
        "northshire-mash handles special-category data (health).",
        "northshire-health handles special-category data (health).",
    ]
    data["data"]["datasets"][3]["recipients"].append("northshire-homes")  # probation checks to housing too
    found = [
        (f.rule, f.path, f.message) for f in check(data, pack, engine=engine).findings if f.rule == "NSCP-FLOW-001"
    ]
    assert found == [
        (
            "NSCP-FLOW-001",
            "/data/datasets/3",
            "northshire-probation sends criminal offence data (Probation checks) to northshire-homes.",
        )
    ]


def test_a_bare_name_is_the_derived_collection_it_stands_for(tmp_path: Path) -> None:
    """Both spellings load to one rule: the engines, the projection and fingerprints see the full path."""
    bare = _pack(tmp_path)
    (tmp_path / "full").mkdir()
    shutil.copytree(ROOT / "rules", tmp_path / "full" / "pack")
    full_rules = RULES.replace("for_each: flows", "for_each: derived.flows").replace(
        "for_each: parties_handling", "for_each: derived.parties_handling"
    )
    (tmp_path / "full" / "pack" / "flows-local.yaml").write_text(full_rules, "utf-8")
    full = load_pack(tmp_path / "full" / "pack")
    for rule_id, collection in (("NSCP-FLOW-001", "derived.flows"), ("NSCP-FLOW-002", "derived.parties_handling")):
        a, b = bare.rule(rule_id), full.rule(rule_id)
        assert a is not None and b is not None
        assert a.for_each == b.for_each == collection
        assert a.where == b.where
