"""Decide whether a time mention is an item, and if so its kind, category and dates.

The decision reads the clause around the span (see cues.CLAUSE_BREAKS) and looks words up in
the cue tables of timeline.extract.cues, in this order; the first step that answers wins:

1. A length (三天) or a recurrence (每周一) is never an item.
2. A span that only says "now" (目前, 当前, 前期, 全年) is context: no item.
3. A span that reaches back (党的十八大以来, “十三五”以来, 党的十九大后) is history: no item.
4. A span that is a topic (“十四五”时期经济社会发展的基本思路, 编制“十四五”规划, 今年确定的…)
   is context: no item.
5. A far span (a plan period, 本世纪中叶, a year FAR_YEARS ahead) is a PLAN when a goal verb
   follows it (到2035年要基本实现现代化), and context otherwise. A far deadline span counts
   only when written as a horizon (到2035年); 2030年底前 stays a deadline.
6. A span the resolver marked DEADLINE (2022年6月底前, 年底前) is a DEADLINE.
7. A future span coarser than a day followed by a verb of finishing, or bounded by 至/持续到, is
   a DEADLINE (确保2022年省运会召开之际建成投用, 持续至今年12月底). A day is never due: 预计12月9日通车
   is the opening on that day.
8. A day (or finer) span is an EVENT; a past month is an EVENT when an action follows it
   (今年1月，某省出台实施方案); another coarser one is an EVENT only when a category cue
   stands in its clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from timeline.extract.cues import (
    ANCHOR_EVENT,
    APPROACHING,
    AS_OF_PREFIXES,
    AS_OF_WORDS,
    FUTURE_WORDS,
    NOT_ITEM_AFTER,
    ONGOING,
    SHORT_UNITS,
    CATEGORY_CUES,
    COMPLETION_VERBS,
    CONTEXT_AFTER,
    CONTEXT_BEFORE,
    CONTEXT_SPANS,
    FAR_YEARS,
    GOAL_HORIZON_PREFIXES,
    GOAL_VERBS,
    HISTORY_SUFFIXES,
    PAST_ACTIONS,
    START_SUFFIXES,
    UNTIL_WORDS,
    VAGUE_AIMS,
)
from timeline.grammar.tables import SOURCE_AFTER
from timeline.types import Category, Certainty, EventKind, Grain, Role, TimeSpan


@dataclass(frozen=True, slots=True)
class Decision:
    """What a mention becomes: its kind, category, dates and the occasion it is tied to."""

    kind: EventKind
    category: Category
    when: TimeSpan
    anchor: str = ""  # 省运会召开之际: an occasion the text names but does not date


@dataclass(frozen=True, slots=True)
class Context:
    """The text around one span, read by `decide`."""

    before: str  # clause text before the span
    after: str  # clause text after the span
    sentence: str
    lead_texts: tuple[str, ...] = ()  # more text to take a category from: title, paragraph


def category_of(*texts: str) -> Category:
    """Return the category of the first CATEGORY_CUES row with a cue in the first text that has one.

    >>> category_of("我区组织召开第18次重点项目推进会")
    <Category.MEETING: 'meeting'>
    """
    for text in texts:
        for category, cues in CATEGORY_CUES:
            if any(cue in text for cue in cues):
                return category
    return Category.OTHER


def decide(span: TimeSpan, ctx: Context, reference: date) -> Decision | None:
    """Return what `span` becomes in its clause, or None when it is only context.

    >>> from timeline.types import Certainty
    >>> s = TimeSpan(date(2035, 1, 1), date(2036, 1, 1), Grain.YEAR, Role.POINT, Certainty.EXACT, "2035年", 0)
    >>> decide(s, Context("明确提出到", "要基本实现现代化", ""), date(2020, 11, 30)).kind
    <EventKind.PLAN: 'plan'>
    """
    if span.role in (Role.DURATION, Role.SET) or not_an_item(span, ctx, reference):
        return None
    core = span.text.removeprefix("党的")
    if core in CONTEXT_SPANS:
        return None
    if (span.role is Role.SINCE and span.grain <= Grain.DAY and span.text.endswith(START_SUFFIXES)
            and not ctx.after.startswith("的")):  # 从6月24日起的6个月内 starts a window, no happening
        # 从昨天开始…迎来雨雪, 自8月1日起提高标准: a happening that starts on that day
        span = _starting_day(span)
    if (span.role is Role.SINCE or core.endswith(HISTORY_SUFFIXES)) and span.first_day < reference:
        return None
    if ctx.after.startswith(CONTEXT_AFTER) or (ctx.before.endswith(CONTEXT_BEFORE) and not (
            ctx.before.endswith("为") and _finishes(ctx.after))):  # 为年底通车奠定基础: the 通车 is due
        return None
    horizon = span.role is not Role.DEADLINE or core.startswith(GOAL_HORIZON_PREFIXES)
    if horizon and (_is_far(span, reference) or span.rule == "plan"):  # “十四五”末…将达96%: a plan's end
        if any(verb in ctx.after for verb in GOAL_VERBS):
            return Decision(EventKind.PLAN, Category.OTHER, span)
        return None
    if span.role is Role.DEADLINE or span.grain > Grain.DAY:
        if ctx.after.startswith("已"):
            return None  # 年内已新增就业100万人: a count so far, not a promise
    if span.role is Role.DEADLINE:
        if (span.grain >= Grain.YEAR and any(w in ctx.after for w in VAGUE_AIMS)
                and not any(c.isdigit() for c in ctx.after)):
            return None  # 年内形成更多实物工作量: a year-scoped aim with no deliverable to check
        return Decision(EventKind.DEADLINE, _deadline_category(ctx.after), span)
    anchored = ANCHOR_EVENT.match(ctx.after)
    anchor = anchored["anchor"] if anchored else ""
    rest = ctx.after[len(anchor) :]
    # A day is an event even when promised (预计12月9日通车 is the opening on that day); a month,
    # half-year or year with a verb of finishing (明年投运), or a bound 持续至今年12月底, is due.
    bound = ctx.before.endswith(UNTIL_WORDS) and span.role is Role.POINT
    if span.last_day > reference and span.grain > Grain.DAY and (_finishes(rest) or bound):
        return Decision(
            EventKind.DEADLINE,
            _deadline_category(rest),
            as_deadline(span, reference, anchor),
            anchor=anchor,
        )
    if span.grain <= Grain.DAY:
        category = category_of(ctx.sentence, *ctx.lead_texts)
        return Decision(EventKind.EVENT, category, span)
    if (span.grain is Grain.MONTH and span.first_day <= reference and not ctx.before.strip()
            and f"{span.text}," in ctx.sentence and any(w in ctx.after for w in PAST_ACTIONS)):
        # 2024年9月，某部与某省共建…; 今年1月，某省出台实施方案: a dated past fact at month grain,
        # written alone at the head of its clause (2016年底开工建设的某通道是… is background)
        return Decision(EventKind.EVENT, category_of(ctx.after), span)
    if (span.role is Role.RANGE and span.rule == "range" and span.first_day <= reference < span.last_day
            and len(rest) >= 4):
        # 今年6月至11月开展排查: an activity window under way, due at its end
        return Decision(EventKind.DEADLINE, Category.OTHER, as_deadline(span, reference, ""))
    category = category_of(ctx.before + ctx.after)
    if category is not Category.OTHER:
        return Decision(EventKind.EVENT, category, span)
    return None


def _starting_day(span: TimeSpan) -> TimeSpan:
    """The day (or the time of day, 今晚起 from 18:00) a SINCE span starts on, as a point."""
    day_end = span.first_day + timedelta(days=1)
    if isinstance(span.start, datetime):
        end: date = datetime.combine(day_end, time(0), span.start.tzinfo)
        return TimeSpan(span.start, end, span.grain, Role.POINT, span.certainty, span.text, span.offset, span.rule)
    return TimeSpan(span.first_day, day_end, Grain.DAY, Role.POINT, span.certainty, span.text, span.offset, span.rule)


def _finishes(text: str) -> bool:
    """Whether `text` promises a completion: a verb of finishing, not one already done (完成了, 已…实现)."""
    return "已" not in text and any(verb in text and f"{verb}了" not in text for verb in COMPLETION_VERBS)


def not_an_item(span: TimeSpan, ctx: Context, reference: date) -> bool:
    """Whether `span` dates no item of its own, whatever its clause says.

    Datelines and sourcing (本报北京12月25日电, 记者25日从…获悉, 据某报17日报道), a year inside a
    name (2023年度工作要点), lengths in hours or minutes (40分钟内, 缩短至2小时以内), forecast and
    look-back windows (未来三天, 过去的1小时), counts and states as of a time (截至6月底…已全部开工,
    今天…累计发送旅客突破…), statistics over a past period (“十四五”期间…建成, 2019年—2024年…),
    a festival named as approaching (春节临近), photo captions of work going on (施工正酣), and
    今天 meaning nowadays (在…飞速发展的今天).

    >>> s = TimeSpan(date(2020, 11, 25), date(2020, 11, 26), Grain.DAY, Role.POINT, Certainty.INFERRED, "11月25日", 0)
    >>> not_an_item(s, Context("本报北京", "电", "本报北京11月25日电"), date(2020, 11, 30))
    True
    """
    if NOT_ITEM_AFTER.match(ctx.after) or ctx.before.endswith("记者"):
        return True
    if ctx.before.endswith("从") and SOURCE_AFTER.match(ctx.after):
        return True  # 记者从2022年某大会新闻发布会上获悉: the year names the source
    if (span.role is Role.SINCE and ctx.after.startswith("的")) or span.rule.endswith("+window"):
        return True  # 从6月24日起的6个月内: a window from a start the text dates on its own
    if "count-" in span.rule and (SHORT_UNITS.search(span.text) or "count-span" in span.rule or ctx.before.endswith("的")):
        return True  # 40分钟内, 未来三天, 近70个小时, …起的6个月内 (counted from another start)
    if span.last_day <= reference and (span.text.startswith(AS_OF_PREFIXES) or any(w in ctx.after for w in AS_OF_WORDS)):
        return True
    if span.role is Role.RANGE and span.grain >= Grain.MONTH and (
        span.last_day < reference
        or (span.grain >= Grain.YEAR and span.first_day < reference and not any(w in ctx.after for w in FUTURE_WORDS))
    ):
        return True  # a period looked back on: 1—9月…, “十四五”期间我国建成… (but 期间…将建成 is a plan)
    if any(w in ctx.after[:6] for w in APPROACHING) or any(w in ctx.after for w in ONGOING):
        return True
    return span.text in ("今天", "今日") and ctx.before.endswith("的")


def _is_far(span: TimeSpan, reference: date) -> bool:
    if span.grain in (Grain.PLAN, Grain.DECADE):
        return True
    # the last day, not the first: 到2035年 comes from the resolver as a deadline that starts on
    # the reference date and is due at the end of 2035
    if span.grain >= Grain.YEAR and span.last_day.year - reference.year >= FAR_YEARS:
        return True
    return span.role is Role.RANGE and span.grain >= Grain.YEAR


def _deadline_category(after: str) -> Category:
    # Only an occasion that is itself an event changes a deadline's category (12月底前召开…);
    # report cues describe the article, not the commitment.
    category = category_of(after)
    return category if category in (Category.MEETING, Category.CEREMONY) else Category.OTHER


def as_deadline(span: TimeSpan, reference: date, anchor: str) -> TimeSpan:
    """Return `span` as a deadline stated on `reference` and due on the span's last day.

    With an anchor occasion (2022年 + 省运会召开之际) the text dates the occasion only by its
    year, so the deadline is due at the end of that year, the latest day it can mean, and the
    certainty is FUZZY: the table of occasions has no date for it. The text grows to cover the
    occasion as written (2022年省运会召开之际), so the calendar shows what the article said.
    """
    due_end = span.last_day + timedelta(days=1)
    start = reference if reference < due_end else span.first_day
    certainty = Certainty.FUZZY if anchor else span.certainty
    rule = f"{span.rule}+anchor-event" if anchor else f"{span.rule}+completion-verb"
    return TimeSpan(
        start=start,
        end_exclusive=due_end,
        grain=max(span.grain, Grain.DAY),
        role=Role.DEADLINE,
        certainty=certainty,
        text=span.text + anchor,
        offset=span.offset,
        rule=rule,
    )

