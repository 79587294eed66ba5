"""The legal gateway catalogue: which statutory powers exist, and what each one covers.

A public body may only share within its powers, and a proposal names the power it relies on
by catalogue id (SPEC §2: the ids are a contract and never change). The catalogue is data in
the pack (`gateways:` in rules/gateways.yaml, schemas/gateways.schema.json), so IG and legal
staff can correct and sign off entries without touching code.

Two kinds of knowledge live here, deliberately kept apart:

* lookups (is the id known, is it in force on the assessment date, does its extent cover the
  proposal's jurisdictions, are the parties' org types ones it lets disclose or receive, is
  the purpose one it permits) are plain set membership, computed here as the derived fact
  `derived.cited_gateways` that ordinary rules then test;
* exclusions ("does not authorise the disclosure of patient information") are predicates in
  the rules' own condition language, so the *engines* decide them exactly as they decide
  rules: the checker runs `Catalogue.exclusions` through the engine first and passes the names
  that held into `cited()`.

Every entry and every exclusion carries a `verified` level (V primary text, S secondary
source, M memory), because a finding that rests on unverified catalogue data must be a
warning, not a blocker (rules/gateway-rules.yaml tests the level).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sharecheck.engines.conditions import Condition, ConditionError, parse
from sharecheck.engines.durable_compile import unsupported
from sharecheck.engines.projection import Plan
from sharecheck.engines.runtime import Program
from sharecheck.reading import pointer as jp
from sharecheck.reading.fieldtypes import FieldType, resolve

ANY = "*"  # in disclosers, recipients or permitted_purposes: no restriction
TYPES = ("power", "duty", "duty_on_request", "ancillary", "general_power", "exemption", "restriction", "lawful_basis")
POWER_TYPES = ("power", "duty", "duty_on_request")  # an express power or duty to disclose
LEVELS = ("V", "S", "M")
CONFIDENCE = ("yes", "no", "unknown")
DISCLOSING_ROLES = ("disclosing_controller", "joint_controller")
RECEIVING_ROLES = ("receiving_controller", "joint_controller")


@dataclass(frozen=True)
class Verified:
    """How sure the entry is, and the IG or legal sign-off (None until someone signs)."""

    level: str
    by: str | None = None
    date: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Exclusion:
    id: str
    description: str
    condition: Condition
    verified: str
    source: str

    def name(self, gateway: str) -> str:
        """The condition's name in the exclusion program (never a rule id: those are capitals)."""
        return f"{gateway}/{self.id}"


@dataclass(frozen=True)
class Gateway:
    id: str
    short_name: str
    statute: str
    section: str
    url: str
    extent: tuple[str, ...]
    type: str
    disclosers: tuple[str, ...]
    recipients: tuple[str, ...]
    permitted_purposes: tuple[str, ...]
    overrides_confidence: str
    valid_from: dt.date
    valid_to: dt.date | None
    verified: Verified
    exclusions: tuple[Exclusion, ...] = ()
    requires_consent: bool = False
    requires_prescribed_purpose: bool = False
    conditions: tuple[str, ...] = ()
    notes: str = ""

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def citation(self) -> str:
        return citation(self.statute, self.section)

    @property
    def period(self) -> str:
        start = f"from {self.valid_from.isoformat()}"
        return start if self.valid_to is None else f"{start} until {self.valid_to.isoformat()}"


