"""Short readable titles: what happens, not the whole sentence.

An event's title is the clause that carries its category cue, started at the actor
(区党工委书记何武周主持召开… -> 何武周主持召开第17次重点项目推进会) or, when the reporting body is
the subject, at the thing itself (我区组织召开第18次重点项目推进会 -> 第18次重点项目推进会).
A deadline's or plan's title is its subject and predicate with the hedges dropped
(目前年底前主体工程有望达到“正负零” -> 主体工程达到“正负零”); a predicate with no subject of its own
borrows the project (该项目计划…完成布展 -> 洛阳市科技馆新馆完成布展…).
"""

from __future__ import annotations

import re

from timeline.extract.cues import (
    ANAPHORS,
    CATEGORY_CUES,
    CLAUSE_BREAKS,
    COMPLETION_VERBS,
    CONTEXT_SPANS,
    DEADLINE_CUES,
    GOAL_VERBS,
    PERSON_TITLES,
    TITLE_DANGLING_BEFORE_SPAN,
    TITLE_DROP_ENDINGS,
    TITLE_DROP_PLACE_PREFIX,
    TITLE_DROP_SUBJECT,
    TITLE_DROP_WORDS,
    TITLE_MAX,
    VERB_HEADS,
)
from timeline.types import Category, EventKind

_VERBS = tuple(dict.fromkeys(COMPLETION_VERBS + GOAL_VERBS + VERB_HEADS))
# A hedge or modal right before a verb: 有望达到, 要基本实现. Only there, so 重要/主要 stay.
_HEDGE = re.compile(
    "(?:" + "|".join(map(re.escape, TITLE_DROP_WORDS)) + ")(?=" + "|".join(map(re.escape, _VERBS)) + ")"
)
_TRAILING_CUE = re.compile("(?:" + "|".join(map(re.escape, DEADLINE_CUES + TITLE_DROP_WORDS + ("到", "至", "在", "于"))) + ")$")
_LEAD_FILLER = re.compile(r"^(?:明确提出|提出|要求|强调|指出)?(?:到|至|在|于)?$")
_STRIP = " \t\n,,。;;::!!??、\x00"
# First characters of a short predicate that needs a subject: 闭幕, 开幕, 举行.
PREDICATE_HEADS = ("开幕", "闭幕", "举行", "召开", "开通", "通车", "发布", "揭牌", "落幕")


