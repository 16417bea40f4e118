"""What a feed request asks for: its query string checked and turned into Filters.

?project=洛阳&kind=deadline,plan&from=2021-01-01&to=2021-12-31 (from/to bound the due day).
Anything else (unknown or repeated parameters, bad dates, from after to) is a 400 with a
one-line reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs

from timeline.types import EventKind

PARAMS = {"project", "kind", "from", "to"}


class BadRequest(Exception):
    """A request we answer with a 4xx and a one-line text reason."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Filters:
    """What a feed request selects: a project substring, kinds (None: all), a due-day range."""

    project: str | None
    kinds: tuple[EventKind, ...] | None
    due_from: date | None
    due_to: date | None

    def key(self) -> str:
        """A text naming the selection (for cache keys and ETags)."""
        kinds = ",".join(k.value for k in self.kinds) if self.kinds is not None else "*"
        return f"{self.project or ''}\x1f{kinds}\x1f{self.due_from or ''}\x1f{self.due_to or ''}"



def parse_filters(query: str, feed_kinds: tuple[EventKind, ...] | None) -> Filters:
    """Filters from a query string for a feed of `feed_kinds` (None: every kind); unknown or
    repeated parameters and bad values raise BadRequest (a 400).

    Example: parse_filters("project=洛阳&from=2021-01-01", None) selects 洛阳's items due from 2021.
    """
    try:
        params = parse_qs(query, keep_blank_values=True, strict_parsing=bool(query), max_num_fields=len(PARAMS))
    except ValueError:
        raise BadRequest("400 Bad Request", "malformed query string") from None
    unknown = sorted(set(params) - PARAMS)
    if unknown:
        raise BadRequest("400 Bad Request", f"unknown parameter {unknown[0][:40]!r}; use project, kind, from, to")
    for key, values in params.items():
        if len(values) > 1:
            raise BadRequest("400 Bad Request", f"parameter {key} given more than once")
    get = {key: values[0] for key, values in params.items()}
    project = get.get("project", "").strip() or None
    if project is not None and len(project) > 100:
        raise BadRequest("400 Bad Request", "project is longer than 100 characters")
    kinds = feed_kinds
    if "kind" in get:
        try:
            asked = tuple(dict.fromkeys(EventKind(k.strip()) for k in get["kind"].split(",")))
        except ValueError:
            raise BadRequest("400 Bad Request", "kind must be event, deadline or plan (comma-separated)") from None
        kinds = tuple(k for k in asked if feed_kinds is None or k in feed_kinds)
    due_from, due_to = _day(get, "from"), _day(get, "to")
    if due_from and due_to and due_from > due_to:
        raise BadRequest("400 Bad Request", "from is after to")
    return Filters(project, kinds, due_from, due_to)


def _day(get: dict[str, str], key: str) -> date | None:
    if key not in get:
        return None
    text = get[key]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise BadRequest("400 Bad Request", f"{key} must be a date like 2021-06-30")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest("400 Bad Request", f"{key} is not a real date") from None


def filter_label(filters: Filters) -> str:
    """The filters in a calendar's name: 项目 洛阳，2021-01-01 至 …; "" when there are none."""
    parts = []
    if filters.project:
        parts.append(f"项目 {filters.project}")
    if filters.due_from or filters.due_to:
        parts.append(f"{filters.due_from or '…'} 至 {filters.due_to or '…'}")
    return "，".join(parts)
