"""Which files a `check` covers: files, folders (recursively *.json), globs and `-` for stdin.

Globs are expanded here, not left to the shell, so `sharecheck check 'proposals/**/*.json'`
means the same in bash, in PowerShell, in a CI `run:` step with quotes and in a pre-commit
`args:` list. A path that exists is taken literally even if its name contains `*`, `?` or `[`.

Proposals come from whoever opens a pull request, links included. So a walk never goes round a
symbolic-link loop (`glob`'s `**` did, for ever), never follows a link out of the folder being
checked (`proposals/x.json -> ~/.aws/credentials` would have its values quoted in CI logs: such
a file is reported, not read), and names what is not a regular file (a FIFO would block the run)
instead of reading it or skipping it in silence.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"


@dataclass(frozen=True)
class Target:
    name: str  # as shown in reports
    path: Path | None  # None for stdin
    refused: str | None = None  # why it is reported without being read (a finding, not a stop)


class MissingPath(Exception):
    """A path that does not exist, or a glob that matches nothing."""


def is_glob(given: str) -> bool:
    return any(char in given for char in "*?[")


def expand(paths: Iterable[str]) -> list[Target]:
    """Deterministic, de-duplicated, sorted by name (so argument order does not matter)."""
    found: dict[str, Target] = {}
    for given in paths:
        if given == STDIN:
            found[STDIN] = Target(STDIN, None)
            continue
        path = Path(given)
        if _lexists(path) or not is_glob(given):
            _add_given(path, given, found)
            continue
        # Like a shell: every match is taken as if typed, folders searched for *.json below them;
        # `**` spans folders; names starting with a dot match only a pattern that starts with one.
        root = _glob_root(given)
        matches = sorted(_glob(given))
        if not matches:
            raise MissingPath(given)
        for match in matches:
            _add_found(Path(match), root, found)
    return [found[name] for name in sorted(found)]


def _lexists(path: Path) -> bool:
    try:
        return path.exists() or path.is_symlink()
    except (OSError, ValueError):
        return False


def _add_given(path: Path, given: str, found: dict[str, Target]) -> None:
    """A path the user typed: a folder is walked; a file, a FIFO or a character device is read
    (`check <(generate)` passes a pipe); a link may lead anywhere below the working folder or
    its own folder, since a pre-commit hook names each changed file, links included."""
    try:
        node = path.stat()
    except (OSError, ValueError):
        raise MissingPath(given) from None
    name = path.as_posix()
    if stat.S_ISDIR(node.st_mode):
        _walk(path, found)
    elif path.is_symlink() and not _inside(path.resolve(), (Path.cwd().resolve(), path.parent.resolve())):
        found[name] = Target(name, path, _LEAVES)
    elif stat.S_ISREG(node.st_mode) or stat.S_ISFIFO(node.st_mode) or stat.S_ISCHR(node.st_mode):
        found[name] = Target(name, path)
    else:
        found[name] = Target(name, path, _not_regular(node))


def _add_found(path: Path, root: Path, found: dict[str, Target]) -> None:
    """A glob's match: like a typed path, but no link may leave the glob's base folder."""
    name = path.as_posix()
    try:
        node = path.stat()
    except (OSError, ValueError):
        return  # a broken link, or gone since the glob listed it
    if not _inside(path.resolve(), (root,)):  # the match, or a folder above it, links out
        found[name] = Target(name, path, _LEAVES)
    elif stat.S_ISDIR(node.st_mode):
        _walk(path, found)
    elif stat.S_ISREG(node.st_mode):
        found[name] = Target(name, path)
    else:
        found[name] = Target(name, path, _not_regular(node))


_LEAVES = (
    "this is a symbolic link that leads out of the folder being checked, so it was not followed and "
    "nothing behind it was read; copy the proposals into the folder instead of linking to them"
)


def _not_regular(node: os.stat_result) -> str:
    kinds = {
        stat.S_ISFIFO: "a FIFO (named pipe)",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISSOCK: "a socket",
    }
    kind = next((words for test, words in kinds.items() if test(node.st_mode)), "not a regular file")
    return f"this is {kind}, not a proposal file, so it was not read; name a regular *.json file"


def _inside(target: Path, roots: Iterable[Path]) -> bool:
    return any(target == root or root in target.parents for root in roots)


def _walk(folder: Path, found: dict[str, Target]) -> None:
    """Every *.json below `folder` (hidden names skipped), following links only while they
    stay inside it, and each real folder once, so a link loop ends."""
    root = folder.resolve()
    for path, node in _entries(folder, root):
        name = path.as_posix()
        if node is not None and stat.S_ISREG(node.st_mode):
            found[name] = Target(name, path)
        else:
            found[name] = Target(name, path, _refusal(node))


def _refusal(node: os.stat_result | None) -> str:
    return _LEAVES if node is None else _not_regular(node)


def _entries(folder: Path, root: Path) -> Iterator[tuple[Path, os.stat_result | None]]:
    """(path, what it is) for each *.json below `folder`; None when a link leaves `root`."""
    seen: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            here = current.stat()
            if (here.st_dev, here.st_ino) in seen:
                continue  # a link back to a folder already walked: a loop, or the same files again
            seen.add((here.st_dev, here.st_ino))
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except (OSError, ValueError):
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = current / entry.name
            try:
                is_link = entry.is_symlink()
                node = entry.stat()  # follows a link
            except (OSError, ValueError):
                continue  # a broken link
            if is_link and not _inside(path.resolve(), (root,)):
                if entry.name.endswith(".json") or stat.S_ISDIR(node.st_mode):
                    yield path, None  # not followed, and said so: its proposals go unchecked
                continue
            if stat.S_ISDIR(node.st_mode):
                pending.append(path)
            elif entry.name.endswith(".json"):
                yield path, node


def _glob_root(pattern: str) -> Path:
    """The folder a glob searches: its leading components that hold no wildcard."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if is_glob(part):
            break
        fixed.append(part)
    return Path(*fixed).resolve() if fixed else Path.cwd().resolve()


