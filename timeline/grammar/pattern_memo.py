"""What pattern_checks reads off each rule pattern, kept in the user's cache folder.

first_chars and required_chars parse a pattern with re's parser and walk the parse: for the
grammar's 66 patterns about 50 ms of the resolver's 130-170 ms import, in every process.  Their
results depend only on the pattern (and the rule's keys), on pattern_checks.py and on the
Python version (re's parser), so they are kept in one file (timeline.kept_results) whose name
changes with its format, the Python version and pattern_checks.py's bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from timeline.kept_results import KeptResults

CACHE_FORMAT = 1  # bump when a key or a value changes shape
# The code the results come from: another pattern_checks.py names another file.
_SOURCE = Path(__file__).with_name("pattern_checks.py")

# ("first", pattern) -> first_chars(pattern);
# ("needs", pattern, keys, common) -> required_chars(pattern, keys, common), keys and common sorted
Key = tuple[str, ...]
T = TypeVar("T")


def _depends_on() -> list[str] | None:
    try:
        return [f"pattern-checks {CACHE_FORMAT}", _SOURCE.read_text(encoding="utf-8")]
    except OSError:
        return None  # no source to tell a stale file by


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


KEPT = KeptResults("pattern-checks-", _depends_on, _valid)


def remembered(key: Key, work_out: Callable[[], T]) -> T:
    """The result kept under `key` in the cache file, else work_out()'s (kept for the file)."""
    return KEPT.get(key, work_out)
