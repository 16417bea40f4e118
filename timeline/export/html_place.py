"""Where each item goes on the timeline page: its x (a day, or a bar) and its y (row, then lane).

- Rows are kinds, stacked with the first kind on top. Events sit at their start; deadlines and
  plans at their due day. A period of a month or more is a bar from its first to its last day.
- Large pages (no labels) spread a row's items by a hash of the ID: same-day items stay apart,
  and an item keeps its place when a rebuild adds others.
- Labelled pages put each item in a lane of its row instead, packed greedily by date, so that
  no two labels meet in the first view. Widths are estimated, not measured: a CJK character is
  as wide as the font is high, and the plot is taken to be ASSUMED_PLOT_PX wide. Zooming in or
  panning only adds room. For zooming out (or a narrower window) each item also gets the least
  scale at which its label clears its lane neighbours; the page hides a label below it.
"""

from __future__ import annotations

import hashlib
import html
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from timeline.types import EventKind, Role, StoredEvent

PERIOD_MIN_DAYS = 31  # a span at least this long may be drawn as a bar
JITTER = 0.34  # half the height (in row units) over which a large page spreads a row's items
LABEL_FONT_PX = 11
ASSUMED_PLOT_PX = 1000  # the plot of a 1,100-pixel-wide window
MARKER_PX = 7  # half a marker, with its white outline
LABEL_SHIFT_PX = 8  # between a marker and its label
BAR_INSET_PX = 4  # between a bar's end and the label drawn inside it
LABEL_GAP_PX = 10  # between two labels in one lane
LEFT_FROM = 0.7  # past this share of the first view a marker's label goes to its left
LANE_PX = 22  # a lane is at least this high, so 11-pixel labels in neighbouring lanes keep apart
NOTE_LANES = 0.8  # the strip at the top of a laned row that holds its edge notes (← 更早 2 项)
PAD_LANES = 0.4  # below a laned row's lowest lane


@dataclass(frozen=True, slots=True)
class Placed:
    """Where one item goes on the x axis: a marker at `x`, or a bar from `x` lasting `length_ms`."""

    row: StoredEvent
    x: str
    length_ms: int | None  # None for a marker
    anchor: date  # the day that counts for the initial range


@dataclass(frozen=True, slots=True)
class Band:
    """One kind's row on the y axis."""

    bottom: float
    top: float
    note_y: float  # where the row's edge notes sit

    @property
    def centre(self) -> float:
        return (self.bottom + self.top) / 2


@dataclass(frozen=True, slots=True)
class Rows:
    """The y of every item (by ID) and the band of every kind.

    On a laned page `label_scale` holds, per item ID, the least pixels per millisecond of the x
    axis at which its label still clears its lane neighbours: zoomed out further, it would meet
    one, so the page hides it. 0 means never. Hashed rows have no labels and no entries.
    """

    bands: dict[EventKind, Band]
    y: dict[str, float]
    label_scale: dict[str, float]

    @property
    def laned(self) -> bool:
        return bool(self.label_scale)

    @property
    def height(self) -> float:
        """The rows' total height in y units: one per row, or one per lane."""
        return sum(b.top - b.bottom for b in self.bands.values())


