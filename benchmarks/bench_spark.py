#!/usr/bin/env python3
"""The local engine against Spark local[1] and local[2] on the same corpus (issue 16).

    python benchmarks/bench_spark.py [--mb 20] [--files 20] [--rounds 1]

Needs the spark extra (`pip install -e ".[spark]"`) and Java. Writes a corpus of FILES files
with make_corpus.py (MB/FILES MB each, seeds 1..FILES; cached in /tmp/timeline-bench-spark):
an archive arrives as many files, and Spark reads each file whole in one task.

Timed, each into a fresh store and exports folder, in this order:
- `local`: `pipeline.build(workers=1)`, the local engine in this one process;
- `spark local[1]`, then `spark local[2]`: a session on that master is started and warmed up
  (a small build, so each Python worker has loaded jieba) before anything is timed; then
  `pipeline.build(engine="spark")`, and inside it the Spark job alone (reading, reference
  dates and extraction on the executors, up to the persisted result).

It prints characters per second of each (characters of the article bodies) and the
speed-up from local[1] to local[2] of the job and of the whole build (the build also writes
the store and the exports in the driver, one process, whatever the engine). Target: the
job's speed-up >= 1.6x on 2 cores. The best of ROUNDS runs is kept for each; the machine is
shared, so compare figures within one run only.

The machine's own ceiling is measured in the same run, before and after the Spark timings:
the same busy loop in one process, then in two processes at once; the ratio is the speed-up
two cores give *now* (2.0 on an idle machine; a loaded one gives less to everything).
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from _common import REPO

from timeline import pipeline
from timeline.engines import spark as spark_engine
from timeline.ingest import iter_input_files, read_articles

WORK = Path(tempfile.gettempdir()) / "timeline-bench-spark"
TODAY = date(2020, 11, 30)


def corpus(mb: float, files: int) -> Path:
    folder = WORK / f"corpus-{mb:g}mb-{files}"
    if not folder.exists():
        staging = folder.with_suffix(".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for n in range(1, files + 1):
            subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "--mb", f"{mb / files:g}",
                            "--seed", str(n), "--out", str(staging / f"news-{n:03d}.txt")],
                           check=True, capture_output=True)
        staging.rename(folder)
    return folder


def body_chars(folder: Path) -> int:
    return sum(len(a.body) for path in iter_input_files([folder]) for a in read_articles(path, fallback=TODAY))


def timed_build(news: Path, name: str, **options: Any) -> float:
    out = WORK / "run" / name
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    pipeline.build([news], db=out / "t.db", out=out / "exports", now=datetime(2020, 12, 1, tzinfo=UTC),
                   today=TODAY, **options)
    return time.perf_counter() - start


def _busy(n: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - start


def ceiling(n: int = 20_000_000) -> float:
    """How much more work two processes do than one in the same time, on this machine now."""
    one = _busy(n)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_busy, [1000, 1000])  # started before the timing
        start = time.perf_counter()
        pool.map(_busy, [n, n], chunksize=1)
        two = time.perf_counter() - start
    return 2 * one / two


def spark_rounds(master: str, news: Path, warm: Path, rounds: int) -> tuple[float, float, float]:
    """(start-up seconds, best build seconds, best job seconds) on a session of `master`."""
    from pyspark.sql import SparkSession

    start = time.perf_counter()
    session = (SparkSession.builder.master(master).appName("bench-spark")
               .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    timed_build(warm, "warm", engine="spark")  # every Python worker loads jieba here
    started = time.perf_counter() - start
    jobs: list[float] = []
    job = spark_engine._job

    def timed_job(*args: Any, **kwargs: Any) -> Any:
        done = job(*args, **kwargs)
        t0 = time.perf_counter()
        done.count()  # persisted: the engine's own count then reads the cache
        jobs.append(time.perf_counter() - t0)
        return done

    spark_engine._job = timed_job
    try:
        builds = [timed_build(news, master, engine="spark") for _ in range(rounds)]
    finally:
        spark_engine._job = job
        session.stop()
    return started, min(builds), min(jobs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    news = corpus(args.mb, args.files)
    warm = corpus(0.2, 4)
    chars = body_chars(news)
    print(f"corpus: {args.files} files, {args.mb:g} MB, {chars:,} characters of article bodies", flush=True)
    rate: Callable[[float], str] = lambda seconds: f"{chars / seconds:>9,.0f} chars/s  ({seconds:6.1f} s)"
    local = min(timed_build(news, "local", workers=1) for _ in range(args.rounds))
    print(f"local engine, 1 process     build {rate(local)}", flush=True)
    before = ceiling()
    print(f"machine ceiling before: two processes do {before:.2f}x the work of one", flush=True)
    results = {}
    for master in ("local[1]", "local[2]"):
        started, build, job = spark_rounds(master, news, warm, args.rounds)
        results[master] = build, job
        print(f"spark {master:<9} start-up {started:5.1f} s | job {rate(job)} | build {rate(build)}", flush=True)
    after = ceiling()
    print(f"machine ceiling after:  two processes do {after:.2f}x the work of one", flush=True)
    (build1, job1), (build2, job2) = results["local[1]"], results["local[2]"]
    print(f"speed-up local[1] -> local[2]: job {job1 / job2:.2f}x, build {build1 / build2:.2f}x (target: job >= 1.6x)")
    print(f"spark local[2] build / local engine build: {local / build2:.2f}x the local engine's rate")


if __name__ == "__main__":
    main()
