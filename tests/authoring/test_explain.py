"""`sharecheck explain`: every rule, in words, with an example that fires and one that does not."""

from __future__ import annotations

from typing import Any

import pytest

from sharecheck.authoring.explain import explain_rule, suggestions
from sharecheck.authoring.rule_tests import load_cases
from sharecheck.packs.loader import Pack, load_pack
from sharecheck.results.builtin_rules import BUILTIN_RULES

PACK = load_pack()
CASES = load_cases(PACK)


@pytest.mark.parametrize("rule_id", [r.id for r in PACK.rules])
def test_every_rule_is_explained_with_both_examples(rule_id: str) -> None:
    text = explain_rule(rule_id, PACK, CASES)
    assert text is not None
    rule = PACK.rule(rule_id)
    assert rule is not None and rule.remediation.split()[0] in text
    fires, silent = text.index("Example that fires ("), text.index("Example that does not fire (")
    assert fires < silent
    cases = {c.where: c for c in CASES}
    fired_at = text[fires:].split("(", 1)[1].split(")", 1)[0]
    silent_at = text[silent:].split("(", 1)[1].split(")", 1)[0]
    assert rule_id in cases[fired_at].fires and rule_id in cases[silent_at].silent


def test_an_example_shows_the_change_from_its_base_proposal(pack: Pack) -> None:
    text = explain_rule("SC-RETENTION-001", pack) or ""
    assert "starting from fixtures/early-help-families.json, with:\n    remove: [/retention/period]" in text


def test_an_example_without_an_assessment_date_says_on_which_day_it_was_checked(pack: Pack) -> None:
    text = explain_rule("SC-GATEWAY-004", pack) or ""
    assert "checked on 2016-06-01" in text or "checked on 2026-06-01" in text


@pytest.mark.parametrize("rule_id", sorted(BUILTIN_RULES))
def test_built_in_rules_are_explained(rule_id: str) -> None:
    assert rule_id in (explain_rule(rule_id.lower(), PACK) or "")


@pytest.mark.parametrize(
    ("typed", "first"),
    [("SC-GATEWAY-01", "SC-GATEWAY-001"), ("sc-ident-1", "SC-IDENT-001"), ("SC-GATWAY-009", "SC-GATEWAY-009")],
)
def test_the_closest_ids_are_suggested(typed: str, first: str) -> None:
    assert explain_rule(typed, PACK) is None
    assert suggestions(typed, PACK)[0] == first


def test_an_unknown_id_exits_2_with_suggestions(cli: Any) -> None:
    result = cli("explain", "SC-RETENTON-001")
    assert result.exit_code == 2 and "Did you mean SC-RETENTION-001" in result.stderr


def test_a_broken_case_file_does_not_break_explain(tmp_path: Any) -> None:
    folder = tmp_path / "pack"
    (folder / "tests").mkdir(parents=True)
    (folder / "pack.yaml").write_text("pack: {name: local, version: '1', extends: sharecheck}\n")
    (folder / "tests" / "broken.yaml").write_text("cases: [{name: x, fires: [SC-IDENT-001], unknown_key: 1}]\n")
    text = explain_rule("SC-IDENT-001", load_pack(folder)) or ""
    assert "How to fix it" in text and "Example" not in text


@pytest.mark.parametrize(
    ("rule_id", "field"),
    [
        ("SC-GATEWAY-006", "applies_to"),
        ("SC-GATEWAY-019", "applies_to"),
        ("SC-LAWFUL-001", "recipients"),
        ("SC-LAWFUL-001", "regime: dpa_part3"),
        ("SC-SENSITIVE-006", "regime: dpa_part3"),
        ("SC-DPIA-001", "governance.approvals"),
        ("SC-CONF-003", "governance.approvals"),
        ("SC-CONF-007", "data.national_data_opt_out"),
        ("SC-GATEWAY-020", "governance.uksa_accreditation"),
    ],
)
def test_explain_names_the_optional_field_that_answers_the_rule(rule_id: str, field: str) -> None:
    text = explain_rule(rule_id, PACK, CASES)
    assert text is not None and field in " ".join(text.split())
