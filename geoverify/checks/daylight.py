"""The ``daylight`` check: was the sun up, down or in twilight over the claimed time at the site.

A claim says "in the morning", "at night", "before dawn". Each such term is defined here by
the sun's true elevation (degrees, centre of the disc) and, for the parts of the day, by the
side of noon, in two layers: where the term certainly applies (``fits``) and where a
reasonable writer might still use it (``possible``). At every instant of the interval the
sun is computed at the site, widened by the site's uncertainty and by the sampling step; the
instant fits, may fit, or does not. The verdict is ``consistent`` if every instant fits,
``inconsistent`` if none may, and ``inconclusive`` otherwise.

The case engine runs all the daylight checks of a case through :func:`daylight_many`: the sun
for every claim's samples in a few array passes and the sunrise and sunset of every claim's
day together, instead of claim by claim (each answer is the one :func:`daylight` gives).

Morning and afternoon are judged on both clocks: the local clock of the claim's zone
(before or after 12:00) and the sun (before or after solar noon); an instant fits only if
both agree and may fit if either does. In Syria solar noon falls near 11:25 in winter under
UTC+2 and 12:25 under UTC+3, so this matters.

Examples
--------
>>> from geoverify.sites import Site
>>> from geoverify.times import TimeInterval, parse_time
>>> quriyah = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
>>> r = daylight(quriyah, TimeInterval(parse_time("2022-01-05T07:00 Asia/Damascus"),
...                                    parse_time("2022-01-05T08:00 Asia/Damascus")), "morning")
>>> r.verdict.value, r.values["sunrise"]
('consistent', '2022-01-05T06:26:12+02:00')
>>> daylight(quriyah, parse_time("2022-01-05T03:00 Asia/Damascus"), "day").verdict.value
'inconsistent'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from geoverify.checks._support import effective_radius, require_site, site_label
from geoverify.checks.registry import register_check
from geoverify.checks.result import CheckResult, Verdict
from geoverify.errors import CheckError, GeoverifyError
from geoverify.sites import Site
from geoverify.times import TimeInterval, as_interval

__all__ = ["PartOfDay", "PARTS_OF_DAY", "part_of_day", "daylight", "daylight_many",
           "angular_uncertainty_deg"]

_RISE = -0.8333
_ANY = "any"


@dataclass(frozen=True)
class PartOfDay:
    """A claimed time of day as regions of (true sun elevation, side of noon).

    ``fits`` and ``possible`` are tuples of ``(min_elevation_deg, max_elevation_deg, side)``
    with side ``"any"``, ``"am"``, ``"pm"`` or ``"noon"`` (within an hour of solar noon and
    11:00–13:00 on the clock; may fit within two hours or on that clock).
    """

    name: str
    fits: tuple[tuple[float, float, str], ...]
    possible: tuple[tuple[float, float, str], ...]
    meaning: str


def _p(name: str, fits: list[tuple[float, float, str]], possible: list[tuple[float, float, str]],
       meaning: str) -> PartOfDay:
    return PartOfDay(name, tuple(fits), tuple(possible), meaning)


#: The terms a claim may use, by canonical name.
PARTS_OF_DAY: dict[str, PartOfDay] = {p.name: p for p in (
    _p("day", [(_RISE, 90, _ANY)], [(-6, 90, _ANY)],
       "the sun above the horizon (civil twilight may be called day)"),
    _p("night", [(-90, -12, _ANY)], [(-90, _RISE, _ANY)],
       "the sun more than 12° below the horizon (any time after sunset may be called night)"),
    _p("twilight", [(-12, _RISE, _ANY)], [(-18, 2, _ANY)],
       "the sun between 0.83° and 12° below the horizon (astronomical twilight may count)"),
    _p("dawn", [(-12, _RISE, "am")], [(-18, 5, "am")],
       "morning twilight, the sun between 0.83° and 12° below the horizon"),
    _p("dusk", [(-12, _RISE, "pm")], [(-18, 5, "pm")],
       "evening twilight, the sun between 0.83° and 12° below the horizon"),
    _p("sunrise", [(-2, 3, "am")], [(-6, 8, "am")],
       "the sun within about 2° of the horizon before noon"),
    _p("sunset", [(-2, 3, "pm")], [(-6, 8, "pm")],
       "the sun within about 2° of the horizon after noon"),
    _p("before dawn", [(-90, -6, "am")], [(-90, _RISE, "am"), (-90, -12, "pm")],
       "dark before morning twilight (the sun more than 6° down, before noon)"),
    _p("morning", [(_RISE, 90, "am")], [(-90, 90, "am")],
       "the sun up, before noon (any time before noon may be called morning)"),
    _p("afternoon", [(_RISE, 90, "pm")], [(-6, 90, "pm")],
       "the sun up, after noon"),
    _p("evening", [(-12, 10, "pm")], [(-90, 30, "pm")],
       "after noon, from a low sun (under 10°) to the end of nautical dusk"),
    _p("noon", [(_RISE, 90, "noon")], [(-6, 90, "noon")],
       "the sun up within about an hour of solar noon"),
)}

_SYNONYMS = {
    "daytime": "day", "daylight": "day", "day time": "day", "in daylight": "day",
    "by day": "day", "during the day": "day", "sun up": "day",
    "nighttime": "night", "night time": "night", "dark": "night", "darkness": "night",
    "at night": "night", "overnight": "night",
    "pre-dawn": "before dawn", "predawn": "before dawn", "pre dawn": "before dawn",
    "early morning hours": "before dawn", "small hours": "before dawn",
    "first light": "dawn", "daybreak": "dawn", "early morning": "morning",
    "late morning": "morning", "nightfall": "dusk", "sundown": "sunset", "sunup": "sunrise",
    "midday": "noon", "late afternoon": "afternoon", "early afternoon": "afternoon",
    "early evening": "evening",
}

_PREFIXES = ("shortly before ", "shortly after ", "during the ", "in the ", "at the ", "during ",
             "in ", "at ", "by ", "the ")


def part_of_day(text: str) -> PartOfDay:
    """Return the :class:`PartOfDay` a claim's words name ("in the morning", "pre-dawn"...).

    Raises
    ------
    CheckError
        The words name no known part of the day (the message lists them).

    Examples
    --------
    >>> part_of_day("In the morning").name
    'morning'
    >>> part_of_day("pre-dawn").name
    'before dawn'
    """
    raw = " ".join(str(text).lower().replace("_", " ").split())
    candidates = [raw]
    stripped = raw
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if stripped.startswith(prefix):
                stripped = stripped[len(prefix):]
                candidates.append(stripped)
                changed = True
    for cand in candidates:
        name = _SYNONYMS.get(cand, cand)
        if name in PARTS_OF_DAY:
            return PARTS_OF_DAY[name]
    known = sorted(set(PARTS_OF_DAY) | set(_SYNONYMS))
    raise CheckError(f"daylight: claimed time of day {text!r} is not one of: {', '.join(known)}")


def angular_uncertainty_deg(uncertainty_m: float) -> float:
    """Return the most the sun's elevation can change over ``uncertainty_m`` of ground, degrees.

    The zenith direction turns by the ground distance over the radius of curvature; the
    smallest radius on WGS84 (the meridional radius at the equator, 6 335 439 m) bounds it.

    Examples
    --------
    >>> round(angular_uncertainty_deg(1500), 4)
    0.0136
    """
    return math.degrees(float(uncertainty_m) / 6_335_439.0)


def _sample_times(interval: TimeInterval, *, max_samples: int = 4000,
                  min_step_s: float = 30.0) -> tuple[np.ndarray, float]:
    start = interval.start.timestamp()
    span = interval.end.timestamp() - start
    step = max(min_step_s, span / max_samples) if span > 0 else min_step_s
    count = max(1, int(math.ceil(span / step)) + 1) if span > 0 else 1
    unix = np.linspace(start, start + span, count) if count > 1 else np.array([start])
    real_step = span / (count - 1) if count > 1 else 0.0
    return unix, real_step


def _side_masks(side: str, hour: np.ndarray, d_hour: float, clock_h: np.ndarray,
                d_clock_h: float) -> tuple[np.ndarray, np.ndarray]:
    """Return (certainly on that side, possibly on that side) for the hour angles and clocks."""
    if side == _ANY:
        all_true = np.ones(hour.shape, dtype=bool)
        return all_true, all_true
    lo, hi = hour - d_hour, hour + d_hour
    c_lo, c_hi = clock_h - d_clock_h, clock_h + d_clock_h
    if side == "am":
        solar_fit = (lo > -180.0) & (hi < 0.0)
        solar_may = (lo < 0.0) & (hi > -180.0) | (hi > 180.0)
        clock_fit = (c_lo >= 0.0) & (c_hi < 12.0)
        clock_may = c_lo < 12.0
    elif side == "pm":
        solar_fit = (lo > 0.0) & (hi < 180.0)
        solar_may = (hi > 0.0) & (lo < 180.0) | (lo < -180.0)
        clock_fit = (c_lo >= 12.0) & (c_hi < 24.0)
        clock_may = c_hi >= 12.0
    else:  # noon
        solar_fit = (lo > -15.0) & (hi < 15.0)
        solar_may = (hi > -30.0) & (lo < 30.0)
        clock_fit = (c_lo >= 11.0) & (c_hi <= 13.0)
        clock_may = (c_hi >= 11.0) & (c_lo <= 13.0)
    return solar_fit & clock_fit, solar_may | clock_may


def _states(part: PartOfDay, elev: np.ndarray, d_elev: float, hour: np.ndarray, d_hour: float,
            clock_h: np.ndarray, d_clock_h: float) -> np.ndarray:
    """Return 2 (fits), 1 (may fit) or 0 (does not) per sample."""
    fit = np.zeros(elev.shape, dtype=bool)
    may = np.zeros(elev.shape, dtype=bool)
    for lo, hi, side in part.fits:
        side_fit, _ = _side_masks(side, hour, d_hour, clock_h, d_clock_h)
        fit |= (elev - d_elev >= lo) & (elev + d_elev <= hi) & side_fit
    for lo, hi, side in part.possible:
        _, side_may = _side_masks(side, hour, d_hour, clock_h, d_clock_h)
        may |= (elev + d_elev >= lo) & (elev - d_elev <= hi) & side_may
    return np.where(fit, 2, np.where(may | fit, 1, 0))


#: The most samples one pass of the sun computes (about 100 MB of arrays); more are split.
_MAX_PASS_SAMPLES = 400_000


def _evaluate_many(jobs: list[tuple[Site, np.ndarray, float, PartOfDay, Any]]
                   ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return ``(states, elevations)`` for each job ``(site, unix, step_s, part, tz)``.

    The sun is computed for the samples of every job in one call (one ephemeris pass over
    all the times, one place per sample); the states are then judged job by job.
    """
    from geoverify.sun import solar_position

    if not jobs:
        return []
    counts = [len(unix) for _, unix, _, _, _ in jobs]
    if len(jobs) > 1 and sum(counts) > _MAX_PASS_SAMPLES:  # bound the memory of one pass
        half = len(jobs) // 2
        return _evaluate_many(jobs[:half]) + _evaluate_many(jobs[half:])
    unix_all = np.concatenate([unix for _, unix, _, _, _ in jobs])
    lat = np.repeat([site.lat for site, *_ in jobs], counts)
    lon = np.repeat([site.lon for site, *_ in jobs], counts)
    pos = solar_position(lat, lon, (unix_all * 1e3).astype("int64").astype("datetime64[ms]"))
    elev_all = np.asarray(pos.elevation_deg, dtype=float).reshape(-1)
    hour_all = np.asarray(pos.hour_angle_deg, dtype=float).reshape(-1)
    out = []
    start = 0
    for (site, unix, step_s, part, tz), count in zip(jobs, counts, strict=True):
        elev, hour = elev_all[start:start + count], hour_all[start:start + count]
        start += count
        angle = angular_uncertainty_deg(effective_radius(site))
        # the sun moves at most 0.25°/min in elevation and hour angle: half a step either side
        pad = 0.25 * (step_s / 60.0) / 2.0
        cos_lat = max(math.cos(math.radians(site.lat)), 1e-6)
        d_hour = min(180.0, angle / cos_lat) + pad
        clock = _clock_hours(unix, tz)
        out.append((_states(part, elev, angle + pad, hour, d_hour, clock, step_s / 7200.0),
                    elev))
    return out


