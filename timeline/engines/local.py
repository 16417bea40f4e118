"""The local engine: this process, and worker processes for a large input.

A large input is extracted by worker processes, one batch of articles per task; the results
come back in input order, so the store, the counts and the exports are the same as with
one process. Where fork is available the workers are forked after this process has loaded
jieba's dictionaries, and share them with it.
"""

from __future__ import annotations

import ctypes
import gc
import itertools
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from datetime import date
from pathlib import Path
from typing import TypeVar

from timeline.engines import Sources
from timeline.progress import InputProgress
from timeline.errors import TimelineError
from timeline.extract import extract_events
from timeline.extract.names import warm_up
from timeline.progress import file_size as _size
from timeline.ingest import read_articles, source_name
from timeline.clues import Clues
from timeline.codec import EncodedEvent, encode_event
from timeline.reference import Mapper
from timeline.resolver import resolve
from timeline.sentences import split_sentences
from timeline.types import Article, Event

T = TypeVar("T")
R = TypeVar("R")

BATCH_CHARS = 50_000  # characters of articles per task and per store write
# Below this many bytes of input one process is cheaper and about as fast: workers cost about
# a fifth more CPU in all (their start, sending articles and items between processes), which a
# 1 MB build does not win back in wall time on two cores.
PARALLEL_MIN_BYTES = 2_000_000
MAX_WORKERS = 4
CLUES_CHUNK = 64  # articles per worker task when reading a big file's reference clues
# Items extracted in this process are kept for the exports (which would otherwise decode them
# again from the store) up to this many: all of them below PARALLEL_MIN_BYTES, and memory stays
# bounded when one process is asked to build more (about 2 KB an item).
KEEP_MAX = 20_000


def events_of(article: Article) -> list[Event]:
    """Every dated item of one article: resolve its body, split sentences, extract items."""
    spans = resolve(article.body, article.reference)
    return extract_events(article, split_sentences(article.body), spans)


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


Part = tuple[tuple[int, str], list[Article]]  # ((file number, source), a batch of that file's articles)
Task = list[Part]  # parts of one or more files, about BATCH_CHARS characters in all
Done = tuple[tuple[int, str], list[Article], list[EncodedEvent]]


def _batches(files: Iterable[tuple[Path, list[Article]]], root: Path | None) -> Iterator[Task]:
    """Tasks of about BATCH_CHARS characters of articles: a big file in several, small files
    (news comes one article per file) together in one, so that each task is worth sending to a
    worker. An empty file gives a part with no articles, so its old items are still removed."""
    task: Task = []
    size = 0
    for number, (path, articles) in enumerate(files):
        key = (number, articles[0].source if articles else source_name(path, root))
        empty = not articles
        batch: list[Article] = []
        # taken out of the file's list as they go, so an article is freed once its batch is stored
        articles.reverse()
        while articles:
            article = articles.pop()
            batch.append(article)
            size += len(article.body)
            if size >= BATCH_CHARS:
                task.append((key, batch))
                yield task
                task, batch, size = [], [], 0
        if batch or empty:
            task.append((key, batch))
    if task:
        yield task


def _extract_parts(parts: Task, keep: dict[str, Event] | None = None) -> list[list[EncodedEvent]]:
    """Each part's items, encoded as the store keeps them: in a worker, this spares the build's
    one writing process receiving Event objects and encoding them. With `keep` (in the build's
    own process) each item is also kept there by its payload, up to KEEP_MAX items."""
    done = []
    for _, articles in parts:
        encoded = []
        for article in articles:
            for event in events_of(article):
                item = encode_event(event)
                if keep is not None and len(keep) < KEEP_MAX:
                    keep[item.payload] = event
                encoded.append(item)
        done.append(encoded)
    return done


class LocalEngine:
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
        self.decoded: dict[str, Event] = {}

    def __enter__(self) -> LocalEngine:
        if self.workers > 1:
            # imported here: a build of one process (most builds) never needs them
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

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
        """`map` over the workers, in chunks (the reference clues of a big file's articles).
        A file of less than one chunk is read here: sending it out costs more than reading it,
        and this process would only wait for the answer (a file of one news article, mostly)."""
        pool = self.pool
        if pool is None:
            return map

        def mapped(fn: Callable[[str], Clues], items: Sequence[str]) -> Iterable[Clues]:
            return map(fn, items) if len(items) < CLUES_CHUNK else pool.map(fn, items, chunksize=CLUES_CHUNK)

        return mapped

    def run(self, tasks: Iterable[Task]) -> Iterator[Done]:
        pool = self.pool

        def start(task: Task) -> Future[list[list[EncodedEvent]]] | Callable[[], list[list[EncodedEvent]]]:
            return (lambda: _extract_parts(task, self.decoded)) if pool is None else pool.submit(_extract_parts, task)

        for task, events in in_order(tasks, start, 2 * self.workers):
            for (key, batch), part_events in zip(task, events):
                yield key, batch, part_events

    def sources(self, files: Sequence[Path], *, root: Path | None, published: date | None, today: date,
                warnings: list[str], on_file: Callable[[Path, int, int], None] | None,
                skipped: list[str] | None, progress: InputProgress,
                fields: Mapping[str, str] | None = None) -> Sources:
        read = _read_all(files, root, published, today, warnings, on_file, self.mapper(), skipped, fields)
        tasks = _batches(progress.reading(read), root)
        for (_, source), done in itertools.groupby(self.run(tasks), key=lambda item: item[0]):
            yield source, _reported(done, progress)

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.frozen:
            gc.unfreeze()


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _read_all(
    files: Sequence[Path],
    root: Path | None,
    published: date | None,
    today: date,
    warnings: list[str],
    on_file: Callable[[Path, int, int], None] | None,
    mapper: Mapper = map,
    skipped: list[str] | None = None,
    fields: Mapping[str, str] | None = None,
) -> Iterator[tuple[Path, list[Article]]]:
    """Each file with its articles. With a `skipped` list a file that cannot be read is left
    out and its error added there (--keep-going); without one the error stops the build."""
    for done, path in enumerate(files, start=1):
        if on_file:
            on_file(path, done, len(files))
        try:
            articles = read_articles(path, root=root, published=published, fallback=today, mapper=mapper, fields=fields)
        except TimelineError as exc:
            if skipped is None:
                raise
            skipped.append(str(exc))
            continue
        # a warning names the file as the user did, not by its name in the store
        if not articles:
            warnings.append(f"{path.as_posix()}: empty file, nothing to read")
        for article in articles:
            warnings.extend(f"{path.as_posix()}#{article.index}: {w}" for w in article.warnings)
        yield path, articles


def _reported(done: Iterable[Done], progress: InputProgress) -> Iterator[tuple[list[Article], list[EncodedEvent]]]:
    for (number, _), articles, events in done:
        progress.extracted(number, articles)
        yield articles, events


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
