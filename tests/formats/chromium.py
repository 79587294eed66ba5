"""Headless Chromium for the report tests: the plain command line (--screenshot, --dump-dom) and a
small DevTools-protocol client over --remote-debugging-pipe (no websocket library needed).

The DevTools client is what proves a page makes no network request: Network events are scoped to
the page's own target, whereas a --log-net-log file also holds the browser's own background
traffic. Every launch maps all host names to NOTFOUND, so nothing could leave the machine anyway.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
TIMEOUT = 60.0


def binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def run(browser: str, url: str, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """One headless run of the command line, e.g. --dump-dom or --screenshot=FILE."""
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args, url],
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    )


class DevTools:
    """The DevTools protocol over a pipe: requests on fd 3, replies and events on fd 4, each a
    JSON message ended by a NUL byte."""

    def __init__(self, process: subprocess.Popen[bytes], send_fd: int, receive_fd: int) -> None:
        self.process = process
        self._send, self._receive = send_fd, receive_fd
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._send, json.dumps(message).encode() + b"\0")
        reply = self._until(lambda m: m.get("id") == self._next)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        return self._until(lambda m: m.get("method") == method and m.get("sessionId") == session)

    def _until(self, wanted: Any) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message: dict[str, Any] = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if wanted(message):
                    return message
            if time.monotonic() > deadline:
                raise TimeoutError("no reply from Chromium")
            ready, _, _ = select.select([self._receive], [], [], 0.5)
            if ready:
                chunk = os.read(self._receive, 1 << 16)
                if not chunk:
                    raise EOFError("Chromium closed the DevTools pipe")
                self._buffer += chunk

    def open(self, url: str) -> Page:
        """A new tab with network events on, loaded with `url`."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Network.enable", session)
        self.call("Page.enable", session)
        start = len(self.events)
        self.call("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired", session)
        self.call("Runtime.evaluate", session, expression="document.fonts.ready", awaitPromise=True)
        return Page(self, session, start)


class Page:
    def __init__(self, tools: DevTools, session: str, start: int) -> None:
        self.tools, self.session, self._start = tools, session, start

    def requests(self) -> list[str]:
        """Every URL this page asked for, the page itself included, from the Network events."""
        return [
            e["params"]["request"]["url"]
            for e in self.tools.events[self._start :]
            if e["method"] == "Network.requestWillBeSent" and e.get("sessionId") == self.session
        ]

    def evaluate(self, expression: str) -> Any:
        reply = self.tools.call("Runtime.evaluate", self.session, expression=expression, returnByValue=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")


@contextmanager
def devtools(browser: str, profile: Path) -> Iterator[DevTools]:
    """Chromium with --remote-debugging-pipe; our two pipe ends become its fds 3 and 4."""
    to_browser_r, to_browser_w = os.pipe()
    from_browser_r, from_browser_w = os.pipe()
    # Copies above 10 so that putting them on 3 and 4 in the child cannot clobber each other.
    child_in = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
    child_out = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)

    def place_fds() -> None:  # runs in the child, before exec; dup2 makes inheritable copies
        os.dup2(child_in, 3)
        os.dup2(child_out, 4)

    process = subprocess.Popen(
        [browser, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=place_fds,  # the test process is single-threaded
        close_fds=False,  # Python's own descriptors are not inheritable (PEP 446)
    )
    for fd in (to_browser_r, from_browser_w, child_in, child_out):
        os.close(fd)
    tools = DevTools(process, to_browser_w, from_browser_r)
    try:
        yield tools
    finally:
        with suppress(OSError, EOFError, TimeoutError, RuntimeError):
            tools.call("Browser.close")
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        os.close(to_browser_w)
        os.close(from_browser_r)
