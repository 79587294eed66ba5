from __future__ import annotations

import pytest

from sharecheck.packs.yaml_source import Mark, YamlError, load


def test_marks_for_values_and_keys() -> None:
    doc = load("rules:\n  - id: X-1\n    severity: blocker\n")
    assert doc.data == {"rules": [{"id": "X-1", "severity": "blocker"}]}
    assert doc.mark("/rules/0/severity") == Mark(3, 15)
    assert doc.mark("/rules/0/severity", key=True) == Mark(3, 5)
    assert doc.mark("/rules/0/missing") == Mark(2, 5)


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("a: &x [1, 2]\nb: *x\n", "anchors and aliases", 1),
        ("a: !!python/object/apply:os.system ['true']\n", "not allowed in rule files", 1),
        ("a: 1\nb: 2\na: 3\n", "duplicate key 'a'", 3),
        ("a: [1, 2\n", "invalid YAML", 2),
        ("a:\n\tb: 1\n", "invalid YAML", 2),
    ],
)
def test_unsafe_or_broken_yaml_is_refused_with_a_line(text: str, words: str, line: int) -> None:
    with pytest.raises(YamlError) as caught:
        load(text)
    assert words in caught.value.message
    assert caught.value.line == line


def test_billion_laughs_is_refused_before_expansion() -> None:
    bomb = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8)
    )
    with pytest.raises(YamlError, match="anchors and aliases"):
        load(bomb)


def test_dates_stay_as_written() -> None:
    assert load("d: 2026-01-31\n").data == {"d": "2026-01-31"}


def test_empty_document() -> None:
    assert load("# nothing\n").data is None
