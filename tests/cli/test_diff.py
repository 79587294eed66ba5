"""`sharecheck diff OLD NEW`: expectations derived from two `check` runs, never hard-coded."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, invoke

AS_OF = "2026-06-01"


def check_json(path: Path) -> dict[str, Any]:
    result = invoke("check", str(path), "--format", "json", "--as-of", AS_OF)
    assert result.exit_code in (0, 1), result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report["results"][0]


def edited(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """The fixture, and a revision that fixes one thing, breaks another and moves an answer."""
    old = tmp_path / "old" / name
    old.parent.mkdir()
    shutil.copy(FIXTURES / name, old)
    data = json.loads(old.read_text("utf-8"))
    data["purpose"]["objectives"].insert(0, "Reduce repeat assaults at licensed venues")  # moves every line below
    data["outputs"] = {"types": ["publication"], "min_cell_count": 10}
    answers = data["framework"]["answers"]
    first = sorted(answers)[0]
    answers[first]["score"] = 5 if answers[first]["score"] != 5 else 4
    data["retention"]["end_action"] = "keep"
    new = tmp_path / "new" / name
    new.parent.mkdir()
    new.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return old, new


def expected(old: dict[str, Any], new: dict[str, Any]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    before = Counter(f["fingerprint"] for f in old["findings"])
    after = Counter(f["fingerprint"] for f in new["findings"])
    return before - after, after - before, before & after


@pytest.mark.parametrize("name", ["ae-violence-csp.json", "energy-rebates.json", "residents-index.json"])
def test_diff_names_exactly_what_two_checks_differ_by(tmp_path: Path, name: str) -> None:
    old, new = edited(tmp_path, name)
    before, after = check_json(old), check_json(new)
    fixed, introduced, left = expected(before, after)
    result = invoke("diff", str(old), str(new), "--format", "json", "--as-of", AS_OF, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    [change] = json.loads(result.stdout)
    assert Counter(f["fingerprint"] for f in change["fixed"]) == fixed
    assert Counter(f["fingerprint"] for f in change["introduced"]) == introduced
    assert Counter(f["fingerprint"] for f in change["left"]) == left
    assert fixed or introduced  # the edit changes something for every fixture used here
    old_answers = json.loads(old.read_text("utf-8"))["framework"]["answers"]
    new_answers = json.loads(new.read_text("utf-8"))["framework"]["answers"]
    moved = [
        {"question": q, "from": old_answers[q]["score"], "to": new_answers[q]["score"]}
        for q in sorted(old_answers)
        if old_answers[q]["score"] != new_answers[q]["score"]
    ]
    assert change["answers"] == moved
    assert change["band"]["from"]["id"] == before["band"]["id"]
    assert change["band"]["to"]["id"] == after["band"]["id"]
    # exit 1 exactly when the new revision introduces a blocker
    status = invoke("diff", str(old), str(new), "--as-of", AS_OF).exit_code
    blockers = {f["fingerprint"] for f in after["findings"] if f["severity"] == "blocker" and f["waiver"] is None}
    assert status == (1 if blockers & set(introduced) else 0)


def test_text_and_markdown_name_the_changes(tmp_path: Path) -> None:
    old, new = edited(tmp_path, "ae-violence-csp.json")
    text = invoke("diff", str(old), str(new), "--as-of", AS_OF).stdout
    assert "fixed: " in text and "introduced: " in text and "answers moved: 1" in text and "band: " in text
    markdown = invoke("diff", str(old), str(new), "--format", "markdown", "--as-of", AS_OF).stdout
    assert "#### Framework answers moved" in markdown and "| Question | From | To |" in markdown


def test_diff_reads_a_git_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    old, new = edited(tmp_path, "energy-rebates.json")
    repo = tmp_path / "register"
    repo.mkdir()
    shutil.copy(old, repo / "energy-rebates.json")
    git = ["git", "-c", "user.name=Data Protection Office", "-c", "user.email=dpo@example.gov.uk"]
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "as approved"]):
        subprocess.run([*git, *args], cwd=repo, check=True, capture_output=True)
    shutil.copy(new, repo / "energy-rebates.json")
    monkeypatch.chdir(repo)
    from_git = invoke("diff", "HEAD:energy-rebates.json", "energy-rebates.json", "--format", "json", "--as-of", AS_OF)
    from_files = invoke("diff", str(old), str(new), "--format", "json", "--as-of", AS_OF)
    assert from_git.exit_code == from_files.exit_code
    strip = ("old", "new")
    assert {k: v for k, v in json.loads(from_git.stdout)[0].items() if k not in strip} == {
        k: v for k, v in json.loads(from_files.stdout)[0].items() if k not in strip
    }
    missing = invoke("diff", "HEAD:nowhere.json", "energy-rebates.json")
    assert missing.exit_code == 2 and "git cannot read it" in missing.output
