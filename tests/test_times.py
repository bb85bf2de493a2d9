"""Strict aware times, intervals and local days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from geoverify.errors import TimeParseError
from geoverify.times import TimeInterval, as_interval, day_interval, parse_time


@pytest.mark.parametrize("text,offset_h", [
    ("2022-01-05T07:30+03:00", 3), ("2022-01-05T07:30Z", 0), ("2022-01-05 07:30 UTC", 0),
    ("2022-01-05T07:30 Asia/Damascus", 2), ("2023-01-05T07:30 Asia/Damascus", 3),
    ("2022-07-05T07:30[Asia/Damascus]", 3), ("2022-01-05T07:30 Asia/Baghdad", 3),
])
def test_parse_time_offsets(text, offset_h):
    # Syria: UTC+2 in winter until 2022, permanent UTC+3 from late 2022 (IANA tzdata 2022f)
    assert parse_time(text).utcoffset() == timedelta(hours=offset_h)


@pytest.mark.parametrize("text", ["2022-01-05T07:30", "2022-01-05 07:30", "07:30"])
def test_bare_times_refused(text):
    with pytest.raises(TimeParseError, match="no UTC offset or time zone|not ISO 8601"):
        parse_time(text)


def test_explicit_zone_and_naive_datetime():
    assert parse_time("2022-01-05T07:30", zone="Asia/Damascus").utcoffset() == timedelta(hours=2)
    with pytest.raises(TimeParseError):
        parse_time(datetime(2022, 1, 5, 7, 30))
    with pytest.raises(TimeParseError, match="unknown time zone"):
        parse_time("2022-01-05T07:30 Mars/Olympus")
    with pytest.raises(TimeParseError, match="both"):
        parse_time("2022-01-05T07:30+02:00 Asia/Damascus")


def test_day_interval():
    d = day_interval(date(2022, 1, 5), "Asia/Damascus")
    assert d.start == datetime(2022, 1, 5, tzinfo=ZoneInfo("Asia/Damascus"))
    assert d.start.utcoffset() == timedelta(hours=2)
    # a day with a clock change (Europe/Berlin, 2022-03-27) lasts 23 hours of real time
    berlin = day_interval(date(2022, 3, 27), "Europe/Berlin")
    assert berlin.end.timestamp() - berlin.start.timestamp() == 23 * 3600
    assert day_interval(date(2022, 1, 5), UTC).start.tzinfo is UTC
    with pytest.raises(TimeParseError):
        day_interval(datetime(2022, 1, 5, tzinfo=UTC), "UTC")
    with pytest.raises(TimeParseError):
        day_interval(date(2022, 1, 5), "Nowhere/Land")


def test_as_interval():
    t = datetime(2022, 1, 5, 7, tzinfo=UTC)
    iv = TimeInterval.at(t, precision=timedelta(minutes=5))
    assert as_interval(iv) is iv
    assert as_interval(t) == TimeInterval(t, t)
    assert as_interval("2022-01-05T07:00Z") == TimeInterval(t, t)

    class Event:
        interval = iv

    assert as_interval(Event()) is iv
    with pytest.raises(TimeParseError):
        as_interval(12345)
    with pytest.raises(TimeParseError):
        as_interval("2022-01-05T07:00")


def test_interval_rules():
    a = datetime(2022, 1, 5, 7, tzinfo=UTC)
    with pytest.raises(TimeParseError, match="before it starts"):
        TimeInterval(a, a - timedelta(seconds=1))
    with pytest.raises(TimeParseError, match="aware"):
        TimeInterval(datetime(2022, 1, 5), a)
    iv = TimeInterval(a, a + timedelta(hours=2))
    assert iv.midpoint == a + timedelta(hours=1) and iv.contains(a) and not iv.contains(
        a - timedelta(seconds=1))
    assert iv.to_dict() == {"start": "2022-01-05T07:00:00+00:00",
                            "end": "2022-01-05T09:00:00+00:00"}
