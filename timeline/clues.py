"""The clues one article's text gives to when it was written (`read_clues`), for
`timeline.reference` to weigh across the articles of a file.

Explicit dates, future ones as upper bounds; anchor events; five-year-plan stages; a weekday
next to a month-day; and the families below. Each reads arabic-digit text (`arabic_dates` has
run) and keeps a reason a reader can check.

- An anniversary dates its article: `新中国成立70周年` is 2019, `建党100周年` 2021,
  `改革开放40周年` 2018.
- Historic anchors (新中国成立, 改革开放, 香港回归) are history, never "now": they bound the
  article from below and nothing more. Meetings named as the present (学习十九届五中全会精神)
  stay clues of `reference`.
- An anchor named as imminent (`北京冬奥会开幕在即`, `喜迎二十大`) is the article's year.
- A year written as part of a current name or review (`2022年世界互联网大会`,
  `2023世界人工智能大会`, `2024年第1号洪水`, `2022年西藏完成…`) is the latest year the
  article can be from, a weak clue; a report on a year (`公报（2025年）`,
  `2021年GDP最终核实`) is published after that year.
- The reference day is the day the story names as today (`今天（4月12日）`, `昨天（4月11日）`
  the day before, a dateline `北京4月12日电`), never a future day it mentions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from timeline.grammar.anchors import find_anchors
from timeline.grammar.interval import days_in_month
from timeline.grammar.numerals import DIGIT_VALUES, cn_int
from timeline.grammar.tables import WEEKDAYS, plan_years

# The year each anniversary counts from: the founding events news counts its 周年 from.
ANNIVERSARY_BASES: dict[str, int] = {
    "新中国成立": 1949, "中华人民共和国成立": 1949, "人民共和国成立": 1949,
    "建党": 1921, "中国共产党成立": 1921, "党的成立": 1921,
    "改革开放": 1978, "十一届三中全会": 1978,
    "香港回归": 1997, "香港回归祖国": 1997, "澳门回归": 1999, "澳门回归祖国": 1999,
    "建军": 1927, "人民军队建军": 1927, "中国人民解放军建军": 1927,
    "抗日战争胜利": 1945, "抗战胜利": 1945, "世界反法西斯战争胜利": 1945,
    "红军长征胜利": 1936, "长征胜利": 1936, "五四运动": 1919, "辛亥革命": 1911,
    "西部大开发": 2000, "浦东开发开放": 1990, "深圳经济特区建立": 1980,
    "中国加入世贸组织": 2001, "加入世贸组织": 2001, "恢复高考": 1977, "抗美援朝": 1950,
}
# Anchors (timeline.grammar.anchors) that name history: they never stand for "now".
HISTORIC_ANCHORS = frozenset({"新中国成立", "十一届三中全会", "改革开放", "香港回归", "澳门回归", "北京奥运会"})

_CN_NUMBER = r"[一二三四五六七八九十百零两]+"
_BASES = "|".join(sorted(map(re.escape, ANNIVERSARY_BASES), key=len, reverse=True))
# 庆祝新中国成立70周年, 抗日战争暨世界反法西斯战争胜利80周年, 纪念改革开放四十周年
_ANNIVERSARY = re.compile(rf"(?P<base>{_BASES})(?:暨[^。,;，；]{{1,16}}?)?(?P<n>\d{{1,3}}|{_CN_NUMBER})周年")
_IMMINENT_AFTER = re.compile(r"^(?:开幕|召开|举办|举行|开赛)?(?:在即|临近|进入倒计时|倒计时)")
_IMMINENT_BEFORE = re.compile(r"(?:迎接|喜迎|献礼|迎来|即将召开的?|即将开幕的?|即将举办的?)[^。,]{0,3}$")
# the names a current year leads: 2023世界人工智能大会, 2022年世界互联网大会, 2024年第1号洪水
_NAMED_YEAR = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)年?(?=(?:度)?(?:世界|中国|全球|国际|亚洲|全国|第\d{1,3}号)"
    r"[^。,;，；]{0,14}?(?:大会|博览会|论坛|峰会|运动会|洪水|台风|会议|赛|节))"
)
_REPORT_WORDS = ("公报", "年报", "年鉴", "报告", "核实")
_REPORT_NAMED = re.compile(r"(?:公报|年报|年鉴|报告)[(（](?P<y>(?:19|20)\d\d)年?(?:度)?[)）]")
_REPORT_OF = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)年(?:度)?[^。,;，；\d]{0,10}?(?:最终核实|统计公报|年度报告)")
_TODAY = re.compile(
    r"(?P<word>今天|今日|昨天|昨日|明天|明日)\s*[(（](?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日[)）]"
)
# `新华社北京4月12日电`: a place, then the day; the match starts at the digits (fast to reject)
_DATELINE = re.compile(r"(?<=[\u4e00-\u9fff])(?P<m>1[0-2]|[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日电")
_SHIFT = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "明天": -1, "明日": -1}


@dataclass(frozen=True, slots=True)
class YearClue:
    year: int
    reason: str


def anniversaries(text: str) -> Iterator[YearClue]:
    """`庆祝新中国成立70周年` -> YearClue(2019, "新中国成立70周年 (1949 + 70)")."""
    for m in _ANNIVERSARY.finditer(text):
        n = int(m["n"]) if m["n"].isdigit() else cn_int(m["n"])
        base = ANNIVERSARY_BASES[m["base"]]
        if 0 < n < 200:
            yield YearClue(base + n, f"{m.group()} ({base} + {n})")


def imminent(text: str, offset: int, name: str) -> bool:
    """Whether the anchor `name` at `offset` is named as about to happen (`…开幕在即`, `喜迎…`)."""
    return bool(_IMMINENT_AFTER.match(text[offset + len(name) : offset + len(name) + 8])
                or _IMMINENT_BEFORE.search(text[max(0, offset - 8) : offset]))


def named_years(text: str) -> Iterator[YearClue]:
    """Years leading a current name: `2023世界人工智能大会` -> YearClue(2023, "2023世界…")."""
    for m in _NAMED_YEAR.finditer(text):
        yield YearClue(int(m["y"]), f"year in the name {text[m.start():m.end() + 8]}")


def report_years(text: str) -> Iterator[YearClue]:
    """Reports on a finished year, published after it: `公报（2025年）` -> YearClue(2026, …)."""
    if not any(word in text for word in _REPORT_WORDS):  # most texts: two scans saved
        return
    for m in itertools.chain(_REPORT_NAMED.finditer(text), _REPORT_OF.finditer(text)):
        year = int(m["y"])
        yield YearClue(year + 1, f"report on {year}: {m.group()}")


def stated_days(text: str) -> Iterator[tuple[int, int, int, str]]:
    """(month, day, days to add, what was read) for each day a story names as today, yesterday
    or tomorrow, then datelines: `昨天(4月11日)` -> (4, 11, 1, "昨天(4月11日)")."""
    if "日)" in text or "日）" in text:  # a bracketed day: the only shape _TODAY reads
        for m in _TODAY.finditer(text):
            yield int(m["m"]), int(m["d"]), _SHIFT[m["word"]], m.group()
    if "日电" not in text:
        return
    for m in _DATELINE.finditer(text):
        yield int(m["m"]), int(m["d"]), 0, m.group()


# ---------------------------------------------------------------------------------------------
# Clues in one article


@dataclass(frozen=True, slots=True)
class Point:
    rank: int  # 3 an explicit full date, 2 plan-stage language, 1 nearest year after an anchor
    year: int
    reason: str


@dataclass(slots=True)
class Clues:
    lo: tuple[date, str] | None = None  # written on or after this day, because ...
    hi: tuple[date, str] | None = None  # written on or before this day, because ...
    points: list[Point] = field(default_factory=list)
    weekday_years: set[int] | None = None
    weekday_reason: str = ""
    month_days: list[tuple[int, int, str]] = field(default_factory=list)  # bare, not future
    full_dates: list[tuple[date, str]] = field(default_factory=list)  # with a year, not future
    # anchors the text discusses directly (学习十九届五中全会精神), not as the start of a period
    # (十八大以来, 十九大后): (year of the last day, reason)
    anchor_reasons: list[tuple[int, str]] = field(default_factory=list)
    # weak: years written in names and reviews (2022年世界互联网大会); the latest one decides
    # only when nothing stronger does
    weak_years: list[tuple[int, str]] = field(default_factory=list)
    # the days the story names as today (今天(4月12日)) or in a dateline: (month, day, shift, text)
    stated_days: list[tuple[int, int, int, str]] = field(default_factory=list)

    def raise_lo(self, when: date, reason: str) -> None:
        if self.lo is None or when > self.lo[0]:
            self.lo = (when, reason)

    def lower_hi(self, when: date, reason: str) -> None:
        if self.hi is None or when < self.hi[0]:
            self.hi = (when, reason)

    def allows(self, year: int) -> bool:
        return (
            (self.lo is None or year >= self.lo[0].year)
            and (self.hi is None or year <= self.hi[0].year)
            and (self.weekday_years is None or year in self.weekday_years)
        )


_FUTURE_BEFORE = re.compile(r"(?:到|力争|确保|计划|预计|将于|将|定于|争取|拟|预期|目标)于?\s*$")
_FUTURE_AFTER = re.compile(r"^\s*(?:前|之前|以前|远景|目标|建成|实现|全面|基本)")
_PAST_AFTER = re.compile(r"^\s*(?:以来|至今|起至今)")
_EFFECTIVE_BEFORE = re.compile(r"[自从]\s*$")
_PART_DEADLINE = ("底", "末")

_DATE = re.compile(
    r"(?<!\d)(?:(?P<y>\d{4})年)?(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号]"
    r"(?:\s*[(（]?(?:星期|周|礼拜)(?P<wd>[一二三四五六日天])[)）]?)?|(?P<part>底|末|上旬|中旬|下旬|初)?)"
)
# Where a _DATE match can start: every match begins with a whole run of digits (its leading
# lookbehind) ending at 年 or 月. The lookbehind also keeps re from skipping ahead, so
# date_matches tries _DATE only at these, which finds the same matches in about a third of the time.
_DATE_START = re.compile(r"\d+[年月]")
_YEAR = re.compile(r"(?<!\d)(?P<y>\d{4})年(?!\d{1,2}月)(?P<tail>[底末]?(?:之前|以前|前))?")
_PLAN = r"[“\"]?(?<![一二三四五六七八九十])(十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"]?"
# What every _PLAN match holds: a numeral right before 五. Its leading lookbehind keeps re from
# skipping ahead, so the four _PLAN_ patterns would scan slowly; they are tried near these only.
_PLAN_CORE = re.compile("[一二三四五六七八九十](?=五)")
_PLAN_REACH = 10  # a match starts at most this far before its numeral: 研究制定, 4 more, “ and 十
_PLAN_DRAFTING = re.compile(rf"(?:编制|谋划|制定|起草|编好|研究制定)[^。,;!?“\"一二三四五六七八九十]{{0,4}}{_PLAN}规划|{_PLAN}规划(?:编制|建议)")
_PLAN_FIRST_YEAR = re.compile(rf"{_PLAN}(?:开局之年|开局年|起步之年|第一年)")
_PLAN_LAST_YEAR = re.compile(rf"{_PLAN}(?:收官之年|收官年|最后一年)")
_PLAN_SINCE = re.compile(rf"{_PLAN}(?:以来|期间以来)")
_ANCHOR_PERIOD = re.compile(r"^(?:以来|之后|以后|后|召开以来)")
# `2023年度工作要点`, `2023年工作计划`: a year's plan, written before or early in that year
# `2016年底开工`, `2016年初`: background at a part of a past year, or a deadline; not "now"
_YEAR_PART = re.compile(r"^年[底初末]")
_YEAR_PLAN = re.compile(r"^度?(?:工作)?(?:要点|计划|预算|目标|任务)")


def _plan_named(m: re.Match[str]) -> tuple[str, int, int]:
    n = next(g for g in m.groups() if g)
    first, last = plan_years(cn_int(n))
    return m.group().strip(), first, last


def last_day(year: int, month: int | None = None, day: int | None = None) -> date:
    if month is None:
        return date(year, 12, 31)
    if day is None:
        return date(year, month, days_in_month(year, month))
    return date(year, month, day)


def _is_future(text: str, start: int, end: int) -> bool:
    return bool(_FUTURE_BEFORE.search(text[max(0, start - 4) : start]) or _FUTURE_AFTER.match(text[end : end + 3]))


_CN_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}(?=年)")
_CN_SMALL = r"三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_CN_MONTH = re.compile(rf"(?<=\d年)(?:十[一二]?|[一二三四五六七八九])(?=月)|(?:十[一二]?|[一二三四五六七八九])(?=月(?:{_CN_SMALL})[日号])")
_CN_DAY = re.compile(rf"(?<=\d月)(?:{_CN_SMALL})(?=[日号])")
_CN_MONTH_NEEDS = re.compile("[一二三四五六七八九十]月")
_CN_DAY_NEEDS = re.compile(r"\d月[一二三四五六七八九十]")


def arabic_dates(text: str) -> str:
    """Chinese-numeral dates in Arabic digits, for reading clues (not for offsets).

    >>> arabic_dates("二〇二〇年十一月三十日,二〇三五年远景目标,十二月一日")
    '2020年11月30日,2035年远景目标,12月1日'
    """
    text = _CN_YEAR.sub(lambda m: "".join(str(DIGIT_VALUES[ch]) for ch in m.group()), text)  # digit by digit: 〇一…
    # The month and day patterns start with a lookbehind, which keeps re from skipping ahead:
    # a quick search first for what each needs, a numeral month or a digit month and numeral day.
    if _CN_MONTH_NEEDS.search(text):
        text = _CN_MONTH.sub(lambda m: str(cn_int(m.group())), text)
    if _CN_DAY_NEEDS.search(text):
        text = _CN_DAY.sub(lambda m: str(cn_int(m.group())), text)
    return text


def date_matches(text: str) -> Iterator[re.Match[str]]:
    """_DATE.finditer(text), trying _DATE only where a match can start (see _DATE_START)."""
    end = 0
    for run in _DATE_START.finditer(text):
        if run.start() >= end and (m := _DATE.match(text, run.start())):
            end = m.end()
            yield m


def read_clues(text: str) -> Clues:
    clues = Clues()
    text = arabic_dates(text)
    for m in date_matches(text):
        _date_clue(clues, text, m)
    for m in _YEAR.finditer(text):
        year = int(m["y"])
        if m["tail"] or _is_future(text, m.start(), m.end()):
            clues.lower_hi(last_day(year), f"future {m.group()}")
        elif _PAST_AFTER.match(text[m.end() : m.end() + 3]):
            clues.raise_lo(date(year, 1, 1), f"{m.group()}以来")
        elif not _YEAR_PLAN.match(text[m.end() : m.end() + 6]) and not _YEAR_PART.match(text[m.end() - 1 : m.end() + 1]):
            clues.weak_years.append((year, f"latest year written, {m.group()}"))
    for clue in named_years(text):
        clues.weak_years.append((clue.year, clue.reason))
    for clue in report_years(text):  # as sure as a plan stage: a report comes after its year
        clues.points.append(Point(2, clue.year, clue.reason))
        clues.raise_lo(date(clue.year, 1, 1), clue.reason)
    for clue in anniversaries(text):
        clues.points.append(Point(3, clue.year, f"anniversary {clue.reason}"))
    clues.stated_days.extend(stated_days(text))
    numerals = [m.start() for m in _PLAN_CORE.finditer(text)]
    if numerals:  # most texts name no plan
        _plan_clues(clues, text, numerals)
    for offset, anchor in find_anchors(text):
        reason = f"anchor {anchor.name} ({anchor.dates})"
        spelling = next((a for a in anchor.aliases if text.startswith(a, offset)), anchor.name)
        if imminent(text, offset, spelling):
            clues.lower_hi(anchor.start, f"ahead of {reason}")
            clues.points.append(Point(2, anchor.start.year, f"{reason} named as imminent"))
            continue
        clues.raise_lo(anchor.last_day, reason)
        if anchor.name in HISTORIC_ANCHORS:
            continue  # history (改革开放, 新中国成立): after it, never "now"
        after = text[offset : offset + 12]
        if not _ANCHOR_PERIOD.match(after[after.index(anchor.name) + len(anchor.name) :] if anchor.name in after else ""):
            clues.anchor_reasons.append((anchor.last_day.year, reason))
    if clues.full_dates:
        latest, written = max(clues.full_dates)
        clues.points.append(Point(3, latest.year, f"explicit {written}"))
    return clues


def _plan_clues(clues: Clues, text: str, numerals: list[int]) -> None:
    for m in _plan_matches(_PLAN_DRAFTING, text, numerals):
        written, first, last = _plan_named(m)
        clues.points.append(Point(2, first - 1, f"{written} (drafting the {first}-{last} plan)"))
    for m in _plan_matches(_PLAN_FIRST_YEAR, text, numerals):
        written, first, _ = _plan_named(m)
        clues.points.append(Point(2, first, written))
    for m in _plan_matches(_PLAN_LAST_YEAR, text, numerals):
        written, _, last = _plan_named(m)
        clues.points.append(Point(2, last, written))
    for m in _plan_matches(_PLAN_SINCE, text, numerals):
        written, first, _ = _plan_named(m)
        clues.raise_lo(date(first, 1, 1), written)


def _plan_matches(pattern: re.Pattern[str], text: str, numerals: list[int]) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) for a _PLAN_ pattern, trying only where a match can start: each
    holds a numeral before 五 (at one of `numerals`) and starts at most _PLAN_REACH before it.
    The leftmost start that matches is finditer's next match, and the search goes on after it."""
    starts = sorted({start for n in numerals for start in range(max(0, n - _PLAN_REACH), n + 1)})
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)):
            yield m
            end = m.end()


