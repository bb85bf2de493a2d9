"""One rule, two front ends: the verdict rules of the area-based checks, on numpy arrays.

The scalar checks (:func:`~geoverify.checks.range.check_range`,
:func:`~geoverify.checks.direction.check_direction`,
:func:`~geoverify.checks.proximity.check_proximity`,
:func:`~geoverify.checks.stated_distance.check_stated_distance`, cluster, travel, visibility)
call these functions for their verdicts, margins and graded answers, and a table of events calls
the same functions on columns, so the two front ends cannot drift apart. Every function takes
scalars or arrays that broadcast together and returns arrays (0-d for scalars).

**Verdict codes**: ``1`` consistent, ``0`` inconclusive, ``-1`` inconsistent
(:func:`verdict_of`, :func:`verdict_names`); an AND of two rules is ``np.minimum``.

**Graded answers** (the worst-case verdict stays the verdict):

- *share* (:func:`interval_share`, :func:`range_judgement`, :func:`direction_share`,
  :func:`travel_share`): the geometric share (never a probability) of the *subject* site's
  uncertainty disc (an area site: the circle about its point that holds the area, as the checks
  read it) where the claim holds for sure (``sure``: the other site taken worst-case)
  and where it can hold (``possible``: best-case). Each point of the disc is judged as a site
  of radius 0 by the same rule; the share of the disc it leaves is measured in the other
  site's local azimuthal-equidistant frame, where the disc is taken as a plane disc of its
  radius at its geodesic distance and azimuth: closed forms (the lens of two circles) for
  distance rules, a 96-node quadrature in distance for bearing rules. The plane-disc
  approximation errs by about ``(d / R)**2`` of the share (under 0.7 % for sites within
  500 km, ``R`` the Earth's radius); the bearing quadrature by under 0.5 %.
  The shares then agree with the verdict *exactly*: ``sure == 1`` if and only if the verdict is
  consistent and ``possible == 0`` if and only if it is inconsistent; an undecided check's
  shares are kept at least :data:`SHARE_EPS` from 0 and 1 (the rule's own floating-point
  tolerance, :func:`~geoverify.checks._support.limit_tolerance`, can move a boundary by a
  micrometre). A subject of radius 0 gives 0 or 1.
- *centre verdict*: the rule with every radius 0 (the sites at their best points).
- *decides if* (:func:`interval_decide_radius`, :func:`range_judgement`,
  :func:`direction_decide_radius`): the largest radius one site would have to be located to,
  the other unchanged, for the verdict to be decided; NaN when shrinking that site alone
  cannot decide it. Closed forms for distance rules (then checked against the rule itself and
  pulled in by a micrometre where floating point needs it), a bisection over the radius for
  bearing rules (the worst-case rule is monotone: a smaller circle never undecides a check).

Examples
--------
>>> import numpy as np
>>> code, margin = interval_rule(np.array([1000.0, 4000.0, 6000.0]),
...                              np.array([3000.0, 6000.0, 8000.0]), 0.0, 5000.0)
>>> verdict_names(code).tolist(), margin.tolist()
(['consistent', 'inconclusive', 'inconsistent'], [2000.0, 0.0, -1000.0])
>>> sure, possible = interval_share(4000.0, 1000.0, 500.0, 0.0, 5000.0, 0)
>>> round(float(sure), 3), round(float(possible), 3)
(0.788, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from geoverify.checks.result import Verdict

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.weapons import Weapon

__all__ = [
    "CONSISTENT",
    "INCONCLUSIVE",
    "INCONSISTENT",
    "SHARE_EPS",
    "MIN_DECIDE_RADIUS_M",
    "UNKNOWN_MIN_SHARE",
    "verdict_of",
    "verdict_names",
    "interval_rule",
    "interval_share",
    "interval_decide_radius",
    "interval_radius_bounds",
    "deciding_radius",
    "annulus_share",
    "lens_area",
    "weapon_rule",
    "weapon_arrays",
    "RangeJudgement",
    "range_judgement",
    "direction_rule",
    "direction_judgement",
    "direction_share",
    "direction_decide_radius",
    "DirectionJudgement",
    "travel_rule",
    "travel_share",
    "travel_bands",
    "distance_bands",
    "weapon_bands",
    "travel_decide_radius",
    "agree",
]

CONSISTENT = 1
INCONCLUSIVE = 0
INCONSISTENT = -1
#: a deciding radius under this (metres) locates nothing: reported as none, by every front end
MIN_DECIDE_RADIUS_M = 1e-6

#: an undecided check's shares stay at least this far from 0 and 1
SHARE_EPS = 1e-9
#: with an unknown minimum range, distances under this share of the maximum are undecided: the
#: catalogue's known minima run from 2 % (60 mm mortar) to 25 % (GMLRS, ATACMS) of the maximum
UNKNOWN_MIN_SHARE = 0.25
#: a bearing within this of a sector's edge is on the edge (floating-point noise, degrees)
ANGLE_TOL_DEG = 1e-9
#: nodes of the bearing-share quadrature
_DIRECTION_NODES = 96
_NAMES = np.array(["inconsistent", "inconclusive", "consistent"], dtype=object)
_BY_CODE = {1: Verdict.CONSISTENT, 0: Verdict.INCONCLUSIVE, -1: Verdict.INCONSISTENT}


def _f(*values: Any) -> list[np.ndarray]:
    """Return float64 arrays broadcast together."""
    return list(np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in values)))


#: a subject radius under this (m) is a point (its area would underflow)
_POINT_M = 1e-6


def _subject(r: np.ndarray) -> np.ndarray:
    """Return subject radii with those under a micrometre as 0 (a point)."""
    return np.where(r < _POINT_M, 0.0, r)


def verdict_of(code: Any) -> Verdict:
    """Return the Verdict of one code.

    >>> verdict_of(-1)
    <Verdict.INCONSISTENT: 'inconsistent'>
    """
    return _BY_CODE[int(code)]


def verdict_names(codes: Any) -> np.ndarray:
    """Return the verdict words of an array of codes (an object array of str).

    >>> verdict_names([1, 0]).tolist()
    ['consistent', 'inconclusive']
    """
    return np.asarray(_NAMES[np.asarray(codes, dtype=np.int64) + 1])


def _tolerance(limit: np.ndarray) -> np.ndarray:
    from geoverify.checks._support import LIMIT_TOLERANCE_ABS, LIMIT_TOLERANCE_REL

    return LIMIT_TOLERANCE_ABS + LIMIT_TOLERANCE_REL * np.abs(limit)


def _limits(lower: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return (has lower, finite upper, lower tolerance, upper tolerance)."""
    has_low = lower > 0
    fin_up = np.isfinite(upper)
    with np.errstate(invalid="ignore", over="ignore"):
        tol_up = np.where(fin_up, _tolerance(upper), 0.0)
        tol_low = np.where(has_low, _tolerance(lower), 0.0)
    return has_low, fin_up, tol_low, tol_up


