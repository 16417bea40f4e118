"""Festivals and plan periods: fixed days as a table, lunar days and the 24 solar terms through
lunar_python (one lunar library: the 寿星 astronomical algorithm), plans as arithmetic.

Festivals of other calendars (Easter, Hebrew, Islamic, Hindu and Buddhist) are tables in
`world_holidays`.  Every
table key is Simplified; `fold_festival` folds Traditional spellings onto the keys, and
ALL_FESTIVALS lists the spellings the `festival` rule matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from timeline.grammar.lunar_years import lunar_year
from timeline.grammar.numerals import FULLWIDTH_FOLD
from timeline.grammar.rulebase import char_class, key_chars
from timeline.grammar.world_holidays import (
    WORLD_FESTIVALS,
    world_festival_days,
    world_festival_span,
)

# The power grid's peak seasons, named like festivals in news of energy works (项目2027年迎峰度夏前
#投产): name -> ((month, day) it starts, days).  迎峰度夏 is July-August, 迎峰度冬 December-February,
# as the State Grid's and the NDRC's notices count them; X前 is due the day before it starts.
# The flood season (汛期) is read the same way: June-September, the span most provinces' flood
# rules give it and the one 国家防总 reports over (southern rivers start in April or May), its
# main part (主汛期) July-August; 汛期前 is due on May 31st.
PEAK_SEASONS: Mapping[str, tuple[tuple[int, int], int]] = MappingProxyType({
    "迎峰度夏": ((7, 1), 62), "迎峰度冬": ((12, 1), 90), "汛期": ((6, 1), 122), "主汛期": ((7, 1), 62),
})
# Seasons whose dates vary by region: read with certainty fuzzy whatever year is written.
REGIONAL_SEASONS = frozenset({"汛期", "主汛期"})
# Floods of another season (凌汛期 in early spring, 桃汛期, 秋汛期) and 非汛期 are no 汛期.
NOT_FLOOD_SEASON = frozenset("凌桃春秋非")
# Fixed solar festivals: name -> (month, day).
FIXED_FESTIVALS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "元旦": (1, 1), "新年": (1, 1), "阳历新年": (1, 1), "情人节": (2, 14), "妇女节": (3, 8),
    "三八妇女节": (3, 8), "植树节": (3, 12), "消费者权益日": (3, 15), "愚人节": (4, 1),
    "劳动节": (5, 1), "五一": (5, 1), "五一劳动节": (5, 1), "国际劳动节": (5, 1), "五一国际劳动节": (5, 1),
    "青年节": (5, 4), "五四": (5, 4), "六一": (6, 1), "三八": (3, 8), "五四青年节": (5, 4), "儿童节": (6, 1), "六一儿童节": (6, 1), "国际儿童节": (6, 1),
    "建党节": (7, 1), "七一": (7, 1), "建军节": (8, 1), "八一建军节": (8, 1),
    "教师节": (9, 10), "国庆": (10, 1), "国庆节": (10, 1), "十一": (10, 1), "万圣节": (10, 31),
    "光棍节": (11, 11), "双十一": (11, 11), "平安夜": (12, 24), "圣诞节": (12, 25), "圣诞": (12, 25),
    "澳门回归纪念日": (12, 20), "香港回归纪念日": (7, 1), "圣瓦伦丁节": (2, 14), "国际消费者权益日": (3, 15),
    "老板节": (10, 16), "国际老板节": (10, 16),
    **{name: first for name, (first, _) in PEAK_SEASONS.items()},
})
# Lunar festivals: name -> (lunar month, lunar day).  除夕 is handled apart (day before 春节).
LUNAR_FESTIVALS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "春节": (1, 1), "新春": (1, 1), "农历新年": (1, 1), "正月朔日": (1, 1), "大年初一": (1, 1), "正月初一": (1, 1), "正月正时": (1, 1), "元宵": (1, 15),
    "元宵节": (1, 15), "正月十五": (1, 15), "龙抬头": (2, 2), "端午": (5, 5), "端午节": (5, 5),
    "端阳节": (5, 5), "七夕": (7, 7), "七夕节": (7, 7), "中元节": (7, 15), "中秋": (8, 15),
    "中秋节": (8, 15), "重阳": (9, 9), "重阳节": (9, 9), "腊八": (12, 8), "腊八节": (12, 8),
    "小年": (12, 23),
})
NEW_YEARS_EVE = frozenset({"除夕", "大年三十", "年三十", "除夕夜"})
# The 24 solar terms (节气) in the order they fall in a Gregorian year: 小寒 early in January,
# 冬至 late in December.  Only 清明 (a public holiday) is also a festival name; the others are
# read by the solar-term rule, whose guards keep out 雨水较多, 设立春耕, 华夏至今.
SOLAR_TERM_NAMES: tuple[str, ...] = (
    "小寒", "大寒", "立春", "雨水", "惊蛰", "春分", "清明", "谷雨", "立夏", "小满", "芒种", "夏至",
    "小暑", "大暑", "立秋", "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至",
)
# Festival names that are a solar term's day, and the term.
SOLAR_TERMS: Mapping[str, str] = MappingProxyType({
    **{name: name for name in SOLAR_TERM_NAMES}, "清明节": "清明", "冬至节": "冬至",
})
# The solar years whose terms we date: Gregorian ones (lunar_python counts earlier days in the
# Julian calendar), up to where the year rule stops.
SOLAR_TERM_YEARS = range(1583, 2200)
# Festivals on the n-th weekday of a month: name -> (month, weekday Mon=0, n).
NTH_WEEKDAY_FESTIVALS: Mapping[str, tuple[int, int, int]] = MappingProxyType({
    "母亲节": (5, 6, 2), "父亲节": (6, 6, 3), "感恩节": (11, 3, 4),
})
# Seasons counted from 春节: name -> (days from 春节 to its first day, days).  春运 starts 15 days
# before 春节 and lasts 40 days (2024: 01-26..03-05, 2025: 01-14..02-22), as the Ministry of
# Transport has published it every year since 2015.
SPRING_FESTIVAL_SEASONS: Mapping[str, tuple[int, int]] = MappingProxyType({"春运": (-15, 40)})

# Traditional -> Simplified for the characters of the festival names, one character for one.
# fold_width already folds some of them (節, 聖, 國, 東 ...) in the text before the rules run.
TRADITIONAL_FOLD: Mapping[int, int] = MappingProxyType(str.maketrans(
    "復節聖週難東穌禮齋開爾蘭紀靈臨會懺樹體贖猶獨國慶毀燈麗歡勞動軍門歸權費際闆務設獻實曆倫誕萬愛兒婦"
    "親師黨陽過穫結潔淨塗餅櫚儀誦經圖歐無買賴麥時農臘龍擡雙沈驚蟄穀滿種處"
    "豐衛薩寶濕羅頭勝護奧龐凱灑紅悅",
    "复节圣周难东稣礼斋开尔兰纪灵临会忏树体赎犹独国庆毁灯丽欢劳动军门归权费际板务设献实历伦诞万爱儿妇"
    "亲师党阳过获结洁净涂饼榈仪诵经图欧无买赖麦时农腊龙抬双沉惊蛰谷满种处"
    "丰卫萨宝湿罗头胜护奥庞凯洒红悦",
))


def traditional_variants(fold: Mapping[int, int]) -> dict[str, list[str]]:
    """Simplified character -> the Traditional ones `fold` (Traditional -> Simplified) maps onto
    it, leaving out those fold_width folds: the text reaches the rules with them folded."""
    variants: dict[str, list[str]] = {}
    for traditional, simplified in fold.items():
        if traditional not in FULLWIDTH_FOLD:
            variants.setdefault(chr(simplified), []).append(chr(traditional))
    return variants


_SIMPLIFIED_TO_TRADITIONAL = traditional_variants(TRADITIONAL_FOLD)


def fold_festival(name: str) -> str:
    """Return the Simplified table key of a festival name as written: 復活節 -> 复活节."""
    return name.translate(TRADITIONAL_FOLD)


def spellings(name: str, variants: Mapping[str, list[str]] = _SIMPLIFIED_TO_TRADITIONAL) -> set[str]:
    """Every mix of Simplified and Traditional characters of `name` that fold_width leaves
    unfolded: 复活节 -> {复活节, 復活节} (节/節 is folded in the text beforehand). `variants`
    (from `traditional_variants`) says which Traditional characters stand for each."""
    forms = {""}
    for ch in name:
        forms = {f + c for f in forms for c in (ch, *variants.get(ch, ()))}
    return forms


_SEVERAL_DAYS = {n: days for n in WORLD_FESTIVALS if (days := world_festival_days(n) or 1) > 1}
# Holiday breaks, in days, for 假期/长假/黄金周/期间 after the festival (State Council pattern since
# 2008); for a festival of several days (逾越节, 斋月, 大斋期) its own length.
HOLIDAY_BREAK_DAYS: Mapping[str, int] = MappingProxyType({
    form: days for name, days in {
        "春节": 7, "新春": 7, "国庆": 7, "国庆节": 7, "十一": 7, "劳动节": 5, "五一": 5, "元旦": 3,
        "清明": 3, "清明节": 3, "端午": 3, "端午节": 3, "中秋": 3, "中秋节": 3,
        **_SEVERAL_DAYS,
    }.items() for form in spellings(name)
})

ALL_FESTIVALS: tuple[str, ...] = tuple(sorted(
    {form for name in (*FIXED_FESTIVALS, *LUNAR_FESTIVALS, *NEW_YEARS_EVE, "清明", "清明节",
                       *NTH_WEEKDAY_FESTIVALS, *WORLD_FESTIVALS, *SPRING_FESTIVAL_SEASONS)
     for form in spellings(name)},
    key=len, reverse=True))


# Lunar years we convert: those whose days lunar_python gives in the Gregorian calendar (it
# counts earlier days in the Julian one), up to where the year rule stops.
LUNAR_YEARS = range(1583, 2200)


@cache
def _lunar_months(year: int) -> Mapping[tuple[int, bool], tuple[date, int]]:
    """(month, leap) -> (first solar day, number of days) of every month of lunar year `year`.

    Working out a lunar year costs milliseconds (lunar_years keeps them on disk), a day in it
    then nothing: news asks the same few years again and again.
    """
    months: dict[tuple[int, bool], tuple[date, int]] = {}
    for month, leap, first_year, first_month, first_day, days in lunar_year(year)[0]:
        months[(month, bool(leap))] = (date(first_year, first_month, first_day), days)
    return MappingProxyType(months)


def lunar_month_days(year: int, month: int, leap: bool = False) -> int | None:
    """Return how many days (29 or 30) lunar month `month` of `year` has, None if it has no such month."""
    entry = _lunar_months(year).get((month, leap)) if year in LUNAR_YEARS else None
    return entry[1] if entry else None


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> date | None:
    """Return the solar date of a lunar date, or None outside LUNAR_YEARS or when invalid.

    lunar_to_solar(2021, 1, 1) -> date(2021, 2, 12), 春节 2021; lunar_to_solar(1978, 8, 15) ->
    date(1978, 9, 17), 中秋 1978 (lunardate, dropped for this, gave 09-16).
    """
    entry = _lunar_months(year).get((month, leap)) if year in LUNAR_YEARS else None
    if entry is None or not 1 <= day <= entry[1]:
        return None
    return entry[0] + timedelta(days=day - 1)


@cache
def _solar_terms(year: int) -> Mapping[str, date]:
    """Every solar term of Gregorian `year`, by lunar_python's 寿星 (Shouxing) astronomical
    algorithm in Beijing time.  Its table for a year runs from the previous 冬至 to the next
    惊蛰, the terms of this year under Chinese keys; this year's 冬至 is the next table's first."""
    terms: dict[str, date] = {}
    for table_year in (year, year + 1):
        for key, term_year, term_month, term_day in lunar_year(table_year)[1]:
            day = date(term_year, term_month, term_day)
            if key in SOLAR_TERM_NAMES and day.year == year:
                terms[key] = day
    return MappingProxyType(terms)


def solar_term_date(name: str, year: int) -> date | None:
    """Return the day of solar term `name` in Gregorian `year`, None outside SOLAR_TERM_YEARS.

    solar_term_date("冬至", 2021) -> date(2021, 12, 21); solar_term_date("小寒", 2021) ->
    date(2021, 1, 5), the 小寒 of January 2021 (in lunar year 2020: the year written is solar).
    """
    if year not in SOLAR_TERM_YEARS:
        return None
    return _solar_terms(year).get(SOLAR_TERMS.get(name, name))


# Pure calendar arithmetic (a lunar day ~1 µs once its year is known, convertdate's Hebrew calendar 40-60 µs) that
# news asks again and again with the same festival and year: 春节 of 2021 is worked out once.
@lru_cache(maxsize=4096)
def festival_date(name: str, year: int) -> date | None:
    """Return the (first) day of festival `name` in solar year `year` (除夕 2021 -> 2021-02-11).

    `name` may be written in Traditional characters (復活節 -> 复活节).
    """
    name = fold_festival(name)
    if name in FIXED_FESTIVALS:
        month, day = FIXED_FESTIVALS[name]
        return date(year, month, day)
    if name in LUNAR_FESTIVALS:
        month, day = LUNAR_FESTIVALS[name]
        # 腊八 and 小年 of solar year Y fall in lunar year Y-1 (they come just before 春节).
        lunar_year = year - 1 if month == 12 else year
        return lunar_to_solar(lunar_year, month, day)
    if name in NEW_YEARS_EVE:
        # 除夕 is the last day of the lunar year, which can be the 29th: the day before 春节.
        spring = lunar_to_solar(year, 1, 1)
        return spring - timedelta(days=1) if spring else None
    if name in SOLAR_TERMS:
        return solar_term_date(name, year)
    if name in SPRING_FESTIVAL_SEASONS:
        spring = lunar_to_solar(year, 1, 1)
        return spring + timedelta(days=SPRING_FESTIVAL_SEASONS[name][0]) if spring else None
    if name in NTH_WEEKDAY_FESTIVALS:
        month, weekday, n = NTH_WEEKDAY_FESTIVALS[name]
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    if name in WORLD_FESTIVALS:
        span = world_festival_span(name, year)
        return span[0] if span else None
    return None


def festival_days(name: str) -> int:
    """Return how many days festival `name` itself lasts: 逾越节 8, 斋月 30, 大斋期 46; 1 for a one-day
    festival (春节 is one day; its seven-day break is HOLIDAY_BREAK_DAYS)."""
    name = fold_festival(name)
    if name in SPRING_FESTIVAL_SEASONS:
        return SPRING_FESTIVAL_SEASONS[name][1]
    return world_festival_days(name) or (PEAK_SEASONS[name][1] if name in PEAK_SEASONS else 1)


def next_festival(name: str, reference: date) -> date | None:
    """Return the festival's next day on or after `reference` (春节 seen on 2020-11-30 -> 2021-02-12)."""
    for year in (reference.year, reference.year + 1):
        try:
            day = festival_date(name, year)
        except ValueError:
            return None
        if day is not None and day >= reference:
            return day
    return None


