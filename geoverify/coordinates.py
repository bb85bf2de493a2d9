r"""Read coordinates in any notation, report the notation and its precision; format them back.

:func:`parse_coordinates` turns a text into a :class:`Coordinate` (latitude, longitude, the
notation detected and the precision that notation implies, in metres). The precision is the
location uncertainty every check must respect: "34.96, 40.49" is good to about a kilometre,
whatever the map shows.

Notations (the stable identifiers of :attr:`Coordinate.notation`)
-----------------------------------------------------------------
``decimal``
    Decimal degrees, signed or with hemisphere letters before or after (``N34.96 E40.49``,
    ``34.96N 40.49E``), separated by comma, semicolon, space or ``/``, or labelled
    (``lat=34.96 lon=40.49``, ``Lon: 40.49, Lat: 34.96``).
``ddm``
    Degrees and decimal minutes (``34°57.377'N 40°32.483'E``).
``dms``
    Degrees, minutes, seconds, with ``° ' "``, ``′ ″``, ``’ ”``, ``º`` and ``''``, ``d m s``,
    colons or bare spaces, with or without spaces around the symbols (``34°57'22.6"N``,
    ``34 57 22.6 N 40 32 29 E``, ``34d57m22s``). Numbers run together (``345722N``) are
    refused, not guessed.
``mgrs``
    MGRS at every precision, 100 km square to 1 m, with or without spaces (``37SFV1900111103``);
    polar UPS references too (``ZAB9645452981``; a bare square needs the prefix: ``MGRS ZAB``).
``utm``
    Zone, band letter, easting, northing (``37S 619001 3911103``; ``37N`` read as the northern
    hemisphere, with a warning, when the northing does not fit band N); polar UPS as
    ``UPS N 2096454 1452981`` (or ``N 2096454 1452981``).
``google_maps_url``
    Google Maps links: ``!3d..!4d..`` (a place pin), ``/place/lat,lon``, ``?q=``/``query=``/
    ``ll=``, and ``/@lat,lon,zoom`` (the view centre).
``osm_url``
    OpenStreetMap links: ``mlat``/``mlon`` (a marker) or ``#map=zoom/lat/lon`` (the view).
``geo_uri``
    RFC 5870 ``geo:`` URIs (``geo:34.96,40.49;u=35``), and Android's ``geo:0,0?q=lat,lon``.
``plus_code``
    Open Location Codes, full (``8H62XG4R+GH``) or short with a reference point (``XG4R+GH``).

Arabic-language reports are read too: Arabic-Indic (٠-٩) and Eastern Arabic (۰-۹) digits, the
Arabic decimal separator ``٫``, the Arabic comma ``،`` between the two numbers, the thousands
separator ``٬`` (dropped), direction marks (stripped), the direction words شمال/جنوب/شرق/غرب
(شمالاً, شمالي...; or the letters ش ج ق غ) after a number, the unit words درجة/دقيقة/ثانية,
the labels خط العرض/خط الطول, and "و" (and) between the two values.

Precision rule (:attr:`Coordinate.precision_m`)
-----------------------------------------------
The size, in metres, of the smallest unit the text states, used as the uncertainty radius:

- degrees, minutes, seconds: the unit of the last digit written (0.01°, 1', 0.1"...) times the
  length of one degree of latitude at the point (about 111 km): ``34.96`` is 1.1 km, whole
  seconds about 31 m, whole minutes about 1.85 km; when the two values differ, the coarser
  one rules (``34.9611, 40.49`` is 1.1 km);
- MGRS: the cell size, 1 m (10 digits) to 100 km (the square alone); UTM: the last digit of
  the easting/northing (1 m for whole metres);
- Plus Codes: the longer side of the code's cell (about 14 m for 10 digits);
- URLs and ``geo:`` URIs: the decimals written; for a map *view* (``/@lat,lon,15z``,
  ``#map=15/lat/lon``), which is where the screen was centred, not a pin, the radius is
  widened to at least half a 256-pixel map tile at that zoom (128 px × 156543 m × cos(lat) /
  2^zoom; about 500 m at zoom 15 at 35°N), or to an eighth of the view height for
  ``/@lat,lon,1500m`` (or the 3D camera altitude ``1500a``); the ``u=`` uncertainty of a
  ``geo:`` URI widens it likewise.

Ambiguity and errors
--------------------
A bare pair is read as written, latitude first. If the reversed reading is also valid
(``40.49, 34.96``), :attr:`Coordinate.swapped_valid` is True (and :meth:`Coordinate.swapped`
gives it). If only the reversed reading is valid (``140.5, 34.9``), parsing fails with a
message that suggests the swap: a bare pair is never swapped silently. Hemisphere letters and
labels fix the order (``E40.5 N34.9`` is longitude first); one letter at either end fixes
both (``44d24 33d18N``), but a lone letter between the values (``34.9 N 40.5``) is refused
rather than guessed. One point written several ways
and separated by ``/`` (a Wikipedia paste: ``35°20′10″N 40°18′34″E / 35.33611°N 40.30944°E``)
is read if the forms agree within their precisions, keeping the coarsest. Anything that
cannot be read raises :class:`~geoverify.errors.CoordinateParseError` naming the text and the
reason: out of range, sign and hemisphere letter in conflict, an invalid MGRS square, an
unknown notation. South of 80°S and north of 84°N, MGRS uses the polar UPS letters (bands
A, B, Y, Z: ``ZAB9645452981``) and the ``utm`` notation is UPS, written
``UPS N 2096454 1452981`` (GeographicLib's ``N 2096454 1452981`` is read too).

Examples
--------
>>> c = parse_coordinates("34°57'22.6\"N 40°32'29.0\"E")
>>> c.notation, round(c.lat, 5), round(c.lon, 5), round(c.precision_m, 1)
('dms', 34.95628, 40.54139, 3.1)
>>> parse_coordinates("٣٤٫٩٦١١ ، ٤٠٫٤٩٣٢").lat
34.9611
>>> parse_coordinates("40.49, 34.96").swapped_valid
True
>>> format_coordinates(34.95629, 40.54139, "mgrs")
'37SFU4073569280'
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, unquote_plus, urlsplit

import numpy as np

from geoverify.errors import CoordinateParseError, GeoverifyError

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.sites import Site

__all__ = [
    "NOTATIONS",
    "FORMATS",
    "Coordinate",
    "parse_coordinates",
    "parse_coordinates_array",
    "format_coordinates",
    "metres_per_degree",
]

#: Every notation :func:`parse_coordinates` reports.
NOTATIONS = ("decimal", "dms", "ddm", "mgrs", "utm", "google_maps_url", "osm_url", "geo_uri",
             "plus_code")
#: Every notation :func:`format_coordinates` writes.
FORMATS = ("decimal", "dms", "ddm", "mgrs", "utm", "plus_code", "geo_uri", "google_maps_url",
           "osm_url")
_DEFAULT_PRECISION = {"decimal": 5, "dms": 1, "ddm": 3, "mgrs": 5, "utm": 0, "plus_code": 10,
                      "geo_uri": 6, "google_maps_url": 6, "osm_url": 5}
_MAX_PRECISION = {"decimal": 12, "dms": 8, "ddm": 10, "mgrs": 5, "utm": 6, "plus_code": 15,
                  "geo_uri": 12, "google_maps_url": 12, "osm_url": 12}

_A = 6378137.0
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)


def metres_per_degree(lat: Any) -> tuple[Any, Any]:
    """Return the length in metres of one degree of latitude and of longitude at ``lat`` (WGS84).

    Examples
    --------
    >>> m_lat, m_lon = metres_per_degree(35.0)
    >>> round(float(m_lat)), round(float(m_lon))
    (110941, 91288)
    """
    phi = np.radians(np.asarray(lat, dtype=float))
    w = 1 - _E2 * np.sin(phi) ** 2
    m_lat = math.pi / 180 * _A * (1 - _E2) / w**1.5
    m_lon = math.pi / 180 * _A * np.cos(phi) / np.sqrt(w)
    return m_lat, m_lon


@dataclass(frozen=True)
class Coordinate:
    """A point read from a text: where, in which notation, and how precisely the text says it.

    Attributes
    ----------
    lat, lon : float
        Degrees on WGS84, latitude first.
    notation : str
        One of :data:`NOTATIONS` (see the module docstring).
    precision_m : float
        The uncertainty radius the notation implies, in metres (module docstring, "Precision").
    text : str
        The input, as given.
    swapped_valid : bool
        True for a bare pair whose lat/lon-swapped reading is also a valid point.
    warnings : tuple of str
        What the parser assumed (a view centre rather than a pin, ``37N`` read as a hemisphere).

    Examples
    --------
    >>> c = Coordinate(34.96, 40.49, "decimal", 1109.4, "34.96, 40.49", swapped_valid=True)
    >>> c.swapped().lat
    40.49
    >>> c.to_site("strike 1").uncertainty_m
    1109.4
    >>> print(c.format("dms"))
    34°57'36"N 40°29'24"E
    """

    lat: float
    lon: float
    notation: str
    precision_m: float
    text: str = ""
    swapped_valid: bool = False
    warnings: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        lat, lon, prec = float(self.lat), float(self.lon), float(self.precision_m)
        if not (abs(lat) <= 90 and abs(lon) <= 180):
            raise GeoverifyError(f"Coordinate({self.lat!r}, {self.lon!r}): out of range")
        if not (math.isfinite(prec) and prec >= 0):
            raise GeoverifyError(f"Coordinate: precision_m {self.precision_m!r} must be >= 0")
        if self.notation not in NOTATIONS:
            raise GeoverifyError(f"Coordinate: unknown notation {self.notation!r} "
                                 f"(one of {', '.join(NOTATIONS)})")
        object.__setattr__(self, "lat", lat)
        object.__setattr__(self, "lon", lon)
        object.__setattr__(self, "precision_m", prec)
        object.__setattr__(self, "warnings", tuple(self.warnings))

    def swapped(self) -> Coordinate:
        """Return the reading with latitude and longitude exchanged.

        Only for degree pairs (``decimal``, ``dms``, ``ddm``); the precision is re-scaled to
        the new latitude.

        Raises
        ------
        CoordinateParseError
            If the swapped reading is not a valid point (its latitude beyond ±90°), or the
            notation has no latitude/longitude order to swap (MGRS, a URL...).
        """
        if self.notation not in ("decimal", "dms", "ddm"):
            raise CoordinateParseError(
                f"{self.text!r}: a {self.notation} coordinate has no order to swap",
                text=self.text)
        if abs(self.lon) > 90:
            raise CoordinateParseError(
                f"{self.text!r}: the swapped reading has latitude {self.lon} beyond ±90°",
                text=self.text)
        m_lat, _ = metres_per_degree(self.lat)
        m_lat2, _ = metres_per_degree(self.lon)
        precision = float(self.precision_m * m_lat2 / m_lat)
        return replace(self, lat=self.lon, lon=self.lat, precision_m=precision,
                       swapped_valid=True,
                       warnings=(*self.warnings, "latitude and longitude swapped from the text"))

    def to_site(self, name: str | None = None) -> Site:
        """Return a :class:`~geoverify.sites.Site` with ``uncertainty_m = precision_m``."""
        from geoverify.sites import Site

        return Site(self.lat, self.lon, self.precision_m,
                    name=name if name is not None else self.text.strip() or None,
                    method="coordinates", source=f"coordinates as given ({self.notation})",
                    note="; ".join(self.warnings) or None)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (``lat``, ``lon``, ``notation``, ``precision_m``, ...)."""
        return {
            "lat": self.lat,
            "lon": self.lon,
            "notation": self.notation,
            "precision_m": self.precision_m,
            "swapped_valid": self.swapped_valid,
            "text": self.text,
            "warnings": list(self.warnings),
        }

    def format(self, notation: str = "decimal", *, precision: int | None = None) -> str:
        """Return the point written in ``notation`` (one of :data:`FORMATS`).

        Without ``precision``, the digits written match this coordinate's own precision (no
        false precision: "34.96, 40.49" stays at two decimals, or 1 km in MGRS).
        """
        if precision is None:
            precision = _digits_for(notation, self.precision_m, self.lat)
        return str(format_coordinates(self.lat, self.lon, notation, precision=precision))


