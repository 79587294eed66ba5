"""Organisation packs that probe the rule engine's limits (tests of lint, check and the probe)."""

from __future__ import annotations

from pathlib import Path

import yaml


def limit_pack(folder: Path, rules: list[dict[str, object]]) -> Path:
    """A pack over the bundled one, holding `rules` in rules.yaml."""
    folder.mkdir()
    (folder / "pack.yaml").write_text("pack: {name: northshire-limits, version: '1', extends: sharecheck}\n")
    (folder / "rules.yaml").write_text(yaml.safe_dump({"rules": rules}, width=10_000, sort_keys=False))
    return folder


def word_rule(rule_id: str, condition: dict[str, object]) -> dict[str, object]:
    return {
        "id": rule_id,
        "title": "Mentions a listed word",
        "severity": "warning",
        "category": "purpose",
        "when": condition,
        "message": "The purpose mentions a listed word.",
        "remediation": "Check the wording of the purpose.",
        "sources": ["Northshire County Council information governance policy"],
    }


def line_of(folder: Path, rule_id: str) -> int:
    lines = (folder / "rules.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.endswith(f"id: {rule_id}"))
