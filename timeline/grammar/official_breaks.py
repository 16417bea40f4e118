"""Public holiday breaks as the State Council published them, through `chinese_calendar`.

春节假期 2025 is 01-28..02-04 (除夕 to 初七), not seven days from 春节; 国庆假期 2025 runs
10-01..10-08 because 中秋 joined it.  The library knows the years it lists (2004 onwards, up
to the last schedule published when it was released); for other years holidays.HOLIDAY_BREAK_DAYS
gives a length counted from the festival, marked fuzzy.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from chinese_calendar.constants import Holiday, holidays, workdays  # type: ignore[import-untyped]  # no stubs

from timeline.grammar.holidays import fold_festival

# Our festival names -> the holiday chinese_calendar files their days under.
BREAK_HOLIDAYS: Mapping[str, Holiday] = MappingProxyType({
    "春节": Holiday.spring_festival, "新春": Holiday.spring_festival,
    "国庆": Holiday.national_day, "国庆节": Holiday.national_day, "十一": Holiday.national_day,
    "劳动节": Holiday.labour_day, "五一": Holiday.labour_day, "元旦": Holiday.new_years_day,
    "清明": Holiday.tomb_sweeping_day, "清明节": Holiday.tomb_sweeping_day,
    "端午": Holiday.dragon_boat_festival, "端午节": Holiday.dragon_boat_festival,
    "中秋": Holiday.mid_autumn_festival, "中秋节": Holiday.mid_autumn_festival,
})
# The years whose schedule the library holds: every year with a 春节 break in it.
KNOWN_YEARS = frozenset(day.year for day, name in holidays.items() if name == Holiday.spring_festival.value)
ONE_DAY = timedelta(days=1)


@cache
def official_break(name: str, festival_day: date) -> tuple[date, date] | None:
    """Return [first day, day after the last) of the break holding festival `name` on
    `festival_day`, None when chinese_calendar does not know that year or that festival.

    The break is the run of consecutive days off around the festival's own day (or, for a
    festival moved off its day, the first day filed under it in the festival's month):
    official_break("春节", date(2025, 1, 29)) -> (2025-01-28, 2025-02-05); a 中秋 that joins
    国庆 (2025) gives the one eight-day break.
    """
    holiday = BREAK_HOLIDAYS.get(fold_festival(name))
    if holiday is None or festival_day.year not in KNOWN_YEARS:
        return None
    day = festival_day
    if day not in holidays:  # a festival whose day was worked: its break lies near it, filed under its name
        near = [festival_day + ONE_DAY * k for k in range(-7, 8)]
        filed = [d for d in near if holidays.get(d) == holiday.value]
        if not filed:
            return None
        day = min(filed, key=lambda d: abs((d - festival_day).days))
    first = last = day
    while _day_off(first - ONE_DAY):
        first -= ONE_DAY
    while _day_off(last + ONE_DAY):
        last += ONE_DAY
    return first, last + ONE_DAY


def _day_off(day: date) -> bool:
    """A day of the break: filed as a holiday, or a weekend not worked in its place.  The library
    files 端午 2024 under 06-10 alone; the notice gives 06-08..06-10 (与周末连休)."""
    return day in holidays or (day.weekday() >= 5 and day not in workdays)
