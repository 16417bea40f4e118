"""RFC 5545 content lines for the few value types a calendar item uses, byte for byte as
icalendar 7.3.2 writes them.

Why by hand: profiling `timeline build` showed icalendar at about 0.4 ms per item (0.13 ms
building the Component with `.add()`, 0.27 ms in `to_ical()`); at 20 MB of news (~50,000
items) the calendars were the largest single cost of the build. An item uses a fixed, small
set of property types: TEXT, CATEGORIES, DATE, DATE-TIME (UTC or with a TZID), INTEGER and
DURATION. So export/ics.py writes the VEVENT, VTODO and VALARM content lines with these
helpers, and icalendar keeps doing what it does well: the VCALENDAR header, the VTIMEZONEs
from `add_missing_timezones`, naming unusual zones, and parsing in the tests. Written here,
an item takes about 30 µs against 430-480 µs with icalendar, about 15x less
(benchmarks/bench_ics.py, 1 MB corpus); half of those 30 µs are the description and the
window, which both sides share.

This is the one exception to STYLE.md's "do not write ICS by hand", and it is pinned:
tests/test_ics_lines.py keeps the icalendar builders as an oracle and compares bytes over
every item of a seed build and over generated items.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from icalendar import vDatetime
from icalendar.timezone.tzid import is_utc

from timeline.types import SHANGHAI

FOLD_AT = 74  # octets of a physical line before its CRLF; a continuation's leading space makes 75
_KEPT_WITH_NEXT = frozenset(b"\\^")  # icalendar never ends a folded line on these (its issue #1501)


def text(value: str) -> str:
    r"""`value` escaped as a TEXT value: \\ \; \, and a line break (CRLF, LF or CR) as \n.

    icalendar first reads a literal backslash-N as a line break, so "a\Nb" becomes "a\nb".
    """
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def categories(values: Iterable[str]) -> str:
    """A CATEGORIES value: each value escaped as TEXT (so a comma in one stays in it), comma-joined."""
    return ",".join(map(text, values))


def utc(value: datetime) -> str:
    """A DATE-TIME in UTC: 20201130T000000Z (microseconds dropped, as icalendar does)."""
    v = value.astimezone(UTC)
    return f"{v.year:04}{v.month:02}{v.day:02}T{v.hour:02}{v.minute:02}{v.second:02}Z"


def when(name: str, value: date | datetime) -> str:
    """The content line (unfolded) of a DATE or DATE-TIME property such as DTSTART.

    A date is `VALUE=DATE`; a datetime in Asia/Shanghai carries `TZID=Asia/Shanghai`; other
    zones are named by icalendar (it knows which IANA names are aliases of UTC, which then
    gives a `Z` value with no TZID).

    Example: when("DTSTART", date(2022, 6, 30)) == "DTSTART;VALUE=DATE:20220630".
    """
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value.year:04}{value.month:02}{value.day:02}"
    local = f"{value.year:04}{value.month:02}{value.day:02}T{value.hour:02}{value.minute:02}{value.second:02}"
    if value.tzinfo is SHANGHAI:
        return f"{name};TZID=Asia/Shanghai:{local}"
    if is_utc(value):
        return f"{name}:{local}Z"
    params = vDatetime(value).params.to_ical().decode("utf-8")
    return f"{name};{params}:{local}" if params else f"{name}:{local}"


def duration(value: timedelta) -> str:
    """A DURATION value as icalendar writes it: -P6DT15H, -PT15H, PT9H, -P1D, P0D."""
    sign = ""
    if value.days < 0:
        sign, value = "-", -value
    clock = ""
    if value.seconds:
        hours, minutes, seconds = value.seconds // 3600, value.seconds % 3600 // 60, value.seconds % 60
        clock = ("T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or (hours and seconds) else "")
                 + (f"{seconds}S" if seconds else ""))
    if value.days == 0 and clock:
        return f"{sign}P{clock}"
    return f"{sign}P{value.days}D{clock}"


def component(lines: Iterable[str]) -> bytes:
    """Unfolded content lines -> UTF-8 bytes, each line folded and ended with CRLF."""
    return b"".join([_fold(line.encode("utf-8")) for line in lines])


def _fold(line: bytes) -> bytes:
    """`line` folded as icalendar folds: each physical line as long as it can be up to FOLD_AT
    octets, cut only between UTF-8 characters, and never right after a backslash or caret, which
    moves to the next line with what follows (so `\\,` stays whole; icalendar moves the second
    backslash of `\\\\` too, and so does this)."""
    if len(line) <= FOLD_AT:
        return line + b"\r\n"
    pieces = []
    start, size = 0, len(line)
    while size - start > FOLD_AT:
        cut = start + FOLD_AT
        while line[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the character's start
            cut -= 1
        if line[cut - 1] in _KEPT_WITH_NEXT:  # icalendar also wants a character before it: always here
            cut -= 1
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return b"\r\n ".join(pieces) + b"\r\n"
