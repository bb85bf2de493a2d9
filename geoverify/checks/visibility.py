"""The visibility check: whether the curve of the Earth hides a target from an observer.

Geometric horizon with standard refraction: an eye ``h`` metres above a smooth Earth sees the
horizon at ``d = sqrt(2 R_eff h + h**2)``, with the effective radius ``R_eff = R / (1 - k)``
(``k`` the refraction coefficient, 0.13 by default; ``R`` the mean Earth radius,
6,371,008.8 m). Observer and target are mutually visible over a smooth Earth up to the sum of
their two horizon distances (the graded share is of the observer's uncertainty). Terrain,
buildings and haze are not modelled: "consistent" means
the Earth's curvature does not hide the target, not that nothing else does. Both heights are
above the ground between them (taken as level).

Examples
--------
>>> from geoverify.sites import Site
>>> r = check_visibility(Site(35.0, 40.0, 0), Site(35.0, 40.3, 0), observer_height_m=2,
...                      target_height_m=10)
>>> r.verdict, round(r.values["max_visible_m"])
(<Verdict.INCONSISTENT: 'inconsistent'>, 17514)
"""

from __future__ import annotations

import math
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
from geoverify.checks.result import CheckResult, MapFeature
from geoverify.errors import CheckError
from geoverify.sites import Site

__all__ = ["check_visibility", "horizon_distance", "EARTH_MEAN_RADIUS_M", "STANDARD_REFRACTION_K"]

#: IUGG mean Earth radius R1 (metres)
EARTH_MEAN_RADIUS_M = 6371008.8
#: the standard refraction coefficient for a visible line of sight near the ground
STANDARD_REFRACTION_K = 0.13


def horizon_distance(height_m: Any, *, refraction_k: float = STANDARD_REFRACTION_K,
                     earth_radius_m: float = EARTH_MEAN_RADIUS_M) -> Any:
    """Return the distance (m) to the horizon from ``height_m`` metres: sqrt(2 R_eff h + h^2).

    Vectorized over numpy arrays.

    >>> round(horizon_distance(1.7, refraction_k=0.0))
    4654
    >>> round(horizon_distance(1.7))
    4990
    """
    import numpy as np

    if not -1.0 < refraction_k < 1.0:
        raise CheckError(f"refraction_k {refraction_k!r} must be in (-1, 1)")
    h = np.asarray(height_m, dtype=float)
    if np.any(~np.isfinite(h)) or np.any(h < 0):
        raise CheckError(f"height {height_m!r} must be a finite number of metres >= 0")
    r_eff = earth_radius_m / (1.0 - refraction_k)
    d = np.sqrt(2.0 * r_eff * h + h * h)
    return float(d) if d.ndim == 0 else d


@register_check("visibility", site_params=("observer", "target"),
                description="Whether the Earth's curvature hides the target from the observer.")
def check_visibility(observer: Site, target: Site, *, observer_height_m: float,
                     target_height_m: float, refraction_k: float = STANDARD_REFRACTION_K,
                     earth_radius_m: float = EARTH_MEAN_RADIUS_M) -> CheckResult:
    """Check whether ``target`` could be seen from ``observer`` over a smooth, refracting Earth.

    Parameters
    ----------
    observer, target : Site
        Where the observer stood and what was seen, with their uncertainty radii.
    observer_height_m, target_height_m : float
        Eye height and the visible top of the target, metres above the ground.
    refraction_k : float
        Refraction coefficient (0.13 standard; 0 for none).
    earth_radius_m : float
        The Earth radius used (mean radius by default).

    Returns
    -------
    CheckResult
        kind ``visibility``; ``margin`` in metres: the visible range left beyond the
        farthest possible distance (negative: hidden by that much).

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> check_visibility(Site(35.0, 40.0, 0), Site(35.0, 40.1, 0), observer_height_m=2,
    ...                  target_height_m=30).verdict
    <Verdict.CONSISTENT: 'consistent'>
    """
    require_site(observer, "observer")
    require_site(target, "target")
    try:
        h_obs, h_tgt = float(observer_height_m), float(target_height_m)
    except (TypeError, ValueError):
        raise CheckError("visibility check: heights must be numbers of metres") from None
    d_obs = horizon_distance(h_obs, refraction_k=refraction_k, earth_radius_m=earth_radius_m)
    d_tgt = horizon_distance(h_tgt, refraction_k=refraction_k, earth_radius_m=earth_radius_m)
    limit = float(d_obs + d_tgt)
    sep = separation(observer, target)
    verdict, margin = interval_verdict(sep.min_m, sep.max_m, 0.0, limit)
    share, centre, decides = interval_grading(
        sep.distance_m, SiteRole("observer", observer, sep.radius_a_m),
        SiteRole("target", target, sep.radius_b_m), 0.0, limit, verdict)
    sentence = (f"{site_label(target)} is {fmt_range(sep.min_m, sep.max_m)} from "
                f"{site_label(observer)}; from {h_obs:g} m a target {h_tgt:g} m high stays above "
                f"the horizon (k = {refraction_k:g}) up to {fmt_km(limit)}: {verdict}"
                f"{' (curvature only; terrain not modelled)' if verdict == 'consistent' else ''}.")
    features: list[MapFeature] = list(site_features([observer, target]))
    features.append(line_feature(observer, target))
    features.extend(ring_feature(observer.lat, observer.lon, 0.0, limit, "range_ring",
                                 f"visible over the horizon: {fmt_km(limit)}", {"max_m": limit}))
    return CheckResult(
        kind="visibility",
        verdict=verdict,
        explanation=sentence,
        values={"distance_m": sep.distance_m, "distance_min_m": sep.min_m,
                "distance_max_m": sep.max_m, "observer_horizon_m": d_obs,
                "target_horizon_m": d_tgt, "max_visible_m": limit,
                "effective_radius_m": earth_radius_m / (1.0 - refraction_k),
                "share_subject": "observer"},
        margin=margin if math.isfinite(margin) else None,
        margin_unit="m",
        inputs={"observer": site_label(observer), "observer_uncertainty_m": observer.uncertainty_m,
                "target": site_label(target), "target_uncertainty_m": target.uncertainty_m,
                "observer_height_m": h_obs, "target_height_m": h_tgt,
                "refraction_k": refraction_k, "earth_radius_m": earth_radius_m},
        method=("geometric horizon sqrt(2 R_eff h + h^2), R_eff = R/(1-k), for both heights, "
                "against the WGS84 geodesic distance widened by both uncertainty radii"),
        features=tuple(features),
        share=share,
        centre_verdict=centre,
        decides_if=decides,
    )
