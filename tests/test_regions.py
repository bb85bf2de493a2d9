"""Regions: areas against closed forms and reference polygons, membership against geographiclib.

Oracles: the area of a geodesic disc on a surface of Gaussian curvature K,
``pi r^2 (1 - K r^2 / 12)`` (K = 1 / (M N) at the centre; the next terms are below 1e-6 of the
area for r <= 250 km); the plane lens of two circles (for discs under 20 km, where the Earth's
curvature changes it by under 1e-5); pyproj's geodesic polygon area of reference polygons whose
vertices geographiclib places (many thousands, edges geodesic); geographiclib distances and
azimuths for points 10 m either side of every boundary.
"""

from __future__ import annotations

import math
from datetime import UTC

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import Point

from geoverify.regions import (
    Region,
    RegionError,
    Ring,
    Wedge,
    bank_region,
    control_region,
    direction_region,
    distance_region,
    find_conflict,
    intersect_all,
    reach_region,
    reach_regions,
    relation_region,
    site_region,
    travel_region,
)
from geoverify.sites import Site

G = Geodesic.WGS84
GEOD = Geod(ellps="WGS84")
A, F = 6378137.0, 1 / 298.257223563
E2 = F * (2 - F)
PAD_BOUND_M = 0.25  # outer/inner polygons stray at most PAD (0.1 m) + sagitta (0.05 m) + slack


def gauss_k(lat: float) -> float:
    s2 = math.sin(math.radians(lat)) ** 2
    m = A * (1 - E2) / (1 - E2 * s2) ** 1.5
    n = A / math.sqrt(1 - E2 * s2)
    return 1.0 / (m * n)


def disc_area(lat: float, r: float) -> float:
    """Closed form: a geodesic disc's area on a surface of curvature K (second order)."""
    return math.pi * r * r * (1 - gauss_k(lat) * r * r / 12.0)


def plane_lens(d: float, r1: float, r2: float) -> float:
    if d >= r1 + r2:
        return 0.0
    if d <= abs(r1 - r2):
        return math.pi * min(r1, r2) ** 2
    a1 = math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1))
    a2 = math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2))
    return (r1 * r1 * (a1 - math.sin(2 * a1) / 2) + r2 * r2 * (a2 - math.sin(2 * a2) / 2))


def direct(lat, lon, az, s):
    g = G.Direct(lat, lon, az, s)
    return g["lat2"], g["lon2"]


def reference_area(lats, lons) -> float:
    area, _ = GEOD.polygon_area_perimeter(lons, lats)
    return abs(area)


def bracket_area(region: Region) -> tuple[float, float]:
    """Return the geodesic areas (m²) of the inner and outer polygons."""
    out = []
    for geom in (region.inner_geometry, region.geometry):
        out.append(abs(GEOD.geometry_area_perimeter(geom)[0]) if not geom.is_empty else 0.0)
    return out[0], out[1]


def perimeter_slack(r: float) -> float:
    return 2 * math.pi * r * PAD_BOUND_M


# ----------------------------------------------------------------------------------------------
# areas


@pytest.mark.parametrize("lat,lon,r", [
    (35.0, 40.0, 1_000.0), (35.0, 40.0, 50_000.0), (0.0, 179.9, 100_000.0),
    (89.5, 20.0, 250_000.0), (-89.9, -45.0, 30_000.0), (-60.0, -179.99, 250_000.0),
])
def test_disc_area_against_the_closed_form(lat, lon, r):
    region = site_region(Site(lat, lon, r))
    inner, outer = bracket_area(region)
    exact = disc_area(lat, r)
    assert inner <= exact * (1 + 1e-6) and exact * (1 - 1e-6) <= outer
    assert outer - inner <= 2 * perimeter_slack(r) + 1e-6 * exact
    assert region.area_km2 * 1e6 == pytest.approx(exact, rel=1e-6, abs=perimeter_slack(r))


@pytest.mark.parametrize("lat,lon,r0,r1", [(35.0, 40.0, 2_000.0, 8_050.0),
                                            (0.0, -179.95, 10_000.0, 60_000.0),
                                            (88.0, 0.0, 15_000.0, 200_000.0)])
def test_annulus_area_against_the_closed_form(lat, lon, r0, r1):
    region = Region(Ring(lat, lon, r0, r1))
    inner, outer = bracket_area(region)
    exact = disc_area(lat, r1) - disc_area(lat, r0)
    assert inner <= exact * (1 + 1e-6) and exact * (1 - 1e-6) <= outer
    assert outer - inner <= 2 * perimeter_slack(r1 + r0) + 1e-6 * exact


