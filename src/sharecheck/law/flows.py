"""Who sends what to whom: the flows of a proposal and what each party handles.

A proposal names its parties and datasets; each dataset has a `source` (the party that
discloses it) and optional `recipients` (the parties that receive it). The law attaches to a
party through what it handles: a controller needs an Art 6 basis only if it sends or receives
personal data, an Art 9 condition only for special-category data, an Art 10 authority only for
criminal-offence data. Assuming every party handles every field (the old reading) raises
findings that are not true, so the rules and the reports read the flows derived here.

Defaults keep today's proposals meaning what they meant:
- no `source`: the dataset comes from every party whose role discloses (disclosing or joint
  controller); with no such party it has no known discloser and makes no flow;
- no `recipients`: every party other than the source whose role receives (receiving or joint
  controller, processor); if there is none (a receiving party sends a cohort file out for
  matching), every other party;
- no per-dataset `identifiability`: `data.identifiability` (or `unknown`).

The API is small and stable: `flows_of(data)`, `handling_of(data)` and `unknown_parties(data)`.
All take the plain proposal mapping (already schema-valid) and return frozen values in a
deterministic order.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sharecheck.reading import pointer as jp

SPECIAL_CATEGORY = "special_category"
CRIMINAL_OFFENCE = "criminal_offence"
DISCLOSING_ROLES = ("disclosing_controller", "joint_controller")
RECEIVING_ROLES = ("receiving_controller", "joint_controller", "processor")

# Which category of data a fact about a party's handling or basis concerns: the checking layer
# places a finding about a party only on that party's flows carrying the categories its rule tests
# (checking/flow_checks.py), so an Art 10 finding about the hub is not a finding about the school
# checks it receives. A DPA 2018 Schedule 1 condition serves both Art 9 and Art 10 (s10-11).
CATEGORY_OF_FIELD: dict[str, frozenset[str]] = {
    "special_category": frozenset({SPECIAL_CATEGORY}),
    "special_categories": frozenset({SPECIAL_CATEGORY}),
    "art9": frozenset({SPECIAL_CATEGORY}),
    "criminal_offence": frozenset({CRIMINAL_OFFENCE}),
    "art10": frozenset({CRIMINAL_OFFENCE}),
    "dpa_schedule1": frozenset({SPECIAL_CATEGORY, CRIMINAL_OFFENCE}),
}

# Most identifiable first: a flow carrying datasets at several levels is as identifiable as its
# most identifiable dataset, and `unknown` is treated as possibly identifiable.
IDENTIFIABILITY_ORDER = ("personally_identifiable", "unknown", "de_personalised", "anonymous")
PERSONAL = frozenset({"personally_identifiable", "unknown", "de_personalised"})


@dataclass(frozen=True)
class Flow:
    """Data going from one party to another: the datasets, what they carry, how identifiable."""

    discloser: str
    recipient: str
    datasets: tuple[str, ...]
    """Dataset names, in proposal order."""
    dataset_indexes: tuple[int, ...]
    """Indexes into `data.datasets`, parallel to `datasets`."""
    categories: tuple[str, ...]
    """`special_category` and/or `criminal_offence`, sorted."""
    special_categories: tuple[str, ...]
    """Which Art 9 categories (health, genetic, ...), sorted."""
    identifiability: str

    @property
    def personal(self) -> bool:
        """Personal data under UK GDPR: identifiable, pseudonymised (de-personalised) or unknown."""
        return self.identifiability in PERSONAL

    def as_fact(self) -> dict[str, Any]:
        return {
            "discloser": self.discloser,
            "recipient": self.recipient,
            "datasets": list(self.datasets),
            "categories": list(self.categories),
            "special_categories": list(self.special_categories),
            "identifiability": self.identifiability,
            "personal": self.personal,
        }


@dataclass(frozen=True)
class Handling:
    """What one party sends and receives, over all flows it is on."""

    party: str
    index: int
    """Index into `parties`."""
    role: str | None
    sends: tuple[str, ...]
    receives: tuple[str, ...]
    categories: tuple[str, ...]
    special_categories: tuple[str, ...]
    identifiability: str | None
    """The most identifiable level it handles; None if it handles nothing."""

    @property
    def handles(self) -> bool:
        return bool(self.sends or self.receives)

    @property
    def personal(self) -> bool:
        return self.identifiability in PERSONAL

    def as_fact(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "role": self.role,
            "sends": list(self.sends),
            "receives": list(self.receives),
            "categories": list(self.categories),
            "special_categories": list(self.special_categories),
            "identifiability": self.identifiability,
            "personal": self.personal,
            "handles": self.handles,
        }


@dataclass(frozen=True)
class UnknownParty:
    """A `source` or recipient that names no party: where, what, and the closest party id."""

    pointer: str
    value: str
    suggestion: str | None


def flows_of(data: Mapping[str, Any]) -> tuple[Flow, ...]:
    """The flows of a proposal, one per (discloser, recipient) pair, in first-seen order.

    References to parties that do not exist are skipped here; `unknown_parties` reports them."""
    parties = _parties(data)
    ids = {p["id"] for p in parties if isinstance(p.get("id"), str)}
    body = data.get("data")
    default_level = _level(body.get("identifiability") if isinstance(body, Mapping) else None)
    pairs: dict[tuple[str, str], list[tuple[int, Mapping[str, Any]]]] = {}
    for i, dataset in enumerate(_datasets(data)):
        for discloser in _sources(dataset, parties, ids):
            for recipient in _recipients(dataset, discloser, parties, ids):
                pairs.setdefault((discloser, recipient), []).append((i, dataset))
    flows = []
    for (discloser, recipient), carried in pairs.items():
        specials = sorted({s for _, d in carried for s in _specials(d)})
        criminal = any(_criminal(d) for _, d in carried)
        categories = tuple(
            c for c, present in ((CRIMINAL_OFFENCE, criminal), (SPECIAL_CATEGORY, bool(specials))) if present
        )
        level = _most_identifiable(_level(d.get("identifiability"), default_level) for _, d in carried)
        flows.append(
            Flow(
                discloser=discloser,
                recipient=recipient,
                datasets=tuple(str(d.get("name", f"dataset {i + 1}")) for i, d in carried),
                dataset_indexes=tuple(i for i, _ in carried),
                categories=categories,
                special_categories=tuple(specials),
                identifiability=level or "unknown",
            )
        )
    return tuple(flows)


def handling_of(data: Mapping[str, Any], flows: Sequence[Flow] | None = None) -> tuple[Handling, ...]:
    """Per party, in `parties` order: what it sends and receives over the proposal's flows."""
    flows = flows_of(data) if flows is None else flows
    result = []
    for index, party in enumerate(_parties(data)):
        pid = party.get("id")
        if not isinstance(pid, str):
            continue
        mine = [f for f in flows if pid in (f.discloser, f.recipient)]
        sends = _unique(name for f in mine if f.discloser == pid for name in f.datasets)
        receives = _unique(name for f in mine if f.recipient == pid for name in f.datasets)
        result.append(
            Handling(
                party=pid,
                index=index,
                role=party.get("role"),
                sends=sends,
                receives=receives,
                categories=tuple(sorted({c for f in mine for c in f.categories})),
                special_categories=tuple(sorted({c for f in mine for c in f.special_categories})),
                identifiability=_most_identifiable(f.identifiability for f in mine),
            )
        )
    return tuple(result)


