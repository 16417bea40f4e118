"""What a build tells the person running it, on stderr: a progress bar per phase, and the
warnings in a reader's words: one summary line with counts, or the list (--verbose).

The library words a warning for `timeline explain` (`no year clue in the file; assumed 2020
(--today (before future 2021年6月底前))`); a person running `timeline build` needs to know what
kind of guess was made, how often, and what to do about it. Each family is one row of
FAMILIES: a pattern over the library's wording and the plain sentence for it. A warning no row
knows is shown as the library wrote it, so a new kind is never hidden.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import click

WHERE = re.compile(r"^(?P<source>.+?)(?:#(?P<index>\d+))?: (?P<message>.*)$")


@dataclass(frozen=True, slots=True)
class Family:
    name: str  # the summary's words for a count of them
    pattern: re.Pattern[str]
    plain: str  # format string over the pattern's groups


FAMILIES = (
    Family("articles with no year anywhere (read as the year of --today)",
           re.compile(r"^no year clue in the file; assumed (?P<year>\d+)"),
           "no year in the article or its file; its dates are read as {year}, the year of --today"
           " (give --published to be sure)"),
    Family("articles whose year was taken from a neighbour that disagrees",
           re.compile(r"^year (?P<year>\d+) from neighbouring article (?P<other>\d+) contradicts"),
           "its year, {year}, comes from article {other} of the same file, but its own dates do not fit it"),
    Family("articles whose day of writing is a guess",
           re.compile(r"^reference day guessed: (?P<day>\S+)"),
           "the day it was written is a guess ({day}); dates like 明天 or 下周三 count from that day"),
    Family("empty files", re.compile(r"^empty file"), "empty file, nothing to read"),
)


def plain(warning: str) -> str:
    """One warning as a reader would say it: `seeds/a.txt, article 3: no year in …`."""
    where = WHERE.match(warning)
    if where is None:
        return warning
    place = where["source"] + (f", article {int(where['index']) + 1}" if where["index"] is not None else "")
    message = where["message"]
    for family in FAMILIES:
        found = family.pattern.match(message)
        if found:
            return f"{place}: {family.plain.format(**found.groupdict())}"
    return f"{place}: {message}"


def summary(warnings: Sequence[str]) -> str | None:
    """One line counting the warnings by family; None when there are none."""
    if not warnings:
        return None
    counts: Counter[str] = Counter()
    for warning in warnings:
        where = WHERE.match(warning)
        message = where["message"] if where else warning
        family = next((f for f in FAMILIES if f.pattern.match(message)), None)
        counts[family.name if family else "other warnings"] += 1
    parts = ", ".join(f"{n} {name}" for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{len(warnings)} warning(s): {parts}. --verbose lists them; `timeline explain ID` shows how an item's date was read."


class ProgressBars:
    """click's progress bar on stderr, one per phase of a build: input bytes read and extracted,
    then items written to the exports (pipeline.Progress)."""

    LABELS = {"read": "Reading", "export": "Exporting"}

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._bar: Any = None
        self._phase = ""
        self._done = 0

    def step(self, phase: str, done: int, total: int) -> None:
        if phase != self._phase:
            self.close()
            self._phase, self._done = phase, 0
            self._bar = click.progressbar(length=max(total, 1), label=self.LABELS.get(phase, phase),
                                          file=self._stream)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
