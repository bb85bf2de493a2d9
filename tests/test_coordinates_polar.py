"""Polar MGRS (UPS bands A, B, Y, Z) and UPS coordinates, against independent references.

- the ``mgrs`` package (a port of NGA's GEOTRANS, which implements the polar letters of
  NGA.STND.0037) on thousands of random points south of 80°S and north of 84°N;
- UPS eastings/northings against Snyder's polar stereographic formulas (USGS PP 1395,
  eqs. 15-9, 21-33, 21-34; k0 = 0.994, false easting/northing 2000 km) written out here;
- distances with geographiclib.
"""

from __future__ import annotations

import math

import mgrs
import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoverify import CoordinateParseError
from geoverify._mgrs import is_polar, mgrs_decode, mgrs_encode, ups_forward
from geoverify.coordinates import format_coordinates, parse_coordinates

M = mgrs.MGRS()
RNG = np.random.default_rng(20261125)


def _polar_points(n):
    north = RNG.random(n) < 0.5
    lat = np.where(north, RNG.uniform(84.0, 90.0, n), RNG.uniform(-90.0, -80.0, n))
    lat = np.where(is_polar(lat), lat, np.where(north, 84.5, -80.5))  # never exactly 84 / -80
    lon = RNG.uniform(-180.0, 180.0, n)
    return lat, lon


def _distance(lat1, lon1, lat2, lon2):
    return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"]


def _snyder_ups(lat, lon):
    """UPS (easting, northing) by Snyder's ellipsoidal polar stereographic formulas."""
    a, f, k0 = 6378137.0, 1 / 298.257223563, 0.994
    e = math.sqrt(f * (2 - f))
    north = lat >= 0
    phi = math.radians(abs(lat))
    lam = math.radians(lon)
    t = math.tan(math.pi / 4 - phi / 2) / ((1 - e * math.sin(phi)) / (1 + e * math.sin(phi))) ** (
        e / 2)
    rho = 2 * a * k0 * t / math.sqrt((1 + e) ** (1 + e) * (1 - e) ** (1 - e))
    x = 2_000_000.0 + rho * math.sin(lam)
    y = 2_000_000.0 - rho * math.cos(lam) if north else 2_000_000.0 + rho * math.cos(lam)
    return x, y


def test_reference_package_supports_polar_mgrs():
    # precondition for the comparisons below: GEOTRANS letters, not a refusal
    assert M.toMGRS(85.0, 10.0, MGRSPrecision=5) == "ZAB9645452981"
    assert M.toMGRS(-85.0, 10.0, MGRSPrecision=5) == "BAT9645447018"
    assert M.toMGRS(88.0, -170.0, MGRSPrecision=5) == "YZK6143818695"


def test_polar_mgrs_encode_matches_mgrs_package_at_1m():
    lat, lon = _polar_points(4000)
    ours = mgrs_encode(lat, lon, precision=5)
    theirs = [M.toMGRS(a, b, MGRSPrecision=5) for a, b in zip(lat, lon, strict=True)]
    same = [a == b for a, b in zip(ours, theirs, strict=True)]
    # PROJ and GEOTRANS differ by far less than 1 mm; a point that close to a metre line may
    # land in the neighbouring 1 m cell. The band and 100 km square must agree exactly.
    assert sum(same) / len(same) > 0.998
    for a, b in zip(ours, theirs, strict=True):
        assert a[:3] == b[:3], (a, b)
        if a != b:
            de = abs(int(a[3:8]) - int(b[3:8]))
            dn = abs(int(a[8:]) - int(b[8:]))
            assert de in (0, 1, 99999) and dn in (0, 1, 99999), (a, b)


@pytest.mark.parametrize("precision", [0, 1, 2, 3, 4])
def test_polar_mgrs_lower_precisions_match(precision):
    lat, lon = _polar_points(500)
    ours = mgrs_encode(lat, lon, precision=precision)
    theirs = [M.toMGRS(a, b, MGRSPrecision=precision) for a, b in zip(lat, lon, strict=True)]
    assert sum(a == b for a, b in zip(ours, theirs, strict=True)) >= 498
    assert {len(s) for s in ours} == {3 + 2 * precision}


