"""Issue 14: a command line that feels right to people who live in a terminal."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline import cli as cli_module
from timeline.cli import cli
from timeline.cli_messages import ProgressBars, plain, summary
from timeline.cli_table import cells, fit, pad, render_table
from timeline.export.json import item_dict
from timeline.ingest import front_matter_date
from timeline.store import Store
from timeline.types import SHANGHAI
from timeline.userdates import user_date, written_date

from tests.test_cli import fresh_project, run


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    folder = fresh_project(tmp_path_factory.mktemp("issue14"))
    assert run(folder, "build", "--today", "2020-11-25").exit_code == 0
    return folder


# -- --db and --debug on either side of the subcommand ---------------------------------------


def test_db_works_after_the_subcommand_too(seed, tmp_path):
    db = str(seed / "exports" / "timeline.db")
    before = run(tmp_path, "--db", db, "events", "--format", "json")
    after = run(tmp_path, "events", "--db", db, "--format", "json")
    assert before.exit_code == after.exit_code == 0
    assert json.loads(after.stdout) == json.loads(before.stdout) and json.loads(after.stdout)


def test_debug_works_after_the_subcommand_too(tmp_path):
    runner = CliRunner()
    quiet = runner.invoke(cli, ["explain", "x", "--db", str(tmp_path / "none.db")])
    assert quiet.exit_code == 1 and "Traceback" not in quiet.stderr
    loud = runner.invoke(cli, ["explain", "x", "--db", str(tmp_path / "none.db"), "--debug"])
    assert loud.exception is not None and not isinstance(loud.exception, SystemExit)


def test_h_is_help_for_the_group_and_the_commands():
    for args in (["-h"], ["due", "-h"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0 and "Usage:" in result.stdout


def test_python_dash_m_timeline_runs_the_cli():
    done = subprocess.run([sys.executable, "-m", "timeline", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "Usage: timeline" in done.stdout


# -- a closed pipe ---------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["head -1", "true"])
def test_a_closed_pipe_ends_quietly_in_a_real_shell(seed, reader):
    line = f'"{sys.executable}" -m timeline events --format json | {reader}; echo "status ${{PIPESTATUS[0]}}" >&2'
    done = subprocess.run(["bash", "-c", line], cwd=seed, capture_output=True, text=True, check=False)
    assert done.stderr.strip() == "status 0", done.stderr
    head = subprocess.run(["bash", "-c", f'"{sys.executable}" -m timeline events | head -1'], cwd=seed,
                          capture_output=True, text=True, check=False)
    assert head.stdout.startswith("DATE") and head.stderr == ""


# -- nothing due -----------------------------------------------------------------------------


def test_nothing_due_names_the_next_item_after_the_window(seed):
    result = run(seed, "due", "--today", "2021-11-25", "--days", "5")
    assert result.exit_code == 0 and result.stdout == ""
    assert "nothing due from 2021-11-25 to 2021-11-30" in result.stderr
    assert "2022-06-30" in result.stderr and "--days 217" in result.stderr


def test_nothing_due_and_nothing_later_says_so(seed):
    result = run(seed, "due", "--today", "2099-01-01", "--days", "5")
    assert result.exit_code == 0 and "nor after it" in result.stderr


def test_next_due_is_the_first_due_day_after_the_window(seed):
    from timeline.query import next_due

    with Store(seed / "exports" / "timeline.db", create=False) as store:
        found = next_due(store, after=date(2021, 1, 1))
        assert found is not None and found.due == date(2022, 6, 30) and found.days_left == 545
        assert next_due(store, after=date(2099, 1, 1)) is None
        assert store.count_events() == len(store.events())


# -- formats ---------------------------------------------------------------------------------


def test_due_csv_has_days_left(seed):
    result = run(seed, "due", "--today", "2020-11-25", "--days", "40", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["due"], r["days_left"]) for r in rows][:2] == [("2020-11-30", "5"), ("2020-12-31", "36")]


def test_resolve_format_json_is_one_list():
    result = CliRunner().invoke(cli, ["resolve", "11月30日和12月3日", "--ref", "2020-12-05", "--format", "json"])
    spans = json.loads(result.stdout)
    assert isinstance(spans, list) and [s["start"] for s in spans] == ["2020-11-30", "2020-12-03"]


def test_the_table_shows_the_time_of_timed_items(seed):
    table = run(seed, "events", "--kind", "event").stdout
    assert "2020-11-23 12:00" in table  # 11月23日下午


# -- the table -------------------------------------------------------------------------------


def test_cells_count_cjk_as_two():
    assert cells("推进会") == 6 and cells("ab") == 2 and cells("“正负零”") == 8
    assert pad("会", 4) == "会  " and pad("12", 4, right=True) == "  12"
    assert fit("重点项目推进会", 7) == "重点项…" and cells(fit("重点项目推进会", 7)) <= 7
    assert fit("short", 10) == "short"


def test_table_rows_line_up_and_fit_the_terminal(seed):
    with Store(seed / "exports" / "timeline.db", create=False) as store:
        rows = store.events()
    items = [item_dict(r) for r in rows]
    text = render_table(rows, items, width=60)
    lines = text.splitlines()
    assert lines[0].startswith("DATE") and len(lines) == len(rows) + 1
    assert all(cells(line) <= 60 for line in lines) and any("…" in line for line in lines)
    title_at = cells(lines[0][: lines[0].index("TITLE")])
    for line in lines[1:]:  # every title starts in the same cell, CJK or not
        shown = next(i for i in range(len(line) + 1) if cells(line[:i]) >= title_at)
        assert cells(line[:shown]) == title_at and line[shown - 1] == " "
    assert "\x1b[" not in text and "\x1b[" in render_table(rows, items, width=None, colour=True)
    wide = render_table(rows, items, width=None, wide=True)
    assert rows[0].event.id in wide and f"{rows[0].event.evidence.source}:" in wide


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli_module._terminal(_Tty())[1] is True
    assert cli_module._terminal(io.StringIO()) == (None, False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli_module._terminal(_Tty())[1] is False


# -- warnings --------------------------------------------------------------------------------


NO_YEAR = "会议通知\n\n12月3日,召开第19次重点项目推进会。\n\n另一则\n\n12月8日,召开第20次重点项目推进会。\n"


@pytest.fixture
def undated(tmp_path):
    (tmp_path / "a.txt").write_text(NO_YEAR, encoding="utf-8")
    (tmp_path / "b.txt").write_text(NO_YEAR.replace("会议", "新闻"), encoding="utf-8")
    return tmp_path


def test_warnings_are_one_summary_line_by_default(undated):
    result = run(undated, "build", "a.txt", "b.txt", "--today", "2020-11-25")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert result.exit_code == 0 and len(warnings) == 1
    assert "no year" in warnings[0] and "--verbose" in warnings[0]


def test_verbose_lists_the_warnings_in_plain_words_and_quiet_says_nothing(undated):
    verbose = run(undated, "build", "a.txt", "b.txt", "--today", "2020-11-25", "-v")
    listed = [line for line in verbose.stderr.splitlines() if line.startswith("Warning:")]
    assert len(listed) >= 2 and all("a.txt" in line or "b.txt" in line for line in listed)
    assert not any("assumed" in line or "(--today" in line for line in listed)
    quiet = run(undated, "build", "a.txt", "b.txt", "--today", "2020-11-25", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_plain_words_for_each_warning_family():
    assert plain("seeds/a.txt#2: no year clue in the file; assumed 2020 (--today (before future 2021年6月底前))") == (
        "seeds/a.txt, article 3: no year in the article or its file; its dates are read as 2020, the year of --today"
        " (give --published to be sure)")
    assert "comes from article 1" in plain("x.txt#0: year 2019 from neighbouring article 1 contradicts this article")
    assert "a guess (2020-10-29)" in plain("x.txt#0: reference day guessed: 2020-10-29 from anchor 十九届五中全会")
    assert plain("x.txt: empty file, nothing to read") == "x.txt: empty file, nothing to read"
    assert plain("x.txt#0: something new") == "x.txt, article 1: something new"
    assert summary([]) is None
    line = summary(["a#0: reference day guessed: 2020-01-01 x", "b: empty file", "c#1: odd"])
    assert line is not None and line.startswith("3 warning(s): ") and "1 empty files" in line and "1 other" in line


# -- progress --------------------------------------------------------------------------------


def test_progress_moves_through_one_big_file_and_the_exports(tmp_path, monkeypatch):
    from timeline import pipeline

    monkeypatch.setattr(pipeline, "BATCH_CHARS", 400)  # the seed file in several batches
    heard: list[tuple[str, int, int]] = []
    pipeline.build([fresh_project(tmp_path) / "seeds"], db=tmp_path / "t.db", out=tmp_path / "out",
                   now=datetime(2026, 1, 1, tzinfo=UTC), today=date(2020, 11, 25), workers=1,
                   on_progress=lambda *step: heard.append(step))
    read = [done for phase, done, _ in heard if phase == "read"]
    total = next(t for phase, _, t in heard if phase == "read")
    assert len(read) >= 4 and read == sorted(read) and read[0] == 0 < read[1] < total and read[-1] == total
    exported = [(done, t) for phase, done, t in heard if phase == "export"]
    assert exported[-1][0] == exported[-1][1] == 11
    assert [phase for phase, _, _ in heard].index("export") > len(read) - 1


# -- --keep-going ----------------------------------------------------------------------------


def test_keep_going_skips_a_bad_file_builds_the_rest_and_exits_1(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "good.txt").write_text("会议通知\n\n2020年12月3日,召开会议。\n", encoding="utf-8")
    (tmp_path / "news" / "bad.txt").write_bytes(bytes(range(256)) * 8)
    stopped = run(tmp_path, "build", "news")
    assert stopped.exit_code == 1 and not (tmp_path / "exports" / "events.json").exists()
    result = run(tmp_path, "build", "news", "--keep-going")
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert result.exit_code == 1 and len(errors) == 1 and "bad.txt" in errors[0]
    rows = json.loads((tmp_path / "exports" / "events.json").read_text("utf-8"))
    assert [row["start"] for row in rows] == ["2020-12-03"]


# -- dates as people type them ---------------------------------------------------------------


NOW = datetime(2026, 12, 4, 10, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(("text", "day"), [
    ("2020-11-25", date(2020, 11, 25)), ("2020年11月25日", date(2020, 11, 25)), ("2020/11/25", date(2020, 11, 25)),
    ("昨天", date(2026, 12, 3)), ("3 days ago", date(2026, 12, 1)), ("Nov 25, 2020", date(2020, 11, 25)),
])
def test_user_dates_in_common_forms(text, day):
    assert user_date(text, now=NOW) == day


def test_user_date_refuses_what_is_not_a_day():
    assert user_date("2020年11月", now=NOW) is None and user_date("soon-ish", now=NOW) is None
    with pytest.raises(ValueError):
        user_date("昨天", now=datetime(2026, 12, 4))


def test_written_dates_are_absolute_only():
    assert written_date("25.11.2020") == date(2020, 11, 25) and written_date("2020年11月25日 10:00") == date(2020, 11, 25)
    assert written_date("昨天") is None and written_date("") is None


def test_front_matter_dates_in_any_common_notation():
    assert front_matter_date("---\ntitle: x\ndate: Nov 25, 2020\n---\n正文")[0] == date(2020, 11, 25)
    assert front_matter_date("---\ndate: 2020-11-25\n---\n正文")[0] == date(2020, 11, 25)
    assert front_matter_date("---\ndate: soon\n---\n正文")[0] is None


def test_the_cli_takes_chinese_and_relative_dates(seed):
    iso = run(seed, "due", "--today", "2020-11-25", "--days", "40", "--format", "json").stdout
    chinese = run(seed, "due", "--today", "2020年11月25日", "--days", "40", "--format", "json").stdout
    assert json.loads(chinese) == json.loads(iso) and json.loads(iso)
    assert run(seed, "events", "--from", "昨天", "--format", "json").exit_code == 0
    bad = run(seed, "due", "--today", "someday")
    assert bad.exit_code == 2 and "--today" in bad.stderr


# -- the README's library section runs as written ----------------------------------------------


def test_the_readme_library_example_runs(tmp_path, capsys):
    import os
    import re as re_module

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme.split("## The library", 1)[1]
    code = re_module.search(r"```python\n(.*?)```", section, re_module.S)
    assert code is not None
    folder = fresh_project(tmp_path)
    previous = os.getcwd()
    os.chdir(folder)
    try:
        scope: dict[str, object] = {}
        exec(compile(code.group(1), "README.md", "exec"), scope)  # noqa: S102 - our own README
    finally:
        os.chdir(previous)
    assert (scope["span"].text, scope["span"].due, scope["span"].role.value) == (  # type: ignore[attr-defined]
        "2022年6月底前", date(2022, 6, 30), "deadline")
    out = capsys.readouterr().out
    assert "event 2020-11-30 第18次重点项目推进会" in out and "2020-11-30 5 第18次重点项目推进会" in out
    assert scope["report"].stats.events == 11  # type: ignore[attr-defined]


def test_the_progress_bar_follows_the_phases():
    stream = io.StringIO()
    bar = ProgressBars(stream)
    for phase, done, total in (("read", 10, 100), ("read", 100, 100), ("export", 5, 11), ("export", 11, 11)):
        bar.step(phase, done, total)
    bar.close()
    text = stream.getvalue()
    assert "Reading" in text and "Exporting" in text and text.index("Reading") < text.index("Exporting")


def test_the_package_exports_what_the_readme_uses():
    import timeline

    assert set(timeline.__all__) == {"Event", "Store", "StoredEvent", "TimeSpan", "build", "due_within",
                                     "events_in_text", "resolve"}
    for name in timeline.__all__:
        assert getattr(timeline, name).__name__ == name
    with pytest.raises(AttributeError):
        timeline.nothing_here  # noqa: B018


def test_events_in_text_reads_relative_dates_from_the_given_day():
    from timeline import events_in_text

    [event] = events_in_text("明天上午,召开第19次重点项目推进会。", date(2021, 3, 5), title="会议通知")
    assert event.when.first_day == date(2021, 3, 6) and event.evidence.source == "<text>"
    assert event.evidence.article_title == "会议通知"


def test_the_clis_day_limit_is_the_querys():
    from timeline import query

    assert cli_module.MAX_DAYS == query.MAX_DAYS


def test_explain_says_when_the_store_first_saw_the_item(seed):
    rows = json.loads(run(seed, "events", "--format", "json").stdout)
    out = run(seed, "explain", rows[0]["id"]).stdout
    assert "first stored 20" in out and "changed 20" in out
