"""The daylight check: verdicts against pvlib's SPA sun and hand-reasoned cases."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from pvlib import solarposition

from geoverify.checks.daylight import PARTS_OF_DAY, daylight, part_of_day
from geoverify.checks.registry import get_check
from geoverify.errors import CheckError, TimeParseError
from geoverify.sites import Site
from geoverify.times import TimeInterval, parse_time

QURIYAH = Site(34.95629, 40.54139, 1500, name="al-Quriyah", method="geocoded")
LAT, LON = QURIYAH.lat, QURIYAH.lon


def _pvlib_events(day: str, zone: str = "Asia/Damascus"):
    index = pd.DatetimeIndex([pd.Timestamp(day)]).tz_localize(zone)
    row = solarposition.sun_rise_set_transit_spa(index, LAT, LON, delta_t=None).iloc[0]
    return row["sunrise"].to_pydatetime(warn=False), row["sunset"].to_pydatetime(warn=False)


def _pvlib_elevation(when: datetime) -> float:
    return float(solarposition.spa_python(pd.DatetimeIndex([when]), LAT, LON,
                                          delta_t=None)["elevation"].iloc[0])


def _when(text: str) -> datetime:
    return parse_time(text)


def test_seed_case_morning_footage_is_consistent():
    # "video of the strikes shortly before the morning rocket fire", 2022-01-05, al-Quriyah
    interval = TimeInterval(_when("2022-01-05T07:00 Asia/Damascus"),
                            _when("2022-01-05T09:00 Asia/Damascus"))
    r = daylight(QURIYAH, interval, "in the morning")
    assert r.verdict == "consistent"
    sunrise, sunset = _pvlib_events("2022-01-05")
    assert abs((datetime.fromisoformat(r.values["sunrise"]) - sunrise).total_seconds()) < 60
    assert abs((datetime.fromisoformat(r.values["sunset"]) - sunset).total_seconds()) < 60
    assert r.values["sunrise"].endswith("+02:00")  # Damascus was UTC+2 in January 2022
    assert r.values["sun_elevation_min_deg"] == pytest.approx(
        _pvlib_elevation(interval.start), abs=0.02)
    assert r.values["sun_elevation_max_deg"] == pytest.approx(
        _pvlib_elevation(interval.end), abs=0.02)
    assert r.margin > 0 and r.margin_unit == "min"
    assert "al-Quriyah" in r.explanation and "morning" in r.explanation


def test_night_and_day_at_three_in_the_morning():
    t = _when("2022-01-05T03:00 Asia/Damascus")
    assert _pvlib_elevation(t) < -18  # the reference says it is deep night
    assert daylight(QURIYAH, t, "night").verdict == "consistent"
    r = daylight(QURIYAH, t, "day")
    assert r.verdict == "inconsistent"
    # "day" may first fit at civil dawn (-6 deg): the margin is minus the wait for it
    index = pd.date_range("2022-01-05T03:00", "2022-01-05T08:00", freq="30s", tz="Asia/Damascus")
    elev = solarposition.spa_python(index, LAT, LON, delta_t=None)["elevation"]
    first = elev[elev >= -6.0 - 0.0136].index[0]  # -6 deg less the 1.5 km uncertainty
    expected = -(first - pd.Timestamp(t)).total_seconds() / 60
    assert r.margin == pytest.approx(expected, abs=1.5)


def test_interval_across_sunrise_is_inconclusive():
    interval = TimeInterval(_when("2022-01-05T05:00 Asia/Damascus"),
                            _when("2022-01-05T07:00 Asia/Damascus"))
    r = daylight(QURIYAH, interval, "day")
    assert r.verdict == "inconclusive"
    assert r.margin is None
    sunrise, _ = _pvlib_events("2022-01-05")
    expected_fit = (interval.end - sunrise).total_seconds() / interval.duration.total_seconds()
    assert r.values["fits_fraction"] == pytest.approx(expected_fit, abs=0.02)


def test_site_uncertainty_straddling_sunrise_gives_inconclusive():
    sunrise, _ = _pvlib_events("2022-01-05")
    t = sunrise + timedelta(seconds=45)  # the sun's centre ~0.15 deg above -0.8333
    assert -0.8333 < _pvlib_elevation(t) < -0.5
    exact = Site(LAT, LON, 0)
    assert daylight(exact, t, "day").verdict == "consistent"
    # 50 km moves the sun's elevation by up to 0.45 deg: it may still be below
    assert daylight(exact.with_uncertainty(50_000), t, "day").verdict == "inconclusive"


def test_morning_is_judged_on_the_clock_and_on_the_sun():
    # 2022: UTC+2, solar noon ~11:23 local; 11:50 is after solar noon but before 12:00
    r = daylight(QURIYAH, _when("2022-01-05T11:50 Asia/Damascus"), "morning")
    assert r.verdict == "inconclusive"
    # 2023: permanent UTC+3, solar noon ~12:23 local; 11:50 is morning on both clocks
    assert daylight(QURIYAH, _when("2023-01-05T11:50 Asia/Damascus"), "morning").verdict == \
        "consistent"
    assert daylight(QURIYAH, _when("2023-01-05T15:00 Asia/Damascus"), "morning").verdict == \
        "inconsistent"
    assert daylight(QURIYAH, _when("2023-01-05T15:00 Asia/Damascus"), "afternoon").verdict == \
        "consistent"


@pytest.mark.parametrize("text,claimed,verdict", [
    ("2022-01-05T04:00 Asia/Damascus", "before dawn", "consistent"),
    ("2022-01-05T04:00 Asia/Damascus", "pre-dawn", "consistent"),
    ("2022-01-05T10:00 Asia/Damascus", "before dawn", "inconsistent"),
    ("2022-01-05T06:10 Asia/Damascus", "dawn", "consistent"),      # civil twilight
    ("2022-01-05T16:40 Asia/Damascus", "dusk", "consistent"),
    ("2022-01-05T06:10 Asia/Damascus", "dusk", "inconsistent"),
    ("2022-01-05T16:40 Asia/Damascus", "twilight", "consistent"),
    ("2022-01-05T20:23 Asia/Damascus", "evening", "inconclusive"),  # dark, but "evening"
    ("2022-01-05T17:00 Asia/Damascus", "evening", "consistent"),
    ("2022-01-05T13:00 Asia/Damascus", "evening", "inconclusive"),
    ("2022-01-05T11:20 Asia/Damascus", "midday", "consistent"),
    ("2022-01-05T08:00 Asia/Damascus", "noon", "inconsistent"),
    ("2022-01-05T16:20 Asia/Damascus", "sunset", "consistent"),
])
def test_terms(text, claimed, verdict):
    assert daylight(QURIYAH, _when(text), claimed).verdict == verdict


def test_term_definitions_checked_against_reference_elevation():
    # dawn fits between -12 and -0.8333 deg: pick the instant from pvlib, not from geoverify
    index = pd.date_range("2022-01-05T04:30", "2022-01-05T06:30", freq="1min", tz="Asia/Damascus")
    elev = solarposition.spa_python(index, LAT, LON, delta_t=None)["elevation"]
    inside = elev[(elev > -11.5) & (elev < -1.3)].index
    outside = elev[elev < -18.5].index
    exact = Site(LAT, LON, 0)
    assert daylight(exact, inside[len(inside) // 2].to_pydatetime(), "dawn").verdict == \
        "consistent"
    assert daylight(exact, outside[0].to_pydatetime(), "dawn").verdict == "inconsistent"


def test_polar_night_is_not_day():
    svalbard = Site(78.22, 15.65, 1000, name="Longyearbyen")
    r = daylight(svalbard, _when("2022-12-21T12:00 Arctic/Longyearbyen"), "day")
    assert r.verdict == "inconsistent"
    assert r.values["sunrise"] is None and r.values["conditions"]["sun"] == "always_below"
    assert daylight(svalbard, _when("2022-06-21T00:00 Arctic/Longyearbyen"), "day").verdict == \
        "consistent"


def test_southern_hemisphere_and_utc():
    sydney = Site(-33.87, 151.21, 100)
    t = datetime(2022, 12, 21, 2, 0, tzinfo=UTC)  # 13:00 AEDT, summer
    assert daylight(sydney, t, "day").verdict == "consistent"
    assert daylight(sydney, t, "night").verdict == "inconsistent"


def test_long_interval_is_sampled_not_missed():
    # a whole local day certainly contains both night and day
    start = _when("2022-01-05T00:00 Asia/Damascus")
    r = daylight(QURIYAH, TimeInterval(start, start + timedelta(days=1)), "night")
    assert r.verdict == "inconclusive"
    assert 0.3 < r.values["fits_fraction"] < 0.7


def test_bad_inputs():
    t = _when("2022-01-05T03:00 Asia/Damascus")
    with pytest.raises(CheckError, match="not one of"):
        daylight(QURIYAH, t, "teatime")
    with pytest.raises(CheckError, match="Site"):
        daylight((34.9, 40.5), t, "night")
    with pytest.raises(TimeParseError):
        daylight(QURIYAH, datetime(2022, 1, 5, 3, 0), "night")
    with pytest.raises(TimeParseError):
        daylight(QURIYAH, "2022-01-05T03:00", "night")
    assert daylight(QURIYAH, "2022-01-05T03:00", "night", zone="Asia/Damascus").verdict == \
        "consistent"


def test_part_of_day_words():
    assert part_of_day("At Night").name == "night"
    assert part_of_day("shortly before dawn").name == "dawn"
    assert part_of_day("before dawn").name == "before dawn"
    assert part_of_day("during the day").name == "day"
    assert set(PARTS_OF_DAY) >= {"day", "night", "morning", "evening", "before dawn", "dawn",
                                 "dusk", "twilight"}


def test_registered_and_json_ready():
    spec = get_check("daylight")
    assert spec.func is daylight and spec.site_params == ("site",)
    r = daylight(QURIYAH, _when("2022-01-05T03:00 Asia/Damascus"), "night")
    json.dumps(r.to_dict())
    assert r.to_dict()["inputs"]["when"]["start"] == "2022-01-05T03:00:00+02:00"


def test_event_time_objects_are_accepted():
    class EventTime:  # the shape of geoverify.claims.EventTime
        def __init__(self, interval):
            self.interval = interval

    t = _when("2022-01-05T03:00 Asia/Damascus")
    assert daylight(QURIYAH, EventTime(TimeInterval(t, t)), "night").verdict == "consistent"
    assert date.fromisoformat(daylight(QURIYAH, t, "night").values["local_date"]) == \
        date(2022, 1, 5)


def test_utc_time_with_the_claims_local_zone():
    # 09:10Z on 2023-01-05 is 12:10 in Damascus (UTC+3), before solar noon (~12:23):
    # on the UTC clock it is morning, on the local clock afternoon: never certain
    t = datetime(2023, 1, 5, 9, 10, tzinfo=UTC)
    r = daylight(QURIYAH, t, "morning", zone="Asia/Damascus")
    assert r.verdict == "inconclusive"
    assert r.values["sunrise"].endswith("+03:00") and r.values["local_date"] == "2023-01-05"
    with pytest.raises(CheckError, match="unknown time zone"):
        daylight(QURIYAH, t, "morning", zone="Mars/Olympus")


def test_noon_and_afternoon_need_the_sun_and_the_clock():
    # mutation survivors (issue 12). Solar noon at al-Quriyah on 2022-01-05, from pvlib's SPA
    # (about 11:23 under UTC+2); "noon" fits within 15 degrees of hour angle (an hour) of it and
    # between 11:00 and 13:00 on the clock; "afternoon" is after solar noon and after 12:00
    transit = solarposition.sun_rise_set_transit_spa(
        pd.DatetimeIndex([pd.Timestamp("2022-01-05")]).tz_localize("Asia/Damascus"), LAT, LON,
        delta_t=None)["transit"].iloc[0]
    assert transit.hour == 11 and 20 <= transit.minute <= 26
    # 12:45 is on the noon clock but 80 minutes after solar noon: only possibly noon
    assert daylight(QURIYAH, _when("2022-01-05T12:45 Asia/Damascus"), "noon").verdict == \
        "inconclusive"
    # 12:10 is within the hour on both
    assert daylight(QURIYAH, _when("2022-01-05T12:10 Asia/Damascus"), "noon").verdict == \
        "consistent"
    # 11:50: afternoon by the sun, morning by the clock: possibly afternoon, never excluded
    assert daylight(QURIYAH, _when("2022-01-05T11:50 Asia/Damascus"), "afternoon").verdict == \
        "inconclusive"
