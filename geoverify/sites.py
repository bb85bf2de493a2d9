"""Sites: a location with its uncertainty and provenance, where coordinates, gazetteer and checks meet.

A :class:`Site` is a point with an uncertainty radius in metres (or an area polygon), how it
was located, and where that came from. Checks never see raw text, only Sites, and never
ignore their uncertainty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from geoverify.errors import GeoverifyError

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry.base import BaseGeometry

__all__ = ["Site", "LOCATION_METHODS", "site_from_text"]

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
            raise GeoverifyError(f"site {self.name or ''!s}: latitude {self.lat!r} is not in [-90, 90]")
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


def site_from_text(text: str, *, near: Site | None = None, country: str | None = None) -> Site:
    """Return a Site from a coordinate text in any notation, or else from a place name.

    Coordinates are tried first (their notation gives the uncertainty); a text that is not
    coordinates is geocoded offline, and an ambiguous name raises
    :class:`~geoverify.errors.AmbiguousPlace` rather than silently picking one.
    """
    from geoverify.coordinates import parse_coordinates
    from geoverify.errors import CoordinateParseError

    try:
        coord = parse_coordinates(text)
    except CoordinateParseError as coord_error:
        try:
            from geoverify.gazetteer import geocode_site
        except ImportError:  # pragma: no cover - gazetteer not built yet
            raise coord_error from None
        return geocode_site(text, near=near, country=country)
    return Site(coord.lat, coord.lon, coord.precision_m, name=text.strip(), method="coordinates",
                source="coordinates as given")
