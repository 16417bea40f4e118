#!/usr/bin/env python3
"""`timeline build` end to end against JioNLP, with the build's peak memory.

    /work/bench-venv/bin/python benchmarks/bench_build.py [--quick] [--sizes 1,20]

For each size (MB = 10**6 UTF-8 bytes; default 1 and 20) the script writes a corpus with
make_corpus.py (seed 1; cached in the work folder, /tmp/timeline-bench-build), then runs
the real command line

    timeline --db RUN/N.db build CORPUS --out RUN/exports-N --today 2020-11-30

in a subprocess with a fresh store (RUN: a folder of this run's own under the work folder),
and reads that child's wall time, CPU time and peak RSS (os.wait4, so each build's figure
is its own; with worker processes ru_maxrss is the largest single process). A thread also samples the summed RSS and PSS of the build and
its workers every 50 ms (Linux /proc) and prints their peaks. It prints characters per
second of the build, and the same rate net of a fixed cost (a build of one small article:
interpreter start, imports, writing the exports).

The peer, JioNLP `ner.extract_time`, runs in this process on a prefix of the same corpus
text (200 KB by default, labelled) before the first build and after each build; each row
uses the better of the runs just before and just after its build (a long build on a shared
machine sees the load change), and the peer's time for the whole input is an estimate
scaled from that sample.
JioNLP only finds and parses the times, so the ratio flatters it: the build also splits
articles and sentences, extracts events and writes a store and five exports.

With --split-kb K the same corpus is built as a folder of files of about K KB each (news
arrives as many files; memory that grows with the size of one file shows up here).
With --files-chars N each size is instead a folder of whole articles of about N characters,
one per file (real news: about 2,000); JioNLP then runs on each file of its sample alone.

The peer is timed by wall time and by CPU time (time.process_time). The CPU ratio, chars per
CPU-second of the build and its workers over JioNLP's chars per CPU-second, is the figure that
load on a shared machine moves least; the wall ratios set the build with all its workers
against JioNLP in one process.

Targets (issue 15): CPU ratio >= 2x on 1 MB, 5 MB and 2,000-character files; wall ratio >= 3x
at 5 MB and 20 MB; the largest process < 300 MB at 20 MB and memory about flat as input grows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import make_corpus
from _common import MB, environment, fmt_num, import_jionlp, prefix_bytes, quiet, ratio, table

TODAY = "2020-11-30"
PEER_REFERENCE = dt.datetime(2020, 11, 30)


def timeline_command() -> list[str]:
    """The `timeline` console script of this interpreter's environment, else `python -c`."""
    script = Path(sys.executable).with_name("timeline")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from timeline.cli import main; sys.exit(main())"]


def _tree(pid: int) -> list[int]:
    """pid and its descendants (Linux /proc; [pid] elsewhere)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return found


def _memory(pids: list[int]) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in bytes over `pids`; PSS shares a page between the processes
    that map it (the workers are forked and share the parent's pages until written)."""
    rss = pss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except OSError:
            pass
    return rss, pss


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS of a process and its workers every 50 ms; keeps the peaks."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.rss, self.pss = pid, 0, 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.05):
            rss, pss = _memory(_tree(self.pid))
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)


