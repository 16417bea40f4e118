"""timeline: turn Chinese news articles into dated events, deadlines and plans.

The library is the product; the `timeline` command and the feed server are thin layers over it:

    >>> from datetime import date
    >>> from timeline import resolve
    >>> [s.text for s in resolve("该项目计划2022年6月底前完成布展", date(2020, 11, 30))]
    ['2022年6月底前']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Event", "Store", "StoredEvent", "TimeSpan", "build", "due_within", "events_in_text", "resolve"]

if TYPE_CHECKING:  # pragma: no cover
    from timeline.pipeline import build, events_in_text
    from timeline.query import due_within
    from timeline.resolver import resolve
    from timeline.store import Store
    from timeline.types import Event, StoredEvent, TimeSpan

# name -> module; imported on first use: `timeline resolve` should not pay for plotly and icalendar
_HOMES = {"build": "timeline.pipeline", "events_in_text": "timeline.pipeline", "due_within": "timeline.query",
          "resolve": "timeline.resolver", "Store": "timeline.store", "Event": "timeline.types",
          "StoredEvent": "timeline.types", "TimeSpan": "timeline.types"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'timeline' has no attribute {name!r}")
