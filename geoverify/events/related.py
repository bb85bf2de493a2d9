"""A case's claims against an event dataset: which events could be the same incident.

For each claim of a verified case that has a located site and a time, :func:`related_events`
finds the events whose time interval overlaps the claim's (or lies at most ``days`` apart) and
whose uncertainty disc overlaps the claim site's (the spatial index of
:func:`~geoverify.events.match`, with its score), then judges each such event against the claim
with the checks as columns:

- ``near_*``: "the event is near the claim's site" (:func:`~geoverify.events.proximity_check`,
  the default limits of "near" a place: 5 km, the site's own radius counted);
- ``range_*`` (a claim naming a weapon): for a launch claim, could the weapon fired from the
  claim's site reach the event; for an impact, strike or target claim, could it have been fired
  from the event's location at the claim's site (:func:`~geoverify.events.range_check`).

A claim with several sites ("strikes on three sites") is matched site by site (``site_id``).
An unknown site (``unknown: true`` in the case file) has no point: it is matched, and judged, as
the disc that holds the region its statements leave for it (wider, so no match is missed).

Examples
--------
>>> RELATED_COLUMNS[:5]
('claim_id', 'event_id', 'score', 'distance_m', 'days_apart')
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from geoverify.errors import GeoverifyError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["related_events", "related_records", "RELATED_COLUMNS", "claim_interval"]

#: The columns of :func:`related_events` (``geoverify verify --events``), a contract: the pair
#: and its score as :func:`~geoverify.events.match` gives them, then the claim's site and
#: weapon, the checks' columns and the event's row in its frame.
RELATED_COLUMNS: tuple[str, ...] = (
    "claim_id", "event_id", "score", "distance_m", "days_apart", "site_id", "claim_kind",
    "weapon", "near_verdict", "near_min_m", "near_max_m", "near_margin", "range_verdict",
    "range_min_m", "range_max_m", "range_margin", "event_row",
)

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})")


def claim_interval(when: Any) -> tuple[Any, Any] | None:
    """Return ``(start, end)`` (aware UTC pandas Timestamps) of a report claim's ``when``.

    A report shows a claim's time as its text followed by the interval it was read as,
    ``"2022-01-05 morning (2022-01-05T05:00:00+02:00 to 2022-01-05T12:00:00+02:00)"``; None
    when there is none.

    >>> start, end = claim_interval("morning (2022-01-05T05:00:00+02:00 to "
    ...                             "2022-01-05T12:00:00+02:00)")
    >>> str(start), str(end)
    ('2022-01-05 03:00:00+00:00', '2022-01-05 10:00:00+00:00')
    """
    import pandas as pd

    if not when:
        return None
    found = _ISO.findall(str(when))
    if not found:
        return None
    start = pd.Timestamp(found[0]).tz_convert("UTC")
    end = pd.Timestamp(found[-1]).tz_convert("UTC")
    return (start, end) if end >= start else (end, start)


def _region_disc(report: Any, site_id: str) -> Any:
    """Return the disc holding an unknown site's region (its centre, its farthest edge), or None.

    An unknown site has no point; the events that could be its incident are those overlapping
    the region the claims leave for it. The disc holds the whole region, so a match is never
    missed (a wider disc only adds candidates to look at, and makes the verdicts wider).
    """
    from geoverify.sites import Site

    entry = (getattr(report, "regions", {}) or {}).get(site_id)
    region = getattr(entry, "region", None)
    if region is None or getattr(entry, "empty", False) or region.is_empty:
        return None
    centre = region.centre
    if centre is None or region.area_km2 > 1e6:  # no meaningful disc for a continent-sized region
        return None
    return Site(centre[0], centre[1], region.radius_m, name=getattr(entry, "name", site_id),
                method="unknown", note="the disc holding the region the claims leave for it")


def _claims_frame(report: Any) -> tuple[Any, list[dict[str, Any]]]:
    """Return the claims with a located site and a time as an event frame, and their details."""
    import geopandas as gpd

    from geoverify.checks._support import effective_radius

    rows: list[dict[str, Any]] = []
    for claim in report.claims:
        interval = claim_interval(claim.when)
        if interval is None or not claim.site:
            continue
        for site_id in (s.strip() for s in str(claim.site).split(",")):
            site = report.sites.get(site_id) or _region_disc(report, site_id)
            if site is None:
                continue
            rows.append({"claim_id": claim.id, "site_id": site_id, "site": site,
                         "kind": claim.kind, "weapon": claim.weapon, "start": interval[0],
                         "end": interval[1], "radius": effective_radius(site)})
    frame = gpd.GeoDataFrame({
        "event_id": [r["claim_id"] for r in rows],
        "time_start": [r["start"] for r in rows], "time_end": [r["end"] for r in rows],
        "uncertainty_m": [r["radius"] for r in rows], "place": [r["site_id"] for r in rows],
        "country": None, "admin1": None, "source_dataset": "case", "actors": None,
        "source_row": list(range(1, len(rows) + 1))},
        geometry=gpd.points_from_xy([r["site"].lon for r in rows],
                                    [r["site"].lat for r in rows]), crs="EPSG:4326")
    if not rows:  # an empty frame still needs aware times
        import pandas as pd

        for name in ("time_start", "time_end"):
            frame[name] = pd.Series(pd.DatetimeIndex([], tz="UTC"))
    return frame, rows


def related_events(report: Any, events: Any, *, days: float = 0.0) -> pd.DataFrame:
    """Return the events that could be the same incident as each claim of a verified case.

    Parameters
    ----------
    report
        A verification report (:func:`geoverify.verify.verify`): its claims, and its located
        sites.
    events
        An event frame (:func:`~geoverify.events.read_events`), or anything it reads.
    days
        Tolerance in days: intervals at most this far apart still match (default 0: overlap).

    Returns
    -------
    pandas.DataFrame
        :data:`RELATED_COLUMNS`, one row per (claim site, event) pair, by claim then score;
        ``event_row`` is the event's position in ``events``.

    Examples
    --------
    >>> import pandas as pd
    >>> from geoverify.casefile import load_case
    >>> from geoverify.events import read_events
    >>> from geoverify.verify import verify
    >>> report = verify(load_case("seed"))  # unknown sites are matched by their regions
    >>> acled = pd.DataFrame({"event_id_cnty": ["SYR1"], "event_date": ["5 January 2022"],
    ...     "time_precision": [1], "iso": [760], "country": ["Syria"],
    ...     "location": ["al-Quriyah"], "latitude": [34.95629], "longitude": [40.54139],
    ...     "geo_precision": [1], "actor1": ["Unidentified Armed Group (Syria)"]})
    >>> related = related_events(report, read_events(acled, "acled"))
    >>> related[["claim_id", "event_id", "site_id", "near_verdict", "range_verdict"]]
      claim_id event_id        site_id  near_verdict range_verdict
    0  claim-2     SYR1  green-village  inconclusive  inconclusive
    1  claim-4     SYR1  green-village  inconclusive          None
    2  claim-6     SYR1       strike-1  inconclusive          None
    3  claim-6     SYR1       strike-2  inconclusive          None
    4  claim-6     SYR1       strike-3  inconclusive          None
    """
    import numpy as np
    import pandas as pd

    from geoverify.events.columns import proximity_check, range_check
    from geoverify.events.matching import as_events, days_option, match

    tolerance = days_option(days, "related events")
    if not hasattr(report, "claims") or not hasattr(report, "sites"):
        raise GeoverifyError("related events: give a verification report (geoverify.verify)")
    events = as_events(events, "related events")
    claims, details = _claims_frame(report)
    pairs = match(claims, events, days=tolerance)
    n = len(pairs)
    out = pd.DataFrame({
        "claim_id": pairs["event_id_a"].to_numpy(dtype=object),
        "event_id": pairs["event_id_b"].to_numpy(dtype=object),
        "score": pairs["score"].to_numpy(), "distance_m": pairs["distance_m"].to_numpy(),
        "days_apart": pairs["days_apart"].to_numpy()})
    for name in ("site_id", "claim_kind", "weapon", "near_verdict", "range_verdict"):
        out[name] = pd.Series([None] * n, dtype=object)
    for name in ("near_min_m", "near_max_m", "near_margin", "range_min_m", "range_max_m",
                 "range_margin"):
        out[name] = np.full(n, np.nan)
    out["event_row"] = pairs["row_b"].to_numpy(dtype="int64")
    rows_a = pairs["row_a"].to_numpy(dtype="int64")
    for k, claim in enumerate(details):  # a claim's site, weapon and role: a few per case
        at = np.flatnonzero(rows_a == k)
        if not len(at):
            continue
        subset = events.iloc[out["event_row"].to_numpy()[at]]
        out.loc[at, "site_id"] = claim["site_id"]
        out.loc[at, "claim_kind"] = claim["kind"]
        out.loc[at, "weapon"] = claim["weapon"]
        near = proximity_check(subset, claim["site"], relation="near", graded=False)
        for name in ("verdict", "min_m", "max_m", "margin"):
            out.loc[at, f"near_{name}"] = near[name].to_numpy()
        role = ("launch" if claim["kind"] == "launch" else
                "target" if claim["kind"] in ("impact", "strike", "target") else None)
        if claim["weapon"] and role is not None:
            fixed = {role: claim["site"]}
            judged = range_check(subset, weapon=claim["weapon"], graded=False, **fixed)
            for name in ("verdict", "min_m", "max_m", "margin"):
                out.loc[at, f"range_{name}"] = judged[name].to_numpy()
    return out[list(RELATED_COLUMNS)].reset_index(drop=True)


def related_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return :func:`related_events`' rows as JSON-ready dicts (NaN as None).

    >>> import pandas as pd
    >>> related_records(pd.DataFrame({"score": [0.5], "near_margin": [float("nan")]}))
    [{'score': 0.5, 'near_margin': None}]
    """
    import math

    records = []
    for row in frame.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if hasattr(value, "item"):
                value = value.item()
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            clean[str(key)] = value
        records.append(clean)
    return records