@dataclass(frozen=True)
class BuildRun:
    """One fresh build's figures."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the build and its reaped worker processes
    maxrss: int  # bytes: ru_maxrss, the largest single process (Linux folds in reaped workers)
    tree_rss: int  # bytes: peak of the summed RSS of the build and its workers (sampled)
    tree_pss: int  # bytes: the same with shared pages split between the processes
    code: int
    tail: str  # the last lines of its stderr

    @property
    def ok(self) -> bool:
        return self.code == 0


def run_build(corpus: Path, work: Path, tag: str) -> BuildRun:
    """Run one fresh build of `corpus` in a subprocess and measure it."""
    db = work / f"{tag}.db"
    out = work / f"exports-{tag}"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    cmd = [*timeline_command(), "--db", str(db), "build", str(corpus), "--out", str(out), "--today", TODAY]
    err_path = work / f"{tag}.stderr"
    with open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        # wait4 gives this child's own rusage (not RUSAGE_CHILDREN's running maximum over every
        # child so far); Linux adds in the workers it reaped: their CPU time is summed, their
        # ru_maxrss maximised, so the RSS is the largest single process, not the sum (see TreeSampler)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        sampler.stopped.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    tail = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
    return BuildRun(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024,  # ru_maxrss is KiB
                    sampler.rss, sampler.pss, proc.returncode, " | ".join(tail))


def corpus_file(work: Path, mb: float, seed: int) -> Path:
    path = work / f"corpus-{mb:g}mb-seed{seed}.txt"
    if not path.exists():  # written aside and renamed: another run may be reading the cache
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        make_corpus.main(["--mb", str(mb), "--seed", str(seed), "--out", str(tmp)])
        os.replace(tmp, path)
    return path


def split_corpus(path: Path, kb: int) -> Path:
    """The corpus as a folder of files of about `kb` KB each, cut between articles."""
    folder = path.with_name(f"{path.stem}-split{kb}kb")
    if folder.exists():
        return folder
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    part: list[str] = []
    size = n = 0

    def flush() -> None:
        nonlocal part, size, n
        if part:
            n += 1
            (tmp / f"part-{n:05d}.txt").write_text(make_corpus.ARTICLE_SEPARATOR.join(part) + "\n", encoding="utf-8")
        part, size = [], 0

    for article in path.read_text(encoding="utf-8").rstrip("\n").split(make_corpus.ARTICLE_SEPARATOR):
        part.append(article)
        size += len(article.encode("utf-8"))
        if size >= kb * 1000:
            flush()
    flush()
    try:
        tmp.rename(folder)
    except OSError:  # another run made it first
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def files_corpus(work: Path, mb: float, seed: int, chars: int) -> Path:
    """A folder of whole articles of about `chars` characters, one per file (make_corpus.py)."""
    folder = work / f"corpus-{mb:g}mb-seed{seed}-files{chars}"
    if not folder.exists():
        tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        make_corpus.main(["--mb", str(mb), "--seed", str(seed), "--out", str(tmp),
                          "--article-chars", str(chars), "--one-per-file"])
        try:
            tmp.rename(folder)
        except OSError:  # another run made it first
            shutil.rmtree(tmp, ignore_errors=True)
    return folder


def corpus_texts(path: Path) -> list[str]:
    """The text of a corpus file, or of each file of a corpus folder in name order."""
    if path.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(path.iterdir())]
    return [path.read_text(encoding="utf-8")]


def peer_sample(texts: list[str], n_bytes: int) -> list[str]:
    """About `n_bytes` of the corpus for the peer: a prefix of one big text, or whole files."""
    if len(texts) == 1:
        return [prefix_bytes(texts[0], n_bytes)]
    sample, size = [], 0
    for text in texts:
        if size >= n_bytes:
            break
        sample.append(text)
        size += len(text.encode("utf-8"))
    return sample


@dataclass(frozen=True)
class PeerRate:
    wall: float  # chars per second of wall time
    cpu: float  # chars per CPU-second of this process


def peer_rate(jio, texts: list[str]) -> PeerRate:  # type: ignore[no-untyped-def]
    """JioNLP extract_time on each text in turn, in this process."""
    chars = sum(len(t) for t in texts)
    with quiet():
        t0, c0 = time.perf_counter(), time.process_time()
        for text in texts:
            jio.ner.extract_time(text, time_base=PEER_REFERENCE)
        return PeerRate(chars / (time.perf_counter() - t0), chars / (time.process_time() - c0))


def better(a: PeerRate, b: PeerRate) -> PeerRate:
    return PeerRate(max(a.wall, b.wall), max(a.cpu, b.cpu))


def _owner(filename: str) -> str:
    """Who a profiled function belongs to: a timeline module, a third-party package, or Python."""
    path = Path(filename)
    parts = path.parts
    if "timeline" in parts and "site-packages" not in parts:
        i = len(parts) - 1 - parts[::-1].index("timeline")
        return ".".join(parts[i:]).removesuffix(".py")
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    return "python (stdlib called from stdlib)"


def profile_build(corpus: Path, work: Path, top: int = 14) -> None:
    """Run timeline.build in this process under cProfile; print self time by module and package.

    Time spent in Python's own functions (regex matching, sqlite3, str methods) is charged
    to the module or package that called them, one level up.
    """
    import cProfile
    import pstats
    from collections import Counter

    import timeline

    db, out = work / "profile.db", work / "exports-profile"
    db.unlink(missing_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    now = dt.datetime(2020, 11, 30, tzinfo=dt.timezone.utc)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.runcall(timeline.build, [corpus], db=db, out=out, now=now, today=PEER_REFERENCE.date())
    wall = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    own: Counter[str] = Counter()
    python = _owner("<builtin>")
    for (filename, _, _), (_, _, tottime, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if _owner(filename) != python:
            own[_owner(filename)] += tottime
            continue
        # Python's own functions (re, sqlite3, str methods) are charged to whoever called them
        for (caller_file, _, _), caller_share in callers.items():
            own[_owner(caller_file)] += caller_share[2]
    total = sum(own.values())
    print(f"\nprofile: timeline.build on {corpus.name} in this process, {wall:.1f} s under cProfile "
          "(which slows Python code unevenly: read the shares, not the seconds)")
    rows = [[name, f"{t:.2f}", f"{100 * t / total:.0f}%"] for name, t in own.most_common(top)]
    print(table(rows, ["self time in", "s", "share"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="timeline build end to end against JioNLP, with peak RSS.")
    ap.add_argument("--quick", action="store_true", help="smoke run: 0.2 MB and 1 MB, 50 KB peer sample")
    ap.add_argument("--sizes", help="comma-separated corpus sizes in MB (default 1,20)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--split-kb", type=int, default=None,
                    help="build a folder of files of about this many KB each instead of one big file")
    ap.add_argument("--files-chars", type=int, default=None, metavar="N",
                    help="build folders of whole articles of about N characters, one per file (real news: 2000)")
    ap.add_argument("--peer-kb", type=int, default=None, help="JioNLP sample size in KB (default 200, quick 50)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "timeline-bench-build",
                    help="work folder; corpora are cached there between runs (default: %(default)s)")
    ap.add_argument("--profile", action="store_true",
                    help="also profile one in-process build of the smallest size: self time by module")
    ap.add_argument("--keep", action="store_true", help="keep this run's stores, exports and logs (WORK/run-*)")
    args = ap.parse_args(argv)
    sizes = [float(s) for s in (args.sizes or ("0.2,1" if args.quick else "1,20")).split(",")]
    peer_bytes = (args.peer_kb or (50 if args.quick else 200)) * 1000

    jio = import_jionlp()
    cache = args.work
    cache.mkdir(parents=True, exist_ok=True)
    # stores, exports and logs of this run go in a folder of their own: two runs at once must
    # not delete each other's files
    work = Path(tempfile.mkdtemp(prefix="run-", dir=cache))
    print(f"bench_build: {environment()}; jionlp {jio.__version__}; work folder {work}")
    print(f"command: {' '.join(timeline_command())} --db DB build CORPUS --out DIR --today {TODAY}")

    if args.files_chars:
        files = {mb: files_corpus(cache, mb, args.seed, args.files_chars) for mb in sizes}
        corpora = files
    else:
        files = {mb: corpus_file(cache, mb, args.seed) for mb in sizes}
        corpora = {mb: split_corpus(p, args.split_kb) if args.split_kb else p for mb, p in files.items()}
    chars = {mb: sum(len(t) for t in corpus_texts(p)) for mb, p in files.items()}
    if args.files_chars:
        print(f"input: whole articles of about {args.files_chars} characters, one per file "
              f"({', '.join(f'{mb:g} MB: {len(list(p.iterdir()))} files' for mb, p in corpora.items())})")
    elif args.split_kb:
        print(f"input: each corpus split into files of about {args.split_kb} KB "
              f"({', '.join(f'{mb:g} MB: {len(list(p.iterdir()))} files' for mb, p in corpora.items())})")
    else:
        print("input: each corpus is one file")
    largest = corpus_texts(files[max(sizes)])
    sample = peer_sample(largest, peer_bytes)
    with quiet():
        jio.ner.extract_time(sample[0][:5000], time_base=PEER_REFERENCE)  # warm-up
    peer = [peer_rate(jio, sample)]

    # fixed cost: a build of the first small article of the corpus
    tiny = work / "tiny.txt"
    first = corpus_texts(files[min(sizes)])[0]
    tiny.write_text(first.split(make_corpus.ARTICLE_SEPARATOR)[0].rstrip("\n") + "\n", encoding="utf-8")
    del largest
    tiny_run = run_build(tiny, work, "tiny")
    if not tiny_run.ok:
        print(f"\nthe build of one article failed (exit {tiny_run.code}): {tiny_run.tail}")
        print("timeline build is not working in this checkout; only the JioNLP figures below are real.")
    fixed = tiny_run.wall
    results: list[tuple[float, BuildRun, PeerRate]] = []
    for mb in sizes:  # the peer runs right before and right after each build: load on a shared
        run = run_build(corpora[mb], work, f"{mb:g}mb")  # machine changes within minutes
        peer.append(peer_rate(jio, sample))
        results.append((mb, run, better(peer[-2], peer[-1])))

    print(f"\nfixed cost (one article, {len(tiny.read_text(encoding='utf-8')):,} chars): {fixed:.2f} s, "
          f"{tiny_run.cpu:.2f} CPU s, peak RSS {tiny_run.maxrss / MB:.0f} MB{'' if tiny_run.ok else ' (FAILED)'}")
    sample_chars = sum(len(t) for t in sample)
    shape = f"{len(sample)} whole files" if len(sample) > 1 else "a prefix"
    print(f"JioNLP extract_time on a {peer_bytes / 1000:g} KB sample ({shape}, {sample_chars:,} chars), in this "
          f"process, before the first build and after each: {', '.join(fmt_num(p.wall) for p in peer)} chars/s "
          f"of wall time, {', '.join(fmt_num(p.cpu) for p in peer)} chars per CPU-second; each row uses the better "
          "of the runs just before and just after its build\n")
    rows = []
    for mb, run, best_peer in results:
        n = chars[mb]
        rate = n / run.wall if run.ok else None
        net = n / (run.wall - fixed) if run.ok and run.wall > fixed else None
        per_cpu = n / run.cpu if run.ok and run.cpu > 0 else None
        rows.append([f"{mb:g} MB", fmt_num(n), f"{run.wall:.2f}" if run.ok else f"exit {run.code}",
                     f"{run.cpu:.1f}" if run.ok else "n/a", fmt_num(rate), fmt_num(net), fmt_num(per_cpu),
                     f"{run.maxrss / MB:.0f}" if run.ok else "n/a",
                     f"{run.tree_rss / MB:.0f} / {run.tree_pss / MB:.0f}" if run.ok and run.tree_rss else "n/a",
                     fmt_num(best_peer.wall), fmt_num(best_peer.cpu), f"{n / best_peer.wall:.1f}",
                     ratio(rate, best_peer.wall), ratio(net, best_peer.wall), ratio(per_cpu, best_peer.cpu)])
    print(table(rows, ["input", "chars", "wall s", "CPU s", "build c/s", "net c/s", "c/CPU-s", "max RSS MB",
                       "all procs RSS/PSS MB", "JioNLP c/s", "JioNLP c/CPU-s", "JioNLP s est.", "ratio",
                       "net ratio", "CPU ratio"]))
    for mb, run, _ in results:
        if not run.ok:
            print(f"  {mb:g} MB build failed (exit {run.code}): {run.tail}")
    ok = [(mb, run) for mb, run, _ in results if run.ok]
    if len(ok) >= 2:
        (mb0, r0), (mb1, r1) = ok[0], ok[-1]
        print(f"memory growth {mb0:g} MB -> {mb1:g} MB ({mb1 / mb0:g}x the input): max RSS "
              f"{r1.maxrss / r0.maxrss:.2f}x, all procs PSS "
              f"{(r1.tree_pss / r0.tree_pss) if r0.tree_pss else float('nan'):.2f}x")
    print("targets: CPU ratio >= 2x on 1 MB, 5 MB and 2,000-char files; wall ratio >= 3x at 5 MB and 20 MB;")
    print("the largest process < 300 MB at 20 MB and memory about flat as input grows")
    print("ratio: chars/s of wall time over JioNLP's; net: wall time less the fixed cost; CPU ratio: chars per CPU")
    print("second of the build and its workers over JioNLP's chars per CPU-second.")
    print("JioNLP s est.: the sample rate scaled to the whole input; the peer only finds and parses times.")
    print("max RSS: the largest single process of the build (ru_maxrss). all procs: peaks of the summed RSS and")
    print("PSS of the build and its workers, sampled every 50 ms (RSS counts the pages the forked workers share")
    print("with the parent once per process; PSS splits them).")
    if args.profile:
        profile_build(corpora[min(sizes)], work)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
