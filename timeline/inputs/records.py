"""JSON Lines and JSON dumps (.jsonl/.json): one article per record.

Field names are mapped once: the common names a crawler writes for the title, the text, the
date and the URL are tried in order, and `--field text=… --field date=…` names others. A line
that is not JSON, or a record with no text, is an error naming the file and the line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from timeline.errors import InputError

# the names tried, in order, for each role; the first present and non-empty wins
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name"),
    "text": ("content", "text", "body", "article", "contents", "main_text"),
    "date": ("date", "publish_time", "pubdate", "published", "pub_date", "publish_date",
             "published_at", "datetime", "time", "created_at"),
    "url": ("url", "link", "href", "source_url"),
}
# where a .json file that is an object keeps its records
_LIST_KEYS = ("articles", "items", "records", "data", "news", "entries", "results")


@dataclass(frozen=True, slots=True)
class Record:
    """One record's article text (title, blank line, text), date value, URL and where it was."""

    text: str
    date: object
    url: str
    line: int  # 1-based line of a JSON Lines file; the record's position in a .json file
    number: int  # 1-based position among the records


def field_map(overrides: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """FIELDS with `--field ROLE=NAME` overrides put first; raises ValueError for an unknown role.

    >>> field_map({"text": "正文"})["text"][0]
    '正文'
    """
    fields = dict(FIELDS)
    for role, name in (overrides or {}).items():
        if role not in fields:
            raise ValueError(f"unknown field role {role!r} (use one of {', '.join(FIELDS)})")
        fields[role] = (name, *fields[role])
    return fields


def read_records(text: str, source: str, *, json_lines: bool,
                 fields: Mapping[str, tuple[str, ...]] = FIELDS) -> Iterator[Record]:
    """Each record of a JSON Lines (`json_lines`) or JSON text as a Record, in order.

    Blank lines are skipped. Raises InputError naming `source` and the line for a line that
    is not JSON, a record that is not an object, or one with no text field.
    """
    pairs = _lines(text, source) if json_lines else _document(text, source)
    for number, (line, value) in enumerate(pairs, start=1):
        if not isinstance(value, dict):
            raise InputError(source, f"line {line}: a record must be a JSON object, not {type(value).__name__}")
        body = _first(value, fields["text"])
        if not body:
            raise InputError(source, f"line {line}: no text field (tried {', '.join(fields['text'])}; name it with --field text=NAME)")
        title = _first(value, fields["title"])
        if title and not body.lstrip().startswith(title):
            body = f"{title}\n\n{body}"
        url = _first(value, fields["url"])
        when = next((value[k] for k in fields["date"] if value.get(k) not in (None, "")), None)
        yield Record(body, when, url, line, number)


def _first(record: Mapping[str, object], names: tuple[str, ...]) -> str:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "\n\n".join(value)  # paragraphs kept as a list
    return ""


def _lines(text: str, source: str) -> Iterator[tuple[int, object]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(source, f"line {number}: not valid JSON ({exc.msg}, column {exc.colno})") from None


def _document(text: str, source: str) -> Iterator[tuple[int, object]]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"line {exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    if isinstance(value, dict):
        listed = next((value[k] for k in _LIST_KEYS if isinstance(value.get(k), list)), None)
        value = listed if listed is not None else [value]
    if not isinstance(value, list):
        raise InputError(source, "a JSON file must hold a record, a list of records or an object with one")
    yield from enumerate(value, start=1)
