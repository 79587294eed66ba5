"""`sharecheck init`: a starter that passes the schema and whose findings say what is missing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
from click.testing import Result

from sharecheck.reading.bundled import schema

Cli = Callable[..., Result]
METADATA = {"$schema", "schema_version", "id", "title", "version", "status", "waivers"}


def test_init_prints_a_starter_that_validates(cli: Cli) -> None:
    for args in ((), ("-",)):
        result = cli("init", *args)
        assert result.exit_code == 0
        starter = json.loads(result.stdout)
        jsonschema.Draft202012Validator(schema("proposal")).validate(starter)
        assert starter["id"] == "new-data-sharing-proposal"
        assert "x-help" in starter and all("x-help" in starter[s] for s in ("purpose", "data", "legal", "framework"))


def test_checking_the_starter_finds_no_input_problems_and_names_every_section(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "fuel-poverty.json"
    assert cli("init", str(target)).exit_code == 0
    starter = json.loads(target.read_text("utf-8"))
    assert starter["id"] == "fuel-poverty"
    result = cli("check", str(target), "--format", "json", "--as-of", "2026-06-01")
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)["results"][0]
    findings = report["findings"]
    assert findings and not [f for f in findings if f["rule"].startswith("SC-INPUT-")]
    named = {f["path"].split("/")[1] for f in findings if f["path"]}
    if report["band"]["id"] == "incomplete" and report["band"].get("missing"):
        named.add("framework")  # the band lists the missing self-assessment answers
    sections = [key for key in starter if not key.startswith("x-") and key not in METADATA]
    assert sections and [s for s in sections if s not in named] == []


def test_init_never_overwrites_without_force(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "proposal.json"
    target.write_text('{"my": "work"}')
    refused = cli("init", str(target))
    assert refused.exit_code == 2 and "already exists" in refused.stderr
    assert target.read_text() == '{"my": "work"}'
    forced = cli("init", str(target), "--force")
    assert forced.exit_code == 0 and json.loads(target.read_text())["schema_version"] == "sharecheck.proposal/1"


def test_init_into_a_missing_folder_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", str(tmp_path / "no" / "such" / "folder.json"))
    assert result.exit_code == 2 and "cannot write" in result.stderr and "Traceback" not in result.output


def test_the_starter_tells_authors_about_the_optional_fields_reviewers_check(cli: Cli) -> None:
    starter = json.loads(cli("init").stdout)
    assert '"applies_to"' in starter["legal"]["x-help"]
    assert '"regime": "dpa_part3"' in starter["legal"]["x-help"]
    assert '"annex1_condition"' in starter["legal"]["x-help"]
    assert '"recipients"' in starter["data"]["x-help"]
    assert '"national_data_opt_out"' in starter["data"]["x-help"]
    assert '"compatibility_basis"' in starter["purpose"]["x-help"]
    assert '"covers"' in starter["agreement"]["x-help"]
    assert '"until_event"' in starter["retention"]["x-help"]
    assert '"sdc_policy"' in starter["outputs"]["x-help"]
    assert '"governance": {"approvals"' in starter["x-help-governance"]
    assert '"uksa_accreditation"' in starter["x-help-governance"]
