"""Stored events -> one self-contained, offline timeline page (Plotly, with plotly.js embedded).

Design (docs/timeline-page.md says why at more length):

- Rows are kinds (事件, 截止日期, 规划目标), not projects: a small fixed set that stays readable
  from 15 items to 5,000 and does not hang on project extraction (many items name none, 5,000
  can name hundreds). Colour and marker repeat the kind; projects are in the hover label.
- Where items go (x, and y inside a row) is html_place's concept; their words (hover text,
  short labels, escaping) are html_hover's. This module draws the figure and writes the page.
- Pages of at most LABEL_MAX items label every item with its short title, each item in a lane
  of its row so that the labels do not meet in the first view; larger pages spread items by a
  hash of their ID and have no labels.
- The first view is the densest window holding 75% of the events and deadlines; plans (2035,
  2050) do not stretch it and stay reachable by the range slider, zoom and double-click.
- Article text goes through `html_hover.esc` before it reaches a label: plotly renders a
  subset of HTML there and decodes `&lt;` back to a literal `<`, so `<script>` shows as text.
- Same input, same bytes: a fixed div id, items sorted by (date, id), JSON from `json.dumps`
  with fixed options (UTF-8, half the size of `\\uXXXX` for Chinese), and no clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from timeline.export.html_hover import hover_text, short_label
from timeline.export.html_page import (
    DIV_ID,
    FONT_STACK,
    controls,
    page,
    plotly_template,
    plotly_trace,
    script_json,
    sorted_keys,
)
from timeline.export.html_place import (
    LANE_PX,
    Placed,
    Rows,
    hashed_rows,
    label_anchor,
    laned_rows,
    place,
)
from timeline.types import EventKind, StoredEvent

DENSE_SHARE = 0.75  # the initial view holds at least this share of the items
LABEL_MAX = 40  # pages with at most this many items label every item
# A browser opens a page of this many items within seconds and the file stays under 10 MB
# (7.5 MB measured); a bigger store shows the items nearest to today and says so.
PAGE_MAX = 5_000
MIN_HEIGHT_PX = 460  # the plot's least height; a page with many lanes gets more
CHROME_PX = 230  # the plot's height that is not rows: margins, ticks and the range slider


@dataclass(frozen=True, slots=True)
class _KindStyle:
    label: str
    colour: str
    symbol: str


# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
KIND_STYLES: dict[EventKind, _KindStyle] = {
    EventKind.EVENT: _KindStyle("事件", "#0072B2", "circle"),
    EventKind.DEADLINE: _KindStyle("截止日期", "#D55E00", "diamond"),
    EventKind.PLAN: _KindStyle("规划目标", "#009E73", "star"),
}
PERIOD_LABEL = "时期"
# Tick labels in Chinese at every zoom level; keys are the smallest tick spacing in ms.
_DAY_MS = 86_400_000
TICK_FORMATS = (
    (None, _DAY_MS, "%-m月%-d日 %H:%M<br>%Y年"),
    (_DAY_MS, 28 * _DAY_MS, "%-m月%-d日<br>%Y年"),
    (28 * _DAY_MS, 365 * _DAY_MS, "%Y年%-m月"),
    (365 * _DAY_MS, None, "%Y年"),
)
MIN_VIEW = timedelta(days=90)  # the first view spans at least a quarter, so the next deadlines show
AROUND_MAX = timedelta(days=3650)  # a first view around today spans at most ten years
def render_html(events: Iterable[StoredEvent], *, today: date, title: str = "timeline", page_js: str = "inline") -> bytes:
    """Return the bytes of one offline HTML page that shows `events` on a zoomable timeline.

    Same input, same bytes: the order of `events` does not matter, nothing reads the clock,
    and plotly's div id is fixed. `today` draws the dashed 今天 line. An empty sequence gives a
    page that says so. The caller writes the file with `timeline.atomic.atomic_write`.
    `page_js` is "inline" (plotly.js in the page, about 4.6 MB, works offline) or "cdn" (a
    <script src> on cdn.plot.ly: a small file that needs the network to draw).

    >>> page = render_html(rows, today=date(2020, 11, 30), title="洛阳 timeline")  # doctest: +SKIP
    """
    nearest = NearestItems(today, PAGE_MAX)
    for row in events:
        nearest.add(row)
    return render_nearest(nearest, title=title, page_js=page_js)


def render_nearest(nearest: NearestItems, *, title: str = "timeline", page_js: str = "inline") -> bytes:
    """`render_html` of the items `nearest` kept: a build feeds it while it streams the store."""
    today = nearest.today
    shown = nearest.rows()
    ordered = sorted(shown, key=lambda r: r.event.sort_key)
    placed = [place(r) for r in ordered]
    traces, layout, rows = _figure(placed, today=today)
    config = {"responsive": True, "displaylogo": False, "scrollZoom": True}
    call = ", ".join(script_json(part) for part in (DIV_ID, traces, layout, config))
    # Lanes need LANE_PX each, or neighbouring labels would touch: a page of many lanes scrolls.
    height = max(MIN_HEIGHT_PX, math.ceil(rows.height * LANE_PX + CHROME_PX))
    summary = _summary(placed, today, left_out=nearest.seen - len(shown))
    projects = sorted({p for r in ordered for p in r.event.projects})
    kinds = [(k.value, KIND_STYLES[k].label) for k in kinds_of(placed)]
    return page(title=title, summary=summary, call=call, min_height=height, page_js=page_js,
                controls=controls(kinds, projects))


def default_title(sources: Iterable[str]) -> str:
    """The page's title from the names of its sources: their top folders or file names.

    >>> default_title(["seeds/000_c2943cd1c302380c.txt"])
    'seeds · 时间线'
    >>> default_title(["../seeds/000_c2943cd1c302380c.txt"])
    'seeds · 时间线'
    >>> default_title(["a.txt", "b.txt", "c.md", "d.txt"])
    'a、b、c 等 4 个来源 · 时间线'
    """
    names = sorted({_source_name(s) for s in sources})
    if not names:
        return "时间线"
    shown = "、".join(names[:3]) + (f" 等 {len(names)} 个来源" if len(names) > 3 else "")
    return f"{shown} · 时间线"


def _source_name(source: str) -> str:
    if "://" in source:
        return source.split("://", 1)[1].split("/", 1)[0]  # a URL: its host
    # a store names files from its own folder (`../seeds/a.txt`), or absolutely: the top folder
    # below those steps names them
    parts = [part for part in source.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    if not parts:
        return source
    return parts[0] if len(parts) > 1 else parts[0].rsplit(".", 1)[0] or parts[0]


def kinds_of(placed: Sequence[Placed]) -> list[EventKind]:
    return [k for k in KIND_STYLES if any(p.row.event.kind is k for p in placed)]


class NearestItems:
    """The `limit` items whose days lie nearest to `today`, kept as items stream past, so a
    page of the nearest 5,000 never needs all 50,000 in memory; `seen` counts them all.

    Ties break by ID, so the choice is as deterministic as the page. An item's distance is
    zero when its span covers `today`.
    """

    def __init__(self, today: date, limit: int) -> None:
        self.today, self.limit = today, limit
        self.seen = 0
        self._kept: list[StoredEvent] = []

    def add(self, row: StoredEvent) -> None:
        self.seen += 1
        self._kept.append(row)
        if len(self._kept) >= 2 * self.limit:  # trimmed now and then: n log(limit) in all
            self._kept = self.rows()

    def rows(self) -> list[StoredEvent]:
        return sorted(self._kept, key=self._distance)[: self.limit]

    def _distance(self, row: StoredEvent) -> tuple[int, str]:
        when, today = row.event.when, self.today
        first, last = when.first_day, when.last_day
        days = 0 if first <= today <= last else min(abs((first - today).days), abs((last - today).days))
        return days, row.event.id


def _figure(placed: Sequence[Placed], *, today: date) -> tuple[list[dict[str, Any]], dict[str, Any], Rows]:
    """The plot's traces and layout as plotly.js takes them, with their keys in the order
    plotly's own figure objects wrote them (so the page's bytes stayed as they were)."""
    kinds = kinds_of(placed)
    # Plans are goals years away by nature (到2035年, 本世纪中叶): they would stretch the first
    # view over decades, so only events and deadlines choose it, unless there is nothing else.
    near = [p.anchor for p in placed if p.row.event.kind is not EventKind.PLAN]
    view = initial_range(near or [p.anchor for p in placed], today=today)
    if near and min(near) <= today <= max(near):
        view = around_today(near, today=today)
    labels = {p.row.event.id: short_label(p.row.event) for p in placed} if len(placed) <= LABEL_MAX else {}
    rows = laned_rows(placed, kinds, labels, view) if labels else hashed_rows(placed, kinds)
    size = 11 if sum(p.length_ms is None for p in placed) <= 500 else 7

    traces: list[dict[str, Any]] = []
    for kind, style in KIND_STYLES.items():
        mine = [p for p in placed if p.row.event.kind is kind and p.length_ms is None]
        if mine:
            traces.append(plotly_trace("scatter", {
                "name": style.label, "legendgroup": kind.value, "mode": "markers",
                "x": [p.x for p in mine], "y": [rows.y[p.row.event.id] for p in mine],
                "marker": {"color": style.colour, "symbol": style.symbol, "size": size, "opacity": 0.85,
                           "line": {"width": 1, "color": "white"}},
                "hovertext": [hover_text(p.row.event, style.label) for p in mine], "hoverinfo": "text",
                "customdata": [_item_data(p, labels) for p in mine],
            }))
        long = [p for p in placed if p.row.event.kind is kind and p.length_ms is not None]
        if long:
            traces.append(plotly_trace("bar", {
                "name": f"{style.label}（{PERIOD_LABEL}）", "legendgroup": kind.value, "showlegend": not mine,
                "orientation": "h", "base": [p.x for p in long], "x": [p.length_ms for p in long],
                "y": [rows.y[p.row.event.id] for p in long],
                # A bar fills most of its lane. Unlaned, many identical periods (十四五 in every
                # article) would merge into one block; thinner bars keep them a striped band.
                "width": 0.6 if rows.laned else max(0.02, min(0.12, 0.8 / len(long))),
                "marker": {"color": style.colour, "opacity": 0.55, "line": {"width": 0}},
                "hovertext": [hover_text(p.row.event, style.label) for p in long], "hoverinfo": "text",
                "customdata": [_item_data(p, labels) for p in long],
            }))
    notes = [*_label_notes(placed, labels, rows, view), *_edge_notes(placed, rows, view)]
    return traces, _layout(placed, kinds, rows, today, view, notes), rows


def _item_data(p: Placed, labels: dict[str, str]) -> list[str]:
    """What the page's script knows of an item: [short label, projects joined with 、, ID]."""
    event = p.row.event
    return [labels.get(event.id) or short_label(event), "、".join(event.projects), event.id]


