"""The range check against geographiclib distances and the catalogue's figures (seed numbers)."""

from __future__ import annotations

import json

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.checks.range import check_range
from geoverify.checks.registry import get_check
from geoverify.checks.result import Verdict
from geoverify.errors import CheckError
from geoverify.sites import Site
from geoverify.weapons import get_weapon

G = Geodesic.WGS84
QURIYAH = Site(34.95629, 40.54139, 1500, name="al-Quriyah")  # GeoNames 173327, town ±1.5 km
OMAR = Site(35.15167, 40.57583, 0, name="al-Omar field")  # WP infobox point


def at(site: Site, azimuth: float, distance_m: float, radius: float = 0.0, name: str = "t"):
    """A site ``distance_m`` from ``site`` along ``azimuth`` (geographiclib Direct)."""
    g = G.Direct(site.lat, site.lon, azimuth, distance_m)
    return Site(g["lat2"], g["lon2"], radius, name=name)


def test_seed_107mm_cannot_reach_al_omar_from_al_quriyah():
    ref = G.Inverse(QURIYAH.lat, QURIYAH.lon, OMAR.lat, OMAR.lon)
    r = check_range(QURIYAH, OMAR, weapon="107 mm")
    assert r.kind == "range" and r.verdict is Verdict.INCONSISTENT
    assert r.values["distance_m"] == pytest.approx(ref["s12"], abs=1e-3)
    assert 21_500 < ref["s12"] < 22_500  # "~22 km" in the facts
    assert r.values["distance_min_m"] == pytest.approx(ref["s12"] - 1500, abs=1e-3)
    assert r.values["distance_max_m"] == pytest.approx(ref["s12"] + 1500, abs=1e-3)
    assert r.values["azimuth_deg"] == pytest.approx(ref["azi1"] % 360, abs=1e-6)
    # margin: the nearest possible distance minus 8,050 m, negative
    assert r.margin == pytest.approx(8050 - (ref["s12"] - 1500), abs=1e-3)
    assert "8.05 km" in r.explanation and "unverified" in r.explanation
    assert "20.4 to 23.4 km" in r.explanation
    assert r.explanation.count(".") >= 1 and "\n" not in r.explanation
    json.dumps(r.to_dict())


def test_107mm_within_range_is_consistent_with_tight_margin():
    target = Site(35.0, 40.5, 0, name="Green Village")
    launch = at(target, 20.0, 7_500.0, radius=500.0, name="launch")
    r = check_range(launch, target, weapon="107mm")
    assert r.verdict is Verdict.CONSISTENT
    assert r.margin == pytest.approx(8050 - 8000, abs=1e-3)
    assert r.explanation == ("The launch point (launch) is 7 to 8 km from Green Village; a 107 mm "
                             "rocket (Type 63 family) reaches at most 8.05 km (unverified figure): "
                             "consistent, with no margin to spare.")
    roomy = check_range(at(target, 20.0, 5_000.0), target, weapon="107mm")
    assert roomy.verdict is Verdict.CONSISTENT and "3.05 km to spare" in roomy.explanation


def test_uncertainty_straddling_the_maximum_is_inconclusive():
    target = Site(35.0, 40.5, 400, name="T")
    launch = at(target, 200.0, 7_900.0, radius=400.0)
    r = check_range(launch, target, weapon=get_weapon("107mm-type63"))
    assert r.verdict is Verdict.INCONCLUSIVE
    assert r.values["distance_min_m"] < 8050 < r.values["distance_max_m"]


