"""Graded answers (share, centre verdict, decides if) on every area-based check.

- Invariants on random sites (hypothesis): ``0 <= sure <= possible <= 1``, ``sure == 1`` if and
  only if the verdict is consistent, ``possible == 0`` if and only if it is inconsistent, 0 or 1
  for a subject of radius 0.
- The centre verdict is the check itself run with every radius 0.
- Every ``decides_if`` radius, given to that site alone, really decides the check (the check
  itself run again).
- The share against an independent estimate: points spread evenly over the subject's disc with
  geographiclib, each judged by the claim's definition with geographiclib distances and azimuths.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoverify.checks.cluster import check_cluster
from geoverify.checks.control import check_bank, check_control
from geoverify.checks.direction import check_direction
from geoverify.checks.proximity import check_proximity, proximity_limits
from geoverify.checks.range import check_range
from geoverify.checks.result import CheckResult, Verdict
from geoverify.checks.stated_distance import check_stated_distance, stated_limits
from geoverify.checks.travel import check_travel
from geoverify.checks.visibility import check_visibility
from geoverify.sites import Site

G = Geodesic.WGS84
T0 = datetime(2022, 1, 5, 6, tzinfo=UTC)
LAYER = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"actor": "A", "valid_from": None, "valid_to": None},
     "geometry": {"type": "Polygon", "coordinates": [[[40.0, 35.0], [40.3, 35.0], [40.3, 35.2],
                                                      [40.1, 35.3], [40.0, 35.0]]]}}]}
SET = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def at(lat, lon, az, s, r=0.0, name=None):
    g = G.Direct(lat, lon, az, s)
    return Site(g["lat2"], g["lon2"], r, name=name)


@st.composite
def site_pairs(draw, spread=30_000.0, max_r=8_000.0):
    a = Site(35.0, 40.0, draw(st.sampled_from([0.0, draw(st.floats(0, max_r))])), name="A")
    b = at(35.0, 40.0, draw(st.floats(0, 360)), draw(st.floats(0, spread)),
           draw(st.sampled_from([0.0, draw(st.floats(0, max_r))])), name="B")
    return a, b


def assert_invariants(result: CheckResult, subject: Site) -> None:
    share = result.share
    assert share is not None
    s, p = share.sure, share.possible
    assert 0.0 <= s <= p <= 1.0
    assert (s == 1.0) == (result.verdict is Verdict.CONSISTENT)
    assert (p == 0.0) == (result.verdict is Verdict.INCONSISTENT)
    if subject.uncertainty_m == 0 and subject.area is None:
        assert s in (0.0, 1.0) and p in (0.0, 1.0)
    assert result.centre_verdict is not None
    if result.verdict is not Verdict.INCONCLUSIVE:
        assert result.decides_if == ()
    json = result.to_dict()
    assert set(json["share"]) == {"sure", "possible"}
    assert json["centre_verdict"] in ("consistent", "inconsistent", "inconclusive")


def rerun_decides(result: CheckResult, run, sites: dict[str, Site]) -> None:
    """Each decides_if radius, given to its site, decides the check when it is run again."""
    for d in result.decides_if:
        assert d.radius_m < _radius(sites[d.site])
        shrunk = dict(sites)
        shrunk[d.site] = dataclasses.replace(sites[d.site], uncertainty_m=d.radius_m, area=None)
        assert run(shrunk).verdict is not Verdict.INCONCLUSIVE, d


def _radius(site: Site) -> float:
    from geoverify.checks._support import effective_radius

    return effective_radius(site)


def centre_matches(result: CheckResult, run, sites: dict[str, Site]) -> None:
    points = {k: dataclasses.replace(s, uncertainty_m=0.0, area=None) for k, s in sites.items()}
    assert result.centre_verdict == run(points).verdict


# ----------------------------------------------------------------------------------------------
# invariants, centre verdicts and deciding radii on random sites


@SET
@given(site_pairs(), st.sampled_from(["near", "in", "on the outskirts of"]),
       st.sampled_from(["village", "town", "city", None]))
def test_proximity(pair, relation, kind):
    site, place = pair

    def run(s):
        return check_proximity(s["site"], s["place"], relation=relation, place_kind=kind)

    sites = {"site": site, "place": place}
    r = run(sites)
    assert_invariants(r, site)
    centre_matches(r, run, sites)
    rerun_decides(r, run, sites)


@SET
@given(site_pairs(), st.sampled_from([1000.0, 5000.0, 12_000.0]),
       st.sampled_from(["about", "", "exactly", "more than", "less than"]))
def test_stated_distance(pair, stated, qualifier):
    a, b = pair

    def run(s):
        return check_stated_distance(s["a"], s["b"], stated_m=stated, qualifier=qualifier)

    sites = {"a": a, "b": b}
    r = run(sites)
    assert_invariants(r, a)
    centre_matches(r, run, sites)
    rerun_decides(r, run, sites)


@SET
@given(site_pairs(spread=60_000.0), st.sampled_from(
    ["107 mm", "122 mm", "Katyusha", "M777", "GMLRS", None, ["m224-60mm", "m120-120mm"]]))
def test_range(pair, weapon):
    launch, target = pair

    def run(s):
        return check_range(s["launch"], s["target"], weapon=weapon)

    sites = {"launch": launch, "target": target}
    r = run(sites)
    assert_invariants(r, launch)
    centre_matches(r, run, sites)
    rerun_decides(r, run, sites)
    for o in r.values["weapons"]:
        assert (o["share"]["sure"] == 1.0) == (o["verdict"] == "consistent")
        assert (o["share"]["possible"] == 0.0) == (o["verdict"] == "inconsistent")


@SET
@given(site_pairs(spread=40_000.0), st.sampled_from(["north-east", "E", "SSW", 300.0]),
       st.sampled_from([(None, 0), (20_000.0, 0), (None, 5000.0)]))
def test_direction(pair, direction, band):
    ref, site = pair
    max_m, min_m = band

    def run(s):
        return check_direction(s["site"], s["reference"], direction=direction, max_m=max_m,
                               min_m=min_m)

    sites = {"site": site, "reference": ref}
    r = run(sites)
    assert_invariants(r, site)
    centre_matches(r, run, sites)
    rerun_decides(r, run, sites)


@SET
@given(site_pairs(spread=50_000.0), st.floats(0, 3 * 3600), st.floats(0, 3600),
       st.sampled_from(["road_vehicle", "foot"]), st.booleans())
def test_travel(pair, gap, precision, mode, same_unit):
    from geoverify.times import TimeInterval

    a, b = pair
    when_b = TimeInterval(T0 + timedelta(seconds=gap), T0 + timedelta(seconds=gap + precision))

    def run(s):
        return check_travel(s["a"], T0, s["b"], when_b, mode=mode, same_unit=same_unit)

    sites = {"a": a, "b": b}
    r = run(sites)
    assert_invariants(r, b)
    centre_matches(r, run, sites)
    rerun_decides(r, run, sites)


@SET
@given(site_pairs(spread=60_000.0), st.floats(0, 50), st.floats(0, 200))
def test_visibility(pair, h_obs, h_tgt):
    observer, target = pair

    def run(s):
        return check_visibility(s["observer"], s["target"], observer_height_m=h_obs,
                                target_height_m=h_tgt)

    sites = {"observer": observer, "target": target}
    r = run(sites)
    assert_invariants(r, observer)
    centre_matches(r, run, sites)
    rerun_decides(r, run, sites)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.floats(0, 360), st.floats(0, 12_000), st.floats(0, 3000)),
                min_size=1, max_size=4), st.floats(0, 3000))
def test_cluster(points, r_place):
    place = Site(35.0, 40.0, r_place, name="P")
    sites = [at(35.0, 40.0, a, s, r, name=f"s{i}") for i, (a, s, r) in enumerate(points)]

    def run(s):
        return check_cluster([s[f"sites[{i}]"] for i in range(len(sites))], s["place"],
                             place_kind="town")

    named = {f"sites[{i}]": s for i, s in enumerate(sites)} | {"place": place}
    r = run(named)
    share = r.share
    assert 0.0 <= share.sure <= share.possible <= 1.0
    assert (share.sure == 1.0) == (r.verdict is Verdict.CONSISTENT)
    assert (share.possible == 0.0) == (r.verdict is Verdict.INCONSISTENT)
    centre_matches(r, run, named)
    rerun_decides(r, run, named)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(0, 360), st.floats(0, 40_000), st.floats(0, 6000),
       st.sampled_from([0.0, 1000.0, 3000.0]))
def test_control(az, dist, radius, tol):
    site = at(35.15, 40.15, az, dist, radius, name="S")

    def run(s):
        return check_control(s["site"], actor="A", when="2022-01-05T06:00Z", layers=LAYER,
                             boundary_tolerance_m=tol)

    sites = {"site": site}
    r = run(sites)
    assert_invariants(r, site)
    centre_matches(r, run, sites)
    rerun_decides(r, run, sites)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(0, 360), st.floats(0, 60_000), st.floats(0, 8000),
       st.sampled_from(["left", "right"]))
def test_bank(az, dist, radius, bank):
    site = at(35.0, 40.5, az, dist, radius, name="S")

    def run(s):
        return check_bank(s["site"], bank=bank)

    sites = {"site": site}
    r = run(sites)
    assert_invariants(r, site)
    centre_matches(r, run, sites)
    rerun_decides(r, run, sites)


# ----------------------------------------------------------------------------------------------
# the share against an independent estimate (geographiclib, points spread over the disc)


def disc_points(site: Site, n: int = 1500) -> list[tuple[float, float]]:
    """Points spread evenly over a geodesic disc (a sunflower: equal areas per point)."""
    k = np.arange(n) + 0.5
    s = site.uncertainty_m * np.sqrt(k / n)
    az = np.degrees(k * math.pi * (3 - math.sqrt(5))) % 360
    out = []
    for a, d in zip(az, s, strict=True):
        g = G.Direct(site.lat, site.lon, float(a), float(d))
        out.append((g["lat2"], g["lon2"]))
    return out


def test_proximity_share_against_points():
    place = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
    site = at(place.lat, place.lon, 30.0, 5200.0, 2500.0, name="strike")
    r = check_proximity(site, place, relation="near", place_kind="town")
    _, lower, upper = proximity_limits("near", "town")
    sure = possible = 0
    pts = disc_points(site)
    for lat, lon in pts:
        d = G.Inverse(place.lat, place.lon, lat, lon)["s12"]
        sure += (d + place.uncertainty_m <= upper) and (lower <= 0 or d - 1500 >= lower)
        possible += d - place.uncertainty_m <= upper
    assert r.verdict is Verdict.INCONCLUSIVE
    assert r.share.sure == pytest.approx(sure / len(pts), abs=0.01)
    assert r.share.possible == pytest.approx(possible / len(pts), abs=0.01)


def test_stated_distance_share_against_points():
    b = Site(35.0, 40.5, 500, name="B")
    a = at(b.lat, b.lon, 250.0, 5300.0, 1500.0, name="A")
    r = check_stated_distance(a, b, stated_m=5000, qualifier="about")
    lower, upper, _ = stated_limits(5000, "about")
    pts = disc_points(a)
    sure = possible = 0
    for lat, lon in pts:
        d = G.Inverse(b.lat, b.lon, lat, lon)["s12"]
        sure += lower <= d - 500 and d + 500 <= upper
        possible += d + 500 >= lower and d - 500 <= upper
    assert r.share.sure == pytest.approx(sure / len(pts), abs=0.01)
    assert r.share.possible == pytest.approx(possible / len(pts), abs=0.01)


@pytest.mark.parametrize("weapon", ["107 mm", "Katyusha", "122 mm"])
def test_range_share_against_points(weapon):
    from geoverify.checks.range import _candidates, _family_siblings
    from geoverify.checks.rules import UNKNOWN_MIN_SHARE

    target = Site(35.33611, 40.30944, 2000, name="Conoco field")
    launch = at(target.lat, target.lon, 250.0, 9000.0, 4000.0, name="L")
    r = check_range(launch, target, weapon=weapon)
    weapons = _candidates(weapon)
    every = list(weapons) + list(_family_siblings(weapon, weapons))
    pts = disc_points(launch, 1200)
    best_sure, possible = 0.0, 0
    counts = dict.fromkeys((w.id for w in weapons), 0)
    for lat, lon in pts:
        d = G.Inverse(target.lat, target.lon, lat, lon)["s12"]
        lo, hi = d - 2000, d + 2000
        for w in weapons:
            low = w.min_range_m if w.min_range_m is not None else UNKNOWN_MIN_SHARE * (
                w.max_range_m or 0)
            counts[w.id] += w.max_range_m is not None and lo >= low and hi <= w.max_range_m
        possible += any(w.max_range_m is None or (lo <= w.max_range_m and hi >= (
            w.min_range_m or 0)) for w in every)
    best_sure = max(counts.values()) / len(pts)
    assert r.share.sure == pytest.approx(best_sure, abs=0.012)
    assert r.share.possible == pytest.approx(possible / len(pts), abs=0.012)
    for o in r.values["weapons"]:
        assert o["share"]["sure"] == pytest.approx(counts[o["id"]] / len(pts), abs=0.012)


def test_direction_share_against_points():
    """Every bearing from the reference's circle to a point (at the circle: geographiclib)."""
    ref = Site(35.33588, 40.14084, 2000, name="Deir ez-Zor")
    site = at(ref.lat, ref.lon, 60.0, 12_000.0, 4000.0, name="S")
    r = check_direction(site, ref, direction="north-east")
    assert r.verdict is Verdict.INCONCLUSIVE
    rim = [G.Direct(ref.lat, ref.lon, float(a), ref.uncertainty_m) for a in range(0, 360, 10)]
    rim = [(g["lat2"], g["lon2"]) for g in rim]
    pts = disc_points(site, 500)
    sure = possible = 0
    for lat, lon in pts:
        offs = []
        for qlat, qlon in rim:
            az = G.Inverse(qlat, qlon, lat, lon)["azi1"]
            offs.append(abs((az - 45.0 + 180.0) % 360.0 - 180.0))
        sure += max(offs) <= 22.5
        possible += min(offs) <= 22.5
    assert r.share.sure == pytest.approx(sure / len(pts), abs=0.03)
    assert r.share.possible == pytest.approx(possible / len(pts), abs=0.03)


