"""Every kind of input, read into Articles with their publication dates.

One module per kind answers "what are the articles in these bytes, and when were they
published?": `text` (.txt/.md, the entry point every kind ends in), `html` (saved pages),
`records` (JSON Lines and JSON dumps), `feeds` (RSS/Atom). `published` says where a date came
from. None of them resolves dates in the text or extracts items.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path

from timeline.decode import decode_bytes
from timeline.errors import InputError
from timeline.ingest import HTML_SUFFIXES, INPUT_SUFFIXES, RECORD_SUFFIXES, FEED_SUFFIXES, source_name
from timeline.inputs.html import page_text
from timeline.inputs.published import Published, metadata_date, option_date
from timeline.inputs.records import field_map, read_records
from timeline.inputs.text import articles_from_text
from timeline.reference import Mapper
from timeline.types import SHANGHAI, Article

__all__ = ["INPUT_SUFFIXES", "articles_from_text", "read_file"]


def read_file(
    path: Path,
    root: Path | None = None,
    published: date | None = None,
    *,
    fallback: date | None = None,
    fallback_note: str = "--today",
    mapper: Mapper = map,
    fields: Mapping[str, str] | None = None,
) -> list[Article]:
    """The articles of one input file, in file order, each with its reference date and why.

    The kind comes from the suffix (other suffixes are read as text). `published` (the
    `--published` option) overrides every date found; else a record's or page's own date,
    a date in the path, a masthead, or inference from the text (see `inputs.published`).
    `fallback` dates a file with no year clue at all (else the file's modification date), with
    a warning. `fields` renames record fields (`{"text": "正文"}`). Returns [] for an empty file;
    raises InputError naming the file (and line) when it is missing, unreadable or malformed.
    """
    data = _read_bytes(path)
    source = source_name(path, root)
    shown = path.as_posix()  # errors name the file as the user did, not by its name in the store
    if fallback is None:
        fallback, fallback_note = _modified(path), "file modification date"
    suffix = path.suffix.lower()

    titles: dict[str, int] = {}  # one count of repeated titles over all of the file's records

    def read(text: str, own: Published | None, first_index: int = 0, origin: str = "", url: str = "") -> list[Article]:
        return articles_from_text(
            text, source, option_date(published) if published else own, path=path, fallback=fallback,
            fallback_note=fallback_note, mapper=mapper, first_index=first_index, origin=origin, url=url,
            titles=titles,
        )

    if suffix in HTML_SUFFIXES:
        if not data.strip():
            return []
        text, own, url = page_text(decode_bytes(data, path), shown)
        return read(text, own, 0, url, url)
    if suffix in FEED_SUFFIXES:
        if not data.strip():
            return []
        from timeline.inputs.feeds import read_feed  # email.utils and socket: only for a feed

        return _each(read, ((e.text, e.published, _origin("entry", e.number, None, e.url), e.url)
                            for e in read_feed(data, shown)))
    if suffix in RECORD_SUFFIXES:
        try:
            names = field_map(fields)
        except ValueError as exc:
            raise InputError(shown, str(exc)) from None
        records = read_records(decode_bytes(data, path), shown, json_lines=suffix == ".jsonl", fields=names)
        lines = suffix == ".jsonl"
        return _each(read, ((r.text, _metadata_of(r.date), _origin("record", r.number, r.line if lines else None, r.url), r.url)
                            for r in records))
    return read(decode_bytes(data, path), None)


def _metadata_of(value: object) -> Published | None:
    return metadata_date(value, "date field") if value is not None else None


Reader = Callable[[str, "Published | None", int, str, str], list[Article]]


def _each(read: Reader, items: Iterable[tuple[str, Published | None, str, str]]) -> list[Article]:
    """The articles of each record or entry in turn, numbered on across them."""
    articles: list[Article] = []
    for text, own, origin, url in items:
        articles.extend(read(text, own, len(articles), origin, url))
    return articles


def _origin(kind: str, number: int, line: int | None, url: str) -> str:
    """`record 3 (line 4) https://e.org/a`: where in its file an article was, for the evidence."""
    return " ".join(part for part in (f"{kind} {number}", f"(line {line})" if line else "", url) if part)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file or folder") from None
    except IsADirectoryError:
        raise InputError(path, "a folder, not a file") from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None


def _modified(path: Path) -> date:
    return datetime.fromtimestamp(os.stat(path).st_mtime, SHANGHAI).date()
