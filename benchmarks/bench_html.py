"""Build the timeline page from made-up items and print its size and build time.

    python benchmarks/bench_html.py                    # 5,000 items, written to /tmp/timeline-5000.html
    python benchmarks/bench_html.py --seedlike --out /tmp/timeline-seedlike.html
    python benchmarks/bench_html.py --n 40                  # the largest page that has labels

`--seedlike` makes ~15 items that look like the seed (洛阳, November 2020: events, two
deadlines, plans for 2035 and 2050, the “十四五” period). The default makes N items spread
the way a few years of news would: events around 2019-2022, deadlines up to 2025, plans far out.
Nothing here is a test: it prints figures for a person to read.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]

from timeline.atomic import atomic_write
from timeline.export.html import render_html
from timeline.ids import stable_id
from timeline.types import (
    Category,
    Certainty,
    Event,
    EventKind,
    Evidence,
    Grain,
    Role,
    StoredEvent,
    TimeSpan,
)

SOURCE = "seeds/000_c2943cd1c302380c.txt"
ARTICLE = "把洛阳都市圈建设作为主战场主抓手主平台 科学编制“十四五”规划 全面建设现代化强市"
CHANGED = datetime(2020, 12, 1, tzinfo=UTC)


def item(
    kind: EventKind,
    title: str,
    text: str,
    start: date,
    end_exclusive: date,
    *,
    role: Role = Role.POINT,
    grain: Grain = Grain.DAY,
    sentence: str | None = None,
    projects: tuple[str, ...] = (),
    category: Category = Category.OTHER,
    article: str = ARTICLE,
    source: str = SOURCE,
) -> StoredEvent:
    """One stored event with evidence whose sentence contains `text`."""
    sentence = sentence or f"{text}，{title}。"
    at = max(sentence.find(text), 0)
    span = TimeSpan(start, end_exclusive, grain, role, Certainty.EXACT, text, 100 + at)
    event_id = stable_id("event", article, sentence, text, kind.value)
    evidence = Evidence(source, "article-x", 0, article, sentence, 100, text, 100 + at, 120 + at)
    event = Event(event_id, kind, category, title, span, evidence, projects=projects)
    return StoredEvent(event, 0, CHANGED)


def seedlike() -> list[StoredEvent]:
    """About 15 items shaped like the seed file's."""
    d = date
    day = timedelta(days=1)
    rows = [
        item(EventKind.EVENT, f"洛阳都市圈建设推进会{n}", f"11月{n}日", d(2020, 11, n), d(2020, 11, n) + day,
             sentence=f"11月{n}日，市委召开洛阳都市圈建设推进会，研究部署“十四五”规划编制和重点项目建设工作，要求各县区抓好落实。",
             category=Category.MEETING, projects=("洛阳都市圈",))
        for n in (19, 20, 23, 24, 26, 27, 30)
    ]
    rows += [
        item(EventKind.EVENT, "市领导调研新科技馆项目", "11月25日", d(2020, 11, 25), d(2020, 11, 26),
             category=Category.INSPECTION, projects=("新科技馆",),
             sentence="11月25日下午，市领导到新科技馆项目建设现场调研，强调要倒排工期、挂图作战，确保年底前主体完工。"),
        item(EventKind.EVENT, "伊滨区重大项目集中开工", "11月28日", d(2020, 11, 28), d(2020, 11, 29),
             category=Category.CEREMONY, projects=("伊滨区",)),
        item(EventKind.DEADLINE, "新科技馆主体完工", "年底前", d(2020, 11, 25), d(2021, 1, 1),
             role=Role.DEADLINE, grain=Grain.YEAR, projects=("新科技馆",),
             sentence="11月25日下午，市领导到新科技馆项目建设现场调研，强调要倒排工期、挂图作战，确保年底前主体完工。"),
        item(EventKind.DEADLINE, "隋唐洛阳城遗址公园二期开放", "2022年6月底前", d(2020, 11, 30), d(2022, 7, 1),
             role=Role.DEADLINE, grain=Grain.MONTH, projects=("隋唐洛阳城",)),
        item(EventKind.PLAN, "基本实现社会主义现代化", "2035年", d(2035, 1, 1), d(2036, 1, 1), grain=Grain.YEAR,
             sentence="党的十九届五中全会明确了“十四五”时期经济社会发展的基本思路、主要目标以及2035年远景目标。"),
        item(EventKind.PLAN, "建成现代化强市", "本世纪中叶", d(2050, 1, 1), d(2051, 1, 1), grain=Grain.DECADE),
        item(EventKind.PLAN, "“十四五”规划实施", "“十四五”时期", d(2021, 1, 1), d(2026, 1, 1),
             role=Role.RANGE, grain=Grain.PLAN,
             sentence="总的来看，“十四五”时期将是洛阳发展的地位优势不断强化、动能转换加快突破的重要阶段。"),
        item(EventKind.EVENT, "习近平总书记3次莅临河南视察", "十八大以来", d(2012, 11, 8), d(2020, 12, 1),
             role=Role.SINCE, category=Category.INSPECTION,
             sentence="党的十八大以来，习近平总书记3次莅临河南视察工作，多次对河南工作作出重要指示。"),
    ]
    return rows


