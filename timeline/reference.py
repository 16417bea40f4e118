"""Work out each article's reference date ("today" as the article means it) from its own text.

News files often carry no publication date. The clues, per article:

- explicit dates: `2020年11月30日` says the article was written on or after it (and pins the
  year); a future one (`计划2022年6月底前`, `到2035年`, `2035年远景目标`) bounds it from above;
- anchor events (`timeline.grammar.anchors`): text discussing `十九届五中全会` is written on or
  after its last day, 2020-10-29, and most likely in the months after it;
- five-year-plan stages: `编制“十四五”规划` is drafting language, written in 2020, the year
  before the plan starts; `“十三五”收官之年` is 2020; `“十三五”以来` is after 2016-01-01;
- a weekday next to a month-day (`11月23日(星期一)`) allows only some years;
- anniversaries, anchors named as imminent, years in current names and reviews
  (`timeline.clues`, which reads all of these).

The year comes from the article's own clues when they decide it, else from the nearest article
of the same file that has one (a page of a paper is printed on one day); a weak year of its own
(a year in a name) yields to a neighbour's strong one. The day is the one the article names as
today (`今天(4月12日)`, a dateline), else the latest explicit month-day of the article in that
year, else the anchor's last day. Each result says
why in `note`; a guess that is only weakly founded carries a warning, never silently.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.clues import Clues, read_clues, valid_day
from timeline.types import Certainty

# Every warning of an article whose year nothing in its file decides starts with this (the
# CLI's one summary line counts them by it: cli_messages.FAMILIES).
YEAR_UNKNOWN = "no year clue in the file"

Mapper = Callable[[Callable[[str], Clues], Sequence[str]], Iterable[Clues]]  # map or a pool's map


@dataclass(frozen=True, slots=True)
class Reference:
    """An article's reference date, why it was chosen, how sure it is, and warnings to show."""

    date: date
    note: str
    certainty: Certainty
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Deciding the year of one article, then of the file


@dataclass(frozen=True, slots=True)
class _Year:
    year: int
    reason: str
    weak: bool = False  # from a year written in a name or review: a neighbour's strong year wins


def _own_year(clues: Clues) -> _Year | None:
    points = [p for p in clues.points if clues.allows(p.year)]
    if points:
        rank = max(p.rank for p in points)
        best = [p for p in points if p.rank == rank]
        year = max({p.year for p in best}, key=lambda y: (sum(p.year == y for p in best), y))
        # the strongest clue for the year, then one agreeing anchor: enough for a reader
        reasons = [max((p for p in points if p.year == year), key=lambda p: p.rank).reason]
        reasons += [r for y, r in clues.anchor_reasons if y == year][:1]
        if clues.weekday_years is not None:
            reasons.append(f"weekday of {clues.weekday_reason}")
        return _Year(year, " and ".join(dict.fromkeys(reasons)))
    if clues.weekday_years is not None:
        low = clues.lo[0].year if clues.lo else 1950
        high = clues.hi[0].year if clues.hi else 2100
        candidates = sorted(y for y in clues.weekday_years if low <= y <= high)
        if len(candidates) == 1:
            return _Year(candidates[0], f"weekday of {clues.weekday_reason}" + _bounds_note(clues))
        weak = [year for year, _ in clues.weak_years if low <= year <= high]
        if candidates and weak:
            year = min(candidates, key=lambda y: (abs(y - max(weak)), -y))
            return _Year(year, f"weekday of {clues.weekday_reason}, the such year nearest to {max(weak)}")
        if candidates and clues.lo:
            return _Year(candidates[0], f"weekday of {clues.weekday_reason}, first such year after {clues.lo[1]}")
        return None
    if clues.lo and clues.anchor_reasons:
        lo, reason = clues.lo
        year = lo.year
        latest = _latest_month_day(clues.month_days, year)
        if latest is not None and latest[0] < lo:
            year += 1
        if clues.allows(year):
            return _Year(year, reason)
    weak = [(year, reason) for year, reason in clues.weak_years if clues.allows(year)]
    if weak:
        year, reason = max(weak)
        return _Year(year, reason, weak=True)
    return None


def _bounds_note(clues: Clues) -> str:
    parts = []
    if clues.lo:
        parts.append(f"after {clues.lo[1]}")
    if clues.hi:
        parts.append(f"before {clues.hi[1]}")
    return f" ({', '.join(parts)})" if parts else ""


