"""Issue 13: families found by reading a random sample of real news sentences (made-up sentences
of the same shapes; the sample itself is drawn by benchmarks/realtext_sample.py at run time)."""

from __future__ import annotations

from datetime import date

from timeline.resolver import describe, resolve
from timeline.types import Role

REF = date(2024, 12, 16)


def spans(text: str) -> list[tuple[str, str]]:
    return [(s.text, describe(s).split(" ")[0]) for s in resolve(text, REF)]


def test_lengths_and_travel_times_in_a_sentence_are_no_times() -> None:
    text = ("经过近50个小时的连续浇筑，某大桥今天合龙，建设历时近8年。通车后两地车程由3小时缩短至1小时以内，"
            "转体在30分钟内完成，可以实现当天往返。")
    assert spans(text) == [("今天", "2024-12-16..2024-12-17")]


def test_windows_from_the_reference_are_still_read() -> None:
    # the same counts without a length word before them: windows, as the corpus reads them
    assert [s.role for s in resolve("要求在3天内完成整改，近10年来首次。", REF)] == [Role.DEADLINE, Role.RANGE]


def test_a_peak_season_bound_is_due_before_it_starts() -> None:
    [due] = resolve("某储能电站计划于2026年迎峰度夏前建成投产。", REF)
    assert (due.text, due.role, due.end_exclusive) == ("2026年迎峰度夏前", Role.DEADLINE, date(2026, 7, 1))


def test_a_year_before_its_own_noun_has_no_de() -> None:
    assert spans("今年的重点任务已经明确") == [("今年", "2024-01-01..2025-01-01")]
    assert spans("今年的上半年") == [("今年的上半年", "2024-01-01..2024-07-01")]


def test_from_before_a_news_source_is_no_bound() -> None:
    # the year belongs to the source's name: a plain year, no "since"
    assert spans("记者今天从2024年某某博览会新闻发布会上获悉，展会将于下月举行。") == [
        ("今天", "2024-12-16..2024-12-17"), ("2024年", "2024-01-01..2025-01-01"), ("下月", "2025-01-01..2025-02-01")]
    assert spans("记者从2023年全省工作会议上了解到") == [("2023年", "2023-01-01..2024-01-01")]
    assert [s.role for s in resolve("从2023年起，我们从用户那里获悉了很多需求。", REF)] == [Role.SINCE]


def test_a_window_counts_from_the_date_written_before_it() -> None:
    assert spans("某国宣布从2025年3月1日起的6个月内暂停进口某商品。") == [
        ("从2025年3月1日起的6个月内", "2025-03-01..2025-09-01")]
    assert spans("自5月1日起的两个半月内") == [("自5月1日起的两个半月内", "2025-05-01..2025-07-16")]
    # a window with no date before it still counts from the reference
    assert spans("6个月内完成") == [("6个月内", "2024-12-16..2025-06-17")]


def test_the_flood_season_is_june_to_september() -> None:
    assert spans("某水闸计划明年汛期前通水，主汛期期间加密巡查。") == [
        ("明年汛期前", "2024-12-16..2025-06-01"), ("主汛期期间", "2025-07-01..2025-09-01")]
    assert spans("凌汛期和非汛期的工作安排") == []


def test_the_yangtze_fishing_ban_dates_since() -> None:
    [since] = resolve("报告显示，禁渔以来某江段鱼类资源明显恢复。", REF)
    assert (since.text, since.role, since.start) == ("禁渔以来", Role.SINCE, date(2021, 1, 1))
    assert resolve("珠江禁渔以来渔民转产上岸", REF) == []


def test_a_day_of_a_festival_counts_in_the_festival() -> None:
    assert spans("春运首日，全国铁路发送旅客超千万人次。") == [("春运首日", "2025-01-14..2025-01-15")]
    assert spans("国庆第三天，景区客流平稳。") == [("国庆第三天", "2025-10-03..2025-10-04")]
