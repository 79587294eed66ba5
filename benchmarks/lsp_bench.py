"""The language server's latency: diagnostics for a typical proposal after an edit.

    .venv/bin/python benchmarks/lsp_bench.py            # 100 edits; writes its section of RESULTS.md
    .venv/bin/python benchmarks/lsp_bench.py --print    # prints only

It starts the real `sharecheck lsp` over stdio (debounce off, so the time is the server's
work and the round trip, not the pause it waits for while someone types), opens
fixtures/early-help-families.json, then makes 100 small edits the way an editor sends them
(an incremental change of one value) and times each from sending `didChange` to receiving
the `publishDiagnostics` for that version. Target (issue 17): median under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]
PROPOSAL = ROOT / "fixtures" / "early-help-families.json"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
HEADING = "## Language server (benchmarks/lsp_bench.py)"
EDITS = 100
TARGET_MS = 50.0


async def measure(edits: int) -> list[float]:
    client = LanguageClient("sharecheck-bench", "1")
    arrived: dict[int, asyncio.Future[None]] = {}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        waiting = arrived.get(params.version or 0)
        if waiting is not None and not waiting.done():
            waiting.set_result(None)

    @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:
        return None

    @client.feature(lsp.WINDOW_LOG_MESSAGE)
    def logged(params: lsp.LogMessageParams) -> None:
        if params.type == lsp.MessageType.Error:
            print(params.message, file=sys.stderr)

    await client.start_io(sys.executable, "-m", "sharecheck", "lsp")
    await client.initialize_async(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(),
            root_uri=ROOT.as_uri(),
            initialization_options={"debounce": 0},
        )
    )
    client.initialized(lsp.InitializedParams())
    text = PROPOSAL.read_text("utf-8")
    uri = PROPOSAL.as_uri()
    loop = asyncio.get_running_loop()
    arrived[1] = loop.create_future()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "json", 1, text)))
    await arrived[1]  # the pack is loaded and warm
    # the edit: retype the number of records, as someone correcting a figure would
    key = '"volume_records": '
    start = text.index(key) + len(key)
    end = start
    while text[end].isdigit():
        end += 1
    line = text.count("\n", 0, start)
    column = start - (text.rfind("\n", 0, start) + 1)
    length = end - start
    times = []
    for i in range(edits):
        version = i + 2
        value = str(1000 + i * 7919 % 90000)
        arrived[version] = loop.create_future()
        began = loop.time()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    lsp.TextDocumentContentChangePartial(
                        range=lsp.Range(lsp.Position(line, column), lsp.Position(line, column + length)),
                        text=value,
                    )
                ],
            )
        )
        await arrived[version]
        times.append((loop.time() - began) * 1000)
        length = len(value)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def section(times: list[float]) -> str:
    ordered = sorted(times)
    median = statistics.median(ordered)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    verdict = "met" if median < TARGET_MS else "**missed**"
    return "\n".join(
        [
            HEADING,
            "",
            f"Diagnostics for {PROPOSAL.name} after an edit (an incremental change of one value), from "
            f"`didChange` sent to `publishDiagnostics` received, over stdio, {len(times)} edits, debounce off; "
            f"{platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}.",
            "",
            "| target | median | 95th percentile | min | max | verdict |",
            "|---|---|---|---|---|---|",
            f"| median < {TARGET_MS:.0f} ms | {median:.1f} ms | {p95:.1f} ms | {ordered[0]:.1f} ms | "
            f"{ordered[-1]:.1f} ms | {verdict} |",
            "",
            "In an editor the server also waits for typing to pause (300 ms by default, `debounce` in "
            "initializationOptions) before it checks.",
            "",
        ]
    )


def write(text: str) -> None:
    """Replace this benchmark's own section of RESULTS.md (or add it), leaving the rest alone."""
    current = RESULTS.read_text("utf-8") if RESULTS.is_file() else "# Benchmark results\n"
    if HEADING in current:
        before, _, rest = current.partition(HEADING)
        following = rest.find("\n## ")
        after = rest[following + 1 :] if following >= 0 else ""
        current = before + text + ("\n" + after if after else "")
    else:
        current = current.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(current, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--print", action="store_true", help="print the section; leave RESULTS.md alone")
    parser.add_argument("--edits", type=int, default=EDITS)
    args = parser.parse_args()
    text = section(asyncio.run(measure(args.edits)))
    print(text)
    if not args.print:
        write(text)


if __name__ == "__main__":
    main()
