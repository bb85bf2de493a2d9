"""Geodesy on the WGS84 ellipsoid: distances, azimuths, compass words, circles, annuli and sectors.

Everything here is computed on WGS84 geodesics through :class:`pyproj.Geod` (Karney's
algorithms, accurate to nanometres), never with a spherical shortcut where accuracy matters.
Conventions: latitude before longitude in arguments and results, degrees, azimuths clockwise
from true north in [0, 360), metres. Shapes are shapely geometries in lon/lat (GeoJSON order),
split at the antimeridian and closed over a pole when they contain one.

Every computational function takes scalars (and returns floats) or numpy arrays / pandas
Series (and returns arrays, broadcast together); there is no Python loop per row. A NaN
coordinate gives NaN results; a latitude outside [-90, 90], an infinite value or a non-number
raises :class:`GeodesyError`.
The ``*_geoseries`` variants take GeoSeries of lon/lat points instead (a projected CRS is
converted to EPSG:4326 first; rows pair by position) and return arrays, or for points and
shapes a GeoSeries in EPSG:4326 with the input's index. :func:`inverse`, :func:`distance` and
:func:`azimuth` also take a GeoSeries (or a shapely Point) in place of either point's
``lat, lon``: ``distance(points, 35.0, 40.5)``, ``inverse(points_a, points_b)``.

Examples
--------
>>> from geoverify.geodesy import inverse, compass_point
>>> r = inverse(35.01982, 40.45154, 35.33588, 40.14084)   # al-Mayadin to Deir ez-Zor
>>> round(r.distance_m), round(r.azimuth_deg, 1), compass_point(r.azimuth_deg)
(45061, 321.2, 'NW')
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np

from geoverify.errors import GeoverifyError

if TYPE_CHECKING:  # pragma: no cover
    from pyproj import Geod
    from shapely.geometry.base import BaseGeometry

    from geoverify.sites import Site

__all__ = [
    "GeodesyError",
    "Inverse",
    "MAX_GEODESIC_DISTANCE_M",
    "inverse",
    "distance",
    "azimuth",
    "bearing_note",
    "initial_bearings",
    "inverse_geoseries",
    "distance_geoseries",
    "azimuth_geoseries",
    "destination",
    "destination_geoseries",
    "intermediate_points",
    "normalize_azimuth",
    "angle_difference",
    "compass_point",
    "compass_azimuth",
    "compass_sector",
    "geodesic_circle",
    "annulus",
    "sector",
    "geodesic_circle_geoseries",
    "annulus_geoseries",
    "sector_geoseries",
    "distance_bounds",
    "distance_bounds_geoseries",
    "site_distance_bounds",
    "azimuth_range",
    "tangent_half_width",
    "azimuth_range_geoseries",
    "azimuth_bounds",
]

#: The longest geodesic on WGS84 (pole to pole along a meridian, also the distance between
#: antipodes on the equator), in metres.
MAX_GEODESIC_DISTANCE_M = 20003931.458625447

# Conservative radii for the azimuth-range tangent method (metres).
_MEAN_RADIUS_M = 6371008.771415
_MIN_RADIUS_OF_CURVATURE_M = 6335439.327


class GeodesyError(GeoverifyError, ValueError):
    """A geodesy function got input it cannot use (a latitude out of range, an unknown word...)."""


class Inverse(NamedTuple):
    """The answer of the inverse geodesic problem from A to B.

    ``distance_m``: geodesic distance in metres; ``azimuth_deg``: initial bearing at A towards B;
    ``back_azimuth_deg``: bearing at B pointing back to A. Azimuths in [0, 360). Floats for
    scalar input, numpy arrays for array input. For coincident points the azimuths are
    undefined and follow geographiclib's convention (180 and 0). At a pole, where north is
    undefined, azimuths follow geographiclib's convention too: the point is taken as the limit
    along the meridian of the longitude given (so the longitude of a pole matters).
    """

    distance_m: Any
    azimuth_deg: Any
    back_azimuth_deg: Any


@cache
def _geod() -> Geod:
    from pyproj import Geod

    return Geod(ellps="WGS84")


# --------------------------------------------------------------------------------------------
# input handling


def _arrays(names: tuple[str, ...], values: tuple[Any, ...],
            latitudes: tuple[int, ...] = ()) -> tuple[bool, list[np.ndarray]]:
    """Return (all scalar?, float64 arrays broadcast to one shape), validating the input."""
    arrays: list[np.ndarray] = []
    for name, value in zip(names, values, strict=True):
        try:
            arr = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            shown = repr(value)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            raise GeodesyError(f"{name}: {shown} is not a number or an array of numbers") from None
        arrays.append(arr)
    scalar = all(a.ndim == 0 for a in arrays)
    if not scalar and len({a.shape for a in arrays}) > 1:
        try:
            arrays = [np.ascontiguousarray(a) for a in np.broadcast_arrays(*arrays)]
        except ValueError:
            shapes = ", ".join(f"{n} {a.shape}" for n, a in zip(names, arrays, strict=True))
            raise GeodesyError(f"array shapes do not broadcast together: {shapes}") from None
    for i, (name, arr) in enumerate(zip(names, arrays, strict=True)):
        if np.isinf(arr).any():
            raise GeodesyError(f"{name}: {_first_bad(arr, np.isinf(arr))} is infinite")
        if i in latitudes:
            bad = np.abs(arr) > 90.0
            if bad.any():
                raise GeodesyError(
                    f"{name}: latitude {_first_bad(arr, bad)} is not in [-90, 90]"
                )
    return scalar, arrays


def _first_bad(arr: np.ndarray, mask: np.ndarray) -> str:
    if arr.ndim == 0:
        return repr(float(arr))
    index = np.argwhere(mask)[0]
    where = int(index[0]) if len(index) == 1 else tuple(int(i) for i in index)
    return f"{float(arr[tuple(index)])!r} (at index {where})"


def _norm360_inplace(az: np.ndarray) -> np.ndarray:
    if az.size == 0:
        return az
    if az.min() >= -360.0 and az.max() < 360.0:  # pyproj's (-180, 180]: a cheap fast path
        np.add(az, 360.0, out=az, where=az < 0.0)
    else:  # includes NaN
        np.mod(az, 360.0, out=az)
    if not az.max() < 360.0:  # -1e-17 + 360 (or its mod) rounds to 360.0; or NaN present
        az[az >= 360.0] = 0.0
    return az


def _norm360_scalar(az: float) -> float:
    r = math.fmod(az, 360.0)
    if r < 0.0:
        r += 360.0
    return 0.0 if r >= 360.0 else r + 0.0  # + 0.0: never -0.0


def normalize_azimuth(azimuth_deg: Any) -> Any:
    """Return azimuths (degrees) wrapped into [0, 360).

    Examples
    --------
    >>> normalize_azimuth(-90.0), normalize_azimuth(720.5)
    (270.0, 0.5)
    """
    scalar, (az,) = _arrays(("azimuth_deg",), (azimuth_deg,))
    if scalar:
        return _norm360_scalar(float(az))
    return _norm360_inplace(az.copy())


def angle_difference(a_deg: Any, b_deg: Any) -> Any:
    """Return the signed smallest rotation from azimuth ``b`` to ``a``, in (-180, 180] degrees.

    Examples
    --------
    >>> angle_difference(10.0, 350.0), angle_difference(350.0, 10.0)
    (20.0, -20.0)
    """
    scalar, (a, b) = _arrays(("a_deg", "b_deg"), (a_deg, b_deg))
    d = 180.0 - np.mod(180.0 - (a - b), 360.0)
    if scalar:
        return float(d)
    return d


# --------------------------------------------------------------------------------------------
# inverse and direct problems


def _is_points(value: Any) -> bool:
    """Whether ``value`` is shapely geometry: a Point, a GeoSeries, or a list/array of them."""
    if hasattr(value, "geom_type"):  # a shapely geometry, a GeoSeries, a GeoDataFrame
        return True
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray)
                                             and value.dtype == object):
        first = next((v for v in (value.ravel() if isinstance(value, np.ndarray) else value)
                      if v is not None), None)
        return hasattr(first, "geom_type")
    return False


def _four_coordinates(args: tuple[Any, ...], caller: str) -> tuple[Any, Any, Any, Any]:
    """Return ``(lat1, lon1, lat2, lon2)`` from ``args``, where points may stand for a pair.

    A GeoSeries, a shapely Point or an array of Points (lon/lat; a projected GeoSeries is
    converted to EPSG:4326) stands for one ``lat, lon`` pair.
    """
    coords: list[Any] = []
    for n, value in enumerate(args):
        if value is None:
            continue
        if _is_points(value):
            if len(coords) % 2:
                raise GeodesyError(f"{caller}: argument {n + 1} is a GeoSeries or Point where a "
                                   "longitude belongs; give lat1, lon1, lat2, lon2, or points "
                                   "in place of a lat, lon pair (see inverse_geoseries)")
            if hasattr(value, "geometry") and not hasattr(value, "x"):  # a GeoDataFrame
                value = value.geometry
            lon, lat = _geoseries_lonlat(value, f"point {len(coords) // 2 + 1}")
            coords += [lat, lon]
        else:
            coords.append(value)
    if len(coords) != 4:
        raise GeodesyError(f"{caller}: give two points, as lat1, lon1, lat2, lon2 (numbers or "
                           "arrays) or with a GeoSeries or shapely Point in place of a lat, "
                           "lon pair, e.g. distance(points, 35.0, 40.5); "
                           "inverse_geoseries(a, b) pairs two GeoSeries row by row")
    return coords[0], coords[1], coords[2], coords[3]


def inverse(lat1: Any, lon1: Any = None, lat2: Any = None, lon2: Any = None) -> Inverse:
    """Solve the inverse geodesic problem from A (lat1, lon1) to B (lat2, lon2) on WGS84.

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float or array_like
        Degrees; arrays broadcast together. Either point may instead be a GeoSeries, a
        shapely Point or an array of Points (lon/lat), in place of its ``lat, lon`` pair:
        ``inverse(points, 35.0, 40.5)``, ``inverse(points_a, points_b)``.

    Returns
    -------
    Inverse
        ``distance_m``, ``azimuth_deg`` (at A towards B) and ``back_azimuth_deg`` (at B back
        towards A), azimuths in [0, 360): floats for scalars, arrays for arrays.

    Raises
    ------
    GeodesyError
        A latitude outside [-90, 90], an infinite value, a non-number, shapes that do not
        broadcast.

    Examples
    --------
    >>> r = inverse(0, 0, 0, 1)
    >>> round(r.distance_m, 3), r.azimuth_deg, r.back_azimuth_deg
    (111319.491, 90.0, 270.0)
    >>> import numpy as np
    >>> inverse(np.array([0.0, 10.0]), 0, 0, 0).distance_m.round(1)
    array([      0. , 1105854.8])
    >>> from shapely.geometry import Point
    >>> round(inverse(Point(0, 0), Point(1, 0)).distance_m, 3)   # Points are lon/lat
    111319.491
    """
    lat1, lon1, lat2, lon2 = _four_coordinates((lat1, lon1, lat2, lon2), "inverse")
    scalar, (la1, lo1, la2, lo2) = _arrays(
        ("lat1", "lon1", "lat2", "lon2"), (lat1, lon1, lat2, lon2), latitudes=(0, 2)
    )
    geod = _geod()
    if scalar:
        az12, az21, dist = geod.inv(float(lo1), float(la1), float(lo2), float(la2))
        return Inverse(float(dist), _norm360_scalar(az12), _norm360_scalar(az21))
    az12, az21, dist = geod.inv(lo1, la1, lo2, la2)
    return Inverse(dist, _norm360_inplace(az12), _norm360_inplace(az21))


def distance(lat1: Any, lon1: Any = None, lat2: Any = None, lon2: Any = None) -> Any:
    """Return the WGS84 geodesic distance in metres from A to B (see :func:`inverse`).

    Either point may be a GeoSeries or shapely Point in place of its ``lat, lon`` pair.

    Examples
    --------
    >>> round(distance(34.95629, 40.54139, 35.01982, 40.45154))   # al-Quriyah to al-Mayadin
    10815
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> towns = gpd.GeoSeries([Point(40.54139, 34.95629), Point(40.45154, 35.01982)], crs=4326)
    >>> distance(towns, 35.01982, 40.45154).round(0)   # each town to al-Mayadin
    array([10815.,     0.])
    """
    return inverse(lat1, lon1, lat2, lon2).distance_m


def azimuth(lat1: Any, lon1: Any = None, lat2: Any = None, lon2: Any = None) -> Any:
    """Return the initial azimuth at A towards B, degrees clockwise from north in [0, 360).

    Either point may be a GeoSeries or shapely Point in place of its ``lat, lon`` pair.

    Examples
    --------
    >>> round(azimuth(0, 0, 1, 1), 4)
    45.188
    """
    return inverse(lat1, lon1, lat2, lon2).azimuth_deg


#: Two latitudes, or a longitude difference and 180°, closer than this (degrees) are equal
#: for :func:`initial_bearings`.
_SAME_DEG = 1e-9


def initial_bearings(lat1: float, lon1: float, lat2: float,
                     lon2: float) -> tuple[float, ...] | Literal["any"]:
    """Return the initial bearings of every shortest path from A to B on WGS84.

    One bearing when the shortest path is unique; none for the same point; ``"any"`` for
    opposite poles (every meridian is a shortest path); two when the path and its mirror image
    are both shortest (after Karney, *Algorithms for geodesics*, 2013, and GeographicLib's
    documentation):

    - A and B at opposite latitudes (``lat2 = -lat1``) with a path that does not cross the
      equator at a right angle, as for antipodes and points near them: the mirror image in
      the equator starts at the forward azimuth the first path has at B;
    - B 180° of longitude from A with a path that does not run along a meridian: the mirror
      image in that meridian starts at ``-azimuth``.

    Scalars only.

    Examples
    --------
    >>> initial_bearings(0, 0, 0, 180)   # antipodes on the equator: over either pole
    (0.0, 180.0)
    >>> [round(b, 4) for b in initial_bearings(0, 0, 1, 1)]
    [45.188]
    >>> initial_bearings(90, 0, -90, 0), initial_bearings(10, 20, 10, 20)
    ('any', ())
    """
    inv = inverse(lat1, lon1, lat2, lon2)
    if inv.distance_m == 0.0:
        return ()
    if abs(abs(lat1) - 90.0) <= _SAME_DEG and abs(lat1 + lat2) <= _SAME_DEG:
        return "any"
    first = float(inv.azimuth_deg)
    at_b = _norm360_scalar(float(inv.back_azimuth_deg) + 180.0)  # forward azimuth at B
    if abs(lat1 + lat2) <= _SAME_DEG and abs(angle_difference(first, at_b)) > _SAME_DEG:
        return tuple(sorted((first, at_b)))
    if (abs(abs(angle_difference(lon2, lon1)) - 180.0) <= _SAME_DEG
            and min(abs(angle_difference(first, 0.0)), abs(angle_difference(first, 180.0)))
            > _SAME_DEG):
        return tuple(sorted((first, _norm360_scalar(-first))))
    return (first,)


def bearing_note(lat1: float, lon1: float, lat2: float, lon2: float) -> str | None:
    """Return why the initial bearing from A to B is not one number, or None when it is.

    See :func:`initial_bearings`.

    Examples
    --------
    >>> bearing_note(0, 0, 0, 180)  # doctest: +ELLIPSIS
    'undefined: two shortest paths (the points are antipodal or nearly), starting at 0.0° and...'
    >>> bearing_note(35.0, 40.0, 35.01, 40.0) is None
    True
    """
    bearings = initial_bearings(lat1, lon1, lat2, lon2)
    if bearings == "any":
        return "undefined: the points are opposite poles, every meridian is a shortest path"
    if not bearings:
        return "undefined: the two points are the same"
    if len(bearings) == 2:
        return (f"undefined: two shortest paths (the points are antipodal or nearly), starting "
                f"at {bearings[0]:.1f}° and {bearings[1]:.1f}°")
    return None


def _geoseries_lonlat(series: Any, name: str) -> tuple[np.ndarray, np.ndarray]:
    import shapely

    crs = getattr(series, "crs", None)
    if crs is not None and not crs.is_geographic:
        series = series.to_crs(4326)
    elif crs is not None and crs.to_epsg() not in (4326, None):
        series = series.to_crs(4326)
    values = getattr(series, "values", series)
    try:
        geoms = np.asarray(values, dtype=object)
        types = shapely.get_type_id(geoms)
    except (TypeError, ValueError):
        raise GeodesyError(f"{name}: expected a GeoSeries or array of shapely Points") from None
    if ((types != 0) & (types != -1)).any():
        raise GeodesyError(f"{name}: every geometry must be a Point (lon/lat)")
    empty = shapely.is_empty(geoms)
    if np.any(empty):  # an empty point is missing (GEOS will not read its x)
        geoms = geoms.copy()
        geoms[empty] = None
    return shapely.get_x(geoms), shapely.get_y(geoms)


def inverse_geoseries(a: Any, b: Any) -> Inverse:
    """Solve the inverse problem between two GeoSeries (or arrays) of points, row by position.

    Points are read as lon/lat (``.x``/``.y``); a GeoSeries in a projected CRS is converted to
    EPSG:4326 first. One side may hold a single point. Missing geometries and empty points
    give NaN.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> a = gpd.GeoSeries([Point(0, 0), Point(40.54139, 34.95629)], crs=4326)
    >>> b = gpd.GeoSeries([Point(1, 0), Point(40.45154, 35.01982)], crs=4326)
    >>> inverse_geoseries(a, b).distance_m.round(0)
    array([111319.,  10815.])
    """
    lon1, lat1 = _geoseries_lonlat(a, "a")
    lon2, lat2 = _geoseries_lonlat(b, "b")
    return inverse(lat1, lon1, lat2, lon2)


def distance_geoseries(a: Any, b: Any) -> Any:
    """Return the geodesic distances (metres) between two GeoSeries of points, row by position.

    See :func:`inverse_geoseries` for how the points are read; a numpy array is returned.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> a = gpd.GeoSeries([Point(40.54139, 34.95629)], crs=4326)   # al-Quriyah
    >>> distance_geoseries(a, gpd.GeoSeries([Point(40.45154, 35.01982)], crs=4326)).round(0)
    array([10815.])
    """
    return inverse_geoseries(a, b).distance_m


def azimuth_geoseries(a: Any, b: Any) -> Any:
    """Return the initial azimuths at ``a`` towards ``b`` (degrees in [0, 360)), row by position.

    See :func:`inverse_geoseries` for how the points are read; a numpy array is returned.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> a = gpd.GeoSeries([Point(0, 0), Point(0, 0)], crs=4326)
    >>> azimuth_geoseries(a, gpd.GeoSeries([Point(1, 1), Point(0, -1)], crs=4326)).round(4)
    array([ 45.188, 180.   ])
    """
    return inverse_geoseries(a, b).azimuth_deg


def _point_rows(points: Any, names: tuple[str, ...], values: tuple[Any, ...]
                ) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
    """Read a GeoSeries of points and per-row values, one value per point.

    Returns ``(index, lat, lon, missing, values)``: the input's index (None for a plain array),
    the coordinates in EPSG:4326, a mask of rows without a point (no geometry or an empty
    point; their coordinates are set to 0 so that they compute harmlessly) and the values
    broadcast to one per point.
    """
    index = getattr(points, "index", None)
    lon, lat = _geoseries_lonlat(points, "points")
    lon, lat = np.atleast_1d(lon).astype(np.float64), np.atleast_1d(lat).astype(np.float64)
    n = lat.size
    _, arrays = _arrays(names, values)
    rows: list[np.ndarray] = []
    for name, arr in zip(names, arrays, strict=True):
        try:
            rows.append(np.ascontiguousarray(np.broadcast_to(arr, (n,))))
        except ValueError:
            raise GeodesyError(
                f"{name}: shape {arr.shape} does not give one value for each of {n} points"
            ) from None
    missing = np.isnan(lat) | np.isnan(lon)
    lat[missing] = 0.0
    lon[missing] = 0.0
    return index, lat, lon, missing, rows


def _result_geoseries(geoms: np.ndarray, missing: np.ndarray, index: Any) -> Any:
    """Return a GeoSeries in EPSG:4326 with the input's index; missing rows stay missing."""
    import geopandas as gpd

    out = np.asarray(geoms, dtype=object).reshape(-1)
    out[missing] = None
    return gpd.GeoSeries(out, index=index, crs=4326)


