"""The ``shadow`` check: when, or where, does a measured shadow fit the sun.

A shadow measured in footage gives the sun's direction (the shadow points away from the
sun: shadow azimuth = sun azimuth + 180°) and, for a vertical object on level ground, its
height (shadow length / object height = 1 / tan(apparent elevation)). With a known site this
gives the **time windows** that fit; with a known time it gives the **places** that fit, as
polygons and a grid exported as GeoJSON (what Bellingcat's ShadowFinder draws, as data).
Several shadows, or one shadow measured at two times (``offset``), must all fit together,
which narrows the answer.

Every answer has two layers: ``fits`` (the measurement fits within its tolerance wherever
the site may be inside its uncertainty) and ``may fit`` (it fits somewhere in the site's
uncertainty, or within the sampling step: the error band). The site's uncertainty turns
into angles exactly: a displacement of angle δ moves the sun's elevation by at most δ and
its azimuth by at most asin(sin δ / sin z) at zenith distance z.

Examples
--------
>>> from geoverify.sites import Site
>>> from geoverify.times import parse_time
>>> m = ShadowMeasurement(azimuth_deg=324.0, azimuth_error_deg=3.0)
>>> r = shadow(Site(34.95629, 40.54139, 1500), measurements=[m],
...            when=parse_time("2022-01-05T09:00 Asia/Damascus"))
>>> r.verdict.value, [(w["start"][11:16], w["end"][11:16]) for w in r.values["windows"]]
('consistent', [('08:45', '09:13')])
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from geoverify.checks._support import effective_radius, require_site, site_label
from geoverify.checks.registry import register_check
from geoverify.checks.result import CheckResult, MapFeature, Verdict
from geoverify.errors import CheckError, GeoverifyError
from geoverify.sites import Site
from geoverify.times import TimeInterval, as_interval, day_interval

__all__ = [
    "ShadowMeasurement",
    "ShadowWindow",
    "ShadowRegion",
    "shadow_states",
    "shadow_windows",
    "shadow_region",
    "zone_area",
    "shadow",
]

_EARTH_MIN_RADIUS_M = 6_335_439.0  # WGS84 meridional radius of curvature at the equator


@dataclass(frozen=True)
class ShadowMeasurement:
    """One shadow measured in footage.

    ``azimuth_deg``: the direction the shadow points, from the object's foot to the tip of
    its shadow, clockwise from true north; ``length_ratio``: shadow length / object height
    (vertical object, level ground). Give either or both. ``*_error``: the measurement's
    tolerance (degrees; an absolute ratio). ``offset``: the time of this measurement after
    the reference time (one shadow filmed twice, a known interval apart).

    Examples
    --------
    >>> lo, hi = ShadowMeasurement(length_ratio=1.0, length_ratio_error=0.1).elevation_range_deg()
    >>> round(lo, 2), round(hi, 2)
    (42.27, 48.01)
    """

    azimuth_deg: float | None = None
    azimuth_error_deg: float = 5.0
    length_ratio: float | None = None
    length_ratio_error: float = 0.05
    offset: timedelta = timedelta(0)
    label: str = ""

    def __post_init__(self) -> None:
        if self.azimuth_deg is None and self.length_ratio is None:
            raise CheckError("shadow measurement needs an azimuth_deg, a length_ratio or both")
        if self.azimuth_deg is not None:
            if not math.isfinite(float(self.azimuth_deg)):
                raise CheckError(f"shadow azimuth_deg {self.azimuth_deg!r} is not a number")
            object.__setattr__(self, "azimuth_deg", float(self.azimuth_deg) % 360.0)
        for name in ("azimuth_error_deg", "length_ratio_error"):
            value = float(getattr(self, name))
            if not (math.isfinite(value) and value >= 0):
                raise CheckError(f"shadow {name} {getattr(self, name)!r} must be >= 0")
            object.__setattr__(self, name, value)
        if self.length_ratio is not None:
            ratio = float(self.length_ratio)
            if not (math.isfinite(ratio) and ratio > 0):
                raise CheckError(f"shadow length_ratio {self.length_ratio!r} must be > 0")
            object.__setattr__(self, "length_ratio", ratio)
        if not isinstance(self.offset, timedelta):
            raise CheckError(f"shadow offset {self.offset!r} must be a timedelta")

    @classmethod
    def from_dict(cls, data: dict[str, Any] | ShadowMeasurement) -> ShadowMeasurement:
        """Return a measurement from a dict (a case file); ``offset_s`` gives the offset."""
        if isinstance(data, ShadowMeasurement):
            return data
        if not isinstance(data, dict):
            raise CheckError(f"shadow measurement {data!r} must be a mapping")
        known = {"azimuth_deg", "azimuth_error_deg", "length_ratio", "length_ratio_error",
                 "offset_s", "label"}
        unknown = set(data) - known
        if unknown:
            raise CheckError(f"shadow measurement: unknown field(s) {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(sorted(known))})")
        args = {k: v for k, v in data.items() if k != "offset_s"}
        try:
            offset = timedelta(seconds=float(data.get("offset_s", 0.0)))
            return cls(offset=offset, **args)
        except (TypeError, ValueError) as exc:
            raise CheckError(f"shadow measurement {data!r}: {exc}") from None

    def elevation_range_deg(self) -> tuple[float, float]:
        """Return the apparent sun elevations (degrees) the ratio allows (``(0, 90)`` if none)."""
        if self.length_ratio is None:
            return (0.0, 90.0)
        hi_ratio = self.length_ratio + self.length_ratio_error
        lo_ratio = max(self.length_ratio - self.length_ratio_error, 0.0)
        return (math.degrees(math.atan2(1.0, hi_ratio)), math.degrees(math.atan2(1.0, lo_ratio)))

    def describe(self) -> str:
        """Return the measurement as short text."""
        parts = []
        if self.azimuth_deg is not None:
            parts.append(f"shadow toward {self.azimuth_deg:.1f}° ± {self.azimuth_error_deg:g}°")
        if self.length_ratio is not None:
            parts.append(f"length/height {self.length_ratio:g} ± {self.length_ratio_error:g}")
        if self.offset:
            parts.append(f"at +{self.offset.total_seconds():g} s")
        return ", ".join(parts)


def shadow_states(measurement: ShadowMeasurement, lat: Any, lon: Any, when: Any, *,
                  radius_m: Any = 0.0, azimuth_pad_deg: Any = 0.0,
                  elevation_pad_deg: Any = 0.0) -> np.ndarray:
    """Return 2 (fits), 1 (may fit) or 0 (does not) for places and times (numpy broadcasting).

    Parameters
    ----------
    measurement : ShadowMeasurement
        The shadow.
    lat, lon : float or array
        Places, degrees.
    when : datetime, sequence or datetime64 array
        Times (aware, or datetime64 UTC); the measurement's ``offset`` is NOT added here.
    radius_m : float or array
        How far the true place may be from ``lat, lon`` (the site's uncertainty, a cell's
        half-diagonal).
    azimuth_pad_deg, elevation_pad_deg : float or array
        Extra slack, e.g. how far the sun moves within a sampling step.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> m = ShadowMeasurement(length_ratio=0.47, length_ratio_error=0.02)
    >>> t = datetime(2022, 6, 21, 9, tzinfo=timezone.utc)
    >>> shadow_states(m, [35.0, 35.0], [40.5, 20.0], t).tolist()
    [0, 2]
    """
    from geoverify.sun import solar_position

    pos = solar_position(lat, lon, when)
    az = np.asarray(pos.azimuth_deg, dtype=float)
    elev = np.asarray(pos.elevation_deg, dtype=float)
    app = np.asarray(pos.apparent_elevation_deg, dtype=float)
    delta = np.degrees(np.asarray(radius_m, dtype=float) / _EARTH_MIN_RADIUS_M)
    zenith = np.clip(90.0 - elev, 1e-9, 180.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.sin(np.radians(delta)) / np.sin(np.radians(zenith))
        d_az = np.where((delta >= zenith) | (ratio >= 1.0), 180.0,
                        np.degrees(np.arcsin(np.clip(ratio, 0.0, 1.0))))
    d_az = d_az + np.asarray(azimuth_pad_deg, dtype=float)
    d_el = delta + np.asarray(elevation_pad_deg, dtype=float)

    fit = app - d_el > 0.0  # a shadow needs the sun up: certainly, or
    may = app + d_el > 0.0  # possibly
    if measurement.azimuth_deg is not None:
        shadow_az = (az + 180.0) % 360.0
        err = np.abs((shadow_az - measurement.azimuth_deg + 180.0) % 360.0 - 180.0)
        fit = fit & (err + d_az <= measurement.azimuth_error_deg)
        may = may & (err - d_az <= measurement.azimuth_error_deg)
    if measurement.length_ratio is not None:
        lo, hi = measurement.elevation_range_deg()
        fit = fit & (app - d_el >= lo) & (app + d_el <= hi)
        may = may & (app + d_el >= lo) & (app - d_el <= hi)
    return np.asarray(np.where(fit, 2, np.where(may, 1, 0)), dtype=np.int8)


@dataclass(frozen=True)
class ShadowWindow:
    """A stretch of time when the shadows may fit (the error band), and where inside it they fit.

    ``start``/``end`` bound the band; ``fits`` holds the (start, end) pairs inside it when
    the shadows certainly fit (empty if they only may).
    """

    start: datetime
    end: datetime
    fits: tuple[tuple[datetime, datetime], ...] = ()

    @property
    def certain(self) -> bool:
        """Whether the shadows certainly fit at some time of the window."""
        return bool(self.fits)

    def to_dict(self) -> dict[str, Any]:
        """Return ISO 8601 times with offsets: ``start``, ``end`` and the ``fits`` pairs."""
        def iso(t: datetime) -> str:
            return t.isoformat(timespec="seconds")

        return {"start": iso(self.start), "end": iso(self.end),
                "fits": [{"start": iso(a), "end": iso(b)} for a, b in self.fits]}


def _unix_to_dt(unix: float, tz: Any) -> datetime:
    return datetime.fromtimestamp(round(float(unix), 3), tz=UTC).astimezone(tz)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Return (first, last) index pairs of the runs of True in a 1-D mask."""
    if not mask.any():
        return []
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _site_states(site: Site, measurements: Sequence[ShadowMeasurement], unix: np.ndarray,
                 step_s: float) -> np.ndarray:
    from geoverify.sun import solar_position

    radius = effective_radius(site)
    combined = np.full(unix.shape, 2, dtype=np.int8)
    for m in measurements:
        t = unix + m.offset.total_seconds()
        stamps = (t * 1e3).astype("int64").astype("datetime64[ms]")
        # how far the sun moves in half a sampling step, from the samples themselves
        pos = solar_position(site.lat, site.lon, stamps)
        az = np.atleast_1d(np.asarray(pos.azimuth_deg, dtype=float))
        el = np.atleast_1d(np.asarray(pos.apparent_elevation_deg, dtype=float))
        if az.size > 1:
            d_az = np.abs((np.diff(az) + 180.0) % 360.0 - 180.0)
            d_el = np.abs(np.diff(el))
            az_pad = np.maximum(np.r_[d_az, d_az[-1]], np.r_[d_az[0], d_az]) / 2.0 + 1e-6
            el_pad = np.maximum(np.r_[d_el, d_el[-1]], np.r_[d_el[0], d_el]) / 2.0 + 1e-6
        else:
            az_pad = el_pad = np.zeros(1)
        states = shadow_states(m, site.lat, site.lon, stamps, radius_m=radius,
                               azimuth_pad_deg=az_pad, elevation_pad_deg=el_pad)
        combined = np.minimum(combined, np.atleast_1d(states))
    return combined


