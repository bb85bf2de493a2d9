"""Shared pieces of the built-in checks: distance bounds, verdicts, sentences, features.

Private to :mod:`geoverify.checks`. An *area* site (``Site.area``) is represented, for distances
and bearings, by the smallest circle about its point that holds both the area and the site's
radius, so bounds computed from it are never narrower than the truth (a wider interval can only
make a verdict inconclusive, never wrong).

Examples
--------
>>> from geoverify.sites import Site
>>> a, b = Site(35.0, 40.0, 500), Site(35.0, 40.1, 300)
>>> s = separation(a, b)
>>> round(s.distance_m), round(s.min_m), round(s.max_m)
(9129, 8329, 9929)
>>> interval_verdict(2000.0, 3000.0, 0.0, 3490.0)
(<Verdict.CONSISTENT: 'consistent'>, 490.0)
>>> fmt_km(8050.0), fmt_km(950.0), fmt_km(22044.0)
('8.05 km', '950 m', '22.0 km')
>>> fmt_range(20400.0, 23400.0), fmt_range(800.0, 1200.0)
('20.4 to 23.4 km', '800 m to 1.2 km')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from geoverify.checks.result import Decider, MapFeature, Share, Verdict
from geoverify.errors import CheckError
from geoverify.sites import Site

__all__ = [
    "Separation",
    "separation",
    "effective_radius",
    "interval_verdict",
    "fmt_km",
    "fmt_range",
    "site_label",
    "site_features",
    "line_feature",
    "ring_feature",
    "require_site",
    "combine",
    "limit_tolerance",
    "SiteRole",
    "interval_grading",
    "deciders",
]


def require_site(value: Any, param: str) -> Site:
    """Return ``value`` if it is a Site, else raise CheckError naming the parameter."""
    if not isinstance(value, Site):
        raise CheckError(f"{param} must be a Site, got {type(value).__name__} {value!r:.60}")
    return value


def effective_radius(site: Site) -> float:
    """Return the radius (m) about the site's point holding its uncertainty circle and area."""
    radius = site.uncertainty_m
    if site.area is not None:
        import numpy as np
        from shapely import get_coordinates

        from geoverify.geodesy import inverse

        coords = get_coordinates(site.area)
        if len(coords):
            far = inverse(np.full(len(coords), site.lat), np.full(len(coords), site.lon),
                          coords[:, 1], coords[:, 0]).distance_m
            radius = max(radius, float(np.max(far)))
    return float(radius)


@dataclass(frozen=True)
class Separation:
    """Distance (m) and azimuth (deg) between two sites' points, and bounds over both circles."""

    distance_m: float
    azimuth_deg: float
    min_m: float
    max_m: float
    radius_a_m: float
    radius_b_m: float


def separation(a: Site, b: Site) -> Separation:
    """Return the geodesic distance and azimuth from ``a`` to ``b``; min/max over both circles."""
    from geoverify.geodesy import distance_bounds, inverse

    ra, rb = effective_radius(a), effective_radius(b)
    inv = inverse(a.lat, a.lon, b.lat, b.lon)
    lo, hi = distance_bounds(a.lat, a.lon, ra, b.lat, b.lon, rb)
    return Separation(float(inv.distance_m), float(inv.azimuth_deg) % 360.0, float(lo), float(hi),
                      ra, rb)


def interval_verdict(lo: float, hi: float, lower: float, upper: float) -> tuple[Verdict, float]:
    """Judge a value known to lie in ``[lo, hi]`` against the allowed ``[lower, upper]``.

    Returns the verdict and the signed margin (same unit): consistent (the whole interval is
    allowed; margin = the smallest slack, >= 0), inconsistent (no value of the interval is
    allowed; margin = minus the smallest excess) or inconclusive (the interval straddles a
    limit; margin = the slack of the interval's midpoint, either sign). A ``lower`` of 0 or
    less and an infinite ``upper`` are no limits: they give no slack (margin ``inf`` when
    neither limit applies). The rule is :func:`geoverify.checks.rules.interval_rule` (the
    same on arrays); a value that only touches a limit (20000.0000000008 m against 20 km:
    rounding in the geodesic solution) is on the limit, which is allowed.
    """
    from geoverify.checks.rules import interval_rule, verdict_of

    code, margin = interval_rule(lo, hi, lower, upper)
    return verdict_of(code), float(margin)


#: absolute part of :func:`limit_tolerance` (metres): far below any site's uncertainty
LIMIT_TOLERANCE_ABS = 1e-6
#: relative part of :func:`limit_tolerance`: a few hundred ulps of a double
LIMIT_TOLERANCE_REL = 1e-12


def limit_tolerance(limit: float) -> float:
    """Return how far a value may pass ``limit`` and still count as touching it (rounding).

    Geodesic solutions are exact to nanometres, so 1 µm plus 1e-12 of the limit only absorbs
    floating-point noise; it can never hide a real excess.

    >>> limit_tolerance(20000.0)
    1.02e-06
    """
    return LIMIT_TOLERANCE_ABS + LIMIT_TOLERANCE_REL * abs(float(limit))


@dataclass(frozen=True)
class SiteRole:
    """A site as a check sees it: its parameter name, the Site, and its effective radius (m)."""

    param: str
    site: Site
    radius_m: float

    @classmethod
    def of(cls, param: str, site: Site) -> SiteRole:
        """Return the role with the site's :func:`effective_radius`."""
        return cls(param, site, effective_radius(site))


