"""The guided form, generated from the proposal schema and the pack (the gateway catalogue, the
framework questions). Every value passes through markupsafe.escape; the page sets no inline script.

Each input carries `data-pointer` (the JSON Pointer it edits) and `data-kind` (how the browser turns
its value back into JSON); a findings slot `fnd-<pointer>` follows it, so a finding is shown beside
the nearest field its path points to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from sharecheck.band.framework import Framework
from sharecheck.law.gateway_catalogue import Catalogue
from sharecheck.reading.bundled import schema

# The order a committee reads a proposal in (issue 18): the form's sections, top to bottom.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("", "About the proposal"),
    ("parties", "Parties"),
    ("purpose", "Purpose"),
    ("public_benefit", "Public benefit"),
    ("data", "Data and fields"),
    ("legal", "Legal"),
    ("consent", "Consent"),
    ("transparency", "Transparency"),
    ("dpia", "Data protection impact assessment"),
    ("agreement", "Agreement"),
    ("retention", "Retention"),
    ("security", "Security"),
    ("international_transfer", "Transfers abroad"),
    ("outputs", "Outputs"),
    ("automated_decisions", "Automated decisions"),
    ("governance", "Governance"),
    ("framework", "Public benefit framework"),
    ("waivers", "Waivers"),
)
_TOP_FIELDS = ("id", "title", "version", "status", "assessment_date", "jurisdiction", "sharing_type")
_NOT_SET = "(not set)"


def label(key: str) -> str:
    """Plain English for a key or an enum value: `receiving_controller` -> `Receiving controller`."""
    words = key.replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else key


def field_id(pointer: str) -> str:
    return "f" + pointer.replace("/", "-")


class FormBuilder:
    """Renders a proposal as the guided form; one per request, so nothing is shared between proposals."""

    def __init__(self, framework: Framework | None, gateways: Catalogue, guidance: Mapping[str, Any]) -> None:
        root = schema("proposal")
        self.root: Mapping[str, Any] = root
        self.defs: Mapping[str, Any] = root.get("$defs", {})
        self.framework = framework
        self.gateways = gateways
        self.guidance = guidance

    def render(self, document: Mapping[str, Any]) -> Markup:
        parts: list[Markup] = []
        properties: Mapping[str, Any] = self.root["properties"]
        for key, title in SECTIONS:
            if key and key not in properties:
                continue
            body: list[Markup] = []
            help_text = self.help_for(key)
            if isinstance(help_text, str):
                body.append(Markup('<p class="help">{}</p>').format(help_text))
            if not key:
                for name in _TOP_FIELDS:
                    body.append(self.value(f"/{name}", name, properties[name], document.get(name)))
            elif key == "framework":
                body.append(self.framework_answers(document.get("framework")))
            else:
                body.append(self.value(f"/{key}", key, properties[key], document.get(key), top=True))
            slot = Markup('<div class="findings" id="fnd-{}" aria-live="polite"></div>').format(
                f"/{key}" if key else ""
            )
            parts.append(
                Markup('<section class="part" aria-labelledby="h-{0}"><h2 id="h-{0}">{1}</h2>{2}{3}</section>').format(
                    key or "about", title, slot, Markup("").join(body)
                )
            )
        return Markup("").join(parts)

    def help_for(self, key: str) -> Any:
        """The starter's `x-help` for a section (for a list, the note on its first item)."""
        section = self.guidance.get(key) if key else self.guidance
        if isinstance(section, list) and section and isinstance(section[0], dict):
            section = section[0]
        return section.get("x-help") if isinstance(section, dict) else None

    def _node(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        ref = node.get("$ref")
        while isinstance(ref, str) and ref.startswith("#/$defs/"):
            node = {**self.defs[ref.removeprefix("#/$defs/")], **{k: v for k, v in node.items() if k != "$ref"}}
            ref = node.get("$ref")
        return node

    def value(self, pointer: str, key: str, node: Mapping[str, Any], value: Any, *, top: bool = False) -> Markup:
        node = self._node(node)
        if node.get("type") == "object" or "properties" in node:
            return self.object(pointer, key, node, value if isinstance(value, dict) else {}, top=top)
        if node.get("type") == "array":
            items = self._node(node.get("items", {}))
            if "enum" in items:
                return self.choices(pointer, key, items["enum"], value if isinstance(value, list) else [])
            if items.get("type") == "object" or "properties" in items:
                return self.repeat(pointer, key, items, value if isinstance(value, list) else [])
            return self.text_list(pointer, key, value if isinstance(value, list) else [])
        if pointer.startswith("/legal/gateways/") and key == "id":
            return self.gateway_choice(pointer, value)
        if "enum" in node or "const" in node:
            return self.select(pointer, key, node.get("enum", [node.get("const")]), value)
        alternatives = [v for alt in node.get("anyOf", []) for v in self._node(alt).get("enum", [])]
        if alternatives:  # e.g. dpa_schedule1: the listed conditions, or an older spelling still accepted
            extra = [value] if isinstance(value, str) and value and value not in alternatives else []
            return self.select(pointer, key, [*alternatives, *extra], value)
        if node.get("type") == "boolean":
            choice = {True: "true", False: "false"}.get(value, "")
            return self.select(
                pointer, key, ["true", "false"], choice, kind="boolean", labels={"true": "Yes", "false": "No"}
            )
        kind = "integer" if node.get("type") == "integer" else "string"
        return self.input(pointer, key, node, value, kind)

    def _wrap(self, pointer: str, control: Markup, hint: Any = None) -> Markup:
        described = f"fnd-{pointer}"
        hint_html = Markup("")
        if isinstance(hint, str) and hint:
            hint_html = Markup('<p class="hint" id="hint-{}">{}</p>').format(pointer, hint)
        return Markup('<div class="field">{}{}<div class="findings" id="{}" aria-live="polite"></div></div>').format(
            control, hint_html, described
        )

    def input(self, pointer: str, key: str, node: Mapping[str, Any], value: Any, kind: str) -> Markup:
        shown = "" if value is None or isinstance(value, (dict, list)) else str(value)
        fid = field_id(pointer)
        long_text = kind == "string" and node.get("type") == "string" and key not in _SHORT and "pattern" not in node
        if long_text:
            control = Markup(
                '<textarea id="{}" rows="2" data-pointer="{}" data-k'
                'ind="string" aria-describedby="fnd-{}">{}</textarea>'
            ).format(fid, pointer, pointer, shown)
        else:
            input_type = (
                "number" if kind == "integer" else ("date" if "format" in node and node["format"] == "date" else "text")
            )
            # a blank text that must match a pattern or format is left out rather than saved as ""
            omit = Markup(' data-empty="omit"') if "pattern" in node or "format" in node else Markup("")
            control = Markup(
                '<input id="{}" type="{}" value="{}" data-pointer="{}" data-kind="{}"{} aria-describedby="fnd-{}">'
            ).format(fid, input_type, shown, pointer, kind, omit, pointer)
        return self._wrap(
            pointer, Markup('<label for="{}">{}</label>').format(fid, label(key)) + control, node.get("description")
        )

    def select(
        self,
        pointer: str,
        key: str,
        values: Sequence[Any],
        value: Any,
        *,
        kind: str = "enum",
        labels: Mapping[str, str] | None = None,
    ) -> Markup:
        fid = field_id(pointer)
        options = [Markup('<option value="">{}</option>').format(_NOT_SET)]
        known = [str(v) for v in values]
        current = "" if value is None else str(value)
        if current and current not in known:
            known.append(current)  # a value the schema does not list is shown, not silently dropped
        for option in known:
            text = (labels or {}).get(option, label(option))
            selected = Markup(" selected") if option == current else Markup("")
            options.append(Markup('<option value="{}"{}>{}</option>').format(option, selected, text))
        control = Markup(
            '<label for="{}">{}</label><select id="{}" data-pointer="'
            '{}" data-kind="{}" aria-describedby="fnd-{}">{}</select>'
        ).format(fid, label(key), fid, pointer, kind, pointer, Markup("").join(options))
        return self._wrap(pointer, control)

    def gateway_choice(self, pointer: str, value: Any) -> Markup:
        labels = {g.id: f"{g.short_name} ({g.citation}) — {g.id}" for g in self.gateways.gateways}
        return self.select(pointer, "Gateway from the catalogue", list(labels), value, labels=labels)

    def choices(self, pointer: str, key: str, values: Sequence[Any], value: Sequence[Any]) -> Markup:
        boxes = []
        for index, option in enumerate(values):
            fid = f"{field_id(pointer)}-{index}"
            checked = Markup(" checked") if option in value else Markup("")
            boxes.append(
                Markup(
                    '<span class="choice">'
                    '<input type="checkbox" id="{}" value="{}" data-pointer="{}" data-kind="set"{}>'
                    '<label for="{}">{}</label></span>'
                ).format(fid, option, pointer, checked, fid, label(str(option)))
            )
        return Markup(
            '<fieldset class="field"><legend>{}</legend>{}<div class="findings" id="fnd-{}" aria-live="polite">'
            "</div></fieldset>"
        ).format(label(key), Markup("").join(boxes), pointer)

    def text_list(self, pointer: str, key: str, value: Sequence[Any]) -> Markup:
        fid = field_id(pointer)
        shown = "\n".join(str(v) for v in value if isinstance(v, (str, int)))
        control = Markup(
            '<label for="{}">{} <span class="hint">(one per line)</span></label><textarea id="{}"'
            ' rows="2" data-pointer="{}" data-kind="lines" aria-describedby="fnd-{}">{}</textarea>'
        ).format(fid, label(key), fid, pointer, pointer, shown)
        return self._wrap(pointer, control)

    def object(self, pointer: str, key: str, node: Mapping[str, Any], value: Mapping[str, Any], *, top: bool) -> Markup:
        properties: Mapping[str, Any] = node.get("properties", {})
        inner = Markup("").join(
            self.value(f"{pointer}/{name}", name, sub, value.get(name)) for name, sub in properties.items()
        )
        if top:
            return inner
        return Markup(
            '<fieldset class="group"><legend>{}</legend><div class="findings" id="fnd-{}" aria-live="polite">'
            "</div>{}</fieldset>"
        ).format(label(key), pointer, inner)

    def repeat(self, pointer: str, key: str, items: Mapping[str, Any], value: Sequence[Any]) -> Markup:
        singular = label(key.removesuffix("s") if key != "bases" else "basis")
        entries = []
        for index, item in enumerate(value):
            here = f"{pointer}/{index}"
            entry = self.object(
                here, f"{singular} {index + 1}", items, item if isinstance(item, dict) else {}, top=False
            )
            remove = Markup('<button type="button" class="remove" data-remove="{}">Remove {} {}</button>').format(
                here, singular.lower(), index + 1
            )
            entries.append(Markup('<div class="item">{}{}</div>').format(entry, remove))
        add = Markup('<button type="button" class="add" data-add="{}">Add a {}</button>').format(
            pointer, singular.lower()
        )
        return Markup(
            '<div class="repeat" id="r-{}"><div class="findings" id="fnd-{}" aria-live="polite"></div>{}{}</div>'
        ).format(pointer, pointer, Markup("").join(entries), add)

    def framework_answers(self, framework_value: Any) -> Markup:
        answers = framework_value.get("answers", {}) if isinstance(framework_value, dict) else {}
        answers = answers if isinstance(answers, dict) else {}
        parts = [Markup('<div class="findings" id="fnd-/framework/answers" aria-live="polite"></div>')]
        questions = self.framework.questions if self.framework else ()
        for question in questions:
            pointer = f"/framework/answers/{question.id}"
            answer = answers.get(question.id) if isinstance(answers.get(question.id), dict) else {}
            score = answer.get("score") if isinstance(answer, dict) else None
            radios = []
            scale: list[Any] = [1, 2, 3, 4, 5] + (["n/a"] if question.allow_na else [])
            for option in scale:
                fid = f"{field_id(pointer)}-{option}".replace("/", "")
                checked = Markup(" checked") if score == option else Markup("")
                radios.append(
                    Markup(
                        '<span class="choice">'
                        '<input type="radio" name="{}" id="{}" value="{}" data-pointer="{}/score" data-kind="score"{}>'
                        '<label for="{}">{}</label></span>'
                    ).format(pointer, fid, option, pointer, checked, fid, option)
                )
            rationale_id = field_id(pointer + "/rationale")
            rationale = answer.get("rationale", "") if isinstance(answer, dict) else ""
            parts.append(
                Markup(
                    '<fieldset class="question" id="q-{0}"><legend>{0}: {1}</legend>'
                    '<p class="poles"><span>1 = {2}</span> <span>5 = {3}</span></p>'
                    '<div class="scale">{4}</div>'
                    '<label for="{5}">Why this score</label>'
                    '<textarea id="{5}" rows="1" data-pointer="{6}/rationale" data-kind="string">{7}</textarea>'
                    '<div class="findings" id="fnd-{6}" aria-live="polite"></div></fieldset>'
                ).format(
                    question.id,
                    question.text,
                    question.left,
                    question.right,
                    Markup("").join(radios),
                    rationale_id,
                    pointer,
                    rationale,
                )
            )
        for key in ("scored_by", "date"):
            parts.append(
                self.value(
                    f"/framework/{key}",
                    key,
                    self.root["properties"]["framework"]["properties"][key],
                    (framework_value or {}).get(key) if isinstance(framework_value, dict) else None,
                )
            )
        return Markup("").join(parts)


_SHORT = {
    "id",
    "name",
    "title",
    "version",
    "party",
    "source",
    "section",
    "statute",
    "rule",
    "approved_by",
    "reference",
    "key_holder",
    "scored_by",
}