def _samples(interval: TimeInterval, step_s: float) -> np.ndarray:
    start, end = interval.start.timestamp(), interval.end.timestamp()
    count = max(1, int(math.ceil((end - start) / step_s)) + 1)
    return np.linspace(start, end, count) if count > 1 else np.array([start])


def shadow_windows(site: Site, measurements: Sequence[ShadowMeasurement] | ShadowMeasurement,
                   search: TimeInterval, *, step_s: float = 30.0) -> list[ShadowWindow]:
    """Return the time windows within ``search`` when every measured shadow fits at ``site``.

    A measurement with an ``offset`` is evaluated at the window's time plus its offset.
    Windows (the error band) are returned in time order, each with the stretches inside it
    where the shadows certainly fit. Times are sampled every ``step_s``: a window's ends are
    the first and last samples inside it.

    Parameters
    ----------
    site : Site
        Where the footage was filmed; its uncertainty widens the band.
    measurements : ShadowMeasurement or sequence of them
        The shadows.
    search : TimeInterval
        The span to search (e.g. :func:`geoverify.times.day_interval`); the windows are in
        the zone of its start.
    step_s : float
        Sampling step in seconds (the sun's motion in a step is added to the band).

    Examples
    --------
    >>> from datetime import date
    >>> m = ShadowMeasurement(length_ratio=2.0, length_ratio_error=0.1)
    >>> day = day_interval(date(2022, 1, 5), "Asia/Damascus")
    >>> [(w.start.strftime("%H:%M"), w.end.strftime("%H:%M"), w.certain)
    ...  for w in shadow_windows(Site(34.95629, 40.54139), m, day)]
    [('09:20', '09:43', True), ('13:03', '13:26', True)]
    """
    ms = _as_measurements(measurements)
    if step_s <= 0:
        raise CheckError(f"shadow step_s {step_s!r} must be > 0")
    unix = _samples(search, step_s)
    states = _site_states(site, ms, unix, step_s)
    return _windows_from_states(unix, states, search.start.tzinfo)


