"""Festivals and plans: lunar days through lunardate, solar terms through lunar_python, plan years by arithmetic."""

from __future__ import annotations

import re
from datetime import date

import pytest
from convertdate import islamic  # type: ignore[import-untyped]

from timeline.grammar.holidays import (
    ALL_FESTIVALS,
    HOLIDAY_BREAK_DAYS,
    SOLAR_TERM_NAMES,
    festival_date,
    festival_days,
    festival_keys,
    fold_festival,
    lunar_to_solar,
    next_festival,
    solar_term_date,
    spellings,
    trie_pattern,
)
from timeline.grammar.tables import plan_years
from timeline.grammar.world_holidays import islamic_to_gregorian


@pytest.mark.parametrize(("name", "year", "day"), [
    ("春节", 2020, date(2020, 1, 25)), ("春节", 2021, date(2021, 2, 12)), ("中秋节", 2020, date(2020, 10, 1)),
    ("除夕", 2021, date(2021, 2, 11)), ("端午节", 2021, date(2021, 6, 14)), ("元宵节", 2021, date(2021, 2, 26)),
    ("重阳节", 2020, date(2020, 10, 25)), ("国庆节", 2020, date(2020, 10, 1)), ("母亲节", 2017, date(2017, 5, 14)),
])
def test_festival_date(name: str, year: int, day: date) -> None:
    assert festival_date(name, year) == day


@pytest.mark.parametrize(("year", "day"), [(2008, 4), (2019, 5), (2020, 4), (2021, 4), (1999, 5), (2024, 4)])
def test_qingming(year: int, day: int) -> None:
    assert solar_term_date("清明", year) == date(year, 4, day)
    assert festival_date("清明节", year) == date(year, 4, day)


@pytest.mark.parametrize(("name", "year", "day"), [
    ("冬至", 2020, date(2020, 12, 21)), ("冬至", 2022, date(2022, 12, 22)), ("冬至节", 2021, date(2021, 12, 21)),
    ("小寒", 2020, date(2020, 1, 6)), ("小寒", 2021, date(2021, 1, 5)),  # January of the year written
    ("大寒", 2021, date(2021, 1, 20)), ("立春", 2021, date(2021, 2, 3)), ("夏至", 2021, date(2021, 6, 21)),
    ("秋分", 2021, date(2021, 9, 23)), ("大雪", 2020, date(2020, 12, 7)), ("驚蟄", 2021, date(2021, 3, 5)),
])
def test_solar_term_date(name: str, year: int, day: date) -> None:
    assert festival_date(name, year) == day


def test_every_year_has_each_solar_term_once() -> None:
    for year in (1583, 1900, 2000, 2021, 2199):
        days = [solar_term_date(name, year) for name in SOLAR_TERM_NAMES]
        assert all(d is not None and d.year == year for d in days)
        assert days == sorted(days)  # SOLAR_TERM_NAMES is in calendar order
    assert solar_term_date("冬至", 1582) is None  # lunar_python counts those days in the Julian calendar
    assert solar_term_date("冬至", 2200) is None


def test_every_solar_term_spelling_holds_a_key() -> None:
    from timeline.grammar.rules_periods import SOLAR_TERM_GUARDS, SOLAR_TERM_KEYS
    assert set(SOLAR_TERM_GUARDS) == set(SOLAR_TERM_NAMES) - {"清明"}
    for name in SOLAR_TERM_GUARDS:
        assert all(set(form) & set(SOLAR_TERM_KEYS) for form in spellings(name)), name


def test_next_festival_is_on_or_after_the_reference() -> None:
    assert next_festival("春节", date(2020, 11, 30)) == date(2021, 2, 12)
    assert next_festival("国庆节", date(2020, 10, 1)) == date(2020, 10, 1)


def test_lunar_out_of_range_is_none() -> None:
    assert lunar_to_solar(1500, 1, 1) is None  # before LUNAR_YEARS: lunar_python counts Julian days there
    assert lunar_to_solar(2021, 1, 30) is None  # 正月 of 2021 has 29 days
    assert lunar_to_solar(2021, 4, 1, leap=True) is None


