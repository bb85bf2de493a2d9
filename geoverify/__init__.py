"""geoverify: verify geolocation claims in conflict reporting.

Conventions, everywhere: latitude before longitude (unless a name says ``lonlat``), degrees,
azimuths clockwise from true north in [0, 360), distances in metres on the WGS84 ellipsoid,
aware datetimes. Shapely geometries are in lon/lat (GeoJSON order).

The public API is re-exported here and loaded on first use, so ``import geoverify`` stays fast.

>>> import geoverify
>>> c = geoverify.parse_coordinates("34.95629, 40.54139")
>>> round(c.lat, 5), round(c.lon, 5)
(34.95629, 40.54139)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geoverify._lazy import lazy_exports
from geoverify.errors import (
    AmbiguousPlace,
    CaseFileError,
    CheckError,
    CoordinateParseError,
    DataFileError,
    GeocoderUnavailable,
    GeoverifyError,
    PlaceNotFound,
    TimeParseError,
)

__version__ = "0.1.0"

# public name -> module that defines it (loaded lazily by __getattr__)
_LAZY: dict[str, str] = {
    # coordinates
    "Coordinate": "geoverify.coordinates",
    "parse_coordinates": "geoverify.coordinates",
    "format_coordinates": "geoverify.coordinates",
    # geodesy
    "inverse": "geoverify.geodesy",
    "distance": "geoverify.geodesy",
    "azimuth": "geoverify.geodesy",
    "destination": "geoverify.geodesy",
    "intermediate_points": "geoverify.geodesy",
    "compass_point": "geoverify.geodesy",
    "compass_azimuth": "geoverify.geodesy",
    "geodesic_circle": "geoverify.geodesy",
    "annulus": "geoverify.geodesy",
    "sector": "geoverify.geodesy",
    "distance_bounds": "geoverify.geodesy",
    # sites
    "Site": "geoverify.sites",
    "relative_site": "geoverify.sites",
    "parse_relative": "geoverify.sites",
    "precision_radius": "geoverify.sites",
    "site_from_text": "geoverify.locate",
    # claims, case files, verification
    "Claim": "geoverify.claims",
    "Case": "geoverify.claims",
    "load_case": "geoverify.casefile",
    "verify_file": "geoverify.verify",
    # gazetteer
    "geocode": "geoverify.gazetteer",
    "reverse": "geoverify.gazetteer",
    "OfflineGeocoder": "geoverify.gazetteer",
    # checks
    "Verdict": "geoverify.checks.result",
    "CheckResult": "geoverify.checks.result",
    "Share": "geoverify.checks.result",
    "Decider": "geoverify.checks.result",
    "weapon_matrix": "geoverify.checks.matrix",
    # regions: where could it be
    "Region": "geoverify.regions",
    "intersect_all": "geoverify.regions",
    "find_conflict": "geoverify.regions",
    "site_region": "geoverify.regions",
    "relation_region": "geoverify.regions",
    "direction_region": "geoverify.regions",
    "distance_region": "geoverify.regions",
    "reach_region": "geoverify.regions",
    "reach_regions": "geoverify.regions",
    "control_region": "geoverify.regions",
    "bank_region": "geoverify.regions",
    "travel_region": "geoverify.regions",
    "shadow_region_of": "geoverify.regions",
    "area_region": "geoverify.regions",
    # sun and times
    "solar_position": "geoverify.sun",
    "sun_times": "geoverify.sun",
    "parse_time": "geoverify.times",
    "TimeInterval": "geoverify.times",
    # event datasets (ACLED, UCDP): see geoverify.events
    "read_events": "geoverify.events.read",
}

__all__ = [
    "__version__",
    "GeoverifyError",
    "CoordinateParseError",
    "PlaceNotFound",
    "AmbiguousPlace",
    "CaseFileError",
    "DataFileError",
    "GeocoderUnavailable",
    "TimeParseError",
    "CheckError",
    *_LAZY,
]


__getattr__, __dir__ = lazy_exports("geoverify", _LAZY, globals())


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from geoverify.casefile import load_case
    from geoverify.checks.matrix import weapon_matrix
    from geoverify.checks.result import CheckResult, Decider, Share, Verdict
    from geoverify.claims import Case, Claim
    from geoverify.coordinates import Coordinate, format_coordinates, parse_coordinates
    from geoverify.events.read import read_events
    from geoverify.gazetteer import OfflineGeocoder, geocode, reverse
    from geoverify.geodesy import (
        annulus,
        azimuth,
        compass_azimuth,
        compass_point,
        destination,
        distance,
        distance_bounds,
        geodesic_circle,
        intermediate_points,
        inverse,
        sector,
    )
    from geoverify.locate import site_from_text
    from geoverify.regions import (
        Region,
        area_region,
        bank_region,
        control_region,
        direction_region,
        distance_region,
        find_conflict,
        intersect_all,
        reach_region,
        reach_regions,
        relation_region,
        shadow_region_of,
        site_region,
        travel_region,
    )
    from geoverify.sites import (
        Site,
        parse_relative,
        precision_radius,
        relative_site,
    )
    from geoverify.sun import solar_position, sun_times
    from geoverify.times import TimeInterval, parse_time
    from geoverify.verify import verify_file