def _windows_from_states(unix: np.ndarray, states: np.ndarray, tz: Any) -> list[ShadowWindow]:
    out: list[ShadowWindow] = []
    for a, b in _runs(states >= 1):
        fits = tuple((_unix_to_dt(unix[a + c], tz), _unix_to_dt(unix[a + d], tz))
                     for c, d in _runs(states[a:b + 1] == 2))
        out.append(ShadowWindow(_unix_to_dt(unix[a], tz), _unix_to_dt(unix[b], tz), fits))
    return out


def _as_measurements(value: Any) -> tuple[ShadowMeasurement, ...]:
    if isinstance(value, (ShadowMeasurement, dict)):
        value = [value]
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        raise CheckError("shadow: give at least one measurement (azimuth and/or length ratio)")
    return tuple(ShadowMeasurement.from_dict(m) for m in value)


@dataclass(frozen=True)
class ShadowRegion:
    """Where on the ground the shadows fit at a time: polygons and the grid behind them.

    ``fits`` and ``band`` are shapely (Multi)Polygons in lon/lat (the band, "may fit",
    contains the fit); ``lats``/``lons`` are the grid's cell centres and ``states`` its
    2/1/0 values (fits, may fit, does not); ``cell_deg`` the cell size.
    """

    when: datetime
    measurements: tuple[ShadowMeasurement, ...]
    fits: Any
    band: Any
    lats: np.ndarray = field(repr=False)
    lons: np.ndarray = field(repr=False)
    states: np.ndarray = field(repr=False)
    cell_deg: float = 0.0

    def to_geojson(self, *, grid: bool = False) -> dict[str, Any]:
        """Return a GeoJSON FeatureCollection: the fit polygon and the error band.

        With ``grid=True``, also one Point per cell that may fit, with its ``state``.
        """
        from shapely.geometry import mapping

        props = {"time": self.when.isoformat(timespec="seconds"),
                 "measurements": [m.describe() for m in self.measurements],
                 "cell_deg": self.cell_deg}
        feats: list[dict[str, Any]] = []
        for name, geom in (("fits", self.fits), ("may fit (error band)", self.band)):
            feats.append({"type": "Feature", "geometry": mapping(geom) if not geom.is_empty
                          else None, "properties": {"role": "shadow", "layer": name, **props}})
        if grid:
            idx = np.flatnonzero(self.states.ravel() >= 1)
            lat_flat, lon_flat = self.lats.ravel(), self.lons.ravel()
            for i in idx:
                feats.append({"type": "Feature",
                              "geometry": {"type": "Point",
                                           "coordinates": [round(float(lon_flat[i]), 7),
                                                           round(float(lat_flat[i]), 7)]},
                              "properties": {"role": "shadow_cell",
                                             "state": int(self.states.ravel()[i])}})
        return {"type": "FeatureCollection", "features": feats}


