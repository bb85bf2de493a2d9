"""Solar position and sun events against pvlib's SPA (an independent implementation)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from pvlib import solarposition

from geoverify.errors import GeoverifyError, TimeParseError
from geoverify.sun import (
    elevation_for_shadow_ratio,
    refraction_deg,
    shadow_ratio,
    solar_position,
    sun_times,
    to_zone,
    zone_for_country,
)

SITES = [  # (lat, lon): the conflict area, tropics, southern hemisphere, high latitudes, poles-ish
    (34.95629, 40.54139), (33.5138, 36.2765), (0.0, 0.0), (-33.87, 151.21), (64.15, -21.94),
    (-54.8, -68.3), (69.65, 18.96), (21.3, -157.86), (-89.0, 10.0), (51.48, -0.0015),
]


def _random_times(n, seed):
    rng = np.random.default_rng(seed)
    start = np.datetime64("1990-01-01T00:00:00", "s").astype(np.int64)
    end = np.datetime64("2040-12-31T23:59:59", "s").astype(np.int64)
    return rng.integers(start, end, n).astype("datetime64[s]")


def _angle_diff(a, b):
    return np.abs((np.asarray(a) - np.asarray(b) + 180.0) % 360.0 - 180.0)


@pytest.mark.parametrize("lat,lon", SITES)
def test_position_matches_pvlib_spa(lat, lon):
    times = _random_times(400, seed=int(abs(lat * 1000 + lon)))
    ref = solarposition.spa_python(pd.DatetimeIndex(times, tz="UTC"), lat, lon, delta_t=None)
    ours = solar_position(lat, lon, times)
    assert np.max(np.abs(ours.elevation_deg - ref["elevation"].to_numpy())) < 0.01
    # azimuth is undefined at the zenith: compare where the sun is not within 0.5° of it
    away = ref["elevation"].to_numpy() < 89.5
    assert np.max(_angle_diff(ours.azimuth_deg, ref["azimuth"].to_numpy())[away]) < 0.01
    # apparent elevation: both apply Sæmundsson's refraction with the same pressure and
    # temperature, but only where the sun is up (pvlib's cut-off differs slightly below)
    up = ref["elevation"].to_numpy() > 0.0
    diff = np.abs(ours.apparent_elevation_deg - ref["apparent_elevation"].to_numpy())[up]
    assert np.max(diff) < 0.01


def test_position_broadcasts_places_and_times():
    rng = np.random.default_rng(7)
    n = 300
    lats = rng.uniform(-80, 80, n)
    lons = rng.uniform(-180, 180, n)
    times = _random_times(n, seed=8)
    ours = solar_position(lats, lons, times)
    for i in range(0, n, 60):  # pvlib, one place at a time
        ref = solarposition.spa_python(pd.DatetimeIndex([times[i]], tz="UTC"), lats[i], lons[i],
                                       delta_t=None)
        assert abs(ours.elevation_deg[i] - ref["elevation"].iloc[0]) < 0.01
        assert _angle_diff(ours.azimuth_deg[i], ref["azimuth"].iloc[0]) < 0.01
    grid = solar_position(lats[:5, None], lons[None, :7], times[0])
    assert grid.azimuth_deg.shape == (5, 7)


def test_scalar_in_scalar_out_and_azimuth_range():
    p = solar_position(35.0, 40.0, datetime(2022, 6, 21, 12, tzinfo=UTC))
    assert isinstance(p.azimuth_deg, float) and 0 <= p.azimuth_deg < 360
    assert p.zenith_deg == pytest.approx(90 - p.apparent_elevation_deg)


def test_any_zone_gives_the_same_instant():
    utc = datetime(2022, 1, 5, 5, 30, tzinfo=UTC)
    damascus = utc.astimezone(ZoneInfo("Asia/Damascus"))
    fixed = utc.astimezone(timezone(timedelta(hours=-7)))
    a, b, c = (solar_position(35, 40, t) for t in (utc, damascus, fixed))
    assert a.azimuth_deg == b.azimuth_deg == c.azimuth_deg


def test_naive_time_is_refused():
    with pytest.raises(TimeParseError, match="no UTC offset"):
        solar_position(35, 40, datetime(2022, 1, 5, 7, 30))
    with pytest.raises(TimeParseError):
        solar_position(35, 40, "2022-01-05T07:30")


def test_bad_latitude_is_refused():
    with pytest.raises(GeoverifyError, match="latitude"):
        solar_position(95, 40, datetime(2022, 1, 5, tzinfo=UTC))
    with pytest.raises(GeoverifyError):
        solar_position(float("nan"), 40, datetime(2022, 1, 5, tzinfo=UTC))


def test_refraction_by_hand():
    # Sæmundsson at 10°: 1.02 / tan(10 + 10.3/15.11 deg) arcmin, scaled (1013.25/1010)(283/285)
    expected = 1.02 / np.tan(np.radians(10 + 10.3 / 15.11)) / 60 * (1013.25 / 1010) * (283 / 285)
    assert float(refraction_deg(10.0)) == pytest.approx(expected, rel=1e-9)
    assert float(refraction_deg(-1.0)) == 0.0


def test_shadow_ratio_by_hand():
    assert float(shadow_ratio(30.0)) == pytest.approx(np.sqrt(3))
    assert float(shadow_ratio(-1.0)) == np.inf
    assert float(elevation_for_shadow_ratio(np.sqrt(3))) == pytest.approx(30.0)
    with pytest.raises(GeoverifyError):
        elevation_for_shadow_ratio(-1.0)


# ---------------------------------------------------------------- sunrise, sunset, transit

RISE_SITES = [(34.95629, 40.54139, "Asia/Damascus"), (33.31, 44.36, "Asia/Baghdad"),
              (40.71, -74.0, "America/New_York"), (60.17, 24.94, "Europe/Helsinki"),
              (0.0, 0.0, "UTC"), (-33.9, 18.4, "Africa/Johannesburg")]


@pytest.mark.parametrize("lat,lon,zone", RISE_SITES)
def test_rise_set_matches_pvlib_within_a_minute(lat, lon, zone):
    rng = np.random.default_rng(abs(int(lat * 100 + lon)))
    days = [date(1990, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 18600, 12)]
    index = pd.DatetimeIndex([pd.Timestamp(d) for d in days]).tz_localize(zone)
    ref = solarposition.sun_rise_set_transit_spa(index, lat, lon, delta_t=None)
    for d, (_, row) in zip(days, ref.iterrows(), strict=True):
        ours = sun_times(lat, lon, d, zone=zone)
        for mine, theirs in ((ours.sunrise, row["sunrise"]), (ours.sunset, row["sunset"]),
                             (ours.solar_noon, row["transit"])):
            assert mine is not None
            gap = abs((mine - theirs.to_pydatetime(warn=False)).total_seconds())
            assert gap < 60, (d, mine, theirs)
        assert ours.sunrise.utcoffset() == ours.sunrise.tzinfo.utcoffset(ours.sunrise)


@pytest.mark.parametrize("lat,lon,zone", [(-33.87, 151.21, "Australia/Sydney"),
                                          (-45.0, 170.5, "Pacific/Auckland"),
                                          (21.3, -157.86, "Pacific/Honolulu")])
def test_rise_set_far_from_greenwich_by_elevation(lat, lon, zone):
    # pvlib's sun_rise_set_transit_spa works on UTC days: where local sunrise falls on the
    # previous UTC date (e.g. Sydney) it returns the neighbouring day's event (its time has
    # the sun at -1.07 deg, not -0.83). So here the reference is pvlib's SPA elevation at our
    # event times, which must be the event's defining elevation (0.004 deg ~ 1 s of time).
    rng = np.random.default_rng(abs(int(lat * 100 + lon)))
    days = [date(1990, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 18600, 8)]
    for d in days:
        t = sun_times(lat, lon, d, zone=zone)
        events = [t.sunrise, t.sunset, t.civil_dawn, t.nautical_dusk]
        ref = solarposition.spa_python(pd.DatetimeIndex(events), lat, lon, delta_t=None)
        assert np.allclose(ref["elevation"], [-0.8333, -0.8333, -6, -12], atol=0.02), d
        assert all(e.date() == d for e in events[:2])
        noon = solarposition.spa_python(pd.DatetimeIndex([t.solar_noon - timedelta(seconds=30),
                                                          t.solar_noon,
                                                          t.solar_noon + timedelta(seconds=30)]),
                                        lat, lon, delta_t=None)["elevation"].to_numpy()
        assert noon[1] >= noon[0] - 1e-4 and noon[1] >= noon[2] - 1e-4


def test_seed_case_sunrise_at_al_quriyah():
    # 2022-01-05 in Damascus was still UTC+2 (Syria moved to permanent UTC+3 in late 2022)
    t = sun_times(34.95629, 40.54139, date(2022, 1, 5), zone="Asia/Damascus")
    ref = solarposition.sun_rise_set_transit_spa(
        pd.DatetimeIndex([pd.Timestamp("2022-01-05")]).tz_localize("Asia/Damascus"),
        34.95629, 40.54139, delta_t=None)
    assert t.sunrise.utcoffset() == timedelta(hours=2)
    assert t.sunrise.strftime("%Y-%m-%d %H:%M") == "2022-01-05 06:26"
    assert abs((t.sunrise - ref["sunrise"].iloc[0].to_pydatetime(warn=False)).total_seconds()) < 60
    # the same date a year later is UTC+3
    later = sun_times(34.95629, 40.54139, date(2023, 1, 5), zone="Asia/Damascus")
    assert later.sunrise.utcoffset() == timedelta(hours=3)


def test_twilight_elevations_are_what_they_claim():
    t = sun_times(34.95629, 40.54139, date(2022, 1, 5), zone="Asia/Damascus")
    for name, target in (("civil_dawn", -6), ("civil_dusk", -6), ("nautical_dawn", -12),
                         ("astronomical_dusk", -18), ("sunrise", -0.8333)):
        when = getattr(t, name)
        ref = solarposition.spa_python(pd.DatetimeIndex([when]), 34.95629, 40.54139,
                                       delta_t=None)
        assert ref["elevation"].iloc[0] == pytest.approx(target, abs=0.02), name
    assert t.astronomical_dawn < t.nautical_dawn < t.civil_dawn < t.sunrise < t.solar_noon
    assert t.solar_noon < t.sunset < t.civil_dusk < t.nautical_dusk < t.astronomical_dusk


def test_polar_day_and_night():
    summer = sun_times(78.22, 15.65, date(2022, 6, 21), zone="Arctic/Longyearbyen")
    assert summer.polar_day and summer.sunrise is None and summer.sunset is None
    assert summer.conditions["astronomical"] == "always_above"
    assert summer.day_length == timedelta(hours=24)
    winter = sun_times(78.22, 15.65, date(2022, 12, 21), zone="Arctic/Longyearbyen")
    assert winter.polar_night and winter.sunrise is None and winter.day_length == timedelta(0)
    # at 78°N in December even civil twilight never comes, but astronomical twilight does
    assert winter.conditions["civil"] == "always_below"
    assert winter.conditions["astronomical"] == "rises_and_sets"
    # mid-latitude summer: the night never gets astronomically dark
    helsinki = sun_times(60.17, 24.94, date(2022, 6, 21), zone="Europe/Helsinki")
    assert helsinki.sunrise is not None
    assert helsinki.conditions["astronomical"] == "always_above"
    assert helsinki.astronomical_dawn is None
    # the pole itself does not divide by zero
    pole = sun_times(90.0, 0.0, date(2022, 6, 21), zone="UTC")
    assert pole.polar_day


def test_to_dict_is_iso_with_offsets():
    d = sun_times(34.95629, 40.54139, date(2022, 1, 5), zone="Asia/Damascus").to_dict()
    assert d["sunrise"].endswith("+02:00") and d["zone"] == "Asia/Damascus"


def test_sun_times_input_errors():
    with pytest.raises(TimeParseError, match="unknown time zone"):
        sun_times(35, 40, date(2022, 1, 5), zone="Mars/Olympus")
    with pytest.raises(TimeParseError):
        sun_times(35, 40, datetime(2022, 1, 5, tzinfo=UTC))
    with pytest.raises(GeoverifyError):
        sun_times(135, 40, date(2022, 1, 5))


def test_zone_helpers():
    assert to_zone("2022-01-05T04:00Z", "Asia/Damascus").utcoffset() == timedelta(hours=2)
    assert to_zone("2023-01-05T04:00Z", "Asia/Damascus").utcoffset() == timedelta(hours=3)
    assert zone_for_country("IQ") == "Asia/Baghdad"
    with pytest.raises(GeoverifyError, match="no zone"):
        zone_for_country("XX")


def test_many_times_use_interpolated_series_and_still_match_pvlib():
    # above 4096 distinct times the slow series are interpolated from half-day nodes
    times = _random_times(9000, seed=11)
    ref = solarposition.spa_python(pd.DatetimeIndex(times, tz="UTC"), 34.95629, 40.54139,
                                   delta_t=None)
    many = solar_position(34.95629, 40.54139, times)
    assert np.max(np.abs(many.elevation_deg - ref["elevation"].to_numpy())) < 0.01
    assert np.max(_angle_diff(many.azimuth_deg, ref["azimuth"].to_numpy())) < 0.01
    # and agree with the direct computation (small batches) to a micro-degree
    direct = np.concatenate([solar_position(34.95629, 40.54139, times[i:i + 3000]).elevation_deg
                             for i in range(0, 9000, 3000)])
    assert np.max(np.abs(many.elevation_deg - direct)) < 1e-6


def test_pandas_times_aware_only():
    index = pd.date_range("2022-01-05T05:00", periods=3, freq="h", tz="Asia/Damascus")
    ref = solarposition.spa_python(index, 34.95629, 40.54139, delta_t=None)
    ours = solar_position(34.95629, 40.54139, index)
    assert np.max(np.abs(ours.elevation_deg - ref["elevation"].to_numpy())) < 0.01
    with pytest.raises(TimeParseError):
        solar_position(34.95629, 40.54139, index.tz_localize(None))
