"""Review R1: regression tests for confident wrong verdicts, each named for the bug it pins.

References are independent: geographiclib (Karney) for distances, bearings and destinations,
and hand computation; never the library's own output.
"""

from __future__ import annotations

import textwrap

import pytest
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point

from geoverify.casefile import loads_case
from geoverify.checks import (
    check_control,
    check_direction,
    check_proximity,
    check_range,
    check_stated_distance,
    check_travel,
)
from geoverify.checks._support import interval_verdict
from geoverify.checks.result import Verdict
from geoverify.sites import Site, area_site, relative_site
from geoverify.times import TimeInterval, parse_time
from geoverify.verify import plan_checks, verify

WGS84 = Geodesic.WGS84
C, U, X = Verdict.CONSISTENT, Verdict.INCONCLUSIVE, Verdict.INCONSISTENT


def _at(lat: float, lon: float, azimuth: float, metres: float, radius: float = 0.0,
        name: str = "P") -> Site:
    g = WGS84.Direct(lat, lon, azimuth, metres)
    return Site(g["lat2"], g["lon2"], radius, name=name)


# --- bug 1: a distance that only touches a limit (rounding) flipped the verdict -------------

@pytest.mark.parametrize("azimuth", [0.0, 37.0, 90.0, 211.0, 333.0])
def test_touching_limit_by_rounding_is_not_inconsistent(azimuth):
    place = Site(35.0, 40.0, 0, name="X")
    site = _at(35.0, 40.0, azimuth, 20_000.0)  # geographiclib: exactly 20 km
    result = check_proximity(site, place, threshold_m=20_000)
    assert result.verdict == C, result.values["distance_m"] - 20_000
    assert result.margin >= 0


def test_interval_verdict_absorbs_float_noise_only():
    assert interval_verdict(20_000.0000000008, 20_000.0000000008, 0, 20_000)[0] == C
    assert interval_verdict(19_000.0, 20_000.0000000008, 0, 20_000)[0] == C
    assert interval_verdict(20_000.0000000008, 21_000, 0, 20_000)[0] == U
    # a real excess of a millimetre is still an excess
    assert interval_verdict(20_000.001, 20_000.001, 0, 20_000)[0] == X
    assert interval_verdict(4_999.99999999999, 6_000, 5_000, 7_000)[0] == C


def test_range_at_exactly_the_maximum_is_consistent():
    launch = Site(35.0, 40.0, 0, name="L")
    target = _at(35.0, 40.0, 123.0, 8_050.0, name="T")  # the 107 mm figure, 8.05 km
    result = check_range(launch, target, weapon="107mm-type63")
    assert result.values["weapons"][0]["verdict"] == "consistent"
    assert result.verdict == C and result.margin == pytest.approx(0.0, abs=1e-6)


def test_travel_touching_the_speed_limit_is_consistent():
    a = Site(35.0, 40.0, 0, name="A")
    b = _at(35.0, 40.0, 90.0, 90_000.0 / 1.4, name="B")  # route 90 km at the route factor
    t0 = parse_time("2022-01-05T06:00+03:00")
    t1 = parse_time("2022-01-05T07:00+03:00")
    result = check_travel(a, t0, b, t1, mode="road_vehicle")  # 90 km/h
    assert result.verdict == C


def test_direction_on_the_sector_edge_is_inconclusive_never_inconsistent():
    ref = Site(35.0, 40.0, 0, name="R")
    site = _at(35.0, 40.0, 67.5, 10_000.0)  # the edge of north-east (45 +- 22.5)
    # two points: the bearing bound is still widened by the documented 1e-6 degrees
    # (geoverify.geodesy.azimuth_range), so a bearing on the edge straddles it
    on_edge = check_direction(site, ref, direction="north-east")
    assert on_edge.verdict == U and on_edge.margin == pytest.approx(0.0, abs=1e-9)
    # a hundredth of a degree inside the edge is inside, a hundredth past it outside
    inside = check_direction(_at(35.0, 40.0, 67.49, 10_000.0), ref, direction="north-east")
    past = check_direction(_at(35.0, 40.0, 67.51, 10_000.0), ref, direction="north-east")
    assert (inside.verdict, past.verdict) == (C, X)
    # and wrap-around through north: 350 deg is north, not inconsistent with it
    assert check_direction(_at(35.0, 40.0, 350.0, 10_000.0), ref, direction="north").verdict == C
    assert check_direction(_at(35.0, 40.0, 350.0, 10_000.0), ref,
                           direction="from the north").verdict == C


