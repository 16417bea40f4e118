"""A build with worker processes gives the store counts and export bytes of a build without."""

from __future__ import annotations

from datetime import UTC, date, datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from timeline import pipeline
from timeline.engines import local

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("todo", [False, True])
def test_workers_change_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, todo: bool) -> None:
    monkeypatch.setattr(local, "BATCH_CHARS", 500)  # several tasks from the seeds
    monkeypatch.setattr(pipeline, "ICS_CHUNK", 3)
    results = {}
    for workers in (1, 2):
        out = tmp_path / f"out-{workers}"
        report = pipeline.build([SEEDS], db=tmp_path / f"{workers}.db", out=out, root=SEEDS.parent, todo=todo,
                                now=datetime(2020, 11, 30, tzinfo=UTC), today=date(2020, 11, 30), workers=workers)
        results[workers] = (report.stats, {name: (out / name).read_bytes() for name in pipeline.EXPORTS})
    assert results[1][0].events > 0
    assert results[1] == results[2]


def test_in_order_keeps_task_order_and_bounds_the_work_in_flight() -> None:
    from concurrent.futures import Future

    started: list[int] = []
    pending: list[Future[int]] = []

    def start(n: int) -> Future[int] | Callable[[], int]:
        started.append(n)
        if n % 2:
            return lambda: n * 10  # done here, when its turn comes
        future: Future[int] = Future()
        future.set_result(n * 10)
        pending.append(future)
        return future

    results = []
    for task, result in pipeline.in_order(range(7), start, depth=2):
        results.append((task, result))
        assert len(started) - len(results) <= 2  # never more than `depth` tasks ahead
    assert results == [(n, n * 10) for n in range(7)]


def test_small_files_share_a_task_and_a_big_one_is_split(monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline.ids import stable_id
    from timeline.types import Article, Certainty

    def articles(source: str, sizes: list[int]) -> tuple[Path, list[Article]]:
        made = [Article(stable_id("article", source, str(i)), source, i, "", "字" * n, date(2020, 11, 30), "test",
                        Certainty.EXACT) for i, n in enumerate(sizes)]
        return Path(source), made

    monkeypatch.setattr(local, "BATCH_CHARS", 100)
    files = [articles("a.txt", [30]), articles("b.txt", []), articles("c.txt", [30]), articles("big.txt", [60, 60, 60]),
             articles("d.txt", [10])]
    tasks = list(local._batches(files, None))
    shape = [[(source, [len(a.body) for a in batch]) for (_, source), batch in task] for task in tasks]
    assert shape == [
        [("a.txt", [30]), ("b.txt", []), ("c.txt", [30]), ("big.txt", [60])],  # 120 characters: full
        [("big.txt", [60, 60])],
        [("d.txt", [10])],
    ]
