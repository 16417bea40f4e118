"""Relative words that refer to a date written before them: 当天 after 22日, 次日 after 4月12日, a bare 30日;
and spans that close on one written just before them: 从3月1日起的6个月内, 元旦春节期间.

Run by compose over its joined matches; like every compose step it reads no reference date,
it only copies the fields an earlier mention wrote (and says how far to move them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from timeline.grammar.rulebase import FIELD_RANK, Partial
from timeline.grammar.holidays import festival_days
from timeline.grammar.tables import plan_years

if TYPE_CHECKING:  # compose imports this module; the type is only read by checkers
    from timeline.grammar.compose import Match

SAME_DAY = frozenset({"当天", "当日", "當天", "當日"})

# The words that count from a date the text gave, not from the day it was written: 当天/同日,
# 次日/翌日/第二天/第三天, 前一天, 当晚; 当月/同月/该月/次月, 前一个月; 当年/同年/该年/次年/第二年, 前一年;
# 比上年, 较上月.
# (明天, 今年, 下月 count from the reference: the writer's today.)
ANAPHOR = re.compile(r"(?:当|當|同一?|该|該|次|翌|隔|前一个?|上一?个?|第[0-9一二三四五六七八九十]{1,3}个?)(?P<unit>天|日|晚|夜|月|年)")
# 上年/上月 count from a written year or month only in a comparison (2021年…比上年增长8.4% is over
# 2020); elsewhere they are the writer's last year and last month.
COMPARED = "比较"
UNIT = {"天": "day", "日": "day", "晚": "day", "夜": "day", "月": "month", "年": "year"}
REL_FIELD = {"day": "day_rel", "month": "month_rel", "year": "year_rel"}
# What an anaphor copies from its antecedent, by unit: 次年 takes a year, 当月 a year and a month.
COPIED = {
    "year": ("year", "year_short", "year_rel"),
    "month": ("year", "year_short", "year_rel", "month", "month_rel"),
    "day": ("year", "year_short", "year_rel", "month", "month_rel", "day", "day_rel", "holiday"),
}
# An antecedent must write its own unit: a year for 当年, a month for 当月, a day for 次日.
NAMED_BY = {"year": COPIED["year"], "month": ("month", "month_rel"), "day": ("day", "day_rel", "holiday")}
# A festival is a day to refer to (春节当天…次日) only as its own one day: not 春节期间, 春节前夜.
ONE_DAY_PARTS = frozenset({None, "当天", "当日"})
UNIT_RANK = {"day": FIELD_RANK["day"], "month": FIELD_RANK["month"], "year": FIELD_RANK["year"]}
BARE_DAY_FIELDS = frozenset({"day", "part_of_day", "hour", "minute"})

Antecedent = dict[str, object]

# 元旦春节期间, 国庆中秋双节期间: two festivals joined, one stretch from the first to the second.
PAIR_GAPS = frozenset({"", "、", "和", "及", "与"})
PAIR_PARTS = frozenset({"期间", "假期", "长假", "小长假", "黄金周"})
PAIR_CLOSERS = re.compile(r"(?:双节|两节)(?P<part>期间|假期|长假)")

# 7月底8月初: a month's end and the next month's start written together.
MONTH_ENDINGS = frozenset({"底", "末", "下旬", "月底", "月末"})
MONTH_OPENINGS = frozenset({"初", "上旬", "月初"})

# 从2025年3月1日起的6个月内: a window counted from the date written before it, not from the reference.
WINDOW_OPENERS = ("自从", "从", "自")
WINDOW_GAPS = frozenset({"起的", "起", "开始的", "起算的", "之日起的", "之日起"})


def _antecedent(p: Partial, unit: str) -> Antecedent | None:
    """The fields of `p` that a later anaphor of `unit` refers to, or None when `p` does not name that unit."""
    if p.edge or all(getattr(p, f) is None for f in NAMED_BY[unit]):
        return None
    if unit == "day" and p.holiday is not None and (p.holiday_part not in ONE_DAY_PARTS or p.break_day is not None
                                                    or festival_days(p.holiday) > 1):
        return None  # 春节期间, 斋月: no one day to count from (years and months name no festival)
    found: Antecedent = {f: getattr(p, f) for f in COPIED[unit] if getattr(p, f) is not None}
    if p.moved is not None and (p.moved[0] == unit or p.moved[0] == "year"):
        found["moved"] = p.moved  # 次日 … 次日: the second counts from the first; 次年 … 当月 is in that year
    return found


def _shift(text: str, m: "Match") -> tuple[str, int] | None:
    """(unit, n) when the match is an anaphor that moves a written date n units: 次日 ("day", 1),
    当月 ("month", 0), 前一年 ("year", -1); None for any other match."""
    am = ANAPHOR.match(text, m.start)
    if am is None:
        return None
    if am.group().startswith("上") and not (m.start and text[m.start - 1] in COMPARED):
        return None
    unit, p = UNIT[am["unit"]], m.partial
    fields = p.set_fields()
    rel = getattr(p, REL_FIELD[unit])
    if rel is not None:
        fields.pop(REL_FIELD[unit])
        n = rel
    elif p.span_back == (unit, 1) and p.first and am.group().startswith("前一"):  # 前一天: the day before
        fields.pop("span_back")
        fields.pop("first")
        n = -1
    elif unit == "day" and am.group()[-1] in "晚夜" and p.part_of_day is not None:  # 当晚
        n = 0
    else:
        return None
    # only finer fields may come with it: 次日上午, 当月15日, 次年3月; 次日至3日 is left alone
    if any(FIELD_RANK.get(f, 99) >= UNIT_RANK[unit] for f in fields):
        return None
    return unit, n


def _referred(p: Partial, unit: str, n: int, antecedent: Antecedent) -> Partial:
    """`p` (an anaphor of `unit`, n units on) made to name the antecedent's date moved by n units."""
    old = antecedent.get("moved")
    if not isinstance(old, tuple):
        total = n
    elif old[0] == unit:  # 次日 … 次日: two days on
        total = old[1] + n
    elif old[0] == "year" and unit == "month":  # 次年3月 … 次月: thirteen months on
        total = 12 * old[1] + n
    elif n == 0:  # 次年3月5日 … 当天: that day, a year on
        unit, total = old
    else:
        return p  # a move of years and then of days: left to the reference
    fields = {f: v for f, v in antecedent.items() if f != "moved"}
    cleared = {"day_rel": None, "month_rel": None, "year_rel": None, "span_back": None, "first": False}
    return p.replace(**{**cleared, **fields, "moved": (unit, total) if total else None})


