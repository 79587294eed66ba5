"""Findings sharecheck raises itself, outside any rule pack: unreadable input and waivers.

They have ids, titles and sources like pack rules so that `explain`, the rule docs and SARIF
treat every finding alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from sharecheck.results.report import Severity


@dataclass(frozen=True)
class BuiltinRule:
    id: str
    title: str
    severity: Severity
    category: str
    description: str
    remediation: str
    sources: tuple[str, ...]


_FORMAT = "sharecheck proposal format (SPEC §1; `sharecheck schema proposal`)"
_WAIVERS = "sharecheck waivers (SPEC §4)"

BUILTIN_RULES: dict[str, BuiltinRule] = {
    r.id: r
    for r in (
        BuiltinRule(
            "SC-INPUT-001",
            "The file can be read as a proposal",
            Severity.BLOCKER,
            "input",
            "The file is UTF-8 JSON, within the size and nesting limits, with no duplicate keys, "
            "no NaN or Infinity, and an object at the top level.",
            "Fix the file so it is a UTF-8 JSON object; `sharecheck init` writes a valid starter.",
            (_FORMAT, "RFC 8259 (JSON)"),
        ),
        BuiltinRule(
            "SC-INPUT-002",
            "The proposal matches the proposal format",
            Severity.BLOCKER,
            "input",
            "Every key is known (or starts with x-), every value has the right type, every enum "
            "value is one the format lists. Rules run only on a valid proposal.",
            "Correct the value so the proposal matches the sharecheck.proposal/1 format.",
            (_FORMAT,),
        ),
        BuiltinRule(
            "SC-INPUT-003",
            "Every dataset source and recipient is a party",
            Severity.BLOCKER,
            "input",
            "A dataset's `source` and each of its `recipients` name a party by its `id`; the flows of "
            "data, and so every party's obligations, are read from them. Rules run only once they do.",
            "Use the `id` of a party listed under `parties`, or add the missing party.",
            (_FORMAT,),
        ),
        BuiltinRule(
            "SC-WAIVER-001",
            "A waiver has expired",
            Severity.WARNING,
            "input",
            "A waiver whose `expires` date has passed no longer waives its finding.",
            "Renew the waiver with a new approval and expiry date, or fix what the finding reports.",
            (_WAIVERS,),
        ),
        BuiltinRule(
            "SC-WAIVER-002",
            "A waiver lacks a reason or an approver",
            Severity.WARNING,
            "input",
            "A waiver must say why and who approved it; without both it waives nothing.",
            "Add `reason` and `approved_by` to the waiver.",
            (_WAIVERS,),
        ),
        BuiltinRule(
            "SC-WAIVER-003",
            "A waiver names a rule that did not fire",
            Severity.WARNING,
            "input",
            "A waiver for a rule that raised no finding (or does not exist) is stale or misspelt.",
            "Remove the waiver, or correct the rule id it names.",
            (_WAIVERS,),
        ),
        BuiltinRule(
            "SC-WAIVER-004",
            "A waiver names a rule that cannot be waived",
            Severity.WARNING,
            "input",
            "The rule pack marks some rules as not waivable (in ours, the legal gateway rule).",
            "Remove the waiver and resolve the finding itself.",
            (_WAIVERS,),
        ),
    )
}
