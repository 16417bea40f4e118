"""Find and resolve the time expressions of a Chinese text against a reference date.

resolve() runs the grammar (timeline.grammar.rules), composes neighbouring matches and
anchors each one at the reference; describe() prints a span in the corpus notation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter

from timeline.grammar.anchoring import anchor
from timeline.grammar.compose import compose
from timeline.grammar.interval import MIDNIGHT, Interval
from timeline.grammar.numerals import FULLWIDTH_FOLD, fold_width
from timeline.grammar.rulebase import char_class
from timeline.grammar.rules import KEY_INDEX, RULES, TRIGGER
from timeline.types import SHANGHAI, TimeSpan

__all__ = ["Resolved", "describe", "reference_datetime", "resolve", "resolve_sides"]

# The characters fold_width changes.  Three short texts in four hold none of them, and one
# search() for them costs a fifth of what translate() costs.
FOLDED_CHARS = re.compile(f"[{char_class(map(chr, FULLWIDTH_FOLD))}]")


# reference -> reference_datetime(reference), for plain dates and naive datetimes (keyed with
# their fold): a build resolves every sentence of an article against one reference, and working
# it out again cost about a microsecond a call.  Cleared when full.
_REFERENCES: dict[tuple[date, int], datetime] = {}
REFERENCE_MEMO = 1024


def reference_datetime(reference: date | datetime) -> datetime:
    """The reference as an aware Asia/Shanghai datetime (a date is its midnight; naive is local)."""
    kind = type(reference)
    if kind is date or (kind is datetime and reference.tzinfo is None):
        key = (reference, -1 if kind is date else reference.fold)  # type: ignore[union-attr]
        known = _REFERENCES.get(key)
        if known is None:
            if len(_REFERENCES) >= REFERENCE_MEMO:
                _REFERENCES.clear()
            known = _REFERENCES[key] = _reference_datetime(reference)
        return known
    return _reference_datetime(reference)


def _reference_datetime(reference: date | datetime) -> datetime:
    # combine() builds the same value as replace(tzinfo=...) or datetime(..., tzinfo=...) at about
    # a fifth of the cost (keyword arguments are slow to parse in datetime's C code)
    if isinstance(reference, datetime):
        if reference.tzinfo is None:
            if type(reference) is datetime:
                return datetime.combine(reference.date(), reference.time(), SHANGHAI)
            return reference.replace(tzinfo=SHANGHAI)  # a subclass keeps its type, as before
        return reference.astimezone(SHANGHAI)
    return datetime.combine(reference, MIDNIGHT, SHANGHAI)


def resolve(text: str, reference: date | datetime, *, prefilter: bool = True) -> list[TimeSpan]:
    """Return the time expressions of `text` as non-overlapping TimeSpans sorted by offset.

    Never raises for a str; deterministic.  Day grain and coarser spans hold dates, finer
    ones aware Asia/Shanghai datetimes.  resolve("2022年6月底前完成", date(2020, 11, 30)) ->
    [TimeSpan(2020-11-30, 2022-07-01, MONTH, DEADLINE, EXACT, "2022年6月底前", 0)].

    `prefilter=False` turns off the key-character gating (the early return for text with no
    key character, running only the rules whose keys occur, scanning only windows around
    them): every rule then runs over the whole text.  The spans are the same; it exists so
    that benchmarks/bench_resolver.py can measure what the prefilter buys.
    """
    return list(map(_SPAN, _anchored(text, reference, prefilter)))  # no comprehension: a call of its own


@dataclass(frozen=True, slots=True)
class Resolved:
    """A span and which of its sides is the reference itself (两周内 starts there, 近30天 ends there)."""

    span: TimeSpan
    ref_start: bool
    ref_end: bool
    closed_end: bool = False  # the end is a clock instant the span includes (3点至5点)
    end_known: bool = False  # a since span whose end is known (3年来): the protocol writes it


def resolve_sides(text: str, reference: date | datetime, *, prefilter: bool = True) -> list[Resolved]:
    """resolve(), with each span's reference sides: what the JSONL protocol writes as instants."""
    return [Resolved(span, iv.ref_start, iv.ref_end, iv.closed_end, iv.end_known)
            for span, iv in _anchored(text, reference, prefilter)]


_SPAN = itemgetter(0)


def _anchored(text: str, reference: date | datetime, prefilter: bool) -> list[tuple[TimeSpan, Interval]]:
    """Each mention as a TimeSpan, with the Interval it was made from (its reference sides).

    resolve() drops the intervals; building a Resolved for each span only to drop it cost
    about a microsecond a span.
    """
    if not isinstance(text, str):
        return []
    folded = fold_width(text) if FOLDED_CHARS.search(text) else text
    if prefilter and not TRIGGER.search(folded):
        return []
    ref = reference_datetime(reference)
    out: list[tuple[TimeSpan, Interval]] = []
    for m in compose(folded, RULES, KEY_INDEX, prefilter=prefilter):
        iv = anchor(m.partial, ref)
        if iv is None:
            continue
        try:
            span = TimeSpan.checked(iv.start, iv.end, iv.grain, iv.role, iv.certainty, text[m.start:m.end], m.start, m.rule)
        except (TypeError, ValueError):
            continue
        out.append((span, iv))
    return out


def _moment(value: date | datetime) -> str:
    if isinstance(value, datetime):
        fmt = "%Y-%m-%dT%H:%M:%S" if value.second else "%Y-%m-%dT%H:%M"
        offset = value.strftime("%z")
        return value.strftime(fmt) + offset[:3] + ":" + offset[3:]
    return value.isoformat()


def describe(span: TimeSpan) -> str:
    """The corpus notation of a span: `START..END grain role certainty`.

    describe(resolve("11月23日下午", date(2020, 11, 30))[0]) ->
    "2020-11-23T12:00+08:00..2020-11-23T18:00+08:00 part_of_day point inferred".
    """
    return (f"{_moment(span.start)}..{_moment(span.end_exclusive)} "
            f"{span.grain.label} {span.role.label} {span.certainty.label}")