def test_polar_mgrs_decode_matches_mgrs_package():
    lat, lon = _polar_points(2000)
    for a, b in zip(lat, lon, strict=True):
        text = M.toMGRS(a, b, MGRSPrecision=5)
        ref_lat, ref_lon = M.toLatLon(text)
        got_lat, got_lon, cell = mgrs_decode(text)
        assert cell == 1.0
        assert _distance(got_lat, got_lon, ref_lat, ref_lon) < 0.01, text
        # and the 1 m cell holds the original point
        assert _distance(got_lat, got_lon, a, b) < 0.75, text


@pytest.mark.parametrize("precision", [0, 1, 2, 3, 4, 5])
def test_polar_round_trip_every_precision(precision):
    lat, lon = _polar_points(300)
    cell = 10.0 ** (5 - precision)
    for a, b, text in zip(lat, lon, mgrs_encode(lat, lon, precision=precision), strict=True):
        c = parse_coordinates(f"MGRS {text}")
        got_lat, got_lon, got_cell = mgrs_decode(str(text))
        assert (c.notation, c.lat, c.lon, c.precision_m) == ("mgrs", got_lat, got_lon, cell)
        assert got_cell == cell
        # the centre of the cell: within half its diagonal over the scale (>= 0.994)
        assert _distance(got_lat, got_lon, a, b) <= cell * math.sqrt(0.5) / 0.994 + 1e-3, text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(north=st.booleans(), depth=st.floats(1e-6, 6.0), lon=st.floats(-180, 180),
       precision=st.integers(0, 5), spaced=st.booleans())
def test_polar_mgrs_hypothesis_round_trip(north, depth, lon, precision, spaced):
    lat = 84.0 + depth if north else -80.0 - depth * 10 / 6
    lat = min(max(lat, -90.0), 90.0)
    text = str(format_coordinates(lat, lon, "mgrs", precision=precision))
    assert text[0] in ("YZ" if north else "AB")
    if spaced and precision:
        text = f"{text[0]} {text[1:3]} {text[3:3 + precision]} {text[3 + precision:]}"
    if not precision:
        text = "MGRS " + text
    c = parse_coordinates(text)
    assert c.notation == "mgrs"
    assert c.precision_m == 10.0 ** (5 - precision)
    assert _distance(c.lat, c.lon, lat, lon) <= c.precision_m * math.sqrt(0.5) / 0.994 + 1e-3
    # formatting the parsed centre at the same precision gives the same reference back (when
    # that centre is itself polar: squares along 84°N/80°S reach into the UTM area)
    if not is_polar(c.lat):
        return
    again = format_coordinates(c.lat, c.lon, "mgrs", precision=precision)
    assert again.replace(" ", "") == text.replace(" ", "").removeprefix("MGRS")


def test_boundaries():
    # exactly 84°N and 80°S are still UTM (band X and C), as in GEOTRANS
    assert mgrs_encode(84.0, 0.0) == M.toMGRS(84.0, 0.0) == "31XDP6500529005"
    assert mgrs_encode(-80.0, 0.0) == M.toMGRS(-80.0, 0.0) == "31CDM4186716915"
    assert mgrs_encode(84.0 + 1e-7, 0.0)[0] == "Z"
    assert mgrs_encode(84.0 + 1e-7, -0.5)[0] == "Y"
    assert mgrs_encode(-80.0 - 1e-7, 0.5)[0] == "B"
    assert mgrs_encode(-80.0 - 1e-7, -0.5)[0] == "A"
    # the poles: easting = northing = 2000 km, the eastern band; any longitude
    for lon in (-180.0, -90.0, 0.0, 45.0, 180.0):
        assert mgrs_encode(90.0, lon) == M.toMGRS(90.0, lon) == "ZAH0000000000"
        assert mgrs_encode(-90.0, lon) == M.toMGRS(-90.0, lon) == "BAN0000000000"
    assert mgrs_encode(90.0, 0.0, precision=0) == "ZAH"
    lat, _lon, cell = mgrs_decode("ZAH0000000000")
    # half the 1 m cell diagonal over the UPS scale factor 0.994 at the pole
    assert cell == 1.0 and 0.70 < _distance(lat, 0.0, 90.0, 0.0) < 0.712
    # the 180° meridian (easting 2000 km) is the east/west band line
    for lat in (85.0, -85.0):
        for lon in (180.0, -180.0, 179.9999, -179.9999):
            assert mgrs_encode(lat, lon) == M.toMGRS(lat, lon), (lat, lon)
    # mixed polar and UTM points in one array keep their order
    out = mgrs_encode([85.0, 35.33611, -85.0], [10.0, 40.30944, 10.0], precision=5)
    assert out.tolist() == ["ZAB9645452981", "37SFV1900111103", "BAT9645447018"]


