"""The Spark engine: reading, reference dates and extraction as one Apache Spark job.

    files, in runs of about equal bytes ─► mapInPandas(read a whole file, events_of each
    article) ─► one row per article, persisted ─► driver, partition by partition, in order

- A file is read by one task, whole: an article's reference date depends on the other
  articles of its file (one without a date clue takes its neighbours'), so this gives exactly
  the local build's references and IDs. Reading one article at a time would not.
- The same task extracts the file's articles: no shuffle, so the partitions stay in input
  order (each is a run of consecutive files). The unit of work is a file: an archive of many
  files uses every core, one huge file only one.
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
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from datetime import date
from functools import partial
from itertools import chain, groupby
from pathlib import Path
from types import MappingProxyType
from typing import Any

from timeline.api import article_from_row, article_row, event_from_row, event_row
from timeline.engines import Sources
from timeline.progress import InputProgress
from timeline.engines.local import BATCH_CHARS, events_of
from timeline.progress import file_size
from timeline.errors import InputError, TimelineError
from timeline.ingest import read_articles, source_name
from timeline.types import Article, Event

FILES = "file int, path string, source string"
DONE = "file int, index int, article string, events string, error string"
PARTITIONS_PER_CORE = 4  # more, smaller tasks even out files of different lengths
ARTICLES_PER_BATCH = BATCH_CHARS // 1_000  # per store write on the driver (articles, not characters)


class SparkEngine:
    """A Spark session for one build: the active one if there is one (left running), else a
    new one on `master` (stopped afterwards)."""

    workers: int = 1  # the exports are written by the driver alone
    pool: Executor | None = None
    decoded: Mapping[str, Event] = MappingProxyType({})  # the items are extracted elsewhere

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
                warnings: list[str], on_file: Callable[[Path, int, int], None] | None,
                skipped: list[str] | None, progress: InputProgress,
                fields: Mapping[str, str] | None = None) -> Sources:
        """Each file's source name and its (articles, events) batches, in file order."""
        names = [source_name(path, root) for path in files]
        done = _job(self.session, files, names, root, published, today, fields)
        try:
            try:
                done.count()  # every partition at once, on every executor
            except Exception as exc:
                raise TimelineError(self.master or "spark", f"Spark job failed: {_first_line(exc)}") from None
            number = 0
            for file, rows in groupby(done.toLocalIterator(), key=lambda row: row["file"]):
                for skipped_over in range(number, file):  # files with no articles
                    yield from _empty(files, names, skipped_over, warnings, on_file)
                number = file + 1
                if on_file:
                    on_file(files[file], file + 1, len(files))
                # the job's rows carry no text, so the bar moves a whole file at a time
                list(progress.reading([(files[file], [])]))
                first = next(rows)
                if first["error"] is not None:  # an unreadable file's one row
                    if skipped is None:
                        raise InputError(files[file], first["error"])
                    skipped.append(f"{files[file].as_posix()}: {first['error']}")
                    continue
                yield names[file], _batches(files[file], chain([first], rows), warnings)
            for skipped_over in range(number, len(files)):
                yield from _empty(files, names, skipped_over, warnings, on_file)
        finally:
            done.unpersist()


def _job(spark: Any, files: Sequence[Path], names: list[str], root: Path | None, published: date | None,
         today: date, fields: Mapping[str, str] | None) -> Any:
    """The job's result, persisted: one row per article (or per unreadable file), partitions
    in input order, each a run of whole files of about the same size."""
    from pyspark import StorageLevel

    table = [(n, str(path.resolve()), names[n]) for n, path in enumerate(files)]
    groups = _runs(table, [file_size(path) for path in files], spark.sparkContext.defaultParallelism * PARTITIONS_PER_CORE)
    # one group per partition and no shuffle, so the partitions keep the files' order
    rows = spark.sparkContext.parallelize(groups, max(1, len(groups))).flatMap(lambda group: group)
    news = spark.createDataFrame(rows, FILES)
    return news.mapInPandas(partial(_extract_files, root, published, today, fields), DONE).persist(StorageLevel.MEMORY_AND_DISK)


def _runs(items: list[Any], sizes: list[int], parts: int) -> list[list[Any]]:
    """`items` cut into at most `parts` runs of consecutive items of about equal total size."""
    total = sum(sizes) or 1
    runs: list[list[Any]] = [[]]
    done = 0
    for item, size in zip(items, sizes):
        if runs[-1] and done >= total * len(runs) / parts:
            runs.append([])
        runs[-1].append(item)
        done += size
    return [run for run in runs if run]


def _extract_files(root: Path | None, published: date | None, today: date, fields: Mapping[str, str] | None,
                   frames: Iterator[Any]) -> Iterator[Any]:
    """On an executor: each file read whole (decode, split, reference dates), then each
    article's store record and its items as rows (JSON text); a file that cannot be read
    gives one row with the reason."""
    import pandas as pd  # type: ignore[import-untyped]

    columns = ["file", "index", "article", "events", "error"]
    for frame in frames:
        for file, path, source in zip(frame["file"], frame["path"], frame["source"]):
            try:
                articles = read_articles(Path(path), root, published, fallback=today, fields=fields)
            except TimelineError as exc:
                yield pd.DataFrame([(int(file), -1, None, None, exc.reason)], columns=columns)
                continue
            for start in range(0, len(articles), ARTICLES_PER_BATCH):  # a big file in pieces
                rows = []
                for article in articles[start:start + ARTICLES_PER_BATCH]:
                    article = replace(article, source=source)  # as the driver names the file
                    events = [event_row(event, article) for event in events_of(article)]
                    rows.append((int(file), article.index, json.dumps(article_row(article), ensure_ascii=False),
                                 json.dumps(events, ensure_ascii=False), None))
                yield pd.DataFrame(rows, columns=columns)


def _batches(path: Path, rows: Iterator[Any], warnings: list[str]) -> Iterator[tuple[list[Article], list[Event]]]:
    """A file's rows from the job as the store writer's batches; warnings name `path` as given."""
    articles: list[Article] = []
    events: list[Event] = []
    for row in rows:
        article = article_from_row(json.loads(row["article"]))
        warnings.extend(f"{path.as_posix()}#{article.index}: {w}" for w in article.warnings)
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
    warnings.append(f"{files[number].as_posix()}: empty file, nothing to read")
    yield names[number], [([], [])]


def _first_line(exc: BaseException) -> str:
    """The line that says what went wrong: a Python worker's exception (`ModuleNotFoundError:
    No module named 'x'`) is the last such line of Spark's message, else its first line."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    raised = [line for line in lines if re.match(r"^[\w.]+(?:Error|Exception): ", line)]
    return raised[-1] if raised else lines[0] if lines else type(exc).__name__
