"""`check --baseline`: a pull request fails for what it introduces, not for what was there."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sharecheck.checking.baseline import BaselineError, compare, load
from sharecheck.results.report import PackInfo, Report
from tests.conftest import FIXTURES, ROOT, invoke
from tests.formats.test_sarif_format import validate

REPORT_SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text("utf-8"))
AS_OF = "2026-06-01"


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Data Protection Office", "-c", "user.email=dpo@example.gov.uk", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def report_of(*args: str) -> tuple[int, dict[str, Any]]:
    result = invoke("check", *args, "--format", "json", "--as-of", AS_OF)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    jsonschema.validate(data, REPORT_SCHEMA)
    return result.exit_code, data


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A register of proposals under git: one with an old blocker (the residents index), one clean."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "register"
    (repo / "proposals").mkdir(parents=True)
    for name in ("residents-index.json", "energy-rebates.json"):
        shutil.copy(FIXTURES / name, repo / "proposals" / name)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Register as on main")
    monkeypatch.chdir(repo)
    return repo


def findings(report: dict[str, Any], file: str) -> list[dict[str, Any]]:
    return next(r["findings"] for r in report["results"] if r["file"] == file)


def test_a_commit_adding_a_blocker_fails_with_the_baseline(repo: Path, tmp_path: Path) -> None:
    status, main = report_of("proposals")
    assert status == 1  # the old blocker fails a plain check
    baseline = tmp_path / "main.json"
    baseline.write_text(json.dumps(main), encoding="utf-8")

    energy = json.loads((repo / "proposals" / "energy-rebates.json").read_text("utf-8"))
    del energy["purpose"]["why_identifiable"]
    write(repo / "proposals" / "energy-rebates.json", energy)
    git(repo, "commit", "-q", "-am", "Shorter purpose")

    status, branch = report_of("proposals", "--baseline", str(baseline))
    assert status == 1
    new = [f for r in branch["results"] for f in r["findings"] if f["baseline"] == "new"]
    assert [(f["rule"], f["severity"]) for f in new] == [("SC-IDENT-001", "blocker")]
    assert findings(branch, "proposals/energy-rebates.json") == new
    assert branch["summary"]["new"] == 1 and branch["summary"]["fixed"] == 0
    assert all(f["baseline"] == "unchanged" for f in findings(branch, "proposals/residents-index.json"))


def test_an_edit_elsewhere_in_a_file_with_an_old_blocker_passes_and_keeps_its_fingerprint(
    repo: Path, tmp_path: Path
) -> None:
    _, main = report_of("proposals")
    baseline = tmp_path / "main.json"
    baseline.write_text(json.dumps(main), encoding="utf-8")
    old = {f["rule"]: f for f in findings(main, "proposals/residents-index.json")}
    assert old["SC-IDENT-001"]["severity"] == "blocker"

    path = repo / "proposals" / "residents-index.json"
    data = json.loads(path.read_text("utf-8"))
    data["purpose"]["objectives"][:0] = ["Find residents due a council tax reduction", "Report yearly to the committee"]
    write(path, data)
    git(repo, "commit", "-q", "-am", "Two more objectives")

    status, branch = report_of("proposals", "--baseline", str(baseline))
    assert status == 0
    now = {f["rule"]: f for f in findings(branch, "proposals/residents-index.json")}
    blocker = now["SC-IDENT-001"]
    assert blocker["line"] != old["SC-IDENT-001"]["line"]  # the line moved ...
    assert blocker["fingerprint"] == old["SC-IDENT-001"]["fingerprint"]  # ... the identity did not
    assert blocker["baseline"] == "unchanged"
    assert branch["summary"]["new"] == 0

    # --fail-on-existing restores the full gate; without a baseline the old blocker fails as before
    assert invoke("check", "proposals", "--baseline", str(baseline), "--fail-on-existing").exit_code == 1
    assert invoke("check", "proposals").exit_code == 1


def test_a_fixed_finding_is_listed_in_every_people_format(repo: Path, tmp_path: Path) -> None:
    _, main = report_of("proposals")
    baseline = tmp_path / "main.json"
    baseline.write_text(json.dumps(main), encoding="utf-8")
    path = repo / "proposals" / "residents-index.json"
    data = json.loads(path.read_text("utf-8"))
    data["purpose"]["why_identifiable"] = "Council tax bills go to named residents, so the index must say who they are."
    write(path, data)

    status, branch = report_of("proposals", "--baseline", str(baseline))
    assert status == 0
    assert [f["rule"] for f in branch["baseline"]["fixed"]] == ["SC-IDENT-001"]
    text = invoke("check", "proposals", "--baseline", str(baseline), "--as-of", AS_OF).stdout
    assert "fixed: SC-IDENT-001 (blocker) in proposals/residents-index.json" in text
    assert "Against the baseline: 0 new" in text
    github = invoke("check", "proposals", "--baseline", str(baseline), "--format", "github").stdout
    assert "::notice title=fixed::SC-IDENT-001 (blocker)" in github
    markdown = invoke("check", "proposals", "--baseline", str(baseline), "--format", "markdown").stdout
    assert "## Against the baseline" in markdown and "### Fixed" in markdown


def test_new_findings_are_marked_new_in_text_github_and_markdown(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "empty.json"
    _, empty = report_of("proposals/energy-rebates.json")
    baseline.write_text(json.dumps(empty), encoding="utf-8")
    args = ("check", "proposals/residents-index.json", "--baseline", str(baseline), "--as-of", AS_OF)
    assert " new blocker SC-IDENT-001 " in invoke(*args).stdout
    assert "title=SC-IDENT-001 (blocker%2C new)" in invoke(*args, "--format", "github").stdout
    assert "**new** `SC-IDENT-001`" in invoke(*args, "--format", "markdown").stdout


def test_sarif_with_a_baseline_is_valid_and_has_baseline_states(repo: Path, tmp_path: Path) -> None:
    _, main = report_of("proposals")
    baseline = tmp_path / "main.json"
    baseline.write_text(json.dumps(main), encoding="utf-8")
    path = repo / "proposals" / "residents-index.json"
    data = json.loads(path.read_text("utf-8"))
    data["purpose"]["why_identifiable"] = "Council tax bills go to named residents, so the index must say who they are."
    write(path, data)
    energy = json.loads((repo / "proposals" / "energy-rebates.json").read_text("utf-8"))
    del energy["purpose"]["why_identifiable"]
    write(repo / "proposals" / "energy-rebates.json", energy)

    result = invoke("check", "proposals", "--baseline", str(baseline), "--format", "sarif", "--as-of", AS_OF)
    sarif = json.loads(result.stdout)
    validate(sarif)
    states = sorted((r["ruleId"], r["baselineState"]) for r in sarif["runs"][0]["results"])
    assert ("SC-IDENT-001", "absent") in states and ("SC-IDENT-001", "new") in states
    assert {state for _, state in states} <= {"new", "unchanged", "absent"}
    assert all(len(r["partialFingerprints"]["sharecheckFinding/v2"]) == 32 for r in sarif["runs"][0]["results"])


def test_a_baseline_from_another_pack_or_proposal_set_is_used_and_explained(repo: Path, tmp_path: Path) -> None:
    _, main = report_of("proposals")
    main["rule_pack"]["version"] = "0.1.0"
    baseline = tmp_path / "old.json"
    baseline.write_text(json.dumps(main), encoding="utf-8")
    status, only = report_of("proposals/energy-rebates.json", "--baseline", str(baseline))
    assert status == 0
    notes = " ".join(only["baseline"]["notes"])
    assert "rule pack sharecheck 0.1.0" in notes
    assert "1 proposal(s) of the baseline were not checked" in notes
    assert only["baseline"]["fixed"] == []  # the unchecked proposal's blocker is not "fixed"


def test_a_baseline_without_fingerprints_is_matched_by_path(repo: Path, tmp_path: Path) -> None:
    _, main = report_of("proposals")
    for result in main["results"]:
        for finding in result["findings"]:
            del finding["fingerprint"]
    baseline = tmp_path / "older.json"
    baseline.write_text(json.dumps(main), encoding="utf-8")
    status, branch = report_of("proposals", "--baseline", str(baseline))
    assert status == 0
    assert any("no fingerprints" in n for n in branch["baseline"]["notes"])


@pytest.mark.parametrize(
    ("content", "place"),
    [
        (b"{not json", "1:2"),
        (b"[]", "/"),
        (b'{"schema": "sharecheck.report/9"}', "/schema"),
        (
            b'{"schema": "sharecheck.report/1", "rule_pack": {}, "results": [{"file": "a.json", "findings": [{}]}]}',
            "/results/0/findings/0/rule",
        ),
        (b"\xff\xfe", "byte 0"),
    ],
)
def test_a_malformed_baseline_is_exit_2_with_the_place(tmp_path: Path, content: bytes, place: str) -> None:
    with pytest.raises(BaselineError) as raised:
        load(content)
    assert raised.value.place == place
    bad = tmp_path / "baseline.json"
    bad.write_bytes(content)
    result = invoke("check", str(FIXTURES / "energy-rebates.json"), "--baseline", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:{place}" in result.output
    assert "Traceback" not in result.output


def test_a_missing_baseline_is_exit_2(tmp_path: Path) -> None:
    result = invoke("check", str(FIXTURES / "energy-rebates.json"), "--baseline", str(tmp_path / "none.json"))
    assert result.exit_code == 2 and "cannot read it" in result.output


def test_duplicate_fingerprints_are_matched_one_for_one() -> None:
    from dataclasses import replace

    from sharecheck.checking.baseline import Baseline, BaselineFinding
    from sharecheck.results.report import Finding, ProposalInfo, Result, Severity

    finding = Finding("SC-OUTPUTS-002", Severity.WARNING, "outputs", "m", "/outputs", fingerprint="f" * 32)
    result = Result("a.json", ProposalInfo("P-1", None, ""), (finding, replace(finding)))
    old = BaselineFinding("a.json", "P-1", "SC-OUTPUTS-002", Severity.WARNING, "m", "f" * 32)
    pack = PackInfo("sharecheck", "0.2.0", "0" * 64)
    marked = compare(Report("t", pack, (result,)), Baseline(pack, (old,), frozenset({"P-1"})))
    assert [f.baseline for f in marked.results[0].findings] == ["unchanged", "new"]
