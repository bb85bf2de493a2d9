"""The verification engine: a Case in, implied and explicit checks run, a VerificationReport out.

:func:`verify` locates every site of the case (coordinates, offline geocoding, relative
descriptions, areas), plans the checks the claims imply (:func:`plan_checks`), adds the
analyst's explicit checks, drops the skipped ones, runs each through the check registry
(:mod:`geoverify.checks.registry`, so a user's own ``register_check`` function can be named in
a case file) and returns a :class:`~geoverify.report.model.VerificationReport`.

Implied checks and their stable ids:

- ``range:<claim>``: a claim with a launch point, a target and a weapon. A weapon the
  catalogue does not name but whose class it knows ("rockets", "mortar") is checked against
  every catalogue weapon of that class (which fit, which are excluded).
- ``direction:<claim>[:<site>]``: a claim stating its site is "north-east of X".
- ``proximity:<claim>[:<site>]``: a claim stating its site is near / in / on the outskirts of X.
- ``cluster:<claim>``: a claim stating several sites are near X; ``cluster:<X>``: several
  strike or impact claims each stating their site near the same X.
- ``stated_distance:<claim>[:<site>]``: "about 5 km from X".
- ``daylight:<claim>``: a claim with a site, a time and a claimed light (``light: morning``,
  "in the morning", "at night"); the time alone is not checked against itself.
- ``travel:<claim-a>:<claim-b>``: two claims putting the same actor at two places and times
  (consecutive in time). An actor named in claims is usually a group that may act in two
  places at once, so the implied check runs with ``same_unit: false`` (too fast is
  ``inconclusive``); set ``options: {travel: {same_unit: true}}`` when it is one unit.

A stated relation whose site was itself *located from that relation* (a strike site known
only as "near al-Quriyah", checked against "near al-Quriyah") has nothing independent to
check: the result has the status ``not_run`` (verdict ``inconclusive``) and says so, rather
than a circular ``consistent``; a report leaves it out of its overall verdict and counts
("1 consistent; 1 not run").

Explicit checks get the id given in the case file or ``<kind>:<n>``; an explicit check with the
id of an implied one replaces it. ``skip`` drops ids or whole kinds; ``options`` adds keyword
arguments by id or kind.

A parameter the check refuses (``stated_m: -10000``, an unknown weapon, a half-width of 200°)
is bad input: :func:`verify` raises :class:`~geoverify.errors.CaseFileError` naming the file,
line and field (exit 2 on the command line). A check that cannot run on valid inputs (a
cluster spread round the globe, a missing optional library) gives an ``inconclusive`` result
saying "Could not run" and why.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geoverify.checks.result import CheckResult, Verdict
from geoverify.claims import Case, Claim, SiteSpec
from geoverify.errors import CaseFileError, CheckError, GeoverifyError, quoted
from geoverify.sites import Site

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport

__all__ = [
    "PlannedCheck", "DISTANCE_ONLY_KINDS", "resolve_sites", "plan_checks", "run_check",
    "framed_sites", "verify", "verify_file",
]

@dataclass(frozen=True)
class PlannedCheck:
    """A check the engine will run: its stable id, kind, parameters (sites as site ids).

    ``implied`` says whether the claims implied it (or the analyst listed it); ``reason`` is a
    short text saying why it is run; ``circular`` holds a reason when the check has nothing
    independent to test; ``field_path`` is the case-file field it comes from and
    ``param_fields`` the field of each parameter the analyst wrote (``checks[0].stated_m``,
    ``options.range.tolerance``).
    """

    id: str
    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)
    implied: bool = True
    reason: str = ""
    circular: str | None = None
    field_path: str | None = None
    param_fields: Mapping[str, str] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------
# sites
# ------------------------------------------------------------------------------------------


def _order(specs: Mapping[str, SiteSpec]) -> list[str]:
    """Return site ids with every site after the sites it needs (relative base, hull members)."""
    done: list[str] = []
    pending = list(specs)
    while pending:
        progressed = False
        for sid in list(pending):
            deps = [d for d in specs[sid].requires if d in specs]
            if all(d in done for d in deps):
                done.append(sid)
                pending.remove(sid)
                progressed = True
        if not progressed:  # a cycle: the case file loader refuses these already
            raise GeoverifyError(f"sites refer to each other: {', '.join(pending)}")
    return done


def _geocode(text: str, *, near: Site | None, country: str | None, case: Case,
             field_path: str) -> Site:
    from geoverify.gazetteer import geocode_site

    try:
        return geocode_site(text, near=near, country=country)
    except GeoverifyError as exc:
        raise CaseFileError(" ".join(str(exc).split()), path=case.path,
                            line=case.lines.get(field_path), field=field_path) from None


def resolve_sites(case: Case) -> dict[str, Site]:
    """Locate every located site of ``case``; return ``{site id: Site}`` in the case's order.

    An unknown site (``unknown: true``) has no location and is left out: it is reported by
    its region (:func:`site_regions`).

    Raises
    ------
    CaseFileError
        A place that is not found or is ambiguous, or coordinates that do not parse, with
        the file, line and field of the site.

    Examples
    --------
    >>> from geoverify.casefile import loads_case
    >>> case = loads_case('''
    ... title: t
    ... sites:
    ...   a: {coordinates: "35.0, 40.0", uncertainty_m: 100}
    ...   b: {relative: "10 km east of a"}
    ...   c: {unknown: true}
    ... claims: [{id: c, claimant: x, kind: impact, site: a}]
    ... ''')
    >>> sites = resolve_sites(case)
    >>> round(sites["b"].lon, 3), sites["b"].method, "c" in sites
    (40.11, 'relative', False)
    """
    located = {sid: spec for sid, spec in case.sites.items() if not spec.unknown}
    resolved: dict[str, Site] = {}
    for sid in _order(located):
        resolved[sid] = _locate(case, located[sid], resolved, f"sites.{sid}")
    return {sid: resolved[sid] for sid in located}


def resolve_within(case: Case, sites: Mapping[str, Site]) -> dict[str, Site]:
    """Return the ``within:`` bound of every unknown site that has one, as a Site.

    Examples
    --------
    >>> from geoverify.casefile import loads_case
    >>> case = loads_case('''
    ... title: t
    ... sites:
    ...   a: {coordinates: "35.0, 40.0", uncertainty_m: 100}
    ...   u: {unknown: true, within: {relative: "near a"}}
    ... claims: [{id: c, claimant: x, kind: impact, site: u}]
    ... ''')
    >>> round(resolve_within(case, resolve_sites(case))["u"].uncertainty_m)
    5100
    """
    out: dict[str, Site] = {}
    for sid, spec in case.sites.items():
        if isinstance(spec.within, str):
            out[sid] = sites[spec.within]
        elif isinstance(spec.within, SiteSpec):
            inner = spec.within
            if inner.name is None:
                inner = replace(inner, name=_spec_words(inner, sites))
            out[sid] = _locate(case, inner, sites, f"sites.{sid}.within")
    return out


def _spec_words(spec: SiteSpec, sites: Mapping[str, Site]) -> str:
    """Return a site form in words ("near Green Village", "34.95, 40.54") to name a bound."""
    rel = spec.relative
    if rel is None:
        if spec.method == "area":
            return "the area given" if not spec.hull_of else (
                f"the hull of {', '.join(spec.hull_of)}")
        return str(spec.value)
    place = sites[rel.place].name if rel.place in sites and sites[rel.place].name else rel.place

    def km(m: float | None) -> str:
        return f"{(m or 0) / 1000:g} km"

    if rel.relation == "sector":
        return f"{rel.direction} of {place}" + (f" within {km(rel.within_m)}"
                                                if rel.within_m else "")
    if rel.relation == "offset":
        return f"{rel.qualifier + ' ' if rel.qualifier else ''}{km(rel.distance_m)} " \
               f"{rel.direction} of {place}"
    if rel.relation == "distance":
        return f"{rel.qualifier + ' ' if rel.qualifier else ''}{km(rel.distance_m)} from {place}"
    words = {"outskirts": "on the outskirts of"}.get(rel.relation, rel.relation)
    extra = f" (within {km(spec.relation_radius_m)})" if spec.relation_radius_m else ""
    return f"{words} {place}{extra}"


def _locate(case: Case, spec: SiteSpec, resolved: Mapping[str, Site], path: str) -> Site:
    """Return the Site a located spec describes (``path``: its field, for errors)."""
    from geoverify.sites import area_site, precision_radius, relative_site

    sid = spec.id
    where = f"{path}.{spec.method}"
    source = _source_text(case, spec.source)
    try:
        if spec.method in ("coordinates", "geolocated"):
            from geoverify.coordinates import parse_coordinates

            coord = parse_coordinates(str(spec.value))
            radius = (spec.uncertainty_m if spec.uncertainty_m is not None
                      else coord.precision_m)
            site = Site(coord.lat, coord.lon, radius, name=spec.name or sid,
                        method=spec.method, source=source, note=spec.note)
        elif spec.method == "place":
            near = None
            if spec.near:
                near = (resolved.get(spec.near) if spec.near in case.sites else
                        _geocode(spec.near, near=None, country=spec.country, case=case,
                                 field_path=f"{path}.near"))
            site = _geocode(str(spec.value), near=near, country=spec.country, case=case,
                            field_path=where)
            site = replace(site, name=spec.name or site.name or sid,
                           source=source or site.source, note=spec.note or site.note)
        elif spec.method == "relative":
            rel = spec.relative
            base = (resolved[rel.place] if rel.place in resolved else
                    _geocode(rel.place, near=None, country=spec.country, case=case,
                             field_path=where))
            site = relative_site(base, rel, relation_radius_m=spec.relation_radius_m,
                                 name=spec.name or sid, source=source)
            if spec.note:
                site = replace(site, note=f"{site.note}; {spec.note}" if site.note
                               else spec.note)
        elif spec.hull_of:
            site = _hull_site(case, spec, resolved, f"{path}.area.hull_of", source)
        else:
            site = area_site(spec.points, name=spec.name or sid, source=source,
                             uncertainty_m=spec.uncertainty_m or 0.0)
            if spec.note:
                site = replace(site, note=spec.note)
        if spec.precision is not None:
            radius = precision_radius(spec.precision["scheme"], spec.precision["code"],
                                      overrides=dict(case.precision_radii) or None)
            site = site.with_uncertainty(radius)
        elif spec.uncertainty_m is not None and spec.method not in ("area",):
            site = site.with_uncertainty(spec.uncertainty_m)
    except CaseFileError:
        raise
    except GeoverifyError as exc:
        raise CaseFileError(" ".join(str(exc).split()), path=case.path,
                            line=case.lines.get(where) or case.lines.get(path),
                            field=where) from None
    return site


def _hull_site(case: Case, spec: SiteSpec, resolved: Mapping[str, Site], path: str,
               source: str | None) -> Site:
    """Return the area covering the members' uncertainty discs: their convex hull (lon/lat).

    Each member is a site id of the case or a place name (or gazetteer row id) geocoded with
    the spec's ``near``/``country`` hints; its disc is the geodesic circle of its radius (an
    area member: its area grown by its error). The hull is taken of the discs' outer polygons
    (which contain each disc within about a metre), with straight longitude/latitude edges as
    GeoJSON reads them: a reproducible area drawn only from the members' points and radii.
    """
    from shapely import convex_hull, union_all

    from geoverify.regions import site_region

    members: list[Site] = []
    for j, ref in enumerate(spec.hull_of):
        if ref in resolved:
            members.append(resolved[ref])
        else:
            near = None
            if spec.near:
                near = (resolved.get(spec.near) if spec.near in case.sites else
                        _geocode(spec.near, near=None, country=spec.country, case=case,
                                 field_path=f"{path[: -len('.area.hull_of')]}.near"))
            members.append(_geocode(ref, near=near, country=spec.country, case=case,
                                    field_path=f"{path}[{j}]"))
    hull = convex_hull(union_all([site_region(m).geometry for m in members]))
    lonlat = list(hull.exterior.coords)[:-1] if hull.geom_type == "Polygon" else []
    if len(lonlat) < 3:
        raise GeoverifyError("area: hull_of: the members' discs span no area (give members "
                             "with a radius)")
    from geoverify.sites import area_site

    names = ", ".join(f"{m.name or f'{m.lat:.4f}, {m.lon:.4f}'} (±{m.uncertainty_m:.0f} m)"
                      for m in members)
    site = area_site([(lat, lon) for lon, lat in lonlat], name=spec.name or spec.id,
                     source=source)
    note = f"The convex hull of the uncertainty discs of: {names}."
    return replace(site, note=f"{note} {spec.note}" if spec.note else note)


def _source_text(case: Case, source_id: str | None) -> str | None:
    if source_id is None:
        return None
    src = case.source(source_id)
    if src is None:
        return source_id
    return " ".join(part for part in (src.title, src.url or "") if part) or src.id


# ------------------------------------------------------------------------------------------
# planning
# ------------------------------------------------------------------------------------------


def _effective_claims(case: Case) -> list[Claim]:
    """Return the claims with relations applied (a missing target filled from the relation)."""
    claims = {c.id: c for c in case.claims}
    for rel in case.relations:
        if rel.kind == "targets_launch_site_of":
            subject, obj = claims[rel.subject], claims[rel.object]
            if subject.target_site is None and obj.launch_point is not None:
                claims[rel.subject] = replace(subject, target_site=obj.launch_point)
    return [claims[c.id] for c in case.claims]


def _derived_from(case: Case, site_id: str, place_id: str) -> bool:
    """Whether ``site_id`` is located only from ``place_id`` itself.

    True for a site described relative to the place ("near X"), also through a chain of
    relative sites ("in Y", Y "near X"), for the place itself, and for a site geocoded from
    the very name the place is geocoded from (two ids, one gazetteer point): checking such a
    site against the place tests nothing independent.
    """
    place_spec = case.sites.get(place_id)
    seen: set[str] = set()
    current: str | None = site_id
    while current is not None and current not in seen:
        if current == place_id:
            return True
        seen.add(current)
        spec = case.sites.get(current)
        if spec is None:
            return False
        if (spec.method == "place" and place_spec is not None and place_spec.method == "place"
                and _same_name(spec.value, place_spec.value)
                and _same_name(spec.near, place_spec.near)
                and _same_name(spec.country, place_spec.country)):
            return True
        current = spec.relative.place if spec.relative is not None else None
    return False


def _independent(case: Case, sites: Sequence[str], place: str) -> tuple[list[str], str]:
    """Return the sites not derived from ``place`` and a note naming those left out.

    A site located only from the place would pass its own test and lend a cluster a
    consistency it has not earned; it is left out of the cluster (named in the reason).
    """
    kept = [s for s in sites if not _derived_from(case, s, place)]
    dropped = [s for s in sites if s not in kept]
    note = (f" (left out, located only from {place}: {', '.join(dropped)})"
            if dropped and kept else "")
    return (kept or list(sites)), note


def _same_name(a: str | None, b: str | None) -> bool:
    return " ".join(str(a or "").casefold().split()) == " ".join(str(b or "").casefold().split())


def _weapon_param(case: Case, claim: Claim, index: int) -> Any:
    """Return the range check's ``weapon``: the name, or the ids of a class word's weapons.

    Words resolve as :func:`geoverify.weapons.resolve_weapons` resolves them (what
    ``check_range`` does in Python); a class word ("rockets") is passed on as its weapons' ids
    so the report lists the weapons checked.
    """
    from geoverify.weapons import resolve_weapons, weapon_class_of

    text = str(claim.weapon)
    try:
        weapons = resolve_weapons(text)
    except GeoverifyError as exc:
        where = f"claims[{index}].weapon"
        raise CaseFileError(" ".join(str(exc).split()), path=case.path,
                            line=case.lines.get(where), field=where) from None
    if weapon_class_of(text) is not None and len(weapons) > 1:
        return [w.id for w in weapons]
    return text


def plan_checks(case: Case) -> list[PlannedCheck]:
    """Return the checks ``case`` implies plus its explicit ones, skips applied, ids stable.

    Examples
    --------
    >>> from geoverify.casefile import loads_case
    >>> case = loads_case('''
    ... title: t
    ... sites:
    ...   a: {coordinates: "35.0, 40.0", uncertainty_m: 100}
    ...   b: {coordinates: "35.05, 40.0", uncertainty_m: 100}
    ... claims:
    ...   - {id: c1, claimant: x, kind: impact, site: b, launch_site: a, weapon: 107 mm}
    ... ''')
    >>> [(p.id, p.params["launch"], p.params["target"]) for p in plan_checks(case)]
    [('range:c1', 'a', 'b')]
    """
    claims = _effective_claims(case)
    plans: list[PlannedCheck] = []
    index_of = {c.id: i for i, c in enumerate(case.claims)}

    for claim in claims:
        i = index_of[claim.id]
        launch, target = claim.launch_point, claim.target
        if launch and target and launch != target and claim.weapon:
            plans.append(PlannedCheck(
                f"range:{claim.id}", "range",
                {"launch": launch, "target": target,
                 "weapon": _weapon_param(case, claim, i)},
                reason=f"{claim.id}: launch point, target and weapon",
                field_path=f"claims[{i}]"))
        many = len(claim.sites) > 1
        for j, st in enumerate(claim.stated):
            where = f"claims[{i}].stated[{j}]"
            rel = st.relation
            if rel in ("near", "in", "outskirts") and many:
                circular = (f"the sites are located only as '{rel} {st.of}', the claim's own "
                            "words: nothing independent to check"
                            if all(_derived_from(case, s, st.of) for s in claim.sites) else None)
                kept, dropped = _independent(case, claim.sites, st.of)
                params: dict[str, Any] = {"sites": kept if not circular else list(claim.sites),
                                          "place": st.of, "relation": _relation_word(rel)}
                if st.threshold_m is not None:
                    params["threshold_m"] = st.threshold_m
                plans.append(PlannedCheck(f"cluster:{claim.id}", "cluster", params,
                                          reason=f"{claim.id}: several sites stated {rel} "
                                                 f"{st.of}{dropped}", circular=circular,
                                          field_path=where))
                continue
            for site_id in claim.sites:
                suffix = f":{site_id}" if many else ""
                circular = (f"{site_id} is located only from the words '{_words(st)}': "
                            "nothing independent to check"
                            if _derived_from(case, site_id, st.of) else None)
                if rel in ("near", "in", "outskirts"):
                    params = {"site": site_id, "place": st.of, "relation": _relation_word(rel)}
                    if st.threshold_m is not None:
                        params["threshold_m"] = st.threshold_m
                    kind = "proximity"
                elif rel == "distance":
                    params = {"a": site_id, "b": st.of, "stated_m": st.distance_m}
                    if st.qualifier:
                        params["qualifier"] = st.qualifier
                    kind = "stated_distance"
                else:
                    params = {"site": site_id, "reference": st.of, "direction": rel}
                    if st.within_m is not None:
                        params["max_m"] = st.within_m
                    kind = "direction"
                plans.append(PlannedCheck(f"{kind}:{claim.id}{suffix}", kind, params,
                                          reason=f"{claim.id}: stated '{rel}' of {st.of}",
                                          circular=circular, field_path=where))
        light = claim.light
        if light and claim.when and claim.site:
            daylight_params: dict[str, Any] = {"site": claim.site, "when": claim.when.interval,
                                               "claimed": light}
            if case.timezone and _is_utc(claim.when.interval.start):
                # a time written in UTC says nothing of the local clock that "morning" and
                # "afternoon" are judged on: use the case's zone, never UTC's 12:00
                daylight_params["zone"] = case.timezone
            plans.append(PlannedCheck(
                f"daylight:{claim.id}", "daylight", daylight_params,
                reason=f"{claim.id}: claimed '{light}' at a site", field_path=f"claims[{i}]"))

    plans.extend(_cluster_across_claims(case, claims))
    plans.extend(_travel(claims, index_of))

    explicit = []
    counts: dict[str, int] = {}
    for n, chk in enumerate(case.checks):
        counts[chk.kind] = counts.get(chk.kind, 0) + 1
        check_id = chk.id or f"{chk.kind}:{counts[chk.kind]}"
        explicit.append(PlannedCheck(check_id, chk.kind, dict(chk.params), implied=False,
                                     reason="listed in the case file",
                                     field_path=f"checks[{n}]",
                                     param_fields={name: f"checks[{n}].{name}"
                                                   for name in chk.params}))
    explicit_ids = {p.id for p in explicit}
    plans = [p for p in plans if p.id not in explicit_ids] + explicit

    skip = set(case.skip)
    plans = [p for p in plans if p.id not in skip and p.kind not in skip]
    out = []
    for p in plans:
        opts = {**dict(case.options.get(p.kind, {})), **dict(case.options.get(p.id, {}))}
        if opts:
            fields = {**p.param_fields,
                      **{name: f"options.{p.kind}.{name}" for name in case.options.get(p.kind, {})},
                      **{name: f"options.{p.id}.{name}" for name in case.options.get(p.id, {})}}
            p = replace(p, params={**p.params, **opts}, param_fields=fields)
        out.append(p)
    return out


def _is_utc(moment: Any) -> bool:
    offset = moment.utcoffset()
    return offset is not None and offset.total_seconds() == 0 and str(
        moment.tzinfo) in ("UTC", "UTC+00:00", "Etc/UTC", "Z", "Etc/GMT", "GMT")


def _words(st: Any) -> str:
    if st.relation == "distance":
        return f"{st.qualifier + ' ' if st.qualifier else ''}{st.distance_m:.0f} m from {st.of}"
    return f"{_relation_word(st.relation)} {st.of}"


def _relation_word(rel: str) -> str:
    return {"outskirts": "on the outskirts of"}.get(rel, rel)


def _cluster_across_claims(case: Case, claims: Sequence[Claim]) -> list[PlannedCheck]:
    groups: dict[tuple[str, str], list[str]] = {}
    for claim in claims:
        if claim.kind not in ("strike", "impact", "target") or len(claim.sites) != 1:
            continue
        for st in claim.stated:
            if st.relation in ("near", "in", "outskirts"):
                sites = groups.setdefault((st.of, st.relation), [])
                if claim.site not in sites:
                    sites.append(claim.site)  # type: ignore[arg-type]
    plans = []
    for (place, rel), sites in groups.items():
        if len(sites) < 2:
            continue
        circular = ("the sites are located only from the claims' own words: nothing "
                    "independent to check" if all(_derived_from(case, s, place) for s in sites)
                    else None)
        kept, dropped = _independent(case, sites, place)
        plans.append(PlannedCheck(f"cluster:{place}", "cluster",
                                  {"sites": kept if not circular else sites, "place": place,
                                   "relation": _relation_word(rel)},
                                  reason=f"several claims put their sites {rel} {place}{dropped}",
                                  circular=circular))
    return plans


def _norm_actor(actor: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", actor.lower()).split())


def _travel(claims: Sequence[Claim], index_of: Mapping[str, int]) -> list[PlannedCheck]:
    by_actor: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.actor and claim.actor_site and claim.when:
            by_actor.setdefault(_norm_actor(claim.actor), []).append(claim)
    plans = []
    for actor_claims in by_actor.values():
        ordered = sorted(actor_claims, key=lambda c: (c.when.start, c.id))  # type: ignore[union-attr]
        for a, b in zip(ordered, ordered[1:], strict=False):
            if a.actor_site == b.actor_site:
                continue
            plans.append(PlannedCheck(
                f"travel:{a.id}:{b.id}", "travel",
                {"a": a.actor_site, "when_a": a.when.interval,  # type: ignore[union-attr]
                 "b": b.actor_site, "when_b": b.when.interval,  # type: ignore[union-attr]
                 # an actor named in claims is usually a group ("militia"): two cells can
                 # fire from two places at once; the analyst sets same_unit for one unit
                 "same_unit": False},
                reason=f"{a.actor}: {a.id} then {b.id} at two places",
                field_path=f"claims[{index_of[b.id]}]"))
    return plans


# ------------------------------------------------------------------------------------------
# running
# ------------------------------------------------------------------------------------------


def _refused_param(plan: PlannedCheck, exc: CheckError) -> str | None:
    """Return the parameter a check refused, if its message names one the plan gave.

    A check refuses a bad parameter by naming it with the value it was given or with what it
    "must" be (``stated_m -10000.0 must be >= 0``, ``when: ...``), or by quoting the text it
    was given (``'upwards' is not a compass point``); a message that names no parameter so is
    a check that could not run on valid inputs.
    """
    from geoverify.checks.registry import get_check

    message = str(exc)
    site_params = set(get_check(plan.kind).site_params)
    best: tuple[int, str] | None = None
    for name, value in plan.params.items():
        shown = {re.escape(repr(value)[:60]), re.escape(quoted(value)[:60])}
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            shown.add(re.escape(repr(float(value))))
        patterns = [rf"\b{re.escape(name)}(?::\s|\s+(?:must\b|{'|'.join(shown)}))"]
        if name not in site_params and isinstance(value, str) and len(value.strip()) > 1:
            patterns.append("|".join(shown))  # the text the analyst gave, quoted back
        for pattern in patterns:
            found = re.search(pattern, message)
            if found and (best is None or found.start() < best[0]):
                best = (found.start(), name)
    return None if best is None else best[1]


def _bad_input(plan: PlannedCheck, case: Case | None, message: str,
               name: str | None) -> CaseFileError:
    """Return the CaseFileError for a parameter of ``plan`` the check refused."""
    field_path = (plan.param_fields.get(name) if name else None) or plan.field_path
    line = None
    if case is not None:
        probes = [field_path or ""]
        if name and plan.field_path:
            probes.append(f"{plan.field_path}.params.{name}")
        probes.append(plan.field_path or "")
        line = next((case.lines[p] for p in probes if p and p in case.lines), None)
    return CaseFileError(f"check {plan.id}: {' '.join(message.split())}",
                         path=case.path if case is not None else None, line=line,
                         field=field_path)


def run_check(plan: PlannedCheck, sites: Mapping[str, Site], *,
              case: Case | None = None) -> CheckResult:
    """Run one planned check on resolved sites; return its result with the plan's id.

    A parameter the check refuses (its :class:`~geoverify.errors.CheckError` names the
    parameter and the value given, or what it must be) raises
    :class:`~geoverify.errors.CaseFileError` with the field (and, given the ``case``, the file
    and line). A check that cannot run on valid inputs (another
    :class:`~geoverify.errors.GeoverifyError`) returns an ``inconclusive`` result saying why; a
    circular plan returns ``inconclusive`` without running. Both have the status ``not_run``.
    """
    if plan.circular:
        return CheckResult(plan.kind, Verdict.INCONCLUSIVE,
                           f"Not checked: {plan.circular}.", id=plan.id,
                           inputs=_plain_inputs(plan.params), method="circular: not run",
                           status="not_run")
    spec, kwargs = _check_call(plan, sites, case)
    return _outcome(plan, case, lambda: spec.func(**kwargs))


def _check_call(plan: PlannedCheck, sites: Mapping[str, Site],
                case: Case | None) -> tuple[Any, dict[str, Any]]:
    """Return the registered check of ``plan`` and its keyword arguments, sites resolved."""
    from geoverify.checks.registry import get_check

    spec = get_check(plan.kind)
    kwargs: dict[str, Any] = {}
    for name, value in plan.params.items():
        if name in spec.site_params:
            if isinstance(value, (list, tuple)):
                kwargs[name] = [_site(sites, v, plan) for v in value]
            else:
                kwargs[name] = _site(sites, value, plan)
        else:
            kwargs[name] = value
    import inspect

    try:
        inspect.signature(spec.func).bind(**kwargs)
    except TypeError as exc:
        raise _bad_input(plan, case, f"the parameters do not fit the check ({exc})",
                         None) from None
    except ValueError:  # pragma: no cover - a callable without a signature
        pass
    return spec, kwargs


def _outcome(plan: PlannedCheck, case: Case | None, run: Any) -> CheckResult:
    """Return the result of ``run()`` for ``plan``, its errors mapped (see :func:`run_check`)."""
    try:
        result = run()
    except CheckError as exc:
        refused = _refused_param(plan, exc)
        if refused is not None:
            raise _bad_input(plan, case, str(exc), refused) from None
        return CheckResult(plan.kind, Verdict.INCONCLUSIVE,
                           f"Could not run: {' '.join(str(exc).split())}", id=plan.id,
                           inputs=_plain_inputs(plan.params), method="error", status="not_run")
    except GeoverifyError as exc:
        return CheckResult(plan.kind, Verdict.INCONCLUSIVE,
                           f"Could not run: {' '.join(str(exc).split())}", id=plan.id,
                           inputs=_plain_inputs(plan.params), method="error", status="not_run")
    if not isinstance(result, CheckResult):
        raise GeoverifyError(
            f"check {plan.kind!r} returned {type(result).__name__}, not a CheckResult"
        )
    return replace(result, id=plan.id)


#: Check kinds that use only the distance between their two sites: in a base's frame they get
#: the exact distance band of a relative description (see :func:`framed_sites`).
DISTANCE_ONLY_KINDS = frozenset({"range", "stated_distance", "proximity", "travel",
                                 "visibility"})


def framed_sites(case: Case, plan: PlannedCheck, sites: Mapping[str, Site]) -> Mapping[str, Site]:
    """Return the sites for ``plan``, a relative site and its base put in the base's frame.

    "About 25 km north of the base" fixes the distance to the base (20 to 30 km) however
    uncertain the base itself is: both move together. When a check compares a site described
    relative to another with that other, the base's own radius is dropped from both (comparing
    two independent circles would count it twice). For checks that use only the distance
    (:data:`DISTANCE_ONLY_KINDS`) the relative site becomes the circle whose distances from the
    base point are exactly the described band (20 to 30 km, whatever the compass word's width);
    for the others (direction...) it keeps the whole described region.
    """
    from geoverify.sites import relative_site

    spec = get_site_params(plan.kind)
    refs = [plan.params.get(name) for name in spec]
    singles = [r for r in refs if isinstance(r, str)]
    if len(singles) != 2 or singles[0] == singles[1]:
        return sites
    for rel_id, base_id in (singles, singles[::-1]):
        rel_spec = case.sites.get(rel_id)
        if (rel_spec is None or rel_spec.relative is None or rel_spec.relative.place != base_id
                or rel_spec.uncertainty_m is not None or rel_spec.precision is not None):
            continue
        base = sites.get(base_id)
        if base is None or base.area is not None:
            continue
        base0 = base.with_uncertainty(0.0)
        frame = (f"in {base.name}'s frame: its own {base.uncertainty_m:.0f} m moves both sites "
                 "together")
        if plan.kind in DISTANCE_ONLY_KINDS:
            rel0 = _band_site(base0, rel_spec, name=sites[rel_id].name, frame=frame)
        else:
            rel0 = relative_site(base0, rel_spec.relative,
                                 relation_radius_m=rel_spec.relation_radius_m,
                                 name=sites[rel_id].name, source=sites[rel_id].source)
            rel0 = replace(rel0, note=f"{rel0.note} ({frame})")
        return {**sites, base_id: base0, rel_id: rel0}
    # two sites described relative to one base ("5 km east of X", "near X"): X's own radius
    # moves both together and does not change how they lie to each other
    specs = [case.sites.get(sid) for sid in singles]
    if all(sp is not None and sp.relative is not None and sp.uncertainty_m is None
           and sp.precision is None for sp in specs):
        base_id = specs[0].relative.place  # type: ignore[union-attr]
        base = sites.get(base_id)
        if (specs[1].relative.place == base_id  # type: ignore[union-attr]
                and base is not None and base.area is None and base.uncertainty_m > 0):
            base0 = base.with_uncertainty(0.0)
            frame = (f"in {base.name}'s frame: its own {base.uncertainty_m:.0f} m moves both "
                     "sites together")
            out = dict(sites)
            for sid, sp in zip(singles, specs, strict=True):
                rel0 = relative_site(base0, sp.relative,  # type: ignore[union-attr]
                                     relation_radius_m=sp.relation_radius_m,  # type: ignore[union-attr]
                                     name=sites[sid].name, source=sites[sid].source)
                out[sid] = replace(rel0, note=f"{rel0.note} ({frame})")
            return out
    return sites


def _band_site(base0: Site, spec: SiteSpec, *, name: str | None, frame: str) -> Site:
    """Return the circle whose distances from ``base0``'s point are the described band."""
    from geoverify.geodesy import destination
    from geoverify.sites import (
        DEFAULT_SECTOR_RADIUS_M,
        RELATION_RADIUS_M,
        _compass,
        _distance_band,
    )

    rel = spec.relative
    azimuth = 0.0
    if rel.relation in ("offset", "distance"):
        near, far = _distance_band(float(rel.distance_m), rel.qualifier)
        if rel.direction is not None and _compass(rel.direction) is not None:
            azimuth = _compass(rel.direction)[0]  # type: ignore[index]
    elif rel.relation == "sector":
        near, far = 0.0, float(rel.within_m or DEFAULT_SECTOR_RADIUS_M)
        azimuth = _compass(str(rel.direction))[0]  # type: ignore[index]
    else:
        extra = (RELATION_RADIUS_M[rel.relation] if spec.relation_radius_m is None
                 else float(spec.relation_radius_m))
        near, far = 0.0, extra
    # 1 cm wider than the band, so that float rounding never turns a limit the band only
    # touches ("about 25 km" = 20 km, a 20 km rocket) into an exclusion
    middle, half = (near + far) / 2.0, (far - near) / 2.0 + 0.01
    lat, lon = destination(base0.lat, base0.lon, azimuth, middle)
    return Site(float(lat), float(lon), half, name=name, method="relative",
                note=f"{near:.0f} to {far:.0f} m from {base0.name} ({frame})")


def _given(outcome: Any) -> Any:
    """Return a precomputed check result, or raise its error (see :func:`_outcome`)."""
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _daylight_in_one_pass(case: Case, plans: Sequence[PlannedCheck],
                          framed: Sequence[Mapping[str, Site]]) -> dict[int, Any]:
    """Run every daylight check of the plan in one vectorized pass; ``{plan index: outcome}``.

    The sun is computed once for all the claims' samples and days
    (:func:`geoverify.checks.daylight.daylight_many`) instead of claim by claim. Only while
    ``daylight`` is the built-in check (a user may register their own under that name); a
    plan whose parameters do not bind is left to :func:`run_check`, which reports it.
    """
    from geoverify.checks.daylight import daylight, daylight_many
    from geoverify.checks.registry import get_check

    if get_check("daylight").func is not daylight:
        return {}
    indices, items = [], []
    for n, plan in enumerate(plans):
        if plan.kind != "daylight" or plan.circular:
            continue
        try:
            _, kwargs = _check_call(plan, framed[n], case)
        except GeoverifyError:
            continue
        indices.append(n)
        items.append((kwargs["site"], kwargs["when"], kwargs["claimed"], kwargs.get("zone")))
    return dict(zip(indices, daylight_many(items), strict=True))


def get_site_params(kind: str) -> tuple[str, ...]:
    """Return the names of the site parameters of the check ``kind``."""
    from geoverify.checks.registry import get_check

    return get_check(kind).site_params


def _site(sites: Mapping[str, Site], ref: Any, plan: PlannedCheck) -> Site:
    if isinstance(ref, Site):
        return ref
    try:
        return sites[ref]
    except (KeyError, TypeError):
        raise GeoverifyError(f"check {plan.id}: unknown site {quoted(ref)}") from None


def _plain_inputs(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, (str, int, float, list, tuple, type(None))) else str(v))
            for k, v in params.items()}


