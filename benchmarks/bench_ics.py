#!/usr/bin/env python3
"""Serialising one calendar item: export/ics.py's own content lines against icalendar.

    python benchmarks/bench_ics.py [--mb 1] [--corpus PATH] [--n N] [--rounds 5] [--todo]

Builds a corpus (by default make_corpus.py's 1 MB, seed 1; or PATH) into a store in a
temporary folder, reads back its stored items and their article references, and serialises
the first N of them (default all) both ways in this process:

- icalendar: tests/ics_oracle.py's builders, the Component built with `.add()` and then
  `to_ical()` (what export/ics.py did before), also timed as the two halves;
- timeline: `_vevent_bytes` (and with --todo `_vtodo_bytes` for deadlines and plans).

The two sides alternate round by round and each keeps its best round (the machine is shared
and noisy; see _common.interleaved). Prints microseconds per item and the ratio, and checks
that both sides gave the same bytes. It never asserts: a mismatch is printed, and the tests
(tests/test_ics_lines.py) are where it fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import make_corpus
from _common import MB, REPO, environment, interleaved, ratio, table

sys.path.insert(0, str(REPO))  # the oracle lives with the tests
from tests.ics_oracle import vevent, vtodo
from timeline import pipeline
from timeline.export.ics import (
    _check_remind_days,
    _is_due_item,
    _vevent_bytes,
    _vtodo_bytes,
    _window,
    references_from_store,
)
from timeline.store import Store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=1.0, help="size of the generated corpus (default 1)")
    ap.add_argument("--corpus", type=Path, help="build this file or folder instead of a generated corpus")
    ap.add_argument("--n", type=int, default=0, help="items to serialise (default: all the build gave)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--remind", default="7,1", help="reminder days, as `timeline build --remind`")
    ap.add_argument("--todo", action="store_true", help="also serialise a VTODO per deadline and plan")
    args = ap.parse_args(argv)
    days = _check_remind_days([int(d) for d in args.remind.split(",") if d.strip()])

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            text, _, _ = make_corpus.generate(int(args.mb * MB), 1)
            corpus = Path(tmp) / "corpus.txt"
            corpus.write_text(text, encoding="utf-8")
        pipeline.build([corpus], db=Path(tmp) / "t.db", out=Path(tmp) / "out", workers=1,
                       now=datetime(2020, 11, 30, tzinfo=UTC), today=date(2020, 11, 30))
        with Store(Path(tmp) / "t.db") as store:
            rows = list(store.events())
            refs = references_from_store(store, rows)
    rows = rows[: args.n] if args.n else rows
    todos = [r for r in rows if _is_due_item(r.event)] if args.todo else []

    def ours() -> list[bytes]:
        return [_vevent_bytes(r, _window(r.event), days, refs) for r in rows] + [_vtodo_bytes(r, refs) for r in todos]

    def components() -> list:
        return [vevent(r, days, refs) for r in rows] + [vtodo(r, refs) for r in todos]

    built = components()

    def theirs() -> list[bytes]:
        return [c.to_ical() for c in components()]

    def to_ical_only() -> list[bytes]:
        return [c.to_ical() for c in built]

    same = ours() == to_ical_only()
    best = interleaved({"icalendar": theirs, "timeline": ours, "to_ical": to_ical_only, "build": components},
                       rounds=args.rounds)
    items = len(rows) + len(todos)
    us = {name: seconds / items * 1e6 for name, seconds in best.items()}
    print(f"{corpus if args.corpus else f'make_corpus {args.mb:g} MB seed 1'}: {len(rows):,} VEVENTs"
          f"{f' + {len(todos):,} VTODOs' if todos else ''}, reminders {days}; best of {args.rounds} rounds; "
          f"{environment()}")
    print(table([
        ["icalendar: .add() + to_ical()", f"{us['icalendar']:.1f}", "1.00x"],
        ["  of which .add() (build)", f"{us['build']:.1f}", ""],
        ["  of which to_ical()", f"{us['to_ical']:.1f}", ""],
        ["timeline: ics_lines", f"{us['timeline']:.1f}", ratio(best["icalendar"], best["timeline"])],
    ], ["serialiser", "µs/item", "speed-up"]))
    print(f"bytes identical: {'yes' if same else 'NO (run tests/test_ics_lines.py)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
