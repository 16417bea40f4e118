#!/usr/bin/env python3
"""Write a deterministic, news-like Chinese corpus for the benchmarks.

    python benchmarks/make_corpus.py --mb 20 --seed 1 --out /tmp/corpus-20mb.txt

Size: one MB is 10**6 UTF-8 bytes of the written file (about 340,000 characters, since
most characters here take three bytes). The file holds whole articles only: articles are
added while the next one still fits, so it is at most N MB and short of it by less than one
article (always at least one article).

Same arguments -> identical bytes: everything comes from one random.Random(seed), the
vocabulary is fixed lists in this file, and nothing reads the clock or the environment.

Each article has a headline, sometimes an author line under it, paragraphs separated by
blank lines, and sometimes a byline closing the last paragraph: "(张三 李四)" or
"来源:洛阳日报", the way the seed files do. Articles are separated by three blank lines.
Punctuation is mostly the half-width ASCII the seeds use (",", ":", "(") with some
articles in full-width ("，", "：", "（").

Sentences with a date mention are mixed with sentences without one so that the text holds
about one mention per 125 characters; the script counts the mentions it inserts and prints
the density to stderr. Non-dates that look like dates (第18次, 613项目, “9+2”, 百年大计,
5000万元, 12.5%, 电话0379-12345678, 前期, 一期) are mixed in and are not counted.
No real corpus is used: everything is templates and word lists of our own.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from _common import MB

TARGET_CHARS_PER_MENTION = 125

# ---------------------------------------------------------------- vocabulary

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ["亚", "武周", "向阳", "志强", "连飞", "会生", "钢锤", "晓晨", "睿", "云飞", "晨奇", "现武", "浩",
         "建国", "卫东", "红梅", "海涛", "丽娟", "国强", "春生", "秀英", "文博", "振华", "宏伟", "静",
         "明远", "雪峰", "立新", "玉兰", "少华", "德胜", "永刚", "淑芬", "晓东", "子涵", "嘉怡", "伟"]
TITLES = ["区党工委书记", "区管委会主任", "副区长", "市委副书记", "市人大常委会副主任", "副市长",
          "市政协副主席", "镇党委书记", "县委书记", "市发改委主任", "区住建局局长", "市委常委"]
PLACES = ["伊滨区", "洛龙区", "偃师区", "寇店镇", "李村镇", "庞村镇", "诸葛镇", "佃庄镇", "孟津区",
          "经开区", "高新区", "宜阳县", "新安县", "栾川县", "嵩县", "汝阳县", "伊川县", "洛宁县"]
PROJECTS = ["伊滨大剧院", "科技馆新馆", "奥林匹克中心", "中科信息产业园", "立雪公园", "伊滨医院",
            "万安山生态廊道", "轨道交通2号线", "城市大脑平台", "第二污水处理厂", "轴承产业园",
            "洛阳都市圈综合交通枢纽", "伊洛河治理工程", "智能制造示范园", "人才公寓", "市民服务中心",
            "文化旅游街区", "冷链物流园", "高铁站前广场", "滨河游园", "职教园区", "数字经济产业园"]
DEPARTMENTS = ["区直各部门", "相关企业", "各乡镇(街道)", "项目建设单位", "市直有关单位", "施工方"]
VISIT_VERBS = ["调研", "督导检查", "实地察看", "现场办公", "观摩", "走访", "专题调研"]
WORK_VERBS = ["加快推进", "全力保障", "统筹推进", "扎实推进", "强化监管", "优化服务", "倒排工期"]
GOALS = ["高质量发展", "项目建设提速增效", "营商环境持续优化", "生态环境明显改善", "民生福祉不断增进",
         "产业结构优化升级", "科技创新能力显著提升", "城市品质全面提升"]
MEETINGS = ["重点项目推进会", "党工委(扩大)会议", "常务会议", "专题协调会", "观摩点评会", "调度会",
            "安全生产工作会议", "大气污染防治攻坚推进会"]
PAPERS = ["洛阳日报", "河南日报", "人民日报", "洛阳晚报", "大河报", "新华社"]
FESTIVALS = ["春节", "中秋", "国庆", "元旦", "端午", "元宵节", "清明节", "劳动节", "中秋节", "国庆节"]
WEEKDAYS = "一二三四五六日"
CN_DIGITS = "〇一二三四五六七八九"
CN_MONTHS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
PARTS_OF_DAY = ["上午", "下午", "晚上", "中午", "凌晨"]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def cn_year(y: int) -> str:
    return "".join(CN_DIGITS[int(d)] for d in str(y))


# ---------------------------------------------------------------- date mentions
# Each generator returns one mention, as it appears in the text; each counts as one.


def day_mention(rng: random.Random) -> str:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    y = rng.randint(2015, 2025)
    choices = [
        lambda: f"{m}月{d}日",
        lambda: f"{y}年{m}月{d}日",
        lambda: f"{cn_year(y)}年{CN_MONTHS[m - 1]}月",
        lambda: f"{y}年{m}月",
        lambda: f"下周{rng.choice(WEEKDAYS)}",
        lambda: f"本周{rng.choice(WEEKDAYS[:5])}",
        lambda: f"明天{rng.choice(PARTS_OF_DAY[:2])}{rng.randint(8, 11)}点",
        lambda: f"{m}月{d}日至{d + rng.randint(1, 3)}日",
        lambda: f"{m}月{d}日{rng.choice(PARTS_OF_DAY)}",
        lambda: f"{m}月{rng.choice(['上旬', '中旬', '下旬', '初', '底'])}",
        lambda: rng.choice(["今天", "昨天", "近日", "日前", "今年", "去年", "明年"]),
        lambda: f"{y}年{rng.choice(['上半年', '下半年', '一季度', '四季度'])}",
        lambda: f"{m}月{d}日{rng.randint(8, 17)}时{rng.choice(['', '30分'])}",
    ]
    return rng.choice(choices)()


def deadline_mention(rng: random.Random) -> str:
    y, m = rng.randint(2021, 2026), rng.randint(1, 12)
    return rng.choice([
        f"{y}年{m}月底前", "年底前", f"{CN_MONTHS[rng.randint(0, 9)]}周内", "两周内", "春节前",
        f"{m}月{rng.randint(1, 28)}日前", "国庆节前", f"{y}年底前", "月底前", f"{m}月中旬前",
    ])


def plan_mention(rng: random.Random) -> str:
    return rng.choice([
        f"到{rng.choice([2025, 2030, 2035, 2050])}年", "本世纪中叶", "“十四五”时期", "“十四五”末",
        "“十三五”期间", f"{rng.randint(2021, 2025)}年至{rng.randint(2026, 2035)}年", "十八大以来",
    ])


def festival_mention(rng: random.Random) -> str:
    return rng.choice([f"{rng.choice(FESTIVALS)}期间", f"{rng.choice(FESTIVALS)}前后",
                       rng.choice(FESTIVALS), f"今年{rng.choice(FESTIVALS)}"])


# ---------------------------------------------------------------- non-dates (never counted)


def money(rng: random.Random) -> str:
    return rng.choice([f"{rng.randint(1, 90) * 100}万元", f"{rng.randint(1, 9)}.{rng.randint(1, 9)}亿元"])


def percent(rng: random.Random) -> str:
    return f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%"


def ordinal(rng: random.Random) -> str:
    return f"第{rng.randint(2, 40)}次"


def phase(rng: random.Random) -> str:
    return rng.choice(["前期", "一期", "二期", "三期"])


def rng_area(rng: random.Random) -> str:
    return rng.choice([f"{rng.randint(2, 12)}万平方米", f"{rng.randint(50, 900)}亩"])


def phone(rng: random.Random) -> str:
    return f"电话0379-{rng.randint(10000000, 99999999)}"


def code(rng: random.Random) -> str:
    return f"{rng.randint(100, 999)}项目"


# ---------------------------------------------------------------- sentences


class Writer:
    """Builds one article's sentences and counts the date mentions it inserts."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.mentions = 0

    def _m(self, gen) -> str:  # type: ignore[no-untyped-def]
        self.mentions += 1
        return gen(self.rng)

    def dated(self) -> str:
        """A sentence with exactly one date mention."""
        r = self.rng
        p, proj, place = person(r), r.choice(PROJECTS), r.choice(PLACES)
        kind = r.random()
        if kind < 0.45:
            d = self._m(day_mention)
            return r.choice([
                f"{d},{r.choice(TITLES)}{p}到{place}{r.choice(VISIT_VERBS)}{proj}建设情况",
                f"{d},{place}组织召开{ordinal(r)}{r.choice(MEETINGS)}",
                f"{p}一行于{d}来到{proj}{r.choice(['一期', '二期', '前期'])}项目现场",
                f"{proj}将于{d}正式投用",
                f"据悉,{place}已于{d}完成{proj}{phase(r)}工程招标工作",
            ])
        if kind < 0.70:
            d = self._m(deadline_mention)
            return r.choice([
                f"{proj}要确保{d}完工",
                f"{r.choice(DEPARTMENTS)}要在{d}完成{proj}的{r.choice(['征迁', '验收', '主体施工', '规划设计'])}工作",
                f"{p}要求,{d}全面完成{code(r)}整改任务",
                f"力争{d}实现{proj}竣工投用",
            ])
        if kind < 0.88:
            d = self._m(plan_mention)
            return r.choice([
                f"{d},{place}将基本实现{r.choice(GOALS)}",
                f"要立足{d}的目标任务,推动{r.choice(GOALS)}",
                f"{d}是{place}{r.choice(GOALS)}的关键阶段",
            ])
        d = self._m(festival_mention)
        return r.choice([
            f"{d},{proj}将面向市民开放",
            f"要做好{d}{r.choice(['安全生产', '市场保供', '疫情防控', '文旅活动'])}工作",
            f"{r.choice(DEPARTMENTS)}{d}要坚持值班值守",
        ])

    def plain(self) -> str:
        """A sentence without any date mention, often with a non-date that looks like one."""
        r = self.rng
        proj, place = r.choice(PROJECTS), r.choice(PLACES)
        return r.choice([
            f"{r.choice(DEPARTMENTS)}要{r.choice(WORK_VERBS)}{proj}建设,推动{r.choice(GOALS)}",
            f"{proj}总投资{money(r)},建成后将成为{place}新的地标",
            f"该项目是关系{place}长远发展的百年大计",
            f"{r.choice(TITLES)}{person(r)}强调,要{r.choice(WORK_VERBS)},确保{r.choice(GOALS)}",
            f"目前,{proj}已完成投资{money(r)},占年度计划的{percent(r)}",
            f"项目咨询{phone(r)}",
            f"要坚持问题导向,{r.choice(WORK_VERBS)},把各项任务落到实处",
            f"{place}深度融入“9+2”区域协作,积极对接{proj}等重大项目",
            f"在察看了{code(r)}、{proj}后,{person(r)}主持召开{ordinal(r)}{r.choice(MEETINGS)}",
            f"{proj}{phase(r)}用地{rng_area(r)},{phase(r)}工作已基本完成",
            f"现场,{person(r)}详细了解了{proj}{phase(r)}工程进度、资金保障等情况",
        ])


