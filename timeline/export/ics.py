"""Stored events -> iCalendar bytes. The file export and the feed (server.py) share `render_ics`.

What a subscriber sees, and why (docs/calendar.md says the same for users):

- Day-grain items are all-day (VALUE=DATE); timed items are DATE-TIME with TZID=Asia/Shanghai
  and a VTIMEZONE from icalendar's `add_missing_timezones`, never floating times.
- Deadlines (and PLAN items with a due date) are one all-day event on the due day
  (`TimeSpan.due`: 2022年6月底前 -> 2022-06-30) with DISPLAY alarms `remind_days` before, at 09:00.
- Spans longer than `LONG_SPAN` days (“十四五”时期, 2021年全年) are not laid across the calendar:
  a plan or deadline becomes a one-day milestone on its last day (when it is due), anything
  else a one-day marker on its first day (when it begins). The description gives the period.
- Every byte comes from the input: DTSTAMP/LAST-MODIFIED from `changed_at`, no calendar UID,
  no clock, events sorted by (start, id), so two renders of the same store are identical.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo


from timeline.atomic import atomic_write
from timeline.export import ics_lines
from timeline.export.ics_head import calendar_head, calendar_tail
from timeline.store import Store
from timeline.types import (
    SHANGHAI,
    Category,
    Certainty,
    Event,
    EventKind,
    Grain,
    Role,
    StoredEvent,
    TimeSpan,
)

LONG_SPAN = 31  # days; a longer span becomes a one-day marker instead of a bar
MIN_TIMED = timedelta(hours=1)  # "9点30分" is a start time, not a one-minute meeting
ALARM_HOUR = 9  # all-day reminders ring at 09:00 local time, N days before

KIND_TEXT = {EventKind.EVENT: "事件", EventKind.DEADLINE: "截止", EventKind.PLAN: "规划"}
CATEGORY_TEXT = {
    Category.MEETING: "会议", Category.INSPECTION: "检查调研", Category.VISIT: "走访",
    Category.CEREMONY: "仪式", Category.REPORT: "报告", Category.OTHER: "其他",
}
FEEDS: dict[str, tuple[str, tuple[EventKind, ...] | None]] = {
    "calendar.ics": ("时间线", None),
    "events.ics": ("时间线 · 事件", (EventKind.EVENT,)),
    "deadlines.ics": ("时间线 · 截止与规划", (EventKind.DEADLINE, EventKind.PLAN)),
}


def render_ics(
    events: Sequence[StoredEvent],
    *,
    name: str,
    remind_days: Sequence[int] = (7, 1),
    todo: bool = False,
    references: Mapping[str, str] | None = None,
) -> bytes:
    """The calendar named `name` holding `events`, as RFC 5545 bytes (CRLF, folded, UTF-8).

    Deterministic: the same events give the same bytes. `remind_days` are the days before a
    deadline on which a DISPLAY alarm rings (0 = on the day); `todo=True` adds a VTODO (DUE =
    due day) per deadline or plan for clients that list tasks. `references` maps an article ID
    to a line saying its reference date and why ("2020-11-30（explicit 2020年11月30日）").

    Example: a stored 2022年6月底前 deadline renders as DTSTART;VALUE=DATE:20220630 with two
    VALARMs (TRIGGER:-P6DT15H and -PT15H: 09:00 seven days and one day before).
    """
    rows = sorted(events, key=lambda r: r.event.sort_key)
    calendar = CalendarBody(name)
    for row, parts in zip(rows, render_parts(rows, remind_days=remind_days, todo=todo, references=references)):
        calendar.add(row.event, *parts)
    out = io.BytesIO()
    calendar.write(out.write)
    return out.getvalue()


def render_calendars(
    store_events: Iterable[StoredEvent],
    *,
    remind_days: Sequence[int] = (7, 1),
    todo: bool = False,
    references: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """The three calendars' bytes by file name: calendar.ics (everything), events.ics (kind
    event) and deadlines.ics (deadlines and plans). Each item's components are serialised
    once and go into calendar.ics and into the calendar of its kind."""
    rows = sorted(store_events, key=lambda r: r.event.sort_key)
    calendars = CalendarSet(spool=io.BytesIO)
    for row, parts in zip(rows, render_parts(rows, remind_days=remind_days, todo=todo, references=references)):
        calendars.add(row.event, *parts)
    rendered: dict[str, bytes] = {}
    for filename, calendar in calendars.finish():
        out = io.BytesIO()
        calendar.write(out.write)
        rendered[filename] = out.getvalue()
    return rendered


# An item's serialised VEVENT, its VTODO (None: no task) and, for a timed item, the zoned
# (DTSTART, DTEND) that decides the calendar's VTIMEZONEs (None: all-day).
Parts = tuple[bytes, bytes | None, tuple[datetime, datetime] | None]


def render_parts(
    rows: Iterable[StoredEvent],
    *,
    remind_days: Sequence[int] = (7, 1),
    todo: bool = False,
    references: Mapping[str, str] | None = None,
) -> list[Parts]:
    """Each row's serialised components, in order: serialising is most of a calendar's time,
    and this part can run in other processes, each on a share of the rows."""
    days = _check_remind_days(remind_days)
    refs = references or {}
    parts: list[Parts] = []
    for row in rows:
        window = _window(row.event)
        vtodo = _vtodo_bytes(row, refs) if todo and _is_due_item(row.event) else None
        parts.append((_vevent_bytes(row, window, days, refs), vtodo, _timed(window)))
    return parts


def _timed(window: Window) -> tuple[datetime, datetime] | None:
    """A timed item's zoned (DTSTART, DTEND); None for an all-day one."""
    start, end, timed, _ = window
    if not timed:
        return None
    assert isinstance(start, datetime) and isinstance(end, datetime)
    return start, end


