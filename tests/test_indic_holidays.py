"""Hindu and Buddhist festivals from the holidays package's almanac tables (grammar/indic_holidays.py)."""

from datetime import date

import pytest

from timeline.grammar.holidays import ALL_FESTIVALS, festival_date, festival_days
from timeline.grammar.indic_holidays import DAYS_BEGIN_BEFORE, INDIC_FESTIVALS, indic_festival_days, indic_festival_span


@pytest.mark.parametrize(("name", "year", "first", "days"), [
    ("排灯节", 2022, date(2022, 10, 24), 1),     # Diwali
    ("洒红节", 2024, date(2024, 3, 25), 1),      # Holi
    ("九夜节", 2023, date(2023, 10, 15), 9),     # Navaratri, up to 十胜节 on 10-24
    ("十胜节", 2023, date(2023, 10, 24), 1),
    ("卫塞节", 2022, date(2022, 5, 15), 1),      # Vesak
    ("印度兄妹节", 2021, date(2021, 8, 22), 1),  # Raksha Bandhan
])
def test_indic_festival_span(name: str, year: int, first: date, days: int) -> None:
    assert indic_festival_span(name, year) == (first, days)


def test_years_outside_the_almanac_tables_are_not_guessed() -> None:
    assert indic_festival_span("排灯节", 1990) is None   # Hindu tables start in 2001
    assert indic_festival_span("卫塞节", 1990) is not None  # Vesak's run from 1901
    assert indic_festival_span("复活节", 2020) is None   # not an Indic festival


def test_indic_festival_days() -> None:
    assert indic_festival_days("九夜节") == 9
    assert indic_festival_days("排灯节") == 1
    assert indic_festival_days("复活节") is None


def test_every_name_is_dated_in_2020() -> None:
    for name in INDIC_FESTIVALS:
        span = indic_festival_span(name, 2020)
        assert span is not None and span[0].year == 2020, name


def test_indic_festivals_are_festivals_in_both_spellings() -> None:
    assert festival_date("衛塞節", 2022) == date(2022, 5, 15)
    assert festival_days("難近母節") == 9
    assert {"淡米爾豐收节", "印度燈节"} <= set(ALL_FESTIVALS)


def test_pongal_days_begin_the_day_before_thai_pongal() -> None:
    assert set(DAYS_BEGIN_BEFORE) <= set(INDIC_FESTIVALS)
    assert {INDIC_FESTIVALS[name] for name in DAYS_BEGIN_BEFORE} == {"pongal"}
