"""Open Location Codes (Plus Codes): encode, decode, recover short codes (private).

Implemented from the published specification (github.com/google/open-location-code,
``docs/specification.md``): ten "pair" digits in base 20 (latitude then longitude, the first
pair 20°, then 1°, 0.05°, 0.0025°, 0.000125°), then up to five grid digits, each splitting
a cell into 5 rows by 4 columns. A ``+`` follows the eighth digit; ``0`` pads codes
shorter than eight digits. A short code (the first 2, 4 or 6 digits dropped) is recovered
against a reference point: the nearest matching cell to it.

Examples
--------
>>> encode(34.95629, 40.54139)
'8H62XG4R+GH'
>>> lat, lon, lat_size, lon_size = decode("8H62XG4R+GH")
>>> round(lat, 5), round(lon, 5), lat_size
(34.95631, 40.54144, 0.000125)
>>> recover_nearest("XG4R+GH", 34.9, 40.5)
'8H62XG4R+GH'
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["ALPHABET", "is_valid", "is_full", "is_short", "encode", "encode_array", "decode",
           "recover_nearest"]

ALPHABET = "23456789CFGHJMPQRVWX"
_SEP = "+"
_SEP_POS = 8
_PAD = "0"
_BASE = 20
_PAIR_LEN = 10
_MAX_DIGITS = 15
_GRID_ROWS, _GRID_COLS = 5, 4
_PAIR_PRECISION = _BASE**3  # 8000 per degree after five pairs
_LAT_PRECISION = _PAIR_PRECISION * _GRID_ROWS ** (_MAX_DIGITS - _PAIR_LEN)
_LNG_PRECISION = _PAIR_PRECISION * _GRID_COLS ** (_MAX_DIGITS - _PAIR_LEN)


def is_valid(code: str) -> bool:
    """Return True if ``code`` is a syntactically valid full or short Plus Code.

    Examples
    --------
    >>> is_valid("8H62XG4R+GH"), is_valid("XG4R+GH"), is_valid("8H62XG4R+G"), is_valid("8H620000+")
    (True, True, False, True)
    """
    if not code or code.count(_SEP) != 1:
        return False
    sep = code.index(_SEP)
    if sep > _SEP_POS or sep % 2 == 1:
        return False
    if _PAD in code:
        if sep < _SEP_POS:  # padded codes cannot be short
            return False
        first = code.index(_PAD)
        if first == 0 or first % 2 == 1:
            return False
        padding = code[first:sep]
        if padding != _PAD * len(padding) or not code.endswith(_SEP):
            return False
    if len(code) - sep - 1 == 1:
        return False
    body = code.replace(_SEP, "").replace(_PAD, "")
    return bool(body) and all(ch in ALPHABET for ch in body.upper())


def is_short(code: str) -> bool:
    """Return True if ``code`` is a valid short code (leading digits dropped)."""
    return is_valid(code) and 0 <= code.index(_SEP) < _SEP_POS


def is_full(code: str) -> bool:
    """Return True if ``code`` is a valid full code (in range: first digits within 90°/180°)."""
    if not is_valid(code) or is_short(code):
        return False
    upper = code.upper()
    if ALPHABET.index(upper[0]) * _BASE >= 180:
        return False
    return not (len(upper) > 1 and ALPHABET.index(upper[1]) * _BASE >= 360)


def _lat_cell(code_length: int) -> float:
    if code_length <= _PAIR_LEN:
        return float(_BASE ** (code_length // -2 + 2))
    return _BASE**-3 / _GRID_ROWS ** (code_length - _PAIR_LEN)


def encode(latitude: float, longitude: float, code_length: int = _PAIR_LEN) -> str:
    """Return the full Plus Code of a point (``code_length`` digits: 2, 4, 6, 8, or 10-15)."""
    if code_length < 2 or (code_length < _PAIR_LEN and code_length % 2 == 1):
        raise ValueError(f"invalid Plus Code length {code_length}")
    code_length = min(code_length, _MAX_DIGITS)
    latitude = min(max(latitude, -90.0), 90.0)
    longitude = (longitude + 180.0) % 360.0 - 180.0
    if latitude == 90:  # the top cell, so that the code decodes
        latitude -= _lat_cell(code_length)
    lat_val = int(round((latitude + 90) * _LAT_PRECISION, 6))
    # just below 90° the product can round up to the pole; stay in the top cell (the reference
    # implementation 1.0 returns an undecodable code there)
    lat_val = min(lat_val, 180 * _LAT_PRECISION - 1)
    lng_val = int(round((longitude + 180) * _LNG_PRECISION, 6))
    digits: list[str] = []
    if code_length > _PAIR_LEN:
        for _ in range(_MAX_DIGITS - _PAIR_LEN):
            lat_digit = lat_val % _GRID_ROWS
            lng_digit = lng_val % _GRID_COLS
            digits.append(ALPHABET[lat_digit * _GRID_COLS + lng_digit])
            lat_val //= _GRID_ROWS
            lng_val //= _GRID_COLS
        digits.reverse()
    else:
        lat_val //= _GRID_ROWS ** (_MAX_DIGITS - _PAIR_LEN)
        lng_val //= _GRID_COLS ** (_MAX_DIGITS - _PAIR_LEN)
    pairs: list[str] = []
    for _ in range(_PAIR_LEN // 2):
        pairs.append(ALPHABET[lng_val % _BASE])
        pairs.append(ALPHABET[lat_val % _BASE])
        lat_val //= _BASE
        lng_val //= _BASE
    pairs.reverse()
    code = "".join(pairs) + "".join(digits)
    code = code[:_SEP_POS] + _SEP + code[_SEP_POS:]
    if code_length >= _SEP_POS:
        return code[: code_length + 1]
    return code[:code_length] + _PAD * (_SEP_POS - code_length) + _SEP


def encode_array(latitude: Any, longitude: Any, code_length: int = _PAIR_LEN) -> np.ndarray:
    """Return the full Plus Codes of many points at once (numpy arrays in, array of str out).

    The same integer arithmetic as :func:`encode`, over arrays (numpy's rounding replaces
    Python's ``round(x, 6)``; both only snap values within 1e-6 of a final-precision unit).

    Examples
    --------
    >>> encode_array([34.95629, -33.9], [40.54139, 18.4]).tolist()
    ['8H62XG4R+GH', '4FRW4C22+22']
    """
    if code_length < 2 or (code_length < _PAIR_LEN and code_length % 2 == 1):
        raise ValueError(f"invalid Plus Code length {code_length}")
    code_length = min(code_length, _MAX_DIGITS)
    lat = np.clip(np.asarray(latitude, dtype=float), -90.0, 90.0)
    lon = (np.asarray(longitude, dtype=float) + 180.0) % 360.0 - 180.0
    lat, lon = np.broadcast_arrays(lat, lon)
    lat = np.where(lat == 90, lat - _lat_cell(code_length), lat)
    lat_val = np.floor(np.round((lat + 90) * _LAT_PRECISION, 6)).astype(np.int64)
    lat_val = np.minimum(lat_val, 180 * _LAT_PRECISION - 1)
    lng_val = np.floor(np.round((lon + 180) * _LNG_PRECISION, 6)).astype(np.int64)
    alphabet = np.asarray(list(ALPHABET))
    grid: list[np.ndarray] = []
    if code_length > _PAIR_LEN:
        for _ in range(_MAX_DIGITS - _PAIR_LEN):
            grid.append(alphabet[(lat_val % _GRID_ROWS) * _GRID_COLS + lng_val % _GRID_COLS])
            lat_val = lat_val // _GRID_ROWS
            lng_val = lng_val // _GRID_COLS
        grid.reverse()
    else:
        lat_val = lat_val // _GRID_ROWS ** (_MAX_DIGITS - _PAIR_LEN)
        lng_val = lng_val // _GRID_COLS ** (_MAX_DIGITS - _PAIR_LEN)
    pairs: list[np.ndarray] = []
    for _ in range(_PAIR_LEN // 2):
        pairs.append(alphabet[lng_val % _BASE])
        pairs.append(alphabet[lat_val % _BASE])
        lat_val = lat_val // _BASE
        lng_val = lng_val // _BASE
    pairs.reverse()
    digits = (pairs + grid)[:code_length]
    plus = np.full(lat.shape, _SEP)
    if code_length >= _SEP_POS:
        parts = [*digits[:_SEP_POS], plus, *digits[_SEP_POS:]]
    else:
        parts = [*digits, *([np.full(lat.shape, _PAD)] * (_SEP_POS - code_length)), plus]
    out = parts[0]
    for part in parts[1:]:
        out = np.char.add(out, part)
    return out


def decode(code: str) -> tuple[float, float, float, float]:
    """Return ``(lat_centre, lon_centre, lat_size, lon_size)`` of a full code's cell (degrees)."""
    if not is_full(code):
        raise ValueError(f"{code!r} is not a valid full Plus Code")
    clean = code.replace(_SEP, "").replace(_PAD, "").upper()[:_MAX_DIGITS]
    lat_val = -90 * _LAT_PRECISION
    lng_val = -180 * _LNG_PRECISION
    lat_place = _BASE * _LAT_PRECISION  # the first latitude digit is worth 20°
    lng_place = _BASE * _LNG_PRECISION
    lat_size, lng_size = lat_place, lng_place
    for i in range(0, min(len(clean), _PAIR_LEN), 2):
        lat_val += ALPHABET.index(clean[i]) * lat_place
        lng_val += ALPHABET.index(clean[i + 1]) * lng_place
        lat_size, lng_size = lat_place, lng_place
        lat_place //= _BASE
        lng_place //= _BASE
    if len(clean) > _PAIR_LEN:
        row_place = lat_size // _GRID_ROWS
        col_place = lng_size // _GRID_COLS
        for ch in clean[_PAIR_LEN:]:
            row, col = divmod(ALPHABET.index(ch), _GRID_COLS)
            lat_val += row * row_place
            lng_val += col * col_place
            lat_size, lng_size = row_place, col_place
            row_place //= _GRID_ROWS
            col_place //= _GRID_COLS
    lat_lo = lat_val / _LAT_PRECISION
    lng_lo = lng_val / _LNG_PRECISION
    h = lat_size / _LAT_PRECISION
    w = lng_size / _LNG_PRECISION
    lat_c = min(lat_lo + h / 2, 90.0)
    return lat_c, lng_lo + w / 2, h, w


def recover_nearest(code: str, ref_lat: float, ref_lon: float) -> str:
    """Return the full code nearest to the reference point that ends with a short code."""
    if not is_short(code):
        if is_full(code):
            return code.upper()
        raise ValueError(f"{code!r} is not a valid Plus Code")
    ref_lat = min(max(ref_lat, -90.0), 90.0)
    ref_lon = (ref_lon + 180.0) % 360.0 - 180.0
    code = code.upper()
    padding = _SEP_POS - code.index(_SEP)
    resolution = float(_BASE ** (2 - padding / 2))
    half = resolution / 2.0
    lat, lon, _h, _w = decode(encode(ref_lat, ref_lon)[:padding] + code)
    n_digits = len(code.replace(_SEP, "")) + padding
    if ref_lat + half < lat and lat - resolution >= -90:
        lat -= resolution
    elif ref_lat - half > lat and lat + resolution <= 90:
        lat += resolution
    if ref_lon + half < lon:
        lon -= resolution
    elif ref_lon - half > lon:
        lon += resolution
    return encode(lat, lon, n_digits)
