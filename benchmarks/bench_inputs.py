#!/usr/bin/env python3
"""Reading speed of each input kind: saved HTML pages, JSON Lines dumps and RSS feeds.

    python benchmarks/bench_inputs.py [--mb 1] [--rounds 3]

Makes its own synthetic inputs in a temporary folder (made-up articles cut from the seed text,
about MB megabytes of each kind) and times, in this process and the same run:

- timeline: `timeline.inputs.read_file` on each file, i.e. bytes to Articles with their
  publication dates (the dates come from each record's metadata, so no text inference runs);
- the peer of each kind doing only its own parsing: trafilatura.bare_extraction per page with
  the same options, `json.loads` per line, `feedparser.parse` per feed.

Prints MB/s of input bytes for both and the ratio (timeline / peer: below 1.00x means reading
into Articles costs more than the parser alone). The sides alternate and keep their best round
(_common.interleaved). It never asserts.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

import feedparser
import trafilatura
from _common import MB, REPO, environment, interleaved, ratio, seed_text, table

sys.path.insert(0, str(REPO))
from timeline.inputs import read_file  # noqa: E402
from timeline.types import SHANGHAI  # noqa: E402

FALLBACK = date(2030, 1, 1)


def _stories(n_bytes: int) -> list[tuple[str, str, date]]:
    """(title, body, day) of made-up articles: seed paragraphs regrouped, about n_bytes in all."""
    paragraphs = [p.strip() for p in seed_text().split("\n") if len(p.strip()) > 40]
    stories, size, k = [], 0, 0
    while size < n_bytes:
        body = "\n".join(paragraphs[(k + i) % len(paragraphs)] for i in range(4))
        title = f"某地重点项目推进情况之{k}"
        stories.append((title, body, date(2023, 1, 1) + timedelta(days=k % 365)))
        size += len((title + body).encode())
        k += 1
    return stories


def _page(title: str, body: str, day: date) -> str:
    paras = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n"))
    return (f"<html><head><title>{escape(title)} - 某某网</title>"
            f'<meta property="article:published_time" content="{day.isoformat()}T08:00:00+08:00"></head>'
            f"<body><nav><a href='/'>首页</a> | <a href='/news'>新闻</a></nav><article><h1>{escape(title)}</h1>"
            f"{paras}</article><div class='comments'>网友评论：好！</div><footer>版权所有</footer></body></html>")


def _feed(stories: list[tuple[str, str, date]]) -> str:
    items = "".join(
        f"<item><title>{escape(t)}</title><link>https://example.org/{i}</link>"
        f"<pubDate>{format_datetime(datetime(d.year, d.month, d.day, 8, tzinfo=SHANGHAI))}</pubDate>"
        f"<description>{escape(''.join(f'<p>{p}</p>' for p in b.split(chr(10))))}</description></item>"
        for i, (t, b, d) in enumerate(stories)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>某某网</title>{items}</channel></rss>'


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=1.0, help="megabytes of each kind (default 1)")
    ap.add_argument("--rounds", type=int, default=3)
    opts = ap.parse_args(argv)
    stories = _stories(int(opts.mb * MB))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pages = []
        for i, story in enumerate(stories):
            pages.append(folder / f"page{i}.html")
            pages[-1].write_text(_page(*story), encoding="utf-8")
        jsonl = folder / "dump.jsonl"
        jsonl.write_text("".join(json.dumps({"title": t, "content": b, "publish_time": d.isoformat(), "url": f"https://example.org/{i}"},
                                            ensure_ascii=False) + "\n" for i, (t, b, d) in enumerate(stories)), encoding="utf-8")
        feed = folder / "feed.xml"
        feed.write_text(_feed(stories), encoding="utf-8")

        page_texts = [p.read_text(encoding="utf-8") for p in pages]
        html_bytes = sum(p.stat().st_size for p in pages)
        kinds = {
            "HTML pages": (html_bytes,
                           lambda: [read_file(p, fallback=FALLBACK) for p in pages],
                           lambda: [trafilatura.bare_extraction(h, with_metadata=True, include_comments=False, favor_precision=True,
                                                                date_extraction_params={"extensive_search": False, "original_date": True})
                                    for h in page_texts],
                           "trafilatura alone"),
            "JSON Lines": (jsonl.stat().st_size,
                           lambda: read_file(jsonl, fallback=FALLBACK),
                           lambda: [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()],
                           "json.loads per line"),
            "RSS feed": (feed.stat().st_size,
                         lambda: read_file(feed, fallback=FALLBACK),
                         lambda: feedparser.parse(feed.read_bytes()),
                         "feedparser alone"),
        }
        for kind, (size, ours, peer, peer_name) in kinds.items():
            best = interleaved({"timeline": ours, "peer": peer}, rounds=opts.rounds)
            mbs = {k: size / MB / v for k, v in best.items()}
            rows.append([kind, f"{size / MB:.2f}", f"{mbs['timeline']:.2f}", f"{mbs['peer']:.2f}", peer_name,
                         ratio(mbs["timeline"], mbs["peer"])])
    print(environment())
    print(f"{len(stories)} made-up articles per kind")
    print(table(rows, ["input", "MB", "timeline MB/s", "peer MB/s", "peer", "timeline/peer"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