def _clock_hours(unix: np.ndarray, tz: Any) -> np.ndarray:
    """Return the local clock time (hours in [0, 24)) of UTC seconds in zone ``tz``."""

    def offset(t: float) -> float:
        delta = datetime.fromtimestamp(float(t), tz=UTC).astimezone(tz).utcoffset()
        return delta.total_seconds() if delta is not None else 0.0

    first, last = offset(unix[0]), offset(unix[-1])
    if first == last:  # no clock change inside: one offset for all
        offsets = np.full(unix.shape, first)
    else:  # a clock change inside the interval (rare): per sample
        offsets = np.array([offset(t) for t in unix])
    return np.asarray(((unix + offsets) % 86400.0) / 3600.0)


def _fmt(when: datetime) -> str:
    return when.isoformat(timespec="minutes")


@register_check("daylight", site_params=("site",))
def daylight(site: Site, when: Any, claimed: str, *, zone: str | None = None) -> CheckResult:
    """Check a claimed time of day ("morning", "night", "before dawn"...) against the sun.

    Parameters
    ----------
    site : Site
        Where; its ``uncertainty_m`` (or area) widens the sun's elevation (0.009° per km).
    when : TimeInterval, datetime or str
        When, as an interval (or an instant); aware. Its zone is the claim's local clock
        (for "morning" and "afternoon") unless ``zone`` names another.
    claimed : str
        The claimed part of the day: one of :data:`PARTS_OF_DAY` or a synonym
        ("in the morning", "pre-dawn", "at night"...).
    zone : str, optional
        The IANA zone of the claim's local clock, and of a ``when`` text written without
        one. Give it when ``when`` is in UTC but the claim speaks local time.

    Returns
    -------
    CheckResult
        ``values``: ``sun_elevation_min_deg``/``sun_elevation_max_deg`` (true elevation over
        the interval), ``sunrise``, ``sunset``, ``solar_noon``, ``civil_dawn``,
        ``civil_dusk`` of the local date of the interval's start, ``fits_fraction`` and
        ``may_fit_fraction`` of the interval; ``margin`` in minutes: for a consistent
        verdict, how far the interval could shift before leaving the claim (capped at
        12 h); for an inconsistent one, minus the distance to the nearest instant that may
        fit; ``None`` when inconclusive.

    Raises
    ------
    CheckError
        An unknown claimed term or a site that is not a Site.
    TimeParseError
        A time without a zone.

    Examples
    --------
    >>> from geoverify.times import parse_time
    >>> s = Site(34.95629, 40.54139, 0)
    >>> r = daylight(s, parse_time("2022-01-05T06:00 Asia/Damascus"), "before dawn")
    >>> r.verdict.value, round(r.values["sun_elevation_min_deg"], 1)
    ('inconclusive', -5.7)
    """
    outcome = daylight_many([(site, when, claimed, zone)])[0]
    if isinstance(outcome, GeoverifyError):
        raise outcome
    return outcome


