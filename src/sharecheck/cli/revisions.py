"""Reading a revision named on the command line: a file, or `REF:path` read from git."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sharecheck.cli.common import Failure


def is_git_spec(given: str) -> bool:
    """`main:proposals/x.json` names a git revision; an existing file of that name wins."""
    ref, sep, path = given.partition(":")
    return bool(sep and ref and path) and not Path(given).exists()


def git_show(spec: str, *, cwd: Path | None = None) -> bytes:
    """The bytes of `REF:path` from the repository around `cwd`, or exit 2 with git's reason."""
    try:
        done = subprocess.run(["git", "show", spec], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        raise Failure(f"{spec}: cannot run git to read it ({error.strerror})") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Failure(f"{spec}: git cannot read it ({reason[-1] if reason else 'no reason given'})")
    return done.stdout


def read_revision(given: str) -> bytes:
    """A proposal file's bytes, or a git revision's."""
    if is_git_spec(given):
        return git_show(given)
    try:
        return Path(given).read_bytes()
    except OSError as error:
        raise Failure(f"{given}: cannot read it: {error.strerror}") from None
