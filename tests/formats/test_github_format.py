"""GitHub workflow commands: exact syntax, the JSON report's lines, GitHub's escaping rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sharecheck.formats import render
from sharecheck.formats.github_format import escape_data, escape_property
from sharecheck.results.report import Finding, PackInfo, Report, Result, Severity, Waiver
from tests.conftest import ROOT, early_help, invoke, write_json

# `::command key=value,...::message`: properties hold no raw `,` `:` CR or LF; the message no CR or LF.
COMMAND = re.compile(
    r"^::(?P<command>error|warning|notice) "
    r"(?:file=(?P<file>[^,:\r\n]+),)?line=(?P<line>[1-9][0-9]*),col=(?P<col>[1-9][0-9]*),"
    r"title=(?P<title>[^,:\r\n]+)::(?P<message>[^\r\n]+)$"
)


def github_of(*args: str) -> list[re.Match[str]]:
    result = invoke("check", *args, "--format", "github", "--as-of", "2026-06-01")
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.endswith("\n")
    lines = result.stdout.splitlines()
    matches = [COMMAND.match(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if m is None]
    return [m for m in matches if m]


def test_every_line_is_a_workflow_command_at_the_json_reports_line_and_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    commands = github_of("fixtures/")
    report = json.loads(invoke("check", "fixtures/", "--format", "json", "--as-of", "2026-06-01").stdout)
    expected = [
        (
            r["file"],
            f["line"],
            f["column"],
            "notice" if f["waiver"] else {"blocker": "error", "warning": "warning", "info": "notice"}[f["severity"]],
        )
        for r in report["results"]
        for f in r["findings"]
    ]
    assert [(m["file"], int(m["line"]), int(m["col"]), m["command"]) for m in commands] == expected
    gateway = next(m for m in commands if m["file"] == "fixtures/broken/missing-gateway.json")
    assert gateway["title"] == "SC-GATEWAY-001 (blocker)"
    assert gateway["message"].startswith("No legal gateway is named for this sharing")
    assert "%0AFix: Add the statutory gateway" in gateway["message"]


def test_the_line_and_column_point_at_the_offending_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    commands = github_of("fixtures/residents-index.json")
    ident = next(m for m in commands if m["title"].startswith("SC-IDENT-001"))
    sensitive = next(m for m in commands if m["title"].startswith("SC-SENSITIVE-002"))
    lines = (ROOT / "fixtures/residents-index.json").read_text("utf-8").splitlines()
    # SC-IDENT-001 points at the missing purpose.why_identifiable, so at the `purpose` object.
    assert ident["command"] == "error"
    assert lines[int(ident["line"]) - 1] == '  "purpose": {' and int(ident["col"]) == len('  "purpose": {')
    # SC-SENSITIVE-002 points at the field object whose name is `ethnicity`.
    assert sensitive["command"] == "warning"
    assert lines[int(sensitive["line"]) - 1][int(sensitive["col"]) - 1] == "{"
    assert lines[int(sensitive["line"])].strip() == '"name": "ethnicity",'


def test_waiver_scenarios(waivers: Path) -> None:
    commands = github_of(str(waivers))
    found = sorted((m["file"], m["command"], m["title"]) for m in commands)
    assert found == [
        ("waivers/expired.json", "error", "SC-IDENT-001 (blocker)"),
        ("waivers/expired.json", "warning", "SC-WAIVER-001 (warning)"),
        ("waivers/missing-reason.json", "error", "SC-IDENT-001 (blocker)"),
        ("waivers/missing-reason.json", "warning", "SC-WAIVER-002 (warning)"),
        ("waivers/not-waivable.json", "error", "SC-GATEWAY-001 (blocker)"),
        ("waivers/not-waivable.json", "warning", "SC-WAIVER-004 (warning)"),
        ("waivers/unknown-rule.json", "warning", "SC-WAIVER-003 (warning)"),
        # A waived blocker is a notice, never an error; `,` in a property is escaped.
        ("waivers/valid.json", "notice", "SC-IDENT-001 (blocker%2C waived)"),
    ]
    waived = next(m for m in commands if m["command"] == "notice")
    assert "%0Awaived by SIRO until 2026-12-31: Board minute 14/2026%0A" in waived["message"]


def test_escaping_follows_githubs_toolkit() -> None:
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext%3A a%2Cb"
    # `%` first, so an escape already in the text is not taken for one of ours.
    assert escape_data("%0A") == "%250A"


def test_text_from_a_proposal_cannot_break_out_of_the_command(tmp_path: Path) -> None:
    data = early_help()
    data["data"]["datasets"][0]["fields"][0].update(name="ethnicity\n::error::forged, 100%", special_category="none")
    write_json(tmp_path / "odd, file: v2.json", data)
    result = invoke("check", str(tmp_path / "odd, file: v2.json"), "--format", "github")
    (line,) = result.stdout.splitlines()
    match = COMMAND.match(line)
    assert match is not None and match["command"] == "warning"
    assert match["file"].endswith("odd%2C file%3A v2.json")
    # the newline arrives as a visible escape (sharecheck.visible), and % is escaped for GitHub
    assert "Field 'ethnicity\\x0a::error::forged, 100%25'" in match["message"]


def test_info_is_a_notice_and_stdin_and_unlocated_findings_leave_properties_out() -> None:
    findings = (
        Finding("X-001", Severity.INFO, "purpose", "Consider a review date.", "/purpose", 4, 2),
        Finding("X-002", Severity.WARNING, "purpose", "Somewhere.", "/purpose"),
        Finding(
            "X-003",
            Severity.WARNING,
            "purpose",
            "Waived.",
            "/purpose",
            1,
            1,
            waiver=Waiver("X-003", "known", "DPO", None, "/waivers/0"),
        ),
    )
    report = Report("1.0", PackInfo("p", "1", "0" * 64), (Result("-", None, findings),))
    assert render("github", report).splitlines() == [
        "::notice line=4,col=2,title=X-001 (info)::Consider a review date.",
        "::warning title=X-002 (warning)::Somewhere.",
        "::notice line=1,col=1,title=X-003 (warning%2C waived)::Waived.%0Awaived by DPO until no expiry: known",
    ]
