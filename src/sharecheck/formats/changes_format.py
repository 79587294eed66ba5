"""`sharecheck diff` in text, Markdown (for a pull request) and JSON (`sharecheck.diff/1`)."""

from __future__ import annotations

import json
import re
from typing import Any

from sharecheck.band.framework import BAND_LABELS
from sharecheck.formats.json_format import band_dict, finding_dict
from sharecheck.results.changes import AnswerMove, Impact, ProposalDiff
from sharecheck.results.report import Band, Finding

DIFF_FORMATS = ("text", "markdown", "json")


def _score(score: int | None) -> str:
    return "unanswered" if score is None else str(score)


def _move(move: AnswerMove) -> str:
    return f"{move.question} {_score(move.score_from)} -> {_score(move.score_to)}"


def _moves(band: Band) -> str:
    if not band.next_band_moves:
        return "none"
    return " and ".join(f"{m.question} {_score(m.score_from)}->{m.score_to}" for m in band.next_band_moves)


def _band(band: Band) -> str:
    return f"{band.id} ({BAND_LABELS.get(band.id, band.id)})"


def _finding(f: Finding) -> str:
    where = f":{f.line}:{f.column}" if f.line is not None else ""
    return f"{f.severity.value} {f.rule}{where} {f.message}"


def text(change: ProposalDiff) -> str:
    lines = [f"{change.old.label} -> {change.new.label}"]
    for title, found in (("fixed", change.fixed), ("introduced", change.introduced), ("left", change.left)):
        lines.append(f"{title}: {len(found)}")
        lines += [f"  {_finding(f)}" for f in found]
    lines.append(f"answers moved: {len(change.answers)}")
    lines += [f"  {_move(m)}" for m in change.answers]
    lines.append(f"band: {_band(change.band_from)} -> {_band(change.band_to)}")
    if _moves(change.band_from) != _moves(change.band_to):
        lines.append(f"fewest moves to the next band: {_moves(change.band_from)} -> {_moves(change.band_to)}")
    return "\n".join(lines) + "\n"


def _md(value: str) -> str:
    """Markdown-inert: a proposal's text cannot open a link, a heading or HTML in the comment."""
    return re.sub(r"([\\`*_{}\[\]()#+!|<>~-])", r"\\\1", value.replace("\n", " "))


def markdown(change: ProposalDiff) -> str:
    lines = [f"### {_md(change.old.label)} → {_md(change.new.label)}", ""]
    counts = f"{len(change.fixed)} fixed, {len(change.introduced)} introduced, {len(change.left)} left"
    lines += [f"**{counts}**; band {_band(change.band_from)} → {_band(change.band_to)}", ""]
    for title, found in (("Fixed", change.fixed), ("Introduced", change.introduced), ("Left", change.left)):
        if found:
            lines += [f"#### {title}", ""]
            lines += [f"- **{f.severity.value}** `{f.rule}`: {_md(f.message)}" for f in found]
            lines.append("")
    if change.answers:
        lines += ["#### Framework answers moved", "", "| Question | From | To |", "| --- | --- | --- |"]
        lines += [f"| {m.question} | {_score(m.score_from)} | {_score(m.score_to)} |" for m in change.answers]
        lines.append("")
    if _moves(change.band_from) != _moves(change.band_to):
        lines += [
            f"Fewest moves to the next band: {_md(_moves(change.band_from))} → {_md(_moves(change.band_to))}",
            "",
        ]
    return "\n".join(lines)


def diff_dict(change: ProposalDiff) -> dict[str, Any]:
    def side(label: str, rid: str | None) -> dict[str, Any]:
        return {"label": label, "proposal": rid}

    old, new = change.old, change.new
    return {
        "schema": "sharecheck.diff/1",
        "old": side(old.label, old.result.proposal.id if old.result.proposal else None),
        "new": side(new.label, new.result.proposal.id if new.result.proposal else None),
        "fixed": [finding_dict(f) for f in change.fixed],
        "introduced": [finding_dict(f) for f in change.introduced],
        "left": [finding_dict(f) for f in change.left],
        "answers": [{"question": m.question, "from": m.score_from, "to": m.score_to} for m in change.answers],
        "band": {"from": band_dict(change.band_from), "to": band_dict(change.band_to)},
    }


def render(changes: list[ProposalDiff], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([diff_dict(c) for c in changes], indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return "## sharecheck diff\n\n" + "\n".join(markdown(c) for c in changes)
    return "\n".join(text(c) for c in changes)


IMPACT_FORMATS = ("markdown", "json", "text")


def _short(f: Finding) -> str:
    return f"{f.rule} ({f.severity.value}{', waived' if f.waiver else ''})"


def impact_dict(impact: Impact) -> dict[str, Any]:
    return {
        "schema": "sharecheck.impact/1",
        "old_pack": impact.old_pack,
        "new_pack": impact.new_pack,
        "checked": impact.checked,
        "totals": list(impact.totals()),
        "changes": [
            {
                "file": c.file,
                "proposal": c.proposal,
                "verdict": {"from": c.verdict_from, "to": c.verdict_to},
                "band": {"from": c.band_from, "to": c.band_to},
                "fixed": [finding_dict(f) for f in c.fixed],
                "introduced": [finding_dict(f) for f in c.introduced],
            }
            for c in impact.changes
        ],
    }


def render_impact(impact: Impact, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(impact_dict(impact), indent=2, ensure_ascii=False) + "\n"
    if fmt == "text":
        lines = [f"rule pack {impact.old_pack} -> {impact.new_pack}", *impact.totals()]
        for c in impact.changes:
            lines.append(f"{c.file}: {c.verdict_from} -> {c.verdict_to}, band {c.band_from} -> {c.band_to}")
            lines += [f"  no longer: {_short(f)} {f.message}" for f in c.fixed]
            lines += [f"  now: {_short(f)} {f.message}" for f in c.introduced]
        return "\n".join(lines) + "\n"
    lines = [
        "## sharecheck rules impact",
        "",
        f"Rule pack {_md(impact.old_pack)} → {_md(impact.new_pack)}, over {impact.checked} proposals.",
        "",
        *(f"- {_md(t)}" for t in impact.totals()),
        "",
    ]
    if impact.changes:
        lines += ["| Proposal | Verdict | Band | No longer | Now |", "| --- | --- | --- | --- | --- |"]
        for c in impact.changes:
            gone = ", ".join(_md(_short(f)) for f in c.fixed) or "–"
            now = ", ".join(_md(_short(f)) for f in c.introduced) or "–"
            verdicts = c.verdict_from if c.verdict_from == c.verdict_to else f"{c.verdict_from} → {c.verdict_to}"
            bands = c.band_from if c.band_from == c.band_to else f"{c.band_from} → {c.band_to}"
            lines.append(f"| {_md(c.file)} | {verdicts} | {bands} | {gone} | {now} |")
        lines.append("")
    return "\n".join(lines)
