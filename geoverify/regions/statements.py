"""Regions from what is said about a site: each statement, as the check that tests it reads it.

Every constructor takes Sites with their uncertainty and returns a :class:`Region` with a
readable ``label`` and a stable statement ``id`` (pass ``id=`` to name it after a claim, as a
case engine does: ``reach:claim-2:107mm-type63``). The distances and widths are the checks'
own, imported from them, never copied: proximity's limits
(:func:`geoverify.checks.proximity.proximity_limits`), the stated-distance tolerance
(:func:`geoverify.checks.stated_distance.stated_limits`), the compass widths
(:func:`geoverify.checks.direction.claimed_sector`), the weapon envelopes and their rules
(:mod:`geoverify.checks.rules`), the control layers and the Euphrates line of
:mod:`geoverify.checks.control`, the travel speeds of :mod:`geoverify.checks.travel`.

``reading`` says which region a statement about an *uncertain* reference gives:

- ``"possible"`` (default): where the site can be for *some* position of the reference (the
  statement's shape grown by the reference's radius). Intersect these to find where a site can
  still be: a place outside is excluded by the worst-case rule.
- ``"sure"``: where the statement holds for *every* position of the reference (the shape shrunk
  by it): a site surely inside makes the check consistent.

Examples
--------
>>> from geoverify.sites import Site
>>> conoco = Site(35.33611, 40.30944, 4000, name="Conoco field")   # the gazetteer's rows
>>> reach = reach_region(conoco, "107 mm")
>>> reach.id, reach.label
('reach:conoco-field:107mm-type63', '107 mm rocket (Type 63 family) reach of Conoco field')
>>> deir = Site(35.33588, 40.14084, 5000, name="Deir ez-Zor")
>>> ne = direction_region(deir, "north-east")
>>> ese = direction_region(deir, "east-south-east")
>>> [p["name"] for p in (reach & ese).places(limit=4)]
['Khasham', 'al-Tabiyah (GeoNames 172358)', 'Mazloum', 'Conoco gas field']
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geoverify.regions.region import Region, RegionError
from geoverify.regions.shapes import (
    Area,
    Difference,
    Everywhere,
    Grown,
    Nowhere,
    Ring,
    Shape,
    Union,
    Wedge,
)
from geoverify.sites import Site

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry.base import BaseGeometry

    from geoverify.weapons import Weapon

__all__ = [
    "READINGS",
    "DIRECTION_REACH_M",
    "BANK_WIDTH_M",
    "site_region",
    "relation_region",
    "direction_region",
    "distance_region",
    "reach_region",
    "reach_regions",
    "control_region",
    "bank_region",
    "travel_region",
    "shadow_region_of",
    "area_region",
    "Bank",
]

#: the two readings of a statement about an uncertain reference
READINGS = ("possible", "sure")
#: how far a direction without a distance is drawn (m): a region is for the ground of a theatre
DIRECTION_REACH_M = 1_000_000.0
#: how far from the Euphrates line a bank is drawn (m)
BANK_WIDTH_M = 100_000.0


def _slug(text: str) -> str:
    """Return a lower-case id part: letters and digits, runs of others as one hyphen."""
    out = re.sub(r"[^0-9a-z]+", "-", str(text).lower()).strip("-")
    return out or "x"


def _key(site: Site) -> str:
    return _slug(site.name) if site.name else f"{site.lat:.5f},{site.lon:.5f}"


def _name(site: Site) -> str:
    from geoverify.checks._support import site_label

    return site_label(site)


def _reading(reading: str) -> int:
    if reading not in READINGS:
        raise RegionError(f"reading {reading!r} must be 'possible' or 'sure'")
    return 1 if reading == "possible" else -1


def _radius(site: Site) -> float:
    from geoverify.checks._support import effective_radius, require_site

    return effective_radius(require_site(site, "site"))


def _grow(shape: Shape, distance_m: float) -> Shape:
    return Grown(shape, distance_m) if distance_m != 0 else shape


def _ring(site: Site, inner: float, outer: float) -> Shape:
    """Return the band ``[inner, outer]`` about a site's point (nothing / everywhere at limits)."""
    if not outer >= max(inner, 0.0):  # NaN or an empty band
        return Nowhere()
    if math.isinf(outer):
        return Everywhere() if inner <= 0 else Difference(Everywhere(), Ring(
            site.lat, site.lon, 0.0, inner))
    return Ring(site.lat, site.lon, inner, outer)


