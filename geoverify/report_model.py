"""The report's values: what a verification produced, shared by the report writers and the maps.

:class:`ReportData` holds a case's sites, claim summaries, check results and provenance;
:class:`ClaimSummary` is a claim as a report shows it. They sit below both
:mod:`geoverify.report` (the writers) and :mod:`geoverify.maps` (the pictures), so that neither
has to import the other for them. ``geoverify.report.model.VerificationReport`` (what
:func:`geoverify.verify.verify` returns) is a :class:`ReportData` that can also draw itself
(``.map()``) and show itself in a notebook.

Checks that did not run (``status`` ``not_run``: a circular relation, nothing independent to
check) are counted apart: they take no part in the overall verdict.

Examples
--------
>>> from geoverify.checks.result import CheckResult
>>> data = ReportData("c", "t", {}, (), (
...     CheckResult("range", "consistent", "Fits.", id="r"),
...     CheckResult("proximity", "inconclusive", "Not checked: circular.", id="p",
...                 status="not_run")))
>>> str(data.verdict), data.counts, data.not_run
('consistent', {'consistent': 1, 'inconsistent': 0, 'inconclusive': 0}, 1)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from geoverify.checks.result import CheckResult, Decider, Verdict, combine_verdicts
from geoverify.sites import Site

__all__ = ["ClaimSummary", "ReportData", "RegionStatement", "CandidateCell", "CandidateResult",
           "SiteRegion", "verdict_counts", "not_run_count", "counts_text", "verdict_label",
           "conflict_text", "area_text", "region_size_text", "alternatives_text",
           "candidates_text", "graded_text", "weapons_text", "cell_mark", "MARKS",
           "region_left_text", "places_text", "statement_rows", "decider_lines",
           "candidate_areas"]


@dataclass(frozen=True)
class ClaimSummary:
    """A claim as a report shows it. All text fields are untrusted (from the internet)."""

    id: str
    claimant: str
    kind: str
    text: str = ""
    site: str | None = None
    when: str | None = None
    said_at: str | None = None
    weapon: str | None = None
    count: int | None = None
    actor: str | None = None
    source_url: str | None = None
    quote: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class RegionStatement:
    """One statement about a site, as a region: its id, what it says, what it leaves.

    ``id`` is stable and readable (``within:launch-point``, ``reach:claim-2:107mm-type63``,
    ``direction:claim-8``, ``near:claim-7``); ``label`` says it in words (untrusted text:
    names from the case); ``kind`` is ``within``, ``reach``, ``direction``, ``near``, ``in``,
    ``outskirts``, ``distance``, ``control``, ``bank`` or ``travel``; ``claim`` the claim (or
    check) it comes from. ``required`` statements all hold (their regions are intersected);
    the others are ``alternative_of`` a required one (one weapon of a class: one of them
    holds), and ``left_km2``/``left_empty`` say what would be left were it that one;
    ``best_empty`` says the same at the sites' best points. ``area_km2`` is the statement's
    own region's area (``None`` beyond a hemisphere: "anywhere").
    """

    id: str
    label: str
    kind: str
    claim: str | None = None
    required: bool = True
    alternative_of: str | None = None
    area_km2: float | None = None
    left_km2: float | None = None
    left_empty: bool | None = None
    best_empty: bool | None = None
    best_conflict: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["best_conflict"] = list(self.best_conflict)
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in out.items()}


@dataclass(frozen=True)
class CandidateCell:
    """A candidate judged against one statement: the verdict, and at the sites' best points.

    ``verdict`` is the worst-case rule on the statement's region with the candidate's own
    uncertainty (inside the region that holds for sure: consistent; outside the region that
    can hold: inconsistent; else inconclusive); ``centre_verdict`` the verdict with every site
    at its best point; ``decides_if`` the site radii that would decide an inconclusive cell.
    """

    statement: str
    verdict: Verdict
    centre_verdict: Verdict | None = None
    decides_if: tuple[Decider, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"verdict", "centre_verdict", "decides_if"}``."""
        return {"verdict": str(self.verdict),
                "centre_verdict": str(self.centre_verdict) if self.centre_verdict else None,
                "decides_if": [d.to_dict() for d in self.decides_if]}


