"""Issue 13: families of misses on real text, on made-up sentences of the same shapes."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.resolver import describe, resolve

REF = date(2025, 3, 10)


def spans(text: str) -> list[tuple[str, str]]:
    return [(s.text, describe(s)) for s in resolve(text, REF)]


def test_from_and_to_around_a_figure_bound_nothing() -> None:
    # 从/到 govern the percentages the years qualify: two plain years, no "since" and no deadline
    assert spans("本市研发投入占比从2016年的3.1%提高到2024年的4.2%") == [
        ("2016年", "2016-01-01..2017-01-01 year point exact"),
        ("2024年", "2024-01-01..2025-01-01 year point exact"),
    ]


def test_from_and_to_that_govern_the_time_still_bound_it() -> None:
    assert [s.role.label for s in resolve("从明年起实施，到2035年基本建成", REF)] == ["since", "deadline"]
    assert [s.role.label for s in resolve("到2030年的发展目标已经明确", REF)] == ["deadline"]


@pytest.mark.parametrize("text", [
    "五月天乐队在体育场开唱",            # a band
    "车辆安全年检需提前预约",            # 安全 + 年检
    "他在乡下住了十来年",                # about ten years
    "21世纪不动产新开三家门店",          # a company
    "他身披23号球衣出场",                # a jersey
    "该公司竞得15号地",                  # a land parcel
    "探测器完成首次月背着陆",            # 首次 + 月背
    "街道新建日间照料中心",              # day care
    "神舟十九号乘组返回地面",            # numbered names
    "第18号台风生成",
    "长江发生第1号洪水",
    "商场推出黑色星期五折扣",            # a day's name
])
def test_no_match_starts_or_ends_inside_a_word(text: str) -> None:
    assert resolve(text, REF) == []


def test_a_day_with_hao_after_a_date_word_is_still_a_day() -> None:
    assert spans("活动定于15号举行") == [("15号", "2025-03-15..2025-03-16 day point inferred")]
    assert spans("本月20号截止报名")[0][0] == "本月20号"


def test_listed_numbers_that_do_not_follow_each_other_are_not_one_range() -> None:
    # 3、5月 names March and May: no March-May range
    assert [s.text for s in resolve("3、5月降雨偏多", REF)] == ["5月"]


def test_festival_with_a_day_after_it_is_one_mention() -> None:
    assert spans("元宵节次日恢复营业") == [("元宵节次日", "2026-03-04..2026-03-05 day point inferred")]


@pytest.mark.parametrize("text", ["最迟15号完成", "原定15号举行", "会议改在周五15号", "截至15号"])
def test_a_bare_hao_day_after_a_function_word_or_weekday_is_a_day(text: str) -> None:
    assert "15号" in [s.text for s in resolve(text, REF)] or any(s.text.endswith("15号") for s in resolve(text, REF))


@pytest.mark.parametrize("text", ["长征五号遥七运载火箭", "实践二十号卫星", "天舟七号货运飞船"])
def test_numbered_spacecraft_are_no_days(text: str) -> None:
    assert resolve(text, REF) == []


@pytest.mark.parametrize(("text", "day"), [("5月12日地震造成损失", "5月12日"), ("8日台风登陆", "8日"),
                                           ("7月3日洪水过境", "7月3日"), ("公司3月5日公告称", "3月5日")])
def test_words_after_ri_still_follow_a_date(text: str, day: str) -> None:
    # the numbered-thing guards (15号地, 第1号洪水) apply after 号 only
    assert [s.text for s in resolve(text, REF)] == [day]


def test_guards_do_not_eat_neighbouring_dates() -> None:
    assert [s.text for s in resolve("初三年级周一开学", REF)] == ["周一"]  # 级 before 周 is no name
    assert [s.role.label for s in resolve("到2025年两岸贸易额将翻番", REF)] == ["deadline"]


def test_festival_interval_counts_from_the_festival_and_its_break() -> None:
    from timeline.grammar.anchor_festivals import festival_interval
    from timeline.grammar.rulebase import Partial
    from timeline.types import Certainty
    eve = festival_interval(Partial(holiday="圣诞", holiday_part="前夜"), REF, 2025, Certainty.EXACT)
    assert eve is not None and (eve.start, eve.end) == (date(2025, 12, 24), date(2025, 12, 25))
    first = festival_interval(Partial(holiday="春节", holiday_part="假期", break_day=1), REF, 2025, Certainty.EXACT)
    assert first is not None and first.start == date(2025, 1, 28)
    assert festival_interval(Partial(holiday="春节", holiday_part="假期", break_day=9), REF, 2025, Certainty.EXACT) is None
