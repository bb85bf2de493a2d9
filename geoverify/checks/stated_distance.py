"""The stated-distance check: "about 5 km away" against the computed distance.

The qualifier sets the distances the statement allows (``tolerance`` is relative, a share of the
stated distance; the defaults are geoverify's own assumptions):

=================================================  =========================================
qualifier                                          allowed distance
=================================================  =========================================
"about", "around", "approximately", "some",        stated ± 20 %
"roughly", "nearly", "almost", "~"
""                                                 stated ± 10 % (as a relative site reads it)
"exactly"                                          stated ± 5 %
"more than", "over", "at least", "beyond"          at least stated × (1 - 5 %)
"less than", "under", "within", "up to",           at most stated × (1 + 5 %)
"at most", "no more than"
=================================================  =========================================

A figure is also read to its own rounding (unless ``tolerance`` is given): "2 km" is any
distance that rounds to 2 km, 1.5 to 2.5 km, whatever the share says; a whole number of km
allows half a km, of hundreds of metres half a hundred (approximate qualifiers and a bare
figure; "exactly" and the bounds are read as written).

The true distance lies between the smallest and largest distance between the two circles; the
statement is consistent when every such distance is allowed, inconsistent when none is. The
graded share is of ``a``'s uncertainty (the site the distance is stated of; ``b`` is the
reference it is measured from).

Examples
--------
>>> from geoverify.sites import Site
>>> a, b = Site(35.0, 40.0, 100), Site(35.0, 40.055, 100)
>>> r = check_stated_distance(a, b, stated_m=5000)
>>> r.verdict, round(r.values["distance_m"])
(<Verdict.CONSISTENT: 'consistent'>, 5021)
>>> check_stated_distance(a, b, stated_m=10000, qualifier="about").verdict
<Verdict.INCONSISTENT: 'inconsistent'>
"""

from __future__ import annotations

import math

from geoverify.checks._support import (
    SiteRole,
    fmt_km,
    fmt_range,
    interval_grading,
    interval_verdict,
    line_feature,
    require_site,
    separation,
    site_features,
    site_label,
)
from geoverify.checks.registry import register_check
from geoverify.checks.result import CheckResult
from geoverify.errors import CheckError
from geoverify.sites import Site

__all__ = ["check_stated_distance", "QUALIFIERS", "stated_limits"]

#: qualifier -> (kind of bound, default relative tolerance)
QUALIFIERS: dict[str, tuple[str, float]] = {
    **{q: ("approx", 0.20) for q in ("about", "around", "approximately", "approx", "some",
                                      "roughly", "nearly", "almost", "~", "circa", "ca")},
    "": ("approx", 0.10),
    "exactly": ("exact", 0.05),
    **{q: ("at_least", 0.05) for q in ("more than", "over", "at least", "beyond")},
    **{q: ("at_most", 0.05) for q in ("less than", "under", "within", "up to", "at most",
                                       "no more than")},
}


def stated_limits(stated_m: float, qualifier: str = "about",
                  tolerance: float | None = None) -> tuple[float, float, float]:
    """Return ``(lower_m, upper_m, tolerance)`` allowed by a stated distance and its qualifier.

    >>> stated_limits(5000, "about")
    (4000.0, 6000.0, 0.2)
    >>> stated_limits(5000, "more than")
    (4750.0, inf, 0.05)
    """
    try:
        stated = float(stated_m)
    except (TypeError, ValueError):
        raise CheckError(f"stated distance check: stated_m {stated_m!r} is not a number") from None
    if not (math.isfinite(stated) and stated >= 0):
        raise CheckError(f"stated distance check: stated_m {stated_m!r} must be >= 0")
    key = " ".join(str(qualifier or "").lower().split())
    if key not in QUALIFIERS:
        raise CheckError(f"stated distance check: unknown qualifier {qualifier!r} "
                         f"(one of {', '.join(repr(q) for q in QUALIFIERS)})")
    bound, default = QUALIFIERS[key]
    tol = default if tolerance is None else float(tolerance)
    if not 0 <= tol < 1:
        raise CheckError(f"stated distance check: tolerance {tolerance!r} must be in [0, 1)")
    if bound == "approx" and tolerance is None and stated > 0:
        # a rounded figure covers everything that rounds to it ("2 km": 1.5 to 2.5 km)
        tol = max(tol, min(0.5 * _rounding_unit(stated) / stated, 0.5))
    if bound in ("approx", "exact"):
        return stated * (1 - tol), stated * (1 + tol), tol
    if bound == "at_least":
        return stated * (1 - tol), math.inf, tol
    return 0.0, stated * (1 + tol), tol