def _pairs_festival(text: str, first: "Match", second: "Match") -> bool:
    """Whether two festivals written together name one stretch: 元旦春节期间, 中秋国庆假期, 国庆中秋双节期间."""
    a, b = first.partial, second.partial
    if a.holiday is None or a.holiday_part or a.edge or a.until or a.set_fields().keys() != {"holiday"}:
        return False
    if text[first.end:second.start] not in PAIR_GAPS or b.edge or b.until or b.set_fields().keys() - {"holiday", "holiday_part"}:
        return False
    return b.holiday_part in PAIR_PARTS or PAIR_CLOSERS.match(text, second.end) is not None


def _plan_years(text: str, plan: "Match", count: "Match") -> tuple[int, int] | None:
    """The first and last year of the N years of a plan a count names after it: “十四五”前三年 ->
    (2021, 2023), “十四五”后两年 / 最后两年 -> (2024, 2025); None for any other pair."""
    p, c = plan.partial, count.partial
    if text[plan.end:count.start] not in ("", "的") or p.edge or p.until or p.plan_part not in (None, "期间", "时期"):
        return None
    n_years = c.span_back or c.span_ahead
    if n_years is None or n_years[0] != "year" or not 1 <= n_years[1] <= 5 or c.edge:
        return None
    first, last = plan_years(p.plan)
    if c.span_back and c.first:  # 前三年, 头两年
        return first, first + n_years[1] - 1
    if (c.span_back and c.last) or (c.span_ahead and text[count.start] in "后後"):  # 后两年, 最后两年
        return last - n_years[1] + 1, last
    return None


