"""Each item's finished calendar components, kept in the store, and the calendars joined from them.

Rendering a calendar of 50,000 items from the stored events takes seconds (decode every row,
write every line); the feed would pay that for each `?from=` a client asks for. So the build,
which serialises every item for the exports anyway, also stores each item's VEVENT and VTODO
bytes (`FeedPartsWriter`), with what a filter selects on (kind, due day, projects) and what
decides the VTIMEZONEs (the zones and first day of a timed item). A filtered calendar is then
`calendar_head` + the selected rows' bytes in (start, ID) order + `calendar_tail`: the bytes
`render_ics` gives for the same items, with no item decoded (`write_calendar`).

The parts are the build's: its reminder days, its --todo, its articles' reference lines, so a
feed shows what the exported files show. A build stores them as "pending"; the store's
BuildWriter marks them as those of the revision the build ends with (store_schema.py). A store
whose parts are missing (version 1, or written some other way) or of another revision has
none to offer (`current_parts` is None), and the feed renders from the events as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from timeline.export.ics import Parts
from timeline.export.ics_head import calendar_head, calendar_tail
from timeline.feed_filters import Filters
from timeline.store import Store
from timeline.store_schema import FEED_PARTS_PENDING
from timeline.types import StoredEvent

FORMAT = "feed-parts-1"  # part of every ETag made from parts: change it when the joining changes
_BATCH = 500  # rows per INSERT and per fetch
_PROJECTS_SEP = "\x1f"  # between an item's projects; text read from news never holds it (issue 12 item 3)
_META = ("revision", "feed_parts_revision", "feed_parts_digest", "feed_parts_exports")


@dataclass(frozen=True, slots=True)
class FeedParts:
    """The store's parts, when they are those of its items now."""

    digest: str  # sha256 of every stored part, in order: any calendar joined from them is fixed by it
    exports: str  # the name of the export version folder the same build wrote (atomic.ExportVersion)


