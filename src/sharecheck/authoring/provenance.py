"""`sharecheck rules show`: the effective pack, and where each setting came from.

With packs layered over packs, "why is this a blocker here?" needs an answer that names a
file, a line and a reason: each rule is listed with where it was defined and every override
applied to it, and each disabled rule with where and why it was switched off.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from sharecheck.packs.loader import Pack, display
from sharecheck.packs.rule import Rule
from sharecheck.packs.yaml_source import YamlError, load


def _reason(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), width=96, initial_indent="      ", subsequent_indent="      ")


def _rule_line(rule: Rule, width: int) -> str:
    waivable = "waivable" if rule.waivable else "not waivable"
    return f"{rule.id.ljust(width)}  {rule.severity.value:<7}  {rule.category:<15}  {waivable:<12}  {rule.title}"


def _manifest(layer: Path) -> str:
    """`name version` from the layer's `pack:` manifest (the pack has loaded, so there is one)."""
    for path in sorted(layer.glob("*.y*ml")):
        try:
            data = load(path.read_text("utf-8-sig")).data
        except (YamlError, UnicodeDecodeError, OSError):
            continue
        if isinstance(data, dict) and isinstance(data.get("pack"), dict):
            return f"{data['pack'].get('name')} {data['pack'].get('version')}"
    return "?"


def describe(pack: Pack) -> str:
    lines = [f"{pack.name} {pack.version}  sha256 {pack.sha256}", "layers, base first:"]
    lines += [f"  {index}. {_manifest(layer)}  {display(layer)}" for index, layer in enumerate(pack.layers, 1)]
    width = max((len(r.id) for r in (*pack.rules, *pack.disabled)), default=0)
    lines += ["", f"rules ({len(pack.rules)}):"]
    for rule in pack.rules:
        lines.append(_rule_line(rule, width))
        lines.append(f"    defined at {rule.origin}")
        if rule.aliases:
            lines.append(f"    formerly {', '.join(rule.aliases)}")
        for setting in pack.settings:
            if setting.rule == rule.id:
                lines.append(f"    overridden at {setting.origin}: {setting.change}")
                lines.append(_reason(f"reason: {setting.reason}"))
    if pack.disabled:
        lines += ["", f"disabled ({len(pack.disabled)}):"]
        for rule in pack.disabled:
            lines.append(_rule_line(rule, width))
            lines.append(f"    defined at {rule.origin}")
            for setting in pack.settings:
                if setting.rule == rule.id:
                    verb = "disabled" if setting.change == "disabled" else "overridden"
                    detail = "" if setting.change == "disabled" else f": {setting.change}"
                    lines.append(f"    {verb} at {setting.origin}{detail}")
                    lines.append(_reason(f"reason: {setting.reason}"))
    if pack.framework is not None:
        lines += ["", f"framework: {len(pack.framework.questions)} questions, band thresholds from the pack"]
    gateways = pack.raw.get("gateways")
    if isinstance(gateways, list):
        lines.append(f"gateway catalogue: {len(gateways)} gateways")
    return "\n".join(lines) + "\n"
