"""RSS 2.0 and Atom feeds (.xml/.rss/.atom) through feedparser: one article per entry.

Each entry gives its title, its text (content, else summary; HTML turned into paragraphs), its
link and its date (pubDate, published or updated). The date is the day the feed wrote, in the
feed's own zone: a paper's 07:00 +08:00 story is of that day, not of the UTC day before.
"""

from __future__ import annotations

import html
import re
import xml.sax
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

from timeline.errors import InputError
from timeline.inputs.published import Published, PublishedSource, metadata_date


@dataclass(frozen=True, slots=True)
class Entry:
    text: str  # title, blank line, paragraphs
    published: Published | None
    url: str
    number: int  # 1-based position in the feed


def read_feed(data: bytes, source: str) -> Iterator[Entry]:
    """The entries of a feed, in feed order.

    Raises InputError(source, "not a well-formed feed: … (line N)") when the XML is broken, so
    a cut-off download is an error, not a feed with its last entries missing.
    """
    import feedparser  # imported on first use, like trafilatura: builds of text files need neither

    feed = feedparser.parse(data)
    problem = feed.get("bozo_exception")
    if isinstance(problem, xml.sax.SAXException) or (feed.get("bozo") and not feed.entries):
        where = f" (line {problem.getLineNumber()})" if isinstance(problem, xml.sax.SAXParseException) else ""
        raise InputError(source, f"not a well-formed RSS/Atom feed: {problem}{where}")
    for number, entry in enumerate(feed.entries, start=1):
        title = html.unescape(entry.get("title", "")).strip()
        contents = entry.get("content") or []
        raw = contents[0].get("value", "") if contents else entry.get("summary", "")
        paragraphs = [p for p in _paragraphs(raw) if p != title]
        yield Entry("\n\n".join([t for t in (title,) if t] + paragraphs), _entry_date(entry), entry.get("link", ""), number)


_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6])\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _paragraphs(markup: str) -> list[str]:
    text = html.unescape(_TAG.sub("", _BREAK.sub("\n", markup)))
    return [line.strip() for line in text.split("\n") if line.strip()]


def _entry_date(entry: Any) -> Published | None:  # a feedparser.FeedParserDict
    for key in ("published", "updated", "created"):
        written = entry.get(key)
        if not written:
            continue
        try:
            day: date = parsedate_to_datetime(written).date()  # RFC 822, as RSS writes it
            return Published(day, PublishedSource.METADATA, f"{key} {written}")
        except (TypeError, ValueError):
            found = metadata_date(written, key)  # ISO 8601, as Atom writes it
            if found is not None:
                return found
    return None
