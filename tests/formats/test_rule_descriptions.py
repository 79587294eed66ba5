"""The rules a report speaks of: pack rules in order, built-in rules that fired, then the rest."""

from __future__ import annotations

import dataclasses

from sharecheck.formats.rule_descriptions import entries_for, waiver_text
from sharecheck.packs.loader import Pack
from sharecheck.results.builtin_rules import BUILTIN_RULES
from sharecheck.results.report import Finding, Severity, Waiver


def finding(rule: str, severity: Severity = Severity.WARNING) -> Finding:
    return Finding(rule, severity, "input", f"{rule} fired", "/waivers/0", 1, 1, "Fix it.", ("SPEC §4",))


def test_pack_rules_then_fired_builtins_then_undescribed_rules(pack: Pack) -> None:
    entries = entries_for([finding("ORG-PRIVACY-001"), finding("SC-WAIVER-003"), finding("SC-IDENT-001")], pack.rules)
    assert [e.id for e in entries] == [r.id for r in pack.rules] + ["ORG-PRIVACY-001", "SC-WAIVER-003"]
    by_id = {e.id: e for e in entries}
    assert by_id["SC-WAIVER-003"].builtin and by_id["SC-WAIVER-003"].title == BUILTIN_RULES["SC-WAIVER-003"].title
    assert not by_id["SC-GATEWAY-001"].waivable and not by_id["SC-GATEWAY-001"].builtin
    undescribed = by_id["ORG-PRIVACY-001"]
    assert (undescribed.remediation, undescribed.sources) == ("Fix it.", ("SPEC §4",))


def test_help_uri_is_the_first_web_address_among_the_sources(pack: Pack) -> None:
    rule = pack.rules[0]
    cited = dataclasses.replace(
        rule,
        sources=("UK GDPR Art 6", "ICO code (https://ico.org.uk/for-organisations/data-sharing/), 2021."),
    )
    (entry,) = entries_for([], [cited])
    assert entry.help_uri == "https://ico.org.uk/for-organisations/data-sharing/"
    (plain,) = entries_for([], [dataclasses.replace(rule, sources=("UK GDPR Art 6",))])
    assert plain.help_uri is None


def test_waiver_text_says_who_why_and_until_when() -> None:
    waived = dataclasses.replace(
        finding("SC-IDENT-001"), waiver=Waiver("SC-IDENT-001", "Board minute 14/2026", "SIRO", "2026-12-31", "/w/0")
    )
    assert waiver_text(waived) == "waived by SIRO until 2026-12-31: Board minute 14/2026"
    open_ended = dataclasses.replace(waived, waiver=Waiver("SC-IDENT-001", "DPIA ref 7", "DPO", None, "/w/0"))
    assert waiver_text(open_ended) == "waived by DPO until no expiry: DPIA ref 7"
    assert waiver_text(finding("SC-IDENT-001")) == ""
