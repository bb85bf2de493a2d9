"""The proximity and stated-distance checks against geographiclib distances and hand limits."""

from __future__ import annotations

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.checks.proximity import NEAR_M, PLACE_EXTENT_M, check_proximity, proximity_limits
from geoverify.checks.registry import get_check
from geoverify.checks.result import Verdict
from geoverify.errors import CheckError
from geoverify.sites import Site

G = Geodesic.WGS84
QURIYAH = Site(34.95629, 40.54139, 1500, name="al-Quriyah")


def at(site, azimuth, distance_m, radius=0.0):
    g = G.Direct(site.lat, site.lon, azimuth, distance_m)
    return Site(g["lat2"], g["lon2"], radius, name="s")


def test_near_a_town_consistent_inconsistent_inconclusive():
    # town "near" = 7 km; circles: 1,500 m + 300 m
    assert check_proximity(at(QURIYAH, 10, 3_000, 300), QURIYAH, place_kind="town").verdict \
        is Verdict.CONSISTENT                       # 1.2 to 4.8 km
    assert check_proximity(at(QURIYAH, 10, 9_000, 300), QURIYAH, place_kind="town").verdict \
        is Verdict.INCONSISTENT                     # 7.2 to 10.8 km
    r = check_proximity(at(QURIYAH, 10, 6_500, 300), QURIYAH, place_kind="town")
    assert r.verdict is Verdict.INCONCLUSIVE        # 4.7 to 8.3 km
    assert r.values["distance_m"] == pytest.approx(6_500, abs=1e-3)
    assert r.values["distance_min_m"] == pytest.approx(4_700, abs=1e-3)
    assert r.margin == pytest.approx(7_000 - 6_500, abs=1e-3)


def test_seed_al_omar_is_not_near_al_quriyah():
    omar = Site(35.15167, 40.57583, 0, name="al-Omar field")
    d = G.Inverse(QURIYAH.lat, QURIYAH.lon, omar.lat, omar.lon)["s12"]
    r = check_proximity(omar, QURIYAH, place_kind="town")
    assert r.verdict is Verdict.INCONSISTENT
    assert r.values["distance_m"] == pytest.approx(d, abs=1e-3)
    assert r.margin == pytest.approx(7_000 - (d - 1_500), abs=1e-3)


def test_in_and_outskirts():
    village = Site(35.0, 40.0, 0, name="V")
    assert check_proximity(village, village, relation="in", place_kind="village").verdict \
        is Verdict.CONSISTENT
    assert check_proximity(at(village, 0, 2_000), village, relation="in",
                           place_kind="village").verdict is Verdict.INCONSISTENT
    out = check_proximity(at(village, 0, 1_500, 100), village, relation="on the outskirts of",
                          place_kind="village")
    assert out.verdict is Verdict.CONSISTENT  # band 0.5 to 3 km
    assert check_proximity(village, village, relation="on the outskirts of",
                           place_kind="village").verdict is Verdict.INCONSISTENT


def test_threshold_override_and_defaults_table():
    p = Site(35.0, 40.0, 0)
    s = at(p, 90, 4_000)
    assert check_proximity(s, p, threshold_m=3_000).verdict is Verdict.INCONSISTENT
    assert check_proximity(s, p, threshold_m=5_000).verdict is Verdict.CONSISTENT
    assert proximity_limits("near") == ("near", 0.0, NEAR_M["default"])
    assert proximity_limits("at", "city") == ("in", 0.0, PLACE_EXTENT_M["city"])
    assert proximity_limits("near", "PPLA2")[2] == NEAR_M["town"]
    assert proximity_limits("near", "oil field")[2] == NEAR_M["field"]


def test_bad_input_and_registration():
    s = Site(35.0, 40.0, 0)
    with pytest.raises(CheckError, match="relation"):
        check_proximity(s, s, relation="beside the sea")
    with pytest.raises(CheckError, match="place kind"):
        check_proximity(s, s, place_kind="planet")
    with pytest.raises(CheckError):
        check_proximity(s, s, threshold_m=-1)
    assert get_check("proximity").site_params == ("site", "place")


def test_zero_threshold_and_coincident_sites_do_not_crash():
    p = Site(35.0, 40.0, 0, name="P")
    r = check_proximity(p, p, relation="at", threshold_m=0)
    assert r.verdict is Verdict.CONSISTENT and r.values["distance_m"] == 0.0
    assert "range_ring" not in {f.role for f in r.features}  # an empty ring is not drawn