def _month_turn(text: str, end: "Match", start: "Match") -> Partial | None:
    """7月底8月初, 月底月初: the end of a month and the start of the next, written together, as one
    range (the first end with `until` the second); None for any other pair."""
    a, b = end.partial, start.partial
    if text[end.end:start.start] or a.month_part not in MONTH_ENDINGS or a.edge or a.until or b.edge or b.until:
        return None
    if set(a.set_fields()) == {"month_part"} and set(b.set_fields()) == {"month_part"}:
        return a.replace(until=b.replace(month_rel=1))  # 月底月初: this month's end, next month's start
    if a.month is not None and b.month == a.month % 12 + 1 and set(b.set_fields()) == {"month", "month_part"}:
        return a.replace(until=b)
    return None


def _opens_window(text: str, start: "Match", window: "Match") -> bool:
    """Whether `window` (6个月内) counts from the date `start` written just before it (2025年3月1日起的)."""
    p = start.partial
    return (text[start.end:window.start] in WINDOW_GAPS
            and (p.day is not None or p.day_rel is not None or p.names_year_or_month())
            and not (p.edge or p.until or p.within or p.shift or p.span_back or p.span_ahead or p.moved))


def anaphora(text: str, matches: list["Match"]) -> list["Match"]:
    """Date 当天, 次日, 当月, 次年… and a bare day by the last date written before them in the paragraph.

    俄方22日说，对方当天… : 当天 is the 22nd, not the reference.  座谈会4月12日召开。次日签约: 次日
    is April 13th.  2019年项目立项，次年开工: 次年 is 2020.  会议3月30日至31日举行。30日下午…: the
    bare 30日 is in the month just written, not the reference's.  With nothing written before
    them they keep their reading from the reference.  A line break ends a paragraph and with it
    the reach of the dates.
    """
    out: list[Match] = []
    last: dict[str, Antecedent] = {}
    prev_end = 0
    for m in matches:
        p = m.partial
        if p.holiday and out and _pairs_festival(text, out[-1], m):
            prev = out.pop()
            closing = PAIR_CLOSERS.match(text, m.end)  # 国庆中秋双节期间: 双节期间 closes the pair
            part = closing["part"] if closing else m.partial.holiday_part
            m = prev._replace(end=closing.end() if closing else m.end, rule="festival-pair",
                              partial=prev.partial.replace(holiday_part=part, until=p.replace(holiday_part=part)))
            p = m.partial
        elif out and out[-1].partial.plan is not None and (years := _plan_years(text, out[-1], m)) is not None:
            m = out.pop()._replace(end=m.end, partial=Partial(year=years[0], until=Partial(year=years[1])),
                                   rule="plan+years")  # “十四五”后两年: the plan's last two years
            p = m.partial
        elif p.month_part in MONTH_OPENINGS and out and (turn := _month_turn(text, out[-1], m)) is not None:
            m = out.pop()._replace(end=m.end, partial=turn, rule="month-turn")  # 7月底8月初: one stretch
            p = m.partial
        elif p.within and out and _opens_window(text, out[-1], m):
            prev = out.pop()
            start = next((prev.start - len(w) for w in WINDOW_OPENERS  # 从/自/自从 opens it
                          if prev.start >= len(w) and text.startswith(w, prev.start - len(w))), prev.start)
            m = prev._replace(start=start, end=m.end, partial=prev.partial.replace(within=p.within),
                              rule=prev.rule + "+window")
            p = m.partial
        if last and "\n" in text[prev_end:m.start]:
            last = {}
        shift = _shift(text, m) if last else None
        if shift is not None and shift[0] in last:
            m = m._replace(partial=_referred(p, shift[0], shift[1], last[shift[0]]))
        elif "day" in last and p.day is not None and set(p.set_fields()) <= BARE_DAY_FIELDS and "month" in last["day"]:
            month = {f: v for f, v in last["day"].items() if f not in ("day", "day_rel", "moved")}
            m = m._replace(partial=p.replace(**month))
        for unit in COPIED:
            found = _antecedent(m.partial, unit)
            if found is not None:
                last[unit] = found
        prev_end = m.end
        out.append(m)
    return out
