"""What pattern_checks reads off each rule pattern, kept in the user's cache folder.

first_chars and required_chars parse a pattern with re's parser and walk the parse: for the
grammar's 66 patterns about 50 ms of the resolver's 130-170 ms import, in every process.  Their
results depend only on the pattern (and the rule's keys), on pattern_checks.py and on the
Python version (re's parser), so they are kept in one marshal file, read once per process; a
pattern not in it is worked out, and the file written again when the process exits, with the
results this process asked for only (patterns of rules since changed drop out).  The
file's name changes with its format, the Python version and pattern_checks.py's bytes.  A
missing, stale, unreadable or unwritable file only costs time.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from timeline.cache_dir import default_cache_dir

CACHE_FORMAT = 1  # bump when a key or a value changes shape
_CACHE_PREFIX = "pattern-checks-"
# The code the results come from: another pattern_checks.py names another file.
_SOURCE = Path(__file__).with_name("pattern_checks.py")

# ("first", pattern) -> first_chars(pattern);
# ("needs", pattern, keys, common) -> required_chars(pattern, keys, common), keys and common sorted
Key = tuple[str, ...]
T = TypeVar("T")

_results: dict[Key, Any] | None = None  # read from the file at the first call
_asked: set[Key] = set()  # the keys this process asked for: what the file keeps
_unwritten = False  # some results this process worked out are not in the file yet


def remembered(key: Key, work_out: Callable[[], T]) -> T:
    """The result kept under `key` in the cache file, else work_out()'s (kept for the file)."""
    global _results, _unwritten
    if _results is None:
        _results = _read(cache_path())
    _asked.add(key)
    if key in _results:
        return _results[key]  # type: ignore[no-any-return]  # _valid checked its shape
    value = _results[key] = work_out()
    _unwritten = True
    return value


@atexit.register
def flush() -> None:
    """Write the results this process knows to the cache file, if some are not written yet."""
    global _unwritten
    if _results is not None and _unwritten:
        _write(cache_path(), {key: value for key, value in _results.items() if key in _asked})
        _unwritten = False


def forget() -> None:
    """Drop the results read or worked out: the next call reads the file again, as a new process does."""
    global _results, _unwritten
    _results, _unwritten = None, False
    _asked.clear()


def cache_path(folder: Path | None = None) -> Path | None:
    """The cache file in `folder` (default: the user's cache folder), None when there is none."""
    folder = folder if folder is not None else default_cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{marshal.version}:{sys.version}\n".encode())
    try:
        digest.update(_SOURCE.read_bytes())
    except OSError:
        return None  # no source to tell a stale file by
    return folder / f"{_CACHE_PREFIX}{digest.hexdigest()[:16]}.marshal"


def _read(path: Path | None) -> dict[Key, Any]:
    """The results of the cache file; {} when it is missing or not of the expected shape."""
    if path is None:
        return {}
    try:
        results = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return results if isinstance(results, dict) and all(_valid(k, v) for k, v in results.items()) else {}


def _valid(key: Any, value: Any) -> bool:
    if not (isinstance(key, tuple) and key and all(isinstance(part, str) for part in key)):
        return False
    if key[0] == "first" and len(key) == 2:
        return value is None or isinstance(value, str)
    if key[0] == "needs" and len(key) == 4:
        return isinstance(value, tuple) and all(
            isinstance(alts, tuple) and all(
                isinstance(alt, tuple) and all(
                    isinstance(need, frozenset) and all(isinstance(ch, str) for ch in need) for need in alt)
                for alt in alts)
            for alts in value)
    return False


def _write(path: Path | None, results: dict[Key, Any]) -> None:
    """Write the results to the cache file atomically.  Any failure leaves no cache."""
    if path is None:
        return
    from timeline.atomic import atomic_write  # tempfile and shutil: only when a result was worked out
    from timeline.errors import TimelineError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, marshal.dumps(results))
    except (OSError, TimelineError):
        pass  # no cache this time: the next process works the results out again
