"""Small hand-made values for tests of stores and exports: no resolver, no seed file needed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.ids import stable_id
from timeline.kept_results import KeptResults
from timeline.store import Store
from timeline.types import (
    Article,
    Category,
    Certainty,
    Event,
    EventKind,
    Evidence,
    Grain,
    SHANGHAI,
    Role,
    StoredEvent,
    TimeSpan,
)

if TYPE_CHECKING:  # benchmarks import this module, and pytest is not theirs
    import pytest

CHANGED_AT = datetime(2020, 11, 30, 0, 0, tzinfo=UTC)


def make_span(
    start: date | datetime,
    end: date | datetime,
    *,
    text: str = "11月30日",
    grain: Grain = Grain.DAY,
    role: Role = Role.POINT,
    certainty: Certainty = Certainty.INFERRED,
    offset: int = 0,
) -> TimeSpan:
    return TimeSpan(start, end, grain, role, certainty, text, offset, rule="test")


def make_article(title: str = "测试文章", body: str = "11月30日,召开会议。", *, source: str = "seeds/test.txt",
                 index: int = 0, reference: date = date(2020, 11, 30)) -> Article:
    return Article(
        id=stable_id("article", title, body), source=source, index=index, title=title, body=body,
        reference=reference, reference_note="test", reference_certainty=Certainty.EXACT,
    )


def make_event(
    when: TimeSpan,
    *,
    title: str = "第18次重点项目推进会",
    kind: EventKind = EventKind.EVENT,
    category: Category = Category.MEETING,
    sentence: str = "11月30日,我区组织召开第18次重点项目推进会。",
    projects: tuple[str, ...] = ("伊滨大剧院",),
    people: tuple[str, ...] = ("何武周",),
    article: Article | None = None,
) -> Event:
    article = article or make_article()
    evidence = Evidence(
        source=article.source, article_id=article.id, article_index=article.index, article_title=article.title,
        sentence=sentence, sentence_offset=0, text=when.text, span_offset=when.offset, file_offset=when.offset,
    )
    event_id = stable_id("event", article.id, sentence, when.text, "0", kind.value)
    return Event(event_id, kind, category, title, when, evidence, people, projects)


def stored(event: Event, sequence: int = 0, changed_at: datetime = CHANGED_AT) -> StoredEvent:
    return StoredEvent(event, sequence, changed_at, changed_at)


def sample_events() -> list[Event]:
    """A seed-like mix: a day event, a timed one, two deadlines, a plan and a plan period."""
    article = make_article()
    return [
        make_event(make_span(date(2020, 11, 30), date(2020, 12, 1)), article=article),
        make_event(
            make_span(datetime(2020, 11, 23, 12, tzinfo=SHANGHAI), datetime(2020, 11, 23, 18, tzinfo=SHANGHAI),
                      text="11月23日下午", grain=Grain.PART_OF_DAY),
            title="第17次重点项目推进会", sentence="11月23日下午,何武周主持召开第17次重点项目推进会。", article=article,
        ),
        make_event(
            make_span(date(2020, 11, 30), date(2022, 7, 1), text="2022年6月底前", grain=Grain.MONTH,
                      role=Role.DEADLINE, certainty=Certainty.EXACT),
            title="科技馆新馆完成布展", kind=EventKind.DEADLINE, category=Category.OTHER,
            sentence="该项目计划2022年6月底前完成布展并开始测试运营。", projects=("洛阳市科技馆新馆",), article=article,
        ),
        make_event(
            make_span(date(2020, 11, 30), date(2021, 1, 1), text="年底前", grain=Grain.YEAR, role=Role.DEADLINE),
            title="主体工程达到“正负零”", kind=EventKind.DEADLINE, category=Category.OTHER,
            sentence="目前年底前主体工程有望达到“正负零”。", projects=("洛阳市科技馆新馆",), article=article,
        ),
        make_event(
            make_span(date(2020, 11, 30), date(2036, 1, 1), text="到2035年", grain=Grain.YEAR, role=Role.DEADLINE,
                      certainty=Certainty.EXACT),
            title="基本实现现代化", kind=EventKind.PLAN, category=Category.OTHER,
            sentence="明确提出到2035年要基本实现现代化。", projects=(), article=article,
        ),
        make_event(
            make_span(date(2021, 1, 1), date(2026, 1, 1), text="“十四五”时期", grain=Grain.PLAN, role=Role.RANGE,
                      certainty=Certainty.EXACT),
            title="“十四五”高质量发展", kind=EventKind.PLAN, category=Category.OTHER,
            sentence="“十四五”时期将是洛阳发展的重要阶段。", projects=(), article=article,
        ),
    ]


def store_with(path: Path, events: list[Event], now: datetime = CHANGED_AT) -> Store:
    """A store at `path` holding `events` as one build of one source."""
    store = Store(path)
    article = make_article()
    with store.build_transaction(now) as writer:
        writer.replace_source(article.source, [article], events)
    return store



def publish_exports(store: Store, out: Path, *, today: date = date(2020, 11, 30), todo: bool = False) -> None:
    """Write and publish every export of `store` into `out` (feed parts too), as a build does
    after storing its items."""
    from timeline import pipeline
    from timeline.atomic import ExportVersion

    out.mkdir(parents=True, exist_ok=True)
    version = ExportVersion(out, pipeline.EXPORTS)
    with store.build_transaction(CHANGED_AT):
        staged = pipeline._write_exports(version, store, today=today, remind_days=(7, 1), todo=todo, pool=None, depth=2)
    version.publish(staged)


@contextmanager
def empty_cache(monkeypatch: pytest.MonkeyPatch, folder: Path, kept: KeptResults) -> Iterator[Path]:
    """`folder` as the user's cache folder, and no results of `kept` known to the process before or after."""
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(folder))
    kept.forget()
    try:
        yield folder
    finally:
        kept.forget()
