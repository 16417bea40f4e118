"""The feed's big bodies as files: rendered once per ETag into a private temporary folder,
bounded on disk, sent with the server's `wsgi.file_wrapper`, gzipped once per ETag.

A calendar of 50,000 items is tens of megabytes. Held in memory per variant, twenty `?from=`
filters cost gigabytes; sent from bytes, waitress copies each body into its own buffers for
every request. As files, a body costs no memory while it waits, and waitress sends it from
the file. The folder is removed when the app is (or at exit).

- `rendered` makes a missing body through BytesCache: each ETag once, at most RENDERS at once,
  and beyond PENDING_RENDERS waiting a request gets Busy (a 503 with Retry-After) at once.
- `gzipped` gives the gzip of a body (level 1: a 30 MB calendar packs in a fraction of a
  second), made once per ETag: a small body at once, a big one (> GZIP_NOW) by one background
  thread, the plain body being sent until it is ready. The ETag is the same for both
  encodings, so a client's 304s keep working when the gzip appears.
- `etag_of` hashes a published file (the page) once per version of it.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from timeline.bytes_cache import BytesCache
from timeline.feed_http import GZIP_MIN, etag_of_digest

DISK_BYTES = 1024 * 1024 * 1024  # rendered bodies and gzips kept on disk, in all
RENDERS = 2  # bodies rendered at once
# requests that may render or wait for a render at once; the others get Busy (a 503) at once:
# threads stay free for cached answers (polls, 304s), and no request waits behind another
# calendar's render (with 4, a 50,000-item store's slowest filter took 1.07-1.2 s; with 2, 0.49 s)
PENDING_RENDERS = 2
GZIP_NOW = 1024 * 1024  # bigger bodies are gzipped in the background
GZIP_LEVEL = 1
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileBody:
    """One response body in a file, with its validators."""

    path: Path
    size: int
    etag: str
    content_type: str
    last_modified: datetime | None


class FeedFiles:
    """The bodies of one app; see the module docstring."""

    def __init__(self, max_bytes: int = DISK_BYTES, renders: int = RENDERS, max_pending: int = PENDING_RENDERS) -> None:
        self._folder_lock = threading.Lock()
        self._folder: Path | None = None
        self._bodies: BytesCache[FileBody] = BytesCache(max_bytes * 3 // 4, renders, max_pending,
                                                        on_drop=lambda body: _remove(body.path))
        self._gzips: BytesCache[Path] = BytesCache(max_bytes // 4, on_drop=_remove)
        self._etags: BytesCache[str] = BytesCache(256)  # one "byte" per published version
        self._gzipping: set[str] = set()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._remove_folder: weakref.finalize | None = None  # type: ignore[type-arg]

    def rendered(self, etag: str, content_type: str, last_modified: datetime | None,
                 render: Callable[[Callable[[bytes], None]], bool]) -> FileBody | None:
        """The body with this ETag, made when missing by `render(write)`, which writes it and
        returns True, or returns False when there is nothing to keep (the source moved on):
        then None. Raises Busy when too many requests already render or wait."""

        def make() -> tuple[FileBody, int] | None:
            fd, name = tempfile.mkstemp(suffix=".body", dir=self._folder_path())
            path = Path(name)
            try:
                with open(fd, "wb", buffering=_CHUNK) as out:

                    def write(data: bytes) -> None:
                        out.write(data)

                    done = render(write)
            except BaseException:
                _remove(path)
                raise
            if not done:
                _remove(path)
                return None
            size = path.stat().st_size
            return FileBody(path, size, etag, content_type, last_modified), size

        return self._bodies.get_or_make(etag, make)

    def gzipped(self, body: FileBody) -> Path | None:
        """The gzip of `body` when made, else None; the first call for an ETag starts it (see
        the module docstring)."""
        found = self._gzips.get(body.etag)
        if found is not None or body.size < GZIP_MIN:
            return found
        if body.size <= GZIP_NOW:
            return self._gzip(body)
        with self._lock:
            if body.etag in self._gzipping:
                return None
            self._gzipping.add(body.etag)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-gzip")
                weakref.finalize(self, self._pool.shutdown, wait=False, cancel_futures=True)
            self._pool.submit(self._gzip, body)
        return None

    def etag_of(self, key: Hashable, path: Path) -> str:
        """A strong ETag hashing the file at `path`, read once per `key` (its version: device,
        inode, modification time and size)."""

        def make() -> tuple[str, int]:
            digest = hashlib.sha256()
            with open(path, "rb") as source:
                while piece := source.read(_CHUNK):
                    digest.update(piece)
            return etag_of_digest(digest), 1

        etag = self._etags.get_or_make(key, make)
        assert etag is not None  # make() always gives one
        return etag

    def close(self) -> None:
        """Remove the folder and every body in it now (otherwise when this object goes, or at
        exit; a process killed by a signal never gets there)."""
        with self._folder_lock:
            if self._remove_folder is not None:
                self._remove_folder()

    def clear(self) -> None:
        """Forget every body (the store was replaced)."""
        self._bodies.clear()
        self._gzips.clear()
        self._etags.clear()

    def _gzip(self, body: FileBody) -> Path | None:
        try:
            return self._pack(body)
        except OSError:  # the body was dropped (or its build swept) meanwhile: the plain one is sent
            return None
        finally:
            with self._lock:
                self._gzipping.discard(body.etag)

    def _pack(self, body: FileBody) -> Path:
        fd, name = tempfile.mkstemp(suffix=".gz", dir=self._folder_path())
        path = Path(name)
        try:
            with open(body.path, "rb") as source, open(fd, "wb") as out:
                # no name and mtime 0: the gzip bytes depend on the content only
                with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=GZIP_LEVEL, mtime=0) as packed:
                    shutil.copyfileobj(source, packed, _CHUNK)
        except BaseException:
            _remove(path)
            raise
        self._gzips.put(body.etag, path, path.stat().st_size)
        return path

    def _folder_path(self) -> Path:
        with self._folder_lock:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="timeline-feed-"))
                self._remove_folder = weakref.finalize(self, shutil.rmtree, self._folder, True)
            return self._folder


def _remove(path: Path) -> None:
    # a request still sending it keeps reading: the file goes when it closes (POSIX)
    path.unlink(missing_ok=True)
