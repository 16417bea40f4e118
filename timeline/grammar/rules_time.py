"""Rules for times of day: parts of the day (下午) and clock times (3点半, 15:30, 零时)."""

from __future__ import annotations

import re

from timeline.grammar.numerals import cn_int
from timeline.grammar.patterns import (
    HOUR_NUM,
    MINUTE_NUM,
    NOT_AFTER_DIGIT,
    NOT_BEFORE_DIGIT,
)
from timeline.grammar.rulebase import Partial, alternation, key_chars, rule
from timeline.grammar.tables import PARTS_OF_DAY

# Single characters (早, 晚) only count glued to a day: 7月25日晚.
PART_WORDS = alternation(k for k in PARTS_OF_DAY if len(k) > 1)
# Characters after which a bare Chinese hour (八点) is a clock time, not "a point" (三点意见).
PART_KEYS = key_chars(k for k in PARTS_OF_DAY if len(k) > 1)
CLOCK_CONTEXT = frozenset("日号號天午晚上早间夜晨凌时今明昨昼")
# ... and a numeric date ending just before it: 2023 04 18八点, 2023-04-18八点 (not 共3三点意见).
NUMERIC_DATE_END = re.compile(r"(?:19|20)[0-9]{2}([-/. ])[01]?[0-9]\1[0-3]?[0-9]$")


# 日间照料, 日间手术: a day-care service or day surgery, not the daytime (issue 13)
@rule("part-of-day", rf"(?<!《)(?P<part>{PART_WORDS})(?![会报场市班车间饭])(?<!日间(?=照料|照护|护理|托|手术|病房|门诊))", PART_KEYS)
def part_of_day(m: re.Match[str]) -> Partial:
    return Partial(part_of_day=m["part"])


# 7月25日晚, and a weekday: 周五晚8点, 星期六早 (not 三晚, 一夜: counts of nights)
@rule("glued-part-of-day", r"(?:(?<=[日号號])|(?<=[周週][一二三四五六日天])|(?<=(?:星期|礼拜|禮拜)[一二三四五六日天]))"
      r"(?P<part>早间|早|晚|夜)(?![会报场市班餐饭宴上间里])", "早晚夜")
def glued_part_of_day(m: re.Match[str]) -> Partial:
    return Partial(part_of_day={"早间": "早间", "早": "早", "晚": "晚", "夜": "晚上"}[m["part"]])


def _clock_context(m: re.Match[str], before: str) -> bool:
    """Whether a bare Chinese hour at `m` is a clock: after a day or part-of-day character, or
    right after a numeric date (2023 04 18八点)."""
    return before in CLOCK_CONTEXT or (before.isdigit() and bool(
        NUMERIC_DATE_END.search(m.string, max(0, m.start() - 10), m.start())))


# Cantonese counts minutes in fives after the hour: 三點踏三 / 三點搭三 / 三點三個字 = 3:15, 踏半 = 3:30.
FIVES = r"(?:[踏搭](?:(?P<half2>半)|(?P<five>十一|[一二三四五六七八九十]))|(?P<five2>十一|[一二三四五六七八九十])个字)"


@rule("clock", rf"(?P<hour>{HOUR_NUM})(?P<unit>点钟|点|點|时|時)"
      rf"(?:(?P<half>半)|(?P<quarter>一刻|三刻)|{FIVES}|(?P<minute>{MINUTE_NUM})(?:分(?:(?P<second>{MINUTE_NUM})秒)?)?|(?P<sharp>整))?"
      r"(?P<approx>许|左右|多钟?)?", "点點时時")
