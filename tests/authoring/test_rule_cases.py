"""Every rule case of the default pack, through both engines (DESIGN: one parametrised runner)."""

from __future__ import annotations

import pytest

from sharecheck.authoring.rule_tests import Case, coverage, load_cases, run_case
from sharecheck.packs.loader import load_pack

PACK = load_pack()
CASES = load_cases(PACK)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file.rsplit('/', 1)[-1]}:{c.line} {c.name}" for c in CASES])
def test_rule_case(case: Case) -> None:
    outcome = run_case(case, PACK)
    assert outcome.passed, (
        f"{case.file}:{case.line} {case.name}: {'; '.join(outcome.failures)} (fired: {outcome.fired})"
    )


def test_every_rule_fires_in_one_case_and_stays_silent_in_another() -> None:
    outcomes = [run_case(case, PACK) for case in CASES]
    _, uncovered = coverage(PACK, outcomes)
    assert uncovered == [], f"rules without a firing and a silent case: {uncovered}"
