"""Schema errors become `input` findings a governance officer can act on."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sharecheck.reading.schema_validation import validate
from sharecheck.reading.strict_json import parse
from tests.conftest import minimal_proposal


def problems(data: dict[str, Any]) -> list[tuple[str, str, int | None, int | None]]:
    doc = parse(json.dumps(data, indent=2).encode())
    return [(f.path, f.message, f.line, f.column) for f in validate(doc)]


def one(data: dict[str, Any]) -> tuple[str, str, int | None, int | None]:
    found = problems(data)
    assert len(found) == 1, found
    return found[0]


def test_minimal_proposal_is_valid() -> None:
    assert problems(minimal_proposal()) == []


def test_wrong_enum_names_field_choices_and_value() -> None:
    data = minimal_proposal()
    data["data"]["identifiability"] = "pseudonymous"
    path, message, line, column = one(data)
    assert path == "/data/identifiability"
    assert message == (
        "`data.identifiability` must be one of personally_identifiable, de_personalised, anonymous, unknown; "
        "got the text 'pseudonymous'; did you mean `de_personalised`?"
    )
    assert line is not None and column is not None


def test_near_miss_enum_gets_a_hint() -> None:
    data = minimal_proposal()
    data["data"]["identifiability"] = "de-personalised"
    assert "did you mean `de_personalised`?" in one(data)[1]


def test_unknown_key_close_to_a_known_one_gets_did_you_mean_and_points_at_the_key() -> None:
    data = minimal_proposal()
    data["legal_gatway"] = {}
    path, message, line, column = one(data)
    assert path == "/legal_gatway"
    assert message == "unknown key `legal_gatway` in the proposal; did you mean `legal`?"
    text = json.dumps(data, indent=2).splitlines()
    assert text[line - 1][column - 1 :].startswith('"legal_gatway"')  # type: ignore[operator]


def test_unknown_key_far_from_any_says_how_to_add_your_own() -> None:
    data = minimal_proposal()
    data["purpose"]["zzz"] = "x"
    assert "keys of your own must start with x-" in one(data)[1]


def test_x_keys_are_free_everywhere() -> None:
    data = minimal_proposal()
    data["x-notes"] = "ours"
    data["purpose"]["x-board-ref"] = {"anything": [1, 2]}
    data["data"]["datasets"][0]["fields"][0]["x-system"] = "Mosaic"
    assert problems(data) == []


def test_string_where_a_number_belongs() -> None:
    data = minimal_proposal()
    data["data"]["volume_records"] = "12000"
    assert one(data)[1] == "`data.volume_records` must be a whole number; got the text '12000'"


def test_missing_required_field_points_at_its_parent() -> None:
    data = minimal_proposal()
    del data["purpose"]["statement"]
    path, message, _, _ = one(data)
    assert (path, message) == ("/purpose", "`purpose.statement` is required")


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda d: d.update(id="Has Spaces"), "lowercase slug"),
        (lambda d: d.update(assessment_date="2026-02-30"), "must be a real date"),
        (lambda d: d.update(assessment_date="1 June 2026"), "YYYY-MM-DD"),
        (lambda d: d.update(schema_version="sharecheck.proposal/2"), 'must be "sharecheck.proposal/1"'),
        (lambda d: d.update(parties=[]), "needs at least 1 entry"),
        (lambda d: d["data"].update(population=-1), "must be at least 0"),
        (lambda d: d.update(jurisdiction=["england", "england"]), "same value more than once"),
        (lambda d: d.update(retention={"period": "2 years"}), "ISO 8601 duration"),
        (lambda d: d.update(international_transfer={"countries": ["ireland"]}), "alpha-2"),
        (lambda d: d.update(status="unknown"), "must be one of draft"),  # strict enum
        (lambda d: d["parties"][0].update(role="controller"), "must be one of disclosing_controller"),
        (lambda d: d.update(legal={"gateways": [{"notes": "x"}]}), "or a `statute` and `section`"),
        (lambda d: d.update(framework={"answers": {"q01": {"score": 6}}}), "whole number from 1"),
        (lambda d: d.update(framework={"answers": {"q19": {"score": 3}}}), "unknown key `q19`"),
        (lambda d: d["data"].update(confidential="yes"), "must be true or false"),
        (lambda d: d.update(title=None), "got null"),
    ],
)
def test_each_kind_of_schema_error_reads_well(mutate: Any, words: str) -> None:
    data = minimal_proposal()
    mutate(data)
    found = problems(data)
    assert found, "expected a schema error"
    assert any(words in message for _, message, _, _ in found), found


def test_several_errors_are_all_reported_in_a_stable_order() -> None:
    data = minimal_proposal()
    data["data"]["identifiability"] = "pseudonymous"
    data["data"]["volume_records"] = "many"
    data["purpose"]["categroy"] = "research"
    paths = [p for p, *_ in problems(data)]
    assert paths == sorted(paths) and len(paths) == 3
