"""Pairing --format with --output, the colour decision and the progress bar's conditions."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest

from sharecheck.cli.check import check
from sharecheck.cli.outputs import FORMAT, OUTPUT, Destination, colour_wanted, option_order, pair


def order(*args: str) -> list[str]:
    return option_order(check, args, (FORMAT, OUTPUT))


def test_option_order_reads_long_short_and_equals_forms_and_skips_values() -> None:
    assert order("p/", "--format", "sarif", "-o", "a.sarif", "--format=text") == [FORMAT, OUTPUT, FORMAT]
    assert order("-oa.sarif", "--output=b", "--format", "json") == [OUTPUT, OUTPUT, FORMAT]
    # The value of another option is never taken for an option, nor is anything after `--`.
    assert order("--rules", "--format", "--format", "json", "--", "--output") == [FORMAT]
    assert order("--timestamp", "--as-of", "-o", "p/") == []


def test_one_format_and_one_output_pair_in_any_order_as_before() -> None:
    assert pair([], [], []) == [Destination("text", None)]
    assert pair(["json"], [], [FORMAT]) == [Destination("json", None)]
    assert pair(["json"], [Path("r.json")], [OUTPUT, FORMAT]) == [Destination("json", Path("r.json"))]
    assert pair([], [Path("r.txt")], [OUTPUT]) == [Destination("text", Path("r.txt"))]
    assert pair(["json"], [Path("-")], [FORMAT, OUTPUT]) == [Destination("json", None)]


def test_several_formats_each_output_follows_its_format() -> None:
    got = pair(["text", "sarif", "junit"], [Path("a.sarif"), Path("j.xml")], [FORMAT, FORMAT, OUTPUT, FORMAT, OUTPUT])
    assert got == [
        Destination("text", None),
        Destination("sarif", Path("a.sarif")),
        Destination("junit", Path("j.xml")),
    ]


def test_without_a_known_order_outputs_pair_by_position() -> None:
    got = pair(["sarif", "text"], [Path("a.sarif")], None)
    assert got == [Destination("sarif", Path("a.sarif")), Destination("text", None)]


@pytest.mark.parametrize(
    ("formats", "outputs", "events", "message"),
    [
        (["sarif", "json"], [], [FORMAT, FORMAT], "sarif and json would all go to stdout"),
        (["sarif", "json"], ["a", "b"], [OUTPUT, FORMAT, OUTPUT, FORMAT], "put each --output after the --format"),
        (["sarif", "json"], ["a", "b"], [FORMAT, OUTPUT, OUTPUT, FORMAT], "--format sarif has 2 --output"),
        (["sarif", "json"], ["a", "a"], [FORMAT, OUTPUT, FORMAT, OUTPUT], "the same --output file"),
        (["sarif"], ["a", "b"], None, "2 --output for 1 --format"),
    ],
)
def test_unclear_pairings_are_usage_errors(
    formats: list[str], outputs: list[str], events: list[str] | None, message: str
) -> None:
    with pytest.raises(click.UsageError, match=message):
        pair(formats, [Path(o) for o in outputs], events)


@pytest.mark.parametrize(
    ("tty", "no_color", "destination", "wanted"),
    [
        (True, None, Destination("text", None), True),
        (True, "1", Destination("text", None), False),
        (True, "", Destination("text", None), True),  # no-color.org: set *and not empty*
        (False, None, Destination("text", None), False),
        (True, None, Destination("text", Path("r.txt")), False),
        (True, None, Destination("json", None), False),
    ],
)
def test_colour_only_for_text_on_a_terminal_without_no_color(
    monkeypatch: pytest.MonkeyPatch, tty: bool, no_color: str | None, destination: Destination, wanted: bool
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert colour_wanted(destination) is wanted
