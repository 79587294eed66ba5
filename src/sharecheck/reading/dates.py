"""Dates as the contract writes them: YYYY-MM-DD, and nothing `date.fromisoformat` also takes.

From Python 3.11 `fromisoformat` accepts `20260601` and `2026-W23-1`; a date a person typed in
another form is more likely a mistake than a wish, and the messages promise YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD -> date; ValueError for anything else (other ISO forms, impossible days)."""
    if not _DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    return dt.date.fromisoformat(text)


def utc_today() -> dt.date:
    """Today where no date is given: in UTC, so that a check does not depend on the time zone
    of the machine it runs on (a runner in UTC-10 and one in UTC+10 agree)."""
    return dt.datetime.now(dt.UTC).date()
