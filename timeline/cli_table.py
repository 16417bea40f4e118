"""The `--format table` of `timeline events` and `timeline due`: a table for people at a terminal.

- Columns are padded by display width, not by characters: a CJK character takes two cells
  (wcwidth), so `str.ljust` would push every Chinese title's row out of line.
- A row never runs past the terminal: the title column gives way first, cut with `…`.
- Colour only when asked for (the CLI asks on a terminal without NO_COLOR): a pipe or a
  file gets plain text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import click
from wcwidth import wcswidth, wcwidth  # type: ignore[import-untyped]

from timeline.types import SHANGHAI, StoredEvent

ELLIPSIS = "…"
MIN_TITLE = 8  # cells; below this a title says nothing, so the row overflows instead
GAP = "  "
KIND_COLOURS = {"event": "blue", "deadline": "red", "plan": "green"}
KIND_WORDS = {"event": "事件", "deadline": "截止", "plan": "规划"}


def cells(text: str) -> int:
    """Terminal cells `text` takes: 2 per CJK character, 0 for combining marks."""
    width = wcswidth(text)
    return width if width >= 0 else sum(max(wcwidth(ch), 0) for ch in text)


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, ending in … when cut."""
    if cells(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = max(wcwidth(ch), 0)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + ELLIPSIS


def pad(text: str, width: int, *, right: bool = False) -> str:
    space = " " * max(0, width - cells(text))
    return space + text if right else text + space


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    right: bool = False  # numbers line up on the right


def when_text(row: StoredEvent) -> str:
    """The day a person reads an item by (a deadline's due day), with the time of a timed item."""
    event = row.event
    day = event.due_day.isoformat()
    start = event.when.start
    if event.when.timed and isinstance(start, datetime) and event.due_day == event.when.first_day:
        return f"{day} {start.astimezone(SHANGHAI):%H:%M}"
    return day


def render_table(
    rows: Sequence[StoredEvent],
    items: Sequence[Mapping[str, object]],
    *,
    width: int | None,
    wide: bool = False,
    colour: bool = False,
) -> str:
    """The table's text, one line per item in the order given, no header when empty.

    `items` are the rows' `item_dict`s (with `days_left` for `due`). `width` is the terminal's
    width (None: no limit, as for a pipe). `wide` adds `file:offset` and the ID.
    """
    has_left = any("days_left" in item for item in items)
    columns = [Column("DATE"), *([Column("LEFT", right=True)] if has_left else []), Column("KIND"),
               Column("PROJECT"), Column("TITLE")]
    if wide:
        columns += [Column("SOURCE"), Column("ID")]
    table: list[list[str]] = []
    for row, item in zip(rows, items):
        evidence = item["evidence"]
        assert isinstance(evidence, Mapping)
        projects = item.get("projects") or []
        assert isinstance(projects, list)
        cells_of = [when_text(row), *([f"{item['days_left']}d"] if has_left else []),
                    KIND_WORDS.get(str(item["kind"]), str(item["kind"])), "、".join(projects) or "-",
                    str(item["title"])]
        if wide:
            cells_of += [f"{evidence['file']}:{evidence['offset']}", str(item["id"])]
        table.append(cells_of)
    widths = [max([cells(c.name), *(cells(r[i]) for r in table)]) for i, c in enumerate(columns)]
    title_at = [c.name for c in columns].index("TITLE")
    if width is not None:
        others = sum(w for i, w in enumerate(widths) if i != title_at) + len(GAP) * (len(columns) - 1)
        widths[title_at] = min(widths[title_at], max(MIN_TITLE, width - others))
        project_at = title_at - 1
        widths[project_at] = min(widths[project_at], 16)  # a list of projects gives way too
    header = [c.name for c in columns]
    kind_at = header.index("KIND")

    def line(values: Sequence[str]) -> list[str]:
        return [pad(fit(v, widths[i]), widths[i], right=columns[i].right) for i, v in enumerate(values)]

    lines = [GAP.join(click.style(s, bold=True) if colour else s for s in line(header)).rstrip()]
    for values, item in zip(table, items):
        shown = line(values)
        if colour:
            shown[kind_at] = click.style(shown[kind_at], fg=KIND_COLOURS.get(str(item["kind"])))
        lines.append(GAP.join(shown).rstrip())
    return "\n".join(lines) + "\n"
