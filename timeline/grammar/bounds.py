"""Bounds on a resolved interval (前, 以来, 起, 之后), and the helpers anchor() shares with them.

Split from anchoring.py (issue 13).  Like anchoring, code that reads the reference date.
"""

from __future__ import annotations

from datetime import date, datetime

from timeline.grammar.interval import MIDNIGHT, ONE_DAY, ONE_HOUR, Interval, Moment, add_months
from timeline.grammar.rulebase import Partial
from timeline.types import SHANGHAI, Certainty, Grain, Role

# Edges after which the time named is when something is due: 前, 截至, 为止...
DUE_EDGES = frozenset({"deadline", "before", "by", "until"})


def year_of(p: Partial, ref: date) -> tuple[int | None, Certainty]:
    """The year `p` wrote (2021年, 98年, 明年) and its certainty; (None, inferred) when it wrote none."""
    if p.year is not None:  # a reign year's month is lunar, read as written: 康熙二十年9月
        return p.year, Certainty.FUZZY if p.era and p.month is not None else Certainty.EXACT
    if p.year_short is not None:
        year = 2000 + p.year_short
        return (year if year <= ref.year + 10 else year - 100), Certainty.EXACT
    if p.year_rel is not None:
        return ref.year + p.year_rel, Certainty.INFERRED
    return None, Certainty.INFERRED


def at(day: date, hours: int) -> datetime:
    """`hours` after midnight of `day` in Asia/Shanghai (24 is the next midnight)."""
    return datetime.combine(day, MIDNIGHT, SHANGHAI) + ONE_HOUR * hours


def as_datetime(m: Moment) -> datetime:
    """A day as its midnight in Asia/Shanghai; an instant unchanged."""
    return m if isinstance(m, datetime) else at(m, 0)


def moved_by(iv: Interval, unit: str, n: int) -> Interval:
    """A calendar interval moved by n days, months or years: 次日 after 4月12日, 次年 after 2019年."""
    if unit == "day":
        return iv._replace(start=iv.start + ONE_DAY * n, end=iv.end + ONE_DAY * n)
    months = n if unit == "month" else 12 * n
    start = add_months(iv.start, months)
    # a day keeps its length (1月31日 + a month is 2月28日, one day); a month or year moves whole
    end = start + (iv.end - iv.start) if iv.grain <= Grain.DAY else add_months(iv.end, months)
    return iv._replace(start=start, end=end)


def _unit_before(end: Moment, iv: Interval) -> Moment:
    """The start of the unit of `iv`'s length that ends at `end` (a year before a year's start)."""
    start = iv.start
    if not isinstance(start, datetime) and not isinstance(end, datetime) and start.day == 1 and iv.end.day == 1:
        months = (iv.end.year - start.year) * 12 + iv.end.month - start.month
        return add_months(end, -months)
    return end - (iv.end - iv.start)


def _unanchored(p: Partial) -> bool:
    """Whether `p` names a month, quarter, season or day that no year or shift places (9月, 四季度, 冬季, 30日)."""
    return all(v is None for v in (p.year, p.year_short, p.year_rel, p.month_rel, p.quarter_rel, p.half_rel,
                                   p.week_rel, p.day_rel, p.holiday, p.event, p.plan, p.century, p.decade,
                                   p.century_rel, p.moved, p.weekday)) and not (p.mid_century or p.weekend)


def bound(p: Partial, iv: Interval, ref_day: date, reference: datetime) -> Interval:
    """Apply 前 / 以来 / 起 / 之后 to the interval a partial names."""
    timed = isinstance(iv.start, datetime)
    now: Moment = reference if timed else ref_day
    next_day: Moment = reference if timed else ref_day + ONE_DAY
    if p.edge in DUE_EDGES:
        day_only = p.day is not None and all(v is None for v in (p.month, p.month_rel, p.year, p.year_rel))
        if day_only and isinstance(iv.end, date) and not isinstance(iv.end, datetime) and iv.end <= now:
            # 12日前 written on the 30th is due on the 12th of next month
            start_day = add_months(iv.start, 1) if isinstance(iv.start, date) else iv.start
            iv = iv._replace(start=start_day, end=start_day + ONE_DAY)
        quarter_only = p.quarter is not None and p.quarter_rel is None and year_of(p, ref_day)[0] is None
        if quarter_only and isinstance(iv.end, date) and not isinstance(iv.end, datetime) and iv.end <= now:
            # 一季度前 written in November is due before next year's first quarter
            iv = iv._replace(start=add_months(iv.start, 12), end=add_months(iv.end, 12))
        end, grain, cert = iv.end, iv.grain, iv.certainty
        if p.holiday is not None and p.until is None and not p.holiday_part:
            end = iv.start  # 春节前: before the festival, due on its eve
        elif grain in (Grain.HOUR, Grain.MINUTE, Grain.SECOND):
            end = iv.start  # 晚上八点之前: before the instant 20:00
        elif iv.grain in (Grain.PART_OF_MONTH, Grain.MONTH, Grain.HALF_YEAR, Grain.QUARTER) and cert == Certainty.FUZZY:
            year_end = isinstance(end, date) and end.month == 1 and end.day == 1
            month_end = isinstance(end, date) and end.day == 1
            if (p.year_part or p.quarter_part) and year_end:
                grain, cert = Grain.YEAR, year_of(p, ref_day)[1]
            elif p.month_part and month_end:
                grain = Grain.MONTH
                cert = Certainty.EXACT if p.year is not None and p.month is not None else Certainty.INFERRED
        if end > now:  # a commitment stated at the reference: from now until it is due
            return Interval(now, end, grain, cert, Role.DEADLINE, ref_start=p.edge != "until")
        if (p.edge == "before" or p.edge == "by" and iv.grain >= Grain.YEAR) and iv.certainty != Certainty.FUZZY:
            end = min(end, iv.start)  # 2015年前 read in 2018: the state before 2015, which it excludes
        # a past bound leaves the start open; the span holds the unit just before the bound
        return Interval(_unit_before(end, iv), end, grain, cert, Role.DEADLINE)
    if p.edge in ("since", "to_now"):  # 2020年以来: from its start up to the reference
        if next_day <= iv.start and _unanchored(p) and not timed:
            # 9月以来, 四季度以来 written in June: the last one, as no year says it lies ahead
            # (a period starting later in the reference's own month, 7月下旬以来 on 07-20, stays)
            if p.month is None and p.day is not None:
                iv = moved_by(iv, "month", -1)
            elif (iv.start.year, iv.start.month) != (ref_day.year, ref_day.month):
                iv = moved_by(iv, "year", -1)
        end = next_day if next_day > iv.start else iv.end
        # 2001年起至今 says where it ends: at the reference (以来 leaves it open in the protocol)
        return Interval(iv.start, end, iv.grain, iv.certainty, Role.SINCE, ref_end=p.edge == "to_now" and end == next_day)
    # 晚上八点以后 is from the instant 20:00 on, as 八点之前 ends at it; a day or year after its end
    clock = iv.grain in (Grain.HOUR, Grain.MINUTE, Grain.SECOND) and p.until is None
    start = iv.start if p.edge == "from" or clock else iv.end
    length = as_datetime(iv.end) - as_datetime(iv.start)
    end = max(next_day, start + length)  # open-ended: see docs/resolver-conventions.md
    return Interval(start, end, iv.grain, iv.certainty, Role.SINCE)
