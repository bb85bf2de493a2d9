"""The cluster check: several geolocated sites (e.g. three strike sites) against one claimed place.

Reports the spread (the largest distance between two sites' points, and the largest possible
given their radii), the geodesic centroid (the mean of the points' WGS84 Earth-centred vectors,
projected back onto the ellipsoid's surface), the site farthest from the place, and each site's
min/max distance to the place. The verdict is on "every site is <relation> the place", each
site judged as in :func:`geoverify.checks.proximity.check_proximity`: consistent when all are
consistent, inconsistent when any is inconsistent, otherwise inconclusive.

Examples
--------
>>> from geoverify.sites import Site
>>> quriyah = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
>>> strikes = [Site(34.97, 40.56, 300, name="s1"), Site(34.94, 40.52, 300, name="s2"),
...            Site(34.96, 40.50, 300, name="s3")]
>>> r = check_cluster(strikes, quriyah, place_kind="town")
>>> r.verdict, r.values["farthest_site"]
(<Verdict.CONSISTENT: 'consistent'>, 's3')
>>> round(r.values["spread_m"])
5591
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from geoverify.checks._support import (
    SiteRole,
    deciders,
    effective_radius,
    fmt_km,
    fmt_range,
    require_site,
    ring_feature,
    site_features,
    site_label,
)
from geoverify.checks.proximity import proximity_limits
from geoverify.checks.registry import register_check
from geoverify.checks.result import CheckResult, Decider, MapFeature, Share, Verdict
from geoverify.checks.rules import (
    agree,
    deciding_radius,
    interval_radius_bounds,
    interval_rule,
    interval_share,
    verdict_of,
)
from geoverify.errors import CheckError
from geoverify.sites import Site

__all__ = ["check_cluster", "geodesic_centroid"]


def geodesic_centroid(lats: Any, lons: Any) -> tuple[float, float]:
    """Return the centroid ``(lat, lon)`` of points: the mean WGS84 ECEF vector, on the surface.

    Correct across the antimeridian and near the poles (no averaging of longitudes).

    >>> geodesic_centroid([10.0, 10.0], [179.0, -179.0])
    (10.0..., 180.0)
    """
    import numpy as np
    from pyproj import Transformer

    lat = np.asarray(lats, dtype=float)
    lon = np.asarray(lons, dtype=float)
    if lat.size == 0:
        raise CheckError("cluster check: no sites to average")
    to_ecef = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)
    x, y, z = to_ecef.transform(lon, lat, np.zeros_like(lat))
    mx, my, mz = float(np.mean(x)), float(np.mean(y)), float(np.mean(z))
    if mx * mx + my * my + mz * mz < 1.0:
        raise CheckError("cluster check: the sites are spread round the globe; no centroid")
    back = Transformer.from_crs("EPSG:4978", "EPSG:4979", always_xy=True)
    clon, clat, _ = back.transform(mx, my, mz)
    clon = float(clon)
    return float(clat), (180.0 if clon == -180.0 else clon)


def _grading(sites: Sequence[Site], place: Site, d: Any, radii: Any, r_place: float,
             lower: float, upper: float, codes: Any, sure: Any, possible: Any,
             verdict: Verdict) -> tuple[Share, Verdict, tuple[Decider, ...]]:
    """Return the cluster's share, centre verdict and deciding radii.

    The share is of the sites' joint positions (the product of their areas): ``sure`` where
    every site surely holds, ``possible`` where each can (the place taken best-case for each
    site separately, so an upper bound), made to agree with the verdict.
    """
    import numpy as np

    code = {Verdict.CONSISTENT: 1, Verdict.INCONCLUSIVE: 0, Verdict.INCONSISTENT: -1}[verdict]
    s_all, p_all = agree(code, float(np.prod(sure)), float(np.prod(possible)),
                         bool(np.all(radii <= 0)))
    centre_codes, _ = interval_rule(d, d, lower, upper)
    centre = verdict_of(int(np.min(centre_codes)))
    radii_out: list[float] = []
    roles: list[SiteRole] = []
    if verdict is Verdict.INCONCLUSIVE:
        cons, inc = interval_radius_bounds(d, r_place, lower, upper)
        for i, site in enumerate(sites):
            others_fit = bool(np.all(np.delete(codes, i) == 1))
            pick = deciding_radius(cons[i] if others_fit else -np.inf, inc[i], radii[i])
            roles.append(SiteRole(f"sites[{i}]", site, float(radii[i])))
            radii_out.append(_verified(pick, d, radii, r_place, lower, upper, site=i))
        cons_p, inc_p = interval_radius_bounds(d, radii, lower, upper)
        pick = deciding_radius(np.min(cons_p), np.max(inc_p), r_place)
        roles.append(SiteRole("place", place, r_place))
        radii_out.append(_verified(pick, d, radii, r_place, lower, upper, site=None))
    return (Share(float(s_all), float(p_all), "sites"), centre,
            deciders(roles, radii_out))


def _verified(radius: Any, d: Any, radii: Any, r_place: float, lower: float, upper: float, *,
              site: int | None) -> float:
    """Return ``radius`` if giving it to one site (or the place) decides the check, else NaN."""
    import numpy as np

    r = float(radius)
    if not math.isfinite(r):
        return math.nan
    rs = np.array(radii, dtype=float)
    rp = r_place
    if site is None:
        rp = r
    else:
        rs[site] = r
    codes, _ = interval_rule(np.maximum(0.0, d - rp - rs), d + rp + rs, lower, upper)
    decided = bool(np.any(codes == -1) or np.all(codes == 1))
    return r if decided else math.nan


@register_check("cluster", site_params=("sites", "place"),
                description="Several sites against one claimed place: spread, centroid, farthest.")
def check_cluster(sites: Sequence[Site], place: Site, *, relation: str = "near",
                  threshold_m: float | None = None,
                  place_kind: str | None = None) -> CheckResult:
    """Check "all these sites are <relation> ``place``" and describe how they cluster.

    Parameters
    ----------
    sites : sequence of Site
        The geolocated sites (at least one).
    place : Site
        The place they are claimed to be near (or in...).
    relation, threshold_m, place_kind
        As in :func:`~geoverify.checks.proximity.check_proximity` (default limits by place
        kind; ``threshold_m`` replaces the upper limit).

    Returns
    -------
    CheckResult
        kind ``cluster``; ``margin`` in metres: the smallest per-site margin.

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> r = check_cluster([Site(35.0, 40.0, 0, name="a"), Site(35.2, 40.0, 0, name="b")],
    ...                   Site(35.0, 40.0, 0, name="P"), threshold_m=5000)
    >>> r.verdict, r.values["sites"][1]["verdict"]
    (<Verdict.INCONSISTENT: 'inconsistent'>, 'inconsistent')
    """
    import numpy as np

    from geoverify.geodesy import distance_bounds, inverse

    if isinstance(sites, Site) or not isinstance(sites, Sequence) or not sites:
        raise CheckError("cluster check: sites must be a non-empty list of Sites")
    for i, s in enumerate(sites):
        require_site(s, f"sites[{i}]")
    require_site(place, "place")
    rel, lower, upper = proximity_limits(relation, place_kind, threshold_m)

    n = len(sites)
    lats = np.array([s.lat for s in sites])
    lons = np.array([s.lon for s in sites])
    radii = np.array([effective_radius(s) for s in sites])
    r_place = effective_radius(place)
    to_place = inverse(np.full(n, place.lat), np.full(n, place.lon), lats, lons)
    d_place = np.asarray(to_place.distance_m, dtype=float)
    lo, hi = distance_bounds(np.full(n, place.lat), np.full(n, place.lon), np.full(n, r_place),
                             lats, lons, radii)
    lo, hi = np.atleast_1d(np.asarray(lo, dtype=float)), np.atleast_1d(np.asarray(hi, dtype=float))

    i_idx, j_idx = np.triu_indices(n, k=1)
    if len(i_idx):
        pair = np.asarray(inverse(lats[i_idx], lons[i_idx], lats[j_idx], lons[j_idx]).distance_m,
                          dtype=float)
        k = int(np.argmax(pair))
        spread = float(pair[k])
        spread_max = float(np.max(pair + radii[i_idx] + radii[j_idx]))
        spread_pair = [site_label(sites[int(i_idx[k])]), site_label(sites[int(j_idx[k])])]
    else:
        spread, spread_max, spread_pair = 0.0, float(2 * radii[0]), []
    clat, clon = geodesic_centroid(lats, lons)
    c_inv = inverse(place.lat, place.lon, clat, clon)

    codes, site_margins = interval_rule(lo, hi, lower, upper)
    codes, site_margins = np.atleast_1d(codes), np.atleast_1d(site_margins)
    verdicts = [verdict_of(c) for c in codes]
    margins = [float(m) for m in site_margins]
    site_sure, site_possible = interval_share(d_place, radii, r_place, lower, upper, codes)
    rows: list[dict[str, Any]] = []
    for i, (s, dmin, dmax, dc) in enumerate(zip(sites, lo, hi, d_place, strict=True)):
        rows.append({"site": site_label(s), "distance_m": float(dc), "distance_min_m": float(dmin),
                     "distance_max_m": float(dmax), "verdict": str(verdicts[i]),
                     "margin_m": margins[i],
                     "share": {"sure": float(site_sure[i]), "possible": float(site_possible[i])}})
    if Verdict.INCONSISTENT in verdicts:
        verdict = Verdict.INCONSISTENT
    elif all(v is Verdict.CONSISTENT for v in verdicts):
        verdict = Verdict.CONSISTENT
    else:
        verdict = Verdict.INCONCLUSIVE
    share, centre, decides = _grading(sites, place, d_place, radii, r_place, lower, upper, codes,
                                      site_sure, site_possible, verdict)
    far = int(np.argmax(d_place))
    counts = {v: verdicts.count(v) for v in Verdict}
    limit_text = f"within {fmt_km(upper)}" if lower == 0 else fmt_range(lower, upper)
    span = fmt_range(float(lo.min()), float(hi.max()))
    sentence = (f"The {n} site{'s' if n > 1 else ''} lie {span}"
                f" from {site_label(place)} (spread {fmt_km(spread)}, centroid "
                f"{fmt_km(float(c_inv.distance_m))} away, farthest {site_label(sites[far])}); "
                f"'{relation}' means {limit_text}: {counts[Verdict.CONSISTENT]} fit, "
                f"{counts[Verdict.INCONSISTENT]} do not, {counts[Verdict.INCONCLUSIVE]} undecided: "
                f"{verdict}.")

    from shapely.geometry import MultiPoint, Point

    features: list[MapFeature] = list(site_features([*sites, place]))
    features.append(MapFeature(MultiPoint(list(zip(lons, lats, strict=True))).convex_hull,
                               "cluster", f"hull of {n} sites", {"spread_m": spread}))
    features.append(MapFeature(Point(clon, clat), "site", "centroid of the sites",
                               {"centroid": True}))
    features.extend(ring_feature(place.lat, place.lon, lower, upper, "range_ring",
                                 f"'{relation}' {site_label(place)}: {limit_text}",
                                 {"min_m": lower, "max_m": upper}))
    return CheckResult(
        kind="cluster",
        verdict=verdict,
        explanation=sentence,
        values={
            "spread_m": spread, "spread_max_m": spread_max, "spread_pair": spread_pair,
            "centroid_lat": clat, "centroid_lon": clon,
            "centroid_distance_m": float(c_inv.distance_m),
            "farthest_site": site_label(sites[far]), "farthest_distance_m": float(d_place[far]),
            "farthest_distance_max_m": float(hi.max()),
            "limit_min_m": lower, "limit_max_m": upper, "relation": rel, "sites": rows,
            "share_subject": "sites",
        },
        margin=min(margins),
        margin_unit="m",
        inputs={"sites": [site_label(s) for s in sites],
                "sites_uncertainty_m": [s.uncertainty_m for s in sites],
                "place": site_label(place), "place_uncertainty_m": place.uncertainty_m,
                "relation": relation, "threshold_m": threshold_m, "place_kind": place_kind},
        method=("WGS84 geodesic distances (pyproj) widened by the uncertainty radii, each site "
                "against the relation's limits; centroid = mean ECEF vector on the ellipsoid"),
        features=tuple(features),
        share=share,
        centre_verdict=centre,
        decides_if=decides,
    )
