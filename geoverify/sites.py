"""Sites: a location with its uncertainty and provenance, where coordinates, gazetteer, checks meet.

A :class:`Site` is a point with an uncertainty radius in metres (or an area polygon), how it
was located, and where that came from. Checks never see raw text, only Sites, and never
ignore their uncertainty.

Turning a text into a Site (coordinates or a place name) is :func:`geoverify.locate.site_from_text`:
it needs the coordinate parser and the gazetteer, which sit above this module.

Also here: relative locations ("10 km east of al-Mayadin", "north-east of Deir ez-Zor within
20 km", "near al-Quriyah": :func:`parse_relative`, :func:`relative_site`), areas
(:func:`area_site`), and the precision codes of conflict-event datasets (ACLED
``geo_precision``, UCDP ``where_prec`` and ``date_prec``, Airwars grades) with the radius
geoverify assumes for each (:data:`PRECISION_RADII_M`, :func:`precision_radius`,
:func:`precision_code`): documented assumptions, overridable.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from geoverify.errors import GeoverifyError

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "Site", "LOCATION_METHODS", "PRECISION_RADII_M", "UCDP_DATE_PRECISION_DAYS",
    "precision_radius", "precision_code", "ucdp_date_precision_days", "ucdp_date_prec",
    "DISTANCE_QUALIFIER_SHARE", "RELATION_RADIUS_M", "DEFAULT_SECTOR_RADIUS_M",
    "RelativeLocation", "parse_relative", "relative_site", "area_site",
]

#: How a site was located. ``coordinates``: stated by a source as coordinates;
#: ``geolocated``: located from imagery; ``geocoded``: from a place name; ``relative``: described
#: relative to another place ("10 km east of al-Mayadin"); ``area``: a polygon.
LOCATION_METHODS = ("coordinates", "geolocated", "geocoded", "relative", "area", "unknown")


@dataclass(frozen=True)
class Site:
    """A location with an uncertainty radius (metres) and its provenance.

    Latitude before longitude, degrees on WGS84. ``uncertainty_m`` is the radius within
    which the true location is believed to lie; ``area`` (a shapely polygon in lon/lat)
    replaces the circle when the site is a described area.

    Examples
    --------
    >>> s = Site(34.95629, 40.54139, 1500, name="al-Quriyah", method="geocoded")
    >>> s.lonlat
    (40.54139, 34.95629)
    >>> s.with_uncertainty(3000).uncertainty_m
    3000.0
    """

    lat: float
    lon: float
    uncertainty_m: float = 0.0
    name: str | None = None
    method: str = "coordinates"
    source: str | None = None
    area: BaseGeometry | None = field(default=None, compare=False)
    note: str | None = None

    def __post_init__(self) -> None:
        lat, lon, unc = float(self.lat), float(self.lon), float(self.uncertainty_m)
        if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
            raise GeoverifyError(
                f"site {self.name or ''!s}: latitude {self.lat!r} is not in [-90, 90]"
            )
        if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
            raise GeoverifyError(
                f"site {self.name or ''!s}: longitude {self.lon!r} is not in [-180, 180]"
            )
        if not (math.isfinite(unc) and unc >= 0):
            raise GeoverifyError(
                f"site {self.name or ''!s}: uncertainty {self.uncertainty_m!r} m must be >= 0"
            )
        if self.method not in LOCATION_METHODS:
            raise GeoverifyError(
                f"site {self.name or ''!s}: unknown location method {self.method!r} "
                f"(one of {', '.join(LOCATION_METHODS)})"
            )
        object.__setattr__(self, "lat", lat)
        object.__setattr__(self, "lon", lon)
        object.__setattr__(self, "uncertainty_m", unc)

    @property
    def lonlat(self) -> tuple[float, float]:
        """The point as ``(lon, lat)``, the order of GeoJSON and shapely."""
        return (self.lon, self.lat)

    def with_uncertainty(self, uncertainty_m: float) -> Site:
        """Return a copy with another uncertainty radius in metres."""
        return replace(self, uncertainty_m=float(uncertainty_m))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (the area, if any, as GeoJSON geometry)."""
        out: dict[str, Any] = {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "uncertainty_m": self.uncertainty_m,
            "method": self.method,
            "source": self.source,
        }
        if self.note:
            out["note"] = self.note
        if self.area is not None:
            from shapely.geometry import mapping

            out["area"] = mapping(self.area)
        return out


