"""check(proposal, pack) -> Result: the whole flow for one proposal, with no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sharecheck.band.framework import band_for
from sharecheck.checking import gate
from sharecheck.checking.flow_checks import Key, Subject, flow_checks, key, subject_of
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
from sharecheck.reading.dates import utc_today
from sharecheck.reading.fast_json import parse, plain_json
from sharecheck.reading.schema_validation import read_finding, validate
from sharecheck.reading.strict_json import Document, ReadError, SourceMap
from sharecheck.results.builtin_rules import BUILTIN_RULES
from sharecheck.results.fingerprint import fingerprint, subject
from sharecheck.results.report import NOT_ASSESSED, Finding, ProposalInfo, Result, Severity

PARTY_REFERENCE_RULE = "SC-INPUT-003"


def check_bytes(
    raw: bytes,
    pack: Pack,
    *,
    file: str,
    engine: Engine | None = None,
    today: dt.date | None = None,
    fast: bool = True,
) -> Result:
    """Read, validate and check one proposal file's bytes. `fast=False` takes the strict reader
    and python-jsonschema for every file (the fast path must give the same Result; tests compare)."""
    import hashlib

    try:
        document = parse(raw, fast=fast)
    except ReadError as error:
        info = ProposalInfo(None, None, hashlib.sha256(raw).hexdigest())
        return Result(file, info, _identified((read_finding(error),), file, None), NOT_ASSESSED)
    return check(document, pack, file=file, engine=engine, today=today, fast=fast)


def unreadable(file: str, message: str) -> Result:
    """A file that could not even be opened: an `input` blocker like any unreadable proposal."""
    return Result(file, None, _identified((read_finding(ReadError(message)),), file, None), NOT_ASSESSED)


def check(
    proposal: Document | Mapping[str, Any],
    pack: Pack,
    *,
    file: str = "<proposal>",
    engine: Engine | None = None,
    today: dt.date | None = None,
    fast: bool = True,
) -> Result:
    """Check one proposal (a parsed Document, or plain data without line numbers)."""
    document = proposal if isinstance(proposal, Document) else Document(dict(proposal), SourceMap(), "")
    data = document.data
    info = ProposalInfo(_text(data.get("id")), _text(data.get("title")), document.sha256)
    # A Document from the readers holds JSON values; a caller's own Mapping is checked first.
    input_findings = validate(
        document, fast=fast and (isinstance(proposal, Document) or plain_json(data))
    ) or party_reference_findings(document)
    if input_findings:
        return Result(file, info, _sorted(_identified(input_findings, info.id or file, data)), NOT_ASSESSED)
    # Waiver expiry, by one rule (README, docs/ci.md): on `today` when the caller gives one
    # (`--as-of`), else on the proposal's assessment date, else on today's date in UTC, so
    # that runners in different time zones agree.
    expiry_day = today or assessment_date(data, utc_today())
    today = today or utc_today()
    engine = engine or DurableEngine()
    on = assessment_date(data, today)
    derived = derive(data, on)
    derived["cited_gateways"] = cited_gateways(data, derived, pack, engine, on)
    derived["uncovered_flows"] = Catalogue.uncovered_flows(data, is_public_body)
    source = {**data, "derived": derived}
    projection = project(source, pack.plan)
    fired = engine.evaluate(pack.program, projection.fact)
    findings: list[Finding] = []
    subjects: dict[Key, Subject] = {}  # what each finding made for an item is about, for the flow map
    for rule in pack.rules:
        if rule.id in fired:
            for finding, item in _findings(rule, source, projection, document):
                findings.append(finding)
                if (about := subject_of(rule, item)) is not None:
                    subjects[key(finding)] = about
    findings = gate.apply(findings, data, derived, pack, frozenset(fired))
    findings = apply_waivers(
        findings,
        data,
        today=expiry_day,
        waivable=lambda rid: (r := pack.rule(rid)) is None or r.waivable,
        known=lambda rid: pack.rule(rid) is not None or rid in BUILTIN_RULES,
    )
    findings = [_locate(f, document) for f in findings]
    blocked = any(f.severity is Severity.BLOCKER and f.counts for f in findings)
    band = NOT_ASSESSED if blocked else band_for(data, pack.framework)
    incomplete = gate.framework_finding(data, band)
    if incomplete is not None:
        findings.append(_locate(incomplete, document))
    flows = flow_checks(data, derived["flows"], findings, subjects)
    # `source`, not `data`: a for_each item of a derived collection without a `$pointer` into the
    # proposal has a path under /derived, named by its identity there too (results/fingerprint.py)
    return Result(file, info, _sorted(_identified(findings, info.id or file, source)), band, flows)


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
        # Only the exclusions of the gateways a proposal cites are ever read, so a scope whose
        # cited gateways have none is not sent to the engine.
        scopes = {scope_of(c) for c in citations if isinstance(c, Mapping) and _has_exclusions(catalogue, c)}
        for scope in sorted(scopes):
            view = relied_on_view(data, scope)
            fact = project({**view, "derived": derived if not scope else derive(view, on)}, catalogue.plan).fact
            fired[scope] = engine.evaluate(catalogue.exclusions, fact)
    return catalogue.cited(data, on, fired)


def _has_exclusions(catalogue: Catalogue, cited: Mapping[str, Any]) -> bool:
    gateway_id = cited.get("id")
    gateway = catalogue.get(gateway_id) if isinstance(gateway_id, str) else None
    return gateway is not None and bool(gateway.exclusions)


def assessment_date(data: Mapping[str, Any], today: dt.date) -> dt.date:
    """The date whose law applies: the proposal's assessment_date, else the day of the check."""
    return dt.date.fromisoformat(data["assessment_date"]) if "assessment_date" in data else today


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _sorted(findings: Any) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=Finding.sort_key))


def _identified(findings: Any, proposal: str, data: Any) -> tuple[Finding, ...]:
    """Each finding with its fingerprint: by the proposal's id (its file when it has none) and
    the subject its path names in `data` (results/fingerprint.py)."""
    return tuple(replace(f, fingerprint=fingerprint(f.rule, proposal, subject(f.path, data))) for f in findings)


def _locate(finding: Finding, document: Document) -> Finding:
    where = document.source_map.locate(finding.path)
    if where is None:
        return finding
    return replace(finding, line=where.line, column=where.column)


def _findings(
    rule: Rule, source: Mapping[str, Any], projection: Projection, document: Document
) -> list[tuple[Finding, Mapping[str, Any] | None]]:
    """Each finding of a fired rule with the item it was made for (None without for_each)."""

    def make(path: str, item: Mapping[str, Any] | None) -> tuple[Finding, Mapping[str, Any] | None]:
        finding = Finding(
            rule=rule.id,
            severity=rule.severity,
            category=rule.category,
            message=template.render(rule.message, source, item),
            path=path,
            remediation=template.render(rule.remediation, source, item),
            sources=rule.sources,
        )
        return finding, item

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
