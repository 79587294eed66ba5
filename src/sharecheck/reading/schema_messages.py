"""JSON Schema errors in words a governance officer understands.

jsonschema's own messages ("'pseudonymous' is not one of [...]") name neither the field nor
what to do. Each problem here names the field by its dotted path, says what it must be, what
it got, and, for a near miss, what was probably meant.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from sharecheck.reading import pointer as jp
from sharecheck.reading.safe_text import visible

_PATTERNS = {
    "^[a-z0-9][a-z0-9._-]*$": "a lowercase slug (letters, digits, '.', '_' or '-'), e.g. lbx-early-help",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date written YYYY-MM-DD",
    "^[A-Z]{2}$": "an ISO 3166-1 alpha-2 country code, e.g. IE or US",
    "^(part[123]_para[0-9]{1,2}|unknown)$": "a DPA 2018 Schedule 1 condition such as part1_para2 or part2_para18",
    "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$": "an id in capitals with dashes, e.g. SC-GATEWAY-001 or ORG-LOCAL-001",
}
_TYPES = {
    "object": "an object {…}",
    "array": "a list […]",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@dataclass(frozen=True)
class SchemaProblem:
    pointer: str
    message: str
    at_key: bool = False  # point at the key (an unknown key) rather than its value


def dotted(pointer: str) -> str:
    out = ""
    for token in jp.split(pointer):
        out += f"[{token}]" if token.isdigit() else (f".{token}" if out else token)
    return visible(out) or "(the top level)"


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {json.dumps(value)}"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) < 60 else "a long text"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return "a list" if isinstance(value, list) else "an object"


def _expected(schema: Any) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        return " or ".join(_TYPES.get(str(k), str(k)) for k in kind)
    return _TYPES.get(kind, str(kind))


# Words authors reach for that mean a listed value (so the nearest spelling would mislead).
_SYNONYMS = {
    "pseudonymous": "de_personalised",
    "pseudonymised": "de_personalised",
    "pseudonymized": "de_personalised",
    "identifiable": "personally_identifiable",
    "anonymised": "anonymous",
    "anonymized": "anonymous",
}


def _hint(word: Any, choices: list[str], *, cutoff: float = 0.6) -> str:
    if not isinstance(word, str):
        return ""
    if _SYNONYMS.get(word.lower()) in choices:
        return f"; did you mean `{_SYNONYMS[word.lower()]}`?"
    match = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    if not match:  # legal_gatway -> legal: a known key the unknown one starts with
        match = sorted((c for c in choices if word.startswith(c + "_") or word.startswith(c + ".")), key=len)[-1:]
    return f"; did you mean `{match[0]}`?" if match else ""


def explain(error: ValidationError, top: str = "the proposal") -> Iterator[SchemaProblem]:
    here = jp.join(*error.absolute_path)
    name = f"`{dotted(here)}`"
    kind, value = error.validator, error.instance
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    custom = schema.get("x-error-message") if isinstance(schema, dict) else None
    if kind == "additionalProperties" and isinstance(value, dict):
        known = sorted(schema.get("properties", {}))
        allowed_pattern = schema.get("patternProperties", {})
        for key in sorted(value):
            if key in known or (allowed_pattern and key.startswith("x-")):
                continue
            where = top if here == "" else name
            own = " (keys of your own must start with x-)" if allowed_pattern else ""
            yield SchemaProblem(
                jp.child(here, key),
                f"unknown key `{visible(key)}` in {where}{_hint(key, known)}" + ("" if _hint(key, known) else own),
                at_key=True,
            )
        return
    if custom and kind in ("anyOf", "oneOf"):
        yield SchemaProblem(here, f"{name}: {custom}")
        return
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        yield SchemaProblem(here, f"`{dotted(jp.child(here, missing))}` is required")
        return
    if kind == "enum":
        options = [str(v) for v in schema["enum"]]
        yield SchemaProblem(
            here,
            f"{name} must be one of {', '.join(options)}; got {describe(value)}{_hint(value, options, cutoff=0.8)}",
        )
        return
    if kind == "const":
        yield SchemaProblem(here, f"{name} must be {json.dumps(schema['const'])}; got {describe(value)}")
        return
    if kind == "type":
        text_hint = schema.get("x-error-message-text")
        if isinstance(value, str) and isinstance(text_hint, str):
            # e.g. a gateway written as its bare id: show the exact object to write instead
            exact = json.dumps(visible(value)[:200], ensure_ascii=False)
            hint = text_hint.replace('"VALUE"', exact)
            yield SchemaProblem(here, f"{name}: {hint}; got {describe(value)}")
            return
        yield SchemaProblem(here, f"{name} must be {_expected(schema)}; got {describe(value)}")
        return
    if kind == "pattern":
        phrase = _PATTERNS.get(schema["pattern"], f"text matching {schema['pattern']}")
        if "description" in schema and "ISO 8601 duration" in schema["description"]:
            phrase = "an ISO 8601 duration such as P2Y (two years) or P18M (eighteen months)"
        yield SchemaProblem(here, f"{name} must be {phrase}; got {describe(value)}")
        return
    if kind == "format":
        yield SchemaProblem(here, f"{name} must be a real {schema['format']} (YYYY-MM-DD); got {describe(value)}")
        return
    if kind == "minItems":
        yield SchemaProblem(
            here, f"{name} needs at least {schema['minItems']} entr{'y' if schema['minItems'] == 1 else 'ies'}"
        )
        return
    if kind == "uniqueItems":
        yield SchemaProblem(here, f"{name} lists the same value more than once")
        return
    if kind in ("minimum", "maximum"):
        bound = schema[kind]
        relation = "at least" if kind == "minimum" else "at most"
        yield SchemaProblem(here, f"{name} must be {relation} {bound}; got {describe(value)}")
        return
    if kind == "minLength":
        yield SchemaProblem(here, f"{name} must not be empty")
        return
    if kind in ("anyOf", "oneOf"):
        best = jsonschema.exceptions.best_match(error.context or [])
        if best is not None and best is not error:
            yield from explain(best, top)
            return
    if kind == "dependentRequired":
        yield SchemaProblem(here, f"{name}: {error.message}")
        return
    yield SchemaProblem(here, f"{name}: {custom or error.message}")


def problems(
    validator: jsonschema.protocols.Validator, instance: Any, top: str = "the proposal"
) -> list[SchemaProblem]:
    found = {(p.pointer, p.message): p for e in validator.iter_errors(instance) for p in explain(e, top)}
    return [found[k] for k in sorted(found)]
