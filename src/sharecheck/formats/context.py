"""What the committee report needs beyond a Report: the proposal's own facts and the framework.

A Report holds findings and the band, which is all the CI formats need. The committee page also
shows who shares what (parties, subjects, identifiability, gateways), the self-assessment answers
and their rationales, and the framework's questions and thresholds. The `check` command builds a
ReportContext from data it already has (the parsed proposal and the loaded pack) and passes it as
a render option, so formats stay free of click and of file reading.

`summarise` reads a proposal defensively: it also runs on proposals that failed schema
validation, so every value is type-checked here and anything of the wrong shape is left out
rather than trusted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sharecheck.band.framework import Framework
from sharecheck.reading.strict_json import ReadError, parse


@dataclass(frozen=True)
class Party:
    id: str | None
    name: str | None
    org_type: str | None
    sector: str | None
    role: str | None


@dataclass(frozen=True)
class Gateway:
    """A legal gateway as the proposal cites it: a catalogue id, or a statute and section."""

    id: str | None
    statute: str | None
    section: str | None
    notes: str | None

    @property
    def label(self) -> str:
        if self.id:
            return self.id
        return " ".join(part for part in (self.statute, self.section) if part) or "(unnamed)"


@dataclass(frozen=True)
class Dataset:
    """A dataset, who holds it, and who receives it (`recipients` when the proposal says)."""

    name: str | None
    source: str | None
    recipients: tuple[str, ...] | None  # party ids; None when the proposal does not say


@dataclass(frozen=True)
class Basis:
    """One controller's lawful basis, as written."""

    party: str | None
    art6: tuple[str, ...]
    art6_law: str | None
    art9: str | None
    dpa_schedule1: str | None
    art10: str | None


@dataclass(frozen=True)
class SensitiveField:
    dataset: str | None
    field: str | None
    kind: str  # a special category, "criminal offence" or "financial"


@dataclass(frozen=True)
class Answer:
    """One self-assessment answer. `score` is 1-5, "n/a", or None when missing or not valid."""

    score: int | str | None
    rationale: str | None


@dataclass(frozen=True)
class DeclaredWaiver:
    rule: str | None
    reason: str | None
    approved_by: str | None
    expires: str | None
    path: str


@dataclass(frozen=True)
class ProposalSummary:
    version: str | None = None
    status: str | None = None
    assessment_date: str | None = None
    purpose: str | None = None
    purpose_category: str | None = None
    jurisdiction: tuple[str, ...] = ()
    sharing_type: str | None = None
    parties: tuple[Party, ...] = ()
    subjects: tuple[str, ...] = ()
    identifiability: str | None = None
    volume_records: int | None = None
    population: int | None = None
    smallest_group: int | None = None
    frequency: str | None = None
    datasets: int = 0
    fields: int = 0
    sensitive: tuple[SensitiveField, ...] = ()
    gateways: tuple[Gateway, ...] = ()
    dataset_list: tuple[Dataset, ...] = ()
    bases: tuple[Basis, ...] = ()
    answers: Mapping[str, Answer] = field(default_factory=dict)
    scored_by: str | None = None
    scored_on: str | None = None
    waivers: tuple[DeclaredWaiver, ...] = ()


