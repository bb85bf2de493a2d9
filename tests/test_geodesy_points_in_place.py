"""A GeoSeries or a shapely Point in place of a lat, lon pair (issue 10, F19).

``gv.distance(geoseries, lat, lon)`` and ``gv.inverse(geoseries, point)`` ended in a raw
TypeError although the README says "pass numpy arrays or GeoSeries". They now read points
(lon/lat) in place of either pair; a call that cannot be read says how to call it. Reference
values come from geographiclib's ``Geodesic.WGS84``, independent of pyproj.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point

import geoverify as gv
from geoverify.errors import GeoverifyError

WGS84 = Geodesic.WGS84
# (lat, lon): al-Mayadin, Deir ez-Zor, al-Bukamal
TOWNS = [(35.01982, 40.45154), (35.33588, 40.14084), (34.45226, 40.93484)]
QURIYAH = (34.95629, 40.54139)


@pytest.fixture
def towns():
    return gpd.GeoSeries([Point(lon, lat) for lat, lon in TOWNS], crs=4326)


def _reference(pairs):
    return [WGS84.Inverse(a[0], a[1], b[0], b[1]) for a, b in pairs]


def test_distance_from_a_geoseries_to_a_lat_lon(towns):
    got = gv.distance(towns, *QURIYAH)
    ref = _reference([(t, QURIYAH) for t in TOWNS])
    np.testing.assert_allclose(got, [r["s12"] for r in ref], atol=1e-6)
    np.testing.assert_allclose(gv.distance(*QURIYAH, towns), [r["s12"] for r in ref], atol=1e-6)


def test_inverse_from_a_geoseries_to_a_point(towns):
    got = gv.inverse(towns, Point(QURIYAH[1], QURIYAH[0]))
    ref = _reference([(t, QURIYAH) for t in TOWNS])
    np.testing.assert_allclose(got.distance_m, [r["s12"] for r in ref], atol=1e-6)
    np.testing.assert_allclose(got.azimuth_deg, [r["azi1"] % 360 for r in ref], atol=1e-9)


def test_two_geoseries_pair_row_by_row_and_projected_ones_are_converted(towns):
    other = gpd.GeoSeries([Point(QURIYAH[1], QURIYAH[0])] * 3, crs=4326)
    ref = [r["s12"] for r in _reference([(t, QURIYAH) for t in TOWNS])]
    np.testing.assert_allclose(gv.inverse(towns, other).distance_m, ref, atol=1e-6)
    np.testing.assert_allclose(gv.distance(towns.to_crs(32637), *QURIYAH), ref, atol=1e-3)
    np.testing.assert_allclose(gv.azimuth(towns, *QURIYAH),
                               [r["azi1"] % 360 for r in _reference([(t, QURIYAH)
                                                                     for t in TOWNS])],
                               atol=1e-9)


def test_two_points_give_floats():
    got = gv.inverse(Point(0, 0), Point(1, 0))
    assert isinstance(got.distance_m, float)
    assert got.distance_m == pytest.approx(WGS84.Inverse(0, 0, 0, 1)["s12"], abs=1e-6)


@pytest.mark.parametrize("args", [
    ("towns", 35.0), ("towns",), (35.0, "towns", 40.0), (1, 2, 3),
])
def test_a_call_that_cannot_be_read_says_how(towns, args):
    values = [towns if a == "towns" else a for a in args]
    with pytest.raises(GeoverifyError, match="inverse_geoseries"):
        gv.distance(*values)


def test_the_readme_lists_the_geoseries_functions():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    from geoverify import geodesy

    for name in [n for n in geodesy.__all__ if n.endswith("_geoseries")]:
        assert f"`{name}`" in readme, name
