"""The feed: the WSGI app called directly (no socket), plus one run under the real waitress server."""

from __future__ import annotations

import gzip
import http.client
import logging
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
import waitress
from icalendar import Calendar

from tests.factories import CHANGED_AT, make_article, make_event, make_span, sample_events, store_with
from timeline.server import make_app
from timeline.store import Store
from timeline.types import EventKind


class Response:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = status
        self.code = int(status.split()[0])
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body


def call(app: Any, path: str, method: str = "GET", **headers: str) -> Response:
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ["PATH_INFO"], _, environ["QUERY_STRING"] = path.partition("?")
    environ["REQUEST_METHOD"] = method
    for key, value in headers.items():
        environ[f"HTTP_{key.upper()}"] = value
    seen: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: object = None) -> None:
        seen["status"], seen["headers"] = status, response_headers

    body = b"".join(app(environ, start_response))
    return Response(seen["status"], seen["headers"], body)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    store_with(tmp_path / "timeline.db", sample_events()).close()
    (tmp_path / "exports").mkdir()
    yield make_app(tmp_path / "timeline.db", tmp_path / "exports"), tmp_path


def uids(body: bytes) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(body).walk("VEVENT")}


def test_feeds_serve_parseable_calendars_with_validators(served: tuple[Any, Path]) -> None:
    app, _ = served
    all_ids = {f"{e.id}@timeline" for e in sample_events()}
    for path, kinds in (("/calendar.ics", None), ("/events.ics", {EventKind.EVENT}),
                        ("/deadlines.ics", {EventKind.DEADLINE, EventKind.PLAN})):
        r = call(app, path)
        assert r.code == 200
        assert r.headers["content-type"] == "text/calendar; charset=utf-8"
        assert r.headers["etag"].startswith('"') and r.headers["last-modified"].endswith("GMT")
        assert r.headers["cache-control"] == "no-cache" and r.headers["vary"] == "Accept-Encoding"
        assert int(r.headers["content-length"]) == len(r.body)
        wanted = {f"{e.id}@timeline" for e in sample_events() if kinds is None or e.kind in kinds}
        assert uids(r.body) == wanted and wanted <= all_ids
        assert call(app, path).body == r.body  # byte-stable: same ETag on every poll


def test_if_none_match_and_if_modified_since_give_304(served: tuple[Any, Path]) -> None:
    app, _ = served
    first = call(app, "/calendar.ics")
    again = call(app, "/calendar.ics", if_none_match=first.headers["etag"])
    assert again.code == 304 and again.body == b"" and again.headers["etag"] == first.headers["etag"]
    assert call(app, "/calendar.ics", if_none_match=f'"stale", W/{first.headers["etag"]}').code == 304
    assert call(app, "/calendar.ics", if_none_match='"stale"').code == 200
    assert call(app, "/calendar.ics", if_modified_since=first.headers["last-modified"]).code == 304
    assert call(app, "/calendar.ics", if_modified_since="Mon, 01 Jan 1990 00:00:00 GMT").code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2)
    assert call(app, "/calendar.ics", if_none_match='"stale"',
                if_modified_since=first.headers["last-modified"]).code == 200


def test_gzip_variant_has_its_own_etag(served: tuple[Any, Path]) -> None:
    app, _ = served
    plain = call(app, "/calendar.ics")
    packed = call(app, "/calendar.ics", accept_encoding="gzip, deflate")
    assert packed.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert gzip.decompress(packed.body) == plain.body
    assert packed.headers["etag"] != plain.headers["etag"]
    assert call(app, "/calendar.ics", accept_encoding="gzip", if_none_match=packed.headers["etag"]).code == 304
    assert call(app, "/calendar.ics", if_none_match=packed.headers["etag"]).code == 200
    assert "content-encoding" not in call(app, "/calendar.ics", accept_encoding="gzip;q=0").headers


