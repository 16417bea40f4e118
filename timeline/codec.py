"""Lossless conversion of TimeSpan and Event to plain JSON-able dicts and back.

The store keeps events in this form, and `events.json` is built from it. ISO strings at the
edge only: inside the library every date is a `date` or an aware `datetime`.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from json.encoder import encode_basestring  # json.dumps's own string escaper (C) for ensure_ascii=False
from typing import Any, NamedTuple

from timeline.types import (
    Category,
    Certainty,
    Event,
    EventKind,
    Evidence,
    Grain,
    Role,
    TimeSpan,
)


def iso(value: date | datetime) -> str:
    """`2020-11-30` for a date, `2020-11-23T12:00:00+08:00` for an aware datetime."""
    return value.isoformat()


def from_iso(text: str) -> date | datetime:
    """Inverse of `iso`: a plain date when the text has no time part."""
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def span_to_dict(span: TimeSpan) -> dict[str, Any]:
    return {
        "start": iso(span.start),
        "end": iso(span.end_exclusive),
        "grain": span.grain.label,
        "role": span.role.value,
        "certainty": span.certainty.value,
        "text": span.text,
        "offset": span.offset,
        "rule": span.rule,
    }


def span_from_dict(data: dict[str, Any]) -> TimeSpan:
    return TimeSpan(
        start=from_iso(data["start"]),
        end_exclusive=from_iso(data["end"]),
        grain=Grain[data["grain"].upper()],
        role=Role(data["role"]),
        certainty=Certainty(data["certainty"]),
        text=data["text"],
        offset=int(data["offset"]),
        rule=data.get("rule", ""),
    )


def evidence_to_dict(evidence: Evidence) -> dict[str, Any]:
    return {
        "source": evidence.source,
        "article_id": evidence.article_id,
        "article_index": evidence.article_index,
        "article_title": evidence.article_title,
        "sentence": evidence.sentence,
        "sentence_offset": evidence.sentence_offset,
        "text": evidence.text,
        "span_offset": evidence.span_offset,
        "file_offset": evidence.file_offset,
        **({"url": evidence.url} if evidence.url else {}),  # absent for files: their stored bytes stay as they were
    }


def evidence_from_dict(data: dict[str, Any]) -> Evidence:
    return Evidence(**data)


def event_to_dict(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "kind": event.kind.value,
        "category": event.category.value,
        "title": event.title,
        "when": span_to_dict(event.when),
        "evidence": evidence_to_dict(event.evidence),
        "people": list(event.people),
        "projects": list(event.projects),
        "places": list(event.places),
    }


def event_from_dict(data: dict[str, Any]) -> Event:
    return Event(
        id=data["id"],
        kind=EventKind(data["kind"]),
        category=Category(data["category"]),
        title=data["title"],
        when=span_from_dict(data["when"]),
        evidence=evidence_from_dict(data["evidence"]),
        people=tuple(data["people"]),
        projects=tuple(data["projects"]),
        places=tuple(data.get("places", ())),
    )


class EncodedEvent(NamedTuple):
    """An event as the store's row holds it: made where the event was extracted (a build's
    worker), so the process that writes the store neither receives nor encodes Event objects."""

    id: str
    kind: str
    first_day: str
    due_day: str
    sort_key: str
    fingerprint: str
    payload: str  # event_to_dict as JSON, keys sorted


def encode_event(event: Event) -> EncodedEvent:
    """The store's columns of `event`; `payload` decodes with event_from_dict(json.loads(...))."""
    when = event.when
    return EncodedEvent(event.id, event.kind.value, when.first_day.isoformat(), event.due_day.isoformat(),
                        iso(when.start), fingerprint(event), event_json(event))


def event_json(event: Event) -> str:
    """json.dumps(event_to_dict(event), ensure_ascii=False, sort_keys=True), written field by
    field: every item of a build is encoded once, and this takes half the time."""
    when, evidence = event.when, event.evidence
    text = encode_basestring
    url = f', "url": {text(evidence.url)}' if evidence.url else ""
    return (
        f'{{"category": {text(event.category.value)}, "evidence": {{"article_id": {text(evidence.article_id)}, '
        f'"article_index": {int.__repr__(evidence.article_index)}, "article_title": {text(evidence.article_title)}, '
        f'"file_offset": {int.__repr__(evidence.file_offset)}, "sentence": {text(evidence.sentence)}, '
        f'"sentence_offset": {int.__repr__(evidence.sentence_offset)}, "source": {text(evidence.source)}, '
        f'"span_offset": {int.__repr__(evidence.span_offset)}, "text": {text(evidence.text)}{url}}}, '
        f'"id": {text(event.id)}, "kind": {text(event.kind.value)}, "people": {_strings(event.people)}, '
        f'"places": {_strings(event.places)}, "projects": {_strings(event.projects)}, "title": {text(event.title)}, '
        f'"when": {{"certainty": {text(when.certainty.value)}, "end": {text(iso(when.end_exclusive))}, '
        f'"grain": {text(when.grain.label)}, "offset": {int.__repr__(when.offset)}, "role": {text(when.role.value)}, '
        f'"rule": {text(when.rule)}, "start": {text(iso(when.start))}, "text": {text(when.text)}}}}}'
    )


def _strings(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(encode_basestring, values)) + "]"


def fingerprint(event: Event) -> str:
    """What a calendar subscriber sees change: the dates, the title and the kind."""
    when = event.when
    parts = (iso(when.start), iso(when.end_exclusive), event.title, event.kind.value)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