_COORD_NUMBER = r"[-+\u2212]?(?:nan|inf(?:inity)?|\d[\d.]*(?:e[-+]?\d+)?|\.\d+)"


def _looks_like_coordinates(text: str) -> bool:
    """Whether ``text`` is clearly meant as coordinates, not a place name.

    True for digits and coordinate punctuation only (``91, 40``; ``34°54'N`` has a letter and
    is left to the parser's own message) and for a pair of numbers (``nan, 40``).
    """
    import re

    stripped = text.strip()
    if re.fullmatch(r"[\d\s.,;:+\-\u2212\u00b0\u00ba'\"\u2032\u2033\u2019()\[\]]*\d"
                    r"[\d\s.,;:+\-\u2212\u00b0\u00ba'\"\u2032\u2033\u2019()\[\]]*", stripped):
        return True
    return re.fullmatch(rf"\s*{_COORD_NUMBER}\s*[,;\s]\s*{_COORD_NUMBER}\s*", stripped,
                        flags=re.IGNORECASE) is not None


# ---------------------------------------------------------------------------------------------
# Precision codes of conflict-event datasets <-> uncertainty radius
# ---------------------------------------------------------------------------------------------

#: Location-precision schemes and geoverify's code -> radius (metres) ASSUMPTIONS.
#:
#: Only Airwars states a distance (its "within 100 m" grade); every other radius below is
#: geoverify's own assumption about the extent the code leaves open in this theatre
#: (villages about 1-2 km across, towns 3-5 km, districts some 30-60 km), chosen to err wide:
#: a radius too small makes a check confidently wrong, one too large only makes it inconclusive.
#: Override any of them with the ``overrides`` argument of :func:`precision_radius` or the
#: ``precision_radii`` field of a case file.
#:
#: - ``acled`` ``geo_precision`` (ACLED codebook): 1 = the source names a town and its coordinates
#:   are used; 2 = a small part of a region or "near" a town, coded to a nearby town;
#:   3 = only a larger region, coded to its capital or centroid.
#: - ``ucdp`` ``where_prec`` (UCDP GED codebook): 1 = exact location; 2 = within about 25 km of a
#:   known point ("near X"); 3 = second-order administrative division; 4 = first-order
#:   division; 5 = a linear feature or several divisions; 6 = the country; 7 = international
#:   waters or airspace.
#: - ``airwars`` location grades: exact location, within 100 m, street, neighbourhood, village,
#:   town, city, subdistrict, district, governorate.
PRECISION_RADII_M: dict[str, dict[str | int, float]] = {
    "acled": {1: 2_000.0, 2: 25_000.0, 3: 100_000.0},
    "ucdp": {1: 2_000.0, 2: 25_000.0, 3: 60_000.0, 4: 150_000.0, 5: 200_000.0,
             6: 500_000.0, 7: 500_000.0},
    "airwars": {
        "exact": 50.0,  # geoverify's allowance for "exact": imagery and map error
        "within 100 m": 100.0,  # the only grade Airwars states in metres
        "street": 500.0,
        "neighbourhood": 1_000.0,
        "village": 2_000.0,
        "town": 5_000.0,
        "city": 10_000.0,
        "subdistrict": 20_000.0,
        "district": 50_000.0,
        "governorate": 150_000.0,
    },
}

