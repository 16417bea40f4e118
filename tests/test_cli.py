"""Every `timeline` command through click's CliRunner: the contract users script against.

The seed store is built once for the module; tests that write make their own copies.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import cli

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EXPORTS = ("events.json", "calendar.ics", "events.ics", "deadlines.ics", "timeline.html")


@contextmanager
def inside(folder: Path):
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def run(folder: Path, *args: str, input: str | None = None):
    """Run the CLI in `folder` (sources are named relative to it), streams kept apart."""
    with inside(folder):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def fresh_project(tmp_path: Path) -> Path:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = fresh_project(tmp_path_factory.mktemp("project"))
    result = run(folder, "build", "--today", "2020-11-25")
    assert result.exit_code == 0, result.stderr
    return folder, result


def assert_one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_build_writes_every_export_and_reports_on_stderr(built):
    folder, result = built
    for name in EXPORTS:
        assert (folder / "exports" / name).stat().st_size > 0
    assert (folder / "exports" / "timeline.db").exists()
    assert result.stdout == ""  # stdout is for data only
    assert "1 file(s), 6 article(s)" in result.stderr


def _without_stamps(data: bytes) -> bytes:
    """A calendar without the lines that say when the store first saw and last changed an item."""
    return re.sub(rb"\r\n(DTSTAMP|CREATED|LAST-MODIFIED):\d{8}T\d{6}Z", b"", data)


def test_rebuilding_the_same_input_gives_identical_bytes(built, tmp_path):
    folder, _ = built
    copy = fresh_project(tmp_path)
    again = run(copy, "build", "--today", "2020-11-25")
    assert again.exit_code == 0
    first = {name: (copy / "exports" / name).read_bytes() for name in EXPORTS}
    for name in EXPORTS:  # another store: the same bytes but for when each store first saw the items
        assert _without_stamps(first[name]) == _without_stamps((folder / "exports" / name).read_bytes()), name
    twice = run(copy, "build", "--today", "2020-11-25")
    assert "(0 new, 0 changed, 0 removed)" in twice.stderr
    for name in EXPORTS:  # the same store: the very same bytes
        assert (copy / "exports" / name).read_bytes() == first[name], name


def test_events_json_lists_the_seed_events_with_evidence(built):
    folder, _ = built
    rows = json.loads(run(folder, "events", "--kind", "event", "--format", "json").stdout)
    days = sorted(row["start"][:10] for row in rows)
    assert {"2020-11-19", "2020-11-20", "2020-11-23", "2020-11-24", "2020-11-30"} <= set(days)
    meeting = next(row for row in rows if row["start"].startswith("2020-11-23"))
    assert meeting["start"] == "2020-11-23T12:00:00+08:00"  # 下午
    text = (SEEDS / meeting["evidence"]["file"].removeprefix("seeds/")).read_text("utf-8")
    offset, written = meeting["evidence"]["offset"], meeting["evidence"]["text"]
    assert text[offset:offset + len(written)] == written


def test_events_csv_parses_back(built):
    folder, _ = built
    rows = list(csv.DictReader(io.StringIO(run(folder, "events", "--format", "csv").stdout)))
    assert rows and {"id", "kind", "start", "due", "title", "file", "offset"} <= set(rows[0])


def test_events_filters_by_date(built):
    folder, _ = built
    rows = json.loads(run(folder, "events", "--from", "2022-01-01", "--to", "2022-12-31", "--format", "json").stdout)
    assert rows and all(row["due"].startswith("2022") for row in rows)


def test_due_lists_what_falls_due_soonest_first(built):
    folder, _ = built
    result = run(folder, "due", "--days", "40", "--today", "2020-11-25", "--format", "json")
    rows = json.loads(result.stdout)
    assert [row["due"] for row in rows] == sorted(row["due"] for row in rows)
    assert rows[0]["due"] == "2020-11-30" and rows[0]["days_left"] == 5
    assert any(row["kind"] == "deadline" and row["due"] == "2020-12-31" for row in rows)
    table = run(folder, "due", "--days", "40", "--today", "2020-11-25").stdout
    assert "2020-11-30" in table and "seeds/000_c2943cd1c302380c.txt:" not in table
    wide = run(folder, "due", "--days", "40", "--today", "2020-11-25", "--wide").stdout
    assert "seeds/000_c2943cd1c302380c.txt:" in wide and rows[0]["id"] in wide


def test_due_with_nothing_due_exits_zero(built):
    folder, _ = built
    result = run(folder, "due", "--days", "3", "--today", "2040-01-01", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_due_overdue_lists_missed_deadlines(built):
    folder, _ = built
    rows = json.loads(run(folder, "due", "--overdue", "--today", "2023-01-01", "--format", "json").stdout)
    assert {row["due"] for row in rows} >= {"2020-12-31", "2022-06-30"}
    assert all(row["days_left"] < 0 for row in rows)


@pytest.mark.parametrize("days", ["-1", "99999999"])
def test_due_refuses_absurd_windows(built, days):
    folder, _ = built
    result = run(folder, "due", "--days", days, "--today", "2020-11-25")
    assert result.exit_code == 2 and "--days" in result.stderr  # a usage error, like every other


def test_due_project_filter(built):
    folder, _ = built
    rows = json.loads(run(folder, "due", "--days", "800", "--today", "2020-11-25", "--project", "科技馆",
                          "--format", "json").stdout)
    assert rows and all(any("科技馆" in p for p in row["projects"]) for row in rows)


def test_explain_shows_reference_rule_and_evidence(built):
    folder, _ = built
    rows = json.loads(run(folder, "events", "--kind", "deadline", "--format", "json").stdout)
    target = next(row for row in rows if row["evidence"]["text"] == "2022年6月底前")
    out = run(folder, "explain", target["id"][:14]).stdout
    assert "2022年6月底前" in out and "reference:" in out and "2020" in out and "rule" in out


def test_explain_unknown_id_is_a_one_line_error(built):
    folder, _ = built
    assert_one_line_error(run(folder, "explain", "event-nope"), "event-nope")


def test_resolve_prints_spans_and_rules():
    result = CliRunner().invoke(cli, ["resolve", "该项目计划2022年6月底前完成布展", "--ref", "2020-11-30"])
    assert result.exit_code == 0
    offset, text, described, rule = result.stdout.strip().split("\t")
    assert (offset, text) == ("5", "2022年6月底前") and described.startswith("2020-11-30..2022-07-01") and rule
    as_json = json.loads(CliRunner().invoke(cli, ["resolve", "11月30日", "--ref", "2020-12-05", "--json"]).stdout)
    assert as_json["start"] == "2020-11-30" and as_json["end"] == "2020-12-01"


def test_resolve_speaks_the_scoring_protocol():
    line = json.dumps({"id": "x-1", "text": "下周三", "ref": "2020-11-30T00:00:00"}, ensure_ascii=False)
    result = CliRunner().invoke(cli, ["resolve", "--jsonl"], input=line + "\n")
    answer = json.loads(result.stdout)
    assert answer["id"] == "x-1" and answer["results"][0]["start"] == "2020-12-09"


def test_serve_without_a_store_is_a_one_line_error(tmp_path):
    assert_one_line_error(run(tmp_path, "--db", str(tmp_path / "none.db"), "serve"), "none.db")


# -- bad input: one line naming the file, non-zero exit, store and exports untouched ------------


@pytest.fixture
def project(tmp_path):
    folder = fresh_project(tmp_path)
    assert run(folder, "build", "--today", "2020-11-25").exit_code == 0
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / "exports" / name).read_bytes() for name in (*EXPORTS, "timeline.db")}


def exports_folder(folder: Path) -> list[str]:
    """The exports folder's entries: the hidden ones a build keeps (the published version,
    its link, the build lock) as placeholders, so a leftover temporary shows up."""
    names = []
    for p in (folder / "exports").iterdir():
        names.append("<version>" if p.name.startswith(".exports-") else p.name)
    return sorted(names)


PUBLISHED = sorted((*EXPORTS, "timeline.db", ".current", "<version>", ".timeline.db.lock"))


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("broken.txt", "11月30日召开会议。".encode("utf-8")[:-1] + b"\xff\xfe\x80\x81" * 40, "broken.txt"),
    ],
)
def test_bad_files_fail_cleanly_and_change_nothing(project, name, data, needle):
    (project / "seeds" / name).write_bytes(data)
    before = snapshot(project)
    result = run(project, "build", "--today", "2020-11-25")
    assert_one_line_error(result, name, needle)
    assert snapshot(project) == before


def test_missing_path_fails_cleanly(project):
    before = snapshot(project)
    assert_one_line_error(run(project, "build", "nowhere/news.txt"), "nowhere/news.txt", "no such file")
    assert snapshot(project) == before


def test_unwritable_output_folder_fails_before_the_store_changes(project):
    (project / "blocked").write_text("a file where the output folder should be")
    (project / "seeds" / "more.txt").write_text("新闻标题\n\n12月3日,召开会议。\n", encoding="utf-8")
    before = snapshot(project)
    assert_one_line_error(run(project, "build", "--out", "blocked/out"), "blocked/out")
    assert snapshot(project) == before


def test_an_empty_file_is_a_warning_not_an_error(project):
    (project / "seeds" / "empty.txt").write_bytes(b"")
    result = run(project, "build", "--today", "2020-11-25", "--verbose")
    assert result.exit_code == 0
    assert "Warning: seeds/empty.txt: empty file" in result.stderr


def test_adding_an_article_changes_no_other_id(project):
    ids = {row["id"] for row in json.loads((project / "exports" / "events.json").read_text("utf-8"))}
    (project / "seeds" / "more.txt").write_text(
        "伊滨区召开项目推进会\n\n12月3日,区党工委书记何武周主持召开第19次重点项目推进会。(张三)\n", encoding="utf-8")
    result = run(project, "build", "--today", "2020-11-25")
    assert result.exit_code == 0
    after = {row["id"] for row in json.loads((project / "exports" / "events.json").read_text("utf-8"))}
    assert ids < after


def test_published_overrides_the_inferred_reference(tmp_path):
    folder = tmp_path
    (folder / "news.txt").write_text("会议通知\n\n明天上午,召开第19次重点项目推进会。(张三)\n", encoding="utf-8")
    assert run(folder, "build", "news.txt", "--published", "2021-03-05", "--today", "2021-03-05").exit_code == 0
    rows = json.loads((folder / "exports" / "events.json").read_text("utf-8"))
    assert [row["start"][:10] for row in rows] == ["2021-03-06"]


def test_bad_remind_option_is_a_usage_error(tmp_path):
    result = run(fresh_project(tmp_path), "build", "--remind", "seven")
    assert result.exit_code == 2 and "--remind" in result.stderr


def test_the_events_table_reads_in_the_order_of_its_dates(built):
    folder, _ = built
    days = [line.split()[0] for line in run(folder, "events").stdout.splitlines()[1:]]  # under the header
    assert days == sorted(days) and len(days) >= 10


def test_a_disk_full_while_writing_exports_changes_nothing(project, monkeypatch, capfd):
    from timeline import pipeline

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "render_nearest", full)  # the last export, after the others are staged
    (project / "seeds" / "more.txt").write_text("新闻标题\n\n12月3日,召开会议。\n", encoding="utf-8")
    before = snapshot(project)
    assert_one_line_error(run(project, "build", "--today", "2020-11-25"), "exports", "No space left")
    assert snapshot(project) == before
    assert exports_folder(project) == PUBLISHED
    assert "Exception ignored" not in capfd.readouterr().err


def test_an_export_that_cannot_be_created_leaves_no_temporary_files(project, monkeypatch):
    import tempfile as tempfile_module

    from timeline import atomic

    made = []
    mkstemp = tempfile_module.mkstemp

    def third_fails(*args, **kwargs):
        made.append(1)
        if len(made) == 3:
            raise OSError(24, "Too many open files")
        return mkstemp(*args, **kwargs)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", third_fails)
    before = snapshot(project)
    assert_one_line_error(run(project, "build", "--today", "2020-11-25"), "Too many open files")
    assert snapshot(project) == before
    assert exports_folder(project) == PUBLISHED
