"""anchor(partial, reference): the one place that reads the reference date.

It turns the fields a text wrote into a [start, end) interval with a grain and a certainty,
then applies a range (`until`) and a bound (`edge`) to give the role.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from timeline.grammar.anchor_festivals import festival_interval
from timeline.grammar.anchors import anchor_named
from timeline.grammar.bounds import DUE_EDGES, as_datetime, at, bound, moved_by, year_of
from timeline.grammar.counting import count_interval, window_from
from timeline.grammar.holidays import (
    lunar_month_days,
    lunar_to_solar,
)
from timeline.grammar.interval import (
    ONE_DAY,
    ONE_HOUR,
    ONE_MINUTE,
    ONE_SECOND,
    ONE_WEEK,
    Interval,
    add_months,
    days_in_month,
    first_units,
    last_units,
    month_end,
    worse,
)
from timeline.grammar.rulebase import FIELD_RANK, Partial
from timeline.grammar.tables import (
    CENTURY_PARTS,
    DECADE_PARTS,
    LAST,
    MONTH_PARTS,
    NIGHT_PARTS,
    PARTS_OF_DAY,
    PLAN_PARTS,
    PM_PARTS,
    QUARTER_MONTHS,
    SEASONS,
    TURN_OF_YEAR,
    YEAR_PARTS,
    plan_years,
)
from timeline.types import Certainty, Grain, Role


def _nearest_year(ref: date, month: int, day: int | None) -> int:
    """The year of a month(-day) written without one: the reference's year unless that is over
    ~6.5 months away, then the nearest (12月20日 read in January is last December)."""
    def target(y: int) -> date:
        return date(y, month, min(day or 15, days_in_month(y, month)))
    if day is not None and day > days_in_month(ref.year, month):
        # 2月29日 in a common year: the nearest leap year
        valid = [y for y in range(ref.year - 4, ref.year + 5) if day <= days_in_month(y, month)]
        return min(valid, key=lambda y: abs((target(y) - ref).days), default=ref.year)
    if abs((target(ref.year) - ref).days) <= 215:
        return ref.year
    return min((ref.year - 1, ref.year + 1), key=lambda y: abs((target(y) - ref).days))


def _year_in_tense(ref: date, month: int, day: int | None, tense: int) -> int:
    """The year of a month(-day) written without one after 将于 (tense 1: the first on or after the
    reference) or 已于 (-1: the last on or before it): 将于7月5日 read in August is next July."""
    this = (month, day or (1 if tense > 0 else 31))
    if tense > 0:
        return ref.year + 1 if this < (ref.month, ref.day if day else 1) else ref.year
    return ref.year - 1 if this > (ref.month, ref.day if day else 31) else ref.year


def _nearest_lunar_year(ref: date, month: int, day: int, leap: bool) -> int:
    """The lunar year of a lunar date written without one, read as _nearest_year reads solar ones."""
    def distance(y: int) -> int:
        solar = lunar_to_solar(y, month, day, leap)
        return abs((solar - ref).days) if solar else 10 ** 6
    if distance(ref.year) <= 215:
        return ref.year
    return min((ref.year - 1, ref.year, ref.year + 1), key=distance)


def _period(first: int, length: int, part: str | None, parts: Mapping[str, tuple[int, int]],
            grain: Grain, role: Role) -> Interval:
    """Years [first, first + length) narrowed by a part (初, 末) of a plan, decade or century."""
    if part is not None and part in parts:
        lo, hi = parts[part]
        return Interval(date(first + lo, 1, 1), date(first + hi + 1, 1, 1), Grain.YEAR, Certainty.FUZZY)
    return Interval(date(first, 1, 1), date(first + length, 1, 1), grain, Certainty.EXACT, role)


def _months(year: int, first: int, last: int, grain: Grain, cert: Certainty, role: Role = Role.POINT) -> Interval:
    """Months first..last (inclusive, last may pass 12) of `year`."""
    return Interval(date(year, first, 1), add_months(date(year, first, 1), last - first + 1), grain, cert, role)


def _one_day(day: date, cert: Certainty) -> Interval:
    return Interval(day, day + ONE_DAY, Grain.DAY, cert)


def _first_monday(d: date) -> date:
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _calendar(p: Partial, ref: date) -> Interval | None:
    """The day-or-coarser interval a partial names, before any time of day."""
    year, cert = year_of(p, ref)
    if p.plan is not None:
        return _period(plan_years(p.plan)[0], 5, p.plan_part, PLAN_PARTS, Grain.PLAN, Role.RANGE)
    if p.mid_century:
        # 本世纪中叶: the 2050 goal of the plans (建成社会主义现代化强国), read as that year.
        return Interval(date(2050, 1, 1), date(2051, 1, 1), Grain.DECADE, Certainty.FUZZY)
    if p.decade is not None:
        century = p.century if p.century_rel is None else ref.year // 100 + 1 + p.century_rel
        if century is not None:
            first = (century - 1) * 100 + p.decade
        else:  # 八十年代 is the 1980s; 10年代 the 2010s once they have begun
            first = 2000 + p.decade if 2000 + p.decade <= ref.year else 1900 + p.decade
        return _period(first, 10, p.decade_part, DECADE_PARTS, Grain.DECADE, Role.POINT)
    if p.century is not None or p.century_rel is not None:
        number = p.century if p.century is not None else ref.year // 100 + 1 + (p.century_rel or 0)
        iv = _period((number - 1) * 100, 100, p.century_part, CENTURY_PARTS, Grain.DECADE, Role.POINT)
        return iv if p.century is not None or iv.certainty == Certainty.FUZZY else iv._replace(certainty=cert)
    if p.event is not None:
        event = anchor_named(p.event)
        role = Role.RANGE if p.holiday_part else Role.POINT
        return Interval(event.start, event.end_exclusive, Grain.DAY, Certainty.EXACT, role)
    if p.holiday is not None:
        return festival_interval(p, ref, year, cert)
    if p.lunar and p.lunar_month is not None:
        lunar_day = p.lunar_day or p.day
        lunar_year = year if year is not None else _nearest_lunar_year(ref, p.lunar_month, lunar_day or 1, p.leap)
        if lunar_day:
            solar = lunar_to_solar(lunar_year, p.lunar_month, lunar_day, p.leap)
            return None if solar is None else _one_day(solar, cert)
        first_day = lunar_to_solar(lunar_year, p.lunar_month, 1, p.leap)
        if first_day is None:
            return None
        length = lunar_month_days(lunar_year, p.lunar_month, p.leap) or 29
        return Interval(first_day, first_day + timedelta(days=length), Grain.MONTH, cert)
    if p.quarter is not None or p.quarter_rel is not None:
        q = p.quarter or 1
        yr = year if year is not None else ref.year
        if p.quarter_rel is not None:
            index = yr * 4 + (ref.month - 1) // 3 + p.quarter_rel
            yr, q = index // 4, index % 4 + 1
            cert = Certainty.INFERRED
        first, last = QUARTER_MONTHS[q]
        if p.quarter_part in ("初",):
            return _months(yr, first, first, Grain.MONTH, Certainty.FUZZY)
        if p.quarter_part in ("末", "末期"):
            return _months(yr, last, last, Grain.MONTH, Certainty.FUZZY)
        return _months(yr, first, last, Grain.QUARTER, cert)
    if p.half_rel is not None:  # 上个半年: the half-year before the reference's
        index = ref.year * 2 + (ref.month - 1) // 6 + p.half_rel
        return _months(index // 2, index % 2 * 6 + 1, index % 2 * 6 + 6, Grain.HALF_YEAR, Certainty.INFERRED)
    if p.season is not None:
        first, last = SEASONS[p.season]
        return _months(year if year is not None else ref.year, first, last, Grain.SEASON, cert)
    if p.year_part is not None and p.month is None and p.month_rel is None:
        yr = year if year is not None else ref.year
        if year is None and p.year_part in TURN_OF_YEAR and ref.month <= 6:
            yr -= 1  # 岁末年初 written in January: the turn just past, from last November
        first, last = YEAR_PARTS[p.year_part]
        if p.year_part in ("年内", "内"):
            return _months(yr, 1, 12, Grain.YEAR, cert, Role.DEADLINE)
        if p.year_part in ("全年", "年度"):
            return _months(yr, 1, 12, Grain.YEAR, cert, Role.RANGE)
        grain = Grain.HALF_YEAR if last - first == 5 else Grain.MONTH
        return _months(yr, first, last, grain, Certainty.FUZZY)
    month, y = p.month, year
    if p.month_rel is not None:
        base = ref.replace(day=1) if y is None else date(y, ref.month, 1)  # 去年本月: that year's
        moved = add_months(base, p.month_rel)
        y, month, cert = moved.year, moved.month, Certainty.INFERRED
    elif month is not None and y is None:
        cert = Certainty.INFERRED
        # a due date looks ahead: 12月底前 written in March is this December, not the last one
        ahead = p.edge in DUE_EDGES and 0 < month - ref.month <= 9
        y = ref.year if ahead else _nearest_year(ref, month, p.day)
        if p.tense is not None:
            y = _year_in_tense(ref, month, p.day, p.tense)
    if p.week_of is not None:
        base = date(y if y is not None else ref.year, month or (1 if y is not None else ref.month), 1)
        monday = _first_monday(base) + timedelta(weeks=p.week_of - 1)
        if p.weekday is not None:  # 第一个周二: the first Tuesday of the month
            day = base + timedelta(days=(p.weekday - base.weekday()) % 7, weeks=p.week_of - 1)
            return _one_day(day, cert)
        return Interval(monday, monday + ONE_WEEK, Grain.WEEK, cert, Role.RANGE)
    if p.year_day is not None and y is not None and month is None:  # 2025年第一天
        day = date(y, 1, 1) + timedelta(days=p.year_day - 1)
        return _one_day(day, cert) if day.year == y else None
    if month is not None and y is not None:
        if not 1 <= month <= 12:
            return None
        if p.day is not None:
            if p.day > days_in_month(y, month):
                return None
            return _one_day(date(y, month, p.day), cert)
        if p.month_part is not None:
            return _month_part(y, month, p.month_part)
        return _units_or_whole(p, date(y, month, 1), month_end(y, month), Grain.MONTH, cert)
    if y is not None:
        return _units_or_whole(p, date(y, 1, 1), date(y + 1, 1, 1), Grain.YEAR, cert)
    if p.week_rel is not None or p.weekday is not None or p.weekend:
        monday = ref - ONE_DAY * ref.weekday() + ONE_WEEK * (p.week_rel or 0)
        if p.weekend:
            return Interval(monday + timedelta(days=5), monday + timedelta(days=7), Grain.DAY, Certainty.INFERRED)
        if p.week_half is not None:  # 上半周 Monday-Wednesday, 下半周 Thursday-Sunday
            half_start = monday + ONE_DAY * (3 * p.week_half)
            return Interval(half_start, monday + ONE_DAY * (3 + 4 * p.week_half), Grain.DAY, Certainty.FUZZY)
        if p.weekday is not None:
            day = monday + ONE_DAY * p.weekday
            return _one_day(day, Certainty.INFERRED)
        return Interval(monday, monday + ONE_WEEK, Grain.WEEK, Certainty.INFERRED)
    if p.day is not None:
        month_start = ref.replace(day=1)
        if p.day > days_in_month(ref.year, ref.month):
            month_start = add_months(month_start, -1)
        if p.day > days_in_month(month_start.year, month_start.month):
            return None
        day = month_start.replace(day=p.day)
        return _one_day(day, Certainty.INFERRED)
    if p.day_rel is not None:
        day = ref + ONE_DAY * p.day_rel
        return _one_day(day, Certainty.INFERRED)
    if p.month_part is not None:
        return _month_part(ref.year, ref.month, p.month_part)
    if p.part_of_day is not None or p.hour is not None:
        return _one_day(ref, Certainty.INFERRED)
    return None


def _month_part(year: int, month: int, part: str) -> Interval:
    """上旬, 月底...: the days MONTH_PARTS gives of that month."""
    lo, hi = MONTH_PARTS[part]
    end = month_end(year, month) if hi == LAST else date(year, month, hi) + ONE_DAY
    return Interval(date(year, month, lo), end, Grain.PART_OF_MONTH, Certainty.FUZZY)


def _units_or_whole(p: Partial, start: date, end: date, grain: Grain, cert: Certainty) -> Interval | None:
    """The first or last N units of [start, end) when the text counts them (2021年的前2周),
    else the whole month or year."""
    if p.first and p.span_back:
        return first_units(p, start, end, cert)
    if p.last and p.span_back:
        return last_units(p, start, end, cert)
    return Interval(start, end, grain, cert)


def _time_of_day(p: Partial, day_iv: Interval) -> Interval:
    """Narrow a day to the part of day or clock time the partial wrote (11月23日下午)."""
    if day_iv.grain != Grain.DAY or isinstance(day_iv.start, datetime):
        return day_iv
    day, part = day_iv.start, p.part_of_day
    if p.hour is None:
        assert part is not None
        lo, hi = PARTS_OF_DAY[part]
        return Interval(at(day, lo), at(day, hi), Grain.PART_OF_DAY, day_iv.certainty, day_iv.role)
    hour = p.hour
    if part in PM_PARTS and hour < 12 or part in NIGHT_PARTS and 5 <= hour < 12:
        hour += 12
    elif part in NIGHT_PARTS and hour == 12:
        hour = 24
    elif part in ("中午", "午间") and hour <= 3:
        hour += 12
    elif part in ("凌晨", "半夜", "深夜", "午夜") and hour == 12:
        hour = 0
    start = at(day, hour) + ONE_MINUTE * (p.minute or 0) + ONE_SECOND * (p.second or 0)
    if p.second is not None:
        grain, step = Grain.SECOND, ONE_SECOND
    elif p.minute is not None:
        grain, step = Grain.MINUTE, ONE_MINUTE
    else:
        grain, step = Grain.HOUR, ONE_HOUR
    return Interval(start, start + step, grain, day_iv.certainty, day_iv.role)


def _single(p: Partial, ref_day: date, ref_dt: datetime) -> Interval | None:
    if p.now:
        return Interval(ref_dt, ref_dt + ONE_SECOND, Grain.SECOND, Certainty.INFERRED)
    if p.within and (p.day is not None or p.day_rel is not None or p.names_year_or_month()):
        start = _single(p.replace(within=None), ref_day, ref_dt)  # 从3月1日起的6个月内: from that day
        return None if start is None else window_from(start, p.within)
    counted = count_interval(p, ref_day, ref_dt)
    if counted is not None:
        return counted
    iv = _calendar(p, ref_day)
    if iv is not None and p.moved is not None:
        iv = moved_by(iv, *p.moved)
    if iv is not None and (p.part_of_day is not None or p.hour is not None):
        iv = _time_of_day(p, iv)
    return iv


def _inherit(first: Partial, second: Partial) -> Partial:
    """The second end of a range takes the coarser fields it left out from the first: 12月1日至3日."""
    relative = (second.year_rel, second.month_rel, second.week_rel, second.day_rel, second.quarter_rel)
    if any(v is not None for v in relative) or second.now:
        return second  # 下个月9号 is complete on its own
    ranks = second.ranks()
    top = max(ranks) if ranks else 0
    extra = {k: v for k, v in first.set_fields().items()
             if k in FIELD_RANK and FIELD_RANK[k] > top and k not in ("month_part", "year_part", "holiday_part",
                                                                       "quarter_part", "first", "span_back")}
    if second.year_rel is not None or second.year is not None:
        extra = {k: v for k, v in extra.items() if k not in ("year", "year_rel", "year_short")}
    return second.replace(**extra) if extra else second


def _day_only(p: Partial) -> bool:
    """A partial that wrote a day and nothing coarser: 30日."""
    return p.day is not None and all(v is None for v in (p.month, p.month_rel, p.year, p.year_rel, p.year_short,
                                                         p.week_rel, p.holiday))


def anchor(p: Partial, reference: datetime) -> Interval | None:
    """Return the interval and role a partial means at `reference` (aware, Asia/Shanghai), or None.

    The only function that reads the reference.  2022年6月底前 at 2020-11-30 ->
    2020-11-30..2022-07-01, month grain, deadline.
    """
    ref_day = reference.date()
    try:
        iv = _single(p, ref_day, reference)
        if iv is None:
            return None
        if p.until is not None:
            before = p.until.edge == "before"  # 自A起到B之前
            second = _inherit(p, p.until.replace(edge=None) if before else p.until)
            if second.day_after:  # 次日: the day after the first end, at the second end's time
                first_day = iv.start.date() if isinstance(iv.start, datetime) else iv.start
                second = second.replace(day_after=False, year=first_day.year, month=first_day.month,
                                        day=first_day.day, day_rel=None, month_rel=None, year_rel=None,
                                        week_rel=None, weekday=None, holiday=None)
            other = _single(second, ref_day, reference)
            if other is None:
                return None
            if p.until.day_after:
                other = other._replace(start=other.start + ONE_DAY, end=other.end + ONE_DAY)
            if p.month is not None and second.month is not None and year_of(p, ref_day)[0] is None \
                    and year_of(second, ref_day)[0] is None and p.lunar is False:
                # 1-9月 read in November: both ends in the year the end falls in
                end_year = other.start.year
                first = _single(p.replace(year=end_year if p.month <= second.month else end_year - 1,
                                          until=None, edge=None), ref_day, reference)
                if first is not None:
                    iv = first._replace(certainty=Certainty.INFERRED)
            if p.day is not None and _day_only(p) and second.month is not None and second.day is not None:
                # 30日至12月2日: the first end takes the second's month, or the month before
                start_day = date(other.start.year, other.start.month, 1) if isinstance(other.start, date) else None
                if start_day is not None:
                    if p.day > other.start.day:
                        start_day = add_months(start_day, -1)
                    if p.day <= days_in_month(start_day.year, start_day.month):
                        first_day = start_day.replace(day=p.day)
                        iv = _one_day(first_day, other.certainty)
            start, end = iv.start, other.end
            if before and as_datetime(other.end) <= reference:
                end = other.start  # a past bound excludes its time, as 2015年1月1日之前 read in 2019
            if p.holiday is not None and second.holiday is not None and other.start < iv.start:
                start, end = other.start, max(iv.end, other.end)  # 国庆中秋假期 in a year 中秋 comes first
            closed = other.grain == Grain.HOUR and not second.whole_hour
            if closed:  # 3点至5点 ends at five o'clock
                end = other.start
            if isinstance(start, datetime) or isinstance(end, datetime):
                start, end = as_datetime(start), as_datetime(end)
            if not start < end:
                return None
            iv = Interval(start, end, min(iv.grain, other.grain), worse(iv.certainty, other.certainty), Role.RANGE,
                          closed_end=closed)
        if p.edge in ("deadline", "before", "by", "until", "since", "to_now", "from", "after") and not (p.edge == "since" and p.shift):
            return bound(p, iv, ref_day, reference)
        if iv.role == Role.DEADLINE and p.within is None:  # 年内: due at the year's end
            if iv.start > ref_day:  # 2024年内 read in 2021: within that year, due by its end
                return iv
            return bound(p.replace(edge="deadline"), iv, ref_day, reference)
        return iv
    except (ValueError, OverflowError, IndexError, KeyError):
        return None