@pytest.mark.parametrize(("n", "years"), [(1, (1953, 1957)), (3, (1966, 1970)), (13, (2016, 2020)),
                                          (14, (2021, 2025)), (15, (2026, 2030))])
def test_plan_years(n: int, years: tuple[int, int]) -> None:
    assert plan_years(n) == years


@pytest.mark.parametrize(("name", "year", "day"), [
    ("复活节", 2013, date(2013, 3, 31)), ("復活節", 2024, date(2024, 3, 31)), ("东正教复活节", 2013, date(2013, 5, 5)),
    ("东正教复活节星期一", 2013, date(2013, 5, 6)), ("耶稣受难日", 2020, date(2020, 4, 10)),
    ("圣灰日", 2021, date(2021, 2, 17)), ("忏悔节", 2021, date(2021, 2, 16)), ("五旬节", 2021, date(2021, 5, 23)),
    ("基督圣体节", 2021, date(2021, 6, 3)), ("拉撒路圣周六", 2021, date(2021, 4, 24)),
    ("逾越节", 2021, date(2021, 3, 28)), ("犹太新年", 2020, date(2020, 9, 19)), ("赎罪日", 2020, date(2020, 9, 28)),
    ("光明节", 2021, date(2021, 11, 29)), ("住棚节", 2021, date(2021, 9, 21)), ("普珥节", 2022, date(2022, 3, 17)),
    ("以色列独立日", 2013, date(2013, 4, 16)), ("圣殿被毁日", 2021, date(2021, 7, 18)),
    ("开斋节", 2013, date(2013, 8, 8)), ("古尔邦节", 2013, date(2013, 10, 15)), ("斋月", 2021, date(2021, 4, 13)),
    ("老闆節", 2021, date(2021, 10, 16)), ("勞動節", 2021, date(2021, 5, 1)), ("全球青年服务日", 2010, date(2010, 4, 23)),
])
def test_world_festival_date(name: str, year: int, day: date) -> None:
    assert festival_date(name, year) == day


@pytest.mark.parametrize(("hijri", "official", "tabular"), [
    ((1435, 1, 1), date(2013, 11, 4), date(2013, 11, 5)),   # 伊斯兰新年 1435
    ((1444, 10, 1), date(2023, 4, 21), date(2023, 4, 22)),  # 开斋节 2023
    ((1500, 12, 30), date(2077, 11, 16), None),             # the last day of hijridate's tables
])
def test_islamic_days_follow_umm_al_qura(hijri: tuple[int, int, int], official: date, tabular: date | None) -> None:
    assert islamic_to_gregorian(*hijri) == official
    if tabular is not None:
        assert date(*islamic.to_gregorian(*hijri)) == tabular


def test_islamic_days_outside_umm_al_qura_are_tabular() -> None:
    assert islamic_to_gregorian(1342, 12, 10) == date(*islamic.to_gregorian(1342, 12, 10))
    assert islamic_to_gregorian(1501, 1, 1) == date(2077, 11, 17)
    assert type(islamic_to_gregorian(1435, 1, 1)) is date  # not hijridate's subclass


def test_an_islamic_festival_twice_in_a_year_is_the_first() -> None:
    assert festival_date("开斋节", 2000) == date(2000, 1, 8)  # and again on 2000-12-27


def test_multi_day_festivals_have_their_length_as_break() -> None:
    assert HOLIDAY_BREAK_DAYS["逾越节"] == 8
    assert HOLIDAY_BREAK_DAYS["齋月"] == 30  # a Traditional spelling the text still has after fold_width
    assert HOLIDAY_BREAK_DAYS["斋月"] == 30
    assert HOLIDAY_BREAK_DAYS["大斋期"] == 46
    assert HOLIDAY_BREAK_DAYS["春节"] == 7


def test_traditional_spellings_fold_onto_the_table_keys() -> None:
    assert fold_festival("東正教復活節星期一") == "东正教复活节星期一"
    assert {"复活节", "復活节"} <= spellings("复活节")
    assert "猶太植樹节" in ALL_FESTIVALS