def _band(site: Site, lower: float, upper: float, side: int) -> Shape:
    from geoverify.checks.rules import distance_bands

    s_in, s_out, p_in, p_out = (float(v) for v in distance_bands(_radius(site), lower, lower,
                                                                 upper))
    return _ring(site, p_in, p_out) if side > 0 else _ring(site, s_in, s_out)


# ---------------------------------------------------------------------------------------------
# a site, and statements relative to a reference


def site_region(site: Site, *, id: str | None = None, label: str | None = None) -> Region:
    """Return a site's own uncertainty: its disc, or its area (grown by the error beyond it).

    >>> r = site_region(Site(35.0, 40.0, 1000, name="A"))
    >>> r.id, r.label, round(r.area_km2, 3)
    ('site:a', 'A ± 1 km', 3.142)
    """
    from geoverify.checks._support import fmt_km

    if site.area is not None:
        from geoverify.checks.control import _area_reach

        extra = site.uncertainty_m - _area_reach(site)
        shape: Shape = _grow(Area(site.area), extra if extra > 0 else 0.0)
        text = f"{_name(site)} (area)"
    else:
        shape = Ring(site.lat, site.lon, 0.0, site.uncertainty_m)
        text = f"{_name(site)} ± {fmt_km(site.uncertainty_m)}"
    return Region(shape, label if label is not None else text,
                  id if id is not None else f"site:{_key(site)}")


def relation_region(place: Site, relation: str = "near", *, place_kind: str | None = None,
                    threshold_m: float | None = None, reading: str = "possible",
                    id: str | None = None, label: str | None = None) -> Region:
    """Return "near / in / on the outskirts of ``place``" as the proximity check reads it.

    The distances are :func:`geoverify.checks.proximity.proximity_limits` (by relation and
    kind of place), about the place's point, grown (``possible``) or shrunk (``sure``) by its
    radius; "in" a place drawn as an area is that area.

    >>> r = relation_region(Site(35.0, 40.0, 500, name="V"), "near", place_kind="village")
    >>> r.id, r.label, round(r.area_km2, 1)
    ('near:v', "'near' V", 95.0)
    """
    from geoverify.checks.proximity import proximity_limits

    side = _reading(reading)
    rel, lower, upper = proximity_limits(relation, place_kind, threshold_m)
    if rel == "in" and place.area is not None and threshold_m is None:
        shape = site_region(place).shape
    else:
        shape = _band(place, lower, upper, side)
    return Region(shape, label if label is not None else f"'{relation}' {_name(place)}",
                  id if id is not None else f"{rel}:{_key(place)}")


