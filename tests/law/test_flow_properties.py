"""Properties of per-party obligations over flows (issue 13).

Narrowing who receives a dataset can only take findings away from the parties that no longer
handle it; adding a recipient of special-category data with no Art 9 condition adds exactly the
Art 9 finding for it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sharecheck.checking.pipeline import check
from sharecheck.law.flows import RECEIVING_ROLES, handling_of
from sharecheck.packs.loader import load_pack
from tests.conftest import examples

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
AS_OF = dt.date(2026, 6, 1)
PER_PARTY = {"SC-LAWFUL-001", "SC-SENSITIVE-001", "SC-SENSITIVE-006"}
MULTI_PARTY = ["integrated-offender-management.json", "integrated-care-record.json", "safeguarding-adults-board.json"]


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text("utf-8"))
    return data


PACK = load_pack()


def _keys(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in check(data, PACK, today=AS_OF).findings}


def _default_recipients(data: dict[str, Any], source: str) -> list[str]:
    others = [p["id"] for p in data["parties"] if p["id"] != source]
    receivers = [p["id"] for p in data["parties"] if p["id"] != source and p.get("role") in RECEIVING_ROLES]
    return receivers or others


@st.composite
def narrowed(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A multi-party fixture with every dataset sent to all its default recipients, and the same
    with some datasets sent to a non-empty subset of them."""
    wide = _load(draw(st.sampled_from(MULTI_PARTY)))
    for dataset in wide["data"]["datasets"]:
        dataset["recipients"] = _default_recipients(wide, dataset["source"])
    narrow = copy.deepcopy(wide)
    for dataset in narrow["data"]["datasets"]:
        everyone = dataset["recipients"]
        keep = draw(st.lists(st.sampled_from(everyone), min_size=1, max_size=len(everyone), unique=True))
        dataset["recipients"] = [r for r in everyone if r in keep]
    return wide, narrow


@settings(max_examples=examples(25), deadline=None)
@given(pair=narrowed())
def test_narrowing_recipients_never_adds_a_per_party_finding(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    wide, narrow = pair
    before = {k for k in _keys(wide) if k[0] in PER_PARTY}
    after = {k for k in _keys(narrow) if k[0] in PER_PARTY}
    assert after <= before
    # a party that handles nothing any more has no per-party finding at all
    idle = {h.index for h in handling_of(narrow) if not h.handles}
    assert not any(path == f"/parties/{i}" for i in idle for _, path in after)


def _special_only(data: dict[str, Any]) -> list[int]:
    """Datasets with special-category fields and no criminal offence fields."""
    return [
        i
        for i, d in enumerate(data["data"]["datasets"])
        if any(f.get("special_category") not in (None, "none", "unknown") for f in d["fields"])
        and not any(f.get("criminal_offence") is True for f in d["fields"])
    ]


@settings(max_examples=examples(15), deadline=None)
@given(
    name=st.sampled_from(["mash-children.json", "safeguarding-adults-board.json"]),
    pick=st.integers(min_value=0, max_value=10),
    org_type=st.sampled_from(["youth_offending_team", "local_authority", "nhs_trust"]),
)
def test_a_new_recipient_of_special_category_data_without_art9_adds_exactly_that_finding(
    name: str, pick: int, org_type: str
) -> None:
    data = _load(name)
    for dataset in data["data"]["datasets"]:
        dataset.setdefault("recipients", _default_recipients(data, dataset["source"]))
    before = _keys(data)
    candidates = _special_only(data)
    index = candidates[pick % len(candidates)]
    data["parties"].append(
        {
            "id": "area-youth-justice",
            "name": "Area Youth Justice Service",
            "org_type": org_type,
            "sector": "public",
            "role": "receiving_controller",
        }
    )
    data["legal"]["bases"].append(
        {"party": "area-youth-justice", "art6": ["public_task"], "art6_law": "Crime and Disorder Act 1998 s39"}
    )
    data["data"]["datasets"][index]["recipients"].append("area-youth-justice")
    # gateway coverage of the new flow is judged by the gateway rules (issue 11): a new recipient
    # the cited gateway does not name (a youth justice service under Care Act s45) is a true finding
    added = {k for k in _keys(data) - before if not k[0].startswith("SC-GATEWAY-")}
    assert added == {("SC-SENSITIVE-001", f"/legal/bases/{len(data['legal']['bases']) - 1}")}
