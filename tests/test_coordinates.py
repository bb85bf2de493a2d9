"""Coordinate parsing and formatting: real-world pasted strings, errors, ambiguity, Arabic.

References are hand computations (D + M/60 + S/3600), the sourced rows of
/work/shared/facts/places-and-weapons.md (ar.wikipedia's DMS and its decimal), and
geographiclib for lengths of a degree.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from geoverify import CoordinateParseError, GeoverifyError
from geoverify.coordinates import (
    Coordinate,
    format_coordinates,
    parse_coordinates,
    parse_coordinates_array,
)

CONOCO = (35 + 20 / 60 + 10 / 3600, 40 + 18 / 60 + 34 / 3600)  # ar.wikipedia 35°20′10″N 40°18′34″E
OMAR = (35 + 9 / 60 + 6 / 3600, 40 + 34 / 60 + 33 / 3600)  # en.wikipedia 35°9′6″N 40°34′33″E
QURIYAH_DMS = (34 + 57 / 60 + 22.6 / 3600, 40 + 32 / 60 + 29.0 / 3600)


def metres_per_degree_lat(lat):
    """Length of 0.001° of latitude from geographiclib, scaled to a degree."""
    g = Geodesic.WGS84.Inverse(lat - 0.0005, 0, lat + 0.0005, 0)
    return g["s12"] / 0.001


# (text, lat, lon, notation, precision_m approx (relative 2%), swapped_valid)
REAL_WORLD = [
    ("34.95629, 40.54139", 34.95629, 40.54139, "decimal", 1.109, True),
    ("34.95629,40.54139", 34.95629, 40.54139, "decimal", 1.109, True),
    ("34.95629 40.54139", 34.95629, 40.54139, "decimal", 1.109, True),
    ("34.95629; 40.54139", 34.95629, 40.54139, "decimal", 1.109, True),
    ("34.96, 40.49", 34.96, 40.49, "decimal", 1109.4, True),
    ("-33.8688, 151.2093", -33.8688, 151.2093, "decimal", 11.09, False),
    ("+34.9 -40.5", 34.9, -40.5, "decimal", 11094, True),
    ("N34.95629 E40.54139", 34.95629, 40.54139, "decimal", 1.109, False),
    ("34.95629N 40.54139E", 34.95629, 40.54139, "decimal", 1.109, False),
    ("34.95629° N, 40.54139° E", 34.95629, 40.54139, "decimal", 1.109, False),
    ("E40.54139 N34.95629", 34.95629, 40.54139, "decimal", 1.109, False),
    ("40.54139E, 34.95629N", 34.95629, 40.54139, "decimal", 1.109, False),
    ("lat=34.95629 lon=40.54139", 34.95629, 40.54139, "decimal", 1.109, False),
    ("lat=34.95629&lng=40.54139", 34.95629, 40.54139, "decimal", 1.109, False),
    ("Lon: 40.54139, Lat: 34.95629", 34.95629, 40.54139, "decimal", 1.109, False),
    ("Latitude: 34.95629 Longitude: 40.54139", 34.95629, 40.54139, "decimal", 1.109, False),
    ("34.95629 north, 40.54139 east", 34.95629, 40.54139, "decimal", 1.109, False),
    ("35°20′10″N 40°18′34″E", *CONOCO, "dms", 30.8, False),
    ("35°20'10\"N, 40°18'34\"E", *CONOCO, "dms", 30.8, False),
    ("35°20’10”N 40°18’34”E", *CONOCO, "dms", 30.8, False),
    ("35º20'10''N 40º18'34''E", *CONOCO, "dms", 30.8, False),
    ("N 35° 20' 10\" E 40° 18' 34\"", *CONOCO, "dms", 30.8, False),
    ("35 20 10 N 40 18 34 E", *CONOCO, "dms", 30.8, False),
    ("35 20 10N 40 18 34E", *CONOCO, "dms", 30.8, False),
    ("352010N 401834E", None, None, None, None, None),  # compact DMS without separators: refused
    ("35d20m10s N 40d18m34s E", *CONOCO, "dms", 30.8, False),
    ("35d 20m 10s, 40d 18m 34s", *CONOCO, "dms", 30.8, True),
    ("35:20:10N 40:18:34E", *CONOCO, "dms", 30.8, False),
    ("35°20'10\" 40°18'34\"", *CONOCO, "dms", 30.8, True),
    ("35 20 10 40 18 34", *CONOCO, "dms", 30.8, True),
    ("35°9′6″N 40°34′33″E", *OMAR, "dms", 30.8, False),
    ("34°57'22.6\"N 40°32'29.0\"E", *QURIYAH_DMS, "dms", 3.08, False),
    ("34°57.377'N 40°32.483'E", 34 + 57.377 / 60, 40 + 32.483 / 60, "ddm", 1.85, False),
    ("N 34° 57.377' E 40° 32.483'", 34 + 57.377 / 60, 40 + 32.483 / 60, "ddm", 1.85, False),
    ("34 57.377, 40 32.483", 34 + 57.377 / 60, 40 + 32.483 / 60, "ddm", 1.85, True),
    ("33°52'S 151°12'E", -(33 + 52 / 60), 151.2, "ddm", 1849, False),
    ("34°57'22\"S 40°32'29\"W", -(34 + 57 / 60 + 22 / 3600), -(40 + 32 / 60 + 29 / 3600),
     "dms", 30.8, False),
    # Arabic-language reports
    ("٣٤٫٩٦١١ ، ٤٠٫٤٩٣٢", 34.9611, 40.4932, "decimal", 11.09, True),
    ("۳۴٫۹۶۱۱، ۴۰٫۴۹۳۲", 34.9611, 40.4932, "decimal", 11.09, True),
    ("\u200f٣٤٫٩٦١١\u200f ، \u200f٤٠٫٤٩٣٢\u200f", 34.9611, 40.4932, "decimal", 11.09, True),
    ("34.9611 شمالاً، 40.4932 شرقاً", 34.9611, 40.4932, "decimal", 11.09, False),
    ("٣٥°٢٠′١٠″ ش ٤٠°١٨′٣٤″ ق", *CONOCO, "dms", 30.8, False),
    ("خط العرض ٣٤٫٩٦١١ خط الطول ٤٠٫٤٩٣٢", 34.9611, 40.4932, "decimal", 11.09, False),
    ("خط العرض: ٣٤٫٩٦١١ خط الطول: ٤٠٫٤٩٣٢", 34.9611, 40.4932, "decimal", 11.09, False),
    ("الإحداثيات: ٣٤٫٩٦١١، ٤٠٫٤٩٣٢", 34.9611, 40.4932, "decimal", 11.09, True),
    ("34.9611° شمالاً و40.4932° شرقاً", 34.9611, 40.4932, "decimal", 11.09, False),
    ("٣٥ درجة ٢٠ دقيقة ١٠ ثانية شمالاً و٤٠ درجة ١٨ دقيقة ٣٤ ثانية شرقاً", *CONOCO, "dms", 30.8,
     False),
    ("37S ٦١٩٬٠٠١ ٣٬٩١١٬١٠٣", None, None, "utm", 1.0, False),
    ("(34.95629, 40.54139)", 34.95629, 40.54139, "decimal", 1.109, True),
    ("[34.95629, 40.54139]", 34.95629, 40.54139, "decimal", 1.109, True),
    ("Coordinates: 34.95629, 40.54139", 34.95629, 40.54139, "decimal", 1.109, True),
    ("-35°20'10\" -40°18'34\"", -CONOCO[0], -CONOCO[1], "dms", 30.8, True),
    ("N35°20'10\" E040°18'34\"", *CONOCO, "dms", 30.8, False),
    ("35° 20' 10\" N / 40° 18' 34\" E", *CONOCO, "dms", 30.8, False),
    # grids
    ("37SFV1900111103", None, None, "mgrs", 1.0, False),
    ("37S FV 19001 11103", None, None, "mgrs", 1.0, False),
    ("37sfv1911", None, None, "mgrs", 1000.0, False),
    ("37SFV11", None, None, "mgrs", 10000.0, False),
    ("MGRS 37SFV", None, None, "mgrs", 100000.0, False),
    ("37S 619001 3911103", None, None, "utm", 1.0, False),
    ("37S 619001mE 3911103mN", None, None, "utm", 1.0, False),
    ("UTM 37S 619001.5 3911103.5", None, None, "utm", 0.1, False),
    # URLs and URIs
    ("https://www.google.com/maps/place/35%C2%B020'10.0%22N+40%C2%B018'34.0%22E/"
     "@35.3361111,40.3072223,17z/data=!3m1!4b1!4m4!3m3!8m2!3d35.3361111!4d40.3094444",
     35.3361111, 40.3094444, "google_maps_url", 0.0111, False),
    ("https://www.google.com/maps/place/35.33611,40.30944", 35.33611, 40.30944,
     "google_maps_url", 1.109, False),
    ("https://maps.google.com/?q=35.33611,40.30944", 35.33611, 40.30944, "google_maps_url",
     1.109, False),
    ("https://www.google.com/maps?q=35%C2%B020'10%22N+40%C2%B018'34%22E", *CONOCO,
     "google_maps_url", 30.8, False),
    ("https://www.google.com/maps/search/?api=1&query=35.33611%2C40.30944", 35.33611, 40.30944,
     "google_maps_url", 1.109, False),
    ("https://www.openstreetmap.org/?mlat=35.3361&mlon=40.3094#map=14/35.3361/40.3094",
     35.3361, 40.3094, "osm_url", 11.09, False),
    ("geo:35.33611,40.30944", 35.33611, 40.30944, "geo_uri", 1.109, False),
    ("GEO:35.33611,40.30944,210;crs=wgs84;u=40", 35.33611, 40.30944, "geo_uri", 40.0, False),
    ("geo:0,0?q=35.33611,40.30944(Conoco)", 35.33611, 40.30944, "geo_uri", 1.109, False),
]


@pytest.mark.parametrize(("text", "lat", "lon", "notation", "precision", "swapped"), REAL_WORLD)
def test_real_world_strings(text, lat, lon, notation, precision, swapped):
    if notation is None:
        with pytest.raises(CoordinateParseError):
            parse_coordinates(text)
        return
    c = parse_coordinates(text)
    assert c.notation == notation
    assert c.text == text
    assert c.swapped_valid is swapped
    if lat is not None:
        assert c.lat == pytest.approx(lat, abs=1e-9)
        assert c.lon == pytest.approx(lon, abs=1e-9)
    assert c.precision_m == pytest.approx(precision, rel=0.02)


@pytest.mark.parametrize("text", ["33.3 44.4", "E44.4 N33.3", "33d18'N 44d24'E", "44d24 33d18N",
                                  "33:18 +44:24"])
def test_geoconvert_manual_equivalents(text):
    # GeographicLib's GeoConvert(1) manual: "the following are all equivalent" (33.3, 44.4)
    c = parse_coordinates(text)
    assert (c.lat, c.lon) == pytest.approx((33.3, 44.4), abs=1e-12)


@pytest.mark.parametrize(("text", "lat", "lon"), [
    ("34.96N, 40.49", 34.96, 40.49),
    ("40.49, 34.96N", 34.96, 40.49),
    ("N34.96 40.49", 34.96, 40.49),
    ("34.96 40.49 E", 34.96, 40.49),
])
def test_one_letter_fixes_both_axes(text, lat, lon):
    c = parse_coordinates(text)
    assert (c.lat, c.lon) == (lat, lon) and not c.swapped_valid


@pytest.mark.parametrize("text", ["34.9 N40.5", "34.9N40.5", "1e5", "34 57 22 N 40 32 29"])
def test_letter_between_values_is_refused(text):
    with pytest.raises(CoordinateParseError, match="cannot tell which value"):
        parse_coordinates(text)


def test_wikipedia_paste_with_several_forms():
    # ar.wikipedia's infobox for the Conoco field, as pasted (with its invisible U+FEFF marks)
    text = "35°20′10″N 40°18′34″E\ufeff / \ufeff35.33611°N 40.30944°E\ufeff / 35.33611; 40.30944"
    c = parse_coordinates(text)
    assert (c.lat, c.lon) == pytest.approx(CONOCO, abs=1e-9)
    assert c.notation == "dms" and c.precision_m == pytest.approx(30.8, rel=0.01)
    assert not c.swapped_valid and c.warnings
    with pytest.raises(CoordinateParseError, match="disagree"):
        parse_coordinates("35°20′10″N 40°18′34″E / 36.33611°N 40.30944°E")


def test_grid_strings_land_on_conoco():
    # 37SFV1900111103 is the Conoco point (35.33611, 40.30944) in MGRS per the mgrs package
    for text in ("37SFV1900111103", "37S FV 19001 11103", "37S 619001 3911103"):
        c = parse_coordinates(text)
        g = Geodesic.WGS84.Inverse(c.lat, c.lon, 35.33611, 40.30944)
        assert g["s12"] < 2.0, text


def test_precision_rule_matches_hand_computation():
    m = metres_per_degree_lat(34.96)
    assert parse_coordinates("34.96, 40.49").precision_m == pytest.approx(0.01 * m, rel=1e-6)
    assert parse_coordinates("34°57'36\"N 40°29'24\"E").precision_m == pytest.approx(
        m / 3600, rel=1e-3)
    assert parse_coordinates("34 57 N 40 29 E").precision_m == pytest.approx(m / 60, rel=1e-3)
    # the coarser of the two values rules
    assert parse_coordinates("34.9611, 40.49").precision_m == pytest.approx(0.01 * m, rel=1e-3)


def test_zoom_widens_view_centres():
    view = parse_coordinates("https://www.google.com/maps/@34.9563,40.5414,15z")
    # half a 256-px tile: 128 px * 156543.034 m * cos(lat) / 2**15
    expected = 128 * 156543.03392804097 * math.cos(math.radians(34.9563)) / 2**15
    assert view.precision_m == pytest.approx(expected, rel=1e-9)
    assert view.warnings and "view" in view.warnings[0]
    deep = parse_coordinates("https://www.google.com/maps/@34.9563,40.5414,21z")
    assert deep.precision_m == pytest.approx(11.09, rel=0.01)  # decimals dominate at zoom 21
    osm = parse_coordinates("https://www.openstreetmap.org/#map=15/34.9563/40.5414")
    assert osm.notation == "osm_url" and osm.precision_m == pytest.approx(expected, rel=1e-9)
    sat = parse_coordinates("https://www.google.com/maps/@34.9563,40.5414,1600m/data=!3m1!1e3")
    assert sat.precision_m == pytest.approx(200.0)
    earth = parse_coordinates("https://www.google.com/maps/@34.9563,40.5414,800a,35y,39t")
    assert earth.precision_m == pytest.approx(100.0) and earth.warnings


def test_ambiguous_pair_reported_not_hidden():
    c = parse_coordinates("40.49, 34.96")
    assert (c.lat, c.lon) == (40.49, 34.96)
    assert c.swapped_valid
    s = c.swapped()
    assert (s.lat, s.lon) == (34.96, 40.49)
    assert not parse_coordinates("34.96, 140.49").swapped_valid
    assert not parse_coordinates("N34.96 E40.49").swapped_valid


def test_longitude_first_bare_pair_refused_with_suggestion():
    with pytest.raises(CoordinateParseError, match=r"did you mean 34\.96, 140\.49"):
        parse_coordinates("140.49, 34.96")


def test_swapped_invalid_raises():
    with pytest.raises(CoordinateParseError, match="swapped"):
        parse_coordinates("34.96, 140.49").swapped()


@pytest.mark.parametrize(("text", "reason"), [
    ("-34.9 N, 40.5", "conflicting hemisphere letter N and sign"),
    ("34.9 N, -40.5 E", "conflicting hemisphere letter E and sign"),
    ("91.5, 40.5", "out of range"),
    ("34.5, 180.5", "out of range"),
    ("N91 E40", "out of range"),
    ("34.5N 40.5N", "both values are latitudes"),
    ("34 61 10 N 40 10 10 E", "minutes 61"),
    ("34 10 60 N 40 10 10 E", "seconds 60"),
    # exactly 60 is the next unit, never a value (34°60′10″N is not 35.0028°N)
    ("34°60′10″N 40°10′10″E", "minutes 60"),
    ("34°10′10″N 40°60′10″E", "minutes 60"),
    ("34 60.0 N 40 10 E", "minutes 60.0"),
    ("34°59′60″N 40°10′10″E", "seconds 60"),
    ("34°10′10″N 40°10′60.0″E", "seconds 60.0"),
    ("34.5 10 N 40 10 E", "only the last part"),
    ("37SJV1234", "invalid 100 km square"),
    ("37SFZ1234", "invalid 100 km square"),
    ("32XFV1234", "does not exist"),
    ("37SFV123", "digits"),
    ("37AFV1234", "UPS"),
    ("37CFV1234", "invalid 100 km square"),  # FV is nowhere near band C
    ("hello world", "not a coordinate in any known notation"),
    ("34.5", "not a coordinate in any known notation"),
    ("", "empty"),
    ("34,96 40,49", "separator"),
    ("XG4R+GH", "reference"),
    ("https://goo.gl/maps/abc", "short link"),
    ("https://www.google.com/maps/place/Deir+ez-Zor", "without coordinates"),
    ("https://example.com/?lat=1&lon=2", "unsupported"),
    ("geo:34.9,40.5;crs=epsg:4326", "crs"),
    ("https://www.google.com/maps/@34.9,40.5,99999z", "zoom"),
    ("37T 619001 1911103", "not in latitude band T"),
])
def test_bad_input_names_text_and_reason(text, reason):
    with pytest.raises(CoordinateParseError, match=reason) as info:
        parse_coordinates(text)
    assert repr(text) in str(info.value) or text.upper() in str(info.value).upper()
    assert info.value.text == text  # the error carries the input, for the caller to show
    assert isinstance(info.value, GeoverifyError) and isinstance(info.value, ValueError)


# Every range a reader checks, at its limit and just past it. The limits are the ones the
# errors state (latitude [-90, 90], longitude [-180, 180], map zoom 0..30, UTM zone 1..60, UPS
# 1,300,000 to 2,700,000 north and 800,000 to 3,200,000 south) and the UTM grid's own (easting
# 100 km to 900 km, northing at most 10,000 km); points read are compared with pyproj.
@pytest.mark.parametrize(("text", "reason"), [
    ("https://www.google.com/maps/@90.5,40,10z", r"latitude 90.5 is out of range \[-90, 90\]"),
    ("https://www.google.com/maps/@34,180.5,10z", "longitude 180.5 is out of range"),
    ("https://www.google.com/maps/data=!3d90.5!4d40", "latitude 90.5 is out of range"),
    ("https://www.google.com/maps/data=!3d34!4d-180.5", "longitude -180.5 is out of range"),
    ("https://www.openstreetmap.org/?mlat=-90.5&mlon=40", "latitude -90.5 is out of range"),
    ("https://www.openstreetmap.org/?lat=34.9&lon=180.01", "longitude 180.01 is out of range"),
    ("https://www.google.com/maps/@34.9,40.5,30.5z", "map zoom 30.5 is not in 0..30"),
    ("https://www.openstreetmap.org/#map=31/34.9/40.5", "map zoom 31 is not in 0..30"),
    ("https://www.openstreetmap.org/?lat=34.9&lon=40.5&zoom=31", "map zoom 31 is not in"),
    ("61S 500000 3900000", "UTM zone 61 is not in 1..60"),
    ("37S 099999 3900000", "UTM easting 099999 or northing 3900000 out of range"),
    ("37S 900001 3900000", "UTM easting 900001 or northing 3900000 out of range"),
    ("31N 500000 10000001", "northing 10000001 out of range"),
    ("N 1299999 2000000", r"UPS north easting 1299999 or northing 2000000 out of range "
                          r"\(1300000 to 2700000\)"),
    ("N 2000000 2700001", "UPS north easting 2000000 or northing 2700001 out of range"),
    ("S 3200001 2000000", r"UPS south easting 3200001 or northing 2000000 out of range "
                          r"\(800000 to 3200000\)"),
    ("S 2000000 799999", "UPS south easting 2000000 or northing 799999 out of range"),
])
def test_every_range_is_refused_just_past_its_limit(text, reason):
    with pytest.raises(CoordinateParseError, match=reason) as info:
        parse_coordinates(text)
    assert info.value.text == text


@pytest.mark.parametrize(("text", "lat", "lon"), [
    ("https://www.google.com/maps/@90,180,0z", 90.0, 180.0),
    ("https://www.google.com/maps/@-34.9,-180,30z", -34.9, -180.0),
    ("https://www.openstreetmap.org/?mlat=-90&mlon=-180", -90.0, -180.0),
    ("https://www.openstreetmap.org/#map=0/34.9/40.5", 34.9, 40.5),
])
def test_every_range_holds_its_limit(text, lat, lon):
    c = parse_coordinates(text)
    assert (c.lat, c.lon) == (lat, lon)


@pytest.mark.parametrize(("text", "zone", "south", "easting", "northing"), [
    ("37S 100000 3900000", 37, False, 100_000, 3_900_000),
    ("37S 900000 3900000", 37, False, 900_000, 3_900_000),
    ("60S 500000 3900000", 60, False, 500_000, 3_900_000),
    ("1S 500000 3900000", 1, False, 500_000, 3_900_000),
])
def test_utm_limits_are_read(text, zone, south, easting, northing):
    from pyproj import Proj

    utm = Proj(proj="utm", zone=zone, south=south, ellps="WGS84")
    lon, lat = utm(easting, northing, inverse=True)
    c = parse_coordinates(text)
    assert c.lat == pytest.approx(lat, abs=1e-9) and c.lon == pytest.approx(lon, abs=1e-9)


@pytest.mark.parametrize(("text", "north", "easting", "northing"), [
    ("N 1300000 2700000", True, 1_300_000, 2_700_000),
    ("N 2700000 1300000", True, 2_700_000, 1_300_000),
    ("S 800000 3200000", False, 800_000, 3_200_000),
    ("S 3200000 800000", False, 3_200_000, 800_000),
])
def test_ups_limits_are_read(text, north, easting, northing):
    from pyproj import Proj

    ups = Proj(proj="ups", south=not north, ellps="WGS84")
    lon, lat = ups(easting, northing, inverse=True)
    c = parse_coordinates(text)
    assert c.lat == pytest.approx(lat, abs=1e-9) and c.lon == pytest.approx(lon, abs=1e-9)


def test_non_text_input():
    with pytest.raises(CoordinateParseError):
        parse_coordinates(34.9)  # type: ignore[arg-type]


def test_utm_37n_read_as_hemisphere_with_warning():
    c = parse_coordinates("37N 619001 3911103")
    assert c.notation == "utm"
    assert c.lat == pytest.approx(35.3361, abs=1e-4)
    assert any("northern hemisphere" in w for w in c.warnings)
    # "37S" fitting band S is read as the band, and the hemisphere reading is reported
    band = parse_coordinates("37S 619001 3911103")
    assert band.lat > 35 and any("southern hemisphere" in w for w in band.warnings)
    # "37S" whose northing does not fit band S (32°N-40°N) is zone 37, southern hemisphere
    s = parse_coordinates("37S 619001 1911103")
    assert s.lat < -70 and any("southern hemisphere" in w for w in s.warnings)
    south = parse_coordinates("34H 259584 6245889")  # Cape Town, band H
    assert south.lat == pytest.approx(-33.9, abs=0.01)


def test_short_plus_code_with_reference():
    c = parse_coordinates("XG4R+GH", reference=(34.9, 40.5))
    assert c.notation == "plus_code"
    full = parse_coordinates("8H62XG4R+GH")
    assert (c.lat, c.lon) == (full.lat, full.lon)
    assert 13 < c.precision_m < 15
    with_locality = parse_coordinates("XG4R+GH al-Quriyah", reference=(34.9, 40.5))
    assert with_locality.warnings


def test_to_site_uses_precision_as_uncertainty():
    c = parse_coordinates("34.96, 40.49")
    site = c.to_site("strike 1")
    assert site.uncertainty_m == c.precision_m
    assert site.method == "coordinates"
    assert site.name == "strike 1"
    assert c.to_site().name == "34.96, 40.49"


def test_to_dict_keys():
    d = parse_coordinates("34.96, 40.49").to_dict()
    assert {"lat", "lon", "notation", "precision_m", "swapped_valid", "text"} <= set(d)


# ---------------------------------------------------------------------------- formatting

def test_format_decimal_dms_ddm_by_hand():
    lat, lon = 34 + 57 / 60 + 22.6 / 3600, -(40 + 32 / 60 + 29.04 / 3600)
    assert format_coordinates(lat, lon, "decimal", precision=4) == "34.9563, -40.5414"
    assert format_coordinates(lat, lon, "dms") == "34°57'22.6\"N 40°32'29.0\"W"
    assert format_coordinates(lat, lon, "dms", precision=0) == "34°57'23\"N 40°32'29\"W"
    assert format_coordinates(lat, lon, "ddm", precision=2) == "34°57.38'N 40°32.48'W"


def test_format_carries_rounding_into_the_next_unit():
    # 59.96" rounds to 60" -> one more minute; 59.9996' -> one more degree
    assert format_coordinates(10 + 59.96 / 3600, 20, "dms", precision=1) == \
        "10°01'00.0\"N 20°00'00.0\"E"
    assert format_coordinates(-(10 + 59.9996 / 60), 20, "ddm", precision=3) == \
        "11°00.000'S 20°00.000'E"
    assert format_coordinates(-0.000001, 0.0, "decimal") == "0.00000, 0.00000"


def test_format_vectorized_matches_scalar():
    lat = np.array([34.95629, -33.9, 0.0, 89.99999])
    lon = np.array([40.54139, 18.4, -179.5, 12.0])
    for notation in ("decimal", "dms", "ddm", "plus_code", "geo_uri"):
        arr = format_coordinates(lat, lon, notation)
        assert isinstance(arr, np.ndarray) and arr.shape == (4,)
        pairs = zip(lat, lon, strict=True)
        assert list(arr) == [format_coordinates(a, b, notation) for a, b in pairs]
    grid = format_coordinates(lat[:3], lon[:3], "mgrs")
    pairs = zip(lat[:3], lon[:3], strict=True)
    assert list(grid) == [format_coordinates(a, b, "mgrs") for a, b in pairs]


def test_format_errors():
    with pytest.raises(GeoverifyError, match="unknown coordinate format"):
        format_coordinates(1, 2, "wkt")
    with pytest.raises(GeoverifyError, match="latitude"):
        format_coordinates(91, 2)
    # polar points are UPS (tests/test_coordinates_polar.py), values from the mgrs package
    assert format_coordinates(85, 10, "mgrs") == "ZAB9645452981"
    assert format_coordinates(-85, 10, "utm") == "UPS S 2096454 2547019"
    with pytest.raises(GeoverifyError):
        format_coordinates(1, 2, "mgrs", precision=6)
    with pytest.raises(GeoverifyError, match="digit count"):
        format_coordinates(1, 2, "dms", precision=15)  # would overflow the integer seconds
    with pytest.raises(GeoverifyError, match="digit count"):
        format_coordinates(1, 2, "decimal", precision=-1)
    assert format_coordinates(-89.999, 179.9, "dms", precision=8).startswith("89°59'56.40000000")


def test_coordinate_format_defaults_to_its_own_precision():
    c = parse_coordinates("34.96, 40.49")  # ~1.1 km
    assert c.format("decimal") == "34.96, 40.49"
    assert c.format("mgrs") == "37SFU3669"  # 2 digits per axis: 1 km cells
    assert c.format("dms") == "34°57'36\"N 40°29'24\"E"
    assert c.format("decimal", precision=4) == "34.9600, 40.4900"


def test_parse_coordinates_array():
    lat, lon, prec = parse_coordinates_array(["34.96, 40.49", "x", "37SFV1900111103"])
    assert lat[0] == 34.96 and np.isnan(lat[1]) and lat[2] == pytest.approx(35.3361, abs=1e-4)
    assert prec[2] == 1.0
    with pytest.raises(CoordinateParseError):
        parse_coordinates_array(["x"], errors="raise")


def test_coordinate_is_frozen():
    c = Coordinate(1.0, 2.0, "decimal", 10.0)
    with pytest.raises(AttributeError):
        c.lat = 3.0  # type: ignore[misc]


def test_import_and_decimal_parse_do_not_load_pyproj():
    import subprocess
    import sys

    code = ("import sys, geoverify.coordinates as c; c.parse_coordinates('34.9, 40.5'); "
            "c.format_coordinates(34.9, 40.5, 'dms'); print('pyproj' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_coordinate_validates_its_fields():
    with pytest.raises(GeoverifyError):
        Coordinate(91.0, 0.0, "decimal", 1.0)
    with pytest.raises(GeoverifyError):
        Coordinate(0.0, 0.0, "wkt", 1.0)
    with pytest.raises(GeoverifyError):
        Coordinate(0.0, 0.0, "decimal", float("nan"))


def test_swapped_only_for_degree_pairs():
    with pytest.raises(CoordinateParseError, match="no order to swap"):
        parse_coordinates("37SFV1900111103").swapped()


@pytest.mark.parametrize(("text", "lat", "lon"), [
    # the largest minutes and seconds there are: just under the next unit (hand computed)
    ("34°59′59″N 40°59′59.9″E", 34 + 59 / 60 + 59 / 3600, 40 + 59 / 60 + 59.9 / 3600),
    ("34 59.999 N 40 0.0 E", 34 + 59.999 / 60, 40.0),
    ("0°0′0″N 0°0′0″E", 0.0, 0.0),
])
def test_minutes_and_seconds_just_below_60_are_read(text, lat, lon):
    c = parse_coordinates(text)
    assert c.lat == pytest.approx(lat, abs=1e-12) and c.lon == pytest.approx(lon, abs=1e-12)


@pytest.mark.parametrize(("text", "reference", "reason"), [
    ("XG4R+GH", (90.5, 40.0), r"'XG4R\+GH': reference \(90.5, 40.0\) is out of range"),
    ("XG4R+GH", (34.0, -180.5), r"reference \(34.0, -180.5\) is out of range"),
    ("XG4R+GH", ("a", "b"), r"reference \('a', 'b'\) is not \(lat, lon\)"),
    ("XG4R+GH", None, r"short Plus Code XG4R\+GH needs a reference location \(reference=\(lat, "
                      r"lon\), or --reference LAT,LON\)"),
    ("XG4R+GH Mayadin", None, r"short Plus Code XG4R\+GH near 'Mayadin' needs a reference"),
    ("8H62XG4R+GH Mayadin", None, r"'8H62XG4R\+GH Mayadin': unexpected text after the Plus Code"),
    ("X2X2X2X2+", None, r"'X2X2X2X2\+': Plus Code X2X2X2X2\+ is out of range"),
    ("8H62XG4R+G", None, r"8H62XG4R\+G is not a valid Plus Code"),
])
def test_plus_code_refusals_say_what_and_why(text, reference, reason):
    with pytest.raises(CoordinateParseError, match=reason) as info:
        parse_coordinates(text, reference=reference)
    assert info.value.text == text


def test_plus_code_reference_at_its_limits_and_a_locality_ignored():
    from openlocationcode import openlocationcode as olc

    for ref in ((90.0, 180.0), (-90.0, -180.0)):
        c = parse_coordinates("XG4R+GH", reference=ref)
        area = olc.decode(olc.recoverNearest("XG4R+GH", *ref))
        assert (c.lat, c.lon) == pytest.approx((area.latitudeCenter, area.longitudeCenter))
    c = parse_coordinates("XG4R+GH Mayadin", reference=(34.9, 40.5))
    assert c.warnings == ("locality 'Mayadin' ignored; recovered near the reference point",)


def test_several_forms_of_one_point_keep_the_coarsest():
    # a Wikipedia paste (the Conoco field): DMS to whole seconds, then two conversions to 5
    # decimals; conversions add digits, not precision, so the seconds' reading is kept
    c = parse_coordinates("35°20′10″N 40°18′34″E / 35.33611°N 40.30944°E / 35.33611; 40.30944")
    assert (c.lat, c.lon) == pytest.approx(CONOCO, abs=1e-12) and c.notation == "dms"
    second = Geodesic.WGS84.Inverse(c.lat, c.lon, c.lat + 1 / 3600, c.lon)["s12"]
    assert c.precision_m == pytest.approx(second, rel=2e-3)  # one second of latitude, 31 m
    assert c.warnings == ("3 forms of the same point given; the coarsest (dms, ±31 m) is kept, "
                          "as conversions add digits, not precision",)
    assert c.swapped_valid is False  # hemisphere letters: it reads one way only
    # the coarser of two decimal readings, whichever comes first; bare pairs read both ways
    c = parse_coordinates("35.33611, 40.30944 / 35.3361, 40.3094")
    assert (c.lat, c.lon, c.swapped_valid) == (35.3361, 40.3094, True)


@pytest.mark.parametrize(("text", "agree"), [
    # 3 decimals: +-111 m each; 50 N: 0.003 deg of longitude is 215 m, 0.004 deg 287 m
    ("50.000, 10.000 / 50.000, 10.003", True),
    ("50.000, 10.000 / 50.000, 10.004", False),
    # across the antimeridian 0.002 deg of longitude at 10 N is 219 m: within 2 x 111 m
    ("10.000, 179.999 / 10.000, -179.999", True),
    ("10.000, 179.998 / 10.000, -179.999", False),
])
def test_several_forms_must_agree_within_their_precisions(text, agree):
    if agree:
        assert parse_coordinates(text).notation == "decimal"
    else:
        with pytest.raises(CoordinateParseError, match="the 2 forms given disagree by "
                                                       r"\d+ m, more than their precision"):
            parse_coordinates(text)


@pytest.mark.parametrize(("text", "lat", "lon"), [
    # no letters, no separator: the degree signs split the two values (hand computed)
    ("34°57′22.6″ 40°32′", 34 + 57 / 60 + 22.6 / 3600, 40 + 32 / 60),
    ("34°57′22.6″ -40°32′", 34 + 57 / 60 + 22.6 / 3600, -(40 + 32 / 60)),
    ("-34°57′ -40°", -(34 + 57 / 60), -40.0),
    ("34°57′ 40°", 34 + 57 / 60, 40.0),
    ("34.5° 40°30′", 34.5, 40.5),
    ("-34.5° 40°30′15″", -34.5, 40 + 30 / 60 + 15 / 3600),
])
def test_degree_signs_split_uneven_values(text, lat, lon):
    c = parse_coordinates(text)
    assert c.lat == pytest.approx(lat, abs=1e-12) and c.lon == pytest.approx(lon, abs=1e-12)


# UTM latitude bands, each 8 degrees (C to X), read within 0.1 degree of their edges; a band N
# or S that does not fit is read as the hemisphere (with a warning); the grid ends at 80 S and
# 84 N (half a degree of slack). Points against pyproj's UTM.
@pytest.mark.parametrize(("text", "reason"), [
    ("31N 500000 9440000", "UTM coordinates outside 80°S-84°N"),   # 85.0 N
    ("31S 500000 1000000", "UTM coordinates outside 80°S-84°N"),   # 81.06 S
    ("37T 500000 4372000", "northing 4372000 is not in latitude band T of zone 37"),  # 39.5 N
    ("31X 500000 100000", "northing 100000 is not in latitude band X of zone 31"),
])
def test_utm_bands_refuse_points_outside_them(text, reason):
    with pytest.raises(CoordinateParseError, match=reason):
        parse_coordinates(text)


@pytest.mark.parametrize(("text", "south", "warning"), [
    ("31N 500000 100000", False, None),                 # 0.9 N: band N itself
    ("37T 500000 4422000", False, None),                # 39.95 N: within 0.1 deg of band T
    ("31N 500000 9373000", False, "31N read as zone 31, northern hemisphere (the northing is "
                                  "not in latitude band N)"),                       # 84.4 N
    ("31S 500000 1070000", True, "31S read as zone 31, southern hemisphere (the northing is "
                                 "not in latitude band S)"),                        # 80.43 S
])
def test_utm_bands_and_hemispheres(text, south, warning):
    from pyproj import Proj

    zone, _, easting, northing = text[:2], text[2], *text[4:].split()
    utm = Proj(proj="utm", zone=int(zone), south=south, ellps="WGS84")
    lon, lat = utm(float(easting), float(northing), inverse=True)
    c = parse_coordinates(text)
    assert c.lat == pytest.approx(lat, abs=1e-9) and c.lon == pytest.approx(lon, abs=1e-9)
    assert c.warnings == (() if warning is None else (warning,))


def test_utm_band_s_says_the_other_reading():
    from pyproj import Proj

    south = Proj(proj="utm", zone=37, south=True, ellps="WGS84")
    alt = south(500_000.0, 3_900_000.0, inverse=True)[1]
    c = parse_coordinates("37S 500000 3900000")
    assert c.warnings == (f"37S read as latitude band S (32°N-40°N); as zone 37 southern "
                          f"hemisphere it would be at latitude {alt:.4f}",)


QURIYAH_WHOLE_SECONDS = (34 + 57 / 60 + 22 / 3600, 40 + 32 / 60 + 29 / 3600)


@pytest.mark.parametrize(("text", "sign"), [
    # d-m-s written with letters: "22s" is seconds when a letter unit (d or m) comes before it
    ("34d57m22s N 40d32m29s E", 1),
    ("34d 57m 22s N 40d 32m 29s E", 1),
    ("34°57m22s N 40°32m29s E", 1),       # the minutes' letter alone makes it seconds
    ("34d57'22s N 40d32'29s E", 1),       # the degrees' letter alone makes it seconds
    ("34d57m22S 40d32m29E", 1),           # a capital S there is seconds too
    ("34°57'22S 40°32'29E", -1),          # after ° and ' an S is South
])
def test_letter_style_seconds_and_south(text, sign):
    c = parse_coordinates(text)
    lat, lon = QURIYAH_WHOLE_SECONDS
    assert c.lat == pytest.approx(sign * lat, abs=1e-12)
    assert c.lon == pytest.approx(lon, abs=1e-12) and c.notation == "dms"


def test_an_unknown_letter_is_named():
    with pytest.raises(CoordinateParseError, match=r"'34x57 40' is not a coordinate in any "
                                                   r"known notation \(unexpected letter 'x'\)"):
        parse_coordinates("34x57 40")


@pytest.mark.parametrize(("text", "reason"), [
    # each refusal of one value's parts says what is wrong, naming the part
    ("3.4E1, 40", "'3.4e1' is a number in exponent notation; coordinates are read as decimal "
                  "degrees, DMS, DDM, MGRS, UTM or a map link: write it as a plain decimal "
                  "number"),
    ("N 34 N, 40 E", "two hemisphere letters in one value"),
    ("34NS, 40E", "hemisphere letter 'N' in the middle of a value"),
    ("34 57 N 22, 40 E", "hemisphere letter 'N' in the middle of a value"),
    ("34 -5 N 40 E", "misplaced sign '-'"),
    ("34°° 40°", "misplaced unit '°'"),
    ("34° 40 30 20 10 N 40 E", "too many numbers in one value"),
    ("34'57° N 40° E", "units out of order (expected ° ' \")"),
    ("N, 40 E", "a value has no number"),
])
def test_each_part_refusal_is_named(text, reason):
    with pytest.raises(CoordinateParseError) as info:
        parse_coordinates(text)
    assert str(info.value) == f"{text!r}: {reason}" and info.value.text == text


def test_compact_hemisphere_notation_either_way_round():
    # "35.5E40.5N": an E between two numbers, each written with a hemisphere letter
    for text in ("35.5E40.5N", "40.5N35.5E"):
        c = parse_coordinates(text)
        assert (c.lat, c.lon) == (40.5, 35.5)


# --- mutation survivors (issue 12): the UTM band's slack and errors that carry their input;
# northings from pyproj's transverse Mercator (zone 37, central meridian 39°E)


def test_utm_band_slack_is_a_tenth_of_a_degree():
    # band T is 40°N-48°N: 39.948°N (0.05° below) is read, 39.5°N (0.5° below) refused
    assert parse_coordinates("37T 500000 4422000").lat == pytest.approx(39.94813, abs=1e-5)
    with pytest.raises(CoordinateParseError, match="not in latitude band T") as info:
        parse_coordinates("37T 500000 4372000")
    assert info.value.text == "37T 500000 4372000"
    # band R is 24°N-32°N: 32.050°N (0.05° above) is read, 32.5°N refused
    assert parse_coordinates("37R 500000 3546000").lat == pytest.approx(32.05020, abs=1e-5)
    with pytest.raises(CoordinateParseError, match="not in latitude band R"):
        parse_coordinates("37R 500000 3596000")


@pytest.mark.parametrize("text,reason", [
    ("37N 500000 9600000", "UTM coordinates outside 80°S-84°N"),  # about 86.5°N
    ("35.33611, 40.30944 / 35.40, 40.30944", "the 2 forms given disagree by 7088 m"),
])
def test_refusals_carry_the_input(text, reason):
    with pytest.raises(CoordinateParseError, match=reason) as info:
        parse_coordinates(text)
    assert info.value.text == text
