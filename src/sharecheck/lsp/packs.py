"""A rule pack in the editor: `rules lint` problems and failing rule cases, grouped by file.

Lint reads the pack from disk (it must see every layer and the test cases together), so
pack diagnostics follow saves, not keystrokes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types as lsp

from sharecheck.authoring.lint import lint
from sharecheck.authoring.rule_tests import Case, Outcome
from sharecheck.lsp.proposals import SOURCE
from sharecheck.packs.loader import MANIFEST


def pack_folder(path: Path) -> Path | None:
    """The pack a YAML file belongs to: its folder holds pack.yaml, or it is in the pack's tests/."""
    folder = path.parent
    if (folder / MANIFEST).is_file():
        return folder
    if folder.name == "tests" and (folder.parent / MANIFEST).is_file():
        return folder.parent
    return None


@dataclass(frozen=True)
class Place:
    file: Path
    line: int  # 1-based, as lint prints them
    column: int


def _range(place: Place, text: str | None) -> lsp.Range:
    line, column = place.line - 1, place.column - 1
    end = column + 1
    if text is not None:
        lines = text.splitlines()
        if 0 <= line < len(lines):
            end = max(len(lines[line].rstrip()), column + 1)
    return lsp.Range(lsp.Position(line, column), lsp.Position(line, end))


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _absolute(file: str) -> Path:
    return Path(file).resolve()


def lint_diagnostics(folder: Path) -> tuple[dict[Path, list[lsp.Diagnostic]], list[Case] | None]:
    """Every lint problem of the pack in `folder`, by file; and its rule cases if it loads."""
    report = lint([folder])
    out: dict[Path, list[lsp.Diagnostic]] = defaultdict(list)
    texts: dict[Path, str | None] = {}
    for problem in report.problems:
        path = _absolute(problem.file)
        if path not in texts:
            texts[path] = _read(path)
        message = f"{problem.message}\nhint: {problem.hint}" if problem.hint else problem.message
        out[path].append(
            lsp.Diagnostic(
                range=_range(Place(path, problem.line, problem.column), texts[path]),
                message=message,
                severity=lsp.DiagnosticSeverity.Error,
                source=f"{SOURCE} rules lint",
            )
        )
    cases = None
    if report.pack is not None:
        from sharecheck.authoring.rule_tests import CaseError, load_cases

        try:
            cases = load_cases(report.pack)
        except CaseError:
            cases = None  # lint has reported the broken case file
    return dict(out), cases


def case_diagnostics(outcomes: list[Outcome]) -> dict[Path, list[lsp.Diagnostic]]:
    out: dict[Path, list[lsp.Diagnostic]] = defaultdict(list)
    texts: dict[Path, str | None] = {}
    for outcome in outcomes:
        if outcome.passed:
            continue
        path = _absolute(outcome.case.file)
        if path not in texts:
            texts[path] = _read(path)
        out[path].append(
            lsp.Diagnostic(
                range=_range(Place(path, outcome.case.line, 1), texts[path]),
                message=f"rule case {outcome.case.name!r} fails: " + "; ".join(outcome.failures),
                severity=lsp.DiagnosticSeverity.Error,
                source=f"{SOURCE} rules test",
            )
        )
    return dict(out)
