"""Benchmark: 1,000,000 distance+azimuth pairs through geoverify.geodesy.inverse.

Run with::

    .venv/bin/pytest benchmarks/bench_geodesy.py --benchmark-only

Measurements in the same run, on the same seeded random pairs (uniform on the sphere), each
giving the same three answers per pair (the distance, the azimuth at A and the back azimuth at B,
azimuths in [0, 360)):

- ``inverse``: geoverify's vectorized inverse on the 1,000,000 pairs (input validation, then
  ``pyproj.Geod.inv``, azimuths normalised to [0, 360));
- ``raw_pyproj``: ``pyproj.Geod.inv`` on the same arrays, no validation and azimuths left in
  (-180, 180] (the floor our overhead is measured on);
- ``inverse_10k`` and ``naive_loop_10k``: geoverify's inverse and the naive baseline, a Python
  loop of geographiclib's ``Geodesic.WGS84.Inverse`` (the same Karney algorithm, and what
  ``geopy.distance.geodesic`` runs under the hood for the distance alone), each on the same
  first 10,000 pairs, the loop normalising both azimuths as ``inverse`` does.

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


@pytest.fixture(scope="module")
def sample(pairs):
    return tuple(a[:N_SAMPLE] for a in pairs)


@pytest.mark.benchmark(group="geodesy-10k")
def test_inverse_10k(benchmark, sample):
    from geoverify.geodesy import inverse

    result = benchmark.pedantic(inverse, args=sample, rounds=5, warmup_rounds=1)
    assert result.back_azimuth_deg.shape == (N_SAMPLE,)
    _record(benchmark, N_SAMPLE)


@pytest.mark.benchmark(group="geodesy-10k")
def test_naive_loop_10k(benchmark, sample):
    from geographiclib.geodesic import Geodesic

    geod = Geodesic.WGS84
    lat1, lon1, lat2, lon2 = (a.tolist() for a in sample)

    def loop():
        out = []
        for a, b, c, d in zip(lat1, lon1, lat2, lon2, strict=True):
            g = geod.Inverse(a, b, c, d)
            out.append((g["s12"], g["azi1"] % 360.0, (g["azi2"] + 180.0) % 360.0))
        return out

    result = benchmark.pedantic(loop, rounds=3, warmup_rounds=0)
    # the same answers as geoverify's inverse (distances to a micrometre, azimuths to 1e-9 deg)
    from geoverify.geodesy import inverse

    ours = inverse(*sample)
    theirs = np.array(result)
    assert np.allclose(theirs[:, 0], ours.distance_m, rtol=0, atol=1e-6)
    for k, mine in ((1, ours.azimuth_deg), (2, ours.back_azimuth_deg)):
        assert np.all(np.abs((theirs[:, k] - mine + 180.0) % 360.0 - 180.0) < 1e-9)
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
