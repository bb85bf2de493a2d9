"""The Region value: where a site can be, given what is said about it.

A :class:`Region` is a shape on the WGS84 ellipsoid (:mod:`geoverify.regions.shapes`, exact
membership and bracketing polygons) and what it stands for: a readable ``label`` and a stable
statement ``id`` (``reach:claim-2:107mm-type63``, ``direction:claim-8``). Regions combine with
``&`` (both statements hold), ``|`` (either) and ``-`` (the first but not the second); the
combination keeps the ids of every statement in it. Areas are geodesic (pyproj's
``Geod.geometry_area_perimeter``), never planar in degrees, of the outer polygon: it lies
outside the exact boundary by :data:`~geoverify.regions.shapes.PAD_M` (0.1 m) plus at most
5 cm of chord (a few decimetres for shapes over 2,000 km across), so areas are high by about
the perimeter times 0.15 m. An empty region is *surely* empty: its outer polygon, which
contains every point of it, is empty.

Examples
--------
>>> from geoverify.sites import Site
>>> from geoverify.regions.statements import site_region, distance_region
>>> a = site_region(Site(35.0, 40.0, 5000, name="A"))
>>> b = distance_region(Site(35.0, 40.1, 0, name="B"), 5000, qualifier="exactly")
>>> both = a & b
>>> both.statements
('site:a', 'distance:b:5km')
>>> round(both.area_km2, 1), both.is_empty
(2.1, False)
>>> (a & site_region(Site(36.0, 40.0, 5000, name="C"))).is_empty
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from geoverify.errors import GeoverifyError
from geoverify.regions.shapes import Difference, Intersection, Shape, Union

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry.base import BaseGeometry

__all__ = ["Region", "RegionError", "intersect_all", "find_conflict"]


#: regions smaller than this (km², a fifth of the Earth) have their centre and extent measured
#: in a local azimuthal-equidistant frame; larger ones take the mean of their vertices
_LOCAL_KM2 = 1.0e8


class RegionError(GeoverifyError, ValueError):
    """A region was asked something it cannot answer (bad input to a constructor, no places)."""


def _dedupe(ids: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for i in ids:
        if i and i not in out:
            out.append(i)
    return tuple(out)


@dataclass(frozen=True, eq=False)
class Region:
    """A set of places on WGS84 and the statement(s) it stands for.

    Parameters
    ----------
    shape : Shape
        The exact shape (membership) and its polygons.
    label : str
        What it means, for a reader ("107 mm reach of Conoco field").
    id : str
        A stable statement id (``reach:claim-2:107mm-type63``).
    statements : tuple of str
        The ids of the statements it combines (default: its own id).
    """

    shape: Shape
    label: str = ""
    id: str = ""
    statements: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not isinstance(self.shape, Shape):
            raise RegionError(f"a region needs a Shape, not {type(self.shape).__name__}")
        if not self.statements:
            object.__setattr__(self, "statements", (self.id,) if self.id else ())

    def __repr__(self) -> str:
        return f"Region({self.id or self.label!r})"

    # ---------------------------------------------------------------- membership, polygons
    def contains(self, lat: Any, lon: Any) -> Any:
        """Return whether points (degrees, arrays broadcast) lie in the region: exact.

        >>> from geoverify.regions.shapes import Ring
        >>> Region(Ring(0.0, 0.0, 0.0, 1000.0)).contains(0.0, [0.005, 0.01]).tolist()
        [True, False]
        """
        out = self.shape.contains(lat, lon)
        return bool(out) if np.ndim(out) == 0 else out

    @property
    def geometry(self) -> BaseGeometry:
        """The outer lon/lat polygon: it contains the region, within about a metre of its edge."""
        return self.shape.geometry(+1)

    @property
    def inner_geometry(self) -> BaseGeometry:
        """The inner lon/lat polygon: it lies inside the region, within about a metre."""
        return self.shape.geometry(-1)

    @property
    def is_empty(self) -> bool:
        """Whether the region is surely empty (its outer polygon is)."""
        return bool(self.geometry.is_empty)

    @property
    def area_km2(self) -> float:
        """The geodesic area (km²) of the outer polygon (0 when empty)."""
        return _area_km2(self.geometry)

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        """``(south, west, north, east)`` in degrees (``west > east`` across the antimeridian).

        None when empty.
        """
        return _bounds(self.geometry)

    @property
    def centre(self) -> tuple[float, float] | None:
        """The area-weighted centre ``(lat, lon)`` (computed in a local equidistant frame).

        It need not lie in the region (the centre of a ring); None when empty.
        """
        cached = self.__dict__.get("_centre")
        if cached is None and not self.is_empty:
            from geoverify._frame import LocalFrame

            geom = self.geometry
            rough = _rough_centre(geom, self.shape.anchor)
            cached = rough
            if self.area_km2 < _LOCAL_KM2:  # a local frame is meaningful (under a hemisphere)
                frame = LocalFrame(*rough)
                plane = frame.to_plane(geom, step_deg=0.05)
                c = plane.centroid if plane.area > 0 else plane.representative_point()
                if not c.is_empty:
                    lat, lon = frame.inverse(c.x, c.y)
                    cached = (float(lat), float(lon))
            object.__setattr__(self, "_centre", cached)
        return cached

    def representative_point(self) -> tuple[float, float] | None:
        """Return a point ``(lat, lon)`` that surely lies in the region (None when none found)."""
        for geom in (self.inner_geometry, self.geometry):
            if geom.is_empty:
                continue
            parts = sorted(getattr(geom, "geoms", [geom]), key=lambda g: -g.area)
            for part in parts:
                p = part.representative_point()
                if self.contains(p.y, p.x):
                    return (float(p.y), float(p.x))
        return None

    @property
    def extent_m(self) -> tuple[float, float]:
        """``(width, height)`` in metres: the region's box in a local frame on its centre.

        NaN for regions over a fifth of the Earth, where no local frame is meaningful.
        """
        if self.is_empty:
            return (0.0, 0.0)
        if self.area_km2 >= _LOCAL_KM2:
            return (math.nan, math.nan)
        from geoverify._frame import LocalFrame

        frame = LocalFrame(*(self.centre or self.shape.anchor))
        x0, y0, x1, y1 = frame.to_plane(self.geometry, step_deg=0.05).bounds
        return (float(x1 - x0), float(y1 - y0))

    @property
    def radius_m(self) -> float:
        """The largest geodesic distance (m) from the centre to the outer polygon's vertices."""
        if self.is_empty:
            return 0.0
        import shapely

        from geoverify.geodesy import inverse

        lat, lon = self.centre or self.shape.anchor
        xy = shapely.get_coordinates(self.geometry)
        d = inverse(np.full(len(xy), lat), np.full(len(xy), lon), xy[:, 1], xy[:, 0]).distance_m
        return float(np.max(d))

    # ---------------------------------------------------------------- algebra
    def intersection(self, other: Region, *, label: str | None = None,
                     id: str | None = None) -> Region:
        """Return the places in both (both statements hold)."""
        return _combine(Intersection, (self, other), " and ", " & ", label, id)

    def union(self, other: Region, *, label: str | None = None, id: str | None = None) -> Region:
        """Return the places in either."""
        return _combine(Union, (self, other), " or ", " | ", label, id)

    def difference(self, other: Region, *, label: str | None = None,
                   id: str | None = None) -> Region:
        """Return the places in this region and not in ``other``."""
        _check(other)
        return Region(Difference(self.shape, other.shape),
                      label if label is not None else f"{self.label} but not {other.label}",
                      id if id is not None else f"{self.id} - {other.id}",
                      _dedupe(self.statements + other.statements))

    def __and__(self, other: Region) -> Region:
        return self.intersection(other)

    def __or__(self, other: Region) -> Region:
        return self.union(other)

    def __sub__(self, other: Region) -> Region:
        return self.difference(other)

    def relabel(self, label: str | None = None, id: str | None = None) -> Region:
        """Return the same region with another label and/or id (its statements kept)."""
        return Region(self.shape, self.label if label is None else label,
                      self.id if id is None else id, self.statements)

    # ---------------------------------------------------------------- places, export
    def places(self, *, limit: int = 20, kind: str | None = None,
               gazetteer: Any = None) -> list[dict[str, Any]]:
        """Return the gazetteer's places inside the region, nearest to its centre first.

        See :func:`geoverify.regions.places.places_in`.
        """
        from geoverify.regions.places import places_in

        return places_in(self, limit=limit, kind=kind, gazetteer=gazetteer)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary: id, label, statements, empty, area, extent, geometry."""
        from shapely.geometry import mapping

        empty = self.is_empty
        return {"id": self.id, "label": self.label, "statements": list(self.statements),
                "empty": empty, "area_km2": self.area_km2,
                "bounds": list(self.bounds) if self.bounds else None,
                "extent_m": list(self.extent_m),
                "geometry": None if empty else mapping(self.geometry)}

    def to_geojson(self) -> dict[str, Any]:
        """Return a GeoJSON Feature (lon/lat) with the id, label, statements and area.

        >>> from geoverify.regions.shapes import Ring
        >>> f = Region(Ring(35.0, 40.0, 0.0, 1000.0), "disc", "d").to_geojson()
        >>> f["geometry"]["type"], f["properties"]["id"], round(f["properties"]["area_km2"], 2)
        ('Polygon', 'd', 3.14)
        """
        out = self.to_dict()
        geometry = out.pop("geometry")
        return {"type": "Feature", "geometry": geometry, "properties": out}


def _check(other: Any) -> None:
    if not isinstance(other, Region):
        raise RegionError(f"regions combine with regions, not {type(other).__name__}")


def _combine(kind: type, regions: Sequence[Region], word: str, sign: str, label: str | None,
             id: str | None) -> Region:
    for r in regions:
        _check(r)
    parts: list[Shape] = []
    for r in regions:  # flatten nested combinations of the same kind
        parts.extend(r.shape.parts if isinstance(r.shape, kind) else (r.shape,))  # type: ignore
    statements = _dedupe(s for r in regions for s in r.statements)
    return Region(kind(tuple(parts)),
                  label if label is not None else word.join(r.label for r in regions),
                  id if id is not None else sign.join(r.id for r in regions), statements)


def intersect_all(regions: Sequence[Region], *, label: str | None = None,
                  id: str | None = None) -> Region:
    """Return the places where every region's statement holds.

    >>> from geoverify.regions.shapes import Ring
    >>> r = intersect_all([Region(Ring(0.0, 0.0, 0.0, 2000.0), "a", "a"),
    ...                    Region(Ring(0.0, 0.01, 0.0, 2000.0), "b", "b")])
    >>> r.statements, r.is_empty
    (('a', 'b'), False)
    """
    if not regions:
        raise RegionError("intersect_all needs at least one region")
    if len(regions) == 1:
        return regions[0]
    return _combine(Intersection, regions, " and ", " & ", label, id)


def find_conflict(regions: Sequence[Region], *, max_size: int = 3) -> tuple[Region, ...] | None:
    """Return a smallest group of regions (up to ``max_size``) that surely do not overlap.

    None when every group of at most ``max_size`` overlaps (the regions may still have no
    common place as a whole: test ``intersect_all(regions).is_empty``).

    >>> from geoverify.regions.shapes import Ring
    >>> a = Region(Ring(0.0, 0.0, 0.0, 1000.0), "a", "a")
    >>> b = Region(Ring(0.0, 0.1, 0.0, 1000.0), "b", "b")
    >>> c = Region(Ring(0.0, 0.0, 0.0, 50000.0), "c", "c")
    >>> [r.id for r in find_conflict([c, a, b])]
    ['a', 'b']
    """
    from itertools import combinations

    for r in regions:
        if r.is_empty:
            return (r,)
    for size in range(2, min(max_size, len(regions)) + 1):
        for group in combinations(regions, size):
            if intersect_all(list(group)).is_empty:
                return tuple(group)
    return None


#: the longest straight lon/lat edge (degrees) passed to the geodesic area: a longer one would
#: be read as a geodesic (which can cut across a pole)
_AREA_STEP_DEG = 0.1


def _area_km2(geom: BaseGeometry) -> float:
    """Return the geodesic area (km²) of a lon/lat polygon whose edges are straight in lon/lat.

    Each hemisphere (west, east of 0°) is measured apart, its edges cut to 0.1° (so that no
    edge, read as a geodesic, crosses a pole or spans half the globe).
    """
    if geom.is_empty:
        return 0.0
    import shapely
    from shapely.geometry import box

    from geoverify._frame import geod

    total = 0.0
    for half in (box(-180.0, -90.0, 0.0, 90.0), box(0.0, -90.0, 180.0, 90.0)):
        part = geom.intersection(half)
        if part.is_empty or part.area <= 0:
            continue
        area, _ = geod().geometry_area_perimeter(shapely.segmentize(part, _AREA_STEP_DEG))
        total += abs(float(area))
    return total / 1e6


def _rough_centre(geom: BaseGeometry, anchor: tuple[float, float]) -> tuple[float, float]:
    """Return a point near the middle of a lon/lat polygon (mean ECEF vector of its vertices)."""
    import shapely

    from geoverify.checks.cluster import geodesic_centroid
    from geoverify.errors import CheckError

    xy = shapely.get_coordinates(geom)
    if not len(xy):
        return anchor
    try:
        return geodesic_centroid(xy[:, 1], xy[:, 0])
    except CheckError:  # spread round the globe
        return anchor


def _bounds(geom: BaseGeometry) -> tuple[float, float, float, float] | None:
    if geom.is_empty:
        return None
    parts = list(getattr(geom, "geoms", [geom]))
    south = min(p.bounds[1] for p in parts)
    north = max(p.bounds[3] for p in parts)
    spans = sorted((p.bounds[0], p.bounds[2]) for p in parts)
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 1e-9:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    # the largest gap in longitude (the wrap gap too) is where the region is not
    gaps = [(merged[i + 1][0] - merged[i][1], i) for i in range(len(merged) - 1)]
    wrap = merged[0][0] + 360.0 - merged[-1][1]
    if wrap <= 1e-9 and not gaps:  # all round (a polar cap)
        return (south, -180.0, north, 180.0)
    if not gaps or wrap >= max(gaps)[0]:
        return (south, merged[0][0], north, merged[-1][1])
    _, i = max(gaps)
    return (south, merged[i + 1][0], north, merged[i][1])

