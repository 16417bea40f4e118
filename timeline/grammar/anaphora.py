"""Relative words that refer to a date written just before them: 当天 after 22日, a bare 30日 after 3月30日.

Run by compose over its joined matches; like every compose step it reads no reference date,
it only copies the fields an earlier mention wrote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.grammar.rulebase import Partial

if TYPE_CHECKING:  # compose imports this module; the type is only read by checkers
    from timeline.grammar.compose import Match

SAME_DAY = frozenset({"当天", "当日", "當天", "當日"})

DATE_FIELDS = ("year", "year_short", "year_rel", "month", "month_rel", "day", "day_rel")
BARE_DAY_FIELDS = frozenset({"day", "part_of_day", "hour", "minute"})


def _antecedent_fields(p: Partial) -> dict[str, object] | None:
    """The written date of a mention that a later 当天 or bare 30日 may refer to: a day (22日, 3月30日)."""
    if p.edge or p.day is None:
        return None
    return {f: getattr(p, f) for f in DATE_FIELDS if getattr(p, f) is not None}


def anaphora(text: str, matches: list["Match"]) -> list["Match"]:
    """Date 当天 and a bare day by the last full date written before them in the same paragraph.

    俄方22日说，对方当天… : 当天 is the 22nd, not the reference.  会议3月30日至31日举行。30日下午…:
    the bare 30日 is in the month just written, not the reference's.  A line break ends a paragraph
    and with it the reach of the date.
    """
    out: list[Match] = []
    last: dict[str, object] | None = None
    last_end = 0
    for m in matches:
        p = m.partial
        if last is not None and "\n" in text[last_end:m.start]:
            last = None
        if last is not None:
            fields = set(p.set_fields())
            same_day = (text[m.start:m.start + 2] in SAME_DAY and p.day_rel == 0
                        and fields <= {"day_rel", "part_of_day", "hour", "minute"})  # 当天, 当天上午
            bare_day = p.day is not None and fields <= BARE_DAY_FIELDS and "month" in last
            if same_day:
                m = m._replace(partial=p.replace(day_rel=None, **last))
            elif bare_day:
                month = {f: v for f, v in last.items() if f not in ("day", "day_rel")}
                m = m._replace(partial=p.replace(**month))
        found = _antecedent_fields(m.partial)
        if found is not None:
            last, last_end = found, m.end
        elif last is not None:
            last_end = m.end
        out.append(m)
    return out
