"""Questions users ask of the store: what is due soon, what is overdue, which events match."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.errors import QueryError
from timeline.store import Store
from timeline.types import EventKind, StoredEvent

MAX_DAYS = 36_600  # a century: beyond it a "due within" question is a typo, not a plan


@dataclass(frozen=True, slots=True)
class DueItem:
    stored: StoredEvent
    due: date
    days_left: int  # negative when overdue


def due_within(
    store: Store,
    *,
    today: date,
    days: int,
    kinds: Sequence[EventKind] | None = None,
    project: str | None = None,
) -> list[DueItem]:
    """Items due from `today` to `today + days` (inclusive), soonest first.

    `days` must lie in 0..MAX_DAYS; `due_within(store, today=date(2020, 11, 30), days=31)`
    lists the 2020-12-31 deadline with 31 days left.
    """
    if not 0 <= days <= MAX_DAYS:
        raise QueryError("--days", f"must be between 0 and {MAX_DAYS}, got {days}")
    rows = store.events(kinds=kinds, project=project, due_from=today, due_to=add_days(today, days))
    return _by_due(rows, today)


def overdue(
    store: Store,
    *,
    today: date,
    kinds: Sequence[EventKind] | None = None,
    project: str | None = None,
) -> list[DueItem]:
    """Deadlines and plans whose due day is before `today`, most recently missed first."""
    wanted = kinds or (EventKind.DEADLINE, EventKind.PLAN)
    if today == date.min:  # nothing can be due before the first day there is
        return []
    rows = store.events(kinds=wanted, project=project, due_to=today - timedelta(days=1))
    return list(reversed(_by_due(rows, today)))


def add_days(day: date, days: int) -> date:
    """`day + days` (days >= 0), or 9999-12-31 when that lies beyond it: a window reaching past
    the last day there is ends there. `add_days(date(9999, 12, 30), 30)` is 9999-12-31."""
    return day + timedelta(days=days) if (date.max - day).days >= days else date.max


def next_due(
    store: Store,
    *,
    after: date,
    kinds: Sequence[EventKind] | None = None,
    project: str | None = None,
) -> DueItem | None:
    """The first item due after the day `after` (the answer to "then when?" once a window
    holds nothing), its `days_left` counted from `after`; None when nothing is due later.

    With the seed and `after=date(2026, 1, 1)` it is the 2035 plan.
    """
    if after == date.max:  # nothing can be due later than the last day there is
        return None
    rows = store.iter_events(kinds=kinds, project=project, due_from=after + timedelta(days=1))
    first = min(rows, key=lambda row: (row.event.due_day, *row.event.sort_key), default=None)
    return None if first is None else DueItem(first, first.event.due_day, (first.event.due_day - after).days)


def _by_due(rows: Sequence[StoredEvent], today: date) -> list[DueItem]:
    items = [DueItem(row, row.event.due_day, (row.event.due_day - today).days) for row in rows]
    return sorted(items, key=lambda item: (item.due, *item.stored.event.sort_key))
