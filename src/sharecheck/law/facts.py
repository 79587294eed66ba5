"""Derived facts: the joins and lookups a declarative condition cannot express on its own.

For example "the lawful basis recorded for each controller" or "each cited gateway with its
catalogue facts". They appear to rules as `derived.*`, typed like proposal fields so rules
type-check; `engines.projection` then projects them with the proposal into the engine's fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sharecheck.law.gateway_catalogue import cited_type, uncovered_flows_type
from sharecheck.reading import pointer as jp
from sharecheck.reading.fieldtypes import FieldType, resolve

CONTROLLER_ROLES = ("disclosing_controller", "receiving_controller", "joint_controller")
DISCLOSING_ROLES = ("disclosing_controller", "joint_controller")
NON_PUBLIC_ORG_TYPES = ("voluntary_sector", "private_company", "housing_association", "unknown")

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
        description="Each controller party joined with the lawful basis recorded for it.",
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
    for i, party in enumerate(parties):
        if party.get("role") not in CONTROLLER_ROLES:
            continue
        found = basis_index.get(party.get("id"))
        basis = found[1] if found else {}
        controllers.append(
            {
                "$pointer": jp.join("legal", "bases", found[0]) if found else jp.join("parties", i),
                "party": party.get("id"),
                "name": party.get("name", party.get("id")),
                "org_type": party.get("org_type"),
                "role": party.get("role"),
                "is_public_body": is_public_body(party),
                "has_basis": found is not None,
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
        "unknown_answers": [{"$pointer": pointer, "path": dotted} for pointer, dotted in _unknowns(data, "", "")],
        "below_sdc_threshold": _below_policy(data.get("outputs", {})),
    }


def _below_policy(outputs: Mapping[str, Any]) -> bool | None:
    """A comparison of two fields, which a declarative condition cannot make; None if either is missing."""
    smallest, policy = outputs.get("min_cell_count"), outputs.get("sdc_policy", {})
    threshold = policy.get("threshold") if isinstance(policy, Mapping) else None
    if isinstance(smallest, int) and isinstance(threshold, int):
        return smallest < threshold
    return None


def _unknowns(value: Any, pointer: str, dotted: str) -> Iterable[tuple[str, str]]:
    if value == "unknown":
        yield pointer, dotted
    elif isinstance(value, Mapping):
        for key in sorted(value):
            if not key.startswith("x-"):
                yield from _unknowns(value[key], jp.child(pointer, key), f"{dotted}.{key}".lstrip("."))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _unknowns(item, jp.child(pointer, i), f"{dotted}[{i}]")
