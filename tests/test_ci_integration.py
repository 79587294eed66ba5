"""The integration files at the repository root, and docs/ci.md's examples of them.

- .pre-commit-hooks.yaml: run exactly as pre-commit runs a hook (entry, args, then the matching
  file names) on a proposals folder, and, where pre-commit itself is installed, by pre-commit
  from a throwaway hook repository with the docs' own `.pre-commit-config.yaml`.
- action.yml: its steps' shell scripts run with the environment GitHub would give them.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

HOOKS = ROOT / ".pre-commit-hooks.yaml"
ACTION = ROOT / "action.yml"
DOCS = ROOT / "docs" / "ci.md"
BIN = str(Path(sys.executable).parent)  # where this environment's `sharecheck` is


def docs_yaml() -> list[Any]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", DOCS.read_text("utf-8"), re.S)]


def docs_pre_commit_config() -> dict[str, Any]:
    """The first `.pre-commit-config.yaml` of docs/ci.md that uses this repository's hook."""
    for block in docs_yaml():
        if isinstance(block, dict) and any("rev" in repo for repo in block.get("repos", [])):
            return block
    raise AssertionError("docs/ci.md has no .pre-commit-config.yaml example")


def the_hook() -> dict[str, Any]:
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "sharecheck"]
    assert isinstance(hook, dict)
    return hook


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", ""), **extra}


@pytest.fixture
def proposals_repo(tmp_path: Path) -> Path:
    """A repository of proposals: one with a blocker, one clean, and JSON that is not a proposal."""
    repo = tmp_path / "governance"
    (repo / "proposals").mkdir(parents=True)
    shutil.copy(FIXTURES / "broken" / "missing-gateway.json", repo / "proposals" / "dwp-flags.json")
    shutil.copy(FIXTURES / "early-help-families.json", repo / "proposals" / "early-help.json")
    (repo / "package.json").write_text('{"name": "governance-site", "private": true}\n', "utf-8")
    (repo / "proposals" / "README.md").write_text("Proposals awaiting the board.\n", "utf-8")
    return repo


def test_the_hook_manifest_is_one_python_hook_for_json_files() -> None:
    hook = the_hook()
    assert shlex.split(hook["entry"]) == ["sharecheck", "check"]
    assert hook["language"] == "python" and hook["types"] == ["json"]
    assert hook.get("pass_filenames", True) is True


def test_the_hook_manifest_is_valid_for_pre_commit() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    (hook,) = clientlib.load_manifest(str(HOOKS))
    assert hook["id"] == "sharecheck"


def files_pre_commit_would_pass(repo: Path, hook: dict[str, Any], user: dict[str, Any]) -> list[str]:
    """pre-commit's selection: `files` and `exclude` regexes (user's over the hook's) and `types`."""
    include = re.compile(user.get("files", hook.get("files", "")))
    exclude = re.compile(user.get("exclude", hook.get("exclude", "^$")))
    types = set(user.get("types", hook.get("types", ["file"])))
    chosen = []
    for path in sorted(p for p in repo.rglob("*") if p.is_file()):
        name = path.relative_to(repo).as_posix()
        tags = {"file", "json"} if path.suffix == ".json" else {"file"}
        if include.search(name) and not exclude.search(name) and types <= tags:
            chosen.append(name)
    return chosen


