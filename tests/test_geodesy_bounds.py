"""Distances and azimuths between uncertain sites, against brute-force sampling (geographiclib)."""

from __future__ import annotations

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from geoverify.geodesy import (
    MAX_GEODESIC_DISTANCE_M,
    GeodesyError,
    azimuth_bounds,
    azimuth_range,
    distance_bounds,
    site_distance_bounds,
)
from geoverify.sites import Site

WGS84 = Geodesic.WGS84


def _disk(lat, lon, radius, n_ring=48, towards=(), seed=0):
    """Points of a disk: its centre, its boundary (plus given azimuths), random inner points."""
    rng = np.random.default_rng(seed)
    pts = [(lat, lon)]
    if radius == 0:
        return pts
    azs = list(np.linspace(0.0, 360.0, n_ring, endpoint=False)) + list(towards)
    for az in azs:
        d = WGS84.Direct(lat, lon, az, radius)
        pts.append((d["lat2"], d["lon2"]))
    for az, frac in zip(rng.uniform(0, 360, 16), np.sqrt(rng.uniform(0, 1, 16)), strict=True):
        d = WGS84.Direct(lat, lon, az, radius * frac)
        pts.append((d["lat2"], d["lon2"]))
    return pts


PAIRS = [
    # lat1, lon1, r1, lat2, lon2, r2
    pytest.param(34.95629, 40.54139, 1500.0, 35.33588, 40.14084, 3000.0,
                 id="al-Quriyah-Deir-ez-Zor"),
    pytest.param(34.95629, 40.54139, 1500.0, 35.01982, 40.45154, 500.0, id="al-Quriyah-al-Mayadin"),
    pytest.param(70.0, 20.0, 5000.0, 70.3, 21.0, 5000.0, id="high-latitude"),
    pytest.param(0.0, 179.95, 2000.0, 0.1, -179.9, 2000.0, id="antimeridian"),
    pytest.param(10.0, 10.0, 50_000.0, 30.0, 40.0, 80_000.0, id="long"),
    pytest.param(35.0, 40.0, 4000.0, 35.0, 40.1, 4500.0, id="nearly-touching"),
]


def _brute_distances(lat1, lon1, r1, lat2, lon2, r2):
    to_b = WGS84.Inverse(lat1, lon1, lat2, lon2)
    a_pts = _disk(lat1, lon1, r1, towards=(to_b["azi1"], to_b["azi1"] + 180.0))
    b_pts = _disk(lat2, lon2, r2, towards=(to_b["azi2"], to_b["azi2"] + 180.0), seed=1)
    out = np.array([[WGS84.Inverse(p[0], p[1], q[0], q[1], Geodesic.DISTANCE)["s12"]
                     for q in b_pts] for p in a_pts])
    return out


@pytest.mark.parametrize(("lat1", "lon1", "r1", "lat2", "lon2", "r2"), PAIRS)
def test_distance_bounds_against_brute_force(lat1, lon1, r1, lat2, lon2, r2):
    lo, hi = distance_bounds(lat1, lon1, r1, lat2, lon2, r2)
    brute = _brute_distances(lat1, lon1, r1, lat2, lon2, r2)
    # sound: no sampled pair is outside the bounds
    assert brute.min() >= lo - 1e-6 and brute.max() <= hi + 1e-6
    # tight: the extremes are attained (to centimetres)
    assert brute.min() - lo < 0.05 or lo == 0.0
    assert hi - brute.max() < 0.05


def test_distance_bounds_overlap_and_vectorized():
    assert distance_bounds(35.0, 40.0, 5000.0, 35.0, 40.05, 5000.0)[0] == 0.0
    lo, hi = distance_bounds(35.0, 40.0, 0.0, 35.0, 40.0, 0.0)
    assert lo == 0.0 and hi == 0.0
    lo, hi = distance_bounds(0.0, 0.0, 1e5, 0.0, 180.0, 1e5)
    assert hi == MAX_GEODESIC_DISTANCE_M
    lat2 = np.array([35.1, 35.2, 35.0])
    lo, hi = distance_bounds(35.0, 40.0, 1000.0, lat2, 40.0, np.array([0.0, 500.0, 10.0]))
    d = np.array([WGS84.Inverse(35.0, 40.0, x, 40.0)["s12"] for x in lat2])
    np.testing.assert_allclose(lo, np.maximum(0, d - 1000 - np.array([0, 500, 10])), atol=1e-6)
    np.testing.assert_allclose(hi, d + 1000 + np.array([0, 500, 10]), atol=1e-6)
    with pytest.raises(GeodesyError, match="r2_m"):
        distance_bounds(35.0, 40.0, 1.0, 35.0, 40.0, -1.0)


