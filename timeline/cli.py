"""The `timeline` command: a thin click layer over the library. No date logic lives here.

The clock is read here and only here (`--today`, `now`), then passed down; a date a user
types (`--today 昨天`) is read against it by `timeline.userdates`.
Exit codes: 0 success (also "nothing is due"), 1 bad input or data, 2 usage errors.
`--db` and `--debug` may come before or after the subcommand; `-h` is `--help`.
Shell completion is click's: `eval "$(_TIMELINE_COMPLETE=bash_source timeline)"` (README).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from timeline.errors import TimelineError
from timeline.types import SHANGHAI, EventKind, StoredEvent

F = TypeVar("F", bound=Callable[..., Any])
KINDS = click.Choice([k.value for k in EventKind])
MAX_DAYS = 36_600  # query.MAX_DAYS, repeated so `--help` does not import the store


class UserDate(click.ParamType):
    """A day as a user types it: 2020-11-25, 2020年11月25日, 2020/11/25, 昨天, 3 days ago.

    Relative words count from the real clock, read here (the one place that reads it)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        from timeline.userdates import user_date

        day = user_date(str(value), now=datetime.now(SHANGHAI))
        if day is None:
            self.fail(f"{value!r} is not a date (try 2020-11-25, 2020年11月25日 or 昨天)", param, ctx)
        return day


DATE = UserDate()


@dataclass(frozen=True, slots=True)
class Settings:
    db: Path
    debug: bool


pass_settings = click.make_pass_decorator(Settings)


def _override(field: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    """A subcommand's --db/--debug: when given, it replaces the group's for this command."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value is None or value is False:
            return
        settings = ctx.find_object(Settings)
        if settings is not None:
            ctx.obj = dataclasses.replace(settings, **{field: value})

    return callback


class _Group(click.Group):
    """Gives every subcommand the group's --db and --debug too, so `timeline due --db x` works
    as `timeline --db x due` does (the README says every command takes --db)."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.params += [
            click.Option(["--db"], type=click.Path(dir_okay=False, path_type=Path), default=None,
                         expose_value=False, callback=_override("db"), help="The SQLite store (as before the command)."),
            click.Option(["--debug"], is_flag=True, default=False, expose_value=False, callback=_override("debug"),
                         help="Show the full traceback of an error."),
        ]
        super().add_command(cmd, name)


def shanghai_today() -> date:
    return datetime.now(SHANGHAI).date()