def daylight_many(items: Sequence[tuple[Any, Any, Any, str | None]]
                  ) -> list[CheckResult | GeoverifyError]:
    """Run :func:`daylight` for many ``(site, when, claimed, zone)`` in one vectorized pass.

    The sun is computed once for the samples of all the claims together (and their sunrise,
    sunset and twilights in one pass of :func:`geoverify.sun.sun_times_many`), instead of
    claim by claim; each result is what :func:`daylight` gives for that claim. A claim whose
    inputs are refused gets its error in its place in the list (a
    :class:`~geoverify.errors.GeoverifyError`), so one bad claim does not stop the others.
    The case engine runs the daylight checks of a case through here.

    Examples
    --------
    >>> from geoverify.times import parse_time
    >>> s = Site(34.95629, 40.54139, 0)
    >>> out = daylight_many([(s, parse_time("2022-01-05T03:00 Asia/Damascus"), "night", None),
    ...                      (s, parse_time("2022-01-05T03:00 Asia/Damascus"), "teatime", None)])
    >>> out[0].verdict.value, type(out[1]).__name__
    ('consistent', 'CheckError')
    """
    from geoverify.sun import sun_times_many

    outcomes: list[CheckResult | GeoverifyError | None] = [None] * len(items)
    ready = []
    for n, (site, when, claimed, zone) in enumerate(items):
        try:
            site = require_site(site, "daylight: site")
            part = part_of_day(claimed)
            interval = as_interval(when, zone=zone)
            tz = interval.start.tzinfo
            if zone is not None:  # the claim's local clock, named explicitly
                try:
                    tz = ZoneInfo(zone)
                except (ZoneInfoNotFoundError, ValueError):
                    raise CheckError(f"daylight: unknown time zone {zone!r}") from None
            local_day = interval.start.astimezone(tz).date()
        except GeoverifyError as exc:
            outcomes[n] = exc
            continue
        unix, step = _sample_times(interval)
        ready.append((n, site, interval, part, tz, claimed, local_day, unix, step))

    evaluated = _evaluate_many([(site, unix, step, part, tz)
                                for _, site, _, part, tz, _, _, unix, step in ready])
    verdicts = []
    for states, _ in evaluated:
        if np.all(states == 2):
            verdicts.append(Verdict.CONSISTENT)
        elif np.all(states == 0):
            verdicts.append(Verdict.INCONSISTENT)
        else:
            verdicts.append(Verdict.INCONCLUSIVE)
    margins = _margins_minutes([(site, interval, part, tz, verdict) for (
        _, site, interval, part, tz, _, _, _, _), verdict in zip(ready, verdicts, strict=True)])
    events_all = sun_times_many([(site.lat, site.lon, local_day, tz if tz is not None else "UTC")
                                 for _, site, _, _, tz, _, local_day, _, _ in ready])
    for job, (states, elev), verdict, margin, events in zip(ready, evaluated, verdicts, margins,
                                                           events_all, strict=True):
        n, site, interval, part, _tz, claimed, local_day, _, _ = job
        outcomes[n] = _result(site, interval, part, claimed, local_day, states, elev, verdict,
                              margin, events)
    return [o for o in outcomes if o is not None]


