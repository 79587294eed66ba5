"""Rule case files: every mistake in one is a CaseError at file:line:col, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from sharecheck.authoring.rule_tests import CaseError, load_case_file
from tests.conftest import FIXTURES

BASE = f"base: {FIXTURES / 'early-help-families.json'}\ncases:\n"


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (
            "  - name: no date\n    as_of: June\n    fires: [SC-GATEWAY-001]\n",
            ":4:12: case 'no date': `as_of` is a date",
        ),
        ("  - name: one id\n    fires: SC-GATEWAY-001\n", ":4:12: case 'one id': `fires` is a list of rule ids"),
        ("  - name: a number\n    silent: [1]\n", ":4:14: case 'a number': `silent` lists rule ids"),
        (
            "  - name: list patch\n    patch: [1]\n    fires: [SC-GATEWAY-001]\n",
            ":4:12: case 'list patch': `patch` is a mapping",
        ),
        (
            "  - name: bad pointer\n    remove: [/legal/nothing]\n    fires: [SC-GATEWAY-001]\n",
            ":3:5: case 'bad pointer': cannot apply",
        ),
        ("  - name: expects nothing\n    patch: {status: draft}\n", ":3:5: case 'expects nothing' expects nothing"),
        ("  - fires: [SC-GATEWAY-001]\n", ":3:5: each case is a mapping with a `name`"),
        ("  - name: typo\n    fire: [SC-GATEWAY-001]\n", ":4:5: unknown key `fire` in a case"),
    ],
)
def test_a_broken_case_is_named_at_file_line_col(tmp_path: Path, case: str, expected: str) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(BASE + case)  # the case starts on line 3
    with pytest.raises(CaseError) as caught:
        load_case_file(path)
    problem = caught.value.problem
    assert f":{problem.line}:{problem.column}: " in str(problem)
    line, column = (int(x) for x in expected.split(":")[1:3])
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert expected.split(": ", 1)[1] in problem.message


def test_a_base_that_is_not_a_proposal_object(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text("[1, 2]")
    path = tmp_path / "cases.yaml"
    path.write_text("base: list.json\ncases:\n  - name: x\n    fires: [SC-GATEWAY-001]\n")
    with pytest.raises(
        CaseError,
        match=r"cases\.yaml:1:7: the base proposal list\.json cannot be read, at 1:1: the top level is an array",
    ):
        load_case_file(path)


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cases.yaml"
    path.write_bytes(b"cases:\n  - name: caf\xe9\n")
    with pytest.raises(CaseError, match="not valid UTF-8"):
        load_case_file(path)


def test_a_silent_case_on_an_invalid_proposal_fails_rather_than_passing_unevaluated(tmp_path: Path) -> None:
    from sharecheck import load_pack
    from sharecheck.authoring.rule_tests import run_case

    path = tmp_path / "cases.yaml"
    path.write_text(
        BASE + "  - name: a typo in a field's key\n"
        "    set: {/data/datasets/1/fields/1/descripton: Unspent convictions}\n"
        "    silent: [SC-LAWFUL-008]\n"
        "  - name: the same, about the input problem itself\n"
        "    set: {/data/datasets/1/fields/1/descripton: Unspent convictions}\n"
        "    fires: [SC-INPUT-002]\n"
    )
    typo, about_input = (run_case(case, load_pack([])) for case in load_case_file(path))
    assert not typo.passed
    assert any("invalid, so no rule ran: /data/datasets/1/fields/1/descripton" in f for f in typo.failures)
    assert about_input.passed, about_input.failures
