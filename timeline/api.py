"""The library API a Spark or Dask user calls directly: text in, plain rows out.

It imports neither plotly nor the store, so it is cheap to load in every worker of a cluster:

    >>> from datetime import date
    >>> from timeline.api import articles_from_text, events_of
    >>> [article] = articles_from_text("市里召开推进会。\\n\\n要求该项目2022年6月底前完工。", "a.txt",
    ...                                 published=date(2020, 11, 30))
    >>> [(row["kind"], row["due"], row["evidence"]["text"]) for row in events_of(article)]
    [('deadline', '2022-06-30', '2022年6月底前')]

A row holds the fields of an `events.json` item (all but `sequence`, which only the store
knows) plus what the store needs to take the item back without the article's text: the
body offsets of the sentence and the time (`evidence.article_id`, `evidence.sentence_offset`,
`evidence.span_offset`) and the article's reference date (`reference`, `reference_note`,
`reference_certainty`). Rows written to Parquet or JSON Lines become a store and its
calendars with `timeline import FILE...`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from timeline.codec import from_iso
from timeline.engines.local import events_of as _events
from timeline.export.json import item_dict
from timeline.inputs.text import articles_from_text
from timeline.types import Article, Category, Certainty, Event, EventKind, Evidence, Grain, Role, StoredEvent, TimeSpan

__all__ = ["ROW_SCHEMA", "article_from_row", "article_of_event_row", "article_row", "articles_from_text",
           "event_from_row", "event_row", "events_of"]

_UNSTORED = datetime(1970, 1, 1, tzinfo=UTC)


def events_of(article: Article) -> list[dict[str, Any]]:
    """Every dated item of `article` as a plain row (see the module's docstring), in text order."""
    return [event_row(event, article) for event in _events(article)]


def event_row(event: Event, article: Article) -> dict[str, Any]:
    """`event` of `article` as a row: the events.json fields and what the store needs besides."""
    row = item_dict(StoredEvent(event, 0, _UNSTORED))
    del row["sequence"]
    evidence = event.evidence
    row["evidence"] |= {"article_id": evidence.article_id, "sentence_offset": evidence.sentence_offset,
                        "span_offset": evidence.span_offset}
    row |= {"reference": article.reference.isoformat(), "reference_note": article.reference_note,
            "reference_certainty": article.reference_certainty.value}
    return row


def event_from_row(row: dict[str, Any]) -> Event:
    """The Event a row was made from (`event_row`); KeyError or ValueError on a malformed row."""
    evidence = row["evidence"]
    when = TimeSpan(
        start=from_iso(row["start"]), end_exclusive=from_iso(row["end"]), grain=Grain[row["grain"].upper()],
        role=Role(row["role"]), certainty=Certainty(row["certainty"]), text=evidence["text"],
        offset=int(evidence["span_offset"]), rule=evidence["rule"],
    )
    return Event(
        id=row["id"], kind=EventKind(row["kind"]), category=Category(row["category"]), title=row["title"],
        when=when,
        evidence=Evidence(
            source=evidence["file"], article_id=evidence["article_id"], article_index=int(evidence["article"]),
            article_title=evidence["article_title"], sentence=evidence["sentence"],
            sentence_offset=int(evidence["sentence_offset"]), text=evidence["text"],
            span_offset=int(evidence["span_offset"]), file_offset=int(evidence["offset"]),
        ),
        people=tuple(row["people"] or ()), projects=tuple(row["projects"] or ()), places=tuple(row["places"] or ()),
    )


def article_row(article: Article) -> dict[str, Any]:
    """What the store keeps of an article (not its text), as a plain row."""
    return {"id": article.id, "file": article.source, "article": article.index, "title": article.title,
            "reference": article.reference.isoformat(), "reference_note": article.reference_note,
            "reference_certainty": article.reference_certainty.value, "warnings": list(article.warnings)}


def article_from_row(row: dict[str, Any]) -> Article:
    """The Article the store needs from `article_row` (or from an event row's article fields):
    everything but the text, which the store does not keep."""
    return Article(
        id=row["id"], source=row["file"], index=int(row["article"]), title=row["title"], body="",
        reference=date.fromisoformat(row["reference"]), reference_note=row["reference_note"],
        reference_certainty=Certainty(row["reference_certainty"]), warnings=tuple(row.get("warnings") or ()),
    )


def article_of_event_row(row: dict[str, Any]) -> Article:
    """The article an event row came from, as far as the store needs it (no warnings: a row
    does not carry them)."""
    evidence = row["evidence"]
    return article_from_row({"id": evidence["article_id"], "file": evidence["file"], "article": evidence["article"],
                             "title": evidence["article_title"], "reference": row["reference"],
                             "reference_note": row["reference_note"],
                             "reference_certainty": row["reference_certainty"]})


# A row's Spark schema, for `mapInPandas(..., ROW_SCHEMA)` (a DDL string: no pyspark import here)
ROW_SCHEMA = (
    "id string, kind string, category string, title string, start string, `end` string, due string,"
    " grain string, role string, certainty string, people array<string>, projects array<string>,"
    " places array<string>, evidence struct<file: string, article: int, article_title: string,"
    " sentence: string, text: string, offset: int, rule: string, article_id: string,"
    " sentence_offset: int, span_offset: int>, reference string, reference_note string,"
    " reference_certainty string"
)