@pytest.mark.parametrize(("d", "verdict"), [
    (7_700.0, Verdict.INCONCLUSIVE),   # 7.3 to 8.1 km straddles 8.05 km (7.7 km alone fits)
    (8_300.0, Verdict.INCONCLUSIVE),   # 7.9 to 8.7 km straddles it (8.3 km alone is beyond)
    (7_600.0, Verdict.CONSISTENT),     # 7.2 to 8.0 km: within reach
    (8_500.0, Verdict.INCONSISTENT),   # 8.1 to 8.9 km: beyond
])
def test_the_targets_radius_counts_as_much_as_the_launch_sites(d, verdict):
    # regression (issue 12): a range check that ignored the target's radius answered
    # consistent at 7.7 km and inconsistent at 8.3 km, with a 400 m target radius
    launch = Site(35.0, 40.5, 0, name="L")
    target = at(launch, 63.0, d, radius=400.0, name="T")
    r = check_range(launch, target, weapon="107mm-type63")
    assert r.verdict is verdict
    assert r.values["distance_min_m"] == pytest.approx(d - 400, abs=1e-3)
    assert r.values["distance_max_m"] == pytest.approx(d + 400, abs=1e-3)
    # the same geometry with the radius on the launch site instead: the same answer
    moved = check_range(Site(35.0, 40.5, 400.0, name="L"), at(launch, 63.0, d, name="T"),
                        weapon="107mm-type63")
    assert moved.verdict is verdict
    both = check_range(Site(35.0, 40.5, 150.0), at(launch, 63.0, d, radius=250.0),
                       weapon="107mm-type63")
    assert both.verdict is verdict and both.margin == pytest.approx(r.margin, abs=1e-6)


@pytest.mark.parametrize("azimuth", [0.0, 37.0, 90.0, 140.0, 211.0, 333.0])
def test_range_edge_with_both_radii_is_on_the_limit(azimuth):
    # regression (issue 12): 8,000 m +- 50 m (20 m + 30 m) against 8,050 m touches the limit:
    # consistent, margin 0 (an edge written hi < top made it inconclusive); the computed
    # distance differs from 8,000 m by rounding, above it along some azimuths
    launch = Site(35.0, 40.5, 20.0, name="L")
    r = check_range(launch, at(launch, azimuth, 8_000.0, radius=30.0), weapon="107mm-type63")
    assert r.verdict is Verdict.CONSISTENT and r.margin == pytest.approx(0.0, abs=1e-6)


def test_inside_minimum_range_is_inconsistent():
    target = Site(35.0, 40.5, 0)
    r = check_range(at(target, 90.0, 1_000.0), target, weapon="9M22U")
    assert r.verdict is Verdict.INCONSISTENT
    assert r.margin == pytest.approx(1_000 - 1_600, abs=1e-3)
    assert "minimum range" in r.explanation


def test_press_word_consistent_if_one_candidate_fits():
    target = Site(35.0, 40.5, 0)
    r = check_range(at(target, 0.0, 15_000.0, radius=100), target, weapon="Katyusha")
    assert r.verdict is Verdict.CONSISTENT
    assert r.values["fit"] == ["122mm-9m22u"] and r.values["excluded"] == ["107mm-type63"]
    r22 = check_range(at(target, 0.0, 22_000.0, radius=100), target, weapon="Katyusha")
    # beyond 8.05 km and 20 km, but a 122 mm rocket may be the 40 km extended-range variant
    # (review R1: no exclusion while a family sibling reaches)
    assert r22.verdict is Verdict.INCONCLUSIVE
    assert r22.values["family_sibling_reaches"] == ["122mm-chinese-er"]
    r19 = check_range(at(target, 0.0, 19_800.0, radius=500), target, weapon="Katyusha")
    assert r19.verdict is Verdict.INCONCLUSIVE  # 122 mm straddles 20 km, 107 mm excluded


def test_unknown_maximum_is_inconclusive_with_reason():
    target = Site(35.0, 40.5, 0)
    r = check_range(at(target, 0.0, 3_000.0), target, weapon="Fajr-1")
    assert r.verdict is Verdict.INCONCLUSIVE
    assert r.values["weapons"][0]["reason"] == "maximum range unknown"
    assert "unknown" in r.explanation


