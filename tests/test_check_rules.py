"""One rule, two front ends: the array rules agree *exactly* with the scalar checks.

Random rows of sites are judged once with :mod:`geoverify.checks.rules` on numpy arrays (as a
table of events would be) and once per row with the scalar check; verdicts, margins, shares,
centre verdicts and deciding radii must be equal, not close. ``weapon_matrix`` is checked the
same way against ``check_range`` per weapon.
"""

from __future__ import annotations

import math
from datetime import UTC

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoverify.checks import rules
from geoverify.checks.direction import check_direction, claimed_sector
from geoverify.checks.matrix import weapon_matrix
from geoverify.checks.proximity import check_proximity, proximity_limits
from geoverify.checks.range import check_range
from geoverify.checks.stated_distance import check_stated_distance, stated_limits
from geoverify.checks.travel import MODE_SPEEDS_KMH, ROUTE_FACTOR, check_travel
from geoverify.errors import CheckError
from geoverify.geodesy import distance_bounds, inverse
from geoverify.sites import Site
from geoverify.weapons import catalogue

G = Geodesic.WGS84
SET = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

rows_st = st.lists(st.tuples(st.floats(0, 360), st.floats(0, 60_000), st.floats(0, 8000),
                             st.floats(0, 8000)), min_size=1, max_size=12)


def make_rows(rows):
    """Pairs (a, b) of sites: a at (35, 40), b along an azimuth, each with a radius."""
    a_sites, b_sites = [], []
    for az, s, ra, rb in rows:
        g = G.Direct(35.0, 40.0, az, s)
        a_sites.append(Site(35.0, 40.0, ra, name="a"))
        b_sites.append(Site(g["lat2"], g["lon2"], rb, name="b"))
    return a_sites, b_sites


def arrays(sites):
    return (np.array([s.lat for s in sites]), np.array([s.lon for s in sites]),
            np.array([s.uncertainty_m for s in sites]))


def same(x, y):
    """Equal floats, NaN equal to NaN and to None."""
    if x is None or y is None:
        return (x is None or (isinstance(x, float) and math.isnan(x))) and (
            y is None or (isinstance(y, float) and math.isnan(y)))
    return x == y or (math.isnan(x) and math.isnan(y))


