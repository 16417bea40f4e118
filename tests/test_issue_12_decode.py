"""Issue 12, item 8: charset-normalizer judges every non-UTF-8 file; no silent mojibake.

The sentences are made up.
"""

from __future__ import annotations

import pytest

from timeline.decode import decode_bytes
from timeline.errors import InputError


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("會議召開", "big5"),  # 8 bytes: too short for a guess by statistics
        ("開會", "big5"),
        ("區政府召開第一次重點項目推進會", "big5"),
        ("开会", "gb18030"),
        ("会议召开", "gbk"),
        ("区政府召开第一次重点项目推进会", "gb18030"),
    ],
)
def test_short_chinese_files_are_read_in_their_own_encoding(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), "x.txt") == text


def test_latin_1_text_is_an_error_not_gb18030_nonsense() -> None:
    data = "Réunion du conseil municipal, décidée le 3 décembre.".encode("latin-1")
    data.decode("gb18030")  # it would decode: the point of the test
    with pytest.raises(InputError, match=r"x\.txt: not UTF-8, GB18030 or Big5 text: no Chinese encoding fits"):
        decode_bytes(data, "x.txt")


def test_shift_jis_text_is_an_error_not_gb18030_nonsense() -> None:
    data = "市役所は十二月三日に会議を開催しました。".encode("shift_jis")
    with pytest.raises(InputError, match=r"x\.txt: Japanese text"):
        decode_bytes(data, "x.txt")
