"""How far a build has got, for a progress bar: the phases and the units it counts in.

Progress is heard as `on_progress(phase, done, total)`: ("read", input bytes done, input
bytes) while files are read and their articles extracted, then ("export", items done, items
in the store) while the exports are made. Bytes, not files: with one big file a count of
files sat at 0% and then jumped to 100% (issue 14).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from timeline.types import Article

Progress = Callable[[str, int, int], None]


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read_articles names the file and the reason


class InputProgress:
    """Input bytes done, for `on_progress("read", done, total)`: a file counts as read and
    extracted in proportion to the characters of its articles whose items are stored, so one
    big file moves the bar batch by batch instead of jumping from 0 to 100%."""

    def __init__(self, files: Sequence[Path], report: Progress | None) -> None:
        self._report = report
        self._total = sum(file_size(path) for path in files) if report else 0
        # by the number _batches gives a file read (a file skipped by --keep-going has none)
        self._sizes: dict[int, int] = {}
        self._chars: dict[int, int] = {}
        self._done = 0.0
        if report:  # the bar shows from the start: loading the word lists and reading take a while
            report("read", 0, self._total)

    def reading(self, files: Iterable[tuple[Path, list[Article]]]) -> Iterator[tuple[Path, list[Article]]]:
        for number, (path, articles) in enumerate(files):
            if self._report:
                self._sizes[number] = file_size(path)
                self._chars[number] = sum(len(a.body) for a in articles)
                if not articles:  # an empty file is done once read
                    self._done += self._sizes[number]
                    self._report("read", round(self._done), self._total)
            yield path, articles

    def extracted(self, number: int, articles: Sequence[Article]) -> None:
        if self._report and articles:
            share = sum(len(a.body) for a in articles) / max(1, self._chars.get(number, 1))
            self._done = min(self._total, self._done + share * self._sizes[number])
            self._report("read", round(self._done), self._total)
