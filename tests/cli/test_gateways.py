"""`sharecheck gateways` and `explain GATEWAY_ID`: the ids a proposal cites, found without reading YAML."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import FIXTURES, write_json

Cli = Callable[..., Result]


def test_gateways_filters_by_text_and_shows_the_title(cli: Cli) -> None:
    result = cli("gateways", "police", "--as-of", "2026-06-01")
    assert result.exit_code == 0
    assert "pcsca2022_s16  Disclosure of information for the serious violence duty" in result.stdout
    assert "Police, Crime, Sentencing and Courts Act 2022 s16" in result.stdout
    assert "extent: england, wales" in result.stdout and "in force from 2023-01-31" in result.stdout
    assert "who may disclose:" in result.stdout
    assert "nhsa2006_s251_copi" not in result.stdout  # filtered out: no mention of police


def test_gateways_lists_every_id_and_says_when_nothing_matches(cli: Cli, pack: object) -> None:
    ids = cli("gateways", "--ids").stdout.split()
    assert len(ids) >= 40 and ids == sorted(ids) and "cda1998_s115" in ids
    missing = cli("gateways", "no-such-power")
    assert missing.exit_code == 2 and "no gateway" in missing.output


def test_explain_accepts_a_gateway_id_and_shows_how_to_cite_it(cli: Cli) -> None:
    result = cli("explain", "pcsca2022_s16")
    assert result.exit_code == 0
    assert result.stdout.startswith("pcsca2022_s16  Disclosure of information for the serious violence duty")
    assert '{"gateways": [{"id": "pcsca2022_s16"}]}' in result.stdout
    near = cli("explain", "pcsca2022_s61")
    assert near.exit_code == 2 and "pcsca2022_s16" in near.output


def test_a_gateway_written_as_a_bare_id_gets_the_exact_object_to_write(cli: Cli, tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "ae-violence-csp.json").read_text("utf-8"))
    data["legal"]["gateways"] = ["pcsca2022_s16"]
    target = write_json(tmp_path / "bare.json", data)
    result = cli("check", str(target), "--format", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["results"][0]["findings"]
    assert finding["rule"] == "SC-INPUT-002" and finding["path"] == "/legal/gateways/0"
    assert '{"id": "pcsca2022_s16"}' in finding["message"]
