"""A case of 1,000 and 10,000 claims with daylight and range checks: the engine vs claim by claim.

Run: ``taskset -c 0 .venv/bin/pytest benchmarks/bench_daylight.py --benchmark-only``

The input (the same for both sides): a generated case file, ``N`` impact claims over ``N/10``
sites 35-36°N 40-41°E (coordinates with 100 m, 500 m or 2 km of uncertainty), each with a
launch site, a 107 mm rocket, a time in 2022 (a part of a day, "2022-03-14 morning", or a
local minute) and a claimed light ("morning", "night", "dusk"...): one daylight and one range
check per claim, 2N checks. Loading the YAML is outside the timing.

- **geoverify** (``verify(case)``): the daylight checks of the case run in one vectorized pass
  (:func:`geoverify.checks.daylight.daylight_many`: the sun for every claim's samples in a few
  array passes, sunrise/sunset for every claim's day together), with the slow ephemeris
  series tabulated every 6 h and interpolated (under 1e-9° from the series); the range checks
  run claim by claim as before.
- **claim by claim** (the engine before issue 10, E14): the same ``verify(case)`` with each
  daylight check run on its own and the full SPA series evaluated at every sample and every
  sunrise/sunset iteration (``geoverify.sun._slow_terms_tabulated`` replaced by the series
  itself, the batch pass switched off): the same work on the same input, redone per claim. It
  runs for 1,000 claims (about a minute); set ``GEOVERIFY_BENCH_NAIVE_10K=1`` to run it for
  10,000 too (about ten minutes). Both sides give the same verdicts, margins and sentences
  (checked on the 1,000-claim case).

Linear growth: compare the geoverify times of 1,000 and 10,000 claims (``extra_info`` gives
the time per claim). A 200-claim case is verified first, outside the timing (imports, the
weapon table, the ephemeris nodes of 2022), so both sizes start from the same warm process.
"""

from __future__ import annotations

import os
import random

import pytest

SIZES = (1_000, 10_000)
NAIVE_SIZES = (1_000, 10_000) if os.environ.get("GEOVERIFY_BENCH_NAIVE_10K") else (1_000,)
WORDS = ("morning", "night", "afternoon", "evening", "dawn", "dusk")


def case_text(n: int, seed: int = 7) -> str:
    """Return the YAML of a case with ``n`` claims (see the module docstring)."""
    rng = random.Random(seed)
    lines = ["title: benchmark", "timezone: Asia/Damascus", "sites:"]
    n_sites = max(10, n // 10)
    for i in range(n_sites):
        lat, lon = 35.0 + rng.random(), 40.0 + rng.random()
        lines.append(f'  s{i}: {{coordinates: "{lat:.5f}, {lon:.5f}", '
                     f"uncertainty_m: {rng.choice([100, 500, 2000])}}}")
    lines.append("claims:")
    for i in range(n):
        a = rng.randrange(n_sites)
        b = (a + 1 + rng.randrange(n_sites - 1)) % n_sites
        day = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        when = rng.choice([f"{day} {rng.choice(WORDS)}",
                           f"{day}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"])
        lines.append(f"  - {{id: c{i}, claimant: x, kind: impact, site: s{b}, launch_site: "
                     f's{a}, weapon: 107 mm, when: "{when}", light: {rng.choice(WORDS)}}}')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def cases():
    from geoverify.casefile import loads_case
    from geoverify.verify import resolve_sites, verify

    out = {}
    for n in SIZES:
        case = loads_case(case_text(n), path=f"bench-{n}.yaml")
        out[n] = (case, resolve_sites(case))
    # warm-up outside the timing: imports, the weapon table, and the 6-hour ephemeris nodes of
    # 2022, which every later run of the process shares (both sizes then start alike)
    verify(loads_case(case_text(200, seed=1), path="warm-up.yaml"))
    return out


def _summary(report):
    return [(c.id, str(c.verdict), c.margin, c.explanation) for c in report.checks]


@pytest.mark.parametrize("n", SIZES)
def test_geoverify_engine(benchmark, cases, n):
    from geoverify.verify import verify

    case, sites = cases[n]
    report = benchmark.pedantic(lambda: verify(case, sites=sites), rounds=1, iterations=1,
                                warmup_rounds=0)
    assert len(report.checks) == 2 * n
    benchmark.extra_info.update(claims=n, checks=2 * n,
                                ms_per_claim=benchmark.stats.stats.mean / n * 1e3)


@pytest.mark.parametrize("n", NAIVE_SIZES)
def test_claim_by_claim(benchmark, cases, n, monkeypatch):
    from geoverify import sun
    from geoverify import verify as engine

    case, sites = cases[n]
    expected = _summary(engine.verify(case, sites=sites)) if n == SIZES[0] else None
    monkeypatch.setattr(sun, "_slow_terms_tabulated", sun._slow_terms)  # the full series
    monkeypatch.setattr(engine, "_daylight_in_one_pass", lambda *args: {})  # one by one
    report = benchmark.pedantic(lambda: engine.verify(case, sites=sites), rounds=1,
                                iterations=1, warmup_rounds=0)
    assert len(report.checks) == 2 * n
    if expected is not None:  # the same answers, sentence for sentence
        got = _summary(report)
        assert [g[:2] + g[3:] for g in got] == [e[:2] + e[3:] for e in expected]
        assert all(g[2] == e[2] or g[2] == pytest.approx(e[2], abs=1e-6)
                   for g, e in zip(got, expected, strict=True))
    benchmark.extra_info.update(claims=n, checks=2 * n,
                                ms_per_claim=benchmark.stats.stats.mean / n * 1e3)