@functools.lru_cache(maxsize=1)
def _zone_finder() -> Any:
    try:
        from timezonefinder import TimezoneFinder
    except ImportError:  # pragma: no cover - installed with geoverify[zones] and [test]
        raise CheckError("masking by time zone or country needs the 'timezonefinder' package "
                         "(pip install 'geoverify[zones]')") from None
    return TimezoneFinder()


@functools.lru_cache(maxsize=16)
def zone_area(zone: str) -> Any:
    """Return the land area of an IANA time zone as a shapely (Multi)Polygon in lon/lat.

    From the timezone-boundary-builder polygons (OpenStreetMap borders) shipped with the
    ``timezonefinder`` package (offline). For a country with one zone (Syria:
    ``Asia/Damascus``, Iraq: ``Asia/Baghdad``) this is the country's territory.

    Raises
    ------
    CheckError
        An unknown zone name, or ``timezonefinder`` not installed.

    Examples
    --------
    >>> from shapely import Point
    >>> zone_area("Asia/Damascus").contains(Point(40.54139, 34.95629))
    True
    """
    from shapely.geometry import MultiPolygon, Polygon

    finder = _zone_finder()
    try:
        parts = finder.get_geometry(tz_name=str(zone), coords_as_pairs=True)
    except (ValueError, KeyError, LookupError):
        raise CheckError(f"unknown time zone {zone!r} for a mask (use an IANA name such as "
                         "Asia/Damascus)") from None
    polygons = [Polygon(rings[0], rings[1:]) for rings in parts]
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _cells_polygon(lats: np.ndarray, lons: np.ndarray, mask: np.ndarray, cell: float) -> Any:
    """Return the union of the grid cells where ``mask`` is true (rows merged into strips)."""
    from shapely import box, union_all
    from shapely.geometry import Polygon

    boxes = []
    half = cell / 2.0
    for i in range(mask.shape[0]):  # one row of the grid at a time, runs merged
        for a, b in _runs(mask[i]):
            boxes.append(box(lons[i, a] - half, lats[i, a] - half, lons[i, b] + half,
                             lats[i, b] + half))
    if not boxes:
        return Polygon()
    return union_all(boxes)


