from __future__ import annotations

import copy
import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from sharecheck.cli.main import main
from sharecheck.engines.runtime import DurableEngine, ReferenceEngine
from sharecheck.packs.loader import Pack, load_pack

ROOT = Path(__file__).resolve().parents[1]
# The pack cache (packs/cache.py) of the test run goes to a folder of its own, never the user's;
# set in the environment so that the CLI's subprocesses and --jobs workers use it too.
os.environ.setdefault("SHARECHECK_CACHE_DIR", tempfile.mkdtemp(prefix="sharecheck-test-cache-"))
# Property tests run this many examples (x each test's own weight); benchmarks/fuzz.sh raises it.
FUZZ_SCALE = float(os.environ.get("SHARECHECK_FUZZ_SCALE", "1"))
# In CI the property tests draw the same examples every run (a seed per test), so a green run on a
# developer's machine is the run CI makes; benchmarks/fuzz.sh and local runs keep exploring.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


def examples(base: int) -> int:
    return max(1, int(base * FUZZ_SCALE))


FIXTURES = ROOT / "fixtures"
AS_OF = dt.date(2026, 6, 1)


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()


@pytest.fixture(params=[DurableEngine(), ReferenceEngine()], ids=["durable", "reference"])
def engine(request: pytest.FixtureRequest) -> Any:
    return request.param


def minimal_proposal() -> dict[str, Any]:
    """The smallest schema-valid proposal: a local authority sharing with itself."""
    return {
        "schema_version": "sharecheck.proposal/1",
        "id": "lbx-minimal",
        "title": "Minimal proposal",
        "parties": [
            {"id": "lbx", "name": "London Borough X", "org_type": "local_authority", "role": "receiving_controller"}
        ],
        "purpose": {"statement": "Plan school places from anonymous counts."},
        "data": {"datasets": [{"name": "pupil counts", "fields": [{"name": "count"}]}]},
    }


def early_help() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "early-help-families.json").read_text("utf-8"))
    return copy.deepcopy(data)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    monkeypatch.chdir(ROOT)

    def run(*args: str, input: bytes | str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return run


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=2), "utf-8")
    return path


WAIVER = {"rule": "SC-IDENT-001", "reason": "Board minute 14/2026", "approved_by": "SIRO", "expires": "2026-12-31"}


def waiver_scenarios() -> dict[str, dict[str, Any]]:
    """SPEC §4 cases, each the clean early-help proposal with one thing changed (checked on AS_OF)."""

    def unjustified(*waivers: dict[str, Any]) -> dict[str, Any]:
        data = early_help()
        del data["purpose"]["why_identifiable"]  # SC-IDENT-001, a waivable blocker
        data["waivers"] = list(waivers)
        return data

    no_gateway = early_help()
    del no_gateway["legal"]["gateways"]  # SC-GATEWAY-001, which our pack marks not waivable
    no_gateway["waivers"] = [{**WAIVER, "rule": "SC-GATEWAY-001"}]
    unknown = early_help()
    unknown["waivers"] = [{**WAIVER, "rule": "SC-IDENT-009"}]
    return {
        "valid": unjustified(WAIVER),
        "expired": unjustified({**WAIVER, "expires": "2026-05-31"}),
        "missing-reason": unjustified({k: v for k, v in WAIVER.items() if k != "reason"}),
        "unknown-rule": unknown,
        "not-waivable": no_gateway,
    }


@pytest.fixture
def waivers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The waiver scenarios as files in `waivers/`, relative to the working directory (for stable names)."""
    folder = tmp_path / "waivers"
    folder.mkdir()
    for name, data in waiver_scenarios().items():
        write_json(folder / f"{name}.json", data)
    monkeypatch.chdir(tmp_path)
    return Path("waivers")


def invoke(*args: str, input: bytes | str | None = None) -> Result:
    """The CLI in-process, in the current working directory."""
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
