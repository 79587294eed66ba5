"""The Data for Public Benefit band: gating first, then scoring, then what would move it.

Thresholds are data (`framework:` in the pack, rules/framework.yaml in ours), so a
governance team changes them without code. Means are compared as exact fractions so that a
mean of exactly 4.0 or 2.5 lands on the side the thresholds say.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

from sharecheck.results.report import Band, Move

LIKELY, SOME_ISSUES, NOT_RECOGNISED = "likely", "some_issues", "not_recognised"
INCOMPLETE, NOT_ASSESSED = "incomplete", "not_assessed"
BAND_LABELS = {
    LIKELY: "likely to be assessed as delivering public benefit",
    SOME_ISSUES: "some issues: look for ways to move answers to the right",
    NOT_RECOGNISED: "may not be recognised as delivering public benefit (it may still be justified on other grounds)",
    INCOMPLETE: "incomplete: answers missing or invalid",
    NOT_ASSESSED: "not assessed: unwaived blockers remain",
}


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    text: str
    left: str
    right: str
    allow_na: bool = False  # only where consent is relied on (q10)


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class Thresholds:
    likely_mean_at_least: Fraction
    likely_min_answer: int
    not_recognised_mean_below: Fraction
    not_recognised_section_mean_below: Fraction


@dataclass(frozen=True)
class Framework:
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    thresholds: Thresholds

    @cached_property
    def _sections_by_question(self) -> dict[str, str]:
        return {q.id: q.section for q in self.questions}

    def section_of(self, question: str) -> str:
        return self._sections_by_question[question]

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)


def from_data(data: Mapping[str, Any]) -> Framework:
    """Pack data (already schema-checked) -> Framework."""
    bands = data["bands"]
    return Framework(
        sections=tuple(Section(s["id"], s["title"]) for s in data["sections"]),
        questions=tuple(
            Question(q["id"], q["section"], q["text"], q["left"], q["right"], q.get("allow_na", False))
            for q in data["questions"]
        ),
        thresholds=Thresholds(
            likely_mean_at_least=Fraction(str(bands["likely"]["mean_at_least"])),
            likely_min_answer=int(bands["likely"]["no_answer_below"]),
            not_recognised_mean_below=Fraction(str(bands["not_recognised"]["mean_below"])),
            not_recognised_section_mean_below=Fraction(str(bands["not_recognised"]["any_section_mean_below"])),
        ),
    )


def consent_relied_on(data: Mapping[str, Any]) -> bool:
    return data.get("consent", {}).get("relied_on") not in (None, "none", "unknown")


def _mean(values: Sequence[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def classify(framework: Framework, scores: Mapping[str, int]) -> str:
    """The band of a complete set of numeric scores (n/a answers left out).

    Means are compared with the thresholds exactly, in integers (total * denominator against
    numerator * count): the same answers as Fractions give, without building one per mean, as
    the search for the fewest moves classifies thousands of candidate answer sets.
    """
    t = framework.thresholds
    if not scores:
        return SOME_ISSUES
    totals: dict[str, list[int]] = {}  # section -> [total, count], one pass over the answers
    for question, value in scores.items():
        entry = totals.setdefault(framework.section_of(question), [0, 0])
        entry[0] += value
        entry[1] += 1
    total, count = sum(scores.values()), len(scores)
    if _below(total, count, t.not_recognised_mean_below) or any(
        _below(section_total, section_count, t.not_recognised_section_mean_below)
        for section_total, section_count in (totals[s.id] for s in framework.sections if s.id in totals)
    ):
        return NOT_RECOGNISED
    if not _below(total, count, t.likely_mean_at_least) and min(scores.values()) >= t.likely_min_answer:
        return LIKELY
    return SOME_ISSUES


def _below(total: int, count: int, bound: Fraction) -> bool:
    """total / count < bound, exactly."""
    return total * bound.denominator < bound.numerator * count


_NEXT = {NOT_RECOGNISED: SOME_ISSUES, SOME_ISSUES: LIKELY}
_ORDER = {NOT_RECOGNISED: 0, SOME_ISSUES: 1, LIKELY: 2}


def reaches(framework: Framework, scores: Mapping[str, int], target: str) -> bool:
    return _ORDER[classify(framework, scores)] >= _ORDER[target]


def _compositions(total: int, limits: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Ways to split `total` picks among sections, each at most its limit."""
    if not limits:
        if total == 0:
            yield ()
        return
    for first in range(min(total, limits[0]) + 1):
        for rest in _compositions(total - first, limits[1:]):
            yield (first, *rest)


