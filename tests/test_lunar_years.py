"""lunar_years: lunar_python's figures of a lunar year, kept in a cache file that gives them back unchanged."""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.factories import empty_cache
from timeline import cache_dir
from timeline.grammar import holidays, lunar_years


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    with empty_cache(monkeypatch, tmp_path, lunar_years.KEPT) as folder:
        yield folder


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("lunar-years-*.marshal"))


def test_a_year_read_back_from_the_file_equals_lunar_pythons(cache: Path) -> None:
    first = lunar_years.lunar_year(2021)
    assert len(_files(cache)) == 1  # the process's first new year is written at once
    lunar_years.forget()
    assert lunar_years.lunar_year(2021) == first == lunar_years.work_out(2021)
    months, terms = first
    assert (1, 0, 2021, 2, 12, 29) in months  # 春节 2021 is 02-12; 正月 has 29 days
    assert ("冬至", 2020, 12, 21) in terms  # the table opens at the 冬至 before lunar year 2021


def test_the_file_is_written_at_the_powers_of_two_and_by_flush(cache: Path) -> None:
    for year in (2001, 2002, 2003):
        lunar_years.lunar_year(year)
    lunar_years.forget()
    assert lunar_years.KEPT._read(lunar_years.cache_path()).keys() == {2001, 2002}  # the 3rd waits for flush
    lunar_years.lunar_year(2003)
    lunar_years.flush()
    assert lunar_years.KEPT._read(lunar_years.cache_path()).keys() == {2001, 2002, 2003}


def test_a_broken_or_foreign_file_is_worked_out_again(cache: Path) -> None:
    path = lunar_years.cache_path()
    assert path is not None
    for junk in (b"not marshal", b"\xe9" * 10, marshal.dumps({2021: ("months", "terms")})):
        path.write_bytes(junk)
        lunar_years.forget()
        assert lunar_years.lunar_year(2021) == lunar_years.work_out(2021)


def test_an_unwritable_cache_folder_only_costs_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(blocker / "cache"))
    lunar_years.forget()
    try:
        assert lunar_years.lunar_year(1978) == lunar_years.work_out(1978)
        lunar_years.flush()
    finally:
        lunar_years.forget()


def test_festivals_from_the_file_are_the_festivals_from_lunar_python(cache: Path) -> None:
    def spring_and_terms() -> list[object]:
        holidays._lunar_months.cache_clear()
        holidays._solar_terms.cache_clear()
        holidays.festival_date.cache_clear()
        return [holidays.festival_date(name, year) for year in (1978, 2023, 2033)
                for name in ("春节", "中秋", "除夕", "冬至", "清明", "小寒")]

    worked_out = spring_and_terms()
    lunar_years.forget()  # every year again, now from the file
    assert spring_and_terms() == worked_out
    assert worked_out[1] == date(1978, 9, 17)


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir.default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("TIMELINE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir.default_cache_dir() == tmp_path / "xdg" / "timeline"
    assert lunar_years.cache_path(tmp_path).parent == tmp_path
