"""The exact shapes regions are made of, and their boolean combinations.

Each shape answers two questions:

- ``contains(lat, lon)``: exact membership of points (arrays in, a boolean array out), from
  WGS84 geodesic distances and azimuths (pyproj's Geod): a :class:`Ring` (disc or annulus
  about a point), a :class:`Wedge` (a sector from a point, with a distance band), an
  :class:`Area` (a lon/lat polygon, edges straight in lon/lat as GeoJSON reads them,
  boundary included), a :class:`Grown` shape (points within a distance of another shape, or
  at least that far inside it: a Minkowski sum or erosion, measured in the local
  azimuthal-equidistant frame of the shape's anchor, exact from the anchor and within
  ``(rho / R)**2 / 6`` of the distance elsewhere: under 3 m for 10 km at 250 km), and
  :class:`Everywhere`/:class:`Nowhere`;
- ``geometry(side)``: a lon/lat polygon, split at the antimeridian and closed over a pole,
  that contains the shape (``side=+1``, the *outer* polygon) or lies inside it (``side=-1``).
  Circles and arcs are densified so that chords stray under 5 cm, and then the radius is
  moved outward (inward) by :data:`PAD_M` plus that sagitta: the two polygons bracket the
  true boundary within about a metre. An intersection or a union of outer polygons is outer,
  a difference takes the inner polygon of what it removes: the outer polygon of any
  combination contains it, so an empty outer polygon means the region is surely empty.

Examples
--------
>>> import numpy as np
>>> disc = Ring(35.0, 40.0, 0.0, 10_000.0)
>>> wedge = Wedge(35.0, 40.0, 90.0, 45.0, 0.0, 20_000.0)
>>> both = Intersection((disc, wedge))
>>> both.contains(np.array([35.0, 35.0]), np.array([40.05, 39.95])).tolist()
[True, False]
>>> both.geometry(+1).contains(both.geometry(-1))
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from geoverify._frame import LocalFrame, circle_points, geod, geodesic_edges

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "Shape",
    "Everywhere",
    "Nowhere",
    "Ring",
    "Wedge",
    "Area",
    "Grown",
    "Intersection",
    "Union",
    "Difference",
    "PAD_M",
]

#: how far (m) an outer polygon lies outside its shape, and an inner one inside, beyond the
#: chords' own sagitta
PAD_M = 0.1
#: chords of densified arcs stray at most this far (m) from the true arc
_SAGITTA_M = 0.05
#: above this many points, a grown shape's polygons decide membership away from its edge
_PREFILTER = 64
#: vertices at most on one circle (beyond it the sagitta grows: about 0.6 m at 2,000 km)
_MAX_POINTS = 4096


def _whole() -> BaseGeometry:
    from shapely.geometry import box

    return box(-180.0, -90.0, 180.0, 90.0)


def _empty() -> BaseGeometry:
    from shapely.geometry import Polygon

    return Polygon()


def _points_for(radius: float) -> tuple[int, float]:
    """Return (vertices, pad) for a circle of this radius: the pad covers the chords' sagitta."""
    n = min(circle_points(radius, sagitta_m=_SAGITTA_M), _MAX_POINTS)
    sagitta = radius * (1.0 - math.cos(math.pi / n))
    return n, PAD_M + sagitta


def _arrays(lat: Any, lon: Any) -> tuple[np.ndarray, np.ndarray]:
    la, lo = np.broadcast_arrays(np.asarray(lat, dtype=float), np.asarray(lon, dtype=float))
    return la, lo


