#!/usr/bin/env python3
"""Resolver speed against JioNLP, both timed in this process and this run.

    /work/bench-venv/bin/python benchmarks/bench_resolver.py [--quick]

Prints three tables:

1. Suite texts: every text of ../shared/peer-suites/*.jsonl (read at run time, never
   copied) resolved with its own reference by `timeline.resolver.resolve` and by JioNLP's
   `parse_time`; cases/second of each and the ratio. Target: timeline >= 5x.
2. Long text: the seed files repeated to 1 MB (10**6 UTF-8 bytes). timeline on the whole
   text; JioNLP `ner.extract_time` on a prefix (200 KB by default, labelled) because it is
   slow on long inputs; characters/second of each and the ratio of the rates. timeline is
   also timed on the very same prefix so that one ratio compares equal inputs. Targets:
   timeline >= 1,000,000 chars/s and >= 5x extract_time. timeline is also timed with
   `prefilter=False`, to show what the prefilter buys.
3. Linearity: timeline's seconds per MB at 100 KB and at 1 MB (10 KB and 100 KB with --quick); a ratio near 1.00 is linear.

Every timing is the best of several rounds that alternate timeline and JioNLP, so load from
other users of the machine falls on both. A plain `re.finditer` scan of the same text is
printed as a floor: nothing that reads every character in Python gets much below it.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter

from _common import (
    MB,
    Case,
    environment,
    fmt_num,
    import_jionlp,
    interleaved,
    load_suites,
    prefix_bytes,
    quiet,
    ratio,
    repeat_to_bytes,
    seed_text,
    table,
)

from timeline.resolver import resolve

SEED_REFERENCE = dt.datetime(2020, 11, 30)  # the seed articles were written around this day
FLOOR_RE = re.compile(r"[0-9〇零一二两三四五六七八九十百]+[年月日号时点]")


def forget_calendar_memos(no_cache_file: bool = False) -> None:
    """Clear timeline's memoised festival and solar-term dates (tables keyed by festival and
    year, not by text), so that a round over the same texts costs what a fresh process's first
    pass costs: the "all, cold" row, where the lunar years are read again from their cache file
    (timeline.grammar.lunar_years). `no_cache_file` also points that cache at a new, empty
    folder, so that every lunar year is worked out by lunar_python again, as on a machine's very
    first run: the "all, first run" row. The other rows are steady state, as a long build runs."""
    try:
        from timeline.grammar import holidays
    except ImportError:
        return
    for memo in ("festival_date", "_solar_terms", "_lunar_months"):
        clear = getattr(getattr(holidays, memo, None), "cache_clear", None)
        if clear is not None:
            clear()
    try:
        from timeline.grammar import lunar_years
    except ImportError:  # a tree from before the lunar years' cache file
        return
    lunar_years.forget()
    if no_cache_file:
        os.environ["TIMELINE_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-resolver-cache-", dir=_EMPTY_CACHES)


# The empty cache folders of the "all, first run" rounds live in one folder, removed at exit.
_EMPTY_CACHES = tempfile.mkdtemp(prefix="bench-resolver-")
atexit.register(shutil.rmtree, _EMPTY_CACHES, ignore_errors=True)


def run_suites(jio, cases: list[Case], rounds: int) -> list[list[str]]:  # type: ignore[no-untyped-def]
    errors: Counter[str] = Counter()
    found: Counter[str] = Counter()

    def timeline_all(batch: list[Case], side: str, cold: str = "") -> None:
        if cold:  # this round starts as a fresh process would: every festival date worked out again
            forget_calendar_memos(no_cache_file=cold == "first run")
        for c in batch:
            try:
                spans = resolve(c.text, c.ref)
                found[side] += bool(spans)
            except Exception:  # a crash is a finding to report, not a reason to stop timing
                errors[side] += 1

    def jionlp_all(batch: list[Case], side: str) -> None:
        with quiet():
            for c in batch:
                try:
                    jio.parse_time(c.text, time_base=c.ref)
                    found[side] += 1
                except Exception:
                    errors[side] += 1

    suites = sorted({c.suite for c in cases})
    groups = [(s, [c for c in cases if c.suite == s], "") for s in suites] + [("all", cases, "")]
    groups += [("all, cold", cases, "cold"), ("all, first run", cases, "first run")]
    timeline_all(cases[:20], "warm-up")  # first calls compile patterns and load tables
    jionlp_all(cases[:20], "warm-up")
    rows = []
    own_cache = os.environ.get("TIMELINE_CACHE_DIR")
    for name, batch, cold in groups:
        errors.clear()
        found.clear()
        best = interleaved({"t": lambda: timeline_all(batch, "t", cold), "j": lambda: jionlp_all(batch, "j")},
                           rounds=rounds)
        n = len(batch)
        t_rate, j_rate = n / best["t"], n / best["j"]
        rows.append([name, str(n), fmt_num(t_rate), fmt_num(j_rate), ratio(t_rate, j_rate),
                     f"{found['t'] // rounds}/{errors['t'] // rounds}",
                     f"{found['j'] // rounds}/{errors['j'] // rounds}"])
    # back to the user's cache folder, with nothing of the empty ones left to write at exit
    if own_cache is None:
        os.environ.pop("TIMELINE_CACHE_DIR", None)
    else:
        os.environ["TIMELINE_CACHE_DIR"] = own_cache
    forget_calendar_memos()
    return rows


def rate(n_chars: int, seconds: float) -> float:
    return n_chars / seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Resolver speed against JioNLP, same process, same run.")
    ap.add_argument("--quick", action="store_true", help="smoke run: fewer cases, 100 KB long text, one round")
    ap.add_argument("--rounds", type=int, default=None, help="timing rounds per measurement (default 3, quick 1)")
    ap.add_argument("--long-kb", type=int, default=None, help="long text size in KB (default 1000, quick 100)")
    ap.add_argument("--peer-kb", type=int, default=None,
                    help="prefix of the long text given to JioNLP extract_time, KB (default 200, quick 50)")
    args = ap.parse_args(argv)
    rounds = args.rounds or (1 if args.quick else 3)
    long_bytes = (args.long_kb or (100 if args.quick else 1000)) * 1000
    peer_bytes = min((args.peer_kb or (50 if args.quick else 200)) * 1000, long_bytes)

    jio = import_jionlp()
    print(f"bench_resolver: {environment()}; jionlp {jio.__version__}; rounds={rounds}")

    # 1. suite texts
    cases = load_suites()
    if args.quick:
        cases = cases[::5]
    print(f"\n1. Suite texts ({len(cases)} cases from ../shared/peer-suites), each with its own reference")
    print("   timeline: resolve(text, ref); JioNLP: parse_time(text, time_base=ref); "
          "found/errors = cases with a result / cases that raised")
    rows = run_suites(jio, cases, rounds)
    print(table(rows, ["suite", "cases", "timeline c/s", "JioNLP c/s", "ratio", "t found/err", "J found/err"]))
    print("   target: ratio >= 5x")

    # 2. long text
    text = repeat_to_bytes(seed_text(), long_bytes)
    prefix = prefix_bytes(text, peer_bytes)
    ref = SEED_REFERENCE
    print(f"\n2. Long text: seeds repeated to {long_bytes / MB:g} MB = {len(text):,} chars; "
          f"JioNLP timed on the first {peer_bytes / 1000:g} KB = {len(prefix):,} chars (scaled as chars/s)")
    counts: dict[str, int] = {}

    def t_long() -> None:
        counts["t_long"] = len(resolve(text, ref))

    def t_prefix() -> None:
        counts["t_prefix"] = len(resolve(prefix, ref))

    def j_prefix() -> None:
        with quiet():
            counts["j_prefix"] = len(jio.ner.extract_time(prefix, time_base=ref))

    def floor() -> None:
        counts["floor"] = sum(1 for _ in FLOOR_RE.finditer(text))

    resolve(prefix[:5000], ref)  # warm-up
    with quiet():
        jio.ner.extract_time(prefix[:5000], time_base=ref)
    def t_nopre() -> None:
        counts["t_nopre"] = len(resolve(text, ref, prefilter=False))

    fns = {"t_long": t_long, "t_prefix": t_prefix, "j_prefix": j_prefix, "floor": floor, "t_nopre": t_nopre}
    best = interleaved(fns, rounds=rounds)
    peer_full = not args.quick and peer_bytes < long_bytes
    if peer_full:  # once, on the whole text: JioNLP slows down on long inputs, so the prefix flatters it
        with quiet():
            t0 = time.perf_counter()
            counts["j_long"] = len(jio.ner.extract_time(text, time_base=ref))
            best["j_long"] = time.perf_counter() - t0
    r = {k: rate(len(text) if k in ("t_long", "floor", "t_nopre", "j_long") else len(prefix), v)
         for k, v in best.items()}
    rows = [
        [f"timeline resolve, {long_bytes / MB:g} MB", fmt_num(len(text)), f"{best['t_long']:.3f}",
         fmt_num(r["t_long"]), str(counts["t_long"]), ratio(r["t_long"], r["j_prefix"])],
        [f"timeline resolve, {peer_bytes / 1000:g} KB prefix", fmt_num(len(prefix)), f"{best['t_prefix']:.3f}",
         fmt_num(r["t_prefix"]), str(counts["t_prefix"]), ratio(r["t_prefix"], r["j_prefix"])],
        [f"timeline, prefilter=False, {long_bytes / MB:g} MB", fmt_num(len(text)),
         f"{best['t_nopre']:.3f}", fmt_num(r["t_nopre"]), str(counts["t_nopre"]), ratio(r["t_nopre"], r["j_prefix"])],

        [f"JioNLP extract_time, {peer_bytes / 1000:g} KB prefix", fmt_num(len(prefix)), f"{best['j_prefix']:.3f}",
         fmt_num(r["j_prefix"]), str(counts["j_prefix"]), "1.00x"],
        [f"re.finditer floor, {long_bytes / MB:g} MB", fmt_num(len(text)), f"{best['floor']:.3f}",
         fmt_num(r["floor"]), str(counts["floor"]), ratio(r["floor"], r["j_prefix"])],
    ]
    if peer_full:
        rows.insert(-1, [f"JioNLP extract_time, {long_bytes / MB:g} MB, 1 round", fmt_num(len(text)),
                         f"{best['j_long']:.3f}", fmt_num(r["j_long"]), str(counts["j_long"]),
                         ratio(r["j_long"], r["j_prefix"])])
    print(table(rows, ["run", "chars", "seconds", "chars/s", "spans", "vs JioNLP"]))
    print("   vs JioNLP = chars/s over JioNLP's chars/s on the prefix")
    if peer_full:
        print(f"   timeline {long_bytes / MB:g} MB over JioNLP on the same {long_bytes / MB:g} MB: "
              f"{ratio(r['t_long'], r['j_long'])}")
    print("   targets: timeline >= 1,000,000 chars/s and >= 5x JioNLP extract_time")

    # 3. linearity
    small_bytes = min(100_000, long_bytes // 10)
    small = prefix_bytes(text, small_bytes)
    best_small = interleaved({"s": lambda: resolve(small, ref)}, rounds=max(rounds, 3))["s"]
    per_mb_small = best_small / (small_bytes / MB)
    per_mb_long = best["t_long"] / (long_bytes / MB)
    print("\n3. Linearity of timeline resolve (seconds per MB; equal figures = linear)")
    print(table([[f"{small_bytes / 1000:g} KB", f"{per_mb_small:.3f}"], [f"{long_bytes / MB:g} MB", f"{per_mb_long:.3f}"],
                 ["ratio long/short", f"{per_mb_long / per_mb_small:.2f}"]], ["input", "s/MB"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
