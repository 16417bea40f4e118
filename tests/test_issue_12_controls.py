"""Issue 12, item 3: control characters are normalised when a file is read, never emitted.

A form feed (pdftotext ends each page with one), a vertical tab, NEL, U+2028 and U+2029
become line breaks; other C0/C1 controls become spaces. The text is made up.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from timeline import pipeline
from timeline.decode import normalise_chars

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
BREAKS = ["\x0c", "\x0b", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("char", BREAKS)
def test_a_control_that_breaks_a_line_becomes_one(char: str) -> None:
    assert normalise_chars(f"召开会议{char}部署工作") == "召开会议\n部署工作"


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x1b", "\x7f", "\x9b"])
def test_any_other_control_becomes_a_space(char: str) -> None:
    assert normalise_chars(f"召开{char}会议") == "召开 会议"


def build(tmp_path: Path, text: str) -> Path:
    news = tmp_path / "news"
    news.mkdir(parents=True)
    (news / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build([news], db=tmp_path / "t.db", out=out, root=tmp_path, now=datetime(2020, 11, 30, tzinfo=UTC),
                   today=date(2020, 11, 30), workers=1)
    return out


def test_no_control_reaches_the_calendars_the_json_or_the_page(tmp_path: Path) -> None:
    text = ("关于召开推进会的通知\n\n12月3日,区政府召开第一次重点项目推进会\x0c,部署冬季施工。"
            "12月8日,\u2028召开安全生产\x07工作会议。\u2029各单位要于12月底前\x0b完成自查\x85整改。\n")
    out = build(tmp_path / "controls", text)
    clean = build(tmp_path / "clean", re.sub(r"[\x0b\x0c\x85\u2028\u2029]", "\n", text).replace("\x07", " "))
    items = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert items
    assert not CONTROL.search(json.dumps(items, ensure_ascii=False))
    for name in ("calendar.ics", "events.ics", "deadlines.ics"):
        data = (out / name).read_bytes()
        assert not CONTROL.search(data.decode("utf-8").replace("\r\n", "")), name  # CRLF ends lines
        for component in Calendar.from_ical(data).walk("VEVENT"):
            for key in ("SUMMARY", "DESCRIPTION"):
                assert not CONTROL.search(str(component.get(key, ""))), (name, key)
    # the page embeds plotly.js, which holds a control character of its own: compare with the
    # page of the same text written with plain breaks and spaces
    assert (out / "timeline.html").read_bytes() == (clean / "timeline.html").read_bytes()