def deciders(roles: Sequence[SiteRole], radii: Sequence[Any]) -> tuple[Decider, ...]:
    """Return a Decider for each role whose deciding radius is a number (NaN: none)."""
    from geoverify.checks.rules import MIN_DECIDE_RADIUS_M

    out = []
    for role, r in zip(roles, radii, strict=True):
        value = float(r)
        if math.isfinite(value) and value >= MIN_DECIDE_RADIUS_M:
            out.append(Decider(role.param, value, site_label(role.site)))
    return tuple(out)


def interval_grading(distance_m: float, subject: SiteRole, other: SiteRole, lower: float,
                     upper: float, verdict: Verdict,
                     order: Sequence[SiteRole] | None = None
                     ) -> tuple[Share, Verdict, tuple[Decider, ...]]:
    """Return the graded answers of an interval rule on the distance between two sites.

    The share is of ``subject``'s disc (:func:`geoverify.checks.rules.interval_share`); the
    centre verdict is the rule at the distance between the points; ``decides_if`` lists the
    sites in ``order`` (default subject, other) whose radius alone can decide the check.
    """
    from geoverify.checks.rules import (
        interval_decide_radius,
        interval_rule,
        interval_share,
        verdict_of,
    )

    code = {Verdict.CONSISTENT: 1, Verdict.INCONCLUSIVE: 0, Verdict.INCONSISTENT: -1}[verdict]
    sure, possible = interval_share(distance_m, subject.radius_m, other.radius_m, lower, upper,
                                    code)
    centre, _ = interval_rule(distance_m, distance_m, lower, upper)
    roles = tuple(order) if order is not None else (subject, other)
    radii = []
    for role in roles:
        mate = other if role is subject else subject
        radii.append(interval_decide_radius(distance_m, role.radius_m, mate.radius_m, lower,
                                            upper) if code == 0 else math.nan)
    return (Share(float(sure), float(possible), subject.param), verdict_of(centre),
            deciders(roles, radii))


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    """Return consistent if all are, inconsistent if any is, else inconclusive (an AND)."""
    seen = set(verdicts)
    if Verdict.INCONSISTENT in seen:
        return Verdict.INCONSISTENT
    if seen == {Verdict.CONSISTENT}:
        return Verdict.CONSISTENT
    return Verdict.INCONCLUSIVE


def fmt_km(m: float) -> str:
    """Return a distance as short text: metres below 1 km, else km (2 decimals below 10 km)."""
    if not math.isfinite(m):
        return "unlimited"
    if abs(m) < 1000:
        return f"{m:.0f} m"
    if abs(m) < 10000:
        return f"{m / 1000:.2f}".rstrip("0").rstrip(".") + " km"
    return f"{m / 1000:.1f} km"


def fmt_range(lo: float, hi: float) -> str:
    """Return an interval of distances as text, e.g. ``'6.1 to 8 km'`` (one value if equal)."""
    a, b = fmt_km(lo), fmt_km(hi)
    if a == b:
        return a
    if a.endswith(" km") and b.endswith(" km"):
        return f"{a[:-3]} to {b}"
    return f"{a} to {b}"


def site_label(site: Site) -> str:
    """Return the site's name, or its coordinates when it has none."""
    return site.name or f"({site.lat:.5f}, {site.lon:.5f})"


def site_features(sites: Sequence[Site]) -> tuple[MapFeature, ...]:
    """Return a point and (when the radius is > 0) an uncertainty circle or area for each site."""
    from shapely.geometry import Point

    from geoverify.geodesy import geodesic_circle

    out: list[MapFeature] = []
    for site in sites:
        label = site_label(site)
        props = {"uncertainty_m": site.uncertainty_m}
        out.append(MapFeature(Point(site.lon, site.lat), "site", label, props))
        if site.area is not None:
            out.append(MapFeature(site.area, "uncertainty", f"{label} (area)", props))
        elif site.uncertainty_m > 0:
            out.append(MapFeature(geodesic_circle(site.lat, site.lon, site.uncertainty_m),
                                  "uncertainty", f"{label} ± {fmt_km(site.uncertainty_m)}", props))
    return tuple(out)


def ring_feature(lat: float, lon: float, min_m: float, max_m: float, role: str, label: str,
                 properties: dict[str, Any] | None = None, *, azimuth_deg: float | None = None,
                 half_width_deg: float | None = None) -> tuple[MapFeature, ...]:
    """Return a circle, annulus or sector about a point as a MapFeature (none if it is empty)."""
    from geoverify.geodesy import annulus, geodesic_circle, sector

    if not (math.isfinite(max_m) and max_m > 0 and max_m > min_m):
        return ()
    lo = max(float(min_m), 0.0)
    if azimuth_deg is not None and half_width_deg is not None:
        geom = sector(lat, lon, azimuth_deg, half_width_deg, lo, max_m)
    elif lo > 0:
        geom = annulus(lat, lon, lo, max_m)
    else:
        geom = geodesic_circle(lat, lon, max_m)
    return (MapFeature(geom, role, label, dict(properties or {})),)


def line_feature(a: Site, b: Site, label: str = "") -> MapFeature:
    """Return the segment from ``a`` to ``b`` as a MapFeature (role ``line``, for drawing only)."""
    from shapely.geometry import LineString

    return MapFeature(LineString([(a.lon, a.lat), (b.lon, b.lat)]), "line",
                      label or f"{site_label(a)} to {site_label(b)}")
