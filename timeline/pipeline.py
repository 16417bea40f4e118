"""The main job: news files in, store updated, every export rewritten. All or nothing.

Files are read one at a time and their items written in batches inside one store
transaction, so memory stays flat as input grows and a failed build changes nothing: the
store rolls back, and exports are rendered in full before the first one is replaced.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from timeline.atomic import atomic_write
from timeline.errors import OutputError
from timeline.export.html import render_html
from timeline.export.ics import references_from_store, render_calendars
from timeline.export.json import render_json
from timeline.extract import extract_events
from timeline.ingest import iter_input_files, read_articles, source_name
from timeline.resolver import resolve
from timeline.sentences import split_sentences
from timeline.store import BuildStats, Store
from timeline.types import Article, Event, StoredEvent

EXPORT_NAMES = ("events.json", "calendar.ics", "events.ics", "deadlines.ics", "timeline.html")


@dataclass(frozen=True, slots=True)
class BuildReport:
    files: int
    stats: BuildStats
    exports: tuple[Path, ...]
    warnings: tuple[str, ...] = field(default=())


def events_of(article: Article) -> list[Event]:
    """Every dated item of one article: resolve its body, split sentences, extract items."""
    spans = resolve(article.body, article.reference)
    return extract_events(article, split_sentences(article.body), spans)


def build(
    paths: Sequence[Path],
    *,
    db: Path,
    out: Path,
    now: datetime,
    today: date,
    published: date | None = None,
    root: Path | None = None,
    remind_days: Sequence[int] = (7, 1),
    todo: bool = False,
    on_file: Callable[[Path, int, int], None] | None = None,
) -> BuildReport:
    """Ingest `paths` (files or folders) into the store at `db`, then rewrite the exports in `out`.

    Re-ingesting a file replaces that file's items and leaves the others. `now` stamps changed
    items; `today` places the page's "today" line and dates a file with no date clue at all
    (with a warning). Raises a TimelineError naming the file on bad input or an unwritable
    output folder; then neither the store nor any export has changed.
    """
    files = iter_input_files(paths)
    _check_writable(out)
    warnings: list[str] = []
    store = Store(db)
    try:
        with store.build_transaction(now) as writer:
            articles_seen = events_seen = 0
            for path, articles in _read_all(files, root, published, today, warnings, on_file):
                events = [event for article in articles for event in events_of(article)]
                writer.replace_source(articles[0].source if articles else source_name(path, root), articles, events)
                articles_seen += len(articles)
                events_seen += len(events)
            stored = store.events()
            exports = render_exports(stored, today=today, references=references_from_store(store, stored),
                                     remind_days=remind_days, todo=todo)
            _write_all(out, exports)
            stats = BuildStats(len(files), articles_seen, events_seen, writer.added, writer.changed, writer.removed)
    finally:
        store.close()
    return BuildReport(len(files), stats, tuple(out / name for name in exports), tuple(warnings))


def render_exports(
    events: Sequence[StoredEvent],
    *,
    today: date,
    references: Mapping[str, str] | None = None,
    remind_days: Sequence[int] = (7, 1),
    todo: bool = False,
) -> dict[str, bytes]:
    """Every export's bytes by file name, rendered from the store's events.

    `references` (article ID -> its reference date and why) goes into the calendars' descriptions.
    """
    exports = {"events.json": render_json(events)}
    exports |= render_calendars(events, remind_days=remind_days, todo=todo, references=references)
    exports["timeline.html"] = render_html(events, today=today)
    return exports


def _read_all(
    files: Sequence[Path],
    root: Path | None,
    published: date | None,
    today: date,
    warnings: list[str],
    on_file: Callable[[Path, int, int], None] | None,
) -> Iterator[tuple[Path, list[Article]]]:
    for done, path in enumerate(files, start=1):
        if on_file:
            on_file(path, done, len(files))
        articles = read_articles(path, root=root, published=published, fallback=today)
        if not articles:
            warnings.append(f"{source_name(path, root)}: empty file, nothing to read")
        for article in articles:
            warnings.extend(f"{article.source}#{article.index}: {w}" for w in article.warnings)
        yield path, articles


def _check_writable(out: Path) -> None:
    """Fail before touching the store when the exports cannot be written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(out, f"cannot create output folder: {exc.strerror or exc}") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(out, "output folder is not writable")


def _write_all(out: Path, exports: dict[str, bytes]) -> None:
    for name, data in exports.items():
        atomic_write(out / name, data)
