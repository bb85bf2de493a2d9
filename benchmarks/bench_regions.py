"""Benchmark: graded shares, weapon matrices and a site's region, beside naive baselines.

Run with::

    taskset -c 0 .venv/bin/pytest benchmarks/bench_regions.py --benchmark-only

Targets (issue 9): ``share`` <= 5 ms per check; ``weapon_matrix`` for 100 candidates x 24
weapons <= 100 ms; the region of a site with 10 statements <= 50 ms. Each group measures, in the
same run and on the same seeded input:

``share`` (one check's graded share of the subject's disc):

- ``share_range``: :func:`geoverify.checks.rules.range_judgement` for "Katyusha" (2 weapons,
  1 sibling): the verdicts, the lens-area shares and the deciding radii, scalars in;
- ``share_direction``: :func:`geoverify.checks.rules.direction_share` (96-node quadrature);
- ``share_control``: the control check's grading (polygons in the site's frame);
- ``share_bank``: the bank check's grading (the band and the banks cut from the site's disc);
- ``naive_shapely_degrees``: the same range share as shapely areas of circles buffered in
  degrees (un-projected: wrong away from the equator, shown for its speed);
- ``naive_sampling``: the same range share estimated from 2,000 points in the disc judged with
  pyproj distances (about 1 % error).

``matrix`` (100 candidate launch sites x the 24 catalogue weapons):

- ``weapon_matrix``: one vectorized call, a pandas DataFrame out;
- ``naive_check_loop``: ``check_range`` per candidate and weapon (2,400 calls), timed on 10
  candidates and scaled by 10 in ``extra_info["scaled_s"]``.

``region`` (a site with 10 statements: reaches, sectors, distances, proximity, bank, control,
travel; intersected, area and emptiness):

- ``region_10``: geoverify regions built, intersected, ``area_km2`` and ``is_empty``;
- ``engine_region_10``: the same ten statements written as a case file (an unknown site bounded
  by ``within:``, claims, two explicit checks, three candidates) and run end to end by the
  engine (:func:`geoverify.verify.site_regions`: the statements from the planned checks, their
  intersection, area, extent, the places inside, the candidates table); the case is loaded
  and its located sites resolved once, outside the timing;
- ``naive_shapely_degrees``: the same statements as shapely buffers in degrees, intersected;
- ``naive_sampling``: 20,000 points in the box judged by each statement (pyproj distances and
  azimuths), the share inside times the box's area.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from geoverify.sites import Site

CONOCO = Site(35.33611, 40.30944, 4000, name="Conoco field")  # gazetteer row conoco-field
DEIR = Site(35.33588, 40.14084, 5000, name="Deir ez-Zor")  # gazetteer row deir-ez-zor
KHASHAM = Site(35.30088, 40.28916, 1500, name="Khasham")  # gazetteer row khasham
LAYER = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"actor": "regime", "valid_from": None, "valid_to": None},
     "geometry": {"type": "Polygon", "coordinates": [[[40.10, 35.25], [40.40, 35.25],
                                                      [40.40, 35.45], [40.10, 35.45],
                                                      [40.10, 35.25]]]}}]}
M_PER_DEG = 111_320.0


def _launch() -> Site:
    from geoverify.geodesy import destination

    lat, lon = destination(CONOCO.lat, CONOCO.lon, 250.0, 9000.0)
    return Site(float(lat), float(lon), 3000.0, name="launch")


# ----------------------------------------------------------------------------------------------
# share


@pytest.mark.benchmark(group="share")
def test_share_range(benchmark):
    from geoverify.checks.range import _candidates, _family_siblings
    from geoverify.checks.rules import range_judgement, weapon_arrays
    from geoverify.geodesy import distance

    launch = _launch()
    weapons = _candidates("Katyusha")
    lmin, top = weapon_arrays(weapons)
    smin, stop = weapon_arrays(_family_siblings("Katyusha", weapons))

    def run():
        d = distance(launch.lat, launch.lon, CONOCO.lat, CONOCO.lon)
        return range_judgement(d, launch.uncertainty_m, CONOCO.uncertainty_m, lmin, top,
                               sibling_min_m=smin, sibling_max_m=stop)

    j = benchmark(run)
    benchmark.extra_info["sure"] = float(j.sure)


@pytest.mark.benchmark(group="share")
def test_share_direction(benchmark):
    from geoverify.checks.rules import direction_judgement, direction_share

    site = _launch()
    j = direction_judgement(DEIR.lat, DEIR.lon, DEIR.uncertainty_m, site.lat, site.lon,
                            site.uncertainty_m, 112.5, 11.25)
    s, _ = benchmark(direction_share, j.distance_m, j.azimuth_deg, site.uncertainty_m,
                     DEIR.uncertainty_m, 112.5, 11.25, 0.0, np.inf, j.code)
    benchmark.extra_info["sure"] = float(s)


@pytest.mark.benchmark(group="share")
def test_share_control(benchmark):
    """The control check's grading alone (the layer already projected, as the check has it)."""
    from shapely.geometry import shape

    from geoverify.checks.control import (
        _HeldGeometry,
        _project,
        _projector,
        _site_region,
    )
    from geoverify.checks.result import Verdict

    site = Site(35.25, 40.25, 3000.0, name="S")
    t = _projector(site)
    area = _project(shape(LAYER["features"][0]["geometry"]), t)
    held = _HeldGeometry(sure=area, possible=area, others=None, covered=True, tolerance=1000.0)
    region = _site_region(site, t)
    share, _, _ = benchmark(held.grading, site, region, Verdict.INCONCLUSIVE)
    benchmark.extra_info["sure"] = share.sure