# --- bug 2: an actor the layers do not map at that date was "inconsistent" ------------------

LAYER = {"type": "FeatureCollection", "features": [{"type": "Feature",
         "properties": {"actor": "SDF", "valid_from": "2019-03-23", "valid_to": None},
         "geometry": {"type": "Polygon", "coordinates": [[[40.45, 35.0], [40.73, 35.0],
                      [40.73, 35.5], [40.45, 35.5], [40.45, 35.0]]]}}]}
WHEN = "2022-01-05T06:00+03:00"


def test_unmapped_actor_outside_every_area_is_inconclusive():
    far_away = Site(34.5, 40.0, 100, name="far")  # 60 km outside the only (SDF) area
    result = check_control(far_away, actor="ISIS", when=WHEN, layers=LAYER)
    assert result.verdict == U
    assert result.values["actor_mapped_at_time"] is False
    assert "map no area" in result.explanation


def test_unmapped_actor_inside_another_actors_area_is_inconsistent():
    # 40.60 E is 0.13 deg of longitude from the 40.73 edge: about 11.8 km, well over 1 km
    inside = Site(35.25, 40.60, 100, name="inside")
    result = check_control(inside, actor="ISIS", when=WHEN, layers=LAYER)
    assert result.verdict == X
    # the mapped actor itself, far outside its area, stays inconsistent
    assert check_control(Site(34.5, 40.0, 100), actor="SDF", when=WHEN,
                         layers=LAYER).verdict == X


# --- bug 3: an area site's area was counted twice in the control check ---------------------

def test_area_site_in_control_is_not_buffered_by_its_own_extent():
    box = area_site([(35.2, 40.60), (35.2, 40.70), (35.3, 40.70), (35.3, 40.60)], name="box")
    # hand/geographiclib: the box's east edge (40.70) is 0.03 deg of longitude from the layer's
    # east edge (40.73) at 35.2-35.3 N, about 2.7 km; the box reaches 7.4 km from its centre
    gap = WGS84.Inverse(35.3, 40.70, 35.3, 40.73)["s12"]
    assert 2_700 < gap < 2_800
    assert box.uncertainty_m > 7_000
    result = check_control(box, actor="SDF", when=WHEN, layers=LAYER)
    assert result.verdict == C  # was inconclusive: the box grown by 7.4 km straddled the edge
    assert result.values["clearance_inside_m"] == pytest.approx(gap, rel=0.01)


def test_area_site_vertex_error_still_counts_in_control():
    box = area_site([(35.2, 40.60), (35.2, 40.70), (35.3, 40.70), (35.3, 40.60)], name="box",
                    uncertainty_m=2_000)
    gap = WGS84.Inverse(35.3, 40.70, 35.3, 40.73)["s12"]
    result = check_control(box, actor="SDF", when=WHEN, layers=LAYER)
    assert result.verdict == U  # 2.7 km - 2 km of vertex error < 1 km tolerance
    assert result.values["clearance_inside_m"] == pytest.approx(gap - 2_000, abs=60)


# --- bug 4: "north-east of X" left out the ground X's own uncertainty allows ----------------

def test_sector_area_includes_the_base_uncertainty_behind_the_apex():
    base = Site(35.25, 40.72, 3_000, name="X")
    site = relative_site(base, "sector", direction="north-east", within_m=20_000)
    # the true X may be 2.5 km south-west of its point; north-east of it starts there
    behind = WGS84.Direct(base.lat, base.lon, 225.0, 2_500.0)
    beside = WGS84.Direct(base.lat, base.lon, 135.0, 2_500.0)
    along = WGS84.Direct(base.lat, base.lon, 45.0, 22_900.0)
    outside = WGS84.Direct(base.lat, base.lon, 225.0, 3_500.0)
    for g in (behind, beside, along):
        assert site.area.contains(Point(g["lon2"], g["lat2"]))
    assert not site.area.contains(Point(outside["lon2"], outside["lat2"]))
    # the circle about the point still holds the whole area
    for lon, lat in site.area.exterior.coords:
        assert WGS84.Inverse(site.lat, site.lon, lat, lon)["s12"] <= site.uncertainty_m + 5


# --- bug 5: a reporter's word excluded a weapon whose family sibling reaches ----------------

