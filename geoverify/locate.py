"""Locate: turn a text into a Site, from coordinates in any notation or else a place name.

Resolving text needs both the coordinate parser (:mod:`geoverify.coordinates`) and the offline
gazetteer (:mod:`geoverify.gazetteer`), so it sits above both; :mod:`geoverify.sites` stays a
plain model that imports neither. Front ends (the command line, maps of any claims, user code)
call :func:`site_from_text`, also exported as ``geoverify.site_from_text``.

Examples
--------
>>> site = site_from_text("34.95629, 40.54139")
>>> site.method, round(site.uncertainty_m, 1)
('coordinates', 1.1)
"""

from __future__ import annotations

from geoverify.coordinates import parse_coordinates
from geoverify.errors import CoordinateParseError, GeoverifyError
from geoverify.gazetteer import geocode_site
from geoverify.sites import Site, _looks_like_coordinates

__all__ = ["site_from_text"]


def site_from_text(text: str, *, near: Site | str | tuple[float, float] | None = None,
                   country: str | None = None) -> Site:
    """Return a Site from a coordinate text in any notation, or else from a place name.

    Coordinates are tried first (their notation gives the uncertainty); a text that is not
    coordinates is geocoded offline, and an ambiguous name raises
    :class:`~geoverify.errors.AmbiguousPlace` rather than silently picking one. A text that is
    clearly meant as coordinates but does not parse ("91, 40") is refused, never geocoded.

    Parameters
    ----------
    text : str
        Coordinates in any notation (``34.956, 40.541``, DMS, MGRS, a map URL...) or a name.
    near : Site, str or (lat, lon), optional
        Prefer places near this site, text (coordinates or a place name) or point (a name
        only; coordinates ignore it).
    country : str, optional
        ISO 3166-1 alpha-2 code the place must be in (a name only).

    Raises
    ------
    CoordinateParseError
        If the text is coordinates that do not parse or are out of range.
    PlaceNotFound, AmbiguousPlace
        If a name finds no confident place, or several alike.

    Examples
    --------
    >>> site_from_text("al-Mayadin").name
    'al-Mayadin'
    """
    if not isinstance(text, str):
        raise GeoverifyError(f"a place is a text (coordinates or a name), not {text!r:.200}")
    try:
        coord = parse_coordinates(text)
    except CoordinateParseError as coord_error:
        # "91, 40", "nan, 40", "95N 40E": say why, never geocode it as a name
        if _looks_like_coordinates(text) or "out of range" in str(coord_error):
            raise
        return geocode_site(text, near=near, country=country)
    return Site(coord.lat, coord.lon, coord.precision_m, name=text.strip(), method="coordinates",
                source="coordinates as given")