@pytest.mark.parametrize("lat,lon,az,hw,r0,r1", [
    (35.0, 40.0, 45.0, 22.5, 0.0, 50_000.0), (0.0, 179.9, 90.0, 45.0, 5_000.0, 200_000.0),
    (-89.0, 10.0, 180.0, 11.25, 0.0, 100_000.0), (60.0, -10.0, 300.0, 90.0, 20_000.0, 250_000.0),
])
def test_sector_area_against_a_geographiclib_reference_polygon(lat, lon, az, hw, r0, r1):
    region = Region(Wedge(lat, lon, az, hw, r0, r1))
    arc = np.linspace(az - hw, az + hw, 20_001)
    ring = [direct(lat, lon, a, r1) for a in arc]
    if r0 > 0:
        ring += [direct(lat, lon, a, r0) for a in arc[::-1]]
    else:
        ring.append((lat, lon))
    lats, lons = zip(*ring, strict=True)
    exact = reference_area(np.array(lats), np.array(lons))
    # the reference's arcs are chords of 20,000 vertices: under 1e-8 of the area
    inner, outer = bracket_area(region)
    slack = perimeter_slack(r1 * math.radians(2 * hw) + 2 * (r1 - r0)) + 1e-7 * exact
    assert inner - slack <= exact <= outer + slack
    assert outer - inner <= 2 * slack
    # and the sector is its share of the annulus, to the ellipsoid's anisotropy (< 0.4 %)
    share = (disc_area(lat, r1) - disc_area(lat, r0)) * hw / 180.0
    assert exact == pytest.approx(share, rel=4e-3)


@pytest.mark.parametrize("d,r1,r2", [(3000.0, 2000.0, 2000.0), (9000.0, 8050.0, 1500.0),
                                     (500.0, 4000.0, 1000.0), (12_000.0, 5000.0, 7000.0)])
def test_lens_of_two_discs_against_the_plane_formula(d, r1, r2):
    lat, lon = 35.0, 40.0
    lat2, lon2 = direct(lat, lon, 70.0, d)
    lens = site_region(Site(lat, lon, r1)) & site_region(Site(lat2, lon2, r2))
    inner, outer = bracket_area(lens)
    exact = plane_lens(d, r1, r2)
    slack = perimeter_slack(r1 + r2) + 1e-5 * exact
    assert inner - slack <= exact <= outer + slack


def test_disjoint_discs_are_surely_empty_and_touching_ones_are_not():
    lat2, lon2 = direct(35.0, 40.0, 10.0, 10_000.0)
    a = site_region(Site(35.0, 40.0, 5000))
    assert (a & site_region(Site(lat2, lon2, 4999.0))).is_empty
    near = a & site_region(Site(lat2, lon2, 5002.0))
    assert not near.is_empty and near.area_km2 < 0.01
    assert near.representative_point() is not None


# ----------------------------------------------------------------------------------------------
# membership within 10 m of a boundary


PLACES = [(35.0, 40.0), (0.0, 179.999), (0.5, -179.8), (89.7, 30.0), (-89.95, 120.0),
          (-45.0, 179.9), (70.0, -179.5)]


def _boundary_probes(lat, lon, r, n=24):
    """Points 10 m inside and outside the geodesic circle of radius r (geographiclib)."""
    inside, outside = [], []
    for az in np.linspace(0.0, 360.0, n, endpoint=False):
        inside.append(direct(lat, lon, az, r - 10.0))
        outside.append(direct(lat, lon, az, r + 10.0))
    return np.array(inside), np.array(outside)


@pytest.mark.parametrize("lat,lon", PLACES)
@pytest.mark.parametrize("r", [2_000.0, 60_000.0, 250_000.0])
def test_disc_membership_and_polygons_within_10_m(lat, lon, r):
    region = site_region(Site(lat, lon, r))
    inside, outside = _boundary_probes(lat, lon, r)
    assert region.contains(inside[:, 0], inside[:, 1]).all()
    assert not region.contains(outside[:, 0], outside[:, 1]).any()
    for geom in (region.geometry, region.inner_geometry):
        assert all(geom.contains(Point(b, a)) for a, b in inside), (lat, lon, r)
        assert not any(geom.contains(Point(b, a)) for a, b in outside), (lat, lon, r)


