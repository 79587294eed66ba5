"""`sharecheck explain RULE_ID`: a rule in words, for the person who has to fix it."""

from __future__ import annotations

import difflib
import textwrap

from .builtin import BUILTIN_RULES
from .pack import Pack


def suggestions(rule_id: str, pack: Pack) -> list[str]:
    """The closest ids; the same number written with fewer or more zeros comes first
    (SC-GATEWAY-1 and SC-GATEWAY-01 mean SC-GATEWAY-001, not SC-GATEWAY-017)."""
    ids = [r.id for r in pack.rules] + list(BUILTIN_RULES)
    wanted = rule_id.upper()
    same_number = [i for i in ids if _numbered(i) is not None and _numbered(i) == _numbered(wanted)]
    close = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.5)
    return (same_number + [i for i in close if i not in same_number])[:3]


def _numbered(rule_id: str) -> tuple[str, int] | None:
    prefix, _, number = rule_id.rpartition("-")
    return (prefix, int(number)) if prefix and number.isdigit() else None


def _wrap(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), width=88, initial_indent="  ", subsequent_indent="  ")


def explain_rule(rule_id: str, pack: Pack) -> str | None:
    rule = pack.rule(rule_id.upper())
    if rule is not None:
        parts = [
            f"{rule.id}  {rule.title}",
            f"severity: {rule.severity.value}    category: {rule.category}    "
            f"{'waivable' if rule.waivable else 'not waivable'}    defined at {rule.origin}",
            "",
            "What it checks:",
            _wrap(rule.description or rule.title),
            "",
            "How to fix it:",
            _wrap(rule.remediation),
            "",
            "Sources:",
            *(f"  - {s}" for s in rule.sources),
        ]
        return "\n".join(parts) + "\n"
    builtin = BUILTIN_RULES.get(rule_id.upper())
    if builtin is None:
        return None
    parts = [
        f"{builtin.id}  {builtin.title}",
        f"severity: {builtin.severity.value}    category: {builtin.category}    built into sharecheck",
        "",
        "What it checks:",
        _wrap(builtin.description),
        "",
        "How to fix it:",
        _wrap(builtin.remediation),
        "",
        "Sources:",
        *(f"  - {s}" for s in builtin.sources),
    ]
    return "\n".join(parts) + "\n"
