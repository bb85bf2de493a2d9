"""Property tests (hypothesis): format then parse returns the point within the notation's
precision, for every notation; arbitrary text only ever raises CoordinateParseError.

Distances are measured with geographiclib (independent of the code under test).
"""

from __future__ import annotations

import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoverify import CoordinateParseError
from geoverify.coordinates import FORMATS, format_coordinates, parse_coordinates

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

lats = st.floats(-90, 90, allow_nan=False)
lons = st.floats(-180, 180, allow_nan=False)
grid_lats = st.floats(-80, 84, allow_nan=False)

PRECISIONS = {
    "decimal": st.integers(0, 8),
    "dms": st.integers(0, 3),
    "ddm": st.integers(0, 5),
    "mgrs": st.integers(0, 5),
    "utm": st.integers(0, 2),
    "plus_code": st.sampled_from([2, 4, 6, 8, 10, 11, 12, 13, 14, 15]),
    "geo_uri": st.integers(0, 8),
    "google_maps_url": st.integers(0, 8),
    "osm_url": st.integers(0, 8),
}
PARSED_AS = {"decimal": {"decimal"}, "dms": {"dms"}, "ddm": {"ddm"}, "mgrs": {"mgrs"},
             "utm": {"utm"}, "plus_code": {"plus_code"}, "geo_uri": {"geo_uri"},
             "google_maps_url": {"google_maps_url"}, "osm_url": {"osm_url"}}


def _distance(lat1, lon1, lat2, lon2):
    return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"]


def _round_trip(notation, lat, lon, precision):
    text = format_coordinates(lat, lon, notation, precision=precision)
    c = parse_coordinates(text)
    assert c.notation in PARSED_AS[notation], (text, c.notation)
    d = _distance(lat, lon, c.lat, c.lon)
    assert d <= c.precision_m * (1 + 1e-9) + 1e-6, (text, d, c.precision_m)


@pytest.mark.parametrize("notation", [f for f in FORMATS if f not in ("mgrs", "utm")])
def test_round_trip_within_precision(notation):
    @SETTINGS
    @given(lat=lats, lon=lons, precision=PRECISIONS[notation])
    def check(lat, lon, precision):
        _round_trip(notation, lat, lon, precision)

    check()


@pytest.mark.parametrize("notation", ["mgrs", "utm"])
def test_grid_round_trip_within_precision(notation):
    @SETTINGS
    @given(lat=grid_lats, lon=lons, precision=PRECISIONS[notation])
    def check(lat, lon, precision):
        _round_trip(notation, lat, lon, precision)

    check()


@SETTINGS
@given(lat=lats, lon=lons, notation=st.sampled_from(["decimal", "dms", "ddm"]),
       precision=st.integers(0, 3))
def test_coordinate_format_round_trip(lat, lon, notation, precision):
    c = parse_coordinates(format_coordinates(lat, lon, "decimal", precision=6))
    again = parse_coordinates(c.format(notation, precision=precision))
    assert _distance(c.lat, c.lon, again.lat, again.lon) <= again.precision_m + 1e-6


RELEVANT = st.sampled_from(list("0123456789٠١٢٣٤٥٦٧٨٩۰۴ .,;:/-+°'\"′″’”NSEWnsewdmsº٫،٬ "
                                "ABCDFGHJKLMPQRSTUVWXYZlatonggeo?&=!@#z%\u200f\u061cشجقغ")
                           + ["geo:", "http://", "https://www.google.com/maps/",
                              "https://www.openstreetmap.org/", "/@", "!3d", "!4d",
                              "#map=", "?q=", "mlat=", "&mlon=", "lat=", "lon=", "37S",
                              "UTM ", "MGRS ", "+", "8H62", ";u=", ";crs=", "z", "m/"])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=60), st.lists(RELEVANT, max_size=25).map("".join)))
def test_arbitrary_text_raises_only_coordinate_parse_error(text):
    try:
        c = parse_coordinates(text)
    except CoordinateParseError:
        return
    assert -90 <= c.lat <= 90 and -180 <= c.lon <= 180
    assert c.precision_m >= 0 and c.precision_m == c.precision_m
    c.to_site()  # a valid Site, or this raises


OLC_ALPHABET = "23456789CFGHJMPQRVWX"


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=20), st.text(alphabet=OLC_ALPHABET + "0", max_size=9)),
       ref=st.tuples(lats, lons))
def test_arbitrary_plus_codes_with_reference(text, ref):
    """``X+X`` is read exactly as Google's openlocationcode reads it, or refused."""
    from openlocationcode import openlocationcode as olc

    code = text + "+" + text
    oracle = code.strip().upper()
    readable = olc.isValid(oracle) and (olc.isShort(oracle) or olc.isFull(oracle))
    try:
        c = parse_coordinates(code, reference=ref)
    except CoordinateParseError:
        assert not (readable and oracle == code.upper()), code
        return
    assert -90 <= c.lat <= 90 and -180 <= c.lon <= 180
    if c.notation == "plus_code" and readable:
        full = olc.recoverNearest(oracle, *ref) if olc.isShort(oracle) else oracle
        area = olc.decode(full)
        assert c.lat == pytest.approx(area.latitudeCenter, abs=1e-9)
        assert c.lon == pytest.approx(area.longitudeCenter, abs=1e-9)