# ------------------------------------------------------------------------------------------
# where could it be: the statements about unknown sites and sites with candidates
# ------------------------------------------------------------------------------------------

#: Check kinds whose claims become region statements about an unknown site, and the kind of
#: statement each gives (proximity and cluster: their relation word, near / in / outskirts).
STATEMENT_KINDS: dict[str, str] = {
    "range": "reach", "direction": "direction", "proximity": "near",
    "stated_distance": "distance", "control": "control", "bank": "bank", "travel": "travel",
    "cluster": "near",
}

#: Regions larger than this (km², a hemisphere) are "anywhere": no area, no places listed.
_ANYWHERE_KM2 = 2.5e8
#: The most places a region summary lists.
REGION_PLACES = 10


@dataclass(eq=False)
class _Statement:
    """A statement about one site: its id, words, and how to draw and test it.

    ``draw(reading, best)`` returns its Region (``reading`` possible or sure; ``best``: every
    other site at its best point); ``judge(candidate)`` runs the check the statement comes
    from with the candidate in the site's place (None for the site's own bound).
    """

    id: str
    label: str
    kind: str
    claim: str | None
    draw: Any
    judge: Any = None
    subject: str = ""
    plan: PlannedCheck | None = None
    required: bool = True
    alternative_of: str | None = None
    cache: dict[tuple[str, bool], Any] = field(default_factory=dict)

    def region(self, reading: str = "possible", best: bool = False) -> Any:
        key = (reading, best)
        if key not in self.cache:
            self.cache[key] = self.draw(reading, best)
        return self.cache[key]


