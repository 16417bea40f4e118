"""Issue 13: grammar/bounds.py, split from anchoring (bounds on an interval and shared helpers)."""

from __future__ import annotations

from datetime import date, datetime

from timeline.grammar.bounds import as_datetime, at, bound, moved_by, year_of
from timeline.grammar.interval import Interval
from timeline.grammar.rulebase import Partial
from timeline.types import SHANGHAI, Certainty, Grain, Role

REF = date(2024, 6, 12)
SEPTEMBER = Interval(date(2024, 9, 1), date(2024, 10, 1), Grain.MONTH, Certainty.INFERRED)


def test_year_of_reads_written_years() -> None:
    assert year_of(Partial(year=2021), REF) == (2021, Certainty.EXACT)
    assert year_of(Partial(year_short=98), REF) == (1998, Certainty.EXACT)
    assert year_of(Partial(year_rel=1), REF) == (2025, Certainty.INFERRED)
    assert year_of(Partial(month=3), REF) == (None, Certainty.INFERRED)


def test_at_and_as_datetime_are_shanghai_instants() -> None:
    assert at(REF, 24) == datetime(2024, 6, 13, tzinfo=SHANGHAI)
    assert as_datetime(REF) == datetime(2024, 6, 12, tzinfo=SHANGHAI)


def test_moved_by_moves_calendar_units() -> None:
    assert moved_by(SEPTEMBER, "year", -1)[:2] == (date(2023, 9, 1), date(2023, 10, 1))
    day = Interval(date(2024, 1, 31), date(2024, 2, 1), Grain.DAY, Certainty.EXACT)
    assert moved_by(day, "month", 1)[:2] == (date(2024, 2, 29), date(2024, 3, 1))


def test_bound_since_counts_from_a_time_already_past() -> None:
    ref_dt = datetime(2024, 6, 12, tzinfo=SHANGHAI)
    since = bound(Partial(month=9, edge="since"), SEPTEMBER, REF, ref_dt)  # 9月以来 written in June
    assert (since.start, since.end, since.role) == (date(2023, 9, 1), date(2024, 6, 13), Role.SINCE)
    due = bound(Partial(month=9, edge="by"), SEPTEMBER, REF, ref_dt)  # 9月前: due at its end
    assert (due.start, due.end, due.role) == (REF, date(2024, 10, 1), Role.DEADLINE)