@dataclass(frozen=True)
class Shape:
    """A set of places on the ellipsoid: exact membership and bracketing polygons."""

    def contains(self, lat: Any, lon: Any) -> np.ndarray:
        """Return whether each point (degrees) lies in the shape (boundary included)."""
        raise NotImplementedError

    def _build(self, side: int) -> BaseGeometry:
        raise NotImplementedError

    def geometry(self, side: int = 1) -> BaseGeometry:
        """Return the outer (``side=+1``) or inner (``side=-1``) lon/lat polygon (cached)."""
        key = "_outer" if side > 0 else "_inner"
        cached = self.__dict__.get(key)
        if cached is None:
            cached = self._build(1 if side > 0 else -1)
            object.__setattr__(self, key, cached)
        return cached

    @property
    def anchor(self) -> tuple[float, float]:
        """A point ``(lat, lon)`` the shape is drawn about (a frame for growing it)."""
        raise NotImplementedError

    def describe(self) -> str:
        """Return the shape in words."""
        return type(self).__name__.lower()


@dataclass(frozen=True)
class Everywhere(Shape):
    """The whole Earth (a statement that excludes nothing)."""

    def contains(self, lat: Any, lon: Any) -> np.ndarray:
        """Return True for every point."""
        la, _ = _arrays(lat, lon)
        return np.ones(la.shape, dtype=bool)

    def _build(self, side: int) -> BaseGeometry:
        return _whole()

    @property
    def anchor(self) -> tuple[float, float]:
        """The point (0, 0)."""
        return (0.0, 0.0)

    def describe(self) -> str:
        """Return "anywhere"."""
        return "anywhere"


@dataclass(frozen=True)
class Nowhere(Shape):
    """The empty set (a statement nothing satisfies)."""

    def contains(self, lat: Any, lon: Any) -> np.ndarray:
        """Return False for every point."""
        la, _ = _arrays(lat, lon)
        return np.zeros(la.shape, dtype=bool)

    def _build(self, side: int) -> BaseGeometry:
        return _empty()

    @property
    def anchor(self) -> tuple[float, float]:
        """The point (0, 0)."""
        return (0.0, 0.0)

    def describe(self) -> str:
        """Return "nowhere"."""
        return "nowhere"


