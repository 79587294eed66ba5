"""The HTML committee report: self-contained, escaped, deterministic. (In a real browser:
test_html_in_chromium.py.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from markupsafe import escape

from sharecheck.formats import render
from sharecheck.packs.loader import Pack
from tests.conftest import ROOT
from tests.formats.reports import (
    ALL,
    IMG,
    SCRIPT,
    VALID,
    golden_report,
    hostile_proposal,
    render_fixtures,
    render_proposal,
)

# Anything that could make a browser fetch: attributes that take a URL, CSS url() and @import.
FETCHING = re.compile(
    r"""\b(?:src|href|srcset|action|formaction|poster|data|xlink:href|background)\s*=|url\s*\(|@import""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def batch(pack: Pack) -> str:
    return render_fixtures("html", pack, ALL)


def test_the_page_is_self_contained(batch: str) -> None:
    """Nothing to fetch: the only URL-taking attributes are in-page anchors, and no element that
    loads anything (script, link, img, iframe, object, embed, font) is present."""
    for match in FETCHING.finditer(batch):
        following = batch[match.end() : match.end() + 2]
        assert match.group(0).lower() == "href=" and following == '"#', batch[match.start() - 80 : match.end() + 80]
    assert not re.search(r"<(?:script|link|img|iframe|object|embed|audio|video|source|base)\b", batch, re.I)
    assert not re.search(r"https?:|//[a-z0-9]", batch.split("<body>", 1)[0], re.I)  # head: style and meta only
    assert "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"" in batch


def test_the_batch_has_an_index_linking_to_each_proposal(batch: str) -> None:
    assert batch.count('<article class="sheet proposal" id="proposal-') == len(ALL)
    for number in range(1, len(ALL) + 1):
        assert f'<a href="#proposal-{number}">' in batch and f'id="proposal-{number}"' in batch


def test_a_single_proposal_has_no_index(pack: Pack) -> None:
    page = render_fixtures("html", pack, ["ae-violence-csp.json"])
    assert 'id="index"' not in page and page.count("<article") == 1


def test_header_shows_ids_versions_dates_and_hashes(pack: Pack) -> None:
    page = render_fixtures("html", pack, ["residents-index.json"])
    for text in (
        "Eastborough Council residents&#39; index (single view of the resident)",
        "eastborough-residents-index",
        "0.4.0 · draft",
        "2026-06-01",
        f"{pack.name} {pack.version}",
        pack.sha256,
        "69f6f83c441e2b8b69fceb6e4e346312a1316e9dd85e359e66f52a2760151db4",
    ):
        assert text in page, text


def test_markup_in_a_proposal_is_text(pack: Pack) -> None:
    page = render_proposal("html", pack, hostile_proposal(), file=f"{SCRIPT}.json")
    assert "<script" not in page and "<img" not in page and "onerror=alert(1)>" not in page
    assert escape(SCRIPT) in page and escape(IMG) in page
    assert page.count(escape(IMG)) >= 18  # every rationale


def test_same_inputs_give_byte_identical_pages(pack: Pack) -> None:
    assert render_fixtures("html", pack, VALID) == render_fixtures("html", pack, VALID)


def test_the_command_writes_one_page_and_never_imports_jinja_for_a_plain_check(cli: object, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result: Result = cli("check", "fixtures/", "--format", "html", "--output", str(out), "--as-of", "2026-06-01")  # type: ignore[operator]
    assert result.exit_code == 1 and out.read_text("utf-8").startswith("<!DOCTYPE html>")
    again: Result = cli("check", "fixtures/", "--format", "html", "--as-of", "2026-06-01")  # type: ignore[operator]
    assert again.output == out.read_text("utf-8")
    probe = (
        "import sys\n"
        "from sharecheck.cli.main import main\n"
        "try:\n"
        "    main(['check', 'fixtures/early-help-families.json', '--format', '{fmt}'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('jinja2' in sys.modules, file=sys.stderr)\n"
    )
    for fmt, imported in (("text", "False"), ("json", "False"), ("html", "True")):
        done = subprocess.run(
            [sys.executable, "-c", probe.format(fmt=fmt)], cwd=ROOT, capture_output=True, text=True, check=True
        )
        assert done.stderr.strip().splitlines()[-1] == imported, (fmt, done.stderr)


def test_golden(pack: Pack) -> None:
    """The page for two proposals (one blocked with a waiver, one scored with moves), pinned so
    that a layout change is reviewed. Regenerate with SHARECHECK_UPDATE_GOLDEN=1."""
    report, context = golden_report(pack)
    text = render("html", report, context=context).replace(pack.sha256, "<pack sha256>")
    golden = Path(__file__).parent / "golden" / "report.html"
    if os.environ.get("SHARECHECK_UPDATE_GOLDEN"):
        golden.write_text(text, "utf-8")
    assert text == golden.read_text("utf-8"), f"{golden} differs; review, then SHARECHECK_UPDATE_GOLDEN=1"
