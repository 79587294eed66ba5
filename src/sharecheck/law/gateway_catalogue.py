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

Every entry, every fact a blocker tests (dates, extent, disclosers, recipients, permitted
purposes) and every exclusion carries a `verified` level (V primary text, S secondary source,
M memory). A blocker tells a committee the sharing cannot go ahead, so it may rest only on a
fact read in the text of the law: a failed check on a fact below V is routed to `doubts`, which
SC-GATEWAY-010 reports as a warning naming the unverified fact. The fields that carry only
verified failures are `VERIFIED_FAILURES`; the raw facts beside them (`RAW_FACTS`) are for
messages, and the pack loader refuses a blocker that tests them directly.

A gateway is checked only for the parties it is relied on for (`legal.gateways[].applies_to`,
default every party): a multi-agency share relies on different powers for different parties.
`uncovered_flows` then lists each disclosing -> receiving pair of parties that no cited gateway
is relied on for, so citing a second, correct power can only cover more, never report more.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sharecheck.engines.conditions import Compare, Condition, ConditionError, parse, walk
from sharecheck.engines.durable_compile import unsupported
from sharecheck.engines.projection import Plan
from sharecheck.engines.runtime import Program
from sharecheck.law.flows import flows_of
from sharecheck.reading import pointer as jp
from sharecheck.reading.fieldtypes import FieldType, resolve

ANY = "*"  # in disclosers, recipients or permitted_purposes: no restriction
TYPES = ("power", "duty", "duty_on_request", "ancillary", "general_power", "exemption", "restriction", "lawful_basis")
POWER_TYPES = ("power", "duty", "duty_on_request")  # an express power or duty to disclose
LEVELS = ("V", "S", "M")
CONFIDENCE = ("yes", "no", "unknown")
DISCLOSING_ROLES = ("disclosing_controller", "joint_controller")
RECEIVING_ROLES = ("receiving_controller", "joint_controller")
FACTS = ("dates", "extent", "disclosers", "recipients", "permitted_purposes")
# derived.cited_gateways fields holding a failed check on a V fact: what blockers may test
VERIFIED_FAILURES = (
    "not_in_force",
    "outside_extent",
    "disclosers_not_covered",
    "recipients_not_covered",
    "purpose_not_permitted",
    "exclusions",
)
# the catalogue's facts as data, whatever their level: for messages, never for a blocker's condition
RAW_FACTS = (
    "in_force",
    "extent",
    "disclosers",
    "recipients",
    "permitted_purposes",
    "permits_purpose",
    "valid_from",
    "valid_to",
)


@dataclass(frozen=True)
class Verified:
    """How sure the entry is, and the IG or legal sign-off (None until someone signs)."""

    level: str
    by: str | None = None
    date: str | None = None
    note: str = ""
    facts: tuple[tuple[str, str], ...] = ()  # (fact, level) where a fact's level differs from `level`
    sources: tuple[tuple[str, str], ...] = ()  # (fact, where it was read) for corrected facts

    def of(self, fact: str) -> str:
        """The level of one fact (FACTS): its own where given, else the entry's."""
        return dict(self.facts).get(fact, self.level)


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

    def cited(
        self, data: Mapping[str, Any], on: dt.date, fired: Mapping[tuple[str, ...], frozenset[str]]
    ) -> list[dict[str, Any]]:
        """`derived.cited_gateways`: each entry of legal.gateways with its catalogue facts.

        `fired` holds, per scope of parties (`scope_of`), the exclusion names the engine found to
        hold for the part of the proposal a gateway is relied on for (`relied_on_view`).
        """
        citations = data.get("legal", {}).get("gateways", [])
        return [
            self._cited(i, c, data, on, fired.get(scope_of(c), frozenset()))
            for i, c in enumerate(citations)
            if isinstance(c, Mapping)
        ]

    @staticmethod
    def uncovered_flows(
        data: Mapping[str, Any], is_public: Callable[[Mapping[str, Any]], bool]
    ) -> list[dict[str, Any]]:
        """`derived.uncovered_flows`: flows of personal data (law.flows) no cited gateway is relied on for.

        Only where every gateway is limited by `applies_to`: a gateway without it is relied on
        for every party, so no pair is left out. Adding a gateway only covers more pairs.
        """
        citations = data.get("legal", {}).get("gateways", [])
        scopes = [scope_of(c) for c in citations if isinstance(c, Mapping)]
        if not scopes or not all(scopes):
            return []
        parties = {
            p["id"]: p for p in data.get("parties", []) if isinstance(p, Mapping) and isinstance(p.get("id"), str)
        }
        out = []
        for flow in flows_of(data):
            if not flow.personal:
                continue  # anonymous data is not personal data: no gateway is needed to share it
            if any(flow.discloser in s and flow.recipient in s for s in scopes):
                continue
            discloser, recipient = parties[flow.discloser], parties[flow.recipient]
            if recipient.get("role") == "processor":
                continue  # a processor acts for a controller: passing data to it is no disclosure
            out.append(
                {
                    "$pointer": jp.join("legal", "gateways"),
                    "discloser": flow.discloser,
                    "recipient": flow.recipient,
                    "discloser_is_public_body": is_public(discloser),
                    "flow": f"{_name(discloser)} -> {_name(recipient)}",
                }
            )
        return out

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
        applies_to = cited.get("applies_to")
        if applies_to:  # checked only for the parties it is relied on for
            parties = [p for p in parties if p.get("id") in applies_to]
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
            disclosers=_readable(gateway.disclosers),
            recipients=_readable(gateway.recipients),
            permitted_purposes=_readable(gateway.permitted_purposes, "any purpose"),
            applies_to=list(applies_to) if applies_to else None,
            overrides_confidence=gateway.overrides_confidence,
            requires_consent=gateway.requires_consent,
            requires_prescribed_purpose=gateway.requires_prescribed_purpose,
        )
        purpose = data.get("purpose", {}).get("category")
        if purpose not in (None, "unknown"):  # unknown: not yet established (SC-UNKNOWN-001)
            item["permits_purpose"] = ANY in gateway.permitted_purposes or purpose in gateway.permitted_purposes
        doubts: list[str] = []
        failures: list[tuple[str, str, Any, str]] = [
            ("dates", "not_in_force", not item["in_force"], f"not in force on {on.isoformat()} ({gateway.period})"),
            ("extent", "outside_extent", outside, f"does not extend to {', '.join(outside)}"),
        ]
        for fact, name, allowed, roles, verb in (
            ("disclosers", "disclosers_not_covered", gateway.disclosers, DISCLOSING_ROLES, "disclose"),
            ("recipients", "recipients_not_covered", gateway.recipients, RECEIVING_ROLES, "receive"),
        ):
            uncovered = _uncovered(parties, roles, allowed)
            failures.append((fact, name, uncovered, f"does not let {', '.join(uncovered)} {verb}"))
        not_permitted = item.get("permits_purpose") is False
        failures.append(("permitted_purposes", "purpose_not_permitted", not_permitted, f"does not permit {purpose}"))
        for fact, name, failed, words in failures:
            level = gateway.verified.of(fact)
            if failed and level == "V":
                item[name] = failed
            elif failed:
                doubts.append(f"{words} [{fact.replace('_', ' ')}: level {level}, not verified]")
        applying = [x for x in gateway.exclusions if x.name(gateway.id) in fired]
        item["exclusions"] = [x.description for x in applying if x.verified == "V"]
        doubts += [
            f"{x.description} [exclusion: level {x.verified}, not verified]" for x in applying if x.verified != "V"
        ]
        item["doubts"] = doubts
        return item


