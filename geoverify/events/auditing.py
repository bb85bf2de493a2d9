"""Audit an event dataset against itself and the offline gazetteer.

For every event, :func:`audit` asks what an analyst checking a dataset asks:

- **Place**: is the point within its precision radius of the place its row names? Each distinct
  (place, country, admin1) is geocoded once, offline (:mod:`geoverify.events.places`); a name
  the gazetteer does not know confidently is ``not_found``, one it cannot tell apart
  ``ambiguous``. For a found place (its own radius ``r_p``), the distance from the event's point
  to the place's true position lies in ``[max(0, d - r_p), d + r_p]`` (``d`` to the gazetteer
  point); against the event's radius ``r_e`` (from its precision code) the worst-case rule gives
  ``consistent`` when ``d + r_p <= r_e``, ``inconsistent`` when ``d - r_p > r_e``, else
  ``inconclusive`` (:func:`place_check`).
- **Country**: is the point in the country the row names (Natural Earth 1:50m, with a border
  tolerance; :func:`geoverify.events.countries.country_check`)?
- **Duplicates**: another event of the same dataset with the same actors, an overlapping time
  interval (or at most ``days`` apart) and an overlapping uncertainty disc
  (:mod:`geoverify.events.spacetime`). ``duplicate_of`` names the first such event in source
  order; events without actors are never called duplicates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["audit", "audit_summary", "place_check", "place_lookups", "duplicates",
           "AUDIT_COLUMNS",
           "SUMMARY_KEYS", "PLACE_VERDICTS"]

#: The audit frame's columns, a contract (``geoverify audit --out``): the first five as the
#: issue names them, then the numbers behind each verdict, then the event's own fields.
AUDIT_COLUMNS: tuple[str, ...] = (
    "event_id", "place_verdict", "place_distance_m", "place_matched", "duplicate_of",
    "place_min_m", "place_max_m", "place_margin_m", "place_radius_m", "uncertainty_m", "place",
    "country", "admin1", "country_verdict", "point_country", "outside_country", "source_row",
)

#: Words of ``place_verdict``.
PLACE_VERDICTS = ("consistent", "inconsistent", "inconclusive", "not_found", "ambiguous")

#: Keys of :func:`audit_summary` (``geoverify audit --json``), a contract.
SUMMARY_KEYS = ("events", "bad_rows", "place_consistent", "place_inconsistent",
                "place_inconclusive", "place_not_found", "place_ambiguous", "outside_country",
                "country_unchecked", "duplicates")


def place_check(distance_m: Any, event_radius_m: Any, place_radius_m: Any) -> pd.DataFrame:
    """Judge, per row, "the point lies within the event's radius of the place" (worst case).

    ``distance_m`` is from the event's point to the place's gazetteer point; the place's true
    position lies within ``place_radius_m`` of that point. The rule is the scalar checks' own
    :func:`geoverify.checks.rules.interval_rule` on ``[max(0, d - r_p), d + r_p]`` against
    ``[0, event radius]``. Returns the aligned check frame (``verdict``, ``min_m``, ``max_m``,
    ``margin``): ``margin`` is the event radius minus ``max_m`` when consistent, minus
    ``min_m`` when inconsistent (negative), minus the middle of the interval when inconclusive
    (either sign), as the scalar checks' margins. Rows with a NaN input get no verdict (None).

    Examples
    --------
    >>> place_check([500.0, 9000.0, 2500.0], [2000.0] * 3, [1200.0] * 3).values.tolist()
    [['consistent', 0.0, 1700.0, 300.0], ['inconsistent', 7800.0, 10200.0, -5800.0], \
['inconclusive', 1300.0, 3700.0, -500.0]]
    """
    import numpy as np
    import pandas as pd

    from geoverify.checks.rules import interval_rule, verdict_names

    d = np.asarray(distance_m, dtype="float64")
    r_e = np.asarray(event_radius_m, dtype="float64")
    r_p = np.asarray(place_radius_m, dtype="float64")
    d, r_e, r_p = np.broadcast_arrays(d, r_e, r_p)
    ok = np.isfinite(d) & np.isfinite(r_e) & np.isfinite(r_p)
    lo = np.maximum(d - r_p, 0.0)
    hi = d + r_p
    # the shared interval rule (as proximity): the distance to the place lies in [lo, hi],
    # allowed up to the event's radius
    code, margin = interval_rule(lo, hi, 0.0, r_e)
    verdict = np.asarray(verdict_names(code), dtype=object).reshape(d.shape).copy()
    verdict[~ok] = None
    return pd.DataFrame({"verdict": verdict, "min_m": np.where(ok, lo, np.nan),
                         "max_m": np.where(ok, hi, np.nan),
                         "margin": np.where(ok, margin, np.nan)})


_KEY_COLUMNS = ["place", "country", "admin1"]
_LOOKUP_COLUMNS = ["status", "name", "lat", "lon", "radius"]


def _place_keys(events: Any) -> pd.DataFrame:
    keys = events[_KEY_COLUMNS].astype("object")
    return keys.where(keys.notna(), "")


def place_lookups(keys: Any) -> pd.DataFrame:
    """Geocode distinct (``place``, ``country``, ``admin1``) rows; return them with the answers.

    The answer columns are ``status`` (found / ambiguous / not_found), ``name``, ``lat``,
    ``lon``, ``radius`` (:class:`~geoverify.events.places.PlaceMatch`). :func:`audit` calls it
    on an event frame's distinct names, and the dask path on each worker's share of them.
    """
    import numpy as np

    from geoverify.events._progress import progress
    from geoverify.events.places import lookup_place

    uniques = _place_keys(keys).drop_duplicates().reset_index(drop=True)
    n = len(uniques)
    status = np.empty(n, dtype=object)
    name = np.empty(n, dtype=object)
    lat, lon, radius = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    with progress(total=n, desc="geocoding places", unit="names") as bar:
        for i, (place, country, admin1) in enumerate(uniques.itertuples(index=False)):
            m = lookup_place(place or None, country or None, admin1 or None)
            status[i], name[i] = m.status, m.name
            lat[i], lon[i], radius[i] = m.lat, m.lon, m.radius_m
            bar.update(1)
    out = uniques.copy()
    for col, values in zip(_LOOKUP_COLUMNS, (status, name, lat, lon, radius), strict=True):
        out[col] = values
    return out


def _places(events: Any, lookups: Any = None) -> pd.DataFrame:
    """Return per-row place answers: each distinct name geocoded once, or from ``lookups``."""
    import pandas as pd

    keys = _place_keys(events)
    if lookups is None:
        lookups = place_lookups(keys)
    lookups = pd.DataFrame(lookups).reset_index(drop=True)  # one row per name, whatever index
    table = _place_keys(lookups).join(lookups[_LOOKUP_COLUMNS])
    table = table.drop_duplicates(_KEY_COLUMNS)
    merged = keys.reset_index(drop=True).merge(table, on=_KEY_COLUMNS, how="left",
                                               validate="many_to_one")
    merged["status"] = merged["status"].astype(object).where(merged["status"].notna(),
                                                             "not_found")
    out = merged[_LOOKUP_COLUMNS]
    out.index = events.index
    return out


def duplicates(events: Any, *, days: float = 0.0) -> pd.Series:
    """Return, per event, the id of the first earlier event it duplicates (None if none).

    Duplicates share their actors (as a set), overlap in time (or lie at most ``days`` apart)
    and in their uncertainty discs; "earlier" is source order (``source_row``, then position).
    """
    import numpy as np
    import pandas as pd

    from geoverify.events.matching import event_arrays
    from geoverify.events.spacetime import DAY_S, overlapping_pairs

    arrays = event_arrays(events)
    key = pd.Series(events["actors"]).astype("object")
    codes, _ = pd.factorize(key.where(key.notna(), None), use_na_sentinel=True)
    arrays["key"] = codes.astype("int64")
    pairs = overlapping_pairs(arrays, tolerance_s=float(days) * DAY_S, same_key=True)
    out = np.full(len(events), None, dtype=object)
    if len(pairs["ia"]):
        order = np.lexsort((np.arange(len(events)),
                            events["source_row"].to_numpy(dtype="int64")))
        rank = np.empty(len(events), dtype="int64")
        rank[order] = np.arange(len(events))
        ia, ib = pairs["ia"], pairs["ib"]
        first, later = np.where(rank[ia] < rank[ib], ia, ib), np.where(rank[ia] < rank[ib], ib, ia)
        best = pd.DataFrame({"later": later, "first": first, "rank": rank[first]})
        best = best.sort_values(["later", "rank"]).drop_duplicates("later")
        ids = events["event_id"].to_numpy()
        out[best["later"].to_numpy()] = ids[best["first"].to_numpy()]
    return pd.Series(out, index=events.index, dtype="object")


def audit(events: Any, *, days: float = 0.0, places: bool = True, countries: bool = True,
          find_duplicates: bool = True, border_tolerance_m: float | None = None,
          lookups: Any = None) -> Any:
    """Audit an event dataset: place, country and duplicate checks per event.

    Parameters
    ----------
    events
        An event frame from :func:`~geoverify.events.read_events` (or anything it reads), or a
        dask-geopandas frame (audited per partition after a shuffle on the actors, so every
        duplicate pair meets in one partition).
    days
        Duplicate tolerance in days (default 0: the intervals must overlap).
    places, countries, find_duplicates
        Switch a check off (its columns then stay empty).
    border_tolerance_m
        The country check's border tolerance (default
        :data:`geoverify.events.countries.BORDER_TOLERANCE_M`).
    lookups
        Place answers already computed (:func:`place_lookups`); names missing from it are
        ``not_found``.

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`AUDIT_COLUMNS` and the event's ``geometry``, aligned with ``events`` (same
        index); ``place_verdict`` is one of :data:`PLACE_VERDICTS`; ``outside_country`` is True
        when the point lies in another country (``country_verdict`` inconsistent), None when
        unchecked; ``attrs["bad_rows"]`` is the events' (see :func:`audit_summary`).

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"event_id_cnty": ["SYR1", "SYR2", "SYR3"],
    ...     "event_date": ["5 January 2022"] * 3, "time_precision": [1, 1, 1],
    ...     "iso": [760] * 3, "country": ["Syria"] * 3, "admin1": ["Deir ez-Zor"] * 3,
    ...     "location": ["al-Quriyah", "al-Quriyah", "Khasham"],
    ...     "latitude": [34.95629, 34.9570, 35.1], "longitude": [40.54139, 40.5420, 40.29],
    ...     "geo_precision": [2, 2, 1], "actor1": ["A", "A", "B"], "actor2": [None, None, None]})
    >>> out = audit(raw)
    >>> cols = ["event_id", "place_verdict", "place_matched", "duplicate_of"]
    >>> out[cols].fillna("").values.tolist()
    [['SYR1', 'consistent', 'al-Quriyah', ''], ['SYR2', 'consistent', 'al-Quriyah', 'SYR1'], \
['SYR3', 'inconsistent', 'Khasham', '']]
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from geoverify.events import distributed
    from geoverify.events.countries import BORDER_TOLERANCE_M, country_check
    from geoverify.events.matching import as_events, days_option
    from geoverify.geodesy import inverse

    tolerance = days_option(days, "audit")
    options = {"days": tolerance, "places": places, "countries": countries,
               "find_duplicates": find_duplicates, "border_tolerance_m": border_tolerance_m}
    if distributed.is_dask(events):
        return distributed.audit(events, **options)
    events = as_events(events)
    n = len(events)
    lat = np.asarray(events.geometry.y, dtype="float64")
    lon = np.asarray(events.geometry.x, dtype="float64")
    out = pd.DataFrame(index=events.index)
    out["event_id"] = events["event_id"].to_numpy()
    verdict = np.full(n, None, dtype=object)
    matched = np.full(n, None, dtype=object)
    dist = np.full(n, np.nan)
    place_radius = np.full(n, np.nan)
    check = pd.DataFrame({"verdict": verdict, "min_m": dist, "max_m": dist, "margin": dist})
    if places and n:
        found = _places(events, lookups)
        status = found["status"].to_numpy()
        ok = status == "found"
        if ok.any():
            dist[ok] = np.atleast_1d(inverse(lat[ok], lon[ok], found["lat"].to_numpy()[ok],
                                             found["lon"].to_numpy()[ok]).distance_m)
        place_radius = found["radius"].to_numpy()
        check = place_check(dist, events["uncertainty_m"].to_numpy(dtype="float64"),
                            place_radius)
        verdict = np.where(ok, check["verdict"].to_numpy(), status).astype(object)
        matched = found["name"].to_numpy()
    out["place_verdict"] = verdict
    out["place_distance_m"] = np.round(dist, 1)
    out["place_matched"] = matched
    out["duplicate_of"] = (duplicates(events, days=tolerance).to_numpy()
                           if find_duplicates and n else np.full(n, None, dtype=object))
    out["place_min_m"] = np.round(check["min_m"].to_numpy(dtype="float64"), 1)
    out["place_max_m"] = np.round(check["max_m"].to_numpy(dtype="float64"), 1)
    out["place_margin_m"] = np.round(check["margin"].to_numpy(dtype="float64"), 1)
    out["place_radius_m"] = place_radius
    for name in ("uncertainty_m", "place", "country", "admin1"):
        out[name] = events[name].to_numpy()
    if countries and n:
        cc = country_check(lat, lon, events["country"].to_numpy(),
                           tolerance_m=(BORDER_TOLERANCE_M if border_tolerance_m is None
                                        else float(border_tolerance_m)))
        out["country_verdict"] = cc["country_verdict"].to_numpy()
        out["point_country"] = cc["point_country"].to_numpy()
        flag = pd.Series(cc["country_verdict"].to_numpy(), dtype="object")
        out["outside_country"] = flag.map(lambda v: None if v is None else v == "inconsistent",
                                          na_action="ignore").astype("object").to_numpy()
    else:
        for name in ("country_verdict", "point_country", "outside_country"):
            out[name] = np.full(n, None, dtype=object)
    out["source_row"] = events["source_row"].to_numpy()
    for name in ("event_id", "place_verdict", "place_matched", "duplicate_of", "place",
                 "country", "admin1", "country_verdict", "point_country", "outside_country"):
        column = out[name].astype(object)  # None, not NaN, where a value is missing
        out[name] = column.where(column.notna(), None)
    result = gpd.GeoDataFrame(out[list(AUDIT_COLUMNS)], geometry=events.geometry.to_numpy(),
                              crs="EPSG:4326")
    from geoverify.events.read import BadRows

    result.attrs["bad_rows"] = BadRows.of(events.attrs.get("bad_rows"))
    return result


