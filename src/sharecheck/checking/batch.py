"""Checking many files: one after another, or in worker processes with `--jobs N`.

durable-rules is not thread-safe and keeps process-global state, so parallelism is by
processes. Workers are spawned (not forked) so none inherits the parent's engine state;
each loads the pack once. Results come back in the order of the files, whatever the number
of workers, so the output is the same as with one job.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import InvalidStateError, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sharecheck.checking.pipeline import check_bytes, unreadable
from sharecheck.engines.runtime import ENGINES, Engine
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
    refused: str | None = None  # not read, and why (e.g. a link out of the folder being checked)


@dataclass(frozen=True)
class Outcome:
    result: Result
    summary: ProposalSummary | None  # the proposal's own facts, for the committee formats


def _run(job: Job, pack: Pack, engine: Engine, today: dt.date | None, summarise: bool) -> Outcome:
    raw = job.raw
    if job.refused is not None:
        return Outcome(unreadable(job.name, job.refused), None)
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

        summary = summarise_bytes(raw)
    return Outcome(result, summary)


# One worker process's configuration, set once by _start_worker: read-only thereafter.
_worker: tuple[Pack, Engine, dt.date | None, bool] | None = None


def _start_worker(load: Callable[[], Pack], engine_name: str, today: dt.date | None, summarise: bool) -> None:
    global _worker
    _die_with_parent()
    _worker = (load(), ENGINES[engine_name](), today, summarise)


def _die_with_parent() -> None:
    """A worker never outlives the run: Ctrl-C is the parent's to handle (it stops the workers;
    each printing its own KeyboardInterrupt traceback would be noise), and on Linux the kernel
    ends the worker if the parent is killed outright (SIGKILL leaves the parent no say)."""
    import os
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the parent's clean-up below still applies
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _run_in_worker(job: Job) -> Outcome:
    assert _worker is not None, "worker not started"
    return _run(job, *_worker)


def read_bounded(stream: BinaryIO) -> bytes:
    """At most one byte more than a proposal may have: enough for the reader to refuse an
    oversized file by its size, without ever holding a 50 MB one in memory."""
    with stream:
        return stream.read(MAX_BYTES + 1)


def jobs_for(targets: Sequence[Target], stdin: BinaryIO) -> list[Job]:
    return [Job(t.name, t.path, read_bounded(stdin) if t.path is None else None, t.refused) for t in targets]


def check_all(
    jobs: Sequence[Job],
    pack: Pack,
    *,
    engine_name: str,
    today: dt.date | None,
    summarise: bool,
    workers: int,
    load: Callable[[], Pack],
) -> Generator[Outcome, None, None]:
    """Outcomes in the order of `jobs`. `load` rebuilds the pack in a worker (it must be
    picklable: a module-level function or a functools.partial of one)."""
    if workers <= 1 or len(jobs) < 2:
        engine = ENGINES[engine_name]()
        for job in jobs:
            yield _run(job, pack, engine, today, summarise)
        return
    import multiprocessing  # only now: a plain check should not pay for importing it
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")
    chunk = max(1, min(64, len(jobs) // (workers * 8)))
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(load, engine_name, today, summarise),
    )
    finished = False
    try:
        yield from pool.map(_run_in_worker, jobs, chunksize=chunk)
        finished = True
    except BrokenProcessPool as error:
        raise WorkerDied(str(error)) from None
    finally:
        _stop(pool, finished)


def _stop(pool: ProcessPoolExecutor, finished: bool) -> None:
    """After the last result, a plain shutdown. Otherwise (an error, Ctrl-C, SIGTERM, the
    caller closing the generator) the workers are ended, not waited for: a run that stops
    leaves no process behind."""
    if finished:
        pool.shutdown(wait=True)
        return
    processes = list((pool._processes or {}).values())
    manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)  # shutdown() forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    with _quiet_executor():
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
        if manager is not None:
            manager.join(timeout=10)  # it notices the ended workers, fails what is pending, and ends


@contextlib.contextmanager
def _quiet_executor() -> Iterator[None]:
    """The executor's manager thread marks pending work failed once the workers are ended; on
    CPython 3.11 it does so also for work the interrupted `map` had cancelled, and the
    InvalidStateError it raises was printed as a thread traceback after Ctrl-C. That error
    (and only that one) is expected here and says nothing to the user."""
    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not InvalidStateError:
            previous(args)

    threading.excepthook = hook
    try:
        yield
    finally:
        threading.excepthook = previous
