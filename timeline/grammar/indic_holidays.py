"""Hindu and Buddhist lunisolar festivals (排灯节, 侯丽节, 卫塞节, ...) through the `holidays` package.

Their days hang on the tithi at sunrise in India (or a local full moon), which no small
formula gives.  The `holidays` package (vacanza/holidays, MIT, kept up) ships the dates its
maintainers take from Indian and Singaporean almanacs: Hindu festivals for 2001-2035, Vesak
for 1901-2100.  Outside those years a festival is not read (None), never guessed.

A row is name -> the `holidays` lunisolar method that dates it.  Navaratri (九夜节) is its
nine nights from the first; every other festival here is one day.
The library is imported on first use: a text without such a festival never pays for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any

NAVARATRI = "sharad_navratri"

# Chinese names as Chinese news and encyclopaedias write them (Simplified), and the method of
# holidays' _HinduLunisolar / _BuddhistLunisolar that dates them.
INDIC_FESTIVALS: Mapping[str, str] = MappingProxyType({
    # Diwali as India's gazette dates it (Amavasya of Kartika)
    "排灯节": "diwali_india", "万灯节": "diwali_india", "印度灯节": "diwali_india", "屠妖节": "diwali_india",
    # Holi, the day of colours (the bonfire, Holika Dahan, is the evening before)
    "侯丽节": "holi", "荷丽节": "holi", "洒红节": "holi", "欢悦节": "holi", "五彩节": "holi",
    "胡里节": "holi", "好利节": "holi", "霍利节": "holi",
    # Thai Pongal, the Tamil harvest festival (14 or 15 January)
    "庞格尔节": "pongal", "印度丰收节": "pongal", "淡米尔丰收节": "pongal",
    "印度兄妹节": "raksha_bandhan", "拉克沙班丹节": "raksha_bandhan", "护绳节": "raksha_bandhan",
    "欧南节": "onam", "奥南节": "onam",
    "克哈特普迦节": "chhath_puja",
    "九夜节": NAVARATRI, "难近母节": NAVARATRI, "那瓦拉提节": NAVARATRI,
    "十胜节": "dussehra", "凯旋节": "dussehra",
    "象头神节": "ganesh_chaturthi", "象神节": "ganesh_chaturthi",
    "湿婆节": "maha_shivaratri", "大湿婆节": "maha_shivaratri",
    "黑天节": "janmashtami", "黑天诞辰节": "janmashtami",
    "罗摩诞辰节": "ram_navami",
    # Vesak, the Buddha's day of the Theravada countries (not the Chinese 佛诞, lunar 4-8)
    "卫塞节": "vesak", "威瑟节": "vesak", "比萨宝蕉节": "vesak",
})

# Festivals whose own days begin before the day the name dates: Pongal's four days open with
# Bhogi, the day before Thai Pongal, so 庞格尔节第四天 is Kaanum Pongal (Thai Pongal + 2).
DAYS_BEGIN_BEFORE: Mapping[str, int] = MappingProxyType({"庞格尔节": 1, "印度丰收节": 1, "淡米尔丰收节": 1})


@cache
def _calendars() -> tuple[Any, Any]:
    from holidays.calendars.buddhist import _BuddhistLunisolar  # noqa: PLC0415  # first use only
    from holidays.calendars.hindu import _HinduLunisolar  # noqa: PLC0415

    return _HinduLunisolar(), _BuddhistLunisolar()


def _day(method: str, year: int) -> date | None:
    hindu, buddhist = _calendars()
    calendar = buddhist if method == "vesak" else hindu
    day, _estimated = getattr(calendar, f"{method}_date")(year)
    return day if isinstance(day, date) else None


def indic_festival_days(name: str) -> int | None:
    """How many days festival `name` (Simplified) lasts: 9 for 九夜节, 1 for the others, None
    for a name not in INDIC_FESTIVALS.  indic_festival_days("九夜节") -> 9."""
    if name not in INDIC_FESTIVALS:
        return None
    return 9 if INDIC_FESTIVALS[name] == NAVARATRI else 1


def indic_festival_span(name: str, year: int) -> tuple[date, int] | None:
    """Return the first day of festival `name` (Simplified) in Gregorian `year` and its length.

    indic_festival_span("排灯节", 2013) -> (date(2013, 11, 3), 1);
    indic_festival_span("九夜节", 2018) -> (date(2018, 10, 10), 9) (十胜节 is 10-19).
    None for an unknown name or a year the almanac tables do not hold (排灯节 in 1990).
    """
    method = INDIC_FESTIVALS.get(name)
    if method is None:
        return None
    first = _day(method, year)
    if first is None:
        return None
    return first, indic_festival_days(name) or 1
