"""The control check (who held the ground at a date) and the bank check (which Euphrates bank).

**Control layers** are the user's: geoverify ships none presented as authoritative. A layer is a
GeoJSON FeatureCollection of Polygon/MultiPolygon features with properties ``actor`` (text),
``valid_from`` and ``valid_to`` (ISO 8601 dates, or aware date-times; empty or null = open).
A date means the whole UTC day (``valid_to`` includes its day). For the claim's time (an
instant or an interval) the actor *surely* held the union of its areas valid throughout the
interval, and *possibly* held those valid at some moment of it. With the site's uncertainty
circle (or area):

- consistent: the circle lies inside the surely-held area, at least ``boundary_tolerance_m``
  from its edge;
- inconsistent: the circle lies at least ``boundary_tolerance_m`` from every possibly-held area,
  and the layers do cover the time (some feature of any actor is valid then);
- inconclusive otherwise: straddling, within the tolerance of a boundary, or no layer covers
  the time. The default tolerance, 1 km, is geoverify's assumption about a hand-drawn map's
  precision; raise it for coarse layers (3 km for boundaries that follow the generalised river).

Geometry is measured in an azimuthal equidistant projection centred on the site (distances from
the centre are exact WGS84 geodesics); layer edges are taken as straight in lon/lat (RFC 7946)
and densified to 0.01° before projection.

**River bank**: :func:`river_bank` and the ``bank`` check say on which bank of the Euphrates a
site lies from the Natural Earth 1:50m centre line (``data/euphrates_ne50.geojson``, 1 to 3 km
off in places); within ``refuse_within_m`` (default 3 km) of that line, plus the site's radius,
they refuse to decide.

Examples
--------
>>> from geoverify.sites import Site
>>> river_bank(Site(35.15167, 40.57583, 0))  # al-Omar field
('left', ...)
>>> check_bank(Site(34.95629, 40.54139, 1500, name="al-Quriyah"), bank="right").verdict
<Verdict.INCONCLUSIVE: 'inconclusive'>
>>> layer = {"type": "FeatureCollection", "features": [{"type": "Feature",
...     "properties": {"actor": "SDF", "valid_from": "2019-03-23", "valid_to": None},
...     "geometry": {"type": "Polygon", "coordinates": [[[40.45, 35.0], [41.0, 35.0],
...                  [41.0, 35.5], [40.45, 35.5], [40.45, 35.0]]]}}]}
>>> check_control(Site(35.15167, 40.57583, 500), actor="SDF", when="2022-01-05T06:00+03:00",
...               layers=layer).verdict
<Verdict.CONSISTENT: 'consistent'>
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geoverify.checks._support import (
    effective_radius,
    fmt_km,
    require_site,
    site_features,
    site_label,
)
from geoverify.checks.registry import register_check
from geoverify.checks.result import CheckResult, Decider, MapFeature, Share, Verdict
from geoverify.errors import CheckError, DataFileError, GeoverifyError
from geoverify.sites import Site
from geoverify.times import TimeInterval, parse_time

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "ControlArea",
    "load_control_layers",
    "check_control",
    "river_bank",
    "check_bank",
    "DEFAULT_BOUNDARY_TOLERANCE_M",
    "RIVER_REFUSE_WITHIN_M",
    "bank_sides",
]

#: default distance from a control boundary within which the answer is inconclusive (metres)
DEFAULT_BOUNDARY_TOLERANCE_M = 1000.0
#: the generalised Euphrates line is 1 to 3 km off: no bank is decided this close to it (metres)
RIVER_REFUSE_WITHIN_M = 3000.0
_DENSIFY_DEG = 0.01
#: a radius under this (m) is a point (a buffer of it would be empty)
_POINT_M = 1e-6
_BANK_WORDS = {
    "left": "left", "east": "left", "north": "left", "jazira": "left", "jazirah": "left",
    "الجزيرة": "left", "left bank": "left", "east bank": "left", "eastern": "left",
    "right": "right", "west": "right", "south": "right", "shamiya": "right", "shamiyah": "right",
    "الشامية": "right", "right bank": "right", "west bank": "right", "western": "right",
}


@dataclass(frozen=True)
class ControlArea:
    """One feature of a control layer: an actor's area, valid from/to (None = open), lon/lat."""

    actor: str
    valid_from: datetime | None
    valid_to: datetime | None
    geometry: Any
    label: str = ""

    def valid_throughout(self, start: datetime, end: datetime) -> bool:
        """Whether the feature is valid at every moment of ``[start, end]``."""
        return ((self.valid_from is None or self.valid_from <= start)
                and (self.valid_to is None or end <= self.valid_to))

    def valid_sometime(self, start: datetime, end: datetime) -> bool:
        """Whether the feature is valid at some moment of ``[start, end]``."""
        return ((self.valid_from is None or self.valid_from <= end)
                and (self.valid_to is None or start <= self.valid_to))


