from __future__ import annotations

import json

from sharecheck.checking.pipeline import check, check_bytes
from sharecheck.packs.loader import Pack
from sharecheck.reading.safe_text import visible
from tests.conftest import AS_OF, early_help, minimal_proposal


def test_controls_and_bidi_are_shown_as_escapes() -> None:
    assert visible("plain text, café") == "plain text, café"
    assert visible("a\u202eb\x1b[31mc\nd\u200be") == "a\\u202eb\\x1b[31mc\\x0ad\\u200be"


def test_finding_messages_never_carry_raw_controls(pack: Pack) -> None:
    data = early_help()
    data["data"]["datasets"][0]["fields"].append(
        {"name": "ethnicity\u202e\x1b[2J", "special_category": "none", "justification": "x"}
    )
    (finding,) = [f for f in check(data, pack, today=AS_OF).findings if f.rule == "SC-SENSITIVE-002"]
    assert "ethnicity\\u202e\\x1b[2J" in finding.message and "\x1b" not in finding.remediation


def test_schema_messages_never_carry_raw_controls(pack: Pack) -> None:
    data = minimal_proposal()
    data["purpose"]["evil\u202ekey"] = "x"
    (finding,) = check_bytes(json.dumps(data, ensure_ascii=False).encode(), pack, file="p.json").findings
    assert "evil\\u202ekey" in finding.message and "\u202e" not in finding.message
