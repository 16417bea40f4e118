"""Dates written by people outside the news text: what a user types (`--today 昨天`) and the
date field of a file's front matter or a record (`date: Nov 25, 2020`).

These are whole dates in any common notation, not news phrases, which is what dateparser
reads well (STYLE.md: "at most, use it as a fallback for numeric forms"). The news grammar in
`timeline/grammar/` stays the one reader of article text. The clock is an argument: a
relative date (`昨天`, `3 days ago`) is relative to `now`, which only `cli.py` reads.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from timeline.types import SHANGHAI

LANGUAGES = ["zh", "en"]
# Front matter and records state a date; "yesterday" there would be relative to nothing.
ABSOLUTE_PARSERS = ["custom-formats", "absolute-time", "no-spaces-time"]
_ISO_FORMATS = ("%Y-%m-%d", "%Y%m%d")  # the common case, read without loading dateparser


def user_date(text: str, *, now: datetime) -> date | None:
    """The day `text` names, reading relative words against `now` (aware; taken in Asia/Shanghai).

    None when `text` is no whole date (a month alone, or not a date at all).

    >>> user_date("2020年11月25日", now=datetime(2026, 12, 4, tzinfo=SHANGHAI))
    datetime.date(2020, 11, 25)
    >>> user_date("昨天", now=datetime(2026, 12, 4, 10, tzinfo=SHANGHAI))
    datetime.date(2026, 12, 3)
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    found = _iso(text)
    if found is not None:
        return found
    base = now.astimezone(SHANGHAI).replace(tzinfo=None)
    return _parse(text, {"RELATIVE_BASE": base})


def written_date(text: str) -> date | None:
    """The day a front-matter or record field states (`2020/11/25`, `25.11.2020`, `Nov 25, 2020`,
    `2020年11月25日 10:00`); None for relative words or anything that is not a whole date.

    >>> written_date("Nov 25, 2020")
    datetime.date(2020, 11, 25)
    """
    return _iso(text) or _parse(text, {"PARSERS": ABSOLUTE_PARSERS})


def _iso(text: str) -> date | None:
    for fmt in _ISO_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _parse(text: str, settings: dict[str, Any]) -> date | None:
    if not text.strip():
        return None
    parsed = _dateparser().parse(
        text.strip(), languages=LANGUAGES,
        # a month or a year alone is not a day; dateparser would fill the rest from the base
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first", **settings},
    )
    return parsed.date() if parsed is not None else None


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    # imported on first use: it takes about a quarter of a second, and most runs type ISO dates
    import dateparser  # type: ignore[import-untyped]

    return dateparser
