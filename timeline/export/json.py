"""Events as JSON: `events.json` and `--format json` share this one shape (the scripting contract)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
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
    return b"".join(iter_json(items, extra))


def iter_json(
    items: Sequence[StoredEvent], extra: Sequence[dict[str, Any]] | None = None, *, chunk: int = 500
) -> Iterator[bytes]:
    """`render_json`'s bytes in pieces of `chunk` items, made as they are asked for, so a
    caller writing a file never holds the whole export (about 40 MB at 20 MB of input)."""
    if not items:
        yield b"[]\n"
        return
    yield b"[\n"
    for start in range(0, len(items), chunk):
        yield _encode_items(items, extra, start, min(start + chunk, len(items)))
    yield b"\n]\n"


def _encode_items(items: Sequence[StoredEvent], extra: Sequence[dict[str, Any]] | None, start: int, stop: int) -> bytes:
    # The bytes of json.dumps(list of all items, indent=1), one item at a time: with an indent
    # json.dumps runs its pure-Python encoder, whose chunks for 50,000 items take ~300 MB.
    # Each item is dumped alone and indented one level; no JSON string holds a raw newline.
    pieces = []
    for i in range(start, stop):
        row = item_dict(items[i]) | (extra[i] if extra else {})
        text = json.dumps(row, ensure_ascii=False, sort_keys=True, indent=1)
        pieces.append((",\n" if i else "") + " " + text.replace("\n", "\n "))
    return "".join(pieces).encode("utf-8")
