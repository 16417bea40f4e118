"""Issue 12, item 1 and 5: a failed build changes nothing, a killed build leaves whole exports,
and every failure is one line.

The exports are published after the store commits, by one rename of the `.current` link, so
at any moment the five exports are the old set or the new set, never a mix of the two.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline import pipeline, store as store_module
from timeline.atomic import CURRENT, build_lock
from timeline.cli import cli
from timeline.errors import StoreError
from timeline.pipeline import EXPORTS

NOW = datetime(2020, 11, 30, 8, tzinfo=UTC)
FIRST = "关于召开推进会的通知\n\n12月3日,召开第一次重点项目推进会。各单位要于12月底前完成自查。\n"
SECOND = "关于召开推进会的通知\n\n12月4日,召开第二次重点项目推进会。各单位要于2021年1月底前完成整改。\n"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def exports(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in EXPORTS}


def build(tmp: Path, text: str) -> None:
    news = tmp / "news"
    news.mkdir(exist_ok=True)
    (news / "a.txt").write_text(text, encoding="utf-8")
    pipeline.build([news], db=tmp / "timeline.db", out=tmp / "out", root=tmp, now=NOW, today=date(2020, 11, 30),
                   workers=1)


def leftovers(out: Path) -> list[str]:
    """Hidden entries besides the published version and its link: what a killed build left."""
    current = os.readlink(out / CURRENT)
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in (CURRENT, current))


def store_ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(row[0] for row in conn.execute("SELECT id FROM events"))


def test_exports_are_links_into_one_published_version(tmp_path: Path) -> None:
    build(tmp_path, FIRST)
    out = tmp_path / "out"
    for name in EXPORTS:
        assert os.readlink(out / name) == f"{CURRENT}/{name}"
    first = exports(out)
    build(tmp_path, SECOND)
    assert exports(out) != first and leftovers(out) == []
    # others (a web server serving the folder) can read through the links, as they could read plain files
    assert (out / CURRENT).resolve().stat().st_mode & 0o777 == 0o755


def test_plain_exports_of_an_older_build_are_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in EXPORTS:
        (out / name).write_bytes(b"old " + name.encode())
    build(tmp_path, FIRST)
    assert all((out / name).is_symlink() for name in EXPORTS)
    assert b"BEGIN:VCALENDAR" in (out / "calendar.ics").read_bytes() and leftovers(out) == []


def test_a_bad_meta_value_fails_the_commit_and_leaves_the_old_exports(tmp_path: Path) -> None:
    build(tmp_path, FIRST)
    db, out = tmp_path / "timeline.db", tmp_path / "out"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value='garbage' WHERE key='content_changed_at'")
    before, ids = exports(out), store_ids(db)
    (tmp_path / "news" / "b.txt").write_text(SECOND, encoding="utf-8")
    result = invoke("--db", str(db), "build", str(tmp_path / "news"), "--out", str(out), "--today", "2020-11-30")
    assert_one_line_error(result, "timeline.db", "damaged store")
    assert exports(out) == before and store_ids(db) == ids and leftovers(out) == []


def test_a_full_store_is_one_line_and_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(tmp_path, FIRST)
    db, out = tmp_path / "timeline.db", tmp_path / "out"
    before, ids = exports(out), store_ids(db)
    opened = store_module.Store._open

    def small(uri: str) -> sqlite3.Connection:  # a disk with no room for the store to grow
        conn = opened(uri)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
        return conn

    monkeypatch.setattr(store_module.Store, "_open", staticmethod(small))
    (tmp_path / "news" / "b.txt").write_text(SECOND * 300, encoding="utf-8")
    result = invoke("--db", str(db), "build", str(tmp_path / "news"), "--out", str(out), "--today", "2020-11-30")
    assert_one_line_error(result, "timeline.db", "full")
    monkeypatch.undo()
    assert exports(out) == before and store_ids(db) == ids and leftovers(out) == []


def _kill_at(n: int) -> None:
    """In this (child) process: SIGKILL itself at the n-th file-system step or at the commit."""
    count = [0]

    def step() -> None:
        count[0] += 1
        if count[0] == n:
            os.kill(os.getpid(), signal.SIGKILL)

    def counted(original):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            step()
            return original(*args, **kwargs)
        return wrapper

    for module, name in ((os, "replace"), (os, "symlink"), (os, "fsync"), (os, "link"), (os, "unlink"),
                         (shutil, "rmtree")):
        setattr(module, name, counted(getattr(module, name)))
    writer = store_module.BuildWriter
    writer.finish = counted(writer.finish)  # type: ignore[method-assign]  # just before COMMIT


def test_kill_9_at_every_step_leaves_the_old_or_the_new_exports_whole(tmp_path: Path) -> None:
    base, reference = tmp_path / "base", tmp_path / "reference"
    base.mkdir()
    build(base, FIRST)
    old = exports(base / "out")
    shutil.copytree(base, reference, symlinks=True)
    build(reference, SECOND)
    new = exports(reference / "out")
    outcomes = []
    for n in range(1, 80):  # bounded: a build of one small file takes a few dozen steps
        run = tmp_path / f"run-{n}"
        shutil.copytree(base, run, symlinks=True)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child is killed or leaves by os._exit
            code = 0
            try:
                _kill_at(n)
                build(run, SECOND)
            except BaseException:
                code = 3
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        got = exports(run / "out")
        assert got in (old, new), f"killed at step {n}: a mix of old and new exports"
        if not os.WIFSIGNALED(status):
            assert os.WEXITSTATUS(status) == 0 and got == new
            break
        outcomes.append(got == new)
        build(run, SECOND)  # the next build finishes the job and sweeps what the killed one left
        assert exports(run / "out") == new and leftovers(run / "out") == []
        shutil.rmtree(run)
    else:
        pytest.fail("the build never finished within 80 steps")
    print(f"killed at {len(outcomes)} steps: {outcomes.count(False)} left the old set, {outcomes.count(True)} the new")
    assert outcomes and not outcomes[0] and outcomes[-1]  # killed early: old; killed late: new


def test_a_second_build_waits_then_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "timeline.db"
    with build_lock(db), pytest.raises(StoreError, match="another build is running"), build_lock(db, wait=0.2):
        pass
    with build_lock(db, wait=0.2):  # released with the first
        pass


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("due", "--today", "9999-12-30"), None),
        (("due", "--overdue", "--today", "0001-01-01"), None),
        (("due", "--days", "36600", "--today", "9999-01-01"), None),
        (("build", "news", "--published", "0001-01-01"), "--published"),
        (("build", "news", "--published", "9999-12-31", "--today", "9999-12-31"), "--published"),
    ],
)
def test_edge_dates_answer_or_fail_in_one_line(tmp_path: Path, args: tuple[str, ...], needle: str | None) -> None:
    build(tmp_path, FIRST)
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = invoke("--db", "timeline.db", *args, *(("--out", "out") if args[0] == "build" else ()))
    finally:
        os.chdir(previous)
    if needle is None:
        assert result.exit_code == 0, result.stderr
    else:
        assert_one_line_error(result, needle)


def test_a_folder_without_readable_news_warns(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("--db", str(tmp_path / "t.db"), "build", "--verbose", str(tmp_path / "empty"), "--out", str(tmp_path / "out"),
                    "--today", "2020-11-30")
    assert result.exit_code == 0
    assert "Warning: " in result.stderr and "no readable news" in result.stderr


def test_add_days_stops_at_the_last_day_there_is() -> None:
    from timeline.query import add_days

    assert add_days(date(2020, 11, 30), 31) == date(2020, 12, 31)
    assert add_days(date(9999, 12, 30), 30) == date(9999, 12, 31)


def _as_another_user(fn) -> str:  # type: ignore[no-untyped-def]
    """Run `fn()` -> str in a forked child without root's powers (uid/gid 65534 when this runs
    as root; else this user, whom file modes already bind) and return what it returned."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read)
        try:
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            answer = fn()
        except BaseException as exc:  # the child reports, the parent asserts
            answer = f"{type(exc).__name__}: {exc}"
        os.write(write, answer.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = pipe.read().decode()
    os.waitpid(pid, 0)
    return answer


def test_a_read_only_store_is_read_and_a_build_on_it_is_one_line() -> None:
    import _strptime  # noqa: F401  # the child may not read the standard library's files
    import tempfile

    # pytest's own temporary folders are private to this user; the other user needs a way in
    tmp_path = Path(tempfile.mkdtemp(prefix="timeline-ro-"))
    os.chmod(tmp_path, 0o755)
    build(tmp_path, FIRST)  # as this user: loads everything the child needs
    db, out = tmp_path / "timeline.db", tmp_path / "out"
    expected = len(store_ids(db))
    for leftover in tmp_path.glob("timeline.db-*"):
        leftover.unlink()
    os.chmod(db, 0o444)
    os.chmod(tmp_path, 0o555)  # no -wal or -shm can be made beside it
    os.chmod(out, 0o777)
    for path in (tmp_path / "news", tmp_path / "news" / "a.txt"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    try:
        def read() -> str:
            with store_module.Store(db, create=False) as store:
                return str(len(store.events()))

        def write() -> str:
            try:
                pipeline.build([tmp_path / "news"], db=db, out=out, root=tmp_path, now=NOW, today=date(2020, 11, 30),
                               workers=1)
            except StoreError as exc:
                return f"StoreError {exc}"
            return "built"

        assert _as_another_user(read) == str(expected)
        answer = _as_another_user(write)
        assert answer.startswith("StoreError ") and "read-only" in answer and "\n" not in answer, answer
    finally:
        os.chmod(tmp_path, 0o755)
        os.chmod(db, 0o644)
        shutil.rmtree(tmp_path)


def test_jiebas_cache_is_per_user_and_a_failed_cache_write_is_quiet() -> None:
    import logging

    from timeline.extract import tagger

    assert tagger.JIEBA_CACHE == f"jieba-timeline-{os.getuid()}.cache"  # not root's /tmp/jieba.cache
    tagger.tables_from_jieba(())
    # jieba logs "Dump cache file failed." with a traceback at ERROR: kept off the user's screen
    assert not logging.getLogger("jieba").isEnabledFor(logging.ERROR)
