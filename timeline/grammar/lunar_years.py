"""What holidays needs of each lunar year, worked out by lunar_python once per machine.

lunar_python works a lunar year out from its new moons and solar terms: 2-4 ms of pure Python a
year, and 30 ms to import.  A fresh process asks a dozen years or more (the peer suites' first
pass asks 17) and spent most of its first pass there.  The figures holidays reads (each month's
first day and length, the day of each entry of the solar-term table) are kept in one marshal file
in the user's cache folder, read once per process; a year not in it is worked out, and the file
rewritten.  The file's name changes with its format and with lunar_python's files, as the
tagger's does with jieba's.  A missing, stale, unreadable or unwritable file only costs time.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from timeline.kept_results import KeptResults

CACHE_FORMAT = 1  # bump when YearData changes shape
# The files of lunar_python the figures come from: a new lunar_python changes their sizes or times.
_SOURCES = ("LunarYear.py", "LunarMonth.py", "Solar.py", "util/ShouXingUtil.py")

# (month, leap 0/1, solar year, month, day of its first day, number of days) of each month
Month = tuple[int, int, int, int, int, int]
# (name as lunar_python's Lunar.JIE_QI_IN_USE spells it, solar year, month, day) of each entry
# of the year's solar-term table, which runs from the 大雪 before the lunar year to the 惊蛰 after
Term = tuple[str, int, int, int]
YearData = tuple[tuple[Month, ...], tuple[Term, ...]]


def lunar_year(year: int) -> YearData:
    """The months and the solar-term table of lunar year `year`, from the cache file or lunar_python."""
    return KEPT.get(year, lambda: work_out(year))


def flush() -> None:
    """Write the years this process knows to the cache file, if it worked out any not written yet."""
    KEPT.flush()


def forget() -> None:
    """Drop the years read or worked out: the next call reads the file again, as a new process does."""
    KEPT.forget()


def work_out(year: int) -> YearData:
    """lunar_python's figures for lunar year `year` (its LunarYear, made once)."""
    from lunar_python import Lunar, LunarYear, Solar  # type: ignore[import-untyped]  # only for a year not cached

    lunar = LunarYear(year)
    months = []
    for month in lunar.getMonthsInYear():
        first = Solar.fromJulianDay(month.getFirstJulianDay())
        months.append((abs(month.getMonth()), int(bool(month.isLeap())), first.getYear(), first.getMonth(),
                       first.getDay(), month.getDayCount()))
    terms = []
    # Lunar.getJieQiTable() of a day in this lunar year, without making the day: the same names
    # over the same julian days of its LunarYear
    for name, julian_day in zip(Lunar.JIE_QI_IN_USE, lunar.getJieQiJulianDays(), strict=True):
        solar = Solar.fromJulianDay(julian_day)
        terms.append((name, solar.getYear(), solar.getMonth(), solar.getDay()))
    return tuple(months), tuple(terms)


def cache_path(folder: Path | None = None) -> Path | None:
    """The cache file in `folder` (default: the user's cache folder), None when there is none."""
    return KEPT.path(folder)


def _depends_on() -> list[str]:
    parts = [f"lunar-years {CACHE_FORMAT}"]
    spec = importlib.util.find_spec("lunar_python")
    root = Path(spec.origin).parent if spec is not None and spec.origin else None
    parts.append(str(root))
    if root is not None:
        for name in _SOURCES:
            try:
                st = (root / name).stat()
                parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                parts.append(f"{name}:-")
    return parts


def _valid(year: Any, data: Any) -> bool:
    if not (isinstance(year, int) and isinstance(data, tuple) and len(data) == 2):
        return False
    months, terms = data
    return (isinstance(months, tuple) and isinstance(terms, tuple)
            and all(isinstance(m, tuple) and len(m) == 6 and all(type(v) is int for v in m) for m in months)
            and all(isinstance(t, tuple) and len(t) == 4 and isinstance(t[0], str)
                    and all(type(v) is int for v in t[1:]) for t in terms))


# every year stays in the file: a process asks a few, and the file is the machine's almanac
KEPT = KeptResults("lunar-years-", _depends_on, _valid, keep_unasked=sys.maxsize, write_early=True)
