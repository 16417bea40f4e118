"""Issue 13, family 4: 次日, 同日, 当月, 次年… count from the nearest date the text gave before them.

Made-up sentences of the shapes real news uses.  With no date before them (or only one in an
earlier paragraph) they keep their reading from the reference, as the corpus lines say.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from click.testing import CliRunner

from timeline.api import articles_from_text, events_of
from timeline.cli import cli
from timeline.resolver import describe, resolve
from timeline.types import SHANGHAI

REF = date(2024, 5, 10)


def starts(text: str, reference: date = REF) -> dict[str, date | datetime]:
    return {s.text: s.start for s in resolve(text, reference)}


def test_next_day_counts_from_the_date_written_before_it() -> None:
    found = starts("座谈会于4月12日召开。当天下午，代表们参观了工地。次日上午举行签约。")
    assert found["当天下午"] == datetime(2024, 4, 12, 12, tzinfo=SHANGHAI)
    assert found["次日上午"] == datetime(2024, 4, 13, 8, tzinfo=SHANGHAI)


@pytest.mark.parametrize(("word", "day"), [
    ("翌日", 13), ("次日", 13), ("第二天", 13), ("第三天", 14), ("隔天", 13),
    ("同日", 12), ("当日", 12), ("同一天", 12), ("前一天", 11), ("前一日", 11),
])
def test_each_day_word_after_a_written_day(word: str, day: int) -> None:
    [_, span] = resolve(f"某展会2023年4月12日开幕，{word}举办论坛。", REF)
    assert (span.text, span.start, span.end_exclusive) == (word, date(2023, 4, day), date(2023, 4, day + 1))


def test_evening_words_and_clock_times_keep_the_day_written_before() -> None:
    found = starts("某舰队3月30日抵港。当晚举行招待会，次日8时离港。")
    assert found["当晚"] == datetime(2024, 3, 30, 18, tzinfo=SHANGHAI)
    assert found["次日8时"] == datetime(2024, 3, 31, 8, tzinfo=SHANGHAI)
    assert starts("代表团于5月2日出发，前一天晚上召开预备会。")["前一天晚上"] == datetime(2024, 5, 1, 18, tzinfo=SHANGHAI)


def test_the_day_after_the_last_day_of_a_month() -> None:
    [_, span] = resolve("某大桥2023年2月28日合龙，次日开始桥面施工。", REF)
    assert span.start == date(2023, 3, 1)


def test_months_and_years_count_from_the_month_or_year_written_before() -> None:
    text = "该项目2019年3月立项，次年开工，当年10月完成主体。2021年1月验收，次月投用，同月完成审计，前一年已试运行。"
    assert [(s.text, describe(s).split(" ")[0]) for s in resolve(text, REF)] == [
        ("2019年3月", "2019-03-01..2019-04-01"),
        ("次年", "2020-01-01..2021-01-01"),
        ("当年10月", "2020-10-01..2020-11-01"),
        ("2021年1月", "2021-01-01..2021-02-01"),
        ("次月", "2021-02-01..2021-03-01"),
        ("同月", "2021-02-01..2021-03-01"),  # the nearest month written before it: 次月's
        ("前一年", "2020-01-01..2021-01-01"),
    ]


def test_the_same_year_after_a_date_with_a_year() -> None:
    found = starts("2018年9月5日，某公司成立；同年，公司完成首轮融资。当月底前完成备案。")
    assert found["同年"] == date(2018, 1, 1)
    assert [s for s in resolve("2018年9月5日，某公司成立。当月底前完成备案。", REF)][1].end_exclusive == date(2018, 10, 1)


def test_successive_next_days_walk_on() -> None:
    found = starts("考察团6月3日抵达某市，次日前往某县，第二天又赶赴某镇。")
    assert found["次日"] == date(2024, 6, 4) and found["第二天"] == date(2024, 6, 5)


def test_without_a_date_before_them_they_count_from_the_reference() -> None:
    assert starts("次日上午举行签约。")["次日上午"] == datetime(2024, 5, 11, 8, tzinfo=SHANGHAI)
    assert starts("当年竣工，当月完成。") == {"当年": date(2024, 1, 1), "当月": date(2024, 5, 1)}
    # 明天 and 今年 are the writer's: a date written before them changes nothing
    assert starts("会议4月12日召开，明天还将举行分组讨论，今年将推广。") == {
        "4月12日": date(2024, 4, 12), "明天": date(2024, 5, 11), "今年": date(2024, 1, 1)}


def test_a_new_paragraph_ends_the_reach_of_a_date() -> None:
    assert starts("座谈会4月12日召开。\n次日举行签约。")["次日"] == date(2024, 5, 11)


def test_a_year_word_needs_a_written_year_and_a_month_word_a_written_month() -> None:
    # 4月12日 names no year: 当年 stays the reference's; 2023年 names no month: 当月 stays the reference's
    assert starts("4月12日开工，当年投产。")["当年"] == date(2024, 1, 1)
    assert starts("2023年开工，当月见效。")["当月"] == date(2024, 5, 1)


def test_an_idiom_with_tong_ri_is_no_day() -> None:
    assert resolve("两者不可同日而语。", REF) == []


def test_resolve_command_reads_the_article_text_as_one_context() -> None:
    text = "座谈会于4月12日召开。当天下午，代表们参观了工地。次日上午举行签约。"
    result = CliRunner().invoke(cli, ["resolve", text, "--ref", "2024-05-10"])
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [(r[1], r[2].split(" ")[0]) for r in rows][2] == ("次日上午", "2024-04-13T08:00+08:00..2024-04-13T12:00+08:00")


def test_a_build_dates_the_item_by_the_day_before_it() -> None:
    text = "某市举行签约仪式\n\n某市重点项目推进会于4月12日召开。次日上午，某某大桥项目举行开工仪式。\n"
    [article] = articles_from_text(text, "made_up.txt", REF)
    rows = events_of(article)
    assert any(row["start"].startswith("2024-04-13") and "开工" in row["title"] for row in rows), rows


def test_a_comparison_with_the_year_or_month_before_counts_from_the_one_written() -> None:
    text = "2023年某市地区生产总值突破万亿元，比上年增长5.1%。2023年10月份全市用电量较上月增长3%。"
    found = {s.text: (s.start, s.end_exclusive) for s in resolve(text, REF)}
    assert found["上年"] == (date(2022, 1, 1), date(2023, 1, 1))
    assert found["上月"] == (date(2023, 9, 1), date(2023, 10, 1))
    # outside a comparison 上年/上月 are the writer's
    assert starts("2023年项目开工。上年已完成立项。")["上年"] == date(2023, 1, 1)


def test_a_festival_day_is_a_day_to_count_from() -> None:
    got = [(s.text, describe(s).split(" ")[0]) for s in
           resolve("春节当天，某景区接待游客10万人次。次日，客流继续增长。", date(2024, 7, 15))]
    assert got == [("春节当天", "2025-01-29..2025-01-30"), ("次日", "2025-01-30..2025-01-31")]
    # a festival of several days (春节期间) is no day to count from: 次日 stays the writer's
    spans = resolve("春节期间客流大增，次日回落。", date(2024, 7, 15))
    assert [describe(s).split(" ")[0] for s in spans][1] == "2024-07-16..2024-07-17"
