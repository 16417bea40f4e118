"""The small tables of the grammar: one row per word, every row pinned by the corpus.

Edges are inclusive day or month numbers; LAST means "up to the end of the parent unit".
Hours are [start, end) in Asia/Shanghai.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

LAST: Final = -1

# Days of the month, inclusive.  月底/月末 are the last ten days, as 下旬 (JioNLP agrees).
MONTH_PARTS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "上旬": (1, 10), "初": (1, 10), "月初": (1, 10), "初期": (1, 10),
    "中旬": (11, 20), "中": (11, 20), "月中": (11, 20),
    "下旬": (21, LAST), "中下旬": (11, LAST), "上中旬": (1, 20), "底": (21, LAST), "末": (21, LAST), "月底": (21, LAST), "月末": (21, LAST),
    "末期": (21, LAST), "上半月": (1, 15), "下半月": (16, LAST),
})

# Months of the year, inclusive.  年初 is the first two months, 年底 the last two
# (a reader of 年底前完成 expects December, 年底 as a period covers Nov-Dec).
YEAR_PARTS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "初": (1, 2), "年初": (1, 2), "开年": (1, 2), "年中": (6, 7), "中": (6, 7),
    "底": (11, 12), "年底": (11, 12), "末": (11, 12), "年末": (11, 12), "岁末": (11, 12),
    "上半年": (1, 6), "前半年": (1, 6), "下半年": (7, 12), "后半年": (7, 12),
    "全年": (1, 12), "年内": (1, 12), "年度": (1, 12), "内": (1, 12),
    # the turn of the year: November to February (年底 then the next 年初; the last month passes 12)
    **{turn: (11, 14) for turn in ("岁末年初", "年末岁初", "年末岁首", "年终岁首", "岁末年首", "年底年初")},
})
TURN_OF_YEAR: frozenset[str] = frozenset(part for part, (first, last) in YEAR_PARTS.items() if last > 12)

# Quarters: 一季度 -> months 1-3.  Seasons are meteorological (Mar-May spring).
QUARTER_MONTHS: Mapping[int, tuple[int, int]] = MappingProxyType(
    {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)})
SEASONS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {"春": (3, 5), "夏": (6, 8), "秋": (9, 11), "冬": (12, 14)})

# Parts of a decade, a five-year plan and a century, in years from the first, inclusive.
DECADE_PARTS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "初": (0, 2), "初期": (0, 2), "前期": (0, 2), "中期": (3, 6), "末": (7, 9), "末期": (7, 9), "后期": (7, 9),
})
PLAN_PARTS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "初": (0, 0), "初期": (0, 0), "开局之年": (0, 0), "前期": (0, 1), "中期": (2, 2), "后期": (3, 4),
    "末": (4, 4), "末期": (4, 4), "收官之年": (4, 4),
})
CENTURY_PARTS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "初": (0, 9), "末": (90, 99), "上半叶": (0, 49), "下半叶": (50, 99), "中叶": (40, 59),
})

# Hours [start, end) of the parts of a day; 24 is the next midnight.
PARTS_OF_DAY: Mapping[str, tuple[int, int]] = MappingProxyType({
    "凌晨": (0, 6), "拂晓": (4, 7), "黎明": (4, 7), "清晨": (5, 8), "早晨": (6, 9), "早上": (6, 10),
    "早间": (6, 10), "早": (6, 10), "上午": (8, 12), "中午": (11, 13), "午间": (11, 13),
    "正午": (12, 13), "午后": (13, 15), "下午": (12, 18), "晏昼": (12, 18), "白天": (6, 19), "日间": (6, 18),
    "傍晚": (17, 19), "黄昏": (17, 19), "晚上": (18, 24), "晚间": (18, 24), "晚": (18, 24),
    "夜里": (18, 24), "夜晚": (18, 24), "夜间": (20, 30), "今夜": (18, 24), "深夜": (22, 26),
    "午夜": (0, 1), "半夜": (0, 4), "后半夜": (2, 5), "上半夜": (21, 24),
})
# Parts of day after which a clock hour below 12 is afternoon or evening: 下午3点 -> 15:00.
PM_PARTS: frozenset[str] = frozenset({"下午", "晏昼", "午后", "傍晚", "黄昏"})  # 晏晝: Cantonese afternoon
# After these, 5-11 o'clock is evening and 12 o'clock is midnight: 晚上十一点, 半夜12点.
NIGHT_PARTS: frozenset[str] = frozenset({"晚上", "晚间", "晚", "夜里", "夜晚", "今夜", "深夜", "半夜", "夜间"})

WEEKDAYS: Mapping[str, int] = MappingProxyType({
    "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5,
    "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6,
})

# Relative days, in days from the reference.
RELATIVE_DAYS: Mapping[str, int] = MappingProxyType({
    "今天": 0, "今日": 0, "即日": 0, "当天": 0, "当日": 0, "同日": 0, "同一天": 0, "本日": 0, "今": 0,
    "明天": 1, "明日": 1, "翌日": 1, "次日": 1, "第二天": 1, "隔天": 1, "明": 1, "聽日": 1,
    "后天": 2, "後天": 2, "后日": 2, "後日": 2, "大后天": 3, "大後天": 3, "大后日": 3, "大大后天": 4,
    "昨天": -1, "昨日": -1, "昨": -1, "前天": -2, "前日": -2, "大前天": -3, "大前日": -3, "大大前天": -4,
})

# Relative years, months and weeks: offsets from the reference's year, month or week.
RELATIVE_YEARS: Mapping[str, int] = MappingProxyType({
    "今年": 0, "本年": 0, "当年": 0, "同年": 0, "同一年": 0, "该年": 0, "这一年": 0, "這一年": 0, "本年度": 0,
    "明年": 1, "次年": 1, "来年": 1, "翌年": 1, "下一年": 1, "下年": 1, "转年": 1,
    "后年": 2, "後年": 2, "大后年": 3,
    "去年": -1, "上年": -1, "上一年": -1, "前年": -2, "大前年": -3,
})
RELATIVE_MONTHS: Mapping[str, int] = MappingProxyType({
    "本月": 0, "当月": 0, "这个月": 0, "這個月": 0, "今個月": 0, "同月": 0, "该月": 0,
    "下月": 1, "下个月": 1, "下個月": 1, "次月": 1, "下一个月": 1, "下下个月": 2, "下下月": 2,
    "上月": -1, "上个月": -1, "上個月": -1, "上一个月": -1, "上上个月": -2, "上上月": -2,
})
RELATIVE_WEEKS: Mapping[str, int] = MappingProxyType({
    "本": 0, "这": 0, "這": 0, "这个": 0, "這個": 0, "今個": 0, "今个": 0, "今": 0, "这一": 0, "這一": 0, "本个": 0,
    "下": 1, "下个": 1, "下個": 1, "下一": 1, "下一个": 1, "下下": 2, "下下个": 2, "下下個": 2,
    "上": -1, "上个": -1, "上個": -1, "上一": -1, "上一个": -1, "上上": -2, "上上个": -2, "上上個": -2,
})
RELATIVE_QUARTERS: Mapping[str, int] = MappingProxyType({
    "本季度": 0, "这个季度": 0, "当季": 0, "下季度": 1, "下个季度": 1, "下一季度": 1,
    "上季度": -1, "上个季度": -1, "上一季度": -1,
})

# Units of a count: 3天 / 两周 / 5个月 / 2年, as (unit name, size in that unit).
DURATION_UNITS: Mapping[str, tuple[str, int]] = MappingProxyType({
    "天": ("day", 1), "日": ("day", 1), "周": ("week", 1), "週": ("week", 1), "星期": ("week", 1),
    "礼拜": ("week", 1), "禮拜": ("week", 1), "月": ("month", 1), "个月": ("month", 1),
    "個月": ("month", 1), "年": ("year", 1), "季度": ("month", 3), "个季度": ("month", 3),
    "小时": ("hour", 1), "小時": ("hour", 1), "个小时": ("hour", 1), "個小時": ("hour", 1),
    "钟头": ("hour", 1), "个钟头": ("hour", 1), "個鐘": ("hour", 1), "个钟": ("hour", 1),
    "分钟": ("minute", 1), "分鐘": ("minute", 1), "分半钟": ("minute", 1), "分半": ("minute", 1), "秒": ("second", 1), "秒钟": ("second", 1),
    "个星期": ("week", 1), "個星期": ("week", 1), "个礼拜": ("week", 1), "個禮拜": ("week", 1),
    "个周": ("week", 1), "個週": ("week", 1), "个工作日": ("workday", 1), "工作日": ("workday", 1),
    "个多月": ("month", 1), "個多月": ("month", 1), "个多小时": ("hour", 1), "个多星期": ("week", 1),
})

# Words written after a time that bound it, and the bound they make (compose.edges):
# deadline = due at the end of the time; before (之前, 以前) = the same, but a past bound excludes
# the time (2015年1月1日之前 read in 2019 is before that day); by (前) = the same, but only a past
# year is excluded (2015年前 read in 2018 is before 2015; 11月9日前完成 read later is still "by the
# 9th"); until = on or before (a condition, never stated at
# the reference: 2019年4月5日或之前出生), since = from its start up to the reference,
# from = from its start on, after = from its end on.
EDGE_ROLES: Mapping[str, str] = MappingProxyType({
    "或之前": "until", "或以前": "until", "及以前": "until", "及之前": "until", "之前": "before",
    "以前": "before", "前": "by", "为止": "deadline", "止": "deadline", "以内": "deadline",
    "之内": "deadline", "内": "deadline", "以来": "since", "起至今": "to_now", "至今": "to_now",
    "起": "from", "开始": "from", "或之后": "from", "或以后": "from", "及之后": "from", "及以后": "from",
    "以后": "after", "之后": "after", "后": "after", "後": "after",
})
# Words written before a time that bound it, longest first: 截至2020年底, 到2035年, 从明年起.
PREFIX_ROLES: tuple[tuple[str, str], ...] = (
    ("截止到", "deadline"), ("截至到", "deadline"), ("截至", "deadline"), ("截止", "deadline"),
    ("直到", "deadline"), ("到", "deadline"), ("自从", "from"), ("自", "from"), ("从", "from"),
    # 报名截止时间为3月20日, 申报截止日期：4月30日: the time named is when it is due (last: no other
    # word ends in 为/是/a colon, and the common words above are found sooner)
    *((f"截止{what}{verb}", "deadline") for what in ("时间", "日期") for verb in ("为", "是", "：", ":")),
)
# Tense written just before a date without a year (将于7月5日举行, 已于3月完成): the date lies after
# the reference, or before it, whatever the nearest-year rule would pick.  Longest first.
TENSE_BEFORE: tuple[tuple[str, int], ...] = (
    ("即将于", 1), ("计划于", 1), ("预计于", 1), ("预定于", 1), ("将于", 1), ("将在", 1), ("定于", 1),
    ("拟于", 1), ("已经于", -1), ("已于", -1), ("已在", -1), ("曾于", -1), ("早在", -1),
)
# 从 before a news source is no bound: 记者从2023年某博览会新闻发布会上获悉 names where the news
# came from, and the year belongs to the source's name.  The verb closes the same clause.
SOURCE_AFTER: Final = re.compile(r"[^，。；：！？,;:!?\n]{0,40}?(?:获悉|了解到|得知|获知|获取|传来消息)")
# 到 is a bound only where no verb ends in it: 达到2020年水平 is not a deadline.
NOT_BEFORE_TO: frozenset[str] = frozenset("达得收看做找回感遇受拿想提办走来遭直截")

# Reign titles (年号) of the Ming and Qing: the Gregorian year of each one's 元年 and how many years
# were counted under it, as the standard chronology gives them (方诗铭《中国历史纪年表》; 《辞海》
# 附录《中国历代纪年表》).  Reign year N is first + N - 1: 康熙二十年 = 1681.  A reign year is a
# lunar year, from late January or February; it is named by the Gregorian year holding most of it.
# 洪武 counts to 35 because 永乐 renamed 建文's years 洪武三十二至三十五年 (1399-1402).
# 天命, 天聪, 崇德 are the Later Jin / Qing reigns before 1644.
REIGN_ERAS: Mapping[str, tuple[int, int]] = MappingProxyType({
    # Ming
    "洪武": (1368, 35), "建文": (1399, 4), "永乐": (1403, 22), "洪熙": (1425, 1), "宣德": (1426, 10),
    "正统": (1436, 14), "景泰": (1450, 8), "天顺": (1457, 8), "成化": (1465, 23), "弘治": (1488, 18),
    "正德": (1506, 16), "嘉靖": (1522, 45), "隆庆": (1567, 6), "万历": (1573, 48), "泰昌": (1620, 1),
    "天启": (1621, 7), "崇祯": (1628, 17),
    # Qing
    "天命": (1616, 11), "天聪": (1627, 10), "崇德": (1636, 8), "顺治": (1644, 18), "康熙": (1662, 61),
    "雍正": (1723, 13), "乾隆": (1736, 60), "嘉庆": (1796, 25), "道光": (1821, 30), "咸丰": (1851, 11),
    "同治": (1862, 13), "光绪": (1875, 34), "宣统": (1909, 3),
})
# The Traditional characters of those titles that numerals.fold_width leaves (萬, 曆, 慶, 樂 it folds).
REIGN_TRADITIONAL: Mapping[int, int] = MappingProxyType(str.maketrans("統順啟啓禎豐緒聰", "统顺启启祯丰绪聪"))


def plan_years(n: int) -> tuple[int, int]:
    """Return the first and last year of the n-th five-year plan: “十四五” -> (2021, 2025).

    Plans 1-2 ran 1953-62; 1963-65 were adjustment years, so the five-year rhythm restarts
    with the 3rd plan in 1966.
    """
    first = 1953 + 5 * (n - 1) if n < 3 else 1966 + 5 * (n - 3)
    return first, first + 4
