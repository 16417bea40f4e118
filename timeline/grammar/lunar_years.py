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

import atexit
import hashlib
import importlib.util
import marshal
from pathlib import Path
from typing import Any

from timeline.cache_dir import default_cache_dir

CACHE_FORMAT = 1  # bump when YearData changes shape
_CACHE_PREFIX = "lunar-years-"
# The files of lunar_python the figures come from: a new lunar_python changes their sizes or times.
_SOURCES = ("LunarYear.py", "LunarMonth.py", "Solar.py", "util/ShouXingUtil.py")

# (month, leap 0/1, solar year, month, day of its first day, number of days) of each month
Month = tuple[int, int, int, int, int, int]
# (name as lunar_python's Lunar.JIE_QI_IN_USE spells it, solar year, month, day) of each entry
# of the year's solar-term table, which runs from the 大雪 before the lunar year to the 惊蛰 after
Term = tuple[str, int, int, int]
YearData = tuple[tuple[Month, ...], tuple[Term, ...]]

_years: dict[int, YearData] | None = None  # read from the file at the first call
_new_years = 0  # years this process worked out since it read the file
_unwritten = False  # some of them are not in the file yet


def lunar_year(year: int) -> YearData:
    """The months and the solar-term table of lunar year `year`, from the cache file or lunar_python."""
    global _years, _new_years, _unwritten
    if _years is None:
        _years = _read(cache_path())
    data = _years.get(year)
    if data is None:
        data = _years[year] = work_out(year)
        _new_years += 1
        _unwritten = True
        # the 1st, 2nd, 4th, 8th... new year rewrites the file (a text naming hundreds of years
        # writes it a few times, not hundreds); the process's last ones are written at exit
        if _new_years & (_new_years - 1) == 0:
            flush()
    return data


@atexit.register
def flush() -> None:
    """Write the years this process knows to the cache file, if it worked out any not written yet."""
    global _unwritten
    if _years is not None and _unwritten:
        _write(cache_path(), _years)
        _unwritten = False


def forget() -> None:
    """Drop the years read or worked out: the next call reads the file again, as a new process does."""
    global _years, _new_years, _unwritten
    _years, _new_years, _unwritten = None, 0, False


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
    folder = folder if folder is not None else default_cache_dir()
    if folder is None:
        return None
    parts = [f"{CACHE_FORMAT}:{marshal.version}"]
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
    key = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]
    return folder / f"{_CACHE_PREFIX}{key}.marshal"


def _read(path: Path | None) -> dict[int, YearData]:
    """The years of the cache file; {} when it is missing or not of the expected shape."""
    if path is None:
        return {}
    try:
        years = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return years if isinstance(years, dict) and all(_valid(y, d) for y, d in years.items()) else {}


def _valid(year: Any, data: Any) -> bool:
    if not (isinstance(year, int) and isinstance(data, tuple) and len(data) == 2):
        return False
    months, terms = data
    return (isinstance(months, tuple) and isinstance(terms, tuple)
            and all(isinstance(m, tuple) and len(m) == 6 and all(type(v) is int for v in m) for m in months)
            and all(isinstance(t, tuple) and len(t) == 4 and isinstance(t[0], str)
                    and all(type(v) is int for v in t[1:]) for t in terms))


def _write(path: Path | None, years: dict[int, YearData]) -> None:
    """Write the years to the cache file atomically; another process's years written since this one
    read the file are lost, and worked out again when asked.  Any failure leaves no cache."""
    if path is None:
        return
    from timeline.atomic import atomic_write  # tempfile and shutil: only when a year was worked out
    from timeline.errors import TimelineError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, marshal.dumps(years))
    except (OSError, TimelineError):
        pass  # no cache this time: the next process works the years out again