PLACES = ("洛阳", "郑州", "开封", "新乡", "南阳", "许昌", "焦作", "安阳")
THINGS = ("科技馆", "产业园", "高铁站", "地铁线", "博物馆", "污水厂", "物流港", "学校")


def many(n: int, seed: int = 7) -> list[StoredEvent]:
    """N items: 70% events in 2019-2022, 20% deadlines to 2025, 7% plans to 2050, 3% periods."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        place, thing = rng.choice(PLACES), rng.choice(THINGS)
        project = f"{place}{thing}"
        article = f"{place}：{thing}建设稳步推进 第{i // 6}篇"
        source = f"news/{i // 6:05d}.txt"
        roll = rng.random()
        if roll < 0.70:
            start = date(2019, 1, 1) + timedelta(days=int(rng.triangular(0, 1460, 700)))
            text = f"{start.month}月{start.day}日"
            sentence = (f"{text}，{place}市召开{project}建设推进会，听取项目进展情况汇报，研究解决"
                        f"征地拆迁、资金保障等突出问题，要求加快施工进度（编号{i}）。")
            rows.append(item(EventKind.EVENT, f"{project}推进会", text, start, start + timedelta(days=1),
                             sentence=sentence, projects=(project,), category=Category.MEETING,
                             article=article, source=source))
        elif roll < 0.90:
            due = date(2020, 1, 1) + timedelta(days=int(rng.uniform(0, 2000)))
            text = f"{due.year}年{due.month}月底前"
            sentence = f"会议要求，{project}要确保{text}建成投用，各部门要倒排工期、挂图作战（编号{i}）。"
            rows.append(item(EventKind.DEADLINE, f"{project}建成投用", text, due - timedelta(days=300),
                             due + timedelta(days=1), role=Role.DEADLINE, grain=Grain.MONTH,
                             sentence=sentence, projects=(project,), article=article, source=source))
        elif roll < 0.97:
            year = rng.choice((2025, 2030, 2035, 2035, 2050))
            text = f"到{year}年"
            rows.append(item(EventKind.PLAN, f"{place}基本实现现代化", text, date(year, 1, 1), date(year + 1, 1, 1),
                             grain=Grain.YEAR, article=article, source=source,
                             sentence=f"{text}，{place}要基本实现社会主义现代化，建成{project}（编号{i}）。"))
        else:
            rows.append(item(EventKind.PLAN, f"{place}“十四五”规划", "“十四五”时期", date(2021, 1, 1), date(2026, 1, 1),
                             role=Role.RANGE, grain=Grain.PLAN, article=article, source=source,
                             sentence=f"“十四五”时期，{place}将加快{project}等重大项目建设（编号{i}）。"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seedlike", action="store_true")
    parser.add_argument("--today", default="2020-11-30")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rows = seedlike() if args.seedlike else many(args.n)
    out = args.out or Path(f"/tmp/timeline-{'seedlike' if args.seedlike else len(rows)}.html")
    today = date.fromisoformat(args.today)
    began = time.perf_counter()
    page = render_html(rows, today=today, title=f"timeline: {len(rows)} 项")
    took = time.perf_counter() - began
    atomic_write(out, page)
    js = len(get_plotlyjs().encode("utf-8"))
    print(f"{len(rows)} items -> {out}: {len(page) / 1e6:.2f} MB in {took:.2f} s "
          f"(plotly.js {js / 1e6:.2f} MB, {(len(page) - js) / max(len(rows), 1) / 1e3:.2f} KB per item)")


if __name__ == "__main__":
    main()
