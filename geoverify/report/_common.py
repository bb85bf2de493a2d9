"""Helpers shared by the report writers: JSON values, numbers, geometry, what a map shows.

Everything here renders; nothing decides a verdict. Untrusted text (claim text, names,
sources, quotes) passes through :func:`clean_text` before any writer places it. The helpers
the maps share with the writers (colours, safe text, numbers, uncertainty circles) live in
:mod:`geoverify._render` and the output writer in :mod:`geoverify._paths`; both are
re-exported here.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geoverify import _paths
from geoverify._render import (
    MIN_CIRCLE_M,
    SITE_COLOR,
    VERDICT_COLORS,
    check_label,
    clean_text,
    format_number,
    safe_url,
    uncertainty_polygon,
)
from geoverify.checks.result import Verdict
from geoverify.errors import GeoverifyError
from geoverify.report_model import verdict_counts

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport

__all__ = [
    "ReportError",
    "write_output",
    "check_output_path",
    "VERDICT_COLORS",
    "SITE_COLOR",
    "verdict_counts",
    "clean_text",
    "safe_url",
    "jsonable",
    "format_number",
    "format_margin",
    "format_values",
    "uncertainty_polygon",
    "MIN_CIRCLE_M",
    "oriented",
    "geometry_to_geojson",
    "iter_map_items",
    "MapItem",
    "check_label",
    "slug",
]


class ReportError(GeoverifyError, ValueError):
    """A report could not be written (unknown format, a value that cannot be rendered)."""


def write_output(path: str | os.PathLike[str], data: bytes, *, what: str = "report file",
                 error: type[GeoverifyError] = ReportError) -> Path:
    """Write a report file and return its path (see :func:`geoverify._paths.write_output`).

    Examples
    --------
    >>> write_output("", b"x")
    Traceback (most recent call last):
    ...
    geoverify.report._common.ReportError: report file '': cannot write: the path is empty
    """
    return _paths.write_output(path, data, what=what, error=error)


def check_output_path(path: str | os.PathLike[str], *, what: str = "report file",
                      error: type[GeoverifyError] = ReportError) -> Path:
    """Return ``path`` if a report file can be written there, else raise ``error``.

    See :func:`geoverify._paths.check_output_path`.
    """
    return _paths.check_output_path(path, what=what, error=error)


def jsonable(value: Any) -> Any:
    """Return ``value`` as plain JSON types (dict, list, str, int, float, bool, None).

    Non-finite floats become ``None``; tuples become lists; dates become ISO 8601 text;
    numpy scalars become Python numbers; objects with ``to_dict`` are converted.

    Examples
    --------
    >>> jsonable({"a": (1.5, float("nan")), 2: None})
    {'a': [1.5, None], '2': None}
    """
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (str, int)):
        return value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if hasattr(value, "to_dict"):
        return jsonable(value.to_dict())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "tolist"):  # numpy scalar or array
        return jsonable(value.tolist())
    if hasattr(value, "__geo_interface__"):
        return jsonable(value.__geo_interface__)
    return str(value)


def format_margin(margin: float | None, unit: str | None) -> str:
    """Return the signed margin with its unit, or ``""`` when the check has none.

    Examples
    --------
    >>> format_margin(-1250.0, "m"), format_margin(None, "m"), format_margin(12.5, "deg")
    ('-1250 m', '', '+12.5 deg')
    """
    if margin is None:
        return ""
    if isinstance(margin, float) and not math.isfinite(margin):
        return ""
    text = format_number(margin)
    if margin > 0:
        text = "+" + text
    return f"{text} {clean_text(unit, single_line=True)}".strip()


def format_values(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return ``(key, text)`` pairs for a check's measured values, nested values as JSON.

    Numbers are shown as :func:`format_number` shows them (4 significant digits), nested
    ones too; the JSON report keeps the full values.

    Examples
    --------
    >>> format_values({"distance_min_m": 6100.0, "fits": [{"id": "107mm", "margin_m": -4584.501}]})
    [('distance_min_m', '6100'), ('fits', '[{"id": "107mm", "margin_m": -4585}]')]
    """
    import json

    def rounded(value: Any) -> Any:
        if isinstance(value, float) and math.isfinite(value):
            shown = float(format_number(value))
            return int(shown) if shown.is_integer() and abs(shown) < 1e15 else shown
        if isinstance(value, dict):
            return {k: rounded(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rounded(v) for v in value]
        return value

    pairs = []
    for key, value in values.items():
        if isinstance(value, (Mapping, list, tuple)):
            text = json.dumps(rounded(jsonable(value)), ensure_ascii=False)
        else:
            text = format_number(value)
        pairs.append((clean_text(key, single_line=True), clean_text(text, single_line=True)))
    return pairs


def oriented(geometry: Any) -> Any:
    """Return the geometry with RFC 7946 winding: exterior rings counter-clockwise, holes clockwise.

    Examples
    --------
    >>> from shapely.geometry import Polygon
    >>> oriented(Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])).exterior.is_ccw
    True
    """
    from shapely.geometry import GeometryCollection, MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    if geometry is None or geometry.is_empty:
        return geometry
    if isinstance(geometry, Polygon):
        return orient(geometry, sign=1.0)
    if isinstance(geometry, MultiPolygon):
        return MultiPolygon([orient(p, sign=1.0) for p in geometry.geoms])
    if isinstance(geometry, GeometryCollection):
        return GeometryCollection([oriented(g) for g in geometry.geoms])
    return geometry


def _round_coords(coords: Any, digits: int, dedupe: bool = True) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(c), digits) for c in coords[:2]]
        out = [_round_coords(c, digits, dedupe) for c in coords]
        if dedupe and out and isinstance(out[0], list) and out[0] and isinstance(out[0][0], float):
            # a list of positions: drop the repeats that rounding made (closure is kept)
            out = [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]
        return out
    return coords


