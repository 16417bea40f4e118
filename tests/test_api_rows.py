"""The library API for cluster jobs (`timeline.api`) and `timeline import` of its rows (issue 16).

Rows made from the seeds and imported give the exports of a local build, byte for byte.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline import pipeline
from timeline.api import (
    article_from_row,
    article_row,
    articles_from_text,
    event_from_row,
    events_of,
)
from timeline.cli import cli
from timeline.engines.local import events_of as events_in
from timeline.engines.rows import read_rows, row_files
from timeline.errors import InputError
from timeline.export.json import item_dict
from timeline.ingest import read_articles
from timeline.types import StoredEvent

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILE = sorted(SEEDS.glob("*.txt"))[0]
EXPORTS = ("events.json", "calendar.ics", "events.ics", "deadlines.ics", "timeline.html")
NOW = datetime(2020, 12, 1, tzinfo=UTC)
TODAY = date(2020, 11, 30)


def seed_rows() -> list[dict]:
    source = f"seeds/{SEED_FILE.name}"
    return [row for article in articles_from_text(SEED_FILE.read_text("utf-8"), source) for row in events_of(article)]


@pytest.fixture(scope="module")
def local_build(tmp_path_factory) -> dict[str, bytes]:
    """The seeds built by the local engine, sources named `seeds/...` as the rows name them."""
    folder = tmp_path_factory.mktemp("local")
    pipeline.build([SEEDS], db=folder / "t.db", out=folder / "out", now=NOW, today=TODAY, root=SEEDS.parent)
    return {name: (folder / "out" / name).read_bytes() for name in EXPORTS}


def test_articles_from_text_reads_what_a_build_reads() -> None:
    from_file = read_articles(SEED_FILE, root=SEEDS.parent, fallback=TODAY)
    from_text = articles_from_text(SEED_FILE.read_text("utf-8").replace("\n", "\r\n"), f"seeds/{SEED_FILE.name}")
    assert [(a.id, a.source, a.reference, a.reference_note, a.offset_map) for a in from_text] == [
        (a.id, a.source, a.reference, a.reference_note, a.offset_map) for a in from_file
    ]


def test_articles_from_text_needs_a_date_when_the_text_has_none() -> None:
    text = "区里召开推进会。\n\n要求下周三前完成整改。"
    with pytest.raises(InputError, match=r"^x\.txt: no publication date and no year clue"):
        articles_from_text(text, "x.txt")
    [article] = articles_from_text(text, "x.txt", fallback=date(2021, 3, 1))
    assert article.reference.year == 2021 and article.warnings
    [published] = articles_from_text(text, "x.txt", published=date(2021, 3, 1))
    assert published.reference == date(2021, 3, 1) and not published.warnings


def test_events_of_gives_events_json_fields_and_round_trips() -> None:
    [article, *_] = articles_from_text(SEED_FILE.read_text("utf-8"), "seeds/a.txt")
    events = events_in(article)
    rows = events_of(article)
    assert rows and len(rows) == len(events)
    for event, row in zip(events, rows):
        listed = item_dict(StoredEvent(event, 0, NOW))
        assert set(row) == set(listed) - {"sequence"} | {"reference", "reference_note", "reference_certainty"}
        assert {k: row[k] for k in listed if k not in ("sequence", "evidence")} == {
            k: v for k, v in listed.items() if k not in ("sequence", "evidence")}
        assert listed["evidence"].items() <= row["evidence"].items()
        assert json.loads(json.dumps(row, ensure_ascii=False)) == row  # plain JSON values only
        assert event_from_row(row) == event
        assert row["reference"] == article.reference.isoformat()
    stored = article_from_row(article_row(article))
    assert (stored.id, stored.index, stored.title, stored.reference, stored.warnings) == (
        article.id, article.index, article.title, article.reference, article.warnings)


def test_api_imports_neither_plotly_nor_the_store() -> None:
    code = ("import sys, timeline.api; bad = [m for m in sys.modules if m.split('.')[0] in ('plotly', 'icalendar')"
            " or m in ('timeline.store', 'sqlite3')]; print(bad); sys.exit(bool(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _imported(folder: Path, *paths: Path) -> dict[str, bytes]:
    """The exports of `paths` imported into a fresh store at the local build's `now` (the
    store stamps CREATED and DTSTAMP with the build's now)."""
    pipeline.build(list(paths), db=folder / "imported.db", out=folder / "imported", now=NOW, today=TODAY,
                   engine="rows")
    return {name: (folder / "imported" / name).read_bytes() for name in EXPORTS}