# --------------------------------------------------------------------------------------------
# the interval rule (proximity, stated distance, visibility, cluster, a known-minimum weapon)


def interval_rule(lo: Any, hi: Any, lower: Any, upper: Any) -> tuple[np.ndarray, np.ndarray]:
    """Judge values known to lie in ``[lo, hi]`` against the allowed ``[lower, upper]``.

    Consistent: the whole interval is allowed (margin: the smallest slack, >= 0);
    inconsistent: none of it is (margin: minus the smallest excess); inconclusive: it
    straddles a limit (margin: the slack of the interval's midpoint, either sign). A ``lower``
    of 0 or less and an infinite ``upper`` are no limits (margin ``inf`` when neither
    applies). A value that only touches a limit, within
    :func:`~geoverify.checks._support.limit_tolerance`, is on it.

    Returns
    -------
    (codes, margins) : int8 and float64 arrays

    >>> interval_rule(2000.0, 3000.0, 0.0, 3490.0)
    (array(1, dtype=int8), array(490.))
    """
    lo, hi, lower, upper = _f(lo, hi, lower, upper)
    has_low, fin_up, tol_low, tol_up = _limits(lower, upper)

    def slack(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.minimum(np.where(has_low, a - lower, np.inf),
                              np.where(fin_up, upper - b, np.inf))

    with np.errstate(invalid="ignore"):
        cons = (lower - tol_low <= lo) & (hi <= upper + tol_up)
        above = ~cons & (lo > upper + tol_up)
        below = ~cons & ~above & (hi < lower - tol_low)
        mid = (lo + hi) / 2.0
        margin = np.where(cons, np.maximum(slack(lo, hi), 0.0),
                          np.where(above, upper - lo,
                                   np.where(below, hi - lower, slack(mid, mid))))
    code = np.where(cons, 1, np.where(above | below, -1, 0)).astype(np.int8)
    return code, margin


def lens_area(d: Any, r: Any, rho: Any) -> np.ndarray:
    """Return the plane area (m²) of the lens of two discs.

    The disc of radius ``r`` centred ``d`` from the origin, inside the disc of radius ``rho``
    about the origin (0 for ``rho <= 0``).

    >>> round(float(lens_area(0.0, 1.0, 2.0)), 6), round(float(lens_area(1.0, 1.0, 1.0)), 6)
    (3.141593, 1.22837)
    """
    d, r, rho = _f(d, r, rho)
    d = np.abs(d)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        full = (d + r <= rho) | np.isinf(rho)
        inner = ~full & (d + rho <= r) & (rho > 0)
        apart = (d >= r + rho) | (rho <= 0) | (r <= 0)
        part = ~full & ~inner & ~apart
        ds = np.where(part, d, 1.0)
        rs = np.where(part, r, 1.0)
        ps = np.where(part, rho, 1.0)
        x = (ds * ds + ps * ps - rs * rs) / (2.0 * ds)  # origin to the radical line
        alpha = np.arccos(np.clip(x / ps, -1.0, 1.0))
        beta = np.arccos(np.clip((ds - x) / rs, -1.0, 1.0))
        lens = ps * ps * _segment(alpha) + rs * rs * _segment(beta)
        out = np.where(full, math.pi * r * r,
                       np.where(inner, math.pi * np.where(inner, rho, 0.0) ** 2,
                                np.where(part, lens, 0.0)))
    return np.asarray(out)


def _segment(theta: np.ndarray) -> np.ndarray:
    """Return ``theta - sin(theta) cos(theta)`` (a unit circle's segment x 2), series if small."""
    small = theta < 1e-3
    t2 = theta * theta
    series = theta * t2 * (2.0 / 3.0 - (2.0 / 15.0) * t2)
    return np.where(small, series, theta - np.sin(theta) * np.cos(theta))


def annulus_share(d: Any, r: Any, inner: Any, outer: Any) -> np.ndarray:
    """Return the share of a disc between ``inner`` and ``outer`` from the origin (plane).

    The disc has radius ``r`` and its centre is ``d`` from the origin; for ``r == 0`` the share
    is 1 or 0 by the centre.

    >>> round(float(annulus_share(0.0, 2.0, 1.0, 5.0)), 6)
    0.75
    """
    d, r, inner, outer = _f(d, r, inner, outer)
    with np.errstate(invalid="ignore", divide="ignore"):
        full = math.pi * r * r
        share = (lens_area(d, r, outer) - lens_area(d, r, np.maximum(inner, 0.0))) / np.where(
            r > 0, full, 1.0)
        point = ((inner <= d) & (d <= outer)).astype(np.float64)
        out = np.where(r > 0, np.clip(share, 0.0, 1.0), point)
    return np.asarray(np.where(outer < inner, 0.0, out))


def agree(code: Any, sure: Any, possible: Any, point: Any = False) -> tuple[np.ndarray, np.ndarray]:
    """Make shares agree with the verdict: 1/1 consistent, 0/0 inconsistent, else inside (0, 1).

    An undecided check's shares are kept :data:`SHARE_EPS` from the ends; a subject of radius
    0 (``point``) gives 0 or 1: ``sure`` 0 and ``possible`` 1 when undecided.

    >>> [float(v) for v in agree(0, 1.0, 1.0)] + [float(v) for v in agree(0, 0.0, 0.0)]
    [0.999999999, 1.0, 0.0, 1e-09]
    """
    code = np.asarray(code)
    sure, possible = _f(sure, possible)
    point = np.asarray(point, dtype=bool)
    und_sure = np.where(point, 0.0, np.clip(sure, 0.0, 1.0 - SHARE_EPS))
    und_poss = np.where(point, 1.0, np.clip(possible, SHARE_EPS, 1.0))
    und_sure = np.minimum(und_sure, und_poss)
    s = np.where(code == 1, 1.0, np.where(code == -1, 0.0, und_sure))
    p = np.where(code == 1, 1.0, np.where(code == -1, 0.0, und_poss))
    return np.asarray(s), np.asarray(p)


def distance_bands(r_other: Any, sure_lower: Any, possible_lower: Any,
                   upper: Any) -> tuple[np.ndarray, ...]:
    """Return ``(sure_in, sure_out, possible_in, possible_out)``: where a point holds, in distance.

    The distances are from the other site's point (the regions' rings: a band with
    ``possible_in <= 0`` is a disc, ``sure_out < sure_in`` is nothing).
    A point at distance ``x`` has the interval ``[x - r_other, x + r_other]``: it surely holds
    when that lies within ``[sure_lower, upper]`` (a lower limit of 0 or less is none) and
    possibly when it meets ``[possible_lower, upper]``.

    >>> [float(v) for v in distance_bands(500.0, 1000.0, 1000.0, 5000.0)]
    [1500.0, 4500.0, 500.0, 5500.0]
    """
    r_other, sure_lower, possible_lower, upper = _f(r_other, sure_lower, possible_lower, upper)
    with np.errstate(invalid="ignore"):
        s_in = np.where(sure_lower > 0, sure_lower + r_other, 0.0)
        s_out = upper - r_other
        p_in = np.where(possible_lower > 0, np.maximum(possible_lower - r_other, 0.0), 0.0)
        p_out = upper + r_other
    return s_in, s_out, p_in, p_out


def interval_share(d: Any, r_subject: Any, r_other: Any, lower: Any, upper: Any,
                   code: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(sure, possible)``: the shares of the subject's disc where the interval rule holds.

    ``d`` is the distance between the two sites' points, ``r_subject``/``r_other`` their
    radii, ``[lower, upper]`` the allowed distances and ``code`` the rule's verdict for the two
    sites (:func:`interval_rule`), with which the shares are made to agree (:func:`agree`).

    >>> [round(float(v), 4) for v in interval_share(5000.0, 1000.0, 0.0, 0.0, 5000.0, 0)]
    [0.4788, 0.4788]
    """
    d, rs, ro, lower, upper = _f(d, r_subject, r_other, lower, upper)
    rs = _subject(rs)
    s_in, s_out, p_in, p_out = distance_bands(ro, lower, lower, upper)
    sure = annulus_share(d, rs, s_in, s_out)
    possible = annulus_share(d, rs, p_in, p_out)
    return agree(code, sure, possible, rs <= 0)


def _strictly_below(r: np.ndarray) -> np.ndarray:
    """Return a radius just under ``r`` (for a strict inequality), by a micrometre or 1e-12."""
    return r - (1e-6 + 1e-12 * np.abs(r))


def _decide_radius(d: np.ndarray, r_other: np.ndarray, sure_lower: np.ndarray,
                   possible_lower: np.ndarray, upper: np.ndarray,
                   lower_tolerant: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Return the largest radius giving consistent, and just under which gives inconsistent.

    For the interval ``[d - r - r_other, d + r + r_other]``; -inf where none does.
    """
    has_s, fin_up, tol_s, tol_up = _limits(sure_lower, upper)
    has_p = possible_lower > 0
    with np.errstate(invalid="ignore", over="ignore"):
        tol_p = np.where(has_p, _tolerance(possible_lower), 0.0)
        tol_s = tol_s if lower_tolerant else np.zeros_like(tol_s)
        cons = np.minimum(np.where(has_s, d - r_other - sure_lower + tol_s, np.inf),
                          np.where(fin_up, upper + tol_up - d - r_other, np.inf))
        incons = np.maximum(np.where(fin_up, d - r_other - upper - tol_up, -np.inf),
                            np.where(has_p, possible_lower - tol_p - d - r_other, -np.inf))
    return cons, _strictly_below(incons)


def _pick_radius(cons: np.ndarray, incons: np.ndarray, current: np.ndarray) -> np.ndarray:
    """Return the deciding radius: the larger candidate, pulled in a micrometre; NaN if none."""
    r = np.maximum(cons, incons)
    with np.errstate(invalid="ignore"):
        r = np.where(np.isfinite(r) & (r > 0), r - 1e-9 * np.maximum(r, 1.0), np.nan)
        return np.where((r < current) & (r >= MIN_DECIDE_RADIUS_M), r, np.nan)


def interval_radius_bounds(d: Any, r_other: Any, lower: Any,
                           upper: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(consistent, inconsistent)`` radius candidates for one site of an interval rule.

    The interval ``[d - r - r_other, d + r + r_other]`` is allowed for ``r <= consistent``
    and excluded for ``r <= inconsistent`` (already just under the limit); -inf where no
    radius does. :func:`deciding_radius` picks the deciding one.

    >>> [round(float(v), 3) for v in interval_radius_bounds(4000.0, 0.0, 0.0, 5000.0)]
    [1000.0, -1000.0]
    """
    d, ro, lower, upper = _f(d, r_other, lower, upper)
    return _decide_radius(d, ro, lower, lower, upper)


def deciding_radius(consistent: Any, inconsistent: Any, current: Any) -> np.ndarray:
    """Return the larger radius candidate, pulled in by 1e-9 of it; NaN if none is in (0, current).

    >>> float(deciding_radius(1000.0, -np.inf, 2000.0))
    999.999999
    """
    cons, incons, current = _f(consistent, inconsistent, current)
    return _pick_radius(cons, incons, current)


def interval_decide_radius(d: Any, r_self: Any, r_other: Any, lower: Any,
                           upper: Any) -> np.ndarray:
    """Return the radius (m) ``self`` must be located to for the interval rule to be decided.

    ``d`` is the distance between the sites' points; NaN where shrinking ``self`` alone cannot
    decide it (or where it is decided already). The interval at that radius,
    ``[max(0, d - r - r_other), d + r + r_other]``, gives a decided :func:`interval_rule`.

    >>> round(float(interval_decide_radius(4000.0, 2000.0, 0.0, 0.0, 5000.0)))
    1000
    """
    d, rs, ro, lower, upper = _f(d, r_self, r_other, lower, upper)
    cons, incons = _decide_radius(d, ro, lower, lower, upper)
    r = _pick_radius(cons, incons, rs)
    with np.errstate(invalid="ignore"):
        lo = np.maximum(0.0, d - r - ro)
        hi = d + r + ro
    code, _ = interval_rule(lo, hi, lower, upper)
    return np.where(code != 0, r, np.nan)


# --------------------------------------------------------------------------------------------
# range: one weapon, and a check over several candidates


def weapon_rule(lo: Any, hi: Any, min_range_m: Any, max_range_m: Any
                ) -> tuple[np.ndarray, np.ndarray]:
    """Judge weapons on distance intervals; NaN ranges are unknown. Returns (codes, margins).

    A known minimum: :func:`interval_rule` on ``[min, max]``. An unknown minimum cannot
    exclude, but a distance that may be under :data:`UNKNOWN_MIN_SHARE` of the maximum leaves
    the weapon undecided. An unknown maximum: undecided, margin NaN.

    >>> code, margin = weapon_rule(3000.0, 3600.0, 70.0, 3490.0)
    >>> int(code), float(margin)
    (0, 190.0)
    """
    lo, hi, lmin, top = _f(lo, hi, min_range_m, max_range_m)
    known_max = ~np.isnan(top)
    known_min = ~np.isnan(lmin)
    top_k = np.where(known_max, top, np.inf)
    code_k, margin_k = interval_rule(lo, hi, np.where(known_min, lmin, 0.0), top_k)
    with np.errstate(invalid="ignore", over="ignore"):
        reach = top + _tolerance(top)
        beyond = lo > reach
        fits = ~beyond & (hi <= reach) & (lo >= UNKNOWN_MIN_SHARE * top)
        code_u = np.where(beyond, -1, np.where(fits, 1, 0)).astype(np.int8)
        margin_u = np.where(beyond, top - lo, np.where(fits, top - hi, top - (lo + hi) / 2.0))
    code = np.where(known_max, np.where(known_min, code_k, code_u), 0).astype(np.int8)
    margin = np.where(known_max, np.where(known_min, margin_k, margin_u), np.nan)
    return code, margin


def weapon_arrays(weapons: Sequence[Weapon]) -> tuple[np.ndarray, np.ndarray]:
    """Return the weapons' minimum and maximum ranges (m) as arrays, NaN where unknown.

    >>> from geoverify.weapons import get_weapon
    >>> weapon_arrays([get_weapon("m224-60mm"), get_weapon("107mm-type63")])
    (array([70., nan]), array([3490., 8050.]))
    """
    lmin = np.array([np.nan if w.min_range_m is None else w.min_range_m for w in weapons],
                    dtype=np.float64)
    top = np.array([np.nan if w.max_range_m is None else w.max_range_m for w in weapons],
                   dtype=np.float64)
    return lmin, top


def weapon_bands(r_other: Any, lmin: Any, top: Any) -> tuple[np.ndarray, ...]:
    """Return each weapon's :func:`distance_bands` for a point launch site (NaN: unknown range).

    An unknown maximum is never sure and possible everywhere; an unknown minimum is sure from
    :data:`UNKNOWN_MIN_SHARE` of the maximum and possible from 0.

    >>> [float(v) for v in weapon_bands(0.0, np.nan, 8000.0)]
    [2000.0, 8000.0, 0.0, 8000.0]
    """
    r_other, lmin, top = _f(r_other, lmin, top)
    known_max = ~np.isnan(top)
    known_min = ~np.isnan(lmin)
    sure_lower = np.where(known_min, lmin, UNKNOWN_MIN_SHARE * top)
    poss_lower = np.where(known_min, lmin, 0.0)
    upper = np.where(known_max, top, np.inf)
    s_in, s_out, p_in, p_out = distance_bands(r_other, sure_lower, poss_lower, upper)
    s_out = np.where(known_max, s_out, -np.inf)  # an unknown maximum is never sure
    return s_in, s_out, p_in, p_out


class RangeJudgement(NamedTuple):
    """The range rule's answers for rows of launch/target pairs (arrays; weapons on axis -1).

    ``weapon_code``/``weapon_margin``/``weapon_sure``/``weapon_possible``: per weapon;
    ``code``/``margin``/``sure``/``possible``: the check over the candidates;
    ``centre_code``: the check with both sites at their points; ``decide_launch`` /
    ``decide_target``: the radius (m) each would have to be located to (NaN: cannot decide
    alone, or decided already); ``sibling_code``: the family siblings' codes.
    """

    weapon_code: np.ndarray
    weapon_margin: np.ndarray
    weapon_sure: np.ndarray
    weapon_possible: np.ndarray
    code: np.ndarray
    margin: np.ndarray
    sure: np.ndarray
    possible: np.ndarray
    centre_code: np.ndarray
    decide_launch: np.ndarray
    decide_target: np.ndarray
    sibling_code: np.ndarray


def _range_codes(lo: np.ndarray, hi: np.ndarray, lmin: np.ndarray, top: np.ndarray, named: bool,
                 smin: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return (weapon codes, weapon margins, check codes, check margins, sibling codes)."""
    wc, wm = weapon_rule(lo[..., None], hi[..., None], lmin, top)
    all_out = np.all(wc == -1, axis=-1)
    any_fit = np.any(wc == 1, axis=-1)
    code = np.where(all_out, -1, np.where(any_fit & named, 1, 0)).astype(np.int8)
    with np.errstate(invalid="ignore"):
        fit_margin = np.max(np.where(wc == 1, wm, -np.inf), axis=-1)
        known = ~np.isnan(wm)
        any_margin = np.max(np.where(known, wm, -np.inf), axis=-1)
    margin = np.where(code == 1, fit_margin, np.where(np.any(known, axis=-1), any_margin, np.nan))
    if smin.size:
        sc, sm = weapon_rule(lo[..., None], hi[..., None], smin, stop)
        reach = sc != -1
        rescued = (code == -1) & np.any(reach, axis=-1)
        with np.errstate(invalid="ignore"):
            reach_margin = np.max(np.where(reach & ~np.isnan(sm), sm, -np.inf), axis=-1)
        margin = np.where(rescued, np.where(np.isfinite(reach_margin), reach_margin, np.nan),
                          margin)
        code = np.where(rescued, 0, code).astype(np.int8)
    else:
        sc = np.zeros(lo.shape + (0,), dtype=np.int8)
    return wc, wm, code, margin, sc


def _union_share(d: np.ndarray, r: np.ndarray, inner: np.ndarray, outer: np.ndarray
                 ) -> np.ndarray:
    """Return the share of a disc inside the union of annuli (about the origin; axis -1)."""
    empty = ~(outer >= inner)
    inner = np.where(empty, 0.0, inner)
    outer = np.where(empty, 0.0, outer)
    order = np.argsort(inner, axis=-1)
    a = np.take_along_axis(inner, order, axis=-1)
    b = np.take_along_axis(outer, order, axis=-1)
    reach = np.maximum.accumulate(b, axis=-1)
    prev = np.concatenate([np.zeros(b.shape[:-1] + (1,)), reach[..., :-1]], axis=-1)
    lo, hi = np.maximum(a, prev), np.maximum(b, prev)
    dd, rr = d[..., None], r[..., None]
    with np.errstate(invalid="ignore", divide="ignore"):
        part = lens_area(dd, rr, hi) - lens_area(dd, rr, lo)
        share = np.sum(part, axis=-1) / np.where(r > 0, math.pi * r * r, 1.0)
        point = np.any((inner <= dd) & (dd <= outer) & ~empty, axis=-1).astype(np.float64)
    return np.where(r > 0, np.clip(share, 0.0, 1.0), point)


def _range_decide(d: np.ndarray, r_other: np.ndarray, lmin: np.ndarray, top: np.ndarray,
                  named: bool, smin: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return the check's consistent and inconsistent radius candidates for one site."""
    def per_weapon(mn: np.ndarray, tp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        known_max = ~np.isnan(tp)
        known_min = ~np.isnan(mn)
        dd, ro = d[..., None], r_other[..., None]
        cons_k, inc_k = _decide_radius(dd, ro, np.where(known_min, mn, 0.0),
                                       np.where(known_min, mn, 0.0), np.where(known_max, tp,
                                                                              np.inf))
        # unknown minimum: consistent needs lo >= share x max (no tolerance), hi <= max
        cons_u, inc_u = _decide_radius(dd, ro, UNKNOWN_MIN_SHARE * tp, np.zeros_like(tp), tp,
                                       lower_tolerant=False)
        cons = np.where(known_max, np.where(known_min, cons_k, cons_u), -np.inf)
        inc = np.where(known_max, np.where(known_min, inc_k, inc_u), -np.inf)
        return cons, inc

    cons_w, inc_w = per_weapon(lmin, top)
    cons = np.max(cons_w, axis=-1) if named else np.full(d.shape, -np.inf)
    inc = np.min(inc_w, axis=-1)
    if smin.size:
        _, inc_s = per_weapon(smin, stop)
        inc = np.minimum(inc, np.min(inc_s, axis=-1))
    return cons, inc


def range_judgement(distance_m: Any, r_launch: Any, r_target: Any, min_range_m: Any,
                    max_range_m: Any, *, named: bool = True, sibling_min_m: Any = (),
                    sibling_max_m: Any = (), grade: bool = True) -> RangeJudgement:
    """Judge launch/target pairs against candidate weapons: the range check's rule on arrays.

    Parameters
    ----------
    distance_m, r_launch, r_target : float or array_like
        The geodesic distance between the two points and their radii (metres), one per row.
    min_range_m, max_range_m : array_like
        The candidates' ranges (metres, NaN unknown), on the last axis.
    named : bool
        Whether the weapon was named (with none named the check is never consistent).
    sibling_min_m, sibling_max_m : array_like
        Ranges of family siblings that rescue an exclusion (see
        :func:`~geoverify.checks.range.check_range`).
    grade : bool
        Compute the shares and the deciding radii (the default); False leaves them NaN (the
        codes, margins and centre codes only: a table judged on columns grades only its
        undecided rows, since a decided row's shares are 1/1 or 0/0 and it has no deciding
        radius).

    Returns
    -------
    RangeJudgement
        The share's subject is the launch site.

    Examples
    --------
    >>> j = range_judgement([5000.0, 12000.0], 500.0, 0.0, [np.nan], [8050.0])
    >>> j.code.tolist(), j.weapon_code[:, 0].tolist(), j.sure.round(3).tolist()
    ([1, -1], [1, -1], [1.0, 0.0])
    """
    d, rl, rt = _f(distance_m, r_launch, r_target)
    lmin, top = _f(min_range_m, max_range_m)
    lmin, top = np.atleast_1d(lmin), np.atleast_1d(top)
    smin = np.atleast_1d(np.asarray(sibling_min_m, dtype=np.float64))
    stop = np.atleast_1d(np.asarray(sibling_max_m, dtype=np.float64))
    from geoverify.geodesy import MAX_GEODESIC_DISTANCE_M

    lo = np.maximum(0.0, d - rl - rt)
    hi = np.minimum(d + rl + rt, MAX_GEODESIC_DISTANCE_M)
    wc, wm, code, margin, sc = _range_codes(lo, hi, lmin, top, named, smin, stop)
    if not grade:
        _, _, centre, _, _ = _range_codes(d, d, lmin, top, named, smin, stop)
        none, each = np.full(d.shape, np.nan), np.full(wc.shape, np.nan)
        return RangeJudgement(wc, wm, each, each, code, margin, none, none, centre, none, none,
                              sc)
    # shares of the launch disc: per weapon, and over the candidates
    rl = _subject(rl)
    s_in, s_out, p_in, p_out = weapon_bands(rt[..., None], lmin, top)
    ws = annulus_share(d[..., None], rl[..., None], s_in, s_out)
    wp = annulus_share(d[..., None], rl[..., None], p_in, p_out)
    ws, wp = agree(wc, ws, wp, (rl <= 0)[..., None])
    sure = np.max(ws, axis=-1) if named else np.zeros(d.shape)
    if smin.size:
        _, _, sp_in, sp_out = weapon_bands(rt[..., None], smin, stop)
        p_in_all = np.concatenate([np.broadcast_to(p_in, wc.shape),
                                   np.broadcast_to(sp_in, sc.shape)], axis=-1)
        p_out_all = np.concatenate([np.broadcast_to(p_out, wc.shape),
                                    np.broadcast_to(sp_out, sc.shape)], axis=-1)
    else:
        p_in_all, p_out_all = (np.broadcast_to(p_in, wc.shape), np.broadcast_to(p_out, wc.shape))
    possible = _union_share(d, rl, p_in_all, p_out_all)
    sure, possible = agree(code, sure, possible, rl <= 0)
    _, _, centre, _, _ = _range_codes(d, d, lmin, top, named, smin, stop)
    decides = []
    for r_self, r_other in ((rl, rt), (rt, rl)):
        cons, inc = _range_decide(d, r_other, lmin, top, named, smin, stop)
        r = _pick_radius(cons, inc, r_self)
        with np.errstate(invalid="ignore"):
            c, _, check, _, _ = _range_codes(np.maximum(0.0, d - r - r_other),
                                             np.minimum(d + r + r_other,
                                                        MAX_GEODESIC_DISTANCE_M),
                                             lmin, top, named, smin, stop)
        decides.append(np.where((check != 0) & (code == 0), r, np.nan))
    return RangeJudgement(wc, wm, ws, wp, code, margin, sure, possible, centre, decides[0],
                          decides[1], sc)


# --------------------------------------------------------------------------------------------
# direction: bearings against a compass sector


def direction_rule(azimuth_deg: Any, spread_deg: Any, sector_azimuth_deg: Any,
                   half_width_deg: Any) -> tuple[np.ndarray, np.ndarray]:
    """Judge bearings ``azimuth ± spread`` against the sector ``sector_azimuth ± half_width``.

    Consistent: every bearing lies in the sector; inconsistent: none does; inconclusive when
    they straddle an edge or when any bearing is possible (``spread >= 180``, margin NaN).
    Margins in degrees (the smallest angular slack; negative outside).

    >>> code, margin = direction_rule(50.0, 5.0, 45.0, 22.5)
    >>> int(code), float(margin)
    (1, 12.5)
    """
    from geoverify.geodesy import angle_difference

    az, spread, centre, half = _f(azimuth_deg, spread_deg, sector_azimuth_deg, half_width_deg)
    offset = np.abs(np.asarray(angle_difference(az, centre), dtype=np.float64))
    with np.errstate(invalid="ignore"):
        anything = spread >= 180.0
        cons = ~anything & (offset + spread <= half + ANGLE_TOL_DEG)
        out = ~anything & ~cons & (offset - spread > half + ANGLE_TOL_DEG)
        margin = np.where(anything, np.nan,
                          np.where(cons, np.maximum(half - (offset + spread), 0.0),
                                   np.where(out, half - (offset - spread), half - offset)))
    code = np.where(cons, 1, np.where(out, -1, 0)).astype(np.int8)
    return code, margin


class DirectionJudgement(NamedTuple):
    """The direction rule's answers (arrays): bearing and distance parts, and the check.

    ``azimuth_deg``/``spread_deg``: bearings from the reference to the site;
    ``distance_m``/``lo``/``hi``: the distance and its bounds; ``direction_code`` /
    ``direction_margin`` (degrees), ``distance_code``/``distance_margin`` (metres; code 1 when
    no distance condition), ``code`` (their AND), ``centre_code``.
    """

    azimuth_deg: np.ndarray
    spread_deg: np.ndarray
    distance_m: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    direction_code: np.ndarray
    direction_margin: np.ndarray
    distance_code: np.ndarray
    distance_margin: np.ndarray
    code: np.ndarray
    centre_code: np.ndarray


def _direction_codes(d: Any, az: Any, ref_lat: Any, r_ref: Any, r_site: Any, centre: Any,
                     half: Any, lower: Any, upper: Any) -> tuple[np.ndarray, ...]:
    """Return the direction rule's parts from the geodesic reference -> site (``d``, ``az``).

    The bearings are :func:`geoverify.geodesy.azimuth_range`'s and the distance bounds
    :func:`geoverify.geodesy.distance_bounds`', from the one geodesic solution (the same
    arithmetic, so the same numbers).
    """
    from geoverify.geodesy import MAX_GEODESIC_DISTANCE_M, tangent_half_width

    spread = tangent_half_width(d, ref_lat, r_ref, r_site)
    r_ref_a, r_site_a = _f(r_ref, r_site)
    lo = np.maximum(0.0, d - r_ref_a - r_site_a)
    hi = np.minimum(d + r_ref_a + r_site_a, MAX_GEODESIC_DISTANCE_M)
    dc, dm = direction_rule(az, spread, centre, half)
    lower_a, upper_a = _f(lower, upper)
    has_limit = (lower_a > 0) | np.isfinite(upper_a)
    if has_limit.any():
        kc, km = interval_rule(lo, hi, lower, upper)
    else:  # no distance condition: what the interval rule gives without limits
        kc, km = np.ones(np.shape(lo), dtype=np.int8), np.full(np.shape(lo), np.inf)
    kc = np.where(has_limit, kc, 1).astype(np.int8)
    return (np.asarray(az, dtype=np.float64), np.asarray(spread, dtype=np.float64),
            np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64), dc, dm, kc, km,
            np.minimum(dc, kc).astype(np.int8))


def _solve(ref_lat: Any, ref_lon: Any, r_ref: Any, lat: Any, lon: Any,
           r_site: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(distance, azimuth)`` of the geodesic reference -> site (circles validated)."""
    from geoverify.geodesy import _two_circles, inverse

    _two_circles(ref_lat, ref_lon, r_ref, lat, lon, r_site)  # radii >= 0, latitudes, finite
    inv = inverse(ref_lat, ref_lon, lat, lon)
    return (np.asarray(inv.distance_m, dtype=np.float64),
            np.asarray(inv.azimuth_deg, dtype=np.float64))


def direction_judgement(ref_lat: Any, ref_lon: Any, r_ref: Any, lat: Any, lon: Any, r_site: Any,
                        sector_azimuth_deg: Any, half_width_deg: Any, lower_m: Any = 0.0,
                        upper_m: Any = np.inf) -> DirectionJudgement:
    """Judge "the site is in the sector of the reference" (within ``[lower_m, upper_m]``).

    The bearings from the reference's circle to the site's are
    :func:`geoverify.geodesy.azimuth_range` (a conservative tangent bound); the distance part
    is :func:`interval_rule` on :func:`geoverify.geodesy.distance_bounds` (none when
    ``lower_m <= 0`` and ``upper_m`` is infinite). One geodesic solution serves both.

    >>> j = direction_judgement(35.0, 40.0, 0.0, 35.1, 40.1, 0.0, 45.0, 22.5, 0.0, 10_000.0)
    >>> int(j.direction_code), int(j.distance_code), int(j.code)
    (1, -1, -1)
    """
    d, az = _solve(ref_lat, ref_lon, r_ref, lat, lon, r_site)
    az, spread, lo, hi, dc, dm, kc, km, code = _direction_codes(
        d, az, ref_lat, r_ref, r_site, sector_azimuth_deg, half_width_deg, lower_m, upper_m)
    zero = np.zeros_like(np.asarray(r_ref, dtype=np.float64))
    *_, centre = _direction_codes(d, az, ref_lat, zero, zero, sector_azimuth_deg,
                                  half_width_deg, lower_m, upper_m)
    return DirectionJudgement(az, spread, d, lo, hi, dc, dm, kc, km, code, centre)


def _arc_overlap(a: np.ndarray, beta: np.ndarray, c: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Return the overlap (radians) of the arcs ``a ± beta`` and ``c ± w`` on a circle."""
    delta = np.abs((a - c + math.pi) % (2.0 * math.pi) - math.pi)
    one = np.minimum(beta, delta + w) - np.maximum(-beta, delta - w)
    two = np.minimum(beta, delta - 2.0 * math.pi + w) - np.maximum(-beta,
                                                                   delta - 2.0 * math.pi - w)
    total = np.maximum(one, 0.0) + np.maximum(two, 0.0)
    return np.clip(total, 0.0, 2.0 * np.minimum(beta, w))


def direction_share(distance_m: Any, azimuth_deg: Any, r_site: Any, r_ref: Any,
                    sector_azimuth_deg: Any, half_width_deg: Any, lower_m: Any, upper_m: Any,
                    code: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(sure, possible)``: the shares of the site's disc inside the claimed sector.

    In the reference's azimuthal-equidistant frame (exact bearings and distances from its
    point) a point at distance ``x`` sees the reference's circle within ``asin(r_ref / x)``;
    it surely lies in the sector when its bearing is inside by that much, possibly when it is
    within that much outside (any bearing within the circle), and the distance condition is
    judged on ``[x - r_ref, x + r_ref]``. Integrated over the disc in distance (96 nodes,
    clustered at the ends). The shares are made to agree with ``code``, the check's verdict
    (its tangent bound is up to 0.5 % wider than this exact one).

    >>> s, p = direction_share(20_000.0, 45.0, 2000.0, 0.0, 45.0, 90.0, 0.0, np.inf, 1)
    >>> float(s), float(p)
    (1.0, 1.0)
    """
    d, az, rs, ro, c, half, lower, upper = _f(distance_m, azimuth_deg, r_site, r_ref,
                                              sector_azimuth_deg, half_width_deg, lower_m,
                                              upper_m)
    rs = _subject(rs)
    n = _DIRECTION_NODES
    phi = (np.arange(n) + 0.5) * math.pi / n  # midpoint nodes on [0, pi]
    dd, rr, oo = d[..., None], rs[..., None], ro[..., None]
    x_lo = np.maximum(dd - rr, 0.0)
    x_hi = dd + rr
    x = x_lo + (x_hi - x_lo) * (1.0 - np.cos(phi)) / 2.0
    dx = (x_hi - x_lo) / 2.0 * np.sin(phi) * (math.pi / n)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos_b = (x * x + dd * dd - rr * rr) / (2.0 * x * dd)
        beta = np.where((dd <= 0) | (x <= rr - dd), math.pi, np.arccos(np.clip(cos_b, -1, 1)))
        seen = np.where(x > oo, np.arcsin(np.clip(oo / x, 0.0, 1.0)), math.pi)
        hw = np.radians(half)[..., None]
        w_sure = np.where(x > oo, np.clip(hw - seen, 0.0, math.pi), 0.0)
        w_poss = np.clip(hw + seen, 0.0, math.pi)
        a, cc = np.radians(az)[..., None], np.radians(c)[..., None]
        lw, up = lower[..., None], upper[..., None]
        band_sure = np.where(lw > 0, x - oo >= lw, True) & (x + oo <= up)
        band_poss = np.where(lw > 0, x + oo >= lw, True) & (x - oo <= up)
        weight = x * dx
        disc = np.sum(2.0 * beta * weight, axis=-1)
        sure = np.sum(_arc_overlap(a, beta, cc, w_sure) * band_sure * weight, axis=-1)
        poss = np.sum(_arc_overlap(a, beta, cc, w_poss) * band_poss * weight, axis=-1)
        sure = np.where(disc > 0, sure / disc, 0.0)
        poss = np.where(disc > 0, poss / disc, 0.0)
    return agree(code, sure, poss, rs <= 0)


def direction_decide_radius(ref_lat: Any, ref_lon: Any, r_ref: Any, lat: Any, lon: Any,
                            r_site: Any, sector_azimuth_deg: Any, half_width_deg: Any,
                            lower_m: Any = 0.0, upper_m: Any = np.inf, *,
                            which: str = "site", iterations: int = 48) -> np.ndarray:
    """Return the radius ``which`` ("site" or "reference") must be located to for a decision.

    A bisection over the radius on the direction rule (monotone: a smaller circle never
    undecides it); NaN where radius 0 does not decide it either (or it is decided already).
    The radius returned decides the rule.

    >>> r = direction_decide_radius(35.0, 40.0, 0.0, 35.1, 40.1, 8000.0, 45.0, 22.5)
    >>> 2000 < float(r) < 8000
    True
    """
    args = _f(ref_lat, ref_lon, r_ref, lat, lon, r_site, sector_azimuth_deg, half_width_deg,
              lower_m, upper_m)
    rla, rlo, rr, la, lo_, rs, c, hw, lw, up = args
    mine = rs if which == "site" else rr
    d, az = _solve(rla, rlo, rr, la, lo_, rs)  # once: the bisection moves only the radii

    def decided(r: np.ndarray) -> np.ndarray:
        a, b = (rr, r) if which == "site" else (r, rs)
        *_, code = _direction_codes(d, az, rla, a, b, c, hw, lw, up)
        return np.asarray(code != 0)

    now = decided(mine)
    at_zero = decided(np.zeros_like(mine))
    low = np.zeros_like(mine)
    high = mine.copy()
    for _ in range(int(iterations)):
        mid = (low + high) / 2.0
        ok = decided(mid)
        low = np.where(ok, mid, low)
        high = np.where(ok, high, mid)
    return np.where(~now & at_zero & (low >= MIN_DECIDE_RADIUS_M), low, np.nan)


# --------------------------------------------------------------------------------------------
# travel: implied speed between two sightings


def travel_rule(min_m: Any, max_m: Any, gap_min_s: Any, gap_max_s: Any, limit_kmh: Any,
                route_factor: float, same_unit: Any = True) -> tuple[np.ndarray, ...]:
    """Judge implied speeds; return (codes, margins km/h, smallest speed, largest speed).

    The smallest speed is the smallest distance over the longest gap (infinite for a zero gap
    unless the distance may be zero); the largest is the largest distance times
    ``route_factor`` over the shortest gap. Inconsistent when even the smallest exceeds the
    limit (never when ``same_unit`` is false), consistent when the largest stays within it.

    >>> code, margin, lo, hi = travel_rule(10_000.0, 12_000.0, 3600.0, 3600.0, 90.0, 1.4)
    >>> int(code), round(float(hi), 1)
    (1, 16.8)
    """
    from geoverify.checks._support import limit_tolerance

    lo, hi, gmin, gmax, limit = _f(min_m, max_m, gap_min_s, gap_max_s, limit_kmh)
    same = np.asarray(same_unit, dtype=bool)
    to_kmh = 3.6
    with np.errstate(divide="ignore", invalid="ignore"):
        speed_min = np.where(gmax > 0, lo / np.where(gmax > 0, gmax, 1.0) * to_kmh,
                             np.where(lo <= limit_tolerance(0.0), 0.0, np.inf))
        route = hi * route_factor
        speed_max = np.where(gmin > 0, route / np.where(gmin > 0, gmin, 1.0) * to_kmh,
                             np.where(route == 0, 0.0, np.inf))
        touch = limit * 1e-12
        out = speed_min > limit + touch
        fits = ~out & (speed_max <= limit + touch)
        margin = np.where(out, limit - speed_min, np.where(fits, limit - speed_max,
                                                           limit - speed_min))
    code = np.where(out & same, -1, np.where(fits, 1, 0)).astype(np.int8)
    return code, margin, speed_min, speed_max


def travel_bands(r_other: Any, gap_min_s: Any, gap_max_s: Any, limit_kmh: Any,
                 route_factor: float, same_unit: Any = True) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(sure_out, possible_out)``: the discs where a point surely / possibly fits.

    Radii in metres about the other site's point, for :func:`travel_rule` (-1 for none, inf
    for everywhere).

    >>> [round(float(v)) for v in travel_bands(0.0, 3600.0, 3600.0, 90.0, 1.5)]
    [60000, 90000]
    """
    ro, gmin, gmax, limit = _f(r_other, gap_min_s, gap_max_s, limit_kmh)
    same = np.asarray(same_unit, dtype=bool)
    reach = (limit + limit * 1e-12) / 3.6
    with np.errstate(invalid="ignore"):
        s_out = np.where(gmin > 0, reach * gmin / route_factor - ro, -1.0)
        p_out = np.where(gmax > 0, reach * gmax + ro, ro + 1e-6)
        p_out = np.where(same, p_out, np.inf)
    return s_out, p_out


def travel_share(distance_m: Any, r_subject: Any, r_other: Any, gap_min_s: Any, gap_max_s: Any,
                 limit_kmh: Any, route_factor: float, same_unit: Any,
                 code: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(sure, possible)``: the shares of the subject's disc reachable in time.

    A point ``x`` from the other site's point surely fits when ``(x + r_other) * route_factor``
    is covered at the limit in the shortest gap, and possibly when ``x - r_other`` is covered
    in the longest (anywhere when ``same_unit`` is false).

    >>> [float(v) for v in travel_share(0.0, 1000.0, 0.0, 3600.0, 3600.0, 90.0, 1.4, True, 1)]
    [1.0, 1.0]
    """
    d, rs = _f(distance_m, r_subject)
    rs = _subject(rs)
    s_out, p_out = travel_bands(r_other, gap_min_s, gap_max_s, limit_kmh, route_factor, same_unit)
    sure = annulus_share(d, rs, 0.0, s_out)
    possible = annulus_share(d, rs, 0.0, p_out)
    return agree(code, sure, possible, rs <= 0)


def travel_decide_radius(distance_m: Any, r_self: Any, r_other: Any, gap_min_s: Any,
                         gap_max_s: Any, limit_kmh: Any, route_factor: float,
                         same_unit: Any = True) -> np.ndarray:
    """Return the radius (m) one sighting must be located to for :func:`travel_rule` to decide.

    NaN where shrinking it alone cannot decide (or it is decided already).

    >>> round(float(travel_decide_radius(20_000.0, 5000.0, 0.0, 600.0, 600.0, 90.0, 1.4)))
    5000
    """
    d, rs, ro, gmin, gmax, limit = _f(distance_m, r_self, r_other, gap_min_s, gap_max_s,
                                      limit_kmh)
    same = np.asarray(same_unit, dtype=bool)
    reach = (limit + limit * 1e-12) / 3.6
    with np.errstate(invalid="ignore"):
        cons = np.where(gmin > 0, reach * gmin / route_factor - d - ro, -np.inf)
        inc = np.where(gmax > 0, d - ro - reach * gmax, d - ro - 1e-6)
        inc = np.where(same, _strictly_below(inc), -np.inf)
    r = _pick_radius(cons, inc, rs)
    with np.errstate(invalid="ignore"):
        code, *_ = travel_rule(np.maximum(0.0, d - r - ro), d + r + ro, gmin, gmax, limit,
                               route_factor, same)
        now, *_ = travel_rule(np.maximum(0.0, d - rs - ro), d + rs + ro, gmin, gmax, limit,
                              route_factor, same)
    return np.where((code != 0) & (now == 0), r, np.nan)
