"""The feed's cache of rendered responses: bounded by bytes, each missing entry made once.

A calendar of 50,000 items is about 60 MB, a small filtered one a few KB, so a cache bounded
by the number of entries is either useless or unbounded; this one counts bytes. Making an
entry is the expensive part (seconds for a big store), so a key is made by one thread while
the others asking for it wait for that result, and at most `makers` entries are made at once:
eight different filters polled together render one after another instead of all at once
(each holding its rows and bytes), and a request for a cached entry never waits for any of it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Busy(Exception):
    """Too many requests already wait for entries to be made; ask again later."""


class BytesCache(Generic[V]):
    """Least recently used entries up to `max_bytes` in all; see the module docstring.

    >>> cache: BytesCache[bytes] = BytesCache(max_bytes=10)
    >>> cache.get_or_make("a", lambda: (b"12345", 5))
    b'12345'
    >>> cache.get("a")
    b'12345'
    """

    def __init__(self, max_bytes: int, makers: int = 1, max_pending: int | None = None,
                 on_drop: Callable[[V], None] | None = None) -> None:
        self.max_bytes = max_bytes
        self._on_drop = on_drop  # told of each entry dropped (a file on disk to remove)
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._making: dict[Hashable, tuple[threading.Lock, list[int]]] = {}  # key -> (its lock, waiters)
        self._makers = threading.BoundedSemaphore(makers)
        # threads making or waiting for a missing entry; beyond max_pending a caller gets Busy at
        # once, so the server's threads are never all stuck waiting while cached answers queue
        self._pending = 0
        self.max_pending = max_pending

    @property
    def size(self) -> int:
        """Bytes held now."""
        return self._bytes

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: V, size: int) -> None:
        """Keep `value` (of `size` bytes), dropping the least recently used entries to make room;
        a value larger than the whole cache is not kept."""
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
                self._dropped(old[0], value)
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (dropped, dropped_size) = self._entries.popitem(last=False)
                self._bytes -= dropped_size
                self._dropped(dropped, value)

    def _dropped(self, old: V, kept: V) -> None:
        if self._on_drop is not None and old is not kept:
            self._on_drop(old)

    def get_or_make(self, key: Hashable, make: Callable[[], tuple[V, int] | None]) -> V | None:
        """The entry for `key`, made by `make()` -> (value, size) when missing. Threads asking
        for the same key wait for the one making it; at most `makers` keys are made at once.
        `make` may return None (nothing to keep, e.g. the store moved on): then None. Raises
        Busy when `max_pending` threads already make or wait."""
        found = self.get(key)
        if found is not None:
            return found
        with self._lock:
            if self.max_pending is not None and self._pending >= self.max_pending:
                raise Busy(key)
            self._pending += 1
            key_lock, waiters = self._making.setdefault(key, (threading.Lock(), [0]))
            waiters[0] += 1
        try:
            with key_lock:
                found = self.get(key)  # made while this thread waited
                if found is not None:
                    return found
                with self._makers:
                    made = make()
                if made is None:
                    return None
                self.put(key, *made)
                return made[0]
        finally:
            with self._lock:
                self._pending -= 1
                waiters[0] -= 1
                if not waiters[0]:
                    del self._making[key]

    def clear(self) -> None:
        with self._lock:
            if self._on_drop is not None:
                for value, _ in self._entries.values():
                    self._on_drop(value)
            self._entries.clear()
            self._bytes = 0
