"""Rules for written calendar dates: years, months, days, numeric forms and lunar dates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from timeline.grammar.holidays import (
    LUNAR_FESTIVALS,
    SOLAR_TERM_NAMES,
    spellings,
    traditional_variants,
)
from timeline.grammar.numerals import cn_int, cn_int_or_none
from timeline.grammar.patterns import (
    DAY_NUM,
    DAY_SUFFIX,
    HAO_DAY_AFTER,
    MONTH_NUM,
    MONTH_SUFFIX,
    NOT_AFTER_DIGIT,
    NOT_BEFORE_DIGIT,
    RANGE_JOIN,
    SHORT_YEAR_NUM,
    YEAR_NUM,
    YEAR_PART,
    YEAR_SUFFIX,
)
from timeline.grammar.rulebase import Partial, alternation, rule
from timeline.grammar.tables import MONTH_PARTS, REIGN_ERAS, REIGN_TRADITIONAL

LUNAR_FESTIVAL_DATES = frozenset(LUNAR_FESTIVALS.values())
MONTH_PART = rf"(?P<month_part>{alternation(k for k in MONTH_PARTS if k not in ('中', '月中'))})"
# What may follow a two-digit year (98年4月, 19年底) so that 24年 alone stays a count of years.
AFTER_SHORT_YEAR = (r"(?=[0-9一二三四五六七八九十正腊]{1,2}月|[底初末]|[上下]半年|第|[一二三四1-4首]季度|春节|除夕|国庆|元旦|大年|"
                    + alternation(SOLAR_TERM_NAMES) + ")")


@rule("year", rf"(?P<year>{YEAR_NUM}){YEAR_SUFFIX}{YEAR_PART}?", "年")
def year(m: re.Match[str]) -> Partial | None:
    value = cn_int_or_none(m["year"])
    if value is None or not 1000 <= value <= 2199:
        return None
    return Partial(year=value, year_part=m["year_part"])


@rule("roc-year", r"民国(?P<n>元|[0-9]{1,2}|[一二三四五六七八九十]{1,3})年", "年")
def roc_year(m: re.Match[str]) -> Partial | None:
    """民国三年 = 1914: the Republic of China counts from 1912 and used the Gregorian calendar."""
    n = 1 if m["n"] == "元" else cn_int(m["n"])
    return Partial(year=1911 + n) if 1 <= n <= 38 else None


# 康熙 -> {康熙}; 天启 -> {天启, 天啟, 天啓}: every mix of a reign title's Simplified and Traditional characters
_REIGN_VARIANTS = traditional_variants(REIGN_TRADITIONAL)
REIGN_NAMES = alternation(form for era in REIGN_ERAS for form in spellings(era, _REIGN_VARIANTS))
REIGN_MONTH = r"(?P<leap>闰)?(?P<month>正|腊|冬|十[一二]?|[一二三四五六七八九]|1[0-2]|0?[1-9])月"
REIGN_DAY = (r"(?P<day>初[一二三四五六七八九十]|三十|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|十[一二三四五六七八九]?"
             r"|[一二三四五六七八九]|3[01]|[12][0-9]|0?[1-9])(?![0-9一二三四五六七八九十])(?:日|号)?")


@rule("reign-year", rf"(?:大?[明清]朝?|[明清]代)?(?P<era>{REIGN_NAMES})"
      rf"(?:(?P<n>元|{NOT_AFTER_DIGIT}[0-9]{{1,2}}(?![0-9])|[一二三四五六七八九十廿]{{1,3}})年(?!如一日|来|代|级|龄|纪|轻|华|货|薪|金|报|会)"
      rf"(?:{REIGN_MONTH}(?:{REIGN_DAY})?)?|(?P<whole>年间))", "年")
def reign_year(m: re.Match[str]) -> Partial | None:
    """康熙二十年 = 1681, 康熙年间 = 1662-1722: a Ming or Qing reign year (tables.REIGN_ERAS).

    Its months and days are lunar; they are read as written (康熙20年9月 = 1681-09) with the
    certainty lowered, as history books cite them (康熙二十年（1681年）九月).
    """
    first, length = REIGN_ERAS[m["era"].translate(REIGN_TRADITIONAL)]
    if m["whole"]:
        return Partial(year=first, until=Partial(year=first + length - 1), era=True)
    n = 1 if m["n"] == "元" else cn_int(m["n"])
    if not 1 <= n <= length:
        return None  # 雍正二十三年: 雍正 lasted 13 years
    month = (LUNAR_MONTHS.get(m["month"]) or int(m["month"])) if m["month"] else None
    day = cn_int(m["day"].removeprefix("初")) if m["day"] else None
    return Partial(year=first + n - 1, month=month, day=day, era=True)


@rule("short-year", rf"(?P<year>{SHORT_YEAR_NUM})\s?年(?:{AFTER_SHORT_YEAR}|(?P<zero>(?<=[零〇○0]\w年)|(?<=[零〇○0]\w\s年)))"
      rf"{YEAR_PART}?", "年")
def short_year(m: re.Match[str]) -> Partial | None:
    value = cn_int_or_none(m["year"])
    return None if value is None else Partial(year_short=value, year_part=m["year_part"])


@rule("month", rf"(?P<month>{MONTH_NUM}){MONTH_SUFFIX}{MONTH_PART}?", "月")
def month(m: re.Match[str]) -> Partial:
    return Partial(month=cn_int(m["month"]), month_part=m["month_part"])


WEEK_LAST = frozenset("周期拜")  # the character before a weekday's digit: 周五, 星期五, 礼拜五


@rule("day", rf"(?P<day>{DAY_NUM}){DAY_SUFFIX}", "日号號")
def day(m: re.Match[str]) -> Partial | None:
    before = m.string[m.start() - 1:m.start()]
    if len(m["day"]) == 1 and not m["day"].isdigit() and before not in ("月", "月份"):
        return None  # 日复一日, 一日三餐: a bare 一日 is not the first of the month
    if m[0][-1] in "号號" and "\u4e00" <= before <= "\u9fff" and before not in HAO_DAY_AFTER \
            and m.string[m.start() - 2:m.start() - 1] not in WEEK_LAST:  # 周五15号: a weekday, then the day
        return None  # 神舟十九号, 穿23号: a numbered name or thing ends inside a word
    return Partial(day=cn_int(m["day"]))


# 27、28日, 7、8月份: two numbers listed before one unit.  Consecutive ones are read as one range
# (the July-August of 7、8月份); others (3、5月) name two separate times and are left to the unit's own rule.
LISTED = r"(?P<listed>、)"


@rule("day-range", rf"(?P<day>{DAY_NUM})(?:{RANGE_JOIN}|{LISTED})(?P<until>{DAY_NUM}){DAY_SUFFIX}", "日号號")
def day_range(m: re.Match[str]) -> Partial | None:
    first, last = cn_int(m["day"]), cn_int(m["until"])
    if m["listed"] and last != first + 1:
        return None
    return Partial(day=first, until=Partial(day=last)) if first < last else None


@rule("month-range", rf"(?P<month>{MONTH_NUM})(?:{RANGE_JOIN}|{LISTED})(?P<until>{MONTH_NUM}){MONTH_SUFFIX}", "月")
def month_range(m: re.Match[str]) -> Partial | None:
    first, last = cn_int(m["month"]), cn_int(m["until"])
    if m["listed"] and last != first + 1:
        return None
    return Partial(month=first, until=Partial(month=last)) if first < last else None


NUMERIC_YEAR = r"(?P<year>(?:1[0-9]|20)[0-9]{2})"


@rule("year-range", rf"{NOT_AFTER_DIGIT}{NUMERIC_YEAR}\s?(?:年)?{RANGE_JOIN}(?P<until>(?:1[0-9]|20)[0-9]{{2}})\s?年(?!代)", "年")
def year_range(m: re.Match[str]) -> Partial | None:
    first, last = int(m["year"]), int(m["until"])
    return Partial(year=first, until=Partial(year=last)) if first < last else None


@rule("numeric-date", rf"{NOT_AFTER_DIGIT}{NUMERIC_YEAR}(?P<sep>[-/.])(?P<month>1[0-2]|0?[1-9])(?P=sep)"
      rf"(?P<day>3[01]|[12][0-9]|0?[1-9]){NOT_BEFORE_DIGIT}(?:日|号)?", "-/.")
def numeric_date(m: re.Match[str]) -> Partial:
    return Partial(year=int(m["year"]), month=int(m["month"]), day=int(m["day"]))


@rule("numeric-datetime", rf"{NOT_AFTER_DIGIT}{NUMERIC_YEAR}-(?P<month>1[0-2]|0[1-9])-(?P<day>3[01]|[12][0-9]|0[1-9])"
      r"(?:-|\s*)(?P<hour>[01][0-9]|2[0-3])[:：](?P<minute>[0-5][0-9])(?::(?P<second>[0-5][0-9]))?(?![0-9])", "-")
def numeric_datetime(m: re.Match[str]) -> Partial:
    return Partial(year=int(m["year"]), month=int(m["month"]), day=int(m["day"]), hour=int(m["hour"]),
                   minute=int(m["minute"]), second=int(m["second"]) if m["second"] else None)


@rule("month-day-bare", rf"(?P<month>{MONTH_NUM})月(?:(?P<day>{NOT_AFTER_DIGIT}(?:3[01]|[12][0-9]|0?[1-9]))"
      r"(?=$|\s|[至到~—，,。；;、]|-)|(?P<cn_day>三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?)"
      r"(?![0-9日号號一二三四五六七八九十天个年月]))", "月")
def month_day_bare(m: re.Match[str]) -> Partial:
    """3月15, 四月十三: a solar month and day without 日 (初十, 廿二 or 农历 make it lunar).

    A lunar festival's date written in Chinese without 日 is that festival: 八月十五 is 中秋.
    """
    month_value = cn_int(m["month"])
    if m["cn_day"] and (month_value, cn_int(m["cn_day"])) in LUNAR_FESTIVAL_DATES:
        return Partial(lunar=True, lunar_month=month_value, lunar_day=cn_int(m["cn_day"]))
    return Partial(month=month_value, day=int(m["day"]) if m["day"] else cn_int(m["cn_day"]))


# not after `0379-`: an area code and a number that happens to spell a day (电话0379-20000925)
@rule("compact-date", rf"{NOT_AFTER_DIGIT}(?<![0-9]-)(?P<year>(?:19|20)[0-9]{{2}})(?P<month>1[0-2]|0[1-9])"
      rf"(?P<day>3[01]|[12][0-9]|0[1-9]){NOT_BEFORE_DIGIT}(?![万亿元个])", "0123456789")
def compact_date(m: re.Match[str]) -> Partial:
    return Partial(year=int(m["year"]), month=int(m["month"]), day=int(m["day"]))


@rule("numeric-year-month", rf"{NOT_AFTER_DIGIT}{NUMERIC_YEAR}[./](?P<month>1[0-2]|0[1-9]){NOT_BEFORE_DIGIT}"
      r"(?![./]?[0-9])(?!\s?[万亿元%％])", "./")
def numeric_year_month(m: re.Match[str]) -> Partial:
    return Partial(year=int(m["year"]), month=int(m["month"]))


@rule("numeric-month-day", rf"{NOT_AFTER_DIGIT}(?<!-)(?P<month>1[0-2]|0[1-9])-(?P<day>3[01]|[12][0-9]|0[1-9])"
      r"(?![0-9-])", "-")
def numeric_month_day(m: re.Match[str]) -> Partial:
    return Partial(month=int(m["month"]), day=int(m["day"]))


@rule("slash-month-day", rf"{NOT_AFTER_DIGIT}(?<!/)(?P<month>1[0-2]|0?[1-9])/(?P<day>3[01]|[12][0-9]|0?[1-9])(?:号|日)", "0123456789")
def slash_month_day(m: re.Match[str]) -> Partial:
    """11/3号: month and day with a slash; the 号 or 日 says it is a date, not a fraction."""
    return Partial(month=int(m["month"]), day=int(m["day"]))


@rule("range-start-year", rf"{NOT_AFTER_DIGIT}(?P<year>(?:19|20)[0-9]{{2}})(?={RANGE_JOIN}(?:(?:19|20)?[0-9]{{2}})\s?年)", "0123456789")
def range_start_year(m: re.Match[str]) -> Partial:
    """1985 in 1985到89年9月: a year without 年 opening a range whose end writes 年."""
    return Partial(year=int(m["year"]))


RANGE_OPENED_BY_DATE = re.compile(r"(?:19|20)[0-9]{2}[./年-](?:1[0-2]|0?[1-9])月?\s?(?:至|到|——|—|–|~|-)\s?$")


@rule("range-end-year", rf"(?<=[-~至到—\s])(?P<year>(?:19|20)[0-9]{{2}}){NOT_BEFORE_DIGIT}(?![.年/-])", "0123456789")
def range_end_year(m: re.Match[str]) -> Partial | None:
    """2009 in 2008.03-2009: a year without 年 closing a range opened by a year and month."""
    if not RANGE_OPENED_BY_DATE.search(m.string, max(0, m.start() - 12), m.start()):
        return None
    return Partial(year=int(m["year"]))


@rule("spaced-date", rf"{NOT_AFTER_DIGIT}(?P<year>(?:19|20)[0-9]{{2}}) (?P<month>1[0-2]|0[1-9]) (?P<day>3[01]|[12][0-9]|0[1-9])"
      rf"{NOT_BEFORE_DIGIT}", "0123456789")
def spaced_date(m: re.Match[str]) -> Partial:
    """2010 01 29: year, month and day written as space-separated numbers (two-digit month and day)."""
    return Partial(year=int(m["year"]), month=int(m["month"]), day=int(m["day"]))


@rule("year-last-date", rf"{NOT_AFTER_DIGIT}(?P<a>3[01]|[12][0-9]|0?[1-9])(?P<sep>[-/.])(?P<b>3[01]|[12][0-9]|0?[1-9])(?P=sep)"
      rf"(?P<year>(?:19|20)[0-9]{{2}}|3[2-9]|[4-9][0-9]){NOT_BEFORE_DIGIT}(?![-/.][0-9])", "-/.")
def year_last_date(m: re.Match[str]) -> Partial | None:
    """13.5.2015, 3-7-2017, 10/31/1974: day first unless the second number cannot be a month.

    A two-digit year (05/05/89, 10/31/74) is read only when it cannot be a day (32-99, so 19xx),
    with / or -, and when day and month read one way only (equal, or one above 12): 3-7-07 and
    12-11-10 stay unread, and so does 1.2.45 (a version number as often).
    """
    a, b = int(m["a"]), int(m["b"])
    year = int(m["year"])
    if year < 100:
        if m["sep"] == "." or (a != b and a <= 12 and b <= 12):
            return None
        year += 1900
    day, month = (b, a) if b > 12 else (a, b)
    return Partial(year=year, month=month, day=day) if month <= 12 else None


LUNAR_MONTHS: Mapping[str, int] = MappingProxyType({"正": 1, "腊": 12, "冬": 11, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12})
LUNAR_DAY = r"(?P<lunar_day>初[一二三四五六七八九十]|初(?:10|0?[1-9])|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十|[0-9]{1,2})(?![0-9日号號一二三四五六七八九十])"


@rule("lunar-date", rf"(?:(?P<marker>农历|阴历)(?:(?P<lyear>{YEAR_NUM})年)?)?(?P<leap>闰)?(?P<lunar_month>正|腊|冬|十[一二]?|[一二三四五六七八九]|1[0-2]|[1-9])月"
      rf"(?:{LUNAR_DAY})?", "月")
def lunar_date(m: re.Match[str]) -> Partial | None:
    named = m["lunar_month"] in ("正", "腊", "冬")
    day_text = m["lunar_day"]
    cn_day = bool(day_text) and day_text.startswith(("初", "廿"))
    # A lunar date says so: 农历, a month name (正月, 腊月) or a day written 初X / 廿X.
    if not (m["marker"] or m["leap"] or named or cn_day):
        return None
    if day_text and day_text.isdigit() and not (m["marker"] or named):
        return None
    month_value = LUNAR_MONTHS.get(m["lunar_month"]) or int(m["lunar_month"])
    day_value = cn_int(day_text.removeprefix("初")) if day_text else None
    if day_value is not None and not 1 <= day_value <= 30:
        return None
    lunar_year = cn_int_or_none(m["lyear"]) if m["lyear"] else None
    return Partial(year=lunar_year, lunar=True, lunar_month=month_value, lunar_day=day_value, leap=bool(m["leap"]))


@rule("lunar-year-end", r"(?:大年|年)三十(?![0-9一二三四五六七八九天日年个])", "年")
def lunar_year_end(m: re.Match[str]) -> Partial:
    return Partial(holiday="除夕")


@rule("lunar-new-year-day", r"大年初(?P<n>[一二三四五六七八九十]|十[一二三四五])", "年")
def lunar_new_year_day(m: re.Match[str]) -> Partial:
    return Partial(lunar=True, lunar_month=1, lunar_day=cn_int(m["n"]))


@rule("dotted-month-day", rf"{NOT_AFTER_DIGIT}(?<![·•])(?P<month>1[0-2]|[1-9])[·•](?P<day>3[01]|[12][0-9]|[1-9])"
      r"(?![0-9·•])(?!\s?[万亿元%％])", "·•")
def dotted_month_day(m: re.Match[str]) -> Partial:
    """6·30, 7·21: a month and day with a middle dot, as news names a day by its events."""
    return Partial(month=int(m["month"]), day=int(m["day"]))


DATE_RULES = (year, roc_year, reign_year, year_range, short_year, month, day, day_range, month_range, numeric_date, numeric_datetime,
              month_day_bare, compact_date, spaced_date, year_last_date, slash_month_day, range_start_year, range_end_year,
              numeric_year_month, numeric_month_day, dotted_month_day, lunar_date, lunar_year_end, lunar_new_year_day)
