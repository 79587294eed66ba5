"""`sharecheck explain RULE_ID`: a rule in words, for the person who has to fix it.

The examples are the rule's own test cases (rules/tests/*.yaml), which the test suite runs
through both engines, so an example shown here is one that is known to fire, or not.
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Sequence

import yaml

from sharecheck.authoring.rule_tests import Case, CaseError, load_cases
from sharecheck.packs.loader import Pack
from sharecheck.results.builtin_rules import BUILTIN_RULES


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


def explain_rule(rule_id: str, pack: Pack, cases: Sequence[Case] | None = None) -> str | None:
    """The rule in words; `cases` are the pack's rule cases if already loaded."""
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
            *_schedule1(rule.description + rule.remediation),
            *examples(rule.id, pack, cases),
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


def _schedule1(text: str) -> list[str]:
    """The Schedule 1 conditions with their titles, for the rules about dpa_schedule1."""
    if "dpa_schedule1" not in text and "Schedule 1 condition" not in text:
        return []
    from sharecheck.authoring.values import enums

    for path, values, labels in enums():
        if path.endswith("dpa_schedule1"):
            return ["", "DPA 2018 Schedule 1 conditions (dpa_schedule1):"] + [
                f"  {v:<13} {labels.get(v, '')}" for v in values if v != "unknown"
            ]
    return []


def examples(rule_id: str, pack: Pack, cases: Sequence[Case] | None = None) -> list[str]:
    """An example that fires and one that does not, from the pack's rule cases."""
    if cases is None:
        try:
            cases = load_cases(pack)
        except CaseError:
            return []  # a broken case file is for `rules test` to report, not for explain
    firing = _pick([c for c in cases if rule_id in c.fires])
    silent = _pick([c for c in cases if rule_id in c.silent and c.change] or [c for c in cases if rule_id in c.silent])
    lines: list[str] = []
    for heading, case in (("Example that fires", firing), ("Example that does not fire", silent)):
        if case is not None:
            lines += ["", f"{heading} ({case.where}):", *_describe(case)]
    return lines


def _pick(cases: Sequence[Case]) -> Case | None:
    """The most telling case: the one that says least besides this rule, then the first."""
    if not cases:
        return None
    return min(cases, key=lambda c: (len(c.fires) + len(c.silent), cases.index(c)))


def _describe(case: Case) -> list[str]:
    lines = [_wrap(case.name)]
    start = f"  starting from {case.base}" if case.base else "  a proposal"
    if not case.change:
        return [*lines, f"{start}, unchanged"]
    if "assessment_date" not in case.proposal:  # then the day of the check is the law's date
        start += f", checked on {case.as_of.isoformat()}"
    text = yaml.safe_dump(dict(case.change), sort_keys=False, default_flow_style=None, width=84, allow_unicode=True)
    return [*lines, f"{start}, with:", *(f"    {line}" for line in text.rstrip().splitlines())]