class CalendarBody:
    """One calendar, its components taken one item at a time in (start, ID) order and kept in
    `spool` files (temporary files for an export, memory for the feed), so a calendar of any
    size is never whole in memory. `write` gives exactly the bytes `Calendar.to_ical()` gives
    for the calendar with every component added: a component's bytes do not depend on the
    calendar holding it, so they are the library's serialisation of the calendar's own
    properties, then the VTIMEZONEs (add_missing_timezones puts them first), the VEVENTs, the
    VTODOs, and END:VCALENDAR.
    """

    def __init__(self, name: str, *, spool: Callable[[], BinaryIO] = io.BytesIO,
                 zone_cache: dict[tuple[str, date, date], bytes] | None = None) -> None:
        self.name = name
        self._events, self._todos = spool(), spool()
        self._count = 0
        # one (DTSTART, DTEND) probe per pair of zones, and the first and last day of a timed item
        self._zones: dict[tuple[object, object], tuple[datetime, datetime]] = {}
        self._timed: tuple[date, date] | None = None
        self._zone_cache = {} if zone_cache is None else zone_cache

    def add(self, event: Event, vevent: bytes, vtodo: bytes | None, timed: tuple[datetime, datetime] | None) -> None:
        if timed is not None:
            start, end = timed
            self._zones.setdefault((start.tzinfo, end.tzinfo), timed)
            day = event.when.first_day
            self._timed = (min(self._timed[0], day), max(self._timed[1], day)) if self._timed else (day, day)
        self._events.write(vevent)
        if vtodo is not None:
            self._todos.write(vtodo)
        self._count += 1

    def write(self, write: Callable[[bytes], None]) -> None:
        write(calendar_head(self.name, list(self._zones.values()), self._timed, self._zone_cache))
        for spool in (self._events, self._todos):
            spool.seek(0)
            while piece := spool.read(1 << 20):
                write(piece)
            spool.close()
        write(calendar_tail(self._count))


class CalendarSet:
    """The FEEDS calendars at once: each item, added in (start, ID) order with its serialised
    parts, goes into calendar.ics and into the calendar of its kind."""

    def __init__(self, *, spool: Callable[[], BinaryIO] = io.BytesIO) -> None:
        zones: dict[tuple[str, date, date], bytes] = {}
        self._calendars = {filename: (CalendarBody(name, spool=spool, zone_cache=zones), kinds)
                           for filename, (name, kinds) in FEEDS.items()}

    def add(self, event: Event, vevent: bytes, vtodo: bytes | None, timed: tuple[datetime, datetime] | None) -> None:
        for calendar, kinds in self._calendars.values():
            if kinds is None or event.kind in kinds:
                calendar.add(event, vevent, vtodo, timed)

    def finish(self) -> Iterator[tuple[str, CalendarBody]]:
        """Each calendar's file name and body, to `write` out once every item is in."""
        for filename, (calendar, _) in self._calendars.items():
            yield filename, calendar


def references_for(articles: Mapping[tuple[str, int], tuple[str, str]], rows: Iterable[StoredEvent]) -> dict[str, str]:
    """Article ID -> its reference line, for `render_ics(..., references=...)`, from
    `Store.article_references()`; an article the store holds no longer (or holds a different
    article at that place now) is left out."""
    refs: dict[str, str] = {}
    for row in rows:
        ev = row.event.evidence
        found = articles.get((ev.source, ev.article_index))
        if found is not None and found[0] == ev.article_id:
            refs[ev.article_id] = found[1]
    return refs


