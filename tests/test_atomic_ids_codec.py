"""Small building blocks: atomic writes, stable IDs, the lossless event codec, TimeSpan checks."""

from __future__ import annotations

import dataclasses
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from factories import sample_events

from timeline.atomic import StagedFile, atomic_write
from timeline.codec import event_from_dict, event_to_dict, from_iso, iso
from timeline.errors import OutputError
from timeline.ids import stable_id
from timeline.types import SHANGHAI, Certainty, Grain, Role, TimeSpan


def test_atomic_write_replaces_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "calendar.ics"
    target.write_bytes(b"old")
    atomic_write(target, b"new bytes")
    assert target.read_bytes() == b"new bytes"
    assert os.listdir(tmp_path) == ["calendar.ics"]


def test_atomic_write_into_a_missing_folder_names_the_file_and_keeps_nothing(tmp_path):
    with pytest.raises(OutputError, match="calendar.ics: cannot write"):
        atomic_write(tmp_path / "missing" / "calendar.ics", b"x")
    assert os.listdir(tmp_path) == []


def test_stable_id_depends_on_content_only():
    a = stable_id("event", "article-1", "11月30日,召开会议。", "11月30日", "0", "event")
    assert a == stable_id("event", "article-1", "11月30日,召开会议。", "11月30日", "0", "event")
    assert a != stable_id("event", "article-1", "11月30日,召开会议。", "11月30日", "1", "event")
    assert a.startswith("event-") and len(a) == len("event-") + 20
    # parts are separated, so moving a character across a boundary changes the ID
    assert stable_id("x", "ab", "c") != stable_id("x", "a", "bc")


@pytest.mark.parametrize("value", [date(2020, 11, 30), datetime(2020, 11, 23, 12, tzinfo=SHANGHAI)])
def test_iso_round_trip(value):
    assert from_iso(iso(value)) == value


def test_events_round_trip_through_the_codec():
    for event in sample_events():
        assert event_from_dict(event_to_dict(event)) == event


def test_an_encoded_event_holds_the_store_columns_and_decodes_back():
    import json

    from timeline.codec import encode_event, fingerprint

    for event in sample_events():
        encoded = encode_event(event)
        assert event_from_dict(json.loads(encoded.payload)) == event
        assert (encoded.id, encoded.kind, encoded.due_day) == (event.id, event.kind.value, event.due_day.isoformat())
        assert encoded.fingerprint == fingerprint(event) and len(encoded.fingerprint) == 16
    moved = sample_events()[0]
    later = dataclasses.replace(moved, title=moved.title + "!")
    assert fingerprint(later) != fingerprint(moved)


def test_event_json_is_json_dumps_of_the_dict():
    import json

    from timeline.codec import event_json

    events = sample_events()
    with_url = dataclasses.replace(events[0], evidence=dataclasses.replace(events[0].evidence, url='https://x.cn/?q="a"'))
    for event in [*events, with_url]:
        assert event_json(event) == json.dumps(event_to_dict(event), ensure_ascii=False, sort_keys=True)


def test_timespan_rejects_empty_naive_and_mixed_spans():
    with pytest.raises(ValueError, match="empty span"):
        TimeSpan(date(2020, 1, 2), date(2020, 1, 2), Grain.DAY, Role.POINT, Certainty.EXACT, "x", 0)
    with pytest.raises(ValueError, match="naive"):
        TimeSpan(datetime(2020, 1, 2), datetime(2020, 1, 3), Grain.HOUR, Role.POINT, Certainty.EXACT, "x", 0)
    with pytest.raises(TypeError, match="mixed"):
        TimeSpan(date(2020, 1, 2), datetime(2020, 1, 3, tzinfo=SHANGHAI), Grain.DAY, Role.POINT, Certainty.EXACT, "x", 0)


def test_due_is_the_last_day_touched():
    deadline = TimeSpan(date(2020, 11, 30), date(2022, 7, 1), Grain.MONTH, Role.DEADLINE, Certainty.EXACT, "6月底前", 0)
    assert deadline.due == date(2022, 6, 30)
    afternoon = TimeSpan(datetime(2020, 11, 23, 12, tzinfo=SHANGHAI), datetime(2020, 11, 23, 18, tzinfo=SHANGHAI),
                         Grain.PART_OF_DAY, Role.POINT, Certainty.INFERRED, "下午", 0)
    assert afternoon.due == date(2020, 11, 23) and afternoon.first_day == date(2020, 11, 23)
    night = TimeSpan(datetime(2020, 11, 23, 18, tzinfo=SHANGHAI), datetime(2020, 11, 24, 0, tzinfo=SHANGHAI),
                     Grain.PART_OF_DAY, Role.POINT, Certainty.INFERRED, "晚上", 0)
    assert night.due == date(2020, 11, 23)


def test_an_event_falls_due_the_day_it_happens_a_deadline_on_its_last_day():
    events = {e.title: e for e in sample_events()}
    assert events["第17次重点项目推进会"].due_day == date(2020, 11, 23)  # timed: its day
    assert events["科技馆新馆完成布展"].due_day == date(2022, 6, 30)  # start is the stated day
    assert events["“十四五”高质量发展"].due_day == date(2025, 12, 31)


def test_a_staged_file_is_written_in_pieces_and_only_named_when_closed(tmp_path):
    staged = StagedFile(tmp_path / "events.json")
    staged.write(b"[")
    staged.write(b"]\n")
    name = staged.close()
    assert Path(name).parent == tmp_path and Path(name).read_bytes() == b"[]\n"
    assert oct(Path(name).stat().st_mode & 0o777) == "0o644"
    assert not (tmp_path / "events.json").exists()  # the caller moves it into place


def test_a_discarded_staged_file_leaves_nothing(tmp_path):
    staged = StagedFile(tmp_path / "calendar.ics")
    staged.write(b"BEGIN:VCALENDAR\r\n")
    staged.discard()
    assert list(tmp_path.iterdir()) == []