def _best(site: Site) -> Site:
    """Return ``site`` at its best point: its point, radius 0 (an area becomes its point)."""
    return replace(site, uncertainty_m=0.0, area=None)


def _rest(plan: PlannedCheck) -> str:
    """Return a plan's id without its kind (``range:claim-2`` -> ``claim-2``)."""
    prefix = f"{plan.kind}:"
    return plan.id[len(prefix):] if plan.id.startswith(prefix) else plan.id


def _claim_of(case: Case, plan: PlannedCheck) -> str | None:
    ids = {c.id for c in case.claims}
    first = _rest(plan).split(":", 1)[0]
    return first if first in ids else None


def _statements_of(case: Case, plan: PlannedCheck, param: str, subject: str,
                   sites: Mapping[str, Site]) -> list[_Statement]:
    """Return the statements ``plan`` makes about its unknown site ``subject`` (at ``param``).

    Empty when the check cannot say anything about the site as a region: another of its sites
    is unknown too, the kind has no region (visibility, daylight, shadow, a user's own), or
    the built-in check was replaced by a user's function.
    """
    from geoverify.checks.registry import get_check

    kind = plan.kind
    if kind not in STATEMENT_KINDS or get_check(kind).func is not _BUILTIN_CHECK[kind]():
        return []
    p: dict[str, Any] = dict(plan.params)
    refs: dict[str, Any] = {n: p.get(n) for n in get_site_params(kind)}
    others = [n for n, v in refs.items() if n != param and isinstance(v, str)]
    if any(refs[n] not in sites for n in others):
        return []  # another site of the check is unknown (or missing): nothing to measure from
    claim = _claim_of(case, plan)
    rest = _rest(plan)

    def site_at(name: str, best: bool) -> Site:
        site = sites[refs[name]]
        return _best(site) if best else site

    def judged(**swap: Any) -> Any:
        def run(candidate: Site) -> CheckResult:
            kwargs = {n: (candidate if n == param else sites[v] if n in refs else v)
                      for n, v in p.items()}
            kwargs.update(swap)
            return get_check(kind).func(**kwargs)
        return run

    def make(sid: str, label: str, skind: str, draw: Any, judge: Any, **extra: Any) -> _Statement:
        return _Statement(sid, label, skind, claim, _named(draw, sid, label), judge,
                          subject=subject, plan=plan, **extra)

    from geoverify import regions as rg

    if kind == "range":
        other = "target" if param == "launch" else "launch"
        weapon = p.get("weapon")
        weapons, _, _ = rg.statements._weapons(weapon)
        name = _site_name(sites[refs[other]])
        word = _weapon_word(case, claim, weapon)
        if len(weapons) == 1:
            w = weapons[0]
            return [make(f"reach:{rest}:{w.id}", f"{w.name} reach of {name}", "reach",
                         lambda r, b, w=w: rg.reach_region(site_at(other, b), w, reading=r),
                         judged())]
        union = f"reach:{rest}"
        out = [make(union, f"{word} reach of {name}", "reach",
                    lambda r, b: rg.reach_region(site_at(other, b), weapon, reading=r),
                    judged())]
        for w in weapons:
            out.append(make(f"{union}:{w.id}", f"{w.name} reach of {name}", "reach",
                            lambda r, b, w=w: rg.reach_region(site_at(other, b), w, reading=r),
                            judged(weapon=w.id), required=False, alternative_of=union))
        return out
    if kind == "direction":
        from geoverify.checks.direction import claimed_sector

        direction: Any = p.get("direction")
        half = p.get("half_width_deg")
        other = "reference" if param == "site" else "site"
        if param == "reference":  # "X is north-east of the unknown site": it is south-west of X
            centre, half_deg, _ = claimed_sector(direction, half)
            direction, half = (centre + 180.0) % 360.0, half_deg
        name = _site_name(sites[refs[other]])
        words = (f"{p.get('direction')} of {name}" if param == "site"
                 else f"where {name} is {p.get('direction')} of it")
        return [make(f"direction:{rest}", words, "direction",
                     lambda r, b: rg.direction_region(
                         site_at(other, b), direction, half_width_deg=half,
                         min_m=p.get("min_m") or 0.0, max_m=p.get("max_m"), reading=r),
                     judged())]
    if kind in ("proximity", "cluster"):
        from geoverify.checks.proximity import proximity_limits

        if kind == "proximity" and param != "site":
            return []
        relation = p.get("relation", "near")
        rel = proximity_limits(relation, p.get("place_kind"), p.get("threshold_m"))[0]
        name = _site_name(sites[refs["place"]])
        if kind == "cluster":
            def run(candidate: Site) -> CheckResult:
                from geoverify.checks.proximity import check_proximity

                return check_proximity(candidate, sites[refs["place"]], relation=relation,
                                       threshold_m=p.get("threshold_m"))
            judge: Any = run
        else:
            judge = judged()
        return [make(f"{rel}:{rest}", f"{relation} {name}", rel,
                     lambda r, b: rg.relation_region(
                         site_at("place", b), relation, place_kind=p.get("place_kind"),
                         threshold_m=p.get("threshold_m"), reading=r),
                     judge)]
    if kind == "stated_distance":
        other = "b" if param == "a" else "a"
        from geoverify.checks._support import fmt_km

        said = f"{p.get('qualifier', 'about')} {fmt_km(float(p['stated_m']))}"
        name = _site_name(sites[refs[other]])
        return [make(f"distance:{rest}", f"{said} from {name}", "distance",
                     lambda r, b: rg.distance_region(
                         site_at(other, b), p["stated_m"], qualifier=p.get("qualifier", "about"),
                         tolerance=p.get("tolerance"), reading=r),
                     judged())]
    if kind == "control":
        return [make(f"control:{rest}", f"held by {p.get('actor')}", "control",
                     lambda r, b: rg.control_region(
                         p["actor"], p["when"], p["layers"],
                         boundary_tolerance_m=p.get("boundary_tolerance_m"), reading=r),
                     judged())]
    if kind == "bank":
        return [make(f"bank:{rest}", f"{p.get('bank')} bank of the Euphrates", "bank",
                     lambda r, b: rg.bank_region(
                         p["bank"], refuse_within_m=p.get("refuse_within_m"),
                         river=p.get("river"), reading=r),
                     judged())]
    if kind == "travel":
        if not p.get("same_unit", True):
            return []  # a group may act in two places at once: travel bounds nothing
        other = "b" if param == "a" else "a"
        when_me, when_other = p[f"when_{param}"], p[f"when_{other}"]
        name = _site_name(sites[refs[other]])
        return [make(f"travel:{rest}", f"reachable in time from {name}", "travel",
                     lambda r, b: rg.travel_region(
                         site_at(other, b), when_start=when_other, when_end=when_me,
                         mode=p.get("mode", "road_vehicle"),
                         max_speed_kmh=p.get("max_speed_kmh"), reading=r),
                     judged())]
    return []  # pragma: no cover - every kind of STATEMENT_KINDS is handled above