def test_travel_share_against_points():
    from geoverify.checks.travel import MODE_SPEEDS_KMH, ROUTE_FACTOR

    a = Site(35.0, 40.0, 1000, name="A")
    b = at(a.lat, a.lon, 100.0, 28_000.0, 5000.0, name="B")
    gap = timedelta(minutes=20)
    r = check_travel(a, T0, b, T0 + gap)
    limit = MODE_SPEEDS_KMH["road_vehicle"] / 3.6 * gap.total_seconds()
    pts = disc_points(b)
    sure = possible = 0
    for lat, lon in pts:
        d = G.Inverse(a.lat, a.lon, lat, lon)["s12"]
        sure += (d + 1000) * ROUTE_FACTOR <= limit
        possible += d - 1000 <= limit
    assert r.verdict is Verdict.INCONCLUSIVE
    assert r.share.sure == pytest.approx(sure / len(pts), abs=0.01)
    assert r.share.possible == pytest.approx(possible / len(pts), abs=0.01)


def test_point_subject_gives_0_or_1_and_the_seed_numbers():
    quriyah = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
    omar = Site(35.15167, 40.57583, 0, name="al-Omar field")
    r = check_range(quriyah, omar, weapon="107 mm")
    assert r.verdict is Verdict.INCONSISTENT and (r.share.sure, r.share.possible) == (0.0, 0.0)
    point = check_range(quriyah.with_uncertainty(0), omar.with_uncertainty(3000),
                        weapon="122 mm")
    assert point.share.sure in (0.0, 1.0) and point.share.possible in (0.0, 1.0)