#: UCDP GED ``date_prec`` (1-5) -> how far, at most, the event may lie from the coded date
#: (days). 1 = the exact day; 2 = within 2-6 days; 3 = the week; 4 = 8-30 days or the month;
#: 5 = more than a month, within the calendar year. The spans are geoverify's reading of the
#: codebook's wording, overridable like the radii.
UCDP_DATE_PRECISION_DAYS: dict[int, float] = {1: 0.0, 2: 6.0, 3: 7.0, 4: 31.0, 5: 366.0}

_AIRWARS_ALIASES = {
    "exact location": "exact",
    "within 100m": "within 100 m",
    "within a 100 m radius": "within 100 m",
    "100 m": "within 100 m",
    "neighborhood": "neighbourhood",
    "sub-district": "subdistrict",
    "nearest village": "village",
    "province": "governorate",
}


def _precision_key(scheme: str, code: str | int) -> str | int:
    scheme_key = str(scheme).strip().lower()
    if scheme_key not in PRECISION_RADII_M:
        raise GeoverifyError(
            f"unknown precision scheme {scheme!r} (one of {', '.join(PRECISION_RADII_M)})"
        )
    if scheme_key == "airwars":
        text = " ".join(str(code).strip().lower().split())
        return _AIRWARS_ALIASES.get(text, text)
    try:
        number = int(str(code).strip())
    except ValueError:
        raise GeoverifyError(
            f"{scheme_key} precision code {code!r} is not a whole number"
        ) from None
    return number


def precision_radius(
    scheme: str,
    code: str | int,
    *,
    overrides: Mapping[str, Any] | None = None,
) -> float:
    """Return the uncertainty radius in metres geoverify assumes for a dataset's precision code.

    Parameters
    ----------
    scheme : str
        ``"acled"`` (``geo_precision`` 1-3), ``"ucdp"`` (``where_prec`` 1-7) or ``"airwars"``
        (a location grade such as ``"village"`` or ``"within 100 m"``).
    code : str or int
        The code as the dataset writes it.
    overrides : dict, optional
        Your own radii: either ``{code: metres}`` for this scheme or ``{scheme: {code: metres}}``.
        They replace the defaults in :data:`PRECISION_RADII_M` (which are assumptions, see there).

    Returns
    -------
    float
        The radius in metres.

    Raises
    ------
    GeoverifyError
        For an unknown scheme or a code the scheme does not have.

    Examples
    --------
    >>> precision_radius("airwars", "within 100 m")
    100.0
    >>> precision_radius("acled", 2)
    25000.0
    >>> precision_radius("acled", 2, overrides={2: 10_000})
    10000.0
    """
    key = _precision_key(scheme, code)
    scheme_key = str(scheme).strip().lower()
    table: dict[Any, float] = dict(PRECISION_RADII_M[scheme_key])
    if overrides:
        chosen: Any
        if any(isinstance(v, dict) for v in overrides.values()):  # {scheme: {code: metres}}
            chosen = {str(k).strip().lower(): v for k, v in overrides.items()}.get(scheme_key, {})
        else:  # {code: metres} for this scheme
            chosen = overrides
        for raw_code, metres in dict(chosen).items():
            table[_precision_key(scheme_key, raw_code)] = float(metres)
    if key not in table:
        known = ", ".join(str(k) for k in PRECISION_RADII_M[scheme_key])
        raise GeoverifyError(f"{scheme_key} precision code {code!r} is unknown (known: {known})")
    radius = float(table[key])
    if not (math.isfinite(radius) and radius >= 0):
        raise GeoverifyError(f"{scheme_key} precision code {code!r}: radius {radius!r} is not >= 0")
    return radius