def _latest_month_day(month_days: list[tuple[int, int, str]], year: int) -> tuple[date, str] | None:
    days = [(date(year, m, d), text) for m, d, text in month_days if valid_day(year, m, d)]
    return max(days) if days else None


def infer_references(
    texts: Sequence[str],
    *,
    fallback: date,
    fallback_note: str = "fallback date",
    mapper: Mapper = map,
) -> list[Reference]:
    """One Reference per article text (title and body) of one file, in file order.

    Articles of a file are read together: one without clues of its own takes the year of the
    nearest article that has them (a page of a paper is printed on one day). `fallback` is
    used only when no article of the file has a clue (then every reference is FUZZY with a
    warning); `fallback_note` says where it came from (`--today`, "file modification date").
    `mapper` reads each article's clues (most of the time here): `map`, or a process pool's
    map when a build has workers.

    >>> [r.note for r in infer_references(["学习贯彻党的十九届五中全会精神。11月30日,召开会议。"], fallback=date(2030, 1, 1))]
    ['year 2020 from anchor 十九届五中全会 (2020-10-26..29) in this article; day from 11月30日']
    """
    clues = list(mapper(read_clues, texts))
    years = _decide_years(clues, [_own_year(c) for c in clues], fallback, fallback_note)
    text_days = [_text_day(c, y.year) for c, y in zip(clues, years)]
    dated = _positions_by_year((i, day[0].year) for i, day in enumerate(text_days) if day)
    return [_reference(i, clues, years, dated, text_days, fallback, fallback_note) for i in range(len(texts))]


@dataclass(frozen=True, slots=True)
class _Decision:
    year: int
    why: str  # "anchor 十九届五中全会 (2020-10-26..29) in this article", "neighbouring article 0 (…)"
    source: int | None  # the article whose clues gave the year; None for the fallback
    warnings: tuple[str, ...] = ()


def _decide_years(
    clues: list[Clues], own: list[_Year | None], fallback: date, fallback_note: str
) -> list[_Decision]:
    result: list[_Decision] = []
    with_year = _positions_by_year((i, y.year) for i, y in enumerate(own) if y is not None and not y.weak)
    for i, mine in enumerate(own):
        near = _nearest(i, own, clues[i], with_year) if mine is None or mine.weak else None
        if mine is not None and (near is None or not clues[i].allows(near[1].year)):
            result.append(_Decision(mine.year, f"{mine.reason} in this article", i))
            continue
        if near is None:
            with_any = _positions_by_year((j, y.year) for j, y in enumerate(own) if y is not None)
            near = _nearest(i, own, clues[i], with_any)
        if near is None:
            year = _fallback_year(clues[i], fallback.year)
            bounded = _bounds_note(clues[i]) if year != fallback.year else ""
            warning = f"{YEAR_UNKNOWN}; assumed {year} ({fallback_note}{bounded})"
            why = f"{fallback_note}{bounded}, as no article of the file has a year clue"
            result.append(_Decision(year, why, None, (warning,)))
            continue
        j, other = near
        warnings: tuple[str, ...] = ()
        if not clues[i].allows(other.year):
            warnings = (f"year {other.year} from neighbouring article {j} contradicts this article{_bounds_note(clues[i])}",)
        result.append(_Decision(other.year, f"neighbouring article {j} ({other.reason})", j, warnings))
    return result


def _nearest(i: int, own: list[_Year | None], clues: Clues, with_year: dict[int, list[int]]) -> tuple[int, _Year] | None:
    """The nearest other article with a year of its own; one this article's bounds allow first.

    Nearest means the smallest distance, then the earlier of two at the same distance: the
    order of a search outward from i. `with_year` lists, per year, the articles that have it
    (`_positions_by_year`), so each article costs a few bisections, not a walk over the file.
    """
    allowed = [_closest(i, at) for year, at in with_year.items() if clues.allows(year)]
    j = min((c for c in allowed if c is not None), key=lambda j: (abs(j - i), j), default=None)
    if j is None:
        j = min((c for at in with_year.values() if (c := _closest(i, at)) is not None),
                key=lambda j: (abs(j - i), j), default=None)
    if j is None:
        return None
    year = own[j]
    assert year is not None
    return j, year


