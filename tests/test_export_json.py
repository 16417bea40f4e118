"""export/json.py writes json.dumps's own characters without its slow indented encoder."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from factories import CHANGED_AT, make_event, make_span
from timeline.export.json import indented, item_dict, item_json, render_json
from timeline.types import StoredEvent



def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ['"', "\\", "\n", "\t", "\x00", "\u2028", "</script>", "张向阳", "😀"])
SCALARS = st.none() | st.booleans() | st.integers(-10**20, 10**20) | TEXT
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                      max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_indented_is_json_dumps(value: Any) -> None:
    assert indented(value) == _dumps(value)
    assert indented(value, "\n ") == _dumps(value).replace("\n", "\n ")


def test_other_values_go_to_json_dumps() -> None:
    for value in (1.5, float("nan"), {"a": [0.1, (1, 2)]}, {1: "x"}, ()):
        assert indented(value) == _dumps(value)


def test_an_item_is_the_item_of_json_dumps() -> None:
    event = make_event(make_span(date(2020, 11, 30), date(2020, 12, 1)), title='引号"与\\反斜杠\n换行</script>')
    stored = StoredEvent(event, 3, CHANGED_AT, CHANGED_AT)
    assert item_json(stored) == _dumps(item_dict(stored)).replace("\n", "\n ")
    assert item_json(stored, {"days_left": 2}) == _dumps(item_dict(stored) | {"days_left": 2}).replace("\n", "\n ")
    assert json.loads(render_json([stored, stored])) == [item_dict(stored)] * 2


def test_items_of_every_kind_and_list_length_are_those_of_json_dumps() -> None:
    from dataclasses import replace

    from timeline.types import EventKind

    span = make_span(date(2020, 11, 30), date(2021, 1, 1))
    for kind in EventKind:
        for names in ((), ("何武周",), ("何武周", "李钢锤", '"引号"')):
            event = replace(make_event(span, kind=kind, people=names, projects=names[:1]), places=names[::-1])
            stored = StoredEvent(event, 12, CHANGED_AT, CHANGED_AT)
            assert item_json(stored) == _dumps(item_dict(stored)).replace("\n", "\n ")
