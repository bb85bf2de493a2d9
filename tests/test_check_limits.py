"""Every check kind at its limit, a metre / a hundredth of a degree / a second either side.

Each limit is computed here from the documented rule (the module docstrings, data/weapons.csv,
README) and the geometry is independent of the code: sites are placed with geographiclib's
Direct problem, so their distance and bearing are known without geoverify; the sun is pvlib's
SPA (geoverify's sun agrees with it to about 1e-7 degrees, and the sun moves 0.003 degrees in a
second); horizon distances are the closed form sqrt(2 R_eff h + h^2). Every site has a non-zero
uncertainty radius, and the exact verdict is asserted on each side of the limit, so a limit
moved by a metre (a ``<=`` turned into ``<``, a radius left out) fails here.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
from geographiclib.geodesic import Geodesic
from pvlib import solarposition
from scipy.optimize import brentq

from geoverify.checks import (
    check_bank,
    check_cluster,
    check_control,
    check_direction,
    check_proximity,
    check_range,
    check_stated_distance,
    check_travel,
    check_visibility,
)
from geoverify.checks.daylight import daylight
from geoverify.checks.result import Verdict
from geoverify.checks.shadow import ShadowMeasurement, shadow
from geoverify.sites import Site

G = Geodesic.WGS84
C, U, X = Verdict.CONSISTENT, Verdict.INCONCLUSIVE, Verdict.INCONSISTENT
ORIGIN = (35.0, 40.5)
ROOT = Path(__file__).resolve().parents[1]


def at(lat, lon, azimuth, metres, radius, name="s"):
    """The site ``metres`` from (lat, lon) along ``azimuth`` (geographiclib), with a radius."""
    g = G.Direct(lat, lon, azimuth, metres)
    return Site(g["lat2"], g["lon2"], radius, name=name)


def pair(distance, r_a, r_b, azimuth=37.0):
    """Two sites ``distance`` apart (a at ORIGIN), with radii ``r_a`` and ``r_b``."""
    return Site(*ORIGIN, r_a, name="a"), at(*ORIGIN, azimuth, distance, r_b, name="b")


def verdicts(judge, values):
    return [judge(v).verdict for v in values]


# ------------------------------------------------------------------------------------ range
# data/weapons.csv: 107mm-type63 reaches 8,050 m (minimum unknown: under 25 % of the maximum,
# 2,012.5 m, is undecided); 122mm-9m22u 1,600 to 20,000 m. Radii 20 m + 30 m = 50 m.

def _range(weapon):
    def judge(d):
        launch, target = pair(d, 20.0, 30.0)
        return check_range(launch, target, weapon=weapon)
    return judge


def test_range_maximum():
    top = 8_050.0
    # consistent while the farthest distance d + 50 is within reach (8,000 m +- 50 m: on it)
    assert verdicts(_range("107mm-type63"), [top - 50 - 1, top - 50, top - 50 + 1]) == [C, C, U]
    # inconsistent once the nearest distance d - 50 is beyond it
    assert verdicts(_range("107mm-type63"), [top + 50 - 1, top + 50, top + 50 + 1]) == [U, U, X]


def test_range_unknown_minimum_is_a_quarter_of_the_maximum():
    # (this limit takes no rounding tolerance: exactly on it reads either way, never wrongly)
    quarter = 0.25 * 8_050.0
    assert verdicts(_range("107mm-type63"), [quarter + 50 - 1, quarter + 50 + 1]) == [U, C]


def test_range_known_minimum():
    low = 1_600.0
    assert verdicts(_range("122mm-9m22u"), [low + 50 - 1, low + 50, low + 50 + 1]) == [U, C, C]
    assert verdicts(_range("122mm-9m22u"), [low - 50 - 1, low - 50, low - 50 + 1]) == [X, U, U]


# ---------------------------------------------------------------------------- proximity
# The proximity docstring: "near" a village is within 5 km; its outskirts 0.5 to 3 km. Radii
# 300 m (site) + 200 m (place) = 500 m; 100 m + 100 m for the inner edge of the outskirts.

def _proximity(relation, r_site=300.0, r_place=200.0):
    def judge(d):
        place, site = pair(d, r_place, r_site)
        return check_proximity(site, place, relation=relation, place_kind="village")
    return judge


def test_proximity_near_limit():
    assert verdicts(_proximity("near"), [4_499, 4_500, 4_501]) == [C, C, U]
    assert verdicts(_proximity("near"), [5_499, 5_500, 5_501]) == [U, U, X]


def test_proximity_outskirts_inner_limit():
    assert verdicts(_proximity("on the outskirts of"), [999, 1_000, 1_001]) == [U, C, C]
    small = _proximity("on the outskirts of", 100.0, 100.0)
    assert verdicts(small, [299, 300, 301]) == [X, U, U]


# ----------------------------------------------------------------------- stated distance
# "about 5 km" allows 4 to 6 km (+-20 %; the stated_distance docstring). Radii 300 + 200 m.

def _stated(d):
    a, b = pair(d, 300.0, 200.0)
    return check_stated_distance(a, b, stated_m=5_000, qualifier="about")


def test_stated_distance_limits():
    assert verdicts(_stated, [4_499, 4_500, 4_501]) == [U, C, C]
    assert verdicts(_stated, [5_499, 5_500, 5_501]) == [C, C, U]
    assert verdicts(_stated, [6_499, 6_500, 6_501]) == [U, U, X]
    assert verdicts(_stated, [3_499, 3_500, 3_501]) == [X, U, U]


# ------------------------------------------------------------------------------ cluster
# every site "near" a village (5 km), each judged as proximity judges it

def _cluster(d_far):
    place = Site(*ORIGIN, 200.0, name="P")
    sites = [at(*ORIGIN, 10.0, 1_000.0, 300.0, "s1"), at(*ORIGIN, 200.0, 2_500.0, 300.0, "s2"),
             at(*ORIGIN, 300.0, d_far, 300.0, "s3")]
    return check_cluster(sites, place, relation="near", place_kind="village")


def test_cluster_limits_on_the_farthest_site():
    assert verdicts(_cluster, [4_499, 4_500, 4_501]) == [C, C, U]
    assert verdicts(_cluster, [5_499, 5_500, 5_501]) == [U, U, X]


# ------------------------------------------------------------------------------- travel
# road_vehicle: 90 km/h = 25 m/s; consistent when the largest distance x 1.4 (the route
# factor) is covered in the shortest gap, inconsistent when even the smallest distance is not
# covered in the longest. Radii 200 m + 300 m.

T0 = datetime(2022, 1, 5, 6, tzinfo=UTC)


def _travel(d, gap_s):
    a, b = pair(d, 200.0, 300.0)
    return check_travel(a, T0, b, T0 + timedelta(seconds=gap_s), mode="road_vehicle")


def test_travel_distance_limit():
    fit = 25.0 * 3_600 / 1.4 - 500.0  # 63,785.7 m in an hour
    assert [_travel(d, 3_600).verdict for d in (fit - 1, fit + 1)] == [C, U]
    out = 25.0 * 3_600 + 500.0  # the nearest distance 90 km in an hour
    assert [_travel(d, 3_600).verdict for d in (out - 1, out, out + 1)] == [U, U, X]


def test_travel_time_limit():
    # 62 km: the route 87.5 km takes 3,500 s at 25 m/s; the nearest 61.5 km takes 2,460 s
    assert [_travel(62_000.0, g).verdict for g in (3_499, 3_500, 3_501)] == [U, C, C]
    assert [_travel(62_000.0, g).verdict for g in (2_459, 2_460, 2_461)] == [X, U, U]


# --------------------------------------------------------------------------- visibility
# the visibility docstring: each height sees sqrt(2 R_eff h + h^2) far, R_eff = R / (1 - k),
# R = 6,371,008.8 m, k = 0.13; the two horizons add. Radii 300 m (observer) + 200 m.

def test_visibility_limits():
    r_eff = 6_371_008.8 / (1 - 0.13)
    limit = sum(math.sqrt(2 * r_eff * h + h * h) for h in (2.0, 30.0))

    def judge(d):
        observer, target = pair(d, 300.0, 200.0)
        return check_visibility(observer, target, observer_height_m=2, target_height_m=30)

    assert verdicts(judge, [limit - 500 - 1, limit - 500 + 1]) == [C, U]
    assert verdicts(judge, [limit + 500 - 1, limit + 500 + 1]) == [U, X]


# ---------------------------------------------------------------------------- direction
# The bearings from the reference's circle (200 m) to the site's (300 m) fill azimuth +-
# spread, the documented conservative bound of geoverify.geodesy.azimuth_range:
# asin(sin(rho) / sin(delta)) x 1.005 + 1e-6 deg + the meridian convergence across the
# reference's circle; "north-east" is 45 +- 22.5 degrees.

R_MEAN, R_MIN = 6_371_008.771415, 6_335_439.327


def _documented_spread(d, r_ref, r_site, lat_ref):
    rho, delta = (r_ref + r_site) / R_MEAN, d / R_MEAN
    half = math.degrees(math.asin(math.sin(rho) / math.sin(delta)))
    phi_max = abs(lat_ref) + math.degrees(r_ref / R_MIN)
    conv = math.degrees(r_ref * math.tan(math.radians(phi_max)) / R_MIN)
    return half * 1.005 + 1e-6 + conv


def _direction(azimuth, d=10_000.0):
    reference = Site(*ORIGIN, 200.0, name="R")
    site = at(*ORIGIN, azimuth, d, 300.0, "S")
    return check_direction(site, reference, direction="north-east")


def _true_bearings(reference, site, n=72):
    """Every bearing between points of the two circles (geographiclib, brute force)."""
    def ring(s):
        return [(s.lat, s.lon)] + [
            (g["lat2"], g["lon2"]) for g in (G.Direct(s.lat, s.lon, 360.0 * k / n,
                                                      s.uncertainty_m) for k in range(n))]
    return [G.Inverse(a, b, c, d)["azi1"] % 360 for a, b in ring(reference)
            for c, d in ring(site)]


def test_direction_sector_edges():
    spread = _documented_spread(10_000.0, 200.0, 300.0, ORIGIN[0])
    assert 2.8 < spread < 2.9
    inner = 67.5 - spread  # every possible bearing inside up to here
    assert [_direction(a).verdict for a in (inner - 0.01, inner + 0.01)] == [C, U]
    outer = 67.5 + spread  # no possible bearing inside from here
    assert [_direction(a).verdict for a in (outer - 0.01, outer + 0.01)] == [U, X]
    lower = 22.5 + spread  # and the other edge
    assert [_direction(a).verdict for a in (lower - 0.01, lower + 0.01)] == [U, C]
    # the bound is sound: where the check says consistent, every true bearing is inside
    reference, site = Site(*ORIGIN, 200.0), at(*ORIGIN, inner - 0.01, 10_000.0, 300.0)
    bearings = _true_bearings(reference, site)
    assert 22.5 <= min(bearings) and max(bearings) <= 67.5


def test_direction_distance_condition():
    def judge(d):
        reference = Site(*ORIGIN, 200.0, name="R")
        return check_direction(at(*ORIGIN, 45.0, d, 300.0), reference, direction="north-east",
                               max_m=20_000)

    assert verdicts(judge, [19_499, 19_500, 19_501]) == [C, C, U]
    assert verdicts(judge, [20_499, 20_500, 20_501]) == [U, U, X]


# ------------------------------------------------------------------------------ control
# The control docstring: consistent when the site's circle lies inside the area at least the
# tolerance (1 km) from its edge, inconsistent when it lies that far outside every area the
# actor may have held. The area's east edge is the meridian 40.5 E; a site placed due west
# or east of (35 N, 40.5 E) is its distance from that edge (a geodesic leaving a meridian at
# a right angle). Site radius 500 m: the limit is 1,500 m from the edge.

LAYER = {"type": "FeatureCollection", "features": [{"type": "Feature",
         "properties": {"actor": "A", "valid_from": None, "valid_to": None},
         "geometry": {"type": "Polygon", "coordinates": [[[40.0, 34.5], [40.5, 34.5],
                      [40.5, 35.5], [40.0, 35.5], [40.0, 34.5]]]}}]}


def _control(azimuth):
    def judge(d):
        site = at(35.0, 40.5, azimuth, d, 500.0)
        return check_control(site, actor="A", when="2022-01-05T06:00Z", layers=LAYER)
    return judge


def test_control_limits_inside_and_outside():
    assert verdicts(_control(270.0), [1_499, 1_501]) == [U, C]
    assert verdicts(_control(90.0), [1_499, 1_501]) == [U, X]


# --------------------------------------------------------------------------------- bank
# The bank docstring: undecided within 3 km plus the site's radius (500 m) of the Natural
# Earth centre line. Its segment 40.00431 E 35.47256 N to 40.17928 E 35.3627 N (20 km, the
# longest; vertices upstream first) flows south-east: left of it is the left bank.

def _bank(side_offset, claimed):
    line = json.loads((ROOT / "data" / "euphrates_ne50.geojson").read_text(encoding="utf-8"))
    coords = [tuple(c) for c in line["features"][0]["geometry"]["coordinates"]]
    a, b = (40.00431, 35.47256), (40.17928, 35.3627)
    assert coords[coords.index(a) + 1] == b  # consecutive, in downstream order
    inv = G.Inverse(a[1], a[0], b[1], b[0])
    mid = G.Direct(a[1], a[0], inv["azi1"], inv["s12"] / 2)

    def judge(d):
        site = at(mid["lat2"], mid["lon2"], mid["azi2"] + side_offset, d, 500.0)
        return check_bank(site, bank=claimed)
    return judge


def test_bank_refusal_band():
    assert verdicts(_bank(-90.0, "left"), [3_499, 3_501]) == [U, C]
    assert verdicts(_bank(-90.0, "right"), [3_499, 3_501]) == [U, X]
    assert verdicts(_bank(90.0, "right"), [3_499, 3_501]) == [U, C]


# ----------------------------------------------------------------------------- daylight
# "day" (the daylight docstring's table): certainly when the sun's true elevation is above
# -0.8333 degrees, possibly above -6; a site's radius r widens the elevation by r / 6,335,439 m
# (radians). Instants at al-Quriyah on 5 January 2022 around sunrise, site radius 5 km.

QURIYAH = (34.95629, 40.54139)


def _when_elevation(target_deg, start, end, column="elevation"):
    """The instant the sun's (pvlib SPA) elevation crosses ``target_deg`` between two times."""
    def f(seconds):
        t = pd.DatetimeIndex([start + timedelta(seconds=seconds)])
        return float(solarposition.spa_python(t, *QURIYAH, delta_t=None)[column].iloc[0]) \
            - target_deg
    return start + timedelta(seconds=brentq(f, 0.0, (end - start).total_seconds(), xtol=1e-3))


