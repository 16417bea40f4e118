"""The shapes of the grammar: a Partial (the fields a text wrote) and a Rule (name, pattern, producer)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, fields
from re import _constants as sre  # type: ignore[attr-defined]  # parsed-pattern node types (CPython 3.11+)
from re import _parser as sre_parse  # type: ignore[attr-defined]  # typeshed has only the deprecated sre_parse
from types import MappingProxyType, SimpleNamespace
from typing import TYPE_CHECKING, Any

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
    until: Partial | None = None

    if not TYPE_CHECKING:  # type checkers see the generated keyword __init__; dataclass keeps this one
        __init__ = SimpleNamespace.__init__

    def set_fields(self) -> dict[str, Any]:
        """The fields that are set: neither None nor False."""
        return {name: value for name, value in self.__dict__.items() if value is not None and value is not False}

    def ranks(self) -> list[int]:
        """FIELD_RANK of each set field that has one."""
        return [FIELD_RANK[name] for name, value in self.__dict__.items()
                if name in FIELD_RANK and value is not None and value is not False]

    def names_year_or_month(self) -> bool:
        """Whether it writes a year or a month (2022年, 上月): what 前两个月 / 最后五天 count inside."""
        return any(v is not None for v in (self.year, self.year_short, self.year_rel, self.month, self.month_rel))

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
    # Character sets every match takes at least one character of (required_chars): a text
    # missing one of them cannot match, and the scan skips the rule without a search.
    needs: tuple[frozenset[str], ...] = ()


# Every match lies within WINDOW characters of one of its rule's key characters: the resolver
# scans only windows that wide around the keys (compose.windows).
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
    # a cluster of key characters, each within two windows of the next (see compose.windows)
    key_re = re.compile(f"[{key_class}](?:[^{key_class}]{{0,{2 * WINDOW}}}[{key_class}])*")

    def wrap(produce: Producer) -> Rule:
        return Rule(name, compiled, produce, keys, frozenset(keys), key_re, required_chars(pattern))

    return wrap


# The first-character check.  Most rule patterns open with look-behinds or alternatives, so
# the regex engine has no prefix to skip ahead with and tries the whole pattern at every
# position of a text; a look-ahead for the characters a match can start with turns most
# positions away at once.  Every rule a text keys is searched, most find nothing, and the
# searches were about a fifth of a short text's time.

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}


class _Opaque(Exception):
    """A pattern node whose first character first_chars does not work out (a back-reference, ".")."""


def _class_items(items: list[tuple[Any, Any]]) -> list[str]:
    """The items of a parsed [...] class as class syntax; a negated class is opaque."""
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            raise _Opaque(op)
    return out


def _first_of_sequence(nodes: Iterable[tuple[Any, Any]]) -> tuple[list[str], bool]:
    """The class items a match of the node sequence can start with, and whether it can be empty."""
    firsts: list[str] = []
    for op, av in nodes:
        items, can_be_empty = _first_of_node(op, av)
        firsts += items
        if not can_be_empty:
            return firsts, False
    return firsts, True


def _first_of_node(op: Any, av: Any) -> tuple[list[str], bool]:
    if op is sre.LITERAL:
        return [re.escape(chr(av))], False
    if op is sre.IN:
        return _class_items(av), False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return [], True  # consumes nothing: the match goes on with the next node
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        if add_flags or del_flags:  # (?i:...), (?a:...): the class below would not mean the same
            raise _Opaque(op)
        return _first_of_sequence(body.data)
    if op is sre.ATOMIC_GROUP:
        return _first_of_sequence(av.data)
    if op is sre.BRANCH:
        firsts, can_be_empty = [], False
        for branch in av[1]:
            items, empty = _first_of_sequence(branch.data)
            firsts += items
            can_be_empty = can_be_empty or empty
        return firsts, can_be_empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, body = av
        items, empty = _first_of_sequence(body.data)
        return items, empty or low == 0
    raise _Opaque(op)


def first_chars(pattern: str) -> str | None:
    """The body of a character class holding the first character of every non-empty match of
    `pattern`, or None when the pattern can match empty, sets flags, or has a node not worked out."""
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags != re.UNICODE:  # (?i), (?x)... at the start; a str pattern is UNICODE
        return None
    try:
        items, can_be_empty = _first_of_sequence(parsed.data)
    except _Opaque:
        return None
    return None if can_be_empty or not items else "".join(dict.fromkeys(items))


# The character checks.  A rule a text keys is searched even when the text lacks what the
# rule needs besides its key (民国 for roc-year, 最/近/过/未 for count-span, a "/" for
# slash-month-day); more than half of those searches find nothing, at a third of a µs each.
# The sets each match must hit are read off the parsed pattern, as first_chars reads the first.

MAX_RANGE = 5000  # a class range wider than this (a CJK block) is not spelled out: no check


def _class_set(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The characters of a parsed [...] class, None for a negated, category or very wide one."""
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] <= MAX_RANGE:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None
    return frozenset(chars)


def _needs_of_sequence(nodes: Iterable[tuple[Any, Any]]) -> list[frozenset[str]]:
    needs: list[frozenset[str]] = []
    for op, av in nodes:
        needs += _needs_of_node(op, av)
    return needs


def _needs_of_node(op: Any, av: Any) -> list[frozenset[str]]:
    """Sets of characters every match of the node takes one of; [] where that is unknown.
    Look-arounds, anchors and back-references consume nothing of their own: no set."""
    if op is sre.LITERAL:
        return [frozenset(chr(av))]
    if op is sre.IN:
        chars = _class_set(av)
        return [chars] if chars else []
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        return [] if add_flags or del_flags else _needs_of_sequence(body.data)
    if op is sre.ATOMIC_GROUP:
        return _needs_of_sequence(av.data)
    if op is sre.BRANCH:  # one character of some branch's smallest set
        union: set[str] = set()
        for branch in av[1]:
            needs = _needs_of_sequence(branch.data)
            if not needs:
                return []
            union |= min(needs, key=len)
        return [frozenset(union)]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, body = av
        return _needs_of_sequence(body.data) if low >= 1 else []
    return []


def required_chars(pattern: str) -> tuple[frozenset[str], ...]:
    """Character sets such that every match of `pattern` holds a character of each:
    required_chars("民国[0-9]{1,2}年") -> ({民}, {国}, {0..9}, {年}).  () when flags are set."""
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags != re.UNICODE:
        return ()
    return tuple(dict.fromkeys(_needs_of_sequence(parsed.data)))


def compile_checked(pattern: str) -> re.Pattern[str]:
    """re.compile(pattern) behind a look-ahead for its first character: the same matches, found sooner.

    A match of `pattern` at a position starts with the character there, so the look-ahead
    fails only where `pattern` cannot match.  Plain re.compile when first_chars() gives None.
    """
    firsts = first_chars(pattern)
    return re.compile(pattern if firsts is None else f"(?=[{firsts}])(?:{pattern})")


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
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