def _date_clue(clues: Clues, text: str, m: re.Match[str]) -> None:
    month = int(m["m"])
    day = int(m["d"]) if m["d"] else None
    future = _is_future(text, m.start(), m.end()) or (m["part"] in _PART_DEADLINE and text[m.end() : m.end() + 1] == "前")
    if m["y"]:
        year = int(m["y"])
        try:
            when = last_day(year, month, day) if future else date(year, month, day or 1)
        except ValueError:
            return
        if future:
            tail = "前" if text[m.end() : m.end() + 1] == "前" else ""
            clues.lower_hi(when, f"future {m.group()}{tail}")
        elif _EFFECTIVE_BEFORE.search(text[max(0, m.start() - 2) : m.start()]) and text[m.end() : m.end() + 1] == "起":
            # 自2026年8月1日起施行: a rule's start lies ahead as often as behind; a year, no bound
            clues.weak_years.append((year, f"effective date {m.group()}"))
        elif day is not None:
            clues.full_dates.append((when, m.group()))
            clues.raise_lo(when, f"explicit {m.group()}")
        else:
            clues.raise_lo(when, f"explicit {m.group()}")
            clues.weak_years.append((year, f"latest year written, {m.group()}"))
        return
    if day is None or future:
        return
    try:
        date(2000, month, day)  # a leap year: 2月29日 is a real day
    except ValueError:
        return
    clues.month_days.append((month, day, m.group()))
    if m["wd"]:
        weekday = WEEKDAYS[m["wd"]]
        years = {y for y in range(1950, 2101) if valid_day(y, month, day) and date(y, month, day).weekday() == weekday}
        clues.weekday_years = years if clues.weekday_years is None else clues.weekday_years & years
        clues.weekday_reason = m.group()


def valid_day(year: int, month: int, day: int) -> bool:
    return day <= days_in_month(year, month)
