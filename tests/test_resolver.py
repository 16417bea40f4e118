"""The resolver inside sentences: offsets, neighbours, timed references, the JSONL protocol."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise

from timeline.resolve_jsonl import answer, main
from timeline.resolver import describe, reference_datetime, resolve
from timeline.types import SHANGHAI, Grain, Role

REF = date(2020, 11, 30)


def test_spans_point_into_the_text_and_do_not_overlap() -> None:
    text = "会议要求，2022年6月底前完成主体工程，12月1日至3日组织验收，春节前全面投用。"
    spans = resolve(text, REF)
    assert [s.text for s in spans] == ["2022年6月底前", "12月1日至3日", "春节前"]
    for s in spans:
        assert text[s.offset:s.end] == s.text
    assert all(a.end <= b.offset for a, b in pairwise(spans))


def test_full_width_digits_keep_offsets() -> None:
    text = "定于１２月３日召开"
    [span] = resolve(text, REF)
    assert span.text == "１２月３日" and text[span.offset:span.end] == span.text
    assert span.start == date(2020, 12, 3)


def test_rule_names_show_the_composition() -> None:
    [span] = resolve("11月23日下午", REF)
    assert span.rule == "month+day+part-of-day"


def test_non_dates_inside_a_sentence() -> None:
    assert resolve("明日新城项目前期招商是百年大计，第18次会议", REF) == []
    assert [s.text for s in resolve("目前年底前完成", REF)] == ["年底前"]


def test_same_day_and_bare_day_refer_to_the_date_just_written() -> None:
    text = "外交部3日表示，对方当天回应。论坛10月9日至10日举行。9日下午开幕。\n当天还有雨。"
    first_day, same_day, _, bare_day, late = resolve(text, REF)
    assert (first_day.text, same_day.text, bare_day.text, late.text) == ("3日", "当天", "9日下午", "当天")
    assert same_day.start == date(2020, 11, 3)  # 3日, not the reference
    assert bare_day.start == datetime(2020, 10, 9, 12, tzinfo=SHANGHAI)  # October, not November
    assert late.start == REF  # a new paragraph: the reference again


def test_now_takes_no_bound() -> None:
    """从现在起 stays 现在, which the extract keeps as context; a since span would become an item."""
    assert [s.text for s in resolve("从现在起，全面推进", REF)] == ["现在"]


def test_naive_datetime_reference_is_shanghai_local() -> None:
    [span] = resolve("3个小时后", datetime(2013, 2, 12, 4, 30))
    assert span.start == datetime(2013, 2, 12, 7, 0, tzinfo=SHANGHAI)
    assert span.grain == Grain.HOUR


def test_aware_reference_is_converted_to_shanghai() -> None:
    reference = datetime(2020, 11, 30, 20, 0, tzinfo=SHANGHAI).astimezone(SHANGHAI.__class__("UTC"))
    [span] = resolve("明天", reference)
    assert span.start == date(2020, 12, 1)


def test_anchor_event_since() -> None:
    [span] = resolve("党的十八大以来", REF)
    assert span.role == Role.SINCE and span.start == date(2012, 11, 8)


def test_describe_of_timed_span() -> None:
    [span] = resolve("12月3日上午9时", REF)
    assert describe(span) == "2020-12-03T09:00+08:00..2020-12-03T10:00+08:00 hour point inferred"


def test_jsonl_protocol_kinds() -> None:
    out = answer(json.dumps({"id": "x", "text": "2022年6月底前，十八大以来", "ref": "2020-11-30T00:00:00"}))
    deadline, since = out["results"]
    assert out["id"] == "x"
    assert deadline["start"] == "2020-11-30T00:00:00" and deadline["end"] == "2022-07-01"  # stated at the reference
    assert deadline["kind"] == "deadline"
    assert since["end"] is None and since["start"] == "2012-11-08" and since["grain"] == "day"


def test_jsonl_reference_sides() -> None:
    """Future bounds start at the reference instant, past bounds and conditions are open,
    windows that reach the reference end just after its second."""
    ref = "2018-08-30T14:16:03"
    texts = "2015年前，两周内，2019年4月5日或之前，近30天"
    past, within, until, recent = answer(json.dumps({"id": "y", "text": texts, "ref": ref}))["results"]
    assert (past["start"], past["end"]) == (None, "2015-01-01")
    assert (within["start"], within["end"]) == (ref, "2018-09-14")
    assert (until["start"], until["end"]) == (None, "2019-04-06")
    assert (recent["start"], recent["end"]) == ("2018-07-31T14:16:03", "2018-08-30T14:16:04")  # 30 × 24 h


def test_jsonl_closed_ends() -> None:
    """至今 ends at the reference, 以来 stays open; a clock instant closing a range belongs to it."""
    ref = "2021-06-14T01:06:40"
    out = answer(json.dumps({"id": "z", "text": "从2001年起至今，2001年以来，明天下午3点至下午8点", "ref": ref}))
    to_now, since, clock = out["results"]
    assert (to_now["start"], to_now["end"]) == ("2001-01-01", "2021-06-14T01:06:41")
    assert (since["start"], since["end"]) == ("2001-01-01", None)
    assert (clock["start"], clock["end"]) == ("2021-06-15T15:00:00", "2021-06-15T20:00:01")
    [years] = answer(json.dumps({"id": "w", "text": "3年多以来", "ref": "2019-08-22T09:00:00"}))["results"]
    assert (years["start"], years["end"]) == ("2016-01-01", "2019-08-23")  # through the reference day


def test_jsonl_main_answers_every_line() -> None:
    stdin = io.StringIO('{"id": "a", "text": "下周三", "ref": "2020-11-30T00:00:00"}\nnot json\n')
    stdout = io.StringIO()
    assert main(stdin, stdout) == 0
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert lines[0]["results"][0]["start"] == "2020-12-09" and lines[1]["results"] == []


def test_long_text_is_linear() -> None:
    text = "2020年11月30日，会议要求各地在年底前完成任务。" * 2000
    spans = resolve(text, REF)
    assert len(spans) == 4000


def test_long_text_windows_find_what_short_texts_find() -> None:
    """Long texts run each rule only near its key characters; the corpus must still resolve."""
    from test_corpus import CASES

    pad = "。" * 150  # longer than compose.SHORT_TEXT, so the windowed scan runs
    for case in CASES:
        short = [(s.offset, describe(s)) for s in resolve(case.text, case.reference)]
        long = [(s.offset - len(pad), describe(s)) for s in resolve(pad + case.text + pad, case.reference)]
        assert long == short, case.text


def test_unreadable_numerals_do_not_raise() -> None:
    # found by fuzzing: 十四五年内 offered 十四五 to cn_int as a count of years
    assert resolve("本以号3为内廿小底十四五年内五下春最周两春.", date(9999, 12, 31)) == []


def test_rule_names_are_unique() -> None:
    # compose.scan keeps every (span, rule) it finds without checking for repeats: names must not repeat
    from timeline.grammar.rules import RULES

    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


def test_anaphora_copies_the_written_day_and_stops_at_a_line_break() -> None:
    from timeline.grammar.anaphora import anaphora
    from timeline.grammar.compose import Match
    from timeline.grammar.rulebase import Partial

    text = "5月3日开幕，当天签约。\n当天闭幕。"
    written = Match(0, 4, Partial(month=5, day=3), "month+day")
    same = Match(7, 9, Partial(day_rel=0), "relative-day")
    later = Match(14, 16, Partial(day_rel=0), "relative-day")
    out = anaphora(text, [written, same, later])
    assert out[1].partial.month == 5 and out[1].partial.day == 3 and out[1].partial.day_rel is None
    assert out[2].partial == later.partial


def test_a_deadline_followed_by_a_verb_starting_with_ti() -> None:
    """年底前提交 / 三天前提出: 前 ends the time; only 前提下/前提条件 is the noun "premise"."""
    ref = date(2024, 3, 1)
    deadline = resolve("各区县要在年底前提交验收报告。", ref)
    assert [(s.text, s.role, s.end_exclusive) for s in deadline] == [("年底前", Role.DEADLINE, date(2025, 1, 1))]
    assert [s.text for s in resolve("三天前提出的方案已获批。", ref)] == ["三天前"]
    assert [s.text for s in resolve("在确保质量的前提下加快进度。", ref)] == []
    premise = resolve("以年底前完工为前提条件推进。", ref)
    assert [s.text for s in premise] == ["年底前"]


def test_a_due_month_without_a_year_looks_ahead() -> None:
    """12月底前 written in March is this December; 12月底 alone is still the nearest one."""
    ref = date(2024, 3, 1)
    (due,) = resolve("12月底前完成主体施工。", ref)
    assert (due.role, due.end_exclusive) == (Role.DEADLINE, date(2025, 1, 1))
    (plain,) = resolve("12月底，主体施工完成。", ref)
    assert plain.start == date(2023, 12, 21)
    (late,) = resolve("12月底前完成主体施工。", date(2025, 1, 10))
    assert late.end_exclusive == date(2025, 1, 1)  # eleven months ahead is too far: last December


def test_reference_datetime_of_equal_references_keeps_their_differences() -> None:
    # 1991-09-15 01:30 came twice in Beijing (summer time ended): fold tells them apart, though
    # the two naive datetimes compare equal; a memo keyed on the value alone would mix them up
    first, second = datetime(1991, 9, 15, 1, 30), datetime(1991, 9, 15, 1, 30, fold=1)
    for _ in range(2):
        assert reference_datetime(first).utcoffset() == timedelta(hours=9)
        assert reference_datetime(second).utcoffset() == timedelta(hours=8)
    assert reference_datetime(date(2020, 11, 30)) == datetime(2020, 11, 30, tzinfo=SHANGHAI)
    assert type(reference_datetime(date(2020, 11, 30))) is datetime
    assert reference_datetime(datetime(2020, 11, 30)) == datetime(2020, 11, 30, tzinfo=SHANGHAI)
    utc = datetime(2020, 11, 29, 16, tzinfo=timezone.utc)
    assert reference_datetime(utc) == datetime(2020, 11, 30, tzinfo=SHANGHAI)
    assert reference_datetime(utc).tzinfo is SHANGHAI