@pytest.mark.parametrize(("word", "km", "sibling"), [
    ("122 mm", 30, "122mm-chinese-er"),  # 9M22U 20 km; the extended-range 122 mm 40 km
    ("Katyusha", 25, "122mm-chinese-er"),
    ("M777", 28, "m777-rap"),  # standard HE 24.7 km; rocket-assisted 30 km
    ("GMLRS", 75, "er-gmlrs"),  # M31 70 km; ER-GMLRS 150 km
])
def test_word_with_a_reaching_family_sibling_is_not_excluded(word, km, sibling):
    launch = Site(35.0, 40.0, 0, name="L")
    target = _at(35.0, 40.0, 10.0, km * 1000.0, name="T")
    result = check_range(launch, target, weapon=word)
    assert result.verdict == U
    assert sibling in result.values["family_sibling_reaches"]
    assert "same family" in result.explanation


def test_exact_catalogue_id_and_far_107mm_stay_inconsistent():
    launch = Site(35.0, 40.0, 0, name="L")
    target = _at(35.0, 40.0, 10.0, 30_000.0, name="T")
    assert check_range(launch, target, weapon="122mm-9m22u").verdict == X
    # every 107 mm row with a known range stops at 8.05 km (the Fajr-1's is unknown)
    assert check_range(launch, _at(35.0, 40.0, 10.0, 21_000.0), weapon="107 mm").verdict == X


# --- bug 6: circular clusters and proximities beyond the one-step case --------------------

CASE = """\
title: circular
sources: [{id: s, url: https://example.org}]
sites:
  town: {coordinates: "35.0, 40.0", uncertainty_m: 100}
  in-town: {relative: "in town"}
  inner: {relative: "in in-town"}
  geo-a: {coordinates: "35.004, 40.003", uncertainty_m: 50}
  geo-b: {coordinates: "34.997, 40.002", uncertainty_m: 50}
claims:
"""


def _case(claims: str):
    return loads_case(CASE + textwrap.indent(textwrap.dedent(claims), "  "), path="t.yaml")


def test_site_derived_through_a_chain_is_circular():
    case = _case("""\
      - {id: c1, claimant: a, kind: strike, site: inner, stated: [{relation: in, of: town}]}
    """)
    result = {c.id: c for c in verify(case).checks}["proximity:c1"]
    assert result.verdict == U
    assert "nothing independent" in result.explanation


def test_cluster_leaves_out_sites_derived_from_the_place():
    case = _case("""\
      - id: c1
        claimant: a
        kind: strike
        sites: [geo-a, geo-b, in-town]
        stated: [{relation: in, of: town}]
    """)
    plan = {p.id: p for p in plan_checks(case)}["cluster:c1"]
    assert plan.params["sites"] == ["geo-a", "geo-b"]
    assert "in-town" in plan.reason
    result = {c.id: c for c in verify(case).checks}["cluster:c1"]
    # geographiclib: both geolocated sites lie within 600 m of the town point (+150 m radii)
    for lat, lon in ((35.004, 40.003), (34.997, 40.002)):
        assert WGS84.Inverse(35.0, 40.0, lat, lon)["s12"] < 600
    assert result.verdict == C
    assert [row["site"] for row in result.values["sites"]] == ["geo-a", "geo-b"]


def test_stated_distance_touching_the_qualifier_band():
    a = Site(35.0, 40.0, 0, name="A")
    b = _at(35.0, 40.0, 250.0, 6_000.0, name="B")  # 'about 5 km' allows 4 to 6 km
    assert check_stated_distance(a, b, stated_m=5_000, qualifier="about").verdict == C


def test_zero_time_gap_same_place_is_not_inconsistent():
    a = Site(35.0, 40.0, 500, name="A")
    b = _at(35.0, 40.0, 90.0, 1_000.0, radius=500.0, name="B")  # circles touch
    t = TimeInterval(parse_time("2022-01-05T06:00+03:00"), parse_time("2022-01-05T06:00+03:00"))
    assert check_travel(a, t, b, t).verdict != X


# --- bug 7: a claim time written in UTC judged "morning" on the UTC clock ------------------