def _rounding_unit(stated_m: float) -> float:
    """Return the rounding unit a figure in metres shows: 1000 for 2000, 100 for 1500..."""
    for unit in (1000.0, 100.0, 10.0):
        if abs(stated_m / unit - round(stated_m / unit)) < 1e-9:
            return unit
    return 1.0


@register_check("stated_distance", site_params=("a", "b"),
                description="A distance stated by a source against the computed distance.")
def check_stated_distance(a: Site, b: Site, *, stated_m: float, qualifier: str = "about",
                          tolerance: float | None = None) -> CheckResult:
    """Check a stated distance ("about 5 km") between ``a`` and ``b``, in metres.

    Parameters
    ----------
    a, b : Site
        The two sites the statement relates.
    stated_m : float
        The distance stated, metres.
    qualifier : str
        How it was stated (module table); default "about" (±20 %).
    tolerance : float, optional
        Relative tolerance replacing the qualifier's default (0.1 = ±10 %).

    Returns
    -------
    CheckResult
        kind ``stated_distance``; ``margin`` in metres to the nearest allowed limit.

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> r = check_stated_distance(Site(35, 40, 0), Site(35, 40.055, 0), stated_m=5000,
    ...                           tolerance=0.001)
    >>> r.verdict
    <Verdict.INCONSISTENT: 'inconsistent'>
    """
    require_site(a, "a")
    require_site(b, "b")
    lower, upper, tol = stated_limits(stated_m, qualifier, tolerance)
    sep = separation(a, b)
    verdict, margin = interval_verdict(sep.min_m, sep.max_m, lower, upper)
    share, centre, decides = interval_grading(sep.distance_m, SiteRole("a", a, sep.radius_a_m),
                                              SiteRole("b", b, sep.radius_b_m), lower, upper,
                                              verdict)
    said = f"{qualifier} {fmt_km(float(stated_m))}".strip()
    allowed = (f"{fmt_range(lower, upper)}" if math.isfinite(upper)
               else f"at least {fmt_km(lower)}")
    sentence = (f"{site_label(a)} is {fmt_range(sep.min_m, sep.max_m)} from {site_label(b)}; "
                f"'{said}' allows {allowed}: {verdict}.")
    return CheckResult(
        kind="stated_distance",
        verdict=verdict,
        explanation=sentence,
        values={"distance_m": sep.distance_m, "distance_min_m": sep.min_m,
                "distance_max_m": sep.max_m, "stated_m": float(stated_m),
                "allowed_min_m": lower, "allowed_max_m": upper, "tolerance": tol,
                "share_subject": "a"},
        margin=margin,
        margin_unit="m",
        inputs={"a": site_label(a), "a_uncertainty_m": a.uncertainty_m, "b": site_label(b),
                "b_uncertainty_m": b.uncertainty_m, "stated_m": stated_m,
                "qualifier": qualifier, "tolerance": tolerance},
        method=("WGS84 geodesic distance widened by both uncertainty radii, against the stated "
                "distance with the qualifier's relative tolerance"),
        features=(*site_features([a, b]), line_feature(a, b)),
        share=share,
        centre_verdict=centre,
        decides_if=decides,
    )
