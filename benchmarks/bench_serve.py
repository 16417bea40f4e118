"""Feed throughput: waitress serving /calendar.ics over a store of ~500 events.

    python benchmarks/bench_serve.py [--events 500] [--requests 200] [--concurrency 200]
                                     [--no-parts] [--gzip-filters]

Starts the real server (waitress, as `timeline serve` does) on a free loopback port in this
process, fires the requests from a thread pool with http.client, once as full GETs and once
as conditional GETs (If-None-Match with the current ETag, the way calendar clients poll), and
prints requests/second, p50/p99 latency and the error count (anything but 200 resp. 304).
Bounded: a fixed number of requests, a 30 s socket timeout, and the server is closed at the end.
Then the mixed load of issue 12 (`mixed_load`): idle half-sent connections, calendar and page
pollers and clients with distinct filters at once, with the slowest request and the memory.
The store is built as `timeline build` builds it: items, their feed parts and the published
exports (the feed sends the export files and joins filtered calendars from the parts);
`--no-parts` leaves the parts and exports out, so the feed renders every calendar from the
events (a version 1 store). `--gzip-filters` makes the filter clients ask for gzip.
It prints figures and never asserts; the machines are shared, so read the numbers as rough.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import logging
import multiprocessing
import os
import resource
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from _common import REPO

sys.path.insert(0, str(REPO))

from tests.factories import (  # noqa: E402
    CHANGED_AT,
    make_article,
    make_event,
    make_span,
    publish_exports,
)
from timeline.server import THREADS, make_app, serve  # noqa: E402
from timeline.store import Store  # noqa: E402
from timeline.types import Category, EventKind, Grain, Role  # noqa: E402
from timeline.waitress_feed import create_feed_server  # noqa: E402


def build_store(path: Path, n: int, *, parts: bool) -> None:
    """`n` events in one build: days, deadlines and plans spread over two years, Chinese titles;
    with `parts`, their feed parts and exports published beside the store, as a build does."""
    article = make_article(title="基准测试文章", body="基准。" * n)
    events = []
    for i in range(n):
        day = date(2020, 12, 1) + timedelta(days=i % 730)
        if i % 3 == 0:
            span = make_span(date(2020, 11, 30), day + timedelta(days=1), text=f"{day.month}月{day.day}日前",
                             grain=Grain.DAY, role=Role.DEADLINE, offset=i)
            kind = EventKind.DEADLINE
        else:
            span = make_span(day, day + timedelta(days=1), text=f"{day.month}月{day.day}日", offset=i)
            kind = EventKind.EVENT
        events.append(make_event(span, title=f"第{i}次重点项目推进会", kind=kind, category=Category.MEETING,
                                 sentence=f"{span.text},召开第{i}次重点项目推进会。", article=article))
    store = Store(path)
    with store.build_transaction(CHANGED_AT) as writer:
        writer.replace_source(article.source, [article], events)
    if parts:
        publish_exports(store, path.parent)
    store.close()


def fire(port: int, total: int, concurrency: int, headers: dict[str, str], ok: int) -> tuple[float, list[float], int]:
    """(seconds, per-request latencies, errors) for `total` GETs of /calendar.ics."""
    local = threading.local()

    def one(_: int) -> tuple[float, bool]:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        t0 = time.perf_counter()
        try:
            conn.request("GET", "/calendar.ics", headers=headers)
            resp = conn.getresponse()
            resp.read()
            good = resp.status == ok
        except (OSError, http.client.HTTPException):
            conn.close()
            local.conn = None
            good = False
        return time.perf_counter() - t0, good

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(total)))
    elapsed = time.perf_counter() - t0
    return elapsed, [r[0] for r in results], sum(1 for r in results if not r[1])


def rss_mb(pid: int | None = None) -> float:
    """The resident memory of process `pid` (None: this one) now, from Linux /proc."""
    try:
        pages = int(Path(f"/proc/{pid or 'self'}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def mixed_load(port: int, args: argparse.Namespace, server_pid: int | None) -> int:
    """The issue's loads at once: `--idle` half-sent connections held open, then 200 clients on
    keep-alive connections: calendar pollers (If-None-Match, mostly 304), page pollers
    (/timeline.html, If-None-Match), and clients each with its own ?from= filter (a variant
    to render), `--rounds` requests each. Prints per class p50/p99/max and the memory."""
    idle = []
    for _ in range(args.idle):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(b"GET /calendar.ics HTTP/1.1\r\nHost: bench\r\n")  # never finished
        idle.append(s)
    tags: dict[str, str] = {}
    for path in ("/calendar.ics", "/timeline.html"):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        tags[path] = resp.getheader("ETag") or ""
        conn.close()
    clients = [("calendar poll", "/calendar.ics", True)] * 150 + [("page poll", "/timeline.html", True)] * 30
    clients += [("filter", f"/calendar.ics?from={date(2020, 12, 1) + timedelta(days=7 * k)}", False) for k in range(20)]
    latencies: dict[str, list[float]] = {}
    errors, busy = [0], [0]
    lock = threading.Lock()
    filter_headers = {"Accept-Encoding": "gzip"} if args.gzip_filters else {}
    rss = RssSampler(server_pid)

    requests: list[tuple[float, str, int, int, int]] = []  # (seconds, class, round, status, bytes)

    def client(label: str, path: str, conditional: bool) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for round_ in range(args.rounds):
            status, size = 0, 0
            headers = {"If-None-Match": tags[path]} if conditional else dict(filter_headers)
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                status, size = resp.status, len(resp.read())
                good = resp.status in (200, 304)
                if resp.status == 503:  # busy rendering: the client is told to come back
                    with lock:
                        busy[0] += 1
                    good = True
            except (OSError, http.client.HTTPException):
                conn.close()
                good = False
            with lock:
                latencies.setdefault(label, []).append(time.perf_counter() - t0)
                requests.append((time.perf_counter() - t0, label, round_, status, size))
                errors[0] += not good
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=c) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    elapsed = time.perf_counter() - t0
    for s in idle:
        s.close()
    total = sum(len(v) for v in latencies.values())
    print(f"\nmixed load: {len(clients)} clients x {args.rounds} requests + {args.idle} idle half-sent connections;"
          f" {total} requests in {elapsed:.1f} s ({total / elapsed:.0f} req/s), errors {errors[0]},"
          f" 503 busy (retry later) {busy[0]}")
    print(f"{'class':<16}{'requests':>10}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}   answers")
    for label, values in latencies.items():
        answers = collections.Counter(status for _, name, _, status, _ in requests if name == label)
        print(f"{label:<16}{len(values):>10}{statistics.median(values) * 1000:>10.1f}"
              f"{percentile(values, 99) * 1000:>10.1f}{max(values) * 1000:>10.1f}   "
              + ", ".join(f"{count} x {status or 'error'}" for status, count in sorted(answers.items())))
    worst = max(max(v) for v in latencies.values())
    print("slowest: " + "; ".join(f"{label} round {round_ + 1} {status} {size / 1e6:.1f} MB {sec * 1000:.0f} ms"
                                  for sec, label, round_, status, size in sorted(requests, reverse=True)[:5]))
    start, peak, end = rss.stop()
    whose = "the server process" if server_pid else "this process (server and clients)"
    print(f"slowest request {worst * 1000:.0f} ms (target < 1000); RSS of {whose} during the load: start {start:.0f},"
          f" peak {peak:.0f}, end {end:.0f} MB"
          + ("" if server_pid else f" (process peak, store build included:"
             f" {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6:.0f} MB)"))
    return errors[0]


class RssSampler:
    """The RSS of process `pid` (None: this one) every 50 ms from now until `stop()`, which
    returns (start, peak, end) in MB."""

    def __init__(self, pid: int | None = None) -> None:
        self._pid = pid
        self._samples = [rss_mb(pid)]
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.05):
            self._samples.append(rss_mb(self._pid))

    def stop(self) -> tuple[float, float, float]:
        self._done.set()
        self._thread.join(timeout=5)
        self._samples.append(rss_mb(self._pid))
        return self._samples[0], max(self._samples), self._samples[-1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def start_server(db: Path, exports: Path, threads: int, child: bool) -> tuple[int, Callable[[], None], int | None]:
    """Start waitress on a free loopback port, in a thread of this process or in a forked child
    (`child`); returns the port, how to stop it and the child's PID (None in this process)."""
    if not child:
        server = create_feed_server(make_app(db, exports), host="127.0.0.1", port=0, threads=threads)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()

        def stop_thread() -> None:
            server.close()
            thread.join(timeout=5)

        return server.effective_port, stop_thread, None
    context = multiprocessing.get_context("fork")  # no thread runs yet: forking is safe here
    ports = context.Queue()

    def run() -> None:  # as `timeline serve` runs it: SIGTERM stops it and removes its temporary files
        serve(db, exports, host="127.0.0.1", port=0, threads=threads, on_start=ports.put)

    process = context.Process(target=run, daemon=True)
    process.start()

    def stop_process() -> None:
        process.terminate()
        process.join(timeout=5)

    return ports.get(timeout=60), stop_process, process.pid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=200)  # the issue: 200 requests in flight at once
    parser.add_argument("--threads", type=int, default=THREADS, help="waitress worker threads")
    parser.add_argument("--page-kb", type=int, default=4800, help="size of timeline.html (the issue's: 4.8 MB)")
    parser.add_argument("--idle", type=int, default=110, help="idle half-sent connections held open")
    parser.add_argument("--rounds", type=int, default=5, help="requests per client in the mixed load")
    parser.add_argument("--no-parts", action="store_true",
                        help="no feed parts or published exports: every calendar rendered from the events")
    parser.add_argument("--gzip-filters", action="store_true", help="the filter clients accept gzip")
    parser.add_argument("--server-process", action="store_true",
                        help="run the server in a child process, so its memory is measured without the clients'")
    args = parser.parse_args()
    # waitress warns "Task queue depth is N" whenever requests wait for a worker: expected here.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        db = Path(tmp) / "timeline.db"
        t0 = time.perf_counter()
        build_store(db, args.events, parts=not args.no_parts)
        print(f"store: {args.events} events built in {time.perf_counter() - t0:.2f} s"
              f" ({'no parts, rendered from events' if args.no_parts else 'with feed parts and published exports'})")
        # the page a big store's build writes is megabytes; the pollers of the mixed load ask for it
        (Path(tmp) / "timeline.html").write_bytes(b"<!doctype html>" + "时间线页面。".encode() * (args.page_kb * 1024 // 18))
        port, stop, server_pid = start_server(db, Path(tmp), args.threads, args.server_process)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            t0 = time.perf_counter()
            conn.request("GET", "/calendar.ics")
            first = conn.getresponse()
            body = first.read()
            cold = time.perf_counter() - t0
            etag = first.getheader("ETag") or ""
            conn.close()
            print(f"first GET (renders {len(body):,} bytes): {cold * 1000:.1f} ms; "
                  f"waitress threads={args.threads}, client concurrency={args.concurrency}")
            rows = []
            for label, headers, ok in (
                ("full GET", {}, 200),
                ("full GET, gzip", {"Accept-Encoding": "gzip"}, 200),
                ("If-None-Match (304)", {"If-None-Match": etag}, 304),
            ):
                elapsed, lat, errors = fire(port, args.requests, args.concurrency, headers, ok)
                rows.append((label, args.requests / elapsed, statistics.median(lat) * 1000,
                             percentile(lat, 99) * 1000, errors))
            print(f"{'requests':<22}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
            for label, rps, p50, p99, errors in rows:
                print(f"{label:<22}{rps:>10.0f}{p50:>10.1f}{p99:>10.1f}{errors:>8}")
            mixed_errors = mixed_load(port, args, server_pid)
            return 1 if any(r[4] for r in rows) or mixed_errors else 0
        finally:
            stop()


if __name__ == "__main__":
    sys.exit(main())