def precision_code(scheme: str, radius_m: float) -> str | int:
    """Return the finest code of ``scheme`` whose assumed radius covers ``radius_m`` metres.

    The inverse of :func:`precision_radius` for exporting a site to a dataset's convention: a
    site known to 1.5 km is ACLED 1, one known to 20 km is ACLED 2. A radius beyond every code
    returns the coarsest code.

    Examples
    --------
    >>> precision_code("acled", 1500)
    1
    >>> precision_code("ucdp", 20_000)
    2
    >>> precision_code("airwars", 80)
    'within 100 m'
    """
    scheme_key = str(scheme).strip().lower()
    if scheme_key not in PRECISION_RADII_M:
        raise GeoverifyError(
            f"unknown precision scheme {scheme!r} (one of {', '.join(PRECISION_RADII_M)})"
        )
    radius = float(radius_m)
    if not (math.isfinite(radius) and radius >= 0):
        raise GeoverifyError(f"radius {radius_m!r} m must be a number >= 0")
    items = sorted(PRECISION_RADII_M[scheme_key].items(), key=lambda kv: kv[1])
    for code, metres in items:
        if metres >= radius:
            return code
    return items[-1][0]


def ucdp_date_prec(duration_days: float) -> int:
    """Return the UCDP ``date_prec`` code (1-5) for an event known to within ``duration_days``.

    The inverse of :func:`ucdp_date_precision_days` for export: one calendar day or less is 1,
    up to 6 days 2, a week 3, a month (31 days) 4, longer 5.

    Examples
    --------
    >>> [ucdp_date_prec(d) for d in (0.25, 1, 3, 7, 20, 90)]
    [1, 1, 2, 3, 4, 5]
    """
    days = float(duration_days)
    if not (math.isfinite(days) and days >= 0):
        raise GeoverifyError(f"duration {duration_days!r} days must be a number >= 0")
    for code, limit in ((1, 1.0), (2, 6.0), (3, 7.0), (4, 31.0)):
        if days <= limit:
            return code
    return 5


def ucdp_date_precision_days(code: int | str) -> float:
    """Return how many days from the coded date a UCDP ``date_prec`` code leaves open.

    Examples
    --------
    >>> ucdp_date_precision_days(1), ucdp_date_precision_days("4")
    (0.0, 31.0)
    """
    try:
        number = int(str(code).strip())
        return UCDP_DATE_PRECISION_DAYS[number]
    except (ValueError, KeyError):
        raise GeoverifyError(f"UCDP date_prec {code!r} is not one of 1-5") from None


# ---------------------------------------------------------------------------------------------
# Relative locations: "10 km east of al-Mayadin", "north-east of Deir ez-Zor", "near al-Quriyah"
# ---------------------------------------------------------------------------------------------

#: Share of a stated distance added to the uncertainty, by the qualifier written before it
#: (geoverify's assumption: "about 10 km" is read as 8 to 12 km; a bare "10 km" as 9 to 11 km).
DISTANCE_QUALIFIER_SHARE: dict[str, float] = {
    "about": 0.2, "around": 0.2, "approximately": 0.2, "approx": 0.2, "some": 0.2,
    "roughly": 0.2, "nearly": 0.2, "almost": 0.2, "~": 0.2, "": 0.1, "exactly": 0.05,
}
#: Qualifiers that make a stated distance an upper bound ("up to 5 km": 0 to 5 km).
UPPER_BOUND_QUALIFIERS = ("up to", "less than", "under", "within", "no more than")
#: Qualifiers that make a stated distance a lower bound ("more than 5 km": 5 to 7.5 km, an
#: assumption: such phrases rarely mean more than half again).
LOWER_BOUND_QUALIFIERS = ("more than", "over", "at least", "beyond")

#: Extra radius (metres) that "near X", "on the outskirts of X" and "in X" add to X's own
#: uncertainty: geoverify's documented assumption for villages and towns of the theatre.
RELATION_RADIUS_M: dict[str, float] = {"near": 5_000.0, "outskirts": 3_000.0, "in": 0.0}

#: Radius of the sector "north-east of X" when the text gives no "within N km" (an assumption).
DEFAULT_SECTOR_RADIUS_M = 50_000.0

