"""pattern_checks.compile_checked: a pattern behind a look-ahead for its first character finds the same
matches; pattern_checks.required_chars: every text a pattern matches in meets what it gives."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.grammar.patterns import (
    DAY_NUM,
    DAY_SUFFIX,
    HOUR_NUM,
    MONTH_NUM,
    RANGE_JOIN,
    YEAR_NUM,
    YEAR_SUFFIX,
)
from timeline.grammar.pattern_checks import WHITESPACE, compile_checked, first_chars, meets_needs, required_chars
from timeline.grammar.rules import RULES

CORPUS = Path(__file__).resolve().parent / "corpus" / "resolve.tsv"

# Patterns shaped like the rules': look-behinds before the first character, optional and
# alternative openings, repeats, classes with ranges and categories.
PATTERNS = [
    rf"(?P<year>{YEAR_NUM}){YEAR_SUFFIX}",
    rf"(?P<month>{MONTH_NUM})月(?P<day>{DAY_NUM}){DAY_SUFFIX}",
    rf"(?P<day>{DAY_NUM}){RANGE_JOIN}(?P<until>{DAY_NUM}){DAY_SUFFIX}",
    rf"(?:(?P<marker>农历)(?:(?P<y>{YEAR_NUM})年)?)?(?P<m>正|腊|十[一二]?|[一二三四五六七八九])月",
    rf"(?P<hour>{HOUR_NUM})(?:点钟|点|时)(?:(?P<half>半)|(?P<minute>[0-5]?[0-9]))?",
    r"(?:^|(?<=[，。\s]))(?:再)?过(?P<n>[0-9]{1,4}|[一二三]{1,4})(?P<unit>天|年)",
    r"(?<![几])(?P<n>\d+|半)\s?(?P<unit>天|周)(?P<dir>前|后)",
    r"\b(?:19|20)\d{2}[-/.]\d{1,2}",
]
ALPHABET = "0123456789一二三四五六七八九十年月日号点时半天周前后至到-/. 农历正腊再过，。几"


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=24))
def test_checked_pattern_finds_the_same_matches(pattern: str, text: str) -> None:
    plain = re.compile(pattern)
    checked = compile_checked(pattern)
    assert checked.pattern != pattern  # every pattern above gets a check
    for lo in (0, 3):
        assert [(m.span(), m.groupdict()) for m in checked.finditer(text, lo)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(text, lo)]


def test_first_chars_sees_through_lookbehinds_and_optional_openings() -> None:
    assert first_chars(r"(?<![0-9])(?:农历)?[一二]月") == "农一二"
    assert first_chars(r"(?:a|b+)c") == "ab"
    assert first_chars(r"x*y") == "xy"
    assert first_chars(r"(a)\1") == "a"  # the group comes first


def test_first_chars_gives_up_where_it_cannot_tell() -> None:
    assert first_chars(r"a?") is None  # can match empty
    assert first_chars(r"(?=a)") is None
    assert first_chars(r"(a?)\1b") is None  # a back-reference opens the match
    assert first_chars(r".a") is None
    assert first_chars(r"[^a]b") is None
    assert first_chars(r"(?i)a") is None
    assert first_chars(r"(?a:\D)x") is None
    assert compile_checked(r".年").pattern == r".年"


# ---------------------------------------------------------------- required_chars


def _sets(*chars: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(c) for c in chars)


def test_required_chars_reads_every_consumed_literal_and_class() -> None:
    assert required_chars(r"民国[0-9]{1,2}年") == ((_sets("民"),), (_sets("国"),), (_sets("0123456789"),),
                                                    (_sets("年"),))
    # one of the branches: each is one alternative
    assert required_chars(r"(?:今|明日)天") == ((_sets("今"), _sets("日", "明")), (_sets("天"),))
    assert required_chars(r"(?:今|[明后]日)天") == ((_sets("今"), _sets("后明", "日")), (_sets("天"),))
    # a branch that asks for all another asks for and more adds nothing
    assert required_chars(r"(?:前|之前)") == ((_sets("前"),),)


def test_required_chars_counts_lookarounds_and_spaces() -> None:
    assert required_chars(r"(?<=[至到])\d(?=\s?年)") == ((_sets("到至"),), (_sets("年"),))
    assert required_chars(r"[\s-]x")[0][0][0] >= frozenset(" \u3000-")


def test_whitespace_is_every_character_backslash_s_matches() -> None:
    space = re.compile(r"\s")
    assert WHITESPACE == {ch for ch in map(chr, range(sys.maxunicode + 1)) if space.match(ch)}


def test_required_chars_leaves_out_what_a_match_may_skip_or_not_consume() -> None:
    assert required_chars(r"(?<![0-9])a?b*d") == ((_sets("d"),),)  # negative look-arounds and optional parts
    assert required_chars(r"(?:a|b?)c") == ((_sets("c"),),)  # a branch that can be empty
    assert required_chars(r"[^a]b\d") == ((_sets("b"),),)  # negated class, digit category
    assert required_chars(r"(?i)ab") == ()  # flags change what a literal matches
    assert required_chars(r"(?i:a)b") == ((_sets("b"),),)


def test_required_chars_merges_many_alternatives_into_one_rare_set() -> None:
    words = [f"{a}{b}天" for a in "一二三四五六七八九" for b in "甲申"]  # 18 > MAX_ALTERNATIVES
    assert required_chars("|".join(words), keys="天") == ((_sets("一二三四五六七八九", "天"),),)
    assert required_chars("|".join(words), keys="天", common="一二三四五六七八九") == ((_sets("天", "申甲"),),)


def test_meets_needs() -> None:
    needs = required_chars(r"(?:今|明日)天")
    assert meets_needs(needs, "今天") and meets_needs(needs, set("天日明"))
    assert not meets_needs(needs, "明天") and not meets_needs(needs, "今日")
    assert meets_needs((), "")


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=24))
def test_every_text_with_a_match_meets_the_required_chars(pattern: str, text: str) -> None:
    needs = required_chars(pattern)
    if re.search(pattern, text):
        assert meets_needs(needs, text), (text, needs)


def test_every_corpus_text_with_a_rule_match_meets_its_needs() -> None:
    texts = [line.split("\t")[0] for line in CORPUS.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    checked = 0
    for r in RULES:
        for text in texts:
            if r.pattern.search(text):
                checked += 1
                assert meets_needs(r.needs, text), (r.name, text)
    assert checked > 500