def _import(folder: Path, *paths: Path):
    return CliRunner().invoke(cli, ["--db", str(folder / "i.db"), "import", *map(str, paths),
                                    "--out", str(folder / "out"), "--today", TODAY.isoformat()])


def test_import_jsonl_gives_the_local_build_bytes(tmp_path: Path, local_build: dict[str, bytes]) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in seed_rows()), "utf-8")
    assert _imported(tmp_path, items) == local_build
    result = _import(tmp_path, items)
    assert result.exit_code == 0, result.stderr
    assert "11 item(s) (11 new" in result.stderr
    assert json.loads((tmp_path / "out" / "events.json").read_text("utf-8"))


def test_import_parquet_folder_gives_the_local_build_bytes(tmp_path: Path, local_build: dict[str, bytes]) -> None:
    pa = pytest.importorskip("pyarrow", reason="Parquet needs the spark extra: pip install -e '.[spark]'")
    import pyarrow.parquet as pq

    rows = seed_rows()
    folder = tmp_path / "items.parquet"  # the shape Spark writes: a folder of parts and a _SUCCESS
    folder.mkdir()
    pq.write_table(pa.Table.from_pylist(rows[:4]), folder / "part-00000.parquet")
    pq.write_table(pa.Table.from_pylist(rows[4:]), folder / "part-00001.parquet")
    (folder / "_SUCCESS").write_text("")
    assert [p.name for p in row_files([folder])] == ["part-00000.parquet", "part-00001.parquet"]
    assert [row for _, row in read_rows(folder / "part-00000.parquet")] == rows[:4]
    assert _imported(tmp_path, folder) == local_build


def test_import_again_replaces_a_source_and_keeps_the_others(tmp_path: Path) -> None:
    rows = seed_rows()
    other = json.loads(json.dumps(rows[0]))
    other["id"], other["evidence"]["file"] = "event-other", "other.txt"
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*rows, other]), "utf-8")
    assert _import(tmp_path, first).exit_code == 0
    second.write_text(json.dumps(rows[0], ensure_ascii=False) + "\n", "utf-8")
    result = _import(tmp_path, second)
    assert result.exit_code == 0, result.stderr
    assert f"({0} new, 0 changed, {len(rows) - 1} removed)" in result.stderr
    items = json.loads((tmp_path / "out" / "events.json").read_text("utf-8"))
    assert sorted(i["evidence"]["file"] for i in items) == ["other.txt", f"seeds/{SEED_FILE.name}"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('{"id": 1\n', "items.jsonl: line 1: not JSON"),
        ("\n[1, 2]\n", "items.jsonl: line 2: not a JSON object"),
        ('{"id": "event-1"}\n', "items.jsonl: line 1: not an item row (no field 'evidence')"),
    ],
)
def test_import_bad_rows_is_one_line_and_changes_nothing(tmp_path: Path, content: str, needle: str) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(content, "utf-8")
    result = _import(tmp_path, items)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {tmp_path / needle}")
    assert not (tmp_path / "out" / "events.json").exists()


def test_import_missing_or_non_parquet_file(tmp_path: Path) -> None:
    result = _import(tmp_path, tmp_path / "nope.jsonl")
    assert result.exit_code == 1 and "nope.jsonl: no such file or folder" in result.stderr
    pytest.importorskip("pyarrow", reason="Parquet needs the spark extra")
    fake = tmp_path / "fake.parquet"
    fake.write_bytes(b"not parquet at all")
    result = _import(tmp_path, fake)
    assert result.exit_code == 1 and "fake.parquet: not a Parquet file" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_master_needs_the_spark_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "build", str(SEEDS), "--master", "local[2]"])
    assert result.exit_code == 2 and "--master needs --engine spark" in result.stderr


def test_build_spark_without_pyspark_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark then raises ImportError
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "build", str(SEEDS), "--out",
                                      str(tmp_path / "out"), "--engine", "spark"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: --engine spark: pyspark is not installed: pip install -e '.[spark]'"
    assert not (tmp_path / "out" / "events.json").exists()