_UNITS = {"km": 1000.0, "kms": 1000.0, "kilometre": 1000.0, "kilometres": 1000.0,
          "kilometer": 1000.0, "kilometers": 1000.0, "m": 1.0, "metre": 1.0, "metres": 1.0,
          "meter": 1.0, "meters": 1.0, "mi": 1609.344, "mile": 1609.344, "miles": 1609.344}


def _compass(word: str) -> tuple[float, float] | None:
    """Return (azimuth, half-width) for a compass word, or None.

    The width is :func:`geoverify.geodesy.compass_sector`'s, the library's one convention: a
    4-point word ("east") covers +-45 degrees, an 8-point word ("north-east") +-22.5, a
    16-point word ("east-north-east") +-11.25: what the word can honestly mean.
    """
    from geoverify.geodesy import compass_sector

    try:
        return compass_sector(str(word))
    except GeoverifyError:
        return None


_NUMBER = (r"(?P<num>\d+(?:[.,]\d+)?)\s*"
           r"(?P<unit>km|kms|kilomet(?:re|er)s?|m|met(?:re|er)s?|mi|miles?)")
_QUAL = (r"(?P<qual>about|around|approximately|approx\.?|some|roughly|nearly|almost|~|exactly|"
         r"up to|less than|under|within|no more than|more than|over|at least|beyond)?\s*")
_DIR = r"(?P<dir>(?:north|south|east|west)(?:[- ]?(?:north|south|east|west)){0,2}|[NSEW]{1,3})"


@dataclass(frozen=True)
class RelativeLocation:
    """A location described relative to a place, as parsed from text.

    ``relation`` is ``offset`` ("10 km east of X"), ``distance`` ("5 km from X"), ``sector``
    ("north-east of X", optionally ``within_m``), ``near``, ``outskirts`` or ``in``.
    ``place`` is the text of the place the location is relative to.

    Examples
    --------
    >>> parse_relative("about 10 km east of al-Mayadin")
    RelativeLocation(relation='offset', place='al-Mayadin', distance_m=10000.0,
                     qualifier='about', direction='east', within_m=None)
    """

    relation: str
    place: str
    distance_m: float | None = None
    qualifier: str | None = None
    direction: str | None = None
    within_m: float | None = None


def _metres(num: str, unit: str) -> float:
    return float(num.replace(",", ".")) * _UNITS[unit.lower()]


def parse_relative(text: str) -> RelativeLocation:
    """Parse a relative location: "10 km east of X", "north-east of X within 20 km", "near X".

    Parameters
    ----------
    text : str
        English text as reporters write it. Distances in km, m or miles; compass words
        as :func:`geoverify.geodesy.compass_sector` reads them ("east", "north-east", "NE").

    Returns
    -------
    RelativeLocation

    Raises
    ------
    GeoverifyError
        When the text is none of the supported forms.

    Examples
    --------
    >>> parse_relative("north-east of Deir ez-Zor within 20 km").within_m
    20000.0
    >>> parse_relative("near al-Quriyah").relation
    'near'
    >>> parse_relative("5 km from Green Village").relation
    'distance'
    """
    import re

    raw = " ".join(str(text).split())
    flags = re.IGNORECASE
    m = re.fullmatch(rf"{_QUAL}{_NUMBER}\s+(?:{_DIR}\s+)?(?:of|from|away from)\s+(?P<place>.+)",
                     raw, flags)
    if m:
        qual = (m.group("qual") or "").lower().rstrip(".")
        direction = m.group("dir")
        if direction is not None and _compass(direction) is None:
            raise GeoverifyError(f"relative location {text!r}: unknown direction {direction!r}")
        return RelativeLocation("offset" if direction else "distance", m.group("place").strip(),
                                _metres(m.group("num"), m.group("unit")), qual or None,
                                direction.lower() if direction else None)
    m = re.fullmatch(rf"(?:to the\s+)?{_DIR}\s+of\s+(?P<place>.+?)"
                     rf"(?:,?\s+within\s+{_NUMBER})?", raw, flags)
    if m and _compass(m.group("dir")) is not None:
        within = _metres(m.group("num"), m.group("unit")) if m.group("num") else None
        return RelativeLocation("sector", m.group("place").strip(),
                                direction=m.group("dir").lower(), within_m=within)
    m = re.fullmatch(r"(?P<rel>near|close to|next to|by|in the vicinity of|around|outside|"
                     r"on the outskirts of|the outskirts of|outskirts of|in|inside|at)"
                     r"\s+(?P<place>.+)",
                     raw, flags)
    if m:
        rel = m.group("rel").lower()
        relation = ("outskirts" if "outskirts" in rel or rel == "outside"
                    else "in" if rel in ("in", "inside", "at") else "near")
        return RelativeLocation(relation, m.group("place").strip())
    raise GeoverifyError(
        f"relative location {text!r} is not understood (write e.g. '10 km east of al-Mayadin', "
        "'north-east of Deir ez-Zor within 20 km', 'about 5 km from Green Village' or "
        "'near al-Quriyah')"
    )


