"""The Neovim set-ups of docs/editors.md, run as written in a real headless Neovim.

Each Lua block of the doc's Neovim section is the whole `init.lua` (the test puts this
environment's `sharecheck` first on PATH and makes the pack the doc names, `our-policy`, named
by the block's `init_options` or, with those left out, by the project's `sharecheck.toml`); then
tests/lsp/neovim/driver.lua opens a proposal with a known blocker and a finding only that pack
raises, waits for both to show in `vim.diagnostic`, opens a pack file, and writes what Neovim
saw. Which Neovim: `SHARECHECK_NVIM` (a path), else `nvim` on PATH; CI installs Debian's (0.7 on
Debian 12), so blocks for a newer Neovim are skipped there, saying so. The nvim-lspconfig block
runs only with `SHARECHECK_NVIM_LSPCONFIG` pointing at a checkout of that plugin.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lsp.test_server import FIXTURES, ROOT, RULE

DOC = ROOT / "docs" / "editors.md"
DRIVER = Path(__file__).parent / "neovim" / "driver.lua"


def _blocks() -> list[str]:
    section = DOC.read_text("utf-8").split("## Neovim", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```lua\n(.*?)```", section, re.DOTALL)


def _needs(block: str) -> tuple[str, tuple[int, int]]:
    """A name for the block and the oldest Neovim it is documented for."""
    if "lspconfig" in block:
        return "nvim-lspconfig", (0, 10)
    if "vim.lsp.config(" in block:
        return "vim.lsp.config", (0, 11)
    if "vim.lsp.start(" in block:
        return "vim.lsp.start", (0, 8)
    if "vim.lsp.start_client(" in block:
        return "vim.lsp.start_client", (0, 7)
    raise AssertionError(f"a Neovim block the test does not know:\n{block}")


def _nvim() -> tuple[str, tuple[int, int]] | None:
    nvim = os.environ.get("SHARECHECK_NVIM") or shutil.which("nvim")
    if not nvim:
        return None
    head = subprocess.run([nvim, "--version"], capture_output=True, text=True, check=True, timeout=30).stdout
    found = re.search(r"NVIM v(\d+)\.(\d+)", head)
    assert found, head
    return nvim, (int(found[1]), int(found[2]))


BLOCKS = _blocks()


def test_the_doc_has_every_neovim_set_up() -> None:
    assert sorted(_needs(b)[0] for b in BLOCKS) == [
        "nvim-lspconfig",
        "vim.lsp.config",
        "vim.lsp.start",
        "vim.lsp.start_client",
    ]


INIT_OPTIONS = re.compile(r"\n\s*init_options = \{ rules = \{ \"our-policy\" \} \},[^\n]*")


@pytest.mark.parametrize("packs_from", ["init_options", "sharecheck.toml"])
@pytest.mark.parametrize("block", BLOCKS, ids=[_needs(b)[0] for b in BLOCKS])
def test_the_documented_set_up_shows_the_findings_in_neovim(tmp_path: Path, block: str, packs_from: str) -> None:
    name, oldest = _needs(block)
    nvim = _nvim()
    if nvim is None:
        pytest.skip("Neovim is not installed (apt-get install neovim, or set SHARECHECK_NVIM to an nvim)")
    binary, version = nvim
    if version < oldest:
        pytest.skip(f"the {name} set-up is for Neovim {oldest[0]}.{oldest[1]}+; this nvim is {version[0]}.{version[1]}")
    init = block
    if packs_from == "sharecheck.toml":  # as the doc says: leave init_options out and the settings file names the pack
        init, removed = INIT_OPTIONS.subn("", block)
        assert removed == 1, block
    if name == "nvim-lspconfig":
        plugin = os.environ.get("SHARECHECK_NVIM_LSPCONFIG")
        if not plugin:
            pytest.skip("nvim-lspconfig is not installed: set SHARECHECK_NVIM_LSPCONFIG to a checkout of it")
        init = f"vim.opt.runtimepath:prepend({json.dumps(plugin)})\n" + block

    # a repository: its own pack (the name the doc uses), and a proposal sent by email without a gateway
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    pack = repo / "our-policy"
    pack.mkdir()
    (pack / "pack.yaml").write_text("pack:\n  name: our-policy\n  version: 1.0.0\n  extends: sharecheck\n")
    (pack / "email.yaml").write_text(RULE.format(category="security"))
    data = json.loads((FIXTURES / "early-help-families.json").read_text("utf-8"))
    data["security"]["transfer_method"] = "encrypted_email"
    del data["legal"]["gateways"]
    (repo / "proposals").mkdir()
    proposal = repo / "proposals" / "by-email.json"
    proposal.write_text(json.dumps(data, indent=2), "utf-8")
    if packs_from == "sharecheck.toml":
        (repo / "sharecheck.toml").write_text('rules = ["our-policy"]\n', "utf-8")
    (tmp_path / "init.lua").write_text(init, "utf-8")
    out = tmp_path / "seen.json"

    home = tmp_path / "home"  # no user configuration, state or plugins of the machine's
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "SHARECHECK_TEST_PROPOSAL": str(proposal),
        "SHARECHECK_TEST_PACK_FILE": str(pack / "email.yaml"),
        "SHARECHECK_TEST_WANT": "SC-GATEWAY-001,NCC-EMAIL-001",
        "SHARECHECK_TEST_OUT": str(out),
    }
    run = subprocess.run(
        [binary, "--headless", "-n", "-i", "NONE", "-u", str(tmp_path / "init.lua"), "-c", f"luafile {DRIVER}"],
        cwd=repo / "proposals",
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert out.is_file(), f"Neovim wrote nothing (exit {run.returncode}):\n{run.stdout}\n{run.stderr}"
    seen = json.loads(out.read_text("utf-8"))
    assert seen["filetype"] == "json"
    assert seen["found"], f"the findings did not appear: {seen}\n{run.stderr}"
    codes = {d["code"] for d in seen["diagnostics"]}
    assert {"SC-GATEWAY-001", "NCC-EMAIL-001"} <= codes  # the bundled pack's blocker and the doc's pack's rule
    gateway = next(d for d in seen["diagnostics"] if d["code"] == "SC-GATEWAY-001")
    assert gateway["severity"] == 1  # vim.diagnostic.severity.ERROR
    # one server for the repository, rooted at it, which the pack file reached too
    assert [c["name"] for c in seen["clients"]] == ["sharecheck"], seen["clients"]
    assert Path(seen["clients"][0]["root"]).resolve() == repo.resolve()
    assert seen["pack_file_clients"] == 1