@pytest.mark.parametrize("lat,lon", PLACES)
def test_sector_membership_and_polygons_within_10_m(lat, lon):
    az, hw, r0, r1 = 200.0, 30.0, 20_000.0, 240_000.0
    region = Region(Wedge(lat, lon, az, hw, r0, r1))
    probes_in, probes_out = [], []
    for s in (30_000.0, 120_000.0, 230_000.0):
        delta = math.degrees(10.0 / s) * 1.5  # more than 10 m across the radial edge
        for edge, sign in ((az - hw, 1), (az + hw, -1)):
            probes_in.append(direct(lat, lon, edge + sign * delta, s))
            probes_out.append(direct(lat, lon, edge - sign * delta, s))
    for a in (az - hw + 1, az, az + hw - 1):
        probes_in += [direct(lat, lon, a, r1 - 10), direct(lat, lon, a, r0 + 10)]
        probes_out += [direct(lat, lon, a, r1 + 10), direct(lat, lon, a, r0 - 10)]
    pin, pout = np.array(probes_in), np.array(probes_out)
    assert region.contains(pin[:, 0], pin[:, 1]).all()
    assert not region.contains(pout[:, 0], pout[:, 1]).any()
    for geom in (region.geometry, region.inner_geometry):
        assert all(geom.contains(Point(b, a)) for a, b in pin), (lat, lon)
        assert not any(geom.contains(Point(b, a)) for a, b in pout), (lat, lon)


def _distance_to_edge(lat, lon, edge_az, s_lo, s_hi, p):
    """The geodesic distance from p to the radial edge (geographiclib, samples every 20 m)."""
    best = math.inf
    for s in np.arange(s_lo, s_hi, 20.0):
        q = direct(lat, lon, edge_az, s)
        best = min(best, G.Inverse(p[0], p[1], q[0], q[1])["s12"])
    return best


@pytest.mark.parametrize("lat,lon", [(35.0, 40.0), (0.2, 179.95), (88.5, -60.0)])
@pytest.mark.parametrize("reading", ["possible", "sure"])
def test_grown_and_shrunk_sector_within_10_m(lat, lon, reading):
    """A reference known to 3 km grows (possible) or shrinks (sure) the sector by 3 km."""
    ref = Site(lat, lon, 3000.0, name="X")
    region = direction_region(ref, "north-east", max_m=60_000, reading=reading)
    edge = 45.0 + 22.5  # the sector's clockwise edge
    for s in (15_000.0, 35_000.0):
        for across in (3000.0 - 12.0, 3000.0 + 12.0):
            # a point "across" metres from the edge, outside the sector (possible) or inside
            side = 1 if reading == "possible" else -1
            foot = direct(lat, lon, edge, s)
            g = G.Inverse(lat, lon, foot[0], foot[1])
            p = direct(foot[0], foot[1], g["azi2"] + side * 90.0, across)
            true = _distance_to_edge(lat, lon, edge, s - 4000, s + 4000, p)
            assert abs(true - across) < 2.0  # the probe is where it should be
            inside = bool(region.contains(*p))
            if reading == "possible":
                assert inside == (true <= 3000.0)
            else:
                assert inside == (true >= 3000.0)
            for geom in (region.geometry, region.inner_geometry):
                assert geom.contains(Point(p[1], p[0])) == inside


# ----------------------------------------------------------------------------------------------
# algebra and monotonicity (hypothesis)


def _shape(draw, base=(35.0, 40.0)):
    kind = draw(st.sampled_from(["disc", "ring", "wedge", "grown"]))
    az = draw(st.floats(0, 360))
    dist = draw(st.floats(0, 30_000))
    lat, lon = direct(base[0], base[1], az, dist)
    r = draw(st.floats(500, 40_000))
    if kind == "disc":
        return site_region(Site(lat, lon, r), id=f"disc{dist:.0f}")
    if kind == "ring":
        return Region(Ring(lat, lon, r * 0.3, r), "ring", f"ring{dist:.0f}")
    hw = draw(st.floats(5, 120))
    if kind == "wedge":
        return Region(Wedge(lat, lon, draw(st.floats(0, 360)), hw, 0.0, r * 2), "w", "w")
    return direction_region(Site(lat, lon, draw(st.floats(0, 5000)), name="g"),
                            draw(st.floats(0, 359)), half_width_deg=hw, max_m=r * 2)


