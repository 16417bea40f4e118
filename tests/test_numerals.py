"""cn_int: Chinese numerals to int."""

from __future__ import annotations

import pytest

from timeline.grammar.numerals import (
    cn_int,
    cn_int_or_none,
    fold_width,
    to_cn,
    to_cn_digits,
)


@pytest.mark.parametrize(("text", "value"), [
    ("二〇二二", 2022), ("二零二二", 2022), ("2020", 2020), ("二十三", 23), ("十一", 11), ("十", 10),
    ("两", 2), ("廿三", 23), ("卅", 30), ("一百零五", 105), ("两千零四", 2004), ("三十一", 31),
])
def test_cn_int(text: str, value: int) -> None:
    assert cn_int(text) == value


@pytest.mark.parametrize("text", ["", "十一月", "abc", "三三三三年"])
def test_cn_int_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        cn_int(text)
    assert cn_int_or_none(text) is None


def test_writers() -> None:
    assert to_cn(23) == "二十三" and to_cn(10) == "十" and to_cn(105) == "一百零五"
    assert to_cn_digits(2022) == "二〇二二"


def test_fold_width_keeps_length() -> None:
    text = "２０２０年１１月３０日：１５：３０"
    assert len(fold_width(text)) == len(text)
    assert fold_width(text) == "2020年11月30日:15:30"
