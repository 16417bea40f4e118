"""One happening, one item: merge the items of an article that restate the same thing.

News states a happening more than once: a sub-headline and the lead (沈白高铁今日开通运营 /
沈阳至长白山高速铁路今天正式开通运营), a lead and a later sentence (隧道今天贯通 … 随着隧道今天贯通),
a date and its time in one sentence (今天上午，… 上午8时…). Each is one calendar item, with the
evidence of its first statement. Two items are the same happening when they have the same kind
(a deadline and a plan count as one kind) and the same day, and either come from one sentence or
their titles share a name: a run of SAME_NAME_MIN characters that is not only verbs, so two
openings on one day (地铁16号线开通运营, 高铁开通运营) stay two items. A later statement with a
finer time inside the first one's (今天上午 … 上午8点10分) gives the item its time and evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time

from timeline.extract.cues import COMPLETION_VERBS, VERB_HEADS
from timeline.types import SHANGHAI, Event, EventKind

SAME_NAME_MIN = 4
HEADLINE_MAX = 40  # characters of a line read as a sub-headline when it has no closing mark
SENTENCE_ENDS = ("。", "!", "?", "！", "？", "”", '"', ")", "）")

# Words that say what happened, not to what: cut out before titles are compared.
_VERB_WORDS = re.compile(
    "|".join(map(re.escape, sorted(set(COMPLETION_VERBS + VERB_HEADS + (
        "正式", "顺利", "成功", "举行", "召开", "发布", "开幕", "闭幕", "签署", "印发", "全线", "同步", "今天", "昨天",
    )), key=len, reverse=True)))
)
_NOT_NAME = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z]")


def _group(kind: EventKind) -> EventKind:
    return EventKind.DEADLINE if kind is EventKind.PLAN else kind


def _day(event: Event) -> object:
    return event.when.last_day if _group(event.kind) is EventKind.DEADLINE else event.when.first_day


def shares_name(a: str, b: str, least: int = SAME_NAME_MIN) -> bool:
    """Whether `a` and `b` share a run of `least` characters that holds no verb word.

    >>> shares_name("天山胜利隧道贯通", "随着天山胜利隧道这一关键工程贯通")
    True
    >>> shares_name("地铁16号线二期开通运营", "沈白高铁正式开通运营")
    False
    """
    a = _NOT_NAME.sub("|", _VERB_WORDS.sub("|", a))
    b = _NOT_NAME.sub("|", _VERB_WORDS.sub("|", b))
    return any(a[i:i + least] in b for i in range(len(a) - least + 1) if "|" not in a[i:i + least])


def same_happening(first: Event, later: Event) -> bool:
    """Whether `later` restates `first` (see the module docstring)."""
    if _group(first.kind) is not _group(later.kind) or _day(first) != _day(later):
        return False
    if first.when.last_day != later.when.last_day:
        return False  # 27日、28日停运… and 27日至30日停运…: two spells, two items
    # titles, not sentences: a later sentence may name the earlier subject in passing
    # (某某先生11日离世。当天上午，某某对某某先生辞世表示哀悼 are two items)
    return shares_name(first.title, later.title)


def one_per_happening(events: Sequence[Event]) -> list[Event]:
    """`events` in evidence order without the restatements: the first statement of each happening stays.

    Items with one ID (two identical sentences of an article) are one happening too.
    A sub-headline (a short line of its own, no closing 。) gives way to the body sentence that
    states the same kind of item on the same day, whatever the names: 沈白高铁今日开通运营 is
    the headline of 沈阳至长白山高速铁路今天正式开通运营.
    """
    # Every match but an equal ID needs the same kind group and day, and a match by name a run
    # of SAME_NAME_MIN characters both titles hold: each item is compared only with the kept
    # items of its (group, day) that are headlines or share such a run. Comparing with every
    # kept item was quadratic (an article of one long line holds thousands of items).
    kept: list[Event] = []
    by_id: dict[str, int] = {}
    by_run: dict[tuple[EventKind, object, str], set[int]] = {}
    headlines: dict[tuple[EventKind, object], set[int]] = {}

    def index(i: int, runs: set[str]) -> None:  # runs: _name_runs of the item's title
        item = kept[i]
        where = (_group(item.kind), _day(item))
        by_id[item.id] = i
        for run in runs:
            by_run.setdefault((*where, run), set()).add(i)
        if _headline(item):
            headlines.setdefault(where, set()).add(i)

    for event in sorted(events, key=lambda e: (e.evidence.span_offset, e.id)):
        where = (_group(event.kind), _day(event))
        candidates = set(headlines.get(where, ()))
        runs = _name_runs(event.title)
        for run in runs:
            candidates |= by_run.get((*where, run), set())
        if event.id in by_id:
            candidates.add(by_id[event.id])
        k = next((i for i in sorted(candidates) if kept[i].id == event.id or same_happening(kept[i], event)
                  or (_headline(kept[i]) and _group(kept[i].kind) is _group(event.kind)
                      and _day(kept[i]) == _day(event))), None)
        if k is None:
            kept.append(event)
            index(len(kept) - 1, runs)
        elif (_headline(kept[k]) and not _headline(event)) or _finer(event, kept[k]):
            kept[k] = event
            index(k, runs)  # the old entries stay: a superset of candidates, each checked above
    return kept


def _name_runs(title: str) -> set[str]:
    """The runs of SAME_NAME_MIN characters without a verb word that `shares_name` compares."""
    a = _NOT_NAME.sub("|", _VERB_WORDS.sub("|", title))
    return {a[i:i + SAME_NAME_MIN] for i in range(len(a) - SAME_NAME_MIN + 1) if "|" not in a[i:i + SAME_NAME_MIN]}


def _finer(later: Event, first: Event) -> bool:
    """Whether `later` times `first` more precisely: 今天上午 … 上午8点10分 is the 8:10 one."""
    a, b = later.when, first.when
    return (a.grain < b.grain and _instant(b.start) <= _instant(a.start)
            and _instant(a.end_exclusive) <= _instant(b.end_exclusive))


def _instant(value: date) -> datetime:
    """A day as its midnight in Shanghai, so days and times compare (a timed item inside a day item)."""
    return value if isinstance(value, datetime) else datetime.combine(value, time(0), SHANGHAI)


def _headline(event: Event) -> bool:
    text = event.evidence.sentence
    return len(text) <= HEADLINE_MAX and not text.endswith(SENTENCE_ENDS)
