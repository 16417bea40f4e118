"""Real inputs (issue 11): saved pages, JSON Lines and JSON dumps, feeds, dated archives, one
article per line; where each publication date came from; bad input as one-line errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from timeline.errors import InputError
from timeline.ingest import iter_input_files
from timeline.inputs import read_file
from timeline.inputs.feeds import read_feed
from timeline.inputs.html import page_text
from timeline.inputs.lines import split_lines
from timeline.inputs.published import (
    PublishedSource,
    dateline_date,
    metadata_date,
    option_date,
    path_date,
)
from timeline.inputs.records import field_map, read_records
from timeline.inputs.text import articles_from_text
from timeline.types import Certainty

FAR = date(2030, 1, 1)
STORY = "新馆开放\n\n今天（4月12日），某市新馆正式对外开放，市民可以预约参观。\n"

PAGE = """<html><head><title>新馆开放 - 某某网</title>
<meta property="article:published_time" content="2023-04-12T09:00:00+08:00"></head>
<body><nav><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/city">城市</a></nav>
<article><h1>新馆开放</h1><p>今天（4月12日），某市新馆正式对外开放。新馆分为五个展区，市民可以预约参观。</p>
<p>据介绍，新馆二期工程计划于今年年底前完工，届时将新增两个展厅。</p></article>
<div class="comments">网友评论：太好了，周末就去看看！</div><footer>版权所有 某某网</footer></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>某某网</title>
<item><title>新馆开放</title><link>https://example.org/a</link><pubDate>Wed, 12 Apr 2023 07:00:00 +0800</pubDate>
<description>&lt;p&gt;今天（4月12日），某市新馆正式对外开放。&lt;/p&gt;&lt;p&gt;二期工程计划于今年年底前完工。&lt;/p&gt;</description></item>
<item><title>大桥合龙</title><link>https://example.org/b</link><pubDate>Thu, 13 Apr 2023 20:00:00 +0800</pubDate>
<description>今天（4月13日），某大桥顺利合龙。</description></item>
</channel></rss>"""


# --- where the publication date comes from --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("archive/cctv_20230412_007.txt", date(2023, 4, 12)),
        ("news/20230412.md", date(2023, 4, 12)),
        ("news/2023-04-12/story.txt", date(2023, 4, 12)),
        ("news/2023/04/12/story.html", date(2023, 4, 12)),
        ("报纸/2023年4月12日.txt", date(2023, 4, 12)),
        ("notes/story_7.txt", None),
        ("ids/120230412001.txt", None),  # digits glued to other digits are an ID, not a date
        ("news/20231399.txt", None),  # not a day
    ],
)
def test_path_date_forms(path: str, expected: date | None) -> None:
    found = path_date(path)
    assert (found.date if found else None) == expected
    if found:
        assert found.source is PublishedSource.PATH


def test_dateline_with_a_year_is_a_publication_date_a_date_in_running_text_is_not() -> None:
    found = dateline_date("《某某日报》（2025年03月01日第01版）\n正文")
    assert found is not None and found.date == date(2025, 3, 1) and found.source is PublishedSource.DATELINE
    assert dateline_date("2025年3月1日 星期六 第04版\n正文").date == date(2025, 3, 1)  # type: ignore[union-attr]
    assert dateline_date("大会定于2025年3月1日召开。") is None


def test_metadata_dates_keep_the_written_day() -> None:
    assert metadata_date("2023-04-12T23:30:00+08:00", "date").date == date(2023, 4, 12)  # type: ignore[union-attr]
    assert metadata_date("2023年4月12日", "date").date == date(2023, 4, 12)  # type: ignore[union-attr]
    assert metadata_date(1681257600, "date").date == date(2023, 4, 12)  # type: ignore[union-attr]  # 08:00 Shanghai
    assert metadata_date("yesterday", "date") is None
    assert option_date(date(2023, 4, 12)).note == "published 2023-04-12 (option: --published)"


def test_articles_from_text_takes_the_date_in_the_source_name() -> None:
    [article] = articles_from_text(STORY, "in/cctv_20230412_007.txt")
    assert article.reference == date(2023, 4, 12)
    assert article.reference_note == "published 2023-04-12 (path: cctv_20230412_007.txt)"
    assert article.reference_certainty is Certainty.EXACT


def test_option_beats_metadata_beats_path_beats_dateline(tmp_path: Path) -> None:
    text = "《某某日报》（2021年01月05日第02版）\n\n新馆开放\n\n某市新馆正式对外开放，市民可以预约参观。\n"
    assert articles_from_text(text, "a.txt")[0].reference == date(2021, 1, 5)
    assert articles_from_text(text, "20220303.txt")[0].reference == date(2022, 3, 3)
    front = "---\ndate: 2020-02-02\n---\n" + text
    assert articles_from_text(front, "20220303.txt")[0].reference == date(2020, 2, 2)
    assert articles_from_text(front, "20220303.txt", date(2019, 9, 9))[0].reference == date(2019, 9, 9)


def test_text_with_no_year_clue_needs_a_fallback() -> None:
    with pytest.raises(InputError, match="no year clue"):
        articles_from_text("区里开会\n\n区里召开推进会，研究项目推进中的困难。\n", "plain.txt")
    [article] = articles_from_text("区里开会\n\n区里召开推进会。\n", "plain.txt", fallback=FAR)
    assert article.reference.year == 2030 and article.warnings[0].startswith("no year clue in the file")


def test_articles_from_text_needs_neither_plotly_nor_the_store() -> None:
    import subprocess
    import sys

    code = ("import sys; from timeline.inputs import articles_from_text; "
            "assert not {'plotly', 'timeline.store', 'trafilatura', 'feedparser'} & set(sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


# --- saved pages ------------------------------------------------------------------------------


def test_page_gives_main_text_title_and_date_without_navigation_or_comments() -> None:
    text, published, _ = page_text(PAGE, "p.html")
    assert text.startswith("新馆开放\n\n今天（4月12日）")
    assert "首页" not in text and "网友评论" not in text and "版权所有" not in text
    assert published is not None and published.date == date(2023, 4, 12)
    assert published.source is PublishedSource.METADATA


def test_html_file_is_read_as_an_article_dated_by_its_meta(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    [article] = read_file(tmp_path / "p.html", fallback=FAR)
    assert article.title == "新馆开放"
    assert article.reference == date(2023, 4, 12) and "metadata" in article.reference_note


def test_page_with_no_article_text_is_a_one_line_error(tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>首页</a> | <a href='/x'>新闻</a></nav></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"menu.html: no article text"):
        read_file(page, fallback=FAR)


# --- records ----------------------------------------------------------------------------------


def _jsonl(*records: object) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def test_jsonl_records_with_common_field_names(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(_jsonl(
        {"title": "新馆开放", "content": "今天（4月12日），某市新馆正式对外开放。", "publish_time": "2023-04-12 09:00", "url": "https://e.org/a"},
        {"headline": "大桥合龙", "body": "今天（4月13日），某大桥顺利合龙。", "pubdate": "2023/4/13"},
    ), encoding="utf-8")
    first, second = read_file(path, fallback=FAR)
    assert (first.title, first.reference, first.index) == ("新馆开放", date(2023, 4, 12), 0)
    assert (second.title, second.reference, second.index) == ("大桥合龙", date(2023, 4, 13), 1)
    assert "publish_time" not in second.reference_note and "metadata" in second.reference_note
    assert first.reference_note.endswith("; from record 1 (line 1) https://e.org/a")
    assert second.reference_note.endswith("; from record 2 (line 2)")


def test_field_option_names_other_fields(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(_jsonl({"正文": "今天（4月12日），某市新馆正式对外开放。", "ts": "2023-04-12"}), encoding="utf-8")
    with pytest.raises(InputError, match="line 1: no text field"):
        read_file(path, fallback=FAR)
    [article] = read_file(path, fallback=FAR, fields={"text": "正文", "date": "ts"})
    assert article.reference == date(2023, 4, 12)
    with pytest.raises(ValueError, match="unknown field role"):
        field_map({"author": "x"})


def test_json_file_with_a_list_under_a_key(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text(json.dumps({"articles": [{"text": "今天（4月12日），新馆开放。", "date": "2023-04-12"}]}, ensure_ascii=False), encoding="utf-8")
    [article] = read_file(path, fallback=FAR)
    assert article.reference == date(2023, 4, 12)


def test_broken_jsonl_line_names_the_file_and_the_line(tmp_path: Path) -> None:
    text = _jsonl({"text": "今天（4月12日），新馆开放。", "date": "2023-04-12"}) + '{"text": "半行\n'
    with pytest.raises(InputError, match=r"dump.jsonl: line 2: not valid JSON"):
        list(read_records(text, "dump.jsonl", json_lines=True))


# --- feeds ------------------------------------------------------------------------------------


def test_feed_entries_are_articles_with_their_own_days(tmp_path: Path) -> None:
    entries = list(read_feed(FEED.encode(), "f.xml"))
    assert [e.url for e in entries] == ["https://example.org/a", "https://example.org/b"]
    assert [e.published.date for e in entries if e.published] == [date(2023, 4, 12), date(2023, 4, 13)]
    assert entries[0].text == "新馆开放\n\n今天（4月12日），某市新馆正式对外开放。\n\n二期工程计划于今年年底前完工。"
    (tmp_path / "f.rss").write_text(FEED, encoding="utf-8")
    articles = read_file(tmp_path / "f.rss", fallback=FAR)
    assert [a.reference for a in articles] == [date(2023, 4, 12), date(2023, 4, 13)]
    assert articles[1].reference_note.endswith("; from entry 2 https://example.org/b")


def test_malformed_feed_is_a_one_line_error() -> None:
    with pytest.raises(InputError, match=r"cut.xml: not a well-formed RSS/Atom feed: .*line"):
        list(read_feed(FEED[:300].encode(), "cut.xml"))


def test_folders_yield_every_input_kind(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "c.jsonl", "d.json", "e.xml", "f.rss", "g.atom", "h.md", "skip.csv"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in iter_input_files([tmp_path])] == ["a.txt", "b.html", "c.jsonl", "d.json", "e.xml", "f.rss", "g.atom", "h.md"]


# --- one article per line (issue 10, item 8) ---------------------------------------------------

LONG = "某市召开推进会，研究部署下一阶段重点工作，要求各部门加强协调配合，确保各项任务按时完成，会议还听取了有关单位的工作汇报并提出了明确要求，强调要抓好落实。"


def test_labelled_lines_are_one_article_each() -> None:
    text = f"时政\t{LONG}\n体育\t某队昨天在主场以二比一战胜对手，取得三连胜。\n"
    stated, pieces = split_lines(text)  # type: ignore[misc]
    assert [p.body for p in pieces] == [LONG, "某队昨天在主场以二比一战胜对手，取得三连胜。"]
    second = pieces[1]
    assert text[second.offset_map[0][1]:].startswith("某队昨天")


def test_glued_headline_lines_are_one_article_each_but_paragraphs_are_not() -> None:
    lines = [f"新闻{n}标题{LONG}{LONG}" for n in range(3)]
    assert len(split_lines("\n".join(lines) + "\n")[1]) == 3  # type: ignore[index]
    assert split_lines("短标题\n\n" + "\n\n".join(lines)) is None  # a headline and its paragraphs
    assert split_lines(f"时政\t{LONG}\n这一行没有标签。\n") is None  # every line or none


def test_section_head_ending_in_a_dash_does_not_start_an_article() -> None:
    text = ("某地重点项目建设提速\n\n某地今天召开推进会，部署下一阶段工作。\n\n"
            "加快产业升级的步伐——\n\n某园区新引进项目十个，总投资约五十亿元。\n")
    articles = articles_from_text(text, "a.txt", fallback=FAR)
    assert len(articles) == 1 and "加快产业升级的步伐——" in articles[0].body


# --- through the CLI: bad input leaves nothing behind; one summary line for unknown years -----


def _build(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from timeline.cli import cli

    db, out = tmp_path / "t.db", tmp_path / "out"
    return CliRunner().invoke(cli, ["--db", str(db), "build", *args, "--out", str(out), "--today", "2030-01-01"])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("menu.html", "<html><body><nav><a href='/'>首页</a></nav></body></html>", "menu.html: no article text"),
        ("dump.jsonl", '{"text": "今天（4月12日），新馆开放。"}\n{"text": \n', "dump.jsonl: line 2: not valid JSON"),
        ("cut.xml", FEED[:300], "cut.xml: not a well-formed RSS/Atom feed"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_nothing_written(tmp_path: Path, name: str, content: str, message: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text(content, encoding="utf-8")
    result = _build(tmp_path, str(tmp_path / "in" / name))
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert message in line and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_field_option_and_unknown_years_summarised_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dump.jsonl").write_text(_jsonl({"正文": "今天（4月12日），某市新馆正式对外开放。", "ts": "2023-04-12"}), encoding="utf-8")
    for n in range(3):
        (tmp_path / "in" / f"plain{n}.txt").write_text(f"区里开会{n}\n\n今天（4月{n + 1}日），区里召开推进会。\n", encoding="utf-8")
    result = _build(tmp_path, str(tmp_path / "in"), "--field", "text=正文", "--field", "date=ts")
    assert result.exit_code == 0, result.stderr
    [line] = [line for line in result.stderr.splitlines() if "year" in line]
    assert "3 articles with no year anywhere" in line  # one summary line, not one per article
    items = json.loads((tmp_path / "out" / "events.json").read_text(encoding="utf-8"))
    assert any(i["start"].startswith("2023-04-12") for i in items)
    assert _build(tmp_path, str(tmp_path / "in"), "--field", "text").exit_code == 2


def test_news_bundle_keeps_splitting_into_its_short_items() -> None:
    text = ("国内快讯\n\n某某台消息：\n\n某大桥今日通车\n\n今天（9月8日），某大桥建成通车，两岸通行时间大幅缩短。\n\n"
            "某机场新航站楼启用\n\n今天（9月8日），某机场新航站楼正式启用，年旅客吞吐能力明显提升。\n\n"
            "某省发布秋粮收购方案\n\n某省今天（9月8日）发布秋粮收购方案，收购工作将于10月1日启动。\n")
    articles = articles_from_text(text, "bundle_20230908.txt")
    assert [a.title for a in articles][-3:] == ["某大桥今日通车", "某机场新航站楼启用", "某省发布秋粮收购方案"]
    assert {a.reference for a in articles} == {date(2023, 9, 8)}


def test_record_url_reaches_the_calendar_url_and_the_page(tmp_path: Path) -> None:
    from icalendar import Calendar

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dump.jsonl").write_text(_jsonl(
        {"title": "大桥合龙", "content": "今天（4月13日），某大桥顺利合龙。", "date": "2023-04-13", "url": "https://example.org/news/b?id=1,2"},
    ), encoding="utf-8")
    (tmp_path / "in" / "plain_20230413.txt").write_text("新馆开放\n\n今天（4月13日），某市新馆正式开放。\n", encoding="utf-8")
    result = _build(tmp_path, str(tmp_path / "in"))
    assert result.exit_code == 0, result.stderr
    calendar = Calendar.from_ical((tmp_path / "out" / "calendar.ics").read_bytes())
    urls = {str(ev.get("summary")): ev.get("url") for ev in calendar.walk("VEVENT")}
    assert "https://example.org/news/b?id=1,2" in {str(u) for u in urls.values() if u}
    assert any(u is None for u in urls.values())  # a text file has no URL
    assert "https://example.org/news/b?id=1,2" in (tmp_path / "out" / "timeline.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("news_20230413.txt", "新馆开放\n\n今天（4月13日），某市新馆正式开放。\n", "published 2023-04-13 (path: news_20230413.txt)"),
        ("undated.txt", "区里开会\n\n今天（4月13日），区里召开推进会。\n", "no year clue in the file; assumed 2030"),
        ("anniversary.txt", "座谈会召开\n\n纪念改革开放40周年座谈会今天（12月18日）召开。\n", "anniversary 改革开放40周年 (1978 + 40)"),
    ],
)
def test_explain_says_where_the_publication_date_came_from(tmp_path: Path, name: str, content: str, says: str) -> None:
    from click.testing import CliRunner

    from timeline.cli import cli

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text(content, encoding="utf-8")
    assert _build(tmp_path, str(tmp_path / "in")).exit_code == 0
    item = json.loads((tmp_path / "out" / "events.json").read_text(encoding="utf-8"))[0]
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "explain", item["id"]])
    assert result.exit_code == 0 and says in result.stdout


def test_record_ids_come_from_the_url_or_the_file_and_title_not_the_text(tmp_path: Path) -> None:
    """Issue 12 item 7 through records: an edited record keeps its article ID; two records with
    the same title and no URL stay two articles."""
    path = tmp_path / "dump.jsonl"

    def ids(*records: dict[str, str]) -> list[str]:
        path.write_text(_jsonl(*records), encoding="utf-8")
        return [a.id for a in read_file(path, fallback=FAR)]

    linked = {"title": "新馆开放", "content": "今天（4月12日），某市新馆开放。", "date": "2023-04-12", "url": "https://e.org/a"}
    plain = {"title": "简讯", "content": "4月13日，某大桥合龙。", "date": "2023-04-13"}
    again = {"title": "简讯", "content": "4月14日，某隧道贯通。", "date": "2023-04-14"}
    before = ids(linked, plain, again)
    after = ids({**linked, "content": "今天（4月12日），某市新馆正式开放。"}, plain, again)
    assert before == after
    assert len(set(before)) == 3
    moved = ids({**linked, "title": "新馆开门迎客"}, plain, again)
    assert moved[0] == before[0]  # the URL names it, whatever its title
