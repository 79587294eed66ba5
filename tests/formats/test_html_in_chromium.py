"""The committee page in a real browser (headless Chromium): what a committee sees is there and
visible, nothing is fetched, and markup from a proposal stays text.

Skipped only when no Chromium is installed; `.ci/run` installs Debian's `chromium` first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sharecheck.band.framework import BAND_LABELS
from sharecheck.formats import render
from sharecheck.packs.loader import Pack
from sharecheck.results.report import Report, Severity
from tests.formats import chromium
from tests.formats.reports import ALL, IMG, SCRIPT, fixture_report, hostile_proposal, render_proposal

BROWSER = chromium.binary()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (.ci/run installs it)")
QUESTIONS = [f"q{i:02d}" for i in range(1, 19)]


@pytest.fixture(scope="module")
def fixtures_page(pack: Pack, tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    """Every fixture, valid and broken, in one batch page, as `check fixtures/ --format html` gives."""
    report, context = fixture_report(pack, ALL)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render("html", report, context=context), "utf-8")
    return report, path


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[chromium.DevTools]:
    assert BROWSER is not None
    with chromium.devtools(BROWSER, tmp_path_factory.mktemp("profile")) as tools:
        yield tools


class Dom(HTMLParser):
    """The dumped DOM as (tag, attributes, text) for every element, text including descendants'."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[int] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, []))
        if tag not in ("meta", "br", "col", "hr", "img", "input", "link", "wbr"):  # HTML's void elements
            self._open.append(len(self.elements) - 1)

    def handle_endtag(self, tag: str) -> None:
        open_tags = [self.elements[i][0] for i in self._open]
        if tag in open_tags:
            del self._open[len(open_tags) - 1 - open_tags[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        for index in self._open:
            self.elements[index][2].append(data)

    def find(self, **attrs: str) -> list[tuple[str, dict[str, str], str]]:
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [
            (tag, a, " ".join("".join(text).split()))
            for tag, a, text in self.elements
            if all(a.get(k) == v for k, v in wanted.items())
        ]


def test_screenshot_and_dom_show_the_verdict_every_blocker_and_all_18_questions(
    fixtures_page: tuple[Report, Path], tmp_path: Path
) -> None:
    assert BROWSER is not None
    report, page = fixtures_page
    shot = tmp_path / "report.png"
    chromium.run(BROWSER, page.as_uri(), tmp_path / "p1", "--window-size=1100,1600", f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    dumped = chromium.run(BROWSER, page.as_uri(), tmp_path / "p2", "--dump-dom").stdout.decode("utf-8")
    dom = Dom(dumped)
    articles = dom.find(class_="sheet proposal")
    assert [a["data-file"] for _, a, _ in articles] == [r.file for r in report.results]
    index = {a["data-anchor"]: text for _, a, text in dom.find() if "data-anchor" in a}
    assert len(index) == len(report.results)
    for number, result in enumerate(report.results, start=1):
        # Only this proposal's part of the DOM: between its article and the next.
        start = next(i for i, (t, a, _) in enumerate(dom.elements) if a.get("id") == f"proposal-{number}")
        end = next(
            (i for i, (t, a, _) in enumerate(dom.elements) if a.get("id") == f"proposal-{number + 1}"),
            len(dom.elements),
        )
        part = Dom("")
        part.elements = dom.elements[start:end]
        ((_, _, verdict),) = part.find(data_part="verdict")
        label = BAND_LABELS[result.band.id]
        assert label[0].upper() + label[1:] in verdict, (result.file, verdict)
        blockers = [f for f in result.findings if f.severity is Severity.BLOCKER and f.counts]
        assert f"{len(blockers)} blocker" in verdict or (not blockers and "No blockers" in verdict)
        shown: dict[str, list[str]] = {}
        for _, a, text in part.find(data_severity="blocker"):
            shown.setdefault(a["data-rule"], []).append(text)
        assert set(shown) == {f.rule for f in blockers}, result.file
        for finding in blockers:  # a rule may raise several findings (one per item)
            assert any(
                " ".join(finding.message.split()) in text and f"{result.file}:{finding.line}:{finding.column}" in text
                for text in shown[finding.rule]
            ), (result.file, finding.message)
        drawn = [a["data-question"] for t, a, _ in part.find(class_="q")]
        assert drawn == QUESTIONS, result.file
        for q in QUESTIONS:
            ((_, _, text),) = [e for e in part.find(class_="q", data_question=q)]
            assert text.startswith(q)


def visible(selector: str) -> str:
    """JavaScript: for each element matching `selector`, is it rendered, on the page, non-empty,
    and not hidden by display, visibility or opacity (its own or an ancestor's)?"""
    return (
        f"Array.from(document.querySelectorAll({json.dumps(selector)})).map(e => {{"
        " const r = e.getBoundingClientRect();"
        " return e.checkVisibility({opacityProperty: true, visibilityProperty: true})"
        " && r.width > 0 && r.height > 0 && r.left >= 0"
        " && r.right <= document.documentElement.scrollWidth + 1; })"
    )


def test_in_the_browser_everything_is_visible_and_nothing_is_fetched(
    fixtures_page: tuple[Report, Path], browser: chromium.DevTools
) -> None:
    report, page = fixtures_page
    tab = browser.open(page.as_uri())
    assert tab.requests() == [page.as_uri()]  # the page itself, from disk, and nothing else
    assert tab.evaluate("document.querySelectorAll('script, link, img, iframe, object, embed').length") == 0
    verdicts = tab.evaluate(visible("[data-part=verdict]"))
    assert verdicts == [True] * len(report.results)
    blockers = sum(1 for r in report.results for f in r.findings if f.severity is Severity.BLOCKER and f.counts)
    assert tab.evaluate(visible("[data-part=blockers] li[data-severity=blocker]")) == [True] * blockers
    for q in QUESTIONS:
        in_chart = tab.evaluate(visible(f"svg.chart g[data-question={q}] text.qid"))
        in_table = tab.evaluate(visible(f"table.answers tr[data-question={q}]"))
        assert in_chart == in_table == [True] * len(report.results), q
    # Chart text stays inside the chart: no question or pole wider than its SVG.
    overflow = tab.evaluate(
        "Array.from(document.querySelectorAll('svg.chart')).flatMap(svg => {"
        " const box = svg.getBoundingClientRect();"
        " return Array.from(svg.querySelectorAll('text')).filter(t => {"
        "  const r = t.getBoundingClientRect(); return r.left < box.left - 1 || r.right > box.right + 1; })"
        "  .map(t => t.textContent); })"
    )
    assert overflow == []


def test_the_request_check_catches_a_page_that_does_fetch(browser: chromium.DevTools, tmp_path: Path) -> None:
    """The control: the same check, on a page with an external image and stylesheet, sees both."""
    control = tmp_path / "control.html"
    control.write_text(
        '<!DOCTYPE html><link rel="stylesheet" href="https://fonts.sharecheck.invalid/a.css">'
        '<p>control</p><img src="http://images.sharecheck.invalid/pixel.png">',
        "utf-8",
    )
    tab = browser.open(control.as_uri())
    requests = tab.requests()
    assert "https://fonts.sharecheck.invalid/a.css" in requests
    assert "http://images.sharecheck.invalid/pixel.png" in requests


def test_markup_in_a_proposal_is_shown_as_text_and_never_runs(
    pack: Pack, browser: chromium.DevTools, tmp_path: Path
) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(render_proposal("html", pack, hostile_proposal(), file=f"{SCRIPT}.json"), "utf-8")
    tab = browser.open(page.as_uri())
    assert tab.requests() == [page.as_uri()]
    assert tab.evaluate("document.querySelectorAll('script, img').length") == 0
    assert tab.evaluate("document.querySelector('.proposal-title').textContent").endswith(f"{SCRIPT} {IMG}")
    rationales = tab.evaluate(
        "Array.from(document.querySelectorAll('table.answers td:last-child')).map(td => td.textContent)"
    )
    assert rationales == [f"Because {SCRIPT} {IMG} | cell"] * 18
    assert tab.evaluate("document.title").endswith(f"{SCRIPT} {IMG}")
    dialogs = [e for e in browser.events if e["method"] == "Page.javascriptDialogOpening"]
    assert dialogs == []


def test_the_flow_diagram_draws_one_visible_arrow_per_flow(
    pack: Pack, browser: chromium.DevTools, tmp_path: Path
) -> None:
    """Issue 13: the MASH's flow map in the browser: an svg with one arrow per flow, the hub's
    uncovered links dashed red and the covered ones solid."""
    from sharecheck.law.flows import flows_of

    report, context = fixture_report(pack, ["mash-children.json"])
    page = tmp_path / "mash.html"
    page.write_text(render("html", report, context=context), "utf-8")
    data = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "mash-children.json").read_text("utf-8"))
    flows = flows_of(data)
    tab = browser.open(page.as_uri())
    assert tab.evaluate("document.querySelectorAll('svg.flow-diagram').length") == 1
    # a vertical arrow has no width, so a line counts as drawn when it is visible and has length
    lines = tab.evaluate(
        "Array.from(document.querySelectorAll('svg.flow-diagram line.flow-arrow')).map(l => {"
        " const r = l.getBoundingClientRect(); return l.checkVisibility({opacityProperty: true,"
        " visibilityProperty: true}) && r.width + r.height > 20; })"
    )
    assert lines == [True] * len(flows)
    drawn = tab.evaluate(
        "Array.from(document.querySelectorAll('svg.flow-diagram line.flow-arrow')).map(l =>"
        " [l.dataset.from, l.dataset.to, l.classList.contains('covered'), getComputedStyle(l).strokeDasharray])"
    )
    assert [(f, t) for f, t, _, _ in drawn] == [(f.discloser, f.recipient) for f in flows]
    uncovered = {(f, t) for f, t, covered, _ in drawn if not covered}
    assert uncovered == {
        ("northshire-police", "northshire-mash"),
        ("northshire-probation", "northshire-mash"),
        ("northshire-homes", "northshire-mash"),
    }
    # the cue that does not rely on colour: uncovered arrows are dashed, covered ones solid
    assert all((dash != "none") is (not covered) for _, _, covered, dash in drawn)
    assert tab.evaluate(visible("svg.flow-diagram g.flow-party circle")) == [True] * 6
