"""Flows and per-party handling derived from datasets' `source` and `recipients`."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from sharecheck.checking.pipeline import check
from sharecheck.law.flows import Flow, flows_of, handling_of, unknown_parties
from sharecheck.packs.loader import Pack

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _mash() -> dict[str, Any]:
    """A MASH: police, health and schools each send their own checks to the hub."""
    return {
        "parties": [
            {"id": "northshire-mash", "role": "receiving_controller", "org_type": "local_authority"},
            {"id": "northshire-police", "role": "disclosing_controller", "org_type": "police"},
            {"id": "northshire-health", "role": "disclosing_controller", "org_type": "nhs_trust"},
            {"id": "northshire-schools", "role": "disclosing_controller", "org_type": "school"},
        ],
        "data": {
            "identifiability": "personally_identifiable",
            "datasets": [
                {
                    "name": "Police checks",
                    "source": "northshire-police",
                    "recipients": ["northshire-mash"],
                    "fields": [{"name": "offences", "criminal_offence": True}],
                },
                {
                    "name": "Health checks",
                    "source": "northshire-health",
                    "recipients": ["northshire-mash"],
                    "fields": [{"name": "diagnoses", "special_category": "health"}],
                },
                {
                    "name": "School checks",
                    "source": "northshire-schools",
                    "fields": [{"name": "attendance"}],
                },
            ],
        },
    }


def test_each_partner_sends_only_its_own_checks_to_the_hub() -> None:
    flows = flows_of(_mash())
    assert [(f.discloser, f.recipient, f.datasets) for f in flows] == [
        ("northshire-police", "northshire-mash", ("Police checks",)),
        ("northshire-health", "northshire-mash", ("Health checks",)),
        ("northshire-schools", "northshire-mash", ("School checks",)),
    ]
    assert flows[0].categories == ("criminal_offence",)
    assert flows[1].categories == ("special_category",) and flows[1].special_categories == ("health",)
    assert flows[2].categories == () and flows[2].personal


def test_handling_says_what_each_party_sends_and_receives() -> None:
    handling = {h.party: h for h in handling_of(_mash())}
    assert handling["northshire-mash"].receives == ("Police checks", "Health checks", "School checks")
    assert handling["northshire-mash"].categories == ("criminal_offence", "special_category")
    assert handling["northshire-health"].categories == ("special_category",)
    assert handling["northshire-schools"].categories == () and handling["northshire-schools"].handles


def test_without_recipients_every_receiving_party_but_the_source_receives() -> None:
    record = json.loads((FIXTURES / "integrated-care-record.json").read_text("utf-8"))
    flows = flows_of(record)
    parties = [p["id"] for p in record["parties"]]
    expected = {(d["source"], r) for d in record["data"]["datasets"] for r in parties if r != d["source"]}
    assert {(f.discloser, f.recipient) for f in flows} == expected


def test_without_a_source_the_disclosing_parties_disclose() -> None:
    data = _mash()
    del data["data"]["datasets"][2]["source"]
    senders = {f.discloser for f in flows_of(data) if "School checks" in f.datasets}
    assert senders == {"northshire-police", "northshire-health", "northshire-schools"}


def test_a_dataset_identifiability_overrides_the_proposal_s() -> None:
    data = {
        "parties": [
            {"id": "nhs-trust", "role": "disclosing_controller"},
            {"id": "accredited-processor", "role": "processor"},
            {"id": "university-researchers", "role": "receiving_controller"},
        ],
        "data": {
            "identifiability": "de_personalised",
            "datasets": [
                {
                    "name": "Admissions (identifiable, for de-identification)",
                    "source": "nhs-trust",
                    "recipients": ["accredited-processor"],
                    "identifiability": "personally_identifiable",
                    "fields": [{"name": "nhs_number", "identifier": "direct"}],
                },
                {
                    "name": "Pseudonymised admissions",
                    "source": "accredited-processor",
                    "recipients": ["university-researchers"],
                    "fields": [{"name": "pseudo_id", "identifier": "indirect"}],
                },
            ],
        },
    }
    levels = {(f.discloser, f.recipient): f.identifiability for f in flows_of(data)}
    assert levels == {
        ("nhs-trust", "accredited-processor"): "personally_identifiable",
        ("accredited-processor", "university-researchers"): "de_personalised",
    }
    handling = {h.party: h.identifiability for h in handling_of(data)}
    assert handling["university-researchers"] == "de_personalised"
    assert handling["accredited-processor"] == "personally_identifiable"


def test_a_party_on_no_flow_handles_nothing() -> None:
    data = _mash()
    data["parties"].append({"id": "northshire-housing", "role": "receiving_controller"})
    for dataset in data["data"]["datasets"]:
        dataset["recipients"] = ["northshire-mash"]
    housing = next(h for h in handling_of(data) if h.party == "northshire-housing")
    assert not housing.handles and housing.identifiability is None and not housing.personal


def test_flows_are_frozen_values() -> None:
    flow = flows_of(_mash())[0]
    assert isinstance(flow, Flow) and hash(flow) == hash(copy.deepcopy(flow))


def test_a_recipient_that_is_not_a_party_is_named_with_a_suggestion() -> None:
    data = _mash()
    data["data"]["datasets"][2]["recipients"] = ["northshire-mash", "northshire-mash-hub"]
    data["data"]["datasets"][0]["source"] = "northshire-polce"
    found = unknown_parties(data)
    assert [(u.pointer, u.value, u.suggestion) for u in found] == [
        ("/data/datasets/0/source", "northshire-polce", "northshire-police"),
        ("/data/datasets/2/recipients/1", "northshire-mash-hub", "northshire-mash"),
    ]


def test_the_check_blocks_on_an_unknown_recipient_at_its_pointer(pack: Pack) -> None:
    data = json.loads((FIXTURES / "integrated-care-record.json").read_text("utf-8"))
    data["data"]["datasets"][2]["recipients"] = ["westshire-gp-practices", "westshire-acute-trst"]
    result = check(data, pack)
    assert [(f.rule, f.path) for f in result.findings] == [("SC-INPUT-003", "/data/datasets/2/recipients/1")]
    assert "did you mean `westshire-acute-trust`?" in result.findings[0].message
    assert result.band.id == "not_assessed"
