"""summarise reads what a committee needs from a proposal, trusting no value's type."""

from __future__ import annotations

from sharecheck.formats.context import Answer, ReportContext, summarise, summarise_bytes
from tests.conftest import FIXTURES, early_help


def test_the_clean_fixture_is_summarised() -> None:
    summary = summarise(early_help())
    assert summary.version and summary.assessment_date == "2026-06-01"
    assert [p.role for p in summary.parties] and all(p.name for p in summary.parties)
    assert summary.identifiability and summary.subjects and summary.volume_records
    assert [g.label for g in summary.gateways] == ["dea2017_s35_psd"]
    assert sorted(summary.answers) == [f"q{i:02d}" for i in range(1, 19)]
    assert all(isinstance(a.score, int) and a.rationale for a in summary.answers.values())


def test_sensitive_fields_name_their_dataset_field_and_kind() -> None:
    summary = summarise_bytes((FIXTURES / "ae-violence-csp.json").read_bytes())
    assert summary is not None
    assert [(s.field, s.kind) for s in summary.sensitive] == [("injury_body_part", "health")]


def test_values_of_the_wrong_shape_are_left_out_not_trusted() -> None:
    data = {
        "version": 3,
        "parties": "everyone",
        "data": {
            "volume_records": "12000",
            "subjects": ["adults", 7],
            "datasets": [{"fields": "x"}],
            "population": True,
        },
        "legal": {"gateways": [{"statute": "Children Act 2004", "section": "s10"}, "dea2017_s35_psd"]},
        "framework": {"answers": {"q01": {"score": 9}, "q02": {"score": "n/a"}, "q03": "high", "q04": {"score": True}}},
        "waivers": [{"rule": "SC-IDENT-001"}, "all of them"],
    }
    summary = summarise(data)
    assert summary.version is None and summary.parties == ()
    assert summary.volume_records is None and summary.population is None
    assert summary.subjects == ("adults",)
    assert (summary.datasets, summary.fields) == (1, 0)
    assert [g.label for g in summary.gateways] == ["Children Act 2004 s10", "(unnamed)"]
    assert summary.answers == {
        "q01": Answer(None, None),
        "q02": Answer("n/a", None),
        "q03": Answer(None, None),
        "q04": Answer(None, None),
    }
    assert [(w.rule, w.path) for w in summary.waivers] == [("SC-IDENT-001", "/waivers/0"), (None, "/waivers/1")]


def test_bytes_that_are_not_a_json_object_have_no_summary() -> None:
    for name in ("truncated.json", "empty.json", "not-utf8.json", "top-level-array.json", "nan.json"):
        assert summarise_bytes((FIXTURES / "broken" / name).read_bytes()) is None, name
    assert summarise_bytes((FIXTURES / "broken" / "wrong-enum.json").read_bytes()) is not None


def test_context_looks_proposals_up_by_file() -> None:
    context = ReportContext(proposals={"a.json": summarise(early_help())})
    assert context.proposal("a.json") is not None and context.proposal("b.json") is None
