"""check(proposal, pack) -> Result: the whole flow for one proposal, with no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sharecheck.band.framework import band_for
from sharecheck.checking.waivers import apply as apply_waivers
from sharecheck.engines.conditions import evaluate, fact_key
from sharecheck.engines.projection import Projection, project
from sharecheck.engines.runtime import DurableEngine, Engine, EngineError
from sharecheck.law.facts import derive, is_public_body
from sharecheck.law.flows import unknown_parties
from sharecheck.law.gateway_catalogue import Catalogue, relied_on_view, scope_of
from sharecheck.packs import message_template as template
from sharecheck.packs.loader import Pack
from sharecheck.packs.rule import Rule
from sharecheck.reading import pointer as jp
from sharecheck.reading.schema_validation import read_finding, validate
from sharecheck.reading.strict_json import Document, ReadError, SourceMap, parse
from sharecheck.results.builtin_rules import BUILTIN_RULES
from sharecheck.results.report import NOT_ASSESSED, Finding, ProposalInfo, Result, Severity

PARTY_REFERENCE_RULE = "SC-INPUT-003"


def check_bytes(
    raw: bytes, pack: Pack, *, file: str, engine: Engine | None = None, today: dt.date | None = None
) -> Result:
    """Read, validate and check one proposal file's bytes."""
    import hashlib

    try:
        document = parse(raw)
    except ReadError as error:
        info = ProposalInfo(None, None, hashlib.sha256(raw).hexdigest())
        return Result(file, info, (read_finding(error),), NOT_ASSESSED)
    return check(document, pack, file=file, engine=engine, today=today)


def unreadable(file: str, message: str) -> Result:
    """A file that could not even be opened: an `input` blocker like any unreadable proposal."""
    return Result(file, None, (read_finding(ReadError(message)),), NOT_ASSESSED)


def check(
    proposal: Document | Mapping[str, Any],
    pack: Pack,
    *,
    file: str = "<proposal>",
    engine: Engine | None = None,
    today: dt.date | None = None,
) -> Result:
    """Check one proposal (a parsed Document, or plain data without line numbers)."""
    document = proposal if isinstance(proposal, Document) else Document(dict(proposal), SourceMap(), "")
    data = document.data
    info = ProposalInfo(_text(data.get("id")), _text(data.get("title")), document.sha256)
    input_findings = validate(document) or party_reference_findings(document)
    if input_findings:
        return Result(file, info, _sorted(input_findings), NOT_ASSESSED)
    today = today or dt.date.today()
    engine = engine or DurableEngine()
    on = assessment_date(data, today)
    derived = derive(data, on)
    derived["cited_gateways"] = cited_gateways(data, derived, pack, engine, on)
    derived["uncovered_flows"] = Catalogue.uncovered_flows(data, is_public_body)
    source = {**data, "derived": derived}
    projection = project(source, pack.plan)
    fired = engine.evaluate(pack.program, projection.fact)
    findings: list[Finding] = []
    for rule in pack.rules:
        if rule.id in fired:
            findings.extend(_findings(rule, source, projection, document))
    findings = apply_waivers(
        findings,
        data,
        today=today,
        waivable=lambda rid: (r := pack.rule(rid)) is None or r.waivable,
        known=lambda rid: pack.rule(rid) is not None or rid in BUILTIN_RULES,
    )
    findings = [_locate(f, document) for f in findings]
    blocked = any(f.severity is Severity.BLOCKER and f.counts for f in findings)
    band = NOT_ASSESSED if blocked else band_for(data, pack.framework)
    return Result(file, info, _sorted(findings), band)


def party_reference_findings(document: Document) -> tuple[Finding, ...]:
    """An `input` blocker for each dataset source or recipient that names no party: the flows,
    and so each party's obligations, cannot be read until they do."""
    findings = []
    for unknown in unknown_parties(document.data):
        where = document.source_map.locate(unknown.pointer)
        hint = f"; did you mean `{unknown.suggestion}`?" if unknown.suggestion else ""
        findings.append(
            Finding(
                rule=PARTY_REFERENCE_RULE,
                severity=Severity.BLOCKER,
                category="input",
                message=f"`{unknown.value}` is not the id of any party{hint}",
                path=unknown.pointer,
                line=where.line if where else None,
                column=where.column if where else None,
                remediation=BUILTIN_RULES[PARTY_REFERENCE_RULE].remediation,
                sources=BUILTIN_RULES[PARTY_REFERENCE_RULE].sources,
            )
        )
    return tuple(findings)


def cited_gateways(
    data: Mapping[str, Any], derived: Mapping[str, Any], pack: Pack, engine: Engine, on: dt.date
) -> list[dict[str, Any]]:
    """The gateway facts. The catalogue's exclusions are conditions like any rule's, so the
    same engine decides them first; their verdicts then become facts the rules can test."""
    catalogue = pack.gateways
    citations = data.get("legal", {}).get("gateways", [])
    fired: dict[tuple[str, ...], frozenset[str]] = {}
    if catalogue.exclusions.conditions:
        for scope in sorted({scope_of(c) for c in citations if isinstance(c, Mapping)}):
            view = relied_on_view(data, scope)
            fact = project({**view, "derived": derived if not scope else derive(view, on)}, catalogue.plan).fact
            fired[scope] = engine.evaluate(catalogue.exclusions, fact)
    return catalogue.cited(data, on, fired)


def assessment_date(data: Mapping[str, Any], today: dt.date) -> dt.date:
    """The date whose law applies: the proposal's assessment_date, else the day of the check."""
    return dt.date.fromisoformat(data["assessment_date"]) if "assessment_date" in data else today


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _sorted(findings: Any) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=Finding.sort_key))


def _locate(finding: Finding, document: Document) -> Finding:
    where = document.source_map.locate(finding.path)
    if where is None:
        return finding
    return replace(finding, line=where.line, column=where.column)


def _findings(rule: Rule, source: Mapping[str, Any], projection: Projection, document: Document) -> list[Finding]:
    def make(path: str, item: Mapping[str, Any] | None) -> Finding:
        return Finding(
            rule=rule.id,
            severity=rule.severity,
            category=rule.category,
            message=template.render(rule.message, source, item),
            path=path,
            remediation=template.render(rule.remediation, source, item),
            sources=rule.sources,
        )

    if rule.for_each is None:
        return [make(jp.from_dotted(rule.default_at), None)]
    assert rule.where is not None
    raw_items = projection.items.get(rule.for_each, [])
    fact_items = projection.fact.get(fact_key(rule.for_each), [])
    witnesses = [
        (pointer, item)
        for (pointer, item), projected in zip(raw_items, fact_items, strict=True)
        if evaluate(rule.where, projected)
    ]
    if not witnesses:
        raise EngineError(
            f"{rule.id} fired in the engine but no item of {rule.for_each} matches it; "
            "the engines disagree, so no result is given"
        )
    at = jp.from_dotted(rule.at) if rule.at else ""
    return [make(pointer + at, item) for pointer, item in witnesses]