@dataclass(frozen=True)
class Catalogue:
    gateways: tuple[Gateway, ...] = ()
    exclusions: Program = field(default_factory=lambda: Program.of({}))
    plan: Plan = field(default_factory=Plan)

    @staticmethod
    def of(gateways: Iterable[Gateway], scope: FieldType) -> Catalogue:
        """`scope` is the type the exclusions were parsed against: it plans their projection."""
        ordered = tuple(sorted(gateways, key=lambda g: g.id))
        conditions = {x.name(g.id): x.condition for g in ordered for x in g.exclusions}
        plan = Plan()
        for condition in conditions.values():
            plan.add(condition, scope)
        return Catalogue(ordered, Program.of(conditions), plan)

    def get(self, gateway_id: str) -> Gateway | None:
        return self._index.get(gateway_id)

    @cached_property
    def _index(self) -> dict[str, Gateway]:
        return {g.id: g for g in self.gateways}

    def suggest(self, gateway_id: str) -> list[str]:
        return difflib.get_close_matches(gateway_id, [g.id for g in self.gateways], n=3, cutoff=0.6)

    def catalogued_as(self, statute: Any, section: Any) -> list[str]:
        """Catalogue ids of a provision cited by statute and section ('Children Act 2004', '11')."""
        act, number = _words(statute), _section_number(section)
        return [g.id for g in self.gateways if _words(g.statute) == act and _section_number(g.section) == number]

    def cited(self, data: Mapping[str, Any], on: dt.date, fired: frozenset[str]) -> list[dict[str, Any]]:
        """`derived.cited_gateways`: each entry of legal.gateways with its catalogue facts.

        `fired` is the set of exclusion names the engine found to hold for this proposal.
        """
        citations = data.get("legal", {}).get("gateways", [])
        return [self._cited(i, c, data, on, fired) for i, c in enumerate(citations) if isinstance(c, Mapping)]

    def _cited(
        self, index: int, cited: Mapping[str, Any], data: Mapping[str, Any], on: dt.date, fired: frozenset[str]
    ) -> dict[str, Any]:
        item: dict[str, Any] = {
            "$pointer": jp.join("legal", "gateways", index),
            "notes": cited.get("notes"),
            "assessed_on": on.isoformat(),
        }
        cited_id = cited.get("id")
        gateway = self.get(cited_id) if isinstance(cited_id, str) else None
        if gateway is None:
            item.update(
                id=cited_id,
                statute=cited.get("statute"),
                section=cited.get("section"),
                citation=citation(cited.get("statute"), cited.get("section")) if cited_id is None else cited_id,
                in_catalogue=False,
                free_text=cited_id is None,
                # free text gets the benefit of the doubt here; SC-GATEWAY-003 asks for it to be verified
                grants_power=cited_id is None,
            )
            found = (
                self.suggest(cited_id) if isinstance(cited_id, str) else self.catalogued_as(*_statute_section(cited))
            )
            item["suggestion"] = " or ".join(found) or None
            return item
        parties = [p for p in data.get("parties", []) if isinstance(p, Mapping)]
        outside = [j for j in data.get("jurisdiction", []) if j != "unknown" and j not in gateway.extent]
        item.update(
            id=gateway.id,
            short_name=gateway.short_name,
            statute=gateway.statute,
            section=gateway.section,
            citation=gateway.citation,
            url=gateway.url,
            in_catalogue=True,
            free_text=False,
            type=gateway.type,
            grants_power=gateway.type in POWER_TYPES,
            verified=gateway.verified.level,
            valid_from=gateway.valid_from.isoformat(),
            valid_to=gateway.valid_to.isoformat() if gateway.valid_to else None,
            in_force_period=gateway.period,
            in_force=gateway.in_force(on),
            extent=list(gateway.extent),
            outside_extent=outside,
            disclosers=_readable(gateway.disclosers),
            recipients=_readable(gateway.recipients),
            disclosers_not_covered=_uncovered(parties, DISCLOSING_ROLES, gateway.disclosers),
            recipients_not_covered=_uncovered(parties, RECEIVING_ROLES, gateway.recipients),
            permitted_purposes=_readable(gateway.permitted_purposes, "any purpose"),
            overrides_confidence=gateway.overrides_confidence,
            requires_consent=gateway.requires_consent,
            requires_prescribed_purpose=gateway.requires_prescribed_purpose,
        )
        purpose = data.get("purpose", {}).get("category")
        if purpose not in (None, "unknown"):  # unknown: not yet established (SC-UNKNOWN-001)
            item["permits_purpose"] = ANY in gateway.permitted_purposes or purpose in gateway.permitted_purposes
        applying = [x for x in gateway.exclusions if x.name(gateway.id) in fired]
        item["exclusions"] = [x.description for x in applying if x.verified != "M"]
        doubts = [x.description for x in applying if x.verified == "M"]
        if gateway.verified.level == "M":
            doubts = _coverage_doubts(item, purpose) + doubts
        item["doubts"] = doubts
        return item


def citation(statute: Any, section: Any) -> str:
    """'Care Act 2014 s45', 'Data Protection Act 2018 Schedule 2 Part 1 paragraph 2'."""
    section = str(section or "").strip()
    prefix = "s" if section[:1].isdigit() else ""
    return f"{statute or '(statute not given)'} {prefix}{section}".strip()


def _statute_section(cited: Mapping[str, Any]) -> tuple[Any, Any]:
    return cited.get("statute"), cited.get("section")


def _words(text: Any) -> str:
    return " ".join(str(text or "").lower().replace(",", " ").split()).removeprefix("the ")


def _section_number(section: Any) -> str:
    """'17A (inserted by ...)', 's17A', 'section 17A(1)' -> '17a'."""
    text = str(section or "").strip().lower().removeprefix("section").removeprefix("s").strip()
    number = ""
    for char in text:
        if not (char.isalnum() or char == "-"):
            break
        number += char
    return number


def _readable(values: Sequence[str], anything: str = "anyone") -> list[str]:
    return [anything if v == ANY else v for v in values]