@dataclass(frozen=True)
class CandidateResult:
    """A candidate site judged against every statement about the site it may be.

    ``verdict`` combines the required statements' cells (inconsistent if one is: the
    candidate does not survive; consistent if all are); ``failed`` lists the required
    statements it is inconsistent with; ``cells`` hold every statement's cell (alternatives
    too).
    """

    site: str
    name: str
    verdict: Verdict
    failed: tuple[str, ...] = ()
    cells: tuple[CandidateCell, ...] = ()

    @property
    def survives(self) -> bool:
        """Whether no required statement excludes the candidate."""
        return self.verdict != Verdict.INCONSISTENT

    def cell(self, statement: str) -> CandidateCell | None:
        """Return the cell of ``statement`` (None if absent)."""
        return next((c for c in self.cells if c.statement == statement), None)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"site", "name", "verdict", "failed", "cells": {statement id: cell}}``."""
        return {"site": self.site, "name": self.name, "verdict": str(self.verdict),
                "failed": list(self.failed),
                "cells": {c.statement: c.to_dict() for c in self.cells}}


@dataclass(frozen=True)
class SiteRegion:
    """Where a site can be: the statements about it, their intersection, what is inside.

    ``region`` is the :class:`~geoverify.regions.Region` of the required statements
    (``None`` when there is none); ``empty`` says the claims cannot all hold, and
    ``conflict`` names the smallest set of statements that cannot hold together;
    ``best_empty``/``best_area_km2``/``best_conflict`` say the same with every site at its
    best point (radius 0). ``places`` are the gazetteer's places inside (nearest the centre
    first: ``name``, ``lat``, ``lon``, ``distance_m``...). ``candidates`` hold the table
    candidate x statement.
    """

    site: str
    name: str
    unknown: bool
    statements: tuple[RegionStatement, ...]
    region: Any = None
    empty: bool = False
    area_km2: float | None = None
    extent_m: tuple[float, float] | None = None
    centre: tuple[float, float] | None = None
    conflict: tuple[str, ...] = ()
    places: tuple[Mapping[str, Any], ...] = ()
    best_empty: bool | None = None
    best_area_km2: float | None = None
    best_conflict: tuple[str, ...] = ()
    candidates: tuple[CandidateResult, ...] = ()

    def statement(self, statement_id: str) -> RegionStatement | None:
        """Return the statement ``statement_id`` (None if absent)."""
        return next((s for s in self.statements if s.id == statement_id), None)

    @property
    def survivors(self) -> tuple[str, ...]:
        """The candidates (site ids) that no required statement excludes."""
        return tuple(c.site for c in self.candidates if c.survives)

    def table(self, *, at_best_points: bool = False, statements: Sequence[str] | None = None
              ) -> Any:
        """Return the candidates table as a pandas DataFrame: candidate x statement.

        One row per candidate (its name), a ``verdict`` column (over the required
        statements) and one column per statement id holding the cell's verdict; with
        ``at_best_points`` every verdict is the one with every site at its best point
        (radius 0), the ``verdict`` column too.

        Examples
        --------
        >>> cell = CandidateCell("near:c1", Verdict.INCONCLUSIVE, Verdict.CONSISTENT)
        >>> r = SiteRegion("u", "U", True, (RegionStatement("near:c1", "near X", "near"),),
        ...                candidates=(CandidateResult("v", "V", Verdict.INCONCLUSIVE, (),
        ...                                            (cell,)),))
        >>> r.table(at_best_points=True).loc["V", "near:c1"]
        'consistent'
        """
        import pandas as pd

        ids = list(statements) if statements is not None else [s.id for s in self.statements]
        rows = []
        required = [st.id for st in self.statements if st.required]
        for c in self.candidates:
            verdict = c.verdict
            if at_best_points:
                best = [getattr(c.cell(sid), "centre_verdict", None) for sid in required]
                verdict = (Verdict.INCONSISTENT if Verdict.INCONSISTENT in best else
                           Verdict.CONSISTENT if best and all(v == Verdict.CONSISTENT
                                                              for v in best)
                           else Verdict.INCONCLUSIVE)
            row: dict[str, Any] = {"verdict": str(verdict)}
            for sid in ids:
                cell = c.cell(sid)
                value = None if cell is None else (
                    cell.centre_verdict if at_best_points else cell.verdict)
                row[sid] = str(value) if value is not None else ""
            rows.append(row)
        frame = pd.DataFrame(rows, index=pd.Index([c.name for c in self.candidates],
                                                  name="candidate"),
                             columns=["verdict", *ids])
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON contract: empty, area_km2, conflict, statements, places, geometry."""
        from geoverify._render import finite

        geometry = None
        if self.region is not None and not self.empty:
            from shapely.geometry import mapping

            geometry = mapping(self.region.geometry)
        return {
            "name": self.name,
            "unknown": self.unknown,
            "empty": self.empty,
            "area_km2": finite(self.area_km2),
            "extent_m": None if self.extent_m is None else [finite(v) for v in self.extent_m],
            "centre": None if self.centre is None else list(self.centre),
            "conflict": list(self.conflict),
            "statements": [s.id for s in self.statements],
            "statement_details": [s.to_dict() for s in self.statements],
            "at_best_points": {"empty": self.best_empty,
                               "area_km2": finite(self.best_area_km2),
                               "conflict": list(self.best_conflict)},
            "places": [{"name": p["name"], "lat": p["lat"], "lon": p["lon"],
                        "distance_m": p["distance_m"], "kind": p.get("kind"),
                        "id": p.get("id")} for p in self.places],
            "geometry": geometry,
        }


