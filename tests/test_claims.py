"""Claims: event times as intervals with their precision, claim roles, case helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from geoverify.claims import Case, Claim, parse_event_time
from geoverify.errors import GeoverifyError, TimeParseError

DAMASCUS = ZoneInfo("Asia/Damascus")


def test_date_alone_is_the_whole_local_day():
    t = parse_event_time("2022-01-05", zone="Asia/Damascus")
    assert t.precision == "day"
    assert t.start == datetime(2022, 1, 5, tzinfo=DAMASCUS)
    # Damascus was UTC+2 in January 2022: the day starts at 22:00 UTC the day before
    assert t.start.astimezone(UTC) == datetime(2022, 1, 4, 22, 0, tzinfo=UTC)
    assert t.interval.duration == timedelta(days=1)


def test_zone_written_after_the_date_wins_over_the_default():
    t = parse_event_time("2023-12-04 Asia/Baghdad", zone="Asia/Damascus")
    assert t.start.utcoffset() == timedelta(hours=3)


def test_date_objects_are_accepted():
    assert parse_event_time(date(2022, 1, 5), zone="UTC").interval.duration == timedelta(days=1)


# data/cases/README.md, "Times": "dawn 04-07, early morning 04-08, morning 05-12, late morning
# 09-12, midday/noon 11-14, afternoon 12-18, late afternoon 15-18, evening 17-22, dusk 16-20,
# night 18-06 (next day)", typed here as literals (local hours; 30 is 06:00 the next day)
DOCUMENTED_PARTS_OF_DAY = {
    "dawn": (4, 7), "early morning": (4, 8), "morning": (5, 12), "late morning": (9, 12),
    "midday": (11, 14), "noon": (11, 14), "afternoon": (12, 18), "late afternoon": (15, 18),
    "evening": (17, 22), "dusk": (16, 20), "night": (18, 30),
}


@pytest.mark.parametrize("part", sorted(DOCUMENTED_PARTS_OF_DAY))
def test_parts_of_day_use_the_documented_hours(part):
    first, last = DOCUMENTED_PARTS_OF_DAY[part]
    t = parse_event_time(f"2022-01-05 {part}", zone="Asia/Damascus")
    assert t.precision == "part_of_day" and t.part_of_day == part
    midnight = datetime(2022, 1, 5, tzinfo=DAMASCUS)
    assert t.start == midnight + timedelta(hours=first)
    assert t.end == midnight + timedelta(hours=last)


def test_no_undocumented_part_of_day_is_accepted():
    from geoverify.claims import PART_OF_DAY_HOURS

    assert set(PART_OF_DAY_HOURS) == set(DOCUMENTED_PARTS_OF_DAY)
    with pytest.raises(TimeParseError, match="part of the day|one of"):
        parse_event_time("2022-01-05 teatime", zone="Asia/Damascus")


def test_morning_in_summer_time_is_local_wall_clock():
    # Damascus was UTC+3 in September 2022
    t = parse_event_time("2022-09-18 morning Asia/Damascus")
    assert t.start.astimezone(UTC).hour == 2 and t.end.astimezone(UTC).hour == 9


def test_exact_time_with_zone_and_margin():
    t = parse_event_time("2022-09-18T19:05 Asia/Damascus")
    assert t.precision == "exact" and t.start == t.end
    assert t.start.astimezone(UTC) == datetime(2022, 9, 18, 16, 5, tzinfo=UTC)
    m = parse_event_time("2022-09-18T19:05+03:00 ± 30 min")
    assert m.end - m.start == timedelta(hours=1)
    assert parse_event_time("2022-09-18T19:05Z +- 2 h").interval.duration == timedelta(hours=4)


def test_interval_forms():
    t = parse_event_time("2022-01-04 / 2022-01-05", zone="Asia/Damascus")
    assert t.precision == "interval" and t.interval.duration == timedelta(days=2)
    t2 = parse_event_time("2022-01-05T05:00+02:00 to 2022-01-05T07:00+02:00")
    assert t2.interval.duration == timedelta(hours=2)


@pytest.mark.parametrize("text", [
    "2022-01-05",  # no zone anywhere
    "2022-01-05 brunch",
    "2022-01-05T07:30",  # local time, no zone
    "2022-02-30 Asia/Damascus",
    "2022-01-05 Mars/Olympus",
    "2022-01-06 / 2022-01-05",  # ends before it starts
    "",
])
def test_bad_times_raise(text):
    with pytest.raises(TimeParseError):
        parse_event_time(text)


def test_claim_roles():
    impact = Claim("c2", "Coalition", "impact", sites=("gv",), launch_site="lp")
    assert (impact.launch_point, impact.target, impact.actor_site) == ("lp", "gv", "lp")
    launch = Claim("c8", "locals", "launch", sites=("area",), target_site="base")
    assert (launch.launch_point, launch.target) == ("area", "base")
    presence = Claim("p", "x", "presence", sites=("town",))
    assert (presence.launch_point, presence.target, presence.actor_site) == (None, None, "town")
    with pytest.raises(GeoverifyError):
        Claim("x", "y", "rumour")


def test_case_helpers_and_html_is_escaped():
    claim = Claim("c1", "<script>alert(1)</script>", "other", text="a & b")
    case = Case("k", "Title <b>", {}, (claim,), path="f.yaml", lines={"claims[0].kind": 7})
    assert case.claim("c1") is claim
    with pytest.raises(GeoverifyError, match="c1"):
        case.claim("nope")
    assert case.where("claims[0].kind") == "file f.yaml, line 7, field 'claims[0].kind'"
    html = case._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "Title &lt;b&gt;" in html
