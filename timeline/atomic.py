"""Write files so that a reader sees the old bytes or the new bytes, never half of them."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from timeline.errors import OutputError, StoreError


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


CURRENT = ".current"  # the symlink naming the published version folder
_VERSION_PREFIX = ".exports-"


def _version_folder(out: Path) -> Path:
    """A new, empty version folder in `out`, readable by others like the exports in it (mkdtemp
    makes it 0700: a web server or another user could follow the links but not read the files)."""
    path = Path(tempfile.mkdtemp(prefix=_VERSION_PREFIX, dir=out))
    os.chmod(path, 0o755)
    return path


class ExportVersion:
    """A new version of a folder's exports, written in full beside the published one and
    published by one atomic rename, so a reader, and a build killed at any moment, sees the
    old set whole or the new set whole, never some files of each.

    Layout: `out/NAME` is a symlink to `.current/NAME`, and `.current` a symlink to one
    version folder `.exports-XXXX`. Publishing replaces `.current` in one os.replace. The
    first publish over plain files first moves them (hard links, so no copy) into a version
    of their own, so even that switch shows whole sets only. Versions left by a killed
    build are removed by the next one (`sweep`). Every OSError is an OutputError naming `out`.
    """

    def __init__(self, out: Path, names: tuple[str, ...]) -> None:
        self.out = Path(out)
        self.names = names
        sweep(self.out)
        try:
            self.path = _version_folder(self.out)
        except OSError as exc:
            raise OutputError(self.out, f"cannot write exports: {exc.strerror or exc}") from exc

    def file(self, name: str) -> StagedFile:
        """The staged file for export `name` of this version."""
        return StagedFile(self.path / name)

    def publish(self, staged: dict[str, str]) -> None:
        """Move the closed staged files (name -> temporary path) into this version, then make
        it the published one; older versions are removed afterwards."""
        try:
            for name, tmp in staged.items():
                os.replace(tmp, self.path / name)
            _fsync_dir(self.path)
            if not all(_is_link_to(self.out / name, f"{CURRENT}/{name}") for name in self.names):
                self._adopt_plain_files()
            _current_as_link(self.out)
            _swap_link(self.out / CURRENT, self.path.name)
            _fsync_dir(self.out)
        except OSError as exc:
            raise OutputError(self.out, f"cannot publish exports: {exc.strerror or exc}") from exc
        sweep(self.out)

    def _adopt_plain_files(self) -> None:
        """Before the first switch: the exports now in `out` become a version of their own, and
        each name a link into `.current`, one at a time (each still shows the same bytes)."""
        old = _version_folder(self.out)
        for name in self.names:
            target = self.out / name
            if target.is_file():  # a plain file, or a link that already reads through .current
                os.link(target.resolve(), old / name)
        _fsync_dir(old)
        _current_as_link(self.out)
        _swap_link(self.out / CURRENT, old.name)
        for name in self.names:
            if not _is_link_to(self.out / name, f"{CURRENT}/{name}"):
                _swap_link(self.out / name, f"{CURRENT}/{name}")
        _fsync_dir(self.out)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def sweep(out: Path) -> None:
    """Remove what a killed build left in `out`: version folders that are not published and
    temporary files and links (`.NAME.XXXX.tmp`). Never raises: a leftover is only clutter."""
    try:
        current = os.readlink(out / CURRENT)
    except OSError:
        current = None
    try:
        entries = list(os.scandir(out))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(_VERSION_PREFIX) and entry.name != current:
            shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.name.startswith(".") and entry.name.endswith(".tmp"):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def _is_link_to(path: Path, target: str | None) -> bool:
    """Whether `path` is a symlink (to `target`, when given)."""
    try:
        found = os.readlink(path)
    except OSError:
        return False
    return target is None or found == target


def _current_as_link(out: Path) -> None:
    """Move a `.current` that is a real folder out of the way (renamed as a stale version, which
    `sweep` removes), so it can become a link again. A copy of the exports folder that followed
    the links (shutil.copytree, zip archives, some sync tools) leaves one, and the names beside
    it plain files; those were adopted before this is called, so nothing reads through it."""
    current = out / CURRENT
    if current.is_dir() and not current.is_symlink():
        os.rename(current, _version_folder(out))  # onto the new, empty folder (POSIX rename)


def _swap_link(path: Path, target: str) -> None:
    """Make `path` a symlink to `target` in one os.replace (a temporary link beside it first)."""
    tmp = path.parent / f".{path.name}.{os.getpid()}.link.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    """Make renames in `path` durable (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def build_lock(db: Path, wait: float = 10.0) -> Iterator[None]:
    """Hold the build lock of the store `db` (a hidden `.NAME.lock` beside it) for the block.

    A build commits the store and then publishes its exports; the lock covers both, so two
    builds cannot publish in the other order from the one they committed in. A second
    build waits up to `wait` seconds, then fails with a StoreError. Where there is no
    fcntl (Windows), the store's own write lock is all there is.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    path = Path(db).parent / f".{Path(db).name}.lock"
    try:
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)  # flock needs no write access
    except OSError as exc:
        raise StoreError(db, f"cannot lock the store for a build: {exc.strerror or exc}") from exc
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(db, "another build is running on this store; try again when it ends") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock, and a killed build's lock goes with its process
