"""--jobs: worker processes give exactly the output of one job."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from sharecheck.checking.batch import Job, Outcome, check_all
from sharecheck.packs.loader import load_pack
from tests.conftest import AS_OF, FIXTURES

Cli = Callable[..., Result]


def test_jobs_give_byte_identical_reports(cli: Cli) -> None:
    one = cli("check", "fixtures/", "--format", "json", "--as-of", "2026-06-01", "--jobs", "1")
    two = cli("check", "fixtures/", "--format", "json", "--as-of", "2026-06-01", "--jobs", "2")
    per_core = cli("check", "fixtures/", "--format", "sarif", "--as-of", "2026-06-01", "-j", "0")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert per_core.exit_code == 1 and '"version": "2.1.0"' in per_core.stdout


def test_outcomes_come_back_in_file_order_with_summaries() -> None:
    pack = load_pack()
    names = sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.glob("*.json"))
    jobs = [Job(name, FIXTURES / name) for name in names] + [Job("missing.json", Path("/nonexistent/missing.json"))]
    outcomes = list(
        check_all(jobs, pack, engine_name="durable", today=AS_OF, summarise=True, workers=2, load=load_pack)
    )
    assert [o.result.file for o in outcomes] == [*names, "missing.json"]
    assert outcomes[-1].result.findings[0].rule == "SC-INPUT-001"
    assert all(o.summary is not None for o in outcomes[:-1])
    inline = list(check_all(jobs, pack, engine_name="durable", today=AS_OF, summarise=True, workers=1, load=load_pack))
    assert [o.result for o in inline] == [o.result for o in outcomes]


def test_stdin_is_read_once_by_the_parent(cli: Cli) -> None:
    raw = (FIXTURES / "broken" / "missing-gateway.json").read_bytes()
    result = cli("check", "-", "fixtures/early-help-families.json", "--jobs", "2", "--as-of", "2026-06-01", input=raw)
    assert result.exit_code == 1 and "-:184:12 blocker SC-GATEWAY-001" in result.stdout


def test_a_worker_that_dies_is_a_clear_error_not_a_traceback(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import sharecheck.checking.batch as batch

    def die(*args: object, **kwargs: object) -> Iterator[Outcome]:
        raise batch.WorkerDied("A process in the process pool was terminated abruptly")
        yield  # pragma: no cover

    monkeypatch.setattr(batch, "check_all", die)
    result = cli("check", "fixtures/", "--jobs", "2")
    assert result.exit_code == 2 and "a worker process died" in result.stderr
