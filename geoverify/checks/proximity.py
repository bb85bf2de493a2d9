"""The proximity check: "near X", "in X", "at X", "on the outskirts of X".

The distance between the site and the place lies between the smallest and largest distance
between their circles; it is judged against limits that depend on the relation and on the kind
of place. The defaults are geoverify's own assumptions (no source defines "near"), chosen
generous so that a "consistent"/"inconsistent" answer is robust; override them with
``threshold_m``:

==========  ==========  ===========  ===============================
place kind  "in"/"at"   "near"       "on the outskirts of"
==========  ==========  ===========  ===============================
point       250 m       1 km         (250 m to 1 km)
building    250 m       1 km         (250 m to 1 km)
base        1.5 km      5 km         0.75 to 3.5 km
camp        1 km        5 km         0.5 to 3 km
village     1 km        5 km         0.5 to 3 km
town        2.5 km      7 km         1.25 to 4.5 km
city        6 km        10 km        3 to 8 km
field       5 km        10 km        2.5 to 7 km
airport     2 km        7 km         1 to 4 km
(default)   2 km        5 km         1 to 4 km
==========  ==========  ===========  ===============================

A place drawn as an area (:func:`geoverify.sites.area_site`, a relative sector) is judged for
"in"/"at" by containment in that area (consistent inside it, inconsistent wholly outside it),
not by a distance to its point.

"in"/"at" is the place's typical extent radius; the outskirts run from half the extent to the
extent plus 2 km. ``threshold_m`` replaces the upper limit of any relation. Measured from the
place's point, with the place's own uncertainty radius counted too (so a wide place radius makes
answers inconclusive sooner, never wrong).

Examples
--------
>>> from geoverify.sites import Site
>>> quriyah = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
>>> strike = Site(34.97, 40.56, 300, name="strike 1")
>>> r = check_proximity(strike, quriyah, place_kind="town")
>>> r.verdict, r.values["limit_max_m"]
(<Verdict.CONSISTENT: 'consistent'>, 7000.0)
>>> check_proximity(strike, quriyah, relation="in", place_kind="town").verdict
<Verdict.INCONCLUSIVE: 'inconclusive'>
"""

from __future__ import annotations

from typing import Any

from geoverify.checks._support import (
    SiteRole,
    fmt_km,
    fmt_range,
    interval_grading,
    interval_verdict,
    line_feature,
    require_site,
    ring_feature,
    separation,
    site_features,
    site_label,
)
from geoverify.checks.registry import register_check
from geoverify.checks.result import CheckResult, Decider, MapFeature, Share, Verdict
from geoverify.checks.rules import agree
from geoverify.errors import CheckError
from geoverify.sites import Site

__all__ = ["check_proximity", "PLACE_EXTENT_M", "NEAR_M", "RELATIONS", "proximity_limits"]

#: typical extent radius of a place of each kind (metres): the limit of "in" and "at"
PLACE_EXTENT_M: dict[str, float] = {
    "point": 250.0, "building": 250.0, "base": 1500.0, "camp": 1000.0, "village": 1000.0,
    "town": 2500.0, "city": 6000.0, "field": 5000.0, "airport": 2000.0, "default": 2000.0,
}
#: the limit of "near" for each kind of place (metres)
NEAR_M: dict[str, float] = {
    "point": 1000.0, "building": 1000.0, "base": 5000.0, "camp": 5000.0, "village": 5000.0,
    "town": 7000.0, "city": 10000.0, "field": 10000.0, "airport": 7000.0, "default": 5000.0,
}
#: accepted relation words and the relation they mean
RELATIONS: dict[str, str] = {
    "near": "near", "close to": "near", "next to": "near", "nearby": "near", "by": "near",
    "in": "in", "inside": "in", "within": "in", "at": "in",
    "on the outskirts of": "outskirts", "outskirts": "outskirts", "outskirts of": "outskirts",
    "on the edge of": "outskirts",
}
_KIND_ALIASES = {
    "oil field": "field", "gas field": "field", "oilfield": "field", "gas plant": "field",
    "military base": "base", "airbase": "base", "air base": "base", "outpost": "base",
    "pplx": "village", "ppl": "village", "ppla3": "town", "ppla2": "town", "ppla": "city",
    "pplc": "city", "hamlet": "village", "settlement": "village",
}


