"""The timeline page: every item with its escaped hover text, offline, deterministic, a today line.

The figure is read back from the page the way a browser gets it: the JSON arguments of the
one `Plotly.newPlot(` call. html_check (../shared/tools/html_check) then checks it in Chromium.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest

from timeline.export.html import DIV_ID, LABEL_MAX, initial_range, render_html
from timeline.export.html_place import (
    ASSUMED_PLOT_PX,
    LABEL_GAP_PX,
    LANE_PX,
    MARKER_PX,
    text_px,
)
from timeline.ids import stable_id
from timeline.types import (
    SHANGHAI,
    Category,
    Certainty,
    Event,
    EventKind,
    Evidence,
    Grain,
    Role,
    StoredEvent,
    TimeSpan,
)

TODAY = date(2020, 11, 30)
ATTACK = "<script>alert(1)</script><img src=x onerror=alert(1)>"
ARTICLE = "把洛阳都市圈建设作为主战场主抓手主平台 科学编制“十四五”规划"


def item(
    title: str,
    text: str,
    start: date | datetime,
    end: date | datetime,
    *,
    kind: EventKind = EventKind.EVENT,
    role: Role = Role.POINT,
    grain: Grain = Grain.DAY,
    sentence: str | None = None,
    article: str = ARTICLE,
    source: str = "seeds/000_c2943cd1c302380c.txt",
    projects: tuple[str, ...] = (),
) -> StoredEvent:
    """A stored item whose evidence sentence holds `text` at the right offsets."""
    sentence = sentence if sentence is not None else f"{text}，{title}。"
    at = max(sentence.find(text), 0)
    span = TimeSpan(start, end, grain, role, Certainty.EXACT, text, 50 + at, rule="test")
    evidence = Evidence(source, "article-1", 0, article, sentence, 50, text, 50 + at, 60 + at)
    event = Event(stable_id("event", sentence, text, kind.value), kind, Category.OTHER, title, span, evidence,
                  projects=projects)
    return StoredEvent(event, 0, datetime(2020, 12, 1, tzinfo=UTC))


def seedlike() -> list[StoredEvent]:
    day = timedelta(days=1)
    rows = [item(f"推进会{n}", f"11月{n}日", date(2020, 11, n), date(2020, 11, n) + day, projects=("洛阳都市圈",))
            for n in (19, 20, 23, 24, 26, 27, 30)]
    return rows + [
        item("下午调研", "11月23日下午", datetime(2020, 11, 23, 12, tzinfo=SHANGHAI),
             datetime(2020, 11, 23, 18, tzinfo=SHANGHAI), grain=Grain.PART_OF_DAY),
        item(f"标题{ATTACK}", "11月25日", date(2020, 11, 25), date(2020, 11, 26),
             sentence=f"11月25日，{ATTACK}会议 & 其他", article=f"文章{ATTACK}",
             source=f"seeds/{ATTACK}.txt", projects=(f"项目{ATTACK}",)),
        item("主体完工", "年底前", date(2020, 11, 30), date(2021, 1, 1), kind=EventKind.DEADLINE,
             role=Role.DEADLINE, grain=Grain.YEAR),
        item("二期开放", "2022年6月底前", date(2020, 11, 30), date(2022, 7, 1), kind=EventKind.DEADLINE,
             role=Role.DEADLINE, grain=Grain.MONTH),
        item("基本实现现代化", "2035年", date(2035, 1, 1), date(2036, 1, 1), kind=EventKind.PLAN, grain=Grain.YEAR),
        item("建成现代化强市", "本世纪中叶", date(2050, 1, 1), date(2051, 1, 1), kind=EventKind.PLAN,
             grain=Grain.DECADE),
        item("“十四五”规划实施", "“十四五”时期", date(2021, 1, 1), date(2026, 1, 1), kind=EventKind.PLAN,
             role=Role.RANGE, grain=Grain.PLAN, sentence=f"“十四五”时期{ATTACK}"),
    ]


def figure_of(page: bytes) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """The data, layout and config passed to the page's one Plotly.newPlot call."""
    text = page.decode("utf-8")
    calls = [m.end() for m in re.finditer(r"Plotly\.newPlot\(", text)]
    assert len(calls) == 1
    decoder, at, args = json.JSONDecoder(), calls[0], []
    for _ in range(4):
        value, at = decoder.raw_decode(text, at)
        args.append(value)
        at = re.compile(r"\s*,?\s*").match(text, at).end()  # type: ignore[union-attr]
    div, data, layout, config = args
    assert div == DIV_ID
    return data, layout, config