@pytest.mark.benchmark(group="share")
def test_share_bank(benchmark):
    from geoverify.checks.control import _bank_grading
    from geoverify.checks.result import Verdict

    site = Site(35.0, 40.5, 5000.0, name="S")  # across the Euphrates line
    out = benchmark(_bank_grading, site, 5000.0, "left", Verdict.INCONCLUSIVE, 5.0, 3000.0,
                    None)
    benchmark.extra_info["sure"] = out["share"].sure


@pytest.mark.benchmark(group="share")
def test_share_naive_shapely_degrees(benchmark):
    from shapely.geometry import Point

    launch = _launch()

    def run():
        disc = Point(launch.lon, launch.lat).buffer(launch.uncertainty_m / M_PER_DEG, 64)
        out = []
        for top in (8050.0, 20000.0, 40000.0):
            reach = Point(CONOCO.lon, CONOCO.lat).buffer((top + CONOCO.uncertainty_m)
                                                          / M_PER_DEG, 64)
            out.append(disc.intersection(reach).area / disc.area)
        return max(out)

    benchmark.extra_info["possible"] = benchmark(run)


@pytest.mark.benchmark(group="share")
def test_share_naive_sampling(benchmark):
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    launch = _launch()
    rng = np.random.default_rng(1)
    n = 2000

    def run():
        az = rng.uniform(0, 360, n)
        s = launch.uncertainty_m * np.sqrt(rng.uniform(0, 1, n))
        lon, lat, _ = geod.fwd(np.full(n, launch.lon), np.full(n, launch.lat), az, s)
        _, _, d = geod.inv(np.full(n, CONOCO.lon), np.full(n, CONOCO.lat), lon, lat)
        return float(np.mean(d - CONOCO.uncertainty_m <= 40000.0))

    benchmark.extra_info["possible"] = benchmark(run)


# ----------------------------------------------------------------------------------------------
# weapon matrix


def _candidates(n: int) -> list[Site]:
    from geoverify.geodesy import destination

    rng = np.random.default_rng(20211231)
    lat, lon = destination(np.full(n, CONOCO.lat), np.full(n, CONOCO.lon),
                           rng.uniform(0, 360, n), rng.uniform(0, 60_000, n))
    return [Site(float(a), float(b), float(r), name=f"c{i}")
            for i, (a, b, r) in enumerate(zip(lat, lon, rng.uniform(0, 3000, n), strict=True))]


@pytest.mark.benchmark(group="matrix")
def test_weapon_matrix(benchmark):
    from geoverify.checks.matrix import weapon_matrix

    cands = _candidates(100)
    frame = benchmark(weapon_matrix, cands, CONOCO)
    assert frame.shape == (100 * 24, 10)
    benchmark.extra_info["cells"] = len(frame)