def _kind(place_kind: str | None) -> str:
    if place_kind is None:
        return "default"
    key = " ".join(str(place_kind).lower().replace("_", " ").split())
    key = _KIND_ALIASES.get(key, key)
    if key not in PLACE_EXTENT_M:
        raise CheckError(f"proximity check: unknown place kind {place_kind!r} "
                         f"(one of {', '.join(k for k in PLACE_EXTENT_M if k != 'default')})")
    return key


def proximity_limits(relation: str, place_kind: str | None = None,
                     threshold_m: float | None = None) -> tuple[str, float, float]:
    """Return ``(relation, lower_m, upper_m)``: the distances the relation allows.

    >>> proximity_limits("on the outskirts of", "village")
    ('outskirts', 500.0, 3000.0)
    >>> proximity_limits("near", "city", threshold_m=3000)
    ('near', 0.0, 3000.0)
    """
    key = " ".join(str(relation).lower().split())
    if key not in RELATIONS:
        raise CheckError(f"proximity check: unknown relation {relation!r} "
                         f"(one of {', '.join(sorted(RELATIONS))})")
    rel, kind = RELATIONS[key], _kind(place_kind)
    extent = PLACE_EXTENT_M[kind]
    if rel == "near":
        lower, upper = 0.0, NEAR_M[kind]
    elif rel == "in":
        lower, upper = 0.0, extent
    else:
        lower, upper = extent / 2.0, extent + 2000.0
    if threshold_m is not None:
        upper = float(threshold_m)
        if not upper >= 0:
            raise CheckError(f"proximity check: threshold_m {threshold_m!r} must be >= 0")
        lower = min(lower, upper)
    return rel, lower, upper


def _area_verdict(area: Any, region: Any) -> tuple[Verdict, float | None]:
    """Judge a site's region (projected) against a place's area: inside, outside or across."""
    if area.contains(region):
        return Verdict.CONSISTENT, float(area.boundary.distance(region))
    if not area.intersects(region):
        return Verdict.INCONSISTENT, -float(area.distance(region))
    return Verdict.INCONCLUSIVE, None


def _in_area(site: Site, place: Site, relation: str, place_kind: str | None) -> CheckResult:
    """Judge "in X" for a place drawn as an area: containment, not a distance to its point.

    Graded answers: the share of the site's region inside the area (sure and possible alike:
    the area has no uncertainty of its own beyond it), the verdict of the site's point, and
    the radius the site would have to be located to.
    """
    from shapely import affinity
    from shapely.geometry import Point

    from geoverify.checks.control import _projector, _site_region

    # each region is built in a projection centred on its own site (where a circle is exact)
    # and the site's is moved to its place in the place's projection
    transformer = _projector(place)
    area = _site_region(place, transformer)
    x, y = transformer.transform(site.lon, site.lat)
    point = Point(float(x), float(y))
    if site.area is not None:
        region = _site_region(site, transformer)
    else:
        region = affinity.translate(_site_region(site, _projector(site)), float(x), float(y))
    verdict, margin = _area_verdict(area, region)
    if verdict is Verdict.CONSISTENT:
        where = (f"lies inside the area of {site_label(place)}, {fmt_km(margin or 0.0)} from "
                 f"its edge")
    elif verdict is Verdict.INCONSISTENT:
        where = f"lies outside the area of {site_label(place)}, {fmt_km(-(margin or 0.0))} from it"
    else:
        where = f"straddles the edge of the area of {site_label(place)}"
    code = {Verdict.CONSISTENT: 1, Verdict.INCONCLUSIVE: 0, Verdict.INCONSISTENT: -1}[verdict]
    inside = float(area.intersection(region).area) / region.area if region.area > 0 else (
        1.0 if area.intersects(region) else 0.0)
    sure, possible = agree(code, inside, inside, region.area <= 0)
    centre = Verdict.CONSISTENT if area.intersects(point) else Verdict.INCONSISTENT
    decides: tuple[Decider, ...] = ()
    if verdict is Verdict.INCONCLUSIVE:
        # the site's circle must clear the edge (the circle is drawn 1.0002 times its radius)
        edge = float(area.boundary.distance(point)) / 1.0002
        radius = edge * (1 - 1e-9) - 1e-6
        if radius > 1e-6 and _area_verdict(area, point.buffer(radius * 1.0002, quad_segs=64))[
                0] is not Verdict.INCONCLUSIVE:
            decides = (Decider("site", radius, site_label(site)),)
    sep = separation(place, site)
    sentence = (f"{site_label(site)} (± {fmt_km(site.uncertainty_m)}) {where}; "
                f"'{relation}' an area means inside it: {verdict}.")
    features: list[MapFeature] = list(site_features([site, place]))
    return CheckResult(
        kind="proximity",
        verdict=verdict,
        explanation=sentence,
        values={"distance_m": sep.distance_m, "distance_min_m": sep.min_m,
                "distance_max_m": sep.max_m, "relation": "in", "place_kind": "area",
                "area_clearance_m": margin, "share_subject": "site"},
        margin=margin,
        margin_unit="m",
        inputs=_inputs(site, place, relation, place_kind, None),
        method=("containment of the site's circle (or area) in the place's area, in an "
                "azimuthal equidistant projection centred on the place's point"),
        features=tuple(features),
        share=Share(float(sure), float(possible), "site"),
        centre_verdict=centre,
        decides_if=decides,
    )


