"""Checking many files: one after another, or in worker processes with `--jobs N`.

durable-rules is not thread-safe and keeps process-global state, so parallelism is by
processes. Workers are spawned (not forked) so none inherits the parent's engine state;
each loads the pack once. Results come back in the order of the files, whatever the number
of workers, so the output is the same as with one job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sharecheck.checking.pipeline import check_bytes, unreadable
from sharecheck.engines.runtime import ENGINES, Engine
from sharecheck.law.flows import flows_of
from sharecheck.reading.files import Target
from sharecheck.reading.strict_json import MAX_BYTES
from sharecheck.results.report import Result

if TYPE_CHECKING:
    from sharecheck.formats.context import ProposalSummary
    from sharecheck.packs.loader import Pack


class WorkerDied(Exception):
    """A worker process ended without an answer (e.g. killed, or a crash in native code)."""


@dataclass(frozen=True)
class Job:
    name: str
    path: Path | None
    raw: bytes | None = None  # stdin, read by the parent


@dataclass(frozen=True)
class Outcome:
    result: Result
    summary: ProposalSummary | None  # the proposal's own facts, for the committee formats


def _run(job: Job, pack: Pack, engine: Engine, today: dt.date | None, summarise: bool) -> Outcome:
    raw = job.raw
    if raw is None:
        assert job.path is not None
        try:
            raw = read_bounded(job.path.open("rb"))
        except OSError as error:  # reported like an invalid file; the others are still checked
            return Outcome(unreadable(job.name, f"cannot read the file: {error.strerror}"), None)
    result = check_bytes(raw, pack, file=job.name, engine=engine, today=today)
    summary = None
    if summarise:
        from sharecheck.formats.context import summarise_bytes

        summary = summarise_bytes(raw, flows_of)
    return Outcome(result, summary)


# One worker process's configuration, set once by _start_worker: read-only thereafter.
_worker: tuple[Pack, Engine, dt.date | None, bool] | None = None


def _start_worker(load: Callable[[], Pack], engine_name: str, today: dt.date | None, summarise: bool) -> None:
    global _worker
    _worker = (load(), ENGINES[engine_name](), today, summarise)


def _run_in_worker(job: Job) -> Outcome:
    assert _worker is not None, "worker not started"
    return _run(job, *_worker)


def read_bounded(stream: BinaryIO) -> bytes:
    """At most one byte more than a proposal may have: enough for the reader to refuse an
    oversized file by its size, without ever holding a 50 MB one in memory."""
    with stream:
        return stream.read(MAX_BYTES + 1)


def jobs_for(targets: Sequence[Target], stdin: BinaryIO) -> list[Job]:
    return [Job(t.name, t.path, read_bounded(stdin) if t.path is None else None) for t in targets]


def check_all(
    jobs: Sequence[Job],
    pack: Pack,
    *,
    engine_name: str,
    today: dt.date | None,
    summarise: bool,
    workers: int,
    load: Callable[[], Pack],
) -> Iterator[Outcome]:
    """Outcomes in the order of `jobs`. `load` rebuilds the pack in a worker (it must be
    picklable: a module-level function or a functools.partial of one)."""
    if workers <= 1 or len(jobs) < 2:
        engine = ENGINES[engine_name]()
        for job in jobs:
            yield _run(job, pack, engine, today, summarise)
        return
    import multiprocessing  # only now: a plain check should not pay for importing it
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")
    chunk = max(1, min(64, len(jobs) // (workers * 8)))
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(load, engine_name, today, summarise),
    ) as pool:
        try:
            yield from pool.map(_run_in_worker, jobs, chunksize=chunk)
        except BrokenProcessPool as error:
            raise WorkerDied(str(error)) from None