@pytest.mark.benchmark(group="matrix")
def test_matrix_naive_check_loop(benchmark):
    from geoverify.checks.range import check_range
    from geoverify.weapons import catalogue

    cands = _candidates(10)

    def run():
        return [check_range(c, CONOCO, weapon=w.id).verdict for c in cands for w in catalogue()]

    out = benchmark.pedantic(run, rounds=3, iterations=1)
    assert len(out) == 240
    benchmark.extra_info["scaled_s"] = benchmark.stats.stats.mean * 10
    benchmark.extra_info["note"] = "10 candidates x 24 weapons; scaled_s is for 100 candidates"


# ----------------------------------------------------------------------------------------------
# a site's region with 10 statements


def _statements():
    from datetime import timedelta

    from geoverify import regions

    quriyah = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
    return [
        regions.reach_region(CONOCO, "107 mm"),
        regions.reach_region(KHASHAM, "122 mm"),
        regions.direction_region(DEIR, "east-south-east"),
        regions.direction_region(quriyah, "north", max_m=60_000),
        regions.distance_region(CONOCO, 5000, qualifier="about"),
        regions.relation_region(KHASHAM, "near", place_kind="village"),
        regions.bank_region("left"),
        regions.control_region("regime", "2021-12-31T12:00Z", LAYER),
        regions.travel_region(DEIR, duration=timedelta(minutes=30), mode="offroad_vehicle"),
        regions.site_region(DEIR.with_uncertainty(30_000)),
    ]


@pytest.mark.benchmark(group="region")
def test_region_10(benchmark):
    from geoverify.regions import intersect_all

    def run():
        region = intersect_all(_statements())
        return region.area_km2, region.is_empty

    area, empty = benchmark(run)
    benchmark.extra_info["area_km2"] = area
    assert not empty


ENGINE_CASE = """
title: ten statements about one unknown site
sites:
  conoco: {name: Conoco field, coordinates: "35.33611, 40.30944", uncertainty_m: 4000}
  deir: {name: Deir ez-Zor, coordinates: "35.33588, 40.14084", uncertainty_m: 5000}
  khasham: {name: Khasham, coordinates: "35.30088, 40.28916", uncertainty_m: 1500}
  quriyah: {name: al-Quriyah, coordinates: "34.95629, 40.54139", uncertainty_m: 1500}
  marrat: {name: Marrat, coordinates: "35.31407, 40.23865", uncertainty_m: 1200}
  mazloum: {name: Mazloum, coordinates: "35.30839, 40.25908", uncertainty_m: 1200}
  u:
    unknown: true
    within: {coordinates: "35.33588, 40.14084", uncertainty_m: 30000}
    candidates: [khasham, marrat, mazloum]
claims:
  - {id: c1, claimant: a, kind: impact, site: conoco, launch_site: u, weapon: 107mm-type63}
  - {id: c2, claimant: b, kind: impact, site: khasham, launch_site: u, weapon: 122mm-9m22u}
  - {id: c3, claimant: c, kind: launch, site: u, stated: [{relation: east-south-east, of: deir}]}
  - {id: c4, claimant: d, kind: launch, site: u,
     stated: [{relation: north, of: quriyah, within_km: 60}]}
  - {id: c5, claimant: e, kind: launch, site: u,
     stated: [{relation: distance, of: conoco, distance_km: 5, qualifier: about}]}
  - {id: c6, claimant: f, kind: launch, site: u, stated: [{relation: near, of: khasham}]}
  - {id: c7, claimant: g, kind: presence, site: deir, actor: unit, when: "2021-12-31T12:00Z"}
  - {id: c8, claimant: g, kind: launch, site: u, actor: unit, when: "2021-12-31T12:30Z"}
checks:
  - {kind: bank, site: u, bank: left}
  - kind: control
    site: u
    actor: regime
    when: "2021-12-31T12:00Z"
    layers:
      type: FeatureCollection
      features:
        - type: Feature
          properties: {actor: regime, valid_from: null, valid_to: null}
          geometry:
            type: Polygon
            coordinates: [[[40.10, 35.25], [40.40, 35.25], [40.40, 35.45], [40.10, 35.45],
                           [40.10, 35.25]]]
options:
  travel: {same_unit: true, mode: offroad_vehicle}
"""


def _engine_case():
    from geoverify.casefile import loads_case
    from geoverify.verify import plan_checks, resolve_sites

    case = loads_case(ENGINE_CASE)
    return case, plan_checks(case), resolve_sites(case)


