"""The public-benefit band: gating, each band and boundary, hold-downs, minimal moves."""

from __future__ import annotations

import shutil
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharecheck.band.framework import Framework, assess, classify, next_band_moves, reaches
from sharecheck.checking.pipeline import check
from sharecheck.packs.loader import Pack, load_pack
from tests.conftest import AS_OF, ROOT, early_help, examples

QUESTIONS = [f"q{i:02d}" for i in range(1, 19)]
SECTIONS = {
    "s1": QUESTIONS[0:4],
    "s2": QUESTIONS[4:7],
    "s3": QUESTIONS[7:12],
    "s4": QUESTIONS[12:14],
    "s5": QUESTIONS[14:18],
}


DEFAULT_PACK = load_pack()  # loaded once: property tests below run many examples


def fw(pack: Pack) -> Framework:
    assert pack.framework is not None
    return pack.framework


def with_scores(scores: dict[str, Any], consent: str = "none") -> dict[str, Any]:
    data = early_help()
    data["framework"]["answers"] = {q: {"score": s, "rationale": "test"} for q, s in scores.items()}
    data["consent"]["relied_on"] = consent
    if consent != "none":
        data["consent"].update(mechanism="form", withdrawal="call us", evidence="forms on file")
    return data


def uniform(value: int) -> dict[str, int]:
    return dict.fromkeys(QUESTIONS, value)


def band(pack: Pack, scores: dict[str, Any], consent: str = "none") -> Any:
    return check(with_scores(scores, consent), pack, today=AS_OF).band


def test_likely(pack: Pack) -> None:
    result = band(pack, uniform(5))
    assert (result.id, result.mean, result.hold_down, result.next_band_moves) == ("likely", 5.0, (), ())


def test_mean_exactly_4_with_no_answer_below_3_is_likely(pack: Pack) -> None:
    scores = {**uniform(4), "q01": 3, "q02": 5}
    assert band(pack, scores).mean == 4.0
    assert band(pack, scores).id == "likely"


def test_an_answer_below_3_keeps_a_high_mean_from_likely(pack: Pack) -> None:
    scores = {**uniform(5), "q11": 2}
    result = band(pack, scores)
    assert result.id == "some_issues" and result.hold_down == ("q11",)
    assert [(m.question, m.score_from, m.score_to) for m in result.next_band_moves] == [("q11", 2, 3)]


def test_mean_exactly_2_5_is_not_not_recognised(pack: Pack) -> None:
    scores = {q: (2 if i % 2 else 3) for i, q in enumerate(QUESTIONS)}
    result = band(pack, scores)
    assert result.mean == 2.5 and result.id == "some_issues"


def test_mean_just_below_2_5_is_not_recognised(pack: Pack) -> None:
    scores = {**{q: (2 if i % 2 else 3) for i, q in enumerate(QUESTIONS)}, "q01": 2}
    result = band(pack, scores)
    assert result.mean is not None and result.mean < 2.5 and result.id == "not_recognised"


def test_a_section_mean_exactly_2_is_not_not_recognised_but_below_is(pack: Pack) -> None:
    exactly = {**uniform(4), "q13": 2, "q14": 2}  # s4 mean 2.0
    assert band(pack, exactly).sections == (("s1", 4.0), ("s2", 4.0), ("s3", 4.0), ("s4", 2.0), ("s5", 4.0))
    assert band(pack, exactly).id == "some_issues"
    below = {**uniform(4), "q13": 2, "q14": 1}  # s4 mean 1.5
    result = band(pack, below)
    assert result.id == "not_recognised"
    assert result.hold_down == ("q14",)
    assert [(m.question, m.score_to) for m in result.next_band_moves] == [("q14", 2)]


def test_missing_answers_make_it_incomplete_and_are_listed(pack: Pack) -> None:
    scores = uniform(4)
    del scores["q07"], scores["q16"]
    result = band(pack, scores)
    assert result.id == "incomplete" and result.missing == ("q07", "q16")


def test_q10_na_allowed_only_when_consent_is_relied_on(pack: Pack) -> None:
    scores = {**uniform(4), "q10": "n/a"}
    assert band(pack, scores, consent="lawful_basis").id == "likely"
    refused = band(pack, scores, consent="none")
    assert refused.id == "incomplete" and refused.missing == ("q10",)


def test_na_on_another_question_is_refused(pack: Pack) -> None:
    result = band(pack, {**uniform(4), "q03": "n/a"}, consent="lawful_basis")
    assert result.id == "incomplete" and result.missing == ("q03",)


def test_blockers_stop_scoring(pack: Pack) -> None:
    data = with_scores(uniform(5))
    del data["legal"]["gateways"]
    result = check(data, pack, today=AS_OF)
    assert result.band.id == "not_assessed" and result.band.mean is None


def test_a_waived_blocker_no_longer_stops_scoring(pack: Pack) -> None:
    data = with_scores(uniform(5))
    data["purpose"].pop("why_identifiable")
    data["waivers"] = [
        {"rule": "SC-IDENT-001", "reason": "board accepted", "approved_by": "SIRO", "expires": "2027-01-01"}
    ]
    assert check(data, pack, today=AS_OF).band.id == "likely"


