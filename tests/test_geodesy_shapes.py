"""Geodesic circles, annuli and sectors: areas, vertex distances, membership, antimeridian, poles.

Membership is checked against geographiclib: points are placed with ``Geodesic.Direct`` at a
known distance and azimuth from the centre, and each shape must contain exactly those whose
known position is inside (points within a thin margin of the boundary are not judged).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon

from geoverify.geodesy import (
    MAX_GEODESIC_DISTANCE_M,
    GeodesyError,
    annulus,
    geodesic_circle,
    sector,
)

WGS84 = Geodesic.WGS84
GEOD = Geod(ellps="WGS84")


def _samples(lat, lon, max_dist, n=600, seed=0):
    """Return (lons, lats, distances, azimuths) of points placed by geographiclib."""
    rng = np.random.default_rng(seed)
    az = rng.uniform(-180.0, 180.0, n)
    dist = rng.uniform(0.0, max_dist, n)
    lats, lons = np.empty(n), np.empty(n)
    for i in range(n):
        d = WGS84.Direct(lat, lon, az[i], dist[i])
        lats[i], lons[i] = d["lat2"], d["lon2"]
    return lons, lats, dist, az


def _check_membership(geom, lons, lats, inside, outside):
    got = shapely.contains_xy(geom, lons, lats)
    assert got[inside].all(), f"{(~got[inside]).sum()} points inside were left out"
    assert not got[outside].any(), f"{got[outside].sum()} points outside were included"


def _in_range(geom):
    xmin, ymin, xmax, ymax = geom.bounds
    assert -180.0 <= xmin and xmax <= 180.0 and -90.0 <= ymin and ymax <= 90.0


def _area(geom):
    return abs(GEOD.geometry_area_perimeter(geom)[0])


CENTRES = [
    pytest.param(34.95629, 40.54139, id="al-Quriyah"),
    pytest.param(0.0, 0.0, id="equator"),
    pytest.param(-60.0, -70.0, id="south"),
    pytest.param(0.0, 179.95, id="antimeridian-east"),
    pytest.param(45.0, -179.95, id="antimeridian-west"),
    pytest.param(89.9, 10.0, id="holds-north-pole"),
    pytest.param(-89.95, -150.0, id="holds-south-pole"),
    pytest.param(89.95, 179.99, id="pole-and-antimeridian"),
    pytest.param(90.0, 0.0, id="at-north-pole"),
    pytest.param(87.0, 45.0, id="near-pole-not-holding"),
]


@pytest.mark.parametrize(("lat", "lon"), CENTRES)
@pytest.mark.parametrize("radius", [1_500.0, 20_000.0, 300_000.0])
def test_circle_membership_area_and_vertices(lat, lon, radius):
    circle = geodesic_circle(lat, lon, radius, n_points=720)
    assert circle.is_valid and not circle.is_empty
    _in_range(circle)
    lons, lats, dist, _ = _samples(lat, lon, 2.0 * radius)
    _check_membership(circle, lons, lats, dist < 0.995 * radius, dist > 1.005 * radius)
    # the area of a small geodesic circle is pi r^2 (1 - r^2 / (12 R^2)) on a sphere
    expected = math.pi * radius**2 * (1.0 - radius**2 / (12.0 * 6371008.8**2))
    assert _area(circle) == pytest.approx(expected, rel=2e-4)
    # the centre, and a pole it holds, are inside
    assert circle.covers(Point(lon, lat))
    pole_dist = {p: WGS84.Inverse(lat, lon, p, 0.0)["s12"] for p in (90.0, -90.0)}
    for pole, d in pole_dist.items():
        if d < radius:
            assert circle.covers(Point(0.0, pole)) and circle.covers(Point(-179.0, pole))
            assert circle.bounds[0] == -180.0 and circle.bounds[2] == 180.0
        else:
            assert not circle.covers(Point(0.0, pole))


@pytest.mark.parametrize(("lat", "lon"), [(34.95629, 40.54139), (0.0, 179.99), (-45.0, -180.0)])
def test_circle_vertices_are_at_the_radius(lat, lon):
    radius = 20_000.0
    circle = geodesic_circle(lat, lon, radius, n_points=64)
    parts = circle.geoms if isinstance(circle, MultiPolygon) else [circle]
    on_antimeridian = 0
    for part in parts:
        for x, y in part.exterior.coords:
            if abs(abs(x) - 180.0) < 1e-12:  # a cut point, not a vertex
                on_antimeridian += 1
                continue
            assert WGS84.Inverse(lat, lon, y, x)["s12"] == pytest.approx(radius, abs=1e-3)
    assert (on_antimeridian > 0) == (abs(lon) > 179.0)


def test_antimeridian_circle_is_split():
    circle = geodesic_circle(10.0, 179.9, 50_000.0)
    assert isinstance(circle, MultiPolygon) and len(circle.geoms) == 2
    east, west = sorted(circle.geoms, key=lambda p: -p.centroid.x)
    assert east.bounds[2] == 180.0 and west.bounds[0] == -180.0
    # a circle that does not cross stays one polygon
    assert isinstance(geodesic_circle(10.0, 170.0, 50_000.0), Polygon)


def test_orientation_is_counter_clockwise():
    rings = annulus([35.0, 0.0], [40.0, 179.99], 1000.0, 5000.0)
    for geom in (geodesic_circle(35, 40, 5000), geodesic_circle(0, 179.99, 5000),
                 geodesic_circle(89.99, 0, 5000), sector(35, 40, 45, 22.5, 0, 5000),
                 annulus(35, 40, 1000, 5000), *rings):
        for part in getattr(geom, "geoms", [geom]):
            assert part.exterior.is_ccw


def test_whole_earth_and_both_poles():
    # a circle that holds both poles leaves out only a cap around the antipode
    circle = geodesic_circle(0.0, 0.0, 15_000_000.0)
    assert circle.covers(Point(0, 90)) and circle.covers(Point(0, -90))
    lons, lats, dist, _ = _samples(0.0, 0.0, MAX_GEODESIC_DISTANCE_M * 0.999, n=800)
    _check_membership(circle, lons, lats, dist < 14_900_000.0, dist > 15_100_000.0)
    everything = geodesic_circle(10.0, 10.0, 2.1e7)
    assert everything.bounds == (-180.0, -90.0, 180.0, 90.0)


def test_vectorized_circles_match_scalar_calls():
    lats = np.array([34.95629, 0.0, 89.9, -10.0])
    lons = np.array([40.54139, 179.99, 0.0, -60.0])
    radii = np.array([1500.0, 5000.0, 20000.0, 100.0])
    many = geodesic_circle(lats, lons, radii)
    assert many.shape == (4,) and many.dtype == object
    for i in range(4):
        assert many[i].equals(geodesic_circle(lats[i], lons[i], radii[i]))


def test_annulus_excludes_inner_disk():
    lat, lon = 34.95629, 40.54139
    ring = annulus(lat, lon, 10_000.0, 40_000.0, n_points=720)
    lons, lats, dist, _ = _samples(lat, lon, 60_000.0, n=1000)
    inside = (dist > 10_100.0) & (dist < 39_800.0)
    outside = (dist < 9_900.0) | (dist > 40_200.0)
    _check_membership(ring, lons, lats, inside, outside)
    assert _area(ring) == pytest.approx(math.pi * (40_000.0**2 - 10_000.0**2), rel=2e-4)
    full = annulus(lat, lon, 0.0, 40_000.0)
    assert full.equals(geodesic_circle(lat, lon, 40_000.0))


@pytest.mark.parametrize(("lat", "lon"), [(0.0, 179.95), (89.8, 20.0)])
def test_annulus_across_antimeridian_and_pole(lat, lon):
    ring = annulus(lat, lon, 5_000.0, 40_000.0, n_points=720)
    _in_range(ring)
    lons, lats, dist, _ = _samples(lat, lon, 60_000.0, n=1000)
    _check_membership(ring, lons, lats, (dist > 5_100.0) & (dist < 39_800.0),
                      (dist < 4_900.0) | (dist > 40_200.0))
    holds_pole = WGS84.Inverse(lat, lon, 90.0, 0.0)["s12"]
    assert ring.covers(Point(0.0, 90.0)) == (5_000.0 < holds_pole < 40_000.0)


def _angle(a, b):
    return np.abs(np.mod(a - b + 180.0, 360.0) - 180.0)


SECTORS = [
    pytest.param(34.95629, 40.54139, 45.0, 22.5, 0.0, 20_000.0, id="NE-within-20km"),
    pytest.param(35.33588, 40.14084, 22.5, 11.25, 5_000.0, 40_000.0, id="NNE-5-to-40km"),
    pytest.param(0.0, 179.9, 90.0, 45.0, 0.0, 50_000.0, id="east-across-antimeridian"),
    pytest.param(-20.0, -179.9, 270.0, 30.0, 1_000.0, 50_000.0, id="west-across-antimeridian"),
    pytest.param(89.7, 0.0, 0.0, 30.0, 0.0, 80_000.0, id="north-over-the-pole"),
    pytest.param(-89.7, 100.0, 180.0, 60.0, 10_000.0, 80_000.0, id="south-over-the-pole"),
    pytest.param(30.0, 30.0, 350.0, 20.0, 0.0, 1_500_000.0, id="wide-and-long"),
    pytest.param(30.0, 30.0, 0.0, 170.0, 0.0, 100_000.0, id="almost-everything"),
]


@pytest.mark.parametrize(("lat", "lon", "az", "hw", "r0", "r1"), SECTORS)
def test_sector_membership(lat, lon, az, hw, r0, r1):
    shape = sector(lat, lon, az, hw, r0, r1, n_points=720)
    assert shape.is_valid
    _in_range(shape)
    lons, lats, dist, azs = _samples(lat, lon, 1.5 * r1, n=1500, seed=1)
    off = _angle(azs, az)
    inside = (off < hw - 0.5) & (dist > r0 * 1.01) & (dist < r1 * 0.99)
    outside = (off > hw + 0.5) | (dist < r0 * 0.99) | (dist > r1 * 1.01)
    # the sector's apex: nothing is "inside" too near the centre, where azimuths crowd
    inside &= dist > 0.01 * r1
    _check_membership(shape, lons, lats, inside, outside)
    expected = (math.pi * (r1**2 - r0**2)) * (hw / 180.0)
    if r1 < 500_000.0:
        assert _area(shape) == pytest.approx(expected, rel=2e-3)


def test_sector_half_width_180_is_the_annulus_and_arrays():
    full = sector(35.0, 40.0, 10.0, 180.0, 1000.0, 5000.0)
    assert full.equals(annulus(35.0, 40.0, 1000.0, 5000.0))
    many = sector([35.0, 0.0], [40.0, 179.99], [45.0, 90.0], [22.5, 200.0], 0.0, 10_000.0)
    assert many.shape == (2,)
    assert many[0].equals(sector(35.0, 40.0, 45.0, 22.5, 0.0, 10_000.0))
    assert many[1].equals(annulus(0.0, 179.99, 0.0, 10_000.0))


@pytest.mark.parametrize(("func", "args", "needle"), [
    (geodesic_circle, (35.0, 40.0, 0.0), "radius_m"),
    (geodesic_circle, (35.0, 40.0, -5.0), "radius_m"),
    (geodesic_circle, (95.0, 40.0, 5.0), "lat"),
    (geodesic_circle, (35.0, 40.0, float("nan")), "radius_m"),
    (annulus, (35.0, 40.0, 5000.0, 1000.0), "max_m"),
    (annulus, (35.0, 40.0, -1.0, 1000.0), "min_m"),
    (sector, (35.0, 40.0, 45.0, 0.0, 0.0, 1000.0), "half_width_deg"),
    (sector, (35.0, 40.0, 45.0, 10.0, 2000.0, 1000.0), "max_m"),
])
def test_bad_shape_input(func, args, needle):
    with pytest.raises(GeodesyError, match=needle):
        func(*args)
    with pytest.raises(GeodesyError, match="n_points"):
        geodesic_circle(35.0, 40.0, 100.0, n_points=3)