def run_hook_as_pre_commit_would(repo: Path, user: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    hook = the_hook()
    files = files_pre_commit_would_pass(repo, hook, user)
    command = [*shlex.split(hook["entry"]), *hook.get("args", []), *user.get("args", []), *files]
    return subprocess.run(command, cwd=repo, env=environment(), capture_output=True, text=True, check=False)


def test_the_hook_as_configured_in_the_docs_fails_on_a_blocker(proposals_repo: Path) -> None:
    (user_hook,) = docs_pre_commit_config()["repos"][0]["hooks"]
    assert user_hook["id"] == "sharecheck" and user_hook["files"] == "^proposals/"
    assert files_pre_commit_would_pass(proposals_repo, the_hook(), user_hook) == [
        "proposals/dwp-flags.json",
        "proposals/early-help.json",
    ]
    run = run_hook_as_pre_commit_would(proposals_repo, user_hook)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "proposals/dwp-flags.json:" in run.stdout and "blocker SC-GATEWAY-001" in run.stdout
    assert "package.json" not in run.stdout and "Traceback" not in run.stderr


def test_the_hook_passes_once_the_blocker_is_fixed(proposals_repo: Path) -> None:
    (user_hook,) = docs_pre_commit_config()["repos"][0]["hooks"]
    shutil.copy(FIXTURES / "early-help-families.json", proposals_repo / "proposals" / "dwp-flags.json")
    run = run_hook_as_pre_commit_would(proposals_repo, user_hook)
    assert run.returncode == 0, run.stdout + run.stderr


def git(cwd: Path, *args: str) -> str:
    identity = {
        "GIT_AUTHOR_NAME": "Information Governance",
        "GIT_AUTHOR_EMAIL": "ig@northshire.example",
        "GIT_COMMITTER_NAME": "Information Governance",
        "GIT_COMMITTER_EMAIL": "ig@northshire.example",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=environment(**identity), capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def durable_build_environment() -> dict[str, str]:
    """On Python 3.13+, what a user exports before pre-commit builds the hook (docs/ci.md): pip
    inherits it, so durable-rules is built with PyEval_CallObject mapped, and not from a cached
    wheel built without it."""
    from sharecheck.engines.runtime import DURABLE_313_CPPFLAGS

    if sys.version_info < (3, 13):
        return {}
    return {"CPPFLAGS": DURABLE_313_CPPFLAGS, "PIP_NO_CACHE_DIR": "1"}


# What building the package needs: pyproject.toml force-includes schemas, rules and fixtures.
HOOK_REPO_FILES = ("src", "rules", "schemas", "fixtures", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


def test_pre_commit_itself_runs_the_hook_and_fails_on_a_blocker(proposals_repo: Path, tmp_path: Path) -> None:
    """The real thing, where pre-commit is installed: it clones a hook repository at a rev,
    builds the hook's virtualenv with pip (so it needs the package index, or pip's cache),
    and runs the hook on the files `files:` selects."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    hook_repo = tmp_path / "sharecheck"
    hook_repo.mkdir()
    for name in HOOK_REPO_FILES:  # the working tree as it is, committed or not
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, hook_repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(source, hook_repo / name)
    git(hook_repo, "init", "-q")
    git(hook_repo, "add", "-A")
    git(hook_repo, "commit", "-q", "-m", "sharecheck under test")
    config = docs_pre_commit_config()
    config["repos"][0].update(repo=str(hook_repo), rev=git(hook_repo, "rev-parse", "HEAD"))
    (proposals_repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    git(proposals_repo, "init", "-q")
    git(proposals_repo, "add", "-A")
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=proposals_repo,
        env=environment(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), **durable_build_environment()),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    output = run.stdout + run.stderr
    if "Installing environment" in output and "An unexpected error has occurred" in output:
        log = (tmp_path / "pre-commit-home" / "pre-commit.log").read_text("utf-8", errors="replace")
        offline = (
            "Temporary failure in name resolution",
            "Failed to establish a new connection",
            "No matching distribution",
        )
        if any(sign in log for sign in offline):  # only the network is a reason to skip; a build error fails
            pytest.skip(f"pre-commit could not reach the package index to build the hook:\n{log[-2000:]}")
        pytest.fail(f"pre-commit could not build the hook's environment:\n{log[-3000:]}")
    assert run.returncode == 1, output
    assert re.search(r"^sharecheck \(data-sharing proposals\)\.+Failed$", run.stdout, re.M), output
    assert "proposals/dwp-flags.json:" in output and "blocker SC-GATEWAY-001" in output
    assert "package.json" not in output


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text("utf-8"))
    return loaded


def step(name: str) -> dict[str, Any]:
    (found,) = [s for s in action()["runs"]["steps"] if s.get("name") == name]
    return found


def test_the_action_is_composite_with_python_install_check_and_sarif_upload() -> None:
    spec = action()
    assert spec["runs"]["using"] == "composite"
    assert {"paths", "rules", "fail-on"} <= set(spec["inputs"])
    assert spec["inputs"]["paths"]["required"] is True and spec["inputs"]["fail-on"]["default"] == "blocker"
    setup = step("Set up Python")
    assert setup["uses"].startswith("actions/setup-python@")
    assert spec["inputs"]["python-version"]["default"] == "3.12"
    assert '"$GITHUB_ACTION_PATH"' in step("Install sharecheck")["run"]
    upload = step("Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    # Inputs reach scripts only through env, never pasted into the script text.
    for each in spec["runs"]["steps"]:
        assert "${{" not in each.get("run", ""), each["name"]


def run_step(name: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """As GitHub runs a composite step with `shell: bash`."""
    script = cwd / f"{name.replace(' ', '-')}.sh"
    script.write_text(step(name)["run"], "utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=False,
    )


def inputs_env(step_name: str, values: dict[str, str]) -> dict[str, str]:
    """The step's `env:` with each `${{ inputs.X }}` replaced by the given input (or its default)."""
    defaults = {name: str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
    out = {}
    for key, expression in step(step_name)["env"].items():
        match = re.fullmatch(r"\$\{\{ inputs\.([a-z-]+) \}\}", expression)
        if match:
            out[key] = values.get(match.group(1), defaults[match.group(1)])
    return out


def test_the_action_check_step_writes_sarif_and_annotations_and_records_the_exit_code(
    proposals_repo: Path, tmp_path: Path
) -> None:
    outputs = tmp_path / "github-output"
    env = inputs_env(
        "Check proposals", {"paths": "proposals/dwp-*.json\n proposals/early-help.json", "sarif-file": "out.sarif"}
    )
    run = run_step("Check proposals", proposals_repo, {**env, "GITHUB_OUTPUT": str(outputs)})
    assert run.returncode == 0, run.stderr  # the step records the code; the last step fails the job
    assert outputs.read_text("utf-8").splitlines() == ["exit-code=1", "sarif=true"]
    annotations = run.stdout.splitlines()
    assert annotations and all(line.startswith("::") for line in annotations)
    assert any(line.startswith("::error file=proposals/dwp-flags.json,line=") for line in annotations)
    sarif = json.loads((proposals_repo / "out.sarif").read_text("utf-8"))
    files = [a["location"]["uri"] for a in sarif["runs"][0]["artifacts"]]
    assert files == ["proposals/dwp-flags.json", "proposals/early-help.json"]


def test_the_action_fail_step_fails_the_job_with_the_exit_code(tmp_path: Path) -> None:
    failed = run_step("Fail on findings", tmp_path, {"CODE": "1", "FAIL_ON": "blocker"})
    assert failed.returncode == 1 and failed.stdout.startswith("::error title=sharecheck::findings at or above")
    broken = run_step("Fail on findings", tmp_path, {"CODE": "2", "FAIL_ON": "blocker"})
    assert broken.returncode == 2 and "could not run" in broken.stdout
    assert step("Fail on findings")["if"] == "${{ steps.check.outputs.exit-code != '0' }}"


def test_the_docs_use_only_inputs_the_action_has() -> None:
    declared = set(action()["inputs"])
    uses = []
    for block in docs_yaml():
        steps = block if isinstance(block, list) else block.get("jobs", {}).get("check", {}).get("steps", [])
        uses += [s for s in steps if isinstance(s, dict) and str(s.get("uses", "")).startswith("OWNER/sharecheck@")]
    assert len(uses) == 2
    for each in uses:
        assert set(each["with"]) <= declared and "paths" in each["with"]


def test_the_action_passes_as_of_and_any_further_options_and_caches_pip(proposals_repo: Path, tmp_path: Path) -> None:
    setup = step("Set up Python")
    assert setup["with"]["cache"] == "pip" and "pyproject.toml" in setup["with"]["cache-dependency-path"]
    outputs = tmp_path / "github-output"
    env = inputs_env(
        "Check proposals",
        {
            "paths": "proposals/early-help.json",
            "as-of": "2026-06-01",
            "args": "--jobs 1  --fail-on never",
            "annotations": "false",
        },
    )
    run = run_step("Check proposals", proposals_repo, {**env, "GITHUB_OUTPUT": str(outputs)})
    assert run.returncode == 0, run.stderr
    assert outputs.read_text("utf-8").splitlines()[0] == "exit-code=0"
    bad = inputs_env("Check proposals", {"paths": "proposals/early-help.json", "as-of": "June"})
    run = run_step("Check proposals", proposals_repo, {**bad, "GITHUB_OUTPUT": str(outputs)})
    assert "is not a date written YYYY-MM-DD" in run.stderr  # the date reaches sharecheck's own check