def test_decides_if_names_the_site_and_reads_well():
    target = Site(35.0, 40.5, 2500, name="Conoco base")
    launch = at(35.0, 40.5, 0.0, 9000.0, 200.0, name="launch point")
    r = check_range(launch, target, weapon="107 mm")  # 6.3 to 11.7 km against 8.05 km
    assert r.verdict is Verdict.INCONCLUSIVE
    sites = {d.site: d for d in r.decides_if}
    assert set(sites) == {"target"}  # the launch point alone cannot decide it
    d = sites["target"]
    # beyond reach once 9,000 - 200 - r > 8,050 m: r just under 750 m
    assert d.radius_m == pytest.approx(750.0, abs=1e-3) and d.radius_m < 750.0
    assert d.label == "Conoco base"
    assert d.describe() == "decided if Conoco base is located to within 749 m"
    assert r.centre_verdict is Verdict.INCONSISTENT
    assert r.to_dict()["decides_if"] == [{"site": "target", "label": "Conoco base",
                                          "radius_m": d.radius_m}]


def test_report_schema_documents_the_graded_keys():
    import json

    import jsonschema

    from geoverify._paths import data_dir

    schema = json.loads((data_dir() / "schema" / "report.schema.json").read_text())
    check = schema["$defs"]["check"]
    assert {"share", "centre_verdict", "decides_if"} <= set(check["properties"])
    validator = jsonschema.Draft202012Validator({**check, "$defs": schema["$defs"]})
    target = Site(35.0, 40.5, 2500, name="T")
    for r in (check_range(at(35.0, 40.5, 0.0, 9000.0, 200.0), target, weapon="107 mm"),
              check_bank(target, bank="left")):
        validator.validate(json.loads(json.dumps(dataclasses.replace(r, id="c1").to_dict())))
    bad = dataclasses.replace(check_range(at(35.0, 40.5, 0.0, 9000.0, 200.0), target,
                                          weapon="107 mm"), id="c1").to_dict()
    bad["share"] = {"sure": 2.0, "possible": 1.0}
    assert not validator.is_valid(bad)
