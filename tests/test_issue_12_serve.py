"""Issue 12, item 4: the feed cannot be stalled.

The page is read once per file version, rendered bodies are cached by bytes and each made
once at a time, 304s keep the connection, and idle half-sent connections neither block a
request nor fill the server. Loopback only; every loop is bounded.
"""

from __future__ import annotations

import http.client
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import sample_events, store_with
from timeline.bytes_cache import BytesCache
from timeline.server import make_app
from timeline.waitress_feed import create_feed_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, Any, Path]]:
    store_with(tmp_path / "timeline.db", sample_events()).close()
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "timeline.html").write_bytes(b"<!doctype html><p>" + "时间线".encode() * 2000)
    app = make_app(tmp_path / "timeline.db", tmp_path / "exports")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    srv = create_feed_server(app, host="127.0.0.1", port=0, threads=4, channel_timeout=3, cleanup_interval=1)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        yield srv.effective_port, app, tmp_path
    finally:
        srv.close()
        thread.join(timeout=5)


def test_a_304_keeps_the_connection_open(server: tuple[int, Any, Path]) -> None:
    port, _, _ = server
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for path in ("/calendar.ics", "/timeline.html"):
        conn.request("GET", path)
        first = conn.getresponse()
        first.read()
        sock = conn.sock
        for _ in range(3):
            conn.request("GET", path, headers={"If-None-Match": first.getheader("ETag") or ""})
            again = conn.getresponse()
            again.read()
            assert again.status == 304 and again.getheader("Connection") != "close"
            assert conn.sock is sock  # the same TCP connection: http.client did not reconnect
    conn.close()


def test_the_page_is_hashed_once_per_version_of_the_file(server: tuple[int, Any, Path]) -> None:
    from tests.test_server import call

    _, app, tmp = server
    first = app._page()
    assert app._page().etag is first.etag  # the same string: the file was not read and hashed again
    page = tmp / "exports" / "timeline.html"
    page.write_bytes(page.read_bytes() + b"<p>new build")
    assert app._page().etag != first.etag
    assert call(app, "/timeline.html").body == page.read_bytes()  # sent from the file


def test_idle_half_sent_connections_do_not_block_a_request(server: tuple[int, Any, Path]) -> None:
    port, _, _ = server
    idle = []
    try:
        for _ in range(150):  # beyond waitress's default limit of 100 connections
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /calendar.ics HTTP/1.1\r\nHost: x\r\n")  # never finished
            idle.append(s)
        t0 = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/calendar.ics")
        assert conn.getresponse().status == 200
        assert time.monotonic() - t0 < 2
        conn.close()
    finally:
        for s in idle:
            s.close()


def test_the_cache_is_bounded_by_bytes() -> None:
    cache: BytesCache[bytes] = BytesCache(max_bytes=100)
    for k in range(10):
        cache.put(k, bytes(30), 30)
        assert cache.size <= 100
    assert cache.get(9) is not None and cache.get(0) is None
    cache.put("huge", bytes(101), 101)  # larger than the whole cache: not kept
    assert cache.get("huge") is None and cache.size <= 100


def test_a_missing_entry_is_made_once_and_one_at_a_time() -> None:
    cache: BytesCache[str] = BytesCache(max_bytes=1000, makers=1)
    made: list[str] = []
    running = [0, 0]  # now, most at once
    lock = threading.Lock()

    def maker(key: str):  # type: ignore[no-untyped-def]
        def make() -> tuple[str, int]:
            with lock:
                running[0] += 1
                running[1] = max(running)
                made.append(key)
            time.sleep(0.05)
            with lock:
                running[0] -= 1
            return key, 1
        return make

    keys = ["a"] * 6 + ["b", "c", "d"]
    threads = [threading.Thread(target=cache.get_or_make, args=(k, maker(k))) for k in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert sorted(made) == ["a", "b", "c", "d"] and running[1] == 1


def test_beyond_max_pending_a_missing_entry_is_busy_at_once() -> None:
    from timeline.bytes_cache import Busy

    cache: BytesCache[str] = BytesCache(max_bytes=1000, makers=1, max_pending=1)
    started, release = threading.Event(), threading.Event()

    def slow() -> tuple[str, int]:
        started.set()
        release.wait(10)
        return "slow", 1

    worker = threading.Thread(target=cache.get_or_make, args=("a", slow))
    worker.start()
    assert started.wait(10)
    t0 = time.monotonic()
    with pytest.raises(Busy):
        cache.get_or_make("b", lambda: ("b", 1))
    assert time.monotonic() - t0 < 0.5
    release.set()
    worker.join(10)
    assert cache.get("a") == "slow" and cache.get_or_make("b", lambda: ("b", 1)) == "b"


def test_a_busy_feed_answers_503_with_retry_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_server import call
    from timeline.bytes_cache import Busy

    store_with(tmp_path / "timeline.db", sample_events()).close()
    app = make_app(tmp_path / "timeline.db", tmp_path)

    def busy(key: Any, make: Any) -> Any:
        raise Busy(key)

    monkeypatch.setattr(app._cache, "get_or_make", busy)
    response = call(app, "/calendar.ics?from=2021-01-01")
    assert response.code == 503 and response.headers["retry-after"] == "5"
