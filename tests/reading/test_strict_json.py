from __future__ import annotations

import pytest

from sharecheck.reading import strict_json as source
from sharecheck.reading.strict_json import ReadError, parse


def error_of(raw: bytes) -> ReadError:
    with pytest.raises(ReadError) as caught:
        parse(raw)
    return caught.value


def test_every_pointer_maps_to_its_line_and_column() -> None:
    doc = parse(b'{\n  "a": {"b": [1, {"c": "x"}]},\n  "d~/e": true\n}')
    where = doc.source_map.values
    assert where[""] == source.Position(1, 1)
    assert where["/a"] == source.Position(2, 8)
    assert where["/a/b/0"] == source.Position(2, 15)
    assert where["/a/b/1/c"] == source.Position(2, 24)
    assert where["/d~0~1e"] == source.Position(3, 11)
    assert doc.source_map.keys["/a/b"] == source.Position(2, 9)


def test_locating_a_missing_pointer_gives_the_nearest_existing_parent() -> None:
    doc = parse(b'{\n  "legal": {\n    "power": "x"\n  }\n}')
    assert doc.source_map.locate("/legal/gateways/0/id") == source.Position(2, 12)


def test_a_bom_is_tolerated_and_positions_ignore_it() -> None:
    doc = parse(b'\xef\xbb\xbf{"a": 1}')
    assert doc.data == {"a": 1}
    assert doc.source_map.values["/a"] == source.Position(1, 7)


def test_not_utf8_names_the_byte_and_its_line() -> None:
    err = error_of(b'{\n  "title": "caf\xe9"\n}')
    assert "not valid UTF-8" in err.message and "0xe9" in err.message
    assert (err.line, err.column) == (2, 16)


def test_duplicate_keys_are_rejected_at_the_second_copy() -> None:
    err = error_of(b'{\n  "legal": {},\n  "legal": {"power": "x"}\n}')
    assert "duplicate key 'legal'" in err.message and "line 2" in err.message
    assert (err.line, err.column) == (3, 3)


def test_nested_duplicate_keys_are_rejected() -> None:
    err = error_of(b'{"a": [{"k": 1, "k": 2}]}')
    assert (err.line, err.column) == (1, 17)


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_are_rejected(constant: bytes) -> None:
    err = error_of(b'{\n  "n": ' + constant + b"\n}")
    assert "not valid JSON" in err.message
    assert (err.line, err.column) == (2, 8)


def test_the_words_nan_inside_strings_are_fine() -> None:
    assert parse(b'{"t": "NaN Infinity"}').data == {"t": "NaN Infinity"}


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    err = error_of(b"[" * 100_000 + b"]" * 100_000)
    assert "nesting is deeper than" in err.message
    assert err.line == 1 and err.column == source.MAX_DEPTH + 1


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_BYTES", 100)
    err = error_of(b'{"a": "' + b"x" * 200 + b'"}')
    assert "larger than 100 bytes" in err.message


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"[1, 2]", "the top level is an array"),
        (b'"text"', "the top level is a string"),
        (b"3", "the top level is a number"),
        (b"null", "the top level is null"),
    ],
)
def test_top_level_must_be_an_object(raw: bytes, words: str) -> None:
    assert words in error_of(raw).message


def test_empty_file() -> None:
    assert "the file is empty" in error_of(b"  \n").message


def test_truncated_file_says_so_with_position() -> None:
    err = error_of(b'{\n  "id": "x",\n  "title": "y"')
    assert "truncated" in err.message
    assert err.line == 3


def test_syntax_error_position() -> None:
    err = error_of(b'{\n  "id": "x"\n  "title": "y"\n}')
    assert (err.line, err.column) == (3, 3)


def test_huge_integers_are_an_error_not_a_crash() -> None:
    err = error_of(b'{"n": ' + b"9" * 5000 + b"}")
    assert "invalid JSON" in err.message


def test_unbalanced_brackets_fall_through_to_a_syntax_error() -> None:
    assert "invalid JSON" in error_of(b'{"a": 1}}').message
    assert "invalid JSON" in error_of(b'{"a" 1}').message


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b'{"a": 1,}', "no trailing comma"),
        (b'{"a": 1 "b": 2}', "a comma is missing"),
        (b'{"a" 1}', "a colon is missing"),
        (b'{"a": "x', "a string is not closed"),
        (b'{"a": "x\ty"}'.replace(b"\\t", b"\t"), "raw control character"),
        (b'{"a": 1} x', "unexpected text after the end"),
        (b'{"a": tru}', "expected a value"),
    ],
)
def test_syntax_errors_read_as_plain_english(raw: bytes, words: str) -> None:
    assert words in error_of(raw).message


@pytest.mark.parametrize(
    ("raw", "words", "column"),
    [
        (b'{\n  "title": "ok \\ud800 bad"\n}', "unpaired surrogate", 16),
        (b'{\n  "title": "a\\u0000b"\n}', "NUL character", 14),
        (b'{\n  "x\\u0000": 1\n}', "NUL character", 5),
    ],
)
def test_strings_nothing_downstream_can_hold_are_refused(raw: bytes, words: str, column: int) -> None:
    err = error_of(raw)
    assert words in err.message and (err.line, err.column) == (2, column)


def test_a_proper_surrogate_pair_is_fine() -> None:
    assert parse(b'{"t": "\\ud83d\\ude00"}').data == {"t": "\U0001f600"}


def test_an_invalid_escape_in_a_key_is_a_read_error_at_the_key() -> None:
    """Found by test_fuzz (a flipped byte: "title" -> "\\itle"); it was a traceback."""
    with pytest.raises(ReadError) as raised:
        parse(b'{"\\itle": 1}')
    assert "invalid escape" in str(raised.value) and (raised.value.line, raised.value.column) == (1, 2)
