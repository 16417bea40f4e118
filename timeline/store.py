"""The SQLite store: articles and events, kept across builds, read by queries, exports and the feed.

- One transaction per build (`Store.build_transaction`): a failed build leaves the store as it was.
- WAL journal, so the feed server keeps reading the last committed build while a build runs.
- Events are upserted by their stable ID. `sequence` rises when an item's date or title changes,
  and `changed_at` moves with it; an unchanged item keeps both, so exports stay byte-identical.
- `created_at` is when the store first saw an item and `changed_at` when its date or title last
  changed (both the build's `now`): what a calendar's CREATED, DTSTAMP and LAST-MODIFIED
  mean. An unchanged item keeps both, so rebuilding the same input gives the same bytes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from timeline.codec import EncodedEvent, encode_event, event_from_dict
from timeline.errors import StoreError
from timeline.store_schema import prepare, settle_feed_parts
from timeline.types import Article, Event, EventKind, StoredEvent

@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the store remembers of an article: enough for `timeline explain`."""

    id: str
    source: str
    index: int
    title: str
    reference: date
    reference_note: str
    reference_certainty: str
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BuildStats:
    sources: int
    articles: int
    events: int
    added: int
    changed: int
    removed: int


EventRow = tuple[str, int, str, str]  # payload, sequence, created_at, changed_at


def stored_event(row: EventRow, decoded: Mapping[str, Event] | None = None) -> StoredEvent:
    """The StoredEvent of a row of `Store.iter_event_rows`; its event is taken from `decoded`
    (payload -> Event) when the payload is there."""
    payload, sequence, created_at, changed_at = row
    event = decoded.get(payload) if decoded else None
    if event is None:
        event = event_from_dict(json.loads(payload))
    return StoredEvent(event, sequence, _utc(changed_at), _utc(created_at))


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _moved_on(now: datetime, before: str) -> datetime:
    """`now`, but at least a second after the stamp `before`: HTTP dates are whole seconds, so a
    change within the same second must still move a stamp a client compares."""
    return max(now, _utc(before) + timedelta(seconds=1))


def _read_only(exc: sqlite3.Error) -> bool:
    return "readonly" in str(exc) or "read-only" in str(exc) or "unable to open" in str(exc)


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


