"""Relative locations: parsing, and their sites against geographiclib and hand computation."""

from __future__ import annotations

import math

import pytest
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point

from geoverify.errors import GeoverifyError
from geoverify.sites import (
    RelativeLocation,
    Site,
    area_site,
    parse_relative,
    relative_site,
)

WGS84 = Geodesic.WGS84
MAYADIN = Site(35.01982, 40.45154, 3000, name="al-Mayadin", method="geocoded")


@pytest.mark.parametrize(("text", "expected"), [
    ("10 km east of al-Mayadin",
     RelativeLocation("offset", "al-Mayadin", 10_000.0, None, "east")),
    ("about 10 km east of al-Mayadin",
     RelativeLocation("offset", "al-Mayadin", 10_000.0, "about", "east")),
    ("around 25km north of the base",
     RelativeLocation("offset", "the base", 25_000.0, "around", "north")),
    ("15 miles NE of Ain al-Asad",
     RelativeLocation("offset", "Ain al-Asad", 15 * 1609.344, None, "ne")),
    ("about 5 kilometers from Green Village",
     RelativeLocation("distance", "Green Village", 5_000.0, "about")),
    ("800 m away from X", RelativeLocation("distance", "X", 800.0)),
    ("north-east of Deir ez-Zor",
     RelativeLocation("sector", "Deir ez-Zor", direction="north-east")),
    ("north-east of Deir ez-Zor within 20 km",
     RelativeLocation("sector", "Deir ez-Zor", direction="north-east", within_m=20_000.0)),
    ("near al-Quriyah", RelativeLocation("near", "al-Quriyah")),
    ("in the vicinity of Green Village", RelativeLocation("near", "Green Village")),
    ("on the outskirts of al-Mayadin", RelativeLocation("outskirts", "al-Mayadin")),
    ("in Hajin", RelativeLocation("in", "Hajin")),
])
def test_parse_relative(text, expected):
    assert parse_relative(text) == expected


@pytest.mark.parametrize("text",
                         ["", "east", "10 km sideways of X", "somewhere", "10 parsecs of X"])
def test_parse_relative_refuses(text):
    with pytest.raises(GeoverifyError):
        parse_relative(text)


@pytest.mark.parametrize(("direction", "azimuth", "half"), [
    ("east", 90.0, 45.0), ("north-east", 45.0, 22.5), ("ENE", 67.5, 11.25), ("south", 180.0, 45.0),
])
@pytest.mark.parametrize("distance", [800.0, 10_000.0, 25_000.0])
def test_offset_point_is_the_geographiclib_direct_point(direction, azimuth, half, distance):
    site = relative_site(MAYADIN, "offset", distance_m=distance, direction=direction)
    ref = WGS84.Direct(MAYADIN.lat, MAYADIN.lon, azimuth, distance)
    assert site.lat == pytest.approx(ref["lat2"], abs=1e-9)
    assert site.lon == pytest.approx(ref["lon2"], abs=1e-9)
    assert site.method == "relative"


def _far_corner(d, share, half):
    # hand computation (law of cosines) of the farthest corner of the annular sector
    return max(math.sqrt(r * r + d * d - 2 * r * d * math.cos(math.radians(half)))
               for r in (d * (1 - share), d * (1 + share)))


@pytest.mark.parametrize(("qualifier", "share"), [("about", 0.2), (None, 0.1), ("exactly", 0.05)])
def test_offset_radius_covers_the_words(qualifier, share):
    d = 10_000.0
    site = relative_site(MAYADIN, "offset", distance_m=d, direction="north-east",
                         qualifier=qualifier)
    expected = MAYADIN.uncertainty_m + _far_corner(d, share, 22.5)
    assert site.uncertainty_m == pytest.approx(expected, rel=1e-9)
    # and every corner of the described region lies inside the circle (geographiclib)
    for r in (d * (1 - share), d * (1 + share)):
        for az in (22.5, 67.5):
            corner = WGS84.Direct(MAYADIN.lat, MAYADIN.lon, az, r)
            gap = WGS84.Inverse(site.lat, site.lon, corner["lat2"], corner["lon2"])["s12"]
            assert gap <= site.uncertainty_m - MAYADIN.uncertainty_m + 20  # planar vs ellipsoid


