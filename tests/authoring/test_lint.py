"""`rules lint`: every broken pack in tests/lint_cases gives its golden output, never a traceback."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sharecheck.authoring.lint import id_key, lint
from sharecheck.cli.main import main
from tests.conftest import ROOT

CASES = ROOT / "tests" / "lint_cases"
BROKEN = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def run_lint(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(folder)
    return CliRunner().invoke(main, ["rules", "lint", *args], catch_exceptions=False)


def test_there_are_at_least_fifteen_broken_packs_each_with_a_golden_file() -> None:
    assert len(BROKEN) >= 15
    assert all((CASES / name / "expected.txt").is_file() for name in BROKEN)


@pytest.mark.parametrize("name", BROKEN)
def test_each_broken_pack_gives_its_expected_problems(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_lint(CASES / name, monkeypatch, ".")
    expected = (CASES / name / "expected.txt").read_text("utf-8")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == expected, f"{name}: lint output differs from expected.txt:\n{result.stdout}"
    problems = [line for line in result.stdout.splitlines() if not line.startswith("    hint: ")]
    assert problems and all(_is_located(line) for line in problems), problems


def _is_located(line: str) -> bool:
    """file:line:col: message"""
    parts = line.split(":", 3)
    return len(parts) == 4 and parts[1].isdigit() and parts[2].isdigit() and parts[3].startswith(" ")


def test_the_bundled_pack_and_the_example_organisation_pack_are_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = run_lint(ROOT, monkeypatch)
    assert bundled.exit_code == 0, bundled.stdout
    assert bundled.stdout.startswith("sharecheck ") and "no problems" in bundled.stdout
    example = run_lint(ROOT, monkeypatch, "examples/org-pack")
    assert example.exit_code == 0, example.stdout
    assert example.stdout.startswith("northshire-ig 1.0.0:")


def test_every_problem_of_a_file_is_reported_in_one_pass(tmp_path: Path) -> None:
    """Not just the first: a typo in one rule does not hide an impossible condition in another."""
    folder = tmp_path / "pack"
    shutil.copytree(CASES / "never-equal-two-values", folder)
    rules = folder / "rules.yaml"
    rules.write_text(rules.read_text() + (CASES / "unknown-field" / "rules.yaml").read_text().replace("rules:\n", ""))
    found = [str(p).split("\n")[0] for p in lint([folder]).problems]
    assert any("can never fire: `purpose.category` cannot both equal education" in p for p in found), found
    assert any("unknown field `data.subject`" in p for p in found), found


def test_a_missing_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    report = lint([tmp_path / "nope"])
    assert not report.ok and report.pack is None
    assert "no such pack folder" in report.problems[0].message


def test_lint_hints_are_on_their_own_line(monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_lint(CASES / "impossible-range", monkeypatch, ".")
    first, hint = result.stdout.splitlines()[:2]
    assert first.startswith("rules.yaml:9:11: NCC-DATA-001 can never fire")
    assert hint.startswith("    hint: no number meets all these bounds")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("SC-IDENT-001", "SC-IDENT-1", True),
        ("SC-IDENT-001", "sc-ident-001", True),
        ("SC-IDENT-010", "SC-IDENT-10", True),
        ("SC-IDENT-001", "SC-IDENT-010", False),
        ("SC-IDENT-001", "SC-IDENT-002", False),
        ("SC-IDENT-000", "SC-IDENT-0", True),
        ("ORG-2FA-001", "ORG-2FA-1", True),
    ],
)
def test_confusable_ids_share_a_key(a: str, b: str, same: bool) -> None:
    assert (id_key(a) == id_key(b)) is same


Cli = Callable[..., Result]


def test_check_points_authors_at_lint(cli: Cli) -> None:
    result = cli("check", "fixtures/early-help-families.json", "--rules", "tests/lint_cases/unknown-operator")
    assert result.exit_code == 2
    assert "rules.yaml:8:34: unknown operator or key `contain`" in result.stderr
    assert "sharecheck rules lint" in result.stderr
