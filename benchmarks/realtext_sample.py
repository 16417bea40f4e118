"""Draw real news sentences at random and print what the resolver finds in them, for judging by reading.

    python benchmarks/realtext_sample.py [--articles DIR] [--gold GOLD] [--n 200] [--seed 13]
        [--judged JUDGED.jsonl] [--misses]

The sentences come from the real-news dev articles (../shared/realnews-dev by default), read at
run time: nothing of them is stored in the project.  Only dated articles take part (the
reference is the article's publication day from gold.json).  Each article body is resolved as
a whole, as a build resolves it, so 当天/次日 see the dates written before them; the mentions
that fall inside a drawn sentence are printed with their span and interval.

--round K (K > 0) draws another n sentences, disjoint from the samples of rounds 0..K-1, to be
judged only after the fixes the earlier rounds led to: the families must carry over to it.

A sentence is drawn from those holding a character a time expression needs (a digit or one of
年月日天时点号周今明昨前后初底旬季节期夜晨午): a sentence without any of them holds no time a
reader would mark.  The draw is seeded, so the same files give the same sample.

With --judged, a reader's judgements (kept outside the project, e.g. under /tmp) score the run:
one JSON object a line, {"key": "FILE#ARTICLE:OFFSET", "expect": [["SPAN", "START..END"], ...]}, the
time expressions a news reader marks in that sentence with the interval they mean (START..END
as the corpus notation writes them, end exclusive; a deadline is written from the reference to
its due end).  SPAN may list accepted alternatives separated by "|".  A mention is right when
its span is one of those of an expected expression and its interval equals that expression's.
Precision = right mentions / mentions; recall = expected expressions found / expected.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import date
from pathlib import Path

from timeline.inputs.text import articles_from_text
from timeline.resolver import describe, resolve
from timeline.sentences import split_sentences

HERE = Path(__file__).resolve().parent
DEFAULT_KIT = HERE.parent.parent.parent / "shared" / "realnews-dev"
TIME_CHARS = re.compile(r"[0-9０-９一二三四五六七八九十年月日天时点号周今明昨前后初底旬季节期夜晨午]")


def draw(articles_dir: Path, gold: Path, n: int, seed: int, draw_round: int = 0) -> list[tuple[str, str, str, list[str]]]:
    """(key, reference, sentence, mention lines) of n sentences drawn with `seed`; round k > 0 draws
    n others with seed + k from the sentences the earlier rounds left."""
    published = {a["file"]: a["published"] for a in json.loads(gold.read_text("utf-8"))["articles"]}
    pool: list[tuple[str, str, str, list[str]]] = []
    for name in sorted(published):
        if not published[name]:
            continue
        ref = date.fromisoformat(published[name])
        text = (articles_dir / name).read_text("utf-8")
        for article in articles_from_text(text, name, ref):
            spans = resolve(article.body, article.reference)
            for s in split_sentences(article.body):
                if not TIME_CHARS.search(s.text):
                    continue
                inside = [f"{sp.text}\t{describe(sp).split(' ')[0]}\t{sp.rule}"
                          for sp in spans if s.offset <= sp.offset < s.end]
                pool.append((f"{name}#{article.index}:{s.offset}", ref.isoformat(), s.text, inside))
    drawn: set[str] = set()
    sample: list[tuple[str, str, str, list[str]]] = []
    for k in range(draw_round + 1):  # each round draws from what the rounds before it left
        rest = [row for row in pool if row[0] not in drawn]
        sample = random.Random(seed + k).sample(rest, min(n, len(rest)))
        drawn.update(key for key, *_ in sample)
    return sample


def score(sample: list[tuple[str, str, str, list[str]]], judged: Path, show_misses: bool) -> None:
    expect = {}
    for line in judged.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            expect[row["key"]] = [(spans.split("|"), interval) for spans, interval in row["expect"]]
    right = found = mentions = wanted = 0
    unjudged = []
    for key, ref, sentence, inside in sample:
        if key not in expect:
            unjudged.append(key)
            continue
        got = [line.split("\t")[:2] for line in inside]
        want = expect[key]
        mentions += len(got)
        wanted += len(want)
        hits = {i for i, (span, iv) in enumerate(got) for spans, w in want if span in spans and iv == w}
        met = [any(span in spans and iv == w for span, iv in got) for spans, w in want]
        right += len(hits)
        found += sum(met)
        if show_misses:
            for i, (span, iv) in enumerate(got):
                if i not in hits:
                    print(f"WRONG  {key}\t{span}\t{iv}")
            for (spans, w), ok in zip(want, met):
                if not ok:
                    print(f"MISSED {key}\t{'|'.join(spans)}\t{w}")
    if unjudged:
        print(f"{len(unjudged)} sentences not judged: {' '.join(unjudged)}", file=sys.stderr)
    print(f"precision {right}/{mentions} ({100 * right / max(mentions, 1):.1f}%), "
          f"recall {found}/{wanted} ({100 * found / max(wanted, 1):.1f}%)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=Path, default=DEFAULT_KIT / "articles")
    ap.add_argument("--gold", type=Path, default=DEFAULT_KIT / "gold.json")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--round", type=int, default=0, dest="draw_round",
                    help="K > 0: a sample disjoint from those of rounds 0..K-1, to check that fixes carry over")
    ap.add_argument("--judged", type=Path, help="judgements to score against (JSON lines, kept outside the project)")
    ap.add_argument("--misses", action="store_true", help="with --judged: list each wrong and each missed mention")
    args = ap.parse_args()
    sample = draw(args.articles, args.gold, args.n, args.seed, args.draw_round)
    if args.judged:
        score(sample, args.judged, args.misses)
        return
    for key, ref, sentence, inside in sample:
        print(f"## {key} ref {ref}\n{sentence}")
        for line in inside:
            print(f"  {line}")


if __name__ == "__main__":
    main()
