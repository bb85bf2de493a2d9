"""The GeoJSON report (RFC 7946): sites, uncertainty areas and every check's map features.

Coordinates are longitude, latitude (WGS84, 7 decimals); polygon exteriors run
counter-clockwise and holes clockwise (the right-hand rule). Each feature carries the
simplestyle-spec properties (``stroke``, ``fill``, ``marker-color``...) that geojson.io,
GitHub and many viewers use, coloured by verdict. Text is stored exactly as given.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from geoverify.report._common import (
    SITE_COLOR,
    VERDICT_COLORS,
    MapItem,
    geometry_to_geojson,
    iter_map_items,
    jsonable,
    verdict_counts,
)
from geoverify.report_model import not_run_count

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport

__all__ = ["to_geojson", "to_geojson_text", "feature_style"]

_POLYGON_ROLES = {"uncertainty", "annulus", "sector", "cluster", "control", "shadow", "region",
                  "candidate"}


def feature_style(verdict: str | None, role: str) -> dict[str, Any]:
    """Return simplestyle-spec 1.1 properties for a map feature of ``role`` with ``verdict``.

    Sites and their uncertainty (``verdict`` None) are blue; check features are green,
    red or amber by verdict. Areas get a light fill, uncertainty areas a lighter one.

    Examples
    --------
    >>> feature_style("inconsistent", "annulus")["stroke"]
    '#d73027'
    >>> feature_style(None, "site")["marker-color"]
    '#2c7fb8'
    """
    color = VERDICT_COLORS.get(verdict or "", SITE_COLOR)
    style: dict[str, Any] = {
        "stroke": color,
        "stroke-width": 2 if role not in ("uncertainty", "range_ring") else 1.5,
        "stroke-opacity": 0.9,
        "fill": color,
        "fill-opacity": 0.1 if role == "uncertainty" else 0.2,
        "marker-color": color,
        "marker-size": "medium" if role == "site" else "small",
    }
    if role == "site":
        style["marker-symbol"] = "circle"
    return style


def _feature(item: MapItem, number: int) -> dict[str, Any]:
    props: dict[str, Any] = dict(item.properties)
    props.update({
        "role": item.role,
        "label": item.label,
        "verdict": item.verdict,
        "check_id": item.check_id,
        "check_kind": item.check_kind,
        "site_id": item.site_id,
        "title": item.label,
        "description": item.description,
    })
    props.update(feature_style(item.verdict, item.role))
    if item.role in ("region", "candidate"):
        fid = f"region:{item.properties.get('region_site')}" + (
            f":candidate:{item.site_id}" if item.role == "candidate" else "")
    elif item.check_id is None:
        fid = f"site:{item.site_id}:{item.role}"
    else:
        fid = f"check:{item.check_id}:{number}"
    return {
        "type": "Feature",
        "id": fid,
        "geometry": geometry_to_geojson(item.geometry),
        "properties": jsonable(props),
    }


def to_geojson(report: VerificationReport) -> dict[str, Any]:
    """Return the report as an RFC 7946 FeatureCollection (a JSON-ready dict).

    Features, in order: for each site a Point (role ``site``, with the site's fields) and
    its uncertainty area (role ``uncertainty``: the geodesic circle of ``uncertainty_m``,
    or the site's area polygon); then each region where an unknown site or a site with
    candidates can be (role ``region``, id ``region:<site>``, properties ``region_site``,
    ``statements``, ``area_km2``) and each candidate's area (role ``candidate``, id
    ``region:<site>:candidate:<candidate>``, its ``verdict`` and ``failed`` statements); then
    every check's MapFeatures (roles ``range_ring``,
    ``annulus``, ``sector``, ``cluster``, ``line``, ``control``, ``shadow``...) with
    ``verdict``, ``check_id``, ``check_kind``, ``role``, ``label`` and simplestyle styling by
    verdict. A foreign member ``geoverify`` holds the case id, title, overall verdict,
    counts and provenance.

    Parameters
    ----------
    report : VerificationReport
        The report to render.

    Returns
    -------
    dict
        The FeatureCollection; ``json.dumps`` writes it as a ``.geojson`` file.

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> from geoverify.report.model import VerificationReport
    >>> site = Site(34.95629, 40.54139, 1500, name="al-Quriyah", method="geocoded")
    >>> fc = to_geojson(VerificationReport("seed", "t", {"quriyah": site}, (), ()))
    >>> [(f["geometry"]["type"], f["properties"]["role"]) for f in fc["features"]]
    [('Point', 'site'), ('Polygon', 'uncertainty')]
    >>> fc["features"][0]["geometry"]["coordinates"]
    [40.54139, 34.95629]
    """
    counters: dict[str, int] = {}
    features = []
    for item in iter_map_items(report):
        key = item.check_id or ""
        counters[key] = counters.get(key, 0) + 1
        features.append(_feature(item, counters[key]))
    return {
        "type": "FeatureCollection",
        "features": features,
        "geoverify": {
            "case_id": report.case_id,
            "title": report.title,
            "verdict": str(report.verdict),
            "counts": verdict_counts(report),
            "not_run": not_run_count(report),
            "provenance": jsonable(dict(report.provenance)),
        },
    }


def to_geojson_text(report: VerificationReport, *, indent: int | None = None) -> str:
    """Return the GeoJSON report as text (UTF-8 characters kept, final newline).

    Examples
    --------
    >>> from geoverify.report.model import VerificationReport
    >>> to_geojson_text(VerificationReport("c", "t", {}, (), ()))[:46]
    '{"type": "FeatureCollection", "features": [], '
    """
    return json.dumps(to_geojson(report), ensure_ascii=False, indent=indent,
                      allow_nan=False) + "\n"
