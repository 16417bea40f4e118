"""A file is one source however it is named: builds name files from the store's folder."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from tests.test_cli import run
from timeline import pipeline
from timeline.export.html import default_title
from timeline.ingest import source_name

NEWS = "2020年11月30日，区政府召开重点项目推进会。2021年6月底前完成主体工程。"


def _project(folder: Path) -> Path:
    (folder / "news").mkdir(parents=True)
    (folder / "news" / "a.txt").write_text(NEWS, encoding="utf-8")
    return folder


def _items(exports: Path) -> list[dict]:
    return json.loads((exports / "events.json").read_text(encoding="utf-8"))


def test_source_name_is_relative_to_the_root_even_beside_it(tmp_path: Path) -> None:
    news = _project(tmp_path) / "news" / "a.txt"
    assert source_name(news, tmp_path) == "news/a.txt"
    assert source_name(news, tmp_path / "exports") == "../news/a.txt"
    assert source_name(tmp_path / "news" / ".." / "news" / "a.txt", tmp_path / "exports") == "../news/a.txt"
    assert source_name(Path("news/a.txt")) == "news/a.txt"  # no root: as given


def test_every_spelling_of_a_file_is_one_source_with_the_same_ids(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    spellings = [
        (project, "news/a.txt"),
        (project, "./news/../news/a.txt"),
        (project, str(project / "news" / "a.txt")),
        (project / "news", "a.txt"),  # from another working folder, with --db pointing back
    ]
    seen = []
    for cwd, spelling in spellings:
        db = project / "exports" / "timeline.db"
        result = run(cwd, "--db", str(db), "build", spelling, "--out", str(project / "exports"),
                     "--today", "2020-11-25")
        assert result.exit_code == 0, result.stderr
        items = _items(project / "exports")
        seen.append(sorted(item["id"] for item in items))
    assert len(seen[0]) == 2
    assert all(ids == seen[0] for ids in seen)  # never duplicated, never renamed


def test_a_project_moved_with_its_store_keeps_every_id(tmp_path: Path) -> None:
    first = _project(tmp_path / "here")
    assert run(first, "build", "news", "--today", "2020-11-25").exit_code == 0
    moved = tmp_path / "elsewhere" / "cloned"
    shutil.copytree(first, moved)  # follows links: the copy's .current is a folder, its exports files
    assert not (moved / "exports" / ".current").is_symlink()
    assert run(moved, "build", "news", "--today", "2020-11-25").exit_code == 0
    before, after = _items(first / "exports"), _items(moved / "exports")
    assert [i["id"] for i in before] == [i["id"] for i in after]
    assert {i["evidence"]["file"] for i in after} == {"../news/a.txt"}
    assert (moved / "exports" / ".current").is_symlink() and (moved / "exports" / "calendar.ics").is_symlink()
    assert [p.name for p in (moved / "exports").iterdir() if p.name.startswith(".exports-")] == [
        (moved / "exports" / ".current").readlink().name]  # the copied versions were swept


def test_a_store_that_named_the_file_as_typed_is_replaced_not_duplicated(tmp_path: Path, monkeypatch) -> None:
    project = _project(tmp_path)
    monkeypatch.chdir(project)
    db, out = project / "exports" / "timeline.db", project / "exports"
    now = datetime(2020, 11, 30, tzinfo=UTC)
    # an older build named the file as the command line spelled it (relative to the working folder)
    pipeline.build([Path("news/a.txt")], db=db, out=out, now=now, today=date(2020, 11, 25), root=Path.cwd())
    assert {i["evidence"]["file"] for i in _items(out)} == {"news/a.txt"}
    report = pipeline.build([Path("news/a.txt")], db=db, out=out, now=now, today=date(2020, 11, 25))
    assert (report.stats.added, report.stats.removed) == (2, 2)
    assert {i["evidence"]["file"] for i in _items(out)} == {"../news/a.txt"}
    assert len(_items(out)) == 2


def test_the_page_title_names_the_folder_below_the_steps_up() -> None:
    assert default_title(["../seeds/000_c2943cd1c302380c.txt"]) == "seeds · 时间线"
    assert default_title(["/srv/news/a.txt"]) == "srv · 时间线"
    assert default_title(["../a.txt"]) == "a · 时间线"


def test_errors_and_warnings_name_the_file_as_typed(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "news" / "bad.jsonl").write_text('{"title": "甲", "text": "2020年1月1日开会。"}\n{broken\n',
                                               encoding="utf-8")
    result = run(project, "build", "news/bad.jsonl", "--today", "2020-11-25")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: news/bad.jsonl: line 2: not valid JSON")
    (project / "news" / "empty.txt").write_text("", encoding="utf-8")
    result = run(project, "build", "news/empty.txt", "news/a.txt", "--today", "2020-11-25", "--verbose")
    assert result.exit_code == 0 and "news/empty.txt: empty file" in result.stderr
    assert "../news" not in result.stderr
