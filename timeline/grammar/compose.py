"""Scan the rules over a text, keep the longest non-overlapping matches, join neighbours.

compose is Duckling's ruleIntersect: 11月23日 + 下午, 2022年6月 + 底前, 12月1日 + 至 + 3日.
No step here reads the reference date.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any, NamedTuple

from timeline.grammar.anaphora import SAME_DAY, anaphora
from timeline.grammar.key_index import KeyIndex, key_index, windows
from timeline.grammar.pattern_checks import compile_checked
from timeline.grammar.patterns import PREMISE, RANGE_JOIN
from timeline.grammar.rulebase import FIELD_RANK, Partial, Rule
from timeline.grammar.tables import EDGE_ROLES, NOT_BEFORE_TO, PREFIX_ROLES, SOURCE_AFTER, TENSE_BEFORE

SHORT_TEXT = 200  # shorter texts are scanned whole by each rule whose keys occur in them

JOIN_GAPS = frozenset({"", "的", " ", ",", "，"})
RANGE_GAP = re.compile(rf"(?:起|开始)?{RANGE_JOIN}")
SUFFIX = compile_checked(  # behind a check of the first character: most matches have no suffix
    rf"(?P<edge>或之前|或以前|及以前|及之前|之前|以前|前(?![期夕往进景列沿线端身任者所述后台面]|{PREMISE})|为止|止"
    r"|以内|之内|内(?![容部外地涵需存科蒙陆])|以来|起至今|至今|起(?![来草步诉义飞点])|开始"
    r"|或之后|或以后|及之后|及以后|以后|之后|后(?![期来续面者人方台勤盾代果])|後)"
)
COUNTS = frozenset({"shift", "within", "span_back", "span_ahead"})  # the fields _counts reads
COUNTS_AHEAD = frozenset({"shift", "within", "span_ahead"})  # a count a coarser left neighbour cannot take
# FIELD_RANK as a plain dict: a MappingProxyType's get() costs more.  NO_RANK stands above every rank.
RANKS = dict(FIELD_RANK)
NO_RANK = max(RANKS.values()) + 1
# The last characters of the PREFIX_ROLES words: a match after any other character has no prefix.
PREFIX_ENDS = frozenset(word[-1] for word, _ in PREFIX_ROLES)
TENSE_ENDS = frozenset(word[-1] for word, _ in TENSE_BEFORE)


class Match(NamedTuple):
    """A rule's match: where it is, what it wrote, and the rule's name.

    A NamedTuple: scan and the joining steps build several per text, and a frozen dataclass
    costs about twice as much to build.
    """

    start: int
    end: int
    partial: Partial
    rule: str


def scan(text: str, rules: tuple[Rule, ...], index: KeyIndex | None = None,
         *, prefilter: bool = True) -> list[Match]:
    """Every match of every rule whose producer accepts it, in rule order.

    Only rules with a key character in `text` run (`index` from key_index(rules) saves
    building it per call).  prefilter=False runs every rule over the whole text.
    """
    # No (span, rule) can come twice: rule names are unique, one rule's searches never repeat a
    # span, and windows() merges overlapping windows, so two windows never hold the same span.
    found: list[Match] = []
    if prefilter:
        wanted: Iterable[int] = (index if index is not None else key_index(rules)).wanted(text)
    else:
        wanted = range(len(rules))
    whole = [(0, len(text))] if not prefilter or len(text) <= SHORT_TEXT else None
    by_keys: dict[str, list[tuple[int, int]]] = {}
    for i in wanted:
        r = rules[i]
        spans = whole or by_keys.get(r.keys)
        if spans is None:
            spans = by_keys[r.keys] = windows(text, r.key_re)
        search, produce = r.pattern.search, r.produce
        for lo, hi in spans:
            # Each search goes on from the end of the match before, as finditer's do (a
            # look-behind still sees the text before it); no match starts at the very end.
            # Most rules a short text keys find nothing in it: one search() says so in about
            # half the time a finditer() takes to start and run dry.
            m = search(text, lo, hi)
            while m is not None:
                start, end = m.span()
                if start == end:  # an empty match: finditer knows what may follow it
                    _produce(r.pattern.finditer(text, start, hi), r, found)
                    break
                try:
                    partial = produce(m)
                except (ValueError, KeyError):
                    partial = None  # a numeral the producer cannot read (十四五 as a count): no match
                if partial is not None:
                    found.append(Match(start, end, partial, r.name))
                m = search(text, end, hi) if end < hi else None
    return found


def _produce(matches: Iterable[re.Match[str]], r: Rule, found: list[Match]) -> None:
    """Append to `found` each non-empty match of rule `r` its producer reads."""
    produce, name = r.produce, r.name
    for m in matches:
        start, end = m.span()
        if start == end:
            continue
        try:
            partial = produce(m)
        except (ValueError, KeyError):
            continue  # a numeral the producer cannot read (十四五 as a count): no match
        if partial is not None:
            found.append(Match(start, end, partial, name))


def _longest_then_leftmost(m: Match) -> tuple[int, int]:
    return m.start - m.end, m.start


def select(matches: list[Match]) -> list[Match]:
    """Longest first, then leftmost, then rule order: a non-overlapping subset, sorted by offset.

    `matches` come in rule order, and the sort is stable, so rule order breaks the last ties.
    """
    if len(matches) < 2:
        return matches  # nothing to overlap (most short texts)
    if len(matches) == 2:  # the next most common case, without a sort
        a, b = matches
        if a.end <= b.start or b.end <= a.start:
            return [a, b] if a.start < b.start else [b, a]
        return [b] if _longest_then_leftmost(b) < _longest_then_leftmost(a) else [a]
    # The chosen matches are disjoint and kept sorted by start, so their ends are sorted too: a
    # candidate overlaps one of them only if it overlaps the last one starting at or before it
    # or the first one starting after it.
    starts: list[int] = []
    chosen: list[Match] = []
    for m in sorted(matches, key=_longest_then_leftmost):
        i = bisect_right(starts, m.start)
        if (i and chosen[i - 1].end > m.start) or (i < len(chosen) and chosen[i].start < m.end):
            continue
        starts.insert(i, m.start)
        chosen.insert(i, m)
    return chosen


def _counts(p: Partial) -> bool:
    """Whether `p` wrote a count measured from the reference (3天后, 两周内, 近三年, 未来7天)."""
    return bool(p.shift or p.within or p.span_back or p.span_ahead)


def _joined(a: Partial, b: Partial) -> Partial | None:
    """`a` and its finer right-hand neighbour `b` as one partial, or None if they do not join."""
    if a.until or a.edge or b.edge:
        return None
    # Partial.set_fields() and the coarsest rank of `a`, the finest of `b` (FIELD_RANK), gathered
    # in plain loops: a comprehension is a function call of its own before Python 3.12.
    fa: dict[str, Any] = {}
    ra = NO_RANK
    for name, value in a.__dict__.items():
        if value is not None and value is not False:
            fa[name] = value
            rank = RANKS.get(name, NO_RANK)
            if rank < ra:
                ra = rank
    fb: dict[str, Any] = {}
    rb = -1
    for name, value in b.__dict__.items():
        if value is not None and value is not False:
            if name in fa:  # a field both wrote (`until` is not among a's fields here)
                return None
            fb[name] = value
            rank = RANKS.get(name, -1)
            if rank > rb:
                rb = rank
    if not COUNTS.isdisjoint(fa) and not (b.part_of_day or b.hour is not None):
        return None
    if not COUNTS_AHEAD.isdisjoint(fb):
        return None
    if ra == NO_RANK or rb == -1:  # one of them wrote no ranked field
        return None
    if (b.first or b.last) and not a.names_year_or_month():
        return None
    if ra <= rb:
        return None
    return Partial(**fa, **fb)


def _is_weekday_only(p: Partial) -> bool:
    return p.weekday is not None and set(p.set_fields()) <= {"weekday", "week_rel"}


def _aside(text: str, prev: Match, m: Match) -> Match | None:
    """A day and its weekday, one in brackets after the other, as one match dated by the day."""
    if text[prev.end:m.start] not in ("（", "(") or text[m.end:m.end + 1] not in ("）", ")"):
        return None
    has_day = any(f in prev.partial.set_fields() for f in ("day", "day_rel", "holiday"))
    if has_day and _is_weekday_only(m.partial):
        return Match(prev.start, m.end + 1, prev.partial, prev.rule)
    if _is_weekday_only(prev.partial) and "day" in m.partial.set_fields():
        return Match(prev.start, m.end + 1, m.partial, m.rule)
    if _is_relative_day(prev.partial) and "day" in m.partial.set_fields() and m.partial.part_of_day is None:
        # 今天（4月12日）, 今晚（7月31日）: the bracket dates the relative day, which keeps its part of day
        partial = m.partial.replace(part_of_day=prev.partial.part_of_day) if prev.partial.part_of_day else m.partial
        return Match(prev.start, m.end + 1, partial, m.rule)
    return None


def _is_relative_day(p: Partial) -> bool:
    return p.day_rel is not None and set(p.set_fields()) <= {"day_rel", "part_of_day"}


def asides(text: str, matches: list[Match]) -> list[Match]:
    """Merge a day and its restatement in brackets: 11月25日（星期三）, 周三（11月25日）, 今天（4月12日）."""
    out: list[Match] = []
    for m in matches:
        aside = _aside(text, out[-1], m) if out else None
        if aside is not None:
            out[-1] = aside
        else:
            out.append(m)
    return join(text, out) if len(out) < len(matches) else out


def _spaced_ok(gap: str, a: Partial, b: Partial) -> bool:
    """Whether a space or comma may separate `a` from `b`: before a time of day, or 2020年 6月."""
    return (b.hour is not None or b.part_of_day is not None
            or (gap == " " and a.year is not None and b.month is not None))


def join(text: str, matches: list[Match]) -> list[Match]:
    """Join each match with its finer right-hand neighbour: 2022年 + 6月底, 11月23日 + 下午."""
    out: list[Match] = []
    for m in matches:
        if out:
            prev = out[-1]
            gap = text[prev.end:m.start]
            if (gap == "" and text[m.start:m.end] in SAME_DAY and m.partial.day_rel == 0
                    and any(f in prev.partial.set_fields() for f in ("day", "holiday", "day_rel", "weekday"))):
                out[-1] = Match(prev.start, m.end, prev.partial, prev.rule)  # 12月1日当天
                continue
            if gap in JOIN_GAPS and (gap in ("", "的") or _spaced_ok(gap, prev.partial, m.partial)):
                joined = _joined(prev.partial, m.partial)
                if joined is not None:
                    out[-1] = Match(prev.start, m.end, joined, f"{prev.rule}+{m.rule}")
                    continue
        out.append(m)
    return out


def _range_ok(a: Partial, b: Partial) -> bool:
    if a.until or b.until or a.edge or b.edge:
        return False
    if _counts(a) or _counts(b):
        return False
    ra, rb = a.ranks(), b.ranks()
    if set(a.set_fields()) <= {"day", "hour", "minute", "part_of_day"} and a.day is not None \
            and b.day is not None and b.month is not None:
        return True  # 30日至12月2日: the first end borrows the month of the second
    if a.day_rel is not None and (b.day is not None or b.weekday is not None):
        return True  # 即日起至6月30日, 今天至下周五: from a day named from today to a day written
    return bool(ra and rb) and max(rb) <= max(ra)


def ranges(text: str, matches: list[Match]) -> list[Match]:
    """Join A 至 B into one match whose partial is A with `until` B: 12月1日至3日."""
    out: list[Match] = []
    for m in matches:
        if out:
            prev = out[-1]
            gap = text[prev.end:m.start]
            second = m.partial
            if second.day_rel == 1 and text.startswith(("次日", "翌日", "第二天"), m.start):
                second = second.replace(day_rel=None, day_after=True)  # 20时至次日8时
            # A与B之间, A到B之间: 之间 closes the range and belongs to it (issue 13)
            between = text.startswith("之间", m.end)
            if gap and (RANGE_GAP.fullmatch(gap) or between and gap in BETWEEN_GAPS) \
                    and (_range_ok(prev.partial, second) or second.day_after):
                out[-1] = Match(prev.start, m.end + 2 * between, prev.partial.replace(until=second), "range")
                continue
        out.append(m)
    return out


LIST_GAPS = frozenset({"，", ",", "、"})
BETWEEN_GAPS = frozenset({"与", "和", "及", "同", "跟"})


def day_lists(text: str, matches: list[Match]) -> list[Match]:
    """Consecutive days listed after a dated day, one range: 9月10号，11号，12号 -> 9月10日..12日."""
    out: list[Match] = []
    for m in matches:
        if out:
            prev = out[-1]
            first, p = prev.partial, m.partial
            last_day = first.until.day if first.until is not None else first.day
            # a bare day listed after a day (or a range of days) written as such
            listed = (text[prev.end:m.start] in LIST_GAPS and set(p.set_fields()) == {"day"}
                      and (first.until is None or set(first.until.set_fields()) == {"day"}))
            if (listed and last_day is not None
                    and p.day == last_day + 1 and first.edge is None and first.part_of_day is None and first.hour is None
                    and (first.until is not None or first.month is not None or first.month_rel is not None
                         or text[prev.end:m.start] == "、")):  # 27日、28日: two bare days listed
                out[-1] = Match(prev.start, m.end, first.replace(until=Partial(day=p.day)), "day-list")
                continue
            if listed and first.day is not None and (first.month is not None or first.month_rel is not None):
                # 9月10号，15号: a listed day takes the month of the day before it
                m = Match(m.start, m.end, p.replace(month=first.month, month_rel=first.month_rel, year=first.year,
                                                 year_rel=first.year_rel, year_short=first.year_short), m.rule)
        out.append(m)
    return out


def _has_year(p: Partial) -> bool:
    return any(v is not None and v is not False for v in (p.year, p.year_short, p.year_rel, p.plan,
                                                          p.mid_century, p.century, p.decade))


# 的 and a number after a time: the time qualifies a figure (2010年的6.9%).
QUANTITY_AFTER = re.compile(r"的\s?[0-9一二三四五六七八九十百千万两半]|\s?[0-9]")  # 2010年的6.9%, 2010年6.9%


def _prefix(text: str, p: Partial, start: int, end: int, limit_left: int) -> tuple[str | None, int]:
    """The role of a bound written just before `start` (截至, 到, 从), and where it starts."""
    for word, role in PREFIX_ROLES:
        s = start - len(word)
        if s >= limit_left and text.startswith(word, s):
            if word == "到" and (not _has_year(p) or (s > 0 and text[s - 1] in NOT_BEFORE_TO)):
                break
            if role == "from" and SOURCE_AFTER.match(text, end):
                break  # 从2023年某博览会上获悉: 从 governs the source, not the time
            if role != "deadline" or word in ("到", "直到"):
                # 从2010年的6.9%提高到2020年的8%: 从/到 govern the figure the time qualifies, not the time
                if QUANTITY_AFTER.match(text, end):
                    break
            return role, s
    return None, start


def _tensed(text: str, p: Partial, start: int, limit_left: int) -> Partial:
    """`p` with the tense written just before it (将于 1, 已于 -1), else `p` itself."""
    for word, tense in TENSE_BEFORE:
        s = start - len(word)
        if s >= limit_left and text.startswith(word, s):
            until = p.until.replace(tense=tense) if p.until is not None else None  # 将于7月5日至8日
            return p.replace(tense=tense, until=until)
    return p


def edges(text: str, matches: list[Match]) -> list[Match]:
    """Attach a bound written before or after a match: 截至…, …前, …以来, 从…起, 到2035年."""
    out: list[Match] = []
    recurs = "每" in text
    for i, m in enumerate(matches):
        p, start, end = m.partial, m.start, m.end
        limit_left = out[-1].end if out else 0
        limit_right = matches[i + 1].start if i + 1 < len(matches) else len(text)
        if recurs and "每" in text[max(limit_left, start - 3):start]:
            continue  # 每年3月, 每月15日: a recurrence, not a date
        if p.shift or p.within or p.span_back or p.span_ahead or p.now:  # _counts(p), or now
            out.append(m)  # 现在起 stays 现在: the extract keeps "now" as context, a bound would make it an item
            continue
        if start and text[start - 1] in TENSE_ENDS:  # else no tense word ends before it (most matches)
            p = _tensed(text, p, start, limit_left)
        prefix_role = None
        if start and text[start - 1] in PREFIX_ENDS:  # else no prefix word ends before it (most matches)
            prefix_role, start = _prefix(text, p, start, end, limit_left)
        edge = None
        sm = SUFFIX.match(text, end)
        if sm and sm.end() <= limit_right:
            word = sm["edge"]
            within_ok = word not in ("内", "以内", "之内") or (p.year_part is None and (
                p.year is not None or p.month is not None or p.year_rel is not None or p.month_rel is not None
                or (p.week_rel is not None and p.weekday is None)))
            if within_ok and not (word == "止" and prefix_role is None and p.until is None and
                                  not text.startswith("至", m.start - 1)):
                edge, end = EDGE_ROLES[word], sm.end()
        if edge is None and prefix_role is not None and not p.until:
            edge = prefix_role
        if edge is None:
            out.append(Match(start, end, p, m.rule) if start != m.start or p is not m.partial else m)
            continue
        if p.until and edge in ("deadline", "before", "by", "until", "from"):  # 自A至B止: the range already bounds it
            if edge == "before":  # 自A起到B之前: the range ends before B when B is past (anchoring)
                p = p.replace(until=p.until.replace(edge=edge))
            out.append(Match(start, end, p, m.rule))
            continue
        out.append(Match(start, end, p.replace(edge=edge), m.rule))
    return out


def compose(text: str, rules: tuple[Rule, ...], index: KeyIndex | None = None,
            *, prefilter: bool = True) -> list[Match]:
    """The matches of `text`, joined into mentions: scan, select, join, day lists, ranges, edges.

    prefilter=False runs every rule over the whole text (see timeline.resolver.resolve).
    """
    chosen = select(scan(text, rules, index, prefilter=prefilter))
    if len(chosen) > 1:  # the steps before edges join neighbours: a single match has none
        chosen = anaphora(text, ranges(text, day_lists(text, asides(text, join(text, chosen)))))
    return edges(text, chosen)
