"""Compass words both ways: azimuth -> 'NE' / 'north-east'; English or Arabic words -> azimuth."""

from __future__ import annotations

import numpy as np
import pytest

from geoverify.errors import GeoverifyError
from geoverify.geodesy import GeodesyError, compass_azimuth, compass_point, compass_sector

# the 16-point rose written out by hand
ROSE = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
        "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]


@pytest.mark.parametrize(("index", "abbr"), list(enumerate(ROSE)))
def test_compass_point_centres_and_edges(index, abbr):
    centre = index * 22.5
    assert compass_point(centre) == abbr
    assert compass_point(centre + 11.24) == abbr
    assert compass_point(centre - 11.24) == abbr
    assert compass_point(centre + 360.0) == abbr
    assert compass_azimuth(abbr) == centre
    assert compass_sector(abbr) == (centre, {1: 45.0, 2: 22.5, 3: 11.25}[len(abbr)])


def test_compass_point_words_and_resolution():
    assert compass_point(45, style="words") == "north-east"
    assert compass_point(22.5, style="words") == "north-north-east"
    assert compass_point(112.5, style="words") == "east-south-east"
    assert compass_point(0, style="words") == "north"
    assert compass_point(30, points=8) == "NE"
    assert compass_point(22.4, points=8) == "N"
    assert compass_point(44.9, points=4) == "N"
    assert compass_point(45.1, points=4) == "E"
    assert compass_point(-10) == "N"
    assert compass_point(349) == "N" and compass_point(348) == "NNW"


def test_compass_point_vectorized():
    az = np.arange(0, 360, 22.5)
    assert compass_point(az).tolist() == ROSE
    assert compass_point(az.reshape(4, 4)).shape == (4, 4)
    # a boundary (45, 135...) goes clockwise, to the next point
    assert compass_point(az, points=4).tolist() == list("NNEEEESSSSWWWWNN")


@pytest.mark.parametrize(("word", "az", "half"), [
    ("NE", 45.0, 22.5),
    ("ne", 45.0, 22.5),
    ("N.E.", 45.0, 22.5),
    ("north-east", 45.0, 22.5),
    ("northeast", 45.0, 22.5),
    ("North East", 45.0, 22.5),
    ("NORTH EAST", 45.0, 22.5),
    ("NNE", 22.5, 11.25),
    ("north-north-east", 22.5, 11.25),
    ("north north east", 22.5, 11.25),
    ("ENE", 67.5, 11.25),
    ("WNW", 292.5, 11.25),
    ("NNW", 337.5, 11.25),
    ("SSW", 202.5, 11.25),
    ("south-west", 225.0, 22.5),
    ("north", 0.0, 45.0),
    ("West", 270.0, 45.0),
    ("s", 180.0, 45.0),
    (" south-east ", 135.0, 22.5),
    # Arabic: the four directions, with article, adjective endings and diacritics
    ("شمال", 0.0, 45.0),
    ("جنوب", 180.0, 45.0),
    ("شرق", 90.0, 45.0),
    ("غرب", 270.0, 45.0),
    ("الشمال", 0.0, 45.0),
    ("شمالاً", 0.0, 45.0),
    ("شمال شرق", 45.0, 22.5),
    ("شمال شرقي", 45.0, 22.5),
    ("الشمال الشرقي", 45.0, 22.5),
    ("شمال-شرق", 45.0, 22.5),
    ("جنوب غرب", 225.0, 22.5),
    ("جنوب غربي", 225.0, 22.5),
    ("الجنوب الغربي", 225.0, 22.5),
    ("شمال غربي", 315.0, 22.5),
    ("جنوب شرقي", 135.0, 22.5),
    ("الجنوبية الشرقية", 135.0, 22.5),
    ("شمال شمال شرق", 22.5, 11.25),
])
def test_compass_words(word, az, half):
    assert compass_sector(word) == (az, half)
    assert compass_azimuth(word) == az


@pytest.mark.parametrize("word", [
    "", "up", "NEE", "EN", "east-north", "NSE", "NNNE", "northish", "شمس", "شرق شمال", 42,
    "north east of Deir ez-Zor",
])
def test_unknown_words_raise(word):
    with pytest.raises(GeodesyError) as info:
        compass_sector(word)
    assert isinstance(info.value, GeoverifyError) and isinstance(info.value, ValueError)


def test_round_trip_words_and_abbreviations():
    for abbr in ROSE:
        az = compass_azimuth(abbr)
        assert compass_azimuth(compass_point(az, style="words")) == az


def test_bad_options():
    with pytest.raises(GeodesyError):
        compass_point(10, points=32)
    with pytest.raises(GeodesyError):
        compass_point(10, style="arabic")  # type: ignore[arg-type]
    with pytest.raises(GeodesyError):
        compass_point(float("nan"))
