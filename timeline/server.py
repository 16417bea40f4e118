"""The calendar feed: a small WSGI app over the store, served by waitress.

Routes (GET and HEAD only; anything else is 405):

- /calendar.ics, /events.ics, /deadlines.ics: the calendars `timeline build` published, or one
  of them filtered by query parameters: ?project=洛阳&kind=deadline,plan&from=2021-01-01&to=2021-12-31
  (from/to bound the due day; timeline/feed_filters.py).
- /timeline.html: the page `timeline build` wrote into the exports folder.
- /: a small page listing the feeds with webcal:// links.

Where the bytes come from (every way gives the bytes `render_ics` gives for the same items):

- A store a build wrote with feed parts (timeline/feed_parts.py): an unfiltered feed is the
  published export file itself (when the build that wrote the parts is the published one); a
  filtered one is joined from the stored parts into a file once per ETag (timeline/feed_files.py).
  Either way it is sent from a file with `wsgi.file_wrapper`, and its ETag is known before any
  byte is read: a poll with If-None-Match is a 304 at the cost of two small queries.
- A store without current parts (version 1, read-only; or written without a build): rendered
  from the events with `render_ics`, cached in memory by bytes per (revision, feed, filters).

Each request asks the store for its parts or revision, so a build shows on the next poll
without a restart, and a poll during a build reads the last committed build (SQLite WAL + one
transaction per build). Responses carry a strong ETag, Last-Modified from the store (every
build that changes anything moves it), Cache-Control: no-cache (always revalidate; a 304 costs
almost nothing) and Vary: Accept-Encoding.
"""

from __future__ import annotations

import html
import logging
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

from timeline.atomic import CURRENT
from timeline.bytes_cache import Busy, BytesCache
from timeline.errors import StoreError
from timeline.export.ics import FEEDS, references_from_store, render_ics
from timeline.feed_files import FeedFiles, FileBody
from timeline.feed_filters import BadRequest, Filters, filter_label, parse_filters
from timeline.feed_http import GZIP_MIN, Body, Environ, accepts_gzip, http_date, memory_body, not_modified
from timeline.feed_parts import FeedParts, current_parts, parts_etag, write_calendar
from timeline.store import Store

log = logging.getLogger("timeline.server")

StartResponse = Callable[..., Any]

ICS_TYPE = "text/calendar; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
CACHE_CONTROL = "no-cache"
# bodies rendered from the events (stores without parts), kept in memory (plain + gzip)
CACHE_BYTES = 128 * 1024 * 1024
RENDERS = 1  # such bodies rendered at once: a render holds its rows and bytes until sent
PENDING_RENDERS = 2  # requests rendering or waiting for one; beyond, a 503 at once
THREADS = 16  # waitress worker threads
FILE_CHUNK = 256 * 1024  # what wsgi.file_wrapper reads at a time
ATTEMPTS = 3  # a build may commit (or a body be dropped) while a request is answered: try again
HOST_OK = re.compile(r"^[A-Za-z0-9.\-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$")


class Moved(Exception):
    """The store or a body's file changed while the request was answered: answer it again."""


@dataclass(frozen=True, slots=True)
class Lazy:
    """A body not made yet, with the validators it will have: a conditional request is
    answered before it is made."""

    etag: str
    last_modified: datetime
    make: Callable[[], FileBody]


def make_app(db_path: Path, exports_dir: Path) -> Callable[[Environ, StartResponse], Iterable[bytes]]:
    """A WSGI callable serving the feeds of the store at `db_path` and the page in `exports_dir`.

    The store is opened lazily, one connection per server thread; a missing store answers 503
    until `timeline build` creates it.
    """
    return FeedApp(Path(db_path), Path(exports_dir))


