"""`python -m timeline.resolve_jsonl`: the resolver behind the JSONL protocol of score_resolver.py.

Reads {"id", "text", "ref"} lines on stdin and writes {"id", "results": [...]} lines on stdout,
one per input line, flushed.  Roles map to protocol kinds: a deadline has start null, a
since span end null; grains map to the nearest protocol grain (part_of_month -> month,
decade and plan -> year).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any, TextIO

from timeline.resolver import Resolved, resolve_sides
from timeline.types import Grain, Role

PROTOCOL_GRAINS: Mapping[Grain, str] = MappingProxyType({
    Grain.SECOND: "second", Grain.MINUTE: "minute", Grain.HOUR: "hour", Grain.PART_OF_DAY: "part_of_day",
    Grain.DAY: "day", Grain.WEEK: "week", Grain.PART_OF_MONTH: "month", Grain.MONTH: "month",
    Grain.QUARTER: "quarter", Grain.SEASON: "season", Grain.HALF_YEAR: "half_year", Grain.YEAR: "year",
    Grain.PLAN: "year", Grain.DECADE: "year",
})
PROTOCOL_KINDS: Mapping[Role, str] = MappingProxyType({
    Role.POINT: "point", Role.RANGE: "range", Role.DEADLINE: "deadline", Role.SINCE: "range",
    Role.DURATION: "duration", Role.SET: "set",
})


def _moment(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    return value.isoformat()


def to_protocol(resolved: Resolved, reference: datetime) -> dict[str, Any]:
    """One result object of the protocol for a resolved span and the reference it was read at.

    A side that is the reference itself is written at the reference instant: a start as the
    instant, an end just after the reference second (the window includes "now", as 现在 is the
    reference second).  A clock instant that closes a range and belongs to it (3点至5点) is
    written the same way, one second later.  A window of days or weeks back from the reference
    (近30天) starts at the reference's time of day.  Other deadline starts (a past bound: 2015年前 read
    in 2018) and since ends (2015年以来) are open: null, unless the span knows its end (3年来
    runs through the reference day).
    """
    span = resolved.span
    start: str | None = _moment(span.start)
    end: str | None = _moment(span.end_exclusive)
    if resolved.ref_start:
        start = _moment(reference)
    elif span.role == Role.DEADLINE:
        start = None
    if resolved.ref_end:
        end = _moment(reference + timedelta(seconds=1))
        if span.grain in (Grain.DAY, Grain.WEEK) and not isinstance(span.start, datetime):
            # 近30天: days and weeks are fixed lengths, measured back from the reference instant
            # (months and years are calendar units: 近三月 starts at midnight)
            start = _moment(datetime.combine(span.start, reference.time()))
    elif resolved.closed_end and isinstance(span.end_exclusive, datetime):
        end = _moment(span.end_exclusive + timedelta(seconds=1))
    elif span.role == Role.SINCE and not resolved.end_known:
        end = None
    return {
        "span": span.text,
        "offset": span.offset,
        "start": start,
        "end": end,
        "grain": PROTOCOL_GRAINS[span.grain],
        "kind": PROTOCOL_KINDS[span.role],
        "rule": span.rule,
    }


def _reference(value: object) -> datetime | None:
    """The case's reference instant; None when `ref` is missing or not an ISO date or datetime
    (answered with an error line: a guessed reference would give confident wrong dates)."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace(" ", "T")[:19])
        except ValueError:
            pass
    return None


def answer(line: str) -> dict[str, Any]:
    """The output object for one input line (an error object for a line that is not a case)."""
    try:
        case = json.loads(line)
    except json.JSONDecodeError:
        return {"id": None, "results": [], "error": "not JSON"}
    if not isinstance(case, dict):
        return {"id": None, "results": [], "error": "not an object"}
    text = case.get("text")
    reference = _reference(case.get("ref"))
    if reference is None:
        return {"id": case.get("id"), "results": [], "error": f"bad ref {str(case.get('ref'))[:40]!r}; use ISO 8601"}
    found = resolve_sides(text, reference) if isinstance(text, str) else []
    return {"id": case.get("id"), "results": [to_protocol(r, reference) for r in found]}


def main(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    for line in stdin:
        if not line.strip():
            continue
        stdout.write(json.dumps(answer(line), ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
