"""Where an article's publication date comes from, in order of trust.

1. `option`: `--published` given by the user;
2. `metadata`: the record's own date (HTML meta or JSON-LD, a JSON field, a feed entry's
   pubDate/updated, front matter);
3. `path`: a date in a folder or file name (`news/20230412.md`, `2023-04-12/a.txt`,
   `2023/04/12/a.txt`, `2023年4月12日.txt`, `cctv_20230412_007.txt`);
4. `dateline`: a masthead or dateline with a year in the text
   (`《人民日报》（2025年03月01日第01版）`, `2025年03月01日 星期六 第01版`);
5. `inferred`: worked out from the text by `timeline.reference`.

The first that gives a date wins; the value keeps its source so `timeline explain` can say it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import PurePath

from timeline.types import SHANGHAI


class PublishedSource(Enum):
    OPTION = "option"
    METADATA = "metadata"
    PATH = "path"
    DATELINE = "dateline"
    INFERRED = "inferred"


@dataclass(frozen=True, slots=True)
class Published:
    """A publication date and where it was read: `Published(date(2023, 4, 12), PATH, "cctv_20230412_007.txt")`."""

    date: date
    source: PublishedSource
    evidence: str  # what was read: the option, the field, the path part, the masthead

    @property
    def note(self) -> str:
        """The reference note an article carries: `published 2023-04-12 (path: cctv_20230412_007.txt)`."""
        return f"published {self.date.isoformat()} ({self.source.value}: {self.evidence})"


def _day(year: str, month: str, day: str) -> date | None:
    try:
        when = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return when if 1900 <= when.year <= 2100 else None


# A date inside one path part. Digits glued to other digits are not a date (an ID such as
# 1202304120001), so each form is bounded by a non-digit or the part's edge.
_PART_DATES = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-_.](?P<m>0?[1-9]|1[0-2])[-_.](?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)年(?P<m>0?[1-9]|1[0-2])月(?P<d>0?[1-9]|[12]\d|3[01])[日号]"),
)
# `2023/04/12/page.html`: the date spread over three folders
_FOLDER_DATE = re.compile(
    r"(?:^|/)(?P<y>(?:19|20)\d\d)/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?=/|$|[^\d])"
)


def path_date(path: str | PurePath) -> Published | None:
    """The date written in a path, the file name first, then the folders from the nearest up.

    >>> path_date("archive/cctv_20230412_007.txt").date
    datetime.date(2023, 4, 12)
    >>> path_date("news/2023/04/12/a.html").evidence
    '2023/04/12'
    >>> path_date("notes/readme.txt") is None
    True
    """
    pure = PurePath(path)
    parts = [pure.stem, *reversed(pure.parent.parts)]
    for part in parts:
        for pattern in _PART_DATES:
            m = pattern.search(part)
            if m and (when := _day(m["y"], m["m"], m["d"])):
                return Published(when, PublishedSource.PATH, part if part != pure.stem else pure.name)
    m = None
    for m in _FOLDER_DATE.finditer(pure.as_posix()):
        pass  # the last (deepest) one
    if m and (when := _day(m["y"], m["m"], m["d"])):
        return Published(when, PublishedSource.PATH, m.group().strip("/"))
    return None


_DATE = r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>0?[1-9]|1[0-2])\s*月\s*(?P<d>0?[1-9]|[12]\d|3[01])\s*日"
# A masthead names the paper and the edition's date (and page); a page header gives the date
# with its weekday or page. A date alone in running text is not a dateline.
_DATELINES = (
    re.compile(rf"《[^《》]{{1,12}}[报刊]》\s*[(（]\s*{_DATE}\s*(?:第?\s*\d{{1,3}}\s*版)?\s*[)）]"),
    re.compile(rf"(?m)^\s*{_DATE}\s*(?:[(（]?(?:星期|周)[一二三四五六日天][)）]?\s*)?第?\s*\d{{1,3}}\s*版"),
    re.compile(rf"{_DATE}\s*第\s*\d{{1,3}}\s*版"),
)


def dateline_date(text: str) -> Published | None:
    """The date of a masthead or page header with a year, if the text has one.

    >>> dateline_date("《人民日报》（2025年03月01日第01版）\\n正文").date
    datetime.date(2025, 3, 1)
    >>> dateline_date("会议定于2025年3月1日召开。") is None
    True
    """
    for pattern in _DATELINES:
        m = pattern.search(text)
        if m and (when := _day(m["y"], m["m"], m["d"])):
            return Published(when, PublishedSource.DATELINE, re.sub(r"\s+", "", m.group()))
    return None


_META_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>0?[1-9]|1[0-2])\s*[-/.月]\s*(?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"
)


def metadata_date(value: object, field: str) -> Published | None:
    """A record's date field read as a day: ISO strings and timestamps with a time or zone
    (`2023-04-12T08:00:00+08:00`), `2023/4/12`, `2023年4月12日`, a `date`, or epoch seconds.

    The day is the one written: a time zone is not converted, since a paper's date is its
    local day. None for a value that holds no date.

    >>> metadata_date("2023-04-12T20:00:00Z", "published").date
    datetime.date(2023, 4, 12)
    """
    when: date | None = None
    if isinstance(value, date):
        when = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 4_102_444_800:
        when = datetime.fromtimestamp(float(value), timezone.utc).astimezone(SHANGHAI).date()
    elif isinstance(value, str) and (m := _META_DATE.search(value)):
        when = _day(m["y"], m["m"], m["d"])
    if when is None:
        return None
    return Published(when, PublishedSource.METADATA, f"{field} {value}")


def option_date(value: date) -> Published:
    """`--published` as a Published value."""
    return Published(value, PublishedSource.OPTION, "--published")