def _result(site: Site, interval: TimeInterval, part: PartOfDay, claimed: str,
            local_day: Any, states: np.ndarray, elev: np.ndarray, verdict: Verdict,
            margin: float | None, events: Any) -> CheckResult:
    """Return the CheckResult of one claim from its evaluated samples and the day's events."""
    ev = events.to_dict()
    values: dict[str, Any] = {
        "sun_elevation_min_deg": float(np.min(elev)),
        "sun_elevation_max_deg": float(np.max(elev)),
        "elevation_uncertainty_deg": angular_uncertainty_deg(effective_radius(site)),
        "fits_fraction": float(np.mean(states == 2)),
        "may_fit_fraction": float(np.mean(states >= 1)),
        "local_date": local_day.isoformat(),
    }
    for key in ("sunrise", "sunset", "solar_noon", "civil_dawn", "civil_dusk",
                "nautical_dawn", "nautical_dusk"):
        values[key] = ev[key]
    values["conditions"] = ev["conditions"]

    name = site_label(site)
    span = (f"at {_fmt(interval.start)}" if interval.duration == timedelta(0)
            else f"from {_fmt(interval.start)} to {_fmt(interval.end)}")
    elev_text = (f"{values['sun_elevation_min_deg']:.1f}°"
                 if values["sun_elevation_max_deg"] - values["sun_elevation_min_deg"] < 0.05
                 else f"{values['sun_elevation_min_deg']:.1f}° to "
                      f"{values['sun_elevation_max_deg']:.1f}°")
    rise = events.sunrise.strftime("%H:%M") if events.sunrise else "none"
    sset = events.sunset.strftime("%H:%M") if events.sunset else "none"
    outcome = {
        Verdict.CONSISTENT: "which fits the whole time",
        Verdict.INCONSISTENT: "which fits at no time",
        Verdict.INCONCLUSIVE: "which fits only part of the time or only in a loose sense",
    }[verdict]
    explanation = (
        f"At {name} (±{effective_radius(site):.0f} m) {span} the sun stood at {elev_text} "
        f"(sunrise {rise}, sunset {sset} local); '{part.name}' means {part.meaning}, "
        f"{outcome}."
    )
    return CheckResult(
        kind="daylight",
        verdict=verdict,
        explanation=explanation,
        values=values,
        margin=margin,
        margin_unit="min",
        inputs={"site": site.to_dict(), "when": interval.to_dict(), "claimed": claimed,
                "part_of_day": part.name},
        method=("NREL SPA solar position (geoverify.sun) sampled over the interval; "
                "elevation widened by the site uncertainty and the sampling step"),
    )


