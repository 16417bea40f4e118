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

import html
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from timeline.export.html_hover import hover_text, short_label
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

if TYPE_CHECKING:  # plotly is imported where a page is drawn, so a library user who only
    # extracts (timeline.pipeline.events_of) or a command that writes no page never loads it
    import plotly.graph_objects as go  # type: ignore[import-untyped]

DIV_ID = "timeline"
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", sans-serif'
)
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
# Two spots in the bundled plotly.js that offline checkers flag; neither matters to this page.
# U+FFFD sits in one regex literal, where the escape means the same character; the map-icon
# URL is used only by map traces, which this page never draws: it must never be fetched.
PLOTLYJS_FIXES = (
    ("\ufffd", "\\uFFFD"),
    ("https://cdn.jsdelivr.net/npm/@mapbox/maki@8.2.0/icons/", "offline-disabled:maki/"),
)


# Keeps the annotations in step after a legend click, zoom, pan or resize: a label shows while
# its kind does and the axis has at least the pixels per millisecond its name ends with
# (label:event:2.5e-07; zoomed out further, it would meet a lane neighbour), and each row's edge
# notes count its shown items before and after the view (_edge_notes writes the first state the
# same way). It changes only what differs, so it does not loop.
SYNC_JS = """function (gd) {
  function ms(v) { var s = String(v).slice(0, 16).replace(" ", "T");
    return Date.parse(s.length === 10 ? s + "T00:00Z" : s + "Z"); }
  function sync() {
    var xa = gd._fullLayout.xaxis, range = xa.range.map(ms), shown = {}, count = {before: {}, after: {}}, update = {};
    var scale = xa._length / (range[1] - range[0]);
    gd.data.forEach(function (t) {
      if (t.visible !== undefined && t.visible !== true) return;
      var g = t.legendgroup; shown[g] = true;
      (t.base || t.x).forEach(function (v, i) {
        var start = ms(v), end = t.base ? start + t.x[i] : start;
        var side = end < range[0] ? "before" : start > range[1] ? "after" : null;
        if (side) count[side][g] = (count[side][g] || 0) + 1;
      });
    });
    gd.layout.annotations.forEach(function (a, i) {
      var part = (a.name || "").split(":"), want = {};
      if (part[0] === "label") want.visible = !!shown[part[1]] && scale >= parseFloat(part[2]) * 0.999;
      if (count[part[0]]) {
        var n = count[part[0]][part[1]] || 0;
        want = {visible: n > 0, text: part[0] === "before" ? "← 更早 " + n + " 项" : "更晚 " + n + " 项 →"};
      }
      Object.keys(want).forEach(function (k) { if (a[k] !== want[k]) update["annotations[" + i + "]." + k] = want[k]; });
    });
    if (Object.keys(update).length) Plotly.relayout(gd, update);
  }
  gd.on("plotly_restyle", sync);
  gd.on("plotly_relayout", sync);
  sync();
}"""



def render_html(events: Iterable[StoredEvent], *, today: date, title: str = "timeline") -> bytes:
    """Return the bytes of one offline HTML page that shows `events` on a zoomable timeline.

    Same input, same bytes: the order of `events` does not matter, nothing reads the clock,
    and plotly's div id is fixed. `today` draws the dashed 今天 line. An empty sequence gives a
    page that says so. The caller writes the file with `timeline.atomic.atomic_write`.

    >>> page = render_html(rows, today=date(2020, 11, 30), title="洛阳 timeline")  # doctest: +SKIP
    """
    nearest = NearestItems(today, PAGE_MAX)
    for row in events:
        nearest.add(row)
    return render_nearest(nearest, title=title)


def render_nearest(nearest: NearestItems, *, title: str = "timeline") -> bytes:
    """`render_html` of the items `nearest` kept: a build feeds it while it streams the store."""
    today = nearest.today
    shown = nearest.rows()
    ordered = sorted(shown, key=lambda r: r.event.sort_key)
    placed = [place(r) for r in ordered]
    figure, rows = _figure(placed, today=today)
    plot = figure.to_plotly_json()
    config = {"responsive": True, "displaylogo": False, "scrollZoom": True}
    call = ", ".join(_script_json(part) for part in (DIV_ID, plot["data"], plot["layout"], config))
    # Lanes need LANE_PX each, or neighbouring labels would touch: a page of many lanes scrolls.
    height = max(MIN_HEIGHT_PX, math.ceil(rows.height * LANE_PX + CHROME_PX))
    summary = _summary(placed, today, left_out=nearest.seen - len(shown))
    return _page(title=title, summary=summary, call=call, min_height=height).encode("utf-8")


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


