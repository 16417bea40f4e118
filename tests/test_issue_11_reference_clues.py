"""Issue 11: undated articles get their year and day from what their text says (made-up text)."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.clues import anniversaries, imminent, named_years, report_years, stated_days
from timeline.reference import YEAR_UNKNOWN, infer_references

FAR = date(2030, 1, 1)


def ref(*texts: str):  # type: ignore[no-untyped-def]
    return infer_references(list(texts), fallback=FAR, fallback_note="--today")


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("庆祝新中国成立70周年文艺晚会在京举行。", 2019),
        ("全市各界热烈庆祝建党100周年。", 2021),
        ("纪念改革开放40周年座谈会召开。", 2018),
        ("纪念改革开放四十周年座谈会召开。", 2018),
        ("纪念抗日战争暨世界反法西斯战争胜利80周年。", 2025),
        ("庆祝香港回归祖国25周年。", 2022),
    ],
)
def test_anniversary_gives_the_year(text: str, year: int) -> None:
    assert [c.year for c in anniversaries(text)] == [year]
    assert ref(text)[0].date.year == year


def test_historic_anchor_never_becomes_now() -> None:
    [reference] = ref("全市坚定不移深化改革开放,推动高质量发展。11月3日,召开会议。")
    assert reference.date.year != 1978 and reference.date.year != 1979
    assert reference.warnings and reference.warnings[0].startswith(YEAR_UNKNOWN)
    [founding] = ref("新中国成立以来,这里发生了巨大变化。")
    assert founding.date.year != 1949


def test_imminent_anchor_is_the_articles_year() -> None:
    text = "北京冬奥会开幕在即,张家口赛区各项准备就绪。1月20日,记者走进赛区。"
    assert imminent(text, 0, "北京冬奥会")
    assert not imminent("北京冬奥会期间,赛区运行平稳。", 0, "北京冬奥会")
    [reference] = ref(text)
    assert reference.date == date(2022, 1, 20)
    assert "imminent" in reference.note


def test_weekday_with_month_day_and_a_written_year_pins_the_year() -> None:
    [reference] = ref("11月30日(星期一),2020年全市项目观摩会召开。")
    assert reference.date == date(2020, 11, 30)


def test_year_in_a_current_name_dates_the_article_and_its_bundle() -> None:
    assert [c.year for c in named_years("2023世界智能大会今天开幕。")] == [2023]
    assert [c.year for c in named_years("2023年第2号台风今天登陆。")] == [2023]
    refs = ref("2023世界智能大会今天(7月6日)在某市开幕。", "某隧道今天(7月6日)全线贯通。")
    assert [r.date for r in refs] == [date(2023, 7, 6), date(2023, 7, 6)]
    assert "neighbouring article 0" in refs[1].note


def test_report_on_a_year_is_published_after_it() -> None:
    assert [c.year for c in report_years("某部门发布《水生生物公报(2025年)》。")] == [2026]
    assert ref("某部门今天(3月31日)发布《水生生物公报(2025年)》。")[0].date == date(2026, 3, 31)


def test_a_years_plan_is_not_the_latest_year_written() -> None:
    # 2023年度工作要点 is written in 2022; 2022年 is the year of the work reviewed
    [reference] = ref("会议审议了2022年工作总结和2023年度工作要点。12月9日,会议闭幕。")
    assert reference.date == date(2022, 12, 9)


def test_reference_day_is_the_day_named_today_not_a_later_day() -> None:
    assert list(stated_days("昨天(4月11日),某地开会。")) == [(4, 11, 1, "昨天(4月11日)")]
    [reference] = ref("2023年某市今天(4月12日)开幕的会议将于4月18日闭幕。")
    assert reference.date == date(2023, 4, 12)
    [dateline] = ref("新华社北京4月12日电 2023年某某会议将在4月20日召开。")
    assert dateline.date == date(2023, 4, 12)


def test_planned_year_after_ji_hua_yu_is_future_and_background_year_parts_are_not_now() -> None:
    [planned] = ref("2024年,某项目开工。该项目计划于2027年建成。")
    assert planned.date.year == 2024
    [background] = ref("2016年底开工建设的某大桥今天(6月11日)通车。某地2023年第1号台风今天登陆。")
    assert background.date == date(2023, 6, 11)


def test_a_year_and_month_as_of_which_a_count_stands_is_a_year_clue() -> None:
    [reference] = ref("截至2025年9月底,某地已建成项目88个。今天(10月22日),某部门发布通报。")
    assert reference.date == date(2025, 10, 22)


def test_an_effective_date_does_not_date_the_article() -> None:
    # the rule may start ahead of the article (as here) or behind it
    refs = ref("新规自2026年8月1日起施行。", "庆祝新中国成立75周年活动今天(12月16日)举行。")
    assert [r.date for r in refs] == [date(2024, 12, 16), date(2024, 12, 16)]