def test_site_distance_bounds():
    a = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
    b = Site(35.33588, 40.14084, 3000, name="Deir ez-Zor")
    d = WGS84.Inverse(a.lat, a.lon, b.lat, b.lon)["s12"]
    assert site_distance_bounds(a, b) == pytest.approx((d - 4500.0, d + 4500.0), abs=1e-6)


def _offsets(lat1, lon1, r1, lat2, lon2, r2, centre):
    a_pts = _disk(lat1, lon1, r1, n_ring=72)
    b_pts = _disk(lat2, lon2, r2, n_ring=72, seed=2)
    offs = []
    for p in a_pts:
        for q in b_pts:
            az = WGS84.Inverse(p[0], p[1], q[0], q[1], Geodesic.AZIMUTH)["azi1"]
            offs.append((az - centre + 180.0) % 360.0 - 180.0)
    return np.abs(np.array(offs))


@pytest.mark.parametrize(("lat1", "lon1", "r1", "lat2", "lon2", "r2"), PAIRS)
def test_azimuth_range_contains_every_sampled_azimuth(lat1, lon1, r1, lat2, lon2, r2):
    centre, half = azimuth_range(lat1, lon1, r1, lat2, lon2, r2)
    ref = WGS84.Inverse(lat1, lon1, lat2, lon2)
    assert abs((centre - ref["azi1"] + 180.0) % 360.0 - 180.0) < 1e-6
    assert half < 180.0
    offs = _offsets(lat1, lon1, r1, lat2, lon2, r2, centre)
    assert offs.max() <= half  # sound: never narrower than the truth
    # and not much wider: the documented margins (0.5 %, meridian convergence, and on long
    # lines A's share counted as if seen at right angles, up to 1 - cos(d / R)) plus sampling
    phi_max = abs(lat1) + np.degrees(r1 / 6335439.327)
    convergence = np.degrees(r1 * np.tan(np.radians(phi_max)) / 6335439.327)
    long_line = 1.0 - np.cos(ref["s12"] / 6371008.8)
    assert half - offs.max() < (0.02 + long_line) * half + convergence + 0.02


def test_azimuth_range_any_when_circles_overlap_or_near_pole():
    assert azimuth_range(35.0, 40.0, 5000.0, 35.0, 40.05, 5000.0)[1] == 180.0
    assert azimuth_range(35.0, 40.0, 0.0, 35.0, 40.0, 0.0)[1] == 180.0
    assert azimuth_range(89.99, 0.0, 5000.0, 80.0, 0.0, 0.0)[1] == 180.0
    centre, half = azimuth_range([35.0, 35.0], 40.0, 1000.0, [35.5, 35.0], [40.0, 40.001], 100.0)
    assert half.shape == (2,) and half[1] == 180.0 and half[0] < 5.0
    with pytest.raises(GeodesyError, match="r1_m"):
        azimuth_range(35.0, 40.0, -1.0, 36.0, 40.0, 1.0)


def test_azimuth_bounds_sites():
    a = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
    b = Site(35.33588, 40.14084, 3000, name="Deir ez-Zor")
    lo, hi = azimuth_bounds(a, b)
    offs = _offsets(a.lat, a.lon, 1500, b.lat, b.lon, 3000,
                    WGS84.Inverse(a.lat, a.lon, b.lat, b.lon)["azi1"])
    centre = WGS84.Inverse(a.lat, a.lon, b.lat, b.lon)["azi1"] % 360
    assert lo < centre < hi and hi - lo >= 2 * offs.max()
    # due north: the range wraps through 0
    lo, hi = azimuth_bounds(Site(0, 0, 1000), Site(0.3, 0, 1000))
    assert lo > 350.0 and hi < 10.0
    assert azimuth_bounds(Site(0, 0, 1000), Site(0, 0.005, 1000)) == "any"


def test_area_sites_count_as_their_enclosing_circle():
    from geoverify.geodesy import geodesic_circle

    area = geodesic_circle(35.0, 40.0, 4000.0, n_points=64)
    a = Site(35.0, 40.0, 100.0, method="area", area=area)
    b = Site(35.3, 40.0, 0.0)
    d = WGS84.Inverse(35.0, 40.0, 35.3, 40.0)["s12"]
    lo, hi = site_distance_bounds(a, b)
    assert lo == pytest.approx(d - 4000.0, abs=0.01) and hi == pytest.approx(d + 4000.0, abs=0.01)
    first, last = azimuth_bounds(a, b)
    # every vertex of the area sees B within the range
    for x, y in area.exterior.coords:
        az = WGS84.Inverse(y, x, 35.3, 40.0)["azi1"] % 360.0
        assert az >= first or az <= last