def headline(rng: random.Random) -> str:
    p, proj, place = person(rng), rng.choice(PROJECTS), rng.choice(PLACES)
    return rng.choice([
        f"{p}到{place}{rng.choice(VISIT_VERBS)}",
        f"{place}召开{rng.choice(MEETINGS)}",
        f"{p}带队{rng.choice(VISIT_VERBS)}{place}重点项目建设",
        f"{proj}建设按下“快进键”",
        f"{rng.choice(WORK_VERBS)}{proj}建设 奋力推动{rng.choice(GOALS)}",
        f"{place}:{rng.choice(WORK_VERBS)}重点项目 确保{rng.choice(GOALS)}",
    ])


def article(rng: random.Random, min_chars: int | None = None) -> tuple[str, int]:
    """One article's text and the number of date mentions in it: 3-9 paragraphs (about 680
    characters on average), or with `min_chars` as many paragraphs as make its body that long."""
    w = Writer(rng)
    parts = [headline(rng)]
    if rng.random() < 0.2:
        parts.append(person(rng))  # an author line under the headline, as in the seeds
    chars = 0
    paragraphs: list[str] = []
    count = rng.randint(3, 9) if min_chars is None else None
    while (len(paragraphs) < count) if count is not None else (chars < min_chars):  # type: ignore[operator]
        sentences = []
        for _ in range(rng.randint(2, 6)):
            # Keep the running density near the target: a dated sentence whenever the text
            # so far has fewer mentions than one per TARGET_CHARS_PER_MENTION characters.
            s = w.dated() if chars >= TARGET_CHARS_PER_MENTION * w.mentions else w.plain()
            sentences.append(s + "。")
            chars += len(s) + 1
        paragraphs.append("".join(sentences))
    byline = rng.random()
    if byline < 0.3:
        paragraphs[-1] += f"({person(rng)} {person(rng)})"
    elif byline < 0.5:
        paragraphs[-1] += f"来源:{rng.choice(PAPERS)}"
    text = "\n\n".join(parts + paragraphs)
    if rng.random() < 0.2:
        text = text.translate(FULL_WIDTH)
    return text, w.mentions


