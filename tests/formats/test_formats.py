"""Every registered format: deterministic bytes, one shared set of options, lazy import."""

from __future__ import annotations

from pathlib import Path

import pytest

from sharecheck.formats import FORMATS, render, renderer
from sharecheck.results.report import PackInfo, Report, Severity
from tests.conftest import FIXTURES, ROOT, invoke


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_inputs_give_byte_identical_output_in_any_argument_order(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    files = sorted(str(p.relative_to(ROOT)) for p in FIXTURES.rglob("*.json"))
    runs = [
        invoke("check", "fixtures/", "--format", fmt, "--as-of", "2026-06-01").stdout_bytes,
        invoke("check", "fixtures/", "--format", fmt, "--as-of", "2026-06-01").stdout_bytes,
        invoke("check", *reversed(files), "--format", fmt, "--as-of", "2026-06-01").stdout_bytes,
    ]
    assert runs[0] and runs[0] == runs[1] == runs[2]


@pytest.mark.parametrize("fmt", FORMATS)
def test_waiver_scenarios_are_byte_identical_across_runs(fmt: str, waivers: Path) -> None:
    first = invoke("check", str(waivers), "--format", fmt, "--as-of", "2026-06-01").stdout_bytes
    assert first == invoke("check", str(waivers), "--format", fmt, "--as-of", "2026-06-01").stdout_bytes


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_renderer_takes_the_shared_options(fmt: str) -> None:
    report = Report("1.0", PackInfo("p", "1", "0" * 64), ())
    text = render(fmt, report, fail_on=Severity.WARNING, timestamp=None, rules=(), colour=False)
    assert isinstance(text, str)


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        renderer("yaml")


def test_the_streamed_json_is_exactly_the_plain_encoding_of_the_report() -> None:
    import json

    from sharecheck.formats.json_format import report_dict
    from sharecheck.packs.loader import load_pack
    from tests.formats.reports import fixture_report

    report, _ = fixture_report(load_pack(), ["residents-index.json", "early-help-families.json"])
    for stamp in (None, "2026-11-21T18:00:00+00:00"):
        plain = json.dumps(report_dict(report, timestamp=stamp), indent=2, ensure_ascii=False) + "\n"
        assert render("json", report, timestamp=stamp) == plain
    empty = Report("1.0", PackInfo("p", "1", "0" * 64), ())
    assert render("json", empty) == json.dumps(report_dict(empty), indent=2) + "\n"


def test_the_json_report_carries_each_flow_as_the_result_has_it() -> None:
    import json

    import jsonschema

    result = invoke("check", str(FIXTURES / "mash-children.json"), "--format", "json", "--as-of", "2026-06-01")
    report = json.loads(result.stdout)
    jsonschema.validate(report, json.loads((ROOT / "schemas" / "report.schema.json").read_text("utf-8")))
    flows = {(f["discloser"], f["recipient"]): f for f in report["results"][0]["flows"]}
    homes = flows[("northshire-homes", "northshire-mash")]
    assert homes["gateways"] == [] and homes["covered"] is False and homes["blockers"] == ["SC-LAWFUL-001"]
    assert flows[("northshire-schools", "northshire-mash")]["gateways"] == ["ea2002_s175"]
    assert len(flows) == 5
