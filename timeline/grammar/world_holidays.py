"""Festivals of other calendars as data: Easter-relative (Western and 东正教 Orthodox), Hebrew, Islamic,
Hindu and Buddhist.

One table per calendar kind; every row is name -> (position in that calendar, length in days).
The names are Simplified; `holidays.fold_festival` folds Traditional spellings onto them.

- Easter: `dateutil.easter` (EASTER_WESTERN for the Gregorian computus, EASTER_ORTHODOX for the
  Julian computus given as a Gregorian date).  A row is (days from Easter Sunday, length).
  Every Easter row also exists with the prefix 东正教, computed from Orthodox Easter.
- Hebrew: `convertdate.hebrew` (the fixed arithmetic calendar, exact).  Months are numbered as
  convertdate does: 1 Nisan ... 6 Elul, 7 Tishri ... 12 Adar (Adar I in a leap year), 13 Adar II.
  A day is the civil day of the festival; it begins at sunset of the day before (see
  docs/resolver-conventions.md, "World festivals").
- Islamic: `hijridate` (Saudi Arabia's official Umm al-Qura calendar, from its published tables)
  for 1343-1500 AH (1924-08-01 to 2077-11-16); outside that range `convertdate.islamic` (the
  tabular civil calendar, often a day off the official one).  Days where the new moon is
  sighted locally can still differ by a day.
- Hindu and Buddhist lunisolar festivals (排灯节, 侯丽节, 卫塞节, ...): `indic_holidays`, from the
  almanac tables of the `holidays` package (they need the tithi at sunrise in India).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

from convertdate import hebrew, islamic  # type: ignore[import-untyped]  # no stubs
from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter
from hijridate import Hijri

from timeline.grammar.indic_holidays import INDIC_FESTIVALS, indic_festival_days, indic_festival_span

ORTHODOX_PREFIX = "东正教"

# Days from Easter Sunday, and length in days.
EASTER_FESTIVALS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "复活节": (0, 1), "复活节主日": (0, 1), "复活主日": (0, 1),
    "复活节星期一": (1, 1), "复活节周一": (1, 1),
    "耶稣受难日": (-2, 1), "主受难日": (-2, 1), "主受难节": (-2, 1), "受难节": (-2, 1), "圣周五": (-2, 1),
    "圣周星期五": (-2, 1), "沉默周五": (-2, 1),
    "圣周六": (-1, 1), "圣周星期六": (-1, 1),
    "圣周四": (-3, 1), "圣周星期四": (-3, 1), "濯足节": (-3, 1), "设立圣餐日": (-3, 1), "濯足星期四": (-3, 1),
    "棕枝主日": (-7, 1), "圣枝主日": (-7, 1), "圣树主日": (-7, 1), "基督苦难主日": (-7, 1), "棕榈主日": (-7, 1),
    "大斋首日": (-46, 1), "圣灰礼仪日": (-46, 1), "圣灰日": (-46, 1), "圣灰星期三": (-46, 1), "涂灰日": (-46, 1),
    "忏悔节": (-47, 1), "忏悔火曜日": (-47, 1), "忏悔星期二": (-47, 1), "煎饼节": (-47, 1),
    # Lent from Ash Wednesday up to Easter (Holy Saturday is its last day): 46 days.
    "大斋期": (-46, 46), "大斋节": (-46, 46), "四旬期": (-46, 46), "四旬节": (-46, 46),
    "耶稣升天节": (39, 1), "升天节": (39, 1), "耶稣升天日": (39, 1),
    "五旬节": (49, 1), "圣灵降临节": (49, 1), "圣灵降临日": (49, 1), "圣灵降临主日": (49, 1),
    "圣灵节庆日": (50, 1), "圣灵降临节星期一": (50, 1),
    "圣三一主日": (56, 1), "圣三节": (56, 1), "天主圣三节": (56, 1),
    "基督圣体节": (60, 1), "基督圣体圣血瞻礼": (60, 1), "基督圣体圣血节": (60, 1), "圣体节": (60, 1),
})
# Orthodox-only days: 拉撒路圣周六 (Lazarus Saturday) and Great Lent, Clean Monday to the Friday
# before Lazarus Saturday (40 days).
ORTHODOX_FESTIVALS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "拉撒路圣周六": (-8, 1), "拉撒路周六": (-8, 1), "洁净星期一": (-48, 1), "东正教大斋期": (-48, 40),
    "东正教四旬期": (-48, 40),
})

# Hebrew month, day, length in days.  Passover and Sukkot are counted with their closing days
# as in the Diaspora (8 and 9 days), Shavuot 2, Rosh Hashanah 2 days.
HEBREW_FESTIVALS: Mapping[str, tuple[int, int, int]] = MappingProxyType({
    "逾越节": (hebrew.NISAN, 15, 8), "无酵节": (hebrew.NISAN, 15, 8),
    "七七节": (hebrew.SIVAN, 6, 2), "沙夫幼特节": (hebrew.SIVAN, 6, 2),
    "新果实节": (hebrew.SIVAN, 6, 2), "犹太收获节": (hebrew.SIVAN, 6, 2),
    "犹太新年": (hebrew.TISHRI, 1, 2), "犹太历新年": (hebrew.TISHRI, 1, 2), "犹太教新年": (hebrew.TISHRI, 1, 2),
    "吹角节": (hebrew.TISHRI, 1, 2),
    "赎罪日": (hebrew.TISHRI, 10, 1), "赎罪节": (hebrew.TISHRI, 10, 1), "犹太赎罪日": (hebrew.TISHRI, 10, 1),
    "住棚节": (hebrew.TISHRI, 15, 7), "结茅节": (hebrew.TISHRI, 15, 7),
    "圣会节": (hebrew.TISHRI, 22, 1), "圣会日": (hebrew.TISHRI, 22, 1), "第八日集会节": (hebrew.TISHRI, 22, 1),
    "西赫托拉节": (hebrew.TISHRI, 23, 1), "西赫妥拉节": (hebrew.TISHRI, 23, 1), "欢庆圣法节": (hebrew.TISHRI, 23, 1),
    "诵经节": (hebrew.TISHRI, 23, 1), "律法节": (hebrew.TISHRI, 23, 1),
    "光明节": (hebrew.KISLEV, 25, 8), "献殿节": (hebrew.KISLEV, 25, 8), "修殿节": (hebrew.KISLEV, 25, 8),
    "哈努卡节": (hebrew.KISLEV, 25, 8),
    "犹太植树节": (hebrew.SHEVAT, 15, 1), "树木新年": (hebrew.SHEVAT, 15, 1), "图比舍巴特节": (hebrew.SHEVAT, 15, 1),
    "普珥节": (hebrew.ADAR, 14, 1), "普林节": (hebrew.ADAR, 14, 1),
    "圣殿被毁日": (hebrew.AV, 9, 1), "第九日禁食": (hebrew.AV, 9, 1),
    "以色列独立日": (hebrew.IYYAR, 5, 1), "以色列国庆节": (hebrew.IYYAR, 5, 1), "以色列国庆日": (hebrew.IYYAR, 5, 1),
    "犹太教篝火节": (hebrew.IYYAR, 18, 1), "拉格巴欧米尔节": (hebrew.IYYAR, 18, 1),
})

# Islamic month, day, length in days.
ISLAMIC_FESTIVALS: Mapping[str, tuple[int, int, int]] = MappingProxyType({
    "伊斯兰新年": (1, 1, 1), "伊斯兰教新年": (1, 1, 1), "伊斯兰历新年": (1, 1, 1), "回历新年": (1, 1, 1),
    "阿舒拉节": (1, 10, 1), "阿舒拉日": (1, 10, 1),
    "圣纪节": (3, 12, 1), "圣纪": (3, 12, 1), "先知诞辰": (3, 12, 1), "穆罕默德诞辰": (3, 12, 1),
    "登霄节": (7, 27, 1), "夜行登霄节": (7, 27, 1),
    "斋月": (9, 1, 30), "穆斯林斋月": (9, 1, 30), "赖买丹月": (9, 1, 30), "莱麦丹月": (9, 1, 30),
    "法令之夜": (9, 27, 1), "盖德尔夜": (9, 27, 1),
    "开斋节": (10, 1, 1), "肉孜节": (10, 1, 1), "尔代节": (10, 1, 1),
    "古尔邦节": (12, 10, 1), "宰牲节": (12, 10, 1), "忠孝节": (12, 10, 1),
})

# A weekend starting on the Friday before the last Sunday of April: (month, days from that Sunday, length).
LAST_SUNDAY_FESTIVALS: Mapping[str, tuple[int, int, int]] = MappingProxyType({
    "全球青年服务日": (4, -2, 3),
})


def _easter_span(name: str, year: int) -> tuple[date, int] | None:
    if name in ORTHODOX_FESTIVALS:
        offset, days = ORTHODOX_FESTIVALS[name]
        return easter(year, EASTER_ORTHODOX) + timedelta(days=offset), days
    method = EASTER_WESTERN
    if name.startswith(ORTHODOX_PREFIX) and name[len(ORTHODOX_PREFIX):] in EASTER_FESTIVALS:
        name, method = name[len(ORTHODOX_PREFIX):], EASTER_ORTHODOX
    if name not in EASTER_FESTIVALS:
        return None
    offset, days = EASTER_FESTIVALS[name]
    return easter(year, method) + timedelta(days=offset), days


def _hebrew_day(hebrew_year: int, month: int, day: int) -> date:
    if month == hebrew.ADAR and hebrew.leap(hebrew_year):
        month = hebrew.VEADAR  # Purim is kept in Adar II in a leap year
    civil = date(*hebrew.to_gregorian(hebrew_year, month, day))
    if month == hebrew.AV and civil.weekday() == 5:
        civil += timedelta(days=1)  # 9 Av on a Sabbath: the fast moves to Sunday
    if month == hebrew.IYYAR and day == 5:
        # Yom Ha'atzmaut (Knesset rules since 2004): Friday/Sabbath -> the Thursday before,
        # Monday -> Tuesday, so that the eve never breaks the Sabbath.
        civil += {4: -1, 5: -2, 0: 1}.get(civil.weekday(), 0) * timedelta(days=1)
    return civil


def _hebrew_span(name: str, year: int) -> tuple[date, int] | None:
    month, day, days = HEBREW_FESTIVALS[name]
    # Gregorian year Y holds parts of Hebrew years Y+3760 (Nisan-Elul) and Y+3761 (from Tishri).
    found = [d for hy in (year + 3760, year + 3761) if (d := _hebrew_day(hy, month, day)).year == year]
    return (min(found), days) if found else None


def islamic_to_gregorian(hijri_year: int, month: int, day: int) -> date:
    """The civil day of an Islamic date: Umm al-Qura within hijridate's 1343-1500 AH, else tabular.

    islamic_to_gregorian(1435, 1, 1) -> date(2013, 11, 4) (the tabular calendar says 11-05).
    Raises ValueError for a day the month does not have (30 of a 29-day Umm al-Qura month).
    """
    try:
        official = Hijri(hijri_year, month, day).to_gregorian()
    except OverflowError:  # outside the official tables
        return date(*islamic.to_gregorian(hijri_year, month, day))
    return date(official.year, official.month, official.day)


def _islamic_span(name: str, year: int) -> tuple[date, int] | None:
    month, day, days = ISLAMIC_FESTIVALS[name]
    # The Islamic year is 11 days shorter: a Gregorian year can hold the same festival twice
    # (开斋节 2000-01-08 and 2000-12-27); take the first.
    guess = (year - 622) * 33 // 32
    found = sorted(d for iy in range(guess - 1, guess + 3)
                   if (d := islamic_to_gregorian(iy, month, day)).year == year)
    return (found[0], days) if found else None


def _last_sunday_span(name: str, year: int) -> tuple[date, int]:
    month, offset, days = LAST_SUNDAY_FESTIVALS[name]
    last = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    sunday = last - timedelta(days=(last.weekday() - 6) % 7)
    return sunday + timedelta(days=offset), days


WORLD_FESTIVALS: frozenset[str] = frozenset({
    *EASTER_FESTIVALS, *(ORTHODOX_PREFIX + n for n in EASTER_FESTIVALS), *ORTHODOX_FESTIVALS,
    *HEBREW_FESTIVALS, *ISLAMIC_FESTIVALS, *LAST_SUNDAY_FESTIVALS, *INDIC_FESTIVALS,
})


def world_festival_days(name: str) -> int | None:
    """How many days festival `name` (Simplified) lasts, from its table; None for an unknown name.

    world_festival_days("逾越节") -> 8, world_festival_days("东正教复活节") -> 1.
    """
    for table in (HEBREW_FESTIVALS, ISLAMIC_FESTIVALS, LAST_SUNDAY_FESTIVALS):
        if name in table:
            return table[name][2]
    if name in ORTHODOX_FESTIVALS:
        return ORTHODOX_FESTIVALS[name][1]
    if name in INDIC_FESTIVALS:
        return indic_festival_days(name)
    if name.startswith(ORTHODOX_PREFIX) and name[len(ORTHODOX_PREFIX):] in EASTER_FESTIVALS:
        name = name[len(ORTHODOX_PREFIX):]
    return EASTER_FESTIVALS[name][1] if name in EASTER_FESTIVALS else None


def world_festival_span(name: str, year: int) -> tuple[date, int] | None:
    """Return the first civil day of festival `name` (Simplified) in Gregorian `year` and its length.

    world_festival_span("复活节", 2013) -> (date(2013, 3, 31), 1);
    world_festival_span("逾越节", 2018) -> (date(2018, 3, 31), 8).  None for an unknown name or
    when the day falls outside Python's years 1-9999 (斋月 in year 1).
    """
    try:
        if name in HEBREW_FESTIVALS:
            return _hebrew_span(name, year)
        if name in ISLAMIC_FESTIVALS:
            return _islamic_span(name, year)
        if name in LAST_SUNDAY_FESTIVALS:
            return _last_sunday_span(name, year)
        if name in INDIC_FESTIVALS:
            return indic_festival_span(name, year)
        return _easter_span(name, year)
    except (ValueError, OverflowError):
        return None
