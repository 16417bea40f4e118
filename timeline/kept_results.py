"""Results a process can work out again, kept across processes in one marshal file of the
user's cache folder (the grammar's pattern checks, the calendars' VTIMEZONEs).

The file is read at the first lookup; a key not in it is worked out, and the file written
again when the process exits: the keys this process looked up, then at most `keep_unasked`
others of the file (so what stopped being asked for drops out).  Its name hashes what the
results depend on besides their keys (the code's version, the Python version...), so a stale
file is never read.  A missing, stale, unreadable or unwritable file only costs time.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import sys
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from timeline.cache_dir import default_cache_dir

T = TypeVar("T")


class KeptResults:
    """One cache file of results: `prefix` starts its name, `depends_on()` lists what its
    results depend on besides their keys (None: nothing to tell a stale file by, no file),
    `valid(key, value)` checks each entry read back; `keep_unasked` entries not looked up by
    this process stay in the file (processes that ask different keys take turns); with
    `write_early` the 1st, 2nd, 4th, 8th... result worked out rewrites the file at once (a
    process asking hundreds writes it a few times, not hundreds), the rest at exit."""

    def __init__(self, prefix: str, depends_on: Callable[[], list[str] | None],
                 valid: Callable[[Any, Any], bool], keep_unasked: int = 0, write_early: bool = False) -> None:
        self.prefix = prefix
        self.depends_on = depends_on
        self.valid = valid
        self.keep_unasked = keep_unasked
        self.write_early = write_early
        self._worked_out = 0  # results this process worked out since it read the file
        self._results: dict[Any, Any] | None = None  # read from the file at the first lookup
        self._asked: set[Any] = set()  # the keys this process looked up: what the file keeps
        self._unwritten = False  # some results this process worked out are not in the file yet
        atexit.register(self.flush)

    def get(self, key: Hashable, work_out: Callable[[], T]) -> T:
        """The result kept under `key`, else work_out()'s (kept for the file)."""
        if self._results is None:
            self._results = self._read(self.path())
        self._asked.add(key)
        if key in self._results:
            return self._results[key]  # type: ignore[no-any-return]  # `valid` checked it
        value = self._results[key] = work_out()
        self._unwritten = True
        self._worked_out += 1
        if self.write_early and self._worked_out & (self._worked_out - 1) == 0:
            self.flush()
        return value

    def flush(self) -> None:
        """Write the results this process looked up (and `keep_unasked` others) to the file, if
        some are not written yet."""
        if self._results is not None and self._unwritten:
            asked = {key: value for key, value in self._results.items() if key in self._asked}
            others = [(key, value) for key, value in self._results.items() if key not in self._asked]
            self._write(self.path(), asked | dict(others[: self.keep_unasked]))
            self._unwritten = False

    def forget(self) -> None:
        """Drop the results read or worked out: the next lookup reads the file again, as a new process does."""
        self._results, self._unwritten, self._worked_out = None, False, 0
        self._asked.clear()

    def path(self, folder: Path | None = None) -> Path | None:
        """The cache file in `folder` (default: the user's cache folder), None when there is none."""
        folder = folder if folder is not None else default_cache_dir()
        parts = self.depends_on()
        if folder is None or parts is None:
            return None
        text = "\n".join([str(marshal.version), sys.version, *parts])
        return folder / f"{self.prefix}{hashlib.sha256(text.encode()).hexdigest()[:16]}.marshal"

    def _read(self, path: Path | None) -> dict[Any, Any]:
        """The results of the file; {} when it is missing or not of the expected shape."""
        if path is None:
            return {}
        try:
            results = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return results if isinstance(results, dict) and all(self.valid(k, v) for k, v in results.items()) else {}

    @staticmethod
    def _write(path: Path | None, results: dict[Any, Any]) -> None:
        """Write the results to the file atomically.  Any failure leaves no cache."""
        if path is None:
            return
        from timeline.atomic import atomic_write  # tempfile and shutil: only when a result was worked out
        from timeline.errors import TimelineError

        try:
            data = marshal.dumps(results)
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
        except (ValueError, OSError, TimelineError):  # ValueError: a value marshal cannot write
            pass  # no cache this time: the next process works the results out again
