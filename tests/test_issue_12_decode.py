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


def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path) -> None:
    import csv
    import io
    from datetime import UTC, date, datetime

    from click.testing import CliRunner

    from timeline import pipeline
    from timeline.cli import cli

    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("=HYPERLINK(1)\n\n=SUM(A1)工程要于12月底前完成。12月3日,-召开推进会。\n", encoding="utf-8")
    pipeline.build([news], db=tmp_path / "t.db", out=tmp_path / "out", root=tmp_path,
                   now=datetime(2020, 11, 30, tzinfo=UTC), today=date(2020, 11, 30), workers=1)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "events", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["title"] for row in rows} == {"'=SUM(A1)工程完成", "'-召开推进会"}
    for row in rows:
        assert not any(cell[:1] in "=+-@" for cell in row.values() if cell), row


def test_a_bad_ref_in_the_jsonl_protocol_is_an_error_line() -> None:
    from timeline.resolve_jsonl import answer

    assert answer('{"id": "a", "text": "明天", "ref": "yesterday"}')["error"].startswith("bad ref")
    assert answer('{"id": "b", "text": "明天"}')["error"].startswith("bad ref")
    assert answer('{"id": "c", "text": "明天", "ref": "2020-11-30T08:00:00"}')["results"]


def test_normalise_chars_is_the_fold_table_applied_to_every_character() -> None:
    import random

    from timeline.decode import _FOLD, normalise_chars

    rng = random.Random(12)
    for _ in range(2000):
        text = "".join(chr(rng.choice([rng.randrange(0, 0x300), rng.randrange(0x2000, 0x3100), rng.randrange(0xFF00, 0x10000),
                                       rng.randrange(0x4E00, 0x4F00), 0x1F600])) for _ in range(rng.randint(0, 40)))
        assert normalise_chars(text) == text.translate(_FOLD)