def direction_region(reference: Site, direction: str | float, *,
                     half_width_deg: float | None = None, min_m: float = 0.0,
                     max_m: float | None = None, reading: str = "possible",
                     reach_m: float = DIRECTION_REACH_M, id: str | None = None,
                     label: str | None = None) -> Region:
    """Return "<direction> of ``reference``" (optionally ``min_m`` to ``max_m``) as a region.

    The sector is the direction check's (:func:`geoverify.checks.direction.claimed_sector`: a
    compass word's own width, or degrees with ``half_width_deg``), from the reference's point
    to ``max_m`` (or ``reach_m``, 1,000 km: the region is drawn on the ground of a theatre),
    grown (``possible``) or shrunk (``sure``) by the reference's radius in its local
    azimuthal-equidistant frame (exact bearings and distances from its point).

    >>> r = direction_region(Site(35.0, 40.0, 0, name="X"), "NE", max_m=10_000)
    >>> r.id, r.contains(35.05, 40.05), r.contains(35.05, 39.95)
    ('direction:x:ne', True, False)
    """
    from geoverify.checks.direction import claimed_sector
    from geoverify.errors import CheckError

    side = _reading(reading)
    try:
        centre, half, text = claimed_sector(direction, half_width_deg)
    except CheckError as exc:
        raise RegionError(str(exc)) from None
    upper = float(max_m) if max_m is not None else float(reach_m)
    lower = float(min_m or 0.0)
    if not (0 <= lower < upper):
        raise RegionError(f"direction region: need 0 <= min_m < max_m (got {min_m!r}, {max_m!r})")
    wedge = Wedge(reference.lat, reference.lon, centre, half, lower, upper)
    shape = _grow(wedge, side * _radius(reference))
    return Region(shape, label if label is not None else f"{text} of {_name(reference)}",
                  id if id is not None else f"direction:{_key(reference)}:{_slug(text)}")


def distance_region(reference: Site, stated_m: float, *, qualifier: str = "about",
                    tolerance: float | None = None, reading: str = "possible",
                    id: str | None = None, label: str | None = None) -> Region:
    """Return "``stated_m`` from ``reference``" with the stated-distance check's tolerance.

    >>> r = distance_region(Site(35.0, 40.0, 0, name="X"), 5000)
    >>> r.label, r.contains(35.0, 40.05), r.contains(35.0, 40.01)
    ('about 5 km from X', True, False)
    """
    from geoverify.checks._support import fmt_km
    from geoverify.checks.stated_distance import stated_limits

    side = _reading(reading)
    lower, upper, _ = stated_limits(stated_m, qualifier, tolerance)
    said = f"{qualifier} {fmt_km(float(stated_m))}".strip()
    return Region(_band(reference, lower, upper, side),
                  label if label is not None else f"{said} from {_name(reference)}",
                  id if id is not None else
                  f"distance:{_key(reference)}:{fmt_km(float(stated_m)).replace(' ', '')}")


# ---------------------------------------------------------------------------------------------
# weapons


def _weapons(weapon: Any) -> tuple[tuple[Weapon, ...], tuple[Weapon, ...], bool]:
    from geoverify.checks.range import _candidates, _family_siblings
    from geoverify.errors import CheckError

    try:
        weapons = _candidates(weapon)
        return weapons, _family_siblings(weapon, weapons), weapon is not None
    except CheckError as exc:
        raise RegionError(str(exc)) from None


def _weapon_shape(site: Site, weapon: Weapon, side: int) -> Shape:
    from geoverify.checks.rules import weapon_arrays, weapon_bands

    lmin, top = weapon_arrays([weapon])
    s_in, s_out, p_in, p_out = (float(v[0]) for v in weapon_bands(_radius(site), lmin, top))
    return _ring(site, p_in, p_out) if side > 0 else _ring(site, s_in, s_out)


def reach_regions(site: Site, weapon: Any = None, *, reading: str = "possible",
                  id_prefix: str | None = None) -> dict[str, Region]:
    """Return each candidate weapon's reach from or to ``site``, by weapon id.

    A weapon reaches from its minimum to its maximum range; grown by the site's radius
    (``possible``) or shrunk by it (``sure``). An unknown maximum reaches anywhere (and is
    never sure); an unknown minimum is sure only from a quarter of the maximum, as the range
    check reads it (:func:`geoverify.checks.rules.weapon_rule`).

    >>> regions = reach_regions(Site(35.0, 40.0, 0, name="T"), "Katyusha")
    >>> sorted(regions)
    ['107mm-type63', '122mm-9m22u']
    """
    side = _reading(reading)
    weapons, _, _ = _weapons(weapon)
    prefix = id_prefix if id_prefix is not None else f"reach:{_key(site)}"
    return {w.id: Region(_weapon_shape(site, w, side), f"{w.name} reach of {_name(site)}",
                         f"{prefix}:{w.id}") for w in weapons}


