"""Resolved time mentions + sentences -> dated items: events, deadlines and plans.

`extract_events` decides for each span whether it is an item (timeline.extract.classify, over
the cue tables of timeline.extract.cues), then gives it a title (titles) and the people,
projects and places it names (names). jieba runs only on sentences that produce an item.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence

from timeline.extract.classify import Context, Decision, decide
from timeline.extract.cues import CLAUSE_BREAKS, EXPLICIT_ANAPHORS, NOT_TIMES
from timeline.extract.dedup import one_per_happening
from timeline.extract.names import people, places, projects, tag
from timeline.extract.titles import clauses, event_title, item_title
from timeline.ids import event_id
from timeline.types import (
    Article,
    Event,
    EventKind,
    Evidence,
    Grain,
    Role,
    Sentence,
    TimeSpan,
)

__all__ = ["extract_events"]


def extract_events(article: Article, sentences: Sequence[Sentence], spans: Sequence[TimeSpan]) -> list[Event]:
    """Return the dated items of `article`, sorted by (start, id); context mentions give none.

    A happening stated twice (a sub-headline and its lead, a restatement) is one item with the
    evidence of its first statement (timeline.extract.dedup).

    `spans` are the resolver's output on article.body (offsets into the body); `sentences`
    cover the body. A span outside every sentence is skipped. The ID of an item depends on
    the article's ID, the span text, the kind and its ordinal among the article's items of
    that text and kind (ids.event_id), never on the rest of the text or the clock.

    Example: in "11月30日,我区组织召开第18次重点项目推进会,区党工委书记何武周…" the span 11月30日
    gives an EVENT of category MEETING titled 第18次重点项目推进会, naming 何武周 and 张向阳.
    """
    ordered = sorted(sentences, key=lambda s: s.offset)
    starts = [s.offset for s in ordered]
    by_sentence: dict[int, list[TimeSpan]] = {}
    for span in sorted(spans, key=lambda s: (s.offset, -len(s.text))):
        i = bisect.bisect_right(starts, span.offset) - 1
        if i >= 0 and span.offset < ordered[i].end:
            by_sentence.setdefault(i, []).append(span)
    paragraphs = _Paragraphs(article.body, ordered)
    lead = min((i for i, group in by_sentence.items() if any(s.grain <= Grain.DAY for s in group)), default=-1)
    events: list[Event] = []
    for i, group in sorted(by_sentence.items()):
        sentence = ordered[i]
        # The lead sentence of a news item borrows a category from the headline (李钢锤到寇店镇调研)
        # or its paragraph (据了解 after a photo caption); other sentences speak for themselves.
        lead_texts = (article.title, paragraphs.text(i)) if i == lead else ()
        tokens: list[tuple[str, str]] | None = None
        for span in group:
            local = span.offset - sentence.offset
            if _inside_name(sentence.text, local, local + len(span.text)) or _year_of_a_dated_name(sentence, span, group):
                continue
            before, after = _around(sentence.text, local, local + len(span.text))
            decision = decide(span, Context(before, after, sentence.text, lead_texts), article.reference)
            if decision is None:
                continue
            if tokens is None:
                tokens = tag(sentence.text)
            events.append(_event(article, ordered, i, span, decision, before, after, tokens, group, paragraphs))
    # numbered first: one_per_happening tells items apart by their IDs
    return sorted(one_per_happening(_numbered(article, events)), key=lambda e: e.sort_key)


def _numbered(article: Article, events: list[Event]) -> list[Event]:
    """The items (in body order) with their IDs: the article's ID, the time text, the kind and
    how many items of the same text and kind came before (ids.event_id)."""
    seen: dict[tuple[str, str], int] = {}
    numbered = []
    for event in events:
        key = (event.evidence.text, event.kind.value)
        ordinal = seen[key] = seen.get(key, -1) + 1
        numbered.append(dataclasses.replace(event, id=event_id(article.id, *key, ordinal)))
    return numbered


def _event(
    article: Article,
    ordered: Sequence[Sentence],
    i: int,
    span: TimeSpan,
    decision: Decision,
    before: str,
    after: str,
    tokens: list[tuple[str, str]],
    group: Sequence[TimeSpan],
    paragraphs: _Paragraphs,
) -> Event:
    sentence = ordered[i]
    named = projects(sentence.text)
    if not named and (decision.kind is EventKind.DEADLINE or any(a in sentence.text for a in EXPLICIT_ANAPHORS)):
        # a deadline's subjectless predicate (确保…建成投用) or an explicit 该项目 takes the
        # project of the paragraph; other items without a project stay without one
        named = _antecedent(article.body, ordered, i, span, paragraphs)
    spans_text = [(s.offset - sentence.offset, s.end - sentence.offset) for s in group]
    who = tuple(p for p in people(tokens, article.bylines) if not _only_in_spans(sentence.text, p, spans_text))
    local = span.offset - sentence.offset
    if decision.kind is EventKind.EVENT:
        title = event_title(sentence.text, local, local + len(span.text), decision.category, who)
    else:
        title = item_title(decision.kind, before, after, span.text, decision.anchor, named[0] if named else "")
    evidence = Evidence(
        source=article.source,
        article_id=article.id,
        article_index=article.index,
        article_title=article.title,
        sentence=sentence.text,
        sentence_offset=sentence.offset,
        text=span.text,
        span_offset=span.offset,
        file_offset=article.file_offset(span.offset),
        url=article.url,
    )
    return Event(
        id="",  # given by _numbered, once every item of the article is known
        kind=decision.kind,
        category=decision.category,
        title=title,
        when=decision.when,
        evidence=evidence,
        people=who,
        projects=named,
        places=places(tokens),
    )


def _year_of_a_dated_name(sentence: Sentence, span: TimeSpan, group: Sequence[TimeSpan]) -> bool:
    """Whether a bare year opens a name whose happening is dated later in the clause.

    2022年某某论坛将于11月9日开幕: the year belongs to the name, the item is the 11月9日 one.
    """
    if span.grain is not Grain.YEAR or span.role is not Role.POINT:
        return False
    text = sentence.text
    end = next((k for k in range(span.end - sentence.offset, len(text)) if text[k] in CLAUSE_BREAKS), len(text))
    return any(o.offset >= span.end and o.offset - sentence.offset < end and o.grain <= Grain.MONTH for o in group)


def _only_in_spans(text: str, name: str, spans: list[tuple[int, int]]) -> bool:
    """Whether every occurrence of `name` overlaps a time span: 于本周 in 于本周四 is no person."""
    starts = _occurrences(text, name)
    return bool(starts) and all(any(a < k + len(name) and k < b for a, b in spans) for k in starts)


def _occurrences(text: str, word: str) -> list[int]:
    """Where `word` starts in `text`, left to right, not overlapping: the starts of
    re.finditer(re.escape(word), text), without compiling a pattern for each name (re's cache
    holds too few for every name of a long input, and a compile costs about 20 µs)."""
    starts = []
    k = text.find(word)
    while k >= 0:
        starts.append(k)
        k = text.find(word, k + max(len(word), 1))  # an empty word occurs at every index, as with re
    return starts


def _inside_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] overlaps a word of NOT_TIMES (明日 in 明日新城)."""
    for word in NOT_TIMES:
        k = text.find(word, max(0, start - len(word) + 1))
        while k != -1 and k < end:
            if k + len(word) > start:
                return True
            k = text.find(word, k + 1)
    return False


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    """The clause text before and after text[start:end].

    When nothing follows the span in its clause, the next clause is what it dates:
    到2035年,基本实现现代化 reads like 到2035年基本实现现代化.
    """
    parts = clauses(text)
    for k, (a, b) in enumerate(parts):
        if a <= start < b:
            after = text[end : max(b, end)]
            if not after.strip() and k + 1 < len(parts):
                after = text[parts[k + 1][0] : parts[k + 1][1]]
            return text[a:start], after
    return "", ""


