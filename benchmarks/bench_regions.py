"""Benchmark: graded shares, weapon matrices and a site's region, beside naive baselines.

Run with::

    taskset -c 0 .venv/bin/pytest benchmarks/bench_regions.py --benchmark-only

Targets (issue 9): ``share`` <= 5 ms per check; ``weapon_matrix`` for 100 candidates x 24
weapons <= 100 ms; the region of a site with 10 statements <= 50 ms. Each group measures, in the
same run and on the same seeded input:

``share`` (one check's graded answers):

- ``share_range``: :func:`geoverify.checks.rules.range_judgement` for "Katyusha" (the 107 mm
  and 9M22U rockets, and the 40 km extended-range sibling): each weapon's verdict, margin and
  sure/possible shares (lens areas), the check's verdict, margin and shares, the centre verdict
  and the deciding radius of each site, scalars in;
- ``naive_shapely_degrees`` and ``naive_sampling``: the same answers for the same weapons and
  sites, the naive way: verdicts from one pyproj distance and the interval tests, the deciding
  radii by bisection on those tests (40 steps per site), and the shares either as shapely areas
  of circles buffered in degrees (un-projected: wrong away from the equator, shown for its
  speed) or as the share of 2,000 points spread over the launch disc (the same seeded points
  every round) whose pyproj distance falls in each band (about 1 % error);
- ``share_direction``, ``share_control``, ``share_bank``: the shares of the other area checks
  (:func:`~geoverify.checks.rules.direction_share`, 96-node quadrature; the control check's
  grading in the site's frame; the bank check's), timed alone for scale: they have no naive
  twin here.

``matrix`` (100 candidate launch sites x the 24 catalogue weapons):

- ``weapon_matrix``: one vectorized call, a pandas DataFrame out (per cell: verdict, margin,
  shares, distance bounds);
- ``naive_check_loop``: ``check_range`` per candidate and weapon, the same 2,400 cells (each
  call also writes its sentence and map features, which the matrix does not), one round.

``region`` (a site with 10 statements, each read "possible": reaches, sectors, a stated
distance, proximity, bank, control, travel, a site's own circle; intersected, area and
emptiness; every side builds its statements inside the timing):

- ``region_10``: geoverify regions built, intersected, ``area_km2`` (geodesic) and ``is_empty``;
- ``engine_region_10``: the same ten statements written as a case file (an unknown site bounded
  by ``within:``, claims, two explicit checks, three candidates) and run end to end by the
  engine (:func:`geoverify.verify.site_regions`: the statements from the planned checks, their
  intersection, area, extent, the places inside, the candidates table); the case is loaded
  and its located sites resolved once, outside the timing;
- ``naive_shapely_degrees``: the same 10 statements as shapely shapes in degrees (circles,
  wedges grown by the reference's radius, the left-bank strip of the Natural Earth line with
  its undecided 3 km band, the control area grown by 1 km), intersected; area at the latitude's
  scale;
- ``naive_sampling``: 20,000 points in a box holding the answer, each statement judged from its
  definition with pyproj distances and azimuths (the bank and control by the degree shapes
  above), the share inside times the box's area.
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
QURIYAH = Site(34.95629, 40.54139, 1500, name="al-Quriyah")  # gazetteer row al-quriyah
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


#: Katyusha's candidates and sibling, as data/weapons.csv gives them: (minimum or None, maximum)
KATYUSHA = ((None, 8050.0), (1600.0, 20000.0))
KATYUSHA_SIBLINGS = ((None, 40000.0),)


def _naive_code(lo, hi, low, top):
    """The weapon rule written out: 1 fits, -1 excluded, 0 undecided."""
    if lo > top or (low is not None and hi < low):
        return -1
    if hi <= top and lo >= (low if low is not None else 0.25 * top):
        return 1
    return 0


def _naive_check(d, r_launch, r_target):
    lo, hi = max(0.0, d - r_launch - r_target), d + r_launch + r_target
    codes = [_naive_code(lo, hi, low, top) for low, top in KATYUSHA]
    sib = [_naive_code(lo, hi, low, top) for low, top in KATYUSHA_SIBLINGS]
    margins = [min(top - hi, lo - (low if low is not None else 0.25 * top))
               for low, top in KATYUSHA]
    if all(c == -1 for c in codes) and all(c == -1 for c in sib):
        return -1, codes, margins
    return (1 if 1 in codes else 0), codes, margins


def _naive_decide(d, r_self, r_other):
    """The largest radius of one site that decides the check, by bisection (nan: none)."""
    if _naive_check(d, r_self, r_other)[0] != 0 or _naive_check(d, 0.0, r_other)[0] == 0:
        return math.nan
    low, high = 0.0, r_self
    for _ in range(40):
        mid = (low + high) / 2
        low, high = (mid, high) if _naive_check(d, mid, r_other)[0] != 0 else (low, mid)
    return low


def _naive_range_answers(d, share):
    """Verdicts, margins, shares, centre verdict and deciding radii; ``share(inner, outer)``."""
    rl, rt = 3000.0, CONOCO.uncertainty_m
    code, codes, margins = _naive_check(d, rl, rt)
    sure = [share(max(0.0, (low if low is not None else 0.25 * top)) + rt, top - rt)
            for low, top in KATYUSHA]
    possible = [share(max(0.0, (low or 0.0) - rt), top + rt)
                for low, top in KATYUSHA + KATYUSHA_SIBLINGS]
    return {"code": code, "codes": codes, "margins": margins, "sure": max(sure),
            "possible": max(possible),  # the bands are nested discs here: their union
            "centre": _naive_check(d, 0.0, 0.0)[0],
            "decide": (_naive_decide(d, rl, rt), _naive_decide(d, rt, rl))}


@pytest.mark.benchmark(group="share")
def test_share_naive_shapely_degrees(benchmark):
    from pyproj import Geod
    from shapely.geometry import Point

    geod = Geod(ellps="WGS84")
    launch = _launch()

    def run():
        d = geod.inv(launch.lon, launch.lat, CONOCO.lon, CONOCO.lat)[2]
        disc = Point(launch.lon, launch.lat).buffer(launch.uncertainty_m / M_PER_DEG, 64)
        centre = Point(CONOCO.lon, CONOCO.lat)

        def share(inner, outer):
            if outer <= inner:
                return 0.0
            ring = centre.buffer(outer / M_PER_DEG, 64)
            if inner > 0:
                ring = ring.difference(centre.buffer(inner / M_PER_DEG, 64))
            return disc.intersection(ring).area / disc.area

        return _naive_range_answers(d, share)

    out = benchmark(run)
    benchmark.extra_info.update(sure=out["sure"], possible=out["possible"])


@pytest.mark.benchmark(group="share")
def test_share_naive_sampling(benchmark):
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    launch = _launch()
    n = 2000

    def run():
        rng = np.random.default_rng(1)  # the same points every round
        d = geod.inv(launch.lon, launch.lat, CONOCO.lon, CONOCO.lat)[2]
        az = rng.uniform(0, 360, n)
        s = launch.uncertainty_m * np.sqrt(rng.uniform(0, 1, n))
        lon, lat, _ = geod.fwd(np.full(n, launch.lon), np.full(n, launch.lat), az, s)
        _, _, dist = geod.inv(np.full(n, CONOCO.lon), np.full(n, CONOCO.lat), lon, lat)

        def share(inner, outer):
            return float(np.mean((dist >= inner) & (dist <= outer)))

        return _naive_range_answers(d, share)

    out = benchmark(run)
    benchmark.extra_info.update(sure=out["sure"], possible=out["possible"])


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

    cands = _candidates(100)

    def run():
        return [check_range(c, CONOCO, weapon=w.id).verdict for c in cands for w in catalogue()]

    out = benchmark.pedantic(run, rounds=1, iterations=1)
    assert len(out) == 100 * len(catalogue())
    benchmark.extra_info["note"] = "100 candidates x 24 weapons, one check_range call per cell"


# ----------------------------------------------------------------------------------------------
# a site's region with 10 statements


def _statements():
    from datetime import timedelta

    from geoverify import regions

    return [
        regions.reach_region(CONOCO, "107 mm"),
        regions.reach_region(KHASHAM, "122 mm"),
        regions.direction_region(DEIR, "east-south-east"),
        regions.direction_region(QURIYAH, "north", max_m=60_000),
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


def _left_bank_degrees():
    """Where the left bank can be: a 1-degree strip left of the downstream line, with the 3 km
    band about the line (undecided, so possible)."""
    import json

    from shapely import union_all
    from shapely.geometry import LineString

    from geoverify._paths import data_path

    data = json.loads(data_path("euphrates_ne50.geojson").read_text(encoding="utf-8"))
    lines = [LineString(f["geometry"]["coordinates"]) for f in data["features"]]
    left = union_all([line.buffer(1.0, single_sided=True) for line in lines])
    band = union_all([line.buffer(3000.0 / M_PER_DEG) for line in lines])
    return left.union(band)


def _control_degrees():
    from shapely.geometry import Polygon

    return Polygon(LAYER["features"][0]["geometry"]["coordinates"][0]).buffer(1000.0 / M_PER_DEG)


@pytest.mark.benchmark(group="region")
def test_region_naive_shapely_degrees(benchmark):
    """The 10 statements as shapes in degrees (un-projected), intersected; area at the latitude."""
    from shapely import intersection_all
    from shapely.geometry import Point, Polygon

    def wedge(site, az, hw, r):
        t = np.radians(np.linspace(az - hw, az + hw, 64))
        k = math.cos(math.radians(site.lat))
        pts = [(site.lon, site.lat)] + [(site.lon + r * math.sin(a) / (M_PER_DEG * k),
                                         site.lat + r * math.cos(a) / M_PER_DEG) for a in t]
        return Polygon(pts).buffer(site.uncertainty_m / M_PER_DEG)

    def disc(site, r):  # r from the site's point, grown by its radius
        return Point(site.lon, site.lat).buffer((r + site.uncertainty_m) / M_PER_DEG, 64)

    def run():
        shapes = [disc(CONOCO, 8050),                 # 107 mm reaches the field
                  disc(KHASHAM, 40000),               # 122 mm (with its 40 km sibling)
                  wedge(DEIR, 112.5, 11.25, 1e6),     # east-south-east of Deir ez-Zor
                  wedge(QURIYAH, 0.0, 45.0, 60000),   # north of al-Quriyah, within 60 km
                  disc(CONOCO, 6000),                 # about 5 km from the field: 4 to 6 km
                  disc(KHASHAM, 5000),                # near Khasham (a village)
                  _left_bank_degrees(),               # the left bank
                  _control_degrees(),                 # the regime's area, 1 km tolerance
                  disc(DEIR, 25000),                  # 30 min off-road at 50 km/h
                  Point(DEIR.lon, DEIR.lat).buffer(30000 / M_PER_DEG, 64)]  # the site, 30 km
        geom = intersection_all(shapes)
        return geom.area * M_PER_DEG ** 2 * math.cos(math.radians(35.3)) / 1e6, geom.is_empty

    benchmark.extra_info["area_km2"] = benchmark(run)[0]


@pytest.mark.benchmark(group="region")
def test_region_naive_sampling(benchmark):
    """20,000 points in the box, each statement judged from its definition (pyproj)."""
    from pyproj import Geod
    from shapely import contains_xy

    geod = Geod(ellps="WGS84")
    n = 20_000
    south, west, north, east = 35.0, 39.9, 35.6, 40.7

    def run():
        rng = np.random.default_rng(3)  # the same points every round
        lat = rng.uniform(south, north, n)
        lon = rng.uniform(west, east, n)

        def polar(site):
            az, _, d = geod.inv(np.full(n, site.lon), np.full(n, site.lat), lon, lat)
            return az % 360.0, d

        def sector(site, centre, half, far):  # bearings within half + the radius's angle
            az, d = polar(site)
            off = np.abs((az - centre + 180.0) % 360.0 - 180.0)
            grow = np.degrees(np.arcsin(np.clip(site.uncertainty_m / np.maximum(d, 1.0), 0, 1)))
            return ((off <= half + grow) | (d <= site.uncertainty_m)) & (
                d <= far + site.uncertainty_m)

        inside = polar(CONOCO)[1] <= 8050 + CONOCO.uncertainty_m
        inside &= polar(KHASHAM)[1] <= 40000 + KHASHAM.uncertainty_m
        inside &= sector(DEIR, 112.5, 11.25, np.inf)
        inside &= sector(QURIYAH, 0.0, 45.0, 60000)
        inside &= polar(CONOCO)[1] <= 6000 + CONOCO.uncertainty_m
        inside &= polar(KHASHAM)[1] <= 5000 + KHASHAM.uncertainty_m
        inside &= contains_xy(_left_bank_degrees(), lon, lat)
        inside &= contains_xy(_control_degrees(), lon, lat)
        deir = polar(DEIR)[1]
        inside &= (deir <= 25000 + DEIR.uncertainty_m) & (deir <= 30000)
        box = (north - south) * M_PER_DEG * (east - west) * M_PER_DEG * math.cos(
            math.radians(35.3)) / 1e6
        return float(inside.mean()) * box, not inside.any()

    benchmark.extra_info["area_km2"] = benchmark(run)[0]


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