def write_calendars(
    store_events: Iterable[StoredEvent],
    out_dir: Path | str,
    *,
    remind_days: Sequence[int] = (7, 1),
    todo: bool = False,
    references: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write the three calendars of `render_calendars` into `out_dir` with atomic_write (a reader
    sees the old file or the new one, never half); return the paths written."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, data in render_calendars(store_events, remind_days=remind_days, todo=todo,
                                           references=references).items():
        atomic_write(folder / filename, data)
        written.append(folder / filename)
    return written


def references_from_store(store: Store, rows: Iterable[StoredEvent]) -> dict[str, str]:
    """`references_for` the store's articles and these rows."""
    return references_for(store.article_references(), rows)


# -- one item --------------------------------------------------------------------------------


def _is_due_item(event: Event) -> bool:
    """Deadlines and plans: the items a user wants reminding of."""
    return event.kind in (EventKind.DEADLINE, EventKind.PLAN)


# DTSTART, DTEND, timed, and a note when the calendar shows less than the whole span ("" if not)
Window = tuple[date | datetime, date | datetime, bool, str]


def _window(event: Event) -> Window:
    """(DTSTART, DTEND, timed, how the calendar shows it) for one event.

    DTEND is exclusive for both DATE and DATE-TIME, as TimeSpan.end_exclusive is.
    """
    when = event.when
    length = (when.last_day - when.first_day).days + 1
    if when.role is Role.DEADLINE:
        if when.timed:
            end = _zoned(when.end_exclusive)
            start = max(_zoned(when.start), end - MIN_TIMED)
            return start, end, True, ""
        due = when.due
        return due, due + timedelta(days=1), False, ""
    if _is_due_item(event) and length > LONG_SPAN:
        due = when.due
        return due, due + timedelta(days=1), False, f"日历上只标出最后一天（共 {length} 天）"
    if length > LONG_SPAN:
        first = when.first_day
        return first, first + timedelta(days=1), False, f"日历上只标出第一天（共 {length} 天）"
    if when.timed:
        start, end = _zoned(when.start), _zoned(when.end_exclusive)
        if when.role is Role.POINT and when.grain <= Grain.HOUR and end - start < MIN_TIMED:
            return start, start + MIN_TIMED, True, "结束时间未写明"
        return start, end, True, ""
    return when.start, when.end_exclusive, False, ""


def _vevent_bytes(row: StoredEvent, window: Window, remind_days: tuple[int, ...], refs: Mapping[str, str]) -> bytes:
    """The item's VEVENT (with a VALARM per reminder day if it is a deadline or plan), serialised:
    the bytes icalendar's `Event.to_ical()` gives, properties in its order (ics_lines says why
    we write them ourselves). `window` is `_window(row.event)`, which render_parts also reads."""
    event = row.event
    start, end, timed, shown = window
    stamp = ics_lines.utc(row.changed_at)
    title = event.title
    content = [
        "BEGIN:VEVENT",
        f"SUMMARY:{ics_lines.text(title)}",
        ics_lines.when("DTSTART", start),
        ics_lines.when("DTEND", end),
        f"DTSTAMP:{stamp}",
        f"UID:{ics_lines.text(event.id)}@timeline",
        f"SEQUENCE:{row.sequence}",
        f"CATEGORIES:{ics_lines.categories(_categories(event))}",
        "CLASS:PUBLIC",
        f"CREATED:{ics_lines.utc(row.created_at)}",
        f"DESCRIPTION:{ics_lines.text(_description(row, shown, refs))}",
        f"LAST-MODIFIED:{stamp}",
    ]
    if event.places:
        content.append(f"LOCATION:{ics_lines.text('、'.join(event.places))}")
    if event.evidence.url:  # a URI value: not escaped as text, only kept on one line
        content.append(f"URL:{''.join(event.evidence.url.split())}")
    # News items are not the reader's own appointments: never mark the reader busy.
    content.append("TRANSP:TRANSPARENT")
    if _is_due_item(event):
        for days in remind_days:
            when = {0: "今天", 1: "明天"}.get(days, f"{days}天后")
            # Timed: relative to the deadline's moment. All-day: relative to 00:00 of the due day,
            # ringing at 09:00 `days` days before, as Apple Calendar does (-PT15H = the day before).
            trigger = timedelta(days=-days) if timed else timedelta(days=-days, hours=ALARM_HOUR)
            content += ("BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{ics_lines.text(f'{when}截止：{title}')}",
                        f"TRIGGER:{ics_lines.duration(trigger)}", "END:VALARM")
    content.append("END:VEVENT")
    return ics_lines.component(content)