def _digits_for(notation: str, precision_m: float, lat: float) -> int:
    """Return the number of digits whose unit is no larger than ``precision_m``."""
    m_lat, _ = metres_per_degree(lat)
    p = max(float(precision_m), 1e-3)
    unit_deg = p / float(m_lat)

    def decimals(unit: float, hi: int) -> int:
        return int(min(max(math.ceil(-math.log10(unit) - 1e-9), 0), hi))

    if notation in ("decimal", "geo_uri", "google_maps_url", "osm_url"):
        return decimals(unit_deg, 8)
    if notation == "dms":
        return decimals(unit_deg * 3600, 4)
    if notation == "ddm":
        return decimals(unit_deg * 60, 6)
    if notation == "mgrs":
        return int(min(max(5 - math.floor(math.log10(p) + 1e-9), 0), 5))
    if notation == "utm":
        return decimals(p, 3)
    if notation == "plus_code":
        from geoverify._pluscodes import _lat_cell

        for n in (2, 4, 6, 8, 10, 11, 12, 13, 14, 15):
            if _lat_cell(n) * float(m_lat) <= p:
                return n
        return 15
    raise GeoverifyError(f"unknown coordinate format {notation!r} (one of {', '.join(FORMATS)})")


# --------------------------------------------------------------------------------------------
# text normalization

_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                                "\u2066\u2067\u2068\u2069\ufeff\u200b\u200c\u200d"), None)
_SYMBOLS = str.maketrans({
    "\u066b": ".", "\u060c": ",", "\u061b": ";", "\u066c": None, "\uff0c": ",",
    "\u00ba": "°", "\u02da": "°", "\u1d52": "°", "\u2070": "°", "\u2218": "°",
    "\u02bc": "'", "\u2035": "'",
    "\u2032": "'", "\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'", "\u02b9": "'",
    "\u2033": '"', "\u201d": '"', "\u201c": '"', "\u02ba": '"',
    "\u2212": "-", "\u2013": "-", "\u2010": "-", "\u2011": "-", "\ufe63": "-", "\uff0d": "-",
})
_AR = "\u0621-\u064a"  # Arabic letters (without the harakat, so "شمالاً" ends a word)