def _named(draw: Any, sid: str, label: str) -> Any:
    """Return ``draw`` giving its regions the statement's id and words."""
    def named(reading: str, best: bool) -> Any:
        from geoverify.regions import Region

        return Region(draw(reading, best).shape, label, sid)
    return named


def _builtin(module: str, name: str) -> Any:
    def load() -> Any:
        import importlib

        return getattr(importlib.import_module(module), name)
    return load


#: The built-in function of each statement kind (a user's own replacement gives no region).
_BUILTIN_CHECK: dict[str, Any] = {
    "range": _builtin("geoverify.checks.range", "check_range"),
    "direction": _builtin("geoverify.checks.direction", "check_direction"),
    "proximity": _builtin("geoverify.checks.proximity", "check_proximity"),
    "cluster": _builtin("geoverify.checks.cluster", "check_cluster"),
    "stated_distance": _builtin("geoverify.checks.stated_distance", "check_stated_distance"),
    "control": _builtin("geoverify.checks.control", "check_control"),
    "bank": _builtin("geoverify.checks.control", "check_bank"),
    "travel": _builtin("geoverify.checks.travel", "check_travel"),
}


def _site_name(site: Site) -> str:
    from geoverify.checks._support import site_label

    return site_label(site)


def _weapon_word(case: Case, claim: str | None, weapon: Any) -> str:
    """Return the weapon as the claim words it ("rockets"), else a short list of names."""
    if claim is not None:
        word = next((c.weapon for c in case.claims if c.id == claim), None)
        if word:
            return str(word)
    if isinstance(weapon, str):
        return weapon
    return "any weapon" if weapon is None else "one of the listed weapons"


