"""A proposal's shape, checked against schemas/proposal.schema.json, as `input` findings."""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema

from sharecheck.reading.bundled import schema
from sharecheck.reading.schema_messages import problems
from sharecheck.reading.strict_json import Document, Position, ReadError
from sharecheck.results.report import Finding, Severity

READ_RULE = "SC-INPUT-001"
SCHEMA_RULE = "SC-INPUT-002"
SCHEMA_SOURCE = "sharecheck proposal format (SPEC §1; `sharecheck schema proposal`)"


@cache
def validator() -> jsonschema.protocols.Validator:
    proposal_schema = schema("proposal")
    cls = jsonschema.validators.validator_for(proposal_schema)
    return cls(proposal_schema, format_checker=cls.FORMAT_CHECKER)


@cache
def fast_validator() -> Any:
    """jsonschema-rs on the same schema (draft 2020-12, formats asserted): it only says whether a
    proposal is valid, in a small fraction of python-jsonschema's time, so it runs first."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema("proposal"), validate_formats=True)


def read_finding(error: ReadError) -> Finding:
    return Finding(
        rule=READ_RULE,
        severity=Severity.BLOCKER,
        category="input",
        message=error.message,
        path="",
        line=error.line,
        column=error.column,
        remediation="Fix the file so it is a UTF-8 JSON object; `sharecheck init` writes a valid starter.",
        sources=(SCHEMA_SOURCE,),
    )


def validate(document: Document, *, fast: bool = True) -> tuple[Finding, ...]:
    """Schema findings; none when jsonschema-rs finds the proposal valid. Only when it does
    not does python-jsonschema run, to explain each problem in today's words and places."""
    if fast and _valid_fast(document.data):
        return ()
    findings = []
    for problem in problems(validator(), document.data):
        where = document.source_map.locate(problem.pointer, prefer_key=problem.at_key) or Position(1, 1)
        findings.append(
            Finding(
                rule=SCHEMA_RULE,
                severity=Severity.BLOCKER,
                category="input",
                message=problem.message,
                path=problem.pointer,
                line=where.line,
                column=where.column,
                remediation="Correct the value so the proposal matches the sharecheck.proposal/1 format; "
                "rules run once the file is valid.",
                sources=(SCHEMA_SOURCE,),
            )
        )
    return tuple(findings)


def _valid_fast(data: Any) -> bool:
    try:
        return bool(fast_validator().is_valid(data))
    except (ValueError, TypeError, OverflowError):  # data from Python with no JSON form: explain it slowly
        return False
