"""Reading is linear: the strict reader on the worst inputs found (issue 14), at three sizes.

Each case runs in a fresh process so that its peak memory (ru_maxrss, less the interpreter's
footprint after imports) is its own. Linear means: 5 MiB costs about 80x 64 KB in time and
memory, not 6,400x. Before issue 14, 64 KB of `\\"` took 20 s and 5 MiB would have taken a day.

    .venv/bin/python benchmarks/reading.py            # prints a Markdown table
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SIZES = {"64 KB": 64 * 1024, "1 MiB": 1024 * 1024, "5 MiB": 5 * 1024 * 1024 - 64}


def _fill(unit: bytes, size: int, head: bytes = b"", tail: bytes = b"") -> bytes:
    body = size - len(head) - len(tail)
    return head + unit * (body // len(unit)) + tail


PATTERNS: dict[str, Callable[[int], bytes]] = {
    # the repro of issue 14 item 3: an escaped quote again and again, no string ever closed
    'unclosed escapes `\\"…`': lambda n: _fill(b'\\"', n),
    'one unclosed string `"\\"\\"…`': lambda n: _fill(b'\\"', n, head=b'{"title": "'),
    "one closed string of the whole size": lambda n: _fill(b"x", n, head=b'{"title": "', tail=b'"}'),
    "escapes in a closed string `\\u0041…`": lambda n: _fill(b"\\u0041", n, head=b'{"title": "', tail=b'"}'),
    "newlines (line and column bookkeeping)": lambda n: _fill(b"\n", n, head=b"{", tail=b"}"),
    "a value flood `[0,0,…` (stops at 100,000 values)": lambda n: _fill(b"0,", n, head=b"[", tail=b"0]"),
    "a long integer (stops at 4,300 digits)": lambda n: _fill(b"9", n, head=b'{"n": ', tail=b"}"),
}

_PROBE = """
import resource, sys, time
from sharecheck.reading.strict_json import ReadError, parse
raw = open(sys.argv[1], "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    parse(raw)
except ReadError:
    pass
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, (peak - base) / 1024)
"""


def measure(raw: bytes) -> tuple[float, float]:
    with tempfile.NamedTemporaryFile(suffix=".json") as handle:
        handle.write(raw)
        handle.flush()
        done = subprocess.run([sys.executable, "-c", _PROBE, handle.name], capture_output=True, text=True, check=True)
    seconds, megabytes = done.stdout.split()
    return float(seconds), float(megabytes)


def main() -> None:
    rows = []
    for name, make in PATTERNS.items():
        cells = []
        for size in SIZES.values():
            seconds, megabytes = measure(make(size))
            cells.append(f"{seconds * 1000:,.1f} ms, +{megabytes:,.1f} MB")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    print("| pattern | " + " | ".join(SIZES) + " |")
    print("|---|" + "---|" * len(SIZES))
    print("\n".join(rows))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