def _glob(pattern: str) -> list[str]:
    """`glob.glob(pattern, recursive=True)`, except that `**` walks each real folder once, so
    a symbolic-link loop cannot make it run for ever."""
    parts = pattern.split("/")
    if "**" not in parts:
        return glob.glob(pattern)  # noqa: PTH207 (Path.glob refuses absolute patterns)
    at = parts.index("**")
    prefix, rest = "/".join(parts[:at]), "/".join(parts[at + 1 :])
    bases = [prefix] if not prefix or not is_glob(prefix) else glob.glob(prefix)  # noqa: PTH207
    matches: set[str] = set()
    for base in bases:
        start = Path(base) if base else Path()
        if base and not start.is_dir():
            continue
        left: list[Path] = []  # folder links out of the tree: matched, so that they are reported
        for folder in _folders(start, _glob_root(pattern), left):
            shown = folder.as_posix() if base or folder != Path() else ""
            if not rest:
                if shown:
                    matches.add(shown + "/")
                continue
            matches.update(_glob(f"{glob.escape(shown)}/{rest}" if shown else rest))
        matches.update(link.as_posix() for link in left)
    return [m.rstrip("/") if m != "/" else m for m in matches]


def _folders(start: Path, root: Path, left: list[Path]) -> Iterator[Path]:
    """`start` and every folder below it (hidden ones skipped), each real folder once, none
    reached through a link out of `root` (those links are added to `left`)."""
    seen: set[tuple[int, int]] = set()
    pending = [start]
    while pending:
        current = pending.pop()
        try:
            here = current.stat()
        except (OSError, ValueError):
            continue
        if (here.st_dev, here.st_ino) in seen:
            continue
        seen.add((here.st_dev, here.st_ino))
        yield current
        try:
            children = sorted(os.scandir(current), key=lambda e: e.name)
        except (OSError, ValueError):
            continue
        for entry in children:
            try:
                if entry.name.startswith(".") or not entry.is_dir():
                    continue
                child = current / entry.name
                if entry.is_symlink() and not _inside(child.resolve(), (root,)):
                    left.append(child)
                    continue
            except (OSError, RuntimeError):
                continue
            pending.append(child)
