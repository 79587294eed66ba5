"""A report must not depend on the Python it runs on (CI runs the suite on 3.11 and on 3.13).

Python 3.13's JSON decoder reports a trailing comma in words and at a place of its own; the
strict reader reads it as 3.11 and 3.12 do, so these hold on every supported version.
"""

from __future__ import annotations

import pytest

from sharecheck.reading.strict_json import ReadError, parse


@pytest.mark.parametrize(
    ("raw", "words", "line", "column"),
    [
        (b'{"a": 1,}', "expected a key in double quotes (JSON allows no trailing comma", 1, 9),
        (b'{"a": 1 , \n }', "expected a key in double quotes (JSON allows no trailing comma", 2, 2),
        (b'{"a": [1, 2, ]}', "expected a value", 1, 14),
        (b'{"a": [1,]}', "expected a value", 1, 10),
    ],
)
def test_a_trailing_comma_reads_the_same_on_every_python(raw: bytes, words: str, line: int, column: int) -> None:
    with pytest.raises(ReadError) as raised:
        parse(raw)
    assert words in raised.value.message
    assert (raised.value.line, raised.value.column) == (line, column)
