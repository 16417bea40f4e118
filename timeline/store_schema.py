"""The store's SQLite schema, its version (PRAGMA user_version) and the migrations between versions.

- Version 1: articles, events, meta.
- Version 2 adds `feed_parts`: each item's finished calendar components (folded ICS bytes), as
  the build rendered them, so the feed joins the bytes of a filtered calendar instead of
  rendering every item per request (timeline/feed_parts.py writes and reads them).

A store is migrated when a build opens it; a reader (the feed, the queries) never writes: it
reads a version 1 store as it is, and the feed renders that one the old way.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)

_VERSION_1 = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    idx INTEGER NOT NULL,
    title TEXT NOT NULL,
    reference TEXT NOT NULL,
    reference_note TEXT NOT NULL,
    reference_certainty TEXT NOT NULL,
    warnings TEXT NOT NULL,
    PRIMARY KEY (source, idx)
);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    start_day TEXT NOT NULL,
    due_day TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_source ON events (source);
CREATE INDEX IF NOT EXISTS events_by_due ON events (due_day);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# `pos` is the item's place in the calendars' (start, ID) order, so a filtered calendar is one
# scan in rowid order. An item's bytes (~1 KB) sit in its row, so a scan of the table reads
# them all: the questions asked before joining (how many items, which zones and days, any
# VTODO) are answered from the covering index instead, a tenth of the size.
_VERSION_2 = """
CREATE TABLE IF NOT EXISTS feed_parts (
    pos INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    due_day TEXT NOT NULL,
    projects TEXT NOT NULL,
    timed_day TEXT,
    zones TEXT,
    timed_start TEXT,
    timed_end TEXT,
    has_todo INTEGER NOT NULL,
    vevent BLOB NOT NULL,
    vtodo BLOB
);
CREATE INDEX IF NOT EXISTS feed_parts_selection ON feed_parts
    (due_day, kind, projects, has_todo, timed_day, zones, timed_start, timed_end);
"""


def prepare(conn: sqlite3.Connection, *, migrate: bool) -> int:
    """The schema version the store at `conn` has once ready: a new (empty) store gets the
    whole schema; a version 1 store is migrated to 2 (in one transaction) when `migrate`
    (a build), else stays 1. Raises ValueError for a version this code cannot read.

    Example: a store written by the previous release, opened by `timeline build`, gains an
    empty `feed_parts` table and reads as version 2; `timeline serve` alone leaves it at 1.
    """
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version == 0:
        conn.executescript("BEGIN;" + _VERSION_1 + _VERSION_2 + f"PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")
        return SCHEMA_VERSION
    if version == 1 and migrate:
        conn.executescript("BEGIN;" + _VERSION_2 + f"PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")
        return SCHEMA_VERSION
    if version not in READABLE_VERSIONS:
        readable = ", ".join(map(str, READABLE_VERSIONS))
        raise ValueError(f"store schema version {version}, this timeline reads {readable}")
    return version


FEED_PARTS_PENDING = "pending"  # meta feed_parts_revision while the build that wrote them runs


def settle_feed_parts(conn: sqlite3.Connection, revision: str) -> None:
    """Mark feed parts written in this build (still `FEED_PARTS_PENDING`) as those of `revision`,
    the one the build ends with; parts of an earlier build keep their older revision, so a
    reader sees they no longer match the items."""
    conn.execute("UPDATE meta SET value = ? WHERE key = 'feed_parts_revision' AND value = ?",
                 (revision, FEED_PARTS_PENDING))
