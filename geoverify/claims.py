"""Claims and cases: who says what happened where and when, and how one incident's claims relate.

A :class:`Case` (an incident) holds its sources, the sites it talks about (as
:class:`SiteSpec`: how to locate each one), the :class:`Claim` s, the :class:`Relation` s
between claims ("the coalition's artillery answered the launch point of the rockets"), the
analyst's explicit checks, the implied checks to skip and per-check options. Case files
(:mod:`geoverify.casefile`) build Cases; :func:`geoverify.verify.verify` checks them.

Event times are intervals with their precision: a date alone is the whole day in the case's
time zone, "2022-01-05 morning" the hours of :data:`PART_OF_DAY_HOURS`, an ISO time with a zone
an instant (or ``± 30 min``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from geoverify.errors import GeoverifyError, TimeParseError, quoted
from geoverify.times import RANGE_TEXT, TimeInterval, parse_time

__all__ = [
    "CLAIM_KINDS",
    "RELATION_KINDS",
    "PART_OF_DAY_HOURS",
    "EventTime",
    "parse_event_time",
    "Source",
    "SiteSpec",
    "StatedLocation",
    "Claim",
    "Relation",
    "CaseCheck",
    "Case",
    "Incident",
]

#: What a claim says happened at its site.
CLAIM_KINDS = ("launch", "impact", "strike", "target", "presence", "other")

#: How two claims relate. ``targets_launch_site_of``: the subject claim's target is the object
#: claim's launch site (the coalition's artillery answered the rockets' launch point); the
#: engine uses it to fill in a missing target. The others are recorded and reported.
RELATION_KINDS = ("targets_launch_site_of", "responds_to", "same_event", "corroborates",
                  "contradicts", "precedes")

#: Local hours (start, end) geoverify reads a part of the day as: its documented assumption,
#: wide on purpose. An end past 24 runs into the next day ("night": 18:00 to 06:00).
PART_OF_DAY_HOURS: dict[str, tuple[int, int]] = {
    "dawn": (4, 7),
    "early morning": (4, 8),
    "morning": (5, 12),
    "late morning": (9, 12),
    "midday": (11, 14),
    "noon": (11, 14),
    "afternoon": (12, 18),
    "late afternoon": (15, 18),
    "evening": (17, 22),
    "dusk": (16, 20),
    "night": (18, 30),
}

_DATE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:\s+(?P<part>[a-z][a-z ]*?))?"
                   r"(?:\s+(?P<zone>[A-Za-z_]+/[A-Za-z0-9_+\-/]+|UTC))?$", re.IGNORECASE)
_PLUSMINUS = re.compile(r"^(?P<stamp>.+?)\s*(?:±|\+-|\+/-)\s*(?P<num>\d+(?:\.\d+)?)\s*"
                        r"(?P<unit>s|sec|seconds?|min|minutes?|h|hours?|d|days?)$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "second": 1, "seconds": 1, "min": 60, "minute": 60,
                 "minutes": 60, "h": 3600, "hour": 3600, "hours": 3600, "d": 86400, "day": 86400,
                 "days": 86400}


@dataclass(frozen=True)
class EventTime:
    """When an event happened: an interval of aware datetimes and how precise it is.

    ``precision`` is ``exact``, ``part_of_day`` (then ``part_of_day`` names it), ``day`` or
    ``interval``; ``text`` is what was written.
    """

    interval: TimeInterval
    precision: str
    text: str = ""
    part_of_day: str | None = None

    @property
    def start(self) -> datetime:
        """The earliest time the event may have happened."""
        return self.interval.start

    @property
    def end(self) -> datetime:
        """The latest time the event may have happened."""
        return self.interval.end

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {**self.interval.to_dict(), "precision": self.precision, "text": self.text,
                "part_of_day": self.part_of_day}

    def __str__(self) -> str:
        return self.text or f"{self.start.isoformat()} to {self.end.isoformat()}"


def _zone_info(name: str, text: str) -> Any:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimeParseError(f"time {quoted(text)}: unknown time zone {quoted(name)}") from None


def parse_event_time(text: str | date | datetime, *, zone: str | None = None) -> EventTime:
    """Return the interval an event time stands for, with its precision.

    Parameters
    ----------
    text : str, date or datetime
        ``2022-01-05`` (the whole local day), ``2022-01-05 morning`` (hours of
        :data:`PART_OF_DAY_HOURS`), ``2022-01-05T07:30+03:00`` or ``2022-01-05T07:30 Asia/Damascus``
        (an instant), ``... ± 30 min`` (an instant with a margin), ``A / B`` or ``A to B``
        (an interval). A zone name may follow a date: ``2022-01-05 morning Asia/Damascus``.
    zone : str, optional
        The IANA zone of a date or time written without one (a case file's ``timezone``).
        Without either, a bare date or local time raises :class:`TimeParseError`.

    Examples
    --------
    >>> t = parse_event_time("2022-01-05 morning", zone="Asia/Damascus")
    >>> t.precision, t.start.isoformat(), t.end.isoformat()
    ('part_of_day', '2022-01-05T05:00:00+02:00', '2022-01-05T12:00:00+02:00')
    >>> parse_event_time("2022-01-05 Asia/Damascus").interval.duration
    datetime.timedelta(days=1)
    >>> parse_event_time("2022-01-05T07:30+03:00 ± 30 min").interval.duration
    datetime.timedelta(seconds=3600)
    >>> parse_event_time("9999-12-31", zone="UTC")
    Traceback (most recent call last):
    ...
    geoverify.errors.TimeParseError: event time '9999-12-31' is out of range: ...
    """
    try:
        return _parse_event_time(text, zone=zone)
    except TimeParseError as exc:
        if "out of range" not in str(exc) or str(exc).startswith("event time"):
            raise
        raise TimeParseError(f"event time {quoted(_text_of(text))} is out of range: "
                             f"{RANGE_TEXT}") from None
    except (OverflowError, ValueError):  # date arithmetic past year 1 or 9999
        raise TimeParseError(f"event time {quoted(_text_of(text))} is out of range: "
                             f"{RANGE_TEXT}") from None


def _text_of(text: Any) -> str:
    return text.isoformat() if isinstance(text, (date, datetime)) else " ".join(str(text).split())


def _parse_event_time(text: str | date | datetime, *, zone: str | None = None) -> EventTime:
    if isinstance(text, datetime):
        when = parse_time(text, zone=zone)
        return EventTime(TimeInterval(when, when), "exact", when.isoformat())
    if isinstance(text, date):
        text = text.isoformat()
    raw = " ".join(str(text).split())
    if not raw:
        raise TimeParseError("event time is empty")
    for sep in (" / ", "/", " to "):
        if sep in raw and not _looks_like_zone_slash(raw, sep):
            first, second = raw.split(sep, 1)
            a, b = parse_event_time(first, zone=zone), parse_event_time(second, zone=zone)
            try:
                interval = TimeInterval(a.start, b.end)
            except TimeParseError as exc:
                raise TimeParseError(f"event time {quoted(raw)}: {exc}") from None
            return EventTime(interval, "interval", raw)
    pm = _PLUSMINUS.match(raw)
    if pm:
        when = parse_time(pm.group("stamp"), zone=zone)
        margin = timedelta(seconds=float(pm.group("num")) * _UNIT_SECONDS[pm.group("unit").lower()])
        return EventTime(TimeInterval.at(when, precision=margin), "exact", raw)
    m = _DATE.match(raw)
    if m:
        zone_name = m.group("zone") or zone
        if zone_name is None:
            raise TimeParseError(
                f"event time {quoted(raw)} is a date without a time zone; add one "
                "(e.g. '2022-01-05 Asia/Damascus') or set the case's timezone"
            )
        tz = _zone_info(zone_name, raw)
        try:
            day = date.fromisoformat(m.group("date"))
        except ValueError:
            raise TimeParseError(f"event time {quoted(raw)}: {quoted(m.group('date'))} is not "
                                 "a date") from None
        part = (m.group("part") or "").strip().lower() or None
        if part is None:
            start = datetime.combine(day, time(0), tz)
            end = datetime.combine(day + timedelta(days=1), time(0), tz)
            return EventTime(TimeInterval(start, end), "day", raw)
        if part not in PART_OF_DAY_HOURS:
            raise TimeParseError(
                f"event time {quoted(raw)}: unknown part of the day {quoted(part)} "
                f"(one of {', '.join(PART_OF_DAY_HOURS)})"
            )
        first_hour, last_hour = PART_OF_DAY_HOURS[part]
        start = datetime.combine(day, time(0), tz) + timedelta(hours=first_hour)
        end = datetime.combine(day, time(0), tz) + timedelta(hours=last_hour)
        # wall-clock hours in the zone (re-attach tz after adding to respect DST shifts)
        start = datetime.combine(start.date(), start.time(), tz)
        end = datetime.combine(end.date(), end.time(), tz)
        return EventTime(TimeInterval(start, end), "part_of_day", raw, part)
    when = parse_time(raw, zone=zone)
    return EventTime(TimeInterval(when, when), "exact", raw)


def _looks_like_zone_slash(raw: str, sep: str) -> bool:
    """Whether a "/" in ``raw`` belongs to an IANA zone name (Asia/Damascus), not an interval."""
    if sep.strip() != "/":
        return False
    if sep == " / ":
        return False
    left, right = raw.split("/", 1)
    return bool(re.search(r"[A-Za-z_]+$", left)) and bool(re.match(r"[A-Za-z_]", right))


@dataclass(frozen=True)
class Source:
    """A published source: an id the claims refer to, a title, a URL, a date, the publisher."""

    id: str
    title: str = ""
    url: str | None = None
    published: str | None = None
    publisher: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class SiteSpec:
    """How to locate a site of a case: by coordinates, imagery, a place name, relative, an area.

    ``method`` is ``coordinates`` (``value``: text in any notation), ``geolocated``
    (``value``: coordinates located from imagery; ``uncertainty_m`` is the analyst's own
    radius), ``place`` (``value``: a name to geocode, ``near``: a hint), ``relative``
    (``relative``: a :class:`~geoverify.sites.RelativeLocation` whose place is a site id of the
    case or a place name), ``area`` (``points``: (lat, lon) vertices, or ``hull_of``: site ids
    or place names whose uncertainty discs the area's convex hull covers) or ``unknown`` (no
    location: the site is where the claims' statements about it overlap, bounded by
    ``within``, a site id or another SiteSpec). ``uncertainty_m`` overrides the radius the
    method gives; ``precision`` (``{"scheme": ..., "code": ...}``) sets it from a dataset's
    precision code. ``candidates`` names sites (ids) that are alternatives for this one (the
    villages of a pocket): each is judged against every statement about it.
    """

    id: str
    method: str
    value: str | None = None
    name: str | None = None
    near: str | None = None
    country: str | None = None
    relative: Any = None
    relation_radius_m: float | None = None
    points: tuple[tuple[float, float], ...] = ()
    uncertainty_m: float | None = None
    precision: Mapping[str, Any] | None = None
    source: str | None = None
    note: str | None = None
    within: SiteSpec | str | None = None
    candidates: tuple[str, ...] = ()
    hull_of: tuple[str, ...] = ()

    @property
    def unknown(self) -> bool:
        """Whether the site is located only by what the claims say about it."""
        return self.method == "unknown"

    @property
    def depends_on(self) -> str | None:
        """The id or place text this site is relative to (None for an absolute site)."""
        return None if self.relative is None else self.relative.place

    @property
    def requires(self) -> tuple[str, ...]:
        """Every id or place text that must be located before this site (relative, hull)."""
        out = [self.relative.place] if self.relative is not None else []
        out.extend(self.hull_of)
        return tuple(out)


@dataclass(frozen=True)
class StatedLocation:
    """A location relation a claim states for its site(s), to be checked.

    ``relation``: ``near``, ``in``, ``outskirts`` (proximity; several sites: cluster), a compass
    word (direction, optionally ``within_m``) or ``distance`` (``distance_m`` with
    ``qualifier``). ``of`` is a site id.
    """

    relation: str
    of: str
    distance_m: float | None = None
    qualifier: str | None = None
    within_m: float | None = None
    threshold_m: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__
                if getattr(self, k) is not None}


@dataclass(frozen=True)
class Claim:
    """One claim: who says it, when it was said, what happened, where, when, with what.

    ``sites`` are the site ids where the claimed event took place (several for "strikes on
    three sites"); ``launch_site`` and ``target_site`` name where a weapon was fired from and
    at. All text fields are untrusted (they come from the internet).

    Examples
    --------
    >>> c = Claim("claim-2", "CJTF-OIR", "impact", sites=("green-village",),
    ...           launch_site="launch-point", weapon="rocket", count=8)
    >>> c.site, c.launch_point, c.target
    ('green-village', 'launch-point', 'green-village')
    """

    id: str
    claimant: str
    kind: str
    sites: tuple[str, ...] = ()
    launch_site: str | None = None
    target_site: str | None = None
    said_at: datetime | None = None
    when: EventTime | None = None
    weapon: str | None = None
    count: int | None = None
    actor: str | None = None
    source: str | None = None
    url: str | None = None
    quote: str | None = None
    text: str = ""
    stated: tuple[StatedLocation, ...] = ()
    light: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in CLAIM_KINDS:
            raise GeoverifyError(
                f"claim {quoted(self.id)}: unknown kind {quoted(self.kind)} "
                f"(one of {', '.join(CLAIM_KINDS)})"
            )
        object.__setattr__(self, "sites", tuple(self.sites))
        object.__setattr__(self, "stated", tuple(self.stated))

    @property
    def site(self) -> str | None:
        """The first site of the claim, if any."""
        return self.sites[0] if self.sites else None

    @property
    def launch_point(self) -> str | None:
        """Where the weapon was fired from: ``launch_site``, or the site of a launch claim."""
        if self.launch_site:
            return self.launch_site
        return self.site if self.kind == "launch" else None

    @property
    def target(self) -> str | None:
        """What the weapon was fired at: ``target_site``, or the site of an impact/strike claim."""
        if self.target_site:
            return self.target_site
        return self.site if self.kind in ("impact", "strike", "target") else None

    @property
    def actor_site(self) -> str | None:
        """Where the claim puts its actor: the launch point, or the site of a presence claim."""
        if self.launch_point:
            return self.launch_point
        return self.site if self.kind == "presence" else None


@dataclass(frozen=True)
class Relation:
    """``subject`` relates to ``object`` (claim ids) as ``kind`` (one of :data:`RELATION_KINDS`)."""

    subject: str
    kind: str
    object: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"subject": self.subject, "kind": self.kind, "object": self.object,
                "note": self.note}


@dataclass(frozen=True)
class CaseCheck:
    """An explicit check of a case: a registered kind, its parameters (sites as site ids)."""

    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)
    id: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Case:
    """An incident: its sources, sites, claims, relations, and what to check.

    ``skip`` lists implied check ids not to run (``"range:claim-2"``) or whole kinds
    (``"travel"``); ``options`` maps a check id or a kind to extra keyword arguments;
    ``precision_radii`` overrides :data:`geoverify.sites.PRECISION_RADII_M`. ``path`` and
    ``lines`` (a field path such as ``"claims[1].weapon"`` -> line) locate errors found later.
    """

    id: str
    title: str
    sites: Mapping[str, SiteSpec]
    claims: tuple[Claim, ...]
    description: str = ""
    sources: tuple[Source, ...] = ()
    relations: tuple[Relation, ...] = ()
    checks: tuple[CaseCheck, ...] = ()
    skip: tuple[str, ...] = ()
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    timezone: str | None = None
    precision_radii: Mapping[str, Mapping[Any, float]] = field(default_factory=dict)
    path: str | None = None
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def claim(self, claim_id: str) -> Claim:
        """Return the claim ``claim_id`` (GeoverifyError naming the known ids if absent)."""
        for c in self.claims:
            if c.id == claim_id:
                return c
        known = ", ".join(c.id for c in self.claims)
        raise GeoverifyError(f"case {self.id!r}: no claim {claim_id!r} (claims: {known})")

    def source(self, source_id: str | None) -> Source | None:
        """Return the source ``source_id`` or None."""
        for s in self.sources:
            if s.id == source_id:
                return s
        return None

    def where(self, field_path: str) -> str:
        """Return ``file X, line N, field F`` for a field of the case file, as far as known."""
        line = self.lines.get(field_path)
        parts = [f"file {self.path}" if self.path else f"case {self.id}"]
        if line is not None:
            parts.append(f"line {line}")
        parts.append(f"field {field_path!r}")
        return ", ".join(parts)

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(c.id)}</td><td>{esc(c.claimant)}</td><td>{esc(c.kind)}</td>"
            f"<td>{esc(', '.join(c.sites))}</td><td>{esc(str(c.when) if c.when else '')}</td>"
            f"<td>{esc(c.weapon or '')}</td><td>{esc(c.text or c.quote or '')}</td></tr>"
            for c in self.claims
        )
        sites = "".join(
            f"<li><b>{esc(sid)}</b>: {esc(spec.method)} {esc(str(spec.value or ''))}"
            f"{esc(_relative_text(spec))}"
            f"</li>"
            for sid, spec in self.sites.items()
        )
        return (f"<div><h3>{esc(self.title)}</h3><p>{esc(self.description)}</p>"
                f"<p>Sites:</p><ul>{sites}</ul>"
                "<table><tr><th>id</th><th>claimant</th><th>kind</th><th>sites</th><th>when</th>"
                f"<th>weapon</th><th>claim</th></tr>{rows}</table></div>")


def _relative_text(spec: SiteSpec) -> str:
    if spec.relative is None:
        return ""
    return f" {spec.relative.relation} {spec.relative.place}"


#: An incident is a case: the claims about one event (the name analysts use).
Incident = Case