def unverified_facts(condition: Condition) -> list[str]:
    """The raw catalogue facts (RAW_FACTS, or the doubts themselves) a condition tests on
    `derived.cited_gateways` items: facts that may be below level V for some gateway."""
    found = []
    for prefix, node in walk(condition):
        if prefix == "derived.cited_gateways." and isinstance(node, Compare):
            if node.field in (*RAW_FACTS, "doubts", "verified"):
                found.append(node.field)
        elif prefix == "" and isinstance(node, Compare) and node.field.startswith("derived.cited_gateways"):
            found.append(node.field)
    return sorted(set(found))


def scope_of(cited: Mapping[str, Any]) -> tuple[str, ...]:
    """The party ids a citation is relied on for; () for every party (no `applies_to`)."""
    applies_to = cited.get("applies_to")
    return tuple(sorted(p for p in applies_to if isinstance(p, str))) if isinstance(applies_to, list) else ()


def relied_on_view(data: Mapping[str, Any], scope: tuple[str, ...]) -> Mapping[str, Any]:
    """The proposal as far as a gateway relied on for `scope` is concerned: its parties, and the
    datasets they are the source of, so a gateway's exclusions judge only what it carries."""
    if not scope:
        return data
    parties = [p for p in data.get("parties", []) if isinstance(p, Mapping) and p.get("id") in scope]
    data_section = data.get("data")
    view: dict[str, Any] = {**data, "parties": parties}
    if isinstance(data_section, Mapping):
        datasets = [
            d
            for d in data_section.get("datasets", [])
            if not (isinstance(d, Mapping) and isinstance(d.get("source"), str) and d["source"] not in scope)
        ]
        view["data"] = {**data_section, "datasets": datasets}
    return view


def _name(party: Mapping[str, Any]) -> str:
    return f"{party.get('name') or party.get('id')} ({party.get('id')})"


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


# ---------------------------------------------------------------- the derived fact's type


def uncovered_flows_type() -> FieldType:
    """The type of `derived.uncovered_flows`."""
    item = FieldType(
        "object",
        properties={
            "discloser": FieldType("string", description="The disclosing party's id."),
            "recipient": FieldType("string", description="The receiving party's id."),
            "flow": FieldType("string", description="'Discloser (id) -> Recipient (id)', for messages."),
            "discloser_is_public_body": FieldType("boolean", description="The discloser is a public body."),
        },
    )
    return FieldType(
        "array",
        items=item,
        description="Each disclosing -> receiving pair of parties that no cited gateway's applies_to covers.",
    )


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
            "disclosers_not_covered": FieldType(
                "array",
                items=text,
                description="Parties relied on for that it does not let disclose (fact at V).",
            ),
            "recipients_not_covered": FieldType(
                "array", items=text, description="Parties it is relied on for that it does not let receive (fact at V)."
            ),
            "not_in_force": FieldType("boolean", description="Not in force on the assessment date (dates at V)."),
            "purpose_not_permitted": FieldType("boolean", description="The purpose is not one it permits (fact at V)."),
            "applies_to": FieldType("array", items=text, description="The parties it is relied on for, if limited."),
            "permitted_purposes": texts,
            "permits_purpose": flag,
            "overrides_confidence": FieldType("string", CONFIDENCE),
            "requires_consent": flag,
            "requires_prescribed_purpose": flag,
            "exclusions": FieldType("array", items=text, description="Exclusions verified at V that apply."),
            "doubts": FieldType(
                "array",
                items=text,
                description="Failed checks on catalogue facts below V, each naming its fact.",
            ),
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
                    verified["level"],
                    verified.get("by"),
                    verified.get("date"),
                    verified.get("note", ""),
                    tuple(sorted(verified.get("facts", {}).items())),
                    tuple(sorted(verified.get("sources", {}).items())),
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
