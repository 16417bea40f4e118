"""One pytest case per line of tests/corpus/resolve.tsv: the resolver's specification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from timeline.resolver import describe, resolve

CORPUS = Path(__file__).parent / "corpus" / "resolve.tsv"


@dataclass(frozen=True, slots=True)
class CorpusCase:
    line: int
    text: str
    reference: date
    expected: str | None  # None: the text holds no time expression


def load_corpus(path: Path) -> list[CorpusCase]:
    """Parse `text<TAB>reference<TAB>expected[<TAB># comment]` lines; `#` lines are comments."""
    cases: list[CorpusCase] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        text, reference, expected = fields[0], fields[1], fields[2].split("#")[0].strip()
        cases.append(CorpusCase(number, text, date.fromisoformat(reference),
                                None if expected == "none" else expected))
    return cases


CASES = load_corpus(CORPUS)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 300


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"L{c.line}:{c.text}")
def test_corpus(case: CorpusCase) -> None:
    spans = resolve(case.text, reference=case.reference)
    if case.expected is None:
        assert spans == []
    else:
        assert [s.text for s in spans] == [case.text]  # one mention covers the whole line
        assert describe(spans[0]) == case.expected