def _ar_word(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![{_AR}])(?:{words})\u064b?(?![{_AR}])")


_ARABIC_WORDS = [
    (re.compile(r"(?:خط|دائرة)\s*(?:ال)?عرض|العرض"), " lat "),
    (re.compile(r"خط\s*(?:ال)?طول|الطول"), " lon "),
    (_ar_word("درجة|درجات"), "°"),
    (_ar_word("دقيقة|دقائق"), "'"),
    (_ar_word("ثانية|ثوان|ثواني"), '"'),
    (_ar_word("شمالا|شمالي|شمال|ش"), " N "),
    (_ar_word("جنوبا|جنوبي|جنوب|ج"), " S "),
    (_ar_word("شرقا|شرقي|شرق|ق"), " E "),
    (_ar_word("غربا|غربي|غرب|غ"), " W "),
    (re.compile(rf"(?<![{_AR}])و(?=\s*[-+0-9])"), " "),  # "و" (and) before a number
    (re.compile(r"^(?:ال)?إحداثيات\s*:?"), " "),  # "coordinates:"
]
_ENGLISH_WORDS = re.compile(r"(?i)\b(north|south|east|west)\b")
_LEADING_LABEL = re.compile(r"(?i)^(?:coordinates|coordinate|coords|location|position|point)"
                            r"\s*[:=]\s*")


def _normalize(text: str) -> str:
    """Return ``text`` with Unicode digits, marks and symbols mapped to plain ASCII forms."""
    out = []
    for ch in text.translate(_BIDI):
        if ch.isascii():
            out.append(ch)
            continue
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(str(digit))
        elif ch.isspace():
            out.append(" ")
        else:
            out.append(ch)
    s = "".join(out).translate(_SYMBOLS)
    s = s.replace("''", '"')
    if re.search(r"[\u0600-\u06ff]", s):
        for pattern, repl in _ARABIC_WORDS:
            s = pattern.sub(repl, s)
    s = _ENGLISH_WORDS.sub(lambda m: f" {m.group(1)[0].upper()} ", s)
    s = _LEADING_LABEL.sub("", s.strip())
    s = " ".join(s.split())
    while len(s) > 1 and s[0] + s[-1] in ("()", "[]", "{}", "<>"):  # "(34.9, 40.5)"
        s = s[1:-1].strip()
    return s


# --------------------------------------------------------------------------------------------
# degree pairs: decimal, DDM, DMS


@dataclass
class _Tok:
    kind: str  # NUM SIGN DEG MIN SEC HEM SEP LAB
    value: str
    letter_style: bool = False
    attached: bool = False  # no space before this token


_TOKEN_RE = re.compile(
    r"""(?P<space>\s+)
      | (?P<lab>(?i:latitude|longitude|lat|long|lng|lon))(?![a-z])\s*[:=]?
      | (?P<num>\d+(?:\.\d+)?)
      | (?P<sign>[-+])
      | (?P<deg>°|(?i:degrees|degree|deg)(?![a-z]))
      | (?P<min>'|(?i:minutes|minute|min)(?![a-z]))
      | (?P<sec>"|(?i:seconds|second|sec)(?![a-z]))
      | (?P<letter>[A-Za-z])(?=[NSEWnsew](?![A-Za-z])|(?![A-Za-z]))
      | (?P<sep>[,;/&|])
      | (?P<colon>:)
    """,
    re.VERBOSE,
)


