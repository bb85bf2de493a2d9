"""Inverse and direct geodesic problems against geographiclib, an independent implementation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

import geoverify
from geoverify.geodesy import (
    GeodesyError,
    Inverse,
    angle_difference,
    azimuth,
    destination,
    distance,
    intermediate_points,
    inverse,
    inverse_geoseries,
    normalize_azimuth,
)

WGS84 = Geodesic.WGS84
DIST_TOL_M = 1e-3
AZ_TOL_DEG = 1e-6


def _wrap_diff(a, b):
    """Smallest absolute difference between azimuths, in degrees."""
    d = np.mod(np.asarray(a) - np.asarray(b) + 180.0, 360.0) - 180.0
    return np.abs(d)


def _reference(lat1, lon1, lat2, lon2):
    s, a1, a2 = [], [], []
    for p in zip(lat1, lon1, lat2, lon2, strict=True):
        g = WGS84.Inverse(*p)
        s.append(g["s12"])
        a1.append(g["azi1"] % 360.0)
        a2.append((g["azi2"] + 180.0) % 360.0)
    return np.array(s), np.array(a1), np.array(a2)


def _random_points(rng, n):
    lat = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n)))  # uniform on the sphere
    lon = rng.uniform(-180.0, 180.0, n)
    return lat, lon


def _case_sets():
    rng = np.random.default_rng(20220105)
    lat1, lon1 = _random_points(rng, 3000)
    lat2, lon2 = _random_points(rng, 3000)
    # near-antipodal: the antipode moved by up to 1 degree, and by up to 1e-6 degree
    alat, alon = _random_points(rng, 1000)
    blat = np.clip(-alat + rng.uniform(-1, 1, 1000), -90, 90)
    blon = alon + 180.0 + rng.uniform(-1, 1, 1000)
    clat, clon = _random_points(rng, 500)
    dlat = np.clip(-clat + rng.uniform(-1e-6, 1e-6, 500), -90, 90)
    dlon = clon + 180.0 + rng.uniform(-1e-6, 1e-6, 500)
    # short lines in the area of interest (eastern Syria), 1 m to 50 km
    slat = rng.uniform(33.0, 37.0, 1000)
    slon = rng.uniform(38.0, 42.0, 1000)
    tlat = slat + rng.uniform(-0.45, 0.45, 1000) * 10.0 ** rng.uniform(-5, 0, 1000)
    tlon = slon + rng.uniform(-0.45, 0.45, 1000) * 10.0 ** rng.uniform(-5, 0, 1000)
    return {
        "random": (lat1, lon1, lat2, lon2),
        "near_antipodal": (alat, alon, blat, blon),
        "very_near_antipodal": (clat, clon, dlat, dlon),
        "short": (slat, slon, tlat, tlon),
    }


CASES = _case_sets()


@pytest.mark.parametrize("name", sorted(CASES))
def test_inverse_matches_geographiclib(name):
    lat1, lon1, lat2, lon2 = CASES[name]
    ref_s, ref_a1, ref_a2 = _reference(lat1, lon1, lat2, lon2)
    got = inverse(lat1, lon1, lat2, lon2)
    assert np.max(np.abs(got.distance_m - ref_s)) < DIST_TOL_M
    assert np.max(_wrap_diff(got.azimuth_deg, ref_a1)) < AZ_TOL_DEG
    assert np.max(_wrap_diff(got.back_azimuth_deg, ref_a2)) < AZ_TOL_DEG
    for arr in got:
        assert isinstance(arr, np.ndarray) and arr.shape == lat1.shape
    assert ((got.azimuth_deg >= 0) & (got.azimuth_deg < 360)).all()
    assert ((got.back_azimuth_deg >= 0) & (got.back_azimuth_deg < 360)).all()


SPECIAL = [
    # (lat1, lon1, lat2, lon2) named edge cases
    pytest.param(0.0, 0.0, 0.0, 180.0, id="antipodal-equator"),
    pytest.param(30.0, 20.0, -30.0, -160.0, id="antipodal-midlatitude"),
    pytest.param(0.0, 0.0, 0.5, 179.5, id="near-antipodal-equator"),
    pytest.param(90.0, 0.0, -90.0, 0.0, id="pole-to-pole"),
    pytest.param(90.0, 0.0, 35.0, 40.0, id="from-north-pole"),
    pytest.param(35.0, 40.0, -90.0, 0.0, id="to-south-pole"),
    pytest.param(0.0, 10.0, 0.0, 20.0, id="equator"),
    pytest.param(0.0, -179.9, 0.0, 179.9, id="equator-across-antimeridian"),
    pytest.param(10.0, 179.99, -10.0, -179.99, id="across-antimeridian"),
    pytest.param(35.0, 180.0, 35.0, -180.0, id="same-meridian-180"),
    pytest.param(0.0, 0.0, 0.0, 90.0, id="equator-quarter"),
    pytest.param(34.95629, 40.54139, 35.33588, 40.14084, id="al-Quriyah-Deir-ez-Zor"),
]


@pytest.mark.parametrize(("lat1", "lon1", "lat2", "lon2"), SPECIAL)
def test_special_cases_match_geographiclib(lat1, lon1, lat2, lon2):
    ref = WGS84.Inverse(lat1, lon1, lat2, lon2)
    got = inverse(lat1, lon1, lat2, lon2)
    assert isinstance(got.distance_m, float)
    assert abs(got.distance_m - ref["s12"]) < DIST_TOL_M
    if ref["s12"] > 0:
        assert _wrap_diff(got.azimuth_deg, ref["azi1"]) < AZ_TOL_DEG
        assert _wrap_diff(got.back_azimuth_deg, ref["azi2"] + 180.0) < AZ_TOL_DEG


def test_same_point_has_zero_distance_and_normalised_azimuths():
    got = inverse(34.95629, 40.54139, 34.95629, 40.54139)
    assert got.distance_m == 0.0
    assert 0.0 <= got.azimuth_deg < 360.0 and 0.0 <= got.back_azimuth_deg < 360.0


def test_hand_computed_quarter_meridian():
    # the quarter meridian of WGS84 (a standard value: 10 001 965.729 m)
    assert distance(0, 0, 90, 0) == pytest.approx(10_001_965.729, abs=1e-3)
    assert azimuth(0, 0, 10, 0) == 0.0
    assert azimuth(0, 0, -10, 0) == 180.0
    assert azimuth(0, 0, 0, -10) == 270.0


def test_scalar_and_array_paths_agree_and_broadcast():
    lat2 = np.array([[35.0, 36.0], [37.0, 38.0]])
    got = inverse(34.0, 40.0, lat2, 41.0)
    assert got.distance_m.shape == (2, 2)
    for i in range(2):
        for j in range(2):
            ref = WGS84.Inverse(34.0, 40.0, lat2[i, j], 41.0)
            assert got.distance_m[i, j] == pytest.approx(ref["s12"], abs=DIST_TOL_M)
    assert isinstance(inverse(0, 0, 1, 1), Inverse)
    assert type(distance(0, 0, 1, 1)) is float
    # lists and pandas Series are arrays too
    pd = pytest.importorskip("pandas")
    s = pd.Series([35.0, 36.0])
    assert distance(s, 40.0, [35.0, 36.0], 41.0).shape == (2,)


def test_nan_propagates():
    got = inverse(np.array([0.0, np.nan]), 0.0, 1.0, 1.0)
    assert math.isfinite(got.distance_m[0]) and math.isnan(got.distance_m[1])


@pytest.mark.parametrize(("args", "needle"), [
    ((91.0, 0.0, 0.0, 0.0), "lat1"),
    ((0.0, 0.0, -90.5, 0.0), "lat2"),
    ((np.array([0.0, 95.0]), 0.0, 0.0, 0.0), "index 1"),
    ((0.0, np.inf, 0.0, 0.0), "lon1"),
    (("north", 0.0, 0.0, 0.0), "lat1"),
    ((np.zeros(2), 0.0, np.zeros(3), 0.0), "broadcast"),
])
def test_bad_input_raises_geoverify_error(args, needle):
    with pytest.raises(GeodesyError, match=needle) as info:
        inverse(*args)
    assert isinstance(info.value, geoverify.GeoverifyError)
    assert isinstance(info.value, ValueError)


def test_destination_matches_geographiclib():
    rng = np.random.default_rng(7)
    lat, lon = _random_points(rng, 2000)
    az = rng.uniform(-360, 720, 2000)
    dist = 10.0 ** rng.uniform(0, 7.3, 2000)
    got_lat, got_lon = destination(lat, lon, az, dist)
    for i in range(2000):
        ref = WGS84.Direct(lat[i], lon[i], az[i], dist[i])
        # compare positions by the distance between them (robust near the poles)
        gap = WGS84.Inverse(ref["lat2"], ref["lon2"], got_lat[i], got_lon[i])["s12"]
        assert gap < DIST_TOL_M, i
    assert ((got_lon >= -180) & (got_lon <= 180)).all()
    one = destination(34.95629, 40.54139, 45.0, 10_000.0)
    assert all(type(v) is float for v in one)


def test_destination_across_antimeridian():
    lat, lon = destination(0.0, 179.9, 90.0, 50_000.0)
    ref = WGS84.Direct(0.0, 179.9, 90.0, 50_000.0)
    assert lat == pytest.approx(ref["lat2"], abs=1e-9)
    assert lon == pytest.approx((ref["lon2"] + 180.0) % 360.0 - 180.0, abs=1e-9)
    assert -180.0 < lon < -179.0


def test_intermediate_points_lie_on_the_geodesic():
    lat1, lon1, lat2, lon2 = 34.95629, 40.54139, 35.33588, 40.14084
    lats, lons = intermediate_points(lat1, lon1, lat2, lon2, 11)
    total = WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"]
    assert (lats[0], lons[0]) == (lat1, lon1) and (lats[-1], lons[-1]) == (lat2, lon2)
    for k in range(11):
        to_a = WGS84.Inverse(lat1, lon1, lats[k], lons[k])["s12"]
        to_b = WGS84.Inverse(lats[k], lons[k], lat2, lon2)["s12"]
        assert to_a == pytest.approx(total * k / 10, abs=1e-3)
        assert to_a + to_b == pytest.approx(total, abs=1e-3)


def test_intermediate_points_spacing_and_arrays():
    lats, lons = intermediate_points(0, 0, 0, 1, spacing_m=1000)
    steps = [WGS84.Inverse(lats[i], lons[i], lats[i + 1], lons[i + 1])["s12"]
             for i in range(len(lats) - 1)]
    assert max(steps) <= 1000 and len(lats) == 113  # 111.3 km in 112 equal steps
    lats, lons = intermediate_points([0, 10], [0, 170], [0, 10], [1, -170], 5)
    assert lats.shape == (2, 5)
    mid = WGS84.Inverse(10, 170, 10, -170)
    half = WGS84.Direct(10, 170, mid["azi1"], mid["s12"] / 2)
    assert lats[1, 2] == pytest.approx(half["lat2"], abs=1e-9)
    assert lons[1, 2] == pytest.approx(half["lon2"], abs=1e-9)
    with pytest.raises(GeodesyError):
        intermediate_points(0, 0, 1, 1)
    with pytest.raises(GeodesyError):
        intermediate_points(0, 0, 1, 1, 1)
    with pytest.raises(GeodesyError):
        intermediate_points(0, 0, 1, 1, spacing_m=-5)


def test_geoseries_path():
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import Point

    rng = np.random.default_rng(3)
    lat1, lon1 = _random_points(rng, 200)
    lat2, lon2 = _random_points(rng, 200)
    a = gpd.GeoSeries(gpd.points_from_xy(lon1, lat1), crs=4326)
    b = gpd.GeoSeries(gpd.points_from_xy(lon2, lat2), crs=4326)
    got = inverse_geoseries(a, b)
    ref_s, ref_a1, _ = _reference(lat1, lon1, lat2, lon2)
    assert np.max(np.abs(got.distance_m - ref_s)) < DIST_TOL_M
    assert np.max(_wrap_diff(got.azimuth_deg, ref_a1)) < AZ_TOL_DEG
    # a projected GeoSeries is read in lon/lat after conversion
    merc = a.to_crs(3857)
    assert np.max(np.abs(inverse_geoseries(merc, b).distance_m - ref_s)) < 1e-2
    # one point against many
    one = gpd.GeoSeries([Point(40.54139, 34.95629)], crs=4326)
    assert inverse_geoseries(one, b).distance_m.shape == (200,)
    with pytest.raises(GeodesyError, match="Point"):
        inverse_geoseries(gpd.GeoSeries([Point(0, 0).buffer(1)]), b[:1])


def test_normalize_and_difference():
    assert normalize_azimuth(-1e-17) == 0.0  # np.mod would give 360.0
    assert normalize_azimuth(np.array([-1e-17, 360.0, -90.0])).tolist() == [0.0, 0.0, 270.0]
    got = normalize_azimuth(np.array([-1e-17, np.nan, 725.0, -725.0, -360.0]))
    np.testing.assert_array_equal(got, [0.0, np.nan, 5.0, 355.0, 0.0])
    assert angle_difference(180.0, 0.0) == 180.0
    assert angle_difference(0.0, 180.0) == 180.0
    assert angle_difference(1.0, 359.0) == pytest.approx(2.0)


def test_public_api_names():
    for name in ("inverse", "distance", "azimuth", "destination", "intermediate_points",
                 "compass_point", "compass_azimuth", "geodesic_circle", "annulus", "sector",
                 "distance_bounds"):
        assert getattr(geoverify, name) is getattr(__import__("geoverify.geodesy").geodesy, name)


_lat = st.floats(-90.0, 90.0, allow_nan=False)
_lon = st.floats(-540.0, 540.0, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(_lat, _lon, _lat, _lon)
def test_inverse_property_against_geographiclib(lat1, lon1, lat2, lon2):
    ref = WGS84.Inverse(lat1, lon1, lat2, lon2)
    got = inverse(lat1, lon1, lat2, lon2)
    assert abs(got.distance_m - ref["s12"]) < DIST_TOL_M
    assert 0.0 <= got.azimuth_deg < 360.0 and 0.0 <= got.back_azimuth_deg < 360.0
    if ref["s12"] > 1e-3:
        assert _wrap_diff(got.azimuth_deg, ref["azi1"]) < AZ_TOL_DEG
        assert _wrap_diff(got.back_azimuth_deg, ref["azi2"] + 180.0) < AZ_TOL_DEG