def _when_bound(value: Any, *, end: bool, path: str, index: int, field: str) -> datetime | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        day = datetime(value.year, value.month, value.day, tzinfo=UTC)
        return day + timedelta(days=1) if end else day
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return _when_bound(date.fromisoformat(text), end=end, path=path, index=index,
                               field=field)
        except ValueError:
            pass
    try:
        return parse_time(value if isinstance(value, datetime) else text)
    except GeoverifyError as exc:
        raise DataFileError(f"feature {index}: {exc}", path=path, field=field) from None


def load_control_layers(layers: str | Path | dict[str, Any] | Sequence[ControlArea]
                        ) -> tuple[ControlArea, ...]:
    """Load and validate a control layer: a path to GeoJSON, or an already-loaded FeatureCollection.

    Areas already loaded (a sequence of :class:`ControlArea`, this function's own answer) are
    returned as they are, so a layer checked against many sites is read once.
    Raises :class:`~geoverify.errors.DataFileError` naming the file, the feature and the field.

    >>> layer = {"type": "FeatureCollection", "features": [{"type": "Feature",
    ...     "properties": {"actor": "A", "valid_from": "2022-01-01", "valid_to": "2022-01-31"},
    ...     "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}
    >>> area = load_control_layers(layer)[0]
    >>> area.actor, area.valid_to.isoformat()
    ('A', '2022-02-01T00:00:00+00:00')
    """
    from shapely import make_valid
    from shapely.geometry import shape

    if isinstance(layers, (tuple, list)) and all(isinstance(a, ControlArea) for a in layers):
        return tuple(layers)
    if isinstance(layers, (str, Path)):
        path = str(layers)
        from geoverify._safeload import json_loads

        try:
            data = json_loads(Path(layers).read_bytes(), path=path)
        except OSError as exc:
            raise DataFileError(f"cannot read the control layer: {exc.strerror}",
                                path=path) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            line = getattr(exc, "lineno", None)
            raise DataFileError(f"not valid JSON: {getattr(exc, 'msg', exc)}", path=path,
                                line=line) from None
    elif isinstance(layers, dict):
        path, data = "<control layer>", layers
    else:
        raise CheckError(f"control check: layers must be a path or a GeoJSON dict, "
                         f"not {type(layers).__name__}")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataFileError("a control layer must be a GeoJSON FeatureCollection", path=path,
                            field="type")
    features = data.get("features")
    if not isinstance(features, list):
        raise DataFileError("'features' must be a list", path=path, field="features")
    out: list[ControlArea] = []
    for i, feat in enumerate(features):
        where = f"features[{i}]"
        if not isinstance(feat, dict) or not isinstance(feat.get("properties"), dict):
            raise DataFileError(f"feature {i} has no properties object", path=path,
                                field=f"{where}.properties")
        props = feat["properties"]
        actor = props.get("actor")
        if not isinstance(actor, str) or not actor.strip():
            raise DataFileError(f"feature {i}: 'actor' must be a non-empty text", path=path,
                                field=f"{where}.properties.actor")
        for key in ("valid_from", "valid_to"):
            if key not in props:
                raise DataFileError(f"feature {i}: missing {key!r} (null for open-ended)",
                                    path=path, field=f"{where}.properties.{key}")
        start = _when_bound(props["valid_from"], end=False, path=path, index=i,
                            field=f"{where}.properties.valid_from")
        stop = _when_bound(props["valid_to"], end=True, path=path, index=i,
                           field=f"{where}.properties.valid_to")
        if start is not None and stop is not None and stop < start:
            raise DataFileError(f"feature {i}: valid_to is before valid_from", path=path,
                                field=f"{where}.properties.valid_to")
        geom_data = feat.get("geometry")
        if not isinstance(geom_data, dict) or geom_data.get("type") not in ("Polygon",
                                                                           "MultiPolygon"):
            raise DataFileError(f"feature {i}: geometry must be a Polygon or MultiPolygon",
                                path=path, field=f"{where}.geometry")
        try:
            geom = shape(geom_data)
        except Exception as exc:  # noqa: BLE001 - shapely raises several types for bad input
            raise DataFileError(f"feature {i}: bad geometry ({exc})", path=path,
                                field=f"{where}.geometry") from None
        if geom.is_empty:
            raise DataFileError(f"feature {i}: empty geometry", path=path,
                                field=f"{where}.geometry")
        if not geom.is_valid:
            geom = make_valid(geom)
        out.append(ControlArea(actor.strip(), start, stop, geom,
                               str(props.get("name") or props.get("label") or f"{actor} #{i}")))
    return tuple(out)