@dataclass(frozen=True)
class ReportContext:
    """Render options for the committee formats (html, markdown)."""

    framework: Framework | None = None
    proposals: Mapping[str, ProposalSummary] = field(default_factory=dict)  # by Result.file
    as_of: dt.date | None = None  # --as-of, shown when a proposal states no assessment date
    # catalogue id -> (title, Act and section), so the page names a gateway as a committee does
    gateway_titles: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def proposal(self, file: str) -> ProposalSummary | None:
        return self.proposals.get(file)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _obj(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(s for s in _list(value) if isinstance(s, str))


def _answer(value: Any) -> Answer:
    answer = _obj(value)
    raw = answer.get("score")
    score: int | str | None = raw if raw == "n/a" else _int(raw)
    if isinstance(score, int) and not 1 <= score <= 5:
        score = None
    return Answer(score, _str(answer.get("rationale")))


def _sensitive(datasets: list[Any]) -> tuple[SensitiveField, ...]:
    found: list[SensitiveField] = []
    for dataset in datasets:
        name = _str(_obj(dataset).get("name"))
        for item in _list(_obj(dataset).get("fields")):
            f = _obj(item)
            kinds = []
            category = _str(f.get("special_category"))
            if category not in (None, "none"):
                kinds.append(str(category))
            if f.get("criminal_offence") is True:
                kinds.append("criminal offence")
            if f.get("financial") is True:
                kinds.append("financial")
            found += [SensitiveField(name, _str(f.get("name")), kind) for kind in kinds]
    return tuple(found)


def _recipients(value: Any) -> tuple[str, ...] | None:
    """Party ids from `recipients` (ids, or objects with a `party`), or None when absent."""
    if not isinstance(value, list):
        return None
    ids = [v if isinstance(v, str) else _obj(v).get("party") for v in value]
    return tuple(i for i in ids if isinstance(i, str))


def _dataset(value: Any) -> Dataset:
    d = _obj(value)
    return Dataset(_str(d.get("name")), _str(d.get("source")), _recipients(d.get("recipients")))


def _basis(value: Any) -> Basis:
    b = _obj(value)
    return Basis(
        _str(b.get("party")),
        _strs(b.get("art6")),
        _str(b.get("art6_law")),
        _str(b.get("art9")),
        _str(b.get("dpa_schedule1")),
        _str(b.get("art10")),
    )


def _waiver(index: int, value: Any) -> DeclaredWaiver:
    w = _obj(value)
    return DeclaredWaiver(
        _str(w.get("rule")),
        _str(w.get("reason")),
        _str(w.get("approved_by")),
        _str(w.get("expires")),
        f"/waivers/{index}",
    )


def summarise(data: Mapping[str, Any]) -> ProposalSummary:
    """The facts a committee reads about one proposal, from its (possibly invalid) data. (Its
    flows, with what covers each, are on the Result: checking/flow_checks.py.)"""
    purpose, body, legal = _obj(data.get("purpose")), _obj(data.get("data")), _obj(data.get("legal"))
    datasets = _list(body.get("datasets"))
    scoring = _obj(data.get("framework"))
    return ProposalSummary(
        version=_str(data.get("version")),
        status=_str(data.get("status")),
        assessment_date=_str(data.get("assessment_date")),
        purpose=_str(purpose.get("statement")),
        purpose_category=_str(purpose.get("category")),
        jurisdiction=_strs(data.get("jurisdiction")),
        sharing_type=_str(data.get("sharing_type")),
        parties=tuple(
            Party(*(_str(_obj(p).get(k)) for k in ("id", "name", "org_type", "sector", "role")))
            for p in _list(data.get("parties"))
        ),
        subjects=_strs(body.get("subjects")),
        identifiability=_str(body.get("identifiability")),
        volume_records=_int(body.get("volume_records")),
        population=_int(body.get("population")),
        smallest_group=_int(body.get("smallest_group")),
        frequency=_str(body.get("frequency")),
        datasets=len(datasets),
        fields=sum(len(_list(_obj(d).get("fields"))) for d in datasets),
        sensitive=_sensitive(datasets),
        gateways=tuple(
            Gateway(*(_str(_obj(g).get(k)) for k in ("id", "statute", "section", "notes")))
            for g in _list(legal.get("gateways"))
        ),
        dataset_list=tuple(_dataset(d) for d in datasets),
        bases=tuple(_basis(b) for b in _list(legal.get("bases"))),
        answers={str(q): _answer(a) for q, a in sorted(_obj(scoring.get("answers")).items())},
        scored_by=_str(scoring.get("scored_by")),
        scored_on=_str(scoring.get("date")),
        waivers=tuple(_waiver(i, w) for i, w in enumerate(_list(data.get("waivers")))),
    )


def summarise_bytes(raw: bytes) -> ProposalSummary | None:
    """A summary of a proposal file's bytes, or None when they are not a JSON object."""
    try:
        data = parse(raw).data
    except ReadError:
        return None
    return summarise(data) if isinstance(data, Mapping) else None