def _destination(lat: float, lon: float, azimuth_deg: float,
                 distance_m: float) -> tuple[float, float]:
    from geoverify.geodesy import destination

    lat2, lon2 = destination(lat, lon, azimuth_deg, distance_m)
    return float(lat2), float(lon2)


def _distance_band(distance_m: float, qualifier: str | None) -> tuple[float, float]:
    qual = (qualifier or "").strip().lower().rstrip(".")
    if qual in UPPER_BOUND_QUALIFIERS:
        return 0.0, distance_m
    if qual in LOWER_BOUND_QUALIFIERS:
        return distance_m, 1.5 * distance_m
    if qual not in DISTANCE_QUALIFIER_SHARE:
        raise GeoverifyError(
            f"distance qualifier {qualifier!r} is unknown (one of "
            f"{', '.join(q for q in DISTANCE_QUALIFIER_SHARE if q)}, "
            f"{', '.join(UPPER_BOUND_QUALIFIERS + LOWER_BOUND_QUALIFIERS)})"
        )
    share = DISTANCE_QUALIFIER_SHARE[qual]
    return distance_m * (1 - share), distance_m * (1 + share)


#: the longest geodesic on WGS84 (half a meridian is 20,003,931 m): a relative distance beyond it
#: describes no place
_MAX_RELATIVE_M = 20_003_931.0