FULL_WIDTH = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）", ";": "；", "?": "？"})
ARTICLE_SEPARATOR = "\n\n\n\n"


def generate(n_bytes: int, seed: int, article_chars: int | None = None) -> tuple[str, int, int]:
    """(text, articles, mentions): whole articles up to n_bytes UTF-8 bytes (at least one);
    `article_chars`: see article()."""
    texts, mentions = articles(n_bytes, seed, article_chars)
    return ARTICLE_SEPARATOR.join(texts) + "\n", len(texts), mentions


def articles(n_bytes: int, seed: int, article_chars: int | None = None) -> tuple[list[str], int]:
    """(articles, mentions): the articles of generate(), each without the separator."""
    rng = random.Random(seed)
    pieces: list[str] = []
    size = 0
    mentions = 0
    while True:
        text, m = article(rng, article_chars)
        add = len(text.encode("utf-8")) + (len(ARTICLE_SEPARATOR) if pieces else 0)
        if pieces and size + add + 1 > n_bytes:  # +1 for the final newline
            break
        pieces.append(text)
        size += add
        mentions += m
    return pieces, mentions


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, required=True, help="size in MB (10**6 UTF-8 bytes); may be fractional")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True, help="the file to write (a folder with --one-per-file)")
    ap.add_argument("--article-chars", type=int, default=None, metavar="N",
                    help="articles of about N characters each (real news: about 2000) instead of 3-9 paragraphs")
    ap.add_argument("--one-per-file", action="store_true",
                    help="write each article to a file of its own in the folder --out, as news arrives")
    args = ap.parse_args(argv)
    if args.mb <= 0:
        ap.error("--mb must be positive")
    if args.one_per_file:
        texts, mentions = articles(int(args.mb * MB), args.seed, args.article_chars)
        write_files(args.out, texts)
        chars = sum(len(t) for t in texts)
        size = sum(len(t.encode("utf-8")) + 1 for t in texts)
        print(f"{args.out}: {len(texts):,} files, {size:,} bytes, {chars:,} characters, {mentions:,} date "
              f"mentions inserted = one per {chars / max(mentions, 1):.1f} characters", file=sys.stderr)
        return 0
    text, count, mentions = generate(int(args.mb * MB), args.seed, args.article_chars)
    data = text.encode("utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data):,} bytes, {len(text):,} characters, {count:,} articles, "
          f"{mentions:,} date mentions inserted = one per {len(text) / max(mentions, 1):.1f} characters",
          file=sys.stderr)
    return 0


def write_files(folder: Path, texts: list[str]) -> None:
    """Each article in a file of its own (article-00001.txt...), ending in a newline."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(texts, start=1):
        (folder / f"article-{n:05d}.txt").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
