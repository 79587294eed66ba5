"""The default pack as a whole: a complete, lawful proposal passes, and each required element
it leaves out is reported by exactly the blocker that names it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from sharecheck.authoring.rule_tests import remove_value
from sharecheck.checking.pipeline import check
from sharecheck.engines.runtime import Engine
from sharecheck.packs.loader import Pack
from sharecheck.reading import pointer as jp
from sharecheck.results.report import Severity
from tests.conftest import AS_OF, early_help

# element of the early-help fixture -> (the blocker that reports its absence, words of its message)
REQUIRED: dict[str, tuple[str, str]] = {
    "/legal/gateways": ("SC-GATEWAY-001", "No legal gateway is named"),
    "/legal/gateways/0/notes": ("SC-GATEWAY-014", "its notes in legal.gateways do not say which one"),
    "/parties/0/role": ("SC-LAWFUL-004", "Party dwp (Department for Work and Pensions) has no role"),
    "/parties/1/role": (
        "SC-LAWFUL-004",
        "Party northshire-cc (Northshire County Council (Early Help Service)) has no role",
    ),
    "/legal/bases": ("SC-LAWFUL-001", "does not give it an Article 6 lawful basis"),
    "/legal/bases/0": (
        "SC-LAWFUL-001",
        "Department for Work and Pensions (disclosing_controller) sends or receives personal data",
    ),
    "/legal/bases/1": (
        "SC-LAWFUL-001",
        "Northshire County Council (Early Help Service) (receiving_controller) sends or receives",
    ),
    "/legal/bases/0/art6": ("SC-LAWFUL-001", "does not give it an Article 6 lawful basis"),
    "/legal/bases/1/art6": ("SC-LAWFUL-001", "does not give it an Article 6 lawful basis"),
    "/legal/bases/0/art6_law": ("SC-LAWFUL-003", "Department for Work and Pensions relies on public_task but"),
    "/legal/bases/1/art6_law": ("SC-LAWFUL-003", "gives no art6_law"),
    "/purpose/category": ("SC-PURPOSE-001", "purpose.category is not given"),
    "/purpose/why_identifiable": ("SC-IDENT-001", "purpose.why_identifiable does not say why"),
    "/data/identifiability": ("SC-IDENT-007", "data.identifiability is not given"),
    "/transparency/privacy_notices": ("SC-TRANSPARENCY-001", "No privacy notice is listed"),
    "/dpia/status": ("SC-DPIA-001", "A DPIA is required"),
    "/retention/period": ("SC-RETENTION-001", "retention.period is not given"),
    "/retention/end_action": ("SC-RETENTION-002", "retention.end_action is not given"),
}


def blockers(data: dict[str, Any], pack: Pack, engine: Engine | None = None) -> dict[str, list[str]]:
    result = check(data, pack, engine=engine, today=AS_OF)
    found: dict[str, list[str]] = {}
    for finding in result.findings:
        if finding.severity is Severity.BLOCKER:
            found.setdefault(finding.rule, []).append(finding.message)
    return found


def without(pointer: str) -> dict[str, Any]:
    data = early_help()
    remove_value(data, pointer)
    return data


def test_the_complete_lawful_proposal_raises_nothing(pack: Pack, engine: Engine) -> None:
    result = check(early_help(), pack, engine=engine, today=AS_OF)
    assert result.findings == ()
    assert result.band.id == "likely"


@pytest.mark.parametrize(("pointer", "expected"), sorted(REQUIRED.items()), ids=sorted(REQUIRED))
def test_removing_a_required_element_raises_exactly_the_blocker_that_names_it(
    pack: Pack, engine: Engine, pointer: str, expected: tuple[str, str]
) -> None:
    rule, words = expected
    found = blockers(without(pointer), pack, engine)
    assert set(found) == {rule}
    assert any(words in message for message in found[rule]), found[rule]


def _member_pointers(value: Any, pointer: str = "") -> Iterator[str]:
    """Every object member of the fixture (list items are covered through REQUIRED)."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield jp.child(pointer, key)
            yield from _member_pointers(sub, jp.child(pointer, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _member_pointers(sub, jp.child(pointer, index))


def _topmost_required_within(pointer: str) -> set[str]:
    inside = [p for p in REQUIRED if p == pointer or p.startswith(pointer + "/")]
    topmost = [p for p in inside if not any(q != p and p.startswith(q + "/") for q in inside)]
    return {REQUIRED[p][0] for p in topmost}


MEMBERS = [p for p in _member_pointers(early_help()) if not p.startswith("/framework/answers/")]


@pytest.mark.parametrize("pointer", MEMBERS)
def test_removing_any_element_blocks_only_for_the_required_elements_it_holds(pack: Pack, pointer: str) -> None:
    """A proposal that omits an optional element is never blocked for it; one that omits a
    section holding required elements is blocked once for each of them (or, where the schema
    requires the element, by the schema finding alone)."""
    found = set(blockers(without(pointer), pack))
    expected = _topmost_required_within(pointer)
    if pointer in ("/framework", "/framework/answers"):
        # the fixture is submitted, and a submitted proposal needs a complete self-assessment
        # (issue 15: the submission gate, SC-GATE-003); a draft would not be blocked
        expected = expected | {"SC-GATE-003"}
    assert found in ({"SC-INPUT-002"}, expected), found


def test_each_element_is_removed_from_the_clean_fixture_only() -> None:
    for pointer in REQUIRED:
        data = early_help()
        before = copy.deepcopy(data)
        remove_value(data, pointer)
        assert data != before
