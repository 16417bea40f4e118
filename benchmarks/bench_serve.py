"""Feed throughput: waitress serving /calendar.ics over a store of ~500 events.

    python benchmarks/bench_serve.py [--events 500] [--requests 200] [--concurrency 200]

Starts the real server (waitress, as `timeline serve` does) on a free loopback port in this
process, fires the requests from a thread pool with http.client, once as full GETs and once
as conditional GETs (If-None-Match with the current ETag, the way calendar clients poll), and
prints requests/second, p50/p99 latency and the error count (anything but 200 resp. 304).
Bounded: a fixed number of requests, a 30 s socket timeout, and the server is closed at the end.
It prints figures and never asserts; the machines are shared, so read the numbers as rough.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from _common import REPO

sys.path.insert(0, str(REPO))

import waitress  # noqa: E402

from tests.factories import CHANGED_AT, make_article, make_event, make_span  # noqa: E402
from timeline.server import make_app  # noqa: E402
from timeline.store import Store  # noqa: E402
from timeline.types import Category, EventKind, Grain, Role  # noqa: E402


def build_store(path: Path, n: int) -> None:
    """`n` events in one build: days, deadlines and plans spread over two years, Chinese titles."""
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


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=200)  # the issue: 200 requests in flight at once
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    args = parser.parse_args()
    # waitress warns "Task queue depth is N" whenever requests wait for a worker: expected here.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        db = Path(tmp) / "timeline.db"
        t0 = time.perf_counter()
        build_store(db, args.events)
        print(f"store: {args.events} events built in {time.perf_counter() - t0:.2f} s")
        server = waitress.create_server(make_app(db, Path(tmp)), host="127.0.0.1", port=0, threads=args.threads)
        port = server.effective_port  # type: ignore[union-attr]
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
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
            return 1 if any(r[4] for r in rows) else 0
        finally:
            server.close()
            thread.join(timeout=5)


if __name__ == "__main__":
    sys.exit(main())
