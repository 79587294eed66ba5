"""A proposal projected into the one fact the engines see, plus derived facts.

Only the paths the rules reference are projected (durable-rules holds ~250 flattened
properties per fact, and every fired rule round-trips the fact through JSON). Values are
normalised so both engines see the same thing: blank text, empty lists and empty objects are
absent. Derived facts (`derived.*`) are joins and lookups a declarative condition cannot
express on its own, such as "the lawful basis recorded for each controller".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sharecheck.engines.conditions import Compare, Condition, Quantified, fact_key, length_key, walk
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
    from sharecheck.gateways import cited_type  # gateways builds on Plan below

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
            # computed by the checker (gateways.Catalogue.cited): it needs the pack's catalogue,
            # the assessment date and the engine's verdict on the catalogue's exclusions
            "cited_gateways": cited_type(proposal),
        },
    )


def is_public_body(party: Mapping[str, Any]) -> bool:
    if party.get("sector") in ("voluntary", "private"):
        return False
    if party.get("sector") == "public":
        return True
    return party.get("org_type", "unknown") not in NON_PUBLIC_ORG_TYPES


def derive(data: Mapping[str, Any]) -> dict[str, Any]:
    parties = data.get("parties", [])
    legal = data.get("legal", {})
    bases = legal.get("bases", [])
    basis_index = {b.get("party"): (j, b) for j, b in reversed(list(enumerate(bases)))}
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
    }


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


# ---------------------------------------------------------------- the projection plan


@dataclass
class Plan:
    """The paths a set of conditions reads, per scope (root, or a list's items)."""

    fields: dict[str, str] = field(default_factory=dict)  # path -> kind
    lengths: set[str] = field(default_factory=set)
    collections: dict[str, Plan] = field(default_factory=dict)

    def add(self, condition: Condition, scope: FieldType) -> None:
        for prefix, node in walk(condition):
            if prefix:
                continue  # handled by the nested plan below
            if isinstance(node, Quantified):
                item_type = resolve(scope, node.collection, collection=True).items
                assert item_type is not None
                self.collections.setdefault(node.collection, Plan()).add(node.where, item_type)
            elif isinstance(node, Compare):
                if node.op in ("items_at_least", "items_fewer_than"):
                    self.lengths.add(node.field)
                else:
                    self.fields[node.field] = resolve(scope, node.field).kind


def _get(value: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _items(value: Any, path: str, pointer: str) -> list[tuple[str, Any]]:
    """The items of a collection path (which may go through lists with `[]`)."""
    found: list[tuple[str, Any]] = [(pointer, value)]
    parts = path.split(".")
    for index, part in enumerate(parts):
        each = part.endswith("[]") or index == len(parts) - 1
        name = part[:-2] if part.endswith("[]") else part
        step: list[tuple[str, Any]] = []
        for where, current in found:
            sub = current.get(name) if isinstance(current, Mapping) else None
            if each:
                if isinstance(sub, list):
                    step.extend(
                        (
                            item.get("$pointer", jp.child(where, name, i))
                            if isinstance(item, Mapping)
                            else jp.child(where, name, i),
                            item,
                        )
                        for i, item in enumerate(sub)
                    )
            elif sub is not None:
                step.append((jp.child(where, name), sub))
        found = step
    return found


def _normal(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, (list, dict)) and not value:
        return None
    if kind in ("integer", "number") and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return None  # e.g. a framework score of "n/a" is no score
    return value


def _clean(value: Any) -> Any:
    if isinstance(value, list):
        kept = [v for v in value if not (isinstance(v, str) and not v.strip())]
        return kept or None
    return value


@dataclass(frozen=True)
class Projection:
    fact: dict[str, Any]
    # root collection path -> [(pointer, raw item)] in fact order, for locating findings
    items: dict[str, list[tuple[str, Any]]]


def project(source: Mapping[str, Any], plan: Plan) -> Projection:
    items: dict[str, list[tuple[str, Any]]] = {}
    fact = _project(source, plan, "", items)
    return Projection(fact, items)


def _project(source: Any, plan: Plan, pointer: str, record: dict[str, list[tuple[str, Any]]] | None) -> dict[str, Any]:
    fact: dict[str, Any] = {}
    for path, kind in sorted(plan.fields.items()):
        value = _normal(_clean(_get(source, path)), kind)
        if value is not None:
            fact[fact_key(path)] = value
    for path in sorted(plan.lengths):
        value = _get(source, path)
        fact[length_key(path)] = len(value) if isinstance(value, list) else 0
    for path, sub in sorted(plan.collections.items()):
        found = _items(source, path, pointer)
        if record is not None:
            record[path] = found
        projected = [_project(item, sub, where, None) for where, item in found]
        if projected:
            fact[fact_key(path)] = projected
    return fact