def test_morning_in_utc_is_judged_on_the_case_local_clock():
    pvlib = pytest.importorskip("pvlib")
    import pandas as pd

    from geoverify.checks.daylight import daylight

    # 2022-07-05 09:10 UTC at 35 N 40.5 E: 12:10 on Syria's clock (UTC+3 all year since 2022),
    # before the sun's transit (pvlib SPA): the sun says morning, the local clock afternoon
    transit = pvlib.solarposition.sun_rise_set_transit_spa(
        pd.DatetimeIndex([pd.Timestamp("2022-07-05", tz="UTC")]), 35.0, 40.5)["transit"].iloc[0]
    moment = pd.Timestamp("2022-07-05T09:10Z")
    assert moment < transit
    assert moment.tz_convert("Asia/Damascus").hour == 12
    site = Site(35.0, 40.5, 0, name="S")
    assert daylight(site, "2022-07-05T09:10Z", "morning").verdict == C  # UTC clock: 09:10
    assert daylight(site, "2022-07-05T09:10Z", "morning", zone="Asia/Damascus").verdict == U
    case = loads_case(textwrap.dedent("""\
        title: utc
        timezone: Asia/Damascus
        sources: [{id: s, url: https://example.org}]
        sites:
          s: {coordinates: "35.0, 40.5", uncertainty_m: 0}
        claims:
          - {id: c1, claimant: a, kind: strike, site: s, when: "2022-07-05T09:10Z",
             light: morning}
        """), path="t.yaml")
    result = {c.id: c for c in verify(case).checks}["daylight:c1"]
    assert result.verdict == U


# --- bug 8: a bare rounded figure ("5 km") read as +-5 % called ordinary rounding a lie -----

@pytest.mark.parametrize(("stated", "actual", "qualifier"), [
    (5_000, 5_300, ""),  # "5 km" for 5.3 km: rounding, not a contradiction
    (2_000, 2_400, ""),  # "2 km" is anything that rounds to 2 km
    (2_000, 1_600, "about"),
])
def test_rounded_figure_allows_its_rounding(stated, actual, qualifier):
    a = Site(35.0, 40.0, 0, name="A")
    b = _at(35.0, 40.0, 45.0, float(actual), name="B")
    assert check_stated_distance(a, b, stated_m=stated, qualifier=qualifier).verdict == C


def test_rounded_figure_still_excludes_beyond_its_rounding():
    a = Site(35.0, 40.0, 0, name="A")
    assert check_stated_distance(a, _at(35.0, 40.0, 45.0, 2_600.0), stated_m=2_000,
                                 qualifier="").verdict == X
    assert check_stated_distance(a, _at(35.0, 40.0, 45.0, 5_300.0), stated_m=5_000,
                                 qualifier="exactly").verdict == X


# --- bug 9: the implied travel check treated a group named as actor as one vehicle ----------

def test_group_actor_too_fast_is_inconclusive_one_unit_inconsistent():
    a = Site(35.0, 40.0, 0, name="A")
    b = _at(35.0, 40.0, 0.0, 50_000.0, name="B")  # geographiclib: 50 km due north
    t0 = parse_time("2022-01-05T07:00+02:00")
    t1 = parse_time("2022-01-05T07:20+02:00")
    # hand: 50 km in 20 min = 150 km/h > 90 km/h for a road vehicle
    one = check_travel(a, t0, b, t1)
    assert one.verdict == X and one.values["speed_min_kmh"] == pytest.approx(150.0, rel=1e-9)
    group = check_travel(a, t0, b, t1, same_unit=False)
    assert group.verdict == U and "group" in group.explanation
    case = loads_case(textwrap.dedent("""\
        title: two cells
        timezone: Asia/Damascus
        sources: [{id: s, url: https://example.org}]
        sites:
          t: {coordinates: "35.0, 40.0", uncertainty_m: 100}
          l1: {coordinates: "35.05, 40.0", uncertainty_m: 100}
          l2: {coordinates: "35.5, 40.0", uncertainty_m: 100}
        claims:
          - {id: c1, claimant: x, kind: impact, site: t, launch_site: l1, weapon: 107 mm,
             when: "2022-01-05T07:00", actor: militia}
          - {id: c2, claimant: x, kind: impact, site: t, launch_site: l2, weapon: 122 mm,
             when: "2022-01-05T07:20", actor: Militia}
        """), path="t.yaml")
    got = {c.id: c for c in verify(case).checks}
    assert got["travel:c1:c2"].verdict == U


# --- bug 10: two sites relative to one base counted the base's radius twice ---------------