def conflict_text(region: SiteRegion, ids: Sequence[str]) -> str:
    """Return "'A' and 'B' do not overlap" for statement ids of ``region`` (labels quoted).

    Examples
    --------
    >>> r = SiteRegion("s", "S", True, (RegionStatement("a", "north of X", "direction"),
    ...                                 RegionStatement("b", "near Y", "near")))
    >>> conflict_text(r, ["a", "b"])
    "'north of X' and 'near Y' do not overlap"
    """
    labels = [f"'{(region.statement(i) or RegionStatement(i, i, '')).label}'" for i in ids]
    if not labels:
        return ""
    if len(labels) == 1:
        return f"{labels[0]} is empty"
    return f"{', '.join(labels[:-1])} and {labels[-1]} do not overlap"


def area_text(area: float | None) -> str:
    """Return an area for people: "45.6 km²", "820 m²", or "anywhere" beyond a hemisphere.

    >>> area_text(45.63), area_text(0.00082), area_text(None)
    ('45.6 km²', '820 m²', 'anywhere (more than a hemisphere)')
    """
    if area is None:
        return "anywhere (more than a hemisphere)"
    return f"{area:,.1f} km²" if area >= 0.1 else f"{area * 1e6:,.0f} m²"


def region_size_text(region: Any) -> str:
    """Return "45.6 km², 9.8 km by 6.1 km" for a non-empty SiteRegion."""
    text = area_text(region.area_km2)
    if region.extent_m is not None and all(math.isfinite(v) for v in region.extent_m):
        w, h = region.extent_m
        text += f", {w / 1000:.1f} km by {h / 1000:.1f} km"
    return text


def alternatives_text(region: Any) -> str:
    """Return what the alternatives (one weapon of a class) leave, when one leaves nothing."""
    out = []
    for s in region.statements:
        if s.required:
            continue
        if s.left_empty:
            out.append(f" Were it the {_label_of(s)}, no place would be left.")
        elif s.best_empty:
            out.append(f" Were it the {_label_of(s)}, nothing would be left at the sites' best "
                       f"points: {conflict_text(region, s.best_conflict)}.")
    return "".join(out)


