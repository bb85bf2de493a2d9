"""The daylight checks of a case in one vectorized pass (issue 10, E14).

The daylight check recomputed the sun claim by claim (about 95 ms a claim: a 10,000-claim case
ran past ten minutes). Now the engine runs every daylight check of a case through
``daylight_many`` (the sun for all claims' samples in a few array passes, sunrise and sunset
for all their days together) and the slow ephemeris series are tabulated once per process.
These tests pin that the answers do not change (each against the claim-by-claim path and the
full series, and the sun against pvlib) and that the ephemeris series are no longer evaluated
per claim (counted, not timed: speed is measured in ``benchmarks/bench_daylight.py``).
"""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pytest

from geoverify import sun
from geoverify import verify as engine
from geoverify.casefile import loads_case
from geoverify.checks.daylight import daylight, daylight_many
from geoverify.errors import CheckError, TimeParseError
from geoverify.sites import Site
from geoverify.times import parse_time

WORDS = ("morning", "night", "afternoon", "evening", "dawn", "dusk")


def _case(n: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    lines = ["title: t", "timezone: Asia/Damascus", "sites:"]
    for i in range(max(4, n // 10)):
        lines.append(f'  s{i}: {{coordinates: "{35 + rng.random():.5f}, {40 + rng.random():.5f}", '
                     f"uncertainty_m: {rng.choice([100, 2000])}}}")
    lines.append("claims:")
    for i in range(n):
        day = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        when = rng.choice([f"{day} {rng.choice(WORDS)}", f"{day}T{rng.randint(0, 23):02d}:"
                                                          f"{rng.randint(0, 59):02d}"])
        lines.append(f"  - {{id: c{i}, claimant: x, kind: impact, site: s{i % max(4, n // 10)}, "
                     f'when: "{when}", light: {rng.choice(WORDS)}}}')
    return "\n".join(lines) + "\n"


def _answers(report):
    return [(c.id, str(c.verdict), c.margin, c.explanation, c.values) for c in report.checks]


def test_the_one_pass_gives_what_claim_by_claim_gives(monkeypatch):
    case = loads_case(_case(120))
    batched = _answers(engine.verify(case))
    monkeypatch.setattr(engine, "_daylight_in_one_pass", lambda *args: {})
    one_by_one = _answers(engine.verify(case))
    assert batched == one_by_one
    assert {v for _, v, *_ in batched} >= {"consistent", "inconsistent"}


def test_the_tabulated_series_give_the_answers_of_the_full_series(monkeypatch):
    case = loads_case(_case(60, seed=5))
    tabulated = _answers(engine.verify(case))
    monkeypatch.setattr(sun, "_slow_terms_tabulated", sun._slow_terms)
    full = _answers(engine.verify(case))
    for a, b in zip(tabulated, full, strict=True):
        assert a[:2] == b[:2] and a[3] == b[3]
        assert a[2] == b[2] or a[2] == pytest.approx(b[2], abs=1e-6)


def test_the_series_are_not_evaluated_per_claim(monkeypatch):
    # before: about 16 evaluations of the VSOP87/nutation series per daylight claim
    case = loads_case(_case(300, seed=9))
    calls = []
    real = sun._slow_terms
    monkeypatch.setattr(sun, "_slow_terms", lambda jce: calls.append(len(jce)) or real(jce))
    monkeypatch.setattr(sun, "_NODES", {})  # a cold table
    engine.verify(case)
    assert 0 < len(calls) <= 20, len(calls)
    assert sum(calls) <= 366 * 4 + 100  # at most every 6-hour node of the year, once
    calls.clear()
    engine.verify(case)  # warm: the nodes are kept
    assert calls == []


def test_daylight_many_matches_daylight_item_by_item_and_keeps_errors_in_place():
    s = Site(34.95629, 40.54139, 1500, name="q")
    north = Site(78.22, 15.65, 100, name="Longyearbyen")
    items = [
        (s, parse_time("2022-01-05T07:30 Asia/Damascus"), "morning", None),
        (s, parse_time("2022-01-05T03:00Z"), "before dawn", "Asia/Damascus"),
        (s, parse_time("2022-01-05T07:30 Asia/Damascus"), "teatime", None),
        (north, parse_time("2022-06-21T23:00 Arctic/Longyearbyen"), "night", None),
        ("not a site", parse_time("2022-01-05T07:30Z"), "day", None),
        (s, "2022-01-05T07:30", "day", None),
    ]
    out = daylight_many(items)
    assert len(out) == len(items)
    for item, got in zip(items, out, strict=True):
        try:
            want = daylight(item[0], item[1], item[2], zone=item[3])
        except (CheckError, TimeParseError) as exc:
            assert type(got) is type(exc) and str(got) == str(exc)
            continue
        assert (got.verdict, got.margin, got.explanation, got.values) == (
            want.verdict, want.margin, want.explanation, want.values)
    assert isinstance(out[2], CheckError) and isinstance(out[4], CheckError)
    assert isinstance(out[5], TimeParseError)


def test_sun_times_many_matches_sun_times():
    items = [(34.95629, 40.54139, date(2022, 1, 5), "Asia/Damascus"),
             (78.22, 15.65, date(2022, 6, 21), "Arctic/Longyearbyen"),
             (78.22, 15.65, date(2022, 12, 21), "Arctic/Longyearbyen"),
             (-33.9, 18.4, date(2022, 3, 20), "Africa/Johannesburg"),
             (0.0, 179.9, date(2022, 9, 1), "UTC")]
    many = sun.sun_times_many(items)
    for (lat, lon, day, zone), got in zip(items, many, strict=True):
        assert got == sun.sun_times(lat, lon, day, zone=zone)
    assert many[1].polar_day and many[2].polar_night
    assert sun.sun_times_many([]) == []


def test_tabulated_positions_agree_with_the_series_at_every_time():
    rng = np.random.default_rng(11)
    n = 5000
    unix = rng.integers(np.datetime64("1950-01-01", "s").astype(np.int64),
                        np.datetime64("2100-01-01", "s").astype(np.int64), n)
    times = unix.astype("datetime64[s]")
    lat, lon = rng.uniform(-89, 89, n), rng.uniform(-180, 180, n)
    a = sun.solar_position(lat, lon, times)
    b = sun.solar_position(lat, lon, times, tabulated=False)
    assert np.max(np.abs(a.elevation_deg - b.elevation_deg)) < 1e-8
    assert np.max(np.abs((a.azimuth_deg - b.azimuth_deg + 180) % 360 - 180)) < 1e-7


def test_tabulated_positions_agree_with_pvlib_given_the_same_delta_t():
    spa = pytest.importorskip("pvlib.spa")
    rng = np.random.default_rng(12)
    n = 3000
    unix = rng.integers(np.datetime64("1990-01-01", "s").astype(np.int64),
                        np.datetime64("2040-01-01", "s").astype(np.int64), n)
    lat, lon = rng.uniform(-80, 80, n), rng.uniform(-180, 180, n)
    delta_t = sun.delta_t_seconds(2000.0 + (unix / 86400.0 + 2440587.5 - 2451544.5) / 365.2425)
    ref = spa.solar_position(unix.astype(float), lat, lon, 0.0, 1013.25, 12.0, delta_t, 0.5667)
    ours = sun.solar_position(lat, lon, unix.astype("datetime64[s]"), delta_t_s=delta_t)
    assert np.max(np.abs(ours.elevation_deg - ref[3])) < 1e-7  # true elevation
    assert np.max(np.abs((ours.azimuth_deg - ref[4] + 180) % 360 - 180)) < 1e-6


def test_a_users_own_daylight_check_is_not_bypassed(monkeypatch):
    from geoverify.checks import registry
    from geoverify.checks.result import CheckResult

    def mine(site, when, claimed, *, zone=None):
        return CheckResult("daylight", "consistent", "Mine.")

    spec = registry.get_check("daylight")
    monkeypatch.setitem(registry._REGISTRY, "daylight",
                        registry.CheckSpec("daylight", mine, spec.site_params))
    report = engine.verify(loads_case(_case(5)))
    assert {c.explanation for c in report.checks} == {"Mine."}
