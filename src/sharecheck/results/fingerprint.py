"""Stable finding identity: rule, proposal and subject, never a line or an array index.

A baseline (`check --baseline`), `diff` and `rules impact` match findings across two runs by
fingerprint, so it must survive edits elsewhere in the file: lines move, items are inserted
before others. The subject is the finding's JSON Pointer with every array index replaced by the
identity of the element it selects (a field is `datasets[name=Pupil census]/fields[name=upn]`).

`IDENTITY` names that identity per list of the proposal format, and of the derived facts
(`/derived/...`, walked in the proposal with its derived facts). A `for_each` rule over a new
collection whose items point into the proposal (`$pointer`) needs nothing more; a new list in
the proposal format, or a derived collection whose items have no `$pointer`, adds one entry
here (e.g. `"/derived/flows/*": ("from", "to")`). A list without an entry is identified by the item's
own value (a string of `outputs.types`) or, for an object, a hash of its content: stable while
the item itself is unchanged, and still never its position.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

# The list's pointer with `*` for each index -> the keys that identify an element, first present wins.
IDENTITY: Mapping[str, tuple[str, ...]] = {
    "/parties/*": ("id",),
    "/data/datasets/*": ("name", "source"),
    "/data/datasets/*/fields/*": ("name",),
    "/legal/gateways/*": ("id", "statute"),
    "/legal/bases/*": ("party",),
    "/governance/approvals/*": ("role",),
    "/waivers/*": ("rule",),
}

_INDEX = re.compile(r"^(0|[1-9][0-9]*)$")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _identity(pattern: str, element: Any) -> str:
    if isinstance(element, Mapping):
        for key in IDENTITY.get(pattern, ()):
            value = element.get(key)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                return f"{key}={value}"
        canonical = json.dumps(element, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return "sha256=" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return "=" + json.dumps(element, ensure_ascii=False)


def subject(path: str, data: Any) -> str:
    """The pointer `path` with each array index replaced by `[identity]` of the element in `data`.
    A path that leaves the data (a missing answer) keeps its remaining tokens as written."""
    if not path:
        return ""
    tokens = [_unescape(t) for t in path.split("/")[1:]]
    out: list[str] = []
    pattern = ""
    node: Any = data
    for token in tokens:
        if isinstance(node, list) and _INDEX.match(token) and int(token) < len(node):
            pattern += "/*"
            node = node[int(token)]
            out.append(f"[{_identity(pattern, node)}]")
            continue
        pattern += "/" + _escape(token)
        out.append("/" + _escape(token))
        node = node.get(token) if isinstance(node, Mapping) else None
    return "".join(out)


def fingerprint(rule: str, proposal: str | None, subject_: str) -> str:
    """32 hex digits of sha256 over the three parts; the same finding gets it in every run."""
    key = "\x1f".join((rule, proposal or "", subject_))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
