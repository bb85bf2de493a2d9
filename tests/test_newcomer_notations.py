"""A newcomer's first hour (issue 10, F20): d/m/s letters, exponent notation, undefined bearings.

- ``geoverify parse "34d57m22.6sN 40d32m29.0sE"`` was refused: the ``s`` of seconds was glued
  to the hemisphere letter.
- ``0,1e-9`` said "hemisphere letter 'E' in the middle of a value": the ``e`` is an exponent.
- The bearing between antipodes was shown as "N" with no note that it is undefined.

References: the DMS values by hand (34 + 57/60 + 22.6/3600); the shortest paths by
geographiclib's ``Geodesic.WGS84``, independent of pyproj.
"""

from __future__ import annotations

import json

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.cli import main
from geoverify.coordinates import parse_coordinates
from geoverify.errors import CoordinateParseError
from geoverify.geodesy import bearing_note, initial_bearings

WGS84 = Geodesic.WGS84
LAT = 34 + 57 / 60 + 22.6 / 3600
LON = 40 + 32 / 60 + 29.0 / 3600


@pytest.mark.parametrize("text", ["34d57m22.6sN 40d32m29.0sE", "34d57m22.6sn, 40d32m29.0se",
                                  "34d 57m 22.6s N 40d 32m 29.0s E",
                                  "N34d57m22.6s E40d32m29.0s"])
def test_dms_with_letters_as_marks(text):
    c = parse_coordinates(text)
    assert (c.lat, c.lon) == (pytest.approx(LAT, abs=1e-9), pytest.approx(LON, abs=1e-9))
    assert c.notation == "dms"


def test_seconds_s_before_south_still_reads_south():
    c = parse_coordinates("34d57m22.6sS 40d32m29.0sW")
    assert (c.lat, c.lon) == (pytest.approx(-LAT, abs=1e-9), pytest.approx(-LON, abs=1e-9))


def test_dms_letters_on_the_command_line(capsys):
    assert main(["parse", "34d57m22.6sN 40d32m29.0sE", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["lat"] == pytest.approx(LAT, abs=1e-9) and out["notation"] == "dms"


@pytest.mark.parametrize("text, shown", [("0,1e-9", "'1e-9'"), ("0, 1E+5", "'1e+5'"),
                                         ("1e9, 0", "'1e9'")])
def test_exponent_notation_is_named_not_taken_for_east(text, shown):
    with pytest.raises(CoordinateParseError) as info:
        parse_coordinates(text)
    message = str(info.value)
    assert "exponent notation" in message and shown in message
    assert "hemisphere letter" not in message


def test_hemisphere_letters_between_values_still_work():
    assert (parse_coordinates("N34.5E40.2").lat, parse_coordinates("N34.5E40.2").lon) == (
        34.5, 40.2)


# ------------------------------------------------------------------------------ bearings


@pytest.mark.parametrize("a, b", [((0, 0), (0, 180)), ((10, 0), (-10, 179.5)),
                                  ((0, 0), (0, 179.9)), ((30, 20), (-30, -160)),
                                  ((-25.5, 10.0), (25.5, -170.0))])
def test_two_shortest_paths_both_reach_the_far_point(a, b):
    bearings = initial_bearings(*a, *b)
    assert isinstance(bearings, tuple) and len(bearings) == 2
    s12 = WGS84.Inverse(*a, *b)["s12"]
    for bearing in bearings:  # each bearing, followed for the distance, arrives at B
        end = WGS84.Direct(*a, bearing, s12)
        assert WGS84.Inverse(end["lat2"], end["lon2"], *b)["s12"] < 1e-3
    assert min(abs((WGS84.Inverse(*a, *b)["azi1"] - x + 180) % 360 - 180)
               for x in bearings) < 1e-6  # geographiclib's own answer is one of them


@pytest.mark.parametrize("a, b", [((35.0, 40.0), (35.3, 40.1)), ((10, 0), (-10, 170)),
                                  ((45, 0), (45, 180)), ((30, 20), (-29.9, -160))])
def test_a_unique_path_has_one_bearing_and_no_note(a, b):
    bearings = initial_bearings(*a, *b)
    assert len(bearings) == 1
    assert bearings[0] == pytest.approx(WGS84.Inverse(*a, *b)["azi1"] % 360, abs=1e-8)
    assert bearing_note(*a, *b) is None


def test_poles_and_the_same_point_have_no_bearing():
    assert initial_bearings(90, 0, -90, 0) == "any"
    assert initial_bearings(10, 20, 10, 20) == ()
    assert "opposite poles" in bearing_note(90, 0, -90, 45)


def test_distance_says_the_bearing_is_undefined_in_text_and_json(capsys):
    assert main(["distance", "0,0", "0,180"]) == 0
    line = capsys.readouterr().out
    assert "bearing undefined" in line and "(N)" not in line
    assert main(["distance", "0,0", "0,180", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["azimuth_deg"] is None and out["compass"] is None
    assert out["initial_bearings_deg"] == [0.0, 180.0]
    assert out["bearing_note"].startswith("undefined: two shortest paths")
    assert main(["distance", "34.95, 40.54", "35.33588, 40.14084", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["bearing_note"] is None and out["compass"] == "NW"
    assert len(out["initial_bearings_deg"]) == 1
