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
from geoverify.checks.result import CheckResult, MapFeature, Verdict
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
]

#: default distance from a control boundary within which the answer is inconclusive (metres)
DEFAULT_BOUNDARY_TOLERANCE_M = 1000.0
#: the generalised Euphrates line is 1 to 3 km off: no bank is decided this close to it (metres)
RIVER_REFUSE_WITHIN_M = 3000.0
_DENSIFY_DEG = 0.01
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


def load_control_layers(layers: str | Path | dict[str, Any]) -> tuple[ControlArea, ...]:
    """Load and validate a control layer: a path to GeoJSON, or an already-loaded FeatureCollection.

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

    if isinstance(layers, (str, Path)):
        path = str(layers)
        try:
            data = json.loads(Path(layers).read_text(encoding="utf-8"))
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
        return region.buffer(extra * 1.0002, quad_segs=64) if extra > 0 else region
    # the buffer's polygon is inscribed in the circle: grow it so it covers the circle
    return Point(0.0, 0.0).buffer(site.uncertainty_m * 1.0002, quad_segs=64) if (
        site.uncertainty_m > 0) else Point(0.0, 0.0)


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
    sure_geom = union_all([_project(a.geometry, transformer) for a in sure]) if sure else None
    poss_geom = (union_all([_project(a.geometry, transformer) for a in possible])
                 if possible else None)
    origin = Point(0.0, 0.0)

    inside_clear = outside_clear = None
    values: dict[str, Any] = {"actor": actor, "areas_surely_held": len(sure),
                              "areas_possibly_held": len(possible), "layers_cover_time": covered,
                              "boundary_tolerance_m": tol}
    if sure_geom is not None and sure_geom.contains(region):
        inside_clear = float(sure_geom.boundary.distance(region))
        values["clearance_inside_m"] = inside_clear
    unmapped = poss_geom is None
    other_clear: float | None = None
    if poss_geom is not None:
        values["distance_point_to_area_m"] = float(poss_geom.distance(origin))
        if not poss_geom.intersects(region):
            outside_clear = float(poss_geom.distance(region))
            values["clearance_outside_m"] = outside_clear
    elif covered:
        # the layers map no area of this actor at that time: that says nothing about it,
        # unless the site lies surely inside an area another actor held throughout
        other_geom = (union_all([_project(a.geometry, transformer) for a in others])
                      if others else None)
        if other_geom is not None and other_geom.contains(region):
            other_clear = float(other_geom.boundary.distance(region))
            values["clearance_inside_other_actor_m"] = other_clear
            if other_clear >= tol:
                outside_clear = math.inf
        values["clearance_outside_m"] = None
    values["actor_mapped_at_time"] = not unmapped

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
    best: tuple[float, str | None] = (math.inf, None)
    for line in _river_lines(river):
        arr = np.asarray(line)
        x, y = transformer.transform(arr[:, 0], arr[:, 1])
        pts = np.column_stack([x, y])
        a, b = pts[:-1], pts[1:]
        seg = b - a
        length2 = np.einsum("ij,ij->i", seg, seg)
        t = np.clip(np.einsum("ij,ij->i", -a, seg) / np.where(length2 > 0, length2, 1.0), 0, 1)
        near = a + seg * t[:, None]
        dist = np.hypot(near[:, 0], near[:, 1])
        k = int(np.argmin(dist))
        if dist[k] >= best[0]:
            continue
        at_end = (k == 0 and t[k] <= 0.0) or (k == len(seg) - 1 and t[k] >= 1.0)
        if at_end:
            best = (float(dist[k]), None)
            continue
        if 0.0 < t[k] < 1.0:
            normal_dot = float(seg[k, 0] * (-a[k, 1]) - seg[k, 1] * (-a[k, 0]))
        else:  # nearest to a vertex: the angle bisector's side (pseudo-normal)
            j = k + 1 if t[k] >= 1.0 else k
            d1 = seg[j - 1] / math.sqrt(length2[j - 1])
            d2 = seg[j] / math.sqrt(length2[j])
            v = pts[j]
            normal = np.array([-(d1[1] + d2[1]), d1[0] + d2[0]])
            normal_dot = float(normal @ (-v))
        best = (float(dist[k]), "left" if normal_dot > 0 else "right")
    distance, bank = best
    if distance < float(refuse_within_m) + effective_radius(site):  # area sites: their reach
        bank = None
    return bank, distance


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
    clearance = distance - effective_radius(site) - float(refuse_within_m)
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
                "refuse_within_m": float(refuse_within_m)},
        margin=clearance,
        margin_unit="m",
        inputs={"site": site_label(site), "site_uncertainty_m": site.uncertainty_m, "bank": bank,
                "river": str(river) if river else "data/euphrates_ne50.geojson"},
        method=("side of the Natural Earth 1:50m Euphrates centre line (downstream-facing "
                "left/right) in an azimuthal equidistant projection on the site"),
        features=site_features([site]),
    )
