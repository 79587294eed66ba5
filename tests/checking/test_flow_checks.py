"""The flow map on the Result (issue 13): each flow with the gateways relied on for it and the
open findings about it, placed by what each finding is about rather than by rule id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from sharecheck.checking.pipeline import check
from sharecheck.formats import render
from sharecheck.packs.loader import Pack, load_pack
from sharecheck.results.report import Report
from tests.conftest import AS_OF, FIXTURES, ROOT


def mash() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "mash-children.json").read_text("utf-8"))
    return data


def by_pair(data: dict[str, Any], pack: Pack, engine: Any = None) -> dict[tuple[str, str], Any]:
    result = check(data, pack, engine=engine, today=AS_OF)
    return {(f.discloser, f.recipient): f for f in result.flows}


def test_each_mash_flow_names_the_gateway_relied_on_for_it_and_only_its_own_findings(pack: Pack, engine: Any) -> None:
    flows = by_pair(mash(), pack, engine)
    hub = "northshire-mash"
    assert {pair: f.gateways for pair, f in flows.items()} == {
        ("northshire-police", hub): ("ca2004_s11",),
        ("northshire-health", hub): ("ca2004_s11",),
        ("northshire-schools", hub): ("ea2002_s175",),
        ("northshire-probation", hub): ("ca2004_s11",),
        ("northshire-homes", hub): (),  # no cited gateway's applies_to names the housing association
    }
    # the hub's missing Art 10 is a blocker only on the flows that carry criminal offence data
    assert {pair: f.issues for pair, f in flows.items()} == {
        ("northshire-police", hub): ("SC-SENSITIVE-006",),
        ("northshire-health", hub): (),
        ("northshire-schools", hub): (),
        ("northshire-probation", hub): ("SC-SENSITIVE-006",),
        ("northshire-homes", hub): ("SC-LAWFUL-001",),
    }
    assert flows[("northshire-health", hub)].covered
    assert flows[("northshire-schools", hub)].warnings == ("SC-GATEWAY-011",)
    assert "no Art 10 authority" in flows[("northshire-police", hub)].bases
    assert flows[("northshire-homes", hub)].bases.startswith("Northshire Homes Housing Association: no basis recorded")


def test_a_waived_blocker_no_longer_marks_its_flow(pack: Pack) -> None:
    data = mash()
    data["waivers"] = [
        {"rule": "SC-LAWFUL-001", "reason": "basis agreed at board", "approved_by": "DPO", "expires": "2027-01-01"}
    ]
    assert by_pair(data, pack)[("northshire-homes", "northshire-mash")].issues == ()


def test_a_gateway_limited_to_other_parties_leaves_a_public_discloser_uncovered(pack: Pack) -> None:
    """SC-GATEWAY-019 is made for one flow (derived.uncovered_flows): it lands on that flow only."""
    data = mash()
    data["legal"]["gateways"][1]["applies_to"] = ["northshire-police", "northshire-mash"]
    data["legal"]["gateways"][0]["applies_to"] = ["northshire-police", "northshire-health", "northshire-mash"]
    flows = by_pair(data, pack)
    assert flows[("northshire-schools", "northshire-mash")].gateways == ()
    # schools and probation are public bodies no cited gateway is relied on for; the housing
    # association is not a public body, so it needs no gateway (and SC-GATEWAY-019 is silent)
    marked = sorted(pair[0] for pair, f in flows.items() if "SC-GATEWAY-019" in f.issues)
    assert marked == ["northshire-probation", "northshire-schools"]


def test_a_packs_own_party_rule_lands_on_the_flows_of_the_category_it_tests(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(ROOT / "rules", folder)
    (folder / "local.yaml").write_text(
        """\
rules:
  - id: NSCP-PARTY-001
    title: A partner that handles criminal offence data has signed the protocol's Part 3 annex
    severity: blocker
    category: sensitive_data
    description: Local rule.
    for_each: parties_handling
    where: {field: categories, contains: criminal_offence}
    message: "{item.party} handles criminal offence data."
    remediation: Sign the annex.
    sources: ["Northshire MASH protocol"]
""",
        "utf-8",
    )
    flows = by_pair(mash(), load_pack(folder))
    marked = sorted(pair[0] for pair, f in flows.items() if "NSCP-PARTY-001" in f.issues)
    # the hub handles criminal offence data too, but only its criminal-offence flows are marked
    assert marked == ["northshire-police", "northshire-probation"]


def test_text_shows_every_flow_for_one_file_and_only_uncovered_ones_for_several(pack: Pack) -> None:
    one = check(mash(), pack, file="mash.json", today=AS_OF)
    clean = json.loads((FIXTURES / "early-help-families.json").read_text("utf-8"))
    other = check(clean, pack, file="early-help.json", today=AS_OF)
    single = render("text", Report("0", pack.info, (one,)))
    assert "\n  flows: 5, 3 not covered\n" in single
    assert "northshire-health -> northshire-mash" in single and "bases: " in single
    assert "\x1b[" not in single
    several = render("text", Report("0", pack.info, (one, other)))
    assert "northshire-health -> northshire-mash" not in several
    assert "bases: " not in several
    assert "northshire-homes -> northshire-mash" in several
    assert "early-help.json: band likely - likely to be assessed as delivering public benefit\n" in several
    assert "\n  flows: 2, all covered\n" in several
    lines = [line for line in single.splitlines() if "-> northshire-mash" in line]
    # aligned columns: every row's status starts in the same column
    assert len({line.index("covered") - (4 if "NOT covered" in line else 0) for line in lines}) == 1
    coloured = render("text", Report("0", pack.info, (one,)), colour=True)
    assert "\x1b[31mNOT covered: SC-LAWFUL-001\x1b[0m" in coloured


def test_text_says_covered_only_where_a_gateway_is_relied_on(pack: Pack) -> None:
    data = mash()
    # the housing association (not a public body) shares under its own basis and no gateway
    basis = {"party": "northshire-homes", "art6": ["legitimate_interests"], "lia_reference": "NH-LIA-7"}
    data["legal"]["bases"].append(basis)
    result = check(data, pack, file="mash.json", today=AS_OF)
    homes = next(f for f in result.flows if f.discloser == "northshire-homes")
    assert homes.covered and homes.gateways == ()
    (line,) = [x for x in render("text", Report("0", pack.info, (result,))).splitlines() if "northshire-homes ->" in x]
    assert "none relied on" in line and line.rstrip().endswith("no blocker") and "covered" not in line
