"""clues.date_matches finds exactly what _DATE.finditer finds (made-up text)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.clues import _DATE, date_matches

_PIECES = st.sampled_from(
    ["2020", "年", "11", "1", "0", "12", "9", "月", "30", "日", "号", "底", "上旬", "初", "(星期一)", "周五",
     "１２", "１", "。", "会议", " ", "\n", "三", "2019年12月31日", "1月1日", "20201", "5月号"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=20))
def test_date_matches_are_the_patterns_own_matches(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert [(m.span(), m.groupdict()) for m in date_matches(text)] == [
        (m.span(), m.groupdict()) for m in _DATE.finditer(text)
    ]


def test_date_matches_reads_a_paragraph() -> None:
    text = "2020年11月30日(星期一),区里召开会议,12月底前完成,20201月不是日期。"
    assert [m.group() for m in date_matches(text)] == ["2020年11月30日(星期一)", "12月底"]
