"""The store: one transaction per build, replace-by-source, stable sequences and timestamps."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from factories import make_article, make_event, make_span, sample_events, store_with

from timeline.errors import StoreError
from timeline.store import Store
from timeline.types import EventKind

LATER = datetime(2021, 1, 5, 8, 0, tzinfo=UTC)


def test_events_round_trip_in_start_order(tmp_path):
    events = sample_events()
    store = store_with(tmp_path / "t.db", events)
    got = [s.event for s in store.events()]
    assert sorted(got, key=lambda e: e.id) == sorted(events, key=lambda e: e.id)
    starts = [e.when.start.isoformat() for e in got]
    assert starts == sorted(starts)


def test_new_items_are_stamped_when_the_store_first_saw_them(tmp_path):
    # issue 14: not the article's date (2020) for an item first stored in 2021
    store = store_with(tmp_path / "t.db", sample_events(), now=LATER)
    assert {(s.created_at, s.changed_at) for s in store.events()} == {(LATER, LATER)}
    assert all(s.sequence == 0 for s in store.events())
    article = make_article()
    with store.build_transaction(datetime(2022, 1, 1, tzinfo=UTC)) as writer:  # the same input again
        writer.replace_source(article.source, [article], sample_events())
    assert {(s.created_at, s.changed_at) for s in store.events()} == {(LATER, LATER)}


def test_a_changed_title_raises_sequence_and_changed_at(tmp_path):
    events = sample_events()
    store = store_with(tmp_path / "t.db", events)
    renamed = [replace(events[0], title="改名后的会议"), *events[1:]]
    article = make_article()
    with store.build_transaction(LATER) as writer:
        writer.replace_source(article.source, [article], renamed)
    by_id = {s.event.id: s for s in store.events()}
    assert by_id[events[0].id].sequence == 1
    assert by_id[events[0].id].changed_at == LATER
    assert by_id[events[1].id].sequence == 0
    assert store.last_modified() == LATER


def test_rebuilding_the_same_input_changes_nothing(tmp_path):
    events = sample_events()
    store = store_with(tmp_path / "t.db", events)
    before = (store.events(), store.revision())
    article = make_article()
    with store.build_transaction(LATER) as writer:
        writer.replace_source(article.source, [article], events)
    assert (store.events(), store.revision()) == before


def test_replacing_one_source_leaves_the_others(tmp_path):
    store = store_with(tmp_path / "t.db", sample_events())
    other = make_article("另一篇", "12月1日,召开会议。", source="seeds/other.txt")
    extra = make_event(make_span(date(2020, 12, 1), date(2020, 12, 2), text="12月1日"), article=other,
                       sentence="12月1日,召开会议。")
    with store.build_transaction(LATER) as writer:
        writer.replace_source(other.source, [other], [extra])
    assert len(store.events()) == len(sample_events()) + 1
    with store.build_transaction(LATER) as writer:
        writer.replace_source(other.source, [other], [])
    assert len(store.events()) == len(sample_events())
    assert store.article("seeds/other.txt", 0).title == "另一篇"


def test_a_failed_build_rolls_back(tmp_path):
    store = store_with(tmp_path / "t.db", sample_events())
    revision = store.revision()
    with pytest.raises(RuntimeError), store.build_transaction(LATER) as writer:
        writer.replace_source("seeds/test.txt", [], [])
        raise RuntimeError("reading the next file failed")
    assert len(store.events()) == len(sample_events())
    assert store.revision() == revision


def test_filters_by_kind_project_and_due_day(tmp_path):
    store = store_with(tmp_path / "t.db", sample_events())
    assert {s.event.kind for s in store.events(kinds=[EventKind.DEADLINE])} == {EventKind.DEADLINE}
    assert {s.event.title for s in store.events(project="科技馆")} == {"科技馆新馆完成布展", "主体工程达到“正负零”"}
    due = store.events(due_from=date(2020, 12, 1), due_to=date(2020, 12, 31))
    assert [s.event.title for s in due] == ["主体工程达到“正负零”"]


def test_lookup_by_id_prefix(tmp_path):
    events = sample_events()
    store = store_with(tmp_path / "t.db", events)
    assert store.event(events[2].id[:14]).event == events[2]
    assert store.event("event-") is None  # not unique
    assert store.event("nope") is None


def test_a_file_that_is_not_a_store_is_a_one_line_error(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="bogus.db"):
        Store(bogus)


def test_a_missing_store_is_reported_when_not_creating(tmp_path):
    with pytest.raises(StoreError, match="run `timeline build` first"):
        Store(tmp_path / "none.db", create=False)


def test_a_store_of_another_schema_version_is_refused(tmp_path):
    path = tmp_path / "old.db"
    sqlite3.connect(path).execute("PRAGMA user_version=99").connection.close()
    with pytest.raises(StoreError, match="schema version 99"):
        Store(path)


def test_iter_events_streams_what_events_returns_in_any_chunk_size(tmp_path):
    store = store_with(tmp_path / "t.db", sample_events())
    for chunk in (1, 2, 500):
        assert list(store.iter_events(chunk=chunk)) == store.events()
        assert list(store.iter_events(kinds=[EventKind.PLAN], chunk=chunk)) == store.events(kinds=[EventKind.PLAN])
        assert list(store.iter_events(project="科技馆", chunk=chunk)) == store.events(project="科技馆")


def test_article_references_name_each_stored_article_by_its_place(tmp_path):
    store = store_with(tmp_path / "t.db", sample_events())
    refs = store.article_references()
    for row in store.events():
        ev = row.event.evidence
        article_id, line = refs[(ev.source, ev.article_index)]
        record = store.article(ev.source, ev.article_index)
        assert record is not None and article_id == record.id
        assert line == f"{record.reference.isoformat()}（{record.reference_note}）"


def test_the_store_orders_items_by_their_sort_key(tmp_path):
    rows = store_with(tmp_path / "t.db", sample_events()).events()
    keys = [r.event.sort_key for r in rows]
    assert keys == sorted(keys) and keys[0] == (rows[0].event.when.start.isoformat(), rows[0].event.id)


def test_raw_rows_decode_to_the_stored_events(tmp_path) -> None:
    from timeline.store import stored_event

    store = Store(tmp_path / "t.db")
    with store.build_transaction(datetime(2020, 11, 30, tzinfo=UTC)) as writer:
        writer.replace_source("a.txt", [], sample_events())
    assert [stored_event(row) for row in store.iter_event_rows(chunk=2)] == store.events()
    store.close()


def test_a_row_whose_payload_was_just_encoded_takes_the_event_kept_for_it(tmp_path) -> None:
    from timeline.store import stored_event

    store = Store(tmp_path / "t.db")
    with store.build_transaction(datetime(2020, 11, 30, tzinfo=UTC)) as writer:
        writer.replace_source("a.txt", [], sample_events())
    row = next(store.iter_event_rows())
    kept = replace(sample_events()[0], title="kept, not decoded")
    assert stored_event(row, {row[0]: kept}).event is kept
    assert stored_event(row, {}).event == store.events()[0].event
    store.close()
