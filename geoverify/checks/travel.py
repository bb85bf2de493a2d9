"""The travel check: the same actor at two places and times, and the implied speed.

Times are aware datetimes or :class:`geoverify.times.TimeInterval` (an event known only to the
hour is an interval). The *smallest* implied speed uses the smallest distance between the two
circles and the *longest* possible time gap; the *largest* uses the largest distance and the
shortest gap (zero when the intervals overlap: unbounded).

- inconsistent: even the smallest implied speed, along the straight geodesic (a route can only
  be longer), exceeds the mode's plausible maximum;
- consistent: even the largest implied speed, over a route :data:`ROUTE_FACTOR` times the
  geodesic distance (roads wind; rivers need bridges), stays within it;
- inconclusive otherwise.

The graded share is of ``b``'s uncertainty: the share of it reachable from ``a`` in time.

Plausible maximum average speeds by mode (geoverify's own assumptions; override with
``max_speed_kmh``): foot 6 km/h, motorcycle 90, road_vehicle 90, offroad_vehicle 50,
boat 40, helicopter 250, drone 200 (about the Shahed-136's quoted 150 to 190 km/h),
aircraft 900.

Examples
--------
>>> from datetime import datetime, timezone
>>> from geoverify.sites import Site
>>> a, b = Site(35.0, 40.0, 0, name="A"), Site(35.0, 41.0, 0, name="B")
>>> t0 = datetime(2022, 1, 5, 6, 0, tzinfo=timezone.utc)
>>> t1 = datetime(2022, 1, 5, 6, 30, tzinfo=timezone.utc)
>>> r = check_travel(a, t0, b, t1)
>>> r.verdict, round(r.values["speed_min_kmh"])
(<Verdict.INCONSISTENT: 'inconsistent'>, 183)
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from geoverify.checks._support import (
    SiteRole,
    deciders,
    fmt_range,
    line_feature,
    require_site,
    separation,
    site_features,
    site_label,
)
from geoverify.checks.registry import register_check
from geoverify.checks.result import CheckResult, Share
from geoverify.checks.rules import travel_decide_radius, travel_rule, travel_share, verdict_of
from geoverify.errors import CheckError, GeoverifyError
from geoverify.sites import Site
from geoverify.times import TimeInterval, parse_time

__all__ = ["check_travel", "MODE_SPEEDS_KMH", "ROUTE_FACTOR", "time_gap_bounds", "speed_limit"]

#: plausible maximum average speed over the journey, km/h, by mode
MODE_SPEEDS_KMH: dict[str, float] = {
    "foot": 6.0, "motorcycle": 90.0, "road_vehicle": 90.0, "offroad_vehicle": 50.0,
    "boat": 40.0, "helicopter": 250.0, "drone": 200.0, "aircraft": 900.0,
}
#: a route is taken as at most this many times the geodesic distance for a "consistent" answer
ROUTE_FACTOR = 1.4


def _interval(value: Any, name: str) -> TimeInterval:
    if isinstance(value, TimeInterval):
        return value
    if isinstance(value, (datetime, str)):
        try:
            when = parse_time(value)
        except GeoverifyError as exc:
            raise CheckError(f"travel check: {name}: {exc}") from None
        return TimeInterval(when, when)
    raise CheckError(f"travel check: {name} must be an aware datetime or a TimeInterval, "
                     f"not {type(value).__name__}")


def time_gap_bounds(when_a: TimeInterval, when_b: TimeInterval) -> tuple[float, float]:
    """Return the shortest and longest possible time between two intervals, in seconds.

    >>> from datetime import datetime, timedelta, timezone
    >>> t = datetime(2022, 1, 5, 6, tzinfo=timezone.utc)
    >>> time_gap_bounds(TimeInterval.at(t, precision=timedelta(hours=1)),
    ...                 TimeInterval.at(t + timedelta(hours=3)))
    (7200.0, 14400.0)
    """
    if when_a.end < when_b.start:
        shortest = (when_b.start - when_a.end).total_seconds()
    elif when_b.end < when_a.start:
        shortest = (when_a.start - when_b.end).total_seconds()
    else:
        shortest = 0.0
    longest = max(abs((when_b.end - when_a.start).total_seconds()),
                  abs((when_a.end - when_b.start).total_seconds()))
    return float(shortest), float(longest)


def speed_limit(mode: str, max_speed_kmh: float | None = None) -> float:
    """Return the plausible maximum average speed (km/h): ``max_speed_kmh``, or the mode's.

    >>> speed_limit("foot"), speed_limit("foot", 8)
    (6.0, 8.0)
    """
    if max_speed_kmh is None:
        if mode not in MODE_SPEEDS_KMH:
            raise CheckError(f"travel check: unknown mode {mode!r} "
                             f"(one of {', '.join(MODE_SPEEDS_KMH)}; or give max_speed_kmh)")
        return MODE_SPEEDS_KMH[mode]
    try:
        limit = float(max_speed_kmh)
    except (TypeError, ValueError):
        limit = math.nan
    if not (math.isfinite(limit) and limit > 0):
        raise CheckError(f"travel check: max_speed_kmh {max_speed_kmh!r} must be > 0")
    return limit


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h".replace(".0 h", " h")


@register_check("travel", site_params=("a", "b"),
                description="The same actor at two places and times: the implied speed.")
def check_travel(a: Site, when_a: datetime | TimeInterval, b: Site,
                 when_b: datetime | TimeInterval, *, mode: str = "road_vehicle",
                 max_speed_kmh: float | None = None, same_unit: bool = True) -> CheckResult:
    """Check whether one actor could be at ``a`` at ``when_a`` and at ``b`` at ``when_b``.

    Parameters
    ----------
    a, b : Site
        The two places.
    when_a, when_b : datetime or TimeInterval
        When the actor was at each (aware; an ISO 8601 text with an offset is accepted).
    mode : str
        How it would travel (module table), default ``road_vehicle``.
    max_speed_kmh : float, optional
        The plausible maximum average speed, replacing the mode's.
    same_unit : bool
        Whether the two sightings are of one unit that had to travel (default). With
        False (a group named as the actor, e.g. "militia", may act in two places at once)
        a speed no vehicle reaches is reported but gives ``inconclusive``, never
        ``inconsistent``; the engine's implied travel checks use False.

    Returns
    -------
    CheckResult
        kind ``travel``; ``margin`` in km/h: the plausible maximum minus the deciding implied
        speed.

    Examples
    --------
    >>> from datetime import timedelta
    >>> from geoverify.sites import Site
    >>> from geoverify.times import TimeInterval, parse_time
    >>> t = parse_time("2022-01-05T06:00+03:00")
    >>> r = check_travel(Site(35.0, 40.0, 0), t, Site(35.0, 40.1, 0), t + timedelta(hours=2))
    >>> r.verdict, round(r.values["speed_max_kmh"], 1)
    (<Verdict.CONSISTENT: 'consistent'>, 6.4)
    """
    require_site(a, "a")
    require_site(b, "b")
    ia, ib = _interval(when_a, "when_a"), _interval(when_b, "when_b")
    limit = speed_limit(mode, max_speed_kmh)
    sep = separation(a, b)
    gap_min, gap_max = time_gap_bounds(ia, ib)
    code, margin_a, speed_a, speed_b = travel_rule(sep.min_m, sep.max_m, gap_min, gap_max, limit,
                                                   ROUTE_FACTOR, same_unit)
    route_max = sep.max_m * ROUTE_FACTOR
    speed_min, speed_max, margin = float(speed_a), float(speed_b), float(margin_a)
    verdict = verdict_of(code)
    group_note = ""
    if not same_unit and speed_min > limit + limit * 1e-12:
        group_note = (" (too fast for one unit, but the actor may be a group acting in both "
                      "places at once; set same_unit if it is one unit)")
    sure, possible = travel_share(sep.distance_m, sep.radius_b_m, sep.radius_a_m, gap_min,
                                  gap_max, limit, ROUTE_FACTOR, same_unit, code)
    centre, *_ = travel_rule(sep.distance_m, sep.distance_m, gap_min, gap_max, limit,
                             ROUTE_FACTOR, same_unit)
    roles = (SiteRole("a", a, sep.radius_a_m), SiteRole("b", b, sep.radius_b_m))
    radii = [travel_decide_radius(sep.distance_m, role.radius_m, mate.radius_m, gap_min, gap_max,
                                  limit, ROUTE_FACTOR, same_unit)
             for role, mate in (roles, roles[::-1])]
    gap_text = (_duration(gap_min) if gap_min == gap_max
                else f"{_duration(gap_min)} to {_duration(gap_max)}")
    fastest = "unbounded" if math.isinf(speed_max) else f"{speed_max:.0f} km/h"
    speed_text = (f"at least {speed_min:.0f} km/h in a straight line and at most {fastest} on a "
                  f"route {ROUTE_FACTOR:g} times longer")
    sentence = (f"{site_label(a)} to {site_label(b)} is {fmt_range(sep.min_m, sep.max_m)} in "
                f"{gap_text}: {speed_text}; a plausible {mode.replace('_', ' ')} "
                f"averages at most {limit:g} km/h: {verdict}{group_note}.")
    return CheckResult(
        kind="travel",
        verdict=verdict,
        explanation=sentence,
        values={"distance_m": sep.distance_m, "distance_min_m": sep.min_m,
                "distance_max_m": sep.max_m, "route_max_m": route_max,
                "time_gap_min_s": gap_min, "time_gap_max_s": gap_max,
                "speed_min_kmh": speed_min, "speed_max_kmh": speed_max,
                "max_speed_kmh": limit, "mode": mode, "share_subject": "b"},
        margin=margin,
        margin_unit="km/h",
        inputs={"a": site_label(a), "a_uncertainty_m": a.uncertainty_m, "when_a": ia.to_dict(),
                "b": site_label(b), "b_uncertainty_m": b.uncertainty_m, "when_b": ib.to_dict(),
                "mode": mode, "max_speed_kmh": max_speed_kmh, "same_unit": same_unit},
        method=(f"smallest geodesic distance / longest time gap against the mode's speed; for "
                f"'consistent', largest distance x {ROUTE_FACTOR} (route factor) / shortest gap"),
        features=(*site_features([a, b]), line_feature(a, b)),
        share=Share(float(sure), float(possible), "b"),
        centre_verdict=verdict_of(centre),
        decides_if=deciders(roles, radii),
    )


