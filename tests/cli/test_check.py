"""`sharecheck check` as CI runs it: waiver exit codes, several formats at once, globs, progress."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sharecheck.cli import outputs
from tests.conftest import FIXTURES, ROOT, invoke

AS_OF = ("--as-of", "2026-06-01")


@pytest.mark.parametrize(
    ("scenario", "exit_code", "rules"),
    [
        ("valid", 0, ["SC-IDENT-001"]),  # waived: reported, does not fail
        ("expired", 1, ["SC-IDENT-001", "SC-WAIVER-001"]),  # counts again, plus a warning
        ("missing-reason", 1, ["SC-IDENT-001", "SC-WAIVER-002"]),
        ("unknown-rule", 0, ["SC-WAIVER-003"]),  # a warning only
        ("not-waivable", 1, ["SC-GATEWAY-001", "SC-WAIVER-004"]),
    ],
)
def test_waiver_exit_codes(waivers: Path, scenario: str, exit_code: int, rules: list[str]) -> None:
    result = invoke("check", str(waivers / f"{scenario}.json"), "--format", "json", *AS_OF)
    assert result.exit_code == exit_code, result.output
    (checked,) = json.loads(result.stdout)["results"]
    assert sorted(f["rule"] for f in checked["findings"]) == rules
    waived = [f for f in checked["findings"] if f["waiver"] is not None]
    assert [f["rule"] for f in waived] == (["SC-IDENT-001"] if scenario == "valid" else [])


def test_the_clock_decides_expiry(waivers: Path) -> None:
    valid = str(waivers / "valid.json")
    assert invoke("check", valid, "--as-of", "2026-12-31").exit_code == 0
    late = invoke("check", valid, "--as-of", "2027-01-01")
    assert late.exit_code == 1 and "SC-WAIVER-001" in late.stdout


def test_waiver_warnings_fail_with_fail_on_warning(waivers: Path) -> None:
    assert invoke("check", str(waivers / "unknown-rule.json"), "--fail-on", "warning", *AS_OF).exit_code == 1
    assert invoke("check", str(waivers / "valid.json"), "--fail-on", "warning", *AS_OF).exit_code == 0


def test_text_says_who_waived_why_and_until_when(waivers: Path) -> None:
    out = invoke("check", str(waivers / "valid.json"), *AS_OF).stdout
    assert "SC-IDENT-001 " in out and "[waived by SIRO until 2026-12-31: Board minute 14/2026]" in out
    assert "1 waived" in out


def test_several_formats_in_one_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    sarif, junit = tmp_path / "a.sarif", tmp_path / "j.xml"
    result = invoke(
        "check",
        "fixtures/residents-index.json",
        "--format",
        "sarif",
        "--output",
        str(sarif),
        "--format",
        "text",
        "--format",
        "junit",
        "-o",
        str(junit),
        *AS_OF,
    )
    assert result.exit_code == 1
    assert result.stdout == invoke("check", "fixtures/residents-index.json", *AS_OF).stdout  # text, unchanged
    alone = invoke("check", "fixtures/residents-index.json", "--format", "sarif", *AS_OF).stdout
    assert sarif.read_text("utf-8") == alone
    assert ET.parse(junit).getroot().get("failures") == "1"


def test_one_format_and_output_work_in_either_order_as_before(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "r.json"
    assert invoke("check", "fixtures/early-help-families.json", "-o", str(out), "--format", "json").exit_code == 0
    assert json.loads(out.read_text("utf-8"))["summary"]["files"] == 1


def test_two_formats_for_stdout_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke("check", "fixtures/", "--format", "json", "--format", "sarif")
    assert result.exit_code == 2 and "would all go to stdout" in result.stderr


def test_quoted_globs_are_expanded_by_sharecheck(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = json.loads(invoke("check", "fixtures/broken/*.json", "--format", "json").stdout)
    assert [r["file"] for r in report["results"]] == sorted(
        f"fixtures/broken/{p.name}" for p in (FIXTURES / "broken").glob("*.json")
    )
    everything = json.loads(invoke("check", "fixtures/**/*.json", "--format", "json").stdout)
    assert everything["summary"]["files"] == len(list(FIXTURES.rglob("*.json")))


def test_a_glob_that_matches_nothing_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke("check", "fixtures/*.yaml")
    assert result.exit_code == 2 and "no file or folder matches fixtures/*.yaml" in result.stderr


def long_batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for index in range(outputs.LONG_BATCH):
        shutil.copy(FIXTURES / "early-help-families.json", folder / f"proposal-{index:02d}.json")
    return folder


def test_a_progress_bar_on_a_terminal_for_a_long_batch_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = long_batch(tmp_path)
    monkeypatch.setattr(outputs, "stderr_is_terminal", lambda: True)
    shown = invoke("check", str(folder), "--format", "json", *AS_OF)
    assert shown.exit_code == 0 and "Checking" in shown.stderr
    monkeypatch.setattr(outputs, "stderr_is_terminal", lambda: False)
    hidden = invoke("check", str(folder), "--format", "json", *AS_OF)
    assert hidden.stderr == "" and hidden.stdout == shown.stdout  # the bar never touches the report
    monkeypatch.setattr(outputs, "stderr_is_terminal", lambda: True)
    short = invoke("check", str(folder / "proposal-00.json"), *AS_OF)
    assert short.stderr == ""


def test_a_bad_output_among_several_stops_before_any_report_is_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    sarif = tmp_path / "a.sarif"
    result = invoke(
        "check",
        "fixtures/residents-index.json",
        "--format",
        "sarif",
        "-o",
        str(sarif),
        "--format",
        "json",
        "-o",
        "fixtures/residents-index.json",
    )
    assert result.exit_code == 2 and "one of the files being checked" in result.stderr
    assert not sarif.exists()
    assert json.loads((FIXTURES / "residents-index.json").read_text("utf-8"))["id"] == "eastborough-residents-index"


def test_color_always_never_and_auto_beside_no_color(cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """--color always is the user's explicit choice (it wins over NO_COLOR); auto never colours a pipe."""
    target = "fixtures/integrated-offender-management.json"  # blockers and warnings
    always = cli("check", target, "--color", "always").stdout
    assert "\x1b[31mblocker\x1b[0m" in always and "\x1b[33mwarning\x1b[0m" in always
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" in cli("check", target, "--color", "always").stdout
    assert "\x1b[" not in cli("check", target).stdout
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" not in cli("check", target, "--color", "never").stdout
    assert "\x1b[" not in cli("check", target, "--color", "auto").stdout  # not a terminal
    json_out = cli("check", target, "--color", "always", "--format", "json").stdout
    assert "\x1b[" not in json_out  # colour is for the text format only


def test_fail_on_help_says_exactly_what_counts_as_a_blocker() -> None:
    text = " ".join(invoke("check", "--help").output.split()).replace("SC- ", "SC-")  # help wraps at hyphens
    for words in ("SC-GATE-001", "SC-GATE-002", "SC-GATE-003", "SC-INPUT-001/002", "submitted or approved", "draft"):
        assert words in text, words