@dataclass(frozen=True)
class Ring(Shape):
    """The places ``inner_m`` to ``outer_m`` (geodesic, metres) from a point: a disc or annulus.

    An ``inner_m`` of 0 or less gives a disc; ``outer_m < inner_m`` or ``outer_m < 0`` nothing.
    """

    lat: float
    lon: float
    inner_m: float
    outer_m: float

    def contains(self, lat: Any, lon: Any) -> np.ndarray:
        """Return whether each point's geodesic distance from the centre is in the band."""
        la, lo = _arrays(lat, lon)
        _, _, s = geod().inv(np.full(la.shape, self.lon), np.full(la.shape, self.lat), lo, la)
        s = np.asarray(s, dtype=float)
        inside = s <= self.outer_m
        if self.inner_m > 0:
            inside &= s >= self.inner_m
        return np.asarray(inside)

    def _build(self, side: int) -> BaseGeometry:
        from geoverify.geodesy import MAX_GEODESIC_DISTANCE_M, annulus, geodesic_circle

        if self.outer_m < max(self.inner_m, 0.0):
            return _empty()
        n, pad = _points_for(max(self.outer_m, 1.0))
        r1 = self.outer_m + side * pad
        r0 = self.inner_m - side * pad if self.inner_m > 0 else 0.0
        if r1 <= 0 or r1 <= r0:
            return _empty()
        if r1 >= MAX_GEODESIC_DISTANCE_M:
            if r0 <= 0:
                return _whole()
            return _whole().difference(geodesic_edges(geodesic_circle(self.lat, self.lon, r0,
                                                                      n_points=n)))
        if r0 <= 0:
            return geodesic_edges(geodesic_circle(self.lat, self.lon, r1, n_points=n))
        return geodesic_edges(annulus(self.lat, self.lon, r0, r1, n_points=n))

    @property
    def anchor(self) -> tuple[float, float]:
        """The centre."""
        return (self.lat, self.lon)

    def describe(self) -> str:
        """Return the band in words."""
        from geoverify.checks._support import fmt_km, fmt_range

        if self.inner_m > 0:
            return f"{fmt_range(self.inner_m, self.outer_m)} from ({self.lat:.5f}, {self.lon:.5f})"
        return f"within {fmt_km(self.outer_m)} of ({self.lat:.5f}, {self.lon:.5f})"

    def plane(self, frame: LocalFrame) -> BaseGeometry:
        """Return the shape in ``frame`` (exact circles when the frame is centred on it)."""
        from shapely.geometry import Point

        if (frame.lat, frame.lon) != (self.lat, self.lon):
            return frame.to_plane(self.geometry(1))
        n = min(circle_points(max(self.outer_m, 1.0), sagitta_m=_SAGITTA_M), _MAX_POINTS)
        outer = Point(0.0, 0.0).buffer(self.outer_m, quad_segs=max(4, n // 4))
        if self.inner_m > 0:
            outer = outer.difference(Point(0.0, 0.0).buffer(self.inner_m,
                                                            quad_segs=max(4, n // 4)))
        return outer


@dataclass(frozen=True)
class Wedge(Shape):
    """A sector: azimuth ``azimuth ± half_width`` and distance ``inner_m`` to ``outer_m``.

    Azimuths and distances are geodesic from the apex; the apex itself belongs when
    ``inner_m <= 0``.
    """

    lat: float
    lon: float
    azimuth_deg: float
    half_width_deg: float
    inner_m: float
    outer_m: float

    def contains(self, lat: Any, lon: Any) -> np.ndarray:
        """Return whether each point's azimuth and distance from the apex are in the wedge."""
        from geoverify.geodesy import angle_difference

        la, lo = _arrays(lat, lon)
        az, _, s = geod().inv(np.full(la.shape, self.lon), np.full(la.shape, self.lat), lo, la)
        s = np.asarray(s, dtype=float)
        off = np.abs(np.asarray(angle_difference(np.asarray(az, dtype=float) % 360.0,
                                                 self.azimuth_deg), dtype=float))
        inside = (s <= self.outer_m) & ((off <= self.half_width_deg) | (s == 0.0))
        if self.inner_m > 0:
            inside &= s >= self.inner_m
        return np.asarray(inside)

    def _build(self, side: int) -> BaseGeometry:
        from geoverify.geodesy import sector

        if self.outer_m < max(self.inner_m, 0.0) or self.outer_m <= 0:
            return _empty()
        n, pad = _points_for(self.outer_m)
        r1 = self.outer_m + side * pad
        r0 = max(self.inner_m - side * pad, 0.0) if self.inner_m > 0 else 0.0
        half = self.half_width_deg + side * math.degrees(pad / max(self.outer_m, 1.0))
        if r1 <= r0 or half <= 0:
            return _empty()
        return geodesic_edges(sector(self.lat, self.lon, self.azimuth_deg, min(half, 180.0), r0,
                                     r1, n_points=n))

    @property
    def anchor(self) -> tuple[float, float]:
        """The apex."""
        return (self.lat, self.lon)

    def describe(self) -> str:
        """Return the wedge in words."""
        from geoverify.checks._support import fmt_km

        return (f"azimuth {self.azimuth_deg:g}° ± {self.half_width_deg:g}° from "
                f"({self.lat:.5f}, {self.lon:.5f}), {fmt_km(max(self.inner_m, 0.0))} to "
                f"{fmt_km(self.outer_m)}")

    def plane(self, frame: LocalFrame) -> BaseGeometry:
        """Return the shape in ``frame`` (an exact annular sector when centred on the apex)."""
        from shapely.geometry import Polygon

        if (frame.lat, frame.lon) != (self.lat, self.lon):
            return frame.to_plane(self.geometry(1))
        if self.outer_m <= max(self.inner_m, 0.0):
            return Polygon()
        n = min(circle_points(self.outer_m, sagitta_m=_SAGITTA_M), _MAX_POINTS)
        half = min(self.half_width_deg, 180.0)
        k = max(2, int(math.ceil(n * 2.0 * half / 360.0)) + 1)
        t = np.radians(self.azimuth_deg + np.linspace(-half, half, k))
        outer = np.column_stack([self.outer_m * np.sin(t), self.outer_m * np.cos(t)])
        r0 = max(self.inner_m, 0.0)
        inner = (np.column_stack([r0 * np.sin(t[::-1]), r0 * np.cos(t[::-1])]) if r0 > 0
                 else np.zeros((1, 2)))
        poly = Polygon(np.vstack([outer, inner]))
        return poly if poly.is_valid else poly.buffer(0)


@dataclass(frozen=True, eq=False)
class Area(Shape):
    """The places inside a lon/lat polygon (edges straight in lon/lat; boundary included)."""

    polygon: Any

    def contains(self, lat: Any, lon: Any) -> np.ndarray:
        """Return whether each point lies in the polygon or on its boundary."""
        import shapely

        la, lo = _arrays(lat, lon)
        if not self.__dict__.get("_is_prepared"):
            shapely.prepare(self.polygon)
            object.__setattr__(self, "_is_prepared", True)
        return np.asarray(shapely.intersects_xy(self.polygon, lo, la))

    def _build(self, side: int) -> BaseGeometry:
        return self.polygon

    @property
    def anchor(self) -> tuple[float, float]:
        """The polygon's geodesic centroid (of its vertices)."""
        cached = self.__dict__.get("_anchor")
        if cached is None:
            import shapely

            from geoverify.checks.cluster import geodesic_centroid

            xy = shapely.get_coordinates(self.polygon)
            cached = geodesic_centroid(xy[:, 1], xy[:, 0]) if len(xy) else (0.0, 0.0)
            object.__setattr__(self, "_anchor", cached)
        return cached

    def describe(self) -> str:
        """Return "an area"."""
        return "an area"

    def plane(self, frame: LocalFrame) -> BaseGeometry:
        """Return the polygon in ``frame``."""
        return frame.to_plane(self.polygon)


@dataclass(frozen=True)
class Grown(Shape):
    """The places within ``distance_m`` of a shape (> 0), or at least ``-distance_m`` inside it.

    Measured in the azimuthal-equidistant frame of the shape's anchor (exact from the anchor).
    """

    base: Shape
    distance_m: float

    def _frame(self) -> LocalFrame:
        cached = self.__dict__.get("_local")
        if cached is None:
            cached = LocalFrame(*self.base.anchor)
            object.__setattr__(self, "_local", cached)
        return cached

    def _plane(self) -> BaseGeometry:
        cached = self.__dict__.get("_planar")
        if cached is None:
            import shapely

            frame = self._frame()
            plane = getattr(self.base, "plane", None)
            cached = plane(frame) if plane is not None else frame.to_plane(self.base.geometry(1))
            shapely.prepare(cached)
            object.__setattr__(self, "_planar", cached)
        return cached

    def contains(self, lat: Any, lon: Any) -> np.ndarray:
        """Return whether each point lies within (or that far inside) the base shape."""
        import shapely

        la, lo = _arrays(lat, lon)
        base = self._plane()
        if base.is_empty:
            return np.zeros(la.shape, dtype=bool)
        out = np.zeros(la.shape, dtype=bool)
        todo = np.ones(la.shape, dtype=bool)
        if la.size > _PREFILTER:
            # the bracketing polygons decide all but the points within a few decimetres
            outer, inner = self.geometry(1), self.geometry(-1)
            shapely.prepare(outer)
            shapely.prepare(inner)
            out = np.asarray(shapely.intersects_xy(inner, lo, la))
            todo = ~out & np.asarray(shapely.intersects_xy(outer, lo, la))
        if todo.any():
            x, y = self._frame().forward(la[todo], lo[todo])
            points = shapely.points(x, y)
            if self.distance_m >= 0:
                exact = shapely.distance(base, points) <= self.distance_m
            else:
                exact = shapely.intersects(base, points) & (
                    shapely.distance(base.boundary, points) >= -self.distance_m)
            out[todo] = exact
        return out

    def _build(self, side: int) -> BaseGeometry:
        base = self._plane()
        if base.is_empty:
            return _empty()
        g = self.distance_m
        reach = abs(g)
        n = min(circle_points(max(reach, 1.0), sagitta_m=_SAGITTA_M), _MAX_POINTS)
        pad = PAD_M + reach * (1.0 - math.cos(math.pi / n))
        grown = base.buffer(g + side * pad, quad_segs=max(4, n // 4))
        return self._frame().to_lonlat(grown)

    @property
    def anchor(self) -> tuple[float, float]:
        """The base shape's anchor."""
        return self.base.anchor

    def describe(self) -> str:
        """Return the growth in words."""
        from geoverify.checks._support import fmt_km

        if self.distance_m >= 0:
            return f"{self.base.describe()} grown by {fmt_km(self.distance_m)}"
        return f"{self.base.describe()} shrunk by {fmt_km(-self.distance_m)}"


@dataclass(frozen=True)
class Intersection(Shape):
    """The places in every part."""

    parts: tuple[Shape, ...]

    def contains(self, lat: Any, lon: Any) -> np.ndarray:
        """Return whether each point lies in all parts."""
        la, lo = _arrays(lat, lon)
        out = np.ones(la.shape, dtype=bool)
        for part in self.parts:
            out &= part.contains(la, lo)
        return out

    def _build(self, side: int) -> BaseGeometry:
        import shapely

        geoms = [p.geometry(side) for p in self.parts]
        if any(g.is_empty for g in geoms):
            return _empty()
        return _clean(shapely.intersection_all(geoms))

    @property
    def anchor(self) -> tuple[float, float]:
        """The first part's anchor."""
        return self.parts[0].anchor if self.parts else (0.0, 0.0)


@dataclass(frozen=True)
class Union(Shape):
    """The places in any part."""

    parts: tuple[Shape, ...]

    def contains(self, lat: Any, lon: Any) -> np.ndarray:
        """Return whether each point lies in some part."""
        la, lo = _arrays(lat, lon)
        out = np.zeros(la.shape, dtype=bool)
        for part in self.parts:
            out |= part.contains(la, lo)
        return out

    def _build(self, side: int) -> BaseGeometry:
        import shapely

        geoms = [p.geometry(side) for p in self.parts if not p.geometry(side).is_empty]
        return _clean(shapely.union_all(geoms)) if geoms else _empty()

    @property
    def anchor(self) -> tuple[float, float]:
        """The first part's anchor."""
        return self.parts[0].anchor if self.parts else (0.0, 0.0)


@dataclass(frozen=True)
class Difference(Shape):
    """The places in ``keep`` and not in ``remove``."""

    keep: Shape
    remove: Shape

    def contains(self, lat: Any, lon: Any) -> np.ndarray:
        """Return whether each point lies in ``keep`` but not in ``remove``."""
        la, lo = _arrays(lat, lon)
        return np.asarray(self.keep.contains(la, lo) & ~self.remove.contains(la, lo))

    def _build(self, side: int) -> BaseGeometry:
        keep = self.keep.geometry(side)
        if keep.is_empty:
            return _empty()
        remove = self.remove.geometry(-side)
        return _clean(keep.difference(remove)) if not remove.is_empty else keep

    @property
    def anchor(self) -> tuple[float, float]:
        """The kept shape's anchor."""
        return self.keep.anchor


def _clean(geom: BaseGeometry) -> BaseGeometry:
    """Keep the polygonal part of an overlay result (no stray lines or points)."""
    from geoverify.geodesy import _polygonal

    if geom.is_empty:
        return _empty()
    out = _polygonal(geom)
    return out if not out.is_empty and out.area > 0 else _empty()
