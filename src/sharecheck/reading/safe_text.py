"""Proposal text made safe to show: control and format characters written as escapes.

A proposal is written by anyone who can open a pull request. Its text reaches terminals,
CI logs and annotations through finding messages, so a terminal escape sequence could
recolour or rewrite a log, and a bidi override (U+202E) could make a message read
differently from what it says ("Trojan Source", CVE-2021-42574). Every character in Unicode
categories Cc (controls, including newline and ESC) and Cf (format: bidi controls, zero-width
characters) is shown as a visible escape instead.
"""

from __future__ import annotations

import unicodedata


def visible(text: str, *, keep: str = "") -> str:
    """`keep`: characters left as they are (e.g. newlines where a page lays text out)."""
    if text.isprintable():  # the common case, in C
        return text
    out = []
    for char in text:
        if char not in keep and unicodedata.category(char) in ("Cc", "Cf"):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
