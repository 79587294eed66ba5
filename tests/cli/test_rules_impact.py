"""`sharecheck rules impact`: exactly the proposals a rule change moves, derived from `check`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sharecheck.reading.bundled import default_rules_dir
from tests.conftest import FIXTURES, invoke

AS_OF = "2026-06-01"
RULE = "SC-IDENT-001"


def with_severity(folder: Path, rule: str, severity: str) -> None:
    """Change one rule's severity in a copied pack, the way a governance team would edit it."""
    for path in sorted(folder.glob("*.yaml")):
        lines = path.read_text("utf-8").splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.strip() == f"- id: {rule}":
                j = next(k for k in range(i + 1, len(lines)) if lines[k].strip().startswith("severity:"))
                lines[j] = lines[j].split("severity:")[0] + f"severity: {severity}\n"
                path.write_text("".join(lines), "utf-8")
                return
    raise AssertionError(f"{rule} not found in {folder}")


def affected(rule: str) -> list[str]:
    """The proposals on which `rule` fires under the bundled pack, from a plain check."""
    result = invoke("check", str(FIXTURES), "--format", "json", "--as-of", AS_OF)
    report: dict[str, Any] = json.loads(result.stdout)
    return sorted(r["file"] for r in report["results"] if any(f["rule"] == rule for f in r["findings"]))


def test_one_severity_changed_lists_exactly_the_proposals_it_fires_on(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(default_rules_dir(), pack)
    with_severity(pack, RULE, "warning")
    args = ("rules", "impact", str(FIXTURES), "--old", str(default_rules_dir()), "--new", str(pack))
    result = invoke(*args, "--format", "json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    impact = json.loads(result.stdout)
    expected = affected(RULE)
    assert expected, "some fixture has an SC-IDENT-001 finding"
    assert sorted(c["file"] for c in impact["changes"]) == expected
    for change in impact["changes"]:
        assert {(f["rule"], f["severity"]) for f in change["fixed"]} == {(RULE, "blocker")}
        assert {(f["rule"], f["severity"]) for f in change["introduced"]} == {(RULE, "warning")}
    assert impact["checked"] == len(list(FIXTURES.rglob("*.json")))
    markdown = invoke(*args, "--as-of", AS_OF).stdout
    assert markdown.startswith("## sharecheck rules impact") and "| Proposal | Verdict |" in markdown


def test_the_same_pack_changes_nothing() -> None:
    folder = str(default_rules_dir())
    result = invoke("rules", "impact", str(FIXTURES), "--old", folder, "--new", folder, "--format", "json")
    impact = json.loads(result.stdout)
    assert impact["changes"] == []


def test_the_default_old_pack_is_the_new_folder_at_a_git_ref(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "policy"
    shutil.copytree(default_rules_dir(), repo / "pack")
    git = ["git", "-c", "user.name=Information Governance", "-c", "user.email=ig@example.gov.uk"]
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "pack as published"]):
        subprocess.run([*git, *args], cwd=repo, check=True, capture_output=True)
    with_severity(repo / "pack", RULE, "warning")
    monkeypatch.chdir(repo)
    result = invoke("rules", "impact", str(FIXTURES), "--new", "pack", "--format", "json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    impact = json.loads(result.stdout)
    assert sorted(c["file"] for c in impact["changes"]) == affected(RULE)
    assert "(HEAD:pack)" in impact["old_pack"]
    missing = invoke("rules", "impact", str(FIXTURES), "--old", "HEAD:nowhere", "--new", "pack")
    assert missing.exit_code == 2 and "git cannot read that pack folder" in missing.output
