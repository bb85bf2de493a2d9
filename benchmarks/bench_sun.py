"""Solar position for 1,000,000 (time, place) pairs: geoverify.sun vs pvlib's SPA (numpy mode).

Run: ``taskset -c 0 .venv/bin/pytest benchmarks/bench_sun.py --benchmark-only``

The same input for every side: 1e6 random UTC times 1990-2040 (whole seconds) paired with 1e6
random places, and the same ΔT for each time (``geoverify.sun.delta_t_seconds``, Espenak &
Meeus, computed once outside the timing and given to every side), elevation 0 m, 1013.25 hPa,
12 °C.

- **pvlib** (``pvlib.spa.solar_position``, how="numpy": NREL's SPA, an independent
  implementation) evaluates the whole SPA, its VSOP87 and nutation series included, at each
  of the 1e6 times.
- **geoverify, series at every time** (``solar_position(..., tabulated=False)``): the same
  work as pvlib, the whole SPA at each time.
- **geoverify, default** (``solar_position(...)``): the slow part of the ephemeris (the VSOP87
  and nutation series, which change over days) is evaluated on nodes every 6 hours of the
  50 years (about 73,000 nodes, computed once per process and kept) and interpolated at each
  time (4-point Lagrange); the fast part (sidereal time, the observer, refraction) at each
  time. Less work by design; the difference from pvlib is measured on the first 20,000 pairs
  and asserted below 1e-8° (it is about 1e-9°). The table is built in the first round: the
  rounds after it show a process that has computed these nodes before.

The pvlib side runs on the full 1e6 (set ``GEOVERIFY_BENCH_PVLIB_N`` to time a sample and
scale, if memory is short).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

N = 1_000_000
PVLIB_N = int(os.environ.get("GEOVERIFY_BENCH_PVLIB_N", N))
CHECKED = 20_000


@pytest.fixture(scope="module")
def inputs():
    from geoverify.sun import delta_t_seconds

    rng = np.random.default_rng(42)
    start = np.datetime64("1990-01-01T00:00:00", "s").astype(np.int64)
    end = np.datetime64("2040-12-31T23:59:59", "s").astype(np.int64)
    unix = rng.integers(start, end, N).astype(np.int64)
    lat = rng.uniform(-89, 89, N)
    lon = rng.uniform(-180, 180, N)
    # ΔT as geoverify computes it by default (decimal year from the Julian day), given to all
    delta_t = delta_t_seconds(2000.0 + (unix / 86400.0 + 2440587.5 - 2451544.5) / 365.2425)
    return unix, lat, lon, delta_t


@pytest.fixture(scope="module")
def pvlib_elevation(inputs):
    from pvlib import spa

    unix, lat, lon, delta_t = inputs
    k = CHECKED
    return spa.solar_position(unix[:k].astype(float), lat[:k], lon[:k], 0.0, 1013.25, 12.0,
                              delta_t[:k], 0.5667)[3]


@pytest.mark.parametrize("tabulated", [True, False], ids=["default", "series-at-every-time"])
def test_geoverify_solar_position_1e6(benchmark, inputs, pvlib_elevation, tabulated):
    from geoverify.sun import solar_position

    unix, lat, lon, delta_t = inputs
    times = unix.astype("datetime64[s]")
    pos = benchmark.pedantic(
        lambda: solar_position(lat, lon, times, delta_t_s=delta_t, tabulated=tabulated),
        rounds=3 if tabulated else 1, iterations=1)
    assert pos.azimuth_deg.shape == (N,)
    gap = float(np.max(np.abs(pos.elevation_deg[:CHECKED] - pvlib_elevation)))
    assert gap < 1e-8  # true elevation, the same ΔT on both sides
    benchmark.extra_info.update(pairs=N, max_elevation_gap_to_pvlib_deg=gap)


def test_pvlib_spa_numpy(benchmark, inputs, pvlib_elevation):
    from pvlib import spa

    unix, lat, lon, delta_t = inputs
    n = PVLIB_N
    u, la, lo, dt = unix[:n].astype(float), lat[:n], lon[:n], delta_t[:n]

    def run():
        return spa.solar_position(u, la, lo, 0.0, 1013.25, 12.0, dt, 0.5667)

    out = benchmark.pedantic(run, rounds=3 if n <= 100_000 else 1, iterations=1)
    assert np.array_equal(out[3][:CHECKED], pvlib_elevation)
    benchmark.extra_info["pairs"] = n
    benchmark.extra_info["scale_to_1e6"] = N / n
