"""Issue 12, item 7: editing an article keeps its items' IDs; a changed item's SEQUENCE rises.

An item is named by its article (file and title, or record URL), its time text, its kind and
its ordinal among the article's items of that text and kind, not by the body. Made-up text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from icalendar import Calendar

from timeline import pipeline
from timeline.ids import article_id, event_id

TEXT = ("区政府召开推进会\n\n12月3日,区政府召开第一次重点项目推进会,部署冬季施工。会议指出,要压实责任。"
        "各单位要于12月底前完成自查。12月8日,召开安全生产工作会议。\n")


def calendar(tmp: Path, text: str, now: datetime) -> dict[str, tuple[str, int]]:
    news = tmp / "news"
    news.mkdir(exist_ok=True)
    (news / "a.txt").write_text(text, encoding="utf-8")
    pipeline.build([news], db=tmp / "t.db", out=tmp / "out", root=tmp, now=now, today=date(2020, 11, 30), workers=1)
    cal = Calendar.from_ical((tmp / "out" / "calendar.ics").read_bytes())
    return {str(c["UID"]): (str(c["SUMMARY"]), int(c.decoded("SEQUENCE"))) for c in cal.walk("VEVENT")}


def test_a_word_changed_in_a_sentence_without_a_date_keeps_every_uid(tmp_path: Path) -> None:
    before = calendar(tmp_path, TEXT, datetime(2020, 11, 30, tzinfo=UTC))
    after = calendar(tmp_path, TEXT.replace("压实责任", "落实责任"), datetime(2020, 12, 1, tzinfo=UTC))
    assert len(before) >= 2 and after == before


def test_an_edited_item_keeps_its_uid_with_a_higher_sequence(tmp_path: Path) -> None:
    before = calendar(tmp_path, TEXT, datetime(2020, 11, 30, tzinfo=UTC))
    after = calendar(tmp_path, TEXT.replace("安全生产工作会议", "安全生产专题会议"), datetime(2020, 12, 1, tzinfo=UTC))
    assert set(after) == set(before)
    changed = [uid for uid in before if after[uid] != before[uid]]
    assert len(changed) == 1
    assert after[changed[0]][1] == before[changed[0]][1] + 1 and "专题" in after[changed[0]][0]


def test_ids_are_made_of_the_article_name_time_text_kind_and_ordinal() -> None:
    first = article_id("news/a.txt", "区政府召开推进会")
    assert first == article_id("news/a.txt", "区政府召开推进会")
    assert first != article_id("news/b.txt", "区政府召开推进会")  # another file, another article
    assert first != article_id("news/a.txt", "区政府召开推进会", repeat=1)  # a second one of that title
    by_url = article_id("news/a.jsonl", "标题", url="https://example.org/n/1")
    assert by_url == article_id("dump/b.jsonl", "改过的标题", url="https://example.org/n/1")
    assert event_id(first, "12月底前", "deadline", 0) != event_id(first, "12月底前", "deadline", 1)
    assert event_id(first, "12月底前", "deadline", 0) != event_id(first, "12月底前", "plan", 0)