def _label_of(statement: Any) -> str:
    """Return the weapon part of a reach statement's words ("107 mm rocket (Type 63 family)")."""
    return statement.label.split(" reach of ", 1)[0] if statement.kind == "reach" else (
        statement.label)


def candidates_text(region: Any) -> str:
    """Return one sentence on the candidates: which survive every statement, which fail."""
    rows = region.candidates
    fit = [c for c in rows if c.verdict == Verdict.CONSISTENT]
    open_ = [c for c in rows if c.verdict == Verdict.INCONCLUSIVE]
    excluded: dict[tuple[str, ...], list[str]] = {}
    for c in rows:
        if c.verdict == Verdict.INCONSISTENT:
            excluded.setdefault(c.failed, []).append(c.name)
    n_out = sum(len(v) for v in excluded.values())
    parts = [f"Of {len(rows)} candidate{'s' if len(rows) != 1 else ''}, "
             f"{len(fit)} fit every statement"
             + (f" ({', '.join(c.name for c in fit)})" if fit else "")]
    if n_out:
        groups = "; ".join(f"by {', '.join(ids)}: {', '.join(names)}"
                           for ids, names in excluded.items())
        parts.append(f"{n_out} {'is' if n_out == 1 else 'are'} excluded ({groups})")
    else:
        parts.append("none is excluded")
    parts.append(f"{len(open_)} {'is' if len(open_) == 1 else 'are'} undecided"
                 + (f" ({', '.join(c.name for c in open_)})" if open_ else ""))
    return ", ".join(parts[:-1]) + " and " + parts[-1] + "."
def region_left_text(region: SiteRegion) -> str:
    """Return what a site's statements leave, in one sentence (no trailing alternatives).

    >>> print(region_left_text(SiteRegion("u", "U", True, ())))
    Nothing bounds it: no statement is made about it.
    """
    if region.region is None:
        return "Nothing bounds it: no statement is made about it."
    if region.empty:
        return (f"EMPTY: the claims cannot all hold: {conflict_text(region, region.conflict)} "
                f"({', '.join(region.conflict)}).")
    text = f"Left: {region_size_text(region)}"
    if region.best_empty:
        text += ("; at the sites' best points nothing is left: "
                 + conflict_text(region, region.best_conflict))
    elif region.best_area_km2 is not None:
        text += f"; at the sites' best points {area_text(region.best_area_km2)}"
    return text + "."


def places_text(region: SiteRegion, limit: int | None = None) -> str:
    """Return "Places inside, nearest the centre first: A (0.5 km), ..." ("" when none)."""
    shown = region.places if limit is None else region.places[:limit]
    if not shown:
        return ""
    return ("Places inside, nearest the centre first: "
            + ", ".join(f"{p['name']} ({p['distance_m'] / 1000:.1f} km)" for p in shown) + ".")


def statement_rows(region: SiteRegion) -> list[tuple[str, str, str, str, str, str]]:
    """Return one row per statement: key (S1...), id, words, role, area, what it would leave."""
    rows = []
    for n, s in enumerate(region.statements, start=1):
        role = "all hold" if s.required else f"one of {s.alternative_of}"
        extra = ("nothing left" if s.left_empty else
                 f"leaves {area_text(s.left_km2)}" if s.left_km2 is not None else "")
        if s.best_empty:
            extra += ("; " if extra else "") + "nothing at the sites' best points"
        rows.append((f"S{n}", s.id, s.label, role, area_text(s.area_km2), extra))
    return rows


def decider_lines(region: SiteRegion) -> list[tuple[str, str, str, str]]:
    """Return (candidate, key, statement id, what would decide it) for each undecided cell."""
    keys = {s.id: f"S{n}" for n, s in enumerate(region.statements, start=1)}
    out = []
    for c in region.candidates:
        for cell in c.cells:
            if cell.decides_if:
                phrases = "; or ".join(d.describe() for d in cell.decides_if)
                out.append((c.name, keys.get(cell.statement, ""), cell.statement, phrases))
    return out


