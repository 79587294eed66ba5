"""Derived facts: the joins and lookups a declarative condition cannot express on its own.

For example "the lawful basis recorded for each controller" or "each cited gateway with its
catalogue facts". They appear to rules as `derived.*`, typed like proposal fields so rules
type-check; `engines.projection` then projects them with the proposal into the engine's fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from sharecheck.law.flows import CRIMINAL_OFFENCE, IDENTIFIABILITY_ORDER, SPECIAL_CATEGORY, flows_of, handling_of
from sharecheck.law.gateway_catalogue import cited_type, uncovered_flows_type
from sharecheck.reading import pointer as jp
from sharecheck.reading.fieldtypes import FieldType, resolve

CONTROLLER_ROLES = ("disclosing_controller", "receiving_controller", "joint_controller")
DISCLOSING_ROLES = ("disclosing_controller", "joint_controller")
# GP federations are usually companies and primary care networks are not legal bodies at all
# (they act through a lead practice or federation), so `sector` decides whether they are public.
NON_PUBLIC_ORG_TYPES = (
    "voluntary_sector",
    "private_company",
    "housing_association",
    "gp_federation",
    "primary_care_network",
    "unknown",
)

_S = FieldType("string")
_B = FieldType("boolean")


def _enum(*values: str) -> FieldType:
    return FieldType("string", tuple(values))


def derived_type(proposal: FieldType) -> FieldType:
    """The vocabulary of derived facts, typed like proposal fields so rules type-check."""

    bases = resolve(proposal, "legal.bases", collection=True).items
    parties = resolve(proposal, "parties", collection=True).items
    assert bases is not None and parties is not None
    controller = FieldType(
        "object",
        properties={
            "party": _S,
            "name": _S,
            "org_type": parties.properties["org_type"],
            "role": parties.properties["role"],
            "is_public_body": _B,
            "has_basis": _B,
            "handles": _B,
            "personal": _B,
            "special_category": _B,
            "criminal_offence": _B,
            "sends": FieldType("array", items=_S),
            "receives": FieldType("array", items=_S),
            "lacks": _S,
            "duaa_2025_in_force": FieldType(
                "boolean",
                description="The assessment date is on or after 2026-02-05 (DUAA 2025 Arts 6(1)(ea), 8A, 22A-D).",
            ),
            "assessed_on": FieldType("string", description="The assessment date, YYYY-MM-DD."),
            "handles_sensitive": FieldType(
                "boolean", description="The proposal's data includes special-category or criminal offence fields."
            ),
            **{k: v for k, v in bases.properties.items() if k != "party"},
        },
        description="Each controller party joined with the lawful basis recorded for it and with what it "
        "handles on the proposal's flows (law/flows.py): personal, special-category, criminal offence data.",
    )
    categories = FieldType("array", items=_enum(CRIMINAL_OFFENCE, SPECIAL_CATEGORY))
    specials = resolve(proposal, "data.datasets[].fields[].special_category")
    flow = FieldType(
        "object",
        properties={
            "discloser": _S,
            "recipient": _S,
            "datasets": FieldType("array", items=_S),
            "categories": categories,
            "special_categories": FieldType("array", items=specials),
            "identifiability": _enum(*IDENTIFIABILITY_ORDER),
            "personal": _B,
        },
        description="Each flow of data from one party to another (law/flows.py): the datasets it "
        "carries, their categories and how identifiable they are as shared.",
    )
    handling = FieldType(
        "object",
        properties={
            "party": _S,
            "role": parties.properties["role"],
            "sends": FieldType("array", items=_S),
            "receives": FieldType("array", items=_S),
            "categories": categories,
            "special_categories": FieldType("array", items=specials),
            "identifiability": _enum(*IDENTIFIABILITY_ORDER),
            "personal": _B,
            "handles": _B,
        },
        description="Each party with what it sends and receives over the flows (law/flows.py).",
    )
    unknown = FieldType(
        "object",
        properties={"path": _S},
        description="Each answer given as `unknown`, with its dotted path.",
    )
    return FieldType(
        "object",
        properties={
            "controllers": FieldType("array", items=controller, description=controller.description),
            "public_body_discloses": FieldType(
                "boolean", description="A disclosing or joint controller is a public body."
            ),
            "special_category_fields": FieldType(
                "array", items=_S, description="Names of fields declared special-category data."
            ),
            "unknown_answers": FieldType("array", items=unknown, description=unknown.description),
            "flows": FieldType("array", items=flow, description=flow.description),
            "parties_handling": FieldType("array", items=handling, description=handling.description),
            "duaa_2025_in_force": FieldType(
                "boolean",
                description="The assessment date is on or after 2026-02-05 (DUAA 2025 Arts 6(1)(ea), 8A, 22A-D).",
            ),
            "below_sdc_threshold": FieldType(
                "boolean", description="outputs.min_cell_count is below the threshold of the stated outputs.sdc_policy."
            ),
            # computed by the checker (gateways.Catalogue.cited): it needs the pack's catalogue,
            # the assessment date and the engine's verdict on the catalogue's exclusions
            "cited_gateways": cited_type(proposal),
            "uncovered_flows": uncovered_flows_type(),
        },
    )


def is_public_body(party: Mapping[str, Any]) -> bool:
    if party.get("sector") in ("voluntary", "private"):
        return False
    if party.get("sector") == "public":
        return True
    return party.get("org_type", "unknown") not in NON_PUBLIC_ORG_TYPES


# Data (Use and Access) Act 2025: ss70, 71, 80 commenced by SI 2026/82 [S, two sources]
DUAA_2025_COMMENCEMENT = dt.date(2026, 2, 5)


def derive(data: Mapping[str, Any], on: dt.date | None = None) -> dict[str, Any]:
    """`on` is the assessment date: the law in force then decides date-bound facts (None: today)."""
    on = on or dt.date.today()
    parties = data.get("parties", [])
    legal = data.get("legal", {})
    bases = legal.get("bases", [])
    basis_index = {b.get("party"): (j, b) for j, b in reversed(list(enumerate(bases)))}
    handles_sensitive = any(
        f.get("special_category") not in (None, "none", "unknown") or f.get("criminal_offence") is True
        for d in data.get("data", {}).get("datasets", [])
        for f in d.get("fields", [])
    )
    controllers = []
    flows = flows_of(data)
    handled_by = handling_of(data, flows)
    handling = {h.index: h for h in handled_by}
    for i, party in enumerate(parties):
        if party.get("role") not in CONTROLLER_ROLES:
            continue
        found = basis_index.get(party.get("id"))
        basis = found[1] if found else {}
        handled = handling.get(i)
        personal = handled is not None and handled.personal
        has_special = personal and handled is not None and SPECIAL_CATEGORY in handled.categories
        criminal = personal and handled is not None and CRIMINAL_OFFENCE in handled.categories
        controllers.append(
            {
                "$pointer": jp.join("legal", "bases", found[0]) if found else jp.join("parties", i),
                "party": party.get("id"),
                "name": party.get("name", party.get("id")),
                "org_type": party.get("org_type"),
                "role": party.get("role"),
                "is_public_body": is_public_body(party),
                "has_basis": found is not None,
                "handles": handled is not None and handled.handles,
                "personal": personal,
                "special_category": has_special,
                "criminal_offence": criminal,
                "sends": list(handled.sends) if handled else [],
                "receives": list(handled.receives) if handled else [],
                "lacks": _lacks(found is not None, has_special, criminal),
                "duaa_2025_in_force": on >= DUAA_2025_COMMENCEMENT,
                "assessed_on": on.isoformat(),
                "handles_sensitive": handles_sensitive,
                **{k: v for k, v in basis.items() if k != "party"},
            }
        )
    special = [
        f.get("name")
        for d in data.get("data", {}).get("datasets", [])
        for f in d.get("fields", [])
        if f.get("special_category") not in (None, "none", "unknown")
    ]
    return {
        "controllers": controllers,
        "public_body_discloses": any(p.get("role") in DISCLOSING_ROLES and is_public_body(p) for p in parties),
        "special_category_fields": special,
        "flows": [{"$pointer": _flow_pointer(f.dataset_indexes[0]), **f.as_fact()} for f in flows],
        "parties_handling": [{"$pointer": jp.join("parties", h.index), **h.as_fact()} for h in handled_by],
        "unknown_answers": [{"$pointer": pointer, "path": dotted} for pointer, dotted in _unknowns(data)],
        "duaa_2025_in_force": on >= DUAA_2025_COMMENCEMENT,
        "below_sdc_threshold": _below_policy(data.get("outputs", {})),
    }


def _flow_pointer(dataset: int) -> str:
    """A flow is located at the first dataset it carries."""
    return jp.join("data", "datasets", dataset)


def _lacks(has_basis: bool, special: bool, criminal: bool) -> str:
    """What a controller lacks, in words. With no legal.bases entry at all it lacks everything
    its handling needs, said once (not one finding per article); with an entry, the Art 9 and
    Art 10 rules speak for themselves, so only the Article 6 basis is named here."""
    needs = ["an Article 6 lawful basis"]
    if not has_basis and special:
        needs.append("an Article 9 condition (with its DPA 2018 Schedule 1 condition where it needs one)")
    if not has_basis and criminal:
        needs.append("Article 10 authority")
    return needs[0] if len(needs) == 1 else ", ".join(needs[:-1]) + " and " + needs[-1]


def _below_policy(outputs: Mapping[str, Any]) -> bool | None:
    """A comparison of two fields, which a declarative condition cannot make; None if either is missing."""
    smallest, policy = outputs.get("min_cell_count"), outputs.get("sdc_policy", {})
    threshold = policy.get("threshold") if isinstance(policy, Mapping) else None
    if isinstance(smallest, int) and isinstance(threshold, int):
        return smallest < threshold
    return None


def _unknowns(data: Any) -> Iterable[tuple[str, str]]:
    """(pointer, dotted path) of every `"unknown"` value, keys sorted, `x-` keys skipped.
    Paths are kept as tokens and spelled out only for the few values found: building two strings
    for every node of every proposal was the bulk of the derivation's time."""
    found: list[tuple[str | int, ...]] = []
    if _may_hold_unknown(data):
        _collect_unknowns(data, (), found)
    for path in found:
        dotted = ""
        for token in path:
            dotted = f"{dotted}[{token}]" if isinstance(token, int) else f"{dotted}.{token}".lstrip(".")
        yield jp.join(*path), dotted


def _may_hold_unknown(data: Any) -> bool:
    """False only when no value can be "unknown": the proposal encoded in C holds no such
    string. Most proposals hold none, and this is far cheaper than walking every value."""
    try:
        return b'"unknown"' in orjson.dumps(data)
    except TypeError:  # values with no JSON form (a caller's own Mapping): walk them
        return True


def _collect_unknowns(value: Any, path: tuple[str | int, ...], found: list[tuple[str | int, ...]]) -> None:
    if value == "unknown":
        found.append(path)
    elif type(value) is dict or isinstance(value, Mapping):  # the exact type first: abc checks are slow
        for key in sorted(value):
            if not key.startswith("x-"):
                _collect_unknowns(value[key], (*path, key), found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _collect_unknowns(item, (*path, i), found)
