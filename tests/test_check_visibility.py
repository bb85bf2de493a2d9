"""The visibility check against the horizon formula computed by hand."""

from __future__ import annotations

import math

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.checks.registry import get_check
from geoverify.checks.result import Verdict
from geoverify.checks.visibility import check_visibility, horizon_distance
from geoverify.errors import CheckError
from geoverify.sites import Site

G = Geodesic.WGS84
R = 6371008.8


def hand(h, k=0.13):
    r_eff = R / (1 - k)
    return math.sqrt(2 * r_eff * h + h * h)


def at(site, azimuth, distance_m, radius=0.0):
    g = G.Direct(site.lat, site.lon, azimuth, distance_m)
    return Site(g["lat2"], g["lon2"], radius)


def test_horizon_by_hand():
    assert horizon_distance(1.7, refraction_k=0.0) == pytest.approx(4654.2, abs=0.1)
    assert horizon_distance(100.0) == pytest.approx(hand(100.0), rel=1e-12)
    assert horizon_distance(0.0) == 0.0


@pytest.mark.parametrize(("distance", "radius", "expected"), [
    (15_000.0, 500.0, Verdict.CONSISTENT),
    (20_000.0, 500.0, Verdict.INCONSISTENT),
    (17_300.0, 500.0, Verdict.INCONCLUSIVE),
])
def test_paths(distance, radius, expected):
    obs = Site(35.0, 40.0, 0, name="observer")
    limit = hand(2.0) + hand(10.0)  # 17.51 km
    r = check_visibility(obs, at(obs, 60, distance, radius), observer_height_m=2,
                         target_height_m=10)
    assert r.values["max_visible_m"] == pytest.approx(limit, rel=1e-12)
    assert r.verdict is expected
    if expected is not Verdict.INCONCLUSIVE:
        edge = distance + radius if expected is Verdict.CONSISTENT else distance - radius
        assert r.margin == pytest.approx(limit - edge, abs=1e-3)


def test_no_refraction_and_coincident_sites():
    obs = Site(35.0, 40.0, 0)
    target = at(obs, 0, 10_500.0)
    assert check_visibility(obs, target, observer_height_m=2, target_height_m=2).verdict \
        is Verdict.CONSISTENT                       # 2 x 5.41 km with k = 0.13
    assert check_visibility(obs, target, observer_height_m=2, target_height_m=2,
                            refraction_k=0.0).verdict is Verdict.INCONSISTENT  # 2 x 5.05 km
    assert check_visibility(obs, obs, observer_height_m=0, target_height_m=0).verdict \
        is Verdict.CONSISTENT


def test_bad_input_and_registration():
    s = Site(35.0, 40.0, 0)
    with pytest.raises(CheckError):
        check_visibility(s, s, observer_height_m=-2, target_height_m=1)
    with pytest.raises(CheckError):
        check_visibility(s, s, observer_height_m=2, target_height_m=1, refraction_k=1.0)
    with pytest.raises(CheckError):
        check_visibility(s, s, observer_height_m="tall", target_height_m=1)  # type: ignore[arg-type]
    assert get_check("visibility").site_params == ("observer", "target")