def test_daylight_day_at_sunrise():
    site = Site(*QURIYAH, 5_000.0, name="Q")
    pad = math.degrees(5_000.0 / 6_335_439.0)
    start, end = datetime(2022, 1, 5, 2, tzinfo=UTC), datetime(2022, 1, 5, 6, tzinfo=UTC)
    second = timedelta(seconds=1)
    sure = _when_elevation(-0.8333 + pad, start, end)
    assert [daylight(site, t, "day").verdict for t in (sure - second, sure + second)] == [U, C]
    maybe = _when_elevation(-6.0 - pad, start, end)
    assert [daylight(site, t, "day").verdict for t in (maybe - second, maybe + second)] == [X, U]


def test_daylight_morning_ends_at_noon_on_the_clock():
    # in January under UTC+2 solar noon (11:23) comes first: from then until 12:00 on the
    # clock "morning" may fit (one clock says so), from 12:00 it cannot
    site = Site(*QURIYAH, 5_000.0, name="Q")
    noon = datetime(2022, 1, 5, 10, tzinfo=UTC)  # 12:00 in Damascus (UTC+2 then)
    second = timedelta(seconds=1)
    got = [daylight(site, t, "morning", zone="Asia/Damascus").verdict
           for t in (noon - second, noon + second)]
    assert got == [U, X]


