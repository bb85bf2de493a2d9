"""The direction check against geographiclib azimuths and the tangent half-angle by hand."""

from __future__ import annotations

import math

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.checks.direction import check_direction
from geoverify.checks.registry import get_check
from geoverify.checks.result import Verdict
from geoverify.errors import CheckError
from geoverify.sites import Site

G = Geodesic.WGS84
DEIR = Site(35.33588, 40.14084, 2000, name="Deir ez-Zor")
CONOCO = Site(35.33611, 40.30944, 3000, name="Conoco field")


def at(site, azimuth, distance_m, radius=0.0):
    g = G.Direct(site.lat, site.lon, azimuth, distance_m)
    return Site(g["lat2"], g["lon2"], radius, name="s")


def test_conoco_is_east_not_north_east_of_deir_ez_zor():
    ref = G.Inverse(DEIR.lat, DEIR.lon, CONOCO.lat, CONOCO.lon)
    # hand: tangent half-angle of the two radii seen from 15.3 km
    half = math.degrees(math.asin((2000 + 3000) / ref["s12"]))
    ne = check_direction(CONOCO, DEIR, direction="north-east")
    assert ne.values["azimuth_deg"] == pytest.approx(ref["azi1"] % 360, abs=1e-6)
    assert ne.values["azimuth_spread_deg"] == pytest.approx(half, rel=0.01)
    assert ne.values["sector_half_width_deg"] == 22.5
    assert ne.verdict is Verdict.INCONSISTENT  # 90° ± 19° never reaches 45° ± 22.5°
    east = check_direction(CONOCO, DEIR, direction="east")  # a 4-point word: ±45°
    assert east.values["sector_half_width_deg"] == 45.0
    assert east.verdict is Verdict.CONSISTENT
    assert east.margin == pytest.approx(45 - abs(ref["azi1"] - 90) - half, abs=0.2)
    assert east.margin_unit == "deg"


@pytest.mark.parametrize(("azimuth", "expected"), [
    (40.0, Verdict.CONSISTENT),     # 40 ± 2.9 inside 22.5..67.5
    (66.0, Verdict.INCONCLUSIVE),   # 66 ± 2.9 straddles 67.5
    (75.0, Verdict.INCONSISTENT),   # 75 - 2.9 > 67.5
])
def test_paths_near_the_sector_edge(azimuth, expected):
    ref = Site(35.0, 40.0, 0, name="X")
    site = at(ref, azimuth, 10_000.0, radius=500.0)  # asin(500/10000) = 2.87°
    r = check_direction(site, ref, direction="NE")
    assert r.verdict is expected
    assert r.values["azimuth_spread_deg"] == pytest.approx(2.866, abs=0.05)


def test_arabic_word_and_numeric_direction():
    ref = Site(35.0, 40.0, 0)
    site = at(ref, 45.0, 10_000.0, radius=100.0)
    assert check_direction(site, ref, direction="شمال شرق").verdict is Verdict.CONSISTENT
    assert check_direction(site, ref, direction=50.0, half_width_deg=10).verdict \
        is Verdict.CONSISTENT
    assert check_direction(site, ref, direction=55.0, half_width_deg=10).verdict \
        is Verdict.INCONCLUSIVE
    assert check_direction(site, ref, direction="225").verdict is Verdict.INCONSISTENT
    assert check_direction(site, ref, direction="from the north-east").verdict \
        is Verdict.CONSISTENT
    assert check_direction(site, ref, direction=60.0, half_width_deg=10).verdict \
        is Verdict.INCONSISTENT


def test_overlapping_circles_any_bearing_is_inconclusive():
    ref = Site(35.0, 40.0, 3000)
    site = at(ref, 45.0, 4_000.0, radius=2000.0)
    r = check_direction(site, ref, direction="NE")
    assert r.verdict is Verdict.INCONCLUSIVE and r.values["azimuth_spread_deg"] == 180.0
    coincident = check_direction(ref, ref, direction="N")
    assert coincident.verdict is Verdict.INCONCLUSIVE


def test_distance_condition():
    ref = Site(35.0, 40.0, 0)
    far = at(ref, 45.0, 30_000.0, radius=100.0)
    r = check_direction(far, ref, direction="NE", max_m=20_000)
    assert r.values["direction_verdict"] == "consistent"
    assert r.values["distance_verdict"] == "inconsistent" and r.verdict is Verdict.INCONSISTENT
    ok = check_direction(far, ref, direction="NE", max_m=40_000, min_m=10_000)
    assert ok.verdict is Verdict.CONSISTENT
    edge = check_direction(far, ref, direction="NE", max_m=30_050)
    assert edge.verdict is Verdict.INCONCLUSIVE  # 29.9 to 30.1 km against 30.05 km


def test_antimeridian_east():
    ref = Site(10.0, 179.95, 0)
    site = Site(10.0, -179.95, 0)
    r = check_direction(site, ref, direction="E")
    assert r.values["azimuth_deg"] == pytest.approx(G.Inverse(10, 179.95, 10, -179.95)["azi1"],
                                                    abs=1e-6)
    assert r.verdict is Verdict.CONSISTENT


def test_bad_input_and_registration():
    s = Site(35.0, 40.0, 0)
    with pytest.raises(CheckError):
        check_direction(s, s, direction="upwards")
    with pytest.raises(CheckError):
        check_direction(s, s, direction="N", half_width_deg=0)
    with pytest.raises(CheckError):
        check_direction(s, s, direction="N", min_m=10, max_m=5)
    assert get_check("direction").site_params == ("site", "reference")


def test_sector_feature_holds_the_claimed_bearings():
    from shapely.geometry import Point

    ref = Site(35.0, 40.0, 0, name="X")
    site = at(ref, 45.0, 10_000.0, radius=100.0)
    r = check_direction(site, ref, direction="NE")
    sector = next(f for f in r.features if f.role == "sector").geometry
    assert sector.contains(Point(site.lon, site.lat))
    west = at(ref, 270.0, 5_000.0)
    assert not sector.contains(Point(west.lon, west.lat))
