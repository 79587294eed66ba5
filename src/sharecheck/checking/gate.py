"""The submission gate: a blocker must not pass because the facts it needs are unanswered.

The rules use two-valued logic: `unknown` is a value like any other and blank text counts as
absent. So a proposal whose organisation types are `unknown` never triggers "a public body
discloses without a gateway": the blocker is silently *hidden*, and an empty starter passes the
gate. Here each blocker rule is evaluated again in three-valued (Kleene) logic, where an answer
written as `unknown` or left blank is neither true nor false:

- a blocker the rules did not raise, but which an answer could raise, is *hidden*: the places
  it depends on are listed in one finding (SC-GATE-001), a blocker when the proposal is
  submitted or approved, a warning otherwise (a draft, or no status given);
- a blocker the rules raised only because an answer is `unknown` or blank is *provisional*: on
  a draft it becomes a warning and its places join the same list.

A key left out is an answer ("no international transfer", "no waivers"), not an unanswered
one: the rules that need it fire on its absence (SC-RETENTION-001), so it never hides a blocker
and is never listed here. The starter from `init` writes every fact, as `unknown` or blank.
A complete proposal has nothing unanswered, so its findings are unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from sharecheck.engines.conditions import All, AnyOf, Compare, Condition, Not, Quantified, holds
from sharecheck.law.facts import DISCLOSING_ROLES, NON_PUBLIC_ORG_TYPES
from sharecheck.law.gateway_catalogue import RECEIVING_ROLES, Catalogue, scope_of
from sharecheck.packs.loader import Pack
from sharecheck.reading import pointer as jp
from sharecheck.results.builtin_rules import BLANK_TEXT, FRAMEWORK_INCOMPLETE, UNANSWERED
from sharecheck.results.report import Band, Finding, Severity

# Statuses under which the gate holds: a proposal that asks for (or has) approval. Any other
# (draft, rejected, withdrawn, or none given, as in every proposal written before the gate)
# gets the same list as a warning.
GATED_STATUSES = ("submitted", "approved")


def gating(data: Mapping[str, Any]) -> bool:
    """True when unanswered facts block: the proposal is submitted or approved."""
    return data.get("status") in GATED_STATUSES


@dataclass(frozen=True)
class Unanswered:
    """A three-valued 'unknown': the proposal places it depends on."""

    places: frozenset[str]


Truth = bool | Unanswered


def _and(values: Iterable[Truth]) -> Truth:
    places: set[str] = set()
    for value in values:
        if value is False:
            return False
        if isinstance(value, Unanswered):
            places |= value.places
    return Unanswered(frozenset(places)) if places else True


def _or(values: Iterable[Truth]) -> Truth:
    places: set[str] = set()
    for value in values:
        if value is True:
            return True
        if isinstance(value, Unanswered):
            places |= value.places
    return Unanswered(frozenset(places)) if places else False


def _not(value: Truth) -> Truth:
    return value if isinstance(value, Unanswered) else not value


def _is_unanswered_text(value: Any) -> bool:
    return isinstance(value, str) and (value == "unknown" or not value.strip())


class _Evaluator:
    """Three-valued evaluation over the raw proposal (with pointers), mirroring the reference
    semantics of engines.conditions for every answered value."""

    def truth(self, condition: Condition, scope: Mapping[str, Any], pointer: str) -> Truth:
        if isinstance(condition, All):
            return _and(self.truth(c, scope, pointer) for c in condition.items)
        if isinstance(condition, AnyOf):
            return _or(self.truth(c, scope, pointer) for c in condition.items)
        if isinstance(condition, Not):
            return _not(self.truth(condition.item, scope, pointer))
        if isinstance(condition, Quantified):
            found = [(p, item) for p, item in _items(scope, condition.collection, pointer) if isinstance(item, Mapping)]
            verdicts = (self.truth(condition.where, item, p) for p, item in found)
            if condition.kind == "any":
                return _or(verdicts)
            if condition.kind == "all":
                return _and(verdicts)
            return _not(_or(verdicts))
        return self._compare(condition, scope, pointer)

    def _compare(self, test: Compare, scope: Mapping[str, Any], pointer: str) -> Truth:
        op, operand = test.op, test.operand
        raw, where = _get(scope, test.field, pointer)
        if scope.get("$derived") and test.field not in scope.get("$pointers", {}):
            where = ""  # a computed fact, not an answer in the proposal
        if isinstance(raw, Unanswered):
            return raw
        if op in ("items_at_least", "items_fewer_than"):
            length = len(raw) if isinstance(raw, list) else 0
            return bool(length >= operand if op == "items_at_least" else length < operand)
        place = Unanswered(frozenset({where})) if where and not where.startswith("/derived") else None
        if isinstance(raw, list):
            answered = [v for v in raw if not _is_unanswered_text(v)]
            open_ = place if any(isinstance(v, str) and v == "unknown" for v in raw) else None
            if op == "present":
                if answered:
                    return bool(operand)
                if open_ is not None:
                    return open_
                return self._absent(test)
            if op in ("contains", "contains_any"):
                wanted = (operand,) if op == "contains" else operand
                if any(v in answered for v in wanted):
                    return True
                return open_ if open_ is not None else False
            return self._absent(test) if not answered else False
        if _is_unanswered_text(raw) and place is not None:
            return place
        if raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, dict) and not raw):
            return self._absent(test)
        if op in ("gt", "gte", "lt", "lte") and (isinstance(raw, bool) or not isinstance(raw, (int, float))):
            return self._absent(test)
        if op in ("contains", "contains_any") or (op == "mentions_any" and not isinstance(raw, str)):
            return False
        return holds(op, raw, operand)

    @staticmethod
    def _absent(test: Compare) -> bool:
        return test.op in ("not_equals", "not_in") or (test.op == "present" and not test.operand)


def _get(scope: Mapping[str, Any], path: str, pointer: str) -> tuple[Any, str]:
    value: Any = scope
    where = pointer
    pointers = scope.get("$pointers") if isinstance(scope, Mapping) else None
    if isinstance(pointers, Mapping) and path in pointers:
        where = pointers[path]
        value = scope.get(path)
        return value, where
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None, where
        value = value.get(part)
        where = jp.child(where, part)
    return value, where


def _items(scope: Mapping[str, Any], path: str, pointer: str) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = [(pointer, scope)]
    parts = path.split(".")
    for index, part in enumerate(parts):
        each = part.endswith("[]") or index == len(parts) - 1
        name = part.removesuffix("[]")
        step: list[tuple[str, Any]] = []
        for where, current in found:
            sub = current.get(name) if isinstance(current, Mapping) else None
            if each and isinstance(sub, list):
                for i, item in enumerate(sub):
                    own = item.get("$pointer") if isinstance(item, Mapping) else None
                    step.append((own if isinstance(own, str) else jp.child(where, name, i), item))
            elif not each and sub is not None:
                step.append((jp.child(where, name), sub))
        found = step
    return found


def _public(party: Mapping[str, Any], index: int) -> Truth:
    """is_public_body in three values: unknown sector and organisation type decide nothing."""
    sector, org_type = party.get("sector"), party.get("org_type")
    if sector in ("voluntary", "private"):
        return False
    if sector == "public":
        return True
    places = set()
    if _is_unanswered_text(sector):
        places.add(jp.join("parties", index, "sector"))
    if isinstance(org_type, str) and not _is_unanswered_text(org_type):
        if not places:
            return org_type not in NON_PUBLIC_ORG_TYPES
        return True if org_type not in NON_PUBLIC_ORG_TYPES else Unanswered(frozenset(places))
    if _is_unanswered_text(org_type):
        places.add(jp.join("parties", index, "org_type"))
    return Unanswered(frozenset(places)) if places else False


def _source(data: Mapping[str, Any], derived: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """The proposal and its derived facts, where the derived facts that come from unanswered
    answers are themselves unanswered (and say which answers)."""
    parties = [p for p in data.get("parties", []) if isinstance(p, Mapping)]
    by_id = {p.get("id"): (i, p) for i, p in enumerate(parties)}
    controllers = []
    for controller in derived.get("controllers", []):
        index, party = by_id.get(controller.get("party"), (None, {}))
        pointers = {
            key: controller["$pointer"] + "/" + key
            for key in controller
            if not key.startswith("$") and key not in ("party", "name", "org_type", "role", "is_public_body")
        }
        if index is not None:
            pointers["org_type"] = jp.join("parties", index, "org_type")
            pointers["name"] = jp.join("parties", index, "name")
        public = _public(party, index) if index is not None else controller.get("is_public_body")
        controllers.append({**controller, "is_public_body": public, "$pointers": pointers, "$derived": True})
    discloses = _or(_public(p, i) for i, p in enumerate(parties) if p.get("role") in DISCLOSING_ROLES)
    return {
        **data,
        "derived": {
            **derived,
            "controllers": controllers,
            "public_body_discloses": discloses,
            "cited_gateways": [_gateway(g, data, catalogue) for g in derived.get("cited_gateways", [])],
        },
    }


def _any_unanswered(value: Any) -> bool:
    if isinstance(value, str):
        return _is_unanswered_text(value)
    if isinstance(value, Mapping):
        return any(_any_unanswered(v) for k, v in value.items() if not str(k).startswith("x-"))
    if isinstance(value, list):
        return any(_any_unanswered(v) for v in value)
    return False


def _gateway(cited: Mapping[str, Any], data: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """A cited gateway's catalogue lookups, unanswered where they rest on unanswered facts: the
    catalogue passes an `unknown` jurisdiction, organisation type or purpose as covered. Only a
    lookup the catalogue has verified (level V) can raise a blocker, so only those are listed,
    and only for the parties the gateway is relied on for (`applies_to`)."""
    item: dict[str, Any] = {**cited, "$derived": True}
    gateway = catalogue.get(cited["id"]) if cited.get("in_catalogue") and isinstance(cited.get("id"), str) else None
    if gateway is None:
        return item
    verified = gateway.verified.of
    scope = scope_of(cited)
    open_jurisdictions = [
        jp.join("jurisdiction", i) for i, j in enumerate(data.get("jurisdiction", [])) if _is_unanswered_text(j)
    ]
    if not cited.get("outside_extent") and open_jurisdictions and verified("extent") == "V":
        item["outside_extent"] = Unanswered(frozenset(open_jurisdictions))
    for fact, key, roles in (
        ("disclosers", "disclosers_not_covered", DISCLOSING_ROLES),
        ("recipients", "recipients_not_covered", RECEIVING_ROLES),
    ):
        unknown_types = [
            jp.join("parties", i, "org_type")
            for i, p in enumerate(data.get("parties", []))
            if isinstance(p, Mapping)
            and p.get("role") in roles
            and (not scope or p.get("id") in scope)
            and _is_unanswered_text(p.get("org_type"))
        ]
        if not cited.get(key) and unknown_types and verified(fact) == "V":
            item[key] = Unanswered(frozenset(unknown_types))
    category = (data.get("purpose") or {}).get("category")
    if (
        not cited.get("purpose_not_permitted")
        and _is_unanswered_text(category)
        and verified("permitted_purposes") == "V"
    ):
        item["purpose_not_permitted"] = Unanswered(frozenset({"/purpose/category"}))
    return item


def _dotted(pointer: str) -> str:
    out = ""
    for token in jp.split(pointer):
        out += f"[{token}]" if token.isdigit() else f".{token}"
    return out.lstrip(".")


def apply(
    findings: list[Finding],
    data: Mapping[str, Any],
    derived: Mapping[str, Any],
    pack: Pack,
    fired: frozenset[str],
) -> list[Finding]:
    """The rule findings with provisional blockers softened on drafts, plus the one finding
    that lists what is unanswered (if anything is)."""
    if not _any_unanswered(data):
        return findings  # nothing unknown or blank: nothing to add, and no cost for a complete proposal
    source = _source(data, derived, pack.gateways)
    evaluator = _Evaluator()
    hidden: dict[str, set[str]] = {}
    provisional: dict[str, set[str]] = {}
    for rule in pack.rules:
        if rule.severity is not Severity.BLOCKER:
            continue
        verdict = evaluator.truth(rule.condition, source, "")
        if isinstance(verdict, Unanswered):
            kind = provisional if rule.id in fired else hidden
            for place in verdict.places:
                kind.setdefault(place, set()).add(rule.id)
    holds = gating(data)
    softened = {r for rules in provisional.values() for r in rules}
    out = [
        replace(f, severity=Severity.WARNING)
        if not holds and f.severity is Severity.BLOCKER and f.rule in softened
        else f
        for f in findings
    ]
    # Submitted: a provisional blocker stands and names its own place; list the hidden ones.
    # Draft: both kinds are listed, so the author sees everything still to answer.
    places = dict(hidden)
    if not holds:
        for place, rules in provisional.items():
            places.setdefault(place, set()).update(rules)
    if places:
        out.append(_unanswered_finding(places, data, holds))
    out.extend(_blank_text(data, holds))
    return out


def _unanswered_finding(places: Mapping[str, set[str]], data: Mapping[str, Any], holds: bool) -> Finding:
    ordered = sorted(places, key=lambda p: [int(t) if t.isdigit() else t for t in jp.split(p)])
    listed = "; ".join(f"{_dotted(p)} ({', '.join(sorted(places[p]))})" for p in ordered)
    status = data.get("status")
    if holds:
        message = f"The proposal is {status}, but facts its blockers depend on are unanswered: {listed}."
    else:
        what = f"this {status}" if isinstance(status, str) else "this proposal"
        message = f"Before {what} can be submitted, answer the facts its blockers depend on: {listed}."
    return Finding(
        rule=UNANSWERED.id,
        severity=Severity.BLOCKER if holds else Severity.WARNING,
        category=UNANSWERED.category,
        message=message,
        path=ordered[0],
        remediation=UNANSWERED.remediation,
        sources=UNANSWERED.sources,
    )


def _blank_text(data: Mapping[str, Any], holds: bool) -> list[Finding]:
    """The text the format requires (title, names, the purpose) must say something."""
    places: list[str] = []
    if _blank(data.get("title")):
        places.append("/title")
    for i, party in enumerate(data.get("parties", [])):
        if isinstance(party, Mapping) and _blank(party.get("name")):
            places.append(jp.join("parties", i, "name"))
    if _blank((data.get("purpose") or {}).get("statement")):
        places.append("/purpose/statement")
    for i, dataset in enumerate((data.get("data") or {}).get("datasets", [])):
        if not isinstance(dataset, Mapping):
            continue
        if _blank(dataset.get("name")):
            places.append(jp.join("data", "datasets", i, "name"))
        for j, field in enumerate(dataset.get("fields", [])):
            if isinstance(field, Mapping) and _blank(field.get("name")):
                places.append(jp.join("data", "datasets", i, "fields", j, "name"))
    return [
        Finding(
            rule=BLANK_TEXT.id,
            severity=Severity.BLOCKER if holds else Severity.WARNING,
            category=BLANK_TEXT.category,
            message=f"{_dotted(p)} is blank; the proposal format requires it to say something.",
            path=p,
            remediation=BLANK_TEXT.remediation,
            sources=BLANK_TEXT.sources,
        )
        for p in places
    ]


def _blank(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def framework_finding(data: Mapping[str, Any], band: Band) -> Finding | None:
    """An incomplete self-assessment on a submitted proposal fails the gate: a committee cannot
    place it in a band."""
    if band.id != "incomplete" or not gating(data):
        return None
    missing = ", ".join(band.missing) if band.missing else "some answers"
    return Finding(
        rule=FRAMEWORK_INCOMPLETE.id,
        severity=Severity.BLOCKER,
        category=FRAMEWORK_INCOMPLETE.category,
        message=f"The proposal is {data.get('status')}, but its self-assessment is incomplete "
        f"(missing or invalid: {missing}).",
        path="/framework/answers" if "framework" in data else "",
        remediation=FRAMEWORK_INCOMPLETE.remediation,
        sources=FRAMEWORK_INCOMPLETE.sources,
    )
