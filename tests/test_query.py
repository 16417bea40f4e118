"""due_within / overdue: the questions the `due` command answers."""

from __future__ import annotations

import json
from datetime import date

import pytest
from factories import sample_events, store_with

from timeline.errors import QueryError
from timeline.export.json import item_dict, render_json
from timeline.query import MAX_DAYS, due_within, overdue
from timeline.types import EventKind


@pytest.fixture
def store(tmp_path):
    return store_with(tmp_path / "t.db", sample_events())


def test_due_within_lists_soonest_first_with_days_left(store):
    items = due_within(store, today=date(2020, 11, 23), days=40)
    assert [(i.stored.event.title, i.due, i.days_left) for i in items] == [
        ("第17次重点项目推进会", date(2020, 11, 23), 0),
        ("第18次重点项目推进会", date(2020, 11, 30), 7),
        ("主体工程达到“正负零”", date(2020, 12, 31), 38),
    ]


def test_due_within_zero_days_is_today_only(store):
    assert [i.stored.event.title for i in due_within(store, today=date(2020, 11, 30), days=0)] == ["第18次重点项目推进会"]


def test_due_within_filters_kind_and_project(store):
    items = due_within(store, today=date(2020, 11, 1), days=800, kinds=[EventKind.DEADLINE], project="科技馆新馆")
    assert [i.due for i in items] == [date(2020, 12, 31), date(2022, 6, 30)]


@pytest.mark.parametrize("days", [-1, MAX_DAYS + 1])
def test_absurd_windows_are_refused(store, days):
    with pytest.raises(QueryError, match="--days"):
        due_within(store, today=date(2020, 11, 30), days=days)


def test_overdue_lists_past_deadlines_most_recent_first(store):
    items = overdue(store, today=date(2023, 1, 1))
    assert [i.stored.event.title for i in items] == ["科技馆新馆完成布展", "主体工程达到“正负零”"]
    assert items[0].days_left == -185


def test_json_items_carry_the_contract_fields(store):
    rows = json.loads(render_json(store.events()))
    deadline = next(r for r in rows if r["title"] == "科技馆新馆完成布展")
    assert deadline["start"] == "2020-11-30" and deadline["end"] == "2022-07-01" and deadline["due"] == "2022-06-30"
    assert set(deadline["evidence"]) >= {"file", "article", "article_title", "sentence", "text", "offset"}
    assert deadline["evidence"]["text"] == "2022年6月底前"
    timed = next(r for r in rows if r["title"] == "第17次重点项目推进会")
    assert timed["start"] == "2020-11-23T12:00:00+08:00" and timed["due"] is None
    assert item_dict(store.events()[0])["sequence"] == 0
    assert render_json(store.events()) == render_json(store.events())


def test_json_pieces_are_one_json_list_however_they_are_cut(store):
    from timeline.export.json import JsonListWriter

    rows = store.events()
    whole = json.dumps([item_dict(r) for r in rows], ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    assert render_json(iter(rows)) == whole.encode("utf-8")
    pieces: list[bytes] = []
    writer = JsonListWriter(pieces.append, chunk=2)
    for row in rows:
        writer.add(row)
    writer.finish()
    assert len(pieces) > 2 and b"".join(pieces) == whole.encode("utf-8")
    assert render_json([]) == b"[]\n"