def test_thresholds_are_data(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(ROOT / "rules", folder)
    framework = folder / "framework.yaml"
    framework.write_text(framework.read_text().replace("mean_at_least: 4.0", "mean_at_least: 4.5"))
    strict = load_pack(folder)
    scores = {**uniform(4), "q01": 5}
    assert band(load_pack(), scores).id == "likely"
    assert band(strict, scores).id == "some_issues"


def _brute_force_fewest(framework: Framework, scores: dict[str, int], target: str) -> int:
    raisable = [q for q in scores if scores[q] < 5]
    for size in range(1, len(raisable) + 1):
        for chosen in combinations(raisable, size):
            if reaches(framework, {**scores, **dict.fromkeys(chosen, 5)}, target):
                return size
    raise AssertionError("unreachable")


score_sets = st.fixed_dictionaries({q: st.integers(1, 5) for q in QUESTIONS})


@settings(max_examples=examples(120), deadline=None)
@given(score_sets)
def test_next_band_moves_are_minimal_and_reach_the_next_band(scores: dict[str, int]) -> None:
    framework = fw(DEFAULT_PACK)
    current = classify(framework, scores)
    moves = next_band_moves(framework, scores)
    if current == "likely":
        assert moves == ()
        return
    target = {"not_recognised": "some_issues", "some_issues": "likely"}[current]
    moved = {**scores, **{m.question: m.score_to for m in moves}}
    assert reaches(framework, moved, target)
    assert all(m.score_to > m.score_from for m in moves)  # type: ignore[operator]
    if len([q for q in scores if scores[q] < 5]) <= 12 or len(moves) <= 3:
        assert len(moves) == _brute_force_fewest(framework, scores, target)
    for m in moves:  # each move is as small as it can be
        smaller = {**moved, m.question: m.score_to - 1}
        assert m.score_to - 1 == m.score_from or not reaches(framework, smaller, target)


def test_moves_are_found_for_the_worst_case_quickly_enough_to_be_exhaustive() -> None:
    framework = fw(DEFAULT_PACK)
    moves = next_band_moves(framework, uniform(1))
    assert reaches(framework, {**uniform(1), **{m.question: m.score_to for m in moves}}, "some_issues")
    assert len(moves) == _brute_force_fewest(framework, uniform(1), "some_issues")


def test_assess_reports_means_per_section() -> None:
    framework = fw(DEFAULT_PACK)
    scores = {q: 1 + (i % 5) for i, q in enumerate(QUESTIONS)}
    result = assess(framework, {"framework": {"answers": {q: {"score": v} for q, v in scores.items()}}})
    expected = {s: round(sum(scores[q] for q in qs) / len(qs), 2) for s, qs in SECTIONS.items()}
    assert dict(result.sections) == expected


@pytest.mark.parametrize(("low", "expected"), [(1, "not_recognised"), (2, "some_issues")])
def test_one_weak_section_alone_is_enough_to_fail(low: int, expected: str) -> None:
    framework = fw(DEFAULT_PACK)
    scores = {**uniform(5), **dict.fromkeys(SECTIONS["s1"], low)}  # section mean 1.0 or exactly 2.0
    assert classify(framework, scores) == expected


def test_an_invalid_threshold_file_exits_2_naming_the_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sharecheck.cli.main import main

    folder = tmp_path / "pack"
    shutil.copytree(ROOT / "rules", folder)
    framework = folder / "framework.yaml"
    text = framework.read_text()
    framework.write_text(text.replace("any_section_mean_below: 2.0", "any_section_mean_below: lots"))
    line = next(i for i, row in enumerate(framework.read_text().splitlines(), 1) if "lots" in row)
    result = CliRunner().invoke(
        main, ["check", str(ROOT / "fixtures" / "early-help-families.json"), "--rules", str(folder)]
    )
    assert result.exit_code == 2
    assert f"framework.yaml:{line}:" in result.stderr and "must be a number" in result.stderr, result.stderr


def test_the_text_output_shows_the_band_hold_downs_and_moves(pack: Pack) -> None:
    from sharecheck.formats import render
    from sharecheck.results.report import Report

    result = check(with_scores({**uniform(5), "q11": 2}), pack, file="p.json", today=AS_OF)
    text = render("text", Report("test", pack.info, (result,)))
    assert "p.json: band some_issues" in text
    assert "held down by: q11" in text and "to reach likely: q11 2->3" in text


def test_hold_down_names_only_answers_behind_a_failing_condition(pack: Pack) -> None:
    # mean is above 4.0; only the answer below 3 keeps it from likely
    scores = {**uniform(5), "q01": 2, "q11": 3, "q13": 3}
    assert band(pack, scores).hold_down == ("q01",)
    # mean below 4.0 too: every answer under 4 pulls it down, worst first
    low_mean = {**uniform(4), "q01": 2, "q11": 3}
    assert band(pack, low_mean).hold_down == ("q01", "q11")
