"""Solar position for 1,000,000 (time, place) pairs: geoverify.sun vs pvlib's SPA (numpy mode).

Run: ``.venv/bin/pytest benchmarks/bench_sun.py --benchmark-only``

Both get the same inputs: 1e6 random UTC times 1990-2040 paired with 1e6 random places.
pvlib's ``pvlib.spa.solar_position`` (how="numpy", the reference implementation of the same
NREL SPA, vectorized over times with per-element latitude/longitude arrays) is timed on the
full 1e6 too (set ``GEOVERIFY_BENCH_PVLIB_N`` to time a sample and scale, if memory is short).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

N = 1_000_000
PVLIB_N = int(os.environ.get("GEOVERIFY_BENCH_PVLIB_N", N))


@pytest.fixture(scope="module")
def inputs():
    rng = np.random.default_rng(42)
    start = np.datetime64("1990-01-01T00:00:00", "s").astype(np.int64)
    end = np.datetime64("2040-12-31T23:59:59", "s").astype(np.int64)
    unix = rng.integers(start, end, N).astype(np.int64)
    lat = rng.uniform(-89, 89, N)
    lon = rng.uniform(-180, 180, N)
    return unix, lat, lon


def test_geoverify_solar_position_1e6(benchmark, inputs):
    from geoverify.sun import solar_position

    unix, lat, lon = inputs
    times = unix.astype("datetime64[s]")
    pos = benchmark.pedantic(lambda: solar_position(lat, lon, times), rounds=3, iterations=1)
    assert pos.azimuth_deg.shape == (N,)
    benchmark.extra_info["pairs"] = N


def test_pvlib_spa_numpy(benchmark, inputs):
    from pvlib import spa

    unix, lat, lon = inputs
    n = PVLIB_N
    u, la, lo = unix[:n].astype(float), lat[:n], lon[:n]

    def run():
        return spa.solar_position(u, la, lo, 0.0, 1013.25, 12.0, 67.0, 0.5667)

    out = benchmark.pedantic(run, rounds=3 if n <= 100_000 else 1, iterations=1)
    benchmark.extra_info["pairs"] = n
    benchmark.extra_info["scale_to_1e6"] = N / n
    # sanity: the two agree on the same inputs (same ΔT)
    from geoverify.sun import solar_position

    k = min(n, 20_000)
    ours = solar_position(la[:k], lo[:k], unix[:k].astype("datetime64[s]"), delta_t_s=67.0)
    assert np.max(np.abs(ours.elevation_deg - out[3][:k])) < 0.01  # true elevation
