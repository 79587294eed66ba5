"""Reading a revision named on the command line: a file, or `REF:path` read from git."""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
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


@contextlib.contextmanager
def pack_folder(given: str) -> Iterator[Path]:
    """A rule pack folder as given, or `REF:path` extracted from git into a scratch folder."""
    if not is_git_spec(given):
        yield Path(given)
        return
    try:
        done = subprocess.run(["git", "archive", "--format=tar", given], capture_output=True, check=False)
    except OSError as error:
        raise Failure(f"{given}: cannot run git to read it ({error.strerror})") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Failure(f"{given}: git cannot read that pack folder ({reason[-1] if reason else 'no reason given'})")
    with tempfile.TemporaryDirectory(prefix="sharecheck-pack-") as scratch:
        with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
            archive.extractall(scratch, filter="data")  # refuses links and paths outside the folder
        yield Path(scratch)


def at_ref(ref: str, folder: Path) -> str:
    """`REF:path` naming `folder` as committed at `ref` in the repository of the current folder."""
    try:
        done = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, check=False)
    except OSError as error:
        raise Failure(f"cannot run git to find {folder} at {ref} ({error.strerror}); give --old") from None
    if done.returncode != 0:
        raise Failure(f"not in a git repository, so there is no {folder} at {ref} to compare with; give --old")
    top = Path(done.stdout.decode("utf-8").strip()).resolve()
    try:
        inside = folder.resolve().relative_to(top)
    except ValueError:
        raise Failure(f"{folder} is not in the git repository at {top}; give --old") from None
    return f"{ref}:{inside.as_posix()}"