def test_upper_and_lower_bound_qualifiers():
    up = relative_site(MAYADIN, "distance", distance_m=5_000, qualifier="up to")
    assert up.uncertainty_m == MAYADIN.uncertainty_m + 5_000
    more = relative_site(MAYADIN, "distance", distance_m=5_000, qualifier="more than")
    assert more.uncertainty_m == MAYADIN.uncertainty_m + 7_500
    with pytest.raises(GeoverifyError):
        relative_site(MAYADIN, "distance", distance_m=5_000, qualifier="approximately-ish")


def test_distance_without_direction_is_a_ring_around_the_base():
    site = relative_site(MAYADIN, parse_relative("about 5 km from al-Mayadin"))
    assert (site.lat, site.lon) == (MAYADIN.lat, MAYADIN.lon)
    assert site.uncertainty_m == MAYADIN.uncertainty_m + 6_000


def test_sector_is_an_area_that_holds_the_claimed_region():
    base = MAYADIN.with_uncertainty(0)
    site = relative_site(base, parse_relative("north-east of al-Mayadin within 20 km"))
    assert site.area is not None
    inside = WGS84.Direct(base.lat, base.lon, 45.0, 15_000)
    outside = WGS84.Direct(base.lat, base.lon, 135.0, 15_000)
    assert site.area.contains(Point(inside["lon2"], inside["lat2"]))
    assert not site.area.contains(Point(outside["lon2"], outside["lat2"]))
    # the circle holds every vertex of the sector
    for lon, lat in site.area.exterior.coords:
        gap = WGS84.Inverse(site.lat, site.lon, lat, lon)["s12"]
        assert gap <= site.uncertainty_m + 1


def test_sector_default_radius():
    site = relative_site(MAYADIN, "sector", direction="north")
    # data/cases/README.md: "on the axis at 2/3 R (default R 50 km)"
    axis = WGS84.Direct(MAYADIN.lat, MAYADIN.lon, 0.0, 2 * 50_000.0 / 3)
    assert site.lat == pytest.approx(axis["lat2"], abs=1e-9)


# data/cases/README.md: near / outskirts / in X is "X's radius + 5 km / 3 km / 0 km"
@pytest.mark.parametrize(("relation", "extra_m"), [("near", 5_000.0), ("outskirts", 3_000.0),
                                                   ("in", 0.0)])
def test_near_grows_the_base_circle(relation, extra_m):
    site = relative_site(MAYADIN, relation)
    assert (site.lat, site.lon) == (MAYADIN.lat, MAYADIN.lon)
    assert site.uncertainty_m == MAYADIN.uncertainty_m + extra_m
    assert relative_site(MAYADIN, relation, relation_radius_m=1_000).uncertainty_m == 4_000


@pytest.mark.parametrize(("kwargs", "relation"), [
    ({"direction": "east"}, "offset"), ({"distance_m": 5, "direction": "up"}, "offset"),
    ({}, "sector"), ({}, "beside"), ({"distance_m": -1}, "distance"),
])
def test_relative_site_refuses(kwargs, relation):
    with pytest.raises(GeoverifyError):
        relative_site(MAYADIN, relation, **kwargs)


def test_area_site_radius_reaches_every_vertex():
    pts = [(35.0, 40.0), (35.0, 40.2), (35.1, 40.2), (35.1, 40.0)]
    site = area_site(pts, name="box", uncertainty_m=50)
    far = max(WGS84.Inverse(site.lat, site.lon, la, lo)["s12"] for la, lo in pts)
    assert site.uncertainty_m == pytest.approx(far + 50, abs=0.01)
    assert site.method == "area" and site.area.contains(Point(40.1, 35.05))


@pytest.mark.parametrize("pts", [[(35, 40), (35, 41)], [(35, 40), (35, 41), (35, 42)],
                                 [(95, 40), (35, 41), (36, 41)], [("a", 1), (2, 3), (4, 5)]])
def test_area_site_refuses(pts):
    with pytest.raises(GeoverifyError):
        area_site(pts)
