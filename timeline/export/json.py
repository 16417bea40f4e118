"""Events as JSON: `events.json` and `--format json` share this one shape (the scripting contract)."""

from __future__ import annotations

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
    rows = [item_dict(s) | (extra[i] if extra else {}) for i, s in enumerate(items)]
    return (json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
