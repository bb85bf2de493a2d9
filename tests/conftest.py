"""Shared fixtures: every test runs with its own empty geoverify cache and no network."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

if os.environ.get("MUTANT_UNDER_TEST"):  # under mutmut (docs/mutation.md) only
    from hypothesis import Phase, settings

    # a property test that fails has killed its mutant: stop there instead of shrinking the
    # example (which can take minutes and changes nothing but the time)
    settings.register_profile("mutation", phases=(Phase.explicit, Phase.reuse, Phase.generate))
    settings.load_profile("mutation")

#: a geoverify cache folder whose place-index files (``gazetteer/index-*.gvi``) start each
#: session's cache; for mutation runs only (docs/mutation.md). A file whose signature does not
#: match the code is rebuilt as usual, so a stale seed costs time, never a wrong answer, except
#: under mutants of the code that makes the index keys (gazetteer/names.py, whose signature
#: cannot see which mutant is active): never set it for those.
INDEX_SEED_ENV = "GEOVERIFY_TEST_INDEX_SEED"


def _seed(cache: Path) -> None:
    seed = os.environ.get(INDEX_SEED_ENV)
    if not seed:
        return
    for src in (Path(seed) / "gazetteer").glob("index-*.gvi"):
        dst = cache / "gazetteer" / src.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)  # a copy: a test may damage its session's files


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Point geoverify's cache at a per-session temporary folder (never the user's)."""
    cache = tmp_path_factory.getbasetemp() / "geoverify-cache"
    if not cache.exists():
        cache.mkdir()
        _seed(cache)
    monkeypatch.setenv("GEOVERIFY_CACHE_DIR", str(cache))
    yield