class FeedPartsWriter:
    """Replaces the store's feed parts during a build, inside the build's transaction: `add`
    each item with the parts the exports got, in the exports' (start, ID) order, then `finish`.

    Example (the build's hook): `parts = FeedPartsWriter(store, version.path.name)`, then
    `parts.add(row, row_parts)` beside `calendars.add(...)`, and `parts.finish()`.
    """

    def __init__(self, store: Store, exports: str) -> None:
        self._conn = store.connection
        self._exports = exports
        self._digest = hashlib.sha256()
        self._rows: list[tuple[object, ...]] = []
        self._count = 0
        self._conn.execute("DELETE FROM feed_parts")

    def add(self, row: StoredEvent, parts: Parts) -> None:
        vevent, vtodo, timed = parts
        event = row.event
        zones = start = end = day = None
        if timed is not None:
            zones = f"{timed[0].tzinfo} {timed[1].tzinfo}"  # ZoneInfo prints its IANA key
            start, end = (f"{moment.isoformat()} {moment.tzinfo}" for moment in timed)
            day = event.when.first_day.isoformat()
        self._count += 1
        values = (self._count, event.id, event.kind.value, event.due_day.isoformat(),
                  _PROJECTS_SEP.join(event.projects), day, zones, start, end, int(vtodo is not None), vevent, vtodo)
        self._digest.update(repr(values[1:-3]).encode("utf-8"))
        self._digest.update(b"%d\x1e" % len(vevent) + vevent + (b"%d\x1e" % len(vtodo) + vtodo if vtodo else b"-"))
        self._rows.append(values)
        if len(self._rows) >= _BATCH:
            self._flush()

    def finish(self) -> None:
        """Write the rest and record the parts (pending until the build's writer settles them)."""
        self._flush()
        self._conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [
            ("feed_parts_digest", self._digest.hexdigest()),
            ("feed_parts_exports", self._exports),
            ("feed_parts_revision", FEED_PARTS_PENDING),
        ])

    def _flush(self) -> None:
        self._conn.executemany("INSERT INTO feed_parts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._rows)
        self._rows.clear()


def current_parts(store: Store) -> FeedParts | None:
    """The store's feed parts if they are those of the items it holds now, else None (a
    version 1 store, a store no build with parts wrote, or parts of an older revision)."""
    if store.version < 2:
        return None
    placeholders = ",".join("?" * len(_META))
    # one statement, so the revision and the parts' revision are read from the same commit
    meta = dict(store.connection.execute(f"SELECT key, value FROM meta WHERE key IN ({placeholders})", _META))
    if "feed_parts_digest" not in meta or meta.get("feed_parts_revision") != meta.get("revision", "0"):
        return None
    return FeedParts(meta["feed_parts_digest"], meta["feed_parts_exports"])


def parts_etag(parts: FeedParts, feed: str, filters: Filters) -> str:
    """The strong ETag of the calendar `feed` with `filters` joined from `parts`: known before
    it is joined (a poll is answered with a 304 without reading any part), and the same for
    its plain and gzip bodies."""
    key = "\x1e".join((FORMAT, parts.digest, feed, filters.key()))
    return f'"{hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]}"'


def write_calendar(store: Store, name: str, filters: Filters, digest: str, write: Callable[[bytes], None], *,
                   zone_cache: dict[tuple[str, date, date], bytes] | None = None) -> bool:
    """Write the calendar named `name` of the items `filters` select, joined from the store's
    parts, through `write` (a chunk at a time: the calendar is never whole in memory). Returns
    False, having written nothing, when the store's parts are no longer `digest` (a build
    committed since the caller looked). `zone_cache` keeps VTIMEZONE bytes between calls.

    Example: write_calendar(store, "时间线 · 2021-01-01 至 …", Filters(None, None, date(2021, 1, 1),
    None), digest, out.write) writes what render_ics gives for the items due from 2021.
    """
    conn = store.connection
    conn.execute("BEGIN")  # one read snapshot for the check and every query below
    try:
        parts = current_parts(store)
        if parts is None or parts.digest != digest:
            return False
        where, params = _where(filters)
        # these two read the covering index only (store_schema.py)
        count, todos, first, last = conn.execute(
            f"SELECT COUNT(*), SUM(has_todo), MIN(timed_day), MAX(timed_day) FROM feed_parts WHERE {where}",
            params).fetchone()
        # the first timed item of each pair of zones, in order, as CalendarBody keeps them
        windows = [(_zoned(start), _zoned(end)) for _, start, end in conn.execute(
            f"SELECT MIN(pos), timed_start, timed_end FROM feed_parts WHERE timed_day IS NOT NULL AND {where}"
            " GROUP BY zones ORDER BY 1", params)]
        timed_days = (date.fromisoformat(first), date.fromisoformat(last)) if first else None
        write(calendar_head(name, windows, timed_days, zone_cache))
        for column, wanted in (("vevent", count), ("vtodo", todos)):
            if not wanted:
                continue
            # `+` keeps SQLite off the index here: one scan in `pos` order, never a sort of the bytes
            scan_where, _ = _where(filters, "+")
            cursor = conn.execute(
                f"SELECT {column} FROM feed_parts WHERE {scan_where} AND {column} IS NOT NULL ORDER BY pos", params)
            while rows := cursor.fetchmany(_BATCH):
                write(b"".join(row[0] for row in rows))
        write(calendar_tail(count))
        return True
    finally:
        conn.execute("COMMIT")


def _where(filters: Filters, prefix: str = "") -> tuple[str, list[str]]:
    """The SQL condition (and its parameters) selecting what `filters` select, as Store.events
    does; `prefix` goes before each column name."""
    clauses, params = ["1"], []
    if filters.kinds is not None:
        if not filters.kinds:
            return "0", []
        clauses.append(f"{prefix}kind IN ({','.join('?' * len(filters.kinds))})")
        params += [k.value for k in filters.kinds]
    if filters.due_from is not None:
        clauses.append(f"{prefix}due_day >= ?")
        params.append(filters.due_from.isoformat())
    if filters.due_to is not None:
        clauses.append(f"{prefix}due_day <= ?")
        params.append(filters.due_to.isoformat())
    if filters.project:
        if _PROJECTS_SEP in filters.project:
            return "0", []  # no project name holds it: nothing matches, as in Store.events
        clauses.append(f"instr({prefix}projects, ?) > 0")
        params.append(filters.project)
    return " AND ".join(clauses), params


def _zoned(stored: str) -> datetime:
    """A stored timed start or end ("2021-03-01T09:00:00+08:00 Asia/Shanghai") as an aware datetime."""
    moment, zone = stored.rsplit(" ", 1)
    return datetime.fromisoformat(moment).astimezone(ZoneInfo(zone))