def hovers(data: list[dict[str, Any]]) -> list[str]:
    return [h for trace in data for h in trace["hovertext"]]


def shown(hover: str) -> str:
    """The text a reader sees: our own <b>/<br> tags removed, entities decoded as plotly does."""
    return html.unescape(re.sub(r"</?b>|<br>", "", hover))


@pytest.fixture(scope="module")
def page() -> bytes:
    return render_html(seedlike(), today=TODAY, title="洛阳 timeline")


def test_every_item_is_on_the_page_with_its_hover_text(page: bytes) -> None:
    data, _, _ = figure_of(page)
    rows = seedlike()
    labels = hovers(data)
    assert len(labels) == len(rows) == sum(len(t["y"]) for t in data)
    for row in rows:
        ev = row.event
        [label] = [shown(h) for h in labels if shown(h).startswith(ev.title)]
        for part in (f"原文：{ev.evidence.text}", ev.evidence.sentence, f"《{ev.evidence.article_title}》",
                     ev.evidence.source):
            assert part in label


def test_article_text_is_escaped_so_plotly_shows_it_as_text(page: bytes) -> None:
    data, _, _ = figure_of(page)
    for hover in hovers(data):
        assert "<" not in re.sub(r"</?b>|<br>", "", hover)  # only our own tags remain
    attacked = [h for h in hovers(data) if "alert" in h]
    assert len(attacked) == 2
    assert all("&lt;script&gt;" in h.replace("<br>", "") for h in attacked)
    # The page source holds no live markup from the article either (JSON escapes < and &).
    assert b"<script>alert" not in page and b"<img src=x" not in page
    assert "<title>洛阳 timeline</title>".encode() in page


def test_title_argument_is_escaped() -> None:
    page = render_html(seedlike()[:2], today=TODAY, title=f"t{ATTACK}")
    assert b"<title>t&lt;script&gt;" in page and b"<h1>t&lt;script&gt;" in page


def test_the_page_loads_nothing_from_the_network(page: bytes) -> None:
    assert re.search(rb"<script[^>]*\bsrc=", page) is None
    assert b'<script src="http' not in page
    assert b"https://cdn.jsdelivr.net" not in page
    assert page.count(b"<script") == 2  # plotly.js itself, then the one newPlot call
    assert b'<meta charset="utf-8">' in page


def test_same_input_gives_the_same_bytes_in_any_order(page: bytes) -> None:
    rows = seedlike()
    assert render_html(rows, today=TODAY, title="洛阳 timeline") == page
    assert render_html(rows[::-1], today=TODAY, title="洛阳 timeline") == page


def test_today_is_a_dashed_line_with_a_label(page: bytes) -> None:
    _, layout, _ = figure_of(page)
    [line] = [s for s in layout["shapes"] if s.get("name") == "today"]
    assert line["x0"] == line["x1"] == "2020-11-30" and line["yref"] == "paper"
    assert any(a["text"] == "今天 2020-11-30" for a in layout["annotations"])
    other = figure_of(render_html(seedlike(), today=date(2021, 3, 1)))[1]
    assert [s["x0"] for s in other["shapes"] if s.get("name") == "today"] == ["2021-03-01"]


def test_initial_range_shows_the_dense_cluster_not_the_far_plans(page: bytes) -> None:
    _, layout, config = figure_of(page)
    lo, hi = (date.fromisoformat(v[:10]) for v in layout["xaxis"]["range"])
    assert date(2020, 10, 15) <= lo <= date(2020, 11, 19)  # every November event is in view
    assert date(2021, 1, 1) <= hi <= date(2021, 6, 30)  # the year-end deadline too, 2035 is not
    assert layout["xaxis"]["rangeslider"]["visible"] is True
    assert config["scrollZoom"] is True


