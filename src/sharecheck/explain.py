"""`sharecheck explain RULE_ID`: a rule in words, for the person who has to fix it."""

from __future__ import annotations

import difflib
import textwrap

from .builtin import BUILTIN_RULES
from .pack import Pack


def suggestions(rule_id: str, pack: Pack) -> list[str]:
    ids = [r.id for r in pack.rules] + list(BUILTIN_RULES)
    return difflib.get_close_matches(rule_id.upper(), ids, n=3, cutoff=0.5)


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