def serve(db_path: Path, exports_dir: Path, host: str = "127.0.0.1", port: int = 8000, *,
          threads: int = THREADS, on_start: Callable[[int], None] | None = None) -> None:
    """Serve `make_app(db_path, exports_dir)` under waitress until interrupted (Ctrl+C or
    SIGTERM; loopback by default), then remove the feed's temporary files. `on_start` hears
    the port it listens on (port 0 picks a free one)."""
    from timeline.waitress_feed import create_feed_server

    app = FeedApp(Path(db_path), Path(exports_dir))
    server = create_feed_server(app, host=host, port=port, threads=threads)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl+C does
    try:
        if on_start is not None:
            on_start(server.effective_port)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        app.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class FeedApp:
    """The WSGI application; `make_app` builds one. State: per-thread stores, the bodies on
    disk (FeedFiles) and the in-memory cache of bodies rendered from events."""

    def __init__(self, db_path: Path, exports_dir: Path) -> None:
        self.db_path = db_path
        self.exports_dir = exports_dir
        self._local = threading.local()
        self._cache: BytesCache[Body] = BytesCache(CACHE_BYTES, RENDERS, PENDING_RENDERS)
        self._files = FeedFiles()
        self._zones: dict[tuple[str, date, date], bytes] = {}  # VTIMEZONE bytes, shared by renders

    # -- WSGI entry ----------------------------------------------------------------------

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        try:
            if method not in ("GET", "HEAD"):
                raise BadRequest("405 Method Not Allowed", f"method {method} not allowed; use GET or HEAD")
            for _ in range(ATTEMPTS):
                try:
                    return self._send(environ, start_response, method, self._route(environ))
                except Moved:
                    continue
            raise Busy("the store keeps changing")
        except BadRequest as exc:
            return self._text(start_response, exc.status, exc.reason, method,
                              [("Allow", "GET, HEAD")] if exc.status.startswith("405") else [])
        except Busy:
            return self._text(start_response, "503 Service Unavailable", "busy rendering other calendars; retry soon",
                              method, [("Retry-After", "5")])
        except StoreError as exc:
            log.warning("store unavailable: %s", exc)
            return self._text(start_response, "503 Service Unavailable",
                              "no timeline store yet; run `timeline build` first", method, [("Retry-After", "60")])
        except Exception:  # never a traceback to the client; the log keeps it
            log.exception("error serving %s", environ.get("PATH_INFO"))
            return self._text(start_response, "500 Internal Server Error", "internal error; see the server log", method)

    # -- routing -------------------------------------------------------------------------

    def _route(self, environ: Environ) -> Body | FileBody | Lazy:
        path = environ.get("PATH_INFO", "") or "/"
        if "\x00" in path or ".." in path or "\\" in path or "%" in path:
            raise BadRequest("400 Bad Request", "bad path")
        query = environ.get("QUERY_STRING", "")
        name = path[1:]
        if name in FEEDS:
            return self._feed(name, parse_filters(query, FEEDS[name][1]))
        if query:
            raise BadRequest("400 Bad Request", f"{path} takes no query parameters")
        if path == "/":
            return self._index(environ)
        if path == "/timeline.html":
            return self._page()
        raise BadRequest("404 Not Found", "not found; the feeds are /calendar.ics, /events.ics, /deadlines.ics")

    def _feed(self, name: str, filters: Filters) -> Body | Lazy:
        store = self._store()
        parts = current_parts(store)
        if parts is None:
            return self._rendered_feed(store, name, filters)
        etag = parts_etag(parts, name, filters)
        last_modified = store.last_modified()

        def make() -> FileBody:
            published = self._published(name, filters, parts, etag, last_modified)
            if published is not None:
                return published
            title, _ = FEEDS[name]
            label = filter_label(filters)

            def render(write: Callable[[bytes], None]) -> bool:
                return write_calendar(store, f"{title} · {label}" if label else title, filters, parts.digest, write,
                                      zone_cache=self._zones)

            body = self._files.rendered(etag, ICS_TYPE, last_modified, render)
            if body is None:
                raise Moved(name)  # a build committed since the parts were read
            return body

        return Lazy(etag, last_modified, make)

    def _published(self, name: str, filters: Filters, parts: FeedParts, etag: str,
                   last_modified: datetime) -> FileBody | None:
        """The export file `name` as the build that wrote `parts` published it, when the request
        asks for the whole feed and that build's exports are the ones in the exports folder."""
        if filters != Filters(None, FEEDS[name][1], None, None):
            return None
        try:
            if os.readlink(self.exports_dir / CURRENT) != parts.exports:
                return None  # another folder, or a build between its commit and its publish
            path = self.exports_dir / parts.exports / name  # that version's own file: it never changes
            size = path.stat().st_size
        except OSError:
            return None
        return FileBody(path, size, etag, ICS_TYPE, last_modified)

    def _rendered_feed(self, store: Store, name: str, filters: Filters) -> Body:
        """A feed rendered from the events, for a store without current parts."""
        for _ in range(ATTEMPTS):
            # The file's identity is part of the key: a deleted and rebuilt store restarts at revision 1.
            revision = f"{self._local.identity}/{store.revision()}"
            key = (revision, name, filters.key())

            def render() -> tuple[Body, int] | None:
                body = self._render(store, name, filters, store.last_modified())  # moved by every change
                if f"{self._local.identity}/{store.revision()}" != revision:
                    return None  # a build committed while we read: render again from the new revision
                return body, body.size

            body = self._cache.get_or_make(key, render)
            if body is not None:
                return body
        # the store keeps changing: serve the latest consistent read, uncached
        return self._render(store, name, filters, store.last_modified())

    def _render(self, store: Store, name: str, filters: Filters, last_modified: datetime) -> Body:
        title, _ = FEEDS[name]
        rows = [] if filters.kinds == () else store.events(
            kinds=filters.kinds, project=filters.project, due_from=filters.due_from, due_to=filters.due_to)
        label = filter_label(filters)
        data = render_ics(rows, name=f"{title} · {label}" if label else title, references=references_from_store(store, rows))
        return memory_body(data, ICS_TYPE, last_modified)

    def _page(self) -> FileBody:
        """The page a build published, sent from its file; hashed once per version of the file,
        so a poll costs one stat (the page of a big store is megabytes)."""
        page = self.exports_dir / "timeline.html"
        try:
            path = Path(os.path.realpath(page))  # through the .current link: that version's own file
            stat = path.stat()
            etag = self._files.etag_of((stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size), path)
        except FileNotFoundError:
            raise BadRequest("404 Not Found", "timeline.html not built yet; run `timeline build`") from None
        except OSError as exc:
            raise BadRequest("404 Not Found", f"timeline.html unreadable: {exc.strerror}") from None
        return FileBody(path, stat.st_size, etag, HTML_TYPE, datetime.fromtimestamp(stat.st_mtime, UTC))

    def _index(self, environ: Environ) -> Body:
        host = environ.get("HTTP_HOST", "")
        if not HOST_OK.match(host):
            host = f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT', '8000')}"
        items = []
        for filename, (title, _) in FEEDS.items():
            url = f"webcal://{host}/{quote(filename)}"
            items.append(
                f'<li><a href="{html.escape(url)}">{html.escape(title)}</a> '
                f'<code>{html.escape(url)}</code> (<a href="/{html.escape(quote(filename))}">下载</a>)</li>'
            )
        page = (
            "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<title>timeline 日历订阅</title></head><body>\n<h1>timeline 日历订阅</h1>\n<ul>\n"
            + "\n".join(items)
            + "\n</ul>\n<p>筛选：<code>?project=项目&amp;kind=event,deadline,plan&amp;from=2021-01-01&amp;to=2021-12-31</code>"
            "（按截止日）。</p>\n<p><a href=\"/timeline.html\">时间线页面</a></p>\n</body></html>\n"
        )
        return memory_body(page.encode("utf-8"), HTML_TYPE, None)

    def _store(self) -> Store:
        """This thread's store connection, reopened when the file was replaced (deleted and rebuilt)."""
        try:
            stat = self.db_path.stat()
            identity = (stat.st_dev, stat.st_ino)
        except OSError:
            identity = None
        store: Store | None = getattr(self._local, "store", None)
        if store is not None and getattr(self._local, "identity", None) != identity:
            store.close()
            store = self._local.store = None
            self._forget()  # a recreated file can get the old inode number back: forget it all
        if store is None:
            store = Store(self.db_path, create=False)  # StoreError (-> 503) when there is no store
            self._local.store, self._local.identity = store, identity
        return store

    def close(self) -> None:
        """Remove the bodies kept on disk (the server calls it when it stops)."""
        self._files.close()

    def _forget(self) -> None:
        self._cache.clear()
        self._files.clear()

    # -- responses -----------------------------------------------------------------------

    def _send(self, environ: Environ, start_response: StartResponse, method: str,
              body: Body | FileBody | Lazy) -> Iterable[bytes]:
        if isinstance(body, Lazy):
            if not_modified(environ, body.etag, body.last_modified):
                start_response("304 Not Modified", self._validators(body.etag, body.last_modified, vary=True))
                return [b""]
            body = body.make()
        if isinstance(body, FileBody):
            return self._send_file(environ, start_response, method, body)
        use_gzip = body.gzipped is not None and accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
        data = body.gzipped if use_gzip and body.gzipped is not None else body.data
        etag = body.gzip_etag if use_gzip and body.gzip_etag else body.etag
        headers = self._validators(etag, body.last_modified, vary=body.gzipped is not None)
        if not_modified(environ, etag, body.last_modified):
            start_response("304 Not Modified", headers)
            return [b""]
        start_response("200 OK", headers + self._entity(body.content_type, len(data), use_gzip))
        return [b""] if method == "HEAD" else [data]

    def _send_file(self, environ: Environ, start_response: StartResponse, method: str,
                   body: FileBody) -> Iterable[bytes]:
        """A file body: its gzip when the client takes it and it is made (same ETag), else the plain file."""
        headers = self._validators(body.etag, body.last_modified, vary=body.size >= GZIP_MIN)
        if not_modified(environ, body.etag, body.last_modified):
            start_response("304 Not Modified", headers)
            return [b""]
        packed = None
        if body.size >= GZIP_MIN and accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", "")):
            packed = self._files.gzipped(body)
        try:
            source = open(packed or body.path, "rb")  # noqa: SIM115  # closed by the server, or below
        except FileNotFoundError:
            raise Moved(str(body.path)) from None  # dropped since it was looked up: look it up again
        size = os.fstat(source.fileno()).st_size
        start_response("200 OK", headers + self._entity(body.content_type, size, packed is not None))
        if method == "HEAD":
            source.close()
            return [b""]
        wrapper = environ.get("wsgi.file_wrapper")
        return wrapper(source, FILE_CHUNK) if wrapper is not None else _read_chunks(source)

    @staticmethod
    def _validators(etag: str, last_modified: datetime | None, *, vary: bool) -> list[tuple[str, str]]:
        headers = [("ETag", etag), ("Cache-Control", CACHE_CONTROL)]
        if vary:
            headers.append(("Vary", "Accept-Encoding"))
        if last_modified is not None:
            headers.append(("Last-Modified", http_date(last_modified)))
        return headers

    @staticmethod
    def _entity(content_type: str, length: int, gzipped: bool) -> list[tuple[str, str]]:
        headers = [("Content-Type", content_type), ("Content-Length", str(length))]
        if gzipped:
            headers.append(("Content-Encoding", "gzip"))
        if content_type == HTML_TYPE:
            headers.append(("X-Content-Type-Options", "nosniff"))
        return headers

    @staticmethod
    def _text(start_response: StartResponse, status: str, reason: str, method: str,
              extra: list[tuple[str, str]] | None = None) -> Iterable[bytes]:
        data = (reason + "\n").encode("utf-8")
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data))),
                                ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"), *(extra or [])])
        return [b""] if method == "HEAD" else [data]


def _read_chunks(source: BinaryIO) -> Iterator[bytes]:
    """A file's bytes a chunk at a time, for servers without wsgi.file_wrapper; closes it."""
    with source:
        while piece := source.read(FILE_CHUNK):
            yield piece
