"""Write files so that a reader sees the old bytes or the new bytes, never half of them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from timeline.errors import OutputError


def atomic_write(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, fsync, then os.replace.

    Raises OutputError (naming the path) when the folder cannot be written; the old file is untouched.
    """
    target = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(target, f"cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise OutputError(target, f"cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