def geometry_to_geojson(geometry: Any, *, digits: int = 7) -> dict[str, Any] | None:
    """Return an RFC 7946 geometry dict (lon/lat, oriented rings, 2D), or None if empty.

    ``digits`` decimal places are kept (7 is about 1 cm). Accepts a shapely geometry or
    anything with ``__geo_interface__``.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> geometry_to_geojson(Point(40.541391234, 34.95629))
    {'type': 'Point', 'coordinates': [40.5413912, 34.95629]}
    """
    if geometry is None:
        return None
    from shapely.geometry import mapping, shape

    if not hasattr(geometry, "geom_type"):
        try:
            geometry = shape(geometry)
        except Exception as exc:  # shapely raises several types for bad input
            raise ReportError(f"cannot draw geometry {geometry!r}: {exc}") from None
    if geometry.is_empty:
        return None
    geo = mapping(oriented(geometry))
    return _to_geojson_dict(geo, digits)


def _to_geojson_dict(geo: Mapping[str, Any], digits: int) -> dict[str, Any]:
    if geo["type"] == "GeometryCollection":
        return {
            "type": "GeometryCollection",
            "geometries": [_to_geojson_dict(g, digits) for g in geo["geometries"]],
        }
    dedupe = geo["type"] not in ("Point", "MultiPoint")  # two equal points are two sites
    return {"type": geo["type"],
            "coordinates": _round_coords(geo["coordinates"], digits, dedupe)}


# ---------------------------------------------------------------------------------------
# What a map shows: one list shared by the GeoJSON and KML writers


class MapItem:
    """One thing to draw: a geometry, its group (``sites`` or a check id), role, label, style key.

    ``verdict`` is the check's verdict, or ``None`` for sites; ``check_index`` the check's
    position in the report (from 1); ``properties`` are extra
    JSON-ready attributes (the site's fields, or the MapFeature's own properties).
    """

    __slots__ = ("geometry", "role", "label", "verdict", "check_id", "check_kind", "site_id",
                 "properties", "description", "check_index")

    def __init__(self, geometry: Any, role: str, label: str, *, verdict: str | None = None,
                 check_id: str | None = None, check_kind: str | None = None,
                 site_id: str | None = None, properties: Mapping[str, Any] | None = None,
                 description: str = "", check_index: int | None = None) -> None:
        self.geometry = geometry
        self.role = role
        self.label = label
        self.verdict = verdict
        self.check_id = check_id
        self.check_kind = check_kind
        self.site_id = site_id
        self.properties = dict(properties or {})
        self.description = description
        self.check_index = check_index


