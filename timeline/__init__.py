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
__all__ = ["build", "due_within", "resolve"]

if TYPE_CHECKING:  # pragma: no cover
    from timeline.pipeline import build
    from timeline.query import due_within
    from timeline.resolver import resolve


def __getattr__(name: str) -> Any:
    # imported on first use: `timeline resolve` should not pay for plotly and icalendar
    if name == "build":
        from timeline.pipeline import build

        return build
    if name == "due_within":
        from timeline.query import due_within

        return due_within
    if name == "resolve":
        from timeline.resolver import resolve

        return resolve
    raise AttributeError(f"module 'timeline' has no attribute {name!r}")
