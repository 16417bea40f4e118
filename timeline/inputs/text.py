"""Plain text (.txt/.md) into Articles: the single reading entry point for text.

`articles_from_text` is what every input kind ends in: an HTML page, a JSON record or a feed
entry is turned into text (with its own metadata date) and read here, so the publication date
is decided in one place, in the order of `timeline.inputs.published`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import PurePath

from timeline.decode import normalise_chars
from timeline.errors import InputError
from timeline.ids import article_id
from timeline.ingest import Piece, split_text
from timeline.inputs.lines import split_lines
from timeline.inputs.published import Published, PublishedSource, dateline_date, option_date, path_date
from timeline.reference import YEAR_UNKNOWN, Mapper, Reference, infer_references
from timeline.types import Article, Certainty


def articles_from_text(
    text: str,
    source: str,
    published: date | Published | None = None,
    *,
    path: str | PurePath | None = None,
    fallback: date | None = None,
    fallback_note: str = "--today",
    mapper: Mapper = map,
    first_index: int = 0,
    origin: str = "",
    url: str = "",
    titles: dict[str, int] | None = None,
) -> list[Article]:
    """The articles of one text, in order, each with its reference date and where it came from.

    `source` names the text in evidence (`news/a.txt`, `dump.jsonl#12`). The publication date
    is `published` (a date means `--published`; a Published keeps its own source, such as a
    record's metadata), else front matter, else a date in `path` (or in `source` when no path is
    given), else a masthead or dateline with a year, else it is inferred from the text. The
    reference day of an undated article comes from the text (`今天（4月12日）`, a dateline);
    `fallback` dates a text with no year clue at all (its articles then warn that the year is
    unknown); without a fallback such a text raises InputError. CRLF line ends become LF and
    full-width characters are folded, keeping every offset. `origin` says where in the file the
    text was (`record 3 (line 3) https://…`): it is added to each article's reference note, which
    `timeline explain` and the calendars show; `url` is the article's address, which its items
    carry into the calendars' URL and the page's hover. `titles` counts
    repeated titles across calls for one file (its records), so their IDs stay apart. Importable without plotly or the store.

    >>> [a.reference.isoformat() for a in articles_from_text("标题\\n\\n今天（4月12日），开会。", "cctv_20230412_007.txt")]
    ['2023-04-12']
    """
    text = normalise_chars(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return []
    stated, pieces = split_lines(text) or split_text(text)
    if not pieces:
        return []
    known = _known_date(published, stated, path if path is not None else source, text)
    if known is not None:
        references = [Reference(known.date, known.note, Certainty.EXACT)] * len(pieces)
    else:
        references = _inferred(pieces, path.as_posix() if path is not None else source, fallback, fallback_note, mapper)
    if origin:
        references = [Reference(r.date, f"{r.note}; from {origin}", r.certainty, r.warnings) for r in references]
    # an article is named by its URL, or by its file and title (and how many articles of the
    # file had that title before it: `titles`, shared across a file's records), never by its
    # text, so an edited article keeps its items' IDs (ids.article_id)
    seen = titles if titles is not None else {}
    ids = []
    for n, piece in enumerate(pieces):
        repeat = seen[piece.title] = seen.get(piece.title, -1) + 1
        ids.append(article_id(source, piece.title, repeat, url=(url if n == 0 else f"{url}#{n}") if url else None))
    return [
        Article(
            id=ids[index],
            source=source,
            index=first_index + index,
            title=piece.title,
            body=piece.body,
            reference=ref.date,
            reference_note=ref.note,
            reference_certainty=ref.certainty,
            bylines=piece.bylines,
            offset_map=piece.offset_map,
            warnings=ref.warnings,
            url=url,
        )
        for index, (piece, ref) in enumerate(zip(pieces, references))
    ]


def _known_date(
    published: date | Published | None, stated: date | None, path: str | PurePath, text: str
) -> Published | None:
    """The first of option, metadata (front matter), path and dateline that gives a date."""
    if isinstance(published, Published):
        return published
    if published is not None:
        return option_date(published)
    if stated is not None:
        return Published(stated, PublishedSource.METADATA, "front matter date")
    return path_date(path) or dateline_date(text[:2000])  # a masthead sits at the top


def _inferred(
    pieces: Sequence[Piece], shown: str, fallback: date | None, fallback_note: str, mapper: Mapper
) -> list[Reference]:
    # a date line under a headline is that article's reference and a clue for its neighbours
    texts = [f"{_written(p.stated)}{p.title}\n{p.body}" for p in pieces]
    references = infer_references(texts, fallback=fallback or _PLACEHOLDER, fallback_note=fallback_note, mapper=mapper)
    if fallback is None and any(w.startswith(YEAR_UNKNOWN) for r in references for w in r.warnings):
        raise InputError(shown, "no publication date and no year clue in the text; give one (--published)")
    return [
        Reference(p.stated, "date line under the headline", Certainty.EXACT) if p.stated else ref
        for p, ref in zip(pieces, references)
    ]


_PLACEHOLDER = date(2000, 1, 1)  # never kept: a text that would need it raises instead


def _written(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日\n" if day else ""