def reach_region(site: Site, weapon: Any = None, *, reading: str = "possible",
                 id: str | None = None, label: str | None = None) -> Region:
    """Return where a weapon fired from (or at) ``site`` can land (or have been fired from).

    Over several candidates (a press word such as "Katyusha", a class, a list) the union of
    their reaches; with ``possible`` the family siblings the range check counts (the
    extended-range 122 mm rocket for "122 mm") are in the union too. With no weapon named,
    every catalogue weapon (and ``sure`` is nothing: the weapon is unknown).

    >>> r = reach_region(Site(35.0, 40.0, 500, name="T"), "107 mm")
    >>> r.contains(35.0, 40.08), r.contains(35.0, 40.2)
    (True, False)
    """
    side = _reading(reading)
    weapons, siblings, named = _weapons(weapon)
    if side < 0 and not named:
        shapes: list[Shape] = [Nowhere()]
    else:
        shapes = [_weapon_shape(site, w, side) for w in weapons]
        if side > 0:
            shapes.extend(_weapon_shape(site, w, side) for w in siblings)
    shape = shapes[0] if len(shapes) == 1 else Union(tuple(shapes))
    if len(weapons) == 1:
        word, tag = weapons[0].name, weapons[0].id
    elif isinstance(weapon, str):
        word, tag = weapon, _slug(weapon)
    else:
        word, tag = ("any weapon", "any") if not named else (
            " or ".join(w.name for w in weapons), "+".join(w.id for w in weapons))
    return Region(shape, label if label is not None else f"{word} reach of {_name(site)}",
                  id if id is not None else f"reach:{_key(site)}:{tag}")


# ---------------------------------------------------------------------------------------------
# control layers, the river, travel, the sun


def control_region(actor: str, when: Any, layers: Any, *,
                   boundary_tolerance_m: float | None = None, reading: str = "possible",
                   id: str | None = None, label: str | None = None) -> Region:
    """Return the ground ``actor`` held at ``when`` in the control layers, as the check reads it.

    ``possible``: the areas it held at some moment of the time, grown by the boundary
    tolerance (or, when the layers map no area of it then, everywhere but the areas other
    actors surely held, shrunk by it; everywhere when no layer covers the time); ``sure``: the
    areas it held throughout, shrunk by the tolerance. Areas are grown in their local
    azimuthal-equidistant frame.

    >>> layer = {"type": "FeatureCollection", "features": [{"type": "Feature",
    ...     "properties": {"actor": "A", "valid_from": None, "valid_to": None},
    ...     "geometry": {"type": "Polygon",
    ...                  "coordinates": [[[40, 35], [40.2, 35], [40.2, 35.2], [40, 35.2],
    ...                                   [40, 35]]]}}]}
    >>> r = control_region("A", "2022-01-05T06:00Z", layer, reading="sure")
    >>> r.contains(35.1, 40.1), r.contains(35.001, 40.1)
    (True, False)
    """
    from shapely import union_all

    from geoverify.checks.control import (
        DEFAULT_BOUNDARY_TOLERANCE_M,
        _interval,
        load_control_layers,
    )
    from geoverify.errors import CheckError

    side = _reading(reading)
    tol = DEFAULT_BOUNDARY_TOLERANCE_M if boundary_tolerance_m is None else float(
        boundary_tolerance_m)
    if not (math.isfinite(tol) and tol >= 0):
        raise RegionError(f"boundary_tolerance_m {boundary_tolerance_m!r} must be >= 0")
    if not isinstance(actor, str) or not actor.strip():
        raise RegionError("control region: actor must be a non-empty text")
    try:
        interval = _interval(when)
        areas = load_control_layers(layers)
    except CheckError as exc:
        raise RegionError(str(exc)) from None
    key = actor.strip().casefold()
    start, end = interval.start, interval.end
    mine = [a for a in areas if a.actor.casefold() == key]
    sure = [a.geometry for a in mine if a.valid_throughout(start, end)]
    possible = [a.geometry for a in mine if a.valid_sometime(start, end)]
    covered = any(a.valid_sometime(start, end) for a in areas)
    others = [a.geometry for a in areas
              if a.actor.casefold() != key and a.valid_throughout(start, end)]
    shape: Shape
    if side < 0:
        shape = _grow(Area(union_all(sure)), -tol) if (sure and covered) else Nowhere()
    elif not covered:
        shape = Everywhere()
    elif possible:
        shape = _grow(Area(union_all(possible)), tol)
    elif others:
        shape = Difference(Everywhere(), _grow(Area(union_all(others)), -tol))
    else:
        shape = Everywhere()
    day = start.date().isoformat()
    return Region(shape, label if label is not None else f"held by {actor} on {day}",
                  id if id is not None else f"control:{_slug(actor)}:{day}")


