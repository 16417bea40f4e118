"""The Spark engine: reading, reference dates and extraction as one Apache Spark job.

    files ─► mapInPandas(read one whole file) ─► articles ─► repartitionByRange(file, index)
          ─► mapInPandas(events_of) ─► persisted ─► driver, partition by partition, in order

- A file is read by one task, whole: an article's reference date depends on the other
  articles of its file (one without a date clue takes its neighbours'), so this gives exactly
  the local build's references and IDs. Reading one article at a time would not.
- The articles are then spread by range of (file, article) over the executors, so one big
  file is extracted by every core, and the partitions stay in input order.
- The result is persisted and counted (all partitions at once), then the driver takes it one
  partition at a time (`toLocalIterator`) into the same store writer as the local engine,
  one file after another in input order: the store and the exports are the same bytes.
- Each Python worker loads jieba's dictionary once (about 330 MB) and keeps it for every task
  it runs (Spark reuses its Python workers; `functools.cache` keeps the tokenizer).

Needs the `spark` extra (`pip install -e ".[spark]"`) and a Java runtime. On a cluster the
input paths must be readable at the same absolute path on every executor (a shared
filesystem); for HDFS or S3 call `timeline.api` from your own job and `timeline import`.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Any

from timeline.api import article_from_row, article_row, event_from_row, event_row
from timeline.engines import Sources
from timeline.engines.local import BATCH_CHARS, events_of
from timeline.errors import InputError, TimelineError
from timeline.ingest import read_articles, source_name
from timeline.types import Article, Event

FILES = "file int, path string, source string"
ARTICLES = "file int, index int, article binary, error string"
DONE = "file int, index int, article string, events string, error string"
PARTITIONS_PER_CORE = 4  # smaller tasks even out articles of different lengths
ARTICLES_PER_BATCH = BATCH_CHARS // 1_000  # per store write on the driver (articles, not characters)


class SparkEngine:
    """A Spark session for one build: the active one if there is one (left running), else a
    new one on `master` (stopped afterwards)."""

    workers = 1  # the exports are written by the driver alone
    pool = None

    def __init__(self, master: str | None) -> None:
        self.master = master
        self.session: Any = None
        self.owned = False

    def __enter__(self) -> SparkEngine:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise TimelineError("--engine spark", "pyspark is not installed: pip install -e '.[spark]'") from None
        active = SparkSession.getActiveSession()
        if active is not None:
            self.session = active
            return self
        builder = SparkSession.builder.appName("timeline").config("spark.ui.showConsoleProgress", "false")
        if self.master:
            builder = builder.master(self.master)
        try:
            self.session = builder.getOrCreate()
        except Exception as exc:  # no Java, an unreachable master: Spark says so in many shapes
            raise TimelineError(self.master or "spark", f"cannot start Spark: {_first_line(exc)}") from None
        self.owned = True
        self.session.sparkContext.setLogLevel("ERROR")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.owned:
            self.session.stop()

    def sources(self, files: Sequence[Path], *, root: Path | None, published: date | None, today: date,
                warnings: list[str], on_file: Callable[[Path, int, int], None] | None) -> Sources:
        """Each file's source name and its (articles, events) batches, in file order."""
        names = [source_name(path, root) for path in files]
        done = _job(self.session, files, names, published, today)
        try:
            try:
                done.count()  # every partition at once, on every executor
            except Exception as exc:
                raise TimelineError(self.master or "spark", f"Spark job failed: {_first_line(exc)}") from None
            results = groupby(done.toLocalIterator(), key=lambda row: row["file"])
            number = 0
            for file, rows in results:
                for skipped in range(number, file):  # files with no articles
                    yield from _empty(files, names, skipped, warnings, on_file)
                if on_file:
                    on_file(files[file], file + 1, len(files))
                yield names[file], _batches(names[file], rows, warnings)
                number = file + 1
            for skipped in range(number, len(files)):
                yield from _empty(files, names, skipped, warnings, on_file)
        finally:
            done.unpersist()


def _job(spark: Any, files: Sequence[Path], names: list[str], published: date | None, today: date) -> Any:
    from pyspark import StorageLevel

    cores = spark.sparkContext.defaultParallelism
    table = spark.createDataFrame([(n, str(path.resolve()), names[n]) for n, path in enumerate(files)], FILES)
    table = table.repartition(max(1, min(len(files), cores * PARTITIONS_PER_CORE)))
    articles = table.mapInPandas(partial(_read_files, published, today), ARTICLES)
    articles = articles.repartitionByRange(cores * PARTITIONS_PER_CORE, "file", "index")
    articles = articles.sortWithinPartitions("file", "index")
    return articles.mapInPandas(_extract, DONE).persist(StorageLevel.MEMORY_AND_DISK)


def _read_files(published: date | None, today: date, frames: Iterator[Any]) -> Iterator[Any]:
    """On an executor: the articles of each file, read whole; a file that cannot be read
    gives one row with the reason."""
    import pandas as pd

    for frame in frames:
        rows: list[tuple[int, int, bytes | None, str | None]] = []
        for file, path, source in zip(frame["file"], frame["path"], frame["source"]):
            try:
                articles = read_articles(Path(path), published=published, fallback=today)
            except TimelineError as exc:
                rows.append((int(file), -1, None, exc.reason))
                continue
            for article in articles:
                # the source as the driver names it; pickled as is: driver and executors run the same code
                named = _renamed(article, source)
                rows.append((int(file), article.index, pickle.dumps(named), None))
        yield pd.DataFrame(rows, columns=["file", "index", "article", "error"])


def _renamed(article: Article, source: str) -> Article:
    from dataclasses import replace

    return replace(article, source=source)


def _extract(frames: Iterator[Any]) -> Iterator[Any]:
    """On an executor: each article's store record and its items as rows (JSON text)."""
    import pandas as pd

    for frame in frames:
        rows: list[tuple[int, int, str | None, str | None, str | None]] = []
        for file, index, data, error in zip(frame["file"], frame["index"], frame["article"], frame["error"]):
            if data is None:
                rows.append((int(file), int(index), None, None, error))
                continue
            article = pickle.loads(data)
            events = [event_row(event, article) for event in events_of(article)]
            rows.append((int(file), int(index), json.dumps(article_row(article), ensure_ascii=False),
                         json.dumps(events, ensure_ascii=False), None))
        yield pd.DataFrame(rows, columns=["file", "index", "article", "events", "error"])


def _batches(source: str, rows: Iterator[Any], warnings: list[str]) -> Iterator[tuple[list[Article], list[Event]]]:
    """A file's rows from the job as the store writer's batches; the file's error, if any."""
    articles: list[Article] = []
    events: list[Event] = []
    for row in rows:
        if row["error"] is not None:
            raise InputError(source, row["error"])
        article = article_from_row(json.loads(row["article"]))
        warnings.extend(f"{source}#{article.index}: {w}" for w in article.warnings)
        articles.append(article)
        events.extend(event_from_row(item) for item in json.loads(row["events"]))
        if len(articles) >= ARTICLES_PER_BATCH:
            yield articles, events
            articles, events = [], []
    if articles:
        yield articles, events


def _empty(files: Sequence[Path], names: list[str], number: int, warnings: list[str],
           on_file: Callable[[Path, int, int], None] | None) -> Sources:
    """A file with no articles: its old items go, with the local build's warning."""
    if on_file:
        on_file(files[number], number + 1, len(files))
    warnings.append(f"{names[number]}: empty file, nothing to read")
    yield names[number], [([], [])]


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