def reports_errors(command: F) -> F:
    """Turn a TimelineError (or any failure, unless --debug) into one line on stderr and exit 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_object(Settings)
        try:
            return command(*args, **kwargs)
        except TimelineError as exc:
            if debug and debug.debug:
                raise
            raise click.ClickException(str(exc)) from None
        except (OSError, ValueError, RuntimeError, ArithmeticError, sqlite3.Error) as exc:
            if debug and debug.debug:
                raise
            raise click.ClickException(f"{type(exc).__name__}: {exc}") from None

    return wrapper  # type: ignore[return-value]


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), envvar="TIMELINE_DB",
              default=Path("exports/timeline.db"), show_default=True, help="The SQLite store (or $TIMELINE_DB).")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.version_option(package_name="timeline")
@click.pass_context
def cli(ctx: click.Context, db: Path, debug: bool) -> None:
    """Turn Chinese news articles into dated events, deadlines, plans and calendars."""
    ctx.obj = Settings(db=db, debug=debug)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"), show_default=True)
@click.option("--published", type=DATE, help="Publication date of the articles (else read or inferred).")
@click.option("--today", type=DATE, help="Pretend today is this date (the page's today line).")
@click.option("--remind", default="7,1", show_default=True, help="Days before a deadline to remind, comma-separated.")
@click.option("--todo", is_flag=True, help="Also write VTODO tasks for deadlines.")
@click.option("--keep-going", is_flag=True, help="Skip a file that cannot be read, build the rest, then exit 1.")
@click.option("--verbose", "-v", is_flag=True, help="List every warning, not just their count.")
@click.option("--quiet", "-q", is_flag=True, help="No warnings and no summary line.")
@click.option("--title", help="The page's title (default: from the sources' names).")
@click.option("--page-js", type=click.Choice(["inline", "cdn"]), default="inline", show_default=True,
              help="Embed plotly.js in the page (offline, ~4.6 MB) or load it from cdn.plot.ly.")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="Who reads and extracts: this machine, or Apache Spark (the spark extra; docs/scale.md).")
@click.option("--master", help="The Spark master: local[2], spark://host:7077, yarn (default: Spark's own).")
@click.option("--field", "fields", multiple=True, metavar="ROLE=NAME",
              help="JSON record field for a role (text, title, date, url), e.g. --field text=正文.")
@pass_settings
@reports_errors
def build(settings: Settings, paths: tuple[Path, ...], out: Path, published: date | None,
          today: date | None, remind: str, todo: bool, keep_going: bool, verbose: bool, quiet: bool,
          title: str | None, page_js: str, engine: str = "local", master: str | None = None,
          fields: tuple[str, ...] = ()) -> None:
    """Read news files (default: seeds/) into the store and rewrite every export."""
    from timeline.cli_messages import ProgressBars, plain, summary

    if master and engine != "spark":
        raise click.UsageError("--master needs --engine spark")
    from timeline.pipeline import build as run_build

    progress = ProgressBars(sys.stderr) if sys.stderr.isatty() and not quiet else None
    try:
        report = run_build(
            list(paths) or [Path("seeds")], db=settings.db, out=out, now=datetime.now(UTC),
            today=today or shanghai_today(), published=published, remind_days=_remind_days(remind), todo=todo,
            keep_going=keep_going, on_progress=progress.step if progress else None, title=title, page_js=page_js,
            engine=engine, master=master,
            fields=_fields(fields),
        )
    finally:
        if progress:
            progress.close()
    for error in report.skipped:
        click.echo(f"Error: {error} (skipped)", err=True)
    if not quiet:
        for warning in report.warnings if verbose else ():
            click.echo(f"Warning: {plain(warning)}", err=True)
        line = summary(report.warnings)
        if line and not verbose:
            click.echo(f"Warning: {line}", err=True)
        stats = report.stats
        click.echo(
            f"{stats.sources} file(s), {stats.articles} article(s), {stats.events} item(s)"
            f" ({stats.added} new, {stats.changed} changed, {stats.removed} removed) -> "
            + ", ".join(str(p) for p in report.exports),
            err=True,
        )
    if report.skipped:
        raise SystemExit(1)  # the rest is built; the skipped files were each named above


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"), show_default=True)
@click.option("--today", type=DATE, help="Pretend today is this date (the page's today line).")
@click.option("--remind", default="7,1", show_default=True, help="Days before a deadline to remind, comma-separated.")
@click.option("--todo", is_flag=True, help="Also write VTODO tasks for deadlines.")
@click.option("--verbose", "-v", is_flag=True, help="List every warning, not just their count.")
@click.option("--quiet", "-q", is_flag=True, help="No warnings and no summary line.")
@click.pass_context
def import_rows(ctx: click.Context, paths: tuple[Path, ...], out: Path, today: date | None, remind: str, todo: bool,
                verbose: bool, quiet: bool) -> None:
    """Load item rows extracted elsewhere (Parquet, JSON Lines; timeline.api) into the store
    and rewrite every export. Each source file's rows replace its items."""
    ctx.invoke(build, paths=paths, out=out, published=None, today=today, remind=remind, todo=todo,
               keep_going=False, verbose=verbose, quiet=quiet, engine="rows")


@cli.command()
@click.option("--kind", "kinds", type=KINDS, multiple=True, help="Only this kind (repeatable).")
@click.option("--from", "date_from", type=DATE, help="Only items due on or after this day.")
@click.option("--to", "date_to", type=DATE, help="Only items due on or before this day.")
@click.option("--project", help="Only items whose project contains this text.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--wide", is_flag=True, help="Table: add each item's file:offset and ID.")
@pass_settings
@reports_errors
def events(settings: Settings, kinds: tuple[str, ...], date_from: date | None, date_to: date | None,
           project: str | None, fmt: str, wide: bool) -> None:
    """List the stored events, deadlines and plans."""
    with _open_store(settings) as store:
        rows = store.events(kinds=[EventKind(k) for k in kinds] or None, project=project,
                            due_from=date_from, due_to=date_to)
    if not _emit(rows, fmt, extra=None, wide=wide):
        click.echo("nothing found", err=True)


