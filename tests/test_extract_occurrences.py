"""extract._occurrences finds what re.finditer of the escaped word finds (made-up text)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract import _occurrences

_TEXT = st.text(alphabet="张向阳阳主任于本周四.*", max_size=30)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.text(alphabet="张向阳阳于本周.*", max_size=3))
def test_occurrences_are_the_starts_of_the_escaped_words_matches(text: str, word: str) -> None:
    assert _occurrences(text, word) == [m.start() for m in re.finditer(re.escape(word), text)]


def test_occurrences_do_not_overlap() -> None:
    assert _occurrences("阳阳阳阳阳", "阳阳") == [0, 2]
