"""Issue 14: the page labels what is in view, draws plans as markers, starts near today,
filters offline, and takes a title and a choice of how plotly.js arrives."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from tests.factories import make_event, make_span, stored
from tests.test_cli import fresh_project, run
from timeline.export.html import around_today, default_title, render_html
from timeline.export.html_js import LABEL_VIEW_MAX, PAGE_JS
from timeline.types import EventKind, Grain, Role

TODAY = date(2026, 12, 4)


def figure(page: bytes) -> tuple[list[dict], dict]:
    call = re.search(rb"Plotly\.newPlot\((.*)\)\.then\(", page, re.S)
    assert call is not None
    div, data, layout, _ = json.loads(b"[" + call.group(1) + b"]")
    return data, layout


def many(n: int, first: date, step: int) -> list:
    rows = []
    for i in range(n):
        day = first + timedelta(days=i * step)
        event = make_event(make_span(day, day + timedelta(days=1), text=f"{day.month}月{day.day}日"),
                           title=f"第{i}次推进会", sentence=f"{day.month}月{day.day}日召开第{i}次推进会。",
                           projects=(f"项目{i % 3}",))
        rows.append(stored(event))
    return rows


def test_a_large_page_gives_its_script_every_items_label_projects_and_id():
    rows = many(60, date(2026, 1, 1), 7)
    data, layout = figure(render_html(rows, today=TODAY))
    [trace] = data
    assert sorted(c[2] for c in trace["customdata"]) == sorted(r.event.id for r in rows)
    assert {c[1] for c in trace["customdata"]} == {"项目0", "项目1", "项目2"}
    assert all(c[0].startswith("第") for c in trace["customdata"])
    assert not [a for a in layout["annotations"] if a.get("name", "").startswith("label:")]  # labels come on zoom


def test_the_script_labels_the_view_once_few_enough_and_follows_zoom_and_filters():
    assert 20 <= LABEL_VIEW_MAX <= 200
    assert "inview.length <= LABEL_VIEW_MAX" in PAGE_JS and 'gd.on("plotly_relayout", sync)' in PAGE_JS
    assert 'gd.on("plotly_restyle", sync)' in PAGE_JS and "Plotly.restyle(gd, update, [ti])" in PAGE_JS
    assert "if (key === last) return;" in PAGE_JS  # its own relayout does not start another
    page = render_html(many(60, date(2026, 1, 1), 7), today=TODAY)
    assert b'<input id="q" type="search"' in page and b'<select id="kind"' in page
    assert '<option value="项目1">项目1</option>'.encode() in page


def test_a_long_plan_is_a_marker_at_its_due_day_with_the_period_in_its_hover():
    span = make_span(date(2021, 1, 1), date(2026, 1, 1), text="“十四五”时期", role=Role.RANGE, grain=Grain.PLAN)
    plan = stored(make_event(span, kind=EventKind.PLAN, title="规划实施", sentence="“十四五”时期规划实施。"))
    data, _ = figure(render_html([plan], today=TODAY))
    [trace] = data
    assert trace["type"] == "scatter" and trace["x"] == ["2025-12-31"]
    assert "2021-01-01 至 2025-12-31" in trace["hovertext"][0]


def test_the_first_view_is_near_today_when_today_lies_inside_the_data():
    rows = many(400, date(2020, 1, 1), 9)  # 2020 to 2029
    _, layout = figure(render_html(rows, today=TODAY))
    lo, hi = (date.fromisoformat(v) for v in layout["xaxis"]["range"])
    assert lo <= TODAY <= hi and hi - lo <= timedelta(days=200)
    outside = figure(render_html(rows[:30], today=TODAY))[1]["xaxis"]["range"]  # 2020 only
    assert date.fromisoformat(outside[1]) < TODAY


def test_around_today_widens_until_it_holds_ten_items():
    lo, hi = (date.fromisoformat(v) for v in around_today([date(2020, 1, 1), date(2026, 12, 20), date(2030, 1, 1)],
                                                           today=TODAY))
    assert lo <= date(2026, 12, 20) <= hi and hi - lo <= timedelta(days=3651)
    days = [TODAY + timedelta(days=d) for d in range(-20, 20, 2)]
    assert around_today(days, today=TODAY) == ("2026-11-04", "2027-02-03")


def test_default_title_names_the_sources():
    assert default_title(["seeds/000_c2943cd1c302380c.txt"]) == "seeds · 时间线"
    assert default_title(["news.txt"]) == "news · 时间线"
    assert default_title(["https://example.org/a", "b.md"]) == "b、example.org · 时间线"
    assert default_title([]) == "时间线"
    assert default_title([f"f{i}.txt" for i in range(5)]) == "f0、f1、f2 等 5 个来源 · 时间线"


def test_page_js_cdn_is_a_small_page_that_loads_plotly_from_its_cdn():
    rows = many(3, date(2026, 1, 1), 7)
    inline, cdn = render_html(rows, today=TODAY), render_html(rows, today=TODAY, page_js="cdn")
    assert b"<script src=" not in inline and len(inline) > 3_000_000
    assert re.search(rb'<script src="https://cdn\.plot\.ly/plotly-[0-9.]+\.min\.js"', cdn) and len(cdn) < 100_000
    with pytest.raises(ValueError):
        render_html(rows, today=TODAY, page_js="remote")


def test_build_title_and_page_js_options(tmp_path):
    folder = fresh_project(tmp_path)
    assert run(folder, "build", "--today", "2020-11-25", "-q").exit_code == 0
    page = (folder / "exports" / "timeline.html").read_bytes()
    assert "<title>seeds · 时间线</title>".encode() in page
    assert run(folder, "build", "--title", "洛阳<新闻>", "--page-js", "cdn", "-q").exit_code == 0
    page = (folder / "exports" / "timeline.html").read_bytes()
    assert "<title>洛阳&lt;新闻&gt;</title>".encode() in page and b"cdn.plot.ly" in page
    assert run(folder, "build", "--page-js", "web").exit_code == 2
