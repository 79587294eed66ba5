"""Fingerprints name a finding by rule, proposal and subject: never its line or array index."""

from __future__ import annotations

import copy
import json
from typing import Any

from sharecheck.checking.pipeline import check
from sharecheck.packs.loader import Pack
from sharecheck.results.fingerprint import fingerprint, subject
from tests.conftest import AS_OF, FIXTURES


def residents() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "residents-index.json").read_text("utf-8"))
    return data


def test_subject_replaces_indices_by_identity() -> None:
    data = residents()
    dataset = data["data"]["datasets"][0]
    field = dataset["fields"][3]
    expected = f"/data/datasets[name={dataset['name']}]/fields[name={field['name']}]"
    assert subject("/data/datasets/0/fields/3", data) == expected


def test_subject_of_a_scalar_list_item_is_its_value_and_a_missing_path_is_kept() -> None:
    data = {"outputs": {"types": ["aggregate", "dashboard"]}}
    assert subject("/outputs/types/1", data) == '/outputs/types[="dashboard"]'
    assert subject("/outputs/min_cell_count", data) == "/outputs/min_cell_count"
    assert subject("", data) == ""


def test_an_item_without_an_identity_key_is_named_by_its_content_not_its_place() -> None:
    first = {"purpose": {"objectives": [{"text": "a"}, {"text": "b"}]}}
    moved = {"purpose": {"objectives": [{"text": "new"}, {"text": "a"}, {"text": "b"}]}}
    assert subject("/purpose/objectives/1", first) == subject("/purpose/objectives/2", moved)


def test_a_field_finding_keeps_its_fingerprint_when_a_field_is_inserted_before_it(pack: Pack) -> None:
    before = check(residents(), pack, today=AS_OF)
    edited = residents()
    new_field = copy.deepcopy(edited["data"]["datasets"][0]["fields"][0])
    new_field["name"] = "council_tax_band"
    edited["data"]["datasets"][0]["fields"].insert(0, new_field)
    after = check(edited, pack, today=AS_OF)
    old = {(f.rule, f.path): f.fingerprint for f in before.findings if f.path.startswith("/data/datasets/0/fields/")}
    assert old, "the fixture has field findings in its first dataset"
    moved = {(f.rule, f.path): f.fingerprint for f in after.findings}
    for (rule, path), mark in old.items():
        index = int(path.rsplit("/", 1)[1])
        assert moved[(rule, f"/data/datasets/0/fields/{index + 1}")] == mark


def test_fingerprints_differ_by_rule_proposal_and_subject() -> None:
    base = fingerprint("SC-OUTPUTS-001", "P-1", "/outputs/min_cell_count")
    assert len(base) == 32
    assert base != fingerprint("SC-OUTPUTS-002", "P-1", "/outputs/min_cell_count")
    assert base != fingerprint("SC-OUTPUTS-001", "P-2", "/outputs/min_cell_count")
    assert base != fingerprint("SC-OUTPUTS-001", "P-1", "/outputs")
    assert base == fingerprint("SC-OUTPUTS-001", "P-1", "/outputs/min_cell_count")


def test_a_derived_item_without_a_pointer_is_named_by_its_content_not_its_index() -> None:
    flows = [{"from": "council", "to": "dwp"}, {"from": "dwp", "to": "council"}]
    source = {"derived": {"flows": flows}}
    reordered = {"derived": {"flows": list(reversed(flows))}}
    assert subject("/derived/flows/0", source) == subject("/derived/flows/1", reordered)
    assert subject("/derived/flows/0", source) != subject("/derived/flows/1", source)
