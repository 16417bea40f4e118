"""Stored events -> one self-contained, offline timeline page (Plotly, with plotly.js embedded).

Design (docs/timeline-page.md says why at more length):

- Rows are kinds (事件, 截止日期, 规划目标), not projects: a small fixed set that stays readable
  from 15 items to 5,000 and does not hang on project extraction (many items name none, 5,000
  can name hundreds). Colour and marker repeat the kind; projects are in the hover label.
- Inside a row an item is offset vertically by a hash of its ID: same-day items stay apart,
  and an item keeps its place when others are added.
- Events sit at their start; deadlines and plans at their due day. A period of a month or more
  (RANGE, SINCE, or a long event such as 2020年) is a bar from first to last day.
- The first view is the densest window holding 75% of the events and deadlines; plans (2035,
  2050) do not stretch it and stay reachable by the range slider, zoom and double-click.
- Article text goes through `html.escape` before it reaches a label: plotly renders a subset
  of HTML there and decodes `&lt;` back to a literal `<`, so `<script>` shows as text.
- Same input, same bytes: a fixed div id, items sorted by (date, id), JSON from `json.dumps`
  with fixed options (UTF-8, half the size of `\\uXXXX` for Chinese), and no clock.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import plotly.graph_objects as go  # type: ignore[import-untyped]
from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]
from plotly.utils import PlotlyJSONEncoder  # type: ignore[import-untyped]

from timeline.types import Category, Event, EventKind, Role, StoredEvent, TimeSpan

DIV_ID = "timeline"
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", sans-serif'
)
WRAP = 30  # characters per hover line
SENTENCE_MAX = 240  # longer evidence sentences are cut around the time text, with …
PERIOD_MIN_DAYS = 31  # a span at least this long may be drawn as a bar
DENSE_SHARE = 0.75  # the initial view holds at least this share of the items
LABEL_MAX = 40  # pages with at most this many items label deadlines, plans and periods
LABEL_CHARS = 14
JITTER = 0.34  # half the height (in row units) over which a row's items spread


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
CATEGORY_LABELS: dict[Category, str] = {
    Category.MEETING: "会议", Category.INSPECTION: "视察调研", Category.VISIT: "走访",
    Category.CEREMONY: "仪式", Category.REPORT: "报告", Category.OTHER: "其他",
}
CERTAINTY_NOTES = {"inferred": "（推断）", "fuzzy": "（模糊）", "exact": ""}
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


# Keeps the annotations in step after a legend click, zoom or pan: a label shows while its kind
# does, and each row's edge notes count its shown items before and after the view (_edge_notes
# writes the first state the same way). It changes only what differs, so it does not loop.
SYNC_JS = """function (gd) {
  function ms(v) { var s = String(v).slice(0, 16).replace(" ", "T");
    return Date.parse(s.length === 10 ? s + "T00:00Z" : s + "Z"); }
  function sync() {
    var range = gd._fullLayout.xaxis.range.map(ms), shown = {}, count = {before: {}, after: {}}, update = {};
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
      if (part[0] === "label") want.visible = !!shown[part[1]];
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
}"""


@dataclass(frozen=True, slots=True)
class _Placed:
    """Where one item goes: a marker at `x`, or a bar from `x` lasting `length_ms`."""

    row: StoredEvent
    x: str
    length_ms: int | None  # None for a marker
    anchor: date  # the day that counts for the initial range


def render_html(events: Sequence[StoredEvent], *, today: date, title: str = "timeline") -> bytes:
    """Return the bytes of one offline HTML page that shows `events` on a zoomable timeline.

    Same input, same bytes: the order of `events` does not matter, nothing reads the clock,
    and plotly's div id is fixed. `today` draws the dashed 今天 line. An empty sequence gives a
    page that says so. The caller writes the file with `timeline.atomic.atomic_write`.

    >>> page = render_html(rows, today=date(2020, 11, 30), title="洛阳 timeline")  # doctest: +SKIP
    """
    rows = sorted(events, key=lambda r: (r.event.when.start.isoformat(), r.event.id))
    placed = [_place(r) for r in rows]
    figure = _figure(placed, today=today)
    plot = figure.to_plotly_json()
    config = {"responsive": True, "displaylogo": False, "scrollZoom": True}
    call = ", ".join(_script_json(part) for part in (DIV_ID, plot["data"], plot["layout"], config))
    return _page(title=title, summary=_summary(placed, today), call=call).encode("utf-8")


def _place(row: StoredEvent) -> _Placed:
    span = row.event.when
    long = (span.last_day - span.first_day).days + 1 >= PERIOD_MIN_DAYS
    if span.role is not Role.DEADLINE and long and (
        span.role in (Role.RANGE, Role.SINCE) or row.event.kind is EventKind.EVENT
    ):
        length = _wall(span.end_exclusive) - _wall(span.start)
        anchor = span.last_day if span.role is Role.SINCE else span.first_day
        return _Placed(row, _plot_x(span.start), length // timedelta(milliseconds=1), anchor)
    if row.event.kind is EventKind.EVENT and span.role is not Role.DEADLINE:
        return _Placed(row, _plot_x(span.start), None, span.first_day)
    return _Placed(row, span.due.isoformat(), None, span.due)


def _wall(value: date | datetime) -> datetime:
    """The wall-clock time as written, without its zone, as plotly's date axis reads it."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime(value.year, value.month, value.day)


def _plot_x(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _figure(placed: Sequence[_Placed], *, today: date) -> go.Figure:
    bars = [p for p in placed if p.length_ms is not None]
    marks = [p for p in placed if p.length_ms is None]
    rows = [k for k in KIND_STYLES if any(p.row.event.kind is k for p in placed)]
    y_of = {kind: float(len(rows) - 1 - i) for i, kind in enumerate(rows)}  # first row on top
    size = 11 if len(marks) <= 500 else 7
    labelled = len(placed) <= LABEL_MAX  # short titles beside the markers; too many would overlap

    figure = go.Figure()
    for kind, style in KIND_STYLES.items():
        mine = [p for p in marks if p.row.event.kind is kind]
        if mine:
            figure.add_trace(go.Scatter(
                name=style.label, legendgroup=kind.value, mode="markers",
                x=[p.x for p in mine], y=[_jitter(p, y_of[kind]) for p in mine],
                marker={"color": style.colour, "symbol": style.symbol, "size": size, "opacity": 0.85,
                        "line": {"width": 1, "color": "white"}},
                hovertext=[_hover(p) for p in mine], hoverinfo="text",
            ))
        long = [p for p in bars if p.row.event.kind is kind]
        if long:
            since = sum(p.row.event.when.role is Role.SINCE for p in long)
            figure.add_trace(go.Bar(
                name=f"{style.label}（{PERIOD_LABEL}）", legendgroup=kind.value, showlegend=not mine,
                orientation="h", base=[p.x for p in long], x=[p.length_ms for p in long],
                y=[_jitter(p, y_of[kind]) for p in long],
                # Many identical periods (十四五 in every article) would merge into one block;
                # thinner bars keep them a striped band with each one hoverable.
                width=max(0.02, min(0.12, 0.8 / len(long))),
                # Event rows are full of dots that would cover a label; plan rows rarely are.
                text=[_label(p) for p in long] if labelled and kind is not EventKind.EVENT else None,
                textposition="inside",
                # A SINCE bar (从2019年起) ends in view and starts far off: label its end.
                insidetextanchor="end" if 2 * since > len(long) else "start",
                textfont={"size": 11, "color": "#222222"},
                marker={"color": style.colour, "opacity": 0.55, "line": {"width": 0}},
                hovertext=[_hover(p) for p in long], hoverinfo="text",
            ))
    # Plans are goals years away by nature (到2035年, 本世纪中叶): they would stretch the first
    # view over decades, so only events and deadlines choose it, unless there is nothing else.
    near = [p.anchor for p in placed if p.row.event.kind is not EventKind.PLAN]
    view = initial_range(near or [p.anchor for p in placed], today=today)
    figure.update_layout(_layout(placed, rows, today, view))
    if labelled:
        # Annotations, not trace text, which the range slider would draw a second time. The
        # name ties each one to its legend group: SYNC_JS hides it with its kind. Near the
        # right edge of the first view a label goes left of its marker, so it is not cut off.
        lo, hi = (datetime.fromisoformat(v) for v in view)
        for p in marks:
            kind = p.row.event.kind
            if kind is not EventKind.EVENT:
                left = datetime.fromisoformat(p.x) > lo + (hi - lo) * 0.7
                figure.add_annotation(
                    x=p.x, y=_jitter(p, y_of[kind]), text=_label(p), showarrow=False, visible=True,
                    xanchor="right" if left else "left", xshift=-8 if left else 8, name=f"label:{kind.value}",
                    font={"size": 11, "color": KIND_STYLES[kind].colour},
                )
    for note in _edge_notes(placed, y_of, view):
        figure.add_annotation(note)
    return figure


def _edge_notes(placed: Sequence[_Placed], y_of: dict[EventKind, float], view: tuple[str, str]) -> list[dict[str, Any]]:
    """Per row, a note at each edge counting the items outside the first view: ← 更早 2 项."""
    lo, hi = (datetime.fromisoformat(v) for v in view)
    count = {(side, kind): 0 for side in ("before", "after") for kind in y_of}
    for p in placed:
        start = datetime.fromisoformat(p.x)
        end = start + timedelta(milliseconds=p.length_ms or 0)
        side = "before" if end < lo else "after" if start > hi else None
        if side:
            count[side, p.row.event.kind] += 1
    return [
        {"name": f"{side}:{kind.value}", "text": f"← 更早 {n} 项" if side == "before" else f"更晚 {n} 项 →",
         "visible": n > 0, "xref": "paper", "x": 0 if side == "before" else 1, "yref": "y", "y": y_of[kind] + 0.42,
         "xanchor": "left" if side == "before" else "right", "showarrow": False, "bgcolor": "rgba(255,255,255,0.85)",
         "font": {"size": 11, "color": KIND_STYLES[kind].colour}}
        for (side, kind), n in count.items()
    ]


def _label(placed: _Placed) -> str:
    title = " ".join(placed.row.event.title.split())
    return _esc(title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1] + "…")


def _jitter(placed: _Placed, centre: float) -> float:
    """Spread a row's items over its height by a hash of the ID: stable across builds."""
    digest = hashlib.sha256(placed.row.event.id.encode("utf-8")).digest()
    unit = int.from_bytes(digest[:4], "big") / 0xFFFFFFFF  # 0..1
    return round(centre + (unit * 2 - 1) * JITTER, 3)


def _layout(
    placed: Sequence[_Placed], rows: Sequence[EventKind], today: date, view: tuple[str, str]
) -> dict[str, Any]:
    labels = [KIND_STYLES[kind].label for kind in rows]
    n = len(rows)
    separators = [
        {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": i + 0.5,
         "y1": i + 0.5, "line": {"color": "#dddddd", "width": 1}}
        for i in range(n - 1)
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
            "range": [-0.55, n - 0.45] if n else [-0.5, 0.5], "tickvals": [float(n - 1 - i) for i in range(n)],
            "ticktext": labels, "fixedrange": True, "showgrid": False, "zeroline": False,
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


def _hover(placed: _Placed) -> str:
    """The hover label: every article text escaped, then joined with plotly's <br>."""
    event = placed.row.event
    evidence = event.evidence
    head = [f"<b>{line}</b>" for line in _wrap(event.title)]
    facts = [KIND_STYLES[event.kind].label, CATEGORY_LABELS.get(event.category, event.category.value)]
    if event.projects:
        facts.append("项目：" + "、".join(event.projects))
    body = [
        *_wrap(" · ".join(facts)),
        f"原文：{_esc(evidence.text)}",
        f"解析：{_resolved(event.when)}",
        *_sentence_lines(evidence.sentence, evidence.span_offset - evidence.sentence_offset,
                         evidence.text),
        *_wrap(f"《{evidence.article_title}》"),
        *_wrap(evidence.source, width=WRAP * 2),  # a path is Latin: twice as many characters fit
    ]
    return "<br>".join([*head, *body])


def _resolved(span: TimeSpan) -> str:
    note = CERTAINTY_NOTES.get(span.certainty.value, "")
    if span.role is Role.DEADLINE:
        return f"截止 {span.due.isoformat()}（自 {span.first_day.isoformat()} 起）{note}"
    if span.timed:
        start, end = _wall(span.start), _wall(span.end_exclusive)
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
            line = (_esc(shown[i:a]) + "<b>" + _esc(shown[a:b]) + "</b>" + _esc(shown[b:chunk_end]))
        else:
            line = _esc(shown[i:chunk_end])
        lines.append(line)
    lines[0] = lead + lines[0]
    lines[-1] = lines[-1] + tail
    return lines


def _wrap(text: str, width: int = WRAP) -> list[str]:
    """Cut plain text into escaped lines of `width` characters (cut first, so no entity is split)."""
    flat = " ".join(text.split())
    return [_esc(flat[i : i + width]) for i in range(0, max(len(flat), 1), width)]


def _esc(text: str) -> str:
    # quote=False: plotly decodes &lt; &gt; &amp; and numeric entities, but shows &quot; as is.
    return html.escape(text, quote=False)


def _summary(placed: Sequence[_Placed], today: date) -> str:
    counts = [f"{s.label} {sum(p.row.event.kind is k for p in placed)}" for k, s in KIND_STYLES.items()]
    extent = ""
    if placed:
        first = min(p.row.event.when.first_day for p in placed)
        last = max(max(p.anchor, p.row.event.when.last_day) for p in placed)
        extent = f"，时间跨度 {first.isoformat()} 至 {last.isoformat()}"
    return (
        f"共 {len(placed)} 项（{'，'.join(counts)}）{extent} · 今天 {today.isoformat()} · "
        "初始视图为条目最密集的区间；拖动下方滑块、框选或滚轮缩放，双击先复原、再显示全部；"
        "悬停看原文"
    )


def _script_json(value: object) -> str:
    """JSON that is safe inside <script>: no `</script>`, no `<!--`, no U+2028 line breaks."""
    text = json.dumps(value, cls=PlotlyJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _plotlyjs() -> str:
    js: str = get_plotlyjs()
    for old, new in PLOTLYJS_FIXES:
        js = js.replace(old, new)
    return js


def _page(*, title: str, summary: str, call: str) -> str:
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
#{DIV_ID} {{ width: 100%; height: calc(100vh - 64px); min-height: 460px; }}
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