@cli.command()
@click.option("--days", type=click.IntRange(0, MAX_DAYS), default=30, show_default=True,
              help="How many days ahead to look.")
@click.option("--today", type=DATE, help="Pretend today is this date (default: the real date in Asia/Shanghai).")
@click.option("--kind", "kinds", type=KINDS, multiple=True, help="Only this kind (repeatable).")
@click.option("--project", help="Only items whose project contains this text.")
@click.option("--overdue", is_flag=True, help="List deadlines and plans already past due instead.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--wide", is_flag=True, help="Table: add each item's file:offset and ID.")
@pass_settings
@reports_errors
def due(settings: Settings, days: int, today: date | None, kinds: tuple[str, ...], project: str | None,
        overdue: bool, fmt: str, wide: bool) -> None:
    """What is due from today to today+DAYS days, soonest first."""
    from timeline import query

    day = today or shanghai_today()
    wanted = [EventKind(k) for k in kinds] or None
    with _open_store(settings) as store:
        items = (query.overdue(store, today=day, kinds=wanted, project=project) if overdue
                 else query.due_within(store, today=day, days=days, kinds=wanted, project=project))
        after = None if items or overdue else query.next_due(store, after=query.add_days(day, days),
                                                            kinds=wanted, project=project)
    extra = [{"due": item.due.isoformat(), "days_left": item.days_left} for item in items]
    if not _emit([item.stored for item in items], fmt, extra=extra, wide=wide):
        click.echo(_nothing_due(day, days, overdue, after), err=True)


def _nothing_due(today: date, days: int, overdue: bool, after: Any) -> str:
    from timeline import query

    if overdue:
        return f"nothing overdue on {today.isoformat()}"
    said = f"nothing due from {today.isoformat()} to {query.add_days(today, days).isoformat()}"
    if after is None:
        return f"{said}, nor after it"
    left = (after.due - today).days
    return (f"{said}; the next is due {after.due.isoformat()}, in {left} days: {after.stored.event.title}"
            f" (--days {left} reaches it)")


@cli.command()
@click.argument("event_id")
@pass_settings
@reports_errors
def explain(settings: Settings, event_id: str) -> None:
    """How an item's date was found: reference date and its evidence, rule, text."""
    from timeline.explain import explain_event

    with _open_store(settings) as store:
        _out(explain_event(store, event_id) + "\n")


@cli.command()
@click.argument("text", required=False)
@click.option("--ref", type=DATE, help="The reference date the text was written on (default: today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="json: one JSON list of the mentions.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per mention, one per line.")
@click.option("--jsonl", is_flag=True, help="Speak the score_resolver.py protocol on stdin/stdout.")
@pass_settings
@reports_errors
def resolve(settings: Settings, text: str | None, ref: date | None, fmt: str, as_json: bool, jsonl: bool) -> None:
    """Print each date mention of TEXT with its resolved span and the rule that found it."""
    from timeline import resolve_jsonl
    from timeline.codec import span_to_dict
    from timeline.resolver import describe
    from timeline.resolver import resolve as resolve_text

    if jsonl:
        resolve_jsonl.main(sys.stdin, sys.stdout)
        return
    if text is None:
        raise click.UsageError("give TEXT, or --jsonl to read the protocol from stdin")
    spans = resolve_text(text, ref or shanghai_today())
    if fmt == "json":
        _out(json.dumps([span_to_dict(span) for span in spans], ensure_ascii=False, sort_keys=True, indent=2) + "\n")
        return
    for span in spans:
        if as_json:
            _out(json.dumps(span_to_dict(span), ensure_ascii=False, sort_keys=True) + "\n")
        else:
            _out(f"{span.offset}\t{span.text}\t{describe(span)}\t{span.rule}\n")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"), show_default=True,
              help="The exports folder (for timeline.html).")
