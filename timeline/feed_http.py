"""HTTP pieces of the feed: in-memory bodies, ETags, content coding and conditional requests."""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

Environ = dict[str, Any]
GZIP_MIN = 1024  # smaller bodies are sent as they are


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


def memory_body(data: bytes, content_type: str, last_modified: datetime | None) -> Body:
    """`data` as a Body, with its gzip (level 6) when it is not tiny."""
    etag = etag_of_bytes(data)
    if len(data) < GZIP_MIN:
        return Body(data, etag, content_type, last_modified)
    # mtime=0 makes the gzip bytes (and so their ETag) depend on the content only.
    packed = gzip.compress(data, compresslevel=6, mtime=0)
    return Body(data, etag, content_type, last_modified, packed, etag_of_bytes(packed))


def etag_of_bytes(data: bytes) -> str:
    """A strong ETag hashing `data`."""
    return etag_of_digest(hashlib.sha256(data))


def etag_of_digest(digest: Any) -> str:
    """The strong ETag of a finished hashlib digest (of bytes read in pieces)."""
    return f'"{digest.hexdigest()[:32]}"'


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (q > 0)."""
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            q = re.search(r"q\s*=\s*([0-9.]+)", params)
            try:
                return not q or float(q.group(1)) > 0
            except ValueError:
                return False
    return False


def not_modified(environ: Environ, etag: str, last_modified: datetime | None) -> bool:
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


def http_date(value: datetime) -> str:
    """An HTTP date (RFC 9110): Mon, 30 Nov 2020 00:00:00 GMT."""
    return format_datetime(value.astimezone(UTC).replace(microsecond=0), usegmt=True)