def destination(lat: Any, lon: Any, azimuth_deg: Any, distance_m: Any) -> tuple[Any, Any]:
    """Return the point ``distance_m`` metres from (lat, lon) along the initial ``azimuth_deg``.

    Solves the direct geodesic problem on WGS84; longitude is returned in [-180, 180].
    A negative distance walks backwards.

    Examples
    --------
    >>> lat, lon = destination(0, 179.5, 90, 111319.49079327357)
    >>> round(lat, 9), round(lon, 9)
    (0.0, -179.5)
    """
    scalar, (la, lo, az, dist) = _arrays(
        ("lat", "lon", "azimuth_deg", "distance_m"), (lat, lon, azimuth_deg, distance_m),
        latitudes=(0,),
    )
    geod = _geod()
    if scalar:
        lon2, lat2, _ = geod.fwd(float(lo), float(la), float(az), float(dist))
        return float(lat2), float(lon2)
    lon2, lat2, _ = geod.fwd(lo, la, az, dist)
    return lat2, lon2


def destination_geoseries(points: Any, azimuth_deg: Any, distance_m: Any) -> Any:
    """Return :func:`destination` for each point of a GeoSeries, as a GeoSeries of points.

    Parameters
    ----------
    points : GeoSeries or array_like of shapely Points
        Start points, lon/lat; a GeoSeries in a projected CRS is converted to EPSG:4326 first.
    azimuth_deg, distance_m : float or array_like
        One value for every point, or one for all (by position, not by index).

    Returns
    -------
    GeoSeries
        The destinations in EPSG:4326 with the index of ``points``; longitudes in
        [-180, 180]. A missing or empty start point (or a NaN value) gives a missing row.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> start = gpd.GeoSeries([Point(179.5, 0), Point(0, 0)], index=["a", "b"], crs=4326)
    >>> out = destination_geoseries(start, [90, 0], 111319.49079327357)
    >>> out.index.tolist(), out.x.round(9).tolist(), out.y.round(4).tolist()
    (['a', 'b'], [-179.5, 0.0], [0.0, 1.0067])
    """
    import shapely

    index, lat, lon, missing, (az, dist) = _point_rows(
        points, ("azimuth_deg", "distance_m"), (azimuth_deg, distance_m))
    if lat.size == 0:
        return _result_geoseries(np.empty(0, dtype=object), missing, index)
    lat2, lon2 = destination(lat, lon, az, dist)
    missing = missing | np.isnan(lat2) | np.isnan(lon2)
    return _result_geoseries(shapely.points(lon2, lat2), missing, index)


