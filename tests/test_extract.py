"""Extraction on the Luoyang seed: which mentions become items, of which kind, with what title.

The articles come from ingest and the sentences from the splitter. Until the resolver lands,
the spans are built by hand at the offsets where their text stands, with the dates the
resolver corpus pins (tests/corpus/resolve.tsv). Each expectation quotes the seed sentence it
comes from, so a reader can check it against seeds/000_c2943cd1c302380c.txt.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract import extract_events
from timeline.extract.classify import Context, category_of, decide
from timeline.extract.names import people, projects, tag
from timeline.extract.titles import item_title
from timeline.ids import event_id
from timeline.ingest import read_articles
from timeline.sentences import split_sentences
from timeline.types import (
    SHANGHAI,
    Article,
    Category,
    Certainty,
    Event,
    EventKind,
    Grain,
    Role,
    Sentence,
    TimeSpan,
)

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_c2943cd1c302380c.txt"

Y = Grain.YEAR
D = Grain.DAY
P, R, DL, S = Role.POINT, Role.RANGE, Role.DEADLINE, Role.SINCE
EX, INF, FZ = Certainty.EXACT, Certainty.INFERRED, Certainty.FUZZY
REF = date(2020, 11, 30)

# (article index, text, occurrence, start, end_exclusive, grain, role, certainty): what the
# resolver is expected to give on each article, including the context mentions that must
# not become items.
SPANS = (
    (0, "“十四五”时期", 0, date(2021, 1, 1), date(2026, 1, 1), Grain.PLAN, R, EX),
    (0, "2035年", 0, date(2035, 1, 1), date(2036, 1, 1), Y, P, EX),
    (0, "“十四五”", 1, date(2021, 1, 1), date(2026, 1, 1), Grain.PLAN, R, EX),  # 我们奋斗“十四五”
    (0, "党的十八大以来", 0, date(2012, 11, 8), date(2020, 12, 1), D, S, EX),
    (0, "“十四五”", 2, date(2021, 1, 1), date(2026, 1, 1), Grain.PLAN, R, EX),  # 编制“十四五”规划
    (0, "当前", 0, REF, date(2020, 12, 1), D, P, INF),
    (0, "“十四五”时期", 1, date(2021, 1, 1), date(2026, 1, 1), Grain.PLAN, R, EX),  # …时期将是…
    (0, "“十三五”以来", 0, date(2016, 1, 1), date(2020, 12, 1), Grain.PLAN, S, EX),
    (0, "党的十九大后", 0, date(2017, 10, 18), date(2020, 12, 1), D, S, EX),
    (0, "2035年", 1, date(2035, 1, 1), date(2036, 1, 1), Y, P, EX),
    (0, "本世纪中叶", 0, date(2040, 1, 1), date(2060, 1, 1), Grain.DECADE, P, FZ),
    (0, "这些年", 0, date(2010, 1, 1), date(2021, 1, 1), Y, S, FZ),
    (0, "2035年", 2, date(2035, 1, 1), date(2036, 1, 1), Y, P, EX),
    (0, "“十四五”", 6, date(2021, 1, 1), date(2026, 1, 1), Grain.PLAN, R, EX),  # 为“十四五”规划建言献策
    (1, "11月30日", 0, date(2020, 11, 30), date(2020, 12, 1), D, P, INF),
    (1, "目前", 0, REF, date(2020, 12, 1), D, P, INF),
    (1, "近期", 0, date(2020, 11, 1), date(2020, 12, 1), Grain.MONTH, P, FZ),
    (1, "目前", 1, REF, date(2020, 12, 1), D, P, INF),
    (1, "2022年6月底前", 0, REF, date(2022, 7, 1), Grain.MONTH, DL, EX),
    (1, "目前", 2, REF, date(2020, 12, 1), D, P, INF),
    (1, "年底前", 0, REF, date(2021, 1, 1), Y, DL, INF),
    (1, "2022年", 1, date(2022, 1, 1), date(2023, 1, 1), Y, P, EX),  # 确保2022年省运会召开之际
    (1, "今年", 0, date(2020, 1, 1), date(2021, 1, 1), Y, P, INF),
    (2, "11月24日", 0, date(2020, 11, 24), date(2020, 11, 25), D, P, INF),
    (3, "全年", 0, date(2020, 1, 1), date(2021, 1, 1), Y, P, INF),
    (3, "“十四五”", 0, date(2021, 1, 1), date(2026, 1, 1), Grain.PLAN, R, EX),  # 为“十四五”高质量发展
    (3, "前期", 0, REF, date(2020, 12, 1), D, P, INF),
    (3, "明日", 0, date(2020, 11, 24), date(2020, 11, 25), D, P, INF),  # a resolver slip in 明日新城
    (4, "11月20日", 0, date(2020, 11, 20), date(2020, 11, 21), D, P, INF),
    (4, "秋冬季", 0, date(2020, 9, 1), date(2021, 3, 1), Grain.SEASON, P, FZ),
    (5, "11月19日", 0, date(2020, 11, 19), date(2020, 11, 20), D, P, INF),
)

AFTERNOON = (datetime(2020, 11, 23, 12, tzinfo=SHANGHAI), datetime(2020, 11, 23, 18, tzinfo=SHANGHAI))


@functools.cache
def _seed_articles() -> tuple[Article, ...]:
    return tuple(read_articles(SEED))


def _sentences(body: str) -> list[Sentence]:
    return split_sentences(body)


def _spans(article: Article) -> list[TimeSpan]:
    found = []
    for index, text, nth, start, end, grain, role, certainty in SPANS:
        if index != article.index:
            continue
        offset = [m.start() for m in re.finditer(re.escape(text), article.body)][nth]
        if text == "11月23日下午":
            start, end = AFTERNOON
        found.append(TimeSpan(start, end, grain, role, certainty, text, offset, "hand"))
    if article.index == 3:
        offset = article.body.index("11月23日下午")
        found.append(TimeSpan(*AFTERNOON, Grain.PART_OF_DAY, P, INF, "11月23日下午", offset, "hand"))
    return sorted(found, key=lambda s: s.offset)


@pytest.fixture(scope="module")
def seed_events() -> list[Event]:
    events: list[Event] = []
    for article in _seed_articles():
        events.extend(extract_events(article, _sentences(article.body), _spans(article)))
    return events


def _one(events: list[Event], title: str) -> Event:
    matches = [e for e in events if e.title == title]
    assert len(matches) == 1, [e.title for e in events]
    return matches[0]


def test_seed_articles_are_the_six_of_the_file() -> None:
    articles = _seed_articles()
    assert [a.body[:5] for a in articles] == ["党的十九届", "工程进度如", "11月24", "11月23", "11月20", "11月19"]
    assert "“十三五”以来" in articles[0].body  # the wrapped line 以\n\n来 is rejoined


def test_places_and_projects_of_the_visit(seed_events: list[Event]) -> None:
    event = _one(seed_events, "李钢锤到寇店镇人大代表联络站开展联系人民群众主题活动")
    assert (event.projects, event.places) == (("寇店镇人大代表联络站",), ("寇店镇",))


# (date, kind, category, title, people that must be named): one row per expected item.
EXPECTED_EVENTS = (
    # 11月19日,市人大常委会副主任李钢锤到寇店镇人大代表联络站开展联系人民群众主题活动。 (title: …调研)
    ("2020-11-19", Category.INSPECTION, "李钢锤到寇店镇人大代表联络站开展联系人民群众主题活动", ("李钢锤",)),
    # 11月20日,市委副书记赵会生轻车简从深入…,督导检查露天矿山生态修复、污染防治等工作。
    ("2020-11-20", Category.INSPECTION, "赵会生督导检查露天矿山生态修复、污染防治", ("赵会生",)),
    # 11月23日下午,区党工委书记何武周主持召开第17次重点项目推进会
    ("2020-11-23T12:00:00+08:00", Category.MEETING, "何武周主持召开第17次重点项目推进会", ("何武周",)),
    # 11月24日,河南省洛阳市万安山,山上的自行车赛道在初雪的装扮下分外妖娆。据了解,…
    ("2020-11-24", Category.REPORT, "万安山,山上的自行车赛道在初雪的装扮下分外妖娆", ()),
    # 11月30日,我区组织召开第18次重点项目推进会,区党工委书记何武周,…管委会主任张向阳…
    ("2020-11-30", Category.MEETING, "第18次重点项目推进会", ("何武周", "张向阳")),
)


@pytest.mark.parametrize("start, category, title, who", EXPECTED_EVENTS, ids=[r[2] for r in EXPECTED_EVENTS])
def test_seed_dated_events(seed_events: list[Event], start: str, category: Category, title: str, who: tuple[str, ...]) -> None:
    event = _one(seed_events, title)
    assert (event.kind, event.category, event.when.start.isoformat()) == (EventKind.EVENT, category, start)
    assert set(who) <= set(event.people)


# (due day, title, certainty, project): 该项目计划2022年6月底前完成布展并开始测试运营,
# 目前年底前主体工程有望达到“正负零”。…确保2022年省运会召开之际建成投用。
EXPECTED_DEADLINES = (
    ("2022-06-30", "洛阳市科技馆新馆完成布展并开始测试运营", Certainty.EXACT, "洛阳市科技馆新馆"),
    ("2020-12-31", "主体工程达到“正负零”", Certainty.INFERRED, "洛阳市科技馆新馆"),
    # the games are dated only by their year: due at its end, FUZZY (see classify.as_deadline)
    ("2022-12-31", "洛阳市科技馆新馆在2022年省运会召开之际建成投用", Certainty.FUZZY, "洛阳市科技馆新馆"),
)


@pytest.mark.parametrize("due, title, certainty, project", EXPECTED_DEADLINES, ids=[r[1] for r in EXPECTED_DEADLINES])
def test_seed_deadlines(seed_events: list[Event], due: str, title: str, certainty: Certainty, project: str) -> None:
    event = _one(seed_events, title)
    assert (event.kind, event.category) == (EventKind.DEADLINE, Category.OTHER)
    assert (event.when.role, event.when.due.isoformat(), event.when.certainty) == (Role.DEADLINE, due, certainty)
    assert event.when.start == date(2020, 11, 30)  # stated on the article's reference date
    assert project in event.projects


# 明确提出到2035年要基本实现现代化,到本世纪中叶要全面建成富强民主文明和谐美丽的现代化强市。
# …到2035年建成具有全国影响力的现代化都市圈之日,就是洛阳基本实现社会主义现代化之时。
EXPECTED_PLANS = (
    ("2035-01-01", "基本实现现代化"),
    ("2035-01-01", "建成具有全国影响力的现代化都市圈"),
    ("2040-01-01", "全面建成富强民主文明和谐美丽的现代化强市"),
)


@pytest.mark.parametrize("start, title", EXPECTED_PLANS, ids=[r[1] for r in EXPECTED_PLANS])
def test_seed_plans(seed_events: list[Event], start: str, title: str) -> None:
    event = _one(seed_events, title)
    assert (event.kind, event.category, event.when.start.isoformat()) == (EventKind.PLAN, Category.OTHER, start)


def test_seed_gives_nothing_else(seed_events: list[Event]) -> None:
    """Context mentions (当前, 目前, 前期, 今年确定的, 全年目标任务, 十八大以来, “十四五”时期…的基本思路,
    2035年远景目标, 编制“十四五”规划) and the resolver slip in 明日新城 give no item."""
    expected = {r[2] for r in EXPECTED_EVENTS} | {r[1] for r in EXPECTED_DEADLINES} | {r[1] for r in EXPECTED_PLANS}
    assert sorted(e.title for e in seed_events) == sorted(expected)


def test_seed_output_is_sorted_and_ids_are_unique(seed_events: list[Event]) -> None:
    for article in _seed_articles():
        events = extract_events(article, _sentences(article.body), _spans(article))
        assert events == sorted(events, key=lambda e: (e.when.start.isoformat(), e.id))
        assert events == extract_events(article, list(reversed(_sentences(article.body))), _spans(article))
    assert len({e.id for e in seed_events}) == len(seed_events)


def test_evidence_points_at_the_span(seed_events: list[Event]) -> None:
    articles = {a.id: a for a in _seed_articles()}
    decoded = SEED.read_text(encoding="utf-8")
    for event in seed_events:
        ev = event.evidence
        body = articles[ev.article_id].body
        assert decoded[ev.file_offset : ev.file_offset + len(ev.text)] == ev.text
        assert body[ev.span_offset : ev.span_offset + len(ev.text)] == ev.text
        assert body[ev.sentence_offset : ev.sentence_offset + len(ev.sentence)] == ev.sentence
        assert body[event.when.offset : event.when.offset + len(event.when.text)] == event.when.text


def test_id_follows_the_recipe(seed_events: list[Event]) -> None:
    event = _one(seed_events, "第18次重点项目推进会")
    ev = event.evidence
    assert event.id == event_id(ev.article_id, "11月30日", "event", 0)


@pytest.mark.parametrize(
    "text, span_text, start, grain, kind, title",
    [
        ("到2035年,基本实现现代化。", "2035年", date(2035, 1, 1), Y, EventKind.PLAN, "基本实现现代化"),
        ("力争2021年,伊滨医院建成投用。", "2021年", date(2021, 1, 1), Y, EventKind.DEADLINE, "伊滨医院建成投用"),
        ("今年,全区完成了全部征迁任务。", "今年", date(2020, 1, 1), Y, None, None),
    ],
)
def test_span_alone_in_its_clause_dates_the_next(
    text: str, span_text: str, start: date, grain: Grain, kind: EventKind | None, title: str | None
) -> None:
    body = text
    article = Article("a", "x.txt", 0, "", body, REF, "test", EX)
    span = TimeSpan(start, date(start.year + 1, 1, 1), grain, P, EX, span_text, body.index(span_text))
    events = extract_events(article, split_sentences(body), [span])
    assert [(e.kind, e.title) for e in events] == ([(kind, title)] if kind else [])


@pytest.mark.parametrize(
    "text, category",
    [
        ("我区组织召开第18次重点项目推进会", Category.MEETING),
        ("李钢锤实地参观了寇店镇人大代表联络站建设及作用发挥情况,并组织召开座谈会", Category.MEETING),
        ("督导检查露天矿山生态修复、污染防治等工作", Category.INSPECTION),
        ("李钢锤还实地考察了洛阳万安通用机场", Category.VISIT),
        ("伊滨区与中国建筑举行战略合作签约仪式", Category.CEREMONY),
        ("据了解,当地积极建设全民健身大众自行车休闲赛道", Category.REPORT),
        ("山上的自行车赛道在初雪的装扮下分外妖娆", Category.OTHER),
    ],
)
def test_category_cues(text: str, category: Category) -> None:
    assert category_of(text) is category


@pytest.mark.parametrize(
    "kind, before, after, span_text, anchor, project, title",
    [
        (EventKind.DEADLINE, "计划于", "建成投用", "2021年底", "", "伊滨医院", "伊滨医院建成投用"),
        (EventKind.DEADLINE, "各县区要在", "完成农村人居环境整治任务", "12月底前", "", "", "各县区完成农村人居环境整治任务"),
        (EventKind.DEADLINE, "目前", "主体工程有望达到“正负零”", "年底前", "", "洛阳市科技馆新馆", "主体工程达到“正负零”"),
        (EventKind.DEADLINE, "确保", "省运会召开之际建成投用", "2022年", "省运会召开之际", "洛阳市科技馆新馆",
         "洛阳市科技馆新馆在2022年省运会召开之际建成投用"),
        (EventKind.DEADLINE, "该项目预计", "投入使用", "明年3月份", "", "", "该项目投入使用"),
        (EventKind.DEADLINE, "", "全面完成478项目整改任务", "六周内", "", "478项目", "全面完成478项目整改任务"),
        (EventKind.PLAN, "明确提出到", "要基本实现现代化", "2035年", "", "", "基本实现现代化"),
        (EventKind.PLAN, "", "我市将新建学校50所", "“十四五”期间", "", "", "我市新建学校50所"),
    ],
)
def test_item_titles(kind: EventKind, before: str, after: str, span_text: str, anchor: str, project: str, title: str) -> None:
    assert item_title(kind, before, after, span_text, anchor, project) == title


def test_people_from_titles_and_bylines() -> None:
    tokens = tag("11月30日,区党工委书记何武周,区党工委副书记、管委会主任张向阳深入部分重点企业和项目现场")
    assert people(tokens, ("阮现武", "董浩")) == ("何武周", "张向阳", "阮现武", "董浩")


def test_projects_read_from_name_endings() -> None:
    assert projects("何武周、张向阳一行首先来到位于开元大道以南的伊滨大剧院和伊滨音乐厅项目现场") == ("伊滨大剧院", "伊滨音乐厅")
    assert projects("在实地察看了613项目、轴研科技项目、水连寨公园项目及创智广场项目后") == (
        "613项目", "轴研科技", "水连寨公园", "创智广场",
    )
    assert projects("是今年确定的省、市重点项目") == ()


@pytest.mark.parametrize(
    "before, text, after, start, end, grain, role, kind",
    [
        ("力争", "2021年", "底建成投用", date(2021, 1, 1), date(2022, 1, 1), Y, P, EventKind.DEADLINE),
        ("", "2021年", "建成投用", date(2021, 1, 1), date(2022, 1, 1), Y, P, EventKind.DEADLINE),
        ("", "12月5日", "项目开工", date(2020, 12, 5), date(2020, 12, 6), D, P, EventKind.EVENT),
        ("", "“十四五”期间", "全市GDP力争突破5000亿元", date(2021, 1, 1), date(2026, 1, 1), Grain.PLAN, R, EventKind.PLAN),
        ("", "“十四五”期间", "要实现GDP翻番", date(2021, 1, 1), date(2026, 1, 1), Grain.PLAN, R, EventKind.PLAN),
        ("", "“十四五”时期", "将是洛阳发展的重要阶段", date(2021, 1, 1), date(2026, 1, 1), Grain.PLAN, R, None),
        ("", "2050年", "远景目标", date(2050, 1, 1), date(2051, 1, 1), Y, P, None),
        # the resolver reads 到2035年 as a deadline stated on the reference: still far, still a plan
        ("明确提出", "到2035年", "要基本实现现代化", REF, date(2036, 1, 1), Y, DL, EventKind.PLAN),
        ("", "12月", "召开全市经济工作会议", date(2020, 12, 1), date(2021, 1, 1), Grain.MONTH, P, EventKind.EVENT),
        ("", "12月", "天气转冷", date(2020, 12, 1), date(2021, 1, 1), Grain.MONTH, P, None),
        ("是", "今年", "确定的省、市重点项目", date(2020, 1, 1), date(2021, 1, 1), Y, P, None),
        ("", "十八大以来", "", date(2012, 11, 8), date(2020, 12, 1), D, S, None),
        ("", "三天", "", REF, date(2020, 12, 3), D, Role.DURATION, None),
        ("", "今年", "全区完成了全部征迁任务", date(2020, 1, 1), date(2021, 1, 1), Y, P, None),  # done, not due
        # a congress cited as the source of a policy is history, not an event of the article
        ("", "党的十九届五中全会", "明确了", date(2020, 10, 26), date(2020, 10, 30), D, R, None),
        ("", "夜幕下", "的伊滨大剧院灯火通明", date(2020, 11, 20), date(2020, 11, 21), Grain.PART_OF_DAY, P, None),
        # a resolver that reads the occasion into the span: the anchor is then just 召开之际
        ("确保", "2022年省运会", "召开之际建成投用", date(2022, 1, 1), date(2023, 1, 1), Y, P, EventKind.DEADLINE),
    ],
)
def test_decide_reads_cue_tables(
    before: str, text: str, after: str, start: date, end: date, grain: Grain, role: Role, kind: EventKind | None
) -> None:
    span = TimeSpan(start, end, grain, role, Certainty.EXACT, text, 0)
    decision = decide(span, Context(before, after, before + text + after), REF)
    assert (decision.kind if decision else None) is kind


# End to end, once timeline.resolver lands: the same items from the real spans. Matched by kind,
# date and a fragment of the title, so a resolver that reads a little more or less text (and so
# shifts a title) still passes, while a lost or invented item fails.
END_TO_END = (
    (EventKind.EVENT, "2020-11-19", "李钢锤"),
    (EventKind.EVENT, "2020-11-20", "赵会生"),
    (EventKind.EVENT, "2020-11-23", "第17次重点项目推进会"),
    (EventKind.EVENT, "2020-11-24", "万安山"),
    (EventKind.EVENT, "2020-11-30", "第18次重点项目推进会"),
    (EventKind.DEADLINE, "2022-06-30", "完成布展"),
    (EventKind.DEADLINE, "2020-12-31", "正负零"),
    (EventKind.DEADLINE, "2022-12-31", "建成投用"),
    (EventKind.PLAN, "2035", "基本实现现代化"),
    (EventKind.PLAN, "2035", "现代化都市圈"),
    (EventKind.PLAN, "20", "现代化强市"),  # 本世纪中叶: the resolver picks the years
)
# Items beyond END_TO_END that the seed may still give: "no more than a handful".
END_TO_END_SLACK = 3


@pytest.fixture(scope="module")
def resolved_events() -> list[Event]:
    resolver = pytest.importorskip("timeline.resolver")
    events: list[Event] = []
    for article in _seed_articles():
        spans = resolver.resolve(article.body, article.reference)
        events.extend(extract_events(article, split_sentences(article.body), spans))
    return events


def _when(event: Event) -> str:
    """The due day of a deadline or plan (到2035年 is due at the end of 2035), else the start."""
    return (event.when.start if event.kind is EventKind.EVENT else event.when.due).isoformat()


@pytest.mark.parametrize("kind, when, fragment", END_TO_END)
def test_end_to_end_seed_item(resolved_events: list[Event], kind: EventKind, when: str, fragment: str) -> None:
    found = [e for e in resolved_events if e.kind is kind and _when(e).startswith(when) and fragment in e.title]
    assert found, [(e.kind.value, _when(e), e.title) for e in resolved_events]


def test_end_to_end_seed_has_no_more_than_a_handful_of_other_items(resolved_events: list[Event]) -> None:
    titles = [(e.kind.value, _when(e), e.title, e.evidence.text) for e in resolved_events]
    assert len(resolved_events) <= len(END_TO_END) + END_TO_END_SLACK, titles
    non_dates = ("第18次", "613", "9+2", "百年大计", "明日", "前期", "一期", "二期", "以来")
    assert not [t for t in titles if any(word in t[3] for word in non_dates)], titles


def test_end_to_end_matches_the_hand_built_spans(resolved_events: list[Event], seed_events: list[Event]) -> None:
    """The real resolver and the hand-built spans give the same items, title for title."""
    assert sorted((e.kind.value, e.category.value, e.title) for e in resolved_events) == sorted(
        (e.kind.value, e.category.value, e.title) for e in seed_events
    )


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(
        st.tuples(
            st.integers(0, 10_000), st.integers(1, 8), st.sampled_from(list(Grain)), st.sampled_from(list(Role)),
            st.integers(-400, 20_000),
        ),
        max_size=6,
    )
)
def test_any_spans_give_items_with_true_evidence(picks: list[tuple[int, int, Grain, Role, int]]) -> None:
    """Whatever spans a resolver returns, extraction never raises and its evidence is true."""
    article = _seed_articles()[1]
    spans = []
    for at, length, grain, role, days in picks:
        offset = at % (len(article.body) - length)
        start = date(2020, 11, 30) + timedelta(days=min(days, 0))
        end = date(2020, 11, 30) + timedelta(days=max(days, 0) + 1)
        spans.append(TimeSpan(start, end, grain, role, Certainty.INFERRED, article.body[offset : offset + length], offset))
    for event in extract_events(article, split_sentences(article.body), spans):
        ev = event.evidence
        assert article.body[ev.span_offset : ev.span_offset + len(ev.text)] == ev.text
        assert event.when.start < event.when.end_exclusive
        assert event.title
