"""The interval anchor() works with before it becomes a TimeSpan, and month arithmetic."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from timeline.grammar.rulebase import Partial
from timeline.types import Certainty, Grain, Role

Moment = date | datetime
# Built once: on the machines we measure on, timedelta(days=1) costs about 0.3-0.5 µs a call.
MIDNIGHT = time(0)
ONE_SECOND = timedelta(seconds=1)
ONE_MINUTE = timedelta(minutes=1)
ONE_HOUR = timedelta(hours=1)
ONE_DAY = timedelta(days=1)
ONE_WEEK = timedelta(weeks=1)


class Interval(NamedTuple):
    """A [start, end) interval with its grain, certainty and role, before it becomes a TimeSpan.

    A NamedTuple rather than a frozen dataclass: anchor() builds one or more per mention, and
    a frozen dataclass's __init__ (one object.__setattr__ per field) costs about four times
    as much.  Change a field with iv._replace().
    """

    start: Moment
    end: Moment
    grain: Grain
    certainty: Certainty
    role: Role = Role.POINT
    # A side that is the reference itself (两周内 starts, 近30天 ends at the reference): the
    # JSONL protocol writes it at the reference instant (resolve_jsonl).
    ref_start: bool = False
    ref_end: bool = False
    # The end is a clock instant that closes the span and belongs to it (3点至5点 includes 5:00):
    # the protocol, at one-second resolution, writes it one second later.
    closed_end: bool = False
    # A since span whose end is known (3年来 runs through the reference day): the protocol writes
    # its end instead of null.
    end_known: bool = False


CERTAINTY_ORDER = (Certainty.EXACT, Certainty.INFERRED, Certainty.FUZZY)  # best first


def worse(a: Certainty, b: Certainty) -> Certainty:
    return max(a, b, key=CERTAINTY_ORDER.index)


# Days of each month in a common year (index 0 unused).
MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1] without the weekday of the 1st, which monthrange also
    works out (in Python code, about 1 µs a call here); raises calendar.IllegalMonthError alike."""
    if not 1 <= month <= 12:
        raise calendar.IllegalMonthError(month)
    return MONTH_DAYS[month] + (month == 2 and calendar.isleap(year))


def add_months(d: date, months: int) -> date:
    """d moved by whole months, the day clipped to the target month: 1月31日 + 1 -> 2月28日."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, days_in_month(year, month + 1)))


def month_end(year: int, month: int) -> date:
    return add_months(date(year, month, 1), 1)


def last_units(p: Partial, start: date, end: date, cert: Certainty) -> Interval | None:
    """最后五天 / 最后三个月 inside a month or year: its last N units."""
    assert p.span_back is not None
    unit, n = p.span_back
    if unit == "day":
        new_start, grain = end - timedelta(days=n), Grain.DAY
    elif unit == "week":
        new_start, grain = end - timedelta(weeks=n), Grain.WEEK
    elif unit == "month":
        new_start, grain = add_months(end, -n), Grain.MONTH
    else:
        return None
    return Interval(new_start, end, grain, cert, Role.RANGE) if new_start >= start else None


def first_units(p: Partial, start: date, end: date, cert: Certainty) -> Interval | None:
    """前两个月 / 前10天 inside a year or month: its first N units."""
    assert p.span_back is not None
    unit, n = p.span_back
    if unit == "day":
        new_end, grain = start + timedelta(days=n), Grain.DAY
    elif unit == "week":
        new_end, grain = start + timedelta(weeks=n), Grain.WEEK
    elif unit == "month":
        new_end, grain = add_months(start, n), (Grain.QUARTER if n % 3 == 0 and n < 12 else Grain.MONTH)
    else:
        return None
    return Interval(start, min(new_end, end), grain, cert, Role.RANGE) if new_end <= end else None