def _same_paragraph(body: str, first: Sentence, second: Sentence) -> bool:
    """Whether no line break stands between two neighbouring sentences (or at their joining ends)."""
    return "\n" not in body[max(first.end - 1, 0) : second.offset + 1]


class _Paragraphs:
    """Which sentences share a paragraph, and the project last named before a sentence in its
    paragraph, each worked out once per article.

    Walking back over the paragraph for every item was quadratic: a text with no line break
    is one paragraph, and each of its deadlines walked back over every sentence before it.
    Here the paragraph bounds come from one pass, and the projects of a sentence are read
    once, lazily, from the first paragraph an item asks about (jieba never runs on them).
    """

    def __init__(self, body: str, ordered: Sequence[Sentence]) -> None:
        self._body = body
        self._ordered = ordered
        joined = [_same_paragraph(body, ordered[k - 1], ordered[k]) for k in range(1, len(ordered))]
        self.first = [0] * len(ordered)
        for k in range(1, len(ordered)):
            self.first[k] = self.first[k - 1] if joined[k - 1] else k
        self.last = list(range(len(ordered)))
        for k in range(len(ordered) - 2, -1, -1):
            if joined[k]:
                self.last[k] = self.last[k + 1]
        # last_named[k]: the last project named in sentences first[k]..k (None: none there)
        self._last_named: dict[int, str | None] = {}

    def text(self, i: int) -> str:
        """The paragraph of sentence i: its sentences up to the next line break."""
        return self._body[self._ordered[self.first[i]].offset : self._ordered[self.last[i]].end]

    def named_before(self, i: int) -> str | None:
        """The last project named in the sentences before i within its paragraph."""
        if i == self.first[i]:
            return None
        k = i - 1
        todo = []
        while k not in self._last_named:  # each sentence is read once over all the calls
            todo.append(k)
            if k == self.first[i]:
                break
            k -= 1
        for k in reversed(todo):
            found = projects(self._ordered[k].text)
            self._last_named[k] = found[-1] if found else (self._last_named.get(k - 1) if k > self.first[k] else None)
        return self._last_named[i - 1]


def _antecedent(body: str, ordered: Sequence[Sentence], i: int, span: TimeSpan,
                paragraphs: _Paragraphs) -> tuple[str, ...]:
    """The project 该项目 points back to: the last one named earlier in the paragraph.

    Read with the regex path of names.projects only, so jieba never runs on these sentences.
    """
    found = projects(body[ordered[i].offset : span.offset])
    if found:
        return (found[-1],)
    named = paragraphs.named_before(i)
    return (named,) if named else ()