def shadow_region(measurements: Sequence[ShadowMeasurement] | ShadowMeasurement, when: Any, *,
                  bbox: tuple[float, float, float, float] | None = None, mask: Any = None,
                  mask_zone: str | None = None, mask_country: str | None = None,
                  cell_deg: float | None = None, max_cells: int = 250_000) -> ShadowRegion:
    """Return where on the ground the measured shadows fit at time ``when``.

    Parameters
    ----------
    measurements : ShadowMeasurement or sequence
        The shadows; each is evaluated at ``when`` plus its ``offset``.
    when : datetime or str
        The known time of the footage (aware).
    bbox : (south, west, north, east), optional
        The area to search, degrees (latitude first). Defaults to ``mask``'s bounds, else
        the whole world between 75° S and 75° N.
    mask : shapely geometry, optional
        A polygon (lon/lat) the place must lie in: a country, a zone's area, a front line.
    mask_zone : str, optional
        An IANA zone the place must lie in (see :func:`zone_area`): when the footage's
        local time is known to be that zone's.
    mask_country : str, optional
        An ISO 3166 code of a single-zone country the place must lie in (its zone's area,
        :func:`geoverify.sun.zone_for_country`). Several masks intersect.
    cell_deg : float, optional
        The grid's cell size in degrees; by default the finest that keeps the grid under
        ``max_cells`` cells.
    max_cells : int
        The grid size that sets the default ``cell_deg`` (a grid over four times this is
        refused).

    Returns
    -------
    ShadowRegion
        The fit and band polygons and the grid; ``to_geojson()`` exports them.

    Examples
    --------
    >>> from shapely import Point
    >>> m = ShadowMeasurement(azimuth_deg=330.7, azimuth_error_deg=2.0,
    ...                       length_ratio=2.0, length_ratio_error=0.1)
    >>> r = shadow_region(m, "2022-01-05T09:30 Asia/Damascus", bbox=(30, 35, 40, 45))
    >>> r.fits.contains(Point(40.54139, 34.95629)), r.band.contains(Point(36.3, 33.5))
    (True, False)
    """
    from shapely import contains_xy, prepare

    from geoverify.times import parse_time

    ms = _as_measurements(measurements)
    instant = parse_time(when) if isinstance(when, (str, datetime)) else as_interval(when).start
    if mask_country is not None:
        from geoverify.sun import zone_for_country

        try:
            country_zone = zone_for_country(mask_country)
        except GeoverifyError as exc:
            raise CheckError(f"shadow: {exc}") from None
        mask = zone_area(country_zone) if mask is None else mask.intersection(
            zone_area(country_zone))
    if mask_zone is not None:
        mask = zone_area(mask_zone) if mask is None else mask.intersection(zone_area(mask_zone))
    if mask is not None and (mask.is_empty or mask.area <= 0):
        raise CheckError("shadow: the masks do not overlap (empty area)")
    if bbox is None:
        if mask is not None:
            w, s, e, n = mask.bounds
            bbox = (s, w, n, e)
        else:
            bbox = (-75.0, -180.0, 75.0, 180.0)
    south, west, north, east = (float(v) for v in bbox)
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise CheckError(f"shadow: bbox {bbox!r} must be (south, west, north, east) in degrees")
    if cell_deg is None:
        cell_deg = max(math.sqrt((north - south) * (east - west) / max_cells), 1e-4)
    if not (cell_deg > 0):
        raise CheckError(f"shadow: cell_deg {cell_deg!r} must be > 0")
    n_lat = max(1, int(round((north - south) / cell_deg)))
    n_lon = max(1, int(round((east - west) / cell_deg)))
    if n_lat * n_lon > 4 * max_cells:
        raise CheckError(f"shadow: a {n_lat} x {n_lon} grid is too large; raise cell_deg")
    lat_c = south + (np.arange(n_lat) + 0.5) * (north - south) / n_lat
    lon_c = west + (np.arange(n_lon) + 0.5) * (east - west) / n_lon
    lats, lons = np.meshgrid(lat_c, lon_c, indexing="ij")
    cell = (north - south) / n_lat
    # the cell's half-diagonal is the "uncertainty" of its centre
    radius = np.hypot(cell, cell * (east - west) / n_lon / cell
                      * np.cos(np.radians(lats))) / 2.0 * math.radians(1) * 6_400_000.0
    states = np.full(lats.shape, 2, dtype=np.int8)
    for m in ms:
        states = np.minimum(states, shadow_states(m, lats, lons, instant + m.offset,
                                                  radius_m=radius))
    if mask is not None:
        prepare(mask)
        states = np.where(contains_xy(mask, lons, lats), states, 0).astype(np.int8)
    fits = _cells_polygon(lats, lons, states == 2, cell)
    band = _cells_polygon(lats, lons, states >= 1, cell)
    if mask is not None:
        fits, band = fits.intersection(mask), band.intersection(mask)
    return ShadowRegion(instant, ms, fits, band, lats, lons, states, cell)


