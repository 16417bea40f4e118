#!/usr/bin/env python3
"""Where `timeline build` spends its CPU and memory, stage by stage, in one process.

    python benchmarks/profile_build.py CORPUS [--workers N] [--cprofile N]

Prints each stage's CPU seconds (time.process_time of this process) and its share of all the
CPU this process used from interpreter start to the end of the build, imports included: the
table `stage, % CPU` that the speed work reports before and after.

Runs `timeline.pipeline.build` on CORPUS (a file or folder) into a fresh store in a temporary
folder, with timers around each stage (reading and reference dates, resolver, sentence split,
extraction, tagging, store writes and reads, each export). Each row is the stage's own time:
a timed call inside another (the reading and extraction that the store writer's generator
drives) is charged to its own row only, so the rows add up to the process's CPU.
With workers (default: what the build would choose) the extraction stages run in the workers
and are not timed here; use --workers 1 for the per-stage figures of the work itself. With
workers and fork, the tagger's start-up is timed here: this process loads it before forking
the workers, which share it; "store writes" then includes the wait for them.
--cprofile N prints the N functions with the most own time (workers 1 only).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

T0 = time.process_time()
import timeline.extract as extract  # noqa: E402
import timeline.pipeline as pipeline  # noqa: E402
from timeline.export import ics  # noqa: E402
from timeline.export.json import JsonListWriter  # noqa: E402
from timeline.extract import names  # noqa: E402
from timeline import store as store_module  # noqa: E402
from timeline.store import BuildWriter  # noqa: E402

IMPORTED = time.process_time() - T0
ORDER: list[str] = []
SPENT: dict[str, float] = defaultdict(float)  # own CPU time: nested timed calls are not counted twice
CALLS: dict[str, int] = defaultdict(int)
_INNER: list[float] = []  # per active timed call, the CPU time of the timed calls inside it


def timed(owner: Any, name: str, label: str) -> None:
    """Charge the CPU time of owner.name, less that of timed calls inside it, to `label`.

    Skipped when this version of timeline has no such function, so one script profiles both
    sides of a change. Every row is own time, so the rows add up to the process's CPU.
    """
    inner = getattr(owner, name, None)
    if inner is None:
        return
    if label not in ORDER:
        ORDER.append(label)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.process_time()
        _INNER.append(0.0)
        try:
            return inner(*args, **kwargs)
        finally:
            spent = time.process_time() - t
            SPENT[label] += spent - _INNER.pop()
            CALLS[label] += 1
            if _INNER:
                _INNER[-1] += spent

    setattr(owner, name, wrapper)


def rss_mb() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmRSS"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--cprofile", type=int, default=0, metavar="N")
    args = ap.parse_args(argv)

    timed(pipeline, "read_articles", "read + reference dates")
    timed(pipeline, "resolve", "resolve")
    timed(pipeline, "split_sentences", "sentences")
    timed(pipeline, "extract_events", "extract, less tagging")
    timed(extract, "tag", "tagging")
    timed(names, "_tagger", "tagger start-up (its first call)")
    timed(BuildWriter, "replace_source_batches", "store writes")
    timed(pipeline, "_write_exports", "exports: the rest of the pass")
    timed(store_module, "event_from_dict", "exports: decoding stored items")
    timed(store_module, "stored_event", "exports: decoding stored items")
    if args.workers == 1:  # with workers it runs there, and a timed wrapper cannot be sent to them
        timed(pipeline, "_render_chunk", "exports: JSON and calendar components (workers 1 only)")
    timed(JsonListWriter, "add_text", "exports: writing events.json")
    timed(ics.CalendarBody, "add", "exports: spooling calendar components")
    timed(ics.CalendarBody, "write", "exports: writing calendars")
    timed(pipeline, "render_nearest", "exports: timeline.html")

    with tempfile.TemporaryDirectory() as tmp:
        profiler = cProfile.Profile() if args.cprofile else None
        t, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        report = pipeline.build([args.corpus], db=Path(tmp) / "t.db", out=Path(tmp) / "out",
                                now=datetime(2020, 11, 30, tzinfo=UTC), today=date(2020, 11, 30),
                                workers=args.workers)
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    total = time.process_time()  # this process from its start: interpreter, imports and build
    s = report.stats
    print(f"{args.corpus}: {s.articles:,} articles, {s.events:,} items; build {wall:.2f} s wall, {cpu:.2f} s CPU; "
          f"this process {total:.2f} s CPU in all; "
          f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB "
          f"(workers {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB), now {rss_mb()} MB")
    print(f"  {'stage (own CPU time)':54s} {'CPU s':>7s} {'% CPU':>6s} {'calls':>7s}")
    rows = [("interpreter start and imports", total - cpu, 1), *((label, SPENT[label], CALLS[label]) for label in ORDER)]
    rows.append(("everything else in the build", cpu - sum(SPENT.values()), 0))
    for label, spent, calls in rows:
        print(f"  {label:54s} {spent:7.2f} {100 * spent / total:5.1f}% {calls:7,}")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
