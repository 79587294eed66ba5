"""sharecheck benchmarks: each target as a ratio measured side by side in one run on this machine.

    .venv/bin/pip install -e '.[bench]'             # regopy, the Rego peer (benchmarks only)
    .venv/bin/python benchmarks/bench.py            # full run (up to 10,000 proposals), writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/bench.py --quick    # small sizes, prints only

Ratios, not absolute times, are the targets, so that a slower or busier machine moves both
sides of each comparison together (issue 20 "Targets").
"""

from __future__ import annotations

import argparse
import copy
import itertools
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
from sharecheck.reading.bundled import schema  # noqa: E402
from sharecheck.reading.strict_json import parse  # noqa: E402

BIN = Path(sys.executable).parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").glob("*.json"))
AS_OF = __import__("datetime").date(2026, 6, 1)
# What `sharecheck check` needs from outside, imported and nothing else: the cold-start floor.
DEPENDENCIES = "import jsonschema, yaml, click, durable.engine, orjson, jsonschema_rs, platformdirs"


def generate(count: int, folder: Path, seed: int = 7, fields: int | None = None) -> list[Path]:
    """Realistic variety: each proposal is a fixture with its id, title, volumes and a few
    answers changed, and now and then a defect (a missing justification or gateway). With
    `fields`, the first dataset is given that many fields (a wide data inventory)."""
    rng = random.Random(seed)
    bases = [json.loads(p.read_text("utf-8")) for p in FIXTURES]
    folder.mkdir(parents=True, exist_ok=True)
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
        if fields is not None:
            template = data["data"]["datasets"][0]["fields"]
            data["data"]["datasets"][0]["fields"] = [
                {**template[j % len(template)], "name": f"field_{j:04d}"} for j in range(fields)
            ]
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


def run(args: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, capture_output=True, check=False, env=env)
    return time.perf_counter() - start


