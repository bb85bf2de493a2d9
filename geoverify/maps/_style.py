"""What a map of a report shows, shared by the interactive (folium) and static (matplotlib) maps.

:func:`map_elements` turns a :class:`~geoverify.report_model.ReportData` into a flat
list of :class:`MapElement` values: one per site location (co-located sites share one marker),
one per site uncertainty area, and one per drawable feature of each check (range rings and
annuli, direction sectors, clusters, lines, control areas, shadows), each with its layer
(claimant and kind), its colour (by verdict) and its untrusted texts kept apart for each
renderer to escape. Features a check repeats (the sites and uncertainty circles it used)
are drawn once, with the sites.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geoverify._render import (
    SITE_COLOR,
    VERDICT_COLORS,
    check_label,
    clean_text,
    format_number,
    uncertainty_polygon,
)
from geoverify.checks.result import Verdict, combine_verdicts
from geoverify.errors import GeoverifyError

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.checks.result import CheckResult
    from geoverify.report_model import ClaimSummary, ReportData
    from geoverify.sites import Site

__all__ = [
    "MapError",
    "MapElement",
    "SiteGroup",
    "KIND_LABELS",
    "ROLE_KIND",
    "DRAW_ORDER",
    "VERDICT_COLORS",
    "SITE_COLOR",
    "NO_CLAIM",
    "RIVER_COLOR",
    "PLACE_COLOR",
    "MAX_MAP_PLACES",
    "map_elements",
    "region_elements",
    "context_elements",
    "site_groups",
    "claimant_of",
    "escape_html",
]


class MapError(GeoverifyError, ValueError):
    """A map could not be drawn (a missing optional library, an unknown tile provider...)."""


#: Layer kind of each MapFeature role.
ROLE_KIND: dict[str, str] = {
    "site": "sites",
    "uncertainty": "uncertainty",
    "range_ring": "ranges",
    "annulus": "ranges",
    "sector": "sectors",
    "cluster": "clusters",
    "line": "lines",
    "control": "control",
    "shadow": "shadows",
    "region": "regions",
    "candidate": "candidates",
    "river": "river",
    "place": "places",
}

#: What a layer of each kind is called in the layer control and the legend.
KIND_LABELS: dict[str, str] = {
    "sites": "sites",
    "uncertainty": "uncertainty areas",
    "ranges": "range rings and annuli",
    "sectors": "direction sectors",
    "clusters": "clusters",
    "lines": "lines between sites",
    "control": "control areas",
    "shadows": "shadows",
    "other": "other elements",
    "regions": "regions (where a site can be)",
    "candidates": "candidates (by verdict)",
    "river": "the Euphrates (Natural Earth 1:50m, 1-3 km off)",
    "places": "gazetteer places",
}

#: Drawing order of the kinds (first drawn first, i.e. underneath).
DRAW_ORDER: dict[str, int] = {
    "river": -2, "control": -1, "regions": 0, "uncertainty": 1, "ranges": 2, "sectors": 3,
    "clusters": 4, "shadows": 5, "other": 6, "candidates": 7, "lines": 8, "places": 9,
    "sites": 10,
}

#: Colour of the context that needs no tiles: the river line and the gazetteer's places.
RIVER_COLOR = "#4a90c2"
PLACE_COLOR = "#666666"
#: The most gazetteer places a map labels.
MAX_MAP_PLACES = 40

#: The claimant layer of checks that no claim implied (the analyst's own checks).
NO_CLAIM = "Analyst's checks"


def escape_html(value: Any) -> str:
    r"""Return untrusted ``value`` as inert HTML text, safe in an attribute and a JS template.

    On top of :func:`html.escape` (``& < > " '``), the characters that mean something inside
    a JavaScript template literal or string (backslash, backtick, ``$``) become character
    references too, so no renderer that pastes HTML into a script can be tricked into
    decoding ``\x3cscript`` or evaluating ``${...}``. Control and bidi characters become
    U+FFFD.

    Examples
    --------
    >>> escape_html('"><img src=x onerror=alert(1)>')
    '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'
    >>> escape_html("${alert(1)} \\x3c `")
    '&#36;{alert(1)} &#92;x3c &#96;'
    """
    text = html.escape(clean_text(value), quote=True)
    return text.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


@dataclass(frozen=True)
class SiteGroup:
    """Sites at one location (co-located sites share one marker), with their claims and verdict.

    ``verdict`` combines the verdicts of the checks that used a site at this location, or is
    ``None`` when no check did.
    """

    lat: float
    lon: float
    site_ids: tuple[str, ...]
    sites: tuple[Site, ...]
    claims: tuple[ClaimSummary, ...] = ()
    verdict: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The display names of the sites (cleaned, not escaped)."""
        return tuple(clean_text(s.name or i, single_line=True)
                     for i, s in zip(self.site_ids, self.sites, strict=True))

    @property
    def color(self) -> str:
        """The marker colour: the combined verdict's, or the site colour when unchecked."""
        return VERDICT_COLORS.get(self.verdict or "", SITE_COLOR)


@dataclass(frozen=True)
class MapElement:
    """One drawable element: a geometry (lon/lat), its layer and colour, and what a popup says.

    ``kind`` is a key of :data:`KIND_LABELS`; ``claimant`` is the layer's claimant (``None``
    for sites and their uncertainty areas, which every claimant shares); ``label`` and the
    texts of ``check`` and ``claims`` are untrusted and escaped by each renderer.
    """

    geometry: Any
    kind: str
    role: str
    label: str
    color: str
    claimant: str | None = None
    verdict: str | None = None
    check: CheckResult | None = None
    check_id: str = ""
    claims: tuple[ClaimSummary, ...] = ()
    site_group: SiteGroup | None = None
    properties: Mapping[str, Any] = field(default_factory=dict)

    @property
    def layer(self) -> str:
        """The layer name (plain text): ``Sites``, ``Uncertainty areas``, ``<claimant>: <kind>``."""
        if self.claimant is None:
            label = KIND_LABELS[self.kind]
            return label[:1].upper() + label[1:]
        return f"{self.claimant}: {KIND_LABELS[self.kind]}"


_TOKEN = re.compile(r"[:\s]+")


def claims_of_check(check: CheckResult, claims: Sequence[ClaimSummary]) -> tuple[ClaimSummary, ...]:
    """Return the claims a check tests, read from its id (``range:claim-2``, ``travel:a:b``).

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> from geoverify.report_model import ClaimSummary
    >>> c = ClaimSummary("claim-2", "Coalition", "impact")
    >>> check = CheckResult("range", "consistent", "", id="range:claim-2")
    >>> [x.id for x in claims_of_check(check, [c])]
    ['claim-2']
    """
    by_id = {c.id: c for c in claims}
    tokens = [t for t in _TOKEN.split(check.id or "") if t]
    found = [by_id[t] for t in tokens[1:] if t in by_id]
    return tuple(dict.fromkeys(found))


def claimant_of(check: CheckResult, claims: Sequence[ClaimSummary]) -> str:
    """Return the claimant layer of a check: its first claim's claimant, else :data:`NO_CLAIM`.

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> claimant_of(CheckResult("range", "consistent", "", id="range:1"), [])
    "Analyst's checks"
    """
    found = claims_of_check(check, claims)
    if not found:
        return NO_CLAIM
    return clean_text(found[0].claimant, single_line=True) or NO_CLAIM


def _key(lat: float, lon: float) -> tuple[float, float]:
    return (round(lat, 6), round(lon, 6))


def _geom_key(geometry: Any) -> bytes:
    import shapely

    return bytes(shapely.to_wkb(shapely.set_precision(geometry, 1e-7)))


def site_groups(report: ReportData) -> list[SiteGroup]:
    """Return the report's sites grouped by location, with their claims and combined verdict.

    Examples
    --------
    >>> from geoverify.report_model import ReportData
    >>> from geoverify.sites import Site
    >>> r = ReportData("c", "t", {"a": Site(35, 40, 10), "b": Site(35, 40, 50),
    ...                                   "c": Site(36, 40, 10)}, (), ())
    >>> [g.site_ids for g in site_groups(r)]
    [('a', 'b'), ('c',)]
    """
    located: dict[tuple[float, float], list[tuple[str, Site]]] = {}
    for site_id, site in report.sites.items():
        located.setdefault(_key(site.lat, site.lon), []).append((str(site_id), site))
    verdicts: dict[tuple[float, float], list[str]] = {}
    for check in report.checks:
        for feature in check.features:
            geom = feature.geometry
            if feature.role == "site" and geom is not None and geom.geom_type == "Point":
                verdicts.setdefault(_key(geom.y, geom.x), []).append(str(check.verdict))
    groups = []
    for key, members in located.items():
        ids = tuple(i for i, _ in members)
        claims = tuple(c for c in report.claims if c.site and any(
            part.strip() in ids for part in str(c.site).split(",")))
        vs = verdicts.get(key)
        groups.append(SiteGroup(
            lat=members[0][1].lat, lon=members[0][1].lon, site_ids=ids,
            sites=tuple(s for _, s in members), claims=claims,
            verdict=str(combine_verdicts(vs)) if vs else None,
        ))
    return groups


def map_elements(report: ReportData) -> list[MapElement]:
    """Return every element a map of ``report`` draws, in drawing order (areas first).

    Sites (one element per location) and their uncertainty areas come without a claimant;
    each check's features are put in the layer of its claimant and kind, coloured by the
    check's verdict. A check feature equal to a site or uncertainty area already drawn is
    dropped (checks repeat the sites they used).

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult, MapFeature
    >>> from geoverify.report_model import ClaimSummary, ReportData
    >>> from geoverify.sites import Site
    >>> from geoverify.geodesy import annulus
    >>> ring = MapFeature(annulus(35.0, 40.5, 0, 20_000), "annulus", "20 km")
    >>> report = ReportData(
    ...     "c", "t", {"gv": Site(35.0, 40.5, 500, name="Green Village")},
    ...     (ClaimSummary("claim-1", "Coalition", "impact", site="gv"),),
    ...     (CheckResult("range", "inconclusive", "?", id="range:claim-1", features=(ring,)),))
    >>> for e in map_elements(report):
    ...     print(e.kind, "|", e.layer, "|", e.color)
    uncertainty | Uncertainty areas | #2c7fb8
    ranges | Coalition: range rings and annuli | #f39c12
    sites | Sites | #2c7fb8
    """
    from shapely.geometry import Point

    elements: list[MapElement] = []
    seen: set[bytes] = set()
    areas: list[tuple[Any, float]] = []  # (site uncertainty area, tolerance in degrees)
    for group in site_groups(report):
        point = Point(group.lon, group.lat)
        seen.add(_geom_key(point))
        elements.append(MapElement(
            point, "sites", "site", " / ".join(group.names), group.color,
            verdict=group.verdict, claims=group.claims, site_group=group))
        for site_id, site, name in zip(group.site_ids, group.sites, group.names, strict=True):
            area = uncertainty_polygon(site)
            if area is None:
                continue
            gkey = _geom_key(area)
            if gkey in seen:
                continue
            seen.add(gkey)
            areas.append((area, 0.02 * site.uncertainty_m / 111_000.0 + 1e-6))
            label = f"{name}: uncertainty ±{format_number(site.uncertainty_m)} m"
            elements.append(MapElement(
                area, "uncertainty", "uncertainty", label, SITE_COLOR,
                properties={"site_id": site_id, "uncertainty_m": site.uncertainty_m},
                site_group=group))
    for index, check in enumerate(report.checks, start=1):
        cid = check_label(check, index)
        claims = claims_of_check(check, report.claims)
        claimant = claimant_of(check, report.claims)
        verdict = str(Verdict(check.verdict))
        for feature in check.features:
            geom = feature.geometry
            if geom is None or getattr(geom, "is_empty", True):
                continue
            role = clean_text(feature.role, single_line=True)
            if role in ("site", "uncertainty"):
                gkey = _geom_key(geom)
                if gkey in seen or (role == "uncertainty" and _repeats(geom, areas)):
                    continue
                seen.add(gkey)
            kind = ROLE_KIND.get(role, "other")
            label = clean_text(feature.label or f"{cid}: {role}", single_line=True)
            elements.append(MapElement(
                geom, kind, role, label, VERDICT_COLORS[verdict], claimant=claimant,
                verdict=verdict, check=check, check_id=cid, claims=claims,
                properties=dict(feature.properties)))
    elements.extend(region_elements(report))
    order = {id(e): i for i, e in enumerate(elements)}
    return sorted(elements, key=lambda e: (DRAW_ORDER.get(e.kind, 6), order[id(e)]))


def region_elements(report: ReportData) -> list[MapElement]:
    """Return the regions where sites can be and the candidates' areas, each by its verdict.

    The regions are those of the unknown sites and the sites with candidates. A region is
    drawn filled in the colour of its ``region:<site>`` result (an empty region has nothing
    to draw); a candidate's uncertainty area in the colour of its verdict over the
    statements. Labels are untrusted text, escaped by each renderer.
    """
    out: list[MapElement] = []
    regions = getattr(report, "regions", {}) or {}
    for sid, region in regions.items():
        name = clean_text(region.name, single_line=True)
        geom = None if region.region is None or region.empty else region.region.geometry
        if geom is not None and not geom.is_empty:
            from geoverify.report_model import area_text

            label = f"where {name} can be: {area_text(region.area_km2)}"
            out.append(MapElement(
                geom, "regions", "region", label, VERDICT_COLORS["inconclusive"],
                verdict="inconclusive",
                properties={"site_id": sid, "statements": [s.id for s in region.statements
                                                           if s.required],
                            "area_km2": region.area_km2}))
    from geoverify.report_model import candidate_areas

    for sid, region, cand, area in candidate_areas(report):
        verdict = str(Verdict(cand.verdict))
        failed = f" (excluded by {', '.join(cand.failed)})" if cand.failed else ""
        label = (f"{clean_text(cand.name, single_line=True)}: candidate for "
                 f"{clean_text(region.name, single_line=True)}: {verdict}{failed}")
        out.append(MapElement(
            area, "candidates", "candidate", label, VERDICT_COLORS[verdict], verdict=verdict,
            properties={"site_id": cand.site, "region_site": sid, "failed": list(cand.failed)}))
    return out


def context_elements(elements: Sequence[MapElement], *, places: bool = True,
                     river: bool = True) -> list[MapElement]:
    """Return what a map needs to be read without tiles, around ``elements``.

    The shipped Euphrates line (Natural Earth 1:50m, 1-3 km off: never decide a bank from the
    picture) clipped to the view, and the gazetteer's places in view as small labelled dots
    (at most :data:`MAX_MAP_PLACES`, nearest the view's centre first; none within 300 m of a
    site, which has its own label).
    """
    box = bounds([e for e in elements if e.kind not in ("river", "places")])
    if box is None:
        return []
    minx, miny, maxx, maxy = box
    pad = max(maxx - minx, maxy - miny, 0.02) * 0.1
    from shapely.geometry import LineString
    from shapely.geometry import box as make_box

    view = make_box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    out: list[MapElement] = []
    if river:
        from geoverify.checks.control import _river_lines

        for line in _river_lines(None):
            part = LineString(line).intersection(view)
            if not part.is_empty:
                out.append(MapElement(part, "river", "river", "Euphrates (Natural Earth 1:50m)",
                                      RIVER_COLOR))
    if places:
        from geoverify.regions import area_region

        sites = [e.geometry for e in elements if e.kind == "sites"]
        try:
            found = area_region(view, id="view").places(limit=MAX_MAP_PLACES * 2)
        except GeoverifyError:  # pragma: no cover - a gazetteer that cannot load
            found = []
        from geoverify.geodesy import distance

        shown = 0
        for place in found:
            if any(float(distance(place["lat"], place["lon"], g.y, g.x)) < 300 for g in sites):
                continue
            from shapely.geometry import Point

            out.append(MapElement(Point(place["lon"], place["lat"]), "places", "place",
                                  clean_text(place["name"], single_line=True), PLACE_COLOR,
                                  properties={"id": place.get("id"), "kind": place.get("kind")}))
            shown += 1
            if shown == MAX_MAP_PLACES:
                break
    return out


def _repeats(geometry: Any, areas: Sequence[tuple[Any, float]]) -> bool:
    """Return whether ``geometry`` repeats a site area already drawn.

    The same circle with any number of vertices: within 2 % of its radius (Hausdorff).
    """
    for area, tolerance in areas:
        try:
            if geometry.hausdorff_distance(area) <= tolerance:
                return True
        except Exception:  # pragma: no cover - shapely refuses some mixed geometries
            continue
    return False


def bounds(elements: Sequence[MapElement]) -> tuple[float, float, float, float] | None:
    """Return ``(min_lon, min_lat, max_lon, max_lat)`` of the elements, or None if there are none.

    Examples
    --------
    >>> bounds([])
    """
    from shapely.geometry import GeometryCollection

    geoms = [e.geometry for e in elements if e.geometry is not None and not e.geometry.is_empty]
    if not geoms:
        return None
    minx, miny, maxx, maxy = GeometryCollection(geoms).bounds
    return (float(minx), float(miny), float(maxx), float(maxy))