def _own_statement(sid: str, spec: SiteSpec, site: Site, bound: bool) -> _Statement:
    """Return ``within:<sid>``: the unknown site's bound, or a located site's own location."""
    from geoverify.regions import site_region

    name = _site_name(site)
    if not bound:
        label = f"where {name} is located"
    else:  # a site id: "within the pocket"; a site form says itself: "near Green Village"
        label = name if isinstance(spec.within, SiteSpec) else f"within {name}"

    def draw(reading: str, best: bool) -> Any:
        return site_region(site, id=f"within:{sid}", label=label)
    # the bound is the analyst's: the same region in every reading

    return _Statement(f"within:{sid}", label, "within", None, draw, None, subject=sid)


def _deciders(result: CheckResult, plan: PlannedCheck | None,
              swap: Mapping[str, str] | None = None) -> tuple[Any, ...]:
    """Return the check's deciders with ``site`` the case's site id, not the parameter name."""
    if not result.decides_if or plan is None:
        return tuple(result.decides_if)
    out = []
    for d in result.decides_if:
        sid = _param_site(plan, d.site, swap)
        out.append(replace(d, site=sid) if sid is not None else d)
    return tuple(out)


def _param_site(plan: PlannedCheck, param: str, swap: Mapping[str, str] | None) -> str | None:
    """Return the site id a check parameter (``launch``, ``sites[2]``) names in ``plan``."""
    if swap and param in swap:
        return swap[param]
    m = re.fullmatch(r"(\w+)\[(\d+)\]", param)
    value = plan.params.get(m.group(1) if m else param)
    if m and isinstance(value, (list, tuple)) and int(m.group(2)) < len(value):
        value = value[int(m.group(2))]
    return value if isinstance(value, str) else None