def test_head_has_headers_and_no_body(served: tuple[Any, Path]) -> None:
    app, _ = served
    get, head = call(app, "/deadlines.ics"), call(app, "/deadlines.ics", "HEAD")
    assert head.code == 200 and head.body == b""
    assert head.headers["etag"] == get.headers["etag"] and head.headers["content-length"] == str(len(get.body))


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
def test_other_methods_are_405(served: tuple[Any, Path], method: str) -> None:
    r = call(served[0], "/calendar.ics", method)
    assert r.code == 405 and r.headers["allow"] == "GET, HEAD"
    assert r.headers["content-type"].startswith("text/plain") and b"Traceback" not in r.body


@pytest.mark.parametrize("path", [
    "/nope", "/calendar.ics/", "/exports/calendar.ics", "/../../etc/passwd", "/..%2f..%2fetc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd", "/timeline.db", "/calendar.ics\x00", "/..\\..\\windows",
])
def test_unknown_and_traversal_paths_are_4xx_without_files(served: tuple[Any, Path], path: str) -> None:
    r = call(served[0], path)
    assert 400 <= r.code < 500
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert b"root:" not in r.body and b"Traceback" not in r.body and len(r.body) < 200


@pytest.mark.parametrize("query", [
    "from=2021-13-01", "from=20210101", "to=yesterday", "kind=meeting", "from=2022-01-01&to=2021-01-01",
    "project=a&project=b", "colour=red", "from=2021-02-30", "&&&", "project=" + "长" * 101,
])
def test_bad_query_values_are_400(served: tuple[Any, Path], query: str) -> None:
    r = call(served[0], f"/calendar.ics?{query}")
    assert r.code == 400 and b"Traceback" not in r.body and r.body.endswith(b"\n")


def test_filters(served: tuple[Any, Path]) -> None:
    app, _ = served
    events = sample_events()
    science = {f"{e.id}@timeline" for e in events if "洛阳市科技馆新馆" in e.projects}
    assert uids(call(app, "/calendar.ics?project=%E7%A7%91%E6%8A%80%E9%A6%86").body) == science
    assert uids(call(app, "/calendar.ics?kind=plan").body) == {f"{e.id}@timeline" for e in events
                                                               if e.kind is EventKind.PLAN}
    assert uids(call(app, "/events.ics?kind=deadline").body) == set()  # kind narrows the feed, never widens it
    due_2022 = {f"{e.id}@timeline" for e in events if e.when.due.year == 2022}
    assert uids(call(app, "/deadlines.ics?from=2022-01-01&to=2022-12-31").body) == due_2022
    named = Calendar.from_ical(call(app, "/calendar.ics?project=科技馆").body)
    assert "科技馆" in str(named["X-WR-CALNAME"])


def test_index_lists_webcal_links_escaped(served: tuple[Any, Path]) -> None:
    app, _ = served
    r = call(app, "/", host="127.0.0.1:8123")
    assert r.code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    page = r.body.decode()
    for name in ("calendar.ics", "events.ics", "deadlines.ics"):
        assert f"webcal://127.0.0.1:8123/{name}" in page
    evil = call(app, "/", host='"><script>alert(1)</script>').body.decode()
    assert "<script>" not in evil


def test_timeline_html_is_served_from_exports(served: tuple[Any, Path]) -> None:
    app, tmp = served
    assert call(app, "/timeline.html").code == 404
    (tmp / "exports" / "timeline.html").write_text("<!doctype html><title>时间线</title>", encoding="utf-8")
    r = call(app, "/timeline.html")
    assert r.code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    assert "时间线" in r.body.decode()
    assert call(app, "/timeline.html", if_none_match=r.headers["etag"]).code == 304


def test_missing_store_is_503_not_a_traceback(tmp_path: Path) -> None:
    app = make_app(tmp_path / "missing.db", tmp_path)
    r = call(app, "/calendar.ics")
    assert r.code == 503 and b"timeline build" in r.body
    assert not (tmp_path / "missing.db").exists()


def test_a_build_shows_on_the_next_call(served: tuple[Any, Path]) -> None:
    app, tmp = served
    first = call(app, "/calendar.ics")
    rebuild(tmp / "timeline.db")
    second = call(app, "/calendar.ics", if_none_match=first.headers["etag"])
    assert second.code == 200 and second.headers["etag"] != first.headers["etag"]
    assert "新增：项目开工仪式" in {str(e["SUMMARY"]) for e in Calendar.from_ical(second.body).walk("VEVENT")}