def _tokenize(s: str, text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    attached = True
    while pos < len(s):
        m = _TOKEN_RE.match(s, pos)
        if not m:
            raise CoordinateParseError(
                f"{text!r} is not a coordinate in any known notation (unexpected {s[pos]!r})",
                text=text)
        pos = m.end()
        kind = m.lastgroup
        val = m.group()
        if kind == "space":
            attached = False
            continue
        if kind == "colon":
            attached = False
            continue
        if kind == "lab":
            toks.append(_Tok("LAB", "lat" if val.lower().startswith("lat") else "lon"))
        elif kind == "num":
            toks.append(_Tok("NUM", val, attached=attached))
        elif kind == "sign":
            toks.append(_Tok("SIGN", val))
        elif kind in ("deg", "min", "sec"):
            toks.append(_Tok(kind.upper(), val, letter_style=val[0].isalpha()))
        elif kind == "sep":
            toks.append(_Tok("SEP", val))
        elif kind == "letter":
            toks.append(_letter_token(val, toks, attached, text))
        toks[-1].attached = attached
        attached = True
    return toks


def _letter_token(ch: str, toks: list[_Tok], attached: bool, text: str) -> _Tok:
    prev = toks[-1] if toks else None
    after_num = prev is not None and prev.kind == "NUM"
    low = ch.lower()
    if after_num and low == "d":
        return _Tok("DEG", ch, letter_style=True)
    if after_num and low == "m":
        return _Tok("MIN", ch, letter_style=True)
    if after_num and low == "s" and attached:
        # "22s" is seconds in the d-m-s letter style; "22S" after ° ' is South
        letter_units = any(t.kind in ("DEG", "MIN") and t.letter_style for t in toks[-4:])
        if letter_units:
            return _Tok("SEC", ch, letter_style=True)
    if ch.upper() in "NSEW":
        return _Tok("HEM", ch.upper())
    raise CoordinateParseError(
        f"{text!r} is not a coordinate in any known notation (unexpected letter {ch!r})",
        text=text)


@dataclass
class _Angle:
    value: float
    unit_deg: float
    style: str  # decimal, ddm, dms
    axis: str | None  # "lat", "lon" or None (from a letter or a label)
    explicit_sign: bool


def _split_components(toks: list[_Tok], text: str) -> list[tuple[str | None, list[_Tok]]]:
    """Split tokens into the two angles; return ``(label, tokens)`` per angle."""
    kinds = [t.kind for t in toks]
    if "LAB" in kinds:
        if kinds[0] != "LAB":
            raise CoordinateParseError(
                f"{text!r}: text before the first lat/lon label", text=text)
        parts: list[tuple[str | None, list[_Tok]]] = []
        for t in toks:
            if t.kind == "LAB":
                parts.append((t.value, []))
            elif t.kind != "SEP":
                parts[-1][1].append(t)
        return parts
    if "SEP" in kinds:
        seps = [i for i, k in enumerate(kinds) if k == "SEP"]
        if len(seps) != 1:
            raise CoordinateParseError(
                f"{text!r}: expected one separator between latitude and longitude, "
                f"found {len(seps)} (a decimal comma? write 34.96, 40.49)", text=text)
        i = seps[0]
        return [(None, toks[:i]), (None, toks[i + 1:])]
    hems = [i for i, k in enumerate(kinds) if k == "HEM"]
    if len(hems) >= 2:
        out: list[list[_Tok]] = [[]]
        prefix = kinds[0] == "HEM" or (kinds[0] == "SIGN" and len(kinds) > 1 and kinds[1] == "HEM")
        for t in toks:
            if prefix and t.kind == "HEM" and out[-1]:
                out.append([])
            out[-1].append(t)
            if not prefix and t.kind == "HEM":
                out.append([])
        return [(None, part) for part in out if part]
    if len(hems) == 1:  # one letter ("44d24 33d18N"): split without it, then put it back
        i = hems[0]
        hem = toks[i]
        pieces = _split_plain(toks[:i] + toks[i + 1:], text)
        if len(pieces) != 2:
            return [(None, piece) for piece in pieces]
        first, second = pieces
        if i == 0:
            first = [hem, *first]
        elif i == len(toks) - 1:
            second = [*second, hem]
        else:  # "34.9 N 40.5": suffix of the first or prefix of the second? Refuse to guess.
            raise CoordinateParseError(
                f"{text!r}: cannot tell which value the letter {hem.value!r} belongs to "
                "(give both values a hemisphere letter)", text=text)
        return [(None, first), (None, second)]
    return [(None, part) for part in _split_plain(toks, text)]


def _split_plain(toks: list[_Tok], text: str) -> list[list[_Tok]]:
    """Split tokens without letters, labels or separators: by degree signs, else by count."""
    kinds = [t.kind for t in toks]
    if "DEG" in kinds:
        out: list[list[_Tok]] = [[]]
        for i, t in enumerate(toks):
            starts = (t.kind in ("NUM", "SIGN") and i + 1 < len(toks)
                      and (toks[i + 1].kind == "DEG"
                           or (t.kind == "SIGN" and i + 2 < len(toks)
                               and toks[i + 2].kind == "DEG")))
            if starts and out[-1] and not (t.kind == "NUM" and out[-1][-1].kind == "SIGN"):
                out.append([])
            out[-1].append(t)
        return [part for part in out if part]
    nums = [i for i, k in enumerate(kinds) if k == "NUM"]
    if len(nums) in (2, 4, 6):
        half = len(nums) // 2
        cut = nums[half]
        if cut > 0 and kinds[cut - 1] == "SIGN":
            cut -= 1
        return [toks[:cut], toks[cut:]]
    raise CoordinateParseError(
        f"{text!r} is not a coordinate in any known notation "
        f"({len(nums)} number(s); expected a latitude and a longitude)", text=text)


def _parse_angle(label: str | None, toks: list[_Tok], text: str) -> _Angle:
    hem: str | None = None
    sign = ""
    nums: list[str] = []
    units: list[str] = []
    for i, t in enumerate(toks):
        if t.kind == "HEM":
            if hem is not None:
                raise CoordinateParseError(f"{text!r}: two hemisphere letters in one value",
                                           text=text)
            if 0 < i < len(toks) - 1:
                after = toks[i + 1]
                if (t.value == "E" and toks[i - 1].kind == "NUM" and t.attached
                        and after.attached and after.kind in ("NUM", "SIGN")):
                    shown = toks[i - 1].value + "e" + after.value + (
                        toks[i + 2].value if after.kind == "SIGN" and i + 2 < len(toks) else "")
                    raise CoordinateParseError(
                        f"{text!r}: {shown!r} is a number in exponent notation; coordinates are "
                        "read as decimal degrees, DMS, DDM, MGRS, UTM or a map link: write "
                        "it as a plain decimal number", text=text)
                raise CoordinateParseError(
                    f"{text!r}: hemisphere letter {t.value!r} in the middle of a value", text=text)
            hem = t.value
        elif t.kind == "SIGN":
            if sign or nums:
                raise CoordinateParseError(f"{text!r}: misplaced sign {t.value!r}", text=text)
            sign = t.value
        elif t.kind == "NUM":
            if len(units) < len(nums):
                units.append("")
            nums.append(t.value)
        elif t.kind in ("DEG", "MIN", "SEC"):
            if len(units) != len(nums) - 1 or not nums:
                raise CoordinateParseError(f"{text!r}: misplaced unit {t.value!r}", text=text)
            units.append(t.kind)
        else:  # pragma: no cover - SEP/LAB never reach here
            raise CoordinateParseError(f"{text!r}: unexpected {t.value!r}", text=text)
    if not nums:
        raise CoordinateParseError(f"{text!r}: a value has no number", text=text)
    if len(nums) > 3:
        raise CoordinateParseError(f"{text!r}: too many numbers in one value", text=text)
    while len(units) < len(nums):
        units.append("")
    expected = ["DEG", "MIN", "SEC"][: len(nums)]
    for got, want in zip(units, expected, strict=True):
        if got and got != want:
            raise CoordinateParseError(f"{text!r}: units out of order (expected ° ' \")",
                                       text=text)
    for n in nums[:-1]:
        if "." in n:
            raise CoordinateParseError(
                f"{text!r}: only the last part of a degrees-minutes-seconds value may have "
                "decimals", text=text)
    values = [float(n) for n in nums]
    if len(values) > 1 and values[1] >= 60:
        raise CoordinateParseError(f"{text!r}: minutes {nums[1]} must be below 60", text=text)
    if len(values) > 2 and values[2] >= 60:
        raise CoordinateParseError(f"{text!r}: seconds {nums[2]} must be below 60", text=text)
    last = nums[-1]
    decimals = len(last.split(".")[1]) if "." in last else 0
    scale = (1.0, 60.0, 3600.0)[len(nums) - 1]
    unit_deg = 10.0**-decimals / scale
    value = sum(v / s for v, s in zip(values, (1.0, 60.0, 3600.0), strict=False))
    axis = label
    if hem is not None:
        hem_axis = "lat" if hem in "NS" else "lon"
        if axis is not None and axis != hem_axis:
            raise CoordinateParseError(
                f"{text!r}: label {label} conflicts with hemisphere letter {hem}", text=text)
        axis = hem_axis
        if sign == "-" or (sign == "+" and hem in "SW"):
            raise CoordinateParseError(
                f"{text!r}: conflicting hemisphere letter {hem} and sign {sign!r}", text=text)
        if hem in "SW":
            value = -value
    elif sign == "-":
        value = -value
    style = ("decimal", "ddm", "dms")[len(nums) - 1]
    return _Angle(value, unit_deg, style, axis, bool(sign))


def _parse_pair(s: str, text: str) -> tuple[float, float, str, float, bool]:
    """Return ``(lat, lon, notation, precision_m, swapped_valid)`` for a degree pair."""
    toks = _tokenize(s, text)
    if not toks:
        raise CoordinateParseError(f"{text!r}: empty coordinate text", text=text)
    parts = _split_components(toks, text)
    if len(parts) != 2:
        raise CoordinateParseError(
            f"{text!r} is not a coordinate in any known notation "
            f"(found {len(parts)} value(s); expected a latitude and a longitude)", text=text)
    a, b = (_parse_angle(label, part, text) for label, part in parts)
    swapped_valid = False
    if a.axis is None and b.axis is None:
        lat, lon = a, b
        if abs(a.value) > 90:
            if abs(b.value) <= 90 and abs(a.value) <= 180:
                raise CoordinateParseError(
                    f"{text!r}: latitude {a.value:g} is out of range [-90, 90]; it looks like "
                    f"longitude first: did you mean {b.value:g}, {a.value:g}? (write latitude "
                    "first, or use N/E letters or lat=/lon= labels)", text=text)
        swapped_valid = abs(b.value) <= 90 and abs(a.value) <= 180 and a.value != b.value
    elif a.axis is not None and b.axis is not None:
        if a.axis == b.axis:
            raise CoordinateParseError(
                f"{text!r}: both values are {'latitudes' if a.axis == 'lat' else 'longitudes'}",
                text=text)
        lat, lon = (a, b) if a.axis == "lat" else (b, a)
    else:  # one value's letter or label fixes both ("34.96N, 40.49"; "44d24 33d18N")
        known, other = (a, b) if a.axis is not None else (b, a)
        lat, lon = (known, other) if known.axis == "lat" else (other, known)
    if not abs(lat.value) <= 90:
        raise CoordinateParseError(f"{text!r}: latitude {lat.value:g} is out of range [-90, 90]",
                                   text=text)
    if not abs(lon.value) <= 180:
        raise CoordinateParseError(
            f"{text!r}: longitude {lon.value:g} is out of range [-180, 180]", text=text)
    styles = {lat.style, lon.style}
    notation = "dms" if "dms" in styles else "ddm" if "ddm" in styles else "decimal"
    m_lat, _ = metres_per_degree(lat.value)
    precision = max(lat.unit_deg, lon.unit_deg) * float(m_lat)
    return lat.value + 0.0, lon.value + 0.0, notation, precision, swapped_valid


# --------------------------------------------------------------------------------------------
# URLs and URIs

_WEB_MERCATOR_M_PER_PX = 156543.03392804097  # at zoom 0, equator, 256-px tiles
_NUM = r"[-+]?\d+(?:\.\d+)?"


def _decimals(s: str) -> int:
    s = s.strip()
    return len(s.split(".")[1]) if "." in s else 0


def _pair_from_numbers(lat_s: str, lon_s: str, text: str) -> tuple[float, float, float]:
    lat, lon = float(lat_s), float(lon_s)
    if not abs(lat) <= 90:
        raise CoordinateParseError(f"{text!r}: latitude {lat:g} is out of range [-90, 90]",
                                   text=text)
    if not abs(lon) <= 180:
        raise CoordinateParseError(f"{text!r}: longitude {lon:g} is out of range [-180, 180]",
                                   text=text)
    m_lat, _ = metres_per_degree(lat)
    unit = 10.0 ** -min(_decimals(lat_s), _decimals(lon_s))
    return lat, lon, unit * float(m_lat)


def _zoom_radius(lat: float, zoom: float, text: str = "") -> float:
    if not 0 <= zoom <= 30:
        raise CoordinateParseError(f"{text!r}: map zoom {zoom:g} is not in 0..30", text=text)
    return 128 * _WEB_MERCATOR_M_PER_PX * max(math.cos(math.radians(lat)), 0.0) / 2.0**zoom


def _parse_google(url: str, text: str) -> tuple[float, float, float, list[str]]:
    warnings: list[str] = []
    pins = re.findall(rf"!3d({_NUM})!4d({_NUM})", url)
    if pins:
        lat, lon, prec = _pair_from_numbers(pins[-1][0], pins[-1][1], text)
        return lat, lon, prec, warnings
    parts = urlsplit(url)
    path = unquote(parts.path)
    for key in ("/place/", "/search/"):
        if key in path:
            value = unquote_plus(parts.path.split(key, 1)[1].split("/", 1)[0])
            try:
                lat, lon, _n, prec, _s = _parse_pair(_normalize(value), text)
            except CoordinateParseError:
                continue
            return lat, lon, prec, warnings
    query = parse_qs(parts.query)
    for key in ("q", "query", "ll", "destination", "daddr", "center", "sll"):
        if key in query:
            value = query[key][0]
            try:
                lat, lon, _n, prec, _s = _parse_pair(_normalize(value), text)
            except CoordinateParseError:
                continue
            return lat, lon, prec, warnings
    view = re.search(rf"/@({_NUM}),({_NUM})(?:,(\d+(?:\.\d+)?)([zma]))?", url)
    if view:
        lat, lon, prec = _pair_from_numbers(view.group(1), view.group(2), text)
        zoom, unit = view.group(3), view.group(4)
        if unit == "z":
            prec = max(prec, _zoom_radius(lat, float(zoom), text))
            warnings.append(f"map view centre at zoom {zoom}, not a pin: precision widened "
                            "to half a map tile")
        else:  # "1500m": satellite view height; "1500a": 3D camera altitude, in metres
            if not float(zoom) < 1e8:
                raise CoordinateParseError(f"{text!r}: map view of {zoom} m is not a view",
                                           text=text)
            prec = max(prec, float(zoom) / 8)
            warnings.append(f"map view centre ({zoom}{unit} view), not a pin: precision "
                            "widened to an eighth of the view")
        return lat, lon, prec, warnings
    raise CoordinateParseError(f"{text!r}: a Google Maps URL without coordinates (a place name "
                               "or a short link cannot be resolved offline)", text=text)


def _parse_osm(url: str, text: str) -> tuple[float, float, float, list[str]]:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if "mlat" in query and ("mlon" in query or "mlng" in query):
        lon_s = (query.get("mlon") or query["mlng"])[0]
        lat, lon, prec = _pair_from_numbers(query["mlat"][0], lon_s, text)
        return lat, lon, prec, []
    frag = re.search(rf"map=(\d+(?:\.\d+)?)/({_NUM})/({_NUM})", parts.fragment)
    if frag:
        lat, lon, prec = _pair_from_numbers(frag.group(2), frag.group(3), text)
        prec = max(prec, _zoom_radius(lat, float(frag.group(1)), text))
        return lat, lon, prec, [f"map view centre at zoom {frag.group(1)}, not a marker: "
                                "precision widened to half a map tile"]
    if "lat" in query and "lon" in query:
        lat, lon, prec = _pair_from_numbers(query["lat"][0], query["lon"][0], text)
        warnings = ["map view centre, not a marker"]
        if "zoom" in query and re.fullmatch(r"\d+", query["zoom"][0]):
            prec = max(prec, _zoom_radius(lat, float(query["zoom"][0]), text))
        return lat, lon, prec, warnings
    raise CoordinateParseError(f"{text!r}: an OpenStreetMap URL without coordinates", text=text)


_GEO_RE = re.compile(rf"^geo:({_NUM}),({_NUM})(?:,({_NUM}))?((?:;[^?]*)?)(?:\?(.*))?$", re.I)


def _parse_geo(uri: str, text: str) -> tuple[float, float, float, list[str]]:
    m = _GEO_RE.match(uri)
    if not m:
        raise CoordinateParseError(f"{text!r}: not a valid geo: URI (RFC 5870)", text=text)
    params = {}
    for item in m.group(4).split(";")[1:]:
        key, _, value = item.partition("=")
        params[key.strip().lower()] = unquote(value.strip())
    crs = params.get("crs", "wgs84").lower()
    if crs != "wgs84":
        raise CoordinateParseError(f"{text!r}: geo: URI in crs {crs!r}; only wgs84 is supported",
                                   text=text)
    query = parse_qs(m.group(5) or "")
    if float(m.group(1)) == 0 and float(m.group(2)) == 0 and "q" in query:
        value = re.sub(r"\(.*\)\s*$", "", query["q"][0])
        lat, lon, _n, prec, _s = _parse_pair(_normalize(value), text)
        return lat, lon, prec, []
    lat, lon, prec = _pair_from_numbers(m.group(1), m.group(2), text)
    warnings: list[str] = []
    if "u" in params:
        try:
            u = float(params["u"])
        except ValueError:
            raise CoordinateParseError(f"{text!r}: geo: URI uncertainty u={params['u']!r} is "
                                       "not a number", text=text) from None
        if not (math.isfinite(u) and u >= 0):
            raise CoordinateParseError(f"{text!r}: geo: URI uncertainty u={params['u']!r} is "
                                       "not a distance", text=text)
        prec = max(prec, u)
    return lat, lon, prec, warnings


# --------------------------------------------------------------------------------------------
# grids

_UTM_RE = re.compile(
    r"^(?:UTM\s*:?\s*)?(?P<zone>\d{1,2})\s*(?P<band>[C-HJ-NP-X])\s*[,;]?\s+"
    r"(?P<e>\d{6}(?:\.\d+)?)\s*(?:M?E)?\s*[,;]?\s*(?P<n>\d{1,8}(?:\.\d+)?)\s*(?:M?N)?$",
    re.I,
)
_UPS_DETECT = re.compile(r"^(?:MGRS\s*:?\s*)?([ABYZ]\s*[A-Z]\s*[A-Z](?:\s*\d+){1,2})$|"
                         r"^MGRS\s*:?\s*([ABYZ]\s*[A-Z]\s*[A-Z])$", re.I)
_UPS_RE = re.compile(r"^(?:UPS\s*:?\s*)?(?P<hemi>[NS])\s*[,;]?\s+(?P<e>\d{6,7}(?:\.\d+)?)"
                     r"\s*(?:M?E)?\s*[,;]?\s*(?P<n>\d{6,7}(?:\.\d+)?)\s*(?:M?N)?$", re.I)
_MGRS_DETECT = re.compile(r"^(?:MGRS\s*:?\s*)?(\d{1,2}\s*[A-Z]\s*[A-Z]\s*[A-Z](?:\s*\d+){0,2})$",
                          re.I)


def _parse_utm(m: re.Match[str], text: str) -> tuple[float, float, float, list[str]]:
    from geoverify._mgrs import band_bounds, utm_inverse

    zone, band = int(m["zone"]), m["band"].upper()
    if not 1 <= zone <= 60:
        raise CoordinateParseError(f"{text!r}: UTM zone {zone} is not in 1..60", text=text)
    e_s, n_s = m["e"], m["n"]
    easting, northing = float(e_s), float(n_s)
    if not (100_000 <= easting <= 900_000 and northing <= 10_000_000):
        raise CoordinateParseError(
            f"{text!r}: UTM easting {e_s} or northing {n_s} out of range", text=text)
    warnings: list[str] = []
    south = band < "N"
    lat, lon = (float(v) for v in utm_inverse(zone, south, easting, northing))
    lo, hi = band_bounds(band)
    if not (lo - 0.1 <= lat <= hi + 0.1):
        if band in "NS":
            south = band == "S"
            lat, lon = (float(v) for v in utm_inverse(zone, south, easting, northing))
            warnings.append(f"{zone}{band} read as zone {zone}, "
                            f"{'southern' if south else 'northern'} hemisphere (the northing "
                            f"is not in latitude band {band})")
        else:
            raise CoordinateParseError(
                f"{text!r}: northing {n_s} is not in latitude band {band} of zone {zone}",
                text=text)
    elif band == "S":
        alt_lat = float(utm_inverse(zone, True, easting, northing)[0])
        if -80.0 <= alt_lat <= 0.0:
            warnings.append(f"{zone}S read as latitude band S (32°N-40°N); as zone {zone} "
                            f"southern hemisphere it would be at latitude {alt_lat:.4f}")
    if not (math.isfinite(lat) and math.isfinite(lon) and -80.5 <= lat <= 84.5):
        raise CoordinateParseError(f"{text!r}: UTM coordinates outside 80°S-84°N", text=text)
    unit = 10.0 ** -min(_decimals(e_s), _decimals(n_s))
    return lat, lon, unit, warnings


def _parse_ups(m: re.Match[str], text: str) -> tuple[float, float, float]:
    from geoverify._mgrs import ups_inverse

    north = m["hemi"].upper() == "N"
    e_s, n_s = m["e"], m["n"]
    lo, hi = (1_300_000.0, 2_700_000.0) if north else (800_000.0, 3_200_000.0)
    if not (lo <= float(e_s) <= hi and lo <= float(n_s) <= hi):
        raise CoordinateParseError(
            f"{text!r}: UPS {'north' if north else 'south'} easting {e_s} or northing {n_s} "
            f"out of range ({lo:.0f} to {hi:.0f})", text=text)
    lat, lon = (float(v) for v in ups_inverse(north, float(e_s), float(n_s)))
    return lat, lon, 10.0 ** -min(_decimals(e_s), _decimals(n_s))


# --------------------------------------------------------------------------------------------
# the parser

_PLUS_RE = re.compile(r"^([23456789CFGHJMPQRVWX0]{2,8}\+[23456789CFGHJMPQRVWX]*)(?:[\s,]+(.*))?$",
                      re.I)


def parse_coordinates(text: str, *, reference: tuple[float, float] | None = None) -> Coordinate:
    """Read a coordinate text in any supported notation (see the module docstring).

    Parameters
    ----------
    text : str
        The text as pasted: decimal, DMS, DDM, MGRS, UTM, a Google Maps or OpenStreetMap URL,
        a ``geo:`` URI or a Plus Code; Arabic digits and separators are read.
    reference : (lat, lon), optional
        Degrees: the point near which a short Plus Code (``XG4R+GH``) is recovered.

    Returns
    -------
    Coordinate
        ``lat``, ``lon``, the ``notation``, ``precision_m`` (the uncertainty radius the notation
        implies), ``swapped_valid`` and ``warnings``.

    Raises
    ------
    CoordinateParseError
        For any text that is not a valid coordinate; the message names the text and the reason.

    Examples
    --------
    >>> parse_coordinates("34.96, 40.49").precision_m  # two decimals: ~1.1 km
    1109.3...
    >>> c = parse_coordinates("E40.5 N34.9")  # letters say longitude first
    >>> (c.lat, c.lon, c.swapped_valid)
    (34.9, 40.5, False)
    >>> parse_coordinates("37SFV1900111103").notation
    'mgrs'
    >>> parse_coordinates("https://www.google.com/maps/@34.9563,40.5414,15z").precision_m
    501.1...
    >>> round(parse_coordinates("XG4R+GH", reference=(34.9, 40.5)).lat, 7)
    34.9563125
    >>> parse_coordinates("-34.9 N, 40.5")
    Traceback (most recent call last):
    ...
    geoverify.errors.CoordinateParseError: '-34.9 N, 40.5': conflicting hemisphere letter N and ...
    """
    if not isinstance(text, str):
        raise CoordinateParseError(f"{text!r}: coordinates must be given as text", text=None)
    if len(text) > 4000:
        raise CoordinateParseError(f"{text[:40]!r}...: text too long for a coordinate", text=text)
    try:
        lat, lon, notation, precision, swapped_valid, warnings = _parse(text, reference)
    except CoordinateParseError:
        raise
    except (ValueError, ArithmeticError, RuntimeError) as exc:  # a dependency refused the input
        raise CoordinateParseError(f"{text!r}: not a readable coordinate ({exc})",
                                   text=text) from exc
    return Coordinate(lat + 0.0, lon + 0.0, notation, float(precision), text,
                      swapped_valid=swapped_valid, warnings=tuple(warnings))


def _parse(text: str, reference: tuple[float, float] | None
           ) -> tuple[float, float, str, float, bool, list[str]]:
    raw = " ".join(text.translate(_BIDI).split())
    if not raw:
        raise CoordinateParseError(f"{text!r}: empty coordinate text", text=text)
    low = raw.lower()
    if low.startswith("geo:"):
        lat, lon, prec, w = _parse_geo(raw, text)
        return lat, lon, "geo_uri", prec, False, w
    if re.match(r"^(https?://)?([a-z0-9-]+\.)*(goo\.gl|g\.co|maps\.app\.goo\.gl)/", low):
        raise CoordinateParseError(
            f"{text!r}: a short link; expand it in a browser first (geoverify works offline)",
            text=text)
    if re.match(r"^(https?://)?([a-z0-9-]+\.)*google\.[a-z.]+/", low) or \
            re.match(r"^(https?://)?maps\.google\.", low):
        lat, lon, prec, w = _parse_google(raw, text)
        return lat, lon, "google_maps_url", prec, False, w
    if re.match(r"^(https?://)?([a-z0-9-]+\.)*(openstreetmap\.org|osm\.org)\b", low):
        lat, lon, prec, w = _parse_osm(raw, text)
        return lat, lon, "osm_url", prec, False, w
    if re.match(r"^[a-z][a-z0-9+.-]*://", low):
        raise CoordinateParseError(f"{text!r}: a URL of an unsupported site", text=text)
    s = _normalize(raw)
    plus = _PLUS_RE.match(s)
    if plus:
        lat, lon, prec, w = _parse_plus(plus.group(1).upper(), plus.group(2), reference, text)
        return lat, lon, "plus_code", prec, False, w
    utm = _UTM_RE.match(s)
    if utm:
        lat, lon, prec, w = _parse_utm(utm, text)
        return lat, lon, "utm", prec, False, w
    ups = _UPS_RE.match(s)
    if ups:
        lat, lon, prec = _parse_ups(ups, text)
        return lat, lon, "utm", prec, False, []
    polar = _UPS_DETECT.match(s)
    if polar:
        from geoverify._mgrs import mgrs_decode

        lat, lon, cell = mgrs_decode(polar.group(1) or polar.group(2))
        return lat, lon, "mgrs", cell, False, []
    mg = _MGRS_DETECT.match(s)
    if mg:
        from geoverify._mgrs import mgrs_decode

        lat, lon, cell = mgrs_decode(mg.group(1))
        return lat, lon, "mgrs", cell, False, []
    if s.count("/") >= 1:
        several = _parse_several(s, text)
        if several is not None:
            return several
    lat, lon, notation, prec, swapped_valid = _parse_pair(s, text)
    return lat, lon, notation, prec, swapped_valid, []


def _parse_several(s: str, text: str) -> tuple[float, float, str, float, bool, list[str]] | None:
    """Read one point written several ways, as Wikipedia pastes give it.

    ``35°20′10″N 40°18′34″E / 35.33611°N 40.30944°E / 35.33611; 40.30944``: every part must
    be a whole coordinate and all must agree within their precisions. The coarsest reading is
    kept: the other forms are usually conversions, which add digits but not precision.
    Returns None when the parts are not each a coordinate (``34.9 / 40.5`` is one pair).
    """
    readings = []
    for part in s.split("/"):
        try:
            readings.append(_parse_pair(part.strip(), text))
        except CoordinateParseError:
            return None
    for i, a in enumerate(readings):
        for b in readings[i + 1:]:
            m_lat, m_lon = metres_per_degree((a[0] + b[0]) / 2)
            dlon = (a[1] - b[1] + 180.0) % 360.0 - 180.0
            gap = math.hypot((a[0] - b[0]) * float(m_lat), dlon * float(m_lon))
            if gap > a[3] + b[3]:
                raise CoordinateParseError(
                    f"{text!r}: the {len(readings)} forms given disagree by {gap:.0f} m, more "
                    "than their precision", text=text)
    kept = max(readings, key=lambda r: r[3])
    swapped_valid = all(r[4] for r in readings)
    return (kept[0], kept[1], kept[2], kept[3], swapped_valid,
            [f"{len(readings)} forms of the same point given; the coarsest ({kept[2]}, "
             f"±{kept[3]:.0f} m) is kept, as conversions add digits, not precision"])


def _parse_plus(code: str, locality: str | None, reference: tuple[float, float] | None,
                text: str) -> tuple[float, float, float, list[str]]:
    from geoverify import _pluscodes as olc

    warnings: list[str] = []
    if not olc.is_valid(code):
        raise CoordinateParseError(f"{text!r}: {code} is not a valid Plus Code", text=text)
    if olc.is_short(code):
        if reference is None:
            where = f" near {locality!r}" if locality else ""
            raise CoordinateParseError(
                f"{text!r}: short Plus Code {code}{where} needs a reference location "
                "(reference=(lat, lon), or --reference LAT,LON)", text=text)
        try:
            ref_lat, ref_lon = (float(v) for v in reference)
        except (TypeError, ValueError):
            raise CoordinateParseError(f"{text!r}: reference {reference!r} is not (lat, lon)",
                                       text=text) from None
        if not (abs(ref_lat) <= 90 and abs(ref_lon) <= 180):
            raise CoordinateParseError(f"{text!r}: reference {reference!r} is out of range",
                                       text=text)
        if locality:
            warnings.append(f"locality {locality!r} ignored; recovered near the reference point")
        code = olc.recover_nearest(code, ref_lat, ref_lon)
    elif locality:
        raise CoordinateParseError(f"{text!r}: unexpected text after the Plus Code", text=text)
    if not olc.is_full(code):
        raise CoordinateParseError(f"{text!r}: Plus Code {code} is out of range", text=text)
    lat, lon, h, w = olc.decode(code)
    m_lat, m_lon = metres_per_degree(lat)
    return lat, lon, max(h * float(m_lat), w * float(m_lon)), warnings


def parse_coordinates_array(texts: Any, *, errors: str = "nan",
                            reference: tuple[float, float] | None = None
                            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse many texts; return ``(lat, lon, precision_m)`` float arrays.

    ``errors="nan"`` puts NaN in all three arrays for a text that does not parse;
    ``errors="raise"`` raises the first :class:`~geoverify.errors.CoordinateParseError`.
    (Parsing text is per-string work; this is a convenience, not a numeric fast path.)

    Examples
    --------
    >>> lat, lon, prec = parse_coordinates_array(["34.96, 40.49", "nonsense"])
    >>> lat
    array([34.96,   nan])
    """
    if errors not in ("nan", "raise"):
        raise GeoverifyError(f"errors={errors!r}: expected 'nan' or 'raise'")
    items = list(texts)
    out = np.full((3, len(items)), np.nan)
    for i, t in enumerate(items):
        try:
            c = parse_coordinates(t, reference=reference)
        except CoordinateParseError:
            if errors == "raise":
                raise
            continue
        out[:, i] = (c.lat, c.lon, c.precision_m)
    return out[0], out[1], out[2]


# --------------------------------------------------------------------------------------------
# formatting


def _fmt_fixed(values: np.ndarray, decimals: int) -> np.ndarray:
    rounded = np.round(values, decimals) + 0.0  # no "-0.00000"
    return np.char.mod(f"%.{decimals}f", rounded)


def _fmt_sexagesimal(values: np.ndarray, axis: str, parts: int, decimals: int) -> np.ndarray:
    """Format absolute values as D°MM'SS.s" or D°MM.mmm' with a hemisphere letter."""
    scale = 10**decimals
    per_deg = (60 if parts == 2 else 3600) * scale
    total = np.rint(np.abs(values) * per_deg).astype(np.int64)
    deg, rem = np.divmod(total, per_deg)
    pos, neg = ("N", "S") if axis == "lat" else ("E", "W")
    hem = np.where((values < 0) & (total > 0), neg, pos)
    if parts == 2:
        minutes = rem / scale
        width = 2 + (decimals + 1 if decimals else 0)
        mins = np.char.zfill(np.char.mod(f"%.{decimals}f", minutes), width)
        out = np.char.add(np.char.add(deg.astype(str), "°"), np.char.add(mins, "'"))
    else:
        mins_i, sec_units = np.divmod(rem, 60 * scale)
        width = 2 + (decimals + 1 if decimals else 0)
        secs = np.char.zfill(np.char.mod(f"%.{decimals}f", sec_units / scale), width)
        out = np.char.add(np.char.add(deg.astype(str), "°"),
                          np.char.add(np.char.zfill(mins_i.astype(str), 2), "'"))
        out = np.char.add(out, np.char.add(secs, '"'))
    return np.char.add(out, hem)


def format_coordinates(lat: Any, lon: Any, notation: str = "decimal", *,
                       precision: int | None = None) -> Any:
    """Write points in a notation; scalars give a str, arrays an array of str.

    Parameters
    ----------
    lat, lon : float or array_like
        Degrees, latitude first.
    notation : str
        ``decimal`` (``34.95629, 40.54139``), ``dms`` (``34°57'22.6"N 40°32'29.0"E``),
        ``ddm`` (``34°57.377'N 40°32.483'E``), ``mgrs`` (``37SFU4073569280``), ``utm``
        (``37S 640735 3869281``), ``plus_code``, ``geo_uri``, ``google_maps_url`` or ``osm_url``.
    precision : int, optional
        Decimals (decimal, URLs: of degrees; dms: of seconds; ddm: of minutes; utm: of metres),
        MGRS digits per axis (0-5), or Plus Code length (2-15). Defaults give about 1 m:
        5, 1, 3, 0, 5 and 10.

    Raises
    ------
    GeoverifyError
        For an unknown notation or a point out of range. South of 80°S and north of 84°N,
        ``mgrs`` uses the polar letters and ``utm`` is written as UPS
        (``UPS N 2096454 1452981``).

    Examples
    --------
    >>> format_coordinates(34.95629, 40.54139)
    '34.95629, 40.54139'
    >>> print(format_coordinates(34.95629, 40.54139, "dms"))
    34°57'22.6"N 40°32'29.0"E
    >>> print(format_coordinates(-33.9, -18.5, "ddm", precision=1))
    33°54.0'S 18°30.0'W
    >>> format_coordinates([34.9, 35.0], [40.5, 40.6], "utm").tolist()
    ['37S 637049 3862980', '37S 646009 3874213']
    """
    if notation not in FORMATS:
        raise GeoverifyError(
            f"unknown coordinate format {notation!r} (one of {', '.join(FORMATS)})")
    p = _DEFAULT_PRECISION[notation] if precision is None else precision
    if not isinstance(p, int | np.integer) or not 0 <= p <= _MAX_PRECISION[notation]:
        raise GeoverifyError(f"format {notation}: precision {precision!r} is not a digit count "
                             f"from 0 to {_MAX_PRECISION[notation]}")
    lat_a = np.asarray(lat, dtype=float)
    lon_a = np.asarray(lon, dtype=float)
    scalar = lat_a.ndim == 0 and lon_a.ndim == 0
    lat_a, lon_a = np.broadcast_arrays(np.atleast_1d(lat_a), np.atleast_1d(lon_a))
    if not np.all(np.abs(lat_a) <= 90):
        raise GeoverifyError(f"format {notation}: latitude out of range [-90, 90] (or NaN)")
    if not np.all(np.abs(lon_a) <= 180):
        raise GeoverifyError(f"format {notation}: longitude out of range [-180, 180] (or NaN)")
    out: np.ndarray
    if notation == "decimal":
        out = np.char.add(np.char.add(_fmt_fixed(lat_a, p), ", "), _fmt_fixed(lon_a, p))
    elif notation in ("dms", "ddm"):
        parts = 3 if notation == "dms" else 2
        out = np.char.add(np.char.add(_fmt_sexagesimal(lat_a, "lat", parts, p), " "),
                          _fmt_sexagesimal(lon_a, "lon", parts, p))
    elif notation == "mgrs":
        from geoverify._mgrs import mgrs_encode

        out = np.asarray(mgrs_encode(lat_a, lon_a, precision=int(p)))
    elif notation == "utm":
        from geoverify._mgrs import is_polar, latitude_band, ups_forward, utm_forward

        polar = is_polar(lat_a)
        out = np.zeros(lat_a.shape, dtype=f"<U{24 + 2 * p}")
        if not np.all(polar):
            la, lo = lat_a[~polar], lon_a[~polar]
            band = np.asarray(latitude_band(la))
            zone, _south, east, north = utm_forward(la, lo)
            head = np.char.add(np.char.add(zone.astype(str), band), " ")
            out[~polar] = np.char.add(np.char.add(head, _fmt_fixed(east, p)),
                                      np.char.add(" ", _fmt_fixed(north, p)))
        if np.any(polar):
            hemi, east, north = ups_forward(lat_a[polar], lon_a[polar])
            head = np.where(hemi, "UPS N ", "UPS S ")
            out[polar] = np.char.add(np.char.add(head, _fmt_fixed(east, p)),
                                     np.char.add(" ", _fmt_fixed(north, p)))
    elif notation == "plus_code":
        from geoverify import _pluscodes as olc

        if p < 2 or (p < 10 and p % 2):
            raise GeoverifyError(f"format plus_code: length {p} must be 2, 4, 6, 8 or 10-15")
        out = olc.encode_array(lat_a, lon_a, int(p))
    else:
        pair = np.char.add(np.char.add(_fmt_fixed(lat_a, p), ","), _fmt_fixed(lon_a, p))
        if notation == "geo_uri":
            out = np.char.add("geo:", pair)
        elif notation == "google_maps_url":
            out = np.char.add("https://www.google.com/maps/search/?api=1&query=", pair)
        else:
            la, lo = _fmt_fixed(lat_a, p), _fmt_fixed(lon_a, p)
            out = np.char.add(np.char.add("https://www.openstreetmap.org/?mlat=", la),
                              np.char.add(np.char.add("&mlon=", lo),
                                          np.char.add(np.char.add("#map=16/", la),
                                                      np.char.add("/", lo))))
    if scalar:
        return str(out.reshape(-1)[0])
    return out
