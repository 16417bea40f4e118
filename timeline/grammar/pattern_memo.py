"""What pattern_checks reads off each rule pattern, and its compiled program, kept in the
user's cache folder.

first_chars and required_chars parse a pattern with re's parser and walk the parse: for the
grammar's 66 patterns about 50 ms of the resolver's 130-170 ms import, in every process; and
re.compile parses it again and compiles it in Python, about as much again.  Their results
depend only on the pattern (and the rule's keys), on pattern_checks.py and on the Python
version (re's parser and compiler), so they are kept in one file (timeline.kept_results)
whose name changes with its format, the Python version, _sre's MAGIC and pattern_checks.py's
bytes.  `compiled` hands the kept program to _sre.compile, as re.compile does: the Pattern
compares equal to re.compile's (same pattern, flags and code).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from re import _compiler as sre_compile  # type: ignore[attr-defined]  # re.compile's own steps
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, TypeVar

import _sre  # type: ignore[import-not-found]  # re's engine: compile() takes the program re builds

from timeline.kept_results import KeptResults

CACHE_FORMAT = 1  # bump when a key or a value changes shape
# The code the results come from: another pattern_checks.py names another file.
_SOURCE = Path(__file__).with_name("pattern_checks.py")

# ("first", pattern) -> first_chars(pattern);
# ("needs", pattern, keys, common) -> required_chars(pattern, keys, common), keys and common sorted;
# ("compiled", pattern) -> the arguments after the pattern of re.compile(pattern)'s _sre.compile call
Key = tuple[str, ...]
T = TypeVar("T")


def _depends_on() -> list[str] | None:
    try:
        return [f"pattern-checks {CACHE_FORMAT}", f"_sre {_sre.MAGIC}", _SOURCE.read_text(encoding="utf-8")]
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
    if key[0] == "compiled" and len(key) == 2:
        return (isinstance(value, tuple) and len(value) == 5 and type(value[0]) is int
                and isinstance(value[1], list) and type(value[2]) is int  # _sre.compile checks the code
                and isinstance(value[3], dict)
                and all(isinstance(name, str) and type(index) is int for name, index in value[3].items())
                and isinstance(value[4], tuple) and all(name is None or isinstance(name, str) for name in value[4]))
    return False


KEPT = KeptResults("pattern-checks-", _depends_on, _valid)


def remembered(key: Key, work_out: Callable[[], T]) -> T:
    """The result kept under `key` in the cache file, else work_out()'s (kept for the file)."""
    return KEPT.get(key, work_out)


def compiled(pattern: str) -> re.Pattern[str]:
    """re.compile(pattern) (no flags) from the program kept in the cache file (checked equal on
    CPython 3.11-3.13); plain re.compile where re's internals are not the ones this knows."""
    try:
        flags, code, groups, groupindex, indexgroup = remembered(("compiled", pattern), lambda: _program(pattern))
        return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)  # type: ignore[no-any-return]
    except (AttributeError, TypeError, ValueError, RuntimeError):  # another re._compiler or _sre.compile
        return re.compile(pattern)


def _program(pattern: str) -> tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]:
    """What re._compiler.compile(pattern, 0) hands _sre.compile after the pattern (CPython 3.11-3.13)."""
    parsed = sre_parse.parse(pattern, 0)
    code = [int(op) for op in sre_compile._code(parsed, 0)]  # its opcodes are an int subclass marshal refuses
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        indexgroup[index] = name
    return parsed.state.flags, code, parsed.state.groups - 1, dict(parsed.state.groupdict), tuple(indexgroup)