def last_festival(name: str, reference: date) -> date | None:
    """Return the festival's last day on or before `reference` (春节 seen on 2021-03-01 -> 2021-02-12):
    what 春节以来 counts from."""
    for year in (reference.year, reference.year - 1):
        try:
            day = festival_date(name, year)
        except ValueError:
            return None
        if day is not None and day <= reference:
            return day
    return None


def trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of `words`, longest first, written as a trie: 复活节(?:星期一)?.

    Equivalent to the longest-first alternation of the words, but each position is rejected by
    one character class instead of trying hundreds of branches (the festival names are ~400).
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word may end here: try the longer words first (greedy ?)
            return body + "?" if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")?"
        return body
    # one character class rejects most positions before the branches are tried
    firsts = char_class(ch for ch in root if ch)
    return f"(?=[{firsts}]){build(root)}" if firsts else build(root)


# Characters too frequent in news to serve as a festival name's key (besides rulebase.COMMON_CHARS):
# a key opens a scanning window wherever it occurs.
FREQUENT_IN_NEWS = frozenset("上下中大会来前后间里日天明一二三今当本这个年月东主以全四回开法第老西设无权基先国新人立"
                             "服务正教色列周星期力知罕默德买之夜时际球九")


def festival_keys(words: Iterable[str]) -> str:
    """One key character per festival name for the keyed-rule scan: 节 when the name has it, else
    its first character that is not frequent in news (赎罪日 -> 赎, 以色列独立日 -> 独), else
    rulebase.key_chars' choice (新年 -> 新)."""
    keys = set()
    for word in words:
        rare = next((ch for ch in word if ch not in FREQUENT_IN_NEWS), None)
        keys.add("节" if "节" in word else rare or key_chars((word,)))
    return "".join(sorted(keys))