def relative_site(
    base: Site,
    relation: str | RelativeLocation,
    *,
    distance_m: float | None = None,
    direction: str | None = None,
    qualifier: str | None = None,
    within_m: float | None = None,
    relation_radius_m: float | None = None,
    name: str | None = None,
    source: str | None = None,
) -> Site:
    """Return the Site a relative description places around ``base``, with an honest radius.

    - ``offset`` (``distance_m`` + ``direction``, "10 km east of X"): the point ``distance_m``
      along the compass direction from the base (WGS84 direct geodesic). Its radius covers the
      whole annular sector the words allow: the distance band of the qualifier
      (:data:`DISTANCE_QUALIFIER_SHARE`) times the compass word's width (+-22.5 degrees for
      an 8-point word), plus the base's own radius.
    - ``distance`` ("5 km from X", no direction): centred on the base, radius = the band's
      outer distance + the base's radius (the site is somewhere on a ring).
    - ``sector`` ("north-east of X", ``within_m`` or :data:`DEFAULT_SECTOR_RADIUS_M`): an
      area, the geodesic sector from the base; the point is on the sector's axis at two thirds
      of its radius and its radius covers the sector and the base's radius.
    - ``near``, ``outskirts``, ``in``: the base circle grown by :data:`RELATION_RADIUS_M`
      (or ``relation_radius_m``).

    Examples
    --------
    >>> mayadin = Site(35.01982, 40.45154, 1500, name="al-Mayadin", method="geocoded")
    >>> s = relative_site(mayadin, "offset", distance_m=10_000, direction="east",
    ...                   qualifier="about")
    >>> round(s.lat, 4), round(s.lon, 4), round(s.uncertainty_m)
    (35.0198, 40.5611, 10119)
    >>> relative_site(mayadin, "near").uncertainty_m
    6500.0
    """
    if isinstance(relation, RelativeLocation):
        loc = relation
        relation = loc.relation
        distance_m = loc.distance_m if distance_m is None else distance_m
        direction = loc.direction if direction is None else direction
        qualifier = loc.qualifier if qualifier is None else qualifier
        within_m = loc.within_m if within_m is None else within_m
    rel = str(relation).strip().lower()
    label = name or f"{rel} {base.name or 'site'}"
    base_unc = base.uncertainty_m
    phrase = {"near": "near", "outskirts": "on the outskirts of", "in": "in"}.get(rel, rel)
    described = f"{phrase} {base.name or 'a site'}"

    if rel in ("offset", "distance"):
        if distance_m is None or not (math.isfinite(float(distance_m)) and distance_m >= 0):
            raise GeoverifyError(f"relative site {label!r}: a distance in metres >= 0 is needed")
        d = float(distance_m)
        if d > _MAX_RELATIVE_M:
            raise GeoverifyError(
                f"relative site {label!r}: distance {d:.0f} m is more than half the Earth's "
                f"circumference ({_MAX_RELATIVE_M:.0f} m)")
        near_d, far_d = _distance_band(d, qualifier)
        if rel == "distance" or direction is None:
            return Site(base.lat, base.lon, base_unc + far_d, name=label, method="relative",
                        source=source, note=f"{qualifier or ''} {d:.0f} m from {base.name}".strip())
        compass = _compass(direction)
        if compass is None:
            raise GeoverifyError(f"relative site {label!r}: unknown direction {direction!r}")
        azimuth, half = compass
        lat, lon = _destination(base.lat, base.lon, azimuth, d)
        cos_h = math.cos(math.radians(half))
        spread = max(math.sqrt(max(r * r + d * d - 2 * r * d * cos_h, 0.0))
                     for r in (near_d, far_d))
        spread = max(spread, d - near_d, far_d - d)
        return Site(lat, lon, base_unc + spread, name=label, method="relative", source=source,
                    note=f"{qualifier + ' ' if qualifier else ''}{d:.0f} m {direction} of "
                         f"{base.name} (azimuth {azimuth:g} +- {half:g} deg)")
    if rel == "sector":
        if direction is None or _compass(direction) is None:
            raise GeoverifyError(f"relative site {label!r}: unknown direction {direction!r}")
        azimuth, half = _compass(direction)  # type: ignore[misc]
        radius = float(within_m) if within_m is not None else DEFAULT_SECTOR_RADIUS_M
        if not (math.isfinite(radius) and 0 < radius <= _MAX_RELATIVE_M):
            raise GeoverifyError(
                f"relative site {label!r}: 'within' must be > 0 m and at most "
                f"{_MAX_RELATIVE_M:.0f} m")
        centre_d = 2.0 * radius / 3.0
        lat, lon = _destination(base.lat, base.lon, azimuth, centre_d)
        cos_h = math.cos(math.radians(half))
        spread = max(centre_d,
                     math.sqrt(radius * radius + centre_d ** 2 - 2 * radius * centre_d * cos_h))
        area = _sector_polygon(base.lat, base.lon, azimuth, half, radius, grow_m=base_unc)
        return Site(lat, lon, base_unc + spread, name=label, method="relative", source=source,
                    area=area, note=f"{direction} of {base.name} within {radius:.0f} m "
                                    f"(azimuth {azimuth:g} +- {half:g} deg)")
    if rel in RELATION_RADIUS_M:
        extra = RELATION_RADIUS_M[rel] if relation_radius_m is None else float(relation_radius_m)
        if not (math.isfinite(extra) and extra >= 0):
            raise GeoverifyError(f"relative site {label!r}: relation radius must be >= 0 m")
        return Site(base.lat, base.lon, base_unc + extra, name=label, method="relative",
                    source=source, note=f"{described}: {base.name}'s radius + {extra:.0f} m")
    raise GeoverifyError(
        f"relative site {label!r}: unknown relation {relation!r} "
        "(offset, distance, sector, near, outskirts, in)"
    )


