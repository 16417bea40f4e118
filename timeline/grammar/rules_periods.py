"""Rules for named periods: quarters, seasons, festivals, five-year plans, decades and centuries."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from timeline.grammar.anchors import ANCHORS, anchor_named
from timeline.grammar.holidays import (
    ALL_FESTIVALS,
    LUNAR_FESTIVALS,
    NEW_YEARS_EVE,
    NOT_FLOOD_SEASON,
    festival_keys,
    fold_festival,
    spellings,
    trie_pattern,
)
from timeline.grammar.numerals import cn_int
from timeline.grammar.patterns import NOT_AFTER_CN, NOT_AFTER_DIGIT
from timeline.grammar.rulebase import Partial, alternation, key_chars, rule

QUARTER_NUMBERS: Mapping[str, int] = MappingProxyType({"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4, "首": 1})


@rule("quarter", rf"{NOT_AFTER_DIGIT}(?<![一二三四五六七八九十])(?<!前)(?:第)?(?P<q>[一二三四1-4首])(?:、?(?P<q2>[二三四]))?季度"
      r"(?P<quarter_part>初|末|末期)?|Q(?P<qq>[1-4])(?:季度)?(?![0-9])", "季Q")
def quarter(m: re.Match[str]) -> Partial | None:
    q = QUARTER_NUMBERS[m["q"] or m["qq"]]
    if m["q2"]:  # 一二季度, 三、四季度: two consecutive quarters, one range
        q2 = QUARTER_NUMBERS[m["q2"]]
        return Partial(quarter=q, until=Partial(quarter=q2)) if q2 == q + 1 and not m["quarter_part"] else None
    return Partial(quarter=q, quarter_part=m["quarter_part"])


# 冬季常面临…, 夏季往往多雨: a season with a habitual adverb after it is every such season, no date
@rule("season", r"(?<![春夏秋冬立])(?P<season>春|夏|秋|冬)(?:季|天)(?![度节风装奥运达攀]|常|经常|往往|通常|一般|时常|多发|易发)", "季天")
def season(m: re.Match[str]) -> Partial:
    return Partial(season=m["season"])


# 2021年春, 今年冬以来: a one-character season right after a written year, closed by punctuation
# or a bound (2021年春节, 2019年春晚, 少年春 are other words).
@rule("year-season", r"(?<=[0-9〇零一二三四五六七八九今明去前后]年)(?P<season>春|夏|秋|冬)"
      r"(?=[，。,.;；、：:\s）)”\"]|$|以来|以后|之后|起|开始|期间)", "春夏秋冬")
def year_season(m: re.Match[str]) -> Partial:
    return Partial(season=m["season"])


@rule("season-pair", r"(?<![春夏秋冬])(?:(?P<this>今)(?P<first>冬)(?P<next>明)(?P<second>春)"
      r"|(?P<a>春|夏|秋|冬)(?P<b>夏|秋|冬)(?:季|两季))(?![度节风装奥运])", "季春冬")
def season_pair(m: re.Match[str]) -> Partial | None:
    if m["this"]:  # 今冬明春: this winter and next spring
        return Partial(season="冬", year_rel=0, until=Partial(season="春", year_rel=1))
    order = "春夏秋冬"
    if order.index(m["b"]) != order.index(m["a"]) + 1:
        return None
    return Partial(season=m["a"], until=Partial(season=m["b"]))


# A plan is “十四五” in quotes, or bare 十X五 / X五 followed by a plan word.
PLAN_NUM = r"(?P<plan>十[一二三四五六七八九]|[一二三四五六七八九十])"
PLAN_TAIL = r"(?P<plan_part>时期|期间|初期|中期|末期|初|末|开局之年|收官之年|规划期)"


@rule("plan", rf"(?:[“\"「『‘]{PLAN_NUM}五[”\"」』’]"
      rf"|{NOT_AFTER_CN}(?P<plan2>十[一二三四五六七八九])五(?![0-9一二三四五六七八九十百千万年月日号个次项条%]))"
      rf"{PLAN_TAIL}?", "五")
def plan(m: re.Match[str]) -> Partial | None:
    n = cn_int(m["plan"] or m["plan2"])
    return Partial(plan=n, plan_part=m["plan_part"]) if 1 <= n <= 20 else None


@rule("mid-century", r"(?:本|21|二十一)世纪中叶|本世纪中期", "纪")
def mid_century(m: re.Match[str]) -> Partial:
    return Partial(mid_century=True)


DECADE_PART = r"(?P<decade_part>初期|初|末期|末|中期|前期|后期)"


@rule("decade", rf"(?:(?P<century>[0-9]{{2}}|[一二]?十[一二三四五六七八九]?|[一二三四五六七八九])世纪|(?P<last>上世纪|上个世纪)|(?P<this>本世纪))?"
      rf"(?P<decade>{NOT_AFTER_DIGIT}[1-9]0|{NOT_AFTER_CN}[一二三四五六七八九]十)年代{DECADE_PART}?", "代")
def decade(m: re.Match[str]) -> Partial:
    century = cn_int(m["century"]) if m["century"] else None
    return Partial(century=century, century_rel=-1 if m["last"] else 0 if m["this"] else None, decade=cn_int(m["decade"]),
                   decade_part=m["decade_part"])


CENTURY_SHIFTS: Mapping[str, int] = MappingProxyType({"本": 0, "上": -1, "上个": -1, "下": 1, "下个": 1})


@rule("century", r"(?:(?P<century>[0-9]{2}|[一二]?十[一二三四五六七八九]?|[一二三四五六七八九])|(?P<shift>本|上个?|下个?))"
      r"世纪(?P<century_part>初|末|上半叶|下半叶|中叶)?(?![0-9一二三四五六七八九十]+年代)"
      # a name that starts with the century (21世纪不动产, 21世纪经济报道): the match would end inside it
      r"(?!不动产|经济报道|报|教育|英语|中学|小学|学校|公司|集团|大厦|广场|酒店|影城|出版社|传媒|网)", "纪")
def century(m: re.Match[str]) -> Partial | None:
    if m["shift"] is not None:
        if m["shift"] == "本" and m["century_part"] == "中叶":
            return None  # 本世纪中叶: the mid-century rule
        return Partial(century_rel=CENTURY_SHIFTS[m["shift"]], century_part=m["century_part"])
    return Partial(century=cn_int(m["century"]), century_part=m["century_part"])


# 十一 / 五一 / 七一 / 八一 / 六一 / 三八 / 五四 are only festivals with a word after them (六一前夕,
# 三八节); bare they are numbers, and 三八红旗手, 五四精神 name no day.
NUMERIC_FESTIVALS = ("十一", "五一", "七一", "八一", "六一", "三八", "五四")
FESTIVAL_WORDS = trie_pattern(f for f in ALL_FESTIVALS if f not in NUMERIC_FESTIVALS)  # ~400 names: a trie, not 400 branches
FESTIVAL_KEYS = festival_keys(f for f in ALL_FESTIVALS if f not in NUMERIC_FESTIVALS) + "假期周节夕"
# 假期最后一天, 长假第三天, 黄金周首日: one day of the break (issue 13)
BREAK_DAY = r"(?P<break_day>最后一天|首日|第(?:[一二三四五六七八九十]|[1-9])天)"
# 春运首日, 国庆第三天, 斋月最后一天: one day of the festival itself, counted from its first day
OWN_DAY = r"(?P<own_day>最后一天|首日|第(?:[一二三四五六七八九十]|[1-9])天)"
HOLIDAY_PART = (rf"(?:(?P<break_part>小长假|长假|假期|黄金周)(?:{BREAK_DAY}|期间)?|{OWN_DAY}"
                r"|(?P<holiday_part>期间|前后|前夕|当天|当日|节日|前夜|前一天|前一日|翌日|次日|第二天|后一天|后一日))")


# 政治清明, 吏治清明: "clean", not the festival.
@rule("festival", rf"(?:(?<![兰历教太木])(?<!政治)(?<!吏治)(?<!神志)(?:(?P<name>{FESTIVAL_WORDS})|(?:农历|阴历)(?P<lunar_name>{FESTIVAL_WORDS}))(?!上河图)"
      rf"|{NOT_AFTER_CN}[“\"]?(?P<num>十一|五一|七一|八一|六一|三八|五四)[”\"]?(?=小长假|长假|假期|黄金周|期间|前后|前夕|当天|节))"
      rf"(?P<jie>节|節)?{HOLIDAY_PART}?", FESTIVAL_KEYS)
def festival(m: re.Match[str]) -> Partial | None:
    if m["lunar_name"] and m["lunar_name"] not in LUNAR_FESTIVALS and m["lunar_name"] not in NEW_YEARS_EVE:
        return None  # 农历元宵 says what 元宵 is already; 农历 before a solar festival is not a date we read
    name = m["name"] or m["lunar_name"] or m["num"]
    if name.endswith("汛期") and m.string[m.start() - 1:m.start()] in NOT_FLOOD_SEASON:
        return None
    part = m["break_part"] or m["holiday_part"]
    day_text = m["break_day"] or m["own_day"]
    break_day = None if not day_text else -1 if day_text == "最后一天" else 1 if day_text == "首日" else cn_int(day_text[1:-1])
    return Partial(holiday=name, holiday_part=part, break_day=break_day)


# The solar terms other than 清明 (a festival): each with the guards its characters need where
# they also spell other words.  name -> (characters that must not come before it, what must
# not (or, for a weather word, must) come after it).  Every such word is a `none` corpus line.
_LI_WORDS = "成设建树确独创对订自挺站矗林起中孤屹鼎伫耸并公私国市省县区而另册拥竖直倒"  # 设立 + 春耕
_HOT_WORDS = r"(?!期(?!间)|假|热|天)"  # 暑期, 暑假, 暑热, 大暑天
_WEATHER = r"(?=节气|时节)"  # 小雪, 大雪, 雨水 are also light snow, heavy snow and rainfall
SOLAR_TERM_GUARDS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "立春": (_LI_WORDS, ""), "立夏": (_LI_WORDS, ""), "立秋": (_LI_WORDS, ""), "立冬": (_LI_WORDS, ""),
    # 青春分享, 金秋分外
    "春分": ("青新开早迎阳回暮初仲深中金晚千麦入立", r"(?![享配析别组批工布类散担摊离发解裂数钟秒子化行会局区队管流项档段层级支店部拆红利成外])"),
    "秋分": ("青新开早迎阳回暮初仲深中金晚千麦入立", r"(?![享配析别组批工布类散担摊离发解裂数钟秒子化行会局区队管流项档段层级支店部拆红利成外])"),
    # 华夏至今, 入冬至今, 今冬至明春
    "夏至": ("华今去入初隆严寒深盛仲立", r"(?![今明次翌来春夏秋冬年])"),
    "冬至": ("华今去入初隆严寒深盛仲立", r"(?![今明次翌来春夏秋冬年])"),
    "小寒": ("", r"(?![潮流风冷])"), "大寒": ("", r"(?![潮流风冷])"),  # 大寒潮
    "小暑": ("", _HOT_WORDS), "大暑": ("", _HOT_WORDS), "处暑": ("到各何此四远近深住办相", _HOT_WORDS),  # 到处暑气
    "小满": ("", r"(?![足意载员座仓])"),  # 小满足
    "谷雨": ("山河峡深幽溪空低稻", r"(?![水季量雾])"),  # 山谷雨雾
    "寒露": ("饥", ""), "惊蛰": ("", ""), "芒种": ("", ""), "白露": ("", ""), "霜降": ("", ""),
    "雨水": ("", _WEATHER), "小雪": ("", _WEATHER), "大雪": ("", _WEATHER),
})


def _solar_term_words() -> str:
    branches = []
    for name, (before, after) in SOLAR_TERM_GUARDS.items():
        words = alternation(spellings(name))
        branches.append((f"(?<![{before}])" if before else "") + f"(?:{words}){after}")
    return "|".join(branches)


# 冬至日, 冬至节, 夏至日 are the day's own names; 节气/时节 may follow any term.
SOLAR_TERM_SUFFIX = r"(?:节气|时节|(?<=[冬夏]至)日|(?<=冬至)节)"
SOLAR_TERM_KEYS = "寒春蛰蟄雨夏满滿芒暑處秋露霜冬雪"


@rule("solar-term", rf"(?P<term>{_solar_term_words()}){SOLAR_TERM_SUFFIX}?(?P<holiday_part>期间|前后|前夕|当天|当日|前一天|翌日|次日|第二天)?",
      SOLAR_TERM_KEYS)
def solar_term(m: re.Match[str]) -> Partial:
    """冬至, 2021年小寒 (with the year before it), 立春前: a solar term's day, read as a festival."""
    return Partial(holiday=fold_festival(m["term"]), holiday_part=m["holiday_part"])


