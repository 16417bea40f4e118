"""Split an article body into sentences that keep their exact offsets into the body.

A sentence ends at 。！？!?；; (a run of them) together with the closing quotes and brackets
right after it, or at a newline. A terminator inside a short quotation (“好!”) does not end
the sentence: the quotation is a phrase of the sentence around it. Long quotations (whole
speeches) may still be split inside. One regex pass plus one pointer: linear in the body.
"""

from __future__ import annotations

import re

from timeline.types import Sentence

_TERMINATORS = "。！？!?；;"
_CLOSERS = "”’」』）)】》]\"'"
_BOUNDARY = re.compile(rf"[{_TERMINATORS}]+[{re.escape(_CLOSERS)}]*|\n")
# A quotation this short (content length) is a phrase: its terminators never split.
_SHORT_QUOTE = 40
_QUOTE = re.compile(rf"“[^“”\n]{{0,{_SHORT_QUOTE}}}”|「[^「」\n]{{0,{_SHORT_QUOTE}}}」|『[^『』\n]{{0,{_SHORT_QUOTE}}}』")
_SPACE = " \t\r\f\v\u3000\u00a0"
# A dispatch's dateline at the head of a line, with the reporter's byline after it, is a sentence
# of its own: 本报北京12月25日电　（记者某某）…, 新华社北京6月11日电 … (its date is no item, and
# the title of the news after it must not start with it).
_DATELINE = re.compile(
    r"(?m)^[ \t\u3000]*[\u4e00-\u9fff]{2,12}?\d{1,2}月\d{1,2}日电(?=[ \t\u3000（(])"
    r"(?:[ \t\u3000]*[（(]记者[^）)\n]{0,30}[）)])?"
)


def split_sentences(body: str) -> list[Sentence]:
    """The sentences of `body`, stripped of surrounding spaces, with `body[s.offset:s.end] == s.text`.

    Empty pieces (blank lines, a lone terminator run) are dropped.

    >>> [s.text for s in split_sentences("11月30日,我区召开推进会。他说:“好!”然后离开。\\n(阮现武)")]
    ['11月30日,我区召开推进会。', '他说:“好!”然后离开。', '(阮现武)']
    """
    if "电" in body:
        cuts = [m.end() for m in _DATELINE.finditer(body)]
        if cuts:
            return [piece for a, b in zip([0, *cuts], [*cuts, len(body)]) for piece in _split(body, a, b)]
    return _split(body, 0, len(body))


def _split(body: str, first: int, last: int) -> list[Sentence]:
    """The sentences of body[first:last]."""
    quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(body, first, last)]
    q = 0
    sentences: list[Sentence] = []
    start = first
    for m in _BOUNDARY.finditer(body, first, last):
        while q < len(quotes) and quotes[q][1] <= m.start():
            q += 1
        if m.group() != "\n" and q < len(quotes) and quotes[q][0] < m.start() < quotes[q][1]:
            continue  # inside a short quotation: part of the sentence around it
        _append(sentences, body, start, m.end())
        start = m.end()
    _append(sentences, body, start, last)
    return sentences


def _append(sentences: list[Sentence], body: str, start: int, end: int) -> None:
    while start < end and (body[start] in _SPACE or body[start] == "\n"):
        start += 1
    while end > start and (body[end - 1] in _SPACE or body[end - 1] == "\n"):
        end -= 1
    text = body[start:end]
    if text and text.strip(_TERMINATORS + _CLOSERS):
        sentences.append(Sentence(text, start))
