"""A local azimuthal-equidistant frame on WGS84, and polygons carried in and out of it.

The frame about a point maps every place to ``x = s sin(az)``, ``y = s cos(az)`` with ``s`` and
``az`` the geodesic distance and azimuth from the point (pyproj's Geod, Karney's algorithms):
distances and azimuths *from the centre* are exact; other distances are stretched by about
``(rho / R)**2 / 6`` at ``rho`` from the centre (1e-3 at 500 km). Polygons come back to lon/lat
densified, split at the antimeridian and closed over a pole when they hold one
(:mod:`geoverify.geodesy`'s own ring builder).

Private to :mod:`geoverify.regions`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry.base import BaseGeometry

__all__ = ["LocalFrame", "geod"]

#: polygons projected into a frame are snapped to this grid (metres), so that pieces split at
#: the antimeridian join again exactly
_SNAP_M = 1e-3


def geod() -> Any:
    """Return the shared WGS84 Geod."""
    from geoverify.geodesy import _geod

    return _geod()


class LocalFrame:
    """The azimuthal-equidistant frame about ``(lat, lon)`` (metres, x east, y north).

    >>> f = LocalFrame(35.0, 40.0)
    >>> x, y = f.forward(35.0, 40.1)
    >>> round(float(x)), round(float(y))
    (9129, 5)
    >>> [round(float(v), 9) for v in f.inverse(x, y)]
    [35.0, 40.1]
    """

    def __init__(self, lat: float, lon: float) -> None:
        self.lat = float(lat)
        self.lon = float(lon)

    def forward(self, lat: Any, lon: Any) -> tuple[np.ndarray, np.ndarray]:
        """Return the frame coordinates (m) of points."""
        la, lo = np.broadcast_arrays(np.asarray(lat, dtype=float), np.asarray(lon, dtype=float))
        az, _, s = geod().inv(np.full(la.shape, self.lon), np.full(la.shape, self.lat), lo, la)
        a = np.radians(np.asarray(az, dtype=float))
        s = np.asarray(s, dtype=float)
        return s * np.sin(a), s * np.cos(a)

    def inverse(self, x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        """Return the ``(lat, lon)`` of frame coordinates."""
        xx, yy = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        az = np.degrees(np.arctan2(xx, yy))
        s = np.hypot(xx, yy)
        lon, lat, _ = geod().fwd(np.full(xx.shape, self.lon), np.full(xx.shape, self.lat), az, s)
        return np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)

    def pole(self, north: bool) -> tuple[float, float]:
        """Return the frame coordinates of a pole."""
        x, y = self.forward(90.0 if north else -90.0, self.lon)
        return float(x), float(y)

    # ---------------------------------------------------------------- polygons
    def to_plane(self, geom: BaseGeometry, *, step_deg: float = 0.005) -> BaseGeometry:
        """Return a lon/lat polygon in this frame (its straight lon/lat edges densified first)."""
        import shapely

        if geom.is_empty:
            return geom
        parts = []
        for part in shapely.get_parts(geom):
            dense = shapely.segmentize(part, step_deg)

            def through(xy: np.ndarray) -> np.ndarray:
                x, y = self.forward(xy[:, 1], xy[:, 0])
                return np.column_stack([x, y])

            parts.append(shapely.set_precision(shapely.transform(dense, through), _SNAP_M))
        out = shapely.union_all(parts)
        return out if out.is_valid else shapely.make_valid(out)

    def to_lonlat(self, geom: BaseGeometry, *, step_m: float = 500.0) -> BaseGeometry:
        """Return a polygon of this frame in lon/lat: densified, split at ±180°, closed at a pole.

        ``step_m`` is the longest edge kept straight in the frame before the transform.
        """
        import shapely
        from shapely.geometry import MultiPolygon, Point, Polygon

        from geoverify.geodesy import _polygonal, _ring_geometry

        if geom.is_empty:
            return Polygon()
        north_xy, south_xy = Point(self.pole(True)), Point(self.pole(False))
        out: list[BaseGeometry] = []
        for part in shapely.get_parts(geom):
            if not isinstance(part, Polygon) or part.is_empty or part.area <= 0:
                continue
            shell = self._ring(part.exterior, Polygon(part.exterior), north_xy, south_xy, step_m,
                               _ring_geometry)
            holes = [self._ring(r, Polygon(r), north_xy, south_xy, step_m, _ring_geometry)
                     for r in part.interiors]
            if holes:
                shell = shell.difference(shapely.union_all(holes))
            if not shell.is_empty:
                out.append(shell)
        if not out:
            return Polygon()
        merged = shapely.union_all(out) if len(out) > 1 else out[0]
        merged = geodesic_edges(_polygonal(merged))
        return merged if not isinstance(merged, MultiPolygon) or len(merged.geoms) else Polygon()

    def _ring(self, ring: Any, inside: Any, north_xy: Any, south_xy: Any, step_m: float,
              builder: Any) -> BaseGeometry:
        import shapely
        from shapely.geometry import LinearRing

        dense = shapely.segmentize(LinearRing(ring.coords), step_m)
        xy = np.asarray(dense.coords)[:-1]
        if LinearRing(xy).is_ccw:  # the builder wants the interior on the right
            xy = xy[::-1]
        lat, lon = self.inverse(xy[:, 0], xy[:, 1])
        return builder(lon, lat, bool(inside.covers(north_xy)), bool(inside.covers(south_xy)))


#: a straight lon/lat edge may stray this far (m) from the geodesic between its ends
_EDGE_TOL_M = 0.02
_MEAN_RADIUS_M = 6371008.8


def geodesic_edges(geom: BaseGeometry, *, tol_m: float = _EDGE_TOL_M) -> BaseGeometry:
    """Return a lon/lat polygon whose straight edges stay within ``tol_m`` of geodesics.

    A straight lon/lat edge spanning ``dlon`` at latitude ``phi`` bulges off the geodesic
    between its ends by about ``R dlon**2 |sin(phi) cos(phi)| / 8``: nothing at mid
    latitudes for short edges, metres near a pole. Such edges get intermediate points on the
    geodesic (pyproj's Geod, vectorized). Meridians and edges along a pole are left alone.
    """
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    if geom.is_empty:
        return geom

    def ring(coords: np.ndarray) -> np.ndarray:
        lon, lat = coords[:, 0], coords[:, 1]
        dlon = np.radians(np.abs(np.diff(lon)))
        mid = np.radians((lat[:-1] + lat[1:]) / 2.0)
        dev = 2.0 * _MEAN_RADIUS_M * dlon ** 2 * np.abs(np.sin(mid) * np.cos(mid)) / 8.0
        pieces = np.where(dev > tol_m, np.ceil(np.sqrt(dev / tol_m)), 1).astype(np.int64)
        if pieces.max() <= 1:
            return coords
        idx = np.flatnonzero(pieces > 1)
        az, _, dist = geod().inv(lon[idx], lat[idx], lon[idx + 1], lat[idx + 1])
        counts = pieces[idx] - 1
        rep = np.repeat(np.arange(idx.size), counts)
        frac = np.concatenate([np.arange(1, c + 1) / (c + 1) for c in counts])
        plon, plat, _ = geod().fwd(lon[idx][rep], lat[idx][rep], np.asarray(az)[rep],
                                   np.asarray(dist)[rep] * frac)
        plon = np.asarray(plon, dtype=float)
        plon = lon[idx][rep] + (plon - lon[idx][rep] + 180.0) % 360.0 - 180.0  # no wrap
        plon = np.clip(plon, -180.0, 180.0)
        out: list[np.ndarray] = []
        starts = np.concatenate([[0], np.cumsum(counts)])
        where = {int(e): k for k, e in enumerate(idx)}
        for e in range(len(coords) - 1):
            out.append(coords[e:e + 1])
            k = where.get(e)
            if k is not None:
                sl = slice(starts[k], starts[k + 1])
                out.append(np.column_stack([plon[sl], np.asarray(plat)[sl]]))
        out.append(coords[-1:])
        return np.vstack(out)

    polys = []
    for part in shapely.get_parts(geom):
        if not isinstance(part, Polygon):
            continue
        shell = ring(np.asarray(part.exterior.coords))
        holes = [ring(np.asarray(h.coords)) for h in part.interiors]
        polys.append(Polygon(shell, holes))
    if isinstance(geom, Polygon) and len(polys) == 1:
        return polys[0]
    return MultiPolygon(polys)


def circle_points(radius_m: float, *, sagitta_m: float = 0.05) -> int:
    """Return the vertices a circle of this radius needs so its chords stray under ``sagitta_m``.

    >>> circle_points(10_000.0)
    994
    """
    if radius_m <= sagitta_m:
        return 16
    return max(16, int(math.ceil(math.pi / math.acos(1.0 - sagitta_m / radius_m))))