# An anchor event dates a span only with a bound after it: 十八大以来, 十九届五中全会期间.
EVENT_NAMES = alternation(alias for a in ANCHORS for alias in a.aliases)
EVENT_KEYS = key_chars(alias for a in ANCHORS for alias in a.aliases)


@rule("anchor-event", rf"(?<![一二三四五六七八九十〇零两])(?P<name>{EVENT_NAMES})(?:胜利)?(?:召开|闭幕)?"
      r"(?:(?P<during>期间)|(?=以来|前|后|之前|之后))", EVENT_KEYS)
def anchor_event(m: re.Match[str]) -> Partial:
    return Partial(event=anchor_named(m["name"]).name, holiday_part=m["during"])


# The Yangtze's ten-year fishing ban, in force on its main stem and key tributaries from 2021-01-01
# (农业农村部 notice 2019 No. 4): 禁渔以来 in news counts from that day.  Only with 以来, and not after
# other waters or a season (黄河禁渔, 伏季禁渔, 禁渔期间 are seasonal bans).  Not an anchor event:
# articles announcing the ban were written before it, so it says nothing of an article's date.
@rule("fishing-ban", r"(?<![河湖海江季期])(?:长江(?:流域)?)?(?:十年)?禁渔(?=以来)", "渔")
def fishing_ban(m: re.Match[str]) -> Partial:
    return Partial(year=2021, month=1, day=1)


PERIOD_RULES = (anchor_event, fishing_ban, quarter, season, year_season, season_pair, plan, mid_century, decade, century, festival,
                solar_term)
