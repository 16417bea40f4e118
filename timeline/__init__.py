"""timeline: turn Chinese news articles into dated events, deadlines and plans."""

from __future__ import annotations

__version__ = "0.1.0"
