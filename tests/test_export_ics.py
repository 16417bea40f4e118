"""ICS export: parsed back with icalendar, byte-stable, and right for every kind of item."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.factories import CHANGED_AT, make_event, make_span, sample_events, store_with, stored
from timeline.export.ics import CATEGORY_TEXT, KIND_TEXT, render_calendars, render_ics, write_calendars
from timeline.types import SHANGHAI, Category, Certainty, EventKind, Grain, Role, StoredEvent

GOLDEN = Path(__file__).parent / "golden"


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def by_uid(cal: Calendar) -> dict[str, object]:
    return {str(c["UID"]): c for c in cal.walk() if c.name in ("VEVENT", "VTODO")}


def sample_rows() -> list[StoredEvent]:
    return [stored(e) for e in sample_events()]


def one_deadline() -> StoredEvent:
    [deadline] = [e for e in sample_events() if e.when.text == "2022年6月底前"]
    return stored(deadline)


def timed_deadline() -> StoredEvent:
    span = make_span(datetime(2020, 11, 30, 10, tzinfo=SHANGHAI), datetime(2020, 12, 1, 9, tzinfo=SHANGHAI),
                     text="明天上午9点前", grain=Grain.HOUR, role=Role.DEADLINE)
    return stored(make_event(span, title="提交申报材料", kind=EventKind.DEADLINE, category=Category.OTHER,
                             sentence="请于明天上午9点前提交申报材料。"))


def test_every_sample_parses_back_with_unique_uids() -> None:
    rows = sample_rows()
    cal = parse(render_ics(rows, name="时间线"))
    events = cal.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) == len(rows)
    assert set(uids) == {f"{r.event.id}@timeline" for r in rows}
    assert str(cal["X-WR-CALNAME"]) == str(cal["NAME"]) == "时间线"
    lines = render_ics(rows, name="时间线").decode().split("\r\n")
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines and "X-PUBLISHED-TTL:PT6H" in lines
    assert cal.refresh_interval == timedelta(hours=6)


def test_two_renders_give_identical_bytes_in_any_input_order() -> None:
    rows = sample_rows()
    first = render_ics(rows, name="时间线", todo=True)
    assert render_ics(list(reversed(rows)), name="时间线", todo=True) == first
    assert b"\r\n" in first and b"\n" not in first.replace(b"\r\n", b"")


def test_day_grain_is_all_day_and_timed_has_tzid_and_vtimezone() -> None:
    rows = sample_rows()
    data = render_ics(rows, name="时间线")
    cal = parse(data)
    items = by_uid(cal)
    day = next(r for r in rows if r.event.when.text == "11月30日")
    ev = items[f"{day.event.id}@timeline"]
    assert type(ev.decoded("DTSTART")) is date
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (date(2020, 11, 30), date(2020, 12, 1))
    timed = next(r for r in rows if r.event.when.text == "11月23日下午")
    ev = items[f"{timed.event.id}@timeline"]
    assert ev["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert ev.decoded("DTSTART") == datetime(2020, 11, 23, 12, tzinfo=SHANGHAI)
    assert ev.decoded("DTEND") == datetime(2020, 11, 23, 18, tzinfo=SHANGHAI)
    assert "11月23日下午" in str(ev["DESCRIPTION"])  # the part-of-day words stay with the item
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert b"X-WR-TIMEZONE" not in data


def test_all_day_only_calendar_has_no_vtimezone() -> None:
    cal = parse(render_ics([one_deadline()], name="截止"))
    assert cal.walk("VTIMEZONE") == []


def test_deadlines_land_on_their_due_day_with_alarms() -> None:
    rows = sample_rows()
    items = by_uid(parse(render_ics(rows, name="时间线", remind_days=(7, 1))))
    expected = {"2022年6月底前": date(2022, 6, 30), "年底前": date(2020, 12, 31), "到2035年": date(2035, 12, 31)}
    for row in rows:
        if row.event.when.text not in expected:
            continue
        ev = items[f"{row.event.id}@timeline"]
        due = expected[row.event.when.text]
        assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (due, due + timedelta(days=1))
        alarms = ev.walk("VALARM")
        assert sorted(a.decoded("TRIGGER") for a in alarms) == [timedelta(days=-7, hours=9), timedelta(days=-1, hours=9)]
        assert all(str(a["ACTION"]) == "DISPLAY" and row.event.title in str(a["DESCRIPTION"]) for a in alarms)
        assert [str(c) for c in ev["CATEGORIES"].cats][:2] == [KIND_TEXT[row.event.kind], CATEGORY_TEXT[row.event.category]]
        assert set(row.event.projects) <= {str(c) for c in ev["CATEGORIES"].cats}


def test_plain_events_have_no_alarms_and_remind_days_are_configurable() -> None:
    rows = sample_rows()
    items = by_uid(parse(render_ics(rows, name="时间线", remind_days=(3,))))
    for row in rows:
        alarms = items[f"{row.event.id}@timeline"].walk("VALARM")
        wanted = 1 if row.event.kind in (EventKind.DEADLINE, EventKind.PLAN) else 0
        assert len(alarms) == wanted
    with pytest.raises(ValueError):
        render_ics(rows, name="x", remind_days=(-1,))


def test_five_year_period_is_one_day_at_its_end_not_five_years() -> None:
    [period] = [r for r in sample_rows() if r.event.when.role is Role.RANGE]
    ev = by_uid(parse(render_ics([period], name="时间线")))[f"{period.event.id}@timeline"]
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (date(2025, 12, 31), date(2026, 1, 1))
    description = str(ev["DESCRIPTION"])
    assert "2021-01-01 至 2025-12-31" in description and "“十四五”时期" in description


def test_long_event_period_is_a_marker_on_its_first_day() -> None:
    span = make_span(date(2021, 1, 1), date(2022, 1, 1), text="2021年", grain=Grain.YEAR, role=Role.RANGE)
    row = stored(make_event(span, title="全年开展专项行动", sentence="2021年全年开展专项行动。"))
    ev = by_uid(parse(render_ics([row], name="x")))[f"{row.event.id}@timeline"]
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (date(2021, 1, 1), date(2021, 1, 2))
    assert ev.walk("VALARM") == []


def test_timed_deadline_ends_at_its_moment() -> None:
    row = timed_deadline()
    ev = by_uid(parse(render_ics([row], name="x")))[f"{row.event.id}@timeline"]
    assert ev.decoded("DTEND") == datetime(2020, 12, 1, 9, tzinfo=SHANGHAI)
    assert ev.decoded("DTSTART") == datetime(2020, 12, 1, 8, tzinfo=SHANGHAI)
    assert [a.decoded("TRIGGER") for a in ev.walk("VALARM")] == [timedelta(days=-7), timedelta(days=-1)]


def test_description_is_a_short_chinese_note_with_the_evidence() -> None:
    # issue 14: sentence, time as written and as read, source; the rest behind `timeline explain`
    row = one_deadline()
    refs = {row.event.evidence.article_id: "2020-11-30（explicit 2020年11月30日）"}
    ev = by_uid(parse(render_ics([row], name="x", references=refs)))[f"{row.event.id}@timeline"]
    lines = str(ev["DESCRIPTION"]).split("\n")
    evidence = row.event.evidence
    assert lines[0] == evidence.sentence and len(lines) == 4
    assert lines[1].startswith(f"时间：“{evidence.text}”，即 ") and row.event.when.due.isoformat() in lines[1]
    assert lines[2] == f"来源：《{evidence.article_title}》{evidence.source}:{evidence.file_offset}"
    assert lines[3] == f"详情：timeline explain {row.event.id}"
    assert not re.search("[A-Za-z]{3,}", "".join(lines[1:3]).replace(evidence.source, ""))  # no English internals


def test_description_names_the_article_date_an_inferred_time_counts_from() -> None:
    span = make_span(date(2020, 12, 9), date(2020, 12, 10), text="下周三", certainty=Certainty.INFERRED)
    row = stored(make_event(span))
    refs = {row.event.evidence.article_id: "2020-11-30（explicit 2020年11月30日）"}
    text = str(by_uid(parse(render_ics([row], name="x", references=refs)))[f"{row.event.id}@timeline"]["DESCRIPTION"])
    assert "时间：“下周三”，即 2020-12-09（按文章日期 2020-11-30 推算）" in text


def test_categories_are_chinese() -> None:
    for row in sample_rows():
        ev = by_uid(parse(render_ics([row], name="x")))[f"{row.event.id}@timeline"]
        cats = [str(c) for c in ev["CATEGORIES"].cats]
        assert cats[0] in {"事件", "截止", "规划"} and cats[1] in set(CATEGORY_TEXT.values())


def test_stamps_come_from_the_store_not_the_clock() -> None:
    row = replace(one_deadline(), sequence=3, changed_at=datetime(2021, 5, 6, 7, 8, 9, tzinfo=UTC))
    ev = by_uid(parse(render_ics([row], name="x")))[f"{row.event.id}@timeline"]
    assert ev.decoded("DTSTAMP") == ev.decoded("LAST-MODIFIED") == datetime(2021, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert ev.decoded("SEQUENCE") == 3


def test_chinese_text_with_ics_specials_round_trips() -> None:
    title = "会议;北京,上海\\“十四五”：第18次\n推进会" + "很长的中文标题" * 12
    row = stored(make_event(make_span(date(2020, 11, 30), date(2020, 12, 1)), title=title,
                            sentence="11月30日，召开会议；议程：A,B,C。"))
    data = render_ics([row], name="时间线·测试;,")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    data.decode("utf-8")  # folding never cuts a character in half
    cal = parse(data)
    ev = by_uid(cal)[f"{row.event.id}@timeline"]
    assert str(ev["SUMMARY"]) == title
    assert str(ev["DESCRIPTION"]).startswith("11月30日，召开会议；议程：A,B,C。")
    assert str(cal["X-WR-CALNAME"]) == "时间线·测试;,"


def test_todo_adds_vtodos_for_deadlines_and_plans_only() -> None:
    rows = sample_rows()
    cal = parse(render_ics(rows, name="时间线", todo=True))
    todos = cal.walk("VTODO")
    due_items = [r for r in rows if r.event.kind in (EventKind.DEADLINE, EventKind.PLAN)]
    assert len(todos) == len(due_items)
    for row in due_items:
        [todo] = [t for t in todos if str(t["UID"]) == f"{row.event.id}-todo@timeline"]
        assert todo.decoded("DUE") == row.event.when.due
        assert type(todo.decoded("DUE")) is date and todo.decoded("DTSTART") <= todo.decoded("DUE")
    uids = [str(c["UID"]) for c in cal.walk() if c.name in ("VEVENT", "VTODO")]
    assert len(uids) == len(set(uids))


def test_empty_calendar_still_has_a_component() -> None:
    cal = parse(render_ics([], name="空"))
    assert cal.walk("VEVENT") == [] and len(cal.subcomponents) == 1


def test_sequence_rises_after_a_changed_title(tmp_path: Path) -> None:
    events = sample_events()
    store = store_with(tmp_path / "t.db", events)
    before = by_uid(parse(render_ics(store.events(), name="x")))
    changed = replace(events[0], title="第18次重点项目推进会（改期）")
    later = CHANGED_AT + timedelta(days=3)
    with store.build_transaction(later) as writer:
        from tests.factories import make_article

        article = make_article()
        writer.replace_source(article.source, [article], [changed, *events[1:]])
    after = by_uid(parse(render_ics(store.events(), name="x")))
    uid = f"{events[0].id}@timeline"
    assert after[uid].decoded("SEQUENCE") == before[uid].decoded("SEQUENCE") + 1
    assert str(after[uid]["SUMMARY"]) == "第18次重点项目推进会（改期）"
    assert after[uid].decoded("DTSTAMP") > before[uid].decoded("DTSTAMP")
    other = f"{events[2].id}@timeline"
    assert after[other].to_ical() == before[other].to_ical()
    store.close()


def test_write_calendars_splits_by_kind(tmp_path: Path) -> None:
    rows = sample_rows()
    paths = write_calendars(rows, tmp_path / "exports", remind_days=(7, 1), todo=False)
    assert [p.name for p in paths] == ["calendar.ics", "events.ics", "deadlines.ics"]
    kinds = {p.name: {str(c["CATEGORIES"].cats[0]) for c in parse(p.read_bytes()).walk("VEVENT")} for p in paths}
    assert kinds == {"calendar.ics": {"事件", "截止", "规划"}, "events.ics": {"事件"},
                     "deadlines.ics": {"截止", "规划"}}
    assert (tmp_path / "exports" / "calendar.ics").read_bytes() == render_ics(rows, name="时间线")
    assert not [p for p in os.listdir(tmp_path / "exports") if p.endswith(".tmp")]
    assert render_calendars(rows) == {p.name: p.read_bytes() for p in paths}


def test_golden_one_deadline() -> None:
    data = render_ics([one_deadline()], name="时间线")
    golden = GOLDEN / "one_deadline.ics"
    if os.environ.get("TIMELINE_REGOLD"):
        golden.write_bytes(data)
    assert data == golden.read_bytes(), "byte drift; rerun with TIMELINE_REGOLD=1 if intended"


def test_fuzzy_part_of_month_point_is_laid_out_as_days() -> None:
    span = make_span(date(2020, 12, 21), date(2021, 1, 1), text="12月下旬", grain=Grain.PART_OF_MONTH,
                     certainty=Certainty.FUZZY)
    row = stored(make_event(span, title="项目验收", sentence="12月下旬进行项目验收。"))
    ev = by_uid(parse(render_ics([row], name="x")))[f"{row.event.id}@timeline"]
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (date(2020, 12, 21), date(2021, 1, 1))


def test_references_follow_the_article_now_stored_at_each_place() -> None:
    from timeline.export.ics import references_for

    row = one_deadline()
    ev = row.event.evidence
    place = (ev.source, ev.article_index)
    assert references_for({place: (ev.article_id, "2020-11-30（x）")}, [row]) == {ev.article_id: "2020-11-30（x）"}
    assert references_for({place: ("another-article", "2021-01-01（y）")}, [row]) == {}
    assert references_for({}, [row]) == {}