def _region_verdict(candidate: Site, statement: _Statement) -> Verdict:
    """Judge a candidate against a statement's regions, with its own uncertainty."""
    from geoverify.regions import site_region

    sure, possible = statement.region("sure"), statement.region("possible")
    if candidate.area is None and candidate.uncertainty_m < 1.0:  # a point
        if sure.contains(candidate.lat, candidate.lon):
            return Verdict.CONSISTENT
        if not possible.contains(candidate.lat, candidate.lon):
            return Verdict.INCONSISTENT
        return Verdict.INCONCLUSIVE
    disc = site_region(candidate)
    if (disc - sure).is_empty:
        return Verdict.CONSISTENT
    if (disc & possible).is_empty:
        return Verdict.INCONSISTENT
    return Verdict.INCONCLUSIVE


def _cell(cid: str, candidate: Site, statement: _Statement) -> Any:
    """Return the CandidateCell of a candidate against one statement.

    The verdict is the regions' (inside the sure region: consistent; outside the possible
    one: inconsistent); the check the statement comes from, run with the candidate in the
    site's place, gives the verdict at the sites' best points and what would decide it, and
    must agree: where the two readings differ (at a boundary, within their tolerances) the
    cell stays inconclusive.
    """
    from geoverify.report_model import CandidateCell

    verdict = _region_verdict(candidate, statement)
    if statement.judge is None:
        best = statement.region("possible", True)
        centre = (Verdict.CONSISTENT if best.contains(candidate.lat, candidate.lon)
                  else Verdict.INCONSISTENT)
        return CandidateCell(statement.id, verdict, centre, ())
    try:
        result = statement.judge(candidate)
    except GeoverifyError:
        return CandidateCell(statement.id, Verdict.INCONCLUSIVE, None, ())
    if result.verdict != verdict:
        verdict = Verdict.INCONCLUSIVE
    swap = {_subject_param(statement): cid}
    deciders = _deciders(result, statement.plan, swap) if verdict == Verdict.INCONCLUSIVE else ()
    return CandidateCell(statement.id, verdict, result.centre_verdict, deciders)


