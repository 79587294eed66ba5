"""Settings discovered like ruff's; the command line wins; unknown keys say "did you mean"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, invoke


@pytest.fixture
def register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of proposals with its settings at the top and the user one folder down."""
    (tmp_path / "proposals").mkdir()
    shutil.copy(FIXTURES / "residents-index.json", tmp_path / "proposals")
    shutil.copy(FIXTURES / "justice-data-lab.json", tmp_path / "proposals")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "docs")
    return tmp_path


def test_pyproject_settings_are_found_upwards_and_used(register: Path) -> None:
    (register / "pyproject.toml").write_text(
        '[project]\nname = "register"\n\n[tool.sharecheck]\n'
        'paths = ["proposals"]\nformat = "json"\nfail-on = "never"\n',
        "utf-8",
    )
    result = invoke("check", "--as-of", "2026-06-01")
    assert result.exit_code == 0  # fail-on = never, though the residents index has a blocker
    report = json.loads(result.stdout)
    assert sorted(r["file"] for r in report["results"]) == [
        "../proposals/justice-data-lab.json",
        "../proposals/residents-index.json",
    ]


def test_the_command_line_wins_and_show_config_says_where_each_came_from(register: Path) -> None:
    (register / "sharecheck.toml").write_text('paths = "proposals"\nfail-on = "never"\nengine = "reference"\n', "utf-8")
    shown = invoke("check", "--show-config", "--fail-on", "blocker").stdout
    settings = str(register / "sharecheck.toml")
    assert 'fail-on = "blocker"  # command line' in shown
    assert f'engine = "reference"  # {settings}' in shown
    assert f'paths = ["../proposals"]  # {settings}' in shown
    assert "format = []  # default" in shown
    assert invoke("check", "--fail-on", "blocker").exit_code == 1
    assert invoke("check").exit_code == 0


def test_sharecheck_toml_wins_over_pyproject_in_the_same_folder(register: Path) -> None:
    (register / "pyproject.toml").write_text('[tool.sharecheck]\nfail-on = "warning"\n', "utf-8")
    (register / "sharecheck.toml").write_text('fail-on = "never"\n', "utf-8")
    assert 'fail-on = "never"' in invoke("check", "--show-config").stdout


def test_a_pyproject_without_the_table_is_skipped(register: Path) -> None:
    (register / "docs" / "pyproject.toml").write_text('[project]\nname = "docs"\n', "utf-8")
    (register / "sharecheck.toml").write_text('fail-on = "warning"\n', "utf-8")
    assert "sharecheck.toml" in invoke("check", "--show-config").stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('fail_on = "never"\n', "unknown key `fail_on`; did you mean `fail-on`?"),
        ('baseine = "main.json"\n', "unknown key `baseine`; did you mean `baseline`?"),
        ('colour = "always"\n', "unknown key `colour`; the keys are paths, rules"),
        ('fail-on = "sometimes"\n', "fail-on = 'sometimes': expected one of blocker, warning, never"),
        ("jobs = -1\n", "expected a whole number"),
        ("paths = [1]\n", "expected a path or a list of paths"),
        ("fail-on = \n", "not valid TOML"),
    ],
)
def test_a_bad_setting_is_exit_2_naming_the_file(register: Path, content: str, message: str) -> None:
    (register / "sharecheck.toml").write_text(content, "utf-8")
    result = invoke("check", "../proposals")
    assert result.exit_code == 2
    assert message in result.output and "sharecheck.toml" in result.output
    assert "Traceback" not in result.output


def test_no_paths_anywhere_is_a_usage_error(register: Path) -> None:
    result = invoke("check")
    assert result.exit_code == 2 and "give the proposals to check" in result.output
