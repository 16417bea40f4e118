"""resolve(prefilter=False) runs every rule over the whole text: the same spans, only slower; the
key index leaves out only rules that cannot match."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.grammar.compose import scan
from timeline.grammar.rulebase import Partial, Rule, rule
from timeline.grammar.rules import KEY_INDEX, RULES
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


def _names(text: str) -> set[str]:
    return {RULES[i].name for i in KEY_INDEX.wanted(text)}


def test_wanted_skips_a_rule_whose_other_characters_are_missing() -> None:
    assert "year" in _names("2020年") and "roc-year" not in _names("2020年")  # roc-year needs 民国
    assert "roc-year" in _names("民国二十年")
    assert "slash-month-day" not in _names("3月5日") and "slash-month-day" in _names("3/5日")
    assert KEY_INDEX.wanted("民国二十年") is KEY_INDEX.wanted("民国十二年")  # the same characters: one plan


# characters the rules key on or need, and some they do not
ALPHABET = "0123456789一二三四五十年月日号点时半天周前后至到-/. :民国农历正腊春节大初三过最近未来今明下个季度第上午晚，的在底末旬之以内来起、星期"


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=30))
def test_scan_with_the_index_finds_what_every_rule_finds(text: str) -> None:
    assert scan(text, RULES, KEY_INDEX) == scan(text, RULES, prefilter=False)


def _finditer_spans(rule: Rule, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rule.pattern.finditer(text) if m.end() > m.start()]


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab日 ", max_size=20))
def test_scan_steps_through_matches_as_finditer_does(text: str) -> None:
    # (?<=b) matches empty: scan hands what follows an empty match to finditer
    for pattern in (r"a+日?", r"(?<=b)|a日", r"日|(?<=a)b"):
        r = rule("test", pattern, "日ab")(lambda m: Partial(day=1))
        for padded in (text, "。" * 200 + text):  # a short text, and one scanned in windows
            assert [(m.start, m.end) for m in scan(padded, (r,))] == _finditer_spans(r, padded)
