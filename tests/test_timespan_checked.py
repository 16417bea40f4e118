"""TimeSpan.checked builds the same value as TimeSpan(...) and rejects what it rejects."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from timeline.types import SHANGHAI, Certainty, Grain, Role, TimeSpan

DAY = (date(2022, 6, 1), date(2022, 6, 2), Grain.DAY, Role.POINT, Certainty.EXACT, "6月1日", 3)


def test_checked_equals_the_plain_constructor() -> None:
    for args in (DAY, (*DAY, "month+day")):
        built = TimeSpan.checked(*args)
        assert built == TimeSpan(*args) and hash(built) == hash(TimeSpan(*args))
        assert type(built) is TimeSpan and repr(built) == repr(TimeSpan(*args))


@pytest.mark.parametrize("start, end, offset, error", [
    (date(2022, 6, 2), date(2022, 6, 1), 0, ValueError),  # empty
    (date(2022, 6, 1), datetime(2022, 6, 2, tzinfo=SHANGHAI), 0, TypeError),  # mixed
    (datetime(2022, 6, 1), datetime(2022, 6, 2), 0, ValueError),  # naive
    (date(2022, 6, 1), date(2022, 6, 2), -1, ValueError),  # before the text
])
def test_checked_rejects_what_the_constructor_rejects(start: date, end: date, offset: int,
                                                      error: type[Exception]) -> None:
    args = (start, end, Grain.DAY, Role.POINT, Certainty.EXACT, "x", offset)
    with pytest.raises(error):
        TimeSpan(*args)  # type: ignore[arg-type]
    with pytest.raises(error):
        TimeSpan.checked(*args)  # type: ignore[arg-type]


def test_checked_spans_stay_frozen() -> None:
    with pytest.raises(AttributeError):
        TimeSpan.checked(*DAY).offset = 4  # type: ignore[misc]
