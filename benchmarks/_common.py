"""Shared helpers for the benchmarks: timing, the JioNLP peer, inputs and printing.

The benchmarks print figures; they never assert. Speed is reported as a ratio against a
peer (JioNLP) timed in the same process and the same run, because the machines are shared
and noisy: absolute numbers move by tens of percent between runs, the ratio much less.
Timings alternate timeline / peer and keep the best of each, so a burst of load from a
neighbour hits both sides alike.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

REPO = Path(__file__).resolve().parent.parent
# The peer suites live next to the repository (../shared) and are read at run time, never copied.
SHARED = Path(os.environ.get("TIMELINE_SHARED", REPO.parent / "shared"))
MB = 1_000_000  # one "MB" in every benchmark: 10**6 UTF-8 bytes of text


# ---------------------------------------------------------------- timing


def interleaved(fns: dict[str, Callable[[], Any]], *, rounds: int = 3) -> dict[str, float]:
    """Best seconds per name, running the functions in turn for `rounds` rounds.

    Alternating A, B, A, B… rather than A, A, A, B, B, B keeps a passing load spike from
    landing on one side only.
    """
    best = {name: float("inf") for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


# ---------------------------------------------------------------- the peer


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence JioNLP: its import banner goes to stdout, its parse failures to the root logger."""
    saved_out = sys.stdout
    sys.stdout = io.StringIO()
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)
        sys.stdout = saved_out


def import_jionlp() -> Any:
    """The jionlp module, or exit with a line that says how to set up the benchmark venv."""
    try:
        with quiet():
            import jionlp  # type: ignore[import-not-found]
    except ImportError:
        sys.exit(
            "jionlp is not installed in this interpreter. Run the benchmarks with the peer venv:\n"
            "  python3 -m venv /work/bench-venv && /work/bench-venv/bin/pip install -r "
            "benchmarks/requirements-peer.txt && /work/bench-venv/bin/pip install -e .\n"
            "(see benchmarks/README.md)"
        )
    return jionlp


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Case:
    suite: str
    text: str
    ref: dt.datetime


def load_suites(shared: Path = SHARED) -> list[Case]:
    """Texts and references of ../shared/peer-suites/*.jsonl, read at run time."""
    files = sorted((shared / "peer-suites").glob("*.jsonl"))
    if not files:
        sys.exit(f"no peer suites under {shared / 'peer-suites'} (set TIMELINE_SHARED)")
    cases = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                c = json.loads(line)
                cases.append(Case(c["suite"], c["text"], dt.datetime.fromisoformat(c["ref"])))
    return cases


def seed_text() -> str:
    """All seed files of the repository, concatenated in name order."""
    files = sorted((REPO / "seeds").glob("*.txt"))
    if not files:
        sys.exit(f"no seed files under {REPO / 'seeds'}")
    return "\n\n".join(f.read_text(encoding="utf-8") for f in files)


def repeat_to_bytes(text: str, n_bytes: int) -> str:
    """`text` repeated and cut so that its UTF-8 encoding is at most `n_bytes` bytes."""
    unit = len(text.encode("utf-8"))
    reps = n_bytes // unit + 1
    data = (text * reps).encode("utf-8")[:n_bytes]
    return data.decode("utf-8", errors="ignore")  # drop a character cut in half at the end


def prefix_bytes(text: str, n_bytes: int) -> str:
    return text.encode("utf-8")[:n_bytes].decode("utf-8", errors="ignore")


# ---------------------------------------------------------------- output


def fmt_num(x: float | None, digits: int = 0) -> str:
    if x is None:
        return "n/a"
    if digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.2f}x"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))
    )
    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


def environment() -> str:
    import platform

    return (f"python {platform.python_version()} on {platform.machine()}, "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
