"""counting.later: k units later at once gives what k single steps give."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from timeline.grammar.counting import later
from timeline.types import SHANGHAI

UNITS = ("day", "week", "halfmonth", "month", "year")


def _stepwise(m: date, unit: str, k: int) -> date:
    for _ in range(k):
        m = later(m, unit, 1)
    return m


def test_later_examples() -> None:
    assert later(date(2021, 1, 31), "month", 1) == date(2021, 2, 28)
    assert later(date(2021, 1, 31), "month", 2) == date(2021, 3, 28)  # the day clipped in February stays clipped
    assert later(date(2021, 3, 1), "month", 11) == date(2022, 2, 1)
    assert later(date(2020, 2, 29), "year", 1) == date(2021, 2, 28)
    assert later(date(2020, 11, 30), "week", 3) == date(2020, 12, 21)
    assert later(datetime(2020, 11, 30, 23, tzinfo=SHANGHAI), "hour", 2) == datetime(2020, 12, 1, 1, tzinfo=SHANGHAI)
    assert later(date(2020, 11, 30), "day", 0) == date(2020, 11, 30)


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       unit=st.sampled_from(UNITS), k=st.integers(0, 40))
def test_later_at_once_equals_step_by_step(day: date, unit: str, k: int) -> None:
    assert later(day, unit, k) == _stepwise(day, unit, k)
