"""Files that hold one article per line, detected for the whole file, never guessed per line.

Two shapes are common in corpora and crawler dumps:

- `类别\\t正文`: a short label, a tab, the article (THUCNews-style classification corpora);
- a headline glued to its body on one long line, one line per article, no blank lines.

A file is read this way only when every non-empty line fits the shape, so a normal article
(a headline line, then paragraphs) is never cut into one article per paragraph.
"""

from __future__ import annotations

import re
from datetime import date

from timeline.ingest import Piece, derived_title

_LABELLED = re.compile(r"^(?P<label>[^\t\n]{1,12})\t(?=\S)")
_FINAL = "。！？!?”\"）)…"
GLUED_MIN_LINES = 3  # two long lines are as likely two paragraphs of one story
GLUED_MIN_CHARS = 120  # shorter lines are headlines, bylines or paragraphs of one story


def split_lines(text: str) -> tuple[date | None, list[Piece]] | None:
    """(None, one Piece per line) when the whole text is one article per line, else None.

    Labelled lines lose their label and tab (offsets still point into `text`); a glued line's
    title is made from its first sentence.

    >>> [p.body for p in split_lines("体育\\t甲队胜乙队。\\n财经\\t股市收涨。\\n")[1]]
    ['甲队胜乙队。', '股市收涨。']
    """
    lines = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, line))
        pos += len(line) + 1
    if not lines:
        return None
    labelled = [_LABELLED.match(line) for _, line in lines]
    if len(lines) >= 2 and all(labelled):
        return None, [_piece(start + m.end(), line[m.end():]) for (start, line), m in zip(lines, labelled) if m]
    if _glued(text, lines):
        return None, [_piece(start, line) for start, line in lines]
    return None


def _glued(text: str, lines: list[tuple[int, str]]) -> bool:
    if len(lines) < GLUED_MIN_LINES or "\n\n" in text.strip("\n"):
        return False
    return all(len(line.strip()) >= GLUED_MIN_CHARS and line.rstrip()[-1] in _FINAL for _, line in lines)


def _piece(start: int, line: str) -> Piece:
    lead = len(line) - len(line.lstrip())
    body = line.strip()
    return Piece(derived_title(body), body, ((0, start + lead),), (), None)