# ------------------------------------------------------------------------------- shadow
# A vertical object's shadow of length/height 3.0 +- 0.1 fits a sun apparently between
# atan(1/3.1) and atan(1/2.9) degrees high; the site's radius (2 km) widens the elevation by
# r / 6,335,439 m (the shadow docstring). A claimed instant fits, may fit, or cannot.

def test_shadow_length_limits():
    site = Site(*QURIYAH, 2_000.0, name="Q")
    m = ShadowMeasurement(length_ratio=3.0, length_ratio_error=0.1)
    low = math.degrees(math.atan2(1.0, 3.1))
    high = math.degrees(math.atan2(1.0, 2.9))
    pad = math.degrees(2_000.0 / 6_335_439.0)
    start, end = datetime(2022, 1, 5, 5, tzinfo=UTC), datetime(2022, 1, 5, 8, tzinfo=UTC)
    second = timedelta(seconds=1)

    def judge(t):
        return shadow(site, measurements=[m], when=t).verdict

    enters = _when_elevation(low + pad, start, end, "apparent_elevation")
    assert [judge(enters - second), judge(enters + second)] == [U, C]
    leaves = _when_elevation(high - pad, start, end, "apparent_elevation")
    assert [judge(leaves - second), judge(leaves + second)] == [C, U]
    first = _when_elevation(low - pad, start, end, "apparent_elevation")
    assert [judge(first - second), judge(first + second)] == [X, U]


