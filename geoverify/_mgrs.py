"""UTM and MGRS on WGS84, over pyproj (private; the public API is :mod:`geoverify.coordinates`).

UTM eastings/northings come from pyproj's transverse Mercator (EPSG:326zz north, EPSG:327zz south);
the MGRS grid letters are computed here per NGA.SIG.0012 (the "AA" lettering of WGS84):

- latitude bands ``C``..``X`` of 8 degrees from 80°S, band ``X`` extended to 84°N;
- UTM zones of 6 degrees, with the Norway (32V covers 3°E-12°E) and Svalbard (31X, 33X, 35X,
  37X; no 32X, 34X, 36X) exceptions;
- 100 km column letters from three sets (``A-H``, ``J-R``, ``S-Z``) cycling with the zone number;
- 100 km row letters ``A-V`` (no I, O) cycling every 2000 km, offset by 5 letters in even zones.

The polar regions (south of 80°S, north of 84°N) use UPS (Universal Polar Stereographic,
EPSG:32661 north, EPSG:32761 south; false easting and northing 2000 km) with the polar MGRS
letters of NGA.STND.0037 (as in GeographicLib and GEOTRANS): band ``A``/``B`` (south,
west/east of the 0°-180° meridian line, i.e. easting below/above 2000 km) and ``Y``/``Z``
(north); 100 km column letters ``JKLPQRSTUXYZ`` (A), ``ABCFGHJKLPQR`` (B), ``RSTUXYZ`` (Y),
``ABCFGHJ`` (Z) from eastings 800, 2000, 1300 and 2000 km; row letters
``ABCDEFGHJKLMNPQRSTUVWXYZ`` from northing 800 km (south) and ``ABCDEFGHJKLMNP`` from
1300 km (north). Exactly 84°N and 80°S are UTM.

Examples
--------
>>> mgrs_encode(35.33611, 40.30944, precision=5)
'37SFV1900111103'
>>> lat, lon, cell = mgrs_decode("37SFV1900111103")
>>> round(lat, 5), round(lon, 5), cell
(35.33611, 40.30944, 1.0)
>>> mgrs_encode(85.0, 10.0)
'ZAB9645452981'
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import numpy as np

from geoverify.errors import CoordinateParseError, GeoverifyError

__all__ = [
    "BANDS",
    "latitude_band",
    "utm_zone",
    "utm_forward",
    "utm_inverse",
    "mgrs_encode",
    "mgrs_decode",
    "band_bounds",
    "is_polar",
    "ups_forward",
    "ups_inverse",
]

#: Latitude band letters from 80°S northwards (8° each; X is 12°: 72°N-84°N).
BANDS = "CDEFGHJKLMNPQRSTUVWX"
_COLUMN_SETS = ("ABCDEFGH", "JKLMNPQR", "STUVWXYZ")
_ROW_LETTERS = "ABCDEFGHJKLMNPQRSTUV"
_MIN_LAT, _MAX_LAT = -80.0, 84.0
#: UPS (polar) MGRS letters per band A, B, Y, Z: (column letters, first column index in 100 km)
_UPS_COLUMNS = {"A": ("JKLPQRSTUXYZ", 8), "B": ("ABCFGHJKLPQR", 20),
                "Y": ("RSTUXYZ", 13), "Z": ("ABCFGHJ", 20)}
#: UPS row letters and first row index (100 km) for the south and north grids
_UPS_ROWS = {False: ("ABCDEFGHJKLMNPQRSTUVWXYZ", 8), True: ("ABCDEFGHJKLMNP", 13)}


def _outside(lat: Any) -> Any:
    return ~((lat >= _MIN_LAT) & (lat <= _MAX_LAT))


def is_polar(lat: Any) -> Any:
    """Return True where ``lat`` is in the UPS area (south of 80°S or north of 84°N).

    Examples
    --------
    >>> bool(is_polar(84.0)), bool(is_polar(84.000001)), bool(is_polar(-80.5))
    (False, True, True)
    """
    lat = np.asarray(lat, dtype=float)
    return (lat < _MIN_LAT) | (lat > _MAX_LAT)


@functools.lru_cache(maxsize=4)
def _ups_transformer(north: bool, inverse: bool) -> Any:
    from pyproj import Transformer

    epsg = "EPSG:32661" if north else "EPSG:32761"
    if inverse:
        return Transformer.from_crs(epsg, "EPSG:4326", always_xy=True)
    return Transformer.from_crs("EPSG:4326", epsg, always_xy=True)


def ups_forward(lat: Any, lon: Any) -> tuple[Any, Any, Any]:
    """Project points to UPS: return ``(north, easting, northing)`` arrays (metres).

    ``north`` is True for latitudes >= 0 (UPS North, EPSG:32661), else UPS South (EPSG:32761).

    Examples
    --------
    >>> n, e, no = ups_forward(90.0, 0.0)
    >>> bool(n), round(float(e)), round(float(no))
    (True, 2000000, 2000000)
    """
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    shape = np.broadcast(lat, lon).shape
    lat, lon = np.broadcast_to(lat, shape).ravel(), np.broadcast_to(lon, shape).ravel()
    north = lat >= 0
    east = np.full(lat.shape, np.nan)
    nor = np.full(lat.shape, np.nan)
    for hemi in (False, True):
        sel = north == hemi
        if np.any(sel):
            east[sel], nor[sel] = _ups_transformer(hemi, False).transform(lon[sel], lat[sel])
    return north.reshape(shape), east.reshape(shape), nor.reshape(shape)


def ups_inverse(north: bool, easting: Any, northing: Any) -> tuple[Any, Any]:
    """Return ``(lat, lon)`` of UPS coordinates (``north`` True: EPSG:32661, else 32761).

    Examples
    --------
    >>> lat, lon = ups_inverse(False, 2000000.0, 2000000.0)
    >>> round(float(lat), 6)
    -90.0
    """
    tr = _ups_transformer(bool(north), True)
    lon, lat = tr.transform(np.asarray(easting, dtype=float), np.asarray(northing, dtype=float))
    return lat, lon


def latitude_band(lat: Any) -> Any:
    """Return the MGRS/UTM latitude band letter(s) of ``lat`` (degrees, 80°S..84°N).

    Examples
    --------
    >>> latitude_band(35.3), latitude_band(-33.9), latitude_band(84.0)
    ('S', 'H', 'X')
    """
    arr = np.asarray(lat, dtype=float)
    if np.any(_outside(arr)):
        raise GeoverifyError(
            "latitude outside the UTM/MGRS area (80°S to 84°N); polar UPS is not supported"
        )
    idx = np.clip(np.floor((arr + 80.0) / 8.0).astype(int), 0, 19)
    letters = np.asarray(list(BANDS))[idx]
    return str(letters) if letters.ndim == 0 else letters


def band_bounds(band: str) -> tuple[float, float]:
    """Return the (south, north) latitude limits of a band letter.

    Examples
    --------
    >>> band_bounds("S"), band_bounds("X")
    ((32.0, 40.0), (72.0, 84.0))
    """
    i = BANDS.index(band)
    south = -80.0 + 8.0 * i
    return south, (84.0 if band == "X" else south + 8.0)


def utm_zone(lat: Any, lon: Any) -> Any:
    """Return the UTM zone number(s) of points, with the Norway and Svalbard exceptions.

    Examples
    --------
    >>> int(utm_zone(35.3, 40.3)), int(utm_zone(60.0, 4.0)), int(utm_zone(78.0, 10.0))
    (37, 32, 33)
    """
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    lon = (lon + 180.0) % 360.0 - 180.0
    zone = (np.floor((lon + 180.0) / 6.0).astype(int) % 60) + 1
    zone = np.where((lat >= 56) & (lat < 64) & (lon >= 3) & (lon < 12), 32, zone)
    svalbard = lat >= 72
    for lo, hi, z in ((0, 9, 31), (9, 21, 33), (21, 33, 35), (33, 42, 37)):
        zone = np.where(svalbard & (lon >= lo) & (lon < hi), z, zone)
    return zone


@functools.lru_cache(maxsize=256)
def _transformer(zone: int, south: bool, inverse: bool) -> Any:
    from pyproj import Transformer

    epsg = (32700 if south else 32600) + zone
    if inverse:
        return Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)
    return Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)


def utm_forward(lat: Any, lon: Any, zone: Any = None) -> tuple[Any, Any, Any, Any]:
    """Project points to UTM: return ``(zone, south, easting, northing)`` arrays (metres).

    ``zone`` forces a zone (else the standard zone of each point); ``south`` is True for
    points south of the equator (false northing 10,000 km).

    Examples
    --------
    >>> z, s, e, n = utm_forward(35.33611, 40.30944)
    >>> int(z), bool(s), round(float(e)), round(float(n))
    (37, False, 619001, 3911104)
    """
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    shape = np.broadcast(lat, lon).shape
    lat, lon = np.broadcast_to(lat, shape).ravel(), np.broadcast_to(lon, shape).ravel()
    zones = utm_zone(lat, lon) if zone is None else np.broadcast_to(
        np.asarray(zone, dtype=int), shape).ravel()
    # south of the equator exactly when the band letter is below N (so that -1e-300 is band N,
    # northern hemisphere, not band N with a southern false northing)
    south = (lat + 80.0) / 8.0 < 10.0
    east = np.full(lat.shape, np.nan)
    north = np.full(lat.shape, np.nan)
    keys = zones * 2 + south.astype(int)
    for key in np.unique(keys):
        sel = keys == key
        tr = _transformer(int(key // 2), bool(key % 2), False)
        east[sel], north[sel] = tr.transform(lon[sel], lat[sel])
    return (zones.reshape(shape), south.reshape(shape), east.reshape(shape),
            north.reshape(shape))


def utm_inverse(zone: int, south: bool, easting: Any, northing: Any) -> tuple[Any, Any]:
    """Return ``(lat, lon)`` of UTM coordinates in one zone and hemisphere.

    Examples
    --------
    >>> lat, lon = utm_inverse(37, False, 619001.0, 3911103.0)
    >>> round(float(lat), 4), round(float(lon), 4)
    (35.3361, 40.3094)
    """
    tr = _transformer(int(zone), bool(south), True)
    lon, lat = tr.transform(np.asarray(easting, dtype=float), np.asarray(northing, dtype=float))
    return lat, lon


def mgrs_encode(lat: Any, lon: Any, *, precision: int = 5) -> Any:
    """Return MGRS string(s) (compact, e.g. ``37SFV1900111103``), truncated to ``precision``.

    ``precision`` is the number of digits per axis: 5 = 1 m, 4 = 10 m, ..., 1 = 10 km,
    0 = the 100 km square only. Arrays in, arrays of str out.

    Examples
    --------
    >>> mgrs_encode(35.33611, 40.30944, precision=0)
    '37SFV'
    """
    if not (isinstance(precision, int | np.integer) and 0 <= precision <= 5):
        raise GeoverifyError(f"MGRS precision {precision!r} must be an integer from 0 to 5")
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    scalar = lat.ndim == 0 and lon.ndim == 0
    if np.any(~np.isfinite(lat) | ~np.isfinite(lon)) or np.any(np.abs(lon) > 180):
        raise GeoverifyError("MGRS needs finite coordinates with longitude in [-180, 180]")
    if np.any(np.abs(lat) > 90):
        raise GeoverifyError("MGRS needs latitudes in [-90, 90]")
    polar = is_polar(lat)
    if np.any(polar):
        lat_b, lon_b = np.broadcast_arrays(lat, lon)
        polar = np.broadcast_to(polar, lat_b.shape)
        res = np.zeros(lat_b.shape, dtype="<U15")
        res[polar] = _ups_encode(lat_b[polar], lon_b[polar], precision)
        if not np.all(polar):
            res[~polar] = _utm_encode(lat_b[~polar], lon_b[~polar], precision)
        return str(res) if scalar else res
    out = _utm_encode(lat, lon, precision)
    return str(out) if scalar else out


def _digits(east_m: Any, north_m: Any, precision: int) -> Any:
    div = 10 ** (5 - precision)
    e_digits = ((east_m % 100000) // div).astype(int).astype(str)
    n_digits = ((north_m % 100000) // div).astype(int).astype(str)
    return np.char.add(np.char.zfill(e_digits, precision), np.char.zfill(n_digits, precision))


def _ups_encode(lat: Any, lon: Any, precision: int) -> Any:
    north, east, nor = ups_forward(lat, lon)
    east_m = np.floor(east + 1e-6)
    north_m = np.floor(nor + 1e-6)
    col = (east_m // 100000).astype(int)
    row = (north_m // 100000).astype(int)
    eastp = col >= 20
    band = np.where(north, np.where(eastp, "Z", "Y"), np.where(eastp, "B", "A"))
    out = np.zeros(band.shape, dtype="<U15")
    for b, (letters, first) in _UPS_COLUMNS.items():
        sel = band == b
        if not np.any(sel):
            continue
        rows, rfirst = _UPS_ROWS[b in "YZ"]
        cl = np.asarray(list(letters))[np.clip(col[sel] - first, 0, len(letters) - 1)]
        rl = np.asarray(list(rows))[np.clip(row[sel] - rfirst, 0, len(rows) - 1)]
        out[sel] = np.char.add(np.char.add(b, cl), rl)
    if precision:
        out = np.char.add(out, _digits(east_m, north_m, precision))
    return out


def _utm_encode(lat: Any, lon: Any, precision: int) -> Any:
    band = np.asarray(latitude_band(lat))
    zones, _south, east, north = utm_forward(lat, lon)
    shape = zones.shape
    band = np.broadcast_to(band, shape)
    # Truncate to whole metres first, with a tolerance for floating-point noise (1 µm).
    east_m = np.floor(east + 1e-6)
    north_m = np.floor(north + 1e-6)
    col = (east_m // 100000).astype(int) - 1
    sets = np.asarray([list(s) for s in _COLUMN_SETS])
    col_letter = sets[(zones - 1) % 3, np.clip(col, 0, 7)]
    row = ((north_m // 100000).astype(int) + np.where(zones % 2 == 0, 5, 0)) % 20
    row_letter = np.asarray(list(_ROW_LETTERS))[row]
    out = np.char.add(np.char.zfill(zones.astype(str), 2), band)
    out = np.char.add(np.char.add(out, col_letter), row_letter)
    if precision:
        out = np.char.add(out, _digits(east_m, north_m, precision))
    return out


_MGRS_RE = re.compile(
    r"^(?P<zone>\d{0,2})\s*(?P<band>[A-Z])\s*(?P<col>[A-Z])\s*(?P<row>[A-Z])"
    r"\s*(?P<digits>\d*(?:\s+\d+)?)$"
)


def _zone_lon_range(zone: int, band: str) -> tuple[float, float]:
    west = (zone - 1) * 6.0 - 180.0
    east = west + 6.0
    if band == "V" and zone == 31:
        east = 3.0
    elif band == "V" and zone == 32:
        west = 3.0
    elif band == "X" and zone in (31, 33, 35, 37):
        west, east = {31: (0.0, 9.0), 33: (9.0, 21.0), 35: (21.0, 33.0), 37: (33.0, 42.0)}[zone]
    return west, east


def mgrs_decode(text: str) -> tuple[float, float, float]:
    """Return ``(lat, lon, cell_m)``: the centre of the MGRS cell and its size in metres.

    Accepts upper or lower case, with or without spaces (``37S FV 19001 11103``).

    Raises
    ------
    CoordinateParseError
        For a malformed reference, an invalid 100 km square for its zone and band, an odd
        number of digits, or a polar (UPS) reference.

    Examples
    --------
    >>> mgrs_decode("37S FV 1 1")[2]
    10000.0
    """
    compact = " ".join(text.upper().split())
    m = _MGRS_RE.match(compact)
    if not m:
        raise CoordinateParseError(f"{text!r} is not an MGRS reference", text=text)
    zone, band = int(m["zone"] or 0), m["band"]
    col, row = m["col"], m["row"]
    parts = m["digits"].split()
    if len(parts) == 2:
        if len(parts[0]) != len(parts[1]):
            raise CoordinateParseError(
                f"MGRS {text!r}: easting and northing must have the same number of digits",
                text=text)
        digits = parts[0] + parts[1]
    else:
        digits = "".join(parts)
    if len(digits) % 2 or len(digits) > 10:
        raise CoordinateParseError(
            f"MGRS {text!r}: {len(digits)} digits; expected an even number up to 10", text=text)
    if band in "ABYZ":
        if m["zone"]:
            raise CoordinateParseError(
                f"MGRS {text!r}: a polar (UPS) band {band} takes no zone number", text=text)
        return _ups_decode(text, band, col, row, digits)
    if not m["zone"]:
        raise CoordinateParseError(f"MGRS {text!r}: no zone number", text=text)
    if not 1 <= zone <= 60:
        raise CoordinateParseError(f"MGRS {text!r}: zone {zone} is not in 1..60", text=text)
    if band not in BANDS:
        raise CoordinateParseError(f"MGRS {text!r}: {band!r} is not a latitude band", text=text)
    if band == "X" and zone in (32, 34, 36):
        raise CoordinateParseError(f"MGRS {text!r}: zone {zone}X does not exist (Svalbard)",
                                   text=text)
    col_set = _COLUMN_SETS[(zone - 1) % 3]
    if col not in col_set or row not in _ROW_LETTERS:
        raise CoordinateParseError(
            f"MGRS {text!r}: invalid 100 km square {col}{row} for zone {zone} "
            f"(columns {col_set[0]}-{col_set[-1]}, rows A-V without I and O)", text=text)
    precision = len(digits) // 2
    cell = 10.0 ** (5 - precision)
    e_off = float(digits[:precision]) * cell if precision else 0.0
    n_off = float(digits[precision:]) * cell if precision else 0.0
    easting = (col_set.index(col) + 1) * 100000.0 + e_off + cell / 2
    row_base = ((_ROW_LETTERS.index(row) - (5 if zone % 2 == 0 else 0)) % 20) * 100000.0
    south = band < "N"
    northings = row_base + n_off + cell / 2 + 2_000_000.0 * np.arange(6)
    lats, lons = utm_inverse(zone, south, np.full(6, easting), northings)
    lo, hi = band_bounds(band)
    miss = np.maximum(lo - lats, 0) + np.maximum(lats - hi, 0)
    # northings past the pole (north) or past the equator (south) are not candidates
    limit = 10_000_000.0 if south else 9_500_000.0
    miss = np.where(northings - cell / 2 <= limit, miss, np.inf)
    best = int(np.argmin(miss))
    # The cell centre may lie up to half a cell outside its band (a square straddling the edge).
    tol_deg = cell / 2 / 110_000.0 + 0.1
    if not miss[best] <= tol_deg:
        raise CoordinateParseError(
            f"MGRS {text!r}: invalid 100 km square {col}{row}: it does not fall in latitude "
            f"band {band} of zone {zone}", text=text)
    lat, lon = float(lats[best]), float(lons[best])
    west, east = _zone_lon_range(zone, band)
    lon_rel = (lon - west + 180.0) % 360.0 - 180.0 + west  # zone 1 / zone 60 across ±180°
    tol_lon = tol_deg / max(math.cos(math.radians(lat)), 0.05) + 0.01
    if not (west - tol_lon <= lon_rel <= east + tol_lon):
        raise CoordinateParseError(
            f"MGRS {text!r}: invalid 100 km square {col}{row}: easting outside zone {zone}{band}",
            text=text)
    return lat, lon, cell


def _ups_decode(text: str, band: str, col: str, row: str, digits: str) -> tuple[float, float,
                                                                                   float]:
    letters, first = _UPS_COLUMNS[band]
    rows, rfirst = _UPS_ROWS[band in "YZ"]
    if col not in letters or row not in rows:
        raise CoordinateParseError(
            f"MGRS {text!r}: invalid 100 km square {col}{row} for polar band {band} "
            f"(columns {', '.join(letters)}; rows {rows[0]}-{rows[-1]} without I and O)",
            text=text)
    precision = len(digits) // 2
    cell = 10.0 ** (5 - precision)
    e_off = float(digits[:precision]) * cell if precision else 0.0
    n_off = float(digits[precision:]) * cell if precision else 0.0
    easting = (first + letters.index(col)) * 100000.0 + e_off + cell / 2
    northing = (rfirst + rows.index(row)) * 100000.0 + n_off + cell / 2
    lat, lon = ups_inverse(band in "YZ", easting, northing)
    return float(lat), float(lon), cell