def _interval(when: Any) -> TimeInterval:
    if isinstance(when, TimeInterval):
        return when
    try:
        moment = parse_time(when)
    except GeoverifyError as exc:
        raise CheckError(f"control check: when: {exc}") from None
    except TypeError:
        raise CheckError(f"control check: when must be an aware datetime, a TimeInterval or "
                         f"ISO 8601 text, not {type(when).__name__}") from None
    return TimeInterval(moment, moment)


def _projector(site: Site) -> Any:
    from pyproj import CRS, Transformer

    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={site.lat} +lon_0={site.lon} +datum=WGS84 +units=m")
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def _project(geom: BaseGeometry, transformer: Any) -> BaseGeometry:
    import shapely

    dense = shapely.segmentize(geom, _DENSIFY_DEG)
    return shapely.transform(dense, lambda xy: _stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _stack(xy: tuple[Any, Any]) -> Any:
    import numpy as np

    return np.column_stack(xy)


def _site_region(site: Site, transformer: Any) -> BaseGeometry:
    from shapely.geometry import Point

    if site.area is not None:
        # the area holds the site (area_site, a relative sector); ``uncertainty_m`` is the
        # circle about the point that holds the area *and* its error, so only what that radius
        # exceeds the area's own reach is error around the area (buffering the area by the
        # whole radius counted the area twice)
        region = _project(site.area, transformer)
        extra = site.uncertainty_m - _area_reach(site)
        return region.buffer(extra * 1.0002, quad_segs=64) if extra > _POINT_M else region
    # the buffer's polygon is inscribed in the circle: grow it so it covers the circle
    return Point(0.0, 0.0).buffer(site.uncertainty_m * 1.0002, quad_segs=64) if (
        site.uncertainty_m > _POINT_M) else Point(0.0, 0.0)


def _area_reach(site: Site) -> float:
    """Return the largest geodesic distance (m) from the site's point to its area's vertices."""
    import numpy as np
    from shapely import get_coordinates

    from geoverify.geodesy import inverse

    xy = get_coordinates(site.area)
    if not len(xy):
        return 0.0
    far = inverse(np.full(len(xy), site.lat), np.full(len(xy), site.lon), xy[:, 1],
                  xy[:, 0]).distance_m
    return float(np.max(far))


@dataclass(frozen=True)
class _ControlJudgement:
    verdict: Verdict
    inside_clear: float | None
    outside_clear: float | None
    other_clear: float | None


@dataclass(frozen=True)
class _HeldGeometry:
    """The actor's areas in a site's projection: surely held, possibly held, others' (sure)."""

    sure: Any
    possible: Any
    others: Any
    covered: bool
    tolerance: float

    def judge(self, region: BaseGeometry) -> _ControlJudgement:
        """Return the control rule's verdict and clearances for a projected region."""
        tol = self.tolerance
        inside = outside = other = None
        if self.sure is not None and self.sure.contains(region):
            inside = float(self.sure.boundary.distance(region))
        if self.possible is not None:
            if not self.possible.intersects(region):
                outside = float(self.possible.distance(region))
        elif self.covered and self.others is not None and self.others.contains(region):
            # the layers map no area of this actor at that time: that says nothing about it,
            # unless the site lies surely inside an area another actor held throughout
            other = float(self.others.boundary.distance(region))
            if other >= tol:
                outside = math.inf
        if inside is not None and inside >= tol:
            verdict = Verdict.CONSISTENT
        elif outside is not None and outside >= tol and self.covered:
            verdict = Verdict.INCONSISTENT
        else:
            verdict = Verdict.INCONCLUSIVE
        return _ControlJudgement(verdict, inside, outside, other)

    def grading(self, site: Site, region: BaseGeometry, verdict: Verdict
                ) -> tuple[Share, Verdict, tuple[Decider, ...]]:
        """Return the share of the site's region, the point's verdict and the deciding radius.

        ``sure``: the share of the region inside the surely-held area shrunk by the tolerance;
        ``possible``: outside every area that excludes it (the possibly-held area grown by the
        tolerance, or, for an actor the layers do not map then, outside the others' areas
        shrunk by it). The deciding radius clears the edge that decides by the tolerance.
        """
        from shapely.geometry import Point

        from geoverify.checks.rules import agree

        tol = self.tolerance
        origin = Point(0.0, 0.0)
        window = region.buffer(tol + 1.0)  # only the layers' part near the site matters
        whole = float(region.area)
        if not self.covered:
            sure_a, poss_a = 0.0, whole
        else:
            sure_a = (float(region.intersection(
                self.sure.intersection(window).buffer(-tol, quad_segs=16)).area)
                if self.sure is not None else 0.0)
            if self.possible is not None:
                poss_a = float(region.intersection(
                    self.possible.intersection(window).buffer(tol, quad_segs=16)).area)
            elif self.others is not None:
                poss_a = whole - float(region.intersection(
                    self.others.intersection(window).buffer(-tol, quad_segs=16)).area)
            else:
                poss_a = whole
        code = {Verdict.CONSISTENT: 1, Verdict.INCONCLUSIVE: 0, Verdict.INCONSISTENT: -1}[verdict]
        ratio = (lambda a: a / whole) if whole > 0 else (lambda a: 1.0 if a > 0 else 0.0)
        sure, possible = agree(code, ratio(sure_a), ratio(poss_a), whole <= 0)
        at_point = self.judge(origin)
        centre = at_point.verdict
        decides: tuple[Decider, ...] = ()
        if verdict is Verdict.INCONCLUSIVE and centre is not Verdict.INCONCLUSIVE:
            if centre is Verdict.CONSISTENT:
                best = at_point.inside_clear or 0.0
            elif at_point.outside_clear is not None and math.isfinite(at_point.outside_clear):
                best = at_point.outside_clear
            else:
                best = at_point.other_clear or 0.0
            # the site's circle is drawn 1.0002 times its radius (see _site_region)
            radius = (best - tol) / 1.0002 * (1 - 1e-9)
            current = effective_radius(site)
            for _ in range(4):
                if not _POINT_M < radius < current:
                    break
                trial = origin.buffer(radius * 1.0002, quad_segs=64)
                if self.judge(trial).verdict is not Verdict.INCONCLUSIVE:
                    decides = (Decider("site", radius, site_label(site)),)
                    break
                radius *= 1 - 1e-6
        return Share(float(sure), float(possible), "site"), centre, decides


@register_check("control", site_params=("site",),
                description="The site lay in the area the actor held at the time (user layers).")
def check_control(site: Site, *, actor: str, when: Any, layers: Any,
                  boundary_tolerance_m: float = DEFAULT_BOUNDARY_TOLERANCE_M) -> CheckResult:
    """Check "``site`` was held by ``actor`` at ``when``" against the user's control layers.

    Parameters
    ----------
    site : Site
        The site, with its uncertainty radius (or area).
    actor : str
        The actor, as written in the layers' ``actor`` property (case-insensitive).
    when : datetime, TimeInterval or str
        The claim's time (aware; ISO 8601 text with an offset or zone accepted).
    layers : path or dict
        A GeoJSON FeatureCollection (see the module docstring) or its path.
    boundary_tolerance_m : float
        Closer than this to a boundary, the answer is inconclusive (default 1 km).

    Returns
    -------
    CheckResult
        kind ``control``; ``margin`` in metres: the clearance beyond the tolerance (negative
        when within it).

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> layer = {"type": "FeatureCollection", "features": [{"type": "Feature",
    ...     "properties": {"actor": "A", "valid_from": None, "valid_to": None},
    ...     "geometry": {"type": "Polygon",
    ...                  "coordinates": [[[40, 35], [40.1, 35], [40.1, 35.1], [40, 35]]]}}]}
    >>> check_control(Site(35.5, 40.5, 100), actor="A", when="2022-01-05T06:00Z",
    ...               layers=layer).verdict
    <Verdict.INCONSISTENT: 'inconsistent'>
    """
    require_site(site, "site")
    if not isinstance(actor, str) or not actor.strip():
        raise CheckError("control check: actor must be a non-empty text")
    tol = float(boundary_tolerance_m)
    if not (math.isfinite(tol) and tol >= 0):
        raise CheckError(f"control check: boundary_tolerance_m {boundary_tolerance_m!r} "
                         f"must be >= 0")
    interval = _interval(when)
    areas = load_control_layers(layers)
    from shapely import union_all
    from shapely.geometry import Point

    key = actor.strip().casefold()
    start, end = interval.start, interval.end
    mine = [a for a in areas if a.actor.casefold() == key]
    sure = [a for a in mine if a.valid_throughout(start, end)]
    possible = [a for a in mine if a.valid_sometime(start, end)]
    covered = any(a.valid_sometime(start, end) for a in areas)
    # areas other actors held throughout the time (for an actor the layers do not map then)
    others = [a for a in areas if a.actor.casefold() != key and a.valid_throughout(start, end)]

    transformer = _projector(site)
    region = _site_region(site, transformer)
    held_geom = _HeldGeometry(
        sure=union_all([_project(a.geometry, transformer) for a in sure]) if sure else None,
        possible=(union_all([_project(a.geometry, transformer) for a in possible])
                  if possible else None),
        others=(union_all([_project(a.geometry, transformer) for a in others])
                if others else None),
        covered=covered, tolerance=tol)
    poss_geom = held_geom.possible
    origin = Point(0.0, 0.0)
    judged = held_geom.judge(region)
    inside_clear, outside_clear, other_clear = (judged.inside_clear, judged.outside_clear,
                                                judged.other_clear)
    unmapped = poss_geom is None
    values: dict[str, Any] = {"actor": actor, "areas_surely_held": len(sure),
                              "areas_possibly_held": len(possible), "layers_cover_time": covered,
                              "boundary_tolerance_m": tol, "share_subject": "site"}
    if inside_clear is not None:
        values["clearance_inside_m"] = inside_clear
    if poss_geom is not None:
        values["distance_point_to_area_m"] = float(poss_geom.distance(origin))
        if outside_clear is not None:
            values["clearance_outside_m"] = outside_clear
    elif covered:
        if other_clear is not None:
            values["clearance_inside_other_actor_m"] = other_clear
        values["clearance_outside_m"] = None
    values["actor_mapped_at_time"] = not unmapped
    share, centre, decides = held_geom.grading(site, region, judged.verdict)

    name = site_label(site)
    held = f"{actor} held"
    margin: float | None
    if inside_clear is not None and inside_clear >= tol:
        verdict, margin = Verdict.CONSISTENT, inside_clear - tol
        text = (f"{name} (± {fmt_km(site.uncertainty_m)}) lies inside the area {held} "
                f"throughout the time, {fmt_km(inside_clear)} from its edge")
    elif outside_clear is not None and outside_clear >= tol and covered:
        verdict = Verdict.INCONSISTENT
        margin = -(outside_clear - tol) if math.isfinite(outside_clear) else None
        text = (f"{name} (± {fmt_km(site.uncertainty_m)}) lies "
                + (f"{fmt_km(outside_clear)} outside any area {held} at the time"
                   if math.isfinite(outside_clear) else
                   f"inside an area another actor held throughout the time, "
                   f"{fmt_km(other_clear or 0.0)} from its edge, and the layers map no area "
                   f"{held} then"))
    else:
        verdict = Verdict.INCONCLUSIVE
        if not covered:
            margin, text = None, f"no control layer covers {start.date().isoformat()}"
        elif unmapped:
            margin = None
            text = (f"the layers map no area {actor} held at {start.date().isoformat()}, and "
                    f"{name} (± {fmt_km(site.uncertainty_m)}) is not surely inside another "
                    f"actor's area (tolerance {fmt_km(tol)}): nothing says who held it")
        elif inside_clear is not None:
            margin = inside_clear - tol
            text = (f"{name} lies inside the area {held}, but only {fmt_km(inside_clear)} from "
                    f"its edge (tolerance {fmt_km(tol)})")
        elif outside_clear is not None:
            margin = -(outside_clear - tol)
            text = (f"{name} lies outside the area {held}, but only {fmt_km(outside_clear)} "
                    f"from it (tolerance {fmt_km(tol)})")
        else:
            margin = None
            if poss_geom is not None:
                edge = float(poss_geom.boundary.distance(origin))
                side = ("on the edge" if edge < 1.0 else
                        f"{'inside' if poss_geom.contains(origin) else 'outside'} it, "
                        f"{fmt_km(edge)} from the edge")
                text = (f"{name}'s uncertainty (± {fmt_km(effective_radius(site))}) straddles "
                        f"the edge of the area {held}: its point is {side}")
                values["distance_point_to_edge_m"] = edge
            else:
                text = f"{name}: the layers are unclear at that time"
    sentence = f"{text}: {verdict}."
    features: list[MapFeature] = list(site_features([site]))
    for a in possible[:20]:
        features.append(MapFeature(a.geometry, "control", a.label,
                                    {"actor": a.actor, "valid_from": a.valid_from,
                                     "valid_to": a.valid_to}))
    return CheckResult(
        kind="control",
        verdict=verdict,
        explanation=sentence,
        values=values,
        margin=margin,
        margin_unit="m",
        inputs={"site": name, "site_uncertainty_m": site.uncertainty_m, "actor": actor,
                "when": interval.to_dict(),
                "layers": str(layers) if isinstance(layers, (str, Path)) else "<GeoJSON dict>",
                "boundary_tolerance_m": tol},
        method=("the site's circle against the union of the actor's areas valid throughout / at "
                "some time of the interval, in an azimuthal equidistant projection on the site"),
        features=tuple(features),
        share=share,
        centre_verdict=centre,
        decides_if=decides,
    )


def _river_lines(path: str | Path | None) -> list[list[tuple[float, float]]]:
    from geoverify._paths import data_path

    src = Path(path) if path is not None else data_path("euphrates_ne50.geojson")
    try:
        data = json.loads(src.read_text(encoding="utf-8"))
        lines = []
        for feat in data["features"]:
            geom = feat["geometry"]
            parts = ([geom["coordinates"]] if geom["type"] == "LineString"
                     else geom["coordinates"])
            lines.extend([[(float(x), float(y)) for x, y, *_ in part] for part in parts])
    except OSError as exc:
        raise DataFileError(f"cannot read the river line: {exc.strerror}", path=str(src)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise DataFileError(f"not a GeoJSON LineString collection ({exc})",
                            path=str(src)) from None
    return lines


def river_bank(site: Site, *, refuse_within_m: float = RIVER_REFUSE_WITHIN_M,
               river: str | Path | None = None) -> tuple[str | None, float]:
    """Return ``(bank, distance_m)``: ``"left"``/``"right"`` of the Euphrates, or None (undecided).

    ``distance_m`` is the distance from the site's point to the generalised centre line; the
    bank is None within ``refuse_within_m`` plus the site's radius of the line, or when the
    nearest point of the line is one of its ends (the site is beyond the stretch covered). The
    left bank (east/north, "Jazira") is on the left of the line's downstream direction.
    ``river`` replaces the shipped line (a GeoJSON of LineStrings, vertices upstream first).

    >>> river_bank(Site(34.80, 40.40, 0))[0]
    'right'
    """
    require_site(site, "site")
    import numpy as np

    transformer = _projector(site)
    sides, dist = bank_sides(np.zeros((1, 2)), _projected_lines(river, transformer))
    distance = float(dist[0])
    bank = _SIDE_WORD[int(sides[0])]
    if distance < float(refuse_within_m) + effective_radius(site):  # area sites: their reach
        bank = None
    return bank, distance


_SIDE_WORD: dict[int, str | None] = {1: "left", -1: "right", 0: None}


def _projected_lines(river: str | Path | None, transformer: Any) -> list[Any]:
    """Return the river's lines as (V, 2) arrays in a projection."""
    import numpy as np

    out = []
    for line in _river_lines(river):
        arr = np.asarray(line)
        x, y = transformer.transform(arr[:, 0], arr[:, 1])
        out.append(np.column_stack([x, y]))
    return out


def bank_sides(points: Any, lines: Sequence[Any]) -> tuple[Any, Any]:
    """Return each point's side of polylines (1 left, -1 right, 0 beyond an end) and distance.

    ``points`` is an (P, 2) array and ``lines`` a list of (V, 2) arrays (vertices in the
    river's downstream order), all in one plane projection. The nearest line decides; a point
    whose nearest point of that line is one of its ends is beyond the stretch covered (0).
    Nearest to a vertex, the side is that of the angle bisector (the pseudo-normal).

    >>> import numpy as np
    >>> line = np.array([[0.0, 10.0], [0.0, 0.0], [0.0, -10.0]])   # flowing south
    >>> bank_sides(np.array([[5.0, 1.0], [-5.0, 0.0], [0.0, 20.0]]), [line])
    (array([ 1, -1,  0]), array([ 5.,  5., 10.]))
    """
    import numpy as np

    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    best = np.full(len(pts), np.inf)
    side = np.zeros(len(pts), dtype=np.int64)
    rows = np.arange(len(pts))
    for line in lines:
        v = np.asarray(line, dtype=float)
        a, seg = v[:-1], v[1:] - v[:-1]
        length2 = np.einsum("ij,ij->i", seg, seg)
        rel = pts[:, None, :] - a[None, :, :]
        t = np.clip(np.einsum("pij,ij->pi", rel, seg) / np.where(length2 > 0, length2, 1.0), 0, 1)
        near = a[None] + seg[None] * t[..., None]
        dist = np.hypot(pts[:, None, 0] - near[..., 0], pts[:, None, 1] - near[..., 1])
        k = np.argmin(dist, axis=1)
        dk, tk = dist[rows, k], t[rows, k]
        last = len(seg) - 1
        at_end = ((k == 0) & (tk <= 0.0)) | ((k == last) & (tk >= 1.0))
        interior = (tk > 0.0) & (tk < 1.0)
        cross = seg[k, 0] * rel[rows, k, 1] - seg[k, 1] * rel[rows, k, 0]
        # nearest to a vertex j: the angle bisector's side (pseudo-normal)
        j = np.clip(np.where(tk >= 1.0, k + 1, k), 1, max(last, 1))
        unit = seg / np.sqrt(np.where(length2 > 0, length2, 1.0))[:, None]
        d1, d2 = unit[np.clip(j - 1, 0, last)], unit[np.clip(j, 0, last)]
        normal = np.column_stack([-(d1[:, 1] + d2[:, 1]), d1[:, 0] + d2[:, 0]])
        dot = np.einsum("ij,ij->i", normal, pts - v[np.clip(j, 0, len(v) - 1)])
        here = np.where(interior, cross, dot)
        this = np.where(at_end, 0, np.where(here > 0, 1, -1))
        closer = dk < best
        best = np.where(closer, dk, best)
        side = np.where(closer, this, side)
    return side, best


@register_check("bank", site_params=("site",),
                description="Which bank of the Euphrates the site lies on (refuses near the line).")
def check_bank(site: Site, *, bank: str, refuse_within_m: float = RIVER_REFUSE_WITHIN_M,
               river: str | Path | None = None) -> CheckResult:
    """Check "``site`` is on the <bank> bank of the Euphrates" (left = east, right = west).

    Inconclusive within ``refuse_within_m`` (default 3 km) plus the site's radius of the
    generalised Natural Earth line, and beyond the ends of the stretch it covers.

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> check_bank(Site(35.15167, 40.57583, 1000, name="al-Omar"), bank="west").verdict
    <Verdict.INCONSISTENT: 'inconsistent'>
    """
    key = " ".join(str(bank).lower().split())
    if key not in _BANK_WORDS:
        raise CheckError(f"bank check: unknown bank {bank!r} (left/east/Jazira or "
                         f"right/west/Shamiya)")
    claimed = _BANK_WORDS[key]
    found, distance = river_bank(site, refuse_within_m=refuse_within_m, river=river)
    radius = effective_radius(site)
    clearance = distance - radius - float(refuse_within_m)
    if found is None:
        verdict = Verdict.INCONCLUSIVE
        text = (f"{site_label(site)} (± {fmt_km(site.uncertainty_m)}) is {fmt_km(distance)} from "
                f"the generalised Euphrates line, too close (or beyond its ends) to decide a "
                f"bank (refused within {fmt_km(float(refuse_within_m))})")
    else:
        verdict = Verdict.CONSISTENT if found == claimed else Verdict.INCONSISTENT
        text = (f"{site_label(site)} (± {fmt_km(site.uncertainty_m)}) is on the {found} bank, "
                f"{fmt_km(distance)} from the generalised Euphrates line; claimed {claimed}")
    return CheckResult(
        kind="bank",
        verdict=verdict,
        explanation=f"{text}: {verdict}.",
        values={"bank": found, "claimed_bank": claimed, "distance_to_line_m": distance,
                "refuse_within_m": float(refuse_within_m), "share_subject": "site"},
        margin=clearance,
        margin_unit="m",
        inputs={"site": site_label(site), "site_uncertainty_m": site.uncertainty_m, "bank": bank,
                "river": str(river) if river else "data/euphrates_ne50.geojson"},
        method=("side of the Natural Earth 1:50m Euphrates centre line (downstream-facing "
                "left/right) in an azimuthal equidistant projection on the site"),
        features=site_features([site]),
        **_bank_grading(site, radius, claimed, verdict, distance, float(refuse_within_m),
                        river),
    )


def _bank_grading(site: Site, radius: float, claimed: str, verdict: Verdict, distance: float,
                  refuse: float, river: str | Path | None) -> dict[str, Any]:
    """Return the bank check's share, centre verdict and deciding radius (as keywords).

    The share is of the site's circle (its effective radius, as the check reads it): ``sure``
    on the claimed bank beyond the refusal band, ``possible`` anywhere but the other bank
    beyond it (the band, "cannot say", counts as possible, never as either bank).
    """
    import numpy as np
    from shapely import get_parts, union_all
    from shapely.geometry import LineString, Point

    from geoverify._frame import LocalFrame
    from geoverify.checks.rules import agree

    code = {Verdict.CONSISTENT: 1, Verdict.INCONCLUSIVE: 0, Verdict.INCONSISTENT: -1}[verdict]
    want = 1 if claimed == "left" else -1
    frame = LocalFrame(site.lat, site.lon)  # the same azimuthal-equidistant frame, no CRS
    lines = []
    for line in _river_lines(river):
        arr = np.asarray(line)
        x, y = frame.forward(arr[:, 1], arr[:, 0])
        lines.append(np.column_stack([x, y]))
    sure_s = poss_s = 0.0
    point = radius <= _POINT_M
    if not point and code == 0:
        disc = Point(0.0, 0.0).buffer(radius, quad_segs=64)
        band = union_all([LineString(v).buffer(refuse, quad_segs=16) for v in lines])
        pieces = [p for p in get_parts(disc.difference(band)) if p.area > 0]
        whole = float(disc.area)
        if pieces:
            reps = np.array([[q.x, q.y] for q in (p.representative_point() for p in pieces)])
            sides, _ = bank_sides(reps, lines)
            areas = np.array([p.area for p in pieces])
            sure_s = float(areas[sides == want].sum()) / whole
            poss_s = 1.0 - float(areas[sides == -want].sum()) / whole
        else:
            poss_s = 1.0
    sure, possible = agree(code, sure_s, poss_s, point)
    sides0, _ = bank_sides(np.zeros((1, 2)), lines)
    side0 = int(sides0[0]) if distance >= refuse else 0
    centre = (Verdict.INCONCLUSIVE if side0 == 0 else
              Verdict.CONSISTENT if side0 == want else Verdict.INCONSISTENT)
    decides: tuple[Decider, ...] = ()
    if verdict is Verdict.INCONCLUSIVE and centre is not Verdict.INCONCLUSIVE:
        r = (distance - refuse) * (1 - 1e-9)
        if 0 < r < radius and distance >= refuse + r:
            decides = (Decider("site", r, site_label(site)),)
    return {"share": Share(float(sure), float(possible), "site"), "centre_verdict": centre,
            "decides_if": decides}