def test_shadow_azimuth_limit():
    # the shadow points away from the sun; a site's angle delta moves the sun's azimuth by at
    # most asin(sin(delta) / sin(zenith)) (the shadow docstring)
    site = Site(*QURIYAH, 2_000.0, name="Q")
    when = datetime(2022, 1, 5, 7, tzinfo=UTC)
    ref = solarposition.spa_python(pd.DatetimeIndex([when]), *QURIYAH, delta_t=None)
    shadow_az = (float(ref["azimuth"].iloc[0]) + 180.0) % 360.0
    zenith = 90.0 - float(ref["elevation"].iloc[0])
    delta = 2_000.0 / 6_335_439.0
    d_az = math.degrees(math.asin(math.sin(delta) / math.sin(math.radians(zenith))))

    def judge(measured):
        m = ShadowMeasurement(azimuth_deg=measured, azimuth_error_deg=3.0)
        return shadow(site, measurements=[m], when=when).verdict

    fit = 3.0 - d_az  # measured this far off, every sun direction still fits
    assert [judge(shadow_az + fit - 0.01), judge(shadow_az + fit + 0.01)] == [C, U]
    out = 3.0 + d_az  # this far off, none does
    assert [judge(shadow_az - out + 0.01), judge(shadow_az - out - 0.01)] == [U, X]