regions_st = st.composite(lambda draw: _shape(draw))()
SET = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RNG = np.random.default_rng(7)
SAMPLE = np.array([direct(35.0, 40.0, a, s) for a, s in zip(
    RNG.uniform(0, 360, 400), 60_000 * np.sqrt(RNG.uniform(0, 1, 400)), strict=True)])


@SET
@given(st.lists(regions_st, min_size=2, max_size=4))
def test_adding_a_statement_never_grows_a_region(regions):
    area = math.inf
    inside = np.ones(len(SAMPLE), dtype=bool)
    acc = regions[0]
    for nxt in regions[1:] + [regions[-1]]:
        acc = acc & nxt
        a = acc.area_km2
        assert a <= area + 1e-8 * a + 1e-9  # overlay rounding on shared edges
        now = acc.contains(SAMPLE[:, 0], SAMPLE[:, 1])
        assert not (now & ~inside).any()
        area, inside = a, now


@SET
@given(regions_st, regions_st, regions_st)
def test_algebra_laws_and_polygons_bracket_membership(a, b, c):
    la, lo = SAMPLE[:, 0], SAMPLE[:, 1]
    ia, ib = a.contains(la, lo), b.contains(la, lo)
    assert ((a & b).contains(la, lo) == (ia & ib)).all()
    assert ((a | b).contains(la, lo) == (ia | ib)).all()
    assert ((a - b).contains(la, lo) == (ia & ~ib)).all()
    assert (((a | b) & c).contains(la, lo) == ((a & c) | (b & c)).contains(la, lo)).all()
    assert ((a - (b | c)).contains(la, lo) == ((a - b) & (a - c)).contains(la, lo)).all()
    for region in (a & b, (a | b) - c, a - (b & c)):
        exact = region.contains(la, lo)
        outer = np.array([region.geometry.covers(Point(x, y)) for y, x in SAMPLE])
        inner = np.array([region.inner_geometry.covers(Point(x, y)) for y, x in SAMPLE])
        # the inner polygon lies inside, the outer holds it (points on a boundary aside)
        assert not (inner & ~exact & ~_near_edge(region, la, lo)).any()
        assert not (exact & ~outer & ~_near_edge(region, la, lo)).any()
    noise = 1e-8 * (a.area_km2 + b.area_km2) + 1e-9  # overlay rounding on shared edges
    assert (a & b).area_km2 <= min(a.area_km2, b.area_km2) + noise
    assert (a | b).area_km2 >= max(a.area_km2, b.area_km2) - noise


def _near_edge(region: Region, la, lo):
    """Points within 1 m of the region's boundary (where bracketing polygons may differ)."""
    shifted = []
    for dlat, dlon in ((1e-5, 0), (-1e-5, 0), (0, 1.2e-5), (0, -1.2e-5)):
        shifted.append(region.contains(la + dlat, lo + dlon))
    here = region.contains(la, lo)
    return np.any([s != here for s in shifted], axis=0)


# ----------------------------------------------------------------------------------------------
# statements, as their checks read them (a point site, the reference uncertain)


def _points_around(site, radius, n=300, seed=3):
    rng = np.random.default_rng(seed)
    return [Site(*direct(site.lat, site.lon, a, s), 0.0) for a, s in zip(
        rng.uniform(0, 360, n), radius * np.sqrt(rng.uniform(0, 1, n)), strict=True)]


@pytest.mark.parametrize("relation,kind", [("near", "village"), ("in", "town"),
                                           ("on the outskirts of", "city")])
def test_relation_region_matches_the_proximity_check(relation, kind):
    from geoverify.checks.proximity import check_proximity

    place = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
    sure = relation_region(place, relation, place_kind=kind, reading="sure")
    possible = relation_region(place, relation, place_kind=kind)
    for s in _points_around(place, 14_000):
        v = check_proximity(s, place, relation=relation, place_kind=kind).verdict
        assert (v == "consistent") == bool(sure.contains(s.lat, s.lon))
        assert (v == "inconsistent") == (not possible.contains(s.lat, s.lon))


def test_distance_region_matches_the_stated_distance_check():
    from geoverify.checks.stated_distance import check_stated_distance

    ref = Site(35.0, 40.5, 800, name="T")
    sure = distance_region(ref, 5000, qualifier="about", reading="sure")
    possible = distance_region(ref, 5000, qualifier="about")
    for s in _points_around(ref, 9000):
        v = check_stated_distance(s, ref, stated_m=5000, qualifier="about").verdict
        assert (v == "consistent") == bool(sure.contains(s.lat, s.lon))
        assert (v == "inconsistent") == (not possible.contains(s.lat, s.lon))


