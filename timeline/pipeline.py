"""The main job: news files in, store updated, every export rewritten. All or nothing.

Files are read one at a time and their items written in batches of articles inside one
store transaction, so memory stays flat as input grows and a failed build changes nothing:
the store rolls back, and every export is rendered in full (each into a temporary file next
to its target, one at a time) before the first one is replaced.

Who reads and extracts the articles is the engine's business (`timeline/engines/`: worker
processes here, or a Spark job); every engine hands each file's batches, in file order, to
`write_sources`, so the store, the counts and the exports do not depend on the engine.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from timeline.atomic import ExportVersion, StagedFile, build_lock
from timeline.codec import EncodedEvent
from timeline.decode import normalise_chars
from timeline.errors import InputError, OutputError
from timeline.export.html import PAGE_MAX, NearestItems, default_title, render_nearest
from timeline.export.ics import FEEDS, CalendarSet, Parts, references_for, render_parts
from timeline.export.json import JsonListWriter, item_json
from timeline.feed_parts import FeedPartsWriter
from timeline.engines import Sources, open_engine
from timeline.engines.local import events_of, in_order
from timeline.engines.rows import row_files
from timeline.ids import stable_id
from timeline.ingest import iter_input_files, source_name
from timeline.progress import InputProgress, Progress
from timeline.store import BuildStats, BuildWriter, EventRow, Store, stored_event
from timeline.types import Article, Certainty, Event, StoredEvent

ICS_CHUNK = 500  # stored items per calendar task

# Dates a build works with: the resolver and the exports add years and pads to them (a plan
# ends decades later, the page pads its view), which must stay within datetime's years 1..9999.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BuildReport:
    files: int
    stats: BuildStats
    exports: tuple[Path, ...]
    warnings: tuple[str, ...] = field(default=())
    skipped: tuple[str, ...] = field(default=())  # with keep_going: each unreadable file's one-line error



def events_in_text(text: str, published: date, *, title: str = "", source: str = "<text>") -> list[Event]:
    """Every dated item of one article's `text`, written on `published` (its relative dates,
    明天 or 年底前, count from that day). Nothing is stored; `source` names it in the evidence.

    >>> [e.when.due for e in events_in_text("目前年底前主体工程有望达到“正负零”。", date(2020, 11, 30))]
    [datetime.date(2020, 12, 31)]
    """
    body = normalise_chars(text)
    article = Article(stable_id("article", title, body), source, 0, title, body, published,
                      "published (given)", Certainty.EXACT)
    return events_of(article)


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
    workers: int | None = None,
    fields: Mapping[str, str] | None = None,
    keep_going: bool = False,
    on_progress: Progress | None = None,
    title: str | None = None,
    page_js: str = "inline",
    engine: str = "local",
    master: str | None = None,
) -> BuildReport:
    """Ingest `paths` (files or folders) into the store at `db`, then rewrite the exports in `out`.

    Re-ingesting a file replaces that file's items and leaves the others. `now` stamps changed
    items; `today` places the page's "today" line and dates a file with no date clue at all
    (with a warning). Raises a TimelineError naming the file on bad input or an unwritable
    output folder; then neither the store nor any export has changed. `workers` is the number
    of extraction processes (None: one per core, up to MAX_WORKERS, when the input has at least
    PARALLEL_MIN_BYTES; 0 or 1: this process only). With `keep_going` a file that cannot be
    read is skipped (its stored items stay as they were) and its error is listed in
    `BuildReport.skipped`; the rest is built. `on_progress` hears of the work as it goes.
    `title` names the page (None: from the stored sources' names, `default_title`); `page_js`
    is render_html's ("inline" or "cdn"). `engine` is who reads and extracts (`local`, `spark`
    with its `master`, or `rows` for files of extracted rows: `timeline import`). `fields` renames JSON record fields
    (`{"text": "正文"}`). Files are named relative to `root` (None: the store's folder), so
    `seeds/a.txt`, `./seeds/a.txt` and its absolute path are one source with the same IDs.
    """
    for option, day in (("--published", published), ("--today", today)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise InputError(option, f"{day} is outside {EARLIEST.year}..{LATEST.year}, the years a build can date news in")
    files = row_files(paths) if engine == "rows" else iter_input_files(paths)
    if root is None:
        root = db.parent  # files are named from the store's folder: any spelling is one source
    # stores written before that named a file as the command line spelled it
    renamed = {} if engine == "rows" else {source_name(path, root): path.as_posix() for path in files}
    _check_writable(out)
    warnings: list[str] = []
    skipped: list[str] = [] if keep_going else None  # type: ignore[assignment]
    progress = InputProgress(files, on_progress)
    with build_lock(db):
        store = Store(db)
        version: ExportVersion | None = None
        try:
            with open_engine(engine, files, workers=workers, master=master) as extract:
                with store.build_transaction(now) as writer:
                    sources = extract.sources(files, root=root, published=published, today=today, warnings=warnings,
                                              on_file=on_file, skipped=skipped, progress=progress, fields=fields)
                    articles_seen, events_seen = write_sources(writer, sources, renamed)
                    _trim()
                    # rendered from this transaction's view of the store, and published only
                    # once it has committed: a failed commit leaves the old exports in place
                    version = ExportVersion(out, EXPORTS)
                    staged = _write_exports(version, store, today=today, remind_days=tuple(remind_days), todo=todo,
                                            pool=extract.pool, depth=2 * extract.workers, on_progress=on_progress,
                                            title=title, page_js=page_js, decoded=extract.decoded)
                    stats = BuildStats(len(files), articles_seen, events_seen, writer.added, writer.changed,
                                       writer.removed)
            version.publish(staged)
        except BaseException:
            if version is not None:
                version.discard()
            raise
        finally:
            store.close()
    if not stats.articles:  # the build succeeded, but the user most likely named the wrong place
        warnings.append(f"{', '.join(str(p) for p in paths)}: no readable news found")
    return BuildReport(len(files), stats, tuple(out / name for name in EXPORTS), tuple(warnings), tuple(skipped or ()))


EXPORTS = ("events.json", *FEEDS, "timeline.html")


def write_sources(writer: BuildWriter, sources: Sources, renamed: Mapping[str, str] | None = None) -> tuple[int, int]:
    """Every engine's output into the build's store writer, one batch at a time (so a big
    file's items are never all in memory); returns how many articles and items it wrote.
    `renamed` maps a source to the name an older store may hold it under; what is stored under
    that name is removed once the source is written (a skipped file keeps its items)."""
    counts = [0, 0]

    def counted(batches: Iterable[tuple[Sequence[Article], Sequence[Event | EncodedEvent]]],
                ) -> Iterator[tuple[Sequence[Article], Sequence[Event | EncodedEvent]]]:
        for articles, events in batches:
            counts[0] += len(articles)
            counts[1] += len(events)
            yield articles, events

    for source, batches in sources:
        writer.replace_source_batches(source, counted(batches))
        older = (renamed or {}).get(source)
        if older is not None and older != source:
            writer.replace_source(older, [], [])
    return counts[0], counts[1]


def _write_exports(version: ExportVersion, store: Store, *, today: date, remind_days: tuple[int, ...], todo: bool,
                   pool: Executor | None, depth: int, on_progress: Progress | None = None,
                   title: str | None = None, page_js: str = "inline",
                   decoded: Mapping[str, Event] | None = None) -> dict[str, str]:
    """Write every export from one pass over the store into staged files of `version` and
    return them (export name -> temporary path) for `version.publish`; on failure nothing is
    left behind.

    The store is read a chunk at a time and every export takes each item as it comes (the
    calendars spool their components to temporary files, the page keeps the nearest items),
    so no export holds all items. With a `pool` the workers serialise the calendars'
    components, `depth` chunks ahead, while this process writes the rest. `decoded` (stored
    payload -> Event) spares decoding the items this process has just extracted.
    """
    articles = store.article_references()
    staged: list[StagedFile] = []
    try:
        for name in EXPORTS:  # one at a time: if one cannot be made, the ones before are discarded
            staged.append(version.file(name))
        files = dict(zip(EXPORTS, staged))
        json_list = JsonListWriter(files["events.json"].write)
        # unnamed spool files beside the exports; each calendar closes its own once written
        calendars = CalendarSet(spool=lambda: tempfile.TemporaryFile(dir=version.path))  # noqa: SIM115
        page = NearestItems(today, PAGE_MAX)
        feed_parts = FeedPartsWriter(store, version.path.name)  # the feed joins filtered calendars from these

        def task(chunk: tuple[list[EventRow], list[StoredEvent]]) -> Callable[[], Rendered] | Future[Rendered]:
            raw, rows = chunk
            refs = references_for(articles, rows)
            if pool is None:
                return lambda: _render_chunk(rows, remind_days, todo, refs)
            # the raw rows: they pickle about ten times faster than StoredEvents
            return pool.submit(_render_rows, raw, remind_days, todo, refs)

        total, done = (store.count_events() if on_progress else 0), 0
        # closed here, on failure too, so its cursor never outlives the store's connection
        with closing(store.iter_event_rows()) as stored:
            chunks = ((raw, [stored_event(row, decoded) for row in raw]) for raw in _chunks(stored, ICS_CHUNK))
            for (_, rows), (texts, parts) in in_order(chunks, task, depth):
                for row, text, row_parts in zip(rows, texts, parts):
                    json_list.add_text(text)
                    calendars.add(row.event, *row_parts)
                    feed_parts.add(row, row_parts)
                    page.add(row)
                if on_progress:
                    done += len(rows)
                    on_progress("export", done, total)
        json_list.finish()
        feed_parts.finish()
        for filename, calendar in calendars.finish():
            calendar.write(files[filename].write)
        page_title = title or default_title(source for source, _ in articles)
        files["timeline.html"].write(render_nearest(page, title=page_title, page_js=page_js))
        return {name: f.close() for name, f in zip(EXPORTS, staged)}
    except BaseException as exc:
        for f in staged:
            f.discard()
        if isinstance(exc, OSError):
            raise OutputError(version.out, f"cannot write exports: {exc.strerror or exc}") from exc
        raise


Rendered = tuple[list[str], list[Parts]]  # a chunk's items as events.json holds them, and their calendar parts


def _render_chunk(rows: list[StoredEvent], remind_days: tuple[int, ...], todo: bool,
                  references: dict[str, str]) -> Rendered:
    """What the exports need of a chunk of items that takes time to make (in a worker when
    there are workers): their JSON and their calendar components."""
    return [item_json(row) for row in rows], render_parts(rows, remind_days=remind_days, todo=todo, references=references)


def _render_rows(rows: list[EventRow], remind_days: tuple[int, ...], todo: bool, references: dict[str, str]) -> Rendered:
    """`_render_chunk` of rows as the store holds them (in a worker)."""
    return _render_chunk([stored_event(row) for row in rows], remind_days, todo, references)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _trim() -> None:
    """Hand the heap's free pages back to the system (glibc only; elsewhere nothing).

    The articles read are freed once stored, but glibc keeps that memory for later use; the
    exports would then be made on top of it.
    """
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _check_writable(out: Path) -> None:
    """Fail before touching the store when the exports cannot be written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(out, f"cannot create output folder: {exc.strerror or exc}") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(out, "output folder is not writable")