def candidate_areas(report: Any) -> list[tuple[str, SiteRegion, CandidateResult, Any]]:
    """Return (site id, region, candidate, its area as a lon/lat polygon) to draw, by report.

    A candidate with no located site in the report, or too small a radius to draw, is left out.
    """
    from geoverify._render import uncertainty_polygon

    out = []
    for sid, region in (getattr(report, "regions", {}) or {}).items():
        for cand in region.candidates:
            site = report.sites.get(cand.site)
            area = uncertainty_polygon(site) if site is not None else None
            if area is not None:
                out.append((sid, region, cand, area))
    return out


def _percent(x: float) -> str:
    """Return a share as a percentage; never 0 % or 100 % for a value strictly between."""
    pct = 100.0 * float(x)
    if 0.0 < pct < 1.0:
        return "under 1 %"
    if 99.0 < pct < 100.0:
        return "over 99 %"
    return f"{pct:.0f} %"


def graded_text(check: Any) -> str:
    """Return a check's graded answers in words ("" when it has none).

    The share is a *geometric* share of the subject site's area (never a probability); the
    centre verdict is always said to be "at the sites' best points"; ``decides_if`` says what
    location accuracy would decide an inconclusive check.

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult, Decider, Share
    >>> c = CheckResult("range", "inconclusive", "?", share=Share(0.0, 1.0, "launch"),
    ...                 centre_verdict="consistent",
    ...                 decides_if=(Decider("conoco-base", 809.3, "Conoco base"),))
    >>> print(graded_text(c))  # doctest: +NORMALIZE_WHITESPACE
    Geometric share of the launch site's area where it holds: for sure 0 %, possibly 100 %.
    At the sites' best points: consistent. Decided if Conoco base is located to within 809 m.
    """
    parts = []
    share = getattr(check, "share", None)
    if share is not None:
        subject = getattr(share, "subject", "") or (check.values or {}).get("share_subject", "")
        whose = f"the {subject} site's area" if subject and subject != "sites" else (
            "the sites' joint positions" if subject == "sites" else "the subject site's area")
        parts.append(f"Geometric share of {whose} where it holds: for sure "
                     f"{_percent(share.sure)}, possibly {_percent(share.possible)}.")
    centre = getattr(check, "centre_verdict", None)
    if centre is not None:
        parts.append(f"At the sites' best points: {Verdict(centre)}.")
    deciders = getattr(check, "decides_if", ())
    if deciders:
        phrases = [d.describe() for d in deciders]
        text = "; or ".join(phrases)
        parts.append(text[0].upper() + text[1:] + ".")
    return " ".join(parts)


def weapons_text(check: Any) -> str:
    """Return every weapon a range check judged, by verdict ("" for other checks).

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> c = CheckResult("range", "inconclusive", "?", values={"weapons": [
    ...     {"name": "107 mm", "verdict": "inconsistent"},
    ...     {"name": "122 mm", "verdict": "consistent"}]})
    >>> weapons_text(c)
    'Weapons that fit: 122 mm. Cannot reach: 107 mm.'
    """
    rows = (getattr(check, "values", None) or {}).get("weapons")
    if not isinstance(rows, list) or not rows:
        return ""
    groups: dict[str, list[str]] = {}
    for row in rows:
        if isinstance(row, Mapping):
            groups.setdefault(str(row.get("verdict")), []).append(str(row.get("name")))
    words = (("consistent", "Weapons that fit"), ("inconsistent", "Cannot reach"),
             ("inconclusive", "Undecided"))
    return " ".join(f"{word}: {', '.join(groups[v])}." for v, word in words if groups.get(v))


#: How a candidates table marks a verdict (the legend says so).
MARKS = {"consistent": "+", "inconsistent": "x", "inconclusive": "?"}