def _subject_param(statement: _Statement) -> str:
    plan = statement.plan
    if plan is None:
        return ""
    for name, value in plan.params.items():
        if value == statement.subject or (isinstance(value, (list, tuple))
                                          and statement.subject in value):
            return name if not isinstance(value, (list, tuple)) else "site"
    return ""


def _summary(sid: str, name: str, unknown: bool, statements: Sequence[_Statement],
             candidates: Mapping[str, Site]) -> Any:
    """Return the SiteRegion of one site: the intersection, what it leaves, the candidates."""
    from geoverify.regions import find_conflict, intersect_all
    from geoverify.report_model import (
        CandidateResult,
        RegionStatement,
        SiteRegion,
    )

    required = [s for s in statements if s.required]

    def meet(group: Sequence[_Statement], best: bool) -> tuple[Any, bool, tuple[str, ...]]:
        regions = [s.region("possible", best) for s in group]
        if not regions:
            return None, False, ()
        region = intersect_all(regions, id=f"region:{sid}", label=f"where {name} can be")
        if not region.is_empty:
            return region, False, ()
        found = find_conflict(regions)
        return region, True, tuple(r.id for r in (found or regions))

    region, empty, conflict = meet(required, False)
    best_region, best_empty, best_conflict = meet(required, True)
    details = []
    for s in statements:
        extra: dict[str, Any] = {}
        if not s.required:
            group = [r for r in required if r.id != s.alternative_of] + [s]
            left, left_empty, _ = meet(group, False)
            _, b_empty, b_conflict = meet(group, True)
            extra = {"left_km2": 0.0 if left_empty else _area(left), "left_empty": left_empty,
                     "best_empty": b_empty, "best_conflict": b_conflict}
        details.append(RegionStatement(
            s.id, s.label, s.kind, s.claim, s.required, s.alternative_of,
            area_km2=_area(s.region("possible")), **extra))
    area = None if region is None else (0.0 if empty else _area(region))
    places: tuple[Any, ...] = ()
    extent = centre = None
    if region is not None and not empty and area is not None:
        extent, centre = region.extent_m, region.centre
        places = tuple(region.places(limit=REGION_PLACES))
    rows = []
    for cid, site in candidates.items():
        cells = tuple(_cell(cid, site, s) for s in statements)
        needed = [c for c in cells if any(s.id == c.statement and s.required
                                          for s in statements)]
        failed = tuple(c.statement for c in needed if c.verdict == Verdict.INCONSISTENT)
        verdict = (Verdict.INCONSISTENT if failed else Verdict.CONSISTENT
                   if needed and all(c.verdict == Verdict.CONSISTENT for c in needed)
                   else Verdict.INCONCLUSIVE)
        rows.append(CandidateResult(cid, _site_name(site), verdict, failed, cells))
    return SiteRegion(
        site=sid, name=name, unknown=unknown, statements=tuple(details), region=region,
        empty=empty, area_km2=area, extent_m=extent, centre=centre, conflict=conflict,
        places=places, best_empty=None if best_region is None else best_empty,
        best_area_km2=(None if best_region is None else 0.0 if best_empty
                       else _area(best_region)),
        best_conflict=best_conflict, candidates=tuple(rows))


def _area(region: Any) -> float | None:
    """Return a region's area in km², or None beyond a hemisphere ("anywhere")."""
    area = float(region.area_km2)
    return None if area >= _ANYWHERE_KM2 else area


def site_regions(case: Case, plans: Sequence[PlannedCheck], sites: Mapping[str, Site],
                 within: Mapping[str, Site] | None = None, *,
                 also: Iterable[str] = ()) -> dict[str, Any]:
    """Return the SiteRegion of every unknown site and every site with candidates.

    ``also`` adds other sites (ids): a located site's region is its own location intersected
    with what the claims say about it.

    Every planned check that names such a site gives its statements (with stable ids:
    ``reach:claim-2:107mm-type63``, ``direction:claim-8``, ``near:claim-7``...); a bound
    (``within:``) or a located site's own location gives ``within:<site>``. Their regions
    (each read as its check reads it, references grown by their uncertainty) are intersected;
    candidates are judged against each.

    Examples
    --------
    >>> from geoverify.casefile import loads_case
    >>> case = loads_case('''
    ... title: t
    ... sites:
    ...   a: {coordinates: "35.0, 40.0", uncertainty_m: 100}
    ...   b: {coordinates: "35.0, 40.3", uncertainty_m: 100}
    ...   u: {unknown: true}
    ... claims:
    ...   - {id: c1, claimant: x, kind: impact, site: a, launch_site: u, weapon: 107 mm}
    ...   - {id: c2, claimant: y, kind: launch, site: u, stated: [{relation: near, of: b}]}
    ... ''')
    >>> sites = resolve_sites(case)
    >>> r = site_regions(case, plan_checks(case), sites)["u"]
    >>> r.empty, r.conflict
    (True, ('reach:c1:107mm-type63', 'near:c2'))
    """
    extra = set(also)
    subjects = [sid for sid, spec in case.sites.items()
                if spec.unknown or spec.candidates or sid in extra]
    if not subjects:
        return {}
    bounds = dict(within) if within is not None else resolve_within(case, sites)
    statements: dict[str, list[_Statement]] = {sid: [] for sid in subjects}
    for sid in subjects:
        spec = case.sites[sid]
        if sid in bounds:
            statements[sid].append(_own_statement(sid, spec, bounds[sid], True))
        elif sid in sites:
            statements[sid].append(_own_statement(sid, spec, sites[sid], False))
    for plan in plans:
        for param, sid in _site_refs(plan):
            if sid in statements:
                statements[sid].extend(_statements_of(case, plan, param, sid, sites))
    out = {}
    for sid in subjects:
        spec = case.sites[sid]
        name = spec.name or (sites[sid].name if sid in sites else None) or sid
        cands = {c: sites[c] for c in spec.candidates if c in sites}
        out[sid] = _summary(sid, name, spec.unknown, _unique(statements[sid]), cands)
    return out


def _unique(statements: Sequence[_Statement]) -> list[_Statement]:
    seen: set[str] = set()
    out = []
    for s in statements:
        if s.id not in seen:
            seen.add(s.id)
            out.append(s)
    return out


def _site_refs(plan: PlannedCheck) -> list[tuple[str, str]]:
    """Return ``(parameter, site id)`` for every site a plan names (lists expanded)."""
    try:
        names = get_site_params(plan.kind)
    except GeoverifyError:
        return []
    out = []
    for name in names:
        value = plan.params.get(name)
        if isinstance(value, str):
            out.append((name, value))
        elif isinstance(value, (list, tuple)):
            out.extend((name, v) for v in value if isinstance(v, str))
    return out


