"""Reference-date inference and the anchor table."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.grammar.anchors import ANCHORS, anchor_named, find_anchors
from timeline.grammar.tables import plan_years
from timeline.reference import infer_references
from timeline.types import Certainty

FALLBACK = date(2030, 6, 1)


def one(text: str):  # type: ignore[no-untyped-def]
    [reference] = infer_references([text], fallback=FALLBACK, fallback_note="--today")
    return reference


# --- the anchor table ---------------------------------------------------------------------


def test_anchor_rows_are_well_formed() -> None:
    names = [a.name for a in ANCHORS]
    assert len(names) == len(set(names))
    for anchor in ANCHORS:
        assert anchor.start < anchor.end_exclusive and anchor.aliases[0] == anchor.name


@pytest.mark.parametrize(
    ("name", "start", "end_exclusive"),
    [
        ("十八大", date(2012, 11, 8), date(2012, 11, 15)),
        ("十九大", date(2017, 10, 18), date(2017, 10, 25)),
        ("十九届四中全会", date(2019, 10, 28), date(2019, 11, 1)),
        ("十九届五中全会", date(2020, 10, 26), date(2020, 10, 30)),
        ("二十大", date(2022, 10, 16), date(2022, 10, 23)),
        ("新中国成立", date(1949, 10, 1), date(1949, 10, 2)),
        ("改革开放", date(1978, 12, 18), date(1978, 12, 23)),
        ("建党百年", date(2021, 7, 1), date(2021, 7, 2)),
    ],
)
def test_anchor_dates(name: str, start: date, end_exclusive: date) -> None:
    anchor = anchor_named(name)
    assert (anchor.start, anchor.end_exclusive) == (start, end_exclusive)


def test_find_anchors_offsets_and_longest_spelling() -> None:
    text = "党的十八大以来,特别是党的十九大后,学习十九届五中全会精神;二十八大不是会议"
    found = [(offset, anchor.name) for offset, anchor in find_anchors(text)]
    assert found == [(0, "十八大"), (11, "十九大"), (20, "十九届五中全会")]
    assert text[0:5] == "党的十八大"


def test_find_anchors_reads_as_a_numeral_lookbehind_would() -> None:
    import random
    import re

    aliases = sorted({a for anchor in ANCHORS for a in anchor.aliases}, key=len, reverse=True)
    reference = re.compile("(?<![一二三四五六七八九十〇零两])(?:" + "|".join(map(re.escape, aliases)) + ")")
    pieces = [*aliases, "二", "十", "两", "届", "的", "大", "全会", "党的十", "。"]
    rng = random.Random(15)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        expected = [(m.start(), anchor_named(m.group())) for m in reference.finditer(text)]
        assert find_anchors(text) == expected, text


# --- clues inside one article ---------------------------------------------------------------


def test_anchor_gives_the_year_and_the_latest_month_day_the_day() -> None:
    ref = one("学习贯彻党的十九届五中全会精神。11月23日召开会议,11月30日再次召开。")
    assert ref.date == date(2020, 11, 30)
    assert ref.note == "year 2020 from anchor 十九届五中全会 (2020-10-26..29) in this article; day from 11月30日"
    assert ref.certainty is Certainty.INFERRED and ref.warnings == ()


def test_month_day_before_the_anchor_falls_in_the_next_year() -> None:
    assert one("深入学习十九届五中全会精神,3月5日召开动员会。").date == date(2021, 3, 5)


def test_explicit_full_date_is_exact() -> None:
    ref = one("2020年11月30日,我区召开第18次重点项目推进会。")
    assert (ref.date, ref.certainty) == (date(2020, 11, 30), Certainty.EXACT)
    assert "explicit 2020年11月30日" in ref.note


def test_chinese_numeral_dates() -> None:
    ref = one("二〇二〇年十一月三十日,召开会议,确保二〇二二年六月底前完成。")
    assert (ref.date, ref.certainty) == (date(2020, 11, 30), Certainty.EXACT)
    assert one("学习十九届五中全会精神。十二月一日召开会议。").date == date(2020, 12, 1)


def test_latest_explicit_date_wins_and_future_dates_only_bound() -> None:
    ref = one("2019年5月12日开工,2020年11月30日召开推进会,计划2022年6月底前完成布展。")
    assert ref.date == date(2020, 11, 30)


def test_plan_stage_language() -> None:
    assert one("科学编制“十四五”规划。11月30日召开会议。").date == date(2020, 11, 30)
    assert one("今年是“十三五”收官之年,12月1日召开会议。").date == date(2020, 12, 1)
    assert one("今年是“十四五”开局之年,3月1日召开会议。").date == date(2021, 3, 1)
    assert plan_years(14) == (2021, 2025) and plan_years(3) == (1966, 1970) and plan_years(1) == (1953, 1957)


def test_weekday_pins_the_year_within_bounds() -> None:
    ref = one("党的十九大以来成绩显著。11月23日(星期一)下午召开推进会。")
    assert ref.date == date(2020, 11, 23)
    assert "weekday of 11月23日(星期一)" in ref.note
    # with two bounds only one year in 2017..2022 has 11月23日 on a Monday
    ref = one("党的十九大以来。11月23日(星期一),确保2022年建成。")
    assert ref.date == date(2020, 11, 23)


def test_ahead_of_an_anchor_is_an_upper_bound() -> None:
    ref = one("以优异成绩迎接党的二十大胜利召开。10月1日举行升旗仪式。2022年3月5日召开会议。")
    assert ref.date == date(2022, 10, 1)


# --- the file as a whole ---------------------------------------------------------------------


def test_articles_without_clues_take_the_nearest_neighbours_year() -> None:
    refs = infer_references(
        ["11月24日,万安山初雪。", "学习十九届五中全会精神。", "11月20日,调研。", "2021年1月5日,开会。", "1月8日,检查。"],
        fallback=FALLBACK,
    )
    assert [r.date for r in refs] == [
        date(2020, 11, 24),
        date(2020, 10, 29),
        date(2020, 11, 20),
        date(2021, 1, 5),
        date(2021, 1, 8),
    ]
    assert refs[0].note.startswith("year 2020 from neighbouring article 1 (anchor 十九届五中全会")
    assert refs[4].note.startswith("year 2021 from neighbouring article 3 (explicit 2021年1月5日)")
    assert refs[3].certainty is Certainty.EXACT and refs[4].certainty is Certainty.INFERRED


def test_an_article_without_a_day_takes_its_neighbours_day() -> None:
    first, second = infer_references(["今年是“十三五”收官之年。", "11月30日,开会。"], fallback=FALLBACK)
    assert first.date == date(2020, 11, 30) and first.certainty is Certainty.FUZZY
    assert first.note == "year 2020 from “十三五”收官之年 in this article; day from neighbouring article 1 (11月30日)"
    assert first.warnings and second.date == date(2020, 11, 30)


def test_a_period_since_an_anchor_is_only_a_bound() -> None:
    [ref] = infer_references(["党的十八大以来,发展成就显著。"], fallback=FALLBACK)
    assert ref.date.year == 2030 and ref.warnings  # not 2012: 十八大以来 is said for a decade


def test_neighbour_year_that_breaks_own_bounds_is_skipped_or_warned() -> None:
    refs = infer_references(["学习十九届五中全会精神。", "学习党的二十大精神,11月3日召开会议。"], fallback=FALLBACK)
    assert refs[1].date == date(2022, 11, 3)
    refs = infer_references(["学习十九届五中全会精神。", "11月3日召开会议,确保2019年底前完成。"], fallback=FALLBACK)
    assert refs[1].date.year == 2020 and refs[1].warnings


def test_no_clue_anywhere_falls_back_with_a_warning() -> None:
    [ref] = infer_references(["区里召开推进会。"], fallback=FALLBACK, fallback_note="--today")
    assert (ref.date, ref.certainty) == (FALLBACK, Certainty.FUZZY)
    assert ref.warnings and "--today" in ref.note
    [ref] = infer_references(["11月30日,区里召开推进会。"], fallback=FALLBACK, fallback_note="--today")
    assert (ref.date, ref.certainty) == (date(2030, 11, 30), Certainty.FUZZY)
    assert ref.warnings


def test_future_deadline_alone_does_not_decide_the_year() -> None:
    [ref] = infer_references(["11月30日,该项目计划2022年6月底前完成布展。"], fallback=FALLBACK, fallback_note="--today")
    assert ref.warnings and ref.certainty is Certainty.FUZZY
    assert ref.date == date(2021, 11, 30)  # the latest 11月30日 before the deadline it states
    assert "before future 2022年6月底前" in ref.note


def test_between_two_neighbours_at_the_same_distance_the_earlier_one_wins() -> None:
    refs = infer_references(["2019年3月1日,开会。", "调研。", "2021年3月1日,检查。"], fallback=FALLBACK)
    assert refs[1].note.startswith("year 2019 from neighbouring article 0")


def test_a_neighbour_far_away_is_found_when_nearer_ones_are_ruled_out() -> None:
    # the middle article's weekday (2020年 only has 11月30日 on a Monday) rules out the 2021 articles
    texts = ["2020年11月1日,开会。"] + ["2021年3月1日,开会。"] * 30 + ["11月30日（星期一）,调研。"] + ["2021年3月2日,检查。"] * 30
    refs = infer_references(texts, fallback=FALLBACK)
    assert refs[31].note.startswith("year 2020 from neighbouring article 0")


def test_plan_stage_matches_are_finditers() -> None:
    import random

    from timeline import clues

    pieces = ["编制", "研究制定", "“", "”", '"', "十", "四", "五", "十四五", "二", "规划", "建议", "开局之年", "第一年",
              "收官之年", "最后一年", "以来", "期间以来", "，", "。", "的", "新"]
    patterns = (clues._PLAN_DRAFTING, clues._PLAN_FIRST_YEAR, clues._PLAN_LAST_YEAR, clues._PLAN_SINCE)
    rng = random.Random(15)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        numerals = [m.start() for m in clues._PLAN_CORE.finditer(text)]
        for pattern in patterns:
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in clues._plan_matches(pattern, text, numerals)] == expected, text
