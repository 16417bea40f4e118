"""The main job: news files in, store updated, every export rewritten. All or nothing.

Files are read one at a time and their items written in batches of articles inside one
store transaction, so memory stays flat as input grows and a failed build changes nothing:
the store rolls back, and every export is rendered in full (each into a temporary file next
to its target, one at a time) before the first one is replaced.

A large input is extracted by worker processes, one batch of articles per task; the results
come back in input order, so the store, the counts and the exports are the same as with
one process. Where fork is available the workers are forked after this process has loaded
jieba's dictionaries, and share them with it.
"""

from __future__ import annotations

import ctypes
import gc
import itertools
import multiprocessing
import os
import signal
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from timeline.atomic import ExportVersion, StagedFile, build_lock
from timeline.decode import normalise_chars
from timeline.errors import InputError, OutputError, TimelineError
from timeline.export.html import PAGE_MAX, NearestItems, default_title, render_nearest
from timeline.export.ics import FEEDS, CalendarSet, Parts, references_for, render_parts
from timeline.export.json import JsonListWriter, item_json
from timeline.extract import extract_events
from timeline.extract.names import warm_up
from timeline.ids import stable_id
from timeline.ingest import iter_input_files, read_articles, source_name
from timeline.progress import InputProgress, Progress
from timeline.reference import Mapper
from timeline.resolver import resolve
from timeline.sentences import split_sentences
from timeline.store import BuildStats, Store
from timeline.types import Article, Certainty, Event, StoredEvent

BATCH_CHARS = 50_000  # characters of articles per task and per store write
# Below this many bytes of input one process is faster: each worker pays about a second to
# start (jieba's dictionary) before it extracts anything.
PARALLEL_MIN_BYTES = 500_000
MAX_WORKERS = 4
ICS_CHUNK = 500  # stored items per calendar task

# Dates a build works with: the resolver and the exports add years and pads to them (a plan
# ends decades later, the page pads its view), which must stay within datetime's years 1..9999.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class BuildReport:
    files: int
    stats: BuildStats
    exports: tuple[Path, ...]
    warnings: tuple[str, ...] = field(default=())
    skipped: tuple[str, ...] = field(default=())  # with keep_going: each unreadable file's one-line error



def events_of(article: Article) -> list[Event]:
    """Every dated item of one article: resolve its body, split sentences, extract items."""
    spans = resolve(article.body, article.reference)
    return extract_events(article, split_sentences(article.body), spans)


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
    keep_going: bool = False,
    on_progress: Progress | None = None,
    title: str | None = None,
    page_js: str = "inline",
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
    is render_html's ("inline" or "cdn").
    """
    for option, day in (("--published", published), ("--today", today)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise InputError(option, f"{day} is outside {EARLIEST.year}..{LATEST.year}, the years a build can date news in")
    files = iter_input_files(paths)
    _check_writable(out)
    warnings: list[str] = []
    skipped: list[str] = [] if keep_going else None  # type: ignore[assignment]
    progress = InputProgress(files, on_progress)
    with build_lock(db):
        store = Store(db)
        version: ExportVersion | None = None
        try:
            with _Extractor(files, workers) as extract:
                with store.build_transaction(now) as writer:
                    read = _read_all(files, root, published, today, warnings, on_file, extract.mapper(), skipped)
                    tasks = _batches(progress.reading(read), root)
                    counts = [0, 0]  # articles and events written so far

                    def counted(done: Iterable[Done]) -> Iterator[tuple[list[Article], list[Event]]]:
                        # one batch at a time into the store, so a big file's items are never all in memory
                        for (number, _), articles, events in done:
                            counts[0] += len(articles)
                            counts[1] += len(events)
                            progress.extracted(number, articles)
                            yield articles, events

                    for (_, source), done in itertools.groupby(extract.run(tasks), key=lambda item: item[0]):
                        writer.replace_source_batches(source, counted(done))
                    articles_seen, events_seen = counts
                    _trim()
                    # rendered from this transaction's view of the store, and published only
                    # once it has committed: a failed commit leaves the old exports in place
                    version = ExportVersion(out, EXPORTS)
                    staged = _write_exports(version, store, today=today, remind_days=tuple(remind_days), todo=todo,
                                            pool=extract.pool, depth=2 * extract.workers, on_progress=on_progress,
                                            title=title, page_js=page_js)
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


def _write_exports(version: ExportVersion, store: Store, *, today: date, remind_days: tuple[int, ...], todo: bool,
                   pool: Executor | None, depth: int, on_progress: Progress | None = None,
                   title: str | None = None, page_js: str = "inline") -> dict[str, str]:
    """Write every export from one pass over the store into staged files of `version` and
    return them (export name -> temporary path) for `version.publish`; on failure nothing is
    left behind.

    The store is read a chunk at a time and every export takes each item as it comes (the
    calendars spool their components to temporary files, the page keeps the nearest items),
    so no export holds all items. With a `pool` the workers serialise the calendars'
    components, `depth` chunks ahead, while this process writes the rest.
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

        def task(rows: list[StoredEvent]) -> Callable[[], Rendered] | Future[Rendered]:
            refs = references_for(articles, rows)
            if pool is None:
                return lambda: _render_chunk(rows, remind_days, todo, refs)
            return pool.submit(_render_chunk, rows, remind_days, todo, refs)

        total, done = (store.count_events() if on_progress else 0), 0
        # closed here, on failure too, so its cursor never outlives the store's connection
        with closing(store.iter_events()) as stored:
            for rows, (texts, parts) in in_order(_chunks(stored, ICS_CHUNK), task, depth):
                for row, text, row_parts in zip(rows, texts, parts):
                    json_list.add_text(text)
                    calendars.add(row.event, *row_parts)
                    page.add(row)
                if on_progress:
                    done += len(rows)
                    on_progress("export", done, total)
        json_list.finish()
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


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def in_order(tasks: Iterable[T], start: Callable[[T], Future[R] | Callable[[], R]], depth: int) -> Iterator[tuple[T, R]]:
    """Each task with its result, in task order. `start(task)` gives a Future (work started in
    a pool) or a function (work to do here when the result is due); at most `depth` futures
    are pending at once, so memory does not grow with the number of tasks."""
    pending: deque[tuple[T, Future[R] | Callable[[], R]]] = deque()
    for task in tasks:
        pending.append((task, start(task)))
        while pending and (len(pending) > depth or not isinstance(pending[0][1], Future)):
            yield _finished(*pending.popleft())
    while pending:
        yield _finished(*pending.popleft())