def clock(m: re.Match[str]) -> Partial | None:
    hour_text = m["hour"]
    cn_written = not hour_text.isdigit()
    detail = m["half"] or m["half2"] or m["quarter"] or m["minute"] or m["sharp"] or m["five"] or m["five2"]
    before = m.string[m.start() - 1] if m.start() else ""
    context = _clock_context(m, before)
    after = m.string[m.end():m.end() + 1]
    zero_hour = hour_text in ("零", "〇") and (m["unit"] in "时時" or not after or after not in "几一二三四五六七八九零〇0123456789")
    if cn_written and m["minute"] and "分" not in m[0] and not context:
        return None  # 一点一滴
    if cn_written and not detail and not context and m["unit"] != "点钟" and not zero_hour:
        return None  # 三点意见, 一时难以: not a clock
    if m["unit"] in "时時" and cn_written and hour_text not in ("零", "〇") and not detail and not context:
        return None
    if m["minute"] and not m["minute"].isdigit() and m["unit"] in "时時" and hour_text == "一":
        return None
    hour = cn_int(hour_text)
    minute = 30 if m["half"] or m["half2"] else 15 if m["quarter"] == "一刻" else 45 if m["quarter"] else None
    if m["five"] or m["five2"]:
        minute = 5 * cn_int(m["five"] or m["five2"])
    if m["minute"]:
        minute = cn_int(m["minute"])
    second = cn_int(m["second"]) if m["second"] else None
    if hour > 24 or (minute is not None and minute > 59) or (hour == 24 and minute):
        return None
    return Partial(hour=hour, minute=minute, second=second)


@rule("clock-colon", rf"{NOT_AFTER_DIGIT}(?<![:/])(?P<hour>[01]?[0-9]|2[0-4])[:：](?P<minute>[0-5][0-9])"
      rf"(?::(?P<second>[0-5][0-9]))?{NOT_BEFORE_DIGIT}(?![:/])"
      r"(?:时|時|\s?(?P<ampm>[AaPp]\.?[Mm]\.?|[AaPp](?![A-Za-z])))?", ":：")
def clock_colon(m: re.Match[str]) -> Partial | None:
    hour, minute = int(m["hour"]), int(m["minute"])
    if hour == 24 and minute:
        return None
    if m["ampm"] and m["ampm"][0] in "Pp" and hour < 12:
        hour += 12
    return Partial(hour=hour, minute=minute, second=int(m["second"]) if m["second"] else None)


@rule("clock-range", rf"(?P<first>{HOUR_NUM})(?:点|時|时)?\s?(?:至|到|~|-|—|－|～)\s?(?P<hour>{HOUR_NUM})(?:点钟|点|點|时|時)"
      rf"(?:(?P<half>半)|(?P<minute>{MINUTE_NUM})分?)?", "点點时時")
def clock_range(m: re.Match[str]) -> Partial | None:
    first, last = cn_int(m["first"]), cn_int(m["hour"])
    if not first < last <= 24:
        return None
    minute = 30 if m["half"] else cn_int(m["minute"]) if m["minute"] else None
    return Partial(hour=first, until=Partial(hour=last, minute=minute))


@rule("adjacent-hours", r"(?P<a>[一二三四五六七八九十]|十一)(?P<b>[二三四五六七八九十]|十一|十二)(?:点钟|点)(?![半一二三四五六七八九十0-9])",
      "点點时時")
def adjacent_hours(m: re.Match[str]) -> Partial | None:
    """七八点, 三四点钟: "around seven or eight", both hours whole; only after a day or part of day."""
    a, b = cn_int(m["a"]), cn_int(m["b"])
    before = m.string[m.start() - 1] if m.start() else ""
    context = _clock_context(m, before)
    if b != a + 1 or not context:
        return None
    return Partial(hour=a, until=Partial(hour=b, whole_hour=True))


@rule("cantonese-clock", r"(?P<part>晏昼)(?P<hour>十[一二]?|[一二三四五六七八九])点(?P<step>十一|[一二三四五六七八九十])"
      r"(?![0-9分秒一二三四五六七八九十个])", "昼")
def cantonese_clock(m: re.Match[str]) -> Partial:
    """晏晝三點三 = 15:15: after the Cantonese 晏晝 a bare digit after the hour counts five-minute
    steps, as 三點踏三 does.  Without such a marker 三點三 stays unread (3:03 or 3:30 in Mandarin)."""
    return Partial(part_of_day="晏昼", hour=cn_int(m["hour"]), minute=5 * cn_int(m["step"]))


TIME_RULES = (part_of_day, glued_part_of_day, cantonese_clock, clock, clock_colon, clock_range, adjacent_hours)