def _inputs(site: Site, place: Site, relation: str, place_kind: str | None,
            threshold_m: float | None) -> dict[str, Any]:
    """Return the inputs record both proximity paths report."""
    return {"site": site_label(site), "site_uncertainty_m": site.uncertainty_m,
            "place": site_label(place), "place_uncertainty_m": place.uncertainty_m,
            "relation": relation, "place_kind": place_kind, "threshold_m": threshold_m}

@register_check("proximity", site_params=("site", "place"),
                description="The site is near / in / on the outskirts of the place.")
def check_proximity(site: Site, place: Site, *, relation: str = "near",
                    place_kind: str | None = None, threshold_m: float | None = None) -> CheckResult:
    """Check "``site`` is <relation> ``place``" on the min/max distance between their circles.

    Parameters
    ----------
    site, place : Site
        The site described and the named place (its point and radius).
    relation : str
        "near" (default), "in", "at", "on the outskirts of" (and a few synonyms, see
        :data:`RELATIONS`).
    place_kind : str, optional
        village, town, city, field, base, camp, airport, building, point (or a GeoNames
        feature code such as PPLA2); sets the default limits (module table).
    threshold_m : float, optional
        The upper distance limit in metres, replacing the default.

    Returns
    -------
    CheckResult
        kind ``proximity``; ``margin`` in metres to the nearest limit.

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> r = check_proximity(Site(35.0, 40.3, 0), Site(35.0, 40.0, 1000), threshold_m=5000)
    >>> r.verdict, round(r.values["distance_min_m"])
    (<Verdict.INCONSISTENT: 'inconsistent'>, 26386)
    """
    require_site(site, "site")
    require_site(place, "place")
    rel, lower, upper = proximity_limits(relation, place_kind, threshold_m)
    if rel == "in" and place.area is not None and threshold_m is None:
        return _in_area(site, place, relation, place_kind)
    sep = separation(place, site)
    verdict, margin = interval_verdict(sep.min_m, sep.max_m, lower, upper)
    roles = (SiteRole("site", site, sep.radius_b_m), SiteRole("place", place, sep.radius_a_m))
    share, centre, decides = interval_grading(sep.distance_m, roles[0], roles[1], lower, upper,
                                              verdict)
    limit_text = (f"within {fmt_km(upper)}" if lower == 0 else f"{fmt_range(lower, upper)}")
    kind_word = _kind(place_kind).replace("default", "place")
    sentence = (f"{site_label(site)} is {fmt_range(sep.min_m, sep.max_m)} from "
                f"{site_label(place)}; '{relation}' a {kind_word}"
                f" means {limit_text}"
                f"{' (threshold given)' if threshold_m is not None else ''}: {verdict}.")
    features: list[MapFeature] = list(site_features([site, place]))
    features.append(line_feature(place, site))
    features.extend(ring_feature(place.lat, place.lon, lower, upper, "range_ring",
                                 f"'{relation}' {site_label(place)}: {limit_text}",
                                 {"min_m": lower, "max_m": upper}))
    return CheckResult(
        kind="proximity",
        verdict=verdict,
        explanation=sentence,
        values={"distance_m": sep.distance_m, "distance_min_m": sep.min_m,
                "distance_max_m": sep.max_m, "limit_min_m": lower, "limit_max_m": upper,
                "relation": rel, "place_kind": _kind(place_kind), "share_subject": "site"},
        margin=margin,
        margin_unit="m",
        inputs=_inputs(site, place, relation, place_kind, threshold_m),
        method=("WGS84 geodesic distance widened by both uncertainty radii, against the "
                "relation's distance limits (geoverify's documented defaults by place kind)"),
        features=tuple(features),
        share=share,
        centre_verdict=centre,
        decides_if=decides,
    )
