"""`sharecheck lsp` without its extra: one clear line and exit 2, never a traceback."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from sharecheck.cli.main import main


def test_without_the_extra_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # makes `import pygls` fail as if not installed
    result = CliRunner().invoke(main, ["lsp"])
    assert result.exit_code == 2
    assert "pip install 'sharecheck[lsp]'" in result.output
    assert "Traceback" not in result.output
