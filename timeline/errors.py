"""Errors a user can act on: each names the file (or input) and says the problem in one line."""

from __future__ import annotations


class TimelineError(Exception):
    """Base class: `str(error)` is the one line the CLI prints, e.g. `seeds/x.txt: not a text file`."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


class InputError(TimelineError):
    """A news file that cannot be read as text: missing, binary, undecodable."""


class StoreError(TimelineError):
    """The SQLite store is missing, unreadable or of an unknown schema version."""


class OutputError(TimelineError):
    """An export could not be written (e.g. the folder is not writable)."""


class QueryError(TimelineError):
    """A query the user asked for makes no sense (an unknown ID, a negative window)."""
