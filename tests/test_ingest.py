"""Reading news files: decoding, splitting the seed into its six articles, offsets, dates."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import ingest
from timeline.errors import InputError
from timeline.ids import article_id
from timeline.decode import decode_bytes, normalise_chars
from timeline.ingest import iter_input_files, read_articles
from timeline.types import Article, Certainty

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_c2943cd1c302380c.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")

SEED_TITLES = [
    "把洛阳都市圈建设作为主战场主抓手主平台 科学编制“十四五”规划 全面建设现代化强市",
    "何武周带队调研全区部分重点项目建设情况",
    "河南省洛阳市万安山,山上的自行车赛道在初雪的装扮下分外妖娆",  # no headline: first sentence
    "何武周主持召开第17次重点项目推进会",
    "赵会生到伊滨区督导调研—— 坚决打好污染防治收官战 不断厚植副中心生态优势",
    "李钢锤到寇店镇调研",
]
SEED_BYLINES = [("李亚",), ("阮现武", "董浩"), (), ("张晓晨", "倪睿"), ("白云飞",), ("高晨奇",)]
SEED_REFERENCES = [
    date(2020, 10, 29),  # no month-day of its own: the last day of 十九届五中全会
    date(2020, 11, 30),
    date(2020, 11, 24),
    date(2020, 11, 23),
    date(2020, 11, 20),
    date(2020, 11, 19),
]


@pytest.fixture(scope="module")
def seed_articles() -> list[Article]:
    return read_articles(SEED, root=REPO)


def assert_offsets_exact(articles: list[Article], decoded: str) -> None:
    folded = normalise_chars(decoded)
    for article in articles:
        for i, ch in enumerate(article.body):
            assert folded[article.file_offset(i)] == ch, (article.index, i)


# --- the seed -----------------------------------------------------------------------------


def test_seed_holds_six_articles_with_their_titles(seed_articles: list[Article]) -> None:
    assert [a.title for a in seed_articles] == SEED_TITLES
    assert [a.index for a in seed_articles] == list(range(6))
    assert seed_articles[0].title.startswith("把洛阳都市圈建设作为主战场")


def test_seed_bylines(seed_articles: list[Article]) -> None:
    assert [a.bylines for a in seed_articles] == SEED_BYLINES


def test_seed_source_and_ids(seed_articles: list[Article]) -> None:
    for a in seed_articles:
        assert a.source == "seeds/000_c2943cd1c302380c.txt"
        assert a.id == article_id(a.source, a.title)  # issue 12: from file and title, not the body
    assert len({a.id for a in seed_articles}) == 6


def test_seed_bodies_leave_out_headlines_authors_and_source_lines(seed_articles: list[Article]) -> None:
    first, second, third = seed_articles[0], seed_articles[1], seed_articles[2]
    assert first.body.startswith("党的十九届五中全会明确了")
    assert first.body.endswith("更好地引领未来发展。")  # `来源:洛阳日报` cut off
    assert "李亚" not in first.body
    assert second.body.startswith("工程进度如何?")
    assert second.body.endswith("区领导张良军、焦连飞及相关单位负责人参加。")
    assert third.body.startswith("11月24日,河南省洛阳市万安山")
    assert "来源" not in third.body
    for a in seed_articles:
        assert not a.body.startswith(a.title)
        assert "\n\n" not in a.body and a.body == a.body.strip()


@pytest.mark.parametrize(
    ("index", "sentence"),
    [
        (0, "但机遇和挑战都有新的发展变化。"),
        (0, "既把“十三五”以来在实践中形成的行之有效的思路举措持续下去"),
        (0, "打造带动全省高质量发展的增长极"),
        (3, "助推企业实现高质量发展;要加强沟通协调,积极争取上级部门支持"),
    ],
)
def test_paragraph_breaks_inside_a_sentence_are_rejoined(
    seed_articles: list[Article], index: int, sentence: str
) -> None:
    assert sentence in seed_articles[index].body


def test_section_headings_stay_their_own_paragraphs(seed_articles: list[Article]) -> None:
    lines = seed_articles[0].body.split("\n")
    assert lines[1].startswith("一、把牢正确方向") and lines[1].endswith("推动高质量发展")
    assert any(line.startswith("三、立足抓实抓细") for line in lines)


def test_seed_offsets_point_into_the_file(seed_articles: list[Article]) -> None:
    assert_offsets_exact(seed_articles, SEED_TEXT)
    second = seed_articles[1]
    at = second.body.index("11月30日")
    assert SEED_TEXT[second.file_offset(at) : second.file_offset(at) + 6] == "11月30日"


def test_seed_references_are_in_2020_and_say_why(seed_articles: list[Article]) -> None:
    assert [a.reference for a in seed_articles] == SEED_REFERENCES
    first = seed_articles[0]
    assert "十九届五中全会" in first.reference_note and "编制“十四五”规划" in first.reference_note
    assert first.reference_certainty is Certainty.FUZZY and first.warnings  # the day is a guess
    for a in seed_articles[1:]:
        assert a.reference_note.startswith("year 2020 from neighbouring article 0")
        assert f"day from {a.reference.month}月{a.reference.day}日" in a.reference_note
        assert a.reference_certainty is Certainty.INFERRED
        assert a.warnings == ()


# --- encodings and line endings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [
        ("gb18030", "\n"),
        ("gbk", "\n"),
        ("utf-8-sig", "\n"),
        ("utf-16", "\n"),  # with a BOM; UTF-16 without one is rejected as binary
        ("utf-8", "\r\n"),
        ("utf-8", "\r"),
        ("gbk", "\r\n"),
    ],
)
def test_encodings_and_line_endings_give_identical_articles(
    tmp_path: Path, seed_articles: list[Article], encoding: str, newline: str
) -> None:
    path = tmp_path / "seed.txt"
    data = SEED_TEXT.replace("\n", newline).encode(encoding)
    path.write_bytes(data)
    articles = read_articles(path, root=tmp_path)
    # the IDs differ only because the file is another (an article is named by file and title)
    assert [(a.title, a.body, a.bylines, a.reference) for a in articles] == [
        (a.title, a.body, a.bylines, a.reference) for a in seed_articles
    ]
    assert [a.id for a in articles] == [article_id(a.source, a.title) for a in articles]
    assert_offsets_exact(articles, decode_bytes(data))


TRADITIONAL = (
    "何武周主持召開第17次重點項目推進會\n\n"
    "11月23日下午，區黨工委書記何武周主持召開第17次重點項目推進會，聽取招商、產業及公共服務類"
    "項目最新進展情況匯報，研究解決項目推進過程中存在的困難和問題。\n\n"
    "何武周要求，區直部門要加強聯繫對接，統籌考慮設立人力資源服務產業園區，解決企業用工問題。"
    "學習貫徹黨的十九屆五中全會精神。（張曉晨　倪睿）\n"
)


def test_big5_stays_traditional(tmp_path: Path) -> None:
    (tmp_path / "big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (tmp_path / "utf8.txt").write_text(TRADITIONAL, encoding="utf-8")
    [big5] = read_articles(tmp_path / "big5.txt")
    [utf8] = read_articles(tmp_path / "utf8.txt")
    assert (big5.title, big5.body, big5.bylines) == (utf8.title, utf8.body, utf8.bylines)
    assert big5.title == "何武周主持召開第17次重點項目推進會"
    assert big5.bylines == ("張曉晨", "倪睿")
    assert big5.body.startswith("11月23日下午,區黨工委")  # full-width comma folded, characters kept
    assert_offsets_exact([big5], TRADITIONAL)


def test_full_width_characters_fold_without_moving_offsets(tmp_path: Path) -> None:
    text = "区里开会\n\n\u3000\u3000２０２０年１１月３０日，区里召开第１８次推进会。\n"
    path = tmp_path / "wide.txt"
    path.write_text(text, encoding="utf-8")
    [article] = read_articles(path)
    assert article.body == "2020年11月30日,区里召开第18次推进会。"
    assert article.reference == date(2020, 11, 30) and article.reference_certainty is Certainty.EXACT
    assert_offsets_exact([article], text)


# --- errors and empty files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        (bytes(range(1, 9)) * 50, "binary file, not text"),
        (b"abc \xff\xfe\xff\x80\x80 def", "not UTF-8, GB18030 or Big5 text"),
        ("11月30日召开会议。".encode("utf-16-le"), "binary file, not text"),  # UTF-16 needs its BOM
    ],
)
def test_unreadable_files_raise_naming_the_file(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_articles(path)
    assert caught.value.reason.startswith(reason)  # undecodable ones say what they read as
    assert str(caught.value).startswith(f"{path}: {reason}")


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder") as caught:
        read_articles(tmp_path / "gone.txt")
    assert "gone.txt" in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t", "\u3000\u3000\n\u00a0".encode()])
def test_empty_or_blank_files_give_no_articles(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    assert read_articles(path) == []


def test_iter_input_files_expands_folders_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["b/2.txt", "b/1.md", "a.txt", "notes.pdf", "c.TXT", ".git/x.txt", ".hidden.txt"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    single = tmp_path / "notes.pdf"
    found = iter_input_files([tmp_path, single, tmp_path / "a.txt"])
    assert found == [tmp_path / "a.txt", tmp_path / "b" / "1.md", tmp_path / "b" / "2.txt", tmp_path / "c.TXT", single]
    with pytest.raises(InputError, match="no such file or folder"):
        iter_input_files([tmp_path / "missing"])


# --- publication dates written in the file -------------------------------------------------------


BODY = "何武周主持召开推进会\n\n11月23日下午,区党工委书记何武周主持召开推进会。\n"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("---\ndate: 2021-03-05\ntitle: x\n---\n", date(2021, 3, 5)),
        ("2021年3月5日\n\n", date(2021, 3, 5)),
        ("2021-03-05\n", date(2021, 3, 5)),
        ("发布时间: 2021-03-05 10:30\n", date(2021, 3, 5)),
    ],
)
def test_front_matter_date_is_the_reference(tmp_path: Path, head: str, expected: date) -> None:
    path = tmp_path / "dated.txt"
    path.write_text(head + BODY, encoding="utf-8")
    [article] = read_articles(path)
    assert (article.reference, article.reference_note) == (expected, f"published {expected.isoformat()} (metadata: front matter date)")
    assert article.reference_certainty is Certainty.EXACT
    assert article.title == "何武周主持召开推进会"
    assert_offsets_exact([article], head + BODY)
    [overridden] = read_articles(path, published=date(2020, 12, 1))
    assert (overridden.reference, overridden.reference_note) == (date(2020, 12, 1), "published 2020-12-01 (option: --published)")


def test_published_overrides_inference(seed_articles: list[Article]) -> None:
    articles = read_articles(SEED, published=date(2020, 12, 1))
    assert {(a.reference, a.reference_note, a.reference_certainty) for a in articles} == {
        (date(2020, 12, 1), "published 2020-12-01 (option: --published)", Certainty.EXACT)
    }
    assert [a.id for a in articles] == [article_id(a.source, b.title) for a, b in zip(articles, seed_articles)]


def test_no_clue_uses_the_fallback_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("区里开会\n\n区里召开推进会,研究解决项目推进中的困难。\n", encoding="utf-8")
    [article] = read_articles(path, fallback=date(2024, 5, 6))
    assert article.reference == date(2024, 5, 6)
    assert article.reference_certainty is Certainty.FUZZY
    assert article.warnings and "--today" in article.reference_note


# --- splitting without bylines --------------------------------------------------------------


def test_headlines_split_articles_without_bylines(tmp_path: Path) -> None:
    text = (
        "第一条新闻的标题\n\n11月30日,区里召开会议。会议要求加快进度。\n\n"
        "第二条新闻的标题\n\n12月1日,市里开展检查,要求整改到位。\n"
    )
    path = tmp_path / "two.txt"
    path.write_text(text, encoding="utf-8")
    articles = read_articles(path, fallback=date(2020, 12, 5))
    assert [a.title for a in articles] == ["第一条新闻的标题", "第二条新闻的标题"]
    assert [a.body for a in articles] == ["11月30日,区里召开会议。会议要求加快进度。", "12月1日,市里开展检查,要求整改到位。"]
    assert_offsets_exact(articles, text)


def test_source_is_relative_to_root(tmp_path: Path) -> None:
    folder = tmp_path / "news" / "2020"
    folder.mkdir(parents=True)
    path = folder / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    assert read_articles(path, root=tmp_path, fallback=date(2020, 12, 1))[0].source == "news/2020/a.txt"
    assert read_articles(path, fallback=date(2020, 12, 1))[0].source == path.as_posix()


@pytest.mark.parametrize(
    ("text", "titles", "bylines"),
    [
        (  # a date and source line under the headline, 本报讯 bylines, a source line under a headline
            "区里召开推进会\n2020-11-30 10:20 来源:洛阳日报 作者:李亚\n\n"
            "本报讯(记者 张三 通讯员 李四)11月30日,区里召开推进会。会议强调要加快进度。\n\n"
            "第二篇标题\n\n来源:新华网\n\n12月1日,市里开展检查。\n",
            ["区里召开推进会", "第二篇标题"],
            [("李亚", "张三", "李四"), ()],
        ),
        ("第一篇\n\n内容一,很好。\n\n-----\n\n内容二没有标题,但很长的一句话在这里结束。\n", ["第一篇", "内容二没有标题,但很长的一句话在这里结束"], [(), ()]),
        ("# 第一篇\n\n内容一,很好。\n\n## 第二篇\n\n内容二。\n", ["第一篇", "第二篇"], [(), ()]),
        ("标题一\n\n正文一,结束。\n\n标题二\n\n王五\n\n正文二,结束。\n", ["标题一", "标题二"], [(), ("王五",)]),
    ],
)
def test_other_layouts(tmp_path: Path, text: str, titles: list[str], bylines: list[tuple[str, ...]]) -> None:
    path = tmp_path / "layout.txt"
    path.write_text(text, encoding="utf-8")
    articles = read_articles(path, fallback=date(2020, 12, 5))
    assert [a.title for a in articles] == titles
    assert [a.bylines for a in articles] == bylines
    assert_offsets_exact(articles, text)


def test_date_line_under_a_headline_dates_the_article_and_its_neighbours(tmp_path: Path) -> None:
    text = "区里召开推进会\n2020-11-30 来源:洛阳日报\n\n区里召开推进会。\n\n第二篇标题\n\n12月1日,市里开展检查。\n"
    path = tmp_path / "dated.txt"
    path.write_text(text, encoding="utf-8")
    first, second = read_articles(path)
    assert (first.reference, first.reference_note, first.reference_certainty) == (
        date(2020, 11, 30),
        "date line under the headline",
        Certainty.EXACT,
    )
    assert second.reference == date(2020, 12, 1)


_PIECES = st.sampled_from(
    ["\n", "\n\n", "\r\n", "  ", "\u3000", "标题", "李亚", "。", ",", "?", "(阮现武 董浩)", "来源:洛阳日报", "(完)",
     "11月30日", "2020年", "“十四五”", "一、", "区里召开推进会", "---", "# ", "发展变", "化。", "１２", "（", "）"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_any_text_reads_with_exact_offsets(pieces: list[str]) -> None:
    text = "".join(pieces)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.txt"
        path.write_bytes(text.encode("utf-8"))
        articles = read_articles(path, fallback=date(2020, 12, 1))
    decoded = text.replace("\r\n", "\n").replace("\r", "\n")
    assert_offsets_exact(articles, decoded)
    for a in articles:
        assert a.body and a.title and a.body == a.body.strip()


def test_a_headline_is_never_glued_to_an_unfinished_paragraph(tmp_path: Path) -> None:
    text = "标题\n\n第一段写到一半,没有句号就结束了\n\n下一条标题\n\n正文,结束。\n"
    path = tmp_path / "glue.txt"
    path.write_text(text, encoding="utf-8")
    bodies = [a.body for a in read_articles(path, fallback=date(2020, 12, 1))]
    assert all("结束了下一条标题" not in body for body in bodies)
    assert_offsets_exact(read_articles(path, fallback=date(2020, 12, 1)), text)


def test_a_headline_with_a_lead_and_colon_starts_an_article(tmp_path: Path) -> None:
    # Found by benchmarks/make_corpus.py: `偃师区:扎实推进…` headlines were read as body text,
    # so the article merged into the one before it.
    path = tmp_path / "news.txt"
    path.write_text(
        "伊滨区召开项目推进会\n\n11月30日,伊滨区召开第18次重点项目推进会。\n\n\n\n"
        "偃师区:扎实推进重点项目 确保高质量发展\n\n12月1日,偃师区召开重点项目观摩会。要坚持问题导向:抓落实。\n",
        encoding="utf-8",
    )
    articles = read_articles(path, root=tmp_path)
    assert [a.title for a in articles] == ["伊滨区召开项目推进会", "偃师区:扎实推进重点项目 确保高质量发展"]
    assert articles[1].body.startswith("12月1日,偃师区召开")


_TAIL_PIECES = st.sampled_from(
    ["会议召开。", "(阮现武 董浩)", "（完）", "(完)", "来源:洛阳日报", "责任编辑：王五", "校对:李四", "转自 网站",
     "(", ")", "（", "）", "】", " ", "\u3000", "\n", "\x1c", "。", "市里开展检查", "审核", ":"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TAIL_PIECES, max_size=12))
def test_the_tail_word_shortcut_cuts_what_the_three_tail_searches_cut(pieces: list[str]) -> None:
    text = "".join(pieces)
    shortcut = ingest._strip_end_markers(text)
    always_search = re.compile("")  # matches every text: the loop always runs the three searches
    original, ingest._TAIL_WORD = ingest._TAIL_WORD, always_search
    try:
        assert ingest._strip_end_markers(text) == shortcut
    finally:
        ingest._TAIL_WORD = original