def _vtodo_bytes(row: StoredEvent, refs: Mapping[str, str]) -> bytes:
    """The VTODO of a deadline or plan (DUE = its due day), serialised as icalendar's
    `Todo.to_ical()` gives it: properties in alphabetical order."""
    event = row.event
    due = event.when.due
    stamp = ics_lines.utc(row.changed_at)
    return ics_lines.component((
        "BEGIN:VTODO",
        f"CATEGORIES:{ics_lines.categories(_categories(event))}",
        f"CREATED:{ics_lines.utc(row.created_at)}",
        f"DESCRIPTION:{ics_lines.text(_description(row, '', refs))}",
        f"DTSTAMP:{stamp}",
        # DTSTART (the day it was stated, or the period's start) keeps strict readers happy.
        ics_lines.when("DTSTART", min(event.when.first_day, due)),
        ics_lines.when("DUE", due),
        f"LAST-MODIFIED:{stamp}",
        f"SEQUENCE:{row.sequence}",
        "STATUS:NEEDS-ACTION",
        f"SUMMARY:{ics_lines.text(event.title)}",
        # A different UID from the VEVENT: clients key items by UID across component types.
        f"UID:{ics_lines.text(event.id)}-todo@timeline",
        "END:VTODO",
    ))


def _categories(event: Event) -> list[str]:
    """In Chinese, as a reader filters by them: kind, category, then the projects."""
    values = [KIND_TEXT[event.kind], CATEGORY_TEXT[event.category], *event.projects]
    return list(dict.fromkeys(v for v in values if v))


def _description(row: StoredEvent, note: str, refs: Mapping[str, str]) -> str:
    """A short note a calendar can show whole (`khal list`, a phone's event view): the sentence,
    the time as written and as read, and where it comes from. How it was read (rule, reference
    date and why, certainty, sequence) is for `timeline explain ID`, which the last line names.

    `note` says what the calendar shows when it is less than the span ("日历上只标出最后一天");
    `refs` gives the article's reference date, named when the date was inferred from it.
    """
    event, when, ev = row.event, row.event.when, row.event.evidence
    read = _read_as(when) + (f"，{note}" if note else "")
    if when.certainty is not Certainty.EXACT and ev.article_id in refs:
        read += f"（按文章日期 {refs[ev.article_id].split('（', 1)[0]} 推算）"
    where = ev.source if "://" in ev.source else f"{ev.source}:{ev.file_offset}"
    title = f"《{ev.article_title}》" if ev.article_title else ""
    return "\n".join((ev.sentence, f"时间：“{ev.text}”，即 {read}", f"来源：{title}{where}",
                      f"详情：timeline explain {event.id}"))


def _read_as(when: TimeSpan) -> str:
    """The resolved time in a reader's words: 2022-06-30 截止, 2020-11-23 12:00–18:00, 2021-01-01 至 2025-12-31."""
    if when.role is Role.DEADLINE:
        return f"{_fmt(_zoned(when.end_exclusive)) if when.timed else when.due.isoformat()} 截止"
    if when.timed:
        start, end = _zoned(when.start), _zoned(when.end_exclusive)
        if start.date() == end.date() or end == datetime.combine(start.date() + timedelta(days=1), time(0), end.tzinfo):
            return f"{_fmt(start)}–{end:%H:%M}" if end.time() != time(0) else f"{_fmt(start)}–24:00"
        return f"{_fmt(start)} 至 {_fmt(end)}"
    if when.first_day == when.last_day:
        return when.first_day.isoformat()
    return f"{when.first_day.isoformat()} 至 {when.last_day.isoformat()}"


# -- small helpers ---------------------------------------------------------------------------


def _check_remind_days(remind_days: Sequence[int]) -> tuple[int, ...]:
    days = tuple(sorted({int(d) for d in remind_days}, reverse=True))
    if any(d < 0 for d in days):
        raise ValueError(f"remind_days must be >= 0, got {tuple(remind_days)}")
    return days


def _zoned(value: date | datetime) -> datetime:
    """An aware datetime with a named (IANA) zone, so TZID is a real zone clients know."""
    assert isinstance(value, datetime)
    return value if isinstance(value.tzinfo, ZoneInfo) else value.astimezone(SHANGHAI)


def _fmt(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")