# Org types added after the catalogue was written are covered wherever the type they refine is:
# a gateway open to GP practices is open to their federations and networks (which act for them),
# one open to the police to the local policing body, one open to prisons to youth custody, one open
# to the ONS to the UK Statistics Authority (whose executive office it is). So a new, more precise
# type never turns a covered party into a blocker.
COVERED_AS = {
    "gp_federation": "gp_practice",
    "primary_care_network": "gp_practice",
    "local_policing_body": "police",
    "youth_custody": "prison",
    "uk_statistics_authority": "ons",
}


def _uncovered(parties: Sequence[Mapping[str, Any]], roles: tuple[str, ...], allowed: tuple[str, ...]) -> list[str]:
    if ANY in allowed:
        return []
    out = []
    for party in parties:
        org_type = party.get("org_type")
        if party.get("role") not in roles or org_type == "unknown" or org_type in allowed:
            continue
        if COVERED_AS.get(str(org_type)) in allowed:
            continue
        out.append(f"{party.get('name') or party.get('id')} ({org_type or 'org type not given'})")
    return out


def _coverage_doubts(item: Mapping[str, Any], purpose: Any) -> list[str]:
    """The lookups that fail for an entry that rests on unverified [M] notes, in words."""
    doubts = []
    if not item["in_force"]:
        doubts.append(f"not in force on {item['assessed_on']} (in force {item['in_force_period']})")
    if item["outside_extent"]:
        doubts.append(f"does not extend to {', '.join(item['outside_extent'])} (extent: {', '.join(item['extent'])})")
    for party in item["disclosers_not_covered"]:
        doubts.append(f"does not let {party} disclose")
    for party in item["recipients_not_covered"]:
        doubts.append(f"does not cover {party} as a recipient")
    if item.get("permits_purpose") is False:
        doubts.append(f"does not permit the purpose {purpose}")
    return doubts


# ---------------------------------------------------------------- the derived fact's type


def cited_type(proposal: FieldType) -> FieldType:
    """The type of `derived.cited_gateways`, so rules over it type-check at pack load."""
    text, flag = FieldType("string"), FieldType("boolean")
    jurisdictions = resolve(proposal, "jurisdiction").items
    assert jurisdictions is not None
    texts = FieldType("array", items=text)
    item = FieldType(
        "object",
        properties={
            "id": text,
            "statute": text,
            "section": text,
            "citation": FieldType("string", description="Statute and section in words, e.g. 'Care Act 2014 s45'."),
            "short_name": text,
            "url": text,
            "notes": text,
            "in_catalogue": FieldType("boolean", description="The cited id is an entry of the gateway catalogue."),
            "free_text": FieldType("boolean", description="Cited by statute and section rather than catalogue id."),
            "suggestion": FieldType("string", description="The closest catalogue ids to an unknown id."),
            "type": FieldType("string", TYPES),
            "grants_power": FieldType("boolean", description="An express power or duty to disclose (or free text)."),
            "verified": FieldType("string", LEVELS, description="V primary text, S secondary source, M memory."),
            "assessed_on": FieldType("string", description="assessment_date, or the day of the check."),
            "valid_from": text,
            "valid_to": text,
            "in_force_period": text,
            "in_force": flag,
            "extent": FieldType("array", items=jurisdictions),
            "outside_extent": FieldType("array", items=jurisdictions),
            "disclosers": texts,
            "recipients": texts,
            "disclosers_not_covered": texts,
            "recipients_not_covered": texts,
            "permitted_purposes": texts,
            "permits_purpose": flag,
            "overrides_confidence": FieldType("string", CONFIDENCE),
            "requires_consent": flag,
            "requires_prescribed_purpose": flag,
            "exclusions": FieldType("array", items=text, description="Verified exclusions that apply."),
            "doubts": FieldType("array", items=text, description="Failed checks resting on unverified [M] data."),
        },
    )
    return FieldType(
        "array",
        items=item,
        description="Each legal.gateways entry joined with its gateway catalogue entry (legal.gateways[i]).",
    )


# ---------------------------------------------------------------- loading


@dataclass(frozen=True)
class LoadProblem:
    pointer: str  # into the pack file
    message: str
    at_key: bool = False


