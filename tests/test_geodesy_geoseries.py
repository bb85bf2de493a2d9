"""GeoSeries paths of the geodesy functions, against geographiclib and the documented behaviour.

Every reference value comes from geographiclib's ``Geodesic.WGS84`` (Direct/Inverse), an
implementation independent of pyproj; shape membership is judged with points placed by
``Direct`` well inside or outside the documented boundary.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from shapely.geometry import MultiPolygon, Point

from geoverify.geodesy import (
    MAX_GEODESIC_DISTANCE_M,
    GeodesyError,
    annulus,
    annulus_geoseries,
    azimuth_geoseries,
    azimuth_range_geoseries,
    destination_geoseries,
    distance_bounds_geoseries,
    distance_geoseries,
    geodesic_circle,
    geodesic_circle_geoseries,
    sector,
    sector_geoseries,
)

WGS84 = Geodesic.WGS84

# (lat, lon): al-Mayadin, Deir ez-Zor, al-Bukamal, al-Qaim, and one just west of the antimeridian
SITES = [(35.01982, 40.45154), (35.33588, 40.14084), (34.45226, 40.93484),
         (34.36837, 41.09447), (-16.5, 179.98)]
INDEX = ["mayadin", "deir", "bukamal", "qaim", "fiji"]


def _series(rows, index=None, crs=4326):
    return gpd.GeoSeries([Point(lon, lat) for lat, lon in rows], index=index, crs=crs)


@pytest.fixture
def points():
    return _series(SITES, index=INDEX)


def _direct(lat, lon, az, s):
    r = WGS84.Direct(lat, lon, az, s)
    return r["lat2"], r["lon2"]


def _dist(lat1, lon1, lat2, lon2):
    return WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"]


def test_distance_and_azimuth_match_geographiclib(points):
    others = _series(SITES[1:] + SITES[:1], index=list("abcde"))  # index ignored: by position
    dist = distance_geoseries(points, others)
    az = azimuth_geoseries(points, others)
    for i, ((la1, lo1), (la2, lo2)) in enumerate(zip(SITES, SITES[1:] + SITES[:1], strict=True)):
        ref = WGS84.Inverse(la1, lo1, la2, lo2)
        assert dist[i] == pytest.approx(ref["s12"], abs=1e-6)
        assert az[i] == pytest.approx(ref["azi1"] % 360.0, abs=1e-9)
        assert 0.0 <= az[i] < 360.0


def test_destination_matches_geographiclib_and_keeps_index(points):
    az = np.array([0.0, 45.0, 135.0, 270.0, 90.0])
    dist = np.array([1_000.0, 25_000.0, 250_000.0, 3.5, 20_000.0])
    out = destination_geoseries(points, az, dist)
    assert isinstance(out, gpd.GeoSeries)
    assert out.index.tolist() == INDEX
    assert out.crs.to_epsg() == 4326
    for i, (lat, lon) in enumerate(SITES):
        lat2, lon2 = _direct(lat, lon, az[i], dist[i])
        lon2 = (lon2 + 180.0) % 360.0 - 180.0
        assert out.iloc[i].y == pytest.approx(lat2, abs=1e-9)
        assert out.iloc[i].x == pytest.approx(lon2, abs=1e-9)


def test_destination_across_antimeridian():
    start = _series([(-16.5, 179.98)], index=[42])
    out = destination_geoseries(start, 90.0, 20_000.0)
    lat2, lon2 = _direct(-16.5, 179.98, 90.0, 20_000.0)
    assert -180.0 < lon2 < -179.0  # across the antimeridian, reduced to [-180, 180]
    assert out.index.tolist() == [42]
    assert out[42].x == pytest.approx(lon2, abs=1e-9)
    assert -180.0 <= out[42].x < -179.5
    assert out[42].y == pytest.approx(lat2, abs=1e-9)


def test_destination_one_value_for_all_and_bad_shapes(points):
    out = destination_geoseries(points, 180.0, 5_000.0)
    for i, (lat, lon) in enumerate(SITES):
        assert _dist(lat, lon, out.iloc[i].y, out.iloc[i].x) == pytest.approx(5_000.0, abs=1e-6)
    with pytest.raises(GeodesyError, match="azimuth_deg"):
        destination_geoseries(points, [0.0, 1.0], 5_000.0)
    with pytest.raises(GeodesyError, match="latitude|not a number"):
        destination_geoseries(points, "north", 5_000.0)
    with pytest.raises(GeodesyError, match="Point"):
        destination_geoseries(gpd.GeoSeries([Point(0, 0).buffer(1)]), 0.0, 1.0)


def test_projected_crs_is_converted_first(points):
    projected = points.to_crs(32637)  # UTM zone 37N: metres, not degrees
    assert not projected.crs.is_geographic
    out = destination_geoseries(projected, 30.0, 10_000.0)
    assert out.crs.to_epsg() == 4326
    assert out.index.tolist() == INDEX
    for i, (lat, lon) in enumerate(SITES):
        lat2, lon2 = _direct(lat, lon, 30.0, 10_000.0)
        lon2 = (lon2 + 180.0) % 360.0 - 180.0
        assert out.iloc[i].y == pytest.approx(lat2, abs=1e-7)
        assert out.iloc[i].x == pytest.approx(lon2, abs=1e-7)
    circles = geodesic_circle_geoseries(projected[:2], 2_000.0)
    assert circles.crs.to_epsg() == 4326
    xy = shapely.get_coordinates(circles.iloc[0])
    assert xy[:, 0].min() > 40.0 and xy[:, 0].max() < 41.0  # lon/lat, not metres
    lo, hi = distance_bounds_geoseries(projected, 100.0, points, 50.0)
    np.testing.assert_allclose(lo, 0.0)
    np.testing.assert_allclose(hi, 150.0, atol=1e-3)


def test_circles_vertices_at_radius_and_contain_centre(points):
    radii = np.array([1_500.0, 10_000.0, 50_000.0, 300.0, 25_000.0])
    out = geodesic_circle_geoseries(points, radii, n_points=64)
    assert out.index.tolist() == INDEX and out.crs.to_epsg() == 4326
    for i, (lat, lon) in enumerate(SITES[:4]):
        poly = out.iloc[i]
        assert poly.geom_type == "Polygon"
        xy = np.asarray(poly.exterior.coords)
        assert len(xy) == 65  # n_points vertices, closed
        for x, y in xy[:-1]:
            assert _dist(lat, lon, y, x) == pytest.approx(radii[i], rel=1e-9)
        assert poly.contains(Point(lon, lat))
        assert poly.exterior.is_ccw  # RFC 7946 orientation
        # a point 2 % beyond the radius is outside, 2 % short of it is inside
        for az in (10.0, 100.0, 200.0, 300.0):
            assert not poly.contains(Point(*_direct(lat, lon, az, radii[i] * 1.02)[::-1]))
            assert poly.contains(Point(*_direct(lat, lon, az, radii[i] * 0.98)[::-1]))


def test_circle_across_antimeridian_is_split(points):
    out = geodesic_circle_geoseries(points, 25_000.0)
    fiji = out["fiji"]
    assert isinstance(fiji, MultiPolygon)
    xmin, _, xmax, _ = fiji.bounds
    assert xmin >= -180.0 and xmax <= 180.0 and xmin < -179.0 and xmax > 179.0
    east = _direct(-16.5, 179.98, 90.0, 20_000.0)  # across the antimeridian: lon < -179
    assert east[1] < -179.0
    assert fiji.contains(Point(east[1], east[0]))
    assert not fiji.contains(Point(*_direct(-16.5, 179.98, 90.0, 30_000.0)[::-1]))


def test_annulus_inner_and_outer_rings(points):
    out = annulus_geoseries(points[:3], 5_000.0, [20_000.0, 30_000.0, 40_000.0], n_points=72)
    assert out.index.tolist() == INDEX[:3]
    for i, (lat, lon) in enumerate(SITES[:3]):
        ring = out.iloc[i]
        outer = 20_000.0 + 10_000.0 * i
        assert len(ring.interiors) == 1
        for x, y in ring.exterior.coords[:-1]:
            assert _dist(lat, lon, y, x) == pytest.approx(outer, rel=1e-9)
        for x, y in ring.interiors[0].coords[:-1]:
            assert _dist(lat, lon, y, x) == pytest.approx(5_000.0, rel=1e-9)
        assert not ring.contains(Point(lon, lat))
        assert ring.contains(Point(*_direct(lat, lon, 77.0, 12_000.0)[::-1]))
        assert not ring.contains(Point(*_direct(lat, lon, 77.0, outer * 1.03)[::-1]))
    with pytest.raises(GeodesyError, match="max_m"):
        annulus_geoseries(points, 5_000.0, 5_000.0)


def test_sector_membership(points):
    az = np.array([45.0, 135.0, 225.0, 315.0, 90.0])
    out = sector_geoseries(points, az, 22.5, 1_000.0, 20_000.0)
    assert out.index.tolist() == INDEX
    assert isinstance(out["fiji"], MultiPolygon)  # reaches across the antimeridian
    for i, (lat, lon) in enumerate(SITES):
        shape = out.iloc[i]

        def at(a, s, lat=lat, lon=lon):
            y, x = _direct(lat, lon, a, s)
            return Point((x + 180.0) % 360.0 - 180.0, y)

        assert shape.contains(at(az[i], 10_000.0))
        assert shape.contains(at(az[i] + 20.0, 15_000.0))
        assert not shape.contains(at(az[i] + 25.0, 10_000.0))
        assert not shape.contains(at(az[i] - 25.0, 10_000.0))
        assert not shape.contains(at(az[i], 500.0))
        assert not shape.contains(at(az[i], 21_000.0))
    with pytest.raises(GeodesyError, match="half_width_deg"):
        sector_geoseries(points, 0.0, 0.0, 0.0, 1_000.0)


def test_distance_bounds_and_azimuth_range(points):
    others = _series([(35.2, 40.3), (35.0, 40.5), (34.4, 41.0), (34.36837, 41.09447),
                      (-16.5, -179.9)])
    r1 = np.array([1_000.0, 500.0, 2_000.0, 10.0, 300.0])
    lo, hi = distance_bounds_geoseries(points, r1, others, 750.0)
    az, hw = azimuth_range_geoseries(points, r1, others, 750.0)
    for i, ((la1, lo1), p) in enumerate(zip(SITES, others, strict=True)):
        ref = WGS84.Inverse(la1, lo1, p.y, p.x)
        d = ref["s12"]
        assert lo[i] == pytest.approx(max(0.0, d - r1[i] - 750.0), abs=1e-6)
        assert hi[i] == pytest.approx(min(d + r1[i] + 750.0, MAX_GEODESIC_DISTANCE_M), abs=1e-6)
        assert az[i] == pytest.approx(ref["azi1"] % 360.0, abs=1e-9)
        assert 0.0 < hw[i] <= 180.0
    assert lo[3] == 0.0 and hw[3] == 180.0  # same place: any distance from 0, any direction
    with pytest.raises(GeodesyError, match="r2_m"):
        distance_bounds_geoseries(points, 1.0, others, -1.0)


def test_missing_and_empty_points_give_missing_rows():
    pts = gpd.GeoSeries([Point(40.45154, 35.01982), None, Point()], index=[10, 20, 30], crs=4326)
    for out in (destination_geoseries(pts, 0.0, 1_000.0),
                geodesic_circle_geoseries(pts, 1_000.0),
                annulus_geoseries(pts, 500.0, 1_000.0),
                sector_geoseries(pts, 0.0, 45.0, 0.0, 1_000.0)):
        assert out.index.tolist() == [10, 20, 30]
        assert out.isna().tolist() == [False, True, True]
    lo, hi = distance_bounds_geoseries(pts, 10.0, Point(40.45154, 35.01982), 10.0)
    assert lo[0] == 0.0 and np.isnan(lo[1:]).all() and np.isnan(hi[1:]).all()
    assert np.isnan(distance_geoseries(pts, pts)[1:]).all()


@pytest.mark.parametrize("crs", [4326, 32637])
def test_empty_geoseries(crs):
    empty = gpd.GeoSeries([], crs=crs)
    for out in (destination_geoseries(empty, 0.0, 1.0),
                geodesic_circle_geoseries(empty, 1.0),
                annulus_geoseries(empty, 0.0, 1.0),
                sector_geoseries(empty, 0.0, 45.0, 0.0, 1.0)):
        assert isinstance(out, gpd.GeoSeries)
        assert len(out) == 0 and out.crs.to_epsg() == 4326
    assert distance_geoseries(empty, empty).shape == (0,)
    assert azimuth_geoseries(empty, empty).shape == (0,)
    assert all(a.shape == (0,) for a in distance_bounds_geoseries(empty, 1.0, empty, 1.0))
    assert all(a.shape == (0,) for a in azimuth_range_geoseries(empty, 1.0, empty, 1.0))


def test_many_rows_vectorized():
    rng = np.random.default_rng(7)
    lat = rng.uniform(33.0, 37.0, 2_000)
    lon = rng.uniform(38.0, 43.0, 2_000)
    pts = gpd.GeoSeries(shapely.points(lon, lat), index=np.arange(2_000) * 3, crs=4326)
    circles = geodesic_circle_geoseries(pts, 5_000.0, n_points=32)
    assert circles.index.equals(pts.index)
    assert circles.contains(pts).all()
    dest = destination_geoseries(pts, 90.0, 5_000.0)
    for i in (0, 999, 1_999):
        assert _dist(lat[i], lon[i], dest.iloc[i].y, dest.iloc[i].x) == pytest.approx(5_000.0)


def test_rows_are_the_scalar_functions_shapes(points):
    circles = geodesic_circle_geoseries(points, 8_000.0, n_points=40)
    rings = annulus_geoseries(points, 2_000.0, 8_000.0, n_points=40)
    sectors = sector_geoseries(points, 300.0, 30.0, 0.0, 8_000.0, n_points=40)
    for i, (lat, lon) in enumerate(SITES):
        assert circles.iloc[i].equals_exact(geodesic_circle(lat, lon, 8_000.0, n_points=40), 1e-12)
        assert rings.iloc[i].equals_exact(annulus(lat, lon, 2_000.0, 8_000.0, n_points=40), 1e-12)
        assert sectors.iloc[i].equals_exact(
            sector(lat, lon, 300.0, 30.0, 0.0, 8_000.0, n_points=40), 1e-12)


def test_import_does_not_load_geopandas():
    import subprocess
    import sys

    code = "import sys, geoverify.geodesy; print('geopandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
