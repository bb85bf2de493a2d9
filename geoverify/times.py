"""Times: aware datetimes and intervals, parsed strictly (a time without a zone is refused).

Claims say local time ("8:23 pm local time in Syria"): a time is accepted with a UTC offset
(``2022-01-05T07:30+03:00``), with ``Z``, or followed by an IANA zone name
(``2022-01-05T07:30 Asia/Damascus`` or ``2022-01-05T07:30[Asia/Damascus]``), resolved through
``zoneinfo`` so historical offsets are right. Never guessed, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from geoverify.errors import TimeParseError, quoted

__all__ = ["parse_time", "TimeInterval", "as_interval", "day_interval", "EARLIEST", "LATEST",
           "check_in_range"]

#: The earliest and latest instants geoverify reads (UTC): Python's dates run from year 1 to
#: 9999, and the sun's day around a time needs a day either side.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, 23, 59, 59, tzinfo=UTC)
RANGE_TEXT = "geoverify reads times from 0001-01-02 to 9999-12-30 (UTC)"


def check_in_range(value: datetime, what: str = "time") -> datetime:
    """Return the aware ``value`` if it lies between :data:`EARLIEST` and :data:`LATEST`.

    >>> check_in_range(datetime(9999, 12, 31, tzinfo=UTC))
    Traceback (most recent call last):
    ...
    geoverify.errors.TimeParseError: time 9999-12-31T00:00:00+00:00 is out of range: ...
    """
    try:
        inside = EARLIEST <= value.astimezone(UTC) <= LATEST
    except (OverflowError, ValueError):  # a local time whose UTC falls in year 0 or 10000
        inside = False
    if not inside:
        raise TimeParseError(f"{what} {value.isoformat()} is out of range: {RANGE_TEXT}")
    return value

_ZONE_SUFFIX = re.compile(
    r"^(?P<stamp>.+?)(?:\s+|\[)(?P<zone>[A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)*)\]?$"
)


def parse_time(text: str | datetime, *, zone: str | None = None) -> datetime:
    """Return an aware datetime from ISO 8601 text with an offset, ``Z`` or an IANA zone name.

    ``zone`` names the zone of a text that has none (an explicit choice by the caller);
    without it, a bare local time raises :class:`~geoverify.errors.TimeParseError`.

    >>> parse_time("2022-01-05T07:30+03:00").isoformat()
    '2022-01-05T07:30:00+03:00'
    >>> parse_time("2022-01-05 07:30 Asia/Damascus").utcoffset()
    datetime.timedelta(seconds=7200)
    >>> parse_time("2022-01-05T07:30")
    Traceback (most recent call last):
    ...
    geoverify.errors.TimeParseError: time '2022-01-05T07:30' has no UTC offset or time zone; ...
    """
    if isinstance(text, datetime):
        if text.tzinfo is None or text.utcoffset() is None:
            if zone is None:
                raise TimeParseError(
                    f"time {text.isoformat()!r} has no UTC offset or time zone; "
                    "give an aware datetime or name the zone"
                )
            return text.replace(tzinfo=_zone(zone, text.isoformat()))
        return text
    raw = str(text).strip()
    stamp, zone_name = raw, zone
    match = _ZONE_SUFFIX.match(raw)
    if match and "/" in match.group("zone") or (match and match.group("zone") in ("UTC", "GMT")):
        stamp, zone_name = match.group("stamp").strip(), match.group("zone")
    candidate = stamp[:-1] + "+00:00" if stamp.endswith(("Z", "z")) else stamp
    try:
        value = datetime.fromisoformat(candidate)
    except ValueError:
        raise TimeParseError(
            f"time {quoted(raw)} is not ISO 8601 (expected e.g. 2022-01-05T07:30+03:00 "
            "or 2022-01-05T07:30 Asia/Damascus)"
        ) from None
    if value.tzinfo is not None:
        if match and zone_name and zone_name != zone:
            raise TimeParseError(f"time {quoted(raw)} gives both a UTC offset and a zone name")
        return value
    if zone_name is None:
        raise TimeParseError(
            f"time {quoted(raw)} has no UTC offset or time zone; add one (e.g. +03:00, Z, "
            "or a zone name such as Asia/Damascus)"
        )
    return value.replace(tzinfo=_zone(zone_name, raw))


def _zone(name: str, raw: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimeParseError(f"time {quoted(raw)}: unknown time zone {quoted(name)}") from None


@dataclass(frozen=True)
class TimeInterval:
    """A closed interval of aware datetimes: when an event happened, as precisely as known.

    >>> t = TimeInterval.at(parse_time("2022-01-05T06:00Z"), precision=timedelta(hours=1))
    >>> t.duration
    datetime.timedelta(seconds=7200)
    """

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, datetime) or value.utcoffset() is None:
                raise TimeParseError(f"interval {name} {quoted(value)} must be an aware datetime")
            check_in_range(value, f"interval {name}")
        if self.end < self.start:
            raise TimeParseError(f"interval ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def at(cls, when: datetime, *, precision: timedelta = timedelta(0)) -> TimeInterval:
        """Return the interval ``when ± precision``."""
        return cls(when - precision, when + precision)

    @property
    def duration(self) -> timedelta:
        """The interval's length."""
        return self.end - self.start

    @property
    def midpoint(self) -> datetime:
        """The middle of the interval."""
        return self.start + (self.end - self.start) / 2

    def contains(self, when: datetime) -> bool:
        """Return whether ``when`` lies within the interval (inclusive)."""
        return self.start <= when <= self.end

    def to_dict(self) -> dict[str, str]:
        """Return ``{"start": ..., "end": ...}`` as ISO 8601 strings with offsets."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def day_interval(day: date, zone: str | tzinfo) -> TimeInterval:
    """Return the local calendar day ``day`` in ``zone``, midnight to the next midnight.

    The zone's own offsets apply (a day with a clock change lasts 23 or 25 hours).

    >>> d = day_interval(date(2022, 1, 5), "Asia/Damascus")
    >>> d.start.isoformat(), d.duration
    ('2022-01-05T00:00:00+02:00', datetime.timedelta(days=1))
    """
    if isinstance(day, datetime):
        raise TimeParseError(f"day {day!r} must be a date, not a datetime")
    tz = zone if isinstance(zone, tzinfo) else _zone(str(zone), str(day))
    start = datetime.combine(day, time(0), tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tz)
    return TimeInterval(start, end)


def as_interval(when: Any, *, zone: str | None = None) -> TimeInterval:
    """Return ``when`` as a :class:`TimeInterval`.

    Accepts a TimeInterval, anything with an ``interval`` attribute that is one (an event
    time of a claim), an aware datetime (a zero-length interval), or ISO 8601 text with an
    offset or zone (see :func:`parse_time`; ``zone`` for text without one).

    >>> as_interval("2022-01-05T07:30+02:00").duration
    datetime.timedelta(0)
    """
    if isinstance(when, TimeInterval):
        return when
    inner = getattr(when, "interval", None)
    if isinstance(inner, TimeInterval):
        return inner
    if isinstance(when, (datetime, str)):
        instant = parse_time(when, zone=zone)
        return TimeInterval(instant, instant)
    raise TimeParseError(f"time {quoted(when)} is not a time, an interval or ISO 8601 text")