@pytest.mark.parametrize("word", ["107 mm", "122 mm", "M777", "Katyusha"])
def test_reach_regions_match_the_range_check(word):
    from geoverify.checks.range import check_range

    target = Site(35.33611, 40.30944, 4000, name="Conoco field")
    per = reach_regions(target, word)
    sure = reach_regions(target, word, reading="sure")
    union = reach_region(target, word)
    for s in _points_around(target, 45_000, n=150):
        r = check_range(s, target, weapon=word)
        for o in r.values["weapons"]:
            assert (o["verdict"] == "consistent") == bool(sure[o["id"]].contains(s.lat, s.lon))
            assert (o["verdict"] == "inconsistent") == (
                not per[o["id"]].contains(s.lat, s.lon))
        assert (r.verdict == "inconsistent") == (not union.contains(s.lat, s.lon))


def test_direction_region_agrees_with_the_direction_check():
    """The check's tangent bound is up to 0.5 % wider: its decisions imply the region's."""
    from geoverify.checks.direction import check_direction

    ref = Site(35.33588, 40.14084, 5000, name="Deir ez-Zor")
    sure = direction_region(ref, "north-east", reading="sure")
    possible = direction_region(ref, "north-east")
    seen, looser = set(), 0
    points = _points_around(ref, 40_000, n=250)
    for s in points:
        v = check_direction(s, ref, direction="north-east").verdict
        seen.add(str(v))
        if v == "consistent":
            assert sure.contains(s.lat, s.lon)
        if v == "inconsistent":
            assert not possible.contains(s.lat, s.lon)
        decided = sure.contains(s.lat, s.lon) or not possible.contains(s.lat, s.lon)
        looser += bool(decided and v == "inconclusive")
    assert seen == {"consistent", "inconsistent", "inconclusive"}
    assert looser <= 0.03 * len(points)  # only where the check's 0.5 % wider bound reaches


def test_travel_region_matches_the_travel_check():
    from datetime import datetime, timedelta

    from geoverify.checks.travel import check_travel

    start = Site(35.0, 40.0, 2000, name="A")
    t0 = datetime(2022, 1, 5, 6, tzinfo=UTC)
    t1 = t0 + timedelta(minutes=20)
    sure = travel_region(start, when_start=t0, when_end=t1, reading="sure")
    possible = travel_region(start, when_start=t0, when_end=t1)
    for s in _points_around(start, 40_000):
        v = check_travel(start, t0, s, t1).verdict
        assert (v == "consistent") == bool(sure.contains(s.lat, s.lon))
        assert (v == "inconsistent") == (not possible.contains(s.lat, s.lon))


def test_control_region_matches_the_control_check():
    from geoverify.checks.control import check_control

    layer = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"actor": "A", "valid_from": None, "valid_to": None},
         "geometry": {"type": "Polygon", "coordinates": [[[40.0, 35.0], [40.3, 35.0],
                                                          [40.3, 35.2], [40.1, 35.3],
                                                          [40.0, 35.0]]]}}]}
    when = "2022-01-05T06:00Z"
    sure = control_region("A", when, layer, reading="sure")
    possible = control_region("A", when, layer)
    for s in _points_around(Site(35.15, 40.15, 0), 30_000, n=120):
        v = check_control(s, actor="A", when=when, layers=layer).verdict
        inside_sure, inside_possible = bool(sure.contains(s.lat, s.lon)), bool(
            possible.contains(s.lat, s.lon))
        # edges are straight in lon/lat for both; the check measures in the site's frame and
        # the region in the layer's: within centimetres of the 1 km tolerance they may differ
        edge = abs(_edge_distance(layer, s) - 1000.0) < 1.0
        if not edge:
            assert (v == "consistent") == inside_sure
            assert (v == "inconsistent") == (not inside_possible)


def _edge_distance(layer, site):
    from shapely.geometry import shape

    from geoverify.checks.control import _project, _projector

    t = _projector(site)
    return float(_project(shape(layer["features"][0]["geometry"]), t).boundary.distance(
        Point(0, 0)))


