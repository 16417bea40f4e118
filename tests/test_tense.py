"""A date without a year after a tense word (将于, 定于, 已于, 早在) lies after the reference, or
before it, whatever the nearest-year rule picks (compose._tensed, anchoring._year_in_tense)."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.grammar.anchoring import _year_in_tense
from timeline.resolver import describe, resolve

REF = date(2023, 9, 20)  # a Wednesday in late September


def spans(text: str) -> list[tuple[str, str]]:
    return [(s.text, describe(s).split(" ")[0]) for s in resolve(text, REF)]


@pytest.mark.parametrize(("text", "expected"), [
    # the nearest-year rule alone would read last August / last July
    ("某博览会将于8月18日在市会展中心开幕。", [("8月18日", "2024-08-18..2024-08-19")]),
    ("新馆定于七月五日上午对外开放", [("七月五日上午", "2024-07-05T08:00+08:00..2024-07-05T12:00+08:00")]),
    ("二期工程计划于7月至8月分段施工", [("7月至8月", "2024-07-01..2024-09-01")]),
    # the nearest-year rule alone would read this coming December / November
    ("大桥已于12月28日合龙，", [("12月28日", "2022-12-28..2022-12-29")]),
    ("早在11月，该市就启动了排查。", [("11月", "2022-11-01..2022-12-01")]),
])
def test_a_tense_word_places_a_date_without_a_year(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text) == expected


def test_without_a_tense_word_the_nearest_year_stays() -> None:
    assert spans("8月18日开幕") == [("8月18日", "2023-08-18..2023-08-19")]
    assert spans("12月28日合龙") == [("12月28日", "2023-12-28..2023-12-29")]


def test_a_written_year_wins_over_the_tense() -> None:
    assert spans("将于2023年8月18日开幕") == [("2023年8月18日", "2023-08-18..2023-08-19")]


def test_year_in_tense_keeps_the_reference_day_and_month() -> None:
    assert _year_in_tense(REF, 9, 20, 1) == 2023     # today is not past
    assert _year_in_tense(REF, 9, None, 1) == 2023   # this month is not past
    assert _year_in_tense(REF, 9, 21, -1) == 2022    # tomorrow has not happened
    assert _year_in_tense(REF, 9, None, -1) == 2023  # this month has begun