def test_initial_range_of_few_or_no_items() -> None:
    assert initial_range([], today=TODAY) == ("2020-10-31", "2020-12-30")
    lo, hi = initial_range([date(2020, 11, 30), date(2050, 12, 31)], today=TODAY)
    assert lo < "2020-11-30" and hi > "2050-12-31"  # under 5 items: show them all


def test_deadlines_and_plans_sit_on_their_due_day_and_periods_are_bars(page: bytes) -> None:
    data, _, _ = figure_of(page)
    by_name = {t["name"]: t for t in data}
    assert by_name["截止日期"]["x"] == ["2020-12-31", "2022-06-30"]
    # issue 14: a long plan is a marker at its due day (a wall of bars before), the period in its hover
    assert by_name["规划目标"]["x"] == ["2025-12-31", "2035-12-31", "2050-12-31"]
    assert "规划目标（时期）" not in by_name
    assert "2020-11-23 12:00" in by_name["事件"]["x"]  # a timed event at its wall-clock time
    resolved = [line for h in hovers(data) for line in h.split("<br>") if line.startswith("解析：")]
    assert "解析：截止 2022-06-30（自 2020-11-30 起）" in resolved
    assert "解析：2021-01-01 至 2025-12-31" in resolved
    assert "解析：2020-11-23 12:00–18:00" in resolved
    assert by_name["规划目标"]["legendgroup"] == "plan"


def test_rows_are_kinds_with_items_in_lanes_inside_their_row(page: bytes) -> None:
    data, layout, _ = figure_of(page)
    assert layout["yaxis"]["ticktext"] == ["事件", "截止日期", "规划目标"]
    bounds = sorted([*layout["yaxis"]["range"], *(s["y0"] for s in layout["shapes"] if s.get("name") != "today")])
    band = dict(zip(layout["yaxis"]["ticktext"], reversed(list(pairwise(bounds))), strict=True))
    for trace in data:
        low, high = band[trace["name"].split("（")[0]]
        assert all(low + 0.3 < y < high - 0.3 for y in trace["y"])
    events = list(zip(data[0]["x"], data[0]["y"], strict=True))
    assert len(set(events)) == len(events)  # same-day events do not sit on each other
    for trace in data:  # lanes are whole units apart
        assert all(abs(y - trace["y"][0] - round(y - trace["y"][0])) < 1e-9 for y in trace["y"])


def test_large_pages_spread_a_row_by_id_hash(big_page: bytes) -> None:
    data, layout, _ = figure_of(big_page)
    centre = dict(zip(layout["yaxis"]["ticktext"], layout["yaxis"]["tickvals"], strict=True))
    for trace in data:
        row = centre[trace["name"].split("（")[0]]
        assert all(abs(y - row) < 0.4 for y in trace["y"])


def test_an_empty_store_gives_a_page_that_says_so() -> None:
    data, layout, _ = figure_of(render_html([], today=TODAY))
    assert data == []
    assert any(a["text"] == "没有条目" for a in layout["annotations"])


@pytest.fixture(scope="module")
def big_page() -> bytes:
    base = seedlike()
    rows = []
    for i in range(5000):
        proto = base[i % len(base)].event
        event = Event(f"event-{i:05d}", proto.kind, proto.category, proto.title, proto.when,
                      proto.evidence.__class__(**{**_fields(proto.evidence), "sentence": proto.evidence.sentence * 3}))
        rows.append(StoredEvent(event, 0, datetime(2020, 12, 1, tzinfo=UTC)))
    return render_html(rows, today=TODAY)


def test_five_thousand_items_stay_under_ten_megabytes_without_labels(big_page: bytes) -> None:
    assert len(big_page) < 10_000_000
    data, layout, _ = figure_of(big_page)
    assert len(hovers(data)) == 5000
    assert not [a for a in layout["annotations"] if a.get("name", "").startswith("label:")]


def _fields(evidence: Evidence) -> dict[str, Any]:
    return {name: getattr(evidence, name) for name in Evidence.__slots__}  # type: ignore[attr-defined]


def test_rows_say_how_many_items_lie_outside_the_first_view(page: bytes) -> None:
    _, layout, _ = figure_of(page)
    notes = {a["name"]: a for a in layout["annotations"] if a.get("name", "").startswith(("before:", "after:"))}
    assert notes["after:deadline"]["text"] == "更晚 1 项 →" and notes["after:deadline"]["visible"] is True
    assert notes["after:plan"]["text"] == "更晚 3 项 →"  # 2025 (the end of “十四五”), 2035 and 2050
    assert notes["before:event"]["visible"] is False
    # The page's script keeps them current after zoom, pan and legend clicks.
    assert b'gd.on("plotly_relayout", sync)' in page


