"""Saved web pages (.html/.htm): the main text, title and date through trafilatura.

trafilatura drops navigation, comments and boilerplate and finds the publication date in the
page's markup through htmldate (meta tags, JSON-LD, time elements). The date search stays in
the markup (`extensive_search` off): a date anywhere in the page's text could be any date the
article mentions, and the text is read for dates by `timeline.reference` anyway.
"""

from __future__ import annotations

import re

from timeline.errors import InputError
from timeline.inputs.published import Published, metadata_date

MIN_TEXT_CHARS = 20  # a page whose main text is shorter holds no article: a menu, a bare title


def page_text(html: str, source: str) -> tuple[str, Published | None, str]:
    """(title and main text as one article's text, the page's date, its URL) of a saved page.

    The title is the first line, then a blank line, then the paragraphs, as a news text file
    lays them out. Raises InputError(source, "no article text in the page") when nothing is
    left once the boilerplate is gone.

    >>> page_text("<html><body><article><h1>新馆开放</h1><p>今天（4月12日），某市新馆正式对外开放，市民可预约参观。</p></article></body></html>", "a.html")[0]
    '新馆开放\\n\\n今天（4月12日），某市新馆正式对外开放，市民可预约参观。'
    """
    # imported on first use: about 90 ms that a build of text files need not pay
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = (document.text or "") if document is not None else ""
    title = ((document.title or "") if document is not None else "").strip()
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the page's <h1> opens the main text too
    if len(re.sub(r"\s", "", "".join(paragraphs))) < MIN_TEXT_CHARS:
        raise InputError(source, "no article text in the page (only navigation or boilerplate)")
    published = metadata_date(document.date, "page date") if document is not None and document.date else None
    url = (document.url or "") if document is not None else ""
    text = "\n\n".join([title, *paragraphs]) if title else "\n\n".join(paragraphs)
    return text, published, url
