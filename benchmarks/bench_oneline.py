#!/usr/bin/env python3
"""`timeline build` of text without a single line break: seconds per MB at 1, 4 and 16 MB.

    python benchmarks/bench_oneline.py [--sizes 1,4,16] [--shape corpus|deadlines]

A file with no line break is one article of one paragraph, the worst case for every stage
that looks at paragraphs or neighbouring sentences (issue 12: a backward walk over the
paragraph made 16 MB take 127 s and 50 MB never finish). Each size is one fresh build in
a subprocess (`timeline --db RUN/N.db build FILE --out RUN/ex-N --today 2020-11-30`), the
same command a user runs; the script prints wall and CPU seconds, CPU seconds per MB and the
ratio of each size's CPU time per MB to the one before it (1.0 = linear).

Shapes: `corpus` is make_corpus.py's news text (seed 1) with the line breaks removed;
`deadlines` repeats two made-up sentences with subjectless deadlines and 该项目, so every
item asks for the project of its paragraph (the case the walk was quadratic on).

The target is linear: the 16 MB time at most 5x the 4 MB time. No peer runs here: the
comparison is of the build with itself at another size, in the same run. It prints figures
and never asserts. Bounded: each build has a time-out (--timeout, 900 s by default).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import MB, REPO

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_corpus  # noqa: E402

# made-up sentences of the shape the walk was slow on: deadlines with no project of their own
DEADLINE_TEXT = "各相关单位要于12月底前完成自查整改。该项目计划于2021年6月底前建成投用，会议要求加快推进。"


def one_line(shape: str, nbytes: int, work: Path) -> Path:
    """A file of about `nbytes` UTF-8 bytes without a line break (whole characters only)."""
    out = work / f"{shape}-{nbytes}.txt"
    if shape == "deadlines":
        text = DEADLINE_TEXT * (nbytes // len(DEADLINE_TEXT.encode()) + 1)
    else:
        source = work / "corpus.txt"
        if not source.exists() or source.stat().st_size < nbytes:
            make_corpus.main(["--mb", str(nbytes / MB + 1), "--seed", "1", "--out", str(source)])
        text = source.read_text(encoding="utf-8").replace("\n", "")
    out.write_bytes(text.encode("utf-8")[:nbytes].decode("utf-8", "ignore").encode("utf-8"))
    return out


def timed_build(path: Path, work: Path, timeout: float) -> tuple[float, float] | None:
    """(wall seconds, CPU seconds) of one fresh `timeline build` of `path`, or None when it
    timed out or failed. CPU time (user + system, the build and its workers) is what the
    ratios use: on a shared machine the wall time of a long build moves with the neighbours'
    load, its CPU time much less."""
    tag = path.stem
    cmd = [sys.executable, "-m", "timeline.cli", "--db", str(work / f"{tag}.db"), "build", str(path),
           "--out", str(work / f"ex-{tag}"), "--today", "2020-11-30"]
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(f"  build failed: {done.stderr.decode(errors='replace').strip()[-300:]}", file=sys.stderr)
        return None
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,4,16", help="MB, comma-separated (default 1,4,16)")
    parser.add_argument("--shape", choices=["corpus", "deadlines"], default="corpus")
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-oneline-") as tmp:
        work = Path(tmp)
        print(f"one-line text, shape {args.shape}")
        print(f"{'MB':>6}{'wall s':>9}{'CPU s':>9}{'CPU s/MB':>10}{'CPU per MB vs previous':>24}")
        times: list[tuple[float, float]] = []
        for mb in sizes:
            path = one_line(args.shape, int(mb * MB), work)
            measured = timed_build(path, work, args.timeout)
            if measured is None:
                print(f"{mb:>6g}{'timed out or failed':>30}")
                return 1
            wall, cpu = measured
            ratio = f"{(cpu / mb) / (times[-1][1] / times[-1][0]):.2f}" if times else "-"
            print(f"{mb:>6g}{wall:>9.1f}{cpu:>9.1f}{cpu / mb:>10.2f}{ratio:>24}", flush=True)
            times.append((mb, cpu))
        if len(times) >= 2:
            (mb_a, t_a), (mb_b, t_b) = times[-2:]
            print(f"CPU time at {mb_b:g} MB / at {mb_a:g} MB = {t_b / t_a:.2f} (linear: {mb_b / mb_a:g}; target <= 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
