"""The Markdown committee report: every blocker and the band, proposal text kept as text,
deterministic, and pinned by golden files (regenerate with SHARECHECK_UPDATE_GOLDEN=1)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sharecheck.band.framework import BAND_LABELS
from sharecheck.formats import render
from sharecheck.formats._templates import markdown_code, markdown_text
from sharecheck.packs.loader import Pack
from sharecheck.results.report import Severity
from tests.formats.reports import (
    ALL,
    SCRIPT,
    VALID,
    fixture_report,
    golden_report,
    hostile_proposal,
    render_fixtures,
    render_proposal,
)

GOLDEN = Path(__file__).parent / "golden"


def test_every_blocker_and_warning_and_every_band_is_in_the_markdown(pack: Pack) -> None:
    report, context = fixture_report(pack, ALL)
    text = render("markdown", report, context=context)
    sections = re.split(r'^<a id="proposal-\d+"></a>$', text, flags=re.M)[1:]
    assert len(sections) == len(report.results)
    for result, section in zip(report.results, sections, strict=True):
        label = BAND_LABELS[result.band.id]
        assert f"Band: **{label[0].upper()}{label[1:]}**" in section, result.file
        for finding in result.findings:
            if finding.severity is Severity.BLOCKER:
                assert f"1. **{finding.rule}**" in section.split("### Blockers", 1)[1].split("### Warnings")[0]
            assert markdown_text(finding.message) in section, (result.file, finding.message)
        for q in (f"q{i:02d}" for i in range(1, 19)):
            assert f"| **{q}** |" in section, (result.file, q)


def test_the_batch_index_links_to_each_proposal(pack: Pack) -> None:
    text = render_fixtures("markdown", pack, ALL)
    index = text.split("## Index", 1)[1].split('<a id="proposal-1">', 1)[0]
    assert len(re.findall(r"^\| \d+ \| \[.+\]\(#proposal-\d+\) \|", index, flags=re.M)) == len(ALL)


def test_markup_and_markdown_in_a_proposal_render_as_text(pack: Pack) -> None:
    text = render_proposal("markdown", pack, hostile_proposal(), file=f"{SCRIPT}.json")
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "\\*\\*bold\\*\\* \\[link\\](x)" in text and "\\`code\\`" in text
    assert "\n# heading" not in text and "\n- list" not in text  # newlines folded: no heading or list of its own
    for line in text.splitlines():  # a `|` inside a value never adds a table column
        if line.startswith("| **q"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 6, line


def test_escaping_helpers() -> None:
    assert markdown_text("a_b *c* | <b>&") == "a\\_b \\*c\\* \\| &lt;b&gt;&amp;"
    assert markdown_text("line\n\n# not a heading") == "line \\# not a heading"
    assert markdown_code("x|y <z>") == "<code>x&#124;y &#60;z&#62;</code>"
    # issue 14 item 6: Markdown is parsed inside <code>, so link and image syntax must not survive
    assert markdown_code("[x](https:evil.example)![t](https:e.x)") == (
        "<code>&#91;x&#93;&#40;https&#58;evil.example&#41;&#33;&#91;t&#93;&#40;https&#58;e.x&#41;</code>"
    )


def test_same_inputs_give_byte_identical_markdown(pack: Pack) -> None:
    assert render_fixtures("markdown", pack, VALID) == render_fixtures("markdown", pack, VALID)


def test_golden(pack: Pack) -> None:
    report, context = golden_report(pack)
    text = render("markdown", report, context=context).replace(pack.sha256, "<pack sha256>")
    golden = GOLDEN / "report.md"
    if os.environ.get("SHARECHECK_UPDATE_GOLDEN"):
        golden.write_text(text, "utf-8")
    assert text == golden.read_text("utf-8"), f"{golden} differs; review, then SHARECHECK_UPDATE_GOLDEN=1"
