"""Issue 12, item 6: after kill -9 of a build, its worker processes die with it (Linux)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

BUILD = """
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from timeline import pipeline
pipeline.build([Path(sys.argv[1])], db=Path(sys.argv[2]), out=Path(sys.argv[3]), now=datetime(2020, 11, 30, tzinfo=UTC),
               today=date(2020, 11, 30), workers=2)
"""


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    text = "\n\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    for k in range(40):  # enough work that the build is still extracting when it is killed
        (news / f"{k:02d}.txt").write_text(text.replace("洛阳", f"洛阳{k}"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", BUILD, str(news), str(tmp_path / "t.db"), str(tmp_path / "out")],
                            stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            workers = children(proc.pid)
        assert len(workers) >= 2, "the build never started its workers"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if alive(w)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for w in workers:  # when the test failed: leave no orphan behind
            if alive(w):
                os.kill(w, signal.SIGKILL)