def next_band_moves(framework: Framework, scores: Mapping[str, int]) -> tuple[Move, ...]:
    """The fewest answer changes that reach the next band, each as small as it can be.

    A changed answer gains most when it starts lowest, and every threshold depends on an
    answer only through its own value, its section's mean and the overall mean; so some
    smallest set of changes consists of the lowest answers of each section. We try every split
    of k changes among the sections for k = 1, 2, … (a few hundred splits at most), raise the
    chosen answers to 5, and stop at the first k that reaches the next band. Each move is then
    lowered one point at a time while the next band still holds.
    """
    band = classify(framework, scores)
    target = _NEXT.get(band)
    if target is None:
        return ()
    lowest = [
        sorted((q for q in scores if scores[q] < 5 and framework.section_of(q) == s.id), key=lambda q: (scores[q], q))
        for s in framework.sections
    ]
    limits = [len(c) for c in lowest]
    for size in range(1, sum(limits) + 1):
        for split in _compositions(size, limits):
            chosen = [q for picks, section in zip(split, lowest, strict=True) for q in section[:picks]]
            trial = {**scores, **{q: 5 for q in chosen}}
            if not reaches(framework, trial, target):
                continue
            for q in chosen:
                while trial[q] > scores[q] + 1:
                    trial[q] -= 1
                    if not reaches(framework, trial, target):
                        trial[q] += 1
                        break
            ordered = sorted(chosen, key=lambda q: (scores[q], q))
            return tuple(Move(q, scores[q], trial[q]) for q in ordered)
    return ()


def hold_down(framework: Framework, scores: Mapping[str, int]) -> tuple[str, ...]:
    """The answers that keep the proposal from the next band, worst first."""
    band = classify(framework, scores)
    t = framework.thresholds
    if band == SOME_ISSUES:
        held = [q for q, v in scores.items() if v < t.likely_min_answer]
        mean = _mean(list(scores.values()))
        if mean is not None and mean < t.likely_mean_at_least:  # answers pulling the mean under
            held += [q for q, v in scores.items() if v < t.likely_mean_at_least]
    elif band == NOT_RECOGNISED:
        held = []
        mean = _mean(list(scores.values()))
        for section in framework.sections:
            values = {q: v for q, v in scores.items() if framework.section_of(q) == section.id}
            m = _mean(list(values.values()))
            if m is not None and m < t.not_recognised_section_mean_below:
                held += [q for q, v in values.items() if v < t.not_recognised_section_mean_below]
        if mean is not None and mean < t.not_recognised_mean_below:
            held += [q for q, v in scores.items() if v < t.not_recognised_mean_below]
    else:
        held = []
    return tuple(sorted(set(held), key=lambda q: (scores[q], q)))


def assess(framework: Framework, data: Mapping[str, Any]) -> Band:
    answers = data.get("framework", {}).get("answers", {})
    consent = consent_relied_on(data)
    scores: dict[str, int] = {}
    missing: list[str] = []
    for question in framework.questions:
        answer = answers.get(question.id)
        score = answer.get("score") if isinstance(answer, Mapping) else None
        if score == "n/a" and question.allow_na and consent:
            continue
        if isinstance(score, int) and not isinstance(score, bool) and 1 <= score <= 5:
            scores[question.id] = score
        else:
            missing.append(question.id)
    if missing:
        return Band(INCOMPLETE, missing=tuple(missing))
    mean = _mean(list(scores.values()))
    sections = tuple(
        (s.id, _round(_mean([v for q, v in scores.items() if framework.section_of(q) == s.id])))
        for s in framework.sections
    )
    band = classify(framework, scores)
    return Band(
        id=band,
        mean=_round(mean),
        sections=sections,
        hold_down=hold_down(framework, scores),
        next_band=_NEXT.get(band),
        next_band_moves=next_band_moves(framework, scores),
    )


def _round(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


def band_for(data: Mapping[str, Any], framework: Framework | None) -> Band:
    """The band once gating has passed; a pack without a framework assesses none."""
    if framework is None:
        return Band(NOT_ASSESSED)
    return assess(framework, data)


def problems(framework: Framework) -> list[tuple[str, str]]:
    """Semantic problems the schema cannot see, as (JSON pointer, message)."""
    found: list[tuple[str, str]] = []
    section_ids = [s.id for s in framework.sections]
    for i, section in enumerate(framework.sections):
        if section_ids.count(section.id) > 1:
            found.append((f"/framework/sections/{i}/id", f"section {section.id} is defined twice"))
    seen: set[str] = set()
    for i, question in enumerate(framework.questions):
        if question.id in seen:
            found.append((f"/framework/questions/{i}/id", f"question {question.id} is defined twice"))
        seen.add(question.id)
        if question.section not in section_ids:
            found.append(
                (
                    f"/framework/questions/{i}/section",
                    f"no section {question.section} (sections: {', '.join(section_ids)})",
                )
            )
    for section in framework.sections:
        if not any(q.section == section.id for q in framework.questions):
            found.append(("/framework/sections", f"section {section.id} has no questions"))
    t = framework.thresholds
    if t.not_recognised_mean_below > t.likely_mean_at_least:
        found.append(
            (
                "/framework/bands/not_recognised/mean_below",
                f"not_recognised starts below a mean of {float(t.not_recognised_mean_below)}, "
                f"above where likely starts ({float(t.likely_mean_at_least)})",
            )
        )
    return found
