"""The shadow check: time windows and candidate regions against pvlib's SPA sun."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from pvlib import solarposition
from shapely import Point, box

from geoverify.checks.registry import get_check
from geoverify.checks.shadow import (
    ShadowMeasurement,
    shadow,
    shadow_region,
    shadow_windows,
)
from geoverify.errors import CheckError
from geoverify.sites import Site
from geoverify.times import TimeInterval, day_interval, parse_time

LAT, LON = 34.95629, 40.54139
EXACT = Site(LAT, LON, 0, name="al-Quriyah")
DAY = day_interval(date(2022, 1, 5), "Asia/Damascus")


def _reference(lat=LAT, lon=LON, start="2022-01-05T00:00", end="2022-01-06T00:00", freq="10s",
               zone="Asia/Damascus"):
    index = pd.date_range(start, end, freq=freq, tz=zone)
    ref = solarposition.spa_python(index, lat, lon, delta_t=None)
    shadow_az = (ref["azimuth"] + 180.0) % 360.0
    app = ref["apparent_elevation"]
    ratio = pd.Series(np.where(app > 0, 1.0 / np.tan(np.radians(app.clip(lower=1e-9))), np.inf),
                      index=index)
    return shadow_az, ratio, app


def _runs(mask: pd.Series):
    values = mask.to_numpy()
    out, start = [], None
    for i, v in enumerate(values):
        if v and start is None:
            start = i
        if not v and start is not None:
            out.append((mask.index[start], mask.index[i - 1]))
            start = None
    if start is not None:
        out.append((mask.index[start], mask.index[-1]))
    return out


def _close(a, b, seconds=45):
    return abs((a - b.to_pydatetime()).total_seconds()) <= seconds


def test_azimuth_window_matches_reference():
    m = ShadowMeasurement(azimuth_deg=324.0, azimuth_error_deg=3.0)
    windows = shadow_windows(EXACT, m, DAY)
    shadow_az, _, app = _reference()
    err = np.abs((shadow_az - 324.0 + 180.0) % 360.0 - 180.0)
    ref = _runs((err <= 3.0) & (app > 0))
    assert len(ref) == 1 and len(windows) == 1
    (fit_start, fit_end), = windows[0].fits
    assert _close(fit_start, ref[0][0]) and _close(fit_end, ref[0][1])
    assert windows[0].start <= fit_start and fit_end <= windows[0].end


def test_ratio_windows_morning_and_afternoon_match_reference():
    m = ShadowMeasurement(length_ratio=2.0, length_ratio_error=0.1)
    windows = shadow_windows(EXACT, m, DAY)
    _, ratio, _ = _reference()
    ref = _runs((ratio >= 1.9) & (ratio <= 2.1))
    assert len(windows) == len(ref) == 2
    for w, (a, b) in zip(windows, ref, strict=True):
        (fa, fb), = w.fits
        assert _close(fa, a) and _close(fb, b)


def test_second_measurement_an_hour_later_picks_the_morning():
    # length ratio 2.0 fits ~09:30 and ~13:15; an hour later the same shadow is shorter in the
    # morning (sun higher) but longer in the afternoon: give the morning's later value
    _, ratio, _ = _reference()
    later = float(ratio.loc[pd.Timestamp("2022-01-05T10:30", tz="Asia/Damascus")])
    first = ShadowMeasurement(length_ratio=2.0, length_ratio_error=0.1)
    second = ShadowMeasurement(length_ratio=round(later, 3), length_ratio_error=0.1,
                               offset=timedelta(hours=1))
    windows = shadow_windows(EXACT, [first, second], DAY)
    assert len(windows) == 1
    assert windows[0].start.hour == 9


def test_site_uncertainty_widens_the_band_not_the_fit():
    m = ShadowMeasurement(azimuth_deg=324.0, azimuth_error_deg=3.0)
    narrow = shadow_windows(EXACT, m, DAY)[0]
    wide = shadow_windows(EXACT.with_uncertainty(30_000), m, DAY)[0]
    assert wide.end - wide.start > narrow.end - narrow.start
    (a, b), = wide.fits
    (c, d), = narrow.fits
    assert b - a < d - c


def test_claimed_time_verdicts():
    m = [ShadowMeasurement(azimuth_deg=324.0, azimuth_error_deg=3.0)]
    ok = shadow(EXACT, measurements=m, when=parse_time("2022-01-05T09:00 Asia/Damascus"))
    assert ok.verdict == "consistent" and ok.margin is None
    bad = shadow(EXACT, measurements=m, when=parse_time("2022-01-05T14:00 Asia/Damascus"))
    assert bad.verdict == "inconsistent"
    # the nearest instant that may fit ends ~09:15: about 4 h 45 min earlier
    assert bad.margin == pytest.approx(-(14 * 60 - (9 * 60 + 14)), abs=3)
    interval = TimeInterval(parse_time("2022-01-05T08:00 Asia/Damascus"),
                            parse_time("2022-01-05T10:00 Asia/Damascus"))
    assert shadow(EXACT, measurements=m, when=interval).verdict == "consistent"


def test_claimed_time_at_the_edge_is_inconclusive():
    shadow_az, _, _ = _reference(freq="1s", start="2022-01-05T08:30", end="2022-01-05T09:30")
    err = np.abs((shadow_az - 324.0 + 180.0) % 360.0 - 180.0)
    edge = err[err <= 3.0].index[0]  # the first second the shadow fits (reference)
    m = [ShadowMeasurement(azimuth_deg=324.0, azimuth_error_deg=3.0)]
    site = EXACT.with_uncertainty(20_000)
    r = shadow(site, measurements=m, when=edge.to_pydatetime())
    assert r.verdict == "inconclusive"


def test_night_has_no_shadow():
    m = [ShadowMeasurement(length_ratio=1.0)]
    r = shadow(EXACT, measurements=m, when=parse_time("2022-01-05T22:00 Asia/Damascus"))
    assert r.verdict == "inconsistent"
    assert all(w["start"][:10] == "2022-01-05" for w in r.values["windows"])


def test_search_without_claim():
    r = shadow(EXACT, measurements=[{"length_ratio": 0.2, "length_ratio_error": 0.02}],
               search=DAY)
    assert r.verdict == "inconsistent"  # the January sun never gets that high (32.5 deg)
    assert r.values["windows"] == []


def test_region_matches_reference_at_sample_points():
    m = ShadowMeasurement(azimuth_deg=330.7, azimuth_error_deg=2.0, length_ratio=2.0,
                          length_ratio_error=0.1)
    when = parse_time("2022-01-05T09:30 Asia/Damascus")
    region = shadow_region(m, when, bbox=(25, 30, 45, 50), cell_deg=0.1)
    assert region.fits.contains(Point(LON, LAT))
    assert region.band.contains(region.fits.buffer(-1e-9))
    rng = np.random.default_rng(3)
    checked = 0
    for lat, lon in zip(rng.uniform(25, 45, 400), rng.uniform(30, 50, 400), strict=True):
        ref = solarposition.spa_python(pd.DatetimeIndex([when]), lat, lon, delta_t=None)
        az = (ref["azimuth"].iloc[0] + 180) % 360
        app = ref["apparent_elevation"].iloc[0]
        ratio = 1 / np.tan(np.radians(app)) if app > 0 else np.inf
        fits_ref = abs((az - 330.7 + 180) % 360 - 180) <= 2.0 and 1.9 <= ratio <= 2.1
        p = Point(lon, lat)
        if region.fits.contains(p):
            assert fits_ref, (lat, lon)
            checked += 1
        if not region.band.intersects(p):
            assert not fits_ref, (lat, lon)
    assert checked > 0


def test_region_mask_and_geojson():
    m = ShadowMeasurement(length_ratio=2.0, length_ratio_error=0.2)
    when = parse_time("2022-01-05T09:30 Asia/Damascus")
    mask = box(38.0, 32.0, 42.5, 37.5)  # lon/lat, roughly eastern Syria
    region = shadow_region(m, when, mask=mask, cell_deg=0.05)
    assert mask.buffer(1e-9).contains(region.band)
    gj = region.to_geojson(grid=True)
    json.dumps(gj)
    layers = [f["properties"].get("layer") for f in gj["features"][:2]]
    assert layers == ["fits", "may fit (error band)"]
    cells = [f for f in gj["features"] if f["properties"]["role"] == "shadow_cell"]
    assert cells and all(f["properties"]["state"] in (1, 2) for f in cells)


def test_check_map_mode_returns_shadow_features():
    r = shadow(measurements=[{"azimuth_deg": 330.7, "azimuth_error_deg": 2.0,
                              "length_ratio": 2.0, "length_ratio_error": 0.1}],
               when="2022-01-05T09:30 Asia/Damascus", bbox=(30, 35, 40, 45), cell_deg=0.1)
    assert r.verdict == "consistent"
    assert {f.role for f in r.features} == {"shadow"}
    assert r.values["area_band_km2"] >= r.values["area_fit_km2"] > 0
    json.dumps(r.to_dict())
    with pytest.raises(CheckError, match="instant"):
        shadow(measurements=[{"length_ratio": 2.0}], bbox=(30, 35, 40, 45),
               when=TimeInterval(parse_time("2022-01-05T09:00Z"), parse_time("2022-01-05T10:00Z")))


def test_two_shadows_narrow_the_region():
    when = parse_time("2022-01-05T09:30 Asia/Damascus")
    one = ShadowMeasurement(length_ratio=2.0, length_ratio_error=0.1)
    two = ShadowMeasurement(azimuth_deg=330.7, azimuth_error_deg=2.0)
    a = shadow_region(one, when, bbox=(25, 30, 45, 50), cell_deg=0.1)
    b = shadow_region([one, two], when, bbox=(25, 30, 45, 50), cell_deg=0.1)
    assert b.band.area < a.band.area and b.fits.area < a.fits.area
    assert a.fits.contains(b.fits.buffer(-1e-6))


def test_measurement_validation():
    with pytest.raises(CheckError, match="azimuth_deg, a length_ratio"):
        ShadowMeasurement()
    with pytest.raises(CheckError):
        ShadowMeasurement(length_ratio=-1)
    with pytest.raises(CheckError):
        ShadowMeasurement(azimuth_deg=float("nan"))
    with pytest.raises(CheckError, match="unknown field"):
        ShadowMeasurement.from_dict({"azimut": 10})
    assert ShadowMeasurement(azimuth_deg=-10).azimuth_deg == 350.0
    with pytest.raises(CheckError):
        shadow(EXACT, measurements=[])
    with pytest.raises(CheckError, match="claimed time"):
        shadow(EXACT, measurements=[{"length_ratio": 1.0}])
    with pytest.raises(CheckError, match="bbox"):
        shadow_region(ShadowMeasurement(length_ratio=1.0), "2022-01-05T09:00Z",
                      bbox=(40, 30, 30, 50))


def test_registered():
    spec = get_check("shadow")
    assert spec.func is shadow and spec.site_params == ("site",)


def test_zone_and_country_masks():
    from geoverify.checks.shadow import zone_area

    syria = zone_area("Asia/Damascus")
    # independent facts: Damascus and al-Quriyah are in Syria, Baghdad and Amman are not
    assert syria.contains(Point(36.2765, 33.5138)) and syria.contains(Point(LON, LAT))
    assert not syria.contains(Point(44.36, 33.31)) and not syria.contains(Point(35.93, 31.95))
    m = ShadowMeasurement(length_ratio=2.0, length_ratio_error=0.2)
    when = parse_time("2022-01-05T09:30 Asia/Damascus")
    by_country = shadow_region(m, when, mask_country="SY", cell_deg=0.05)
    by_zone = shadow_region(m, when, mask_zone="Asia/Damascus", cell_deg=0.05)
    assert by_country.band.equals(by_zone.band)
    assert syria.buffer(1e-9).contains(by_zone.band)
    assert not by_zone.band.intersects(Point(44.36, 33.31))
    with pytest.raises(CheckError, match="do not overlap"):
        shadow_region(m, when, mask_zone="Asia/Damascus", mask_country="IQ", cell_deg=0.1)
    with pytest.raises(CheckError, match="unknown time zone"):
        shadow_region(m, when, mask_zone="Mars/Olympus")
    with pytest.raises(CheckError, match="no zone"):
        shadow_region(m, when, mask_country="XX")
    r = shadow(measurements=[m], when=when, mask_country="SY", cell_deg=0.05)
    assert r.inputs["mask_country"] == "SY" and r.verdict == "consistent"