def audit_summary(audited: Any, bad_rows: int | None = None) -> dict[str, int]:
    """Return the audit's counts (:data:`SUMMARY_KEYS`), the ``geoverify audit --json`` object.

    ``bad_rows`` counts the distinct bad rows of the source (kept and dropped), from the frame's
    ``attrs["bad_rows"]`` unless given; ``outside_country`` counts the points in another
    country, ``country_unchecked`` the events whose country has no polygon or no code.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"event_id": ["a", "b"], "place_verdict": ["consistent",
    ...     "not_found"], "duplicate_of": [None, "a"], "outside_country": [False, None]})
    >>> audit_summary(frame, bad_rows=0)["place_not_found"]
    1
    """
    import pandas as pd

    from geoverify.events import distributed

    if distributed.is_dask(audited):
        audited = audited[["event_id", "place_verdict", "duplicate_of",
                           "outside_country"]].compute()
    if bad_rows is None:
        found = getattr(audited, "attrs", {}).get("bad_rows")
        from geoverify.events.read import BadRows

        bad_rows = BadRows.of(found).rows
    verdicts = pd.Series(audited["place_verdict"]).value_counts()
    outside = pd.Series(audited["outside_country"], dtype="object")
    summary = {"events": int(len(audited)), "bad_rows": int(bad_rows)}
    for word in PLACE_VERDICTS:
        summary[f"place_{word}"] = int(verdicts.get(word, 0))
    summary["outside_country"] = int((outside == True).sum())  # noqa: E712
    summary["country_unchecked"] = int(outside.isna().sum())
    summary["duplicates"] = int(pd.Series(audited["duplicate_of"]).notna().sum())
    return summary
