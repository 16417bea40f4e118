"""Write files so that a reader sees the old bytes or the new bytes, never half of them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from timeline.errors import OutputError


class StagedFile:
    """A temporary file beside `path`, written in pieces as they are made.

    `close()` fsyncs it and returns its name (mode 644) for the caller to move over `path`
    with os.replace; `discard()` removes it. Every OSError is raised as an OutputError naming
    `path`, and then no temporary file is left behind.
    """

    def __init__(self, path: Path | str) -> None:
        self.target = Path(path)
        try:
            fd, self.name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent)
        except OSError as exc:
            raise OutputError(self.target, f"cannot write: {exc.strerror or exc}") from exc
        self._handle = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        try:
            self._handle.write(data)
        except OSError as exc:
            self.discard()
            raise OutputError(self.target, f"cannot write: {exc.strerror or exc}") from exc

    def close(self) -> str:
        try:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            os.chmod(self.name, 0o644)
        except OSError as exc:
            self.discard()
            raise OutputError(self.target, f"cannot write: {exc.strerror or exc}") from exc
        return self.name

    def discard(self) -> None:
        try:
            self._handle.close()
        except OSError:
            pass  # the file is removed anyway; the first error is the one to report
        Path(self.name).unlink(missing_ok=True)


def atomic_write(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, fsync, then os.replace.

    Raises OutputError (naming the path) when the folder cannot be written; the old file is untouched.
    """
    staged = StagedFile(path)
    staged.write(data)
    tmp_name = staged.close()
    try:
        os.replace(tmp_name, path)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise OutputError(path, f"cannot write: {exc.strerror or exc}") from exc
