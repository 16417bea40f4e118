"""The `timeline` command: a thin click layer over the library. No date logic lives here.

The clock is read here and only here (`--today`, `now`), then passed down.
Exit codes: 0 success (also "nothing is due"), 1 bad input or data, 2 usage errors.
"""

from __future__ import annotations

import csv
import functools
import io
import json
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
DATE = click.DateTime(["%Y-%m-%d"])
KINDS = click.Choice([k.value for k in EventKind])


@dataclass(frozen=True, slots=True)
class Settings:
    db: Path
    debug: bool


pass_settings = click.make_pass_decorator(Settings)


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


@click.group()
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
@pass_settings
@reports_errors
def build(settings: Settings, paths: tuple[Path, ...], out: Path, published: datetime | None,
          today: datetime | None, remind: str, todo: bool) -> None:
    """Read news files (default: seeds/) into the store and rewrite every export."""
    from timeline.pipeline import build as run_build

    progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        report = run_build(
            list(paths) or [Path("seeds")], db=settings.db, out=out, now=datetime.now(UTC),
            today=today.date() if today else shanghai_today(), published=published.date() if published else None,
            remind_days=_remind_days(remind), todo=todo, on_file=progress.step if progress else None,
        )
    finally:
        if progress:
            progress.close()
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    stats = report.stats
    click.echo(
        f"{stats.sources} file(s), {stats.articles} article(s), {stats.events} item(s)"
        f" ({stats.added} new, {stats.changed} changed, {stats.removed} removed) -> "
        + ", ".join(str(p) for p in report.exports),
        err=True,
    )


@cli.command()
@click.option("--kind", "kinds", type=KINDS, multiple=True, help="Only this kind (repeatable).")
@click.option("--from", "date_from", type=DATE, help="Only items due on or after this day.")
@click.option("--to", "date_to", type=DATE, help="Only items due on or before this day.")
@click.option("--project", help="Only items whose project contains this text.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@pass_settings
@reports_errors
def events(settings: Settings, kinds: tuple[str, ...], date_from: datetime | None, date_to: datetime | None,
           project: str | None, fmt: str) -> None:
    """List the stored events, deadlines and plans."""
    with _open_store(settings) as store:
        rows = store.events(kinds=[EventKind(k) for k in kinds] or None, project=project,
                            due_from=date_from.date() if date_from else None,
                            due_to=date_to.date() if date_to else None)
    _emit(rows, fmt, extra=None)


@cli.command()
@click.option("--days", type=int, default=30, show_default=True, help="How many days ahead to look.")
@click.option("--today", type=DATE, help="Pretend today is this date (default: the real date in Asia/Shanghai).")
@click.option("--kind", "kinds", type=KINDS, multiple=True, help="Only this kind (repeatable).")
@click.option("--project", help="Only items whose project contains this text.")
@click.option("--overdue", is_flag=True, help="List deadlines and plans already past due instead.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
@reports_errors
def due(settings: Settings, days: int, today: datetime | None, kinds: tuple[str, ...], project: str | None,
        overdue: bool, fmt: str) -> None:
    """What is due from today to today+DAYS days, soonest first."""
    from timeline import query

    day = today.date() if today else shanghai_today()
    wanted = [EventKind(k) for k in kinds] or None
    with _open_store(settings) as store:
        items = (query.overdue(store, today=day, kinds=wanted, project=project) if overdue
                 else query.due_within(store, today=day, days=days, kinds=wanted, project=project))
    extra = [{"due": item.due.isoformat(), "days_left": item.days_left} for item in items]
    _emit([item.stored for item in items], fmt, extra=extra)


@cli.command()
@click.argument("event_id")
@pass_settings
@reports_errors
def explain(settings: Settings, event_id: str) -> None:
    """How an item's date was found: reference date and its evidence, rule, text."""
    from timeline.explain import explain_event

    with _open_store(settings) as store:
        click.echo(explain_event(store, event_id))


@cli.command()
@click.argument("text", required=False)
@click.option("--ref", type=DATE, help="The reference date the text was written on (default: today).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per mention.")
@click.option("--jsonl", is_flag=True, help="Speak the score_resolver.py protocol on stdin/stdout.")
@pass_settings
@reports_errors
def resolve(settings: Settings, text: str | None, ref: datetime | None, as_json: bool, jsonl: bool) -> None:
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
    reference = ref.date() if ref else shanghai_today()
    for span in resolve_text(text, reference):
        if as_json:
            click.echo(json.dumps(span_to_dict(span), ensure_ascii=False, sort_keys=True))
        else:
            click.echo(f"{span.offset}\t{span.text}\t{describe(span)}\t{span.rule}")


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
    cli(prog_name="timeline")


class _Progress:
    """click's progress bar on stderr, made when the build knows how many files it reads."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._bar: Any = None

    def step(self, path: Path, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Building", file=self._stream,
                                          item_show_func=lambda p: str(p) if p else "")
            self._bar.__enter__()
        self._bar.update(1, path)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


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


def _emit(rows: Sequence[StoredEvent], fmt: str, extra: Sequence[dict[str, Any]] | None) -> None:
    from timeline.export.json import item_dict, render_json

    if fmt == "json":
        click.echo(render_json(rows, extra).decode("utf-8"), nl=False)
        return
    items = [item_dict(s) | (extra[i] if extra else {}) for i, s in enumerate(rows)]
    if fmt == "csv":
        buffer = io.StringIO()
        columns = ["id", "kind", "category", "start", "end", "due", "title", "projects", "file", "offset", "sentence"]
        writer = csv.DictWriter(buffer, columns, lineterminator="\n")
        writer.writeheader()
        for item in items:
            writer.writerow({k: item.get(k) for k in columns[:7]} | {
                "projects": ";".join(item["projects"]), "file": item["evidence"]["file"],
                "offset": item["evidence"]["offset"], "sentence": item["evidence"]["sentence"]})
        click.echo(buffer.getvalue(), nl=False)
        return
    if not items:
        click.echo("nothing found", err=True)
        return
    # people read a table by the date it shows: a deadline by its due day, not its stated day
    for row, item in sorted(zip(rows, items), key=lambda pair: (pair[0].event.due_day, pair[0].event.id)):
        when = row.event.due_day.isoformat()
        left = f"{item['days_left']:>5}d " if "days_left" in item else ""
        project = ",".join(item["projects"]) or "-"
        source = f"{item['evidence']['file']}:{item['evidence']['offset']}"
        click.echo(f"{when}  {left}{item['kind']:<8} {item['title']}  [{project}]  {source}  {item['id']}")


if __name__ == "__main__":  # pragma: no cover
    main()
