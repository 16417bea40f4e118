"""The shapes of the grammar: a Partial (the fields a text wrote) and a Rule (name, pattern, producer)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, fields
from types import MappingProxyType, SimpleNamespace
from typing import TYPE_CHECKING, Any

from timeline.grammar.pattern_checks import Needs, compile_checked, required_chars

# How coarse a field is: a neighbour joins on the right only when it is finer (2022年 + 6月).
FIELD_RANK: Mapping[str, int] = MappingProxyType({
    "plan": 12, "century": 12, "century_rel": 12, "decade": 11, "mid_century": 11, "year": 10, "year_short": 10,
    "year_rel": 10, "year_part": 9, "half": 9, "half_rel": 9, "quarter": 9, "quarter_rel": 9, "season": 9,
    "month": 8, "month_rel": 8, "lunar_month": 8, "month_part": 7, "week_rel": 7, "week_half": 6, "week_of": 7,
    "day": 6, "year_day": 6, "day_rel": 6, "holiday": 6, "event": 6, "weekday": 5, "lunar_day": 6, "part_of_day": 3,
    "hour": 2, "minute": 1, "second": 0, "now": 0, "span_back": 7, "span_ahead": 7, "first": 7, "last": 7,
})


@dataclass(frozen=True)
class Partial(SimpleNamespace):
    """The fields a piece of text wrote, all optional; anchor() turns it into a TimeSpan.

    Relative fields (`year_rel`, `day_rel`, `shift`...) are offsets from the reference,
    read only by anchor().  `until` holds the second end of a range (12月1日至3日).

    A Partial is sparse: its instance dict holds only the fields passed to it, and a field
    not passed reads its default from the class.  A text writes two or three of the sixty
    fields; the frozen dataclass __init__ set all sixty one by one (about 5 µs, several
    times per resolve call).  SimpleNamespace's __init__, in C, stores the keywords as given;
    the frozen dataclass still forbids assigning a field afterwards.  It does not reject an
    unknown keyword at run time: type checkers check calls against the dataclass signature.
    """

    year: int | None = None
    year_short: int | None = None  # 98年, 03年: the century comes from the reference
    year_rel: int | None = None  # 今年 0, 明年 1, 去年 -1
    century: int | None = None  # 20世纪 -> 20
    century_part: str | None = None  # 中叶, 初, 末
    century_rel: int | None = None  # 上世纪 -> -1
    decade: int | None = None  # 80年代 -> 80 (within the century)
    decade_part: str | None = None
    mid_century: bool = False  # 本世纪中叶
    plan: int | None = None  # “十四五” -> 14
    plan_part: str | None = None  # 时期, 初, 末
    year_part: str | None = None  # 上半年, 年底, 年内
    half: int | None = None
    half_rel: int | None = None  # 上个半年 -> -1: the half-year before the reference's
    quarter: int | None = None
    quarter_rel: int | None = None
    quarter_part: str | None = None
    season: str | None = None
    month: int | None = None
    month_rel: int | None = None
    month_part: str | None = None  # 上旬, 底, 初
    lunar: bool = False
    lunar_month: int | None = None
    lunar_day: int | None = None
    leap: bool = False
    era: bool = False  # 康熙二十年: a reign year, whose months and days are lunar (read as written)
    week_rel: int | None = None  # 本周 0, 下周 1
    week_half: int | None = None  # 上半周 0 (Monday-Wednesday), 下半周 1 (Thursday-Sunday)
    week_of: int | None = None  # 第2周 (of the month or year)
    weekday: int | None = None  # Monday 0
    weekend: bool = False
    day: int | None = None
    day_rel: int | None = None  # 今天 0, 明天 1
    year_day: int | None = None  # 2025年第一天 -> 1: the Nth day of the year written before it
    holiday: str | None = None
    event: str | None = None  # an anchor event: 十八大 (timeline.grammar.anchors)
    holiday_part: str | None = None  # 期间, 假期, 前后
    break_day: int | None = None  # 假期第三天 -> 3, 假期最后一天 -> -1: one day of a holiday break
    part_of_day: str | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    shift: tuple[str, int] | None = None  # 3天后 -> ("day", 3): a point N units away
    span_back: tuple[str, int] | None = None  # 近30天, 过去三年: the N units up to the reference
    span_ahead: tuple[str, int] | None = None  # 未来7天, 下三天: the N units after the reference
    within: tuple[str, int] | None = None  # 两周内: a deadline N units after the reference
    first: bool = False  # 前两个月 after a year: the first N units of it
    whole: bool = False  # 上两个月: the N whole units before the current one
    last: bool = False  # 上月最后五天: the last N units of the period before it
    day_after: bool = False  # 20时至次日8时: the end of a range on the day after its start
    moved: tuple[str, int] | None = None  # 次日 after 4月12日 -> ("day", 1): the date copied from before, moved
    whole_hour: bool = False  # 七八点: a range's end hour counts whole (to 9 o'clock)
    now: bool = False  # 现在, 此刻: the reference second
    edge: str | None = None  # 前, 以来, 起, 截至... (set by compose)
    tense: int | None = None  # 将于 1, 已于 -1 (set by compose): a date without a year lies that way
    until: Partial | None = None

    if not TYPE_CHECKING:  # type checkers see the generated keyword __init__; dataclass keeps this one
        __init__ = SimpleNamespace.__init__

    # The three readers below loop in plain statements: a comprehension or a generator is a
    # function call of its own before Python 3.12, and compose, anaphora and anchoring call
    # them several times per mention.

    def set_fields(self) -> dict[str, Any]:
        """The fields that are set: neither None nor False."""
        out = {}
        for name, value in self.__dict__.items():
            if value is not None and value is not False:
                out[name] = value
        return out

    def ranks(self) -> list[int]:
        """FIELD_RANK of each set field that has one."""
        out = []
        for name, value in self.__dict__.items():
            if name in FIELD_RANK and value is not None and value is not False:
                out.append(FIELD_RANK[name])
        return out

    def names_year_or_month(self) -> bool:
        """Whether it writes a year or a month (2022年, 上月): what 前两个月 / 最后五天 count inside."""
        return (self.year is not None or self.year_short is not None or self.year_rel is not None
                or self.month is not None or self.month_rel is not None)

    def replace(self, **changes: Any) -> Partial:
        """dataclasses.replace for a sparse Partial: copies the written fields, not all sixty."""
        return Partial(**{**self.__dict__, **changes})


if any(f.default is MISSING for f in fields(Partial)):
    raise TypeError("every Partial field needs a plain default: a field not passed reads it from the class")

Producer = Callable[[re.Match[str]], Partial | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named grammar rule: a compiled pattern and the function that reads its match."""

    name: str
    pattern: re.Pattern[str]
    produce: Producer
    keys: str  # characters one of which every match contains: the scan runs only near them
    key_set: frozenset[str]
    key_re: re.Pattern[str]
    # What a text needs for a match (required_chars): a text that meets none of the
    # alternatives cannot match, and the scan skips the rule without a search.
    needs: Needs = ()


