"""The flow map of a checked proposal: each flow with the gateways relied on for it and the open
findings about it (issue 13). A flow is covered when no open blocker concerns it; open warnings
about it are listed beside it, as something to look at, not as a reason it is not covered.

Which findings concern which flow is read from what each finding is about, never from rule ids,
so an organisation's own rules land on the right arrows too:

- a finding made for an item with a `discloser` and a `recipient` (`for_each: flows`,
  `derived.uncovered_flows`) is about that one flow;
- a finding made for a party's item (`party`: `derived.controllers`, `parties_handling`) is about
  that party's flows; if the rule's `where` tests only facts about one category of data (Art 9
  or Art 10: law.flows.CATEGORY_OF_FIELD, the one place that says which), only about the flows
  carrying that category, so an Art 10 finding about the hub says nothing of the school checks;
- any other finding is placed by its path: a party (`/parties/N`), its basis (`/legal/bases/N`)
  or a cited gateway (`/legal/gateways/N`: the flows it is relied on for); an open
  `legal_gateway` finding about the proposal as a whole (no gateway named at all) is about every
  flow that no cited gateway is relied on for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sharecheck.engines.conditions import All, AnyOf, Compare, Condition
from sharecheck.law.flows import CATEGORY_OF_FIELD
from sharecheck.law.gateway_catalogue import scope_of
from sharecheck.packs.rule import Rule
from sharecheck.results.report import Finding, FlowCheck, Severity


@dataclass(frozen=True)
class Subject:
    """What one finding is about, as far as the flow map cares."""

    flow: tuple[str, str] | None = None  # (discloser, recipient)
    party: str | None = None
    categories: frozenset[str] | None = None  # with `party`: only flows carrying one of these
    scope: tuple[str, ...] | None = None  # a cited gateway's parties; () for every party


Key = tuple[str, str, str]  # (rule, path, message): what survives gating, waivers and locating


def key(finding: Finding) -> Key:
    return (finding.rule, finding.path, finding.message)


def subject_of(rule: Rule, item: Mapping[str, Any] | None) -> Subject | None:
    """The subject of a finding made by `rule` for `item` (None: placed by its path later)."""
    if item is None:
        return None
    discloser, recipient = item.get("discloser"), item.get("recipient")
    if isinstance(discloser, str) and isinstance(recipient, str):
        return Subject(flow=(discloser, recipient))
    party = item.get("party")
    if isinstance(party, str):
        return Subject(party=party, categories=_categories(rule.where) if rule.where is not None else None)
    return None  # a cited gateway's item, or any other: placed by the finding's path


def _categories(condition: Condition) -> frozenset[str] | None:
    """The categories of data a condition is only about, or None when it is about all data."""
    if isinstance(condition, Compare):
        if condition.field == "categories" and condition.op in ("contains", "contains_any"):
            named = condition.operand if isinstance(condition.operand, (list, tuple)) else [condition.operand]
            return frozenset(str(c) for c in named)  # `categories` holds the flow categories themselves
        found = CATEGORY_OF_FIELD.get(condition.field)
        return frozenset(found) if found is not None else None
    if isinstance(condition, All):
        known = [c for c in (_categories(item) for item in condition.items) if c is not None]
        if not known:
            return None
        common = frozenset.intersection(*known)
        return common or frozenset.union(*known)
    if isinstance(condition, AnyOf):
        each = [_categories(item) for item in condition.items]
        if any(c is None for c in each):
            return None
        return frozenset().union(*(c for c in each if c is not None))
    return None  # not, or a quantifier over another list: about the party as a whole


def flow_checks(
    data: Mapping[str, Any],
    flows: Sequence[Mapping[str, Any]],
    findings: Iterable[Finding],
    subjects: Mapping[Key, Subject],
) -> tuple[FlowCheck, ...]:
    """`flows` are the derived flow facts (law.flows.Flow.as_fact); `subjects` what each finding
    made for an item is about (`subject_of`), by `key`."""
    if not flows:
        return ()
    parties = [p for p in data.get("parties", []) if isinstance(p, Mapping)]
    legal = data.get("legal", {})
    bases = [b for b in legal.get("bases", []) if isinstance(b, Mapping)]
    citations = [c for c in legal.get("gateways", []) if isinstance(c, Mapping)]
    scopes = [scope_of(c) for c in citations]
    names = {p["id"]: str(p.get("name") or p["id"]) for p in parties if isinstance(p.get("id"), str)}
    roles = {p["id"]: p.get("role") for p in parties if isinstance(p.get("id"), str)}

    def placed(finding: Finding) -> Subject | None:
        found = subjects.get(key(finding))
        if found is not None:
            return found
        index = _index_under(finding.path, "/parties/")
        if index is not None and index < len(parties) and isinstance(parties[index].get("id"), str):
            return Subject(party=parties[index]["id"])
        index = _index_under(finding.path, "/legal/bases/")
        if index is not None and index < len(bases) and isinstance(bases[index].get("party"), str):
            return Subject(party=bases[index]["party"])
        index = _index_under(finding.path, "/legal/gateways/")
        if index is not None and index < len(scopes):
            return Subject(scope=scopes[index])
        return None

    live = [f for f in findings if f.waiver is None and f.severity is not Severity.INFO]
    about = [(f, placed(f)) for f in live]
    out = []
    for flow in flows:
        discloser, recipient = str(flow["discloser"]), str(flow["recipient"])
        categories = tuple(flow.get("categories", ()))
        relied_on = tuple(
            _label(c) for c, s in zip(citations, scopes, strict=True) if not s or (discloser in s and recipient in s)
        )
        concerning: dict[Severity, set[str]] = {Severity.BLOCKER: set(), Severity.WARNING: set()}
        for finding, subject in about:
            if subject is None:
                if finding.category == "legal_gateway" and not relied_on:
                    concerning[finding.severity].add(finding.rule)
            elif _concerns(subject, discloser, recipient, categories):
                concerning[finding.severity].add(finding.rule)
        out.append(
            FlowCheck(
                discloser=discloser,
                discloser_name=names.get(discloser, discloser),
                recipient=recipient,
                recipient_name=names.get(recipient, recipient),
                datasets=tuple(flow.get("datasets", ())),
                categories=categories,
                identifiability=str(flow.get("identifiability", "unknown")),
                gateways=relied_on,
                bases="; ".join(_basis(p, names, roles, bases, categories) for p in (discloser, recipient)),
                issues=tuple(sorted(concerning[Severity.BLOCKER])),
                warnings=tuple(sorted(concerning[Severity.WARNING])),
            )
        )
    return tuple(out)


def _concerns(subject: Subject, discloser: str, recipient: str, categories: tuple[str, ...]) -> bool:
    if subject.flow is not None:
        return subject.flow == (discloser, recipient)
    if subject.party is not None:
        if subject.party not in (discloser, recipient):
            return False
        return subject.categories is None or any(c in subject.categories for c in categories)
    if subject.scope is not None:
        return not subject.scope or (discloser in subject.scope and recipient in subject.scope)
    return False


def _index_under(path: str, prefix: str) -> int | None:
    if not path.startswith(prefix):
        return None
    head = path[len(prefix) :].split("/", 1)[0]
    return int(head) if head.isdigit() else None


def _label(cited: Mapping[str, Any]) -> str:
    """A gateway as the proposal cites it: its catalogue id, or its statute and section."""
    if isinstance(cited.get("id"), str) and cited["id"].strip():
        return str(cited["id"])
    words = [str(cited[k]) for k in ("statute", "section") if isinstance(cited.get(k), str) and cited[k].strip()]
    return " ".join(words) or "(unnamed)"


def _basis(
    party: str,
    names: Mapping[str, str],
    roles: Mapping[str, Any],
    bases: Sequence[Mapping[str, Any]],
    categories: tuple[str, ...],
) -> str:
    """One end's basis for this flow: Art 6, and Art 9 / Art 10 where the flow carries such data."""
    name = names.get(party, party)
    if roles.get(party) == "processor":
        return f"{name}: processor (Art 28 contract)"
    basis = next((b for b in bases if b.get("party") == party), None)
    if basis is None:
        return f"{name}: no basis recorded"
    art6 = [a for a in basis.get("art6", []) if isinstance(a, str)]
    words = [", ".join(art6) if art6 else "no Art 6 basis"]
    if "special_category" in categories:
        words.append(f"Art 9 {basis['art9']}" if isinstance(basis.get("art9"), str) else "no Art 9 condition")
    if "criminal_offence" in categories:
        words.append(f"Art 10 {basis['art10']}" if isinstance(basis.get("art10"), str) else "no Art 10 authority")
    return f"{name}: {'; '.join(words) if len(words) == 1 else ', '.join(words)}"