def place(row: StoredEvent) -> Placed:
    """Return where `row` goes on the x axis: a bar for a period of a month or more, else a marker.

    Deadlines and plans are markers at their due day (2022年6月底前 -> 2022-06-30, “十四五”时期
    -> 2025-12-31), however long their window: as bars, a store's plans were a wall of
    overlapping periods (issue 14); the hover gives the period. A long event (2020年) is a bar.
    """
    span = row.event.when
    long = (span.last_day - span.first_day).days + 1 >= PERIOD_MIN_DAYS
    if span.role is not Role.DEADLINE and long and row.event.kind is EventKind.EVENT:
        length = wall(span.end_exclusive) - wall(span.start)
        anchor = span.last_day if span.role is Role.SINCE else span.first_day
        return Placed(row, plot_x(span.start), length // timedelta(milliseconds=1), anchor)
    if row.event.kind is EventKind.EVENT and span.role is not Role.DEADLINE:
        return Placed(row, plot_x(span.start), None, span.first_day)
    return Placed(row, span.due.isoformat(), None, span.due)


def wall(value: date | datetime) -> datetime:
    """The wall-clock time as written, without its zone, as plotly's date axis reads it."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime(value.year, value.month, value.day)


def plot_x(value: date | datetime) -> str:
    """A day as `2020-11-23`, a time as `2020-11-23 12:00`: the x values plotly reads."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def hashed_rows(placed: Sequence[Placed], kinds: Sequence[EventKind]) -> Rows:
    """Rows one unit high, each item moved up or down by a hash of its ID: stable across builds."""
    bands = _stack(kinds, {kind: 1.0 for kind in kinds}, note_from_top=0.08)
    y: dict[str, float] = {}
    for p in placed:
        digest = hashlib.sha256(p.row.event.id.encode("utf-8")).digest()
        unit = int.from_bytes(digest[:4], "big") / 0xFFFFFFFF  # 0..1
        y[p.row.event.id] = round(bands[p.row.event.kind].centre + (unit * 2 - 1) * JITTER, 3)
    return Rows(bands, y, {})


def laned_rows(
    placed: Sequence[Placed], kinds: Sequence[EventKind], labels: dict[str, str], view: tuple[str, str]
) -> Rows:
    """Rows of lanes one unit high: each item in the top lane where it and its label fit.

    Items are taken by where their extent (marker or bar, and label) begins in the first view,
    then by ID; each goes to the first lane whose last extent ends LABEL_GAP_PX before it. Same
    input, same lanes. A row has at least one lane, a strip above for its edge notes, a pad below.

    >>> laned_rows(rows, [EventKind.EVENT], labels, ("2020-11-05", "2021-03-04")).y  # doctest: +SKIP
    {'event-…19': 3.3, 'event-…20': 2.3, …}
    """
    lo, hi = (datetime.fromisoformat(v) for v in view)
    first_scale = ASSUMED_PLOT_PX / (hi - lo).total_seconds()
    lane_of: dict[str, int] = {}
    lanes: dict[EventKind, int] = {}
    least: dict[str, float] = {}
    for kind in kinds:
        extents = sorted(
            (extent.at(first_scale), p.row.event.id, extent)
            for p in placed if p.row.event.kind is kind
            for extent in [_extent(p, labels[p.row.event.id], view)]
        )
        ends: list[tuple[float, str, _Extent]] = []  # per lane: its last item's right edge, ID, extent
        for (first, last), item_id, extent in extents:
            lane = next((k for k, end in enumerate(ends) if end[0] + LABEL_GAP_PX <= first), len(ends))
            least[item_id] = 0.0
            if lane == len(ends):
                ends.append((last, item_id, extent))
                lane_of[item_id] = lane
                continue
            _, before_id, before = ends[lane]
            need = round(_least_scale(before, extent) / 1000, 15)  # pixels per millisecond, as plotly counts
            least[before_id] = max(least[before_id], need)
            least[item_id] = need
            ends[lane] = (last, item_id, extent)
            lane_of[item_id] = lane
        lanes[kind] = max(len(ends), 1)
    bands = _stack(kinds, {k: NOTE_LANES + n + PAD_LANES for k, n in lanes.items()}, note_from_top=NOTE_LANES / 2)
    y: dict[str, float] = {}
    for p in placed:
        band = bands[p.row.event.kind]
        y[p.row.event.id] = round(band.top - NOTE_LANES - lane_of[p.row.event.id] - 0.5, 3)
    return Rows(bands, y, least)


def label_anchor(p: Placed, view: tuple[str, str]) -> tuple[str, str, int]:
    """Return (x, xanchor, xshift) for the label of `p`, as plotly annotations take them.

    A marker's label is beside it, on its left past LEFT_FROM of the first view so that it is
    not cut off. A bar's label is inside its start, or its end for a SINCE bar (十八大以来 ends
    in view and starts years before it), and is kept at the first view's edge if the bar
    crosses it.
    """
    lo, hi = (datetime.fromisoformat(v) for v in view)
    x = datetime.fromisoformat(p.x)
    if p.length_ms is None:
        left = x > lo + (hi - lo) * LEFT_FROM
        return p.x, "right" if left else "left", -LABEL_SHIFT_PX if left else LABEL_SHIFT_PX
    end = x + timedelta(milliseconds=p.length_ms)
    if p.row.event.when.role is Role.SINCE:
        return plot_x(end if end <= hi or x >= hi else hi), "right", -BAR_INSET_PX
    return p.x if x >= lo or end <= lo else plot_x(lo), "left", BAR_INSET_PX


@dataclass(frozen=True, slots=True)
class _Extent:
    """What an item and its label cover at a scale s in pixels per second: each edge is the
    outermost of a few `t * s + c` terms, t in seconds from the first view's left edge, c in
    pixels (a marker's radius, a label's width)."""

    starts: tuple[tuple[float, float], ...]
    ends: tuple[tuple[float, float], ...]

    def at(self, scale: float) -> tuple[float, float]:
        return (round(min(t * scale + c for t, c in self.starts), 3),
                round(max(t * scale + c for t, c in self.ends), 3))


def _extent(p: Placed, label: str, view: tuple[str, str]) -> _Extent:
    lo = datetime.fromisoformat(view[0])

    def seconds(value: str | datetime) -> float:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return (moment - lo).total_seconds()

    start = seconds(p.x)
    end = start if p.length_ms is None else start + p.length_ms / 1000
    radius = float(MARKER_PX) if p.length_ms is None else 0.0
    x, xanchor, shift = label_anchor(p, view)
    at, width = seconds(x), text_px(label)
    text_start = float(shift) if xanchor == "left" else shift - width
    return _Extent(((start, -radius), (at, text_start)), ((end, radius), (at, text_start + width)))


def _least_scale(before: _Extent, after: _Extent) -> float:
    """The least scale (pixels per second) at which `after` keeps LABEL_GAP_PX clear of `before`.

    Zooming in only moves them apart: packed in this order, every start term of `after` lies at
    a later time than every end term of `before` (a marker's or bar's own term has the smallest
    constant of its side, and a label's anchor lies within its item's time span).
    """
    need = 0.0
    for t0, c0 in before.ends:
        for t1, c1 in after.starts:
            if t1 > t0:
                need = max(need, (c0 + LABEL_GAP_PX - c1) / (t1 - t0))
    return need


def text_px(label: str) -> float:
    """The estimated width of `label` (escaped) in pixels: wide characters a full em, others 0.6.

    Ambiguous-width characters (…, “”) count as wide, as a CJK font draws them. Chromium with
    Noto Sans CJK drew the seed's labels 0–4 pixels narrower than this.

    >>> round(text_px("第18次重点项目推进会"), 1)
    112.2
    """
    text = html.unescape(label)
    wide = sum(unicodedata.east_asian_width(c) in "WFA" for c in text)
    return LABEL_FONT_PX * (wide + 0.6 * (len(text) - wide))


def _stack(kinds: Sequence[EventKind], heights: dict[EventKind, float], *, note_from_top: float) -> dict[EventKind, Band]:
    """Bands from the last kind up, the first one on top; the lowest starts at -0.5."""
    bands: dict[EventKind, Band] = {}
    bottom = -0.5
    for kind in reversed(kinds):
        top = bottom + heights[kind]
        bands[kind] = Band(bottom, top, round(top - note_from_top, 3))
        bottom = top
    return {kind: bands[kind] for kind in kinds}
