"""Who runs the extraction over many articles: the engines of a build.

Every engine reads the same files into the same articles (reference dates are worked out
per file) and hands each file's (articles, events) batches, in file order, to the one store
writer of `pipeline.build`; so the store and the exports do not depend on the engine.

- `local`: this process, and worker processes for a large input (`engines/local.py`).
- `spark`: an Apache Spark job, `mapInPandas` over the articles (`engines/spark.py`; the
  `spark` extra).
- `rows`: no extraction at all; the items were extracted elsewhere and are read back from
  Parquet or JSON Lines rows (`engines/rows.py`, `timeline import`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from datetime import date
from pathlib import Path
from typing import Protocol

from timeline.codec import EncodedEvent
from timeline.progress import InputProgress
from timeline.types import Article, Event

ENGINES = ("local", "spark")

# each file's source name with its batches of articles and their events, in file order
Sources = Iterator[tuple[str, Iterable[tuple[Sequence[Article], Sequence[Event | EncodedEvent]]]]]


class Engine(Protocol):
    """What `pipeline.build` needs of an engine, used as a context manager around the build."""

    workers: int  # processes of this machine that render the exports' calendar chunks
    pool: Executor | None  # their pool, or None: the exports are rendered in this process

    @property
    def decoded(self) -> Mapping[str, Event]:
        """Stored payload -> its Event, for items extracted in this process: the exports need
        not decode what this process has just encoded (may be empty)."""
        ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def sources(self, files: Sequence[Path], *, root: Path | None, published: date | None, today: date,
                warnings: list[str], on_file: Callable[[Path, int, int], None] | None,
                skipped: list[str] | None, progress: InputProgress,
                fields: Mapping[str, str] | None = None) -> Sources:
        """Each file's source name and its (articles, events) batches, in file order. With a
        `skipped` list a file that cannot be read is left out and its error added there. `fields`
        renames JSON record fields (`--field`)."""
        ...


def open_engine(name: str, files: Sequence[Path], *, workers: int | None = None, master: str | None = None) -> Engine:
    """The engine called `name` for a build of `files` (not yet entered). `workers` is for the
    local engine, `master` (local[2], spark://host:7077, yarn) for Spark."""
    if name == "local":
        from timeline.engines.local import LocalEngine

        return LocalEngine(files, workers)
    if name == "spark":
        from timeline.engines.spark import SparkEngine

        return SparkEngine(master)
    if name == "rows":
        from timeline.engines.rows import RowsEngine

        return RowsEngine()
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
