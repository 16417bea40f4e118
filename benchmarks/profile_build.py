#!/usr/bin/env python3
"""Where `timeline build` spends its time and memory, stage by stage, in one process.

    python benchmarks/profile_build.py CORPUS [--workers N] [--cprofile N]

Runs `timeline.pipeline.build` on CORPUS (a file or folder) into a fresh store in a temporary
folder, with timers around each stage (reading and reference dates, resolver, sentence split,
extraction, jieba tagging, store writes and reads, each export). With workers (default: what
the build would choose) the extraction stages run in the workers and are not timed here;
use --workers 1 for the per-stage figures of the work itself. With workers and fork, jieba's
start-up is timed here: this process loads it before forking the workers, which share it.
"store writes" takes each batch as it comes back, so with workers it includes the wait for them. --cprofile N prints the N
functions with the most own time (workers 1 only).
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

T0 = time.perf_counter()
import timeline.extract as extract  # noqa: E402
import timeline.pipeline as pipeline  # noqa: E402
from timeline.engines import local  # noqa: E402  (the local engine reads and extracts)
from timeline.export import ics  # noqa: E402
from timeline.export.json import JsonListWriter  # noqa: E402
from timeline.extract import names  # noqa: E402
from timeline import store as store_module  # noqa: E402
from timeline.store import BuildWriter  # noqa: E402

IMPORTED = time.perf_counter() - T0
ORDER: list[str] = []
SPENT: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def timed(owner: Any, name: str, label: str) -> None:
    inner = getattr(owner, name)
    ORDER.append(label)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            SPENT[label] += time.perf_counter() - t
            CALLS[label] += 1

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

    timed(local, "read_articles", "read + reference dates")
    timed(local, "resolve", "resolve")
    timed(local, "split_sentences", "sentences")
    timed(local, "extract_events", "extract (incl. tagging)")
    timed(extract, "tag", "  of which jieba tag")
    timed(names, "_tagger", "  of which jieba start-up (1st call)")
    timed(BuildWriter, "replace_source_batches", "store writes")
    timed(pipeline, "_write_exports", "exports (one pass over the store)")
    timed(store_module, "event_from_dict", "  of which decoding stored items")
    timed(JsonListWriter, "add_text", "  of which writing events.json")
    if args.workers == 1:  # with workers it runs there, and a timed wrapper cannot be sent to them
        timed(pipeline, "_render_chunk", "  of which JSON and calendar components (workers 1 only)")
    timed(ics.CalendarBody, "add", "  of which spooling calendar components")
    timed(ics.CalendarBody, "write", "  of which writing calendars")
    timed(pipeline, "render_nearest", "  of which timeline.html")

    with tempfile.TemporaryDirectory() as tmp:
        profiler = cProfile.Profile() if args.cprofile else None
        t = time.perf_counter()
        if profiler:
            profiler.enable()
        report = pipeline.build([args.corpus], db=Path(tmp) / "t.db", out=Path(tmp) / "out",
                                now=datetime(2020, 11, 30, tzinfo=UTC), today=date(2020, 11, 30),
                                workers=args.workers)
        if profiler:
            profiler.disable()
        wall = time.perf_counter() - t
    s = report.stats
    print(f"{args.corpus}: {s.articles:,} articles, {s.events:,} items; imports {IMPORTED:.2f} s, build {wall:.2f} s; "
          f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB "
          f"(workers {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB), now {rss_mb()} MB")
    for label in ORDER:
        print(f"  {label:34s} {SPENT[label]:7.2f} s  {CALLS[label]:6,} calls")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
