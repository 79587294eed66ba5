"""`sharecheck serve`: the time from an author's edit to its findings (issue 18; target median < 100 ms).

Starts the builder on 127.0.0.1, then makes 100 edits to a typical proposal (the early-help
fixture: a title, a score, a field's justification, a gateway removed and put back), posting each
to /api/check as the page does, and reports the median and 95th percentile of the round trip.

    .venv/bin/python -m benchmarks.serve_recheck
"""

from __future__ import annotations

import copy
import http.client
import json
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

EDITS = 100
TYPICAL = Path(__file__).resolve().parents[1] / "fixtures" / "early-help-families.json"


def edit(document: dict[str, Any], number: int) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    kind = number % 4
    if kind == 0:
        changed["title"] = f"{document['title']} (draft {number})"
    elif kind == 1:
        changed["framework"]["answers"]["q11"]["score"] = 3 + number % 3
    elif kind == 2:
        changed["data"]["datasets"][0]["fields"][0]["justification"] = f"needed to match records ({number})"
    else:
        changed["legal"]["gateways"] = []  # a blocker appears; the next edit puts the gateway back
    return changed


def main() -> None:
    import uvicorn

    from sharecheck import load_pack
    from sharecheck.serve.app import create_app

    document = json.loads(TYPICAL.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        host = f"127.0.0.1:{port}"
        server = uvicorn.Server(
            uvicorn.Config(create_app(Path(folder), load_pack(), {host}), log_level="warning", lifespan="off")
        )
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Origin": f"http://{host}", "Content-Type": "application/json"}
        timings = []
        for number in range(EDITS + 5):  # the first 5 warm up and are not counted
            body = json.dumps({"document": edit(document, number)})
            start = time.perf_counter()
            connection.request("POST", "/api/check", body, headers)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status == 200, response.status
            if number >= 5:
                timings.append(elapsed)
        connection.close()
        server.should_exit = True
        thread.join(10)
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(0.95 * len(timings)) - 1]
    verdict = "met" if median < 100 else "missed"
    print(f"re-check after an edit, {EDITS} edits: median {median:.1f} ms, p95 {p95:.1f} ms")
    print(f"target median < 100 ms: {verdict}")


if __name__ == "__main__":
    main()