def _figure(placed: Sequence[Placed], *, today: date) -> tuple[go.Figure, Rows]:
    import plotly.graph_objects as go  # type: ignore[import-untyped]

    kinds = [k for k in KIND_STYLES if any(p.row.event.kind is k for p in placed)]
    # Plans are goals years away by nature (到2035年, 本世纪中叶): they would stretch the first
    # view over decades, so only events and deadlines choose it, unless there is nothing else.
    near = [p.anchor for p in placed if p.row.event.kind is not EventKind.PLAN]
    view = initial_range(near or [p.anchor for p in placed], today=today)
    labels = {p.row.event.id: short_label(p.row.event) for p in placed} if len(placed) <= LABEL_MAX else {}
    rows = laned_rows(placed, kinds, labels, view) if labels else hashed_rows(placed, kinds)
    size = 11 if sum(p.length_ms is None for p in placed) <= 500 else 7

    figure = go.Figure()
    for kind, style in KIND_STYLES.items():
        mine = [p for p in placed if p.row.event.kind is kind and p.length_ms is None]
        if mine:
            figure.add_trace(go.Scatter(
                name=style.label, legendgroup=kind.value, mode="markers",
                x=[p.x for p in mine], y=[rows.y[p.row.event.id] for p in mine],
                marker={"color": style.colour, "symbol": style.symbol, "size": size, "opacity": 0.85,
                        "line": {"width": 1, "color": "white"}},
                hovertext=[hover_text(p.row.event, style.label) for p in mine], hoverinfo="text",
            ))
        long = [p for p in placed if p.row.event.kind is kind and p.length_ms is not None]
        if long:
            figure.add_trace(go.Bar(
                name=f"{style.label}（{PERIOD_LABEL}）", legendgroup=kind.value, showlegend=not mine,
                orientation="h", base=[p.x for p in long], x=[p.length_ms for p in long],
                y=[rows.y[p.row.event.id] for p in long],
                # A bar fills most of its lane. Unlaned, many identical periods (十四五 in every
                # article) would merge into one block; thinner bars keep them a striped band.
                width=0.6 if rows.laned else max(0.02, min(0.12, 0.8 / len(long))),
                marker={"color": style.colour, "opacity": 0.55, "line": {"width": 0}},
                hovertext=[hover_text(p.row.event, style.label) for p in long], hoverinfo="text",
            ))
    # All annotations in one go: figure.add_annotation validates the whole list each time.
    notes = [*_label_notes(placed, labels, rows, view), *_edge_notes(placed, rows, view)]
    figure.update_layout(_layout(placed, kinds, rows, today, view, notes))
    return figure, rows


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
            "name": f"label:{kind.value}:{rows.label_scale[item_id]:.6g}", "text": labels[item_id],
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
    return {
        "template": "plotly_white",
        "font": {"family": FONT_STACK, "size": 13, "color": "#222222"},
        "hovermode": "closest",
        "hoverlabel": {"font": {"family": FONT_STACK, "size": 12}, "align": "left"},
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.06, "yanchor": "bottom",
                   "title": {"text": "点击图例显示/隐藏："}},
        "margin": {"l": 80, "r": 30, "t": 60, "b": 20},
        "xaxis": {
            "type": "date", "range": list(view), "rangeslider": {"visible": True, "thickness": 0.1},
            "tickformatstops": [{"dtickrange": [a, b], "value": fmt} for a, b, fmt in TICK_FORMATS],
            "showgrid": True, "gridcolor": "#eeeeee",
        },
        "yaxis": {  # fixed: zoom and pan move through time only
            "range": y_range, "tickvals": [band.centre for band in bands],
            "ticktext": [KIND_STYLES[kind].label for kind in kinds], "fixedrange": True,
            "showgrid": False, "zeroline": False,
        },
        "shapes": [*separators, today_line], "annotations": annotations,
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
        "初始视图为条目最密集的区间；拖动下方滑块、框选或滚轮缩放，双击先复原、再显示全部；"
        "悬停看原文"
    )


def _script_json(value: object) -> str:
    """JSON that is safe inside <script>: no `</script>`, no `<!--`, no U+2028 line breaks."""
    from plotly.utils import PlotlyJSONEncoder  # type: ignore[import-untyped]

    text = json.dumps(value, cls=PlotlyJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _plotlyjs() -> str:
    from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]

    js: str = get_plotlyjs()
    for old, new in PLOTLYJS_FIXES:
        js = js.replace(old, new)
    return js


def _page(*, title: str, summary: str, call: str, min_height: int) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
html, body {{ margin: 0; height: 100%; background: #ffffff; color: #222222;
  font-family: {FONT_STACK}; }}
header {{ padding: 10px 16px 0; }}
h1 {{ font-size: 20px; margin: 0 0 4px; font-weight: 600; }}
p.note {{ margin: 0; font-size: 13px; color: #555555; }}
#{DIV_ID} {{ width: 100%; height: calc(100vh - 64px); min-height: {min_height}px; }}
</style>
<script type="text/javascript">{_plotlyjs()}</script>
</head>
<body>
<header><h1>{html.escape(title)}</h1><p class="note">{html.escape(summary)}</p></header>
<noscript><p class="note">这个页面需要 JavaScript 才能画出时间线。</p></noscript>
<div id="{DIV_ID}" class="plotly-graph-div"></div>
<script type="text/javascript">
Plotly.newPlot({call}).then({SYNC_JS});
</script>
</body>
</html>
"""
