"""Events as JSON: `events.json` and `--format json` share this one shape (the scripting contract)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from itertools import repeat
from json.encoder import encode_basestring  # json.dumps's own string escaper (C) for ensure_ascii=False
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


def render_json(items: Iterable[StoredEvent], extra: Iterable[dict[str, Any]] | None = None) -> bytes:
    """A JSON list of items, keys sorted, UTF-8, one trailing newline; deterministic bytes.

    `extra` (one dict per item) is merged into each item: `due` adds `days_left`. A build
    writes the same bytes in pieces with `JsonListWriter`.
    """
    pieces: list[bytes] = []
    writer = JsonListWriter(pieces.append)
    for item, more in zip(items, extra if extra is not None else repeat(None)):
        writer.add(item, more)
    writer.finish()
    return b"".join(pieces)


def item_json(item: StoredEvent, extra: dict[str, Any] | None = None) -> str:
    """One item of `render_json`'s list as it stands there: dumped alone, indented one level."""
    if extra:
        return indented(item_dict(item) | extra, "\n ")
    return _item_text(item)


def _item_text(stored: StoredEvent) -> str:
    """indented(item_dict(stored), "\n ") written field by field, keys in sorted order: a
    build writes tens of thousands of items, and the generic walk costs four times as much."""
    event = stored.event
    when, evidence = event.when, event.evidence
    text = encode_basestring
    due = "null" if event.kind is EventKind.EVENT else text(when.due.isoformat())
    return (
        f'{{\n  "category": {text(event.category.value)},\n  "certainty": {text(when.certainty.value)},'
        f'\n  "due": {due},\n  "end": {text(iso(when.end_exclusive))},'
        f'\n  "evidence": {{\n   "article": {int.__repr__(evidence.article_index)},'
        f'\n   "article_title": {text(evidence.article_title)},\n   "file": {text(evidence.source)},'
        f'\n   "offset": {int.__repr__(evidence.file_offset)},\n   "rule": {text(when.rule)},'
        f'\n   "sentence": {text(evidence.sentence)},\n   "text": {text(evidence.text)}\n  }},'
        f'\n  "grain": {text(when.grain.label)},\n  "id": {text(event.id)},\n  "kind": {text(event.kind.value)},'
        f'\n  "people": {_names(event.people)},\n  "places": {_names(event.places)},'
        f'\n  "projects": {_names(event.projects)},\n  "role": {text(when.role.value)},'
        f'\n  "sequence": {int.__repr__(stored.sequence)},\n  "start": {text(iso(when.start))},'
        f'\n  "title": {text(event.title)}\n }}'
    )


def _names(names: tuple[str, ...]) -> str:
    """A list of strings as `indented` writes it two levels down."""
    if not names:
        return "[]"
    return "[\n   " + ",\n   ".join(map(encode_basestring, names)) + "\n  ]"


def indented(value: Any, newline: str = "\n") -> str:
    """json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1), each line break written
    as `newline` (so "\n " indents the whole text one level), the same characters.

    With an indent json.dumps runs its pure-Python encoder, about four times slower than this
    for an item; this joins the C escaper's strings. Values other than str, int, bool, None,
    dicts with str keys, lists and tuples go to json.dumps.
    """
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    inner = newline + " "
    if type(value) is dict and all(type(k) is str for k in value):
        if not value:
            return "{}"
        fields = (f"{encode_basestring(k)}: {indented(v, inner)}" for k, v in sorted(value.items()))
        return f"{{{inner}{(',' + inner).join(fields)}{newline}}}"
    if type(value) in (list, tuple):
        if not value:
            return "[]"
        return f"[{inner}{(',' + inner).join(indented(v, inner) for v in value)}{newline}]"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("\n", newline)


class JsonListWriter:
    """`render_json`'s bytes pushed to `write` in pieces of `chunk` items as items are added.

    They are the bytes of json.dumps(list of all items, indent=1), made one item at a time:
    with an indent json.dumps runs its pure-Python encoder, whose chunks for 50,000 items take
    ~300 MB. Each item is dumped alone and indented one level; no JSON string holds a raw newline.
    """

    def __init__(self, write: Callable[[bytes], object], *, chunk: int = 500) -> None:
        self._write, self._chunk = write, chunk
        self._pending: list[str] = []
        self._count = 0

    def add(self, item: StoredEvent, extra: dict[str, Any] | None = None) -> None:
        self.add_text(item_json(item, extra))

    def add_text(self, text: str) -> None:
        """Add an item as `item_json` wrote it (a build's workers write them)."""
        self._pending.append(("[\n " if not self._count else ",\n ") + text)
        self._count += 1
        if len(self._pending) >= self._chunk:
            self._flush()

    def finish(self) -> None:
        self._flush()
        self._write(b"\n]\n" if self._count else b"[]\n")

    def _flush(self) -> None:
        if self._pending:
            self._write("".join(self._pending).encode("utf-8"))
            self._pending.clear()
