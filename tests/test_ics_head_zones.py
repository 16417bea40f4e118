"""The calendar head's VTIMEZONEs kept across processes: the same bytes icalendar gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.factories import empty_cache
from timeline.export import ics_head
from timeline.types import SHANGHAI

NEW_YORK = ZoneInfo("America/New_York")
ZONES = [SHANGHAI, NEW_YORK, timezone(timedelta(hours=5, minutes=30))]
DAYS = (date(2021, 3, 1), date(2023, 7, 9))


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    with empty_cache(monkeypatch, tmp_path, ics_head.KEPT) as folder:
        yield folder


def _windows(*zones: timezone | ZoneInfo) -> list[tuple[datetime, datetime]]:
    return [(datetime(2022, 5, 1, 9, tzinfo=zone), datetime(2022, 5, 1, 10, tzinfo=zone)) for zone in zones]


@pytest.mark.parametrize("zones", [ZONES[:1], ZONES[1:2], ZONES[2:], ZONES])
def test_a_head_read_back_from_the_file_is_the_head_icalendar_gives(cache: Path, zones: list[timezone]) -> None:
    windows = _windows(*zones)
    fresh = ics_head.calendar_head("日程", windows, DAYS)
    ics_head.KEPT.flush()
    ics_head.KEPT.forget()
    assert list(cache.glob("vtimezones-*.marshal"))
    assert ics_head.calendar_head("日程", windows, DAYS) == fresh
    first, last = date(2021, 1, 1), date(2038, 1, 1)
    assert fresh.endswith(ics_head._vtimezones(windows, first, last))


def test_a_zone_whose_file_is_unknown_is_not_kept(cache: Path) -> None:
    source = Path("/usr/share/zoneinfo/Asia/Shanghai")
    if not source.is_file():
        pytest.skip("no system zone files")
    with source.open("rb") as data:
        unnamed = ZoneInfo.from_file(data)  # no key: where its data came from is not known
    assert ics_head._zone_source(unnamed) is None
    assert ics_head._zone_source(SHANGHAI) is not None
    ics_head.calendar_head("日程", _windows(unnamed), DAYS)
    ics_head.KEPT.flush()
    assert not list(cache.glob("vtimezones-*.marshal"))