def _region_result(region: Any) -> CheckResult:
    """Return the ``region:<site>`` result: inconsistent when the claims leave no place."""
    from geoverify.report_model import (
        alternatives_text,
        area_text,
        candidates_text,
        conflict_text,
        region_size_text,
    )

    name = region.name
    n = sum(1 for s in region.statements if s.required)
    values: dict[str, Any] = {"area_km2": region.area_km2, "statements": n,
                              "conflict": list(region.conflict),
                              "best_area_km2": region.best_area_km2,
                              "best_conflict": list(region.best_conflict)}
    if region.candidates:
        values["candidates"] = len(region.candidates)
        values["survivors"] = list(region.survivors)
    # at the sites' best points the claims cannot hold when nothing is left; a region left
    # there decides nothing (where the site is stays open)
    centre = Verdict.INCONSISTENT if region.best_empty else None
    if region.region is None:
        verdict = Verdict.INCONCLUSIVE
        text = f"Nothing is said about where {name} is: no statement bounds it."
    elif region.empty:
        verdict = Verdict.INCONSISTENT
        text = (f"The claims about {name} cannot all hold: "
                f"{conflict_text(region, region.conflict)} "
                f"({', '.join(region.conflict)}).")
    else:
        verdict = Verdict.INCONCLUSIVE
        size = region_size_text(region)
        near = (f", around {region.places[0]['name']}" if region.places else "")
        where = ("its one statement puts it" if n == 1 else
                 f"the {n} statements about it overlap")
        text = f"{name} can only be where {where}: {size}{near}"
        if region.best_empty:
            text += (f"; at the sites' best points nothing is left: "
                     f"{conflict_text(region, region.best_conflict)}")
        elif region.best_area_km2 is not None:
            text += f"; at the sites' best points {area_text(region.best_area_km2)}"
        text += "."
        text += alternatives_text(region)
    if region.candidates:
        text += " " + candidates_text(region)
    return CheckResult("region", verdict, text, values=values, margin=None, margin_unit=None,
                       inputs={"site": region.site},
                       method="intersection of the statements' regions (WGS84 geodesic "
                              "shapes; each polygon holds its region within about a metre)",
                       id=f"region:{region.site}", centre_verdict=centre)


def _summaries(case: Case) -> list[Any]:
    from geoverify.report.model import ClaimSummary

    out = []
    for claim in case.claims:
        out.append(ClaimSummary(
            id=claim.id, claimant=claim.claimant, kind=claim.kind, text=claim.text,
            site=", ".join(claim.sites) or None,
            when=(f"{claim.when.text} ({claim.when.start.isoformat()} to "
                  f"{claim.when.end.isoformat()})" if claim.when else None),
            said_at=claim.said_at.isoformat() if claim.said_at else None,
            weapon=claim.weapon, count=claim.count, actor=claim.actor,
            source_url=claim.url, quote=claim.quote,
        ))
    return out


def verify(case: Case, *, skip: Iterable[str] = (), only: Iterable[str] | None = None,
           sites: Mapping[str, Site] | None = None,
           where: Iterable[str] = ()) -> VerificationReport:
    """Verify a case: locate its sites, run its implied and explicit checks, return the report.

    Parameters
    ----------
    case : Case
        From :func:`geoverify.casefile.load_case` or built in code.
    skip : iterable of str
        More check ids or kinds to skip (added to the case's own ``skip``).
    only : iterable of str, optional
        Run only these check ids or kinds.
    sites : mapping, optional
        Sites already resolved (``resolve_sites(case)``), to avoid geocoding twice.
    where : iterable of str, optional
        More site ids whose region to report (every unknown site and every site with
        candidates has one anyway; see :func:`site_regions`).

    Returns
    -------
    VerificationReport
        Sites by id, claim summaries, one result per check (in plan order), provenance.

    Examples
    --------
    >>> from geoverify.casefile import loads_case
    >>> case = loads_case('''
    ... title: t
    ... sites:
    ...   a: {coordinates: "35.0, 40.0", uncertainty_m: 100}
    ...   b: {coordinates: "35.05, 40.0", uncertainty_m: 100}
    ... claims:
    ...   - {id: c1, claimant: x, kind: impact, site: b, launch_site: a, weapon: 107 mm}
    ... ''')
    >>> report = verify(case)
    >>> [(c.id, str(c.verdict)) for c in report.checks]
    [('range:c1', 'consistent')]
    """
    from geoverify.report.model import VerificationReport
    from geoverify.report.provenance import provenance

    if skip:
        case = replace(case, skip=tuple(case.skip) + tuple(skip))
    plans = plan_checks(case)
    resolved = dict(sites) if sites is not None else resolve_sites(case)
    unknown = {sid for sid, spec in case.sites.items() if spec.unknown}
    wanted = set(only) if only is not None else None
    also = list(where)
    for sid in also:
        if sid not in case.sites:
            raise GeoverifyError(f"no site {quoted(sid)} in this case (sites: "
                                 f"{', '.join(case.sites)})")
    region_ids = {f"region:{sid}" for sid, spec in case.sites.items()
                  if spec.unknown or spec.candidates or sid in also}
    show_regions = bool(also) or ("region" not in case.skip and (
        wanted is None or "region" in wanted or bool(wanted & region_ids)))
    runnable = []
    for plan in plans:
        kept = _located_plan(case, plan, unknown, resolved)
        if kept is not None and (wanted is None or plan.id in wanted or plan.kind in wanted):
            runnable.append(kept)
    needs_regions = show_regions or any(
        v in unknown for p in runnable for _, v in _site_refs(p))
    regions = site_regions(case, plans, resolved, also=also) if needs_regions else {}
    located = dict(resolved)
    for sid in unknown:  # a check of an unknown site (daylight) reads the disc of its region
        region = regions.get(sid)
        if region is not None and region.region is not None and not region.empty:
            located[sid] = _enclosing_site(region)
    runnable = [p if p.circular or all(v in located for _, v in _site_refs(p)) else replace(
        p, circular="an unknown site of this check has no place left by the claims (see its "
                    "region)") for p in runnable]
    framed = [framed_sites(case, p, located) for p in runnable]
    batched = _daylight_in_one_pass(case, runnable, framed)
    results = [_outcome(p, case, functools.partial(_given, batched[n])) if n in batched
               else run_check(p, framed[n], case=case) for n, p in enumerate(runnable)]
    results = [replace(r, decides_if=_deciders(r, p))
               for r, p in zip(results, runnable, strict=True)]
    shown = {}
    if show_regions:
        shown = {sid: r for sid, r in regions.items()
                 if wanted is None or "region" in wanted or f"region:{sid}" in wanted
                 or sid in also}
        results += [_region_result(r) for r in shown.values()
                    if f"region:{r.site}" not in case.skip]
    case_path = case.path if case.path and Path(case.path).is_file() else None
    return VerificationReport(
        case_id=case.id or (Path(case.path).stem if case.path else "case"),
        title=case.title, sites=resolved, claims=_summaries(case), checks=results,
        description=case.description, sources=[s.to_dict() for s in case.sources],
        provenance=provenance(case_path), regions=shown,
    )


def _located_plan(case: Case, plan: PlannedCheck, unknown: set[str],
                  sites: Mapping[str, Site]) -> PlannedCheck | None:
    """Return the plan to run as a check, given the case's unknown sites, or None.

    A check that needs a point for an unknown site does not pretend it has one: it becomes
    statements of the site's region (None here), except a cluster, which keeps its located
    sites (two or more), and a daylight check, which reads the disc holding the region (the
    sun barely changes across it). A check whose sites are all unknown, or of a kind with no
    region, is reported as not run.
    """
    refs = _site_refs(plan)
    if not any(v in unknown for _, v in refs):
        return plan
    if plan.kind == "daylight" or plan.circular:
        return plan
    stated = any(_statements_of(case, plan, param, v, sites) for param, v in refs
                 if v in unknown)
    if plan.kind == "cluster" and stated:
        kept = [v for v in plan.params.get("sites", []) if v not in unknown]
        if len(kept) >= 2:
            return replace(plan, params={**plan.params, "sites": kept},
                           reason=plan.reason + " (unknown sites are in their regions)")
        return None
    if stated:
        return None
    names = ", ".join(sorted({v for _, v in refs if v in unknown}))
    return replace(plan, circular=(f"{names} {'is' if ',' not in names else 'are'} unknown "
                                   "(located only by what the claims say): this check needs a "
                                   "point; see the site's region"))


def _enclosing_site(region: Any) -> Site:
    """Return the disc that holds a non-empty region: its centre, radius to its farthest edge."""
    lat, lon = region.region.centre
    return Site(lat, lon, region.region.radius_m, name=region.name, method="unknown",
                note=f"the disc holding the region where {region.name} can be")


def verify_file(path: str, **kwargs: Any) -> VerificationReport:
    """Load a case file (or a shipped case by name) and verify it; see :func:`verify`.

    Examples
    --------
    >>> report = verify_file("seed")
    >>> report.case_id
    'seed-2022-01-05-green-village'
    """
    from geoverify.casefile import load_case

    return verify(load_case(path), **kwargs)