@pass_settings
@reports_errors
def serve(settings: Settings, host: str, port: int, out: Path) -> None:
    """Serve the calendars and the timeline page over HTTP (waitress)."""
    from timeline.server import serve as run_server

    _open_store(settings).close()  # fail early, with one line, when there is no store yet
    click.echo(f"Serving {settings.db} on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    run_server(settings.db, out, host=host, port=port)


def main() -> None:
    try:
        cli(prog_name="timeline")
    except SystemExit:
        _flush_or_quiet()
        raise


def _flush_or_quiet() -> None:
    """Flush stdout; when its reader has gone (`timeline events | head`), stop writing quietly.

    The rest of the output is not wanted, so this is not an error: stdout is pointed at
    os.devnull, so that Python's own flush at exit does not print "Exception ignored".
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _out(text: str) -> None:
    """Data to stdout. A closed pipe ends the command quietly with exit 0 (SystemExit passes
    the error decorator, which would otherwise report it as an error)."""
    try:
        click.echo(text, nl=False)
    except BrokenPipeError:
        _flush_or_quiet()
        raise SystemExit(0) from None


def _fields(pairs: tuple[str, ...]) -> dict[str, str]:
    """`("text=正文", "date=ts")` -> {"text": "正文", "date": "ts"}; a pair without `=` is a usage error."""
    fields = {}
    for pair in pairs:
        role, sep, name = pair.partition("=")
        if not sep or not role.strip() or not name.strip():
            raise click.BadParameter(f"{pair!r} is not ROLE=NAME", param_hint="--field")
        fields[role.strip()] = name.strip()
    return fields


def _remind_days(text: str) -> tuple[int, ...]:
    try:
        days = tuple(int(part) for part in text.split(",") if part.strip())  # the export sorts and dedupes them
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a list of whole days like 7,1", param_hint="--remind") from None
    if any(d < 0 or d > 366 for d in days):
        raise click.BadParameter("reminders must be 0..366 days before", param_hint="--remind")
    return days


def _open_store(settings: Settings):
    from timeline.store import Store

    return Store(settings.db, create=False)


def _emit(rows: Sequence[StoredEvent], fmt: str, extra: Sequence[dict[str, Any]] | None, *,
          wide: bool = False) -> bool:
    """Write `rows` to stdout in `fmt`; False when there was nothing to write for a person
    (json and csv still write their empty list or header, which scripts expect)."""
    from timeline.export.json import item_dict, render_json

    if fmt == "json":
        _out(render_json(rows, extra).decode("utf-8"))
        return True
    items = [item_dict(s) | (extra[i] if extra else {}) for i, s in enumerate(rows)]
    if fmt == "csv":
        buffer = io.StringIO()
        columns = ["id", "kind", "category", "start", "end", "due", "title", "projects", "file", "offset", "sentence"]
        if extra:
            columns.insert(6, "days_left")
        writer = csv.DictWriter(buffer, columns, lineterminator="\n")
        writer.writeheader()
        for item in items:
            row = {k: item.get(k) for k in columns} | {
                "projects": ";".join(item["projects"]), "file": item["evidence"]["file"],
                "offset": item["evidence"]["offset"], "sentence": item["evidence"]["sentence"]}
            writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        _out(buffer.getvalue())
        return True
    if not items:
        return False
    from timeline.cli_table import render_table

    # people read a table by the date it shows: a deadline by its due day, not its stated day
    order = sorted(range(len(rows)), key=lambda i: (rows[i].event.due_day, rows[i].event.id))
    width, colour = _terminal(sys.stdout)
    _out(render_table([rows[i] for i in order], [items[i] for i in order], width=width, wide=wide, colour=colour))
    return True


def _terminal(stream: Any) -> tuple[int | None, bool]:
    """(columns to fit, colour wanted) for a table on `stream`: a terminal's width and colour
    unless NO_COLOR is set (no-color.org); for a pipe or a file, no limit and no colour."""
    if not stream.isatty():
        return None, False
    return shutil.get_terminal_size().columns, not os.environ.get("NO_COLOR")


def _csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
    leading apostrophe (OWASP's advice): news text is data, never a formula."""
    return f"'{value}" if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


if __name__ == "__main__":  # pragma: no cover
    main()
