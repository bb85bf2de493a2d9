"""The stated-distance check against geographiclib distances and the documented tolerances."""

from __future__ import annotations

import math

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.checks.registry import get_check
from geoverify.checks.result import Verdict
from geoverify.checks.stated_distance import check_stated_distance, stated_limits
from geoverify.errors import CheckError
from geoverify.sites import Site

G = Geodesic.WGS84


def pair(distance_m, ra=0.0, rb=0.0):
    a = Site(35.0, 40.5, ra, name="Green Village")
    g = G.Direct(a.lat, a.lon, 210.0, distance_m)
    return a, Site(g["lat2"], g["lon2"], rb, name="launch point")


def test_about_5_km_paths():
    # CENTCOM 2022-09-18: launch point "about 5 kilometers" from Green Village
    a, b = pair(5_300.0, 100, 100)
    r = check_stated_distance(a, b, stated_m=5_000)
    assert r.verdict is Verdict.CONSISTENT  # 5.1 to 5.5 km within 4 to 6 km
    assert r.values["distance_m"] == pytest.approx(5_300.0, abs=1e-3)
    assert r.margin == pytest.approx(6_000 - 5_500, abs=1e-3)
    assert "4 to 6 km" in r.explanation
    assert check_stated_distance(*pair(9_000.0, 100, 100), stated_m=5_000).verdict \
        is Verdict.INCONSISTENT
    wide = check_stated_distance(*pair(5_000.0, 1_500, 0), stated_m=5_000)
    assert wide.verdict is Verdict.INCONCLUSIVE  # 3.5 to 6.5 km straddles both limits


def test_tolerance_and_qualifiers():
    a, b = pair(5_300.0)
    assert check_stated_distance(a, b, stated_m=5_000, tolerance=0.05).verdict \
        is Verdict.INCONSISTENT
    assert check_stated_distance(a, b, stated_m=5_000, qualifier="exactly").verdict \
        is Verdict.INCONSISTENT
    assert check_stated_distance(a, b, stated_m=3_000, qualifier="more than").verdict \
        is Verdict.CONSISTENT
    assert check_stated_distance(a, b, stated_m=3_000, qualifier="less than").verdict \
        is Verdict.INCONSISTENT
    assert stated_limits(10_000, "within") == (0.0, pytest.approx(10_500.0), 0.05)
    lo, hi, tol = stated_limits(10_000, "over")
    assert lo == pytest.approx(9_500.0) and math.isinf(hi)


def test_bad_input_and_registration():
    a, b = pair(1_000.0)
    with pytest.raises(CheckError):
        check_stated_distance(a, b, stated_m=-5)
    with pytest.raises(CheckError):
        check_stated_distance(a, b, stated_m=5_000, qualifier="a stone's throw")
    with pytest.raises(CheckError):
        check_stated_distance(a, b, stated_m=5_000, tolerance=2)
    assert get_check("stated_distance").site_params == ("a", "b")