def test_no_weapon_lists_fit_excluded_undecided():
    target = Site(35.0, 40.5, 0)
    r = check_range(at(target, 0.0, 30_000.0, radius=200), target)
    assert r.verdict is Verdict.INCONCLUSIVE
    assert "107mm-type63" in r.values["excluded"] and "m777-he" in r.values["excluded"]
    assert "fajr3-240mm" in r.values["fit"] and "m777-excalibur" in r.values["fit"]
    assert "iram" in r.values["undecided"]
    assert "no weapon named" in r.explanation


def test_weapon_list_and_coincident_sites():
    s = Site(35.0, 40.5, 0)
    r = check_range(s, s, weapon=["60 mm mortar", "M120"])
    # distance 0: inside the M224's 70 m minimum; the M120's minimum is unknown
    outcomes = {o["id"]: o["verdict"] for o in r.values["weapons"]}
    assert outcomes == {"m224-60mm": "inconsistent", "m120-120mm": "inconclusive"}
    assert r.verdict is Verdict.INCONCLUSIVE and r.values["distance_m"] == 0.0


def test_unknown_minimum_leaves_short_distances_undecided():
    target = Site(35.0, 40.5, 0)
    # 107 mm: maximum 8,050 m, minimum unknown -> under 25 % of 8,050 m (2,012.5 m) undecided
    short = check_range(at(target, 0.0, 1_000.0), target, weapon="107 mm")
    assert short.verdict is Verdict.INCONCLUSIVE
    assert "minimum range unknown" in short.values["weapons"][0]["reason"]
    assert check_range(at(target, 0.0, 2_100.0), target, weapon="107 mm").verdict \
        is Verdict.CONSISTENT
    # ids as the case engine passes them (a weapon class -> catalogue ids)
    ids = check_range(at(target, 0.0, 2_100.0), target, weapon=["107mm-type63", "m777-he"])
    assert [o["id"] for o in ids.values["weapons"]] == ["107mm-type63", "m777-he"]


def test_antimeridian():
    a, b = Site(0.0, 179.99, 0), Site(0.0, -179.99, 0)
    ref = G.Inverse(0.0, 179.99, 0.0, -179.99)["s12"]
    r = check_range(a, b, weapon="M224")
    assert r.values["distance_m"] == pytest.approx(ref, abs=1e-3)
    assert r.verdict is Verdict.CONSISTENT  # 2.2 km, within 70 m to 3.49 km


def test_area_site_bounds_are_never_too_narrow():
    from shapely.geometry import box

    area = box(40.50, 35.00, 40.52, 35.02)
    site = Site(35.01, 40.51, 0, name="area", method="area", area=area)
    target = Site(35.10, 40.51, 0)
    r = check_range(site, target, weapon="122 mm")
    corners = [G.Inverse(lat, lon, target.lat, target.lon)["s12"]
               for lon, lat in area.exterior.coords]
    assert r.values["distance_min_m"] <= min(corners) + 1e-6
    assert r.values["distance_max_m"] >= max(corners) - 1e-6


def test_bad_input():
    s = Site(35.0, 40.5, 0)
    with pytest.raises(CheckError, match="closest known names"):
        check_range(s, s, weapon="Katysha")
    with pytest.raises(CheckError):
        check_range((35.0, 40.5), s, weapon="107 mm")  # type: ignore[arg-type]
    with pytest.raises(CheckError):
        check_range(s, s, weapon=42)  # type: ignore[arg-type]


def test_registered_with_site_params():
    spec = get_check("range")
    assert spec.func is check_range and spec.site_params == ("launch", "target")


def test_features_for_the_map():
    r = check_range(QURIYAH, OMAR, weapon="107 mm")
    roles = [f.role for f in r.features]
    assert {"site", "uncertainty", "line", "annulus"} <= set(roles)
    ring = next(f for f in r.features if f.role == "annulus")
    from shapely.geometry import Point

    inside = at(QURIYAH, 45.0, 4_000.0)
    assert ring.geometry.contains(Point(inside.lon, inside.lat))
    assert not ring.geometry.contains(Point(OMAR.lon, OMAR.lat))
