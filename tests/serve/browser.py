"""Finding the browser and axe-core for the builder's end-to-end tests.

Locally a missing Chromium or axe-core skips those tests with the command that provides it; in CI
(CI=true) it fails them, so nothing is skipped silently there. `.ci/run` provides both.
"""

from __future__ import annotations

import os
import shutil
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_CACHE = Path(os.environ.get("SHARECHECK_AXE_CACHE", ROOT / ".cache" / "axe-core"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (CI=true: this must not be skipped)")
    pytest.skip(what)


def chromium() -> str:
    found = os.environ.get("SHARECHECK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        missing("Chromium is not installed: apt-get install chromium (.ci/run does)")
    assert found is not None
    return found


def axe_source() -> str:
    packed = sorted(AXE_CACHE.glob("axe-core-4*.tgz"))
    if not packed:
        missing(f"axe-core is not in {AXE_CACHE}: (cd {AXE_CACHE} && npm pack axe-core@4) (.ci/run does)")
    with tarfile.open(packed[-1]) as archive:
        member = archive.extractfile("package/axe.min.js")
        assert member is not None
        return member.read().decode("utf-8")
