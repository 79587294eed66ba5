"""Where `check` writes: one or several `--format`/`--output` pairs, and the progress bar.

With one `--format` (or none) and at most one `--output`, the two go together whatever their
order, as they always have. With several, each `--output` belongs to the `--format` just before
it, and a `--format` without one goes to stdout:

    sharecheck check proposals/ --format sarif --output a.sarif --format github

click hands a command each option's values but not how they interleave, so `PairedCommand`
notes the order of the raw `--format`/`--output` tokens before click parses them. If the scan
and click's parse ever disagree on how many there are, the pairs fall back to position (the
n-th `--output` for the n-th `--format`) rather than guess.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

ORDER = "sharecheck.format_output_order"
FORMAT, OUTPUT = "fmt", "output"
LONG_BATCH = 20  # files; below this a progress bar is noise
T = TypeVar("T")


@dataclass(frozen=True)
class Destination:
    format: str
    output: Path | None  # None: stdout


def option_order(command: click.Command, args: Sequence[str], names: Iterable[str]) -> list[str]:
    """The parameter names of `names` in the order their options appear in `args`."""
    wanted = set(names)
    takes_value: dict[str, str] = {}
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.count and param.name:
            for opt in (*param.opts, *param.secondary_opts):
                takes_value[opt] = param.name
    order: list[str] = []
    index = 0
    while index < len(args):
        token = args[index]
        if token == "--":
            break
        if token.startswith("--"):
            name, equals, _ = token.partition("=")
            if name in takes_value:
                if takes_value[name] in wanted:
                    order.append(takes_value[name])
                if not equals:
                    index += 1  # skip the value, which may itself look like an option
        elif token.startswith("-") and len(token) > 1:
            for position in range(1, len(token)):  # a cluster of short options: -o FILE, -oFILE
                opt = "-" + token[position]
                if opt in takes_value:
                    if takes_value[opt] in wanted:
                        order.append(takes_value[opt])
                    if position == len(token) - 1:
                        index += 1
                    break
        index += 1
    return order


class PairedCommand(click.Command):
    """A click command that remembers the order of its --format and --output options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[ORDER] = option_order(self, args, (FORMAT, OUTPUT))
        return super().parse_args(ctx, args)


def _file(output: Path) -> Path | None:
    return None if str(output) == "-" else output


def pair(formats: Sequence[str], outputs: Sequence[Path], order: Sequence[str] | None) -> list[Destination]:
    """Formats with their outputs; a usage error (exit 2) when the pairing is unclear."""
    if len(formats) <= 1 and len(outputs) <= 1:
        return [Destination(formats[0] if formats else "text", _file(outputs[0]) if outputs else None)]
    if order is None or order.count(FORMAT) != len(formats) or order.count(OUTPUT) != len(outputs):
        if len(outputs) > len(formats):
            raise click.UsageError(f"{len(outputs)} --output for {len(formats)} --format; give one --format each")
        order = [event for i in range(len(formats)) for event in ([FORMAT, OUTPUT] if i < len(outputs) else [FORMAT])]
    pairs: list[tuple[str, list[Path]]] = []
    next_format, next_output = iter(formats), iter(outputs)
    for event in order:
        if event == FORMAT:
            pairs.append((next(next_format), []))
        elif not pairs:
            raise click.UsageError("with several --format, put each --output after the --format it is for")
        else:
            pairs[-1][1].append(next(next_output))
    destinations: list[Destination] = []
    for fmt, given in pairs:
        if len(given) > 1:
            raise click.UsageError(f"--format {fmt} has {len(given)} --output; give each its own --format")
        destinations.append(Destination(fmt, _file(given[0]) if given else None))
    to_stdout = [d.format for d in destinations if d.output is None]
    if len(to_stdout) > 1:
        raise click.UsageError(
            f"{' and '.join(to_stdout)} would all go to stdout; give all but one of them an --output FILE"
        )
    files = [d.output.resolve() for d in destinations if d.output is not None]
    if len(set(files)) != len(files):
        raise click.UsageError("two --format would write the same --output file")
    return destinations


def colour_wanted(destination: Destination, mode: str = "auto") -> bool:
    """Colour only in text. `auto`: only to a terminal, and never when NO_COLOR is set
    (no-color.org); `always` and `never` are the user's explicit choice, which NO_COLOR does
    not override (no-color.org: a command-line flag wins)."""
    if destination.format != "text" or mode == "never":
        return False
    if mode == "always":
        return True
    return destination.output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def style(text: str, colour: str) -> str:
    """Colour through click, so Windows consoles and click's own stripping behave."""
    return click.style(text, fg=colour)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress(items: Iterable[T], length: int, *, label: str = "Checking") -> Iterator[Iterable[T]]:
    """A progress bar on stderr, only for a long batch and only when a person is watching."""
    if length < LONG_BATCH or not stderr_is_terminal():
        yield items
        return
    bar: Any = click.progressbar(items, length=length, label=label, file=sys.stderr, show_pos=True)
    with bar as iterable:
        yield iterable
