"""The cluster check: spread and distances from geographiclib, centroid from ECEF by hand."""

from __future__ import annotations

import itertools
import math

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.checks.cluster import check_cluster, geodesic_centroid
from geoverify.checks.registry import get_check
from geoverify.checks.result import Verdict
from geoverify.errors import CheckError
from geoverify.sites import Site

G = Geodesic.WGS84
A, F = 6378137.0, 1 / 298.257223563
E2 = F * (2 - F)
QURIYAH = Site(34.95629, 40.54139, 1500, name="al-Quriyah")


def at(site, azimuth, distance_m, radius=0.0, name="s"):
    g = G.Direct(site.lat, site.lon, azimuth, distance_m)
    return Site(g["lat2"], g["lon2"], radius, name=name)


def ecef_mean_to_geodetic(points):
    """Hand reference: mean of WGS84 ECEF vectors, back to geodetic by fixed-point iteration."""
    xs = ys = zs = 0.0
    for lat, lon in points:
        phi, lam = math.radians(lat), math.radians(lon)
        n = A / math.sqrt(1 - E2 * math.sin(phi) ** 2)
        xs += n * math.cos(phi) * math.cos(lam)
        ys += n * math.cos(phi) * math.sin(lam)
        zs += n * (1 - E2) * math.sin(phi)
    x, y, z = xs / len(points), ys / len(points), zs / len(points)
    p = math.hypot(x, y)
    phi = math.atan2(z, p * (1 - E2))
    for _ in range(50):
        n = A / math.sqrt(1 - E2 * math.sin(phi) ** 2)
        h = p / math.cos(phi) - n
        phi = math.atan2(z, p * (1 - E2 * n / (n + h)))
    return math.degrees(phi), math.degrees(math.atan2(y, x))


def strikes(d1=2_000.0, d2=2_500.0, d3=3_000.0, radius=300.0):
    return [at(QURIYAH, 30, d1, radius, "s1"), at(QURIYAH, 200, d2, radius, "s2"),
            at(QURIYAH, 280, d3, radius, "s3")]


def test_three_strike_sites_near_al_quriyah():
    sites = strikes()
    r = check_cluster(sites, QURIYAH, place_kind="town")  # near a town: 7 km
    assert r.verdict is Verdict.CONSISTENT
    pairs = {(a.name, b.name): G.Inverse(a.lat, a.lon, b.lat, b.lon)["s12"]
             for a, b in itertools.combinations(sites, 2)}
    (far_pair, spread), = [max(pairs.items(), key=lambda kv: kv[1])]
    assert r.values["spread_m"] == pytest.approx(spread, abs=1e-3)
    assert r.values["spread_max_m"] == pytest.approx(spread + 600, abs=1e-3)
    assert tuple(r.values["spread_pair"]) == far_pair
    assert r.values["farthest_site"] == "s3"
    assert r.values["farthest_distance_m"] == pytest.approx(3_000.0, abs=1e-3)
    for row, d in zip(r.values["sites"], (2_000, 2_500, 3_000), strict=True):
        assert row["distance_min_m"] == pytest.approx(d - 1_800, abs=1e-3)
        assert row["distance_max_m"] == pytest.approx(d + 1_800, abs=1e-3)
    lat, lon = ecef_mean_to_geodetic([(s.lat, s.lon) for s in sites])
    assert r.values["centroid_lat"] == pytest.approx(lat, abs=1e-9)
    assert r.values["centroid_lon"] == pytest.approx(lon, abs=1e-9)
    assert r.margin == pytest.approx(7_000 - 4_800, abs=1e-3)
    assert {"cluster", "range_ring", "site"} <= {f.role for f in r.features}


def test_one_far_site_is_inconsistent_one_straddling_inconclusive():
    far = check_cluster(strikes(d3=12_000.0), QURIYAH, place_kind="town")
    assert far.verdict is Verdict.INCONSISTENT
    assert [row["verdict"] for row in far.values["sites"]] == \
        ["consistent", "consistent", "inconsistent"]
    edge = check_cluster(strikes(d3=6_000.0), QURIYAH, place_kind="town")  # 4.2 to 7.8 km
    assert edge.verdict is Verdict.INCONCLUSIVE


def test_threshold_single_site_and_centroid_edge_cases():
    p = Site(35.0, 40.0, 0, name="P")
    one = check_cluster([at(p, 0, 1_000)], p, threshold_m=2_000)
    assert one.verdict is Verdict.CONSISTENT and one.values["spread_m"] == 0.0
    lat, lon = geodesic_centroid([10.0, 10.0], [179.0, -179.0])  # across the antimeridian
    assert abs(lon) == pytest.approx(180.0) and lat == pytest.approx(
        ecef_mean_to_geodetic([(10, 179), (10, -179)])[0], abs=1e-9)
    lat, lon = geodesic_centroid([89.0, 89.0], [0.0, 180.0])  # over the pole
    assert lat == pytest.approx(90.0, abs=1e-6)


def test_bad_input_and_registration():
    p = Site(35.0, 40.0, 0)
    with pytest.raises(CheckError):
        check_cluster([], p)
    with pytest.raises(CheckError):
        check_cluster(p, p)  # type: ignore[arg-type]
    with pytest.raises(CheckError):
        check_cluster([p, (35.0, 40.0)], p)  # type: ignore[list-item]
    assert get_check("cluster").site_params == ("sites", "place")


def test_decides_if_lists_only_radii_that_decide_the_whole_check():
    # mutation survivor (issue 12). Two sites 4.5 km from a point village (north and east, from
    # geographiclib), "near" = within 5 km (data/cases/README.md). Each site at +-1 km
    # straddles: locating one of them better leaves the other undecided, so no single radius
    # decides the check. With the second site at +-100 m (fits), the first decides at
    # 5,000 - 4,500 = 500 m.
    from geographiclib.geodesic import Geodesic

    from geoverify.checks.cluster import check_cluster
    from geoverify.sites import Site

    g = Geodesic.WGS84
    north, east = g.Direct(35.0, 40.0, 0.0, 4_500.0), g.Direct(35.0, 40.0, 90.0, 4_500.0)
    village = Site(35.0, 40.0, 0.0, name="village")
    s1 = Site(north["lat2"], north["lon2"], 1_000.0, name="s1")
    both = check_cluster([s1, Site(east["lat2"], east["lon2"], 1_000.0, name="s2")], village)
    assert both.verdict == "inconclusive" and both.decides_if == ()
    one = check_cluster([s1, Site(east["lat2"], east["lon2"], 100.0, name="s3")], village)
    assert one.verdict == "inconclusive"
    ((decider),) = one.decides_if
    assert decider.site == "sites[0]" and decider.radius_m == pytest.approx(500.0, abs=0.01)
