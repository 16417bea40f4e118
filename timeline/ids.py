"""Content-derived IDs: rebuilding the same input never changes an article's or event's ID."""

from __future__ import annotations

import hashlib


def stable_id(kind: str, *parts: str) -> str:
    """Return `kind-<20 hex>` hashed from the parts; no clock, no order, no file name.

    >>> stable_id("event", "article-1", "11月30日,我区组织召开……", "11月30日", "0", "event")[:6]
    'event-'
    """
    payload = "\x1f".join((kind, *parts)).encode("utf-8")
    return f"{kind}-{hashlib.sha256(payload).hexdigest()[:20]}"


def article_id(source: str, title: str, repeat: int = 0, url: str | None = None) -> str:
    """An article's ID from what names it, never from its text, so an edited article keeps it.

    A record with a URL is named by the URL alone (the same record read from another dump is
    the same article); otherwise by its file and title, and `repeat`, the number of articles
    before it in that file with the same title (two untitled notices in one file stay two).

    >>> article_id("news/a.txt", "区政府召开推进会") == article_id("news/a.txt", "区政府召开推进会")
    True
    """
    if url:
        return stable_id("article", "url", url)
    return stable_id("article", "file", source, title, str(repeat))


def event_id(article: str, time_text: str, kind: str, ordinal: int) -> str:
    """An item's ID: its article's ID, the time text as written, the kind, and `ordinal`, how many
    items of the article with the same time text and kind come before it.

    Not the sentence or the body: changing a word of the article keeps every item's ID, so a
    subscriber sees the item change (SEQUENCE + 1), not a delete and a new item.

    >>> event_id("article-1", "12月底前", "deadline", 0) != event_id("article-1", "12月底前", "deadline", 1)
    True
    """
    return stable_id("event", article, time_text, kind, str(ordinal))
