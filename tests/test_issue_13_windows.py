"""Issue 13: a window counted from a written start (从2025年3月1日起的6个月内), counting.window_from."""

from __future__ import annotations

from datetime import date, datetime

from timeline.grammar.counting import window_from
from timeline.grammar.interval import Interval
from timeline.types import SHANGHAI, Certainty, Grain, Role


def _day(d: date) -> Interval:
    return Interval(d, date.fromordinal(d.toordinal() + 1), Grain.DAY, Certainty.EXACT)


def test_a_window_runs_n_units_from_the_start_day() -> None:
    iv = window_from(_day(date(2025, 3, 1)), ("month", 6))
    assert iv is not None and (iv.start, iv.end, iv.role) == (date(2025, 3, 1), date(2025, 9, 1), Role.RANGE)
    half = window_from(_day(date(2025, 5, 1)), ("halfmonth", 5))  # 两个半月: two months, then 15 days
    assert half is not None and half.end == date(2025, 7, 16)
    work = window_from(_day(date(2024, 1, 1)), ("workday", 15))  # 15 working days ≈ three weeks
    assert work is not None and work.end == date(2024, 1, 22)


def test_a_clock_window_needs_a_start_instant() -> None:
    eight = datetime(2024, 6, 12, 8, tzinfo=SHANGHAI)
    start = Interval(eight, eight.replace(hour=9), Grain.HOUR, Certainty.INFERRED)
    iv = window_from(start, ("hour", 3))
    assert iv is not None and iv.end == eight.replace(hour=11)
    assert window_from(_day(date(2024, 6, 12)), ("hour", 3)) is None  # 3小时内 from a whole day
