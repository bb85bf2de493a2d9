"""Checks as columns agree *exactly* with the scalar checks, row by row.

Random event tables (points scattered about a site with geographiclib, radii from 0 to tens of
kilometres, rows repeated so that the distinct-row path is taken too) are judged once by
``geoverify.events`` on columns and once per row by the scalar check of
:mod:`geoverify.checks`; verdicts, margins, distance bounds, shares, centre verdicts, deciding
radii and sentences must be equal, not close.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from _builders import square
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoverify.checks.control import check_control
from geoverify.checks.daylight import daylight
from geoverify.checks.direction import check_direction
from geoverify.checks.proximity import check_proximity
from geoverify.checks.range import check_range
from geoverify.checks.stated_distance import check_stated_distance
from geoverify.errors import CheckError
from geoverify.events import (
    CHECK_COLUMNS,
    control_check,
    daylight_check,
    direction_check,
    proximity_check,
    range_check,
    stated_distance_check,
)
from geoverify.sites import Site, area_site
from geoverify.times import TimeInterval

G = Geodesic.WGS84
SET = settings(max_examples=25, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CENTRE = (35.0, 40.0)

radius_st = st.one_of(st.sampled_from([0.0, 250.0, 2000.0, 25_000.0]), st.floats(0, 30_000))
bases_st = st.lists(st.tuples(st.floats(0, 360), st.floats(0, 60_000), radius_st),
                    min_size=1, max_size=5)
picks_st = st.lists(st.integers(0, 4), min_size=1, max_size=9)
fixed_st = st.tuples(st.floats(0, 360), st.floats(0, 20_000), radius_st)


def table(bases, picks, *, start=None, minutes=None):
    """An event table: rows drawn (with repeats) from points about CENTRE."""
    rows = [bases[p % len(bases)] for p in picks]
    lat, lon = [], []
    for az, s, _ in rows:
        g = G.Direct(*CENTRE, az, s)
        lat.append(g["lat2"])
        lon.append(g["lon2"])
    data = {"event_id": [f"E{i}" for i in range(len(rows))],
            "uncertainty_m": [r for _, _, r in rows], "country": "SY"}
    if start is not None:
        begin = pd.to_datetime(pd.Series(start), utc=True)
        data["time_start"] = begin.to_numpy()
        data["time_end"] = (begin + pd.to_timedelta(pd.Series(minutes), unit="min")).to_numpy()
    return gpd.GeoDataFrame(data, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326",
                            index=pd.Index([10 * i + 7 for i in range(len(rows))]))


def fixed_site(spec, name="F"):
    az, s, r = spec
    g = G.Direct(*CENTRE, az, s)
    return Site(g["lat2"], g["lon2"], r, name=name)


def row_site(events, label):
    row = events.loc[label]
    return Site(row.geometry.y, row.geometry.x, row["uncertainty_m"], name=row["event_id"])


def same(x, y):
    """Equal numbers; NaN equal to NaN and to None."""
    nan_x = x is None or (isinstance(x, float) and math.isnan(x))
    nan_y = y is None or (isinstance(y, float) and math.isnan(y))
    if nan_x or nan_y:
        return nan_x and nan_y
    return x == y


def agree(out, label, result, role, *, graded=True):
    """Assert a column row equals a scalar CheckResult."""
    row = out.loc[label]
    assert row["verdict"] == result.verdict.value
    assert same(row["margin"], result.margin), (row["margin"], result.margin)
    if "distance_min_m" in result.values:
        assert row["min_m"] == result.values["distance_min_m"]
        assert row["max_m"] == result.values["distance_max_m"]
    if graded:
        assert (row["share_sure"], row["share_possible"]) == (result.share.sure,
                                                              result.share.possible)
        assert row["centre_verdict"] == result.centre_verdict.value
        mine = {d.site: d.radius_m for d in result.decides_if}
        assert same(row["decides_if_m"], mine.get(role)), (row["decides_if_m"], mine)
    if "explanation" in out.columns:
        assert row["explanation"] == result.explanation


RANGE_WORDS = ["107 mm", "122 mm", "Katyusha", "M777", "rockets", "Grad", None]


@SET
@given(bases_st, picks_st, fixed_st, st.sampled_from(RANGE_WORDS), st.booleans())
def test_range_rows_agree_with_check_range(bases, picks, fixed, word, rows_launch):
    events = table(bases, picks)
    site = fixed_site(fixed)
    if rows_launch:
        out = range_check(events, target=site, weapon=word, explain=True)
    else:
        out = range_check(events, launch=site, weapon=word, explain=True)
    assert list(out.index) == list(events.index)
    for label in events.index:
        row = row_site(events, label)
        result = (check_range(row, site, weapon=word) if rows_launch
                  else check_range(site, row, weapon=word))
        agree(out, label, result, "launch" if rows_launch else "target")
        assert out.loc[label, "distance_m"] == result.values["distance_m"]


@SET
@given(bases_st, picks_st, fixed_st, st.sampled_from(["north-east", "S", "WNW", 100.0]),
       st.sampled_from([(0.0, None), (0.0, 25_000.0), (8000.0, None)]), st.booleans())
def test_direction_rows_agree_with_check_direction(bases, picks, fixed, word, band,
                                                   rows_site):
    events = table(bases, picks)
    site = fixed_site(fixed)
    lower, upper = band
    kwargs = {"min_m": lower, "max_m": upper, "explain": True}
    out = (direction_check(events, word, reference=site, **kwargs) if rows_site
           else direction_check(events, word, site=site, **kwargs))
    for label in events.index:
        row = row_site(events, label)
        result = (check_direction(row, site, direction=word, min_m=lower, max_m=upper)
                  if rows_site else
                  check_direction(site, row, direction=word, min_m=lower, max_m=upper))
        agree(out, label, result, "site" if rows_site else "reference")
        assert out.loc[label, "spread_deg"] == result.values["azimuth_spread_deg"]
        assert out.loc[label, "azimuth_deg"] == result.values["azimuth_deg"]
        assert same(out.loc[label, "distance_verdict"], result.values.get("distance_verdict"))


@SET
@given(bases_st, picks_st, fixed_st, st.sampled_from(["near", "in", "on the outskirts of"]),
       st.sampled_from(["village", "city", None]), st.sampled_from([None, 3000.0]))
def test_proximity_rows_agree_with_check_proximity(bases, picks, fixed, relation, kind,
                                                   threshold):
    events = table(bases, picks)
    place = fixed_site(fixed, "P")
    out = proximity_check(events, place, relation=relation, place_kind=kind,
                          threshold_m=threshold, explain=True)
    for label in events.index:
        result = check_proximity(row_site(events, label), place, relation=relation,
                                 place_kind=kind, threshold_m=threshold)
        agree(out, label, result, "site")
        assert out.loc[label, "limit_max_m"] == result.values["limit_max_m"]


AREA = area_site([(34.95, 39.95), (34.95, 40.1), (35.12, 40.12), (35.1, 39.93)], name="box")


@SET
@given(bases_st, picks_st)
def test_in_an_area_agrees_with_check_proximity(bases, picks):
    events = table(bases, picks)
    out = proximity_check(events, AREA, relation="in", explain=True)
    assert out["limit_max_m"].isna().all()
    for label in events.index:
        result = check_proximity(row_site(events, label), AREA, relation="in")
        agree(out, label, result, "site")


@SET
@given(bases_st, picks_st, fixed_st, st.sampled_from([2000.0, 5000.0, 15_000.0]),
       st.sampled_from(["about", "", "exactly", "more than", "up to"]))
def test_stated_distance_rows_agree(bases, picks, fixed, stated, qualifier):
    events = table(bases, picks)
    site = fixed_site(fixed)
    out = stated_distance_check(events, site, stated, qualifier=qualifier, explain=True)
    for label in events.index:
        result = check_stated_distance(row_site(events, label), site, stated_m=stated,
                                       qualifier=qualifier)
        agree(out, label, result, "a")


DAY_WORDS = ["morning", "at night", "before dawn", "day", "afternoon", "dusk", "noon"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bases_st, picks_st, st.sampled_from(DAY_WORDS),
       st.lists(st.integers(0, 48 * 4), min_size=9, max_size=9),
       st.lists(st.sampled_from([0, 1, 15, 90, 600, 1440]), min_size=9, max_size=9),
       st.sampled_from(["country", None, "Asia/Baghdad"]))
def test_daylight_rows_agree_with_daylight(bases, picks, word, quarters, minutes, zone):
    n = len(picks)
    start = [pd.Timestamp("2022-03-24T12:00Z") + pd.Timedelta(minutes=15 * q)
             for q in quarters[:n]]  # across Syria's change to summer time
    events = table(bases, picks, start=start, minutes=minutes[:n])
    out = daylight_check(events, word, zone=zone, explain=True)
    for label in events.index:
        row = events.loc[label]
        when = TimeInterval(row["time_start"].to_pydatetime(), row["time_end"].to_pydatetime())
        clock = "Asia/Damascus" if zone == "country" else zone
        result = daylight(row_site(events, label), when, word, zone=clock)
        agree(out, label, result, "site", graded=False)
        for key in ("fits_fraction", "may_fit_fraction", "sun_elevation_min_deg",
                    "sun_elevation_max_deg"):
            assert out.loc[label, key] == result.values[key], key


LAYER = {"type": "FeatureCollection", "features": [
    square("SDF", 40.00, 34.80, 40.60, 35.50, "2019-03-23"),
    square("Regime", 39.40, 34.80, 40.00, 35.50, "2019-03-23", "2022-01-10"),
    square("SDF", 39.40, 34.80, 40.00, 35.50, "2022-01-11"),
]}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bases_st, picks_st, st.sampled_from(["SDF", "regime", "ISIS"]),
       st.lists(st.integers(0, 30), min_size=9, max_size=9))
def test_control_rows_agree_with_check_control(bases, picks, actor, days):
    n = len(picks)
    start = [pd.Timestamp("2022-01-01T21:00Z") + pd.Timedelta(days=d) for d in days[:n]]
    events = table(bases, picks, start=start, minutes=[24 * 60] * n)
    out = control_check(events, actor, LAYER, explain=True)
    for label in events.index:
        row = events.loc[label]
        when = TimeInterval(row["time_start"].to_pydatetime(), row["time_end"].to_pydatetime())
        result = check_control(row_site(events, label), actor=actor, when=when, layers=LAYER)
        agree(out, label, result, "site")


# ----------------------------------------------------------------------------------------------
# the frame itself


def test_columns_frame_shape_and_rows_that_cannot_be_judged():
    events = table([(45.0, 5000.0, 500.0), (200.0, 30_000.0, 2000.0)], [0, 1, 0])
    events.loc[events.index[1], "geometry"] = None  # a row without a point
    events.loc[events.index[2], "uncertainty_m"] = np.nan  # a row without a radius
    site = Site(35.0, 40.0, 100, name="T")
    out = range_check(events, target=site, weapon="122 mm")
    assert list(out.columns[:4]) == list(CHECK_COLUMNS)
    assert out["verdict"].tolist() == ["consistent", None, None]
    assert out.loc[events.index[1], ["min_m", "margin", "share_sure"]].isna().all()
    lean = range_check(events, target=site, weapon="122 mm", graded=False)
    assert "share_sure" not in lean.columns and "explanation" not in lean.columns
    assert lean["verdict"].tolist() == out["verdict"].tolist()


def test_per_row_words_are_resolved_once_each():
    events = table([(0.0, 5000.0, 0.0), (90.0, 15_000.0, 0.0)], [0, 1, 0, 1])
    site = Site(*CENTRE, 0, name="T")
    weapons = pd.Series(["M224", "122 mm", None, "Katyusha"], index=events.index, dtype=object)
    out = range_check(events, target=site, weapon=weapons)
    for label, word in weapons.items():
        assert out.loc[label, "verdict"] == check_range(row_site(events, label), site,
                                                        weapon=word).verdict.value
    words = pd.Series(["north", "east", "NE", None], index=events.index)
    seen = direction_check(events, words, reference=site)
    assert seen["verdict"].tolist()[:3] == ["consistent", "consistent", "inconsistent"]
    assert seen["verdict"].iloc[3] is None  # no word, no verdict


def test_bad_input_gets_a_clear_error():
    events = table([(0.0, 5000.0, 0.0)], [0])
    site = Site(*CENTRE, 0, name="T")
    with pytest.raises(CheckError, match="give target="):
        range_check(events, weapon="M224")
    with pytest.raises(CheckError, match="Katysha"):
        range_check(events, target=site, weapon="Katysha")
    with pytest.raises(CheckError, match="events' index"):
        range_check(events, target=site, weapon=pd.Series(["M224"], index=[99]))
    with pytest.raises(CheckError, match="compass"):
        direction_check(events, "upwards", reference=site)
    with pytest.raises(CheckError, match="time_start"):
        daylight_check(events, "night")
    with pytest.raises(CheckError, match="teatime"):
        daylight_check(table([(0.0, 1.0, 0.0)], [0], start=["2022-01-05"], minutes=[1]),
                       "teatime")


def test_a_raw_acled_table_is_read_first():
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "acled_sample.csv"
    out = range_check(path, target=Site(35.15167, 40.57583, 0, name="field"),
                      weapon="rockets", graded=False)
    assert len(out) == 14 and out["verdict"].notna().all()


@SET
@given(st.lists(st.tuples(st.floats(0, 80_000), radius_st, radius_st), min_size=1,
                max_size=12), st.sampled_from(RANGE_WORDS))
def test_range_rule_without_grades_keeps_codes_margins_and_centres(rows, word):
    # rules.range_judgement(grade=False), which the columns use for every row, gives the codes,
    # margins and centre codes of the full judgement the scalar check makes
    from geoverify.checks import rules
    from geoverify.checks.range import _candidates, _family_siblings

    d, rl, rt = (np.array(c) for c in zip(*rows, strict=True))
    weapons = _candidates(word)
    lmin, top = rules.weapon_arrays(weapons)
    smin, smax = rules.weapon_arrays(_family_siblings(word, weapons))
    kw = {"named": word is not None, "sibling_min_m": smin, "sibling_max_m": smax}
    full = rules.range_judgement(d, rl, rt, lmin, top, **kw)
    lean = rules.range_judgement(d, rl, rt, lmin, top, grade=False, **kw)
    for name in ("weapon_code", "code", "centre_code", "sibling_code"):
        assert getattr(lean, name).tolist() == getattr(full, name).tolist(), name
    for name in ("weapon_margin", "margin"):
        np.testing.assert_array_equal(getattr(lean, name), getattr(full, name))
    assert np.isnan(lean.sure).all() and np.isnan(lean.decide_launch).all()
    decided = full.code != 0  # what the columns put in place of a decided row's grades
    assert (full.sure[decided] == (full.code[decided] == 1)).all()
    assert (full.possible[decided] == (full.code[decided] == 1)).all()
    assert np.isnan(full.decide_launch[decided]).all() and np.isnan(
        full.decide_target[decided]).all()


def test_daylight_across_a_clock_change_and_its_margins():
    # 24-25 March 2022: Syria moved its clocks from UTC+2 to UTC+3 at local midnight
    start = ["2022-03-24T20:00Z", "2022-03-24T06:00Z", "2022-03-24T23:30Z", None]
    events = table([(0.0, 0.0, 1500.0)], [0, 0, 0, 0], start=start, minutes=[300, 60, 30, 30])
    out = daylight_check(events, "night", explain=True)
    for label in events.index[:3]:
        row = events.loc[label]
        when = TimeInterval(row["time_start"].to_pydatetime(), row["time_end"].to_pydatetime())
        result = daylight(row_site(events, label), when, "night", zone="Asia/Damascus")
        agree(out, label, result, "site", graded=False)
    assert out["margin"].notna().sum() >= 1  # a decided row has a margin in minutes
    assert out["verdict"].iloc[3] is None  # no time, no verdict
    morning = pd.Series(["morning", "day", "night", "night"], index=events.index, dtype=object)
    per_row = daylight_check(events, morning, zone="Asia/Damascus")
    for label in events.index[:3]:
        row = events.loc[label]
        when = TimeInterval(row["time_start"].to_pydatetime(), row["time_end"].to_pydatetime())
        result = daylight(row_site(events, label), when, morning[label], zone="Asia/Damascus")
        agree(per_row, label, result, "site", graded=False)


@SET
@given(st.lists(st.tuples(st.floats(0, 360), st.floats(0, 2_000_000), radius_st, radius_st),
                min_size=1, max_size=12), st.floats(-89.5, 89.5))
def test_direction_rule_from_one_geodesic_is_azimuth_range_and_distance_bounds(rows, lat0):
    # rules.direction_judgement solves the geodesic once (for the columns' speed); its bearings
    # and distance bounds must stay exactly geodesy.azimuth_range's and distance_bounds'
    from geoverify.checks import rules
    from geoverify.geodesy import azimuth_range, distance_bounds

    lat, lon = [], []
    for az, s, _, _ in rows:
        g = G.Direct(lat0, 40.0, az, s)
        lat.append(g["lat2"])
        lon.append(g["lon2"])
    lat, lon = np.array(lat), np.array(lon)
    r_ref = np.array([r for _, _, r, _ in rows])
    r_site = np.array([r for _, _, _, r in rows])
    j = rules.direction_judgement(lat0, 40.0, r_ref, lat, lon, r_site, 45.0, 22.5, 0.0, 9e4)
    az, spread = azimuth_range(lat0, 40.0, r_ref, lat, lon, r_site)
    lo, hi = distance_bounds(lat0, 40.0, r_ref, lat, lon, r_site)
    np.testing.assert_array_equal(j.azimuth_deg, az)
    np.testing.assert_array_equal(j.spread_deg, spread)
    np.testing.assert_array_equal(j.lo, lo)
    np.testing.assert_array_equal(j.hi, hi)
    _, centre_spread = azimuth_range(lat0, 40.0, 0.0, lat, lon, 0.0)
    centre, _ = rules.direction_rule(az, centre_spread, 45.0, 22.5)
    far, _ = rules.interval_rule(j.distance_m, j.distance_m, 0.0, 9e4)
    assert j.centre_code.tolist() == np.minimum(centre, far).tolist()
    for i in range(min(len(rows), 3)):  # and scalars as the scalar check gives them
        one = rules.direction_judgement(lat0, 40.0, float(r_ref[i]), float(lat[i]),
                                        float(lon[i]), float(r_site[i]), 45.0, 22.5, 0.0, 9e4)
        a, w = azimuth_range(lat0, 40.0, float(r_ref[i]), float(lat[i]), float(lon[i]),
                             float(r_site[i]))
        assert (float(one.azimuth_deg), float(one.spread_deg)) == (a, w)


def test_map_events_colours_verdicts_escapes_text_and_needs_no_network():
    from geoverify.events import map_events, match, read_events
    from geoverify.maps import leaflet_inline_available

    data = __import__("pathlib").Path(__file__).resolve().parent / "data"
    acled = read_events(data / "acled_sample.csv")
    acled.loc[acled.index[0], "place"] = "<script>alert(1)</script>"
    ucdp = read_events(data / "ucdp_sample.parquet")
    field = Site(35.15167, 40.57583, 0, name="al-Omar field")
    checked = range_check(acled, target=field, weapon="rockets", explain=True)
    pairs = match(acled, ucdp, days=1)
    page = map_events(acled, verdicts=checked, others=ucdp, pairs=pairs, tiles=None,
                      title="<i>t</i>").get_root().render()
    assert "<script>alert(1)</script>" not in page and "<i>t</i>" not in page
    assert page.count("L.circleMarker(") == len(acled) + len(ucdp)
    assert page.count("L.polyline(") == len(pairs)
    if leaflet_inline_available():
        assert "unpkg.com" not in page and "cdn.jsdelivr" not in page
    with pytest.raises(Exception, match="one row per event"):
        map_events(acled, verdicts=checked["verdict"].iloc[:2])
