"""The feed's stored parts (timeline/feed_parts.py) and the bodies it sends from files
(timeline/feed_files.py): the same bytes as the exports, however a calendar is asked for."""

from __future__ import annotations

import gzip
import io
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.factories import CHANGED_AT, make_event, make_span, publish_exports, sample_events, store_with
from tests.test_server import call
from timeline.export.ics import FEEDS, references_from_store, render_ics
from timeline.feed_files import FeedFiles
from timeline.feed_filters import Filters, filter_label
from timeline.feed_parts import current_parts, parts_etag, write_calendar
from timeline.server import make_app
from timeline.store import Store
from timeline.types import EventKind, Grain

FILTERS = [
    Filters(None, None, None, None),
    Filters(None, None, date(2021, 1, 1), None),
    Filters(None, (EventKind.DEADLINE, EventKind.PLAN), None, date(2022, 12, 31)),
    Filters("科技馆", None, None, None),
    Filters("no such project", None, None, None),
    Filters(None, (), None, None),
    Filters(None, (EventKind.EVENT,), date(2020, 11, 23), date(2020, 11, 23)),  # only the timed item
]


def events_with_another_zone() -> list:  # type: ignore[type-arg]
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")
    return [*sample_events(), make_event(
        make_span(datetime(2021, 3, 1, 9, tzinfo=tokyo), datetime(2021, 3, 1, 11, tzinfo=tokyo),
                  text="3月1日上午9点", grain=Grain.HOUR),
        title="东京会议", sentence="3月1日上午9点在东京召开会议。")]


@pytest.fixture(params=[False, True], ids=["events", "events+todo"])
def built(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Store, Path, bool]:
    store = store_with(tmp_path / "timeline.db", events_with_another_zone())
    publish_exports(store, tmp_path / "out", todo=request.param)
    return store, tmp_path, request.param


def expected(store: Store, filters: Filters, name: str, todo: bool) -> bytes:
    rows = [] if filters.kinds == () else store.events(
        kinds=filters.kinds, project=filters.project, due_from=filters.due_from, due_to=filters.due_to)
    return render_ics(rows, name=name, todo=todo, references=references_from_store(store, rows))


def test_a_calendar_joined_from_parts_is_the_rendered_one(built: tuple[Store, Path, bool]) -> None:
    store, _, todo = built
    parts = current_parts(store)
    assert parts is not None
    for filters in FILTERS:
        out = io.BytesIO()
        assert write_calendar(store, f"时间线 · {filter_label(filters)}", filters, parts.digest, out.write)
        assert out.getvalue() == expected(store, filters, f"时间线 · {filter_label(filters)}", todo), filters


def test_parts_of_another_build_are_not_used(built: tuple[Store, Path, bool]) -> None:
    store, tmp, _ = built
    parts = current_parts(store)
    assert parts is not None
    with store.build_transaction(CHANGED_AT) as writer:  # items change, no parts written
        writer.replace_source("seeds/test.txt", [], [])
    assert current_parts(store) is None
    assert not write_calendar(store, "x", FILTERS[0], parts.digest, io.BytesIO().write)


def test_the_feed_serves_the_published_files_and_joins_filtered_ones(built: tuple[Store, Path, bool]) -> None:
    store, tmp, todo = built
    app = make_app(tmp / "timeline.db", tmp / "out")
    for name in FEEDS:
        r = call(app, f"/{name}")
        assert r.code == 200 and r.body == (tmp / "out" / name).read_bytes()
        assert int(r.headers["content-length"]) == len(r.body)
    r = call(app, "/calendar.ics?from=2021-01-01")
    assert r.body == expected(store, FILTERS[1], "时间线 · 2021-01-01 至 …", todo)
    again = call(app, "/calendar.ics?from=2021-01-01", if_none_match=r.headers["etag"])
    assert again.code == 304 and again.headers["etag"] == r.headers["etag"] and again.body == b""
    packed = call(app, "/calendar.ics?from=2021-01-01", accept_encoding="gzip")  # small: gzipped at once
    assert packed.headers["content-encoding"] == "gzip" and gzip.decompress(packed.body) == r.body
    assert packed.headers["etag"] == r.headers["etag"]  # one ETag for both codings: 304s keep working
    head = call(app, "/calendar.ics?project=科技馆", "HEAD")
    assert head.code == 200 and head.body == b"" and int(head.headers["content-length"]) > 0


