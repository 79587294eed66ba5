"""A real builder (uvicorn on 127.0.0.1, a free port) over a temporary folder of proposals."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sharecheck import Pack, load_pack

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@dataclass
class Builder:
    url: str
    port: int
    folder: Path


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()


@pytest.fixture
def builder(tmp_path: Path, pack: Pack) -> Iterator[Builder]:
    import uvicorn

    from sharecheck.serve.app import create_app

    folder = tmp_path / "proposals"
    folder.mkdir()
    shutil.copy(FIXTURES / "energy-rebates.json", folder)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(folder, pack, {f"127.0.0.1:{port}", f"localhost:{port}"})
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the builder did not start"
    try:
        yield Builder(f"http://127.0.0.1:{port}", port, folder)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