def cell_mark(cell: Any) -> str:
    """Return a cell as a mark, the verdict at the sites' best points in brackets.

    >>> cell_mark(CandidateCell("s", Verdict.INCONCLUSIVE, Verdict.INCONSISTENT))
    '?(x)'
    """
    if cell is None:
        return ""
    mark = MARKS[str(Verdict(cell.verdict))]
    if cell.centre_verdict is not None and Verdict(cell.verdict) == Verdict.INCONCLUSIVE:
        mark += f"({MARKS[str(Verdict(cell.centre_verdict))]})"
    return mark


def _ran(check: Any) -> bool:
    return getattr(check, "status", "run") != "not_run"


def verdict_counts(report: Any) -> dict[str, int]:
    """Return the number of checks that ran per verdict, every verdict present (zero if none).

    Checks that did not run (``status`` ``not_run``) are not counted here; see
    :func:`not_run_count`.

    Examples
    --------
    >>> verdict_counts(ReportData("c", "t", {}, (), ()))
    {'consistent': 0, 'inconsistent': 0, 'inconclusive': 0}
    """
    counts = {str(v): 0 for v in Verdict}
    for check in report.checks:
        if _ran(check):
            counts[str(Verdict(check.verdict))] += 1
    return counts


def not_run_count(report: Any) -> int:
    """Return the number of checks of ``report`` that did not run (``status`` ``not_run``).

    Examples
    --------
    >>> not_run_count(ReportData("c", "t", {}, (), ()))
    0
    """
    return sum(1 for check in report.checks if not _ran(check))


def counts_text(report: Any) -> str:
    """Return the counts a report shows beside its overall verdict.

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> counts_text(ReportData("c", "t", {}, (), (
    ...     CheckResult("range", "consistent", "Fits."),
    ...     CheckResult("cluster", "inconclusive", "Not checked.", status="not_run"))))
    '1 consistent, 0 inconsistent, 0 inconclusive; 1 not run'
    """
    text = ", ".join(f"{n} {v}" for v, n in verdict_counts(report).items())
    skipped = not_run_count(report)
    return f"{text}; {skipped} not run" if skipped else text


def verdict_label(check: Any) -> str:
    """Return what a report shows in a check's verdict column: its verdict, or ``not run``.

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> verdict_label(CheckResult("cluster", "inconclusive", "Not checked.", status="not_run"))
    'not run'
    """
    return str(Verdict(check.verdict)) if _ran(check) else "not run"


@dataclass(frozen=True)
class ReportData:
    """The outcome of verifying one case: its sites, claims, check results and provenance.

    ``regions`` maps each unknown site and each site with candidates to its
    :class:`SiteRegion` (where it can be, and the candidates table). ``provenance`` records
    what the report was computed from: ``geoverify_version``,
    ``data_versions`` (file name -> sha256), ``case_file``, ``case_sha256``, ``computed_at``
    (ISO 8601 UTC).
    """

    case_id: str
    title: str
    sites: Mapping[str, Site]
    claims: Sequence[ClaimSummary]
    checks: Sequence[CheckResult]
    description: str = ""
    sources: Sequence[Mapping[str, Any]] = ()
    provenance: Mapping[str, Any] = field(default_factory=dict)
    regions: Mapping[str, SiteRegion] = field(default_factory=dict)

    @property
    def verdict(self) -> Verdict:
        """The overall verdict of the checks that ran (checks not run take no part).

        Inconsistent if any is, else inconclusive if any is (or none ran), else consistent.
        """
        return combine_verdicts(c.verdict for c in self.checks if _ran(c))

    @property
    def counts(self) -> dict[str, int]:
        """The number of checks that ran per verdict (every verdict present, zero if none)."""
        return verdict_counts(self)

    @property
    def not_run(self) -> int:
        """The number of checks that did not run (``status`` ``not_run``)."""
        return not_run_count(self)