@pytest.mark.parametrize(("lat", "lon"), [(85.0, 10.0), (-85.0, 10.0), (88.0, -170.0),
                                          (-80.5, 100.0), (84.2, 135.0), (-89.9, -45.0)])
def test_ups_against_snyder(lat, lon):
    north, east, nor = ups_forward(lat, lon)
    x, y = _snyder_ups(lat, lon)
    assert bool(north) == (lat > 0)
    assert abs(float(east) - x) < 1e-3 and abs(float(nor) - y) < 1e-3


def test_ups_text_format_and_parse():
    lat, lon = _polar_points(300)
    texts = format_coordinates(lat, lon, "utm")
    for a, b, t in zip(lat, lon, texts, strict=True):
        t = str(t)
        hemi, x, y = t.split()[1:]
        assert t.startswith("UPS ") and hemi == ("N" if a > 0 else "S")
        sx, sy = _snyder_ups(a, b)
        assert abs(int(x) - sx) <= 0.5 + 1e-6 and abs(int(y) - sy) <= 0.5 + 1e-6, t
        c = parse_coordinates(t)
        assert c.notation == "utm" and c.precision_m == 1.0
        assert _distance(c.lat, c.lon, a, b) < 1.0, t
    # GeographicLib's GeoConvert style (hemisphere letter only) and decimals
    c = parse_coordinates("n 2000000 2000000")
    assert abs(c.lat - 90.0) < 1e-9
    c = parse_coordinates("UPS S 2096454.16 2547018.75")
    assert c.precision_m == pytest.approx(0.01)
    assert _distance(c.lat, c.lon, -85.0, 10.0) < 0.01
    assert format_coordinates(-85.0, 10.0, "utm", precision=2) == "UPS S 2096454.16 2547018.75"


@pytest.mark.parametrize(("text", "reason"), [
    ("ZRB1234", "invalid 100 km square"),        # R is a Y column, not Z
    ("YAB1234", "invalid 100 km square"),        # A is a Z column
    ("ZAQ1234", "invalid 100 km square"),        # rows stop at P in the north
    ("BSZ1234", "invalid 100 km square"),        # S is beyond B's columns (A..R)
    ("AAN1234", "invalid 100 km square"),        # A is a B column
    ("ZAB123", "digits"),
    ("37ZAB1234", "UPS"),
    ("UPS N 3000000 2000000", "out of range"),
    ("UPS S 2000000 0700000", "out of range"),
])
def test_polar_bad_input(text, reason):
    with pytest.raises(CoordinateParseError, match=reason) as info:
        parse_coordinates(text)
    assert text in str(info.value) or text.replace(" ", "") in str(info.value)


def test_bare_polar_square_needs_a_prefix():
    # a three-letter word is not read as a 100 km square unless marked as MGRS
    with pytest.raises(CoordinateParseError):
        parse_coordinates("ZAB")
    c = parse_coordinates("MGRS: ZAB")
    assert c.notation == "mgrs" and c.precision_m == 100_000.0