def clauses(text: str) -> list[tuple[int, int]]:
    """Return [start, end) of each clause of `text`, split at CLAUSE_BREAKS."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in CLAUSE_BREAKS:
            bounds.append((start, i))
            start = i + 1
    bounds.append((start, len(text)))
    return bounds


def event_title(sentence: str, span_start: int, span_end: int, category: Category, people: tuple[str, ...]) -> str:
    """Return the title of an event whose span is sentence[span_start:span_end]."""
    if category is Category.REPORT:
        rest = sentence[span_end:].strip(_STRIP)
        rest = TITLE_DROP_PLACE_PREFIX.sub("", rest, count=1)
        return _cap(rest.rstrip(_STRIP) or sentence.strip(_STRIP))
    sentence = _mask_asides(sentence, span_start, span_end)
    every = clauses(sentence)
    parts = [(a, b) for a, b in every if b > span_start]
    cues = next((c for cat, c in CATEGORY_CUES if cat is category), ())
    chosen = next((i for i, (a, b) in enumerate(parts) if any(c in sentence[a:b] for c in cues)), None)
    own = _clause_text(sentence, *parts[0], span_start, span_end) if parts else ""
    if chosen is None and 0 < len(own) < 4 and own.startswith(_VERBS + PREDICATE_HEADS):
        # 3月5日上午开幕，3月11日下午闭幕: a bare predicate takes the subject of the clause before
        head = _subject_head(sentence, [(a, b) for a, b in every if b <= parts[0][0]])
        return _cap(head + own if head else own)
    if chosen is None:
        chosen = next((i for i, (a, b) in enumerate(parts)
                       if len(t := _clause_text(sentence, a, b, span_start, span_end)) >= 4 and not _only_place(t)), 0)
    a, b = parts[chosen]
    text = _clause_text(sentence, a, b, span_start, span_end)
    if "——" in text and len(text.rsplit("——", 1)[1]) >= 4:
        text = text.rsplit("——", 1)[1]  # 西部陆海新通道骨干工程——平陆运河全线动工: the thing, not its description
    if text.endswith(SAYING_VERBS) and chosen + 1 < len(parts):
        # 某局今天发布，对某设备实施认证管理: what was announced is in the next clause
        said = _clause_text(sentence, *parts[chosen + 1], span_start, span_end)
        text = f"{text}:{said}" if said else text
    text = _from_actor(text, people)
    if not any(p in text for p in people):
        earlier = "".join(_clause_text(sentence, x, y, span_start, span_end) for x, y in parts[:chosen])
        actor = next((p for p in people if p in earlier), "")
        if actor and not TITLE_DROP_SUBJECT.match(text):
            text = actor + text
    text = TITLE_DROP_SUBJECT.sub("", text, count=1)
    return _cap(_drop_endings(text) or sentence.replace("\x00", "").strip(_STRIP))  # a date alone says nothing more


def item_title(
    kind: EventKind, before: str, after: str, span_text: str, anchor: str, project: str
) -> str:
    """Return the title of a deadline or plan from its clause around the span.

    >>> item_title(EventKind.DEADLINE, "该项目计划", "完成布展并开始测试运营", "2022年6月底前", "", "洛阳市科技馆新馆")
    '洛阳市科技馆新馆完成布展并开始测试运营'
    """
    predicate = _HEDGE.sub("", after[len(anchor) :]).strip(_STRIP)
    predicate = _without_list(_drop_endings(predicate))
    relative = _RELATIVE.match(predicate)
    if relative and _ONLY_VERBS.fullmatch(relative["verb"]):  # 通车的某通道, not 完成某医院的设计工作
        predicate = relative["noun"] + relative["verb"]  # 将于明年通车的某通道 is about 某通道通车
    subject = "" if kind is EventKind.PLAN else _subject(before)
    if (subject in ANAPHORS or not subject) and predicate.startswith(_VERBS) and project and project not in predicate:
        # 该项目计划…完成布展: the predicate has no subject of its own, so it takes the project,
        # unless the project is its object (全面完成757项目整改任务); without one, 该项目 stays
        subject = project
    if not predicate:
        # 专项行动将持续至今年12月底: the clause before the bound says what lasts
        text = (before + after).strip(_STRIP)
        while (shorter := _TRAILING_CUE.sub("", text)) != text:
            text = shorter
        return _cap(text or span_text)
    if anchor:
        return _cap(f"{subject}在{span_text}{anchor}{predicate}")
    return _cap(subject + predicate)


_ONLY_VERBS = re.compile("(?:" + "|".join(map(re.escape, sorted(_VERBS, key=len, reverse=True))) + ")+")
_RELATIVE = re.compile(r"^(?P<verb>[^的,]{1,8})的(?P<noun>[^的,]{2,20})$")
_LEAD_VERBS = re.compile(r"^(?:推动|明确|提出|要求|推进)(?=.)")


def _without_list(predicate: str) -> str:
    """A long predicate without the list of qualities before its object.

    推动基本形成布局合理、功能完善、…的综合交通体系 -> 基本形成综合交通体系: the verb and the thing.
    """
    if len(predicate) <= TITLE_MAX or "、" not in predicate:
        return predicate
    first, de = predicate.index("、"), predicate.rfind("的")
    if de < predicate.rfind("、"):
        return predicate
    head = predicate[:first]
    verb_end = max((head.rfind(v) + len(v) for v in _VERBS + ("形成",) if v in head), default=-1)
    if verb_end <= 0:
        return predicate
    return _LEAD_VERBS.sub("", head[:verb_end]) + predicate[de + 1 :]


def _subject(before: str) -> str:
    """The subject written before a deadline's span, without context words and commitment cues.

    目前 -> "", 该项目计划 -> 该项目, 明确提出到 -> "", 伊滨医院 -> 伊滨医院.
    """
    subject = before
    for word in sorted(CONTEXT_SPANS, key=len, reverse=True):
        subject = subject.replace(word, "")
    while (shorter := _TRAILING_CUE.sub("", subject)) != subject:  # 计划于, 要在, 力争到
        subject = shorter
    return "" if _LEAD_FILLER.match(subject) else subject


def _clause_text(sentence: str, a: int, b: int, span_start: int, span_end: int) -> str:
    """Clause text with the span cut out."""
    if a <= span_start < b:
        head = sentence[a:span_start]
        for word in TITLE_DANGLING_BEFORE_SPAN:
            if head.endswith(word):
                head = head[: -len(word)]
                break
        return (head + sentence[span_end:b]).replace("\x00", "").strip(_STRIP)
    return sentence[a:b].replace("\x00", "").strip(_STRIP)


_ASIDE = re.compile(r"\([^()]{0,40}\)")
_PLACE_ONLY = re.compile(r"^(?:在[\u4e00-\u9fff]{2,14}|从[\u4e00-\u9fff、]{2,14}到[\u4e00-\u9fff、]{2,14})$")
# Verbs of announcing that end a clause without saying what: the next clause says it.
SAYING_VERBS = ("发布", "公布", "宣布", "发布公告", "表示", "介绍", "透露")
_HEAD_END = re.compile(r"将于|定于|拟于|已于|于|在|将|\d|今天|昨天|明天|今晚|昨晚")


def _mask_asides(sentence: str, span_start: int, span_end: int) -> str:
    """`sentence` with bracketed asides outside the span blanked (same length, so offsets hold).

    北京时间…，在台湾某县(北纬23.7度,东经121.0度)发生地震: the coordinates are no clause of their own.
    """
    def blank(m: re.Match[str]) -> str:
        return m.group() if m.start() < span_end and span_start < m.end() else "\x00" * len(m.group())
    return _ASIDE.sub(blank, sentence) if "(" in sentence else sentence


def _only_place(text: str) -> bool:
    """Whether a clause only says where (在某省某市, 从西南、华南到黄淮): no title of its own."""
    return bool(_PLACE_ONLY.match(text)) and not any(v in text for v in _VERBS + PREDICATE_HEADS)


def _subject_head(sentence: str, earlier: list[tuple[int, int]]) -> str:
    """The subject that opens the nearest earlier clause: 这次大会 of 这次大会定于3月5日开幕."""
    for a, b in reversed(earlier):
        m = _HEAD_END.search(sentence, a, b)
        head = sentence[a:m.start() if m else b].strip(_STRIP)
        if 2 <= len(head) <= 12:
            return head
    return ""


def _from_actor(text: str, people: tuple[str, ...]) -> str:
    """Start `text` at the first person when only position titles stand before them."""
    for person in people:
        k = text.find(person)
        if k > 0 and text[:k].endswith(PERSON_TITLES):
            return text[k:]
    return text


def _drop_endings(text: str) -> str:
    for ending in TITLE_DROP_ENDINGS:
        if text.endswith(ending) and len(text) > len(ending) + 2:
            return text[: -len(ending)]
    return text


def _cap(text: str) -> str:
    """Cut a title longer than TITLE_MAX at its last 、 or at TITLE_MAX, marking the cut."""
    if len(text) <= TITLE_MAX:
        return text
    cut = text.rfind("、", 0, TITLE_MAX)
    return (text[:cut] if cut > TITLE_MAX // 2 else text[: TITLE_MAX - 1]) + "…"