@dataclass(frozen=True, eq=False)
class Bank(Shape):
    """One bank of a river line, beyond a refusal band, up to ``width_m`` from the line.

    ``want`` is 1 (left bank, looking downstream) or -1 (right). With ``sure`` only the bank
    beyond the band; otherwise also the band and what lies beyond the line's ends (where the
    bank check cannot say). Membership is the bank check's own rule
    (:func:`geoverify.checks.control.bank_sides`) in a frame on the line's middle vertex; the
    polygons follow one-sided buffers of the line: where they overlap (at bends) the outer
    polygon counts the ground as this bank and the inner one does not.
    """

    lines: tuple[Any, ...]
    want: int
    refuse_m: float
    width_m: float
    sure: bool

    def _frame(self) -> Any:
        cached = self.__dict__.get("_local")
        if cached is None:
            from geoverify._frame import LocalFrame

            allv = np.vstack([np.asarray(v) for v in self.lines])
            mid = allv[len(allv) // 2]
            cached = LocalFrame(float(mid[1]), float(mid[0]))
            object.__setattr__(self, "_local", cached)
        return cached

    def _plane_lines(self) -> list[Any]:
        cached = self.__dict__.get("_plines")
        if cached is None:
            frame = self._frame()
            cached = []
            for v in self.lines:
                arr = np.asarray(v, dtype=float)
                x, y = frame.forward(arr[:, 1], arr[:, 0])
                cached.append(np.column_stack([x, y]))
            object.__setattr__(self, "_plines", cached)
        return cached

    def contains(self, lat: Any, lon: Any) -> np.ndarray:
        """Return whether points lie on the bank (as the bank check reads it)."""
        from geoverify.checks.control import bank_sides

        la, lo = np.broadcast_arrays(np.asarray(lat, dtype=float), np.asarray(lon, dtype=float))
        x, y = self._frame().forward(la.ravel(), lo.ravel())
        side, dist = bank_sides(np.column_stack([x, y]), self._plane_lines())
        near = dist <= self.width_m
        clear = dist >= self.refuse_m
        if self.sure:
            out = near & clear & (side == self.want)
        else:
            out = near & ((side == self.want) | ~clear | (side == 0))
        return np.asarray(out).reshape(la.shape)

    def _build(self, side: int) -> BaseGeometry:
        from shapely import union_all
        from shapely.geometry import LineString

        lines = [LineString(v) for v in self._plane_lines()]
        pad = 1.0  # the band and the reach drawn 1 m narrower (outer) or wider (inner)
        band = union_all([ln.buffer(self.refuse_m - side * pad, quad_segs=32) for ln in lines])
        # arcs of 512 segments a quarter: chords within 0.5 m of a 100 km arc
        near = union_all([ln.buffer(self.width_m + side * pad, quad_segs=512) for ln in lines])
        left = union_all([ln.buffer(self.width_m, single_sided=True, quad_segs=512)
                          for ln in lines])
        right = union_all([ln.buffer(-self.width_m, single_sided=True, quad_segs=512)
                           for ln in lines])
        mine, theirs = (left, right) if self.want > 0 else (right, left)
        both = mine.intersection(theirs)  # where the one-sided buffers overlap (bends)
        if self.sure:  # outer: the whole of this side; inner: not where the other side reaches
            plane = mine.difference(band) if side > 0 else mine.difference(both).difference(band)
        else:  # outer: all but surely the other side; inner: all but the other side's reach
            plane = near.difference(theirs.difference(both).difference(band) if side > 0
                                    else theirs.difference(band))
        return self._frame().to_lonlat(plane.intersection(near))

    @property
    def anchor(self) -> tuple[float, float]:
        """The line's middle vertex."""
        return (self._frame().lat, self._frame().lon)

    def describe(self) -> str:
        """Return the bank in words."""
        return f"{'left' if self.want > 0 else 'right'} bank"


def _river_key(river: str | Path | None) -> tuple[str, float, int]:
    """Return a key for a river file that changes when the file does (None: the shipped one)."""
    if river is None:
        return ("", 0.0, 0)
    try:
        st = Path(river).stat()
    except OSError:
        return (str(river), 0.0, -1)  # reading it will raise the clear error
    return (str(river), st.st_mtime, st.st_size)


@functools.lru_cache(maxsize=16)
def _bank_shape(key: tuple[str, float, int], want: int, refuse: float, width: float,
                sure: bool) -> Bank:
    """Return one Bank per line and reading, so that its polygons are built once."""
    from geoverify.checks.control import _river_lines

    lines = tuple(tuple(line) for line in _river_lines(key[0] or None))
    return Bank(lines, want, refuse, width, sure)


def bank_region(bank: str, *, refuse_within_m: float | None = None,
                river: str | Path | None = None, reading: str = "possible",
                width_m: float = BANK_WIDTH_M, id: str | None = None,
                label: str | None = None) -> Region:
    """Return one bank of the Euphrates (left = east/Jazira, right = west/Shamiya) as a region.

    From the shipped Natural Earth line (``data/euphrates_ne50.geojson``) as the bank check
    reads it: within ``refuse_within_m`` (3 km) of the line nothing is decided, so that band
    is "cannot say": outside the ``sure`` region and inside the ``possible`` one (as is the
    ground beyond the line's ends). Drawn to ``width_m`` (100 km) from the line.

    >>> left = bank_region("left", reading="sure")
    >>> left.contains(35.15167, 40.57583), left.contains(34.80, 40.40)   # al-Omar; west bank
    (True, False)
    """
    from geoverify.checks.control import _BANK_WORDS, RIVER_REFUSE_WITHIN_M

    side = _reading(reading)
    key = " ".join(str(bank).lower().split())
    if key not in _BANK_WORDS:
        raise RegionError(f"bank region: unknown bank {bank!r} (left/east/Jazira or "
                          f"right/west/Shamiya)")
    claimed = _BANK_WORDS[key]
    refuse = RIVER_REFUSE_WITHIN_M if refuse_within_m is None else float(refuse_within_m)
    if not (math.isfinite(refuse) and refuse >= 0 and width_m > refuse):
        raise RegionError("bank region: need 0 <= refuse_within_m < width_m")
    shape = _bank_shape(_river_key(river), 1 if claimed == "left" else -1, refuse,
                        float(width_m), side < 0)
    return Region(shape, label if label is not None else f"{claimed} bank of the Euphrates",
                  id if id is not None else f"bank:{claimed}")


def travel_region(start: Site, *, when_start: Any = None, when_end: Any = None,
                  duration: timedelta | float | None = None, mode: str = "road_vehicle",
                  max_speed_kmh: float | None = None, reading: str = "possible",
                  id: str | None = None, label: str | None = None) -> Region:
    """Return where an actor seen at ``start`` can be after a time: a travel disc.

    The time is ``duration`` (a timedelta or seconds) or the gap between ``when_start`` and
    ``when_end`` (aware datetimes or TimeIntervals: the longest gap for ``possible``, the
    shortest for ``sure``). The speed is the travel check's (:data:`MODE_SPEEDS_KMH` by mode,
    or ``max_speed_kmh``): ``possible`` reaches speed × time in a straight line, ``sure`` only
    what a route :data:`~geoverify.checks.travel.ROUTE_FACTOR` times longer covers; grown or
    shrunk by the start's radius.

    >>> r = travel_region(Site(35.0, 40.0, 0, name="A"), duration=3600, mode="foot")
    >>> r.label, r.contains(35.0, 40.06), r.contains(35.0, 40.07)
    ('6 km/h for 1 h from A', True, False)
    """
    from geoverify.checks.rules import travel_bands
    from geoverify.checks.travel import (
        ROUTE_FACTOR,
        _duration,
        _interval,
        speed_limit,
        time_gap_bounds,
    )
    from geoverify.errors import CheckError

    side = _reading(reading)
    if duration is not None:
        seconds = duration.total_seconds() if isinstance(duration, timedelta) else float(duration)
        if not (math.isfinite(seconds) and seconds >= 0):
            raise RegionError(f"travel region: duration {duration!r} must be >= 0")
        gap_min = gap_max = seconds
    elif when_start is not None and when_end is not None:
        try:
            gap_min, gap_max = time_gap_bounds(_interval(when_start, "when_start"),
                                               _interval(when_end, "when_end"))
        except CheckError as exc:
            raise RegionError(str(exc)) from None
    else:
        raise RegionError("travel region: give a duration, or when_start and when_end")
    try:
        limit = speed_limit(mode, max_speed_kmh)
    except CheckError as exc:
        raise RegionError(str(exc).replace("travel check", "travel region")) from None
    s_out, p_out = travel_bands(_radius(start), gap_min, gap_max, limit, ROUTE_FACTOR)
    shape = _ring(start, 0.0, float(p_out if side > 0 else s_out))
    gap = _duration(gap_max if side > 0 else gap_min)
    return Region(shape, label if label is not None else
                  f"{limit:g} km/h for {gap} from {_name(start)}",
                  id if id is not None else f"travel:{_key(start)}")


def shadow_region_of(shadow: Any, *, reading: str = "possible", id: str | None = None,
                     label: str | None = None) -> Region:
    """Wrap a :class:`~geoverify.checks.shadow.ShadowRegion` (the shadow check's own grid).

    ``possible`` is its band (the cells where the shadows may fit), ``sure`` its fit.
    """
    from geoverify.checks.shadow import ShadowRegion

    if not isinstance(shadow, ShadowRegion):
        raise RegionError(f"shadow_region_of needs a ShadowRegion, not {type(shadow).__name__}")
    side = _reading(reading)
    geom = shadow.band if side > 0 else shadow.fits
    shape: Shape = Area(geom) if not geom.is_empty else Nowhere()
    when = shadow.when.isoformat(timespec="minutes")
    return Region(shape, label if label is not None else
                  f"where the shadows {'may fit' if side > 0 else 'fit'} at {when}",
                  id if id is not None else f"shadow:{when}")


def area_region(geometry: Any, *, label: str = "", id: str = "") -> Region:
    """Return a region from a lon/lat (Multi)Polygon (GeoJSON dict or shapely geometry).

    >>> r = area_region({"type": "Polygon", "coordinates": [[[40, 35], [40.1, 35],
    ...                  [40.1, 35.1], [40, 35]]]}, id="area:t")
    >>> r.contains(35.02, 40.05), r.contains(35.08, 40.01)
    (True, False)
    """
    from shapely import make_valid
    from shapely.geometry import shape as to_shape

    geom = to_shape(geometry) if isinstance(geometry, dict) else geometry
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise RegionError(f"area region: a Polygon or MultiPolygon is needed, not {geom.geom_type}")
    return Region(Area(geom if geom.is_valid else make_valid(geom)), label, id)

