"""Events as JSON: `events.json` and `--format json` share this one shape (the scripting contract)."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from timeline.codec import iso
from timeline.types import EventKind, StoredEvent


def item_dict(stored: StoredEvent) -> dict[str, Any]:
    """One item: id, kind, title, start, end (exclusive), due (inclusive; deadlines and plans), evidence."""
    event = stored.event
    when, evidence = event.when, event.evidence
    return {
        "id": event.id,
        "kind": event.kind.value,
        "category": event.category.value,
        "title": event.title,
        "start": iso(when.start),
        "end": iso(when.end_exclusive),
        "due": None if event.kind is EventKind.EVENT else when.due.isoformat(),
        "grain": when.grain.label,
        "role": when.role.value,
        "certainty": when.certainty.value,
        "people": list(event.people),
        "projects": list(event.projects),
        "places": list(event.places),
        "sequence": stored.sequence,
        "evidence": {
            "file": evidence.source,
            "article": evidence.article_index,
            "article_title": evidence.article_title,
            "sentence": evidence.sentence,
            "text": evidence.text,
            "offset": evidence.file_offset,
            "rule": when.rule,
        },
    }


def render_json(items: Sequence[StoredEvent], extra: Sequence[dict[str, Any]] | None = None) -> bytes:
    """A JSON list of items, keys sorted, UTF-8, one trailing newline; deterministic bytes.

    `extra` (same length as `items`) is merged into each item: `due` adds `days_left`.
    """
    if not items:
        return b"[]\n"
    # The bytes of json.dumps(list of all items, indent=1), written one item at a time: with an
    # indent json.dumps runs its pure-Python encoder, whose chunks for 50,000 items take ~300 MB.
    # Each item is dumped alone and indented one level; no JSON string holds a raw newline.
    out = io.BytesIO()
    out.write(b"[\n")
    for i, stored in enumerate(items):
        row = item_dict(stored) | (extra[i] if extra else {})
        text = json.dumps(row, ensure_ascii=False, sort_keys=True, indent=1)
        out.write(((",\n" if i else "") + " " + text.replace("\n", "\n ")).encode("utf-8"))
    out.write(b"\n]\n")
    return out.getvalue()
