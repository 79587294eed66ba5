"""The fast path (orjson + jsonschema-rs, a lazy source map) against the strict path.

The fast path may only decide *who* reads and validates a file; every report must be the same,
byte for byte. So every fixture, every hostile input the strict reader refuses, and a Hypothesis
sample of mutated and schema-shaped proposals go through both, and their JSON reports must match.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharecheck.checking.pipeline import check_bytes
from sharecheck.formats.json_format import render
from sharecheck.packs.loader import Pack, load_pack
from sharecheck.reading import fast_json, strict_json
from sharecheck.reading import pointer as jp
from sharecheck.reading.schema_validation import fast_validator, validator
from sharecheck.results.report import Report
from tests.conftest import AS_OF, FIXTURES, early_help, examples, minimal_proposal

PACK = load_pack()
FIXTURE_FILES = sorted(FIXTURES.rglob("*.json"))
FIXTURE_BYTES = [p.read_bytes() for p in FIXTURE_FILES]
EARLY_HELP = json.dumps(early_help(), indent=2).encode()

# Inputs the strict reader refuses or treats specially, each of which must leave the fast path.
HOSTILE: dict[str, bytes] = {
    "duplicate key": b'{"id": "a", "id": "b"}',
    "duplicate key, spaced colon": b'{"id" : "a", "title": "x", "id": "b"}',
    "nested duplicate key": b'{"data": {"a": 1, "a": 2}}',
    "NaN": b'{"data": {"volume_records": NaN}}',
    "Infinity": b'{"n": -Infinity}',
    "overflowing float": b'{"data": {"volume_records": 1e400}}',
    "deep nesting": b'{"a": ' + b"[" * 70 + b"]" * 70 + b"}",
    "BOM": b"\xef\xbb\xbf" + EARLY_HELP,
    "not UTF-8": b'{"title": "caf\xe9"}',
    "NUL escape": b'{\n  "title": "a\\u0000b"\n}',
    "NUL in a key": b'{\n  "x\\u0000": 1\n}',
    "lone surrogate": b'{\n  "title": "ok \\ud800 bad"\n}',
    "surrogate pair": b'{"title": "\\ud83d\\ude00"}',
    "integer beyond 64 bits": b'{"data": {"volume_records": 99999999999999999999999}}',
    "integer of 5000 digits": b'{"n": ' + b"9" * 5000 + b"}",
    "top-level list": b"[1, 2]",
    "top-level string": b'"proposal"',
    "empty": b"",
    "whitespace only": b"  \n ",
    "truncated": EARLY_HELP[: len(EARLY_HELP) // 2],
    "trailing comma": b'{"a": 1,}',
    "missing comma": b'{"a": 1 "b": 2}',
    "raw control character": b'{"a": "x\ty"}',
    "extra data": b'{"a": 1} x',
    "unbalanced": b'{"a": 1}}',
    "comment": b'{"a": 1 /* no */}',
    "string holding a key-like colon": json.dumps({**early_help(), "x-note": 'he said "a": b'}).encode(),
    "escaped non-ASCII": json.dumps(early_help(), ensure_ascii=True).encode(),
    "minimal, compact": json.dumps(minimal_proposal(), separators=(",", ":")).encode(),
}


def report_of(raw: bytes, *, fast: bool, pack: Pack = PACK) -> str:
    result = check_bytes(raw, pack, file="proposal.json", today=AS_OF, fast=fast)
    return render(Report("test", pack.info, (result,)))


def assert_same_report(raw: bytes) -> None:
    assert report_of(raw, fast=True) == report_of(raw, fast=False)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[str(p.relative_to(FIXTURES)) for p in FIXTURE_FILES])
def test_every_fixture_gives_the_same_report_on_both_paths(path: Any) -> None:
    assert_same_report(path.read_bytes())


@pytest.mark.parametrize("raw", HOSTILE.values(), ids=HOSTILE.keys())
def test_every_hostile_input_gives_the_same_report_on_both_paths(raw: bytes) -> None:
    assert_same_report(raw)


@pytest.mark.parametrize(
    "name",
    [k for k in HOSTILE if k not in {"escaped non-ASCII", "minimal, compact", "string holding a key-like colon"}],
)
def test_what_the_strict_reader_could_refuse_never_takes_the_fast_path(name: str) -> None:
    assert fast_json.parse_ordinary(HOSTILE[name]) is None


def test_an_ordinary_proposal_takes_the_fast_path_with_the_same_data_and_digest() -> None:
    fast = fast_json.parse_ordinary(EARLY_HELP)
    strict = strict_json.parse(EARLY_HELP)
    assert fast is not None
    assert (fast.data, fast.sha256) == (strict.data, strict.sha256)


def test_too_many_values_leaves_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = json.dumps(minimal_proposal()).encode()
    monkeypatch.setattr(strict_json, "MAX_VALUES", 10)
    assert fast_json.parse_ordinary(raw) is None
    assert report_of(raw, fast=True) == report_of(raw, fast=False)


def test_the_lazy_source_map_places_every_pointer_where_the_strict_reader_does() -> None:
    for raw in FIXTURE_BYTES:
        fast = fast_json.parse_ordinary(raw)
        if fast is None:
            continue
        strict = strict_json.parse(raw).source_map
        for pointer in [*strict.values, *strict.keys, "/no/such/place"]:
            for prefer_key in (False, True):
                assert fast.source_map.locate(pointer, prefer_key=prefer_key) == strict.locate(
                    pointer, prefer_key=prefer_key
                )


def test_a_valid_proposal_never_decodes_its_text_for_positions() -> None:
    raw = (FIXTURES / "early-help-families.json").read_bytes()
    document = fast_json.parse_ordinary(raw)
    assert document is not None
    from sharecheck.reading.schema_validation import validate

    assert validate(document) == ()
    assert document.source_map._text is None  # type: ignore[attr-defined]


FAST = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


def pointers(data: Any, here: str = "") -> list[str]:
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += pointers(value, jp.child(here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += pointers(value, jp.child(here, index))
    return found


def replace_at(data: Any, pointer: str, value: Any) -> Any:
    if pointer == "":
        return value
    tokens = jp.split(pointer)
    parent = data
    for token in tokens[:-1]:
        parent = parent[int(token)] if isinstance(parent, list) else parent[token]
    last = tokens[-1]
    parent[int(last) if isinstance(parent, list) else last] = value
    return data


@FAST
@given(st.sampled_from(FIXTURE_BYTES), st.data())
def test_mutated_fixtures_give_the_same_report_on_both_paths(raw: bytes, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, max(len(raw) - 1, 0)))
    byte = data.draw(st.integers(0, 255)).to_bytes(1, "big")
    action = data.draw(st.sampled_from(["delete", "insert", "flip"]))
    mutated = {
        "delete": raw[:position] + raw[position + 1 :],
        "insert": raw[:position] + byte + raw[position:],
        "flip": raw[:position] + byte + raw[position + 1 :],
    }[action]
    assert_same_report(mutated)


@FAST
@given(st.data())
def test_proposals_with_a_value_replaced_give_the_same_report_on_both_paths(data: st.DataObject) -> None:
    proposal = early_help()
    where = data.draw(st.sampled_from(pointers(proposal)))
    changed = replace_at(proposal, where, data.draw(json_values))
    indent = data.draw(st.sampled_from([None, 2]))
    raw = json.dumps(changed, indent=indent, ensure_ascii=data.draw(st.booleans())).encode()
    assert_same_report(raw)


@FAST
@given(json_values)
def test_jsonschema_rs_never_passes_what_python_jsonschema_refuses(value: Any) -> None:
    # Wherever the fast validator says valid, python-jsonschema must find no error either.
    for pointer in ("/data/volume_records", "/parties/0", "/assessment_date", "/framework/answers/q01", "/legal"):
        candidate = replace_at(early_help(), pointer, value)
        if fast_validator().is_valid(candidate):
            assert not list(validator().iter_errors(candidate))


@FAST
@given(st.dictionaries(st.text(max_size=6), json_values, max_size=5), st.sampled_from([None, 0, 2]), st.data())
def test_random_documents_are_located_as_the_strict_reader_locates_them(
    document: dict[str, Any], indent: int | None, data: st.DataObject
) -> None:
    raw = json.dumps(document, indent=indent, ensure_ascii=data.draw(st.booleans())).encode()
    fast = fast_json.parse_ordinary(raw)
    if fast is None:  # unusual text (escapes, long integers): the strict reader's own map is used
        return
    strict = strict_json.parse(raw).source_map
    wanted = pointers(document)
    wanted += [p + "/missing" for p in wanted] + [p + "/0" for p in wanted] + [p + "/01" for p in wanted]
    for pointer in data.draw(st.permutations(wanted)):
        for prefer_key in (False, True):
            assert fast.source_map.locate(pointer, prefer_key=prefer_key) == strict.locate(
                pointer, prefer_key=prefer_key
            ), pointer


def test_a_callers_own_data_with_a_tuple_is_judged_by_python_jsonschema() -> None:
    from sharecheck.checking.pipeline import check

    proposal = early_help()
    proposal["parties"] = tuple(proposal["parties"])  # jsonschema-rs would take it for a list
    assert fast_json.plain_json(early_help()) and not fast_json.plain_json(proposal)
    fast = check(proposal, PACK, today=AS_OF)
    strict = check(proposal, PACK, today=AS_OF, fast=False)
    assert fast == strict and fast.findings[0].rule == "SC-INPUT-002"