def intermediate_points(lat1: Any, lon1: Any, lat2: Any, lon2: Any, n: int | None = None, *,
                        spacing_m: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return points evenly spaced along the geodesic from A to B, endpoints included.

    Give either ``n`` (the number of points, at least 2) or ``spacing_m`` (the largest gap in
    metres; the points are then evenly spaced at most that far apart, scalar A and B only).
    With arrays of M pairs and ``n`` the result has shape (M, n).

    Returns
    -------
    (lats, lons) : tuple of numpy arrays

    Examples
    --------
    >>> lats, lons = intermediate_points(0, 0, 0, 10, 3)
    >>> lats.round(6).tolist(), lons.round(6).tolist()
    ([0.0, 0.0, 0.0], [0.0, 5.0, 10.0])
    >>> len(intermediate_points(0, 0, 0, 1, spacing_m=10_000)[0])
    13
    """
    if (n is None) == (spacing_m is None):
        raise GeodesyError("intermediate_points: give exactly one of n and spacing_m")
    scalar, (la1, lo1, la2, lo2) = _arrays(
        ("lat1", "lon1", "lat2", "lon2"), (lat1, lon1, lat2, lon2), latitudes=(0, 2)
    )
    inv = inverse(la1, lo1, la2, lo2) if not scalar else inverse(
        float(la1), float(lo1), float(la2), float(lo2))
    if spacing_m is not None:
        if not scalar:
            raise GeodesyError(
                "intermediate_points: spacing_m needs one pair of points, not arrays")
        if not (math.isfinite(spacing_m) and spacing_m > 0):
            raise GeodesyError(f"spacing_m: {spacing_m!r} must be a positive number of metres")
        count = max(2, math.ceil(inv.distance_m / spacing_m) + 1)
    else:
        count = n if n is not None else 0
    if int(count) != count or count < 2:
        raise GeodesyError(f"n: {n!r} must be an integer >= 2")
    frac = np.linspace(0.0, 1.0, int(count))
    dist = np.asarray(inv.distance_m)[..., None] * frac
    az = np.broadcast_to(np.asarray(inv.azimuth_deg)[..., None], dist.shape)
    lats, lons = destination(np.broadcast_to(la1[..., None], dist.shape),
                             np.broadcast_to(lo1[..., None], dist.shape), az, dist)
    # the endpoints are A and B exactly, not recomputed
    lats[..., 0] = la1
    lons[..., 0] = lo1
    lats[..., -1] = la2
    lons[..., -1] = lo2
    return lats, lons


# --------------------------------------------------------------------------------------------
# compass words

_ABBR16 = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
           "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")
_LETTER_WORD = {"N": "north", "E": "east", "S": "south", "W": "west"}
_LETTER_AZ = {"N": 0.0, "E": 90.0, "S": 180.0, "W": 270.0}


def _abbr_words(abbr: str) -> str:
    if len(abbr) == 3:
        return f"{_LETTER_WORD[abbr[0]]}-{_LETTER_WORD[abbr[1]]}-{_LETTER_WORD[abbr[2]]}"
    return "-".join(_LETTER_WORD[c] for c in abbr)


def compass_point(azimuth_deg: Any, *, points: int = 16,
                  style: Literal["abbr", "words"] = "abbr") -> Any:
    """Return the compass point nearest an azimuth: ``"NE"``, or ``"north-east"`` in words.

    Parameters
    ----------
    azimuth_deg : float or array_like
        Degrees clockwise from true north (any value; wrapped).
    points : {4, 8, 16}
        Resolution of the compass rose.
    style : {"abbr", "words"}
        ``"abbr"`` for ``NNE``, ``"words"`` for ``north-north-east``.

    Returns
    -------
    str, or a numpy array of str for array input.

    Examples
    --------
    >>> compass_point(44.0), compass_point(44.0, points=4), compass_point(200, style="words")
    ('NE', 'N', 'south-south-west')
    >>> compass_point([0, 90, 359]).tolist()
    ['N', 'E', 'N']
    """
    if points not in (4, 8, 16):
        raise GeodesyError(f"points: {points!r} must be 4, 8 or 16")
    if style not in ("abbr", "words"):
        raise GeodesyError(f"style: {style!r} must be 'abbr' or 'words'")
    scalar, (az,) = _arrays(("azimuth_deg",), (azimuth_deg,))
    if np.isnan(az).any():
        raise GeodesyError(f"azimuth_deg: {_first_bad(az, np.isnan(az))} is not a number")
    step = 360.0 / points
    index = (np.floor(np.mod(az, 360.0) / step + 0.5).astype(np.int64) % points) * (16 // points)
    names = np.array(_ABBR16 if style == "abbr" else [_abbr_words(a) for a in _ABBR16])
    out = names[index]
    if scalar:
        return str(out)
    return out


_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_ROOTS = {"شمال": "N", "جنوب": "S", "شرق": "E", "غرب": "W"}
_ENGLISH_WORDS = (("north", "N"), ("south", "S"), ("east", "E"), ("west", "W"))


def _arabic_letters(text: str) -> list[str] | None:
    text = _ARABIC_DIACRITICS.sub("", unicodedata.normalize("NFKC", text))
    text = text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
    letters: list[str] = []
    for token in re.split(r"[\s\-_/،,]+", text.strip()):
        if not token:
            continue
        for prefix in ("وبال", "بال", "وال", "لل", "ال", "و", "ب"):
            if token.startswith(prefix) and token[len(prefix):] and any(
                    token[len(prefix):].startswith(root) for root in _ARABIC_ROOTS):
                token = token[len(prefix):]
                break
        for suffix in ("يه", "ية", "ي", "ا"):
            if token.endswith(suffix) and token[:-len(suffix)] in _ARABIC_ROOTS:
                token = token[:-len(suffix)]
                break
        if token not in _ARABIC_ROOTS:
            return None
        letters.append(_ARABIC_ROOTS[token])
    return letters


def _english_letters(text: str) -> list[str] | None:
    squashed = re.sub(r"[\s\-_.]+", "", text.lower())
    if re.fullmatch(r"[nesw]{1,3}", squashed):
        return [c.upper() for c in squashed]
    letters: list[str] = []
    rest = squashed
    while rest:
        for word, letter in _ENGLISH_WORDS:
            if rest.startswith(word):
                letters.append(letter)
                rest = rest[len(word):]
                break
        else:
            return None
    return letters


def compass_sector(word: str) -> tuple[float, float]:
    """Return ``(azimuth, half_width)`` in degrees for a compass word, from its resolution.

    A 4-point word ("north", "شمال") means ±45°, an 8-point word ("north-east", "NE",
    "شمال شرقي") ±22.5°, a 16-point word ("NNE", "north-north-east") ±11.25°.
    English: abbreviations ("NE", "N.E."), words joined by spaces, hyphens or nothing, any case.
    Arabic: شمال جنوب شرق غرب with the article, the adjective endings (شمالي، الشمالية، شمالاً)
    and diacritics, e.g. "شمال شرق", "الشمال الشرقي", "جنوب غربي".

    Raises
    ------
    GeodesyError
        The text is not a compass word.

    Examples
    --------
    >>> compass_sector("north"), compass_sector("North East"), compass_sector("nne")
    ((0.0, 45.0), (45.0, 22.5), (22.5, 11.25))
    >>> compass_sector("الشمال الشرقي")
    (45.0, 22.5)
    """
    if not isinstance(word, str):
        raise GeodesyError(f"compass word: {word!r} is not text")
    text = word.strip()
    letters = _english_letters(text) if text.isascii() else _arabic_letters(text)
    if letters:
        if len(letters) == 1:
            return _LETTER_AZ[letters[0]], 45.0
        if len(letters) == 2 and letters[0] in "NS" and letters[1] in "EW":
            return _pair_azimuth(letters[0], letters[1]), 22.5
        if (len(letters) == 3 and letters[1] in "NS" and letters[2] in "EW"
                and letters[0] in letters[1:]):
            pair = _pair_azimuth(letters[1], letters[2])
            base = _LETTER_AZ[letters[0]]
            return _norm360_scalar(base + angle_difference(pair, base) / 2.0), 11.25
    raise GeodesyError(
        f"compass word: {word!r} is not a compass point (e.g. N, NE, NNE, north-east, شمال شرق)"
    )


def _pair_azimuth(ns: str, ew: str) -> float:
    return {("N", "E"): 45.0, ("S", "E"): 135.0, ("S", "W"): 225.0, ("N", "W"): 315.0}[(ns, ew)]


def compass_azimuth(word: str) -> float:
    """Return the azimuth in degrees of a compass word in English or Arabic.

    See :func:`compass_sector` for the accepted words and the implied half-width.

    Examples
    --------
    >>> compass_azimuth("NE"), compass_azimuth("northeast"), compass_azimuth("north-north-east")
    (45.0, 45.0, 22.5)
    >>> compass_azimuth("WNW"), compass_azimuth("جنوب غرب"), compass_azimuth("شمال غربي")
    (292.5, 225.0, 315.0)
    """
    return compass_sector(word)[0]


# --------------------------------------------------------------------------------------------
# shapes


def _positive_radius(name: str, arr: np.ndarray) -> None:
    bad = ~(arr > 0)
    if bad.any():
        raise GeodesyError(f"{name}: {_first_bad(arr, bad)} must be a positive number of metres")


def _pole_flags(lat: np.ndarray, lon: np.ndarray, radius: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    d_north = inverse(lat, lon, np.full(lat.shape, 90.0), lon).distance_m
    d_south = inverse(lat, lon, np.full(lat.shape, -90.0), lon).distance_m
    return d_north < radius, d_south < radius


def _fold(geom: BaseGeometry) -> BaseGeometry:
    """Cut a lon/lat geometry with unwrapped longitudes into pieces within [-180, 180]."""
    import shapely
    from shapely.geometry import box

    xmin, _, xmax, _ = geom.bounds
    if xmin >= -180.0 and xmax <= 180.0:
        return _polygonal(geom)
    pieces = []
    for k in range(math.floor((xmin + 180.0) / 360.0), math.floor((xmax + 180.0) / 360.0) + 1):
        piece = geom.intersection(box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0))
        if not piece.is_empty:
            pieces.append(shapely.transform(piece, lambda xy, k=k: xy - [360.0 * k, 0.0]))
    return _polygonal(shapely.union_all(pieces))


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep the polygonal part of a geometry, oriented counter-clockwise (RFC 7946)."""
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    if isinstance(geom, Polygon):
        return orient(geom, 1.0)
    polys: list[Polygon] = []
    for part in getattr(geom, "geoms", ()):
        if isinstance(part, Polygon) and not part.is_empty:
            polys.append(orient(part, 1.0))
        elif isinstance(part, MultiPolygon):
            polys.extend(orient(p, 1.0) for p in part.geoms)
    if len(polys) == 1:
        return polys[0]
    return MultiPolygon(polys)


def _orient_all(geoms: np.ndarray) -> np.ndarray:
    """Orient every polygon's exterior counter-clockwise (RFC 7946), vectorized when possible."""
    import shapely

    if hasattr(shapely, "orient_polygons"):  # shapely >= 2.1
        return np.asarray(shapely.orient_polygons(geoms, exterior_cw=False), dtype=object)
    return np.array([_polygonal(g) for g in geoms], dtype=object)  # pragma: no cover


def _ring_geometry(lons: np.ndarray, lats: np.ndarray, north: bool, south: bool) -> BaseGeometry:
    """Return the polygon inside a closed lon/lat ring given clockwise (interior on the right).

    ``north``/``south`` say whether the interior holds a pole. The ring is unwrapped in
    longitude; a ring that winds around the pole is closed over it; the result is folded into
    [-180, 180] (a MultiPolygon when it crosses the antimeridian).
    """
    import shapely
    from shapely.geometry import Polygon, box

    step = np.diff(lons, append=lons[0])
    step = np.mod(step + 180.0, 360.0) - 180.0
    winding = float(step.sum())
    unwrapped = lons[0] + np.concatenate(([0.0], np.cumsum(step[:-1])))
    if abs(winding) > 180.0:  # winds once around a pole
        if north != south:
            pole = 90.0 if north else -90.0
        else:  # numerically undecided: clockwise around the north pole runs westward
            pole = 90.0 if winding < 0 else -90.0
        end = lons[0] + math.copysign(360.0, winding)  # one whole turn: no sliver at the seam
        coords = np.column_stack((np.append(unwrapped, [end, end, lons[0]]),
                                  np.append(lats, [lats[0], pole, pole])))
        poly = Polygon(coords)
    else:
        poly = Polygon(np.column_stack((unwrapped, lats)))
    if not poly.is_valid:
        poly = shapely.make_valid(poly)
    folded = _fold(poly)
    if abs(winding) <= 180.0 and north and south:  # the ring surrounds the complement
        folded = _polygonal(box(-180.0, -90.0, 180.0, 90.0).difference(folded))
    return folded


def _geometries(lons: np.ndarray, lats: np.ndarray, north: np.ndarray,
                south: np.ndarray) -> np.ndarray:
    """Build one polygon per row of (M, K) ring coordinates, vectorized for ordinary rows."""
    import shapely

    step = np.abs(np.diff(lons, axis=1, append=lons[:, :1]))
    special = (step > 180.0).any(axis=1) | north | south
    out = np.empty(lons.shape[0], dtype=object)
    plain = ~special
    if plain.any():
        # reverse to counter-clockwise (RFC 7946), one vectorized shapely call
        coords = np.stack((lons[plain, ::-1], lats[plain, ::-1]), axis=-1)
        polys = shapely.polygons(coords)
        invalid = ~shapely.is_valid(polys)
        if invalid.any():
            polys[invalid] = shapely.make_valid(polys[invalid])
        out[plain] = polys
    for i in np.flatnonzero(special):  # only rows crossing the antimeridian or holding a pole
        out[i] = _ring_geometry(lons[i], lats[i], bool(north[i]), bool(south[i]))
    return out


def _whole_earth() -> BaseGeometry:
    from shapely.geometry import box

    return box(-180.0, -90.0, 180.0, 90.0)


def _circles(la: np.ndarray, lo: np.ndarray, r: np.ndarray, n_points: int) -> np.ndarray:
    flat_la, flat_lo, flat_r = la.ravel(), lo.ravel(), r.ravel()
    az = np.linspace(0.0, 360.0, n_points, endpoint=False)
    shape = (flat_la.size, n_points)
    lats, lons = destination(np.broadcast_to(flat_la[:, None], shape),
                             np.broadcast_to(flat_lo[:, None], shape),
                             np.broadcast_to(az, shape),
                             np.broadcast_to(np.minimum(flat_r, MAX_GEODESIC_DISTANCE_M)[:, None],
                                             shape))
    north, south = _pole_flags(flat_la, flat_lo, flat_r)
    out = _geometries(np.asarray(lons), np.asarray(lats), north, south)
    everything = flat_r >= MAX_GEODESIC_DISTANCE_M
    for i in np.flatnonzero(everything):
        out[i] = _whole_earth()
    return out.reshape(la.shape)


def _check_n_points(n_points: int) -> int:
    if int(n_points) != n_points or n_points < 8:
        raise GeodesyError(f"n_points: {n_points!r} must be an integer >= 8")
    return int(n_points)


def geodesic_circle(lat: Any, lon: Any, radius_m: Any, *, n_points: int = 180) -> Any:
    """Return the geodesic circle (points within ``radius_m`` of the centre) as a lon/lat polygon.

    The ``n_points`` vertices lie exactly ``radius_m`` from the centre along WGS84 geodesics
    (straight lon/lat edges between them, so the polygon is inscribed: at 180 vertices the
    edges cut inside the circle by at most 0.015 % of the radius). A circle crossing the
    antimeridian is returned as a MultiPolygon split at ±180; a circle containing a pole is
    closed over the pole (it spans every longitude); a radius of at least
    :data:`MAX_GEODESIC_DISTANCE_M` gives the whole globe. Exteriors are counter-clockwise.

    Parameters
    ----------
    lat, lon : float or array_like
        Centre, degrees.
    radius_m : float or array_like
        Radius in metres, > 0.
    n_points : int, keyword-only
        Vertices on the circle.

    Returns
    -------
    shapely Polygon or MultiPolygon, or for array input a numpy object array of them.

    Examples
    --------
    >>> c = geodesic_circle(34.95629, 40.54139, 1500)
    >>> from shapely import Point
    >>> c.geom_type, len(c.exterior.coords), c.contains(Point(40.54139, 34.95629))
    ('Polygon', 181, True)
    >>> geodesic_circle(0, 179.99, 5000).geom_type
    'MultiPolygon'
    """
    scalar, (la, lo, r) = _arrays(("lat", "lon", "radius_m"), (lat, lon, radius_m),
                                  latitudes=(0,))
    _positive_radius("radius_m", r)
    _check_n_points(n_points)
    out = _circles(la, lo, r, int(n_points))
    return out.item() if scalar else out


def annulus(lat: Any, lon: Any, min_m: Any, max_m: Any, *, n_points: int = 180) -> Any:
    """Return the ring between ``min_m`` and ``max_m`` metres from a point (a range ring), lon/lat.

    ``min_m`` = 0 gives the full circle of radius ``max_m``. The inner disk is a hole (or, near
    the antimeridian or a pole, cut out the same way). See :func:`geodesic_circle`.

    Examples
    --------
    >>> import shapely
    >>> ring = annulus(34.95629, 40.54139, 5_000, 20_000)
    >>> ring.contains(shapely.Point(40.54139, 34.95629)), len(ring.interiors)
    (False, 1)
    """
    import shapely

    scalar, (la, lo, r0, r1) = _arrays(("lat", "lon", "min_m", "max_m"),
                                       (lat, lon, min_m, max_m), latitudes=(0,))
    _check_n_points(n_points)
    bad = ~(r0 >= 0)
    if bad.any():
        raise GeodesyError(f"min_m: {_first_bad(r0, bad)} must be >= 0 metres")
    bad = ~(r1 > r0)
    if bad.any():
        raise GeodesyError(f"max_m: {_first_bad(r1, bad)} must be greater than min_m")
    outer = _circles(la, lo, r1, int(n_points))
    inner_rows = r0 > 0
    out = outer.copy()
    if inner_rows.any():
        inner = _circles(la[inner_rows], lo[inner_rows], r0[inner_rows], int(n_points))
        out[inner_rows] = _orient_all(shapely.difference(outer[inner_rows], inner))
    return out.item() if scalar else out


def sector(lat: Any, lon: Any, azimuth_deg: Any, half_width_deg: Any, min_m: Any, max_m: Any, *,
           n_points: int = 180) -> Any:
    """Return the sector ``azimuth ± half_width`` from ``min_m`` to ``max_m`` of a point, lon/lat.

    This is what "north-east of X within 20 km" means:
    ``sector(lat, lon, *compass_sector("north-east"), 0, 20_000)``. Its edges are geodesics
    from the point; the arcs have about ``n_points`` vertices per full turn. A half-width of
    180° or more gives the annulus.

    Examples
    --------
    >>> import shapely
    >>> s = sector(0, 0, 45, 22.5, 0, 20_000)
    >>> s.contains(shapely.Point(0.1, 0.1)), s.contains(shapely.Point(-0.1, 0.1))
    (True, False)
    """
    scalar, (la, lo, az, hw, r0, r1) = _arrays(
        ("lat", "lon", "azimuth_deg", "half_width_deg", "min_m", "max_m"),
        (lat, lon, azimuth_deg, half_width_deg, min_m, max_m), latitudes=(0,))
    n_points = _check_n_points(n_points)
    bad = ~(hw > 0)
    if bad.any():
        raise GeodesyError(f"half_width_deg: {_first_bad(hw, bad)} must be > 0 degrees")
    bad = ~(r0 >= 0)
    if bad.any():
        raise GeodesyError(f"min_m: {_first_bad(r0, bad)} must be >= 0 metres")
    bad = ~(r1 > r0)
    if bad.any():
        raise GeodesyError(f"max_m: {_first_bad(r1, bad)} must be greater than min_m")
    shape = np.broadcast_shapes(la.shape, lo.shape, az.shape, hw.shape, r0.shape, r1.shape)
    la, lo, az, hw, r0, r1 = (np.broadcast_to(a, shape).ravel() for a in (la, lo, az, hw, r0, r1))
    out = np.empty(la.size, dtype=object)
    full = hw >= 180.0
    if full.any():
        out[full] = np.atleast_1d(annulus(la[full], lo[full], r0[full], r1[full],
                                          n_points=n_points))
    part = ~full
    if part.any():
        pla, plo, paz, phw = la[part], lo[part], az[part], hw[part]
        pr0, pr1 = np.minimum(r0[part], MAX_GEODESIC_DISTANCE_M), np.minimum(
            r1[part], MAX_GEODESIC_DISTANCE_M)
        k = max(3, math.ceil(n_points * 2.0 * float(phw.max()) / 360.0) + 1)
        t = np.linspace(-1.0, 1.0, k)
        arc_az = paz[:, None] + phw[:, None] * t  # clockwise along the outer arc
        m = pla.size
        # radial edges are densified too (a long straight lon/lat edge is not a geodesic)
        u = np.linspace(0.0, 1.0, max(2, n_points // 8) + 2)[1:-1]
        radial = pr0[:, None] + (pr1 - pr0)[:, None] * u
        nr = u.size
        ring_az = np.concatenate((arc_az, np.broadcast_to(arc_az[:, -1:], (m, nr)),
                                  arc_az[:, ::-1], np.broadcast_to(arc_az[:, :1], (m, nr))),
                                 axis=1)
        ring_r = np.concatenate((np.broadcast_to(pr1[:, None], (m, k)), radial[:, ::-1],
                                 np.broadcast_to(pr0[:, None], (m, k)), radial), axis=1)
        shape2 = ring_az.shape
        lats, lons = destination(np.broadcast_to(pla[:, None], shape2),
                                 np.broadcast_to(plo[:, None], shape2), ring_az, ring_r)
        lats, lons = np.asarray(lats), np.asarray(lons)
        # the inner arc of a sector from the centre is the centre itself (exact, no drift)
        at_centre = ring_r == 0
        lats[at_centre] = np.broadcast_to(pla[:, None], shape2)[at_centre]
        lons[at_centre] = np.broadcast_to(plo[:, None], shape2)[at_centre]
        north = _sector_holds(pla, plo, paz, phw, pr0, pr1, 90.0)
        south = _sector_holds(pla, plo, paz, phw, pr0, pr1, -90.0)
        out[part] = _geometries(lons, lats, north, south)
    return out.reshape(shape).item() if scalar else out.reshape(shape)


def geodesic_circle_geoseries(points: Any, radius_m: Any, *, n_points: int = 180) -> Any:
    """Return :func:`geodesic_circle` about each point of a GeoSeries, as a GeoSeries.

    Parameters
    ----------
    points : GeoSeries or array_like of shapely Points
        Centres, lon/lat; a GeoSeries in a projected CRS is converted to EPSG:4326 first.
    radius_m : float or array_like
        Radius in metres, > 0: one for every point, or one for all (by position).
    n_points : int, keyword-only
        Vertices on each circle.

    Returns
    -------
    GeoSeries
        Polygons (MultiPolygons across the antimeridian) in EPSG:4326 with the index of
        ``points``; a missing or empty centre gives a missing row.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> centres = gpd.GeoSeries([Point(40.54139, 34.95629), Point(179.99, 0)], crs=4326)
    >>> geodesic_circle_geoseries(centres, [1500, 5000]).geom_type.tolist()
    ['Polygon', 'MultiPolygon']
    """
    index, lat, lon, missing, (r,) = _point_rows(points, ("radius_m",), (radius_m,))
    _check_n_points(n_points)
    if lat.size == 0:
        return _result_geoseries(np.empty(0, dtype=object), missing, index)
    return _result_geoseries(geodesic_circle(lat, lon, r, n_points=n_points), missing, index)


def annulus_geoseries(points: Any, min_m: Any, max_m: Any, *, n_points: int = 180) -> Any:
    """Return :func:`annulus` (a range ring) about each point of a GeoSeries, as a GeoSeries.

    ``min_m`` and ``max_m`` give one value for every point, or one for all (by position).
    The result is in EPSG:4326 with the index of ``points`` (a projected CRS is converted
    first); a missing or empty centre gives a missing row.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> centres = gpd.GeoSeries([Point(40.54139, 34.95629)], index=[7], crs=4326)
    >>> rings = annulus_geoseries(centres, 5_000, 20_000)
    >>> rings.index.tolist(), rings.contains(centres).tolist(), len(rings[7].interiors)
    ([7], [False], 1)
    """
    index, lat, lon, missing, (r0, r1) = _point_rows(points, ("min_m", "max_m"),
                                                     (min_m, max_m))
    _check_n_points(n_points)
    if lat.size == 0:
        return _result_geoseries(np.empty(0, dtype=object), missing, index)
    return _result_geoseries(annulus(lat, lon, r0, r1, n_points=n_points), missing, index)


def sector_geoseries(points: Any, azimuth_deg: Any, half_width_deg: Any, min_m: Any, max_m: Any,
                     *, n_points: int = 180) -> Any:
    """Return :func:`sector` (``azimuth ± half_width``, ``min_m`` to ``max_m``) for each point.

    The values give one for every point, or one for all (by position). The result is a
    GeoSeries in EPSG:4326 with the index of ``points`` (a projected CRS is converted first);
    a missing or empty point gives a missing row.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> centres = gpd.GeoSeries([Point(0, 0), Point(0, 0)], crs=4326)
    >>> s = sector_geoseries(centres, [45, 225], 22.5, 0, 20_000)
    >>> s.contains(Point(0.1, 0.1)).tolist()
    [True, False]
    """
    index, lat, lon, missing, (az, hw, r0, r1) = _point_rows(
        points, ("azimuth_deg", "half_width_deg", "min_m", "max_m"),
        (azimuth_deg, half_width_deg, min_m, max_m))
    _check_n_points(n_points)
    if lat.size == 0:
        return _result_geoseries(np.empty(0, dtype=object), missing, index)
    return _result_geoseries(sector(lat, lon, az, hw, r0, r1, n_points=n_points), missing, index)


def _sector_holds(la: np.ndarray, lo: np.ndarray, az: np.ndarray, hw: np.ndarray,
                  r0: np.ndarray, r1: np.ndarray, pole: float) -> np.ndarray:
    inv = inverse(la, lo, np.full(la.shape, pole), lo)
    at_pole = np.abs(la) == 90.0
    in_range = (inv.distance_m >= r0) & (inv.distance_m < r1)
    in_angle = np.abs(angle_difference(inv.azimuth_deg, az)) < hw
    return np.where(at_pole & (la == pole), r0 == 0, in_range & (in_angle | at_pole))


# --------------------------------------------------------------------------------------------
# uncertain sites



def _two_circles(lat1: Any, lon1: Any, r1_m: Any, lat2: Any, lon2: Any,
                 r2_m: Any) -> tuple[bool, list[np.ndarray]]:
    """Validate two uncertainty circles (centres and radii >= 0) as broadcast float arrays."""
    scalar, arrays = _arrays(
        ("lat1", "lon1", "r1_m", "lat2", "lon2", "r2_m"), (lat1, lon1, r1_m, lat2, lon2, r2_m),
        latitudes=(0, 3))
    for name, r in (("r1_m", arrays[2]), ("r2_m", arrays[5])):
        bad = r < 0
        if bad.any():
            raise GeodesyError(f"{name}: {_first_bad(r, bad)} must be >= 0 metres")
    return scalar, arrays

def distance_bounds(lat1: Any, lon1: Any, r1_m: Any, lat2: Any, lon2: Any,
                    r2_m: Any) -> tuple[Any, Any]:
    """Return the smallest and largest distance (metres) between two uncertainty circles.

    ``min = max(0, d - r1 - r2)`` and ``max = min(d + r1 + r2, MAX_GEODESIC_DISTANCE_M)``
    with ``d`` the geodesic distance between the centres. By the triangle inequality no pair
    of points, one in each circle, lies outside these bounds; both are attained (to well under
    a metre for radii of tens of kilometres) by the points on the geodesic through the centres.

    Examples
    --------
    >>> lo, hi = distance_bounds(0, 0, 1000, 0, 1, 500)
    >>> round(lo, 3), round(hi, 3)
    (109819.491, 112819.491)
    >>> distance_bounds(0, 0, 1000, 0, 0.01, 500)[0]
    0.0
    """
    scalar, (la1, lo1, r1, la2, lo2, r2) = _two_circles(lat1, lon1, r1_m, lat2, lon2, r2_m)
    if scalar:
        d = inverse(float(la1), float(lo1), float(la2), float(lo2)).distance_m
        return (max(0.0, d - float(r1) - float(r2)),
                min(d + float(r1) + float(r2), MAX_GEODESIC_DISTANCE_M))
    d = inverse(la1, lo1, la2, lo2).distance_m
    return np.maximum(0.0, d - r1 - r2), np.minimum(d + r1 + r2, MAX_GEODESIC_DISTANCE_M)


def distance_bounds_geoseries(a: Any, r1_m: Any, b: Any, r2_m: Any) -> tuple[Any, Any]:
    """Return :func:`distance_bounds` between two GeoSeries of uncertain points, by position.

    ``r1_m`` and ``r2_m`` are the uncertainty radii (metres, >= 0) of ``a`` and ``b``: one per
    row or one for all. Points are read as in :func:`inverse_geoseries` (a projected CRS is
    converted to EPSG:4326 first; one side may hold a single point; a missing point gives NaN).

    Returns
    -------
    (min_m, max_m) : tuple of numpy arrays

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> a = gpd.GeoSeries([Point(0, 0), Point(0, 0)], crs=4326)
    >>> b = gpd.GeoSeries([Point(1, 0), Point(0.01, 0)], crs=4326)
    >>> lo, hi = distance_bounds_geoseries(a, 1000, b, 500)
    >>> lo.round(3), hi.round(3)
    (array([109819.491,      0.   ]), array([112819.491,   2613.195]))
    """
    lon1, lat1 = _geoseries_lonlat(a, "a")
    lon2, lat2 = _geoseries_lonlat(b, "b")
    return distance_bounds(lat1, lon1, r1_m, lat2, lon2, r2_m)


def _site_radius(site: Site) -> float:
    """Return the site's uncertainty radius, grown to enclose its area polygon if it has one."""
    radius = float(site.uncertainty_m)
    if site.area is not None and not site.area.is_empty:
        import shapely

        xy = shapely.get_coordinates(site.area)
        reach = inverse(site.lat, site.lon, xy[:, 1], xy[:, 0]).distance_m
        radius = max(radius, float(np.max(reach)))
    return radius


def site_distance_bounds(a: Site, b: Site) -> tuple[float, float]:
    """Return :func:`distance_bounds` for two Sites, from their uncertainty radii.

    A site described by an area polygon counts as the smallest circle about its point that
    holds both its uncertainty radius and every vertex of the area (a conservative choice).

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> lo, hi = site_distance_bounds(Site(0, 0, 1000), Site(0, 1, 500))
    >>> round(lo), round(hi)
    (109819, 112819)
    """
    lo, hi = distance_bounds(a.lat, a.lon, _site_radius(a), b.lat, b.lon, _site_radius(b))
    return float(lo), float(hi)


def azimuth_range(lat1: Any, lon1: Any, r1_m: Any, lat2: Any, lon2: Any,
                  r2_m: Any) -> tuple[Any, Any]:
    """Return ``(azimuth, half_width)``: the azimuths from any point of circle A to any point of B.

    Every azimuth, measured at some point P within ``r1_m`` of A, of the geodesic from P to
    some point Q within ``r2_m`` of B lies within ``azimuth ± half_width`` (degrees); a
    ``half_width`` of 180 means any direction (the circles overlap, or A is near a pole).

    Method (a conservative tangent bound, documented so a check can quote it): ``azimuth`` is
    the geodesic azimuth from A to B at distance ``d``; with ``rho = (r1 + r2) / R`` and
    ``delta = d / R`` (R the mean Earth radius) the half-width is
    ``asin(sin(rho) / sin(delta))``, the tangent half-angle of a spherical circle of radius
    ``r1 + r2`` seen from A (in the plane, the set of directions from a disk to a disk is the
    set of directions to their Minkowski sum, a disk of radius r1 + r2). It is widened by
    the meridian convergence across A's circle, ``r1 * tan(phi_max) / R_min`` with
    ``phi_max`` the most poleward latitude the circle reaches, and by 0.5 % plus 1e-6 degrees
    for the ellipsoid, so it never understates the range (tested against brute-force
    sampling); it overstates it by about that margin (on lines of thousands of kilometres
    also by up to ``1 - cos(delta)`` of A's share, since a shift of A across the line turns
    the azimuth by only about ``cos(delta)`` of what the bound allows). It is "any" when
    ``r1 + r2 >= d``, when the circles reach each other's antipodes, or when A's circle comes
    within 1 degree of a pole.

    Examples
    --------
    >>> az, hw = azimuth_range(0, 0, 1000, 0, 1, 1000)
    >>> round(az, 3), round(hw, 3)
    (90.0, 1.035)
    >>> azimuth_range(0, 0, 1000, 0, 0.01, 1000)[1]
    180.0
    """
    scalar, (la1, lo1, r1, la2, lo2, r2) = _two_circles(lat1, lon1, r1_m, lat2, lon2, r2_m)
    inv = inverse(la1, lo1, la2, lo2) if not scalar else inverse(
        float(la1), float(lo1), float(la2), float(lo2))
    d = np.asarray(inv.distance_m, dtype=np.float64)
    half = tangent_half_width(d, la1, r1, r2)
    if scalar:
        return float(inv.azimuth_deg), float(half)
    return inv.azimuth_deg, half


def tangent_half_width(distance_m: Any, lat1: Any, r1_m: Any, r2_m: Any) -> np.ndarray:
    """Return :func:`azimuth_range`'s half-width (degrees) from the distance between the centres.

    The same bound, for callers that already solved the geodesic from A (at ``lat1``, radius
    ``r1_m``) to B (radius ``r2_m``): 180 means any direction.

    >>> round(float(tangent_half_width(111319.491, 0.0, 1000.0, 1000.0)), 3)
    1.035
    """
    d = np.asarray(distance_m, dtype=np.float64)
    la1 = np.asarray(lat1, dtype=np.float64)
    r1 = np.asarray(r1_m, dtype=np.float64)
    r2 = np.asarray(r2_m, dtype=np.float64)
    rho = (r1 + r2) / _MEAN_RADIUS_M
    delta = d / _MEAN_RADIUS_M
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.sin(np.minimum(rho, np.pi / 2)) / np.sin(delta)
        half = np.degrees(np.arcsin(np.clip(ratio, 0.0, 1.0)))
        # meridian convergence across A's circle, at the most poleward latitude it reaches
        phi_max = np.abs(la1) + np.degrees(r1 / _MIN_RADIUS_OF_CURVATURE_M)
        near_pole = phi_max >= 89.0
        conv = np.degrees(r1 * np.tan(np.radians(np.minimum(phi_max, 89.0)))
                          / _MIN_RADIUS_OF_CURVATURE_M)
    half = half * 1.005 + 1e-6 + conv
    anything = ((rho >= delta * (1.0 - 1e-12)) | (rho + delta >= np.pi) | (ratio >= 1.0)
                | near_pole | (half >= 180.0))
    half = np.where(anything, 180.0, half)
    return np.asarray(np.where(np.isnan(d), np.nan, half))


def azimuth_range_geoseries(a: Any, r1_m: Any, b: Any, r2_m: Any) -> tuple[Any, Any]:
    """Return :func:`azimuth_range` ``(azimuth, half_width)`` between two GeoSeries, by position.

    ``r1_m`` and ``r2_m`` are the uncertainty radii (metres, >= 0) of ``a`` and ``b``: one per
    row or one for all; points are read as in :func:`inverse_geoseries`. A half-width of 180
    means any direction.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> a = gpd.GeoSeries([Point(0, 0), Point(0, 0)], crs=4326)
    >>> b = gpd.GeoSeries([Point(1, 0), Point(0.01, 0)], crs=4326)
    >>> az, hw = azimuth_range_geoseries(a, 1000, b, 1000)
    >>> az.round(3), hw.round(3)
    (array([90., 90.]), array([  1.035, 180.   ]))
    """
    lon1, lat1 = _geoseries_lonlat(a, "a")
    lon2, lat2 = _geoseries_lonlat(b, "b")
    return azimuth_range(lat1, lon1, r1_m, lat2, lon2, r2_m)


def azimuth_bounds(a: Site, b: Site) -> tuple[float, float] | Literal["any"]:
    """Return the range of azimuths from uncertain site A to uncertain site B, or ``"any"``.

    The range runs clockwise from the first value to the second, both in [0, 360); it wraps
    through north when the first is larger (``(350.0, 10.0)``). ``"any"`` when the
    uncertainty circles overlap (or A's circle nears a pole). Method: :func:`azimuth_range`;
    an area site counts as the circle that encloses it (see :func:`site_distance_bounds`).

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> lo, hi = azimuth_bounds(Site(0, 0, 1000), Site(0.2, 0, 1000))
    >>> round(lo, 2), round(hi, 2)
    (354.79, 5.21)
    >>> azimuth_bounds(Site(0, 0, 1000), Site(0, 0.001, 10))
    'any'
    """
    az, half = azimuth_range(a.lat, a.lon, _site_radius(a), b.lat, b.lon, _site_radius(b))
    if half >= 180.0:
        return "any"
    return _norm360_scalar(az - half), _norm360_scalar(az + half)