def test_a_poll_with_the_etag_is_answered_without_joining(built: tuple[Store, Path, bool],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store, tmp, _ = built
    app = make_app(tmp / "timeline.db", tmp / "out")
    parts = current_parts(store)
    assert parts is not None
    etag = parts_etag(parts, "events.ics", Filters(None, (EventKind.EVENT,), date(2021, 1, 1), None))
    monkeypatch.setattr("timeline.server.write_calendar", None)  # calling it would fail
    assert call(app, "/events.ics?from=2021-01-01", if_none_match=etag).code == 304


def test_a_filtered_feed_is_joined_once_per_etag(built: tuple[Store, Path, bool],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _, tmp, _ = built
    app = make_app(tmp / "timeline.db", tmp / "out")
    import timeline.server as server

    joins = []
    real = server.write_calendar

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        joins.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(server, "write_calendar", counting)
    bodies = {call(app, "/calendar.ics?from=2021-01-01").body for _ in range(3)}
    assert len(bodies) == 1 and len(joins) == 1


def test_exports_of_another_build_are_not_served_as_the_feed(built: tuple[Store, Path, bool]) -> None:
    store, tmp, todo = built
    (tmp / "elsewhere").mkdir()
    (tmp / "elsewhere" / "timeline.html").write_bytes(b"<p>page")
    app = make_app(tmp / "timeline.db", tmp / "elsewhere")  # no .current here: joined from the parts
    assert call(app, "/calendar.ics").body == (tmp / "out" / "calendar.ics").read_bytes()


def test_a_version_1_store_is_served_by_rendering_and_migrated_by_a_build(built: tuple[Store, Path, bool]) -> None:
    store, tmp, _ = built
    store.close()
    db = tmp / "timeline.db"
    conn = sqlite3.connect(db)
    conn.executescript("DROP TABLE feed_parts; DELETE FROM meta WHERE key LIKE 'feed_parts%'; PRAGMA user_version=1;")
    conn.close()
    reader = Store(db, create=False)
    assert reader.version == 1 and current_parts(reader) is None
    app = make_app(db, tmp / "out")
    r = call(app, "/calendar.ics")
    assert r.code == 200 and r.body == expected(reader, FILTERS[0], "时间线", False)
    reader.close()
    assert Store(db).version == 2  # a build's open migrates it


def test_feed_files_stay_within_their_disk_budget(tmp_path: Path) -> None:
    files = FeedFiles(max_bytes=4000)
    paths = []
    for k in range(6):
        body = files.rendered(f'"{k}"', "text/plain", None, lambda write: (write(b"x" * 1000), True)[1])
        assert body is not None
        paths.append(body.path)
    kept = [p for p in paths if p.exists()]
    assert sum(p.stat().st_size for p in kept) <= 3000 and paths[-1] in kept
    assert files.rendered('"moved"', "text/plain", None, lambda write: False) is None


def test_a_big_body_is_gzipped_once_in_the_background(tmp_path: Path) -> None:
    files = FeedFiles()
    data = "时间线".encode() * 200_000  # 1.8 MB: more than is gzipped at once
    body = files.rendered('"big"', "text/plain", None, lambda write: (write(data), True)[1])
    assert body is not None
    first = files.gzipped(body)
    assert first is None  # not ready yet: the plain body is sent meanwhile
    for _ in range(200):
        packed = files.gzipped(body)
        if packed is not None:
            break
        import time

        time.sleep(0.02)
    assert packed is not None and gzip.decompress(packed.read_bytes()) == data
    assert files.gzipped(body) == packed


def test_a_busy_joined_feed_answers_503_with_retry_after(built: tuple[Store, Path, bool],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline.bytes_cache import Busy

    _, tmp, _ = built
    app = make_app(tmp / "timeline.db", tmp / "out")

    def busy(*args: object) -> None:
        raise Busy(args[0])

    monkeypatch.setattr(app._files, "rendered", busy)
    response = call(app, "/calendar.ics?from=2021-01-01")
    assert response.code == 503 and response.headers["retry-after"] == "5"
    assert call(app, "/calendar.ics").code == 200  # the published file needs no join


def test_a_rebuild_shows_on_the_next_poll_with_the_new_files(tmp_path: Path) -> None:
    from datetime import UTC, timedelta

    from timeline import pipeline

    news = tmp_path / "news.txt"
    app = make_app(tmp_path / "timeline.db", tmp_path / "out")
    bodies = []
    for k, text in enumerate(("2020年11月30日，我区召开项目推进会。2021年6月底前完成主体工程。",
                              "2020年11月30日，我区召开项目推进会。2021年9月底前完成主体工程。")):
        news.write_text(text, encoding="utf-8")
        pipeline.build([news], db=tmp_path / "timeline.db", out=tmp_path / "out", root=tmp_path,
                       now=datetime(2020, 11, 30, tzinfo=UTC) + timedelta(days=k), today=date(2020, 11, 30))
        whole = call(app, "/calendar.ics")
        assert whole.body == (tmp_path / "out" / "calendar.ics").read_bytes()
        filtered = call(app, "/deadlines.ics?from=2021-01-01")
        assert b"BEGIN:VEVENT" in filtered.body
        bodies.append((whole.headers["etag"], filtered.headers["etag"], filtered.body))
    assert bodies[0][0] != bodies[1][0] and bodies[0][1] != bodies[1][1]
    assert b"20210930" in bodies[1][2] and b"20210930" not in bodies[0][2]


def test_waitress_sends_the_files_with_its_file_wrapper(built: tuple[Store, Path, bool]) -> None:
    import http.client
    import threading

    from timeline.waitress_feed import create_feed_server

    _, tmp, _ = built
    srv = create_feed_server(make_app(tmp / "timeline.db", tmp / "out"), host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", srv.effective_port, timeout=10)
        for path, expected_body in (("/calendar.ics", (tmp / "out" / "calendar.ics").read_bytes()),
                                    ("/calendar.ics?from=2021-01-01", call(make_app(tmp / "timeline.db", tmp / "out"),
                                                                           "/calendar.ics?from=2021-01-01").body)):
            conn.request("GET", path)
            response = conn.getresponse()
            assert response.status == 200 and response.read() == expected_body
            conn.request("GET", path, headers={"If-None-Match": response.getheader("ETag") or ""})
            again = conn.getresponse()
            again.read()
            assert again.status == 304  # on the same keep-alive connection
        conn.close()
    finally:
        srv.close()
        thread.join(timeout=5)


def test_a_server_stopped_by_sigterm_removes_its_temporary_files(built: tuple[Store, Path, bool]) -> None:
    import os
    import signal
    import subprocess
    import sys
    import urllib.request

    _, tmp, _ = built
    scratch = tmp / "scratch"
    scratch.mkdir()
    code = ("import sys; from pathlib import Path; from timeline.server import serve; "
            "serve(Path(sys.argv[1]), Path(sys.argv[2]), port=0, on_start=lambda port: print(port, flush=True))")
    child = subprocess.Popen([sys.executable, "-c", code, str(tmp / "timeline.db"), str(tmp / "out")],
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(scratch)})
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/calendar.ics?from=2021-01-01", timeout=10) as r:
            assert r.status == 200
        assert any(p.name.startswith("timeline-feed-") for p in scratch.iterdir())  # the joined body
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=10) == 0
        assert not any(p.name.startswith("timeline-feed-") for p in scratch.iterdir())
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
