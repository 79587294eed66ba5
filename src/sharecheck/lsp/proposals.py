"""A proposal in the editor: its findings with ranges, and what hover, completion and quick fixes offer.

Nothing here knows of pygls: each function takes text (and the pack) and returns plain values
or lsprotocol types, so it can be tested and benchmarked without a client. The findings are
exactly those of `sharecheck check` (`check_bytes` on the buffer's UTF-8 bytes): same rules,
same start positions, the same `input` findings for a file too large or invalid.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from lsprotocol import types as lsp

from sharecheck.authoring.explain import explain_rule
from sharecheck.checking.pipeline import check, check_bytes
from sharecheck.law.gateway_catalogue import Gateway
from sharecheck.lsp.text import Lines, Spot, full_end, indent_of, spot_at, value_end
from sharecheck.packs.loader import Pack
from sharecheck.reading import pointer as jp
from sharecheck.reading.bundled import schema
from sharecheck.reading.strict_json import Document, ReadError, parse
from sharecheck.results.builtin_rules import BUILTIN_RULES
from sharecheck.results.report import Finding, Result, Severity

SOURCE = "sharecheck"
_DECLARED = re.compile(r'"schema_version"\s*:\s*"sharecheck\.proposal/1"')
_DID_YOU_MEAN = re.compile(r"did you mean `([^`]+)`\?")
_CLOSEST = re.compile(r"\(closest: ([^)]+)\)")
RULE_ID = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b")
_SEVERITY = {
    Severity.BLOCKER: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
# Where a party id is expected, beside any field the schema describes as "the id of the party".
_PARTY_FIELDS = (
    re.compile(r"^/legal/bases/\d+/party$"),
    re.compile(r"^/data/datasets/\d+/source$"),
    re.compile(r"^/data/de_identification/key_holder$"),
)
_GATEWAY_ID = re.compile(r"^/legal/gateways/\d+/id$")
_WAIVER_RULE = re.compile(r"^/waivers/\d+/rule$")
WAIVER_DAYS = 90  # a skeleton waiver's expiry: long enough to fix, short enough to be revisited


def is_proposal(text: str) -> bool:
    """A JSON file is ours when it declares the proposal format (SPEC §1)."""
    return _DECLARED.search(text[:4096]) is not None or _DECLARED.search(text) is not None


@dataclass(frozen=True)
class Located:
    """A finding with its span in the text, and the span a "did you mean" would replace."""

    finding: Finding
    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    target: tuple[int, int] | None = None


@dataclass(frozen=True)
class Analysis:
    text: str
    lines: Lines
    result: Result
    located: tuple[Located, ...]
    document: Document | None  # None when the text could not be read as a proposal

    @property
    def data(self) -> Mapping[str, Any]:
        return self.document.data if self.document is not None else {}


def analyse(text: str, pack: Pack, *, file: str, today: dt.date | None = None) -> Analysis:
    """Check the buffer as the CLI checks the file, and place each finding in the text."""
    raw = text.encode("utf-8", errors="surrogatepass")
    document: Document | None
    try:
        document = parse(raw)
    except ReadError:
        document = None
    result = (
        check_bytes(raw, pack, file=file, today=today)
        if document is None
        else check(document, pack, file=file, today=today)
    )
    lines = Lines(text)
    located = tuple(_locate(f, text, lines, document) for f in result.findings)
    return Analysis(text, lines, result, located, document)


def _locate(finding: Finding, text: str, lines: Lines, document: Document | None) -> Located:
    start = lines.offset((finding.line or 1) - 1, (finding.column or 1) - 1)
    end = max(value_end(text, start), start)
    words = _DID_YOU_MEAN.findall(finding.message)
    for group in _CLOSEST.findall(finding.message):
        words += [w.strip() for w in group.split(" or ") if w.strip() and w.strip() != "None"]
    target = None
    if words:
        if text[start : start + 1] == '"':
            target = (start, end)
        elif document is not None and (id_at := document.source_map.values.get(jp.child(finding.path, "id"))):
            id_start = lines.offset(id_at.line - 1, id_at.column - 1)
            if text[id_start : id_start + 1] == '"':
                target = (id_start, value_end(text, id_start))
    return Located(finding, start, end, tuple(dict.fromkeys(words)), target)


def client_range(lines: Lines, start: int, end: int, encoding: str) -> lsp.Range:
    sl, sc = lines.to_client(start, encoding)
    el, ec = lines.to_client(end, encoding)
    return lsp.Range(lsp.Position(sl, sc), lsp.Position(el, ec))


def docs_link(rule_id: str, template: str | None, pack: Pack) -> str | None:
    """Where the rule is documented: the configured template (`{rule}`, `{anchor}`), else the
    first web address among its sources (as SARIF's helpUri)."""
    if template:
        return template.replace("{rule}", rule_id).replace("{anchor}", rule_id.lower())
    rule = pack.rule(rule_id) or BUILTIN_RULES.get(rule_id)
    for source in rule.sources if rule is not None else ():
        match = re.search(r"https?://[^\s<>\"')\]]+", source)
        if match:
            return match.group().rstrip(".,;:")
    return None


def diagnostics(analysis: Analysis, pack: Pack, *, encoding: str, docs: str | None) -> list[lsp.Diagnostic]:
    out = []
    for located in analysis.located:
        finding = located.finding
        message = finding.message
        severity = _SEVERITY[finding.severity]
        if finding.waiver is not None:
            waiver = finding.waiver
            message += (
                f" (waived: {waiver.reason}; approved by {waiver.approved_by}"
                + (f"; expires {waiver.expires}" if waiver.expires else "")
                + ")"
            )
            severity = lsp.DiagnosticSeverity.Hint
        href = docs_link(finding.rule, docs, pack)
        out.append(
            lsp.Diagnostic(
                range=client_range(analysis.lines, located.start, located.end, encoding),
                message=message,
                severity=severity,
                code=finding.rule,
                code_description=lsp.CodeDescription(href=href) if href else None,
                source=SOURCE,
                data={"rule": finding.rule, "path": finding.path, "category": finding.category},
            )
        )
    return out


# ---------------------------------------------------------------- the schema, for hover and completion


@cache
def _proposal_schema() -> dict[str, Any]:
    return schema("proposal")


def _resolve(node: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(node)
    while "$ref" in out:
        ref = str(out.pop("$ref"))
        target: Any = _proposal_schema()
        for token in ref.lstrip("#/").split("/"):
            target = target.get(jp.unescape(token), {})
        out = {**target, **out}
    return out


def schema_at(pointer: str) -> dict[str, Any] | None:
    """The proposal schema's description of the value at `pointer` ($refs resolved)."""
    node = _resolve(_proposal_schema())
    for token in jp.split(pointer):
        if token.isdigit() and "items" in node:
            node = _resolve(node["items"])
        elif token in node.get("properties", {}):
            node = _resolve(node["properties"][token])
        else:
            return None
    return node


def _enum(node: Mapping[str, Any]) -> list[str]:
    values = node.get("enum") or node.get("items", {}).get("enum") or []
    if "const" in node:
        values = [node["const"]]
    return [str(v) for v in values]


def _is_party_id(pointer: str) -> bool:
    if any(p.match(pointer) for p in _PARTY_FIELDS):
        return True
    node = schema_at(pointer)
    return node is not None and "id of the party" in str(node.get("description", "")).lower()


# ---------------------------------------------------------------- hover


def gateway_markdown(gateway: Gateway) -> str:
    lines = [
        f"**{gateway.id}** — {gateway.short_name}",
        "",
        f"{gateway.citation} ({gateway.type}), in force {gateway.period}",
        "",
        f"- extent: {', '.join(gateway.extent)}",
        f"- who may disclose: {', '.join(gateway.disclosers)}",
        f"- who may receive: {', '.join(gateway.recipients)}",
        f"- permitted purposes: {', '.join(gateway.permitted_purposes)}",
        f"- verified: {gateway.verified.level}",
    ]
    lines += [f"- exclusion: {x.description}" for x in gateway.exclusions]
    if gateway.notes:
        lines += ["", " ".join(gateway.notes.split())]
    if gateway.url:
        lines += ["", gateway.url]
    return "\n".join(lines)


def rule_markdown(rule_id: str, pack: Pack) -> str | None:
    text = explain_rule(rule_id, pack)
    return None if text is None else f"```text\n{text}```"


def word_at(text: str, offset: int) -> tuple[str, int, int]:
    """The identifier-like word under the cursor (rule ids, gateway ids, keys)."""
    start = offset
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_./"):
        start -= 1
    end = offset
    while end < len(text) and (text[end].isalnum() or text[end] in "-_./"):
        end += 1
    return text[start:end], start, end


def hover_word(word: str, pack: Pack) -> str | None:
    """A rule id -> what `explain` says; a gateway id -> its catalogue entry."""
    if RULE_ID.fullmatch(word):
        return rule_markdown(word, pack)
    gateway = pack.gateways.get(word)
    return gateway_markdown(gateway) if gateway is not None else None


def hover(text: str, offset: int, pack: Pack) -> tuple[str, int, int] | None:
    """Markdown for what is under the cursor, and the span it describes."""
    spot = spot_at(text, offset)
    if spot is not None and spot.is_key:
        node = schema_at(spot.pointer)
        if node is None:
            return None
        name = ".".join(t if not t.isdigit() else "[]" for t in jp.split(spot.pointer)).replace(".[]", "[]")
        parts = [f"**`{name}`**"]
        if node.get("description"):
            parts += ["", str(node["description"])]
        values = _enum(node)
        if values:
            parts += ["", "One of: " + ", ".join(f"`{v}`" for v in values)]
        elif node.get("type"):
            parts += ["", f"Type: {node['type']}"]
        return "\n".join(parts), spot.start, spot.end
    word, start, end = word_at(text, offset)
    found = hover_word(word, pack) if word else None
    return (found, start, end) if found is not None else None


# ---------------------------------------------------------------- completion


@dataclass(frozen=True)
class Candidate:
    label: str
    detail: str = ""
    kind: lsp.CompletionItemKind = lsp.CompletionItemKind.Value
    sort: str = "1"


def candidates(spot: Spot, data: Mapping[str, Any], pack: Pack, fired: Sequence[str] = ()) -> list[Candidate]:
    """What may be written at `spot`: enum values, gateway ids, party ids, rule ids, keys."""
    pointer = spot.pointer
    if spot.is_key:
        parent = schema_at(jp.join(*jp.split(pointer)[:-1]))
        props = parent.get("properties", {}) if parent else {}
        return [
            Candidate(k, str(_resolve(v).get("description", "")), lsp.CompletionItemKind.Property)
            for k, v in props.items()
        ]
    if _GATEWAY_ID.match(pointer):
        return [
            Candidate(g.id, f"{g.short_name} ({g.citation})", lsp.CompletionItemKind.Reference)
            for g in pack.gateways.gateways
        ]
    if _WAIVER_RULE.match(pointer):
        rules = [(r.id, r.title, r.waivable) for r in pack.rules] + [
            (b.id, b.title, True) for b in BUILTIN_RULES.values()
        ]
        return [
            Candidate(rid, title, lsp.CompletionItemKind.Reference, "0" if rid in fired else "1")
            for rid, title, waivable in rules
            if waivable
        ]
    if _is_party_id(pointer):
        parties = data.get("parties", []) if isinstance(data.get("parties"), list) else []
        return [
            Candidate(str(p["id"]), str(p.get("name", "")), lsp.CompletionItemKind.Reference)
            for p in parties
            if isinstance(p, Mapping) and isinstance(p.get("id"), str)
        ]
    node = schema_at(pointer)
    if node is None:
        return []
    return [Candidate(v, "", lsp.CompletionItemKind.EnumMember) for v in _enum(node)]


def completion_items(
    analysis_text: str, spot: Spot, found: Sequence[Candidate], lines: Lines, encoding: str
) -> list[lsp.CompletionItem]:
    if spot.text.startswith('"'):
        start, end = spot.inner
        quote = False
    else:
        start, end = spot.start, spot.end
        quote = True
    edit_range = client_range(lines, start, end, encoding)
    return [
        lsp.CompletionItem(
            label=c.label,
            kind=c.kind,
            detail=c.detail or None,
            sort_text=f"{c.sort}{c.label}",
            filter_text=c.label,
            text_edit=lsp.TextEdit(edit_range, json.dumps(c.label) if quote else c.label),
        )
        for c in found
    ]


# ---------------------------------------------------------------- code actions


def waiver_insert(analysis: Analysis, rule_id: str, today: dt.date) -> tuple[int, str] | None:
    """Where and what to insert to add `{rule, reason, approved_by, expires}` to `waivers`.

    reason and approved_by are left empty on purpose: a waiver lacking them waives nothing
    (SC-WAIVER-002 says so), so a skeleton never silences a finding before someone signs it.
    """
    document = analysis.document
    if document is None:
        return None
    text, lines, source_map, data = analysis.text, analysis.lines, document.source_map, document.data
    expires = (today + dt.timedelta(days=WAIVER_DAYS)).isoformat()
    item = json.dumps({"rule": rule_id, "reason": "", "approved_by": "", "expires": expires})

    def offset(pointer: str) -> int | None:
        where = source_map.values.get(pointer)
        return None if where is None else lines.offset(where.line - 1, where.column - 1)

    waivers = data.get("waivers")
    if isinstance(waivers, list):
        at = offset("/waivers")
        if at is None:
            return None
        if waivers:
            last = offset(f"/waivers/{len(waivers) - 1}")
            if last is None:
                return None
            return full_end(text, last), ",\n" + indent_of(text, last) + item
        key_indent = indent_of(text, at)
        return at + 1, "\n" + key_indent + "  " + item + "\n" + key_indent
    root = offset("")
    if root is None:
        return None
    closing = full_end(text, root) - 1
    before = closing
    while before > root and text[before - 1].isspace():
        before -= 1
    first_key = min(source_map.keys.values(), key=lambda p: (p.line, p.column), default=None)
    unit = " " * (first_key.column - 1) if first_key is not None and first_key.line > 1 else "  "
    comma = "," if data else ""
    return before, f'{comma}\n{unit}"waivers": [\n{unit}{unit}{item}\n{unit}]'


def code_actions(
    analysis: Analysis, pack: Pack, uri: str, start: int, end: int, *, encoding: str, today: dt.date
) -> list[lsp.CodeAction]:
    """Quick fixes: "did you mean" replacements and waiver skeletons for the findings touching [start, end]."""
    actions: list[lsp.CodeAction] = []
    rendered = {
        id(loc): d
        for loc, d in zip(analysis.located, diagnostics(analysis, pack, encoding=encoding, docs=None), strict=True)
    }
    offered_waivers: set[str] = set()
    for located in analysis.located:
        if located.end < start or located.start > end:
            continue
        diagnostic = rendered[id(located)]
        if located.target is not None:
            target = client_range(analysis.lines, *located.target, encoding)
            for index, word in enumerate(located.suggestions):
                actions.append(
                    lsp.CodeAction(
                        title=f"Replace with {word}",
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=index == 0,
                        edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(target, json.dumps(word))]}),
                    )
                )
        finding = located.finding
        rule = pack.rule(finding.rule)
        waivable = rule is not None and rule.waivable
        if finding.waiver is None and waivable and finding.rule not in offered_waivers:
            insert = waiver_insert(analysis, finding.rule, today)
            if insert is not None:
                offered_waivers.add(finding.rule)
                at = client_range(analysis.lines, insert[0], insert[0], encoding)
                actions.append(
                    lsp.CodeAction(
                        title=f"Add a waiver for {finding.rule} (fill in reason and approved_by)",
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(at, insert[1])]}),
                    )
                )
    return actions
