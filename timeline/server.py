"""The calendar feed: a small WSGI app over the store, served by waitress.

Routes (GET and HEAD only; anything else is 405):

- /calendar.ics, /events.ics, /deadlines.ics: rendered by `timeline.export.ics.render_ics` from
  the store, so the file export and the feed cannot drift apart. Filters as query parameters:
  ?project=洛阳&kind=deadline,plan&from=2021-01-01&to=2021-12-31 (from/to bound the due day).
- /timeline.html: the page `timeline build` wrote into the exports folder.
- /: a small page listing the feeds with webcal:// links.

Each request asks the store for its revision; rendered bytes are cached per (revision, path,
query), so a build shows on the next poll without a restart, and a poll during a build reads
the last committed build (SQLite WAL + one transaction per build). Responses carry a strong
ETag (hash of the bytes sent; the gzip variant has its own), Last-Modified from the store
(every build that changes anything moves it),
Cache-Control: no-cache (always revalidate; a 304 costs almost nothing) and Vary: Accept-Encoding.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from timeline.bytes_cache import Busy, BytesCache
from timeline.errors import StoreError
from timeline.export.ics import FEEDS, references_from_store, render_ics
from timeline.store import Store
from timeline.types import EventKind

log = logging.getLogger("timeline.server")

StartResponse = Callable[..., Any]
Environ = dict[str, Any]

ICS_TYPE = "text/calendar; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
CACHE_CONTROL = "no-cache"
CACHE_BYTES = 128 * 1024 * 1024  # rendered bodies kept (plain + gzip); a 50,000-item calendar is ~60 MB
RENDERS = 1  # bodies rendered at once: a big store's render holds its rows and bytes until sent
THREADS = 16  # waitress worker threads
# requests that may render or wait for a render at once (one rendering, one next); the others get
# a 503 with Retry-After at once: threads stay free for cached answers (polls, 304s), and no
# request waits behind a queue of renders
PENDING_RENDERS = 2
GZIP_MIN = 1024  # smaller bodies are sent as they are
PARAMS = {"project", "kind", "from", "to"}
HOST_OK = re.compile(r"^[A-Za-z0-9.\-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$")


@dataclass(frozen=True, slots=True)
class Body:
    """One response body with its validators, ready to send."""

    data: bytes
    etag: str
    content_type: str
    last_modified: datetime | None
    gzipped: bytes | None = None
    gzip_etag: str | None = None

    @property
    def size(self) -> int:
        """Bytes it holds, as the cache counts them."""
        return len(self.data) + len(self.gzipped or b"")


def make_app(db_path: Path, exports_dir: Path) -> Callable[[Environ, StartResponse], Iterable[bytes]]:
    """A WSGI callable serving the feeds of the store at `db_path` and the page in `exports_dir`.

    The store is opened lazily, one connection per server thread; a missing store answers 503
    until `timeline build` creates it.
    """
    return FeedApp(Path(db_path), Path(exports_dir))


def serve(db_path: Path, exports_dir: Path, host: str = "127.0.0.1", port: int = 8000, *,
          threads: int = THREADS) -> None:
    """Serve `make_app(db_path, exports_dir)` under waitress until interrupted (loopback by default)."""
    from timeline.waitress_feed import create_feed_server

    server = create_feed_server(make_app(db_path, exports_dir), host=host, port=port, threads=threads)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


class FeedApp:
    """The WSGI application; `make_app` builds one. State: per-thread stores and a bytes cache."""

    def __init__(self, db_path: Path, exports_dir: Path) -> None:
        self.db_path = db_path
        self.exports_dir = exports_dir
        self._local = threading.local()
        self._cache: BytesCache[Body] = BytesCache(CACHE_BYTES, RENDERS, PENDING_RENDERS)

    # -- WSGI entry ----------------------------------------------------------------------

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        try:
            if method not in ("GET", "HEAD"):
                raise BadRequest("405 Method Not Allowed", f"method {method} not allowed; use GET or HEAD")
            body = self._route(environ)
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
        return self._send(environ, start_response, method, body)

    # -- routing -------------------------------------------------------------------------

    def _route(self, environ: Environ) -> Body:
        path = environ.get("PATH_INFO", "") or "/"
        if "\x00" in path or ".." in path or "\\" in path or "%" in path:
            raise BadRequest("400 Bad Request", "bad path")
        query = environ.get("QUERY_STRING", "")
        name = path[1:]
        if name in FEEDS:
            return self._feed(name, _parse_filters(query, FEEDS[name][1]))
        if query:
            raise BadRequest("400 Bad Request", f"{path} takes no query parameters")
        if path == "/":
            return self._index(environ)
        if path == "/timeline.html":
            return self._page()
        raise BadRequest("404 Not Found", "not found; the feeds are /calendar.ics, /events.ics, /deadlines.ics")

    def _feed(self, name: str, filters: Filters) -> Body:
        store = self._store()
        for _ in range(3):
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
        label = _filter_label(filters)
        data = render_ics(rows, name=f"{title} · {label}" if label else title, references=references_from_store(store, rows))
        return _body(data, ICS_TYPE, last_modified)

    def _page(self) -> Body:
        """The page a build published, read, hashed and compressed once per version of the file:
        a poll costs one stat (the page of a big store is megabytes)."""
        page = self.exports_dir / "timeline.html"
        try:
            stat = page.stat()  # through the .current link: a new build is a new file
        except FileNotFoundError:
            raise BadRequest("404 Not Found", "timeline.html not built yet; run `timeline build`") from None
        except OSError as exc:
            raise BadRequest("404 Not Found", f"timeline.html unreadable: {exc.strerror}") from None

        def read() -> tuple[Body, int]:
            try:
                body = _body(page.read_bytes(), HTML_TYPE, datetime.fromtimestamp(stat.st_mtime, UTC))
            except OSError as exc:
                raise BadRequest("404 Not Found", f"timeline.html unreadable: {exc.strerror}") from None
            return body, body.size

        key = ("page", stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        body = self._cache.get_or_make(key, read)
        assert body is not None  # read() always returns a body
        return body

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
        return _body(page.encode("utf-8"), HTML_TYPE, None)

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
            self._cache.clear()  # a recreated file can get the old inode number back: forget it all
        if store is None:
            store = Store(self.db_path, create=False)  # StoreError (-> 503) when there is no store
            self._local.store, self._local.identity = store, identity
        return store

    # -- responses -----------------------------------------------------------------------

    def _send(self, environ: Environ, start_response: StartResponse, method: str, body: Body) -> Iterable[bytes]:
        use_gzip = body.gzipped is not None and _accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
        data = body.gzipped if use_gzip and body.gzipped is not None else body.data
        etag = body.gzip_etag if use_gzip and body.gzip_etag else body.etag
        headers = [("ETag", etag), ("Cache-Control", CACHE_CONTROL)]
        if body.gzipped is not None:
            headers.append(("Vary", "Accept-Encoding"))
        if body.last_modified is not None:
            headers.append(("Last-Modified", _http_date(body.last_modified)))
        if _not_modified(environ, etag, body.last_modified):
            start_response("304 Not Modified", headers)
            return [b""]
        headers += [("Content-Type", body.content_type), ("Content-Length", str(len(data)))]
        if use_gzip:
            headers.append(("Content-Encoding", "gzip"))
        if body.content_type == HTML_TYPE:
            headers.append(("X-Content-Type-Options", "nosniff"))
        start_response("200 OK", headers)
        return [b""] if method == "HEAD" else [data]

    @staticmethod
    def _text(start_response: StartResponse, status: str, reason: str, method: str,
              extra: list[tuple[str, str]] | None = None) -> Iterable[bytes]:
        data = (reason + "\n").encode("utf-8")
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data))),
                                ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"), *(extra or [])])
        return [b""] if method == "HEAD" else [data]


# -- helpers -------------------------------------------------------------------------------


def _body(data: bytes, content_type: str, last_modified: datetime | None) -> Body:
    etag = _etag(data)
    if len(data) < GZIP_MIN:
        return Body(data, etag, content_type, last_modified)
    # mtime=0 makes the gzip bytes (and so their ETag) depend on the content only.
    packed = gzip.compress(data, compresslevel=6, mtime=0)
    return Body(data, etag, content_type, last_modified, packed, _etag(packed))


def _etag(data: bytes) -> str:
    return f'"{hashlib.sha256(data).hexdigest()[:32]}"'


def _accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            q = re.search(r"q\s*=\s*([0-9.]+)", params)
            try:
                return not q or float(q.group(1)) > 0
            except ValueError:
                return False
    return False


def _not_modified(environ: Environ, etag: str, last_modified: datetime | None) -> bool:
    """RFC 9110 §13.2.2: If-None-Match (weak comparison) wins; If-Modified-Since only without it."""
    inm = environ.get("HTTP_IF_NONE_MATCH")
    if inm is not None:
        if inm.strip() == "*":
            return True
        wanted = etag.removeprefix("W/")
        return any(tag.strip().removeprefix("W/") == wanted for tag in inm.split(","))
    ims = environ.get("HTTP_IF_MODIFIED_SINCE")
    if ims and last_modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_modified.replace(microsecond=0) <= since
    return False


def _http_date(value: datetime) -> str:
    return format_datetime(value.astimezone(UTC).replace(microsecond=0), usegmt=True)
