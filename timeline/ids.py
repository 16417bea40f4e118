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
