"""Rules for times read against the reference: 明天, 下周三, 去年底, 3天后, 两周内, 近三年."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from timeline.grammar.numerals import cn_int
from timeline.grammar.patterns import COUNT_NUM, PREMISE, WEEK_WORD, YEAR_PART
from timeline.grammar.rulebase import Partial, alternation, rule
from timeline.grammar.tables import (
    DURATION_UNITS,
    RELATIVE_DAYS,
    RELATIVE_MONTHS,
    RELATIVE_QUARTERS,
    RELATIVE_WEEKS,
    RELATIVE_YEARS,
    WEEKDAYS,
)

# One-character entries (今, 明, 昨) only count glued to a part of day: 今晚, 明早.
REL_DAY = alternation(k for k in RELATIVE_DAYS if len(k) > 1)
REL_YEAR = alternation(RELATIVE_YEARS)
REL_MONTH = alternation(RELATIVE_MONTHS)
REL_WEEK = alternation(RELATIVE_WEEKS)
WEEKDAY = r"(?P<weekday>[一二三四五六日天1-7]|末)"
UNIT = alternation(DURATION_UNITS)
MONTH_PART = r"(?P<month_part>初|底|末|中下旬|上中旬|中旬|上旬|下旬)"
WEEK_KEYS = "周週期拜"
UNIT_KEYS = "".join(sorted({ch for unit in DURATION_UNITS for ch in unit} - set("个個小工作多")))


@rule("relative-day", rf"(?<![今明昨前后當当《])(?P<rel>{REL_DAY})(?![新之头条期而]|(?<=天)然|往返|来回)", "天日")
def relative_day(m: re.Match[str]) -> Partial:
    return Partial(day_rel=RELATIVE_DAYS[m["rel"]])


@rule("relative-day-part", r"(?<!《)(?P<rel>今|明|昨|前|当|當)(?P<part>晚|早|夜|晨)(?![会饭报餐期稻市点])", "晚早夜晨")
def relative_day_part(m: re.Match[str]) -> Partial:
    part = {"晚": "晚上", "夜": "晚上", "早": "早上", "晨": "早晨"}[m["part"]]
    if m["rel"] in "当當":  # 当晚: the evening of the day just named, else of the reference
        return Partial(part_of_day=part)
    return Partial(day_rel=RELATIVE_DAYS.get(m["rel"], 0), part_of_day=part)


# 十来年, 百来年 (about ten years) and 首次年 end inside a count: not 来年 or 次年
@rule("relative-year", rf"(?<![目提之以此先事空超往说证表声阐标查透文发光照十百千几数首])(?P<rel>{REL_YEAR})(?:的?{YEAR_PART})?(?![代级龄轻])", "年")
def relative_year(m: re.Match[str]) -> Partial | None:
    return Partial(year_rel=RELATIVE_YEARS[m["rel"]], year_part=m["year_part"])


@rule("year-part", r"(?:(?<=目前)|(?<![0-9一二两三四五六七八九十百千多几今明去前后每上下]))"
      r"(?P<year_part>岁末年初|年末岁初|年末岁首|年终岁首|岁末年首|年底年初|年初|年底|年末|年中|岁末|上半年|下半年|前半年|后半年|全年|年内)(?![国央心华度会])(?<!安全年)", "年")
def year_part(m: re.Match[str]) -> Partial:
    return Partial(year_part=m["year_part"])


# 首次月背 is 首次 + 月背 (the far side of the moon): a 次 after 首/再/多/一 counts times
@rule("relative-month", rf"(?<![首再多屡一二两三四五六七八九十几数每])(?P<rel>{REL_MONTH}){MONTH_PART}?", "月")
def relative_month(m: re.Match[str]) -> Partial:
    return Partial(month_rel=RELATIVE_MONTHS[m["rel"]], month_part=m["month_part"])


@rule("month-part", r"(?<![0-9一二三四五六七八九十个])(?P<month_part>月初|月中|月底|月末|上半月|下半月|中下旬|上中旬|上旬|中旬|下旬)(?![国央心华])", "月旬")
def month_part(m: re.Match[str]) -> Partial:
    return Partial(month_part=m["month_part"])


@rule("relative-week", rf"(?P<rel>{REL_WEEK}){WEEK_WORD}(?:{WEEK_WORD}?{WEEKDAY})?(?![年刊报次])", WEEK_KEYS)
def relative_week(m: re.Match[str]) -> Partial:
    weekday = m["weekday"]
    return Partial(week_rel=RELATIVE_WEEKS[m["rel"]], weekday=WEEKDAYS[weekday] if weekday and weekday != "末" else None,
                   weekend=weekday == "末")


# 黑色星期五, 超级星期二, 网络星期一: a weekday inside a day's name is no weekday of this week
@rule("weekday", rf"(?<![每第这這本上下个個今一二三四五六七八九十两0-9])(?<!黑色)(?<!超级)(?<!网络){WEEK_WORD}{WEEKDAY}(?![年刊报次遍趟回节])", WEEK_KEYS)
def weekday(m: re.Match[str]) -> Partial:
    if m["weekday"] == "末":
        return Partial(weekend=True, week_rel=0)
    return Partial(weekday=WEEKDAYS[m["weekday"]])


@rule("week-of", rf"第(?P<n>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})(?:个|個)?(?:周|週|星期|礼拜){WEEKDAY}?(?![年])", WEEK_KEYS)
def week_of(m: re.Match[str]) -> Partial | None:
    n = cn_int(m["n"])
    weekday = WEEKDAYS.get(m["weekday"]) if m["weekday"] and m["weekday"] != "末" else None
    return Partial(week_of=n, weekday=weekday) if 1 <= n <= 53 else None


@rule("week-half", rf"(?:(?P<rel>{REL_WEEK})周)?(?P<half>上|下|前|后)半周"
      rf"|(?P<rel2>{REL_WEEK})周(?P<part>初|前期|后期)(?![期步])", WEEK_KEYS)
def week_half(m: re.Match[str]) -> Partial:
    """上半周, 下半周: Monday-Wednesday and Thursday-Sunday of the week (this one unless 下周 says);
    下周初 and 本周前期 are the first half, 本周后期 the second (a weather forecast's words)."""
    if m["part"]:
        return Partial(week_rel=RELATIVE_WEEKS[m["rel2"]], week_half=1 if m["part"] == "后期" else 0)
    return Partial(week_rel=RELATIVE_WEEKS[m["rel"]] if m["rel"] else 0, week_half=0 if m["half"] in "上前" else 1)


HALF_SHIFTS: Mapping[str, int] = MappingProxyType({"上个": -1, "上一个": -1, "下个": 1, "下一个": 1, "这个": 0, "本": 0})


@rule("relative-half", r"(?P<rel>上一?个|下一?个|这个|本)半年(?!度)", "半")
def relative_half(m: re.Match[str]) -> Partial:
    """上个半年, 下个半年: the half-year before or after the reference's (上半年 is January-June)."""
    return Partial(half_rel=HALF_SHIFTS[m["rel"]])


@rule("relative-quarter", "(?P<rel>" + alternation(RELATIVE_QUARTERS) + r")(?P<quarter_part>初|末)?", "季")
def relative_quarter(m: re.Match[str]) -> Partial:
    return Partial(quarter_rel=RELATIVE_QUARTERS[m["rel"]], quarter_part=m["quarter_part"])


def _count(m: re.Match[str]) -> tuple[str, int] | None:
    """(unit, n) of a count: 3天 -> ("day", 3), 两个半月 -> ("halfmonth", 5), 半年 -> ("month", 6)."""
    unit, size = DURATION_UNITS[m["unit"]]
    n_text = m["n"]
    half = bool(m["half1"] or m["half2"]) or n_text == "半" or m["unit"].startswith("分半")  # 一分半钟: 90 seconds
    n = 0 if n_text == "半" else cn_int(n_text) * size
    if not half:
        return (unit, n) if n > 0 else None
    smaller = {"year": ("month", 12), "month": ("day", 30), "week": ("day", 7), "day": ("hour", 24),
               "hour": ("minute", 60), "minute": ("second", 60)}
    if unit not in smaller:
        return None
    if unit == "month":  # 两个半月: two calendar months and fifteen days, counted in half months
        return "halfmonth", 2 * n + 1
    small, factor = smaller[unit]
    return small, n * factor + factor * size // 2


# After these words a count is a length, not a time: 经过近70个小时浮运, 建设历时近10年, 缩短至2小时以内
# (a duration or a travel time; 到2小时以内 alone is still a window from the reference).
LENGTH_BEFORE = re.compile(r"(?:历时|经过|历经|耗时|用时|用了|花了|仅用|只用|为期|长达|缩短至|缩短到|缩短为|压缩至|压缩到|压缩为)$")
# 在40分钟内旋转25度: minutes or seconds "within" say how long an action took, not a calendar window
SHORT_WITHIN = frozenset({"minute", "second"})


def _is_length(m: re.Match[str], unit: str) -> bool:
    """Whether the count of match `m` (in `unit`) is a length by the words just before it."""
    before = max(0, m.start() - 3)
    if LENGTH_BEFORE.search(m.string, before, m.start()):
        return True
    return unit in SHORT_WITHIN and m.string.endswith("在", before, m.start())


COUNT = rf"(?P<n>{COUNT_NUM}|半)(?P<more0>多|余)?(?P<half1>个半|個半)?\s?(?P<unit>{UNIT})(?P<half2>半)?(?P<more>多)?"


# 三年以后 is from three years on (open), 三年以前 up to three years ago (open), 三年后 a point.
COUNT_EDGES: Mapping[str, str] = MappingProxyType({"以后": "from", "之后": "from", "以前": "deadline", "之前": "deadline",
                                                   "以来": "since", "来": "since"})


@rule("count-shift", rf"(?<![几幾]){COUNT}(?P<dir>之后|以后|后|後|之前|以前|前|以内|之内|内|以来|来)(?![期夕面者]|{PREMISE})", UNIT_KEYS)
def count_shift(m: re.Match[str]) -> Partial | None:
    if m["n"].startswith("0"):
        return None  # 07年以后 is the year 2007
    count = _count(m)
    # 三日后 counts days; 12日前 and 十二日前 name a day
    one_cn_digit = m["unit"] == "日" and len(m["n"]) == 1 and not m["n"].isdigit()
    bare_name = m["unit"] in ("日", "月", "季度") and not m["half1"] and m["n"] != "半" and not one_cn_digit
    if m["n"] == "半" and m["unit"] == "年" and m.string[m.start() - 1:m.start()] in ("上", "下", "前", "后", "後"):
        return None  # 上半年以来: the half of the year, not half a year
    if count is None or (bare_name and m["dir"] not in ("以内", "之内", "内")):
        return None  # 12日前, 5月以来, 一季度前: a day, month or quarter, read with an edge
    if count[0] == "year" and count[1] >= 1000:
        return None  # 1967年前 is "before 1967"
    if m["dir"] == "来" and m["unit"] not in ("年", "个月", "個月", "天", "日", "周", "个星期"):
        return None
    if _is_length(m, count[0]):
        return None
    if m["dir"] in ("以内", "之内", "内"):
        return Partial(within=count)
    unit, n = count
    sign = -1 if "前" in m["dir"] or "来" in m["dir"] else 1
    return Partial(shift=(unit, sign * n), edge=COUNT_EDGES.get(m["dir"]))


# 上个小时, 下个钟头: the whole hour before or after the current one, as 上一个小时 (count-span)
# 从过去的1小时33分钟压缩至…: a count followed by a count of a smaller unit is a length
MORE_COUNT = re.compile(r"[0-9一二三四五六七八九十两半]+\s?(?:小时|分钟|分|秒|天|个月|周)")


@rule("count-span", rf"(?P<dir>最近|最后|最後|近|过去的|过去|未来的|未来|今后|此前|此后|还剩|上|下|后|後|前|首|头)"
      rf"\s?(?:{COUNT}|(?P<one_hour>个(?:小时|钟头)(?![内里])))(?P<tail>里|内|中|以来|来(?![看说讲])|间)?", UNIT_KEYS)
def count_span(m: re.Match[str]) -> Partial | None:
    if m["one_hour"]:  # 上个小时, 下个钟头 (no 一): the whole hour before or after the current one
        if m["dir"] not in ("上", "下"):
            return None
        return Partial(span_back=("hour", 1), whole=True) if m["dir"] == "上" else Partial(span_ahead=("hour", 1))
    if m["n"] == "半" and m["unit"] in ("年", "月", "周") and m["dir"] in ("上", "下", "前", "后", "後"):
        return None  # 上半年, 下半月, 下半周 are halves of a year, month or week (their own rules)
    count = _count(m)
    if count is None or (count[0] == "year" and count[1] >= 100) or _is_length(m, count[0]) \
            or MORE_COUNT.match(m.string, m.end()):
        return None  # 公元前221年: an era, not the 221 years before
    if m["dir"] in ("最后", "最後"):  # the last N of the period written before it
        return Partial(span_back=count, last=True)
    if m["dir"] in ("前", "首", "头"):  # the first N of a year, else the N whole units before this one
        return Partial(span_back=count, first=True)
    if m["dir"] == "上":
        return Partial(span_back=count, whole=True)
    if m["dir"] in ("最近", "近", "过去的", "过去", "此前"):  # 此前3年间: the three years up to now
        return Partial(span_back=count)
    return Partial(span_ahead=count, edge="ahead" if m["dir"] in ("未来的", "未来", "今后", "此后", "还剩") else None)


@rule("count-pass", rf"(?:^|(?<=[，。,；;：:\s再等要还又就]))(?:再)?过{COUNT}(?![去来])", "过")
def count_pass(m: re.Match[str]) -> Partial | None:
    """过两天, 再过半个小时: from N units on, as 两天以后.  Only at the start of a clause or after
    再/等/要/还/又/就: 超过两天, 走过三年 are lengths."""
    count = _count(m)
    if count is None or m["unit"] in ("日", "月", "季度") and m["n"] != "半" and not m["half1"]:
        return None
    return Partial(shift=count, edge="from")


PAIR_OFFSETS: Mapping[str, int] = MappingProxyType({"今明": 0, "明后": 1, "昨今": -1, "去今": -1})


# 明后天, 明后年 without 两: 明 must not close another word (说明, 证明, 透明, 文明 ... + 后天).
NOT_BEFORE_MING = "说证表声阐查注标透发光文聪高简精开失分鲜英黎清昌申指载写讲点挑探严神明"


@rule("adjacent-pair", rf"(?P<pair>今明|明后|昨今|去今)两(?P<unit>天|日|年)|(?<![{NOT_BEFORE_MING}])(?P<pair2>明后)(?P<unit2>天|年)",
      "天日年")
def adjacent_pair(m: re.Match[str]) -> Partial:
    first = PAIR_OFFSETS[m["pair"] or m["pair2"]]
    if (m["unit"] or m["unit2"]) == "年":
        return Partial(year_rel=first, until=Partial(year_rel=first + 1))
    return Partial(day_rel=first, until=Partial(day_rel=first + 1))


FIRST_UNITS: Mapping[str, tuple[str, int]] = MappingProxyType(
    {"月": ("month", 1), "个月": ("month", 1), "周": ("week", 1), "日": ("day", 1), "天": ("day", 1)})


@rule("first-unit", r"(?<=[年月])(?:首|头)(?P<unit>个月|月|周|日|天)", "首头")
def first_unit(m: re.Match[str]) -> Partial:
    return Partial(span_back=FIRST_UNITS[m["unit"]], first=True)


@rule("now", r"(?:现在|現在|当前|當前)(?![代化])|此时此刻|此刻|(?<![因如彼于於])此时(?![间期段候节令代髦尚])"
            r"|(?<![然反因进從从继故既而])而家(?![长長庭人具乡鄉属屬园園里裡中族门門境用电電底务務产產])|依家(?![庭长長人属屬])",
      "现現当當此而依")
def now(m: re.Match[str]) -> Partial:
    """现在, 当前, 此刻, 此时, Cantonese 而家/依家: the reference second (Duckling's and JioNLP's "now").
    The extract keeps them as context, not items (timeline.extract.cues.CONTEXT_SPANS), so
    此刻，工人们正在施工 does not become an event.  因此时间 / 然而家长 are other words."""
    return Partial(now=True)


@rule("ordinal-of-year", r"(?<=年)的?第(?P<n>[0-9]{1,3}|[一二三四五六七八九十百]{1,4})(?P<unit>个月|個月|天|日)", "第")
def ordinal_of_year(m: re.Match[str]) -> Partial | None:
    """2021年的第三个月, 2025年第一天: only right after a year (第三天 alone counts from an unwritten start)."""
    n = cn_int(m["n"])
    if m["unit"] in ("个月", "個月"):
        return Partial(month=n) if 1 <= n <= 12 else None
    return Partial(year_day=n) if 1 <= n <= 366 else None


@rule("ordinal-from-reference", r"(?<![年月的节節])第(?P<n>[0-9]{1,3}|[一二三四五六七八九十百]{1,4})(?P<unit>天|年)(?![度级級纪紀代])", "第")
def ordinal_from_reference(m: re.Match[str]) -> Partial | None:
    """第三天, 第七年 with nothing written before: counted from the reference, which is the first
    (第三天 = the day after tomorrow, as JioNLP reads it)."""
    n = cn_int(m["n"])
    if not 1 <= n <= 366:
        return None
    return Partial(day_rel=n - 1) if m["unit"] == "天" else Partial(year_rel=n - 1) if n <= 100 else None


@rule("approx-count", r"(?P<tens>[一二三四五六七八九]?十)几(?P<unit>年|天|个月|個月|周|个星期)(?P<dir>之前|以前|前|之后|以后|后|後)"
      rf"(?![期夕面者]|{PREMISE})", "几")
def approx_count(m: re.Match[str]) -> Partial | None:
    """二十几年前: N十几 units away, read as the range from N十 to N十 + 10 units (1991-2001 from 2021)."""
    unit, size = DURATION_UNITS[m["unit"]]
    low = cn_int(m["tens"]) * size
    sign = -1 if "前" in m["dir"] else 1
    near, far = Partial(shift=(unit, sign * low)), Partial(shift=(unit, sign * (low + 10 * size)))
    return far.replace(until=near) if sign < 0 else near.replace(until=far)


@rule("count-pair", r"(?:(?<![0-9.])(?P<a>[1-9])、(?P<b>[1-9]|10)|(?<![十百千几两一二三四五六七八九〇零○])(?P<ca>[一二三四五六七八九])、?(?P<cb>[二三四五六七八九十]))"
      rf"(?P<unit>年|天|个月|個月|周|个星期)(?P<dir>之前|以前|前|之后|以后|后|後)(?![期夕面者]|{PREMISE})", UNIT_KEYS)
def count_pair(m: re.Match[str]) -> Partial | None:
    """6、7年前, 三四天后: one of two consecutive counts away, read as the range of both (issue 13)."""
    near, far = (int(m["a"]), int(m["b"])) if m["a"] else (cn_int(m["ca"]), cn_int(m["cb"]))
    if far != near + 1:
        return None  # 3、5年前 lists two times; 五七天 is no pair
    unit, size = DURATION_UNITS[m["unit"]]
    sign = -1 if "前" in m["dir"] else 1
    first, second = Partial(shift=(unit, sign * near * size)), Partial(shift=(unit, sign * far * size))
    return second.replace(until=first) if sign < 0 else first.replace(until=second)


RELATIVE_RULES = (now, ordinal_of_year, ordinal_from_reference, approx_count, count_pair, adjacent_pair, first_unit, relative_day, relative_day_part, relative_year, year_part, relative_month, month_part,
                  relative_week, weekday, week_of, week_half, relative_half, relative_quarter, count_shift, count_span, count_pass)
