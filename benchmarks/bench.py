"""sharecheck benchmarks: each target as a ratio measured in one run on this machine.

    .venv/bin/python benchmarks/bench.py            # full run (10,000 proposals), writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/bench.py --quick    # 1,000 proposals, prints only

Ratios, not absolute times, are the targets, so that a slower or busier machine moves both
sides of each comparison together (ISSUE 8 "Targets").
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sharecheck.checking.pipeline import check_bytes  # noqa: E402
from sharecheck.engines.projection import project  # noqa: E402
from sharecheck.engines.runtime import DurableEngine, ReferenceEngine  # noqa: E402
from sharecheck.law.facts import derive  # noqa: E402
from sharecheck.packs.loader import Pack, load_pack  # noqa: E402
from sharecheck.reading.schema_validation import validate  # noqa: E402
from sharecheck.reading.strict_json import parse  # noqa: E402

BIN = Path(sys.executable).parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").glob("*.json"))
AS_OF = __import__("datetime").date(2026, 6, 1)


def generate(count: int, folder: Path, seed: int = 7) -> list[Path]:
    """Realistic variety: each proposal is a fixture with its id, title, volumes and a few
    answers changed, and now and then a defect (a missing justification or gateway)."""
    rng = random.Random(seed)
    bases = [json.loads(p.read_text("utf-8")) for p in FIXTURES]
    paths = []
    for i in range(count):
        data = copy.deepcopy(rng.choice(bases))
        data["id"] = f"generated-{i:05d}"
        data["title"] = f"{data['title']} (variant {i})"
        data.setdefault("data", {})["volume_records"] = rng.randint(10, 2_000_000)
        for answer in data.get("framework", {}).get("answers", {}).values():
            if isinstance(answer.get("score"), int) and rng.random() < 0.2:
                answer["score"] = rng.randint(1, 5)
        if rng.random() < 0.2:
            data.get("purpose", {}).pop("why_identifiable", None)
        if rng.random() < 0.1:
            data.get("legal", {}).pop("gateways", None)
        path = folder / f"p{i:05d}.json"
        path.write_text(json.dumps(data, indent=2), "utf-8")
        paths.append(path)
    return paths


def best_of(runs: int, action: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def command_time(args: list[str], runs: int = 7) -> float:
    return statistics.median(
        best_of(1, lambda: subprocess.run(args, cwd=ROOT, capture_output=True, check=False)) for _ in range(runs)
    )


def peak_rss_mb(args: list[str]) -> float:
    """Peak resident memory of a command and its children, via GNU time when present."""
    gnu_time = shutil.which("time") or "/usr/bin/time"
    if not Path(gnu_time).exists():
        return float("nan")
    done = subprocess.run([gnu_time, "-f", "%M", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def cold_start() -> dict[str, float]:
    one = str(ROOT / "fixtures" / "early-help-families.json")
    floor = command_time([str(BIN / "python"), "-c", "import jsonschema, yaml, click, durable.engine"])
    full = command_time([str(BIN / "sharecheck"), "check", one, "--as-of", "2026-06-01"])
    return {"floor_s": floor, "check_s": full, "ratio": full / floor}


def throughput(pack: Pack, paths: list[Path], runs: int = 3) -> dict[str, float]:
    raws = [p.read_bytes() for p in paths]

    def floor() -> None:
        for raw in raws:
            validate(parse(raw))

    def pipeline() -> None:
        engine = DurableEngine()
        for raw, path in zip(raws, paths, strict=True):
            check_bytes(raw, pack, file=path.name, engine=engine, today=AS_OF)

    pipeline()  # warm: registration, caches
    floor_s, full_s = best_of(runs, floor), best_of(runs, pipeline)
    return {
        "n": len(raws),
        "floor_s": floor_s,
        "pipeline_s": full_s,
        "per_s": len(raws) / full_s,
        "ratio": full_s / floor_s,
    }


def engines(pack: Pack, paths: list[Path]) -> dict[str, float]:
    facts = []
    for path in paths:
        data = parse(path.read_bytes()).data
        facts.append(project({**data, "derived": derive(data)}, pack.plan).fact)
    durable, reference = DurableEngine(), ReferenceEngine()
    durable.evaluate(pack.program, facts[0])
    d = best_of(3, lambda: [durable.evaluate(pack.program, f) for f in facts])
    r = best_of(3, lambda: [reference.evaluate(pack.program, f) for f in facts])
    return {"durable_s": d, "reference_s": r, "ratio": d / r}


def batch(folder: Path, count: int) -> dict[str, float]:
    base = [
        str(BIN / "sharecheck"),
        "check",
        str(folder),
        "--format",
        "json",
        "--output",
        os.devnull,
        "--as-of",
        "2026-06-01",
    ]
    one = best_of(1, lambda: subprocess.run([*base, "--jobs", "1"], cwd=ROOT, capture_output=True, check=False))
    two = best_of(1, lambda: subprocess.run([*base, "--jobs", "2"], cwd=ROOT, capture_output=True, check=False))
    rss = peak_rss_mb([*base, "--jobs", "1"])
    return {"n": count, "jobs1_s": one, "jobs2_s": two, "speedup": one / two, "peak_rss_mb": rss}


def scaling(paths: list[Path], sizes: tuple[int, ...] = (6, 60, 300)) -> list[dict[str, float]]:
    """Per-proposal time as the pack grows: copies of the core rules under new ids."""
    import yaml

    rows = []
    # the keyword rule is left out: 300 copies of its words would exceed the pack's pattern bound
    core = [
        r
        for r in yaml.safe_load((ROOT / "rules" / "core.yaml").read_text("utf-8"))["rules"]
        if "mentions_any" not in str(r)
    ]
    raws = [p.read_bytes() for p in paths[:300]]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "pack.yaml").write_text("pack: {name: scaling, version: '1'}\n")
            rules = []
            for i in range(size):
                rule = copy.deepcopy(core[i % len(core)])
                rule["id"] = f"BENCH-R{i:04d}"
                rules.append(rule)
            (folder / "rules.yaml").write_text(yaml.safe_dump({"rules": rules}))
            start = time.perf_counter()
            pack = load_pack(folder)
            load_s = time.perf_counter() - start
            engine = DurableEngine()
            check_bytes(raws[0], pack, file="warm", engine=engine, today=AS_OF)
            run_s = best_of(
                3,
                lambda pack=pack, engine=engine: [
                    check_bytes(r, pack, file="x", engine=engine, today=AS_OF) for r in raws
                ],
            )
            rows.append({"rules": size, "load_s": load_s, "per_proposal_ms": run_s / len(raws) * 1000})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 proposals, no RESULTS.md")
    args = parser.parse_args()
    count = 1_000 if args.quick else 10_000
    pack = load_pack()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate(count, folder)
        thousand = paths[:1000]
        phases: dict[str, Callable[[], Any]] = {
            "cold_start": cold_start,
            "throughput_1000": lambda: throughput(pack, thousand),
            "throughput_all": lambda: throughput(pack, paths, runs=1),
            "engines": lambda: engines(pack, thousand),
            "batch": lambda: batch(folder, count),
            "scaling": lambda: scaling(paths),
        }
        results = {}
        for name, phase in phases.items():
            results[name] = phase()
            print(name, json.dumps(results[name]), flush=True)
    if not args.quick:
        write_results(results, len(pack.rules))


def write_results(r: dict[str, Any], rules: int) -> None:
    c, t1, ta, e, b = r["cold_start"], r["throughput_1000"], r["throughput_all"], r["engines"], r["batch"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed** (see below)"

    def row(target: str, measured: str, ratio: str, ok: bool) -> str:
        return f"| {target} | {measured} | {ratio} | {verdict(ok)} |"

    ms = 1000
    lines = [
        "# Benchmark results",
        "",
        f"Measured by `benchmarks/bench.py` on {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, the default pack ({rules} rules). Ratios are what the targets "
        "constrain; absolute times are for orientation.",
        "",
        "| target | measured | ratio | verdict |",
        "|---|---|---|---|",
        row(
            "cold start ≤ 1.5× importing the dependencies",
            f"{c['check_s'] * ms:.0f} ms vs {c['floor_s'] * ms:.0f} ms",
            f"{c['ratio']:.2f}×",
            c["ratio"] <= 1.5,
        ),
        *(
            row(
                f"pipeline ≤ 2× parse + schema ({t['n']:,})",
                f"{t['pipeline_s']:.2f} s vs {t['floor_s']:.2f} s ({t['per_s']:.0f}/s)",
                f"{t['ratio']:.2f}×",
                t["ratio"] <= 2,
            )
            for t in (t1, ta)
        ),
        row(
            "DurableEngine ≤ 5× ReferenceEngine",
            f"{e['durable_s'] * ms:.0f} ms vs {e['reference_s'] * ms:.0f} ms (1,000 facts)",
            f"{e['ratio']:.1f}×",
            e["ratio"] <= 5,
        ),
        row(f"peak RSS < 300 MB ({b['n']:,} proposals)", f"{b['peak_rss_mb']:.0f} MB", "", b["peak_rss_mb"] < 300),
        row(
            f"`--jobs 2` ≥ 1.7× `--jobs 1` ({b['n']:,})",
            f"{b['jobs2_s']:.1f} s vs {b['jobs1_s']:.1f} s",
            f"{b['speedup']:.2f}×",
            b["speedup"] >= 1.7,
        ),
        "",
        "Scaling with rule count (copies of the core rules; 300 proposals):",
        "",
        "| rules | pack load | per proposal |",
        "|---|---|---|",
        *(f"| {s['rules']} | {s['load_s'] * ms:.0f} ms | {s['per_proposal_ms']:.2f} ms |" for s in r["scaling"]),
        "",
    ]
    notes = ROOT / "benchmarks" / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text("utf-8")]
    (ROOT / "benchmarks" / "RESULTS.md").write_text("\n".join(lines), "utf-8")
    print("wrote benchmarks/RESULTS.md")


if __name__ == "__main__":
    main()
