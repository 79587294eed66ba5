"""Two engines behind one protocol: durable-rules (the product) and a pure-Python reference.

Every rule case runs through both and they must agree; that is how durable-rules' quirks
(type coercion, its pattern dialect, `$neq` on missing fields) are caught before users meet them.

durable-rules keeps process-global C state, is not thread-safe, and never frees a ruleset.
All of that is contained in `_DurableRuntime`: one host per process with its timer threads
disabled, one lock, each distinct program registered once (keyed by its fingerprint), one
fact per proposal under a fresh sid that is always deleted.
"""

from __future__ import annotations

import contextlib
import copy
import json
import shlex
import sys
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson

from sharecheck.engines import durable_compile as compiler
from sharecheck.engines.conditions import Condition, evaluate


class EngineError(Exception):
    """The engine could not give a trustworthy answer; never reported as a pass."""


class EngineUnavailable(EngineError):
    pass


@dataclass(frozen=True)
class Program:
    """Named conditions, ready for any engine."""

    conditions: Mapping[str, Condition]
    fingerprint: str = field(default="")

    @staticmethod
    def of(conditions: Mapping[str, Condition]) -> Program:
        frozen = dict(sorted(conditions.items()))
        return Program(frozen, compiler.fingerprint(frozen))


class Engine(Protocol):
    name: str

    def evaluate(self, program: Program, fact: Mapping[str, Any]) -> frozenset[str]:
        """The names of the conditions that hold for `fact`."""
        ...


class ReferenceEngine:
    name = "reference"

    def evaluate(self, program: Program, fact: Mapping[str, Any]) -> frozenset[str]:
        return frozenset(name for name, cond in program.conditions.items() if evaluate(cond, fact))


# durable-rules 2.0.28 calls PyEval_CallObject, which CPython 3.13 removed; its setup.py overwrites
# CFLAGS but not CPPFLAGS, so this define maps the call to its successor. --no-cache-dir stops pip
# reusing the broken wheel it cached on the first install.
DURABLE_313_CPPFLAGS = "-DPyEval_CallObject(f,a)=PyObject_CallObject(f,a)"
DURABLE_313_FIX = f"CPPFLAGS={shlex.quote(DURABLE_313_CPPFLAGS)}"


def fix_command(python: str) -> str:
    """The one command that rebuilds durable-rules so that it imports on `python`."""
    return (
        f"{DURABLE_313_FIX} {shlex.quote(python)} -m pip install --no-cache-dir --force-reinstall --no-deps "
        "'durable-rules>=2.0.28,<2.1'"
    )


def unavailable_message(error: BaseException) -> str:
    """One line a user can act on: what failed and the exact command that repairs it."""
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    if "PyEval_CallObject" in detail or sys.version_info >= (3, 13):
        how = f"rebuild it for this Python with: {fix_command(sys.executable)}"
    else:
        python = shlex.quote(sys.executable)
        how = f"reinstall it with: {python} -m pip install --force-reinstall 'durable-rules>=2.0.28,<2.1'"
    return (
        f"the durable-rules engine cannot be loaded on this Python ({detail}); {how} "
        "(or use --engine reference to run with the pure-Python engine)"
    )


class _OrjsonForDurable:
    """The two calls durable-rules makes of the json module, by orjson (the same JSON text,
    UTF-8 unescaped as durable asks), falling back to json for what orjson refuses (an integer
    beyond 64 bits)."""

    @staticmethod
    def dumps(value: Any, ensure_ascii: bool = True) -> str:
        try:
            return orjson.dumps(value).decode("utf-8")
        except TypeError:
            return json.dumps(value, ensure_ascii=ensure_ascii)

    @staticmethod
    def loads(text: str | bytes) -> Any:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return json.loads(text)


class _DurableRuntime:
    def __init__(self) -> None:
        try:
            from durable import engine as durable_engine
        except ImportError as error:  # e.g. CPython 3.13: undefined symbol PyEval_CallObject
            raise EngineUnavailable(unavailable_message(error)) from None
        # durable-rules round-trips the fact and its state through Python's json for every fired
        # rule; the same JSON through orjson halves the engine's time (engine agreement tests
        # run every rule case and random conditions through both engines).
        durable_engine.json = _OrjsonForDurable
        self._not_handled = durable_engine.MessageNotHandledException
        self._lock = threading.Lock()
        self._hits: list[str] = []
        self._registered: dict[str, str] = {}
        hits = self._hits

        class _SyncHost(durable_engine.Host):  # type: ignore[misc]
            def get_action(self, action_name: str) -> Callable[[Any], None]:
                def record(c: Any) -> None:  # exactly one parameter: two would be read as async
                    hits.append(action_name)

                return record

            def _run(self) -> None:  # no self-re-arming timer threads; we call synchronously
                pass

        self._host = _SyncHost()

    def _ruleset_name(self, program: Program) -> str:
        name = self._registered.get(program.fingerprint)
        if name is None:
            name = f"sharecheck_{program.fingerprint[:24]}"
            definition = copy.deepcopy(compiler.ruleset(program.conditions))  # registration mutates it
            try:
                self._host.set_rulesets({name: definition})
            except Exception as error:
                hint = ""
                if "107" in str(error):
                    hint = " (the pack is larger than the engine can hold: split or simplify its rules)"
                raise EngineError(f"durable-rules refused the compiled rules: {error}{hint}") from None
            self._registered[program.fingerprint] = name
        return name

    def evaluate(self, program: Program, fact: Mapping[str, Any]) -> frozenset[str]:
        with self._lock:
            ruleset = self._ruleset_name(program)
            sid = uuid.uuid4().hex
            self._hits.clear()
            state: Any = None
            try:
                state = self._host.assert_fact(ruleset, {**fact, "sid": sid, "t": "proposal"})
            except self._not_handled:  # cannot happen while the sentinel matches every fact
                state = None
            except Exception as error:
                raise EngineError(f"durable-rules failed on this proposal: {error}") from None
            finally:
                with contextlib.suppress(Exception):  # the state may never have been created
                    self._host.delete_state(ruleset, sid)
            if isinstance(state, dict) and "exception" in state:
                raise EngineError(f"a rule action failed inside durable-rules: {state['exception']}")
            fired = frozenset(self._hits)
            self._hits.clear()
        if compiler.SENTINEL not in fired:
            raise EngineError("durable-rules did not evaluate the proposal (its sentinel rule did not fire)")
        fired -= {compiler.SENTINEL}
        unknown = fired - set(program.conditions)
        if unknown:
            raise EngineError(f"durable-rules reported unknown rules: {sorted(unknown)}")
        return fired


_runtime: _DurableRuntime | None = None
_runtime_lock = threading.Lock()


class DurableEngine:
    name = "durable"

    def evaluate(self, program: Program, fact: Mapping[str, Any]) -> frozenset[str]:
        global _runtime
        with _runtime_lock:
            if _runtime is None:
                _runtime = _DurableRuntime()
        return _runtime.evaluate(program, fact)

    def register(self, program: Program) -> None:
        """Register `program` as `evaluate` would, without a fact (for `rules lint`)."""
        global _runtime
        with _runtime_lock:
            if _runtime is None:
                _runtime = _DurableRuntime()
        with _runtime._lock:
            _runtime._ruleset_name(program)


ENGINES: dict[str, Callable[[], Engine]] = {"durable": DurableEngine, "reference": ReferenceEngine}
