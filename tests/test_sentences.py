"""Sentence splitting: exact offsets, closers kept, short quotations kept whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.ingest import read_articles
from timeline.sentences import split_sentences

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_c2943cd1c302380c.txt"


def texts(body: str) -> list[str]:
    return [s.text for s in split_sentences(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", []),
        ("  \n \n", []),
        ("11月30日,我区召开推进会。何武周参加。", ["11月30日,我区召开推进会。", "何武周参加。"]),
        ("工程进度如何?还有哪些问题?天冷了!", ["工程进度如何?", "还有哪些问题?", "天冷了!"]),
        ("要加强协调;要优化工期;确保建成。", ["要加强协调;", "要优化工期;", "确保建成。"]),
        ("他说:“一定要做好保障。”随后离开。", ["他说:“一定要做好保障。”随后离开。"]),
        ("“天下大事,必作于细”。我们编制规划。", ["“天下大事,必作于细”。", "我们编制规划。"]),
        ("他强调:“要不等不靠。要积极行动。”会议结束。", ["他强调:“要不等不靠。要积极行动。”会议结束。"]),
        ("参加会议。(张晓晨 倪睿)", ["参加会议。", "(张晓晨 倪睿)"]),
        ("第一段没有句号\n  第二段。  ", ["第一段没有句号", "第二段。"]),
        ("完成了!!!然后?", ["完成了!!!", "然后?"]),
        ("好的。)", ["好的。)"]),
    ],
)
def test_split(body: str, expected: list[str]) -> None:
    assert texts(body) == expected


def test_long_quotations_may_split_inside() -> None:
    quote = "“" + "这是很长的一句话" * 6 + "。第二句。”"
    assert len(split_sentences(quote)) == 2


def test_seed_sentences_have_exact_offsets() -> None:
    for article in read_articles(SEED):
        sentences = split_sentences(article.body)
        assert sentences
        previous_end = 0
        for s in sentences:
            assert article.body[s.offset : s.end] == s.text
            assert s.text == s.text.strip() and s.offset >= previous_end
            previous_end = s.end
    first = read_articles(SEED)[0]
    assert any(t.endswith("但机遇和挑战都有新的发展变化。") for t in texts(first.body))


@given(st.text(alphabet="今天开会。！？!?；;“”\n ,a1（）)", max_size=80))
def test_offsets_always_point_at_the_text(body: str) -> None:
    for s in split_sentences(body):
        assert body[s.offset : s.end] == s.text and s.text.strip() == s.text and s.text
