"""The package installs, imports fast and lazily, and its doctests pass."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import geoverify
from geoverify._paths import atomic_write_text, data_dir


def test_errors_share_one_root():
    for name in ("CoordinateParseError", "PlaceNotFound", "AmbiguousPlace", "CaseFileError",
                 "DataFileError", "GeocoderUnavailable", "TimeParseError", "CheckError"):
        assert issubclass(getattr(geoverify, name), geoverify.GeoverifyError)
    assert issubclass(geoverify.CoordinateParseError, ValueError)
    assert issubclass(geoverify.PlaceNotFound, LookupError)


def test_import_does_not_load_heavy_dependencies():
    code = ("import sys, geoverify; heavy = [m for m in ('geopandas', 'pandas', 'folium', "
            "'matplotlib', 'rapidfuzz', 'pyproj', 'shapely') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_resolve():
    for name in geoverify.__all__:
        assert getattr(geoverify, name) is not None, name


def test_data_folder_is_shipped():
    assert (data_dir() / "gazetteer").is_dir()


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "out.txt"
    atomic_write_text(target, "first")
    atomic_write_text(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def _modules():
    for info in pkgutil.walk_packages(geoverify.__path__, "geoverify."):
        if info.name.endswith("__main__"):
            continue
        yield info.name


@pytest.mark.parametrize("module_name", sorted(_modules()))
def test_doctests(module_name):
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {module_name}"


def test_atomic_write_gives_ordinary_file_mode(tmp_path):
    import os

    umask = os.umask(0o022)
    try:
        target = tmp_path / "report.html"
        atomic_write_text(target, "x")
        assert (target.stat().st_mode & 0o777) == 0o644
    finally:
        os.umask(umask)


@pytest.mark.parametrize("package", ["geoverify", "geoverify.checks", "geoverify.events"])
def test_dir_lists_the_public_names_not_the_packages_own_imports(package):
    # tab completion in a notebook: every public name, none of Any / TYPE_CHECKING / lazy_exports
    import importlib

    module = importlib.import_module(package)
    names = dir(module)
    assert set(module.__all__) <= set(names)
    assert not {"Any", "TYPE_CHECKING", "annotations", "lazy_exports"} & set(names)
    assert all(hasattr(module, n) for n in names if not n.startswith("_"))
