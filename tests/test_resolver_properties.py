"""Properties of the resolver for any input (hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.grammar.numerals import cn_int, to_cn, to_cn_digits
from timeline.resolver import resolve

DATE_CHARS = "0123456789年月日号周星期天今明昨前后上下本年底初旬季度点时分半至到内以来起春节十一二三四五六七八九〇两廿卅百千:-/. 最首头（）当多余几“”农历腊闰除夕"
REFS = st.dates(date(2000, 1, 1), date(2040, 1, 1))


def _check(text: str, ref: date) -> None:
    spans = resolve(text, ref)
    assert spans == resolve(text, ref)
    for span in spans:
        assert span.start < span.end_exclusive
        assert text[span.offset:span.end] == span.text and span.text
    assert all(a.end <= b.offset for a, b in pairwise(spans))


@settings(max_examples=300, deadline=None)
@given(text=st.text(), ref=REFS)
def test_any_unicode_never_raises(text: str, ref: date) -> None:
    _check(text, ref)


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=DATE_CHARS, max_size=30), ref=REFS)
def test_date_like_text_never_raises(text: str, ref: date) -> None:
    _check(text, ref)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=DATE_CHARS, max_size=20),
       ref=st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1)))
def test_datetime_references(text: str, ref: datetime) -> None:
    for span in resolve(text, ref):
        assert span.start < span.end_exclusive


@settings(max_examples=200, deadline=None)
@given(d=st.dates(date(1950, 1, 1), date(2080, 12, 31)), ref=REFS)
def test_written_dates_resolve_to_themselves(d: date, ref: date) -> None:
    for text in (f"{d.year}年{d.month}月{d.day}日", f"{to_cn_digits(d.year)}年{to_cn(d.month)}月{to_cn(d.day)}日",
                 d.isoformat(), f"{d.year}/{d.month}/{d.day}"):
        [span] = resolve(text, ref)
        assert (span.start, span.end_exclusive) == (d, d + timedelta(days=1)), text


@settings(max_examples=200, deadline=None)
@given(month=st.integers(1, 12), day=st.integers(1, 28), ref=REFS)
def test_inferred_year_is_near_the_reference(month: int, day: int, ref: date) -> None:
    [span] = resolve(f"{month}月{day}日", ref)
    assert abs((span.start - ref).days) <= 366 // 2 + 32


@given(n=st.integers(0, 99999))
def test_cn_int_round_trips(n: int) -> None:
    assert cn_int(to_cn(n)) == n


@given(year=st.integers(1000, 2199))
def test_cn_digit_years_round_trip(year: int) -> None:
    assert cn_int(to_cn_digits(year)) == year
