"""The project's settings file as the library reads it for the CLI and the language server: absolute paths, and
each problem at its line so an editor can show it there."""

from __future__ import annotations

from pathlib import Path

import pytest

from sharecheck.checking.settings import SettingsError, load


def test_paths_come_back_absolute_beside_the_file_found_upwards(tmp_path: Path) -> None:
    (tmp_path / "sharecheck.toml").write_text('rules = ["our-policy"]\nbaseline = "main.json"\n', "utf-8")
    (tmp_path / "proposals").mkdir()
    found = load(tmp_path / "proposals")
    assert found.file == tmp_path.resolve() / "sharecheck.toml"
    assert found.values == {"rules": (tmp_path.resolve() / "our-policy",), "baseline": tmp_path.resolve() / "main.json"}


@pytest.mark.parametrize(
    ("name", "content", "line", "message"),
    [
        ("sharecheck.toml", '# ours\n\nfail_on = "never"\n', 3, "did you mean `fail-on`?"),
        ("sharecheck.toml", 'rules = "p"\n"jobs" = -1\n', 2, "expected a whole number"),
        ("sharecheck.toml", "fail-on = \n", 1, "not valid TOML"),
        ("pyproject.toml", '[project]\nname = "x"\n\n[tool.sharecheck]\nformat = "yaml"\n', 5, "expected one of text"),
        ("pyproject.toml", "[tool]\nsharecheck = 3\n", None, "must be a table"),
    ],
)
def test_a_problem_names_the_file_and_its_line(
    tmp_path: Path, name: str, content: str, line: int | None, message: str
) -> None:
    (tmp_path / name).write_text(content, "utf-8")
    with pytest.raises(SettingsError) as raised:
        load(tmp_path)
    assert raised.value.file == tmp_path.resolve() / name
    assert raised.value.line == line
    assert message in str(raised.value) and str(raised.value).startswith(str(tmp_path.resolve() / name))
