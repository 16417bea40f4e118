"""The icalendar builders export/ics.py used before it wrote items' content lines itself: the
oracle its serialiser must match byte for byte (tests/test_ics_lines.py), and the other side
of benchmarks/bench_ics.py. Same properties, same order of `.add()` calls, same values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, timedelta

from icalendar import Alarm, Todo
from icalendar import Event as IcsEvent

from timeline.export.ics import (
    ALARM_HOUR,
    _categories,
    _description,
    _is_due_item,
    _window,
)
from timeline.types import StoredEvent


def vevent(row: StoredEvent, remind_days: tuple[int, ...], refs: Mapping[str, str]) -> IcsEvent:
    event = row.event
    start, end, timed, shown = _window(event)
    ev = IcsEvent()
    ev.add("uid", f"{event.id}@timeline")
    ev.add("dtstamp", row.changed_at.astimezone(UTC))
    ev.add("created", row.created_at.astimezone(UTC))
    ev.add("last-modified", row.changed_at.astimezone(UTC))
    ev.add("sequence", row.sequence)
    ev.add("summary", event.title)
    ev.add("dtstart", start)
    ev.add("dtend", end)
    ev.add("description", _description(row, shown, refs))
    if event.places:
        ev.add("location", "、".join(event.places))
    ev.add("categories", _categories(event))
    ev.add("transp", "TRANSPARENT")
    ev.add("class", "PUBLIC")
    if _is_due_item(event):
        for days in remind_days:
            ev.add_component(alarm(event.title, days, timed))
    return ev


def vtodo(row: StoredEvent, refs: Mapping[str, str]) -> Todo:
    event = row.event
    due = event.when.due
    todo = Todo()
    todo.add("uid", f"{event.id}-todo@timeline")
    todo.add("dtstamp", row.changed_at.astimezone(UTC))
    todo.add("created", row.created_at.astimezone(UTC))
    todo.add("last-modified", row.changed_at.astimezone(UTC))
    todo.add("sequence", row.sequence)
    todo.add("summary", event.title)
    todo.add("dtstart", min(event.when.first_day, due))
    todo.add("due", due)
    todo.add("status", "NEEDS-ACTION")
    todo.add("description", _description(row, "", refs))
    todo.add("categories", _categories(event))
    return todo


def alarm(title: str, days: int, timed: bool) -> Alarm:
    result = Alarm()
    result.add("action", "DISPLAY")
    when = {0: "今天", 1: "明天"}.get(days, f"{days}天后")
    result.add("description", f"{when}截止：{title}")
    if timed:
        result.add("trigger", timedelta(days=-days))
    else:
        result.add("trigger", timedelta(days=-days, hours=ALARM_HOUR))
    return result
