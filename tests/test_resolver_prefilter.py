"""resolve(prefilter=False) runs every rule over the whole text: the same spans, only slower."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from timeline.resolver import resolve

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_prefilter_off_gives_the_same_spans_on_the_seeds() -> None:
    files = sorted(SEEDS.glob("*.txt"))
    assert files
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert resolve(text, date(2020, 11, 30), prefilter=False) == resolve(text, date(2020, 11, 30)), f.name


def test_prefilter_off_on_short_texts() -> None:
    for text in ("2022年6月底前完成", "11月23日下午", "没有日期的句子", "", "三天后"):
        assert resolve(text, date(2020, 11, 30), prefilter=False) == resolve(text, date(2020, 11, 30))