def labels_of(layout: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in layout["annotations"] if a.get("name", "").startswith("label:")]


def test_every_item_of_a_small_page_gets_a_label_that_follows_its_kind(page: bytes) -> None:
    _, layout, _ = figure_of(page)
    labels = labels_of(layout)
    rows = seedlike()
    assert sorted(a["name"].split(":")[1] for a in labels) == sorted(r.event.kind.value for r in rows)
    texts = {a["text"] for a in labels}
    assert {"推进会19", "主体完工", "二期开放", "基本实现现代化", "建成现代化强市", "“十四五”规划实施"} <= texts
    assert "标题&lt;script&gt;ale…" in texts  # cut to 14 characters, then escaped
    assert all(len(html.unescape(t)) <= 14 for t in texts)
    # PAGE_JS shows a label while its legend group (kind) and its item (filters) are shown.
    assert b'b.visible = !!shown[part[1]] && !!present[part[3]] && scale >= parseFloat(part[2])' in page
    assert {a["name"].split(":", 3)[3] for a in labels} == {r.event.id for r in rows}


def dense_week() -> list[StoredEvent]:
    """LABEL_MAX items: events every day of one week, four deadlines on one day, a period."""
    rows = [item(f"第{n}次重点项目推进会议召开并部署", f"11月{20 + n % 7}日", date(2020, 11, 20 + n % 7),
                 date(2020, 11, 21 + n % 7), sentence=f"第{n}句") for n in range(LABEL_MAX - 6)]
    rows += [item(f"项目{n}建成投用", "年底前", date(2020, 11, 20), date(2021, 1, 1), kind=EventKind.DEADLINE,
                  role=Role.DEADLINE, grain=Grain.YEAR, sentence=f"年底前{n}") for n in range(4)]
    rows.append(item("“十四五”规划实施", "“十四五”时期", date(2021, 1, 1), date(2026, 1, 1), kind=EventKind.PLAN,
                     role=Role.RANGE, grain=Grain.PLAN))
    rows.append(item("习近平总书记3次莅临河南视察工作", "十八大以来", date(2012, 11, 8), date(2020, 12, 1),
                     role=Role.SINCE))
    return rows


@pytest.mark.parametrize("zoom", [1, 0.25, 0.02], ids=["first-view", "zoomed-out-4x", "zoomed-out-50x"])
@pytest.mark.parametrize("rows", [seedlike(), dense_week()], ids=["seedlike", "dense-week"])
def test_shown_labels_do_not_overlap(rows: list[StoredEvent], zoom: float) -> None:
    """Each shown label's box, as the packing estimates it, meets no other label or marker in its lane.

    At the first view's scale every label shows. Zoomed out, the page shows only the labels
    whose least scale (the end of their name) it still reaches.
    """
    page = render_html(rows, today=TODAY)
    data, layout, _ = figure_of(page)
    assert len(labels_of(layout)) == len(rows) <= LABEL_MAX == len(dense_week())
    lo, hi = (datetime.fromisoformat(v) for v in layout["xaxis"]["range"])
    scale = zoom * ASSUMED_PLOT_PX / ((hi - lo) / timedelta(milliseconds=1))  # pixels per millisecond

    def px(value: str) -> float:
        return (datetime.fromisoformat(value) - lo) / timedelta(milliseconds=1) * scale

    boxes = []  # (y, first px, last px, is a label)
    shown = [a for a in labels_of(layout) if float(a["name"].split(":")[2]) <= scale]
    for a in shown:
        at, width = px(a["x"]) + a["xshift"], text_px(a["text"])
        boxes.append((a["y"], *((at, at + width) if a["xanchor"] == "left" else (at - width, at)), True))
    for trace in data:
        if trace["type"] == "scatter":
            boxes += [(y, px(x) - MARKER_PX, px(x) + MARKER_PX, False) for x, y in zip(trace["x"], trace["y"], strict=True)]
    if zoom == 1:
        assert len(shown) == len(rows)
    for i, (y, first, last, label) in enumerate(boxes):
        for y2, first2, last2, label2 in boxes[i + 1:]:
            if y == y2 and (label or label2):  # two labels keep a gap; a label clears every marker
                gap = LABEL_GAP_PX if label and label2 else 0
                assert last + gap <= first2 + 1e-6 or last2 + gap <= first + 1e-6, (y, first, last, first2, last2)
    # Lanes are a unit apart, and the page is tall enough for LANE_PX per unit.
    low, high = layout["yaxis"]["range"]
    height = int(re.search(rb"min-height: (\d+)px", page).group(1))  # type: ignore[union-attr]
    assert height >= (high - low - 0.1) * LANE_PX


