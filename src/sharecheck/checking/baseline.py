"""`check --baseline`: which findings are new, which were already there, which are gone.

A baseline is a JSON report (`sharecheck.report/1`) saved earlier, typically from the main
branch. Findings are matched by fingerprint (results/fingerprint.py), so an edit that moves a
finding's line keeps it `unchanged`. Matching counts: two identical fingerprints in the baseline
excuse two findings, not three. A baseline from another pack or another set of proposals is
still used, with a note saying what that means; only one that is not a report is refused.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from sharecheck.results.fingerprint import fingerprint
from sharecheck.results.report import BaselineInfo, Fixed, PackInfo, Report, Result, Severity

SCHEMA = "sharecheck.report/1"


class BaselineError(ValueError):
    """The baseline is not a sharecheck JSON report; `place` is line:col or a JSON Pointer."""

    def __init__(self, place: str, message: str) -> None:
        super().__init__(f"{place}: {message}")
        self.place = place
        self.message = message


@dataclass(frozen=True)
class BaselineFinding:
    file: str
    proposal: str | None
    rule: str
    severity: Severity
    message: str
    fingerprint: str


@dataclass(frozen=True)
class Baseline:
    pack: PackInfo
    findings: tuple[BaselineFinding, ...]
    proposals: frozenset[str]  # the proposal keys (id, else file) the baseline checked
    recomputed: bool = False  # made by a sharecheck without fingerprints: matched by path


def _key(proposal: str | None, file: str) -> str:
    return proposal or file


def _need(value: Any, kind: type | tuple[type, ...], place: str, what: str) -> Any:
    if not isinstance(value, kind):
        raise BaselineError(place or "/", f"expected {what}")
    return value


def load(raw: bytes) -> Baseline:
    """Read a saved JSON report. Raises BaselineError naming the place of the first problem."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BaselineError(f"byte {error.start}", "not UTF-8 text; give a report from `--format json`") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"{error.lineno}:{error.colno}", f"not JSON ({error.msg})") from None
    top = _need(data, dict, "", "a JSON report object from `sharecheck check --format json`")
    if top.get("schema") != SCHEMA:
        raise BaselineError("/schema", f'expected "{SCHEMA}": give a report from `sharecheck check --format json`')
    pack = _need(top.get("rule_pack"), dict, "/rule_pack", "an object with name, version and sha256")
    info = PackInfo(str(pack.get("name", "")), str(pack.get("version", "")), str(pack.get("sha256", "")))
    results = _need(top.get("results"), list, "/results", "a list of results")
    findings: list[BaselineFinding] = []
    proposals: set[str] = set()
    recomputed = False
    for i, result in enumerate(results):
        here = f"/results/{i}"
        _need(result, dict, here, "a result object")
        file = _need(result.get("file"), str, f"{here}/file", "the file name as a string")
        proposal = result.get("proposal")
        pid = proposal.get("id") if isinstance(proposal, dict) else None
        pid = pid if isinstance(pid, str) else None
        proposals.add(_key(pid, file))
        for j, finding in enumerate(_need(result.get("findings"), list, f"{here}/findings", "a list of findings")):
            at = f"{here}/findings/{j}"
            _need(finding, dict, at, "a finding object")
            rule = _need(finding.get("rule"), str, f"{at}/rule", "a rule id")
            severity = _need(finding.get("severity"), str, f"{at}/severity", "blocker, warning or info")
            if severity not in {s.value for s in Severity}:
                raise BaselineError(f"{at}/severity", "expected blocker, warning or info")
            message = finding.get("message")
            message = _need(message, str, f"{at}/message", "the message as a string")
            mark = finding.get("fingerprint")
            if mark is None:  # a report from before fingerprints: the path is the best identity it has
                recomputed = True
                path = _need(finding.get("path"), str, f"{at}/path", "a JSON Pointer")
                mark = fingerprint(rule, _key(pid, file), path)
            _need(mark, str, f"{at}/fingerprint", "a fingerprint string")
            findings.append(BaselineFinding(file, pid, rule, Severity(severity), message, mark))
    return Baseline(info, tuple(findings), frozenset(proposals), recomputed)


def _notes(report: Report, baseline: Baseline, checked: set[str]) -> list[str]:
    notes: list[str] = []
    old, now = baseline.pack, report.pack
    if (old.name, old.version) != (now.name, now.version):
        notes.append(
            f"the baseline was made with rule pack {old.name} {old.version}; this run uses {now.name} {now.version}: "
            "findings of rules added or changed since count as new, those of rules removed as fixed"
        )
    elif old.sha256 != now.sha256:
        notes.append(
            f"the baseline was made with a different copy of rule pack {now.name} {now.version} (its sha256 differs): "
            "findings of rules edited since may count as new or fixed"
        )
    unchecked = len(baseline.proposals - checked)
    if unchecked:
        notes.append(
            f"{unchecked} proposal(s) of the baseline were not checked in this run: "
            "their findings are not listed as fixed"
        )
    added = len(checked - baseline.proposals)
    if added:
        notes.append(f"{added} proposal(s) checked in this run are not in the baseline: all their findings are new")
    if baseline.recomputed:
        notes.append(
            "the baseline has no fingerprints (made by an older sharecheck): its findings were matched by rule, "
            "proposal and path, so a finding whose item moved in its list counts as new once; save a new baseline"
        )
    return notes


def compare(report: Report, baseline: Baseline, *, gate_existing: bool = False) -> Report:
    """The report with each finding marked new or unchanged, and the baseline's fixed findings."""
    remaining = Counter(f.fingerprint for f in baseline.findings)
    results: list[Result] = []
    checked: set[str] = set()
    for result in report.results:
        checked.add(_key(result.proposal.id if result.proposal else None, result.file))
        marked = []
        for finding in result.findings:
            known = remaining[finding.fingerprint] > 0
            if known:
                remaining[finding.fingerprint] -= 1
            marked.append(replace(finding, baseline="unchanged" if known else "new"))
        results.append(replace(result, findings=tuple(marked)))
    fixed: list[Fixed] = []
    for old in baseline.findings:
        if remaining[old.fingerprint] > 0 and _key(old.proposal, old.file) in checked:
            remaining[old.fingerprint] -= 1
            fixed.append(Fixed(old.file, old.proposal, old.rule, old.severity, old.message, old.fingerprint))
    info = BaselineInfo(baseline.pack, tuple(fixed), tuple(_notes(report, baseline, checked)))
    return replace(report, results=tuple(results), baseline=info, gate_existing=gate_existing)
