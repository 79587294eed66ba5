"""Versions and pins that are true: one version everywhere, and every pin in the docs exists."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable

import pytest
from click.testing import Result

from sharecheck import __version__
from sharecheck.packs.loader import Pack
from tests.conftest import FIXTURES, ROOT

Cli = Callable[..., Result]

# `uses: OWNER/sharecheck@REF` (the action) and `rev: REF` (pre-commit) in README and docs
PIN = re.compile(r"(?:sharecheck@|\brev:\s*)([^\s`'\"#]+)")
MARKER = "replace with your SHA"


def test_the_cli_the_package_and_the_bundled_pack_share_one_version(cli: Cli, pack: Pack) -> None:
    assert cli("--version").stdout.strip() == f"sharecheck, version {__version__}"
    assert pack.name == "sharecheck" and pack.version == __version__
    report = json.loads(cli("check", str(FIXTURES / "energy-rebates.json"), "--format", "json").stdout)
    assert report["tool"]["version"] == __version__ == report["rule_pack"]["version"]


def pins() -> list[tuple[str, int, str, str]]:
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            for match in PIN.finditer(line):
                found.append((path.name, number, match.group(1), line))
    return found


def test_the_docs_pin_full_commit_shas_or_say_to_replace_them() -> None:
    found = pins()
    assert len(found) >= 4  # README: action and hook; docs/ci.md: two actions and a hook
    for name, number, ref, line in found:
        if MARKER in line:
            continue
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name}:{number}: pin {ref!r} is not a full commit SHA"


@pytest.mark.skipif(not (ROOT / ".git").exists() or shutil.which("git") is None, reason="not a git checkout")
def test_every_pinned_commit_exists_in_the_repository() -> None:
    for name, number, ref, line in pins():
        if MARKER in line:
            continue
        exists = subprocess.run(
            ["git", "-C", str(ROOT), "cat-file", "-e", f"{ref}^{{commit}}"], capture_output=True, check=False
        )
        assert exists.returncode == 0, f"{name}:{number}: commit {ref} is not in this repository"


def test_no_doc_pins_a_tag_that_does_not_exist() -> None:
    """There is no release tag yet: a `v0.1.0` pin is what made pre-commit fail ('pathspec did not match')."""
    for name, number, ref, _line in pins():
        assert not ref.startswith("v"), f"{name}:{number}: {ref} is a tag, and no tag is released"
