"""Golden files: each machine format's exact bytes for the fixtures and the waiver scenarios.

Regenerate with `SHARECHECK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/formats/test_golden.py`
(see golden/README.md), and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, invoke

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("SHARECHECK_UPDATE_GOLDEN") == "1"
SUFFIXES = {"sarif": "sarif", "junit": "junit.xml", "github": "github.txt"}


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, "utf-8", newline="\n")
    assert path.exists(), f"{path} is missing; regenerate with SHARECHECK_UPDATE_GOLDEN=1"
    expected = path.read_text("utf-8")
    assert actual == expected, f"{name} differs from the golden file; if the change is intended, regenerate it"


def _run(*args: str) -> str:
    result = invoke("check", *args, "--as-of", "2026-06-01")
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
def test_fixtures_golden(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _compare(f"fixtures.{SUFFIXES[fmt]}", _run("fixtures/", "--format", fmt))


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
def test_waivers_golden(fmt: str, waivers: Path) -> None:
    _compare(f"waivers.{SUFFIXES[fmt]}", _run(str(waivers), "--format", fmt))


BASELINE_SUFFIXES = {"sarif": "sarif", "github": "github.txt", "text": "txt", "json": "json"}


@pytest.mark.parametrize("fmt", sorted(BASELINE_SUFFIXES))
def test_baseline_golden(fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The fixtures against a baseline from before the residents index had its blocker and after
    energy rebates lost one: each of new, unchanged and fixed appears."""
    monkeypatch.chdir(ROOT)
    report = json.loads(_run("fixtures/", "--format", "json"))
    for result in report["results"]:
        if result["file"] == "fixtures/residents-index.json":
            result["findings"] = [f for f in result["findings"] if f["rule"] != "SC-IDENT-001"]
        if result["file"] == "fixtures/energy-rebates.json":
            result["findings"] = [
                {
                    "rule": "SC-RETENTION-002",
                    "severity": "blocker",
                    "message": "Say what happens to the data at the end.",
                    "path": "/retention/end_action",
                    "fingerprint": "0" * 32,
                }
            ]
    baseline = tmp_path / "main.json"
    baseline.write_text(json.dumps(report), "utf-8")
    _compare(f"baseline.{BASELINE_SUFFIXES[fmt]}", _run("fixtures/", "--baseline", str(baseline), "--format", fmt))


def _regions(sarif: dict[str, Any]) -> list[tuple[str, str, str, int, int]]:
    return sorted(
        (
            loc["physicalLocation"]["artifactLocation"]["uri"],
            result["ruleId"],
            result["properties"]["pointer"],
            loc["physicalLocation"]["region"]["startLine"],
            loc["physicalLocation"]["region"]["startColumn"],
        )
        for result in sarif["runs"][0]["results"]
        for loc in result["locations"]
    )


def test_golden_sarif_regions_are_the_json_reports_lines_and_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = json.loads(_run("fixtures/", "--format", "json"))
    from_json = sorted(
        (r["file"], f["rule"], f["path"], f["line"], f["column"]) for r in report["results"] for f in r["findings"]
    )
    golden = json.loads((GOLDEN / "fixtures.sarif").read_text("utf-8"))
    assert len(from_json) >= 12  # each broken fixture, and the rule findings of residents-index
    assert _regions(golden) == from_json


def test_golden_github_lines_are_the_json_reports_lines_and_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = json.loads(_run("fixtures/", "--format", "json"))
    from_json = [(r["file"], f["line"], f["column"]) for r in report["results"] for f in r["findings"]]
    lines = (GOLDEN / "fixtures.github.txt").read_text("utf-8").splitlines()
    from_github = []
    for line in lines:
        props = dict(p.split("=", 1) for p in line.split("::")[1].split(" ", 1)[1].split(","))
        from_github.append((props["file"], int(props["line"]), int(props["col"])))
    assert from_github == from_json