def _positions_by_year(items: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    """Year -> the article indices (ascending) of the (index, year) pairs."""
    by_year: dict[int, list[int]] = {}
    for index, year in items:
        by_year.setdefault(year, []).append(index)
    return by_year


def _closest(i: int, at: list[int]) -> int | None:
    """The index in `at` (ascending) nearest to i other than i, the earlier one on a tie."""
    k = bisect.bisect_left(at, i)
    before = at[k - 1] if k > 0 else None
    after_k = k + 1 if k < len(at) and at[k] == i else k
    after = at[after_k] if after_k < len(at) else None
    if before is None or (after is not None and after - i < i - before):
        return after
    return before


def _fallback_year(c: Clues, year: int) -> int:
    """The fallback year, or the latest year before it that the article's own bounds allow."""
    for candidate in range(year, year - 100, -1):
        # a candidate's day lies in its year or, a stated day shifted by 昨天/明天, next to it
        if c.lo is not None and candidate + 1 < c.lo[0].year:
            break  # this year's day and every earlier one lie before the lower bound
        if c.hi is not None and candidate - 1 > c.hi[0].year:
            continue
        text_day = _text_day(c, candidate)
        day = text_day[0] if text_day else date(candidate, 7, 1)
        if (c.lo is None or day >= c.lo[0]) and (c.hi is None or day <= c.hi[0]) and c.allows(candidate):
            return candidate
    return year


def _text_day(c: Clues, year: int) -> tuple[date, str, Certainty] | None:
    """The day the article names as today in `year` (今天(4月12日), a dateline), else the
    latest date it writes in `year`: a bare month-day or a full date."""
    for month, day, shift, written in c.stated_days:
        if valid_day(year, month, day):
            return date(year, month, day) + timedelta(days=shift), f"day from {written}", Certainty.INFERRED
    candidates: list[tuple[date, str, Certainty]] = []
    latest_bare = _latest_month_day(c.month_days, year)
    if latest_bare:
        candidates.append((latest_bare[0], f"day from {latest_bare[1]}", Certainty.INFERRED))
    candidates += [(d, f"day from explicit {t}", Certainty.EXACT) for d, t in c.full_dates if d.year == year]
    return max(candidates, key=lambda item: item[0]) if candidates else None


def _reference(
    i: int,
    clues: list[Clues],
    years: list[_Decision],
    dated: dict[int, list[int]],
    text_days: list[tuple[date, str, Certainty] | None],
    fallback: date,
    fallback_note: str,
) -> Reference:
    c, decision = clues[i], years[i]
    year = decision.year
    day_found = text_days[i] or _bound_day(c, year) or _neighbour_day(i, years, dated, text_days, c)
    if day_found is None and decision.source is None and fallback.year == year:
        day_found = (fallback, f"day from {fallback_note}", Certainty.FUZZY)
    day, day_why, certainty = day_found or (date(year, 7, 1), "day assumed mid-year (no date in the text)", Certainty.FUZZY)
    warnings = list(decision.warnings)
    if certainty is Certainty.FUZZY and decision.source is not None:
        warnings.append(f"reference day guessed: {day.isoformat()} {day_why.removeprefix('day ')}")
    if warnings:
        certainty = Certainty.FUZZY
    return Reference(day, f"year {year} from {decision.why}; {day_why}", certainty, tuple(warnings))


def _bound_day(c: Clues, year: int) -> tuple[date, str, Certainty] | None:
    """A day from the article's own bounds: the anchor's last day, else the deadline it states."""
    if c.lo and c.lo[0].year == year:
        return c.lo[0], f"day from {c.lo[1]}, the earliest it can be", Certainty.FUZZY
    if c.hi and c.hi[0].year == year:
        return c.hi[0], f"day from {c.hi[1]}, the latest it can be", Certainty.FUZZY
    return None


def _neighbour_day(
    i: int, years: list[_Decision], dated: dict[int, list[int]], text_days: list[tuple[date, str, Certainty] | None],
    c: Clues,
) -> tuple[date, str, Certainty] | None:
    """The written day of the nearest article of the same year: a page is printed on one day.

    `dated` lists, per year, the articles whose text writes a day in it (`_positions_by_year`);
    nearest as in `_nearest`."""
    year = years[i].year
    if not c.allows(year) or year not in dated:
        return None
    j = _closest(i, dated[year])
    found = text_days[j] if j is not None else None
    if found is None:
        return None
    return found[0], f"day from neighbouring article {j} ({found[1].removeprefix('day from ')})", Certainty.FUZZY