@pytest.mark.parametrize("bank", ["left", "right"])
def test_bank_region_matches_the_bank_check(bank):
    from geoverify.checks.control import check_bank

    sure = bank_region(bank, reading="sure")
    possible = bank_region(bank)
    for s in _points_around(Site(35.0, 40.5, 0), 60_000, n=120):
        v = check_bank(s, bank=bank).verdict
        assert (v == "consistent") == bool(sure.contains(s.lat, s.lon))
        assert (v == "inconsistent") == (not possible.contains(s.lat, s.lon))
    # the refusal band is "cannot say": in neither sure bank, in both possible ones
    on_line = (35.0, 40.5)  # 5 m from the line
    assert not sure.contains(*on_line) and possible.contains(*on_line)
    # the polygons bracket the rule away from the band's edge and the line's bends
    la, lo = SAMPLE[:, 0] + 0.2, SAMPLE[:, 1] + 0.3
    for region in (sure, possible):
        exact = region.contains(la, lo)
        outer = np.array([region.geometry.covers(Point(x, y)) for y, x in zip(la, lo,
                                                                               strict=True)])
        inner = np.array([region.inner_geometry.covers(Point(x, y))
                          for y, x in zip(la, lo, strict=True)])
        edge = _near_edge(region, la, lo)
        assert not (exact & ~outer & ~edge).any() and not (inner & ~exact & ~edge).any()
        assert (inner == exact).mean() > 0.95


# ----------------------------------------------------------------------------------------------
# the Conoco question (issue 9), on the gazetteer's sourced rows


def test_conoco_launch_villages_by_direction_and_reach():
    conoco = Site(35.33611, 40.30944, 4000, name="Conoco field")
    deir = Site(35.33588, 40.14084, 5000, name="Deir ez-Zor")
    reach = reach_region(conoco, "107 mm")
    ne = [p["name"] for p in direction_region(deir, "north-east", max_m=20_000).places(
        limit=50)]  # the ±5 km city grows the sector: the villages beside it are in
    in_reach = [p["name"] for p in reach.places(limit=100)]
    assert {"al-Husayniyah", "al-Salihiyah"} <= set(ne)
    assert not {"al-Husayniyah", "al-Salihiyah"} & set(in_reach)
    ese = [p["name"] for p in (reach & direction_region(deir, "east-south-east")).places(
        limit=50)]
    assert {"Khasham", "Mazloum", "Marrat"} <= set(ese)
    # a 60 mm mortar (3.49 km) from the Conoco field cannot reach anywhere west of the city
    mortar = reach_region(conoco, "M224")
    north_west = direction_region(deir, "north-west", max_m=9_000)
    wide = site_region(deir.with_uncertainty(40_000))
    conflict = find_conflict([wide, mortar, north_west])
    assert conflict is not None and [r.id for r in conflict] == [mortar.id, north_west.id]
    assert find_conflict([wide, reach, ne_region := direction_region(deir, "north-east")]) is None
    assert not intersect_all([wide, reach, ne_region]).is_empty


def test_places_are_inside_nearest_first_with_geographiclib_distances():
    quriyah = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
    region = site_region(quriyah.with_uncertainty(6000))
    places = region.places(limit=10)
    assert places[0]["name"] == "al-Quriyah" and places[0]["curated"]
    assert places[0]["id"] == "al-quriyah"
    centre = region.centre
    dists = [p["distance_m"] for p in places]
    assert dists == sorted(dists)
    for p in places:
        ref = G.Inverse(centre[0], centre[1], p["lat"], p["lon"])["s12"]
        assert p["distance_m"] == pytest.approx(ref, abs=1e-3)
        assert G.Inverse(quriyah.lat, quriyah.lon, p["lat"], p["lon"])["s12"] <= 6000.0
    names = [p["name"] for p in places]
    assert "al-Tayyana" in names  # theatre row 34.97839, 40.54149 (GeoNames 163279), 2.4 km
    assert len(names) == len(set(zip(names, [round(p["lat"], 3) for p in places], strict=True)))


# ----------------------------------------------------------------------------------------------
# the value itself


