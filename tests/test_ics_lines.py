"""Calendar items written by export/ics_lines.py are byte for byte what icalendar writes.

The oracle is icalendar itself: tests/ics_oracle.py keeps the Component builders the export
used before, and every comparison here is `oracle.to_ical() == our bytes`, over every item
of a real build of the seeds and over generated items full of characters that need escaping
or land on a fold.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar, vDDDTypes, vText
from icalendar.parser import Contentline

from tests.factories import make_event, make_span, sample_events, stored
from tests.ics_oracle import vevent, vtodo
from timeline import pipeline
from timeline.export import ics, ics_lines
from timeline.export.ics import (
    _vevent_bytes,
    _vtodo_bytes,
    references_from_store,
    render_ics,
)
from timeline.store import Store
from timeline.types import (
    SHANGHAI,
    Category,
    Certainty,
    Event,
    EventKind,
    Evidence,
    Grain,
    Role,
    StoredEvent,
    TimeSpan,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
REMIND = [(), (0,), (1,), (7, 1), (30, 7, 1), (30, 7, 1, 0), (400, 2)]


def assert_same(row: StoredEvent, remind_days: tuple[int, ...], refs: Mapping[str, str]) -> None:
    assert _vevent_bytes(row, ics._window(row.event), remind_days, refs) == vevent(row, remind_days, refs).to_ical()
    assert _vtodo_bytes(row, refs) == vtodo(row, refs).to_ical()


# -- every item of a real build --------------------------------------------------------------


Seed = tuple[list[StoredEvent], dict[str, str], Path]


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    """The stored items of a build of seeds/ (with VTODOs), their article references, and the exports folder."""
    tmp = tmp_path_factory.mktemp("seed-build")
    pipeline.build([SEEDS], db=tmp / "t.db", out=tmp / "out", root=SEEDS.parent, todo=True,
                   now=datetime(2020, 11, 30, tzinfo=UTC), today=date(2020, 11, 30), workers=1)
    with Store(tmp / "t.db") as store:
        rows = list(store.events())
        return rows, references_from_store(store, rows), tmp / "out"


@pytest.mark.parametrize("remind_days", REMIND, ids=str)
def test_every_item_of_a_seed_build_matches_icalendar(seed_build: Seed, remind_days: tuple[int, ...]) -> None:
    rows, refs, _ = seed_build
    assert len(rows) >= 10 and refs
    for row in rows:
        assert_same(row, remind_days, refs)
        assert_same(row, remind_days, {})


def test_the_seed_build_calendars_parse_back(seed_build: Seed) -> None:
    rows, _, out = seed_build
    due = {r.event.id for r in rows if ics._is_due_item(r.event)}
    for name, (_, kinds) in ics.FEEDS.items():
        cal = Calendar.from_ical((out / name).read_bytes())
        ids = {r.event.id for r in rows if kinds is None or r.event.kind in kinds}
        assert {str(e["UID"]) for e in cal.walk("VEVENT")} == {f"{i}@timeline" for i in ids}
        assert {str(t["UID"]) for t in cal.walk("VTODO")} == {f"{i}-todo@timeline" for i in ids & due}
        assert all(not c.errors for c in cal.walk())


def test_every_factory_item_matches_icalendar() -> None:
    timed_deadline = make_event(
        make_span(datetime(2020, 11, 30, 10, tzinfo=SHANGHAI), datetime(2020, 12, 1, 9, tzinfo=SHANGHAI),
                  text="明天上午9点前", grain=Grain.HOUR, role=Role.DEADLINE),
        kind=EventKind.DEADLINE, category=Category.OTHER)
    for event in [*sample_events(), timed_deadline]:
        for remind_days in REMIND:
            assert_same(stored(event), remind_days, {event.evidence.article_id: "2020-11-30（test）"})


# -- generated items -------------------------------------------------------------------------

# Characters that need escaping, that icalendar treats specially (\N, ^, CR), that are wide
# in UTF-8 (CJK, 4-byte emoji and a CJK extension character), and ordinary ones.
SPECIAL = list(";,\\\n\r^:\"N n'’ \t") + list("中文汉字“”、。（）：；，") + ["😀", "🇨", "🇳", "𠀀", "é", "\u2028"]
PIECES = st.one_of(st.sampled_from(SPECIAL), st.characters(codec="utf-8"),
                   st.sampled_from(["\\N", "\\\\N", "\\n", "\r\n", "\\,", "^^", "中文，" * 9]))
TEXT = st.lists(PIECES, max_size=40).map("".join)


@st.composite
def long_texts(draw: st.DrawFn) -> str:
    """An ASCII run of any length (so what follows starts at every offset of a fold) and then
    long mixed or CJK text."""
    lead = "x" * draw(st.integers(0, 80))
    body = draw(st.one_of(TEXT, st.text(st.sampled_from(["中", "文", "，", "😀", "\\", ";", "^", "a"]), max_size=120)))
    return lead + body


ZONES = [SHANGHAI, ZoneInfo("UTC"), ZoneInfo("Etc/UTC"), ZoneInfo("Europe/Berlin"), timezone(timedelta(hours=8)), UTC]


@st.composite
def spans(draw: st.DrawFn) -> TimeSpan:
    first = draw(st.dates(date(1970, 1, 1), date(2099, 12, 31)))
    if draw(st.booleans()):  # timed
        zone = draw(st.sampled_from(ZONES))
        start: date = datetime.combine(first, draw(st.times()), tzinfo=zone)
        end: date = start + draw(st.timedeltas(timedelta(seconds=1), timedelta(days=400)))
    else:
        start, end = first, first + timedelta(days=draw(st.integers(1, 4000)))
    return TimeSpan(start, end, draw(st.sampled_from(Grain)), draw(st.sampled_from(Role)),
                    draw(st.sampled_from(Certainty)), draw(TEXT), draw(st.integers(0, 10**6)),
                    rule=draw(st.sampled_from(["", "year-month-part", "r;1,\\"])))


NAMES = st.lists(st.one_of(st.just(""), TEXT), max_size=3).map(tuple)
STAMPS = st.datetimes(datetime(1970, 1, 2), datetime(2099, 1, 1), timezones=st.sampled_from([UTC, SHANGHAI]))


@st.composite
def stored_events(draw: st.DrawFn) -> StoredEvent:
    when = draw(spans())
    evidence = Evidence(source=draw(TEXT), article_id=draw(st.sampled_from(["a1", "a2"])),
                        article_index=draw(st.integers(0, 999)), article_title=draw(long_texts()),
                        sentence=draw(long_texts()), sentence_offset=draw(st.integers(0, 10**6)), text=when.text,
                        span_offset=when.offset, file_offset=draw(st.integers(0, 10**7)))
    event = Event(draw(st.text("0123456789abcdef-", min_size=1, max_size=30)), draw(st.sampled_from(EventKind)),
                  draw(st.sampled_from(Category)), draw(long_texts()), when, evidence,
                  people=draw(NAMES), projects=draw(NAMES), places=draw(NAMES))
    return StoredEvent(event, draw(st.integers(0, 1000)), draw(STAMPS), draw(STAMPS))


REFS = st.sampled_from([{}, {"a1": "2020-11-30（explicit 2020年11月30日）"}, {"a1": "x;y,z\\", "a2": "中" * 40}])


@settings(max_examples=400, deadline=None)
@given(row=stored_events(), remind_days=st.sampled_from(REMIND), refs=REFS)
def test_generated_items_match_icalendar(row: StoredEvent, remind_days: tuple[int, ...],
                                         refs: dict[str, str]) -> None:
    assert_same(row, remind_days, refs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(stored_events(), max_size=6, unique_by=lambda r: r.event.id),
       remind_days=st.sampled_from(REMIND), todo=st.booleans(), refs=REFS)
def test_generated_calendars_match_icalendar_and_parse_back(rows: list[StoredEvent], remind_days: tuple[int, ...],
                                                            todo: bool, refs: dict[str, str]) -> None:
    data = render_ics(rows, name="时间线", remind_days=remind_days, todo=todo, references=refs)
    with (mock.patch.object(ics, "_vevent_bytes", lambda r, w, d, f: vevent(r, d, f).to_ical()),
          mock.patch.object(ics, "_vtodo_bytes", lambda r, f: vtodo(r, f).to_ical())):
        assert render_ics(rows, name="时间线", remind_days=remind_days, todo=todo, references=refs) == data
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    cal = Calendar.from_ical(data)
    events = {str(c["UID"]): c for c in cal.walk("VEVENT")}
    assert set(events) == {f"{r.event.id}@timeline" for r in rows}
    for row in rows:
        ev = events[f"{row.event.id}@timeline"]
        assert str(ev["SUMMARY"]) == as_parsed(row.event.title)
        assert [str(c) for c in ev["CATEGORIES"].cats] == [as_parsed(c) for c in ics._categories(row.event)]
        assert ev.decoded("SEQUENCE") == row.sequence
        assert type(ev.decoded("DTSTART")) is type(ics._window(row.event)[0])
        alarms = ev.walk("VALARM")
        assert len(alarms) == (len(remind_days) if ics._is_due_item(row.event) else 0)
    due_items = [r for r in rows if ics._is_due_item(r.event)]
    assert len(cal.walk("VTODO")) == (len(due_items) if todo else 0)


def as_parsed(value: str) -> str:
    r"""What a TEXT value reads back as: icalendar writes \N, CRLF and CR as a line break."""
    return value.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")


# -- the value types one by one --------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(name=st.sampled_from(["SUMMARY", "DESCRIPTION", "X"]), value=long_texts())
def test_text_lines_fold_as_icalendar_folds(name: str, value: str) -> None:
    expected = Contentline.from_parts(name, vText(value).params, vText(value)).to_ical() + b"\r\n"
    assert ics_lines.component([f"{name}:{ics_lines.text(value)}"]) == expected


@pytest.mark.parametrize("tail", ["中文汉字" * 30, "😀" * 40, "\\,\\;" * 30, "^n" * 40, "a\\" * 50, "é" * 80])
def test_folding_at_every_offset(tail: str) -> None:
    for lead in range(80):
        line = "X:" + "a" * lead + tail
        assert ics_lines.component([line]) == Contentline(line).to_ical() + b"\r\n", lead


@settings(max_examples=300, deadline=None)
@given(st.timedeltas(timedelta(days=-1000), timedelta(days=1000)))
def test_durations_as_icalendar_writes_them(value: timedelta) -> None:
    assert ics_lines.duration(value) == vDDDTypes(value).to_ical().decode()


@pytest.mark.parametrize(("days", "hours", "expected"), [(7, 9, "-P6DT15H"), (1, 9, "-PT15H"), (0, 9, "PT9H"),
                                                         (1, 0, "-P1D"), (0, 0, "P0D"), (30, 9, "-P29DT15H")])
def test_alarm_triggers(days: int, hours: int, expected: str) -> None:
    assert ics_lines.duration(timedelta(days=-days, hours=hours)) == expected


@settings(max_examples=300, deadline=None)
@given(day=st.dates(date(1, 1, 1), date(9999, 12, 31)), clock=st.times(), zone=st.sampled_from(ZONES))
def test_dates_and_times_as_icalendar_writes_them(day: date, clock: time, zone: timezone) -> None:
    for value in (day, datetime.combine(day, clock, tzinfo=zone)):
        typed = vDDDTypes(value)
        expected = Contentline.from_parts("DTSTART", typed.params, typed).to_ical().decode()
        assert ics_lines.when("DTSTART", value) == expected
    stamp = datetime.combine(day, clock, tzinfo=UTC)
    assert ics_lines.utc(stamp) == vDDDTypes(stamp).to_ical().decode()