@pytest.mark.benchmark(group="region")
def test_engine_region_10(benchmark):
    from geoverify.verify import site_regions

    case, plans, sites = _engine_case()
    site_regions(case, plans, sites)  # the gazetteer's index loaded once, outside the timing

    def run():
        return site_regions(case, plans, sites)["u"]

    region = benchmark(run)
    assert len([s for s in region.statements if s.required]) == 10
    assert not region.empty and len(region.candidates) == 3
    benchmark.extra_info["area_km2"] = region.area_km2


@pytest.mark.benchmark(group="region")
def test_region_naive_shapely_degrees(benchmark):
    """Circles and wedges buffered in degrees (un-projected), intersected; area at the latitude."""
    from shapely import intersection_all
    from shapely.geometry import Point, Polygon

    def wedge(site, az, hw, r):
        t = np.radians(np.linspace(az - hw, az + hw, 64))
        k = math.cos(math.radians(site.lat))
        pts = [(site.lon, site.lat)] + [(site.lon + r * math.sin(a) / (M_PER_DEG * k),
                                         site.lat + r * math.cos(a) / M_PER_DEG) for a in t]
        return Polygon(pts).buffer(site.uncertainty_m / M_PER_DEG)

    def disc(site, r):
        return Point(site.lon, site.lat).buffer((r + site.uncertainty_m) / M_PER_DEG, 64)

    def run():
        shapes = [disc(CONOCO, 8050), disc(KHASHAM, 20000), wedge(DEIR, 112.5, 11.25, 1e6),
                  wedge(Site(34.95629, 40.54139, 1500), 0.0, 45.0, 60000),
                  disc(CONOCO, 6000).difference(disc(CONOCO, 4000).buffer(0)),
                  disc(KHASHAM, 5000), Point(40.5, 35.5).buffer(1.0),
                  Polygon(LAYER["features"][0]["geometry"]["coordinates"][0]).buffer(0.01),
                  disc(DEIR, 25000), disc(DEIR, 30000)]
        geom = intersection_all(shapes)
        return geom.area * M_PER_DEG ** 2 * math.cos(math.radians(35.3)) / 1e6, geom.is_empty

    benchmark.extra_info["area_km2"] = benchmark(run)[0]


@pytest.mark.benchmark(group="region")
def test_region_naive_sampling(benchmark):
    """20,000 points in the box, each statement judged with pyproj distances (the 'exact' way)."""
    stmts = _statements()
    rng = np.random.default_rng(3)
    n = 20_000
    south, west, north, east = 35.0, 39.9, 35.6, 40.7

    def run():
        lat = rng.uniform(south, north, n)
        lon = rng.uniform(west, east, n)
        inside = np.ones(n, dtype=bool)
        for s in stmts:
            inside &= s.shape.contains(lat, lon)
        box = (north - south) * M_PER_DEG * (east - west) * M_PER_DEG * math.cos(
            math.radians(35.3)) / 1e6
        return float(inside.mean()) * box

    benchmark.extra_info["area_km2"] = benchmark(run)


def test_summary(capsys):
    """Print the three targets measured once each, interleaved with their baselines."""
    from geoverify.checks.matrix import weapon_matrix
    from geoverify.regions import intersect_all
    from geoverify.verify import site_regions

    cands = _candidates(100)
    case, plans, sites = _engine_case()
    site_regions(case, plans, sites)
    best = {"matrix": math.inf, "region": math.inf, "engine": math.inf}
    for _ in range(5):
        t = time.perf_counter()
        weapon_matrix(cands, CONOCO)
        best["matrix"] = min(best["matrix"], time.perf_counter() - t)
        t = time.perf_counter()
        r = intersect_all(_statements())
        _ = r.area_km2, r.is_empty
        best["region"] = min(best["region"], time.perf_counter() - t)
        t = time.perf_counter()
        site_regions(case, plans, sites)
        best["engine"] = min(best["engine"], time.perf_counter() - t)
    with capsys.disabled():
        print(f"\nweapon_matrix 100 x 24: {best['matrix'] * 1000:.1f} ms (target 100); "
              f"region of 10 statements: {best['region'] * 1000:.1f} ms (target 50); "
              f"the engine's region of a case site with 10 statements and 3 candidates: "
              f"{best['engine'] * 1000:.1f} ms")
