"""The editor's view of a proposal, in-process: quick-fix targets and waiver skeletons."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sharecheck.lsp import proposals
from sharecheck.packs.loader import Pack, load_pack
from tests.lsp.test_server import FIXTURES

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack()


def _proposal(**changes: object) -> dict[str, object]:
    data = json.loads((FIXTURES / "early-help-families.json").read_text("utf-8"))
    data.update(changes)
    return data


def test_an_unknown_gateway_id_is_replaced_by_the_closest_catalogue_id(pack: Pack) -> None:
    data = _proposal()
    data["legal"]["gateways"][0]["id"] = "dea2017_s35_pds"  # type: ignore[index]
    text = json.dumps(data, indent=2)
    analysis = proposals.analyse(text, pack, file="x.json", today=TODAY)
    (located,) = [loc for loc in analysis.located if loc.finding.rule == "SC-GATEWAY-002"]
    assert located.suggestions[0] == "dea2017_s35_psd"  # the closest first: the preferred fix
    assert located.target is not None
    assert text[located.target[0] : located.target[1]] == '"dea2017_s35_pds"'


@pytest.mark.parametrize("waivers", [None, [], [{"rule": "SC-CONSENT-001", "reason": "r", "approved_by": "a"}]])
def test_a_waiver_skeleton_makes_valid_json_with_one_more_waiver(pack: Pack, waivers: list[object] | None) -> None:
    data = _proposal() if waivers is None else _proposal(waivers=waivers)
    text = json.dumps(data, indent=2)
    analysis = proposals.analyse(text, pack, file="x.json", today=TODAY)
    insert = proposals.waiver_insert(analysis, "SC-PURPOSE-004", TODAY)
    assert insert is not None
    offset, new = insert
    edited = json.loads(text[:offset] + new + text[offset:])
    assert edited["waivers"][-1] == {"rule": "SC-PURPOSE-004", "reason": "", "approved_by": "", "expires": "2026-08-30"}
    assert len(edited["waivers"]) == len(waivers or []) + 1


def test_only_files_that_declare_the_format_are_proposals() -> None:
    assert proposals.is_proposal('{\n  "schema_version": "sharecheck.proposal/1"\n}')
    assert not proposals.is_proposal('{"name": "package.json", "version": "1.0.0"}')
