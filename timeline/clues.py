"""Year and day clues of undated news beyond explicit dates: anniversaries, anchors named as the
present, years written in names and reviews, and the day a story calls 今天.

`timeline.reference` weighs them with its other clues. Each function reads arabic-digit text
(`reference.arabic_dates` has run) and returns plain values with a reason a reader can check.

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

import re
from collections.abc import Iterator
from dataclasses import dataclass

from timeline.grammar.numerals import cn_int

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
_REPORT_YEAR = re.compile(
    r"(?:公报|年报|年鉴|报告)[(（](?P<y>(?:19|20)\d\d)年?(?:度)?[)）]"
    r"|(?<!\d)(?P<y2>(?:19|20)\d\d)年(?:度)?[^。,;，；]{0,10}?(?:最终核实|统计公报|年度报告)"
)
_TODAY = re.compile(
    r"(?P<word>今天|今日|昨天|昨日|明天|明日)\s*[(（](?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日[)）]"
)
_DATELINE = re.compile(r"(?:新华社|本报|本台|中新社|人民网|央视网)?[\u4e00-\u9fff]{2,6}(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日电")
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
    for m in _REPORT_YEAR.finditer(text):
        year = int(m["y"] or m["y2"])
        yield YearClue(year + 1, f"report on {year}: {m.group()}")


def stated_days(text: str) -> Iterator[tuple[int, int, int, str]]:
    """(month, day, days to add, what was read) for each day a story names as today, yesterday
    or tomorrow, then datelines: `昨天(4月11日)` -> (4, 11, 1, "昨天(4月11日)")."""
    for m in _TODAY.finditer(text):
        yield int(m["m"]), int(m["d"]), _SHIFT[m["word"]], m.group()
    for m in _DATELINE.finditer(text):
        yield int(m["m"]), int(m["d"]), 0, m.group()