def unknown_parties(data: Mapping[str, Any]) -> tuple[UnknownParty, ...]:
    """Every dataset `source` or `recipients` entry that is not a party id, at its JSON pointer."""
    ids = sorted({p["id"] for p in _parties(data) if isinstance(p.get("id"), str)})
    found = []
    for i, dataset in enumerate(_datasets(data)):
        at = jp.child(jp.child("/data/datasets", i), "source")
        source = dataset.get("source")
        if isinstance(source, str) and source not in ids:
            found.append(UnknownParty(at, source, _closest(source, ids)))
        recipients = dataset.get("recipients")
        if isinstance(recipients, list):
            for j, recipient in enumerate(recipients):
                if isinstance(recipient, str) and recipient not in ids:
                    pointer = jp.child(jp.child(jp.child("/data/datasets", i), "recipients"), j)
                    found.append(UnknownParty(pointer, recipient, _closest(recipient, ids)))
    return tuple(found)


def _parties(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    parties = data.get("parties", [])
    return [p for p in parties if isinstance(p, Mapping)] if isinstance(parties, list) else []
    # (summaries of invalid proposals read flows too, so nothing here trusts a shape)


def _id(party: Mapping[str, Any]) -> str | None:
    value = party.get("id")
    return value if isinstance(value, str) else None


def _datasets(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    body = data.get("data")
    datasets = body.get("datasets", []) if isinstance(body, Mapping) else []
    return [d if isinstance(d, Mapping) else {} for d in datasets] if isinstance(datasets, list) else []


def _sources(dataset: Mapping[str, Any], parties: list[Mapping[str, Any]], ids: set[str]) -> list[str]:
    source = dataset.get("source")
    if isinstance(source, str):
        return [source] if source in ids else []
    return list(_unique(p["id"] for p in parties if p.get("role") in DISCLOSING_ROLES and _id(p) in ids))


def _recipients(
    dataset: Mapping[str, Any], discloser: str, parties: list[Mapping[str, Any]], ids: set[str]
) -> list[str]:
    named = dataset.get("recipients")
    if isinstance(named, list):
        return list(_unique(r for r in named if isinstance(r, str) and r in ids and r != discloser))
    others = [p for p in parties if _id(p) in ids and _id(p) != discloser]
    receivers = [p["id"] for p in others if p.get("role") in RECEIVING_ROLES]
    # A dataset sent by the receiving party itself (a cohort file for matching) still goes
    # somewhere: with no receiving party but the source, every other party receives it.
    return list(_unique(receivers or [p["id"] for p in others]))


def _fields(dataset: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    fields = dataset.get("fields")
    return [f for f in fields if isinstance(f, Mapping)] if isinstance(fields, list) else []


def _specials(dataset: Mapping[str, Any]) -> set[str]:
    return {
        str(f["special_category"])
        for f in _fields(dataset)
        if isinstance(f.get("special_category"), str) and f.get("special_category") not in ("none", "unknown")
    }


def _criminal(dataset: Mapping[str, Any]) -> bool:
    return any(f.get("criminal_offence") is True for f in _fields(dataset))


def _level(value: Any, default: str | None = None) -> str | None:
    return value if value in IDENTIFIABILITY_ORDER else default


def _most_identifiable(levels: Iterable[str | None]) -> str | None:
    ranked = [IDENTIFIABILITY_ORDER.index(level) for level in levels if level is not None]
    return IDENTIFIABILITY_ORDER[min(ranked)] if ranked else None


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(items))


def _closest(value: str, ids: list[str]) -> str | None:
    match = difflib.get_close_matches(value, ids, n=1, cutoff=0.5)
    return match[0] if match else None
