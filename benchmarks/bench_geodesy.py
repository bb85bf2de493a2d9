"""Benchmark: 1,000,000 distance+azimuth pairs through geoverify.geodesy.inverse.

Run with::

    .venv/bin/pytest benchmarks/bench_geodesy.py --benchmark-only

Three measurements in the same run, on the same seeded random pairs (uniform on the sphere):

- ``inverse``: geoverify's vectorized inverse (validation, normalisation to [0, 360));
- ``raw_pyproj``: ``pyproj.Geod.inv`` on the same arrays (the floor our overhead is measured on);
- ``geopy_loop``: a Python loop of ``geopy.distance.geodesic`` (distance only) on a 10,000-pair
  sample, the naive baseline, scaled to pairs per second.

Each test records ``pairs_per_second`` in ``extra_info`` (shown with ``--benchmark-json``);
``test_summary`` prints the pairs/s of each and the overhead of ``inverse`` over raw pyproj,
measured interleaved (best of 7) so that machine load affects both alike.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

N_PAIRS = 1_000_000
N_SAMPLE = 10_000


@pytest.fixture(scope="module")
def pairs():
    rng = np.random.default_rng(20220105)
    lat1 = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, N_PAIRS)))
    lat2 = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, N_PAIRS)))
    lon1 = rng.uniform(-180.0, 180.0, N_PAIRS)
    lon2 = rng.uniform(-180.0, 180.0, N_PAIRS)
    return lat1, lon1, lat2, lon2


def _record(benchmark, n):
    stats = benchmark.stats.stats
    benchmark.extra_info["pairs"] = n
    benchmark.extra_info["pairs_per_second"] = n / stats.mean
    benchmark.extra_info["pairs_per_second_best"] = n / stats.min


@pytest.mark.benchmark(group="geodesy-inverse")
def test_inverse(benchmark, pairs):
    from geoverify.geodesy import inverse

    lat1, lon1, lat2, lon2 = pairs
    result = benchmark.pedantic(inverse, args=(lat1, lon1, lat2, lon2), rounds=5,
                                warmup_rounds=1)
    assert result.distance_m.shape == (N_PAIRS,)
    _record(benchmark, N_PAIRS)


@pytest.mark.benchmark(group="geodesy-inverse")
def test_raw_pyproj(benchmark, pairs):
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    lat1, lon1, lat2, lon2 = pairs
    benchmark.pedantic(geod.inv, args=(lon1, lat1, lon2, lat2), rounds=5, warmup_rounds=1)
    _record(benchmark, N_PAIRS)


@pytest.mark.benchmark(group="geodesy-naive-10k")
def test_geopy_loop(benchmark, pairs):
    from geopy.distance import geodesic

    lat1, lon1, lat2, lon2 = (a[:N_SAMPLE].tolist() for a in pairs)

    def loop():
        return [geodesic((a, b), (c, d)).m for a, b, c, d in zip(lat1, lon1, lat2, lon2,
                                                                  strict=True)]

    benchmark.pedantic(loop, rounds=3, warmup_rounds=0)
    _record(benchmark, N_SAMPLE)


def _best(func, args, repeat=5):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func(*args)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.benchmark(group="geodesy-summary")
def test_summary(benchmark, pairs):
    """Interleaved best-of-7 figures: pairs/s and overhead over raw pyproj.

    Goals (the issue): >= 1,000,000 pairs/s on one core and < 20 % overhead. They are printed
    as met or missed rather than asserted: on a machine busy with other work the timings are
    noise, and a benchmark should not fail for that. Pin it to one core:
    ``taskset -c 0 .venv/bin/pytest benchmarks/bench_geodesy.py --benchmark-only -s``.
    """
    from pyproj import Geod

    from geoverify.geodesy import inverse

    geod = Geod(ellps="WGS84")
    lat1, lon1, lat2, lon2 = pairs
    ours, raw = [], []
    for _ in range(7):
        ours.append(_best(inverse, (lat1, lon1, lat2, lon2), repeat=1))
        raw.append(_best(geod.inv, (lon1, lat1, lon2, lat2), repeat=1))
    t_ours, t_raw = min(ours), min(raw)
    benchmark.extra_info.update(inverse_pairs_per_second=N_PAIRS / t_ours,
                                raw_pyproj_pairs_per_second=N_PAIRS / t_raw,
                                overhead_percent=100.0 * (t_ours / t_raw - 1.0))
    overhead = 100.0 * (t_ours / t_raw - 1.0)
    print(f"\ninverse: {N_PAIRS / t_ours:,.0f} pairs/s "
          f"({'met' if N_PAIRS / t_ours >= 1e6 else 'MISSED'}: goal 1,000,000); "
          f"raw pyproj.Geod.inv: {N_PAIRS / t_raw:,.0f} pairs/s; overhead {overhead:+.1f} % "
          f"({'met' if overhead < 20.0 else 'MISSED'}: goal < 20 %)")
    benchmark.pedantic(lambda: None, rounds=1)
