"""The pack cache: the same Pack as loading, and any doubtful entry ignored and rebuilt silently."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from sharecheck.packs import cache
from sharecheck.packs.loader import Pack, PackError, load_pack
from tests.conftest import ROOT

Cli = Callable[..., Result]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Each time the pack is really loaded from its files (not from the cache)."""
    calls: list[object] = []

    def counting(directories: Any = None) -> Pack:
        calls.append(directories)
        return load_pack(directories)

    monkeypatch.setattr(cache, "load_pack", counting)
    yield calls


@pytest.fixture
def own_pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(ROOT / "rules", folder, ignore=shutil.ignore_patterns("tests"))
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("pack-*.json"))


def test_the_default_pack_from_the_cache_is_the_pack_loaded_from_its_files(tmp_path: Path, loads: list[object]) -> None:
    first = cache.load(cache_dir=tmp_path)
    second = cache.load(cache_dir=tmp_path)
    assert len(loads) == 1  # the second came from the cache
    assert second == first == load_pack()
    assert second.gateways.get("dea2017_s35_psd") == first.gateways.get("dea2017_s35_psd")
    assert second.framework is not None and second.framework.section_of("q01") == first.framework.section_of("q01")  # type: ignore[union-attr]


def test_an_entry_is_plain_json_naming_only_sharecheck_values(tmp_path: Path) -> None:
    cache.load(cache_dir=tmp_path)
    [entry] = entries(tmp_path)
    stored = json.loads(entry.read_text("utf-8"))
    classes = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "class" in value:
                classes.add(value["class"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(stored["pack"])
    assert classes and all(name.startswith("sharecheck.") for name in classes)


def test_a_changed_rule_file_is_a_stale_entry_and_the_pack_is_rebuilt(
    tmp_path: Path, own_pack: Path, loads: list[object]
) -> None:
    cache_dir = tmp_path / "cache"
    before = cache.load([own_pack], cache_dir=cache_dir)
    core = own_pack / "core.yaml"
    core.write_text(core.read_text("utf-8").replace("A legal gateway is named", "A gateway is named"), "utf-8")
    after = cache.load([own_pack], cache_dir=cache_dir)
    assert len(loads) == 2
    assert after == load_pack([own_pack]) != before
    assert any(r.title == "A gateway is named" for r in after.rules)


def test_a_new_rule_file_in_a_layer_is_a_stale_entry(tmp_path: Path, own_pack: Path, loads: list[object]) -> None:
    cache_dir = tmp_path / "cache"
    cache.load([own_pack], cache_dir=cache_dir)
    (own_pack / "extra.yaml").write_text("rules: []\n", "utf-8")
    cache.load([own_pack], cache_dir=cache_dir)
    assert len(loads) == 2


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"\x00\xff not json"), id="corrupt"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), id="truncated"),
        pytest.param(lambda p: p.write_text("[]", "utf-8"), id="not an entry"),
        pytest.param(lambda p: p.write_text("{}", "utf-8"), id="empty object"),
        pytest.param(lambda p: (p.unlink(), p.mkdir()), id="unreadable (a folder)"),
    ],
)
def test_a_damaged_entry_is_ignored_and_rebuilt_silently(
    tmp_path: Path, loads: list[object], damage: Callable[[Path], object]
) -> None:
    cache.load(cache_dir=tmp_path)
    [entry] = entries(tmp_path)
    damage(entry)
    assert cache.load(cache_dir=tmp_path) == load_pack()
    assert len(loads) == 2
    if entry.is_file():  # rewritten, and good again
        assert cache.load(cache_dir=tmp_path) == load_pack()
        assert len(loads) == 2


def test_an_entry_written_by_another_version_is_ignored(tmp_path: Path, loads: list[object]) -> None:
    cache.load(cache_dir=tmp_path)
    [entry] = entries(tmp_path)
    stored = json.loads(entry.read_text("utf-8"))
    stored["version"] = "0.0.1"
    stored["pack"]["fields"]["name"] = "tampered"
    entry.write_text(json.dumps(stored), "utf-8")
    assert cache.load(cache_dir=tmp_path).name == "sharecheck"
    assert len(loads) == 2


def test_an_entry_naming_a_class_outside_sharecheck_is_never_built(tmp_path: Path, loads: list[object]) -> None:
    cache.load(cache_dir=tmp_path)
    [entry] = entries(tmp_path)
    stored = json.loads(entry.read_text("utf-8"))
    stored["pack"] = {"$": "value", "class": "subprocess.Popen", "fields": {"args": ["false"]}}
    entry.write_text(json.dumps(stored), "utf-8")
    assert cache.load(cache_dir=tmp_path) == load_pack()
    assert len(loads) == 2


def test_an_unwritable_cache_folder_costs_only_speed(tmp_path: Path, loads: list[object]) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", "utf-8")
    assert cache.load(cache_dir=blocked) == cache.load(cache_dir=blocked) == load_pack()
    assert len(loads) == 2


def test_an_invalid_pack_is_refused_and_never_cached(tmp_path: Path, own_pack: Path) -> None:
    (own_pack / "broken.yaml").write_text("rules: [{id: NOPE}]\n", "utf-8")
    with pytest.raises(PackError):
        cache.load([own_pack], cache_dir=tmp_path / "cache")
    assert not entries(tmp_path / "cache")


def test_sharecheck_no_cache_neither_reads_nor_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loads: list[object]
) -> None:
    monkeypatch.setenv("SHARECHECK_NO_CACHE", "1")
    cache.load(cache_dir=tmp_path)
    cache.load(cache_dir=tmp_path)
    assert len(loads) == 2 and not entries(tmp_path)


def test_the_cache_lives_in_the_user_cache_folder_unless_moved(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("SHARECHECK_CACHE_DIR", raising=False)
    assert cache.default_dir() == Path(platformdirs.user_cache_dir("sharecheck", appauthor=False))
    monkeypatch.setenv("SHARECHECK_CACHE_DIR", "/somewhere/else")
    assert cache.default_dir() == Path("/somewhere/else")


def test_check_no_cache_leaves_the_cache_alone(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARECHECK_CACHE_DIR", str(tmp_path))
    args = ("check", "fixtures/early-help-families.json", "--as-of", "2026-06-01", "--format", "json")
    uncached = cli(*args, "--no-cache")
    assert uncached.exit_code == 0 and not entries(tmp_path)
    cached = cli(*args)
    assert entries(tmp_path)
    again = cli(*args)
    assert uncached.output == cached.output == again.output
