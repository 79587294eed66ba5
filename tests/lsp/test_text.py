"""Finding the span of a value and the pointer under the cursor, in valid and half-typed text."""

from __future__ import annotations

from sharecheck.lsp.text import Lines, full_end, spot_at, value_end

PROPOSAL = (
    '{\n  "data": {\n    "identifiability": "pseudonymous",\n    "volume_records": 1200\n  },\n'
    '  "parties": [\n    {"id": "dwp"}\n  ]\n}\n'
)


def test_a_scalar_span_ends_with_its_token() -> None:
    start = PROPOSAL.index('"pseudonymous"')
    assert PROPOSAL[start : value_end(PROPOSAL, start)] == '"pseudonymous"'
    start = PROPOSAL.index("1200")
    assert PROPOSAL[start : value_end(PROPOSAL, start)] == "1200"


def test_a_container_span_stops_at_its_first_member_line_and_full_end_matches_brackets() -> None:
    start = PROPOSAL.index("{", 1)
    assert PROPOSAL[start : value_end(PROPOSAL, start)] == '{\n    "identifiability": "pseudonymous",'
    assert PROPOSAL[start : full_end(PROPOSAL, start)].endswith("1200\n  }")


def test_the_cursor_on_a_key_a_value_and_a_value_yet_to_be_typed() -> None:
    key = spot_at(PROPOSAL, PROPOSAL.index("identifiability"))
    assert key is not None and key.is_key and key.pointer == "/data/identifiability"
    value = spot_at(PROPOSAL, PROPOSAL.index("dwp"))
    assert value is not None and not value.is_key and value.pointer == "/parties/0/id" and value.value == "dwp"
    half = '{"data": {"identifiability": '
    empty = spot_at(half, len(half))
    assert empty is not None and empty.pointer == "/data/identifiability" and empty.text == ""
    unterminated = '{"data": {"identifiability": "de_'
    typing = spot_at(unterminated, len(unterminated))
    assert typing is not None and typing.pointer == "/data/identifiability" and typing.inner[1] == len(unterminated)


def test_client_columns_count_utf16_units() -> None:
    lines = Lines('{"title": "🙂 £"}')
    offset = lines.text.index("£")
    assert lines.to_client(offset, "utf-16") == (0, offset + 1)  # the emoji is two UTF-16 units
    assert lines.to_client(offset, "utf-32") == (0, offset)
    assert lines.from_client(0, offset + 1, "utf-16") == offset