def _margins_minutes(jobs: list[tuple[Site, TimeInterval, PartOfDay, Any, Verdict]]
                     ) -> list[float | None]:
    """Return each claim's margin in minutes (see :func:`daylight`), all in one pass."""
    pad = timedelta(hours=12)
    wanted = [k for k, job in enumerate(jobs) if job[4] != Verdict.INCONCLUSIVE]
    samples = {}
    for k in wanted:
        site, interval, part, tz, _ = jobs[k]
        wide = TimeInterval(interval.start - pad, interval.end + pad)
        samples[k] = _sample_times(wide, max_samples=3000, min_step_s=60.0)
    evaluated = _evaluate_many([(jobs[k][0], samples[k][0], samples[k][1], jobs[k][2],
                                 jobs[k][3]) for k in wanted])
    out: list[float | None] = [None] * len(jobs)
    for k, (states, _) in zip(wanted, evaluated, strict=True):
        interval, verdict = jobs[k][1], jobs[k][4]
        unix = samples[k][0]
        s0, s1 = interval.start.timestamp(), interval.end.timestamp()
        outside = (unix < s0) | (unix > s1)
        dist = np.where(unix < s0, s0 - unix, unix - s1) / 60.0
        if verdict == Verdict.CONSISTENT:
            bad = outside & (states < 2)
            out[k] = float(np.min(dist[bad])) if np.any(bad) else 720.0
        else:
            good = outside & (states >= 1)
            out[k] = -float(np.min(dist[good])) if np.any(good) else -720.0
    return out
