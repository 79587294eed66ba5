"""Which files a check covers: folders, globs (expanded by sharecheck), literal names, stdin."""

from __future__ import annotations

from pathlib import Path

import pytest

from sharecheck.reading.files import MissingPath, expand, is_glob


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("proposals/a.json", "proposals/b.json", "proposals/nested/c.json", "proposals/notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", "utf-8")
    (tmp_path / "proposals/.drafts").mkdir()
    (tmp_path / "proposals/.drafts/d.json").write_text("{}", "utf-8")
    (tmp_path / "odd[1].json").write_text("{}", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def names(*paths: str) -> list[str]:
    return [t.name for t in expand(paths)]


def test_a_glob_matches_like_a_shell_and_the_result_is_sorted(tree: Path) -> None:
    assert names("proposals/*.json") == ["proposals/a.json", "proposals/b.json"]
    assert names("proposals/**/*.json") == ["proposals/a.json", "proposals/b.json", "proposals/nested/c.json"]
    assert names("proposals/?.json", "proposals/a.json") == ["proposals/a.json", "proposals/b.json"]  # de-duplicated


def test_a_glob_matching_a_folder_searches_it_and_hidden_ones_stay_hidden(tree: Path) -> None:
    assert names("propos*") == ["proposals/a.json", "proposals/b.json", "proposals/nested/c.json"]


def test_an_existing_name_with_glob_characters_is_taken_literally(tree: Path) -> None:
    assert is_glob("odd[1].json")
    assert names("odd[1].json") == ["odd[1].json"]


def test_a_glob_without_matches_and_a_missing_file_are_missing_paths(tree: Path) -> None:
    with pytest.raises(MissingPath, match=r"proposals/\*\.yaml"):
        expand(["proposals/*.yaml"])
    with pytest.raises(MissingPath):
        expand(["proposals/z.json"])


def test_stdin_is_its_own_target(tree: Path) -> None:
    (stdin,) = expand(["-"])
    assert stdin.path is None and stdin.name == "-"