def _sector_polygon(lat: float, lon: float, azimuth: float, half: float,
                    radius_m: float, *, grow_m: float = 0.0) -> BaseGeometry:
    """Return the sector from the base point, grown by ``grow_m`` (the base's own radius).

    "North-east of X" with X known to within ``grow_m`` is the sector drawn from every point
    X may be at: the sector grown by ``grow_m`` in every direction (a Minkowski sum), not a
    longer sector from X's nominal point (which leaves out the ground beside and behind the
    apex). Grown in an azimuthal equidistant projection centred on the base.
    """
    from geoverify.geodesy import sector

    polygon: BaseGeometry = sector(lat, lon, azimuth, half, 0.0, radius_m)
    if grow_m <= 0:
        return polygon
    import shapely
    from pyproj import CRS, Transformer

    aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    fwd = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    back = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)

    def through(tr: Any) -> Any:
        import numpy as np

        return lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))

    local = shapely.transform(shapely.segmentize(polygon, 0.01), through(fwd))
    # buffer arcs are inscribed polygons: grow a little more so they cover the true circle
    grown = local.buffer(grow_m * 1.0005, quad_segs=32)
    return shapely.transform(grown, through(back))


def area_site(points: list[tuple[float, float]] | tuple[tuple[float, float], ...], *,
              name: str | None = None, source: str | None = None,
              uncertainty_m: float = 0.0) -> Site:
    """Return an area Site from polygon vertices given as ``(lat, lon)`` pairs.

    The point is the polygon's centroid; the radius covers every vertex (geodesic distance)
    plus ``uncertainty_m`` (the error of the vertices themselves).

    Examples
    --------
    >>> s = area_site([(35.0, 40.0), (35.0, 40.1), (35.1, 40.1), (35.1, 40.0)], name="box")
    >>> round(s.lat, 2), round(s.lon, 2), s.area.geom_type
    (35.05, 40.05, 'Polygon')
    """
    import numpy as np
    from pyproj import Geod
    from shapely.geometry import Polygon

    if len(points) < 3:
        raise GeoverifyError(f"area {name or ''!s}: a polygon needs at least 3 (lat, lon) points")
    try:
        lats = np.array([float(p[0]) for p in points])
        lons = np.array([float(p[1]) for p in points])
    except (TypeError, ValueError, IndexError):
        raise GeoverifyError(f"area {name or ''!s}: points must be (lat, lon) pairs") from None
    if not (np.all(np.abs(lats) <= 90) and np.all(np.abs(lons) <= 180)):
        raise GeoverifyError(
            f"area {name or ''!s}: a point is outside lat [-90, 90], lon [-180, 180]"
        )
    polygon = Polygon(list(zip(lons.tolist(), lats.tolist(), strict=True)))
    if not polygon.is_valid or polygon.area == 0:
        raise GeoverifyError(f"area {name or ''!s}: the polygon is empty or crosses itself")
    centroid = polygon.centroid
    _, _, dists = Geod(ellps="WGS84").inv(np.full(lats.shape, centroid.x),
                                          np.full(lats.shape, centroid.y), lons, lats)
    return Site(centroid.y, centroid.x, float(np.max(dists)) + float(uncertainty_m), name=name,
                method="area", source=source, area=polygon)
