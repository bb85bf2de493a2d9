"""Shared fixtures: every test runs with its own empty geoverify cache and no network."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Point geoverify's cache at a per-session temporary folder (never the user's)."""
    cache = tmp_path_factory.getbasetemp() / "geoverify-cache"
    cache.mkdir(exist_ok=True)
    monkeypatch.setenv("GEOVERIFY_CACHE_DIR", str(cache))
    yield
