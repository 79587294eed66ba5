"""The Jinja2 environments of the committee formats. Imported only when html or markdown is rendered,
so a plain check never imports jinja2.

Jinja2 rather than string building: autoescaping makes escaping the default instead of something
each line must remember, and the layout lives in templates a designer can read.
"""

from __future__ import annotations

import html
import re
import string
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from sharecheck.formats.committee import humanise
from sharecheck.reading.safe_text import visible

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|~#!])")
_SPACE = re.compile(r"\s+")


def markdown_text(value: Any) -> Markup:
    """Any value as inline Markdown that renders as exactly its text.

    Markdown punctuation backslash-escaped, then `&`, `<` and `>` HTML-escaped (GitHub renders raw
    HTML in Markdown; the escapes come first so that an entity's `#` is not escaped in turn),
    and each run of whitespace, newlines included, folded to one space so a value can never break out of
    a table cell or start a heading or list of its own.
    """
    if isinstance(value, Markup):
        return value
    text = _SPACE.sub(" ", "" if value is None else visible(str(value), keep="\n\t\r"))
    return Markup(html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False))


# Markdown is still parsed between the tags of inline HTML, so inside <code> a name like
# `[x](https:evil.example)` would be a live link: every ASCII punctuation character but `/`, `-`
# and `.` (kept so that paths read plainly in the source) becomes a character reference, which
# Markdown shows as the character and never reads as syntax (no link, image, emphasis, `://`
# autolink or table `|`), and HTML never reads as a tag.
_CODE_PLAIN = "/-."
_CODE_ENTITIES = {ord(c): f"&#{ord(c)};" for c in string.punctuation if c not in _CODE_PLAIN}


def markdown_code(value: Any) -> Markup:
    """A value as inline code in Markdown: an HTML <code> element, which GitHub renders, whose
    punctuation is written as character references (see above)."""
    text = _SPACE.sub(" ", "" if value is None else visible(str(value), keep="\n\t\r")).strip()
    return Markup(f"<code>{text.translate(_CODE_ENTITIES)}</code>")


def _html_text(value: Any) -> Any:
    """Proposal text shows its bidi overrides and control characters as escapes rather than
    letting them reorder or hide what the committee reads (see sharecheck.visible)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value, keep="\n\t\r")
    return value


@cache
def environment(kind: str) -> jinja2.Environment:
    """`html`: HTML autoescaping. `markdown`: every value through `markdown_text`."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sharecheck.formats", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=markdown_text if kind == "markdown" else _html_text,
    )
    env.filters["code"] = markdown_code
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["words"] = humanise
    return env