def test_region_value_ids_bounds_extent_and_geojson():
    a = site_region(Site(0.0, 179.95, 20_000, name="Dateline"))
    south, west, north, east = a.bounds
    assert west > east  # across the antimeridian
    assert west == pytest.approx(179.95 - 0.1797, abs=1e-3) and south == pytest.approx(
        -0.1809, abs=1e-3)
    width, height = a.extent_m
    assert width == pytest.approx(40_000, abs=5) and height == pytest.approx(40_000, abs=5)
    feature = a.to_geojson()
    assert feature["type"] == "Feature" and feature["properties"]["id"] == "site:dateline"
    assert feature["geometry"]["type"] == "MultiPolygon"
    b = reach_region(Site(0.0, 179.9, 0, name="T"), "M224")
    both = intersect_all([a, b], id="both")
    assert both.statements == ("site:dateline", "reach:t:m224-60mm") and both.id == "both"
    lat, lon = both.representative_point()
    assert both.contains(lat, lon)
    polar = site_region(Site(89.9, 10.0, 50_000))
    assert polar.bounds[1:4:2] == (-180.0, 180.0) and polar.bounds[2] == 90.0


def test_bad_input_is_a_clear_error():
    with pytest.raises(RegionError, match="reading"):
        relation_region(Site(0, 0, 0), reading="maybe")
    with pytest.raises(RegionError, match="unknown bank"):
        bank_region("middle")
    with pytest.raises(RegionError, match="duration"):
        travel_region(Site(0, 0, 0))
    with pytest.raises(RegionError, match="unknown weapon"):
        reach_region(Site(0, 0, 0), "Katysha")
    with pytest.raises(RegionError, match="combine with regions"):
        site_region(Site(0, 0, 10)) & "x"  # type: ignore[operator]
    with pytest.raises(RegionError, match="limit"):
        site_region(Site(0, 0, 10)).places(limit=0)


def test_readme_region_and_graded_examples_run_as_written():
    """The README's ``pycon`` examples (regions, graded answers) are doctests."""
    import doctest
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", text, re.S)
    assert len(blocks) >= 2
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict = {}
    for i, block in enumerate(blocks):  # one session: later blocks use the earlier names
        test = parser.get_doctest(block, globs, f"README pycon {i}", "README.md", 0)
        runner.run(test, clear_globs=False)
        globs = test.globs
    assert runner.failures == 0


def test_shadow_regions_wrap_the_shadow_check_grid():
    from geoverify.checks.shadow import ShadowMeasurement, shadow_region
    from geoverify.regions import shadow_region_of

    m = ShadowMeasurement(azimuth_deg=330.7, azimuth_error_deg=2.0, length_ratio=2.0,
                          length_ratio_error=0.1)
    grid = shadow_region(m, "2022-01-05T09:30 Asia/Damascus", bbox=(33, 38, 37, 42),
                         cell_deg=0.1)
    fits, band = shadow_region_of(grid, reading="sure"), shadow_region_of(grid)
    assert fits.area_km2 <= band.area_km2 and not fits.is_empty
    lat = grid.lats.ravel()
    lon = grid.lons.ravel()
    state = grid.states.ravel()
    # each cell centre: in the fit where the grid says it fits, in the band where it may
    assert (fits.contains(lat, lon) == (state == 2)).all()
    assert (band.contains(lat, lon) == (state >= 1)).all()
    assert fits.id.startswith("shadow:2022-01-05T09:30")


def test_an_open_distance_band_is_everything_beyond_its_lower_limit():
    # mutation survivor (issue 12): "more than 10 km from X" reads at least 9.5 km (the
    # stated-distance table: at least stated x (1 - 5 %)), with no upper limit
    x = Site(35.0, 40.0, 0.0, name="X")
    region = distance_region(x, 10_000, qualifier="more than")
    for azimuth in (0.0, 135.0, 270.0):
        for metres, inside in ((9_400.0, False), (9_600.0, True), (500_000.0, True)):
            p = G.Direct(35.0, 40.0, azimuth, metres)
            assert region.contains(p["lat2"], p["lon2"]) is inside, (azimuth, metres)
    assert not region.contains(35.0, 40.0)


def test_in_a_place_drawn_as_an_area_is_that_area():
    # mutation survivor (issue 12): a strip 0.2 degrees of longitude by 0.01 of latitude (about
    # 18 km by 1.1 km): "in" it is the strip itself, not a disc about its centre
    from geoverify.sites import area_site

    strip = area_site([(35.0, 40.0), (35.0, 40.2), (35.01, 40.2), (35.01, 40.0)], name="strip")
    region = relation_region(strip, "in")
    assert region.contains(35.005, 40.19) and region.contains(35.005, 40.01)  # both ends
    assert not region.contains(35.03, 40.1)  # 2.2 km north of the centre line: outside
    assert not region.contains(34.99, 40.1)