class Store:
    """A timeline store in one SQLite file; `Store(path)` creates it when missing."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(self.path, "no store here; run `timeline build` first")
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._conn = self._open(f"file:{quote(str(self.path.absolute()))}?mode={'rwc' if create else 'rw'}")
            except sqlite3.OperationalError as exc:
                # A store this user may not write (its file or folder read-only): queries and the
                # feed still read it, a build says so in one line.
                if create or not _read_only(exc):
                    raise
                self._conn = self._open(f"file:{quote(str(self.path.absolute()))}?mode=ro&immutable=1")
            try:
                self.version = prepare(self._conn, migrate=create)  # a build migrates, a reader never writes
            except ValueError as exc:
                raise StoreError(self.path, str(exc)) from None
        except sqlite3.OperationalError as exc:
            if _read_only(exc):
                raise StoreError(self.path, "store is read-only for this user; a build needs to write it") from exc
            raise StoreError(self.path, f"cannot open store ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(self.path, f"not a timeline store ({exc})") from exc
        except OSError as exc:
            raise StoreError(self.path, f"cannot open store: {exc.strerror or exc}") from exc

    @staticmethod
    def _open(uri: str) -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        try:
            if "immutable=1" not in uri:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA user_version").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    @property
    def connection(self) -> sqlite3.Connection:
        """The SQLite connection, for the modules that keep a table of their own here (feed_parts)."""
        return self._conn

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    @contextmanager
    def build_transaction(self, now: datetime) -> Iterator[BuildWriter]:
        """One build: everything written inside commits together, or not at all."""
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(self.path, f"store is busy or read-only: {exc}") from exc
        writer = BuildWriter(self._conn, now.astimezone(UTC), self.path)
        try:
            yield writer
            writer.finish()
            self._conn.execute("COMMIT")
        except BaseException as exc:
            # a failed COMMIT (disk full) may have ended the transaction already; a second
            # error from ROLLBACK would only hide the first, which is the one to report
            if self._conn.in_transaction:
                try:
                    self._conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            if isinstance(exc, sqlite3.Error):
                reason = "the store is read-only for this user" if _read_only(exc) else str(exc)
                raise StoreError(self.path, f"build not stored: {reason}") from exc
            raise

    # -- reading -------------------------------------------------------------------------

    def events(
        self,
        *,
        kinds: Sequence[EventKind] | None = None,
        project: str | None = None,
        due_from: date | None = None,
        due_to: date | None = None,
    ) -> list[StoredEvent]:
        """Stored events sorted by (start, id); filters by kind, project substring and due day.

        An event's due day is the day it starts; a deadline's or plan's is its last day.
        """
        return list(self.iter_events(kinds=kinds, project=project, due_from=due_from, due_to=due_to))

    def iter_events(
        self,
        *,
        kinds: Sequence[EventKind] | None = None,
        project: str | None = None,
        due_from: date | None = None,
        due_to: date | None = None,
        chunk: int = 500,
    ) -> Iterator[StoredEvent]:
        """`events()` one at a time, read from SQLite `chunk` rows at a time, so an export of
        the whole store never holds all of it (50,000 items at 20 MB of news)."""
        clauses, params = [], []
        if kinds:
            clauses.append(f"kind IN ({','.join('?' * len(kinds))})")
            params += [k.value for k in kinds]
        if due_from is not None:
            clauses.append("due_day >= ?")
            params.append(due_from.isoformat())
        if due_to is not None:
            clauses.append("due_day <= ?")
            params.append(due_to.isoformat())
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with closing(self._rows(where, params, chunk)) as rows:  # the cursor closes with this generator
            for row in rows:
                stored = stored_event(row)
                if not project or any(project in p for p in stored.event.projects):
                    yield stored

    def iter_event_rows(self, chunk: int = 500) -> Generator[EventRow, None, None]:
        """Every stored event as its raw row, in `events()` order: decode with `stored_event`.
        A build sends these to its workers, which pickle far faster than StoredEvents."""
        return self._rows("", [], chunk)

    def _rows(self, where: str, params: Sequence[object], chunk: int) -> Generator[EventRow, None, None]:
        cursor = self._conn.execute(
            f"SELECT payload, sequence, created_at, changed_at FROM events {where} ORDER BY sort_key, id", params
        )
        try:
            while rows := cursor.fetchmany(chunk):
                yield from rows
        finally:
            cursor.close()

    def event(self, id_or_prefix: str) -> StoredEvent | None:
        """The event with this ID, or the only one whose ID starts with it."""
        rows = self._conn.execute(
            "SELECT id, payload, sequence, created_at, changed_at FROM events WHERE substr(id, 1, ?) = ? LIMIT 2",
            (len(id_or_prefix), id_or_prefix),
        ).fetchall()
        exact = [r for r in rows if r[0] == id_or_prefix]
        if exact:
            return self._row(exact[0][1:])
        return self._row(rows[0][1:]) if len(rows) == 1 else None

    def article(self, source: str, index: int) -> ArticleRecord | None:
        row = self._conn.execute(
            "SELECT id, source, idx, title, reference, reference_note, reference_certainty, warnings"
            " FROM articles WHERE source = ? AND idx = ?",
            (source, index),
        ).fetchone()
        if row is None:
            return None
        return ArticleRecord(
            row[0], row[1], row[2], row[3], date.fromisoformat(row[4]), row[5], row[6], tuple(json.loads(row[7]))
        )

    def count_events(self) -> int:
        """How many items the store holds (a build's exports report progress against it)."""
        return int(self._conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    def article_references(self) -> dict[tuple[str, int], tuple[str, str]]:
        """(source, article index) -> (article ID, its reference date and why, e.g.
        "2020-11-30（explicit 2020年11月30日）"), for every stored article, in one query."""
        rows = self._conn.execute("SELECT source, idx, id, reference, reference_note FROM articles")
        return {(source, idx): (article_id, f"{reference}（{note}）") for source, idx, article_id, reference, note in rows}

    def revision(self) -> str:
        """Changes whenever a build changes what the store holds; cheap enough to ask per request."""
        return _meta(self._conn, "revision") or "0"

    def last_modified(self) -> datetime:
        """When the content last changed (aware UTC): the feed's Last-Modified."""
        changed = _meta(self._conn, "content_changed_at")
        return _utc(changed) if changed else datetime(1970, 1, 1, tzinfo=UTC)

    @staticmethod
    def _row(row: EventRow) -> StoredEvent:
        return stored_event(row)


class BuildWriter:
    """Writes one build's files inside the store's transaction (see Store.build_transaction)."""

    def __init__(self, conn: sqlite3.Connection, now: datetime, path: Path | str = "") -> None:
        self._conn = conn
        self._path = path
        self._now = now  # stamps new and changed items
        self.added = self.changed = self.removed = 0

    def replace_source(self, source: str, articles: Sequence[Article], events: Sequence[Event | EncodedEvent]) -> None:
        """Make the store hold exactly these articles and events for `source`; leave other sources."""
        self.replace_source_batches(source, [(articles, events)])

    def replace_source_batches(
        self, source: str, batches: Iterable[tuple[Sequence[Article], Sequence[Event | EncodedEvent]]]
    ) -> None:
        """`replace_source` for a file read in parts: the articles and events of all `batches`
        together are what the store holds for `source` afterwards; the same result as one call
        with everything, while only one batch at a time needs to be in memory. Events may come
        encoded already (`codec.encode_event`, by a build's workers)."""
        conn = self._conn
        conn.execute("DELETE FROM articles WHERE source = ?", (source,))
        old = {
            row[0]: (row[1], row[2], row[3])
            for row in conn.execute("SELECT id, fingerprint, sequence, changed_at FROM events WHERE source = ?", (source,))
        }
        # what an ID of this source had before this call (None: nothing), as one call would see it
        # even when the same ID comes twice: rows written by this call do not count
        previous_of: dict[str, tuple[str, int, str] | None] = {}
        for articles, events in batches:
            self._write_batch(source, articles, events, old, previous_of)
        stale = [event_id for event_id in old if event_id not in previous_of]
        if stale:
            conn.executemany("DELETE FROM events WHERE id = ?", [(i,) for i in stale])
            self.removed += len(stale)

    def _write_batch(
        self,
        source: str,
        articles: Sequence[Article],
        events: Sequence[Event | EncodedEvent],
        old: dict[str, tuple[str, int, str]],
        previous_of: dict[str, tuple[str, int, str] | None],
    ) -> None:
        conn = self._conn
        conn.executemany(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (a.id, source, a.index, a.title, a.reference.isoformat(), a.reference_note,
                 a.reference_certainty.value, json.dumps(list(a.warnings), ensure_ascii=False))
                for a in articles
            ],
        )
        encoded = [e if isinstance(e, EncodedEvent) else encode_event(e) for e in events]
        unseen = list(dict.fromkeys(e.id for e in encoded if e.id not in previous_of))
        elsewhere = self._elsewhere([i for i in unseen if i not in old])
        for event_id in unseen:
            previous_of[event_id] = old.get(event_id) or elsewhere.get(event_id)
        rows = []
        for event in encoded:
            fingerprint = event.fingerprint
            previous = previous_of[event.id]
            if previous is None:
                sequence, created = 0, self._now
                changed = created
                self.added += 1
            elif previous[0] != fingerprint:
                sequence = previous[1] + 1
                changed = _moved_on(self._now, previous[2])
                created = changed  # ignored: the upsert keeps the row's first created_at
                self.changed += 1
            else:
                sequence, changed = previous[1], _utc(previous[2])
                created = changed  # ignored: the upsert keeps the row's first created_at
            rows.append(self._event_row(source, event, fingerprint, sequence, created, changed))
        conn.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            " source=excluded.source, kind=excluded.kind, start_day=excluded.start_day, due_day=excluded.due_day,"
            " sort_key=excluded.sort_key, fingerprint=excluded.fingerprint, sequence=excluded.sequence,"
            " changed_at=excluded.changed_at, payload=excluded.payload",
            rows,
        )

    def _elsewhere(self, event_ids: Sequence[str]) -> dict[str, tuple[str, int, str]]:
        """The same article can sit in two files; its events keep their history across them.

        One query per 500 IDs, not one per event.
        """
        found: dict[str, tuple[str, int, str]] = {}
        for k in range(0, len(event_ids), 500):
            part = event_ids[k : k + 500]
            rows = self._conn.execute(
                f"SELECT id, fingerprint, sequence, changed_at FROM events WHERE id IN ({','.join('?' * len(part))})",
                part,
            )
            found.update((row[0], (row[1], row[2], row[3])) for row in rows)
        return found

    @staticmethod
    def _event_row(
        source: str, event: EncodedEvent, fingerprint: str, sequence: int, created: datetime, changed: datetime
    ) -> tuple[object, ...]:
        return (
            event.id, source, event.kind, event.first_day, event.due_day, event.sort_key, fingerprint, sequence,
            created.isoformat(), changed.isoformat(), event.payload,
        )

    def finish(self) -> None:
        """Record that the content changed: a new revision, and `content_changed_at` moves on.

        Every change moves it, an added item of old news too, so a feed client polling with
        If-Modified-Since sees the build; it moves by at least a second (HTTP dates are whole
        seconds) even for two builds within the same second. The feed parts this build wrote
        are marked as the ones of the revision it ends with.
        """
        if self.added or self.changed or self.removed:
            self._move_revision()
        settle_feed_parts(self._conn, _meta(self._conn, "revision") or "0")

    def _move_revision(self) -> None:
        changed = _meta(self._conn, "content_changed_at")
        revision = _meta(self._conn, "revision")
        try:
            latest = _moved_on(self._now, changed) if changed else self._now
            revision = str(int(revision) + 1 if revision else 1)
        except ValueError:
            raise StoreError(self._path, f"damaged store: meta holds {changed!r} / {revision!r}, "
                             "not a time and a revision number") from None
        self._conn.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("content_changed_at", latest.replace(microsecond=0).isoformat()),
             ("revision", revision)],
        )