def _finished(task: T, work: Future[R] | Callable[[], R]) -> tuple[T, R]:
    return task, work.result() if isinstance(work, Future) else work()


Task = tuple[tuple[int, str], list[Article]]  # ((file number, source), a batch of its articles)
Done = tuple[tuple[int, str], list[Article], list[Event]]


def _batches(files: Iterable[tuple[Path, list[Article]]], root: Path | None) -> Iterator[Task]:
    """Each file's articles in batches of about BATCH_CHARS characters; an empty file gives
    one empty batch, so its old items are still removed."""
    for number, (path, articles) in enumerate(files):
        key = (number, articles[0].source if articles else source_name(path, root))
        empty = not articles
        batch: list[Article] = []
        size = 0
        # taken out of the file's list as they go, so an article is freed once its batch is stored
        articles.reverse()
        while articles:
            article = articles.pop()
            batch.append(article)
            size += len(article.body)
            if size >= BATCH_CHARS:
                yield key, batch
                batch, size = [], 0
        if batch or empty:
            yield key, batch


def _extract_batch(articles: list[Article]) -> list[Event]:
    return [event for article in articles for event in events_of(article)]


class _Extractor:
    """The build's worker processes (none for a small input): `run` maps tasks to done
    batches, in task order, with at most two tasks per worker in flight, so memory does not
    grow with the input; `pool` is there for the exports too."""

    def __init__(self, files: Sequence[Path], workers: int | None) -> None:
        if workers is None:
            size = sum(_size(path) for path in files)
            workers = min(MAX_WORKERS, _cpus()) if size >= PARALLEL_MIN_BYTES else 1
        self.workers = workers
        self.pool: Executor | None = None
        self.frozen = False

    def __enter__(self) -> _Extractor:
        if self.workers > 1:
            fork = "fork" in multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if fork else None)
            if fork:
                # Load jieba's dictionaries here, once, and fork the workers after that: they
                # share those pages (about 110 MB) copy-on-write instead of each loading its own.
                # Frozen objects are left alone by the collector, which would otherwise write to
                # every object's header and so copy the pages in each process.
                warm_up()
                gc.collect()
                gc.freeze()
                self.frozen = True
            try:
                self.pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=die_with_parent,
                                                initargs=(os.getpid(),))
                # Start the workers now, before this process reads the input (they do not
                # inherit it); without fork each loads jieba while this process reads.
                for _ in range(self.workers):
                    self.pool.submit(warm_up)
            except BaseException:
                self.__exit__()
                raise
        return self

    def mapper(self) -> Mapper:
        """`map` over the workers, in chunks (the reference clues of a big file's articles)."""
        pool = self.pool
        if pool is None:
            return map
        return lambda fn, items: pool.map(fn, items, chunksize=64)

    def run(self, tasks: Iterable[Task]) -> Iterator[Done]:
        pool = self.pool

        def start(task: Task) -> Future[list[Event]] | Callable[[], list[Event]]:
            batch = task[1]
            return (lambda: _extract_batch(batch)) if pool is None else pool.submit(_extract_batch, batch)

        return ((key, batch, events) for (key, batch), events in in_order(tasks, start, 2 * self.workers))

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.frozen:
            gc.unfreeze()


def die_with_parent(parent: int) -> None:
    """In a worker: be killed when the build process dies, even by kill -9 (Linux's
    PR_SET_PDEATHSIG; elsewhere nothing). A worker holds about 200 MB and would otherwise live
    on, idle, until it next reads from its dead parent's queue."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the call above: nobody will signal
        os._exit(1)


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


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read_articles names the file and the reason


def _read_all(
    files: Sequence[Path],
    root: Path | None,
    published: date | None,
    today: date,
    warnings: list[str],
    on_file: Callable[[Path, int, int], None] | None,
    mapper: Mapper = map,
    skipped: list[str] | None = None,
) -> Iterator[tuple[Path, list[Article]]]:
    """Each file with its articles. With a `skipped` list a file that cannot be read is left
    out and its error added there (--keep-going); without one the error stops the build."""
    for done, path in enumerate(files, start=1):
        if on_file:
            on_file(path, done, len(files))
        try:
            articles = read_articles(path, root=root, published=published, fallback=today, mapper=mapper)
        except TimelineError as exc:
            if skipped is None:
                raise
            skipped.append(str(exc))
            continue
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