def _label_notes(
    placed: Sequence[Placed], labels: dict[str, str], rows: Rows, view: tuple[str, str]
) -> list[dict[str, Any]]:
    """One annotation per labelled item, named label:<kind>:<least scale> for SYNC_JS.

    Annotations, not trace text, which the range slider would draw a second time. The name ties
    each one to its legend group and its least scale: SYNC_JS hides it with its kind, and when
    zooming out would make it meet a lane neighbour.
    """
    notes = []
    for p in placed if labels else ():
        item_id, kind, marker = p.row.event.id, p.row.event.kind, p.length_ms is None
        x, xanchor, xshift = label_anchor(p, view)
        notes.append({
            "name": f"label:{kind.value}:{rows.label_scale[item_id]:.6g}:{item_id}", "text": labels[item_id],
            "visible": True, "x": x, "y": rows.y[item_id], "xanchor": xanchor, "xshift": xshift,
            "showarrow": False, "borderpad": 0,
            **({"bgcolor": "rgba(255,255,255,0.75)"} if marker else {}),  # the 今天 line passes behind
            # Inside a bar the kind's colour would not stand out from the bar's own.
            "font": {"size": 11, "color": KIND_STYLES[kind].colour if marker else "#222222"},
        })
    return notes


def _edge_notes(placed: Sequence[Placed], rows: Rows, view: tuple[str, str]) -> list[dict[str, Any]]:
    """Per row, a note at each edge counting the items outside the first view: ← 更早 2 项."""
    lo, hi = (datetime.fromisoformat(v) for v in view)
    count = {(side, kind): 0 for side in ("before", "after") for kind in rows.bands}
    for p in placed:
        start = datetime.fromisoformat(p.x)
        end = start + timedelta(milliseconds=p.length_ms or 0)
        side = "before" if end < lo else "after" if start > hi else None
        if side:
            count[side, p.row.event.kind] += 1
    return [
        {"name": f"{side}:{kind.value}", "text": f"← 更早 {n} 项" if side == "before" else f"更晚 {n} 项 →",
         "visible": n > 0, "xref": "paper", "x": 0 if side == "before" else 1, "yref": "y",
         "y": rows.bands[kind].note_y, "xanchor": "left" if side == "before" else "right", "showarrow": False,
         "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 11, "color": KIND_STYLES[kind].colour}}
        for (side, kind), n in count.items()
    ]


def _layout(
    placed: Sequence[Placed], kinds: Sequence[EventKind], rows: Rows, today: date, view: tuple[str, str],
    notes: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    bands = [rows.bands[kind] for kind in kinds]
    separators = [
        {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": band.top,
         "y1": band.top, "line": {"color": "#dddddd", "width": 1}}
        for band in reversed(bands[1:])
    ]
    today_line = {"type": "line", "xref": "x", "x0": today.isoformat(), "x1": today.isoformat(),
                  "yref": "paper", "y0": 0, "y1": 1, "name": "today",
                  "line": {"color": "#333333", "width": 1.5, "dash": "dash"}}
    today_note = {"x": today.isoformat(), "xref": "x", "y": 1, "yref": "paper",
                  "text": f"今天 {today.isoformat()}", "showarrow": False, "xanchor": "left",
                  "yanchor": "bottom", "font": {"size": 12, "color": "#333333"}}
    annotations = [today_note]
    if not placed:
        annotations.append({"text": "没有条目", "xref": "paper", "yref": "paper", "x": 0.5,
                            "y": 0.5, "showarrow": False, "font": {"size": 18}})
    annotations.extend(notes)
    y_range = [round(bands[-1].bottom - 0.05, 3), round(bands[0].top + 0.05, 3)] if bands else [-0.5, 0.5]
    # Keys in the order plotly's figure wrote them: nested objects first, each in the order given.
    return {
        "template": plotly_template("plotly_white"),
        "font": {"family": FONT_STACK, "size": 13, "color": "#222222"},
        "hoverlabel": {"font": {"family": FONT_STACK, "size": 12}, "align": "left"},
        "legend": {"title": {"text": "点击图例显示/隐藏："}, "orientation": "h", "x": 0, "xanchor": "left",
                   "y": 1.06, "yanchor": "bottom"},
        "margin": {"l": 80, "r": 30, "t": 60, "b": 20},
        "xaxis": {
            "rangeslider": {"visible": True, "thickness": 0.1}, "type": "date", "range": list(view),
            "tickformatstops": [{"dtickrange": [a, b], "value": fmt} for a, b, fmt in TICK_FORMATS],
            "showgrid": True, "gridcolor": "#eeeeee",
        },
        "yaxis": {  # fixed: zoom and pan move through time only
            "range": y_range, "tickvals": [band.centre for band in bands],
            "ticktext": [KIND_STYLES[kind].label for kind in kinds], "fixedrange": True,
            "showgrid": False, "zeroline": False,
        },
        "hovermode": "closest",
        "shapes": sorted_keys([*separators, today_line]), "annotations": sorted_keys(annotations),
        "barmode": "overlay", "dragmode": "zoom",
    }


def initial_range(days: Sequence[date], *, today: date) -> tuple[str, str]:
    """Return the first view's x range: the shortest window holding 75% of `days`, padded.

    Few items (under 5) show all of them. The window is at least 90 days, widened to the
    right, so a fortnight of events is shown with what falls due after it. Padding is a tenth
    of the window and at least 14 days, so no item is pressed against an edge. With no items
    the range is the two months around `today`. Far items (a 2050 plan among 2020 events) lie
    outside it; so may a 2022 deadline among a dozen 2020 events: the share is a count, and
    with few items one item more or less moves the window.

    >>> initial_range([date(2020, 11, d) for d in (19, 23, 25, 30)] + [date(2050, 12, 31)], today=date(2020, 11, 30))
    ('2020-11-05', '2021-03-04')
    """
    if not days:
        return (today - timedelta(days=30)).isoformat(), (today + timedelta(days=30)).isoformat()
    ordered = sorted(days)
    keep = len(ordered) if len(ordered) < 5 else math.ceil(len(ordered) * DENSE_SHARE)
    starts = range(len(ordered) - keep + 1)
    first = min(starts, key=lambda i: (ordered[i + keep - 1] - ordered[i], i))
    lo, hi = ordered[first], ordered[first + keep - 1]
    hi = max(hi, lo + MIN_VIEW)  # widen towards the future, where deadlines lie
    pad = max((hi - lo) / 10, timedelta(days=14))
    return (lo - pad).isoformat(), (hi + pad + timedelta(days=1)).isoformat()


def around_today(days: Sequence[date], *, today: date) -> tuple[str, str]:
    """The first view when `today` lies among `days`: the month before today and the two after,
    widened around today until it holds ten of the days (or all, if fewer), at most ten years.

    >>> around_today([date(2020, 1, 1), date(2026, 12, 20), date(2030, 1, 1)], today=date(2026, 12, 4))
    ('2021-12-20', '2031-12-19')
    """
    lo, hi = today - timedelta(days=30), today + timedelta(days=60)
    wanted = min(10, len(days))
    while sum(lo <= d <= hi for d in days) < wanted and hi - lo < AROUND_MAX:
        grow = min(hi - lo, AROUND_MAX - (hi - lo)) / 2  # doubles, up to AROUND_MAX
        lo, hi = lo - grow, hi + grow
    return lo.isoformat(), (hi + timedelta(days=1)).isoformat()


def _summary(placed: Sequence[Placed], today: date, left_out: int = 0) -> str:
    counts = [f"{s.label} {sum(p.row.event.kind is k for p in placed)}" for k, s in KIND_STYLES.items()]
    extent = ""
    if placed:
        first = min(p.row.event.when.first_day for p in placed)
        last = max(max(p.anchor, p.row.event.when.last_day) for p in placed)
        extent = f"，时间跨度 {first.isoformat()} 至 {last.isoformat()}"
    shown = f"共 {len(placed)} 项"
    if left_out:
        shown = f"显示距今天最近的 {len(placed)} 项（另有 {left_out} 项未显示，见 events.json 或日历）"
    return (
        f"{shown}（{'，'.join(counts)}）{extent} · 今天 {today.isoformat()} · "
        "拖动下方滑块、框选或滚轮缩放（视图中条目不多时显示标题），双击先复原、再显示全部；"
        "悬停看原文；可按关键词、类型、项目筛选"
    )