def load(
    entries: Sequence[Mapping[str, Any]], base: str, proposal: FieldType, scope: FieldType
) -> tuple[list[Gateway], list[LoadProblem]]:
    """Schema-checked catalogue data -> Gateways, with every semantic problem.

    `base` is the pointer of the list in the file (`/gateways`); `proposal` gives the
    vocabularies (org types, purposes, jurisdictions) and `scope` the type exclusions are
    checked against.
    """
    vocab = {
        "org_type": _values(resolve(proposal, "parties", collection=True).items, "org_type"),
        "purpose": _enum(resolve(proposal, "purpose.category")),
        "jurisdiction": _enum(resolve(proposal, "jurisdiction").items),
    }
    gateways: list[Gateway] = []
    problems: list[LoadProblem] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        here = f"{base}/{index}"
        before = len(problems)
        gateway_id = str(entry["id"])
        if gateway_id in seen:
            problems.append(
                LoadProblem(f"{here}/id", f"duplicate gateway id {gateway_id} (first at entry {seen[gateway_id]})")
            )
        seen.setdefault(gateway_id, index)
        for key, kind in (("extent", "jurisdiction"), ("disclosers", "org_type"), ("recipients", "org_type")):
            problems.extend(_check_words(entry[key], vocab[kind], f"{here}/{key}", kind, allow_any=key != "extent"))
        problems.extend(
            _check_words(entry["permitted_purposes"], vocab["purpose"], f"{here}/permitted_purposes", "purpose")
        )
        valid_from = _date(entry["valid_from"])
        valid_to = _date(entry["valid_to"]) if entry.get("valid_to") is not None else None
        if valid_from is None:
            problems.append(LoadProblem(f"{here}/valid_from", f"{entry['valid_from']!r} is not a date (YYYY-MM-DD)"))
        if entry.get("valid_to") is not None and valid_to is None:
            problems.append(LoadProblem(f"{here}/valid_to", f"{entry['valid_to']!r} is not a date (YYYY-MM-DD)"))
        if valid_from and valid_to and valid_to < valid_from:
            problems.append(LoadProblem(f"{here}/valid_to", "valid_to is before valid_from"))
        exclusions = []
        exclusion_ids: set[str] = set()
        for j, raw in enumerate(entry.get("exclusions", [])):
            where = f"{here}/exclusions/{j}"
            if raw["id"] in exclusion_ids:
                problems.append(LoadProblem(f"{where}/id", f"duplicate exclusion id {raw['id']} in {gateway_id}"))
            exclusion_ids.add(raw["id"])
            try:
                condition = parse(raw["when"], scope, f"{where}/when")
            except ConditionError as error:
                problems.append(LoadProblem(error.pointer, error.message, error.at_key))
                continue
            reason = unsupported(condition)
            if reason is not None:
                problems.append(LoadProblem(f"{where}/when", reason))
                continue
            exclusions.append(Exclusion(raw["id"], raw["description"], condition, raw["verified"], raw["source"]))
        if len(problems) > before or valid_from is None:
            continue
        verified = entry["verified"]
        gateways.append(
            Gateway(
                id=gateway_id,
                short_name=entry["short_name"],
                statute=entry["statute"],
                section=str(entry["section"]),
                url=entry["url"],
                extent=tuple(entry["extent"]),
                type=entry["type"],
                disclosers=tuple(entry["disclosers"]),
                recipients=tuple(entry["recipients"]),
                permitted_purposes=tuple(entry["permitted_purposes"]),
                overrides_confidence=entry["overrides_confidence"],
                valid_from=valid_from,
                valid_to=valid_to,
                verified=Verified(
                    verified["level"], verified.get("by"), verified.get("date"), verified.get("note", "")
                ),
                exclusions=tuple(exclusions),
                requires_consent=entry.get("requires_consent", False),
                requires_prescribed_purpose=entry.get("requires_prescribed_purpose", False),
                conditions=tuple(entry.get("conditions", [])),
                notes=entry.get("notes", ""),
            )
        )
    return gateways, problems


def _enum(field_type: FieldType | None) -> tuple[str, ...]:
    assert field_type is not None and field_type.enum is not None
    return tuple(v for v in field_type.enum if v != "unknown")


def _values(item: FieldType | None, name: str) -> tuple[str, ...]:
    assert item is not None
    return _enum(item.properties[name])


def _check_words(
    values: Sequence[str], allowed: tuple[str, ...], pointer: str, kind: str, *, allow_any: bool = True
) -> list[LoadProblem]:
    out = []
    for i, value in enumerate(values):
        if value == ANY and allow_any:
            if len(values) > 1:
                out.append(LoadProblem(f"{pointer}/{i}", f"`{ANY}` (anyone) stands alone in its list"))
            continue
        if value not in allowed:
            close = difflib.get_close_matches(str(value), list(allowed), n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            what = {"org_type": "an org type", "purpose": "a purpose category", "jurisdiction": "a jurisdiction"}[kind]
            out.append(LoadProblem(f"{pointer}/{i}", f"{value!r} is not {what} of the proposal format{hint}"))
    return out


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
