"""What a process loads only when it needs it: jieba's tagger when an item needs words (and jieba
itself only when the tagger's cache file must be made); plotly never, its files are read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _run(code: str, cache: Path) -> str:
    env = {"TIMELINE_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


LOADED = "print(sorted({m.split('.')[0] for m in sys.modules} & {'plotly', 'jieba'}))"


def test_extracting_loads_neither_plotly_nor_jieba_until_an_item_needs_words(tmp_path: Path) -> None:
    code = f"""
import sys
from datetime import date
from timeline.ids import stable_id
from timeline.pipeline import events_of
from timeline.extract import names
from timeline.types import Article, Certainty
body = "2019年,与会人员就相关问题进行了讨论。"
article = Article(id=stable_id("article", "纪要", body), source="a.txt", index=0, title="纪要", body=body,
                  reference=date(2020, 11, 30), reference_note="test", reference_certainty=Certainty.EXACT)
assert events_of(article) == []
assert names._tagger.cache_info().currsize == 0
{LOADED}
"""
    assert _run(code, tmp_path) == "[]"


@pytest.mark.parametrize("cached", [False, True])
def test_tagging_imports_jieba_only_to_make_the_cache(tmp_path: Path, cached: bool) -> None:
    code = f"""
import sys
from timeline.extract import names
assert ("向阳", "nr") in names.tag("管委会主任张向阳深入现场")
{LOADED}
"""
    if cached:
        _run(code, tmp_path)  # makes the cache file
    assert _run(code, tmp_path) == ("[]" if cached else "['jieba']")


def test_a_build_reads_plotlys_files_for_its_page_without_importing_plotly(tmp_path: Path) -> None:
    code = f"""
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from timeline.pipeline import build
{LOADED}
build([Path({str(SEEDS)!r})], db=Path({str(tmp_path)!r}) / "t.db", out=Path({str(tmp_path)!r}) / "out",
      now=datetime(2020, 11, 30, tzinfo=UTC), today=date(2020, 11, 30))
{LOADED}
"""
    before, after = _run(code, tmp_path / "cache").splitlines()
    assert before == "[]"
    assert "plotly" not in after
    assert (tmp_path / "out" / "timeline.html").stat().st_size > 1_000_000
