"""Does durable-rules accept the pack? Asked of the engine itself, so lint refuses what check would.

The loader enforces the engine's limits as measured (packs/loader.py: rules per pack, rules per
condition, and/or groups, `mentions_any` words), but measured limits are a model of the engine,
and a model can be wrong; the only proof that `check` will run a pack is that durable-rules
registered its programs. Registration can crash, refuse with a numeric code, or never finish
(a large `mentions_any` regex), so it runs in a child process under a time limit. A pack whose
programs registered is remembered in the pack cache folder, keyed by the programs' fingerprints,
so repeated lints of an unchanged pack cost nothing.

The probe is a second net, not a replacement for the loader's limits: durable-rules checks
some of its own limits unreliably (a 257th rule on one node is refused with error 108 only
when the memory one past the node's list is not zero; otherwise it is written there), so a
pack beyond a measured limit is refused by the loader whatever the engine says.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharecheck.engines.runtime import Program
from sharecheck.packs import cache
from sharecheck.packs.loader import MANIFEST, MAX_PATTERN_WORDS, MAX_RULES, MAX_SAME_CONDITION, Pack, display

PROBE_SECONDS = 60.0

# What each of durable-rules' refusals means for a rule author (its rules.h names them).
LIMITS = {
    "101": "the engine ran out of memory holding the pack",
    "106": "the engine holds a limited number of rules",
    "107": f"the engine holds about 650 rules (sharecheck allows {MAX_RULES})",
    "108": f"at most {MAX_SAME_CONDITION} rules may share one condition",
    "112": "the engine holds a limited number of rulesets per process",
    "113": "a rule may have at most 15 all/any groups once compiled",
    "502": "a `mentions_any` pattern has too many transitions for the engine's matcher",
    "503": "a `mentions_any` pattern has too many states for the engine's matcher (a word is too long)",
    "504": "a `mentions_any` pattern is too large for the engine's matcher",
    "505": "a `mentions_any` pattern is too large for the engine's matcher",
    "506": "a `mentions_any` pattern is too large for the engine's matcher",
}


@dataclass(frozen=True)
class EngineProblem:
    file: str
    line: int
    column: int
    message: str
    hint: str


def engine_problems(pack: Pack, *, timeout: float = PROBE_SECONDS) -> list[EngineProblem]:
    """Each way durable-rules refuses the pack's programs, at the rule (or manifest) concerned."""
    programs = {"rules": pack.program, "gateway exclusions": pack.gateways.exclusions}
    programs = {name: program for name, program in programs.items() if program.conditions}
    marker = _marker(programs)
    if marker is not None and marker.exists():
        return []
    request = json.dumps({name: cache.encode(program) for name, program in programs.items()})
    manifest = display(pack.layers[-1] / MANIFEST) if pack.layers else MANIFEST
    try:
        run = subprocess.run(
            [sys.executable, "-m", "sharecheck.authoring.engine_probe"],
            input=request,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [
            EngineProblem(
                manifest,
                1,
                1,
                f"durable-rules did not finish registering this pack within {timeout:.0f} s, so `check` "
                "would never finish either",
                f"long `mentions_any` word lists are the usual cause (at most {MAX_PATTERN_WORDS} words "
                "per pack): shorten them or split the rule",
            )
        ]
    try:
        answer = json.loads(run.stdout)
    except ValueError:
        detail = (run.stderr.strip().splitlines() or [f"exit {run.returncode}"])[-1]
        return [
            EngineProblem(manifest, 1, 1, f"durable-rules crashed registering this pack ({detail})", "split the pack")
        ]
    if answer.get("unavailable"):
        return []  # `check` says so itself, with the command that repairs it
    problems = _problems(pack, manifest, answer.get("refused", {}))
    if not problems and marker is not None:
        with contextlib.suppress(OSError):
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text("registered\n", "utf-8")
    return problems


def _problems(pack: Pack, manifest: str, refused: Mapping[str, Any]) -> list[EngineProblem]:
    problems = []
    for program, verdict in sorted(refused.items()):
        culprits: Mapping[str, str] = verdict.get("rules", {})
        for name, error in sorted(culprits.items()):
            rule = pack.rule(name)
            where = rule.origin if rule is not None else None
            problems.append(
                EngineProblem(
                    where.file if where else manifest,
                    where.line if where else 1,
                    where.column if where else 1,
                    f"durable-rules refuses {name} ({error})",
                    _limit(error),
                )
            )
        if not culprits:
            error = str(verdict.get("error", ""))
            problems.append(
                EngineProblem(
                    manifest,
                    1,
                    1,
                    f"durable-rules refuses the pack's {program} together, though each rule alone registers ({error})",
                    _limit(error),
                )
            )
    return problems


def _limit(error: str) -> str:
    for code, meaning in LIMITS.items():
        if f"error code: {code}" in error:
            return f"{meaning}: split or simplify the rules named"
    return "split or simplify the rules named; `sharecheck check --engine reference` runs without durable-rules"


def _marker(programs: Mapping[str, Program]) -> Path | None:
    if not cache.enabled():
        return None
    key = json.dumps(
        [sorted((n, p.fingerprint) for n, p in programs.items()), list(sys.version_info[:2]), _durable_version()]
    )
    return cache.default_dir() / f"engine-ok-{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def _durable_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("durable-rules")
    except metadata.PackageNotFoundError:
        return ""


def _probe(request: Mapping[str, Any]) -> dict[str, Any]:
    """In the child: register each program; when one is refused, find the rules refused alone."""
    from sharecheck.engines.runtime import DurableEngine, EngineError, EngineUnavailable

    engine = DurableEngine()
    refused: dict[str, Any] = {}
    for name, encoded in request.items():
        program = cache.decode(encoded)
        try:
            engine.register(program)
        except EngineUnavailable as error:
            return {"unavailable": str(error)}
        except EngineError as error:
            singles = {}
            for rule_id, condition in program.conditions.items():
                try:
                    engine.register(Program.of({rule_id: condition}))
                except EngineError as alone:
                    singles[rule_id] = _reason(alone)
            refused[name] = {"error": _reason(error), "rules": singles}
    return {"refused": refused}


def _reason(error: Exception) -> str:
    return str(error).removeprefix("durable-rules refused the compiled rules: ")


def main() -> None:
    answer = _probe(json.loads(sys.stdin.read()))
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
