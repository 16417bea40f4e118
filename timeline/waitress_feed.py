"""waitress set up for a calendar feed: many clients, most of them polling, some of them slow.

waitress's defaults suit an application behind a proxy: 100 connections at most, and a
connection that sends half a request is kept for 120 s, so 110 idle clients block everyone
else for two minutes. A feed faces the clients itself, so: room for 1,000 connections
(polled with poll(), as select() stops at 1,024 descriptors), idle or half-sent connections
dropped after 15 s, small request limits (GET and HEAD only, no body), a 4 MB output buffer
in memory, and a 304 that keeps the connection open (waitress closes it after every response without a length, 304s too).
"""

from __future__ import annotations

from typing import Any

import waitress  # type: ignore[import-untyped]  # no stubs
from waitress.channel import HTTPChannel  # type: ignore[import-untyped]
from waitress.task import WSGITask  # type: ignore[import-untyped]

FEED_SETTINGS: dict[str, Any] = {
    "connection_limit": 1000,
    "asyncore_use_poll": True,
    "channel_timeout": 15,  # seconds a connection may sit idle or half-sent
    "cleanup_interval": 5,
    "backlog": 1024,
    "max_request_header_size": 16 * 1024,
    "max_request_body_size": 1024,  # requests are GET and HEAD
    # a response bigger than this goes through a temporary file per request; the calendars are
    # sent from their own files (wsgi.file_wrapper), the rest (pages, small calendars) stays in memory
    "outbuf_overflow": 4 * 1024 * 1024,
    "ident": "timeline",
}


class _KeepAliveTask(WSGITask):  # type: ignore[misc]
    """A response without a body (304, 204) is complete without a Content-Length; waitress
    closes the connection anyway unless it has one. Calendar clients poll with
    If-None-Match and mostly get 304s: each would cost a new TCP connection."""

    def set_close_on_finish(self) -> None:
        asked_close = self.request.headers.get("CONNECTION", "").lower() == "close"
        if not self.has_body and self.version == "1.1" and not asked_close and not self.wrote_header:
            return
        super().set_close_on_finish()


class _FeedChannel(HTTPChannel):  # type: ignore[misc]
    task_class = _KeepAliveTask


def create_feed_server(app: Any, *, host: str, port: int, threads: int = 8, **overrides: Any) -> Any:
    """A waitress server for `app` with FEED_SETTINGS (and `overrides`); call `.run()` to serve
    and `.close()` to stop. `port=0` picks a free port (`.effective_port`)."""
    server = waitress.create_server(app, host=host, port=port, threads=threads, **(FEED_SETTINGS | overrides))
    for one in [server, *getattr(server, "map", {}).values()]:
        if hasattr(one, "channel_class"):
            one.channel_class = _FeedChannel
    return server