def peak_rss_mb(args: list[str]) -> float:
    """Peak resident memory of a command and its children, via GNU time when present."""
    gnu_time = shutil.which("time") or "/usr/bin/time"
    if not Path(gnu_time).exists():
        return float("nan")
    done = subprocess.run([gnu_time, "-f", "%M", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def cold_start(runs: int) -> dict[str, float]:
    """`sharecheck check one.json` against importing its dependencies, the pack cache warm and
    cold; and the cold cache against no cache at all (what every start cost before the cache).
    Interleaved, so that a busy moment hits each side alike."""
    one = str(ROOT / "fixtures" / "early-help-families.json")
    command = [str(BIN / "sharecheck"), "check", one, "--as-of", "2026-06-01"]
    times: dict[str, list[float]] = {"floor": [], "warm": [], "cold": [], "none": []}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SHARECHECK_CACHE_DIR": tmp}
        env.pop("SHARECHECK_NO_CACHE", None)
        run(command, env)  # fill the cache
        for _ in range(runs):
            times["floor"].append(run([str(BIN / "python"), "-c", DEPENDENCIES]))
            times["warm"].append(run(command, env))
            shutil.rmtree(tmp, ignore_errors=True)
            times["cold"].append(run(command, env))
            times["none"].append(run([*command, "--no-cache"], env))
    m = {k: statistics.median(v) for k, v in times.items()}
    return {
        "floor_s": m["floor"],
        "warm_s": m["warm"],
        "cold_s": m["cold"],
        "no_cache_s": m["none"],
        "warm_ratio": m["warm"] / m["floor"],
        "cold_ratio": m["cold"] / m["floor"],
        "cold_vs_no_cache": m["cold"] / m["none"],
    }


def batch_vs_peer(folder: Path, count: int, runs: int) -> dict[str, float]:
    """The whole command line on `count` files against the regopy peer doing 4 of our rules."""
    base = [
        str(BIN / "sharecheck"),
        "check",
        str(folder),
        "--format",
        "json",
        "-o",
        os.devnull,
        "--as-of",
        "2026-06-01",
    ]
    peer = [str(BIN / "python"), str(ROOT / "benchmarks" / "rego_peer.py"), str(folder)]
    times: dict[str, list[float]] = {"peer": [], "one": [], "all": []}
    for _ in range(runs):
        times["peer"].append(run(peer))
        times["one"].append(run([*base, "--jobs", "1"]))
        times["all"].append(run([*base, "--jobs", "0"]))
    m = {k: min(v) for k, v in times.items()}
    return {
        "n": count,
        "peer_s": m["peer"],
        "jobs1_s": m["one"],
        "jobs0_s": m["all"],
        "jobs1_ratio": m["one"] / m["peer"],
        "jobs0_ratio": m["all"] / m["peer"],
    }


def per_proposal(pack: Pack, paths: list[Path], runs: int) -> dict[str, float]:
    """One process, the same files: the whole check against orjson + jsonschema-rs alone."""
    import jsonschema_rs
    import orjson

    raws = [p.read_bytes() for p in paths]
    validator = jsonschema_rs.validator_for(schema("proposal"), validate_formats=True)
    engine = DurableEngine()

    def floor() -> None:
        for raw in raws:
            validator.is_valid(orjson.loads(raw))

    def pipeline() -> None:
        for raw in raws:
            check_bytes(raw, pack, file="p.json", engine=engine, today=AS_OF)

    def strict() -> None:
        for raw in raws:
            check_bytes(raw, pack, file="p.json", engine=engine, today=AS_OF, fast=False)

    pipeline()  # warm: registration, caches
    floor_s, full_s, strict_s = best_of(runs, floor), best_of(runs, pipeline), best_of(1, strict)
    n = len(raws)
    return {
        "n": n,
        "floor_ms": floor_s / n * 1000,
        "pipeline_ms": full_s / n * 1000,
        "strict_path_ms": strict_s / n * 1000,
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


def scale_proposals(root: Path, sizes: tuple[int, ...]) -> list[dict[str, float]]:
    """The command line (one process) on 100 → 10,000 files: time per file and peak memory."""
    rows = []
    for size in sizes:
        folder = root / f"n{size}"
        generate(size, folder)
        args = [str(BIN / "sharecheck"), "check", str(folder), "--format", "json", "-o", os.devnull]
        elapsed = run([*args, "--as-of", "2026-06-01", "--jobs", "1"])
        rss = peak_rss_mb([*args, "--as-of", "2026-06-01", "--jobs", "1"])
        rows.append({"proposals": size, "s": elapsed, "per_ms": elapsed / size * 1000, "peak_rss_mb": rss})
        shutil.rmtree(folder)
    for smaller, larger in itertools.pairwise(rows):  # the cost of each file added (start-up aside)
        larger["marginal_ms"] = (larger["s"] - smaller["s"]) / (larger["proposals"] - smaller["proposals"]) * 1000
    return rows


def scale_fields(pack: Pack, root: Path, sizes: tuple[int, ...], count: int) -> list[dict[str, float]]:
    """Per-proposal time as the data inventory widens (fields in the first dataset)."""
    rows = []
    engine = DurableEngine()
    for size in sizes:
        raws = [p.read_bytes() for p in generate(count, root / f"f{size}", fields=size)]
        check_bytes(raws[0], pack, file="warm", engine=engine, today=AS_OF)
        elapsed = best_of(
            3, lambda raws=raws: [check_bytes(r, pack, file="x", engine=engine, today=AS_OF) for r in raws]
        )
        rows.append({"fields": size, "per_ms": elapsed / len(raws) * 1000})
    return rows


def scale_rules(paths: list[Path], sizes: tuple[int, ...]) -> list[dict[str, float]]:
    """Per-proposal time as the pack grows: copies of the core rules under new ids."""
    import yaml

    rows = []
    # the keyword rule is left out: 300 copies of its words would exceed the pack's pattern bound
    core = [
        r
        for r in yaml.safe_load((ROOT / "rules" / "core.yaml").read_text("utf-8"))["rules"]
        if "mentions_any" not in str(r)
    ]
    raws = [p.read_bytes() for p in paths]
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
    parser.add_argument("--quick", action="store_true", help="small sizes, no RESULTS.md")
    args = parser.parse_args()
    quick = args.quick
    pack = load_pack()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        thousand = generate(200 if quick else 1_000, root / "batch")
        phases: dict[str, Callable[[], Any]] = {
            "cold_start": lambda: cold_start(3 if quick else 9),
            "batch_vs_peer": lambda: batch_vs_peer(root / "batch", len(thousand), 1 if quick else 3),
            "per_proposal": lambda: per_proposal(pack, thousand, 3),
            "engines": lambda: engines(pack, thousand),
            "proposals": lambda: scale_proposals(root, (100, 300) if quick else (100, 1_000, 10_000)),
            "fields": lambda: scale_fields(pack, root, (10, 100) if quick else (10, 100, 1_000), 20 if quick else 50),
            "rules": lambda: scale_rules(thousand[: 100 if quick else 300], (10, 60) if quick else (10, 60, 300)),
        }
        results = {}
        for name, phase in phases.items():
            results[name] = phase()
            print(name, json.dumps(results[name]), flush=True)
    if not quick:
        write_results(results, len(pack.rules))


def _per_field_drift(rows: list[dict[str, float]]) -> float:
    """Per-field time at the widest inventory over that at the narrowest (1.0: linear)."""
    return (rows[-1]["per_ms"] / rows[-1]["fields"]) / (rows[0]["per_ms"] / rows[0]["fields"])


def write_results(r: dict[str, Any], rules: int) -> None:
    c, b, p, e = r["cold_start"], r["batch_vs_peer"], r["per_proposal"], r["engines"]
    ms = 1000

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed** (see below)"

    def row(target: str, measured: str, ratio: str, ok: bool) -> str:
        return f"| {target} | {measured} | {ratio} | {verdict(ok)} |"

    biggest = r["proposals"][-1]
    lines = [
        "# Benchmark results",
        "",
        f"Measured by `benchmarks/bench.py` on {platform.machine()} with {os.cpu_count()} cores (shared with "
        f"other work), Python {platform.python_version()}, the default pack ({rules} rules). Each ratio's two "
        "sides were measured in the same run; absolute times are for orientation.",
        "",
        "| target | measured | ratio | verdict |",
        "|---|---|---|---|",
        row(
            f"batch of {b['n']:,}, one process, ≤ 0.5× the regopy 4-rule peer (aim 0.25×)",
            f"{b['jobs1_s']:.2f} s vs {b['peer_s']:.2f} s",
            f"{b['jobs1_ratio']:.2f}×",
            b["jobs1_ratio"] <= 0.5,
        ),
        row(
            f"batch of {b['n']:,}, `--jobs 0`, against the same peer",
            f"{b['jobs0_s']:.2f} s vs {b['peer_s']:.2f} s",
            f"{b['jobs0_ratio']:.2f}×",
            b["jobs0_ratio"] <= 0.5,
        ),
        row(
            "per valid proposal ≤ 3× orjson + jsonschema-rs",
            f"{p['pipeline_ms']:.2f} ms vs {p['floor_ms']:.3f} ms (strict path: {p['strict_path_ms']:.2f} ms)",
            f"{p['ratio']:.0f}×",
            p["ratio"] <= 3,
        ),
        row(
            "cold start, pack cache warm, ≤ 1.5× importing the dependencies",
            f"{c['warm_s'] * ms:.0f} ms vs {c['floor_s'] * ms:.0f} ms",
            f"{c['warm_ratio']:.2f}×",
            c["warm_ratio"] <= 1.5,
        ),
        row(
            "cold start, pack cache cold, no slower than without the cache",
            f"{c['cold_s'] * ms:.0f} ms vs {c['no_cache_s'] * ms:.0f} ms (`--no-cache`)",
            f"{c['cold_vs_no_cache']:.2f}×",
            c["cold_vs_no_cache"] <= 1.05,
        ),
        row(
            f"peak RSS < 300 MB ({biggest['proposals']:,} proposals)",
            f"{biggest['peak_rss_mb']:.0f} MB",
            "",
            biggest["peak_rss_mb"] < 300,
        ),
        row(
            "cost linear in proposals (cost of each file added, 1,000→10,000 over 100→1,000)",
            " → ".join(f"{x['marginal_ms']:.2f} ms" for x in r["proposals"][1:]),
            f"{r['proposals'][-1]['marginal_ms'] / r['proposals'][1]['marginal_ms']:.2f}×",
            r["proposals"][-1]["marginal_ms"] <= 1.5 * r["proposals"][1]["marginal_ms"],
        ),
        row(
            "cost linear in fields (per-field time, 1,000 / 10 fields)",
            " → ".join(f"{x['fields']}: {x['per_ms']:.2f} ms" for x in r["fields"]),
            f"{_per_field_drift(r['fields']):.2f}×",
            r["fields"][-1]["per_ms"] / r["fields"][0]["per_ms"]
            <= 1.5 * r["fields"][-1]["fields"] / r["fields"][0]["fields"],
        ),
        row(
            "cost linear in rules (per-proposal time, 300 / 10 rules, at most proportional)",
            " → ".join(f"{x['rules']}: {x['per_proposal_ms']:.2f} ms" for x in r["rules"]),
            f"{r['rules'][-1]['per_proposal_ms'] / r['rules'][0]['per_proposal_ms']:.2f}×",
            r["rules"][-1]["per_proposal_ms"] <= 1.5 * r["rules"][0]["per_proposal_ms"] * 30,
        ),
        row(
            "DurableEngine ≤ 5× ReferenceEngine (same facts)",
            f"{e['durable_s'] * ms:.0f} ms vs {e['reference_s'] * ms:.0f} ms",
            f"{e['ratio']:.1f}×",
            e["ratio"] <= 5,
        ),
        "",
        "Scaling in proposals (the command line, one process):",
        "",
        "| proposals | time | per proposal | each one added | peak RSS |",
        "|---|---|---|---|---|",
        *(
            f"| {x['proposals']:,} | {x['s']:.2f} s | {x['per_ms']:.2f} ms | "
            f"{x['marginal_ms']:.2f} ms | {x['peak_rss_mb']:.0f} MB |"
            if "marginal_ms" in x
            else f"| {x['proposals']:,} | {x['s']:.2f} s | {x['per_ms']:.2f} ms | — | {x['peak_rss_mb']:.0f} MB |"
            for x in r["proposals"]
        ),
        "",
        "Scaling in fields (one wide dataset; per proposal, in one process):",
        "",
        "| fields | per proposal | per field |",
        "|---|---|---|",
        *(
            f"| {x['fields']:,} | {x['per_ms']:.2f} ms | {x['per_ms'] / x['fields'] * 1000:.1f} µs |"
            for x in r["fields"]
        ),
        "",
        "Scaling in rules (copies of the core rules; per proposal, in one process):",
        "",
        "| rules | pack load | per proposal |",
        "|---|---|---|",
        *(f"| {x['rules']} | {x['load_s'] * ms:.0f} ms | {x['per_proposal_ms']:.2f} ms |" for x in r["rules"]),
        "",
    ]
    notes = ROOT / "benchmarks" / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text("utf-8")]
    (ROOT / "benchmarks" / "RESULTS.md").write_text("\n".join(lines), "utf-8")
    print("wrote benchmarks/RESULTS.md")


if __name__ == "__main__":
    main()