def test_two_sites_relative_to_one_base_share_its_frame():
    case = loads_case(textwrap.dedent("""\
        title: shared base
        sources: [{id: s, url: https://example.org}]
        sites:
          x: {coordinates: "35.0, 40.0", uncertainty_m: 5000}
          east: {relative: "exactly 5 km east of x"}
          west: {relative: "exactly 5 km west of x"}
        claims:
          - {id: c1, claimant: a, kind: strike, site: east,
             stated: [{relation: distance, of: west, distance_km: 10, qualifier: about}]}
        """), path="t.yaml")
    result = {c.id: c for c in verify(case).checks}["stated_distance:c1"]
    # hand: 'exactly 5 km' is 4.75 to 5.25 km within +-45 deg (4-point word "east"); the
    # farthest corner is sqrt(5.25^2 + 5^2 - 2 x 5.25 x 5 cos 45) = 3.93 km from the point.
    # With x's 5 km counted on top (twice) the bounds ran from 0 to about 28 km; in x's
    # frame they are 10 km +- 2 x 3.93 km
    d = WGS84.Inverse(*[WGS84.Direct(35.0, 40.0, az, 5_000.0)[k] for az in (90.0, 270.0)
                        for k in ("lat2", "lon2")])["s12"]
    assert d == pytest.approx(10_000, rel=1e-3)
    assert result.values["distance_max_m"] < d + 2 * 3_950
    assert result.values["distance_min_m"] > d - 2 * 3_950


# --- bug 11: the bank check ignored an area site's extent beyond its radius ----------------

def test_bank_refuses_for_an_area_that_reaches_the_river():
    from geoverify.checks import check_bank

    # al-Omar field's point is on the left bank, 13.5 km from the generalised line; an area
    # drawn from it 20 km west (geographiclib) reaches across the river; a small radius on
    # the Site must not hide that
    omar = Site(35.15167, 40.57583, 0, name="al-Omar")
    assert check_bank(omar, bank="left").verdict == C
    west = WGS84.Direct(35.15167, 40.57583, 270.0, 20_000.0)
    poly = area_site([(35.14, 40.57), (35.16, 40.57), (35.16, west["lon2"]),
                      (35.14, west["lon2"])], name="strip")
    strip = Site(omar.lat, omar.lon, 100, name="strip", method="area", area=poly.area)
    assert check_bank(strip, bank="left").verdict == U


# --- bug 12: "in X" for an area measured the distance to its centroid, not containment -----

def test_in_an_area_is_containment():
    box = area_site([(35.0, 40.0), (35.0, 40.3), (35.2, 40.3), (35.2, 40.0)], name="enclave")
    # hand: (35.19, 40.29) is 0.01 deg of longitude (911 m at 35.2 N, geographiclib) from
    # the east edge, minus its 100 m radius
    east = WGS84.Inverse(35.19, 40.29, 35.19, 40.30)["s12"]
    corner = check_proximity(Site(35.19, 40.29, 100, name="c"), box, relation="in")
    assert corner.verdict == C  # was inconclusive: 15 km from the centroid > 2 km "in"
    assert corner.margin == pytest.approx(east - 100, abs=15)
    # 0.1 deg north of the north edge: 11.1 km outside (geographiclib), minus 100 m
    north = WGS84.Inverse(35.2, 40.15, 35.3, 40.15)["s12"]
    outside = check_proximity(Site(35.3, 40.15, 100, name="n"), box, relation="in")
    assert outside.verdict == X and outside.margin == pytest.approx(-(north - 100), abs=15)
    assert check_proximity(Site(35.1, 40.15, 12_000), box, relation="in").verdict == U


def test_site_from_text_refuses_a_non_text_with_a_geoverify_error():
    from geoverify.errors import GeoverifyError
    from geoverify.locate import site_from_text

    with pytest.raises(GeoverifyError, match="not None"):
        site_from_text(None)  # type: ignore[arg-type]


def test_relative_distance_beyond_half_the_earth_is_refused():
    from geoverify.errors import GeoverifyError
    from geoverify.sites import Site, relative_site

    base = Site(35.0, 40.0, 1000, name="b")
    with pytest.raises(GeoverifyError, match="half the Earth"):
        relative_site(base, "offset", distance_m=30_000_000, direction="east")
    with pytest.raises(GeoverifyError, match="'within'"):
        relative_site(base, "sector", direction="north-east", within_m=3e7)
