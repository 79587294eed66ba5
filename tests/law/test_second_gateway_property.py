"""Citing a correct second power never makes the result worse (issue 11).

A multi-agency share relies on several powers; a reviewer who adds one more that is right for
the parties it is relied on for must not see a new finding anywhere. "Correct" is judged by the
checker itself: the added citation raises no finding at its own place.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sharecheck.checking.pipeline import check
from sharecheck.packs.loader import load_pack

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
AS_OF = dt.date(2026, 6, 1)
PACK = load_pack()
CATALOGUE_IDS = sorted(g.id for g in PACK.gateways.gateways)
WITH_GATEWAYS = sorted(
    p.name for p in FIXTURES.glob("*.json") if json.loads(p.read_text("utf-8")).get("legal", {}).get("gateways")
)


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text("utf-8"))
    return data


def _keys(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in check(data, PACK, today=AS_OF).findings}


def _with(data: dict[str, Any], gateway: str, applies_to: list[str] | None) -> tuple[dict[str, Any], str]:
    more = copy.deepcopy(data)
    citation: dict[str, Any] = {"id": gateway}
    if applies_to is not None:
        citation["applies_to"] = applies_to
    more["legal"]["gateways"].append(citation)
    return more, f"/legal/gateways/{len(more['legal']['gateways']) - 1}"


def _is_correct(keys: set[tuple[str, str]], at: str) -> bool:
    return not any(path == at or path.startswith(at + "/") for _, path in keys)


@st.composite
def second_gateway(draw: st.DrawFn) -> tuple[dict[str, Any], str, list[str] | None]:
    data = _load(draw(st.sampled_from(WITH_GATEWAYS)))
    ids = [p["id"] for p in data["parties"]]
    applies_to = draw(
        st.none() | st.lists(st.sampled_from(ids), min_size=min(2, len(ids)), max_size=len(ids), unique=True)
    )
    return data, draw(st.sampled_from(CATALOGUE_IDS)), applies_to


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(second_gateway())
def test_adding_a_correct_second_gateway_never_adds_a_finding(
    case: tuple[dict[str, Any], str, list[str] | None],
) -> None:
    data, gateway, applies_to = case
    more, at = _with(data, gateway, applies_to)
    after = _keys(more)
    assume(_is_correct(after, at))
    assert after <= _keys(data), sorted(after - _keys(data))


def test_the_property_is_not_vacuous() -> None:
    """At least one fixture has a correct second power to add, and adding it keeps its findings."""

    found = 0
    for name in WITH_GATEWAYS[:2]:
        data = _load(name)
        before = _keys(data)
        for gateway in CATALOGUE_IDS:
            more, at = _with(data, gateway, None)
            after = _keys(more)
            if _is_correct(after, at):
                found += 1
                assert after <= before, (name, gateway, sorted(after - before))
    assert found > 0