def _area_km2(geom: Any) -> float:
    if geom.is_empty:
        return 0.0
    from pyproj import Geod

    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(geom)
    return abs(area) / 1e6


@register_check("shadow", site_params=("site",))
def shadow(site: Site | None = None, *,
           measurements: Sequence[ShadowMeasurement | dict[str, Any]] | ShadowMeasurement,
           when: Any = None, search: TimeInterval | None = None,
           bbox: tuple[float, float, float, float] | None = None, mask: Any = None,
           mask_zone: str | None = None, mask_country: str | None = None,
           cell_deg: float | None = None, step_s: float = 30.0,
           zone: str | None = None) -> CheckResult:
    """Check measured shadows against the sun: the times at a site, or the places at a time.

    With a ``site``: the time windows (within ``search``, by default the local day(s) of
    ``when``) when all shadows fit. If ``when`` (the claimed time, an instant or interval)
    is given, the verdict says whether the shadows fit at some moment of it: consistent if
    they certainly fit at some moment, inconsistent if they cannot fit at any, else
    inconclusive. Without ``when`` the verdict says whether they fit at all in ``search``.

    Without a site: ``when`` is the known time and the result maps where the shadows fit
    (see :func:`shadow_region`), as MapFeatures with role ``shadow``: the fit and the error
    band. Consistent if some place certainly fits, inconsistent if none may.

    Parameters
    ----------
    site : Site, optional
        The claimed place of the footage.
    measurements : sequence of ShadowMeasurement (or dicts, as in a case file)
        The shadows; all must fit together.
    when : TimeInterval, datetime or str, optional
        The claimed (site mode) or known (map mode) time; aware.
    search : TimeInterval, optional
        Site mode: where to look for windows.
    bbox, mask, mask_zone, mask_country, cell_deg : optional
        Map mode: see :func:`shadow_region`.
    step_s : float
        Site mode: sampling step in seconds.
    zone : str, optional
        The IANA zone of a ``when`` text written without one.

    Examples
    --------
    >>> m = {"length_ratio": 2.0, "length_ratio_error": 0.1}
    >>> r = shadow(Site(34.95629, 40.54139, 500), measurements=[m],
    ...            when="2022-01-05T12:00 Asia/Damascus")
    >>> r.verdict.value, r.margin_unit
    ('inconsistent', 'min')
    """
    ms = _as_measurements(measurements)
    if site is None:
        return _shadow_map(ms, when, bbox=bbox, mask=mask, mask_zone=mask_zone,
                           mask_country=mask_country, cell_deg=cell_deg, zone=zone)
    site = require_site(site, "shadow: site")
    claimed = as_interval(when, zone=zone) if when is not None else None
    if search is None:
        if claimed is None:
            raise CheckError("shadow: give the claimed time (when) or a search interval")
        tz = claimed.start.tzinfo
        if tz is None:  # pragma: no cover - TimeInterval guarantees aware times
            raise CheckError("shadow: the claimed time has no zone")
        first = day_interval(claimed.start.date(), tz)
        last = day_interval(claimed.end.astimezone(tz).date(), tz)
        search = TimeInterval(first.start, last.end)
    tz = search.start.tzinfo
    unix = _samples(search, step_s)
    states = _site_states(site, ms, unix, step_s)
    windows = _windows_from_states(unix, states, tz)

    if claimed is not None:
        # states inside the claim: sample the claim itself (an instant has one sample)
        c_unix = _samples(claimed, step_s)
        inside = _site_states(site, ms, c_unix, step_s)
        best = int(inside.max())
        s0, s1 = claimed.start.timestamp(), claimed.end.timestamp()
        margin: float | None = None  # only an inconsistent claim has a distance to report
        if best == 0:
            near = states >= 1
            dist = np.where(unix < s0, s0 - unix, np.where(unix > s1, unix - s1, 0.0)) / 60.0
            margin = -float(np.min(dist[near])) if near.any() else None
        span = (f"at {claimed.start.isoformat(timespec='minutes')}"
                if claimed.duration == timedelta(0) else
                f"between {claimed.start.isoformat(timespec='minutes')} and "
                f"{claimed.end.isoformat(timespec='minutes')}")
    else:
        best = int(states.max())
        margin = None
        span = (f"between {search.start.isoformat(timespec='minutes')} and "
                f"{search.end.isoformat(timespec='minutes')}")
    verdict = {2: Verdict.CONSISTENT, 1: Verdict.INCONCLUSIVE, 0: Verdict.INCONSISTENT}[best]
    fit_text = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for w in windows for a, b in w.fits)
    many = len(ms) > 1
    outcome = {2: "fit" if many else "fits",
               1: "may fit only within the error band", 0: "cannot fit"}[best]
    tail = (("they fit " if many else "it fits ") + fit_text if fit_text
            else "no time of the searched span fits for sure")
    explanation = (
        f"At {site_label(site)} (±{effective_radius(site):.0f} m) the measured shadow"
        f"{'s' if len(ms) > 1 else ''} ({'; '.join(m.describe() for m in ms)}) {outcome} {span}; "
        f"{tail}"
        f" ({search.start.tzinfo} time)."
    )
    features = tuple(_direction_features(site, ms))
    return CheckResult(
        kind="shadow", verdict=verdict, explanation=explanation,
        values={"windows": [w.to_dict() for w in windows],
                "search": search.to_dict(),
                "fit_minutes": float(np.sum(states == 2) * step_s / 60.0),
                "may_fit_minutes": float(np.sum(states >= 1) * step_s / 60.0)},
        margin=margin, margin_unit="min",
        inputs={"site": site.to_dict(), "when": claimed.to_dict() if claimed else None,
                "measurements": [m.describe() for m in ms]},
        method=("NREL SPA sun position (geoverify.sun) sampled every "
                f"{step_s:g} s; shadow azimuth = sun azimuth + 180°, length/height = "
                "1/tan(apparent elevation); tolerance widened by the site uncertainty"),
        features=features,
    )


