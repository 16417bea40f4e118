"""The rows engine of `timeline import`: items extracted elsewhere (a Spark or Dask job calling
`timeline.api.events_of`), read back from Parquet or JSON Lines files into the store.

Nothing is extracted here. Each row is one item (`timeline.api.event_row`); the rows of one
source file (`evidence.file`) replace that source's items in the store, as a build of that
file would. An article is known only through its items, so one without items is not stored.
The rows are grouped by source in memory: import what a laptop holds, extract on the cluster.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from timeline.api import article_of_event_row, event_from_row
from timeline.engines import Sources
from timeline.progress import InputProgress
from timeline.errors import InputError
from timeline.types import Article, Event

ROW_SUFFIXES = (".parquet", ".jsonl", ".json")


def row_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders (Spark writes `items.parquet/part-*.parquet`) expanded to their
    row files, sorted, hidden and `_`-prefixed ones (`_SUCCESS`) skipped."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ROW_SUFFIXES
                                and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(path, "no such file or folder")
    return list(dict.fromkeys(files))


def read_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each row of a Parquet or JSON Lines file with where it is (`line 3`, `row 3`).

    Raises InputError naming the file for a file that cannot be read or a line that is not a
    JSON object."""
    if path.suffix.lower() == ".parquet":
        yield from _parquet_rows(path)
        return
    try:
        with path.open(encoding="utf-8-sig") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(path, f"line {number}: not JSON ({exc.msg})") from None
                if not isinstance(row, dict):
                    raise InputError(path, f"line {number}: not a JSON object")
                yield f"line {number}", row
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 JSON Lines") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None


def _parquet_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]  # the spark extra; JSON Lines need nothing
    except ImportError:
        raise InputError(path, "reading Parquet needs pyarrow: pip install -e '.[spark]'") from None
    try:
        parquet = pq.ParquetFile(path)
        number = 0
        for batch in parquet.iter_batches(batch_size=10_000):
            for row in batch.to_pylist():
                number += 1
                yield f"row {number}", row
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(path, f"not a Parquet file ({str(exc).splitlines()[0]})") from None


class RowsEngine:
    """`timeline import`: the sources of rows files, grouped by source in first-seen order."""

    workers: int = 1
    pool: Executor | None = None
    decoded: Mapping[str, Event] = MappingProxyType({})  # the items are extracted elsewhere

    def __enter__(self) -> RowsEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def sources(self, files: Sequence[Path], *, root: Path | None, published: date | None, today: date,
                warnings: list[str], on_file: Callable[[Path, int, int], None] | None,
                skipped: list[str] | None, progress: InputProgress,
                fields: Mapping[str, str] | None = None) -> Sources:
        by_source: dict[str, tuple[dict[tuple[str, int], Article], list[Event]]] = {}
        for done, path in enumerate(files, start=1):
            if on_file:
                on_file(path, done, len(files))
            list(progress.reading([(path, [])]))  # a row file counts as done once its rows are read
            empty = True
            for where, row in read_rows(path):
                empty = False
                try:
                    event, article = event_from_row(row), article_of_event_row(row)
                except KeyError as exc:
                    raise InputError(path, f"{where}: not an item row (no field {exc})") from None
                except (ValueError, TypeError, AttributeError) as exc:
                    raise InputError(path, f"{where}: not an item row ({exc})") from None
                articles, events = by_source.setdefault(article.source, ({}, []))
                articles.setdefault((article.source, article.index), article)
                events.append(event)
            if empty:
                warnings.append(f"{path.as_posix()}: no rows, nothing to import")
        for source, (articles, events) in by_source.items():
            yield source, [(list(articles.values()), events)]
