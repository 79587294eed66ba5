"""What `sharecheck rules test` prints: a table for people, JUnit XML for CI.

Both name each case by file, line and name, so two cases with the same name never collide
(conftest's JUnit output is hard to read for exactly that reason), and both end with the
coverage: a rule counts as covered when it fires in one passing case and stays silent in
another, because a rule only ever seen firing might fire on everything.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from sharecheck.authoring.rule_tests import Outcome
from sharecheck.packs.loader import Pack


def coverage_line(covered: Sequence[str], uncovered: Sequence[str]) -> str:
    total = len(covered) + len(uncovered)
    return f"{len(covered)}/{total} rules fire in at least one case and stay silent in another"


def percent(covered: Sequence[str], uncovered: Sequence[str]) -> float:
    total = len(covered) + len(uncovered)
    return 100.0 if total == 0 else 100.0 * len(covered) / total


def _gaps(rule_id: str, outcomes: Sequence[Outcome]) -> str:
    fires = any(rule_id in o.case.fires and o.passed for o in outcomes)
    silent = any(rule_id in o.case.silent and o.passed for o in outcomes)
    missing = [
        text
        for text, found in (
            ("no passing case where it fires", fires),
            ("no passing case where it stays silent", silent),
        )
        if not found
    ]
    return "; ".join(missing)


def _result(outcome: Outcome) -> str:
    if not outcome.passed:
        return "FAIL"
    return "skip" if outcome.skipped else "pass"


def _detail(outcome: Outcome) -> str:
    if not outcome.passed:
        return "; ".join(outcome.failures) + f" (fired: {', '.join(outcome.fired) or 'nothing'})"
    if outcome.skipped:
        return f"only about rules this pack disables: {', '.join(outcome.set_aside)}"
    text = ", ".join(outcome.fired) or "(none)"
    if outcome.set_aside:
        text += f" (set aside, disabled: {', '.join(outcome.set_aside)})"
    return text


def _counts(outcomes: Sequence[Outcome]) -> str:
    failed = sum(1 for o in outcomes if not o.passed)
    skipped = sum(1 for o in outcomes if o.passed and o.skipped)
    return f"{len(outcomes) - failed - skipped} passed, {failed} failed, {skipped} skipped"


def table(
    pack: Pack,
    outcomes: Sequence[Outcome],
    covered: Sequence[str],
    uncovered: Sequence[str],
    minimum: float,
    *,
    show_all: bool = False,
) -> str:
    """The pack's own cases, and any inherited case that fails; `show_all` lists the inherited
    ones too (an organisation's 3 cases are not buried under the 250 of the pack it extends)."""
    own = [o for o in outcomes if not o.case.inherited]
    inherited = [o for o in outcomes if o.case.inherited]
    shown = [o for o in outcomes if show_all or not o.case.inherited or not o.passed]
    rows = [("case", "result", "fired rules / failures")]
    rows += [
        (f"{o.case.file}:{o.case.line} {o.case.name}", _result(o) + ("*" if o.case.inherited else ""), _detail(o))
        for o in shown
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{pack.name} {pack.version}: {len(outcomes)} cases, {len(pack.rules)} rules", ""]
    lines += [f"{case.ljust(width)}  {result.ljust(6)}  {detail}".rstrip() for case, result, detail in rows]
    if inherited:
        hidden = len(outcomes) - len(shown)
        note = f"; {hidden} passing inherited cases not listed (--all lists them)" if hidden else ""
        lines += [
            "",
            f"own cases: {len(own)} ({_counts(own)})",
            f"inherited cases (marked *): {len(inherited)} ({_counts(inherited)}){note}",
        ]
    lines += ["", _counts(outcomes)]
    lines.append(coverage_line(covered, uncovered))
    lines += [f"  {rule_id}: {_gaps(rule_id, outcomes)}" for rule_id in uncovered]
    share = percent(covered, uncovered)
    if share < minimum:
        lines.append(f"coverage {share:.1f}% is below the minimum of {minimum:g}% (--min-coverage)")
    return "\n".join(lines) + "\n"


def junit(
    pack: Pack, outcomes: Sequence[Outcome], covered: Sequence[str], uncovered: Sequence[str], minimum: float
) -> str:
    """JUnit XML: one suite per case file, one for coverage (one test per rule). No times,
    so the same pack gives byte-identical output."""
    root = ET.Element("testsuites", name=f"sharecheck rules test: {pack.name} {pack.version}")
    files = list(dict.fromkeys(o.case.file for o in outcomes))
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for file in files:
        mine = [o for o in outcomes if o.case.file == file]
        suite = ET.SubElement(root, "testsuite", name=file)
        for outcome in mine:
            case = ET.SubElement(
                suite, "testcase", classname=file, name=f"line {outcome.case.line}: {outcome.case.name}"
            )
            if not outcome.passed:
                failure = ET.SubElement(case, "failure", message=outcome.failures[0], type="case")
                failure.text = _detail(outcome)
            elif outcome.skipped:
                ET.SubElement(case, "skipped", message=_detail(outcome))
        _count(suite, len(mine), sum(not o.passed for o in mine), sum(o.passed and o.skipped for o in mine), totals)
    suite = ET.SubElement(root, "testsuite", name="coverage")
    short = percent(covered, uncovered) < minimum
    for rule in pack.rules:
        case = ET.SubElement(
            suite, "testcase", classname="coverage", name=f"{rule.id} fires in one case and stays silent in another"
        )
        if rule.id in uncovered:
            tag = "failure" if short else "skipped"
            element = ET.SubElement(case, tag, message=_gaps(rule.id, outcomes))
            if short:
                element.set("type", "coverage")
    _count(suite, len(pack.rules), len(uncovered) if short else 0, 0 if short else len(uncovered), totals)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _count(suite: ET.Element, tests: int, failures: int, skipped: int, totals: dict[str, int]) -> None:
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    totals["tests"] += tests
    totals["failures"] += failures
    totals["skipped"] += skipped
