"""A calendar's bytes around its items: the VCALENDAR properties and VTIMEZONEs before them,
the closing line after. icalendar writes these (they are few and their rules are subtle);
the items' own components come from export/ics.py, written line by line.

The file export (`CalendarBody.write`) and the feed's filtered calendars (timeline/feed_parts.py)
both put `calendar_head` and `calendar_tail` around the items' stored bytes, so the two cannot
differ by a byte.

The VTIMEZONEs take icalendar about 11 ms a build; they are kept across processes
(timeline.kept_results) under their zones, years and the zone files they are read from, in a
file named by icalendar's version.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

import icalendar
from icalendar import Calendar, Component, vDuration
from icalendar import Event as IcsEvent

from timeline.kept_results import KeptResults
from timeline.types import SHANGHAI

PRODID = "-//timeline//timeline calendar export//ZH"
REFRESH = timedelta(hours=6)  # subscribers poll this often; ETag/304 make a poll cheap


CALENDAR_END = b"END:VCALENDAR\r\n"


def calendar_head(name: str, windows: Sequence[tuple[datetime, datetime]], timed_days: tuple[date, date] | None,
                  zone_cache: dict[tuple[str, date, date], bytes] | None = None) -> bytes:
    """A calendar's bytes before its first VEVENT: the VCALENDAR properties, then the
    VTIMEZONEs (add_missing_timezones puts them first) its timed items need. `windows` holds
    one zoned (DTSTART, DTEND) per pair of zones the items use, in the order they first
    appear; `timed_days` the first and last day of a timed item (None: all-day items only).
    With `calendar_tail` around the items' components it gives a whole calendar's bytes:
    how the feed joins a filtered calendar from stored parts (timeline/feed_parts.py)."""
    head: bytes = _header(name).to_ical()
    assert head.endswith(CALENDAR_END)
    head = head[: -len(CALENDAR_END)]
    if not timed_days:
        return head
    first = date(max(1970, timed_days[0].year), 1, 1)
    last = max(date(2038, 1, 1), date(timed_days[1].year + 2, 1, 1))
    key = (repr(sorted(repr((start.tzinfo, end.tzinfo)) for start, end in windows)), first, last)
    cache = {} if zone_cache is None else zone_cache
    if key not in cache:
        cache[key] = _kept_vtimezones(windows, first, last, key[0])
    return head + cache[key]


def calendar_tail(count: int) -> bytes:
    """A calendar's bytes after its last component, for a calendar of `count` items."""
    # RFC 5545 wants at least one component; an empty filter result still parses everywhere.
    return (b"" if count else _without_comment(_shanghai_vtimezone()).to_ical()) + CALENDAR_END


def _header(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # No METHOD: iTIP's PUBLISH requires an ORGANIZER (libical checks it), and news items have
    # none. Without METHOD every client treats the file as plain calendar data, as a feed should.
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", "从中文新闻中抽取的事件、截止日期和规划（timeline 自动生成，请以原文为准）")
    # A typed vDuration: icalendar does not know REFRESH-INTERVAL and would write a timedelta as text.
    cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    # No X-WR-TIMEZONE: every timed value carries its own TZID, and readers that honour
    # X-WR-TIMEZONE re-zone UTC/floating values (x-wr-timezone, Google) for no gain here.
    return cal


CACHE_FORMAT = 1  # bump when a key or a value changes shape


def _valid(key: Any, value: Any) -> bool:
    return (isinstance(key, tuple) and len(key) == 4 and all(isinstance(part, str) for part in key)
            and isinstance(value, bytes))


# (the zones' key of calendar_head, first year's day, last year's day, the zone files) -> bytes
# A build's key changes with the years its items span: a few dozen keys serve builds that take turns.
KEPT = KeptResults("vtimezones-", lambda: [f"vtimezones {CACHE_FORMAT}", f"icalendar {icalendar.__version__}"],
                   _valid, keep_unasked=32)


def _kept_vtimezones(windows: Sequence[tuple[datetime, datetime]], first: date, last: date, zones: str) -> bytes:
    """_vtimezones(...), from the cache file when the zones' data can be told by their files."""
    sources = [_zone_source(zone) for start, end in windows for zone in (start.tzinfo, end.tzinfo)]
    if any(source is None for source in sources):
        return _vtimezones(windows, first, last)
    key = (zones, first.isoformat(), last.isoformat(), "\n".join(sorted(set(map(str, sources)))))
    return KEPT.get(key, lambda: _vtimezones(windows, first, last))


def _zone_source(zone: tzinfo | None) -> str | None:
    """What a zone's transitions come from: a fixed offset's own repr, a ZoneInfo's TZif file
    (path, size, modification time) where zoneinfo finds it; None when not known."""
    if isinstance(zone, timezone):
        return repr(zone)
    if not isinstance(zone, zoneinfo.ZoneInfo) or not zone.key:
        return None
    for folder in zoneinfo.TZPATH:  # zoneinfo looks there first, then in the tzdata package
        path = Path(folder) / zone.key
        if path.is_file():
            stat = path.stat()
            return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
    return None  # from the tzdata package: not kept


def _vtimezones(windows: Sequence[tuple[datetime, datetime]], first: date, last: date) -> bytes:
    """The VTIMEZONEs add_missing_timezones gives a calendar whose timed items have these
    (DTSTART, DTEND) pairs, serialised, COMMENT removed."""
    probe = Calendar()
    for start, end in windows:
        marker = IcsEvent()
        marker.add("dtstart", start)
        marker.add("dtend", end)
        probe.add_component(marker)
    probe.add_missing_timezones(first_date=first, last_date=last)
    return b"".join(_without_comment(tz).to_ical() for tz in probe.walk("VTIMEZONE"))


def _without_comment(vtimezone: Component) -> Component:
    # icalendar notes the covered years in a COMMENT; libical's restriction table allows none.
    vtimezone.pop("COMMENT", None)
    return vtimezone


def _shanghai_vtimezone() -> Component:
    probe = Calendar()
    marker = IcsEvent()
    marker.add("dtstart", datetime(2020, 1, 1, tzinfo=SHANGHAI))
    probe.add_component(marker)
    probe.add_missing_timezones(first_date=date(2000, 1, 1))
    [vtimezone] = probe.walk("VTIMEZONE")
    return vtimezone
