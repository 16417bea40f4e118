"""The core values of timeline: frozen, slotted, used from the resolver to every export.

A `TimeSpan` is the one type for a resolved time. Ends are exclusive, as DTEND is in
RFC 5545, so consecutive spans meet without gaps and the ICS export needs no conversion.
Day-grain and coarser spans hold `date`s; finer ones hold aware `datetime`s in
Asia/Shanghai unless the text said otherwise.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum, IntEnum
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Grain(IntEnum):
    """How precise a span is, ordered from fine to coarse (Duckling's TimeGrain)."""

    SECOND = 0
    MINUTE = 1
    HOUR = 2
    PART_OF_DAY = 3  # 上午, 下午, 晚上
    DAY = 4
    WEEK = 5
    PART_OF_MONTH = 6  # 上旬, 中旬, 月底, 月初
    MONTH = 7
    QUARTER = 8
    SEASON = 9
    HALF_YEAR = 10
    YEAR = 11
    PLAN = 12  # a five-year plan period
    DECADE = 13  # N年代, 本世纪中叶

    @property
    def label(self) -> str:
        return self.name.lower()


class Role(Enum):
    """What the text says about the span."""

    POINT = "point"  # it happens within the span: 11月30日
    RANGE = "range"  # it lasts the whole span: “十四五”时期, 12月1日至3日
    DEADLINE = "deadline"  # from when it was stated until it is due: 2022年6月底前
    SINCE = "since"  # from a start onwards: 十八大以来, 从明年起
    DURATION = "duration"  # a length anchored at the reference: 三天
    SET = "set"  # a recurrence: 每周一

    @property
    def label(self) -> str:
        return self.value


class Certainty(Enum):
    EXACT = "exact"  # the text wrote every field
    INFERRED = "inferred"  # a field, or the whole span, depends on the reference date
    FUZZY = "fuzzy"  # a table chose the edges: 底, 初, 中旬, 上半年

    @property
    def label(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """A resolved time: [start, end_exclusive) with its grain, role, certainty and source text.

    For a DEADLINE, `start` is the reference date (the day the requirement was stated, or
    the bound itself when that lies earlier) and `due` is the last day it may be met.
    """

    start: date | datetime
    end_exclusive: date | datetime
    grain: Grain
    role: Role
    certainty: Certainty
    text: str  # the matched characters exactly as they appear in the resolved text
    offset: int  # index of `text` in the resolved text
    rule: str = ""  # the grammar rule that produced it; `timeline resolve` and `explain` show it

    def __post_init__(self) -> None:
        if type(self.start) is not type(self.end_exclusive):  # datetime is a subclass of date
            raise TypeError(f"{self.text!r}: mixed date and datetime")
        if isinstance(self.start, datetime) and self.start.tzinfo is None:
            raise ValueError(f"{self.text!r}: naive datetime")
        if not self.start < self.end_exclusive:
            raise ValueError(f"{self.text!r}: empty span")
        if self.offset < 0:
            raise ValueError(f"{self.text!r}: negative offset")

    @classmethod
    def checked(cls, start: date | datetime, end_exclusive: date | datetime, grain: Grain, role: Role,
                certainty: Certainty, text: str, offset: int, rule: str = "") -> TimeSpan:
        """TimeSpan(...) at about half the cost, with the same checks and errors.

        The frozen dataclass's __init__ sets each field through object.__setattr__, a call per
        field; the resolver builds a span per mention.  This sets the slots directly.
        """
        span = _new(cls)
        _SET_START(span, start)
        _SET_END(span, end_exclusive)
        _SET_GRAIN(span, grain)
        _SET_ROLE(span, role)
        _SET_CERTAINTY(span, certainty)
        _SET_TEXT(span, text)
        _SET_OFFSET(span, offset)
        _SET_RULE(span, rule)
        span.__post_init__()
        return span

    @property
    def end(self) -> int:
        """Index just past `text` in the resolved text."""
        return self.offset + len(self.text)

    @property
    def timed(self) -> bool:
        return isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        """The last calendar day the span touches (inclusive)."""
        end = self.end_exclusive
        if isinstance(end, datetime):
            return (end - timedelta(microseconds=1)).date()
        return end - timedelta(days=1)

    @property
    def due(self) -> date:
        """The last day (inclusive) of the span: for a deadline, the day it is due."""
        return self.last_day


# TimeSpan.checked's slot setters (member descriptors: they bypass the frozen __setattr__).
_new = object.__new__
(_SET_START, _SET_END, _SET_GRAIN, _SET_ROLE, _SET_CERTAINTY, _SET_TEXT, _SET_OFFSET, _SET_RULE) = (
    TimeSpan.__dict__[name].__set__
    for name in ("start", "end_exclusive", "grain", "role", "certainty", "text", "offset", "rule"))
if tuple(TimeSpan.__slots__) != ("start", "end_exclusive", "grain", "role", "certainty", "text", "offset", "rule"):
    raise TypeError("TimeSpan.checked sets every field: keep it in step with the fields")


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a news file, with the reference date its relative dates are read against."""

    id: str  # ids.article_id: from its file and title (or record URL), not its text
    source: str  # path as given to build, e.g. seeds/000_c2943cd1c302380c.txt
    index: int  # position within the file (the seed file holds six articles)
    title: str
    body: str  # normalised text; every span offset points into it
    reference: date
    reference_note: str  # why: "--published", "explicit 2020年11月30日", "anchor 十九届五中全会"
    reference_certainty: Certainty
    bylines: tuple[str, ...] = ()  # people named in bylines: (阮现武 董浩)
    # Piecewise map from body index to decoded-file index: sorted (body_index, file_index)
    # breakpoints. Rejoined paragraphs and dropped blank lines make the body differ from the file.
    offset_map: tuple[tuple[int, int], ...] = ((0, 0),)
    warnings: tuple[str, ...] = ()
    url: str = ""  # the page, record or feed entry it came from, when the input names one

    def file_offset(self, body_index: int) -> int:
        """Character offset in the decoded source file of `body[body_index]`."""
        keys = [b for b, _ in self.offset_map]
        i = bisect.bisect_right(keys, body_index) - 1
        body_start, file_start = self.offset_map[max(i, 0)]
        return file_start + (body_index - body_start)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article body and where it starts in that body."""

    text: str
    offset: int  # index of `text` in Article.body

    @property
    def end(self) -> int:
        return self.offset + len(self.text)


class EventKind(Enum):
    EVENT = "event"  # something that happens on a date: a meeting, inspection, visit
    DEADLINE = "deadline"  # a commitment to finish by a date
    PLAN = "plan"  # a long-range goal: 到2035年, 本世纪中叶, “十四五”时期


class Category(Enum):
    MEETING = "meeting"
    INSPECTION = "inspection"
    VISIT = "visit"
    CEREMONY = "ceremony"
    REPORT = "report"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a user can check an item: file, article, sentence and the time text as written."""

    source: str  # the file
    article_id: str
    article_index: int
    article_title: str
    sentence: str
    sentence_offset: int  # index of the sentence in Article.body
    text: str  # the time text as written
    span_offset: int  # index of `text` in Article.body
    file_offset: int  # index of `text` in the decoded source file
    url: str = ""  # the article's URL (a page, a record's url field, a feed entry's link)


@dataclass(frozen=True, slots=True)
class Event:
    """A dated item: an event, a deadline or a plan, with its evidence."""

    id: str
    kind: EventKind
    category: Category
    title: str
    when: TimeSpan
    evidence: Evidence
    people: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    @property
    def due_day(self) -> date:
        """The day the item falls due: an event the day it happens, a deadline or plan its last day."""
        return self.when.first_day if self.kind is EventKind.EVENT else self.when.due

    @property
    def sort_key(self) -> tuple[str, str]:
        """The order of items everywhere (the store's, every export's): by start, then by ID."""
        return self.when.start.isoformat(), self.id


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as the store keeps it: with the revision data calendar clients need."""

    event: Event
    sequence: int  # rises when the item's date or title changes between builds
    changed_at: datetime  # aware UTC; DTSTAMP and LAST-MODIFIED come from here, never the clock
    created_at: datetime = field(default=datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC")))