def nan_none(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


@SET
@given(rows_st, st.sampled_from(["near", "in", "on the outskirts of"]),
       st.sampled_from(["village", "city", None]))
def test_proximity_rows(rows, relation, kind):
    places, sites = make_rows(rows)
    pla, plo, pr = arrays(places)
    sla, slo, sr = arrays(sites)
    _, lower, upper = proximity_limits(relation, kind)
    lo, hi = distance_bounds(pla, plo, pr, sla, slo, sr)
    d = inverse(pla, plo, sla, slo).distance_m
    code, margin = rules.interval_rule(lo, hi, lower, upper)
    sure, possible = rules.interval_share(d, sr, pr, lower, upper, code)
    centre, _ = rules.interval_rule(d, d, lower, upper)
    dec_site = rules.interval_decide_radius(d, sr, pr, lower, upper)
    for i, (p, s) in enumerate(zip(places, sites, strict=True)):
        r = check_proximity(s, p, relation=relation, place_kind=kind)
        assert r.verdict == rules.verdict_of(code[i]) and same(r.margin, float(margin[i]))
        assert (r.share.sure, r.share.possible) == (sure[i], possible[i])
        assert r.centre_verdict == rules.verdict_of(centre[i])
        mine = {d_.site: d_.radius_m for d_ in r.decides_if}
        assert same(mine.get("site"), nan_none(float(dec_site[i])))


@SET
@given(rows_st, st.sampled_from([2000.0, 5000.0, 15_000.0]),
       st.sampled_from(["about", "", "exactly", "more than", "up to"]))
def test_stated_distance_rows(rows, stated, qualifier):
    a_sites, b_sites = make_rows(rows)
    ala, alo, ar = arrays(a_sites)
    bla, blo, br = arrays(b_sites)
    lower, upper, _ = stated_limits(stated, qualifier)
    lo, hi = distance_bounds(ala, alo, ar, bla, blo, br)
    d = inverse(ala, alo, bla, blo).distance_m
    code, margin = rules.interval_rule(lo, hi, lower, upper)
    sure, possible = rules.interval_share(d, ar, br, lower, upper, code)
    for i, (a, b) in enumerate(zip(a_sites, b_sites, strict=True)):
        r = check_stated_distance(a, b, stated_m=stated, qualifier=qualifier)
        assert r.verdict == rules.verdict_of(code[i]) and same(r.margin, float(margin[i]))
        assert (r.share.sure, r.share.possible) == (sure[i], possible[i])


WEAPON_WORDS = ["107 mm", "122 mm", "Katyusha", "M777", "GMLRS", "Grad", None]


@SET
@given(rows_st, st.sampled_from(WEAPON_WORDS))
def test_range_rows(rows, word):
    from geoverify.checks.range import _candidates, _family_siblings

    launches, targets = make_rows(rows)
    lla, llo, lr = arrays(launches)
    tla, tlo, tr = arrays(targets)
    d = inverse(lla, llo, tla, tlo).distance_m
    weapons = _candidates(word)
    lmin, top = rules.weapon_arrays(weapons)
    smin, stop = rules.weapon_arrays(_family_siblings(word, weapons))
    j = rules.range_judgement(d, lr, tr, lmin, top, named=word is not None, sibling_min_m=smin,
                              sibling_max_m=stop)
    for i, (launch, target) in enumerate(zip(launches, targets, strict=True)):
        r = check_range(launch, target, weapon=word)
        assert r.verdict == rules.verdict_of(j.code[i]) and same(r.margin, float(j.margin[i]))
        assert (r.share.sure, r.share.possible) == (j.sure[i], j.possible[i])
        assert r.centre_verdict == rules.verdict_of(j.centre_code[i])
        mine = {x.site: x.radius_m for x in r.decides_if}
        assert same(mine.get("launch"), nan_none(float(j.decide_launch[i])))
        assert same(mine.get("target"), nan_none(float(j.decide_target[i])))
        for k, o in enumerate(r.values["weapons"]):
            assert o["verdict"] == str(rules.verdict_of(j.weapon_code[i, k]))
            assert same(o["margin_m"], nan_none(float(j.weapon_margin[i, k])))
            assert o["share"] == {"sure": j.weapon_sure[i, k], "possible": j.weapon_possible[i, k]}


@SET
@given(st.lists(st.tuples(st.floats(0, 30_000), st.floats(0, 5_000), st.floats(0, 5_000)),
                min_size=1, max_size=20))
def test_range_rule_against_the_documented_envelope(rows):
    """The array rule against its definition, computed here from the sum of both radii.

    data/weapons.csv: the 107 mm rocket reaches 8,050 m, minimum unknown (undecided under a
    quarter of the maximum); the 9M22U rocket 1,600 to 20,000 m. Rows within a millimetre of
    a limit are left out (the rule's rounding tolerance decides those).
    """
    d, rl, rt = (np.array(col) for col in zip(*rows, strict=True))
    lo, hi = np.maximum(0.0, d - rl - rt), d + rl + rt
    for low, top, lower_known in ((np.nan, 8_050.0, False), (1_600.0, 20_000.0, True)):
        j = rules.range_judgement(d, rl, rt, [low], [top])
        need = low if lower_known else 0.25 * top
        for i in range(len(d)):
            edges = [top, need] + ([low] if lower_known else [])
            if min(abs(lo[i] - e) for e in edges) < 1e-3 or \
                    min(abs(hi[i] - e) for e in edges) < 1e-3:
                continue
            if lo[i] > top or (lower_known and hi[i] < low):
                expected = -1
            elif lo[i] >= need and hi[i] <= top:
                expected = 1
            else:
                expected = 0
            assert int(j.code[i]) == expected, (d[i], rl[i], rt[i], low, top)


@SET
@given(rows_st, st.sampled_from(["north-east", "S", "WNW", 100.0]),
       st.sampled_from([(0.0, math.inf), (0.0, 25_000.0), (8000.0, math.inf)]))
def test_direction_rows(rows, direction, band):
    refs, sites = make_rows(rows)
    rla, rlo, rr = arrays(refs)
    sla, slo, sr = arrays(sites)
    centre, half, _ = claimed_sector(direction)
    lower, upper = band
    j = rules.direction_judgement(rla, rlo, rr, sla, slo, sr, centre, half, lower, upper)
    sure, possible = rules.direction_share(j.distance_m, j.azimuth_deg, sr, rr, centre, half,
                                           lower, upper, j.code)
    dec = rules.direction_decide_radius(rla, rlo, rr, sla, slo, sr, centre, half, lower, upper,
                                        which="site")
    undecided = j.code == 0
    for i, (ref, site) in enumerate(zip(refs, sites, strict=True)):
        r = check_direction(site, ref, direction=direction, min_m=lower,
                            max_m=None if math.isinf(upper) else upper)
        assert r.verdict == rules.verdict_of(j.code[i])
        assert same(r.margin, nan_none(float(j.direction_margin[i])))
        assert r.values["azimuth_spread_deg"] == j.spread_deg[i]
        assert (r.share.sure, r.share.possible) == (sure[i], possible[i])
        assert r.centre_verdict == rules.verdict_of(j.centre_code[i])
        mine = {x.site: x.radius_m for x in r.decides_if}
        assert same(mine.get("site"), nan_none(float(dec[i])) if undecided[i] else None)


@SET
@given(rows_st, st.integers(0, 4 * 3600), st.integers(0, 3600), st.booleans())
def test_travel_rows(rows, gap, precision, same_unit):
    from datetime import datetime, timedelta

    from geoverify.times import TimeInterval

    a_sites, b_sites = make_rows(rows)
    ala, alo, ar = arrays(a_sites)
    bla, blo, br = arrays(b_sites)
    t0 = datetime(2022, 1, 5, 6, tzinfo=UTC)
    when_b = TimeInterval(t0 + timedelta(seconds=gap), t0 + timedelta(seconds=gap + precision))
    gmin, gmax = float(gap), float(gap + precision)  # whole seconds: as a timedelta holds them
    limit = MODE_SPEEDS_KMH["road_vehicle"]
    lo, hi = distance_bounds(ala, alo, ar, bla, blo, br)
    code, margin, _, _ = rules.travel_rule(lo, hi, gmin, gmax, limit, ROUTE_FACTOR, same_unit)
    d = inverse(ala, alo, bla, blo).distance_m
    sure, possible = rules.travel_share(d, br, ar, gmin, gmax, limit, ROUTE_FACTOR, same_unit,
                                        code)
    for i, (a, b) in enumerate(zip(a_sites, b_sites, strict=True)):
        r = check_travel(a, t0, b, when_b, same_unit=same_unit)
        assert r.verdict == rules.verdict_of(code[i]) and same(r.margin, float(margin[i]))
        assert (r.share.sure, r.share.possible) == (sure[i], possible[i])


def test_scalars_in_scalars_out():
    code, margin = rules.interval_rule(1000.0, 2000.0, 0.0, 5000.0)
    assert code.shape == () and int(code) == 1 and float(margin) == 3000.0
    assert rules.verdict_names(np.array([[1, -1], [0, 0]])).tolist() == [
        ["consistent", "inconsistent"], ["inconclusive", "inconclusive"]]
    # NaN rows (a missing coordinate) are undecided, never a confident verdict
    code, _ = rules.interval_rule(np.array([np.nan, 10.0]), np.array([np.nan, 20.0]), 0.0, 50.0)
    assert code.tolist() == [0, 1]


# ----------------------------------------------------------------------------------------------
# weapon_matrix


def test_weapon_matrix_cells_are_check_range_per_weapon():
    conoco = Site(35.33611, 40.30944, 4000, name="Conoco field")
    rng = np.random.default_rng(5)
    candidates = []
    for i in range(30):
        g = G.Direct(conoco.lat, conoco.lon, rng.uniform(0, 360), rng.uniform(0, 80_000))
        candidates.append(Site(g["lat2"], g["lon2"], rng.choice([0.0, 800.0, 5000.0]),
                               name=f"c{i}"))
    m = weapon_matrix(candidates, conoco)
    assert list(m.index.names) == ["launch", "weapon"] and len(m) == 30 * len(catalogue())
    for c in candidates[:12]:
        for w in catalogue():
            o = check_range(c, conoco, weapon=w.id).values["weapons"][0]
            row = m.loc[(c.name, w.id)]
            assert row["verdict"] == o["verdict"]
            assert same(float(row["margin_m"]), nan_none(o["margin_m"]))
            assert (row["share_sure"], row["share_possible"]) == (o["share"]["sure"],
                                                                  o["share"]["possible"])
    r = check_range(candidates[0], conoco)
    assert m.loc[candidates[0].name, "distance_min_m"].iloc[0] == r.values["distance_min_m"]


def test_weapon_matrix_one_launch_many_targets_and_bad_input():
    launch = Site(35.0, 40.5, 500, name="L")
    targets = {"near": Site(35.01, 40.5, 0), "far": Site(35.3, 40.5, 0)}
    m = weapon_matrix(launch, targets, weapons="Katyusha")
    assert list(m.index.names) == ["target", "weapon"]
    assert m["verdict"].unstack().loc["far"].tolist() == ["inconsistent", "inconsistent"]
    same_name = weapon_matrix([Site(35.0, 40.4, 0, name="X"), Site(35.0, 40.6, 0, name="X")],
                              Site(35.0, 40.5, 0), weapons="M224")
    assert same_name.index.get_level_values(0).tolist() == ["X", "X #2"]
    with pytest.raises(CheckError, match="one launch site and many targets"):
        weapon_matrix([launch, launch], [launch, launch])
    with pytest.raises(CheckError, match="must be a Site"):
        weapon_matrix([launch, (35.0, 40.0)], launch)
    with pytest.raises(CheckError, match="unknown weapon"):
        weapon_matrix(launch, launch, weapons="Katysha")


# ----------------------------------------------------------------------------------------------
# the range sentence names the weapons


def test_range_sentence_names_weapons_by_verdict():
    target = Site(35.0, 40.5, 0, name="T")
    g = G.Direct(35.0, 40.5, 0.0, 30_000.0)
    r = check_range(Site(g["lat2"], g["lon2"], 200, name="L"), target)
    text = r.explanation
    # ER-GMLRS (150 km, minimum unknown) is undecided at 30 km: under a quarter of its reach
    assert "5 fit (122 mm rocket (Chinese extended-range variant); Fajr-3 240 mm rocket; " \
           "Fajr-5 333 mm rocket; and 2 more)" in text
    assert "12 cannot reach (107 mm rocket (Type 63 family);" in text
    assert "and 9 more)" in text
    assert "7 undecided (Fajr-1 / Haseb 107 mm rocket (Iranian);" in text
    g = G.Direct(35.0, 40.5, 0.0, 15_000.0)
    k = check_range(Site(g["lat2"], g["lon2"], 100, name="L"), target, weapon="Katyusha")
    assert k.explanation.endswith(
        "of the 2 weapons 'Katyusha' can mean, 1 fit (122 mm rocket 9M22U (BM-21 Grad), "
        "1.6 to 20 km), 1 cannot reach (107 mm rocket (Type 63 family), at most 8.05 km, "
        "unverified figure), 0 undecided: consistent.")


# ----------------------------------------------------------------------------------------------
# the rules against their written definitions, at the limits (exact floats, worked by hand)

def _touch(limit):
    """geoverify.checks._support.limit_tolerance as documented: 1 micrometre + 1e-12 x limit."""
    return 1e-6 + 1e-12 * abs(limit)


def test_weapon_rule_limits_and_margins():
    nan, top = math.nan, 8_050.0
    reach = top + _touch(top)
    cases = [  # (lo, hi, minimum, maximum) -> (code, margin)
        ((3_000.0, reach), (1, top - reach)),          # touching the maximum: on it, fits
        ((reach, reach + 100.0), (0, None)),           # touching it from beyond: not beyond
        ((0.25 * top, 5_000.0), (1, top - 5_000.0)),   # at a quarter of the maximum: fits
        ((1_000.0, 3_000.0), (0, top - 2_000.0)),      # may be under the quarter: undecided,
                                                       # margin: the midpoint's slack
        ((3_000.0, 5_000.0), (1, top - 5_000.0)),      # fits: the smallest slack
        ((9_000.0, 9_500.0), (-1, top - 9_000.0)),     # beyond: minus the nearest excess
    ]
    for (lo, hi), (code, margin) in cases:
        c, m = rules.weapon_rule(lo, hi, nan, top)
        assert int(c) == code, (lo, hi)
        if margin is not None:
            assert float(m) == pytest.approx(margin, abs=1e-9), (lo, hi)
    # a known minimum: the interval rule on [minimum, maximum]
    c, m = rules.weapon_rule(1_000.0, 1_500.0, 1_600.0, 20_000.0)
    assert (int(c), float(m)) == (-1, -100.0)
    c, m = rules.weapon_rule(1_500.0, 2_500.0, 1_600.0, 20_000.0)
    assert (int(c), float(m)) == (0, 400.0)
    # an unknown maximum: undecided, no margin
    c, m = rules.weapon_rule(1_000.0, 2_000.0, nan, nan)
    assert int(c) == 0 and math.isnan(float(m))


@pytest.mark.parametrize(("args", "code", "speed_min", "speed_max", "margin"), [
    # (lo m, hi m, shortest gap s, longest gap s, same unit): 90 km/h, route factor 1.4
    ((10.0, 20.0, 0.0, 0.0, True), -1, math.inf, math.inf, -math.inf),  # no time, some way
    ((0.0, 0.0, 0.0, 0.0, True), 1, 0.0, 0.0, 90.0),                     # no time, no way
    ((1e-6, 1e-6, 0.0, 0.0, True), 0, 0.0, math.inf, 90.0),              # a micrometre: 0
    ((10.0, 20.0, 1.0, 1.0, True), 0, 36.0, 20 * 1.4 * 3.6, 54.0),       # 36 to 100.8 km/h
    ((10.0, 10.0, 2.0, 2.0, True), 1, 18.0, 10 * 1.4 / 2 * 3.6, 90 - 25.2),
    ((10.0, 10.0, 0.5, 0.5, True), 0, 72.0, 10 * 1.4 / 0.5 * 3.6, 18.0),
    ((1_000.0, 1_000.0, 1.0, 1.0, False), 0, 3_600.0, 5_040.0, 90 - 3_600.0),  # never -1
    ((1_000.0, 1_000.0, 1.0, 1.0, True), -1, 3_600.0, 5_040.0, 90 - 3_600.0),
])
def test_travel_rule_by_its_definition(args, code, speed_min, speed_max, margin):
    """The smallest speed is the nearest distance over the longest gap (infinite for no time
    unless the distance may be zero, within a micrometre); the largest is the farthest times
    the route factor over the shortest gap; inconsistent (one unit only) when the smallest
    exceeds the limit, consistent when the largest does not; the margin is the limit minus the
    deciding speed (the largest for a consistent check, the smallest otherwise)."""
    lo, hi, gmin, gmax, same = args
    c, m, s_min, s_max = rules.travel_rule(lo, hi, gmin, gmax, 90.0, 1.4, same)
    assert int(c) == code
    assert float(s_min) == pytest.approx(speed_min, rel=1e-12)
    assert float(s_max) == pytest.approx(speed_max, rel=1e-12)
    assert float(m) == pytest.approx(margin, rel=1e-12)


def test_travel_rule_default_is_one_unit():
    assert int(rules.travel_rule(1_000.0, 1_000.0, 1.0, 1.0, 90.0, 1.4)[0]) == -1


def test_range_margin_over_several_candidates():
    """The check's margin is the fitting weapons' best margin when it is consistent, else the
    best known margin; a weapon of unknown reach adds none (range_judgement's definition)."""
    nan = math.nan
    # 19,450 m +- 450 m: W1 (1.6 to 20 km) fits with 100 m to spare; W2 (80 km, minimum
    # unknown) may be under a quarter of its reach (20 km): undecided, its midpoint slack 60.55 km
    j = rules.range_judgement(19_450.0, 200.0, 250.0, [1_600.0, nan], [20_000.0, 80_000.0])
    assert j.weapon_code.tolist() == [1, 0]
    assert int(j.code) == 1 and float(j.margin) == pytest.approx(100.0, abs=1e-9)
    # no weapon fits: the best known margin (W1 straddles 20 km: its midpoint slack 550 m)
    j = rules.range_judgement(19_450.0, 200.0, 800.0, [1_600.0, nan], [20_000.0, nan])
    assert j.weapon_code.tolist() == [0, 0]
    assert int(j.code) == 0 and float(j.margin) == pytest.approx(550.0, abs=1e-9)
    # all excluded: the least excess
    j = rules.range_judgement(30_000.0, 0.0, 0.0, [1_600.0, nan], [20_000.0, 25_000.0])
    assert int(j.code) == -1 and float(j.margin) == pytest.approx(-5_000.0, abs=1e-9)


def test_range_family_sibling_rescues_with_its_own_margin():
    """All candidates excluded but a family sibling reaches: undecided, with the best reaching
    sibling's margin; a sibling that cannot reach rescues nothing."""
    nan = math.nan
    weapons = ([nan, 1_600.0], [8_050.0, 20_000.0])  # 107 mm, 9M22U: both beyond 25 km
    # sibling 1 (40 km, minimum unknown) fits 25 km with 15 km to spare; sibling 2 (30 to
    # 45 km) cannot be fired that close
    j = rules.range_judgement(25_000.0, 0.0, 0.0, *weapons, sibling_min_m=[nan, 30_000.0],
                              sibling_max_m=[40_000.0, 45_000.0])
    assert j.weapon_code.tolist() == [-1, -1] and j.sibling_code.tolist() == [1, -1]
    assert int(j.code) == 0 and float(j.margin) == pytest.approx(15_000.0, abs=1e-9)
    j = rules.range_judgement(25_000.0, 0.0, 0.0, *weapons, sibling_min_m=[30_000.0],
                              sibling_max_m=[45_000.0])
    assert int(j.code) == -1 and float(j.margin) == pytest.approx(-5_000.0, abs=1e-9)


@pytest.mark.parametrize(("azimuth", "spread", "code", "margin"), [
    # "north-east", 45 +- 22.5 degrees; bearings azimuth +- spread (exact binary fractions)
    (65.5, 2.0, 1, 0.0),     # the widest bearing on the edge: inside, no slack
    (65.0, 2.0, 1, 0.5),     # half a degree to spare
    (69.5, 2.0, 0, -2.0),    # the nearest bearing on the edge: straddles; the point's slack
    (70.0, 2.0, -1, -0.5),   # all outside, by half a degree
    (100.0, 2.0, -1, -30.5),
    (45.0, 180.0, 0, None),  # any bearing possible: undecided, no margin
])
def test_direction_rule_by_its_definition(azimuth, spread, code, margin):
    c, m = rules.direction_rule(azimuth, spread, 45.0, 22.5)
    assert int(c) == code
    if margin is None:
        assert math.isnan(float(m))
    else:
        assert float(m) == margin


def test_interval_rule_touching_tolerance_grows_with_the_limit():
    """A value past a limit by less than 1 micrometre + 1e-12 of it is on it (rounding); past
    it by twice that, it is past it: for a limit of 20,000 km the slack is 21 micrometres."""
    upper = 2e7
    touch = _touch(upper)
    assert touch == pytest.approx(2.1e-5)
    assert int(rules.interval_rule(0.0, upper + 0.9 * touch, 0.0, upper)[0]) == 1
    assert int(rules.interval_rule(0.0, upper + 2.0 * touch, 0.0, upper)[0]) == 0
    assert int(rules.interval_rule(upper + 0.9 * touch, upper + 1.0, 0.0, upper)[0]) == 0
    assert int(rules.interval_rule(upper + 2.0 * touch, upper + 1.0, 0.0, upper)[0]) == -1


def test_interval_rule_sub_metre_lower_limit():
    # a lower limit of half a metre is a limit (only 0 or less is none)
    assert int(rules.interval_rule(0.1, 0.2, 0.5, 5.0)[0]) == -1
    code, margin = rules.interval_rule(0.6, 0.7, 0.5, 5.0)
    assert int(code) == 1 and float(margin) == pytest.approx(0.1, abs=1e-12)  # its slack


def test_direction_judgement_distance_part():
    """The distance part: distance_bounds (geographiclib d -+ both radii), judged against
    [lower, upper]; code 1 when there is no distance condition."""
    g = G.Direct(35.0, 40.0, 45.0, 5_000.0)
    args = (35.0, 40.0, 200.0, g["lat2"], g["lon2"], 300.0, 45.0, 22.5)
    free = rules.direction_judgement(*args)
    assert int(free.distance_code) == 1 and int(free.code) == int(free.direction_code) == 1
    assert float(free.lo) == pytest.approx(4_500.0, abs=1e-6)
    assert float(free.hi) == pytest.approx(5_500.0, abs=1e-6)
    near = rules.direction_judgement(*args, 8_000.0)  # "at least 8 km": 4.5 to 5.5 km is not
    assert (int(near.distance_code), int(near.code)) == (-1, -1)
    far = rules.direction_judgement(*args, 5_000.0)  # straddles 5 km
    assert (int(far.distance_code), int(far.code)) == (0, 0)
    h = G.Direct(35.0, 40.0, 45.0, 0.3)  # 30 cm away, "at least half a metre": no
    tiny = rules.direction_judgement(35.0, 40.0, 0.0, h["lat2"], h["lon2"], 0.0, 45.0, 22.5,
                                     0.5)
    assert int(tiny.distance_code) == -1


def test_a_rescued_range_takes_the_margin_of_the_siblings_that_reach():
    # mutation survivor (issue 12): the candidate (max 5 km) is out at 7-13 km; of its family,
    # a 9 km sibling (minimum unknown) may reach, margin 9 - (7 + 13) / 2 = -1 km (the weapon
    # rule's middle distance), and a 6.99 km sibling cannot (margin 6.99 - 7 = -0.01 km). The
    # check is rescued to inconclusive with the margin of the sibling that reaches, not the
    # larger one of the sibling that does not
    j = rules.range_judgement(10_000.0, 2_000.0, 1_000.0, [np.nan], [5_000.0],
                              sibling_min_m=[np.nan, np.nan], sibling_max_m=[9_000.0, 6_990.0])
    assert j.sibling_code.tolist() == [0, -1]
    assert int(j.code) == 0 and float(j.margin) == -1_000.0