def _direction_features(site: Site, ms: Sequence[ShadowMeasurement]) -> list[MapFeature]:
    from shapely.geometry import LineString

    from geoverify.geodesy import destination

    out = []
    for m in ms:
        if m.azimuth_deg is None:
            continue
        end_lat, end_lon = destination(site.lat, site.lon, m.azimuth_deg, 500.0)
        out.append(MapFeature(LineString([(site.lon, site.lat), (end_lon, end_lat)]),
                              "shadow", f"measured shadow toward {m.azimuth_deg:.1f}°",
                              {"azimuth_deg": m.azimuth_deg, "error_deg": m.azimuth_error_deg}))
    return out


def _shadow_map(ms: tuple[ShadowMeasurement, ...], when: Any, *, bbox: Any, mask: Any,
                mask_zone: str | None, mask_country: str | None, cell_deg: float | None,
                zone: str | None) -> CheckResult:
    if when is None:
        raise CheckError("shadow: without a site, give the known time (when)")
    interval = as_interval(when, zone=zone)
    if interval.duration > timedelta(0):
        raise CheckError("shadow: without a site, the time must be an instant, not an interval")
    region = shadow_region(ms, interval.start, bbox=bbox, mask=mask, mask_zone=mask_zone,
                           mask_country=mask_country, cell_deg=cell_deg)
    n_fit = int(np.sum(region.states == 2))
    n_may = int(np.sum(region.states >= 1))
    verdict = (Verdict.CONSISTENT if n_fit else
               Verdict.INCONCLUSIVE if n_may else Verdict.INCONSISTENT)
    area_fit, area_band = _area_km2(region.fits), _area_km2(region.band)
    props = {"time": interval.start.isoformat(timespec="seconds")}
    features = (
        MapFeature(region.band, "shadow", "shadows may fit (error band)",
                   {**props, "layer": "band", "area_km2": area_band}),
        MapFeature(region.fits, "shadow", "shadows fit", {**props, "layer": "fits",
                                                          "area_km2": area_fit}),
    )
    centroid = region.band.centroid if not region.band.is_empty else None
    explanation = (
        f"At {interval.start.isoformat(timespec='minutes')} the measured shadow"
        f"{'s' if len(ms) > 1 else ''} ({'; '.join(m.describe() for m in ms)}) "
        f"{'fit' if len(ms) > 1 else 'fits'} over "
        f"{area_fit:,.0f} km² and may fit over {area_band:,.0f} km² of the searched area "
        f"(grid {region.cell_deg:.3g}°)."
    )
    return CheckResult(
        kind="shadow", verdict=verdict, explanation=explanation,
        values={"area_fit_km2": area_fit, "area_band_km2": area_band, "cells_fit": n_fit,
                "cells_may_fit": n_may, "cell_deg": region.cell_deg,
                "band_centroid_lat": centroid.y if centroid is not None else None,
                "band_centroid_lon": centroid.x if centroid is not None else None},
        margin=None, margin_unit=None,
        inputs={"when": interval.to_dict(), "measurements": [m.describe() for m in ms],
                "bbox": list(bbox) if bbox is not None else None,
                "masked": mask is not None, "mask_zone": mask_zone,
                "mask_country": mask_country},
        method=("NREL SPA sun position (geoverify.sun) on a lat/lon grid; each cell's "
                "half-diagonal added to the tolerance"),
        features=features,
    )