def test_a_bar_is_labelled_inside_its_start_or_a_since_bar_inside_its_end() -> None:
    _, layout, _ = figure_of(render_html(dense_week(), today=TODAY))
    by_text = {a["text"]: a for a in labels_of(layout)}
    plan, since = by_text["“十四五”规划实施"], by_text["习近平总书记3次莅临河南视…"]
    assert plan["x"] == "2025-12-31"  # a marker at its due day now (issue 14)
    assert (since["x"], since["xanchor"], since["xshift"] < 0) == ("2020-12-01 00:00", "right", True)


def test_labelled_pages_are_the_same_bytes_in_any_order() -> None:
    rows = dense_week()
    assert render_html(rows, today=TODAY) == render_html(rows[::-1], today=TODAY)


def test_a_store_bigger_than_a_page_shows_the_items_nearest_today(monkeypatch: pytest.MonkeyPatch) -> None:
    import timeline.export.html as page_module

    monkeypatch.setattr(page_module, "PAGE_MAX", 3)
    day = timedelta(days=1)
    rows = [item(f"会议{n}", f"{n}日", TODAY + n * day, TODAY + (n + 1) * day) for n in (-40, -2, 0, 1, 30)]
    page = render_html(rows, today=TODAY)
    titles = {title for hover in hovers(figure_of(page)[0]) for title in ("会议-40", "会议-2", "会议0", "会议1", "会议30")
              if f"{title}<" in hover}
    assert titles == {"会议-2", "会议0", "会议1"}
    assert "显示距今天最近的 3 项（另有 2 项未显示" in page.decode("utf-8")


def test_nearest_items_keep_the_same_choice_however_the_stream_is_ordered() -> None:
    from timeline.export.html import NearestItems

    day = timedelta(days=1)
    rows = [item(f"会议{n}", f"{n}日", TODAY + n * day, TODAY + (n + 1) * day) for n in range(-20, 21, 3)]
    expected = {r.event.id for r in rows if abs((r.event.when.first_day - TODAY).days) <= 4}
    for order in (rows, rows[::-1], rows[1::2] + rows[::2]):
        nearest = NearestItems(TODAY, 3)
        for row in order:  # more than twice the limit: the kept list is trimmed on the way
            nearest.add(row)
        assert {r.event.id for r in nearest.rows()} == expected
        assert nearest.seen == len(rows)


def test_the_template_read_from_plotlys_file_is_what_plotlys_figure_writes() -> None:
    import plotly.graph_objects as go  # type: ignore[import-untyped]

    from timeline.export.html_page import plotly_template, script_json

    figure = go.Figure()
    figure.update_layout(template="plotly_white")
    assert script_json(plotly_template("plotly_white")) == script_json(figure.to_plotly_json()["layout"]["template"])


def test_traces_are_written_as_plotly_writes_them() -> None:
    import plotly.graph_objects as go

    from timeline.export.html_page import plotly_trace, script_json, sorted_keys

    properties = {"name": "事件", "x": ["2020-11-30"], "y": [0.5], "mode": "markers",
                  "marker": {"size": 11, "line": {"width": 1, "color": "white"}, "color": "#0072B2"}}
    assert script_json(plotly_trace("scatter", properties)) == script_json(go.Scatter(**properties).to_plotly_json())
    assert list(sorted_keys({"b": [{"d": 1, "c": 2}], "a": 0})) == ["a", "b"]
    assert list(sorted_keys({"b": [{"d": 1, "c": 2}]})["b"][0]) == ["c", "d"]
