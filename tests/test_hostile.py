"""Hostile inputs (ISSUE 8): each ends in a clear error within a stated bound, never a crash.

The bounds are limits in the code (README "Limits"), so these tests check that each limit is
what stops the input; how fast that is belongs in benchmarks/, not here.
"""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from sharecheck.checking.batch import read_bounded
from sharecheck.checking.pipeline import check, check_bytes
from sharecheck.packs.loader import MAX_PATTERN_WORDS, MAX_RULES, Pack, PackError, load_pack
from sharecheck.packs.message_template import MAX_QUOTED
from sharecheck.reading import strict_json as source
from tests.conftest import AS_OF, FIXTURES, ROOT, early_help, write_json

Cli = Callable[..., Result]


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.delivered = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.delivered += len(chunk)
        return chunk


def test_a_50_mb_proposal_is_refused_having_read_no_more_than_the_limit(cli: Cli, tmp_path: Path) -> None:
    stream = CountingStream(b"{" + b" " * (50 * 1024 * 1024) + b"}")
    raw = read_bounded(stream)
    assert stream.delivered == len(raw) == source.MAX_BYTES + 1
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    result = cli("check", str(big), "fixtures/early-help-families.json", "--as-of", "2026-06-01")
    assert result.exit_code == 1
    assert "big.json:1:1 blocker SC-INPUT-001 the file is larger than 5,242,880 bytes" in result.stdout
    assert "fixtures/early-help-families.json: band likely" in result.stdout


def test_100000_deep_nesting_stops_at_the_depth_limit(pack: Pack) -> None:
    raw = b'{"title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    (finding,) = check_bytes(raw, pack, file="deep.json").findings
    assert "nesting is deeper than 64 levels" in finding.message
    assert (finding.line, finding.column) == (1, 11 + source.MAX_DEPTH - 1)


def test_a_million_fields_is_refused_by_size_and_a_compact_flood_by_the_value_count(pack: Pack) -> None:
    data = early_help()
    data["data"]["datasets"][0]["fields"] = [{"name": "a"}] * 1_000_000
    raw = json.dumps(data, separators=(",", ":")).encode()
    assert len(raw) > source.MAX_BYTES
    (finding,) = check_bytes(raw, pack, file="million.json").findings
    assert "larger than" in finding.message
    flood = b'{"x-list": [' + b",".join([b"0"] * (source.MAX_VALUES + 10)) + b"]}"
    assert len(flood) < source.MAX_BYTES
    (finding,) = check_bytes(flood, pack, file="flood.json").findings
    assert f"more than {source.MAX_VALUES:,} values" in finding.message


def test_long_strings_are_checked_and_quoted_only_in_part(pack: Pack) -> None:
    data = early_help()
    data["title"] = "T" * 3_000_000
    data["data"]["datasets"][0]["fields"].append({"name": "ethnicity " + "x" * 1_000_000, "special_category": "none"})
    result = check(data, pack, today=AS_OF)
    (finding,) = [f for f in result.findings if f.rule == "SC-SENSITIVE-002"]
    assert len(finding.message) < MAX_QUOTED + 200 and "…" in finding.message


def test_control_characters_and_bidi_overrides_in_a_title_never_reach_the_terminal(cli: Cli, tmp_path: Path) -> None:
    data = early_help()
    data["title"] = "Early help \u202eevil\u202c \x1b[2J\x07"
    data["data"]["datasets"][0]["fields"].append({"name": "ethnicity\u202e\x1b[31m", "special_category": "none"})
    target = write_json(tmp_path / "odd.json", data)
    for fmt in ("text", "github", "markdown", "html"):
        out = cli("check", str(target), "--format", fmt, "--as-of", "2026-06-01").stdout
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out, fmt


def pack_of(tmp_path: Path, rules: list[dict[str, object]], per_file: int = 400) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text("pack: {name: big, version: '1'}\n")
    for start in range(0, len(rules), per_file):
        chunk = rules[start : start + per_file]
        (folder / f"rules{start // per_file:03d}.yaml").write_text(yaml.safe_dump({"rules": chunk}, width=200))
    return folder


def copies(count: int, *, keep_mentions: bool) -> list[dict[str, object]]:
    core = yaml.safe_load((ROOT / "rules" / "core.yaml").read_text("utf-8"))["rules"]
    pool = [r for r in core if keep_mentions or r["id"] != "SC-SENSITIVE-002"]
    return [{**copy.deepcopy(pool[i % len(pool)]), "id": f"BIG-R{i:05d}"} for i in range(count)]


def test_ten_thousand_rules_stop_at_the_rule_limit(tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(pack_of(tmp_path, copies(10_000, keep_mentions=False)))
    (problem,) = caught.value.problems
    assert f"at most {MAX_RULES} rules" in problem.message and problem.file.endswith("rules001.yaml")


def test_too_many_pattern_words_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(pack_of(tmp_path, copies(MAX_RULES, keep_mentions=True)))
    (problem,) = caught.value.problems
    assert f"at most {MAX_PATTERN_WORDS} are supported" in problem.message


def test_yaml_bombs_and_python_tags_in_a_rule_file_exit_2(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "pack.yaml").write_text("pack: {name: evil, version: '1'}\n")
    laughs = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
    )
    (folder / "bomb.yaml").write_text(laughs)
    (folder / "tag.yaml").write_text("rules: !!python/object/apply:os.system ['touch pwned']\n")
    result = cli("rules", "lint", str(folder))
    assert result.exit_code == 2
    assert "bomb.yaml:1:4" in result.output and "anchors and aliases" in result.output  # at the anchor
    assert "tag.yaml:1:8" in result.output and "not allowed in rule files" in result.output
    assert not (ROOT / "pwned").exists()


def test_circular_extends_exits_2(cli: Cli, tmp_path: Path) -> None:
    for name, other in (("a", "b"), ("b", "a")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pack.yaml").write_text(f"pack: {{name: {name}, version: '1', extends: ../{other}}}\n")
    result = cli("check", "fixtures/early-help-families.json", "--rules", str(tmp_path / "a"))
    assert result.exit_code == 2 and "goes round in a circle" in result.stderr


@pytest.mark.parametrize("seed", ["0", "1", "4242"])
def test_output_does_not_depend_on_the_hash_seed(seed: str) -> None:
    def run(hash_seed: str) -> bytes:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-m", "sharecheck", "check", "fixtures/", "--format", "sarif", "--as-of", "2026-06-01"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        return done.stdout

    assert run(seed) == run("random")


def test_no_state_leaks_between_proposals(pack: Pack) -> None:
    a = (FIXTURES / "residents-index.json").read_bytes()
    b = (FIXTURES / "integrated-care-record.json").read_bytes()
    first = check_bytes(a, pack, file="a.json", today=AS_OF)
    check_bytes(b, pack, file="b.json", today=AS_OF)
    assert check_bytes(a, pack, file="a.json", today=AS_OF) == first
