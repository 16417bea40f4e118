"""Festivals and plans: lunar days through lunardate, 清明 by formula, plan years by arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.grammar.holidays import (
    festival_date,
    lunar_to_solar,
    next_festival,
    plan_years,
    qingming,
)


@pytest.mark.parametrize(("name", "year", "day"), [
    ("春节", 2020, date(2020, 1, 25)), ("春节", 2021, date(2021, 2, 12)), ("中秋节", 2020, date(2020, 10, 1)),
    ("除夕", 2021, date(2021, 2, 11)), ("端午节", 2021, date(2021, 6, 14)), ("元宵节", 2021, date(2021, 2, 26)),
    ("重阳节", 2020, date(2020, 10, 25)), ("国庆节", 2020, date(2020, 10, 1)), ("母亲节", 2017, date(2017, 5, 14)),
])
def test_festival_date(name: str, year: int, day: date) -> None:
    assert festival_date(name, year) == day


@pytest.mark.parametrize(("year", "day"), [(2008, 4), (2019, 5), (2020, 4), (2021, 4), (1999, 5), (2024, 4)])
def test_qingming(year: int, day: int) -> None:
    assert qingming(year) == date(year, 4, day)


def test_next_festival_is_on_or_after_the_reference() -> None:
    assert next_festival("春节", date(2020, 11, 30)) == date(2021, 2, 12)
    assert next_festival("国庆节", date(2020, 10, 1)) == date(2020, 10, 1)


def test_lunar_out_of_range_is_none() -> None:
    assert lunar_to_solar(1800, 1, 1) is None
    assert lunar_to_solar(2021, 4, 1, leap=True) is None


@pytest.mark.parametrize(("n", "years"), [(1, (1953, 1957)), (3, (1966, 1970)), (13, (2016, 2020)),
                                          (14, (2021, 2025)), (15, (2026, 2030))])
def test_plan_years(n: int, years: tuple[int, int]) -> None:
    assert plan_years(n) == years
