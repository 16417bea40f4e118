"""anchor() for a festival: its day, a day counted from it, or its holiday break.

Split from anchoring.py (issue 13), which reads every other field.  Like anchoring, the only
code that reads the reference date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

from timeline.grammar.holidays import (
    HOLIDAY_BREAK_DAYS,
    LUNAR_FESTIVALS,
    NEW_YEARS_EVE,
    REGIONAL_SEASONS,
    festival_date,
    festival_days,
    fold_festival,
    last_festival,
    lunar_to_solar,
    next_festival,
)
from timeline.grammar.indic_holidays import DAYS_BEGIN_BEFORE
from timeline.grammar.interval import ONE_DAY, Interval
from timeline.grammar.official_breaks import BREAK_HOLIDAYS, official_break
from timeline.grammar.rulebase import Partial
from timeline.types import Certainty, Grain, Role


def _one_day(day: date, cert: Certainty) -> Interval:
    return Interval(day, day + ONE_DAY, Grain.DAY, cert)


def festival_interval(p: Partial, ref: date, year: int | None, cert: Certainty) -> Interval | None:
    """The interval festival `p.holiday` names at `ref`, in `year` when one was written
    (`cert` is that year's certainty): 春节 -> its day, 2025年春节假期 -> 01-28..02-05, 春节翌日 ->
    the day after, 春节前夕 -> the three days before; None when the calendar has no such day."""
    assert p.holiday is not None
    if p.holiday in REGIONAL_SEASONS:
        cert = Certainty.FUZZY  # 汛期 starts in April in the south, June in the north
    is_break = p.holiday_part in ("期间", "假期", "长假", "小长假", "黄金周")
    own = festival_days(p.holiday)  # 2018年逾越节, 斋月: a festival of several days is all of them
    # 斋月期间, 迎峰度夏期间: a festival of several days lasts its own days
    days = HOLIDAY_BREAK_DAYS.get(p.holiday, own if p.holiday_part == "期间" else 3) if is_break else own
    # a break still under way at the reference is the one meant: 国庆假期 written on 10月3日;
    # 春节以来 counts from the last one
    day = (_reign_festival(p.holiday, year) if p.era and year is not None
           else festival_date(p.holiday, year) if year is not None
           else last_festival(p.holiday, ref) if p.edge in ("since", "to_now")
           else next_festival(p.holiday, ref - timedelta(days=days - 1)))
    if day is None:
        return None
    if p.holiday_part == "前夕":  # the eve: the three days before
        return Interval(day - timedelta(days=3), day, Grain.DAY, Certainty.FUZZY)
    shift = HOLIDAY_SHIFTS.get(p.holiday_part or "")
    if shift is not None:  # 圣诞前夜, 春节翌日: one day counted from the festival
        return _one_day(day + ONE_DAY * shift, cert)
    if is_break and fold_festival(p.holiday) in BREAK_HOLIDAYS:
        whole = _holiday_break(p, day, ref, cert, days)
        return whole if p.break_day is None else _break_day(whole, p.break_day)
    if p.break_day is not None and not is_break:  # 春运首日, 国庆第三天: counted from its first day
        if year is None:  # the one under way or just over, as for a break's day (国庆第三天 written on 10-05)
            last = last_festival(p.holiday, ref)
            if last is not None and ref < last + timedelta(days=max(days, p.break_day)) + JUST_OVER:
                day = last
        return _own_day(p, day, ref, cert, days)
    if days > 1:
        return Interval(day, day + timedelta(days=days), Grain.DAY, cert, Role.RANGE)
    return _one_day(day, cert)


def _own_day(p: Partial, day: date, ref: date, cert: Certainty, days: int) -> Interval | None:
    """Day n of a festival (-1: its last day): of its own days when it lasts several (春运第三天,
    斋月最后一天), else counted from its day (国庆第三天 is 10-03), whose last day is its break's."""
    assert p.break_day is not None
    if days > 1:
        return _break_day(Interval(day, day + timedelta(days=days), Grain.DAY, cert, Role.RANGE), p.break_day)
    if p.break_day > 0:  # 庞格尔节第四天: from the day its own days begin
        first = day - ONE_DAY * DAYS_BEGIN_BEFORE.get(fold_festival(p.holiday or ""), 0)
        return _one_day(first + ONE_DAY * (p.break_day - 1), cert)
    if p.holiday is not None and fold_festival(p.holiday) in BREAK_HOLIDAYS:  # 国庆最后一天: the break's
        whole = _holiday_break(p, day, ref, cert, HOLIDAY_BREAK_DAYS.get(p.holiday, 3))
        return _break_day(whole, p.break_day)
    return None


# How long after its end a break named without a year is still the one just over.
JUST_OVER = timedelta(days=15)


# A day named from a festival: 前夜 is its eve (平安夜 is 圣诞前夜), 翌日/次日 the day after.
HOLIDAY_SHIFTS: Mapping[str, int] = MappingProxyType({
    "前夜": -1, "前一天": -1, "前一日": -1, "翌日": 1, "次日": 1, "第二天": 1, "后一天": 1, "后一日": 1})


def _reign_festival(name: str, lunar_year: int) -> date | None:
    """A lunar festival of a reign year, which is a lunar year: 雍正四年大年三十 is the eve that
    closes it (1727-01-21), where 2023年除夕 names the 除夕 in solar 2023."""
    name = fold_festival(name)
    if name in NEW_YEARS_EVE:
        spring = lunar_to_solar(lunar_year + 1, 1, 1)
        return spring - ONE_DAY if spring else None
    if name in LUNAR_FESTIVALS:
        return lunar_to_solar(lunar_year, *LUNAR_FESTIVALS[name])
    return festival_date(name, lunar_year)


def _break_day(whole: Interval, n: int) -> Interval | None:
    """Day n of a break (-1: its last day), None past its end: 国庆假期第三天, 五一假期最后一天."""
    assert isinstance(whole.start, date) and isinstance(whole.end, date)
    day = whole.end - ONE_DAY if n < 0 else whole.start + ONE_DAY * (n - 1)
    return _one_day(day, whole.certainty) if whole.start <= day < whole.end else None


def _holiday_break(p: Partial, day: date, ref: date, cert: Certainty, days: int) -> Interval:
    """春节假期, 国庆长假: the State Council's break (official_breaks) around the festival on `day`;
    for a year chinese_calendar does not know, `days` from the festival, fuzzy."""
    assert p.holiday is not None
    if p.year is None and p.year_short is None and p.year_rel is None:
        # a break under way at the reference is the one meant, and so is one just over: news of
        # a holiday's figures comes in the days after it (五一假期最后一天 written on 5月6日)
        last = last_festival(p.holiday, ref)
        under_way = official_break(p.holiday, last) if last is not None else None
        if under_way is not None and under_way[0] <= ref < under_way[1] + JUST_OVER:
            return Interval(under_way[0], under_way[1], Grain.DAY, cert, Role.RANGE)
    official = official_break(p.holiday, day)
    if official is not None:
        return Interval(official[0], official[1], Grain.DAY, cert, Role.RANGE)
    return Interval(day, day + timedelta(days=days), Grain.DAY, Certainty.FUZZY, Role.RANGE)
