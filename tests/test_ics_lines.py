"""ics_lines writes each value type byte for byte as icalendar 7.3.2 does: TEXT escaping,
folding at 75 octets without splitting a UTF-8 character, DATE and DATE-TIME, DURATION."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import vDDDTypes, vText
from icalendar.parser import Contentline

from timeline.export import ics_lines
from timeline.types import SHANGHAI

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
