"""The words the timeline page shows for one item: its hover label and its short label.

Every string taken from an article (title, sentence, article title, source, projects) goes
through `esc` before our own `<b>`/`<br>` are added: plotly renders a subset of HTML in hover
labels and annotations and decodes `&lt;` back to a literal `<`, so `<script>` shows as text.
"""

from __future__ import annotations

import html
from datetime import timedelta

from timeline.export.html_place import wall
from timeline.types import Category, Event, Role, TimeSpan

WRAP = 30  # characters per hover line
SENTENCE_MAX = 240  # longer evidence sentences are cut around the time text, with …
LABEL_CHARS = 14  # a short label is the title cut to this many characters, … included
CATEGORY_LABELS: dict[Category, str] = {
    Category.MEETING: "会议", Category.INSPECTION: "视察调研", Category.VISIT: "走访",
    Category.CEREMONY: "仪式", Category.REPORT: "报告", Category.OTHER: "其他",
}
CERTAINTY_NOTES = {"inferred": "（推断）", "fuzzy": "（模糊）", "exact": ""}


def hover_text(event: Event, kind_label: str) -> str:
    """Return the hover label of `event`: every article text escaped, joined with plotly's <br>.

    Title in bold, then kind · category · projects, the date as written (原文) and as resolved
    (解析), the evidence sentence with the date in bold, the article title and the source file.

    >>> hover_text(event, "截止日期").split("<br>")[2]  # doctest: +SKIP
    '原文：2022年6月底前'
    """
    evidence = event.evidence
    head = [f"<b>{line}</b>" for line in _wrap(event.title)]
    facts = [kind_label, CATEGORY_LABELS.get(event.category, event.category.value)]
    if event.projects:
        facts.append("项目：" + "、".join(event.projects))
    body = [
        *_wrap(" · ".join(facts)),
        f"原文：{esc(evidence.text)}",
        f"解析：{_resolved(event.when)}",
        *_sentence_lines(evidence.sentence, evidence.span_offset - evidence.sentence_offset,
                         evidence.text),
        *_wrap(f"《{evidence.article_title}》"),
        *_wrap(evidence.source, width=WRAP * 2),  # a path is Latin: twice as many characters fit
        *(_wrap(evidence.url, width=WRAP * 2) if evidence.url else ()),
    ]
    return "<br>".join([*head, *body])


def short_label(event: Event) -> str:
    """Return the title cut to LABEL_CHARS characters (with …), escaped, for a text label.

    >>> short_label(event)  # title 李钢锤到寇店镇人大代表联络站开展联系人民群众主题活动  # doctest: +SKIP
    '李钢锤到寇店镇人大代表联络…'
    """
    title = " ".join(event.title.split())
    return esc(title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1] + "…")


def _resolved(span: TimeSpan) -> str:
    note = CERTAINTY_NOTES.get(span.certainty.value, "")
    if span.role is Role.DEADLINE:
        return f"截止 {span.due.isoformat()}（自 {span.first_day.isoformat()} 起）{note}"
    if span.timed:
        start, end = wall(span.start), wall(span.end_exclusive)
        if start.date() == (end - timedelta(microseconds=1)).date():
            return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}{note}"
        return f"{start:%Y-%m-%d %H:%M} 至 {end:%Y-%m-%d %H:%M}{note}"
    if span.first_day == span.last_day:
        return f"{span.first_day.isoformat()}{note}"
    return f"{span.first_day.isoformat()} 至 {span.last_day.isoformat()}{note}"


def _sentence_lines(sentence: str, at: int, text: str) -> list[str]:
    """Wrap the evidence sentence every WRAP characters, the time text in bold, all escaped."""
    flat = " ".join(sentence.split())
    if flat != sentence or sentence[at : at + len(text)] != text:
        at = flat.find(text)
    start = 0
    if len(flat) > SENTENCE_MAX:
        start = max(0, min(at - SENTENCE_MAX // 3, len(flat) - SENTENCE_MAX)) if at >= 0 else 0
    shown = flat[start : start + SENTENCE_MAX]
    lead = "…" if start > 0 else ""
    tail = "…" if start + SENTENCE_MAX < len(flat) else ""
    mark = (at - start, at - start + len(text)) if at >= 0 and text else (-1, -1)
    lines = []
    for i in range(0, max(len(shown), 1), WRAP):
        chunk_end = min(i + WRAP, len(shown))
        a, b = max(mark[0], i), min(mark[1], chunk_end)
        if a < b:
            line = (esc(shown[i:a]) + "<b>" + esc(shown[a:b]) + "</b>" + esc(shown[b:chunk_end]))
        else:
            line = esc(shown[i:chunk_end])
        lines.append(line)
    lines[0] = lead + lines[0]
    lines[-1] = lines[-1] + tail
    return lines


def _wrap(text: str, width: int = WRAP) -> list[str]:
    """Cut plain text into escaped lines of `width` characters (cut first, so no entity is split)."""
    flat = " ".join(text.split())
    return [esc(flat[i : i + width]) for i in range(0, max(len(flat), 1), width)]


def esc(text: str) -> str:
    """Return `text` escaped for a plotly label: `<`, `>` and `&` only.

    quote=False: plotly decodes &lt; &gt; &amp; and numeric entities, but shows &quot; as is.

    >>> esc("<script>")
    '&lt;script&gt;'
    """
    if "<" in text or ">" in text or "&" in text:  # most article text has none: three scans, not three copies
        return html.escape(text, quote=False)
    return text