def iter_map_items(report: VerificationReport) -> Iterator[MapItem]:
    """Yield every map item of a report: each site, its uncertainty area, each check's features.

    Sites come first (a point and its uncertainty area per site), then the regions where
    unknown sites and sites with candidates can be and the candidates' areas (roles
    ``region`` and ``candidate``, by verdict), then each check's MapFeatures in order,
    labelled with the check's id and verdict.
    """
    from shapely.geometry import Point

    for site_id, site in report.sites.items():
        sid = clean_text(site_id, single_line=True)
        name = clean_text(site.name or site_id, single_line=True)
        props = jsonable(site.to_dict())
        props.pop("area", None)
        desc = (f"{site.lat:.5f}, {site.lon:.5f}; uncertainty "
                f"{format_number(site.uncertainty_m)} m; located by {site.method}")
        if site.source:
            desc += f"; source: {clean_text(site.source, single_line=True)}"
        yield MapItem(Point(site.lon, site.lat), "site", name, site_id=sid, properties=props,
                      description=desc)
        area = uncertainty_polygon(site)
        if area is not None:
            shape = "area" if site.area is not None and not site.area.is_empty else "circle"
            yield MapItem(area, "uncertainty", f"{name}: uncertainty", site_id=sid,
                          properties={"uncertainty_m": site.uncertainty_m, "shape": shape},
                          description=(f"Uncertainty {shape} of {name}"
                                       + (f", radius {format_number(site.uncertainty_m)} m"
                                          if shape == "circle" else "")))
    yield from _region_items(report)
    for index, check in enumerate(report.checks, start=1):
        cid = check_label(check, index)
        verdict = str(Verdict(check.verdict))
        for feature in check.features:
            label = clean_text(feature.label or f"{cid}: {feature.role}", single_line=True)
            yield MapItem(
                feature.geometry, clean_text(feature.role, single_line=True), label,
                verdict=verdict, check_id=cid, check_kind=clean_text(check.kind, single_line=True),
                check_index=index,
                properties=jsonable(dict(feature.properties)),
                description=f"{cid} ({clean_text(check.kind)}): {verdict}. "
                            f"{clean_text(check.explanation, single_line=True)}",
            )


def _region_items(report: VerificationReport) -> Iterator[MapItem]:
    """Yield each region (where a site can be) and each candidate's area, by verdict.

    Properties: ``region_site`` (the site whose region it is), ``statements`` (ids),
    ``area_km2`` for a region; ``failed`` (statement ids) for a candidate.
    """
    from geoverify.report_model import area_text

    for sid, region in (getattr(report, "regions", {}) or {}).items():
        name = clean_text(region.name, single_line=True)
        rid = clean_text(sid, single_line=True)
        statements = [s.id for s in region.statements if s.required]
        if region.region is not None and not region.empty:
            yield MapItem(
                region.region.geometry, "region",
                f"where {name} can be: {area_text(region.area_km2)}", verdict="inconclusive",
                site_id=rid,
                properties={"region_site": sid, "statements": statements,
                            "area_km2": region.area_km2, "empty": False},
                description=(f"Region of {name} ({rid}): {area_text(region.area_km2)}; "
                             f"statements: {', '.join(statements)}"))
    from geoverify.report_model import candidate_areas

    for sid, region, cand, area in candidate_areas(report):
        name = clean_text(region.name, single_line=True)
        verdict = str(Verdict(cand.verdict))
        failed = ", ".join(cand.failed)
        statements = [s.id for s in region.statements if s.required]
        yield MapItem(
            area, "candidate", f"{clean_text(cand.name, single_line=True)}: candidate for {name}",
            verdict=verdict, site_id=clean_text(cand.site, single_line=True),
            properties={"region_site": sid, "failed": list(cand.failed),
                        "statements": statements},
            description=(f"Candidate {clean_text(cand.name, single_line=True)} for {name} "
                         f"({clean_text(sid, single_line=True)}): {verdict}"
                         + (f"; excluded by {failed}" if failed else "")))


_ID_RE = re.compile(r"[^A-Za-z0-9_.-]+")


def slug(text: str) -> str:
    """Return ``text`` reduced to characters safe in an XML id or a file name.

    Examples
    --------
    >>> slug("range: launch -> GV")
    'range-launch-GV'
    """
    return re.sub("-{2,}", "-", _ID_RE.sub("-", text)).strip("-") or "x"