def test_next_world_festival() -> None:
    assert next_festival("复活节", date(2021, 4, 5)) == date(2022, 4, 17)
    assert next_festival("赎罪日", date(2020, 11, 30)) == date(2021, 9, 16)


def test_trie_pattern_matches_like_the_longest_first_alternation() -> None:
    words = ["复活节", "复活节星期一", "东正教复活节", "七夕", "七夕节", "七七节", "斋月"]
    pattern = re.compile(trie_pattern(words))
    for text, expected in [("复活节星期一", "复活节星期一"), ("复活节星期二", "复活节"), ("七夕节", "七夕节"),
                           ("七七", None), ("东正教复活节", "东正教复活节"), ("斋", None)]:
        m = pattern.match(text)
        assert (m.group() if m else None) == expected


def test_festival_keys_avoid_frequent_characters() -> None:
    assert festival_keys(["赎罪日", "以色列独立日", "逾越节", "新年"]) == "".join(sorted("赎独节新"))


def test_world_festival_outside_the_date_range_is_none() -> None:
    assert festival_date("斋月", 1) is None
    assert festival_date("逾越节", 9999) is None


@pytest.mark.parametrize(("name", "days"), [("逾越節", 8), ("斋月", 30), ("大斋期", 46), ("赎罪日", 1), ("春节", 1)])
def test_festival_days(name: str, days: int) -> None:
    assert festival_days(name) == days


def test_world_festival_lengths_come_from_the_tables() -> None:
    from timeline.grammar.world_holidays import WORLD_FESTIVALS, world_festival_days, world_festival_span

    for name in WORLD_FESTIVALS:
        span = world_festival_span(name, 2020)
        assert span is not None and span[1] == world_festival_days(name), name
    assert world_festival_days("逾越节") == 8 and world_festival_days("不是节日") is None


def test_issue_13_one_lunar_library_dates_1978_mid_autumn_as_the_almanacs() -> None:
    # lunardate put it on 09-16; lunar_python, borax and zhdate agree on 09-17
    assert lunar_to_solar(1978, 8, 15) == date(1978, 9, 17)
    assert festival_date("中秋", 1978) == date(1978, 9, 17)


def test_issue_13_lunar_month_days() -> None:
    from timeline.grammar.holidays import lunar_month_days
    assert lunar_month_days(2021, 1) == 29
    assert lunar_month_days(2020, 4, leap=True) == 29  # 闰四月 2020
    assert lunar_month_days(2021, 4, leap=True) is None
    assert lunar_month_days(1500, 1) is None


def test_issue_13_official_break_follows_the_published_schedule() -> None:
    from timeline.grammar.official_breaks import official_break
    assert official_break("春节", date(2025, 1, 29)) == (date(2025, 1, 28), date(2025, 2, 5))
    assert official_break("國慶節", date(2025, 10, 1)) == (date(2025, 10, 1), date(2025, 10, 9))
    assert official_break("元旦", date(2024, 1, 1)) == (date(2023, 12, 30), date(2024, 1, 2))
    assert official_break("春节", date(2040, 2, 12)) is None  # a year the library does not know
    assert official_break("元宵", date(2025, 2, 12)) is None  # no break


@pytest.mark.parametrize("year", [1583, 1700, 1900, 1978, 2000, 2023, 2024, 2025, 2057, 2199])
def test_solar_terms_read_off_the_lunar_year_equal_lunar_pythons_own_table(year: int) -> None:
    # holidays reads each year's terms off one kept LunarYear; lunar_python's public way is the
    # table of a day's Lunar, whose year's terms lie in the tables of July 1 of the year and the next
    from lunar_python import Solar  # type: ignore[import-untyped]

    expected: dict[str, date] = {}
    for table_year in (year, year + 1):
        for key, solar in Solar.fromYmd(table_year, 7, 1).getLunar().getJieQiTable().items():
            day = date(solar.getYear(), solar.getMonth(), solar.getDay())
            if key in SOLAR_TERM_NAMES and day.year == year:
                expected[key] = day
    assert {name: solar_term_date(name, year) for name in SOLAR_TERM_NAMES} == expected
