"""The command line as CI uses it: formats, exit codes, determinism, no tracebacks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import Result

from sharecheck.reading.bundled import schema
from tests.conftest import FIXTURES, ROOT, early_help, write_json

Cli = Callable[..., Result]
LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+) (?P<sev>blocker|warning|info) (?P<rule>[A-Z0-9-]+) (?P<msg>.+)$"
)
BROKEN = sorted(p.name for p in (FIXTURES / "broken").glob("*.json") if p.name != "missing-gateway.json")


def test_checking_the_fixtures_prints_file_line_col_severity_rule_message_and_exits_1(cli: Cli) -> None:
    result = cli("check", "fixtures/", "--as-of", "2026-06-01")
    assert result.exit_code == 1
    findings = [
        LINE.match(line) for line in result.stdout.splitlines() if line.startswith("fixtures/") and " band " not in line
    ]
    assert findings and all(findings), result.stdout
    files = {m.group("file") for m in findings if m}
    assert "fixtures/broken/empty.json" in files and "fixtures/residents-index.json" in files
    assert f"{len(list(FIXTURES.rglob('*.json')))} files checked" in result.stdout


def test_a_clean_fixture_exits_0(cli: Cli) -> None:
    result = cli("check", "fixtures/early-help-families.json", "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.stdout
    assert "blocker" not in result.stdout.replace("0 blockers", "")


def test_fail_on_warning_and_never(cli: Cli) -> None:
    warn_only = "fixtures/residents-index.json"
    assert cli("check", warn_only, "--fail-on", "never").exit_code == 0
    assert (
        cli("check", "fixtures/early-help-families.json", "--fail-on", "warning", "--as-of", "2026-06-01").exit_code
        == 0
    )
    assert cli("check", "fixtures/broken/missing-gateway.json", "--fail-on", "blocker").exit_code == 1


@pytest.mark.parametrize("name", BROKEN)
def test_each_bad_input_is_an_input_blocker_with_a_position_and_the_rest_are_still_checked(cli: Cli, name: str) -> None:
    result = cli(
        "check",
        f"fixtures/broken/{name}",
        "fixtures/early-help-families.json",
        "--format",
        "json",
        "--as-of",
        "2026-06-01",
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    broken, clean = (r for r in sorted(report["results"], key=lambda r: r["file"] != f"fixtures/broken/{name}"))
    assert broken["findings"], name
    finding = broken["findings"][0]
    assert finding["category"] == "input" and finding["severity"] == "blocker"
    assert finding["rule"] in ("SC-INPUT-001", "SC-INPUT-002", "SC-INPUT-003")
    assert isinstance(finding["line"], int) and isinstance(finding["column"], int)
    assert clean["band"]["id"] == "likely"  # the clean file was checked all the same
    assert "Traceback" not in result.output


def test_json_report_validates_against_the_report_schema(cli: Cli) -> None:
    result = cli("check", "fixtures/", "--format", "json", "--as-of", "2026-06-01")
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(schema("report")).validate(report)
    assert report["summary"]["files"] == len(list(FIXTURES.rglob("*.json"))) and report["summary"]["failed"] is True
    assert report["rule_pack"]["name"] == "sharecheck" and len(report["rule_pack"]["sha256"]) == 64


def test_same_check_twice_and_in_another_order_is_byte_identical(cli: Cli, tmp_path: Path) -> None:
    first = cli("check", "fixtures/", "--format", "json", "--as-of", "2026-06-01").stdout
    again = cli("check", "fixtures/", "--format", "json", "--as-of", "2026-06-01").stdout
    files = sorted(str(p.relative_to(ROOT)) for p in FIXTURES.rglob("*.json"))
    reordered = cli("check", *reversed(files), "--format", "json", "--as-of", "2026-06-01").stdout
    assert first == again == reordered


def test_engines_give_identical_reports_on_the_fixtures(cli: Cli) -> None:
    durable = cli("check", "fixtures/", "--format", "json", "--engine", "durable", "--as-of", "2026-06-01").stdout
    reference = cli("check", "fixtures/", "--format", "json", "--engine", "reference", "--as-of", "2026-06-01").stdout
    assert durable == reference


def test_stdin(cli: Cli) -> None:
    raw = (FIXTURES / "broken" / "missing-gateway.json").read_bytes()
    result = cli("check", "-", input=raw)
    assert result.exit_code == 1
    assert result.stdout.startswith("-:") and "SC-GATEWAY-001" in result.stdout


def test_no_such_path_exits_2_without_traceback(cli: Cli) -> None:
    result = cli("check", "proposals/nope.json")
    assert result.exit_code == 2
    assert "no such file or folder: proposals/nope.json" in result.stderr


def test_a_folder_without_proposals_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("check", str(tmp_path))
    assert result.exit_code == 2 and "no *.json proposals" in result.stderr


def test_bad_usage_exits_2(cli: Cli) -> None:
    assert cli("check", "fixtures/", "--format", "yaml").exit_code == 2
    assert cli("check").exit_code == 2
    assert cli("check", "fixtures/", "--as-of", "June").exit_code == 2


def test_a_broken_rule_file_exits_2_naming_file_line_and_problem(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "rules", pack)
    text = (pack / "core.yaml").read_text()
    (pack / "core.yaml").write_text(
        text.replace(
            "{field: data.identifiability, equals: personally_identifiable}",
            "{field: data.identifability, equals: personally_identifiable}",
        )
    )
    result = cli("check", "fixtures/early-help-families.json", "--rules", str(pack))
    assert result.exit_code == 2
    assert re.search(
        r"core\.yaml:\d+:\d+: unknown field `data\.identifability`.*did you mean `data\.identifiability`\?",
        result.stderr,
    ), result.stderr


def test_output_file_is_written_and_inputs_are_never_overwritten(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    assert (
        cli(
            "check", "fixtures/early-help-families.json", "--format", "json", "-o", str(out), "--as-of", "2026-06-01"
        ).exit_code
        == 0
    )
    assert json.loads(out.read_text())["summary"]["files"] == 1
    target = write_json(tmp_path / "p.json", early_help())
    before = target.read_bytes()
    result = cli("check", str(target), "-o", str(target))
    assert result.exit_code == 2 and "refusing to overwrite" in result.stderr
    assert target.read_bytes() == before


def test_unreadable_file_is_an_input_blocker_and_the_others_are_still_checked(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_json(tmp_path / "p.json", early_help())
    real = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "p.json":
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    result = cli("check", str(target), "fixtures/early-help-families.json", "--as-of", "2026-06-01")
    assert result.exit_code == 1
    assert "p.json:1:1 blocker SC-INPUT-001 cannot read the file: Permission denied" in result.stdout
    assert "fixtures/early-help-families.json: band likely" in result.stdout


def test_explain_and_schema(cli: Cli) -> None:
    explained = cli("explain", "SC-GATEWAY-001")
    assert explained.exit_code == 0 and "not waivable" in explained.stdout and "How to fix it" in explained.stdout
    unknown = cli("explain", "SC-GATEWAY-01")
    assert unknown.exit_code == 2 and "Did you mean SC-GATEWAY-001" in unknown.stderr
    for name in ("proposal", "rules", "report"):
        printed = cli("schema", name)
        assert json.loads(printed.stdout)["$schema"].endswith("2020-12/schema")


def test_the_installed_command_runs_as_a_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sharecheck", "check", "fixtures/broken/empty.json", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["results"][0]["findings"][0]["message"].startswith("the file is empty")