# Every match lies within WINDOW characters of one of its rule's key characters: the resolver
# scans only windows that wide around the keys (key_index.windows).
WINDOW = 12


def char_class(chars: Iterable[str]) -> str:
    """The body of a regex character class of `chars` (each once, escaped, sorted): `[...]`."""
    return "".join(re.escape(ch) for ch in sorted(set(chars)))


def rule(name: str, pattern: str, keys: str) -> Callable[[Producer], Rule]:
    """Decorate a producer into a Rule; rejects a pattern that matches the empty string.

    `keys` lists characters one of which every match contains (月 for the month rule); the
    resolver runs a rule only in windows around its keys, which is what keeps it fast.
    The Rule's pattern is `pattern` behind a check of its first character (compile_checked).
    """
    compiled = compile_checked(pattern)
    if compiled.fullmatch(""):
        raise ValueError(f"rule {name!r} matches the empty string")
    if not keys:
        raise ValueError(f"rule {name!r} has no key characters")

    key_class = char_class(keys)
    # a cluster of key characters, each within two windows of the next (see key_index.windows)
    key_re = re.compile(f"[{key_class}](?:[^{key_class}]{{0,{2 * WINDOW}}}[{key_class}])*")

    def wrap(produce: Producer) -> Rule:
        return Rule(name, compiled, produce, keys, frozenset(keys), key_re, required_chars(pattern, keys, COMMON_CHARS))

    return wrap


# Characters too common in news text to be a good key: 上午 is keyed on 午, not 上.
COMMON_CHARS = frozenset("上下中大会来前后间里日天明一二三今当本这个年月")


def key_chars(words: Iterable[str]) -> str:
    """One key character per word: its first uncommon character, else its last one."""
    keys = set()
    for word in words:
        keys.add(next((ch for ch in word if ch not in COMMON_CHARS), word[-1]))
    return "".join(sorted(keys))


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so the longest word wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
