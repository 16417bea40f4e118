"""Write files so that a reader sees the old bytes or the new bytes, never half of them."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from timeline.errors import OutputError


def stage(path: Path | str, data: bytes | Iterable[bytes]) -> str:
    """Write `data` (bytes, or pieces to join) to a fsynced temporary file beside `path`.

    Returns the temporary file's name, mode 644; the caller moves it over `path` with
    os.replace (or removes it). Raises OutputError naming `path` when it cannot be written,
    and then leaves no temporary file behind.
    """
    target = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(target, f"cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines([data] if isinstance(data, bytes) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise OutputError(target, f"cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return tmp_name


def atomic_write(path: Path | str, data: bytes | Iterable[bytes]) -> None:
    """Write `data` to `path` through a temporary file in the same folder, fsync, then os.replace.

    Raises OutputError (naming the path) when the folder cannot be written; the old file is untouched.
    """
    tmp_name = stage(path, data)
    try:
        os.replace(tmp_name, path)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise OutputError(path, f"cannot write: {exc.strerror or exc}") from exc
