"""What the builder may write: only inside its folder, never over someone else's change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sharecheck.serve.store import Conflict, Folder, StoreError, formatted


def test_formatting_is_schema_ordered_with_two_space_indent_and_a_final_newline() -> None:
    text = formatted(
        {"title": "Fuel poverty", "x-team": "Housing", "schema_version": "sharecheck.proposal/1", "id": "fp"}
    )
    assert text.endswith("}\n")
    assert list(json.loads(text)) == ["schema_version", "id", "title", "x-team"]
    assert '\n  "id": "fp"' in text


def test_nested_keys_follow_the_schema_and_unknown_keys_stay_after_them() -> None:
    text = formatted({"parties": [{"role": "processor", "x-note": "kept", "id": "acme"}]})
    assert list(json.loads(text)["parties"][0]) == ["id", "role", "x-note"]


@pytest.mark.parametrize(
    "name", ["../escape.json", "sub/inner.json", ".hidden.json", "notes.txt", "..json", "/etc/passwd"]
)
def test_names_outside_the_folder_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(StoreError):
        Folder(tmp_path).path(name)


def test_a_symlink_leading_out_of_the_folder_is_neither_listed_nor_written(tmp_path: Path) -> None:
    folder, outside = tmp_path / "proposals", tmp_path / "outside.json"
    folder.mkdir()
    outside.write_text("{}", "utf-8")
    (folder / "link.json").symlink_to(outside)
    store = Folder(folder)
    assert store.names() == []
    with pytest.raises(StoreError):
        store.save("link.json", "{}\n", expected_sha256=None)
    assert outside.read_text("utf-8") == "{}"


def test_a_file_changed_on_disk_since_it_was_opened_is_not_overwritten(tmp_path: Path) -> None:
    store = Folder(tmp_path)
    first = store.save("fuel.json", "{}\n", expected_sha256=None)
    (tmp_path / "fuel.json").write_text('{"title": "changed by a colleague"}\n', "utf-8")
    with pytest.raises(Conflict):
        store.save("fuel.json", "{}\n", expected_sha256=first)
    assert "colleague" in (tmp_path / "fuel.json").read_text("utf-8")


def test_create_never_replaces_an_existing_file_and_a_save_leaves_no_temporary_file(tmp_path: Path) -> None:
    store = Folder(tmp_path)
    sha = store.save("fuel.json", "{}\n", expected_sha256=None)
    with pytest.raises(Conflict):
        store.save("fuel.json", "[]\n", expected_sha256=None)
    store.save("fuel.json", '{"id": "fuel"}\n', expected_sha256=sha)
    assert [p.name for p in tmp_path.iterdir()] == ["fuel.json"]
