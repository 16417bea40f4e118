"""Dated anchor events: the table behind `十八大以来` spans and the reference-date inference.

Each row is an event whose dates are public record. `start` is the first day, `end_exclusive`
the day after the last, as everywhere in timeline. Dependency-free on purpose: the resolver
and `timeline.reference` both import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache


@dataclass(frozen=True, slots=True)
class Anchor:
    """A named event with known dates, and the ways news text writes it."""

    name: str
    aliases: tuple[str, ...]  # literal spellings, the name first
    start: date
    end_exclusive: date

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end_exclusive.toordinal() - 1)

    @property
    def dates(self) -> str:
        """`2020-10-26..29`: the inclusive days, for notes a person reads."""
        last = self.last_day
        if last == self.start:
            return self.start.isoformat()
        if last.year == self.start.year and last.month == self.start.month:
            return f"{self.start.isoformat()}..{last.day:02d}"
        return f"{self.start.isoformat()}..{last.isoformat()}"


def _anchor(name: str, start: date, last: date, *aliases: str) -> Anchor:
    return Anchor(name, (name, *aliases), start, date.fromordinal(last.toordinal() + 1))


# Party congresses and plenums run on consecutive days; the closing day is when the
# communiqué is published, so text that discusses their 精神 is written on or after it.
ANCHORS: tuple[Anchor, ...] = (
    _anchor("新中国成立", date(1949, 10, 1), date(1949, 10, 1), "中华人民共和国成立"),
    _anchor("十一届三中全会", date(1978, 12, 18), date(1978, 12, 22)),
    _anchor("改革开放", date(1978, 12, 18), date(1978, 12, 22)),
    _anchor("香港回归", date(1997, 7, 1), date(1997, 7, 1)),
    _anchor("澳门回归", date(1999, 12, 20), date(1999, 12, 20)),
    _anchor("北京奥运会", date(2008, 8, 8), date(2008, 8, 24), "北京奥运"),
    _anchor("十八大", date(2012, 11, 8), date(2012, 11, 14), "党的十八大"),
    _anchor("十八届三中全会", date(2013, 11, 9), date(2013, 11, 12)),
    _anchor("十八届五中全会", date(2015, 10, 26), date(2015, 10, 29)),
    _anchor("十九大", date(2017, 10, 18), date(2017, 10, 24), "党的十九大"),
    _anchor("十九届四中全会", date(2019, 10, 28), date(2019, 10, 31)),
    _anchor("十九届五中全会", date(2020, 10, 26), date(2020, 10, 29)),
    _anchor("建党百年", date(2021, 7, 1), date(2021, 7, 1), "建党100周年", "中国共产党成立100周年"),
    _anchor("十九届六中全会", date(2021, 11, 8), date(2021, 11, 11)),
    _anchor("北京冬奥会", date(2022, 2, 4), date(2022, 2, 20)),
    _anchor("二十大", date(2022, 10, 16), date(2022, 10, 22), "党的二十大"),
    _anchor("二十届三中全会", date(2024, 7, 15), date(2024, 7, 18)),
)

# A congress number must not be the tail of a longer numeral: 十八大 inside 二十八大.
_NUMERALS = frozenset("一二三四五六七八九十〇零两")


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, Anchor]]:
    by_alias = {alias: anchor for anchor in ANCHORS for alias in anchor.aliases}
    alternation = "|".join(re.escape(a) for a in sorted(by_alias, key=len, reverse=True))
    return re.compile(alternation), by_alias


def find_anchors(text: str) -> list[tuple[int, Anchor]]:
    """Every anchor event named in `text`, as (offset, Anchor), leftmost first, longest spelling.

    >>> [(i, a.name) for i, a in find_anchors("党的十八大以来……学习十九届五中全会精神")]
    [(0, '十八大'), (11, '十九届五中全会')]
    """
    pattern, by_alias = _pattern()
    found = []
    # The numeral test is made here, not by a lookbehind at the head of the pattern: that would
    # keep re from skipping ahead to the aliases' first characters (15x slower). A spelling
    # after a numeral is passed over as the lookbehind would: the search goes on one character on.
    at = 0
    while m := pattern.search(text, at):
        start = m.start()
        if start and text[start - 1] in _NUMERALS:
            at = start + 1
            continue
        found.append((start, by_alias[m.group()]))
        at = m.end()
    return found


def anchor_named(name: str) -> Anchor:
    """The anchor whose name or alias is `name`; KeyError when there is none."""
    return _pattern()[1][name]