def test_added_old_news_defeats_if_modified_since(served: tuple[Any, Path]) -> None:
    """An added article with an old reference date leaves Store.last_modified() where it was;
    the feed's Last-Modified must still move, or If-Modified-Since pollers miss the item."""
    app, tmp = served
    first = call(app, "/calendar.ics")
    old = make_article(title="旧闻", body="10月1日,举行仪式。", source="seeds/old.txt",
                       reference=CHANGED_AT.date() - timedelta(days=60))
    event = make_event(make_span(old.reference, old.reference + timedelta(days=1), text="10月1日"),
                       title="旧闻里的仪式", sentence="10月1日,举行仪式。", article=old)
    store = Store(tmp / "timeline.db", create=False)
    with store.build_transaction(CHANGED_AT + timedelta(days=1)) as writer:
        writer.replace_source(old.source, [old], [event])
    store.close()
    again = call(app, "/calendar.ics", if_modified_since=first.headers["last-modified"])
    assert again.code == 200 and f"{event.id}@timeline" in uids(again.body)


def test_a_poll_during_a_build_sees_the_last_committed_build(served: tuple[Any, Path]) -> None:
    app, tmp = served
    first = call(app, "/calendar.ics")
    writer_store = Store(tmp / "timeline.db", create=False)
    with writer_store.build_transaction(CHANGED_AT + timedelta(days=2)) as writer:
        article = make_article()
        writer.replace_source(article.source, [article], sample_events()[:1])  # drops five events
        during = call(app, "/calendar.ics")
        assert during.code == 200 and during.body == first.body
    after = call(app, "/calendar.ics")
    writer_store.close()
    assert len(uids(after.body)) == 1


def test_a_store_deleted_and_rebuilt_is_picked_up(served: tuple[Any, Path]) -> None:
    app, tmp = served
    assert len(uids(call(app, "/calendar.ics").body)) == len(sample_events())
    for leftover in tmp.glob("timeline.db*"):
        leftover.unlink()
    assert call(app, "/calendar.ics").code == 503
    store_with(tmp / "timeline.db", sample_events()[:2]).close()
    assert len(uids(call(app, "/calendar.ics").body)) == 2


def rebuild(db: Path) -> str:
    """A second build: one more event and one changed title. Returns the new event's UID."""
    events = sample_events()
    extra = make_event(make_span(CHANGED_AT.date() + timedelta(days=10), CHANGED_AT.date() + timedelta(days=11),
                                 text="12月10日"), title="新增：项目开工仪式", sentence="12月10日举行项目开工仪式。")
    store = Store(db, create=False)
    article = make_article()
    with store.build_transaction(CHANGED_AT + timedelta(days=2)) as writer:
        writer.replace_source(article.source, [article], [replace(events[0], title="改名后的推进会"), *events[1:], extra])
    store.close()
    return f"{extra.id}@timeline"


def test_real_waitress_server_headers_304_and_rebuild(served: tuple[Any, Path]) -> None:
    app, tmp = served
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    port = server.effective_port  # type: ignore[union-attr]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        def get(path: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request(method, path, headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            conn.close()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body

        status, headers, body = get("/calendar.ics")
        assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
        assert len(uids(body)) == len(sample_events())
        etag, modified = headers["etag"], headers["last-modified"]
        assert get("/calendar.ics", **{"If-None-Match": etag})[0] == 304
        assert get("/calendar.ics", **{"If-Modified-Since": modified})[0] == 304
        status, headers, packed = get("/calendar.ics", **{"Accept-Encoding": "gzip"})
        assert headers["content-encoding"] == "gzip" and gzip.decompress(packed) == body
        assert get("/calendar.ics", "HEAD")[2] == b""
        assert get("/../../etc/passwd")[0] in (400, 404)
        assert get("/%2e%2e/%2e%2e/etc/passwd")[0] in (400, 404)
        assert get("/calendar.ics", "POST")[0] == 405

        new_uid = rebuild(tmp / "timeline.db")
        status, headers, body = get("/calendar.ics", **{"If-None-Match": etag})
        assert status == 200 and headers["etag"] != etag and new_uid in uids(body)
    finally:
        server.close()
        thread.join(timeout=5)
