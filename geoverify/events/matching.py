"""Match two event datasets: the pairs of events that could be one incident, ranked.

Two events match when their time intervals overlap, or lie at most ``days`` apart, and their
uncertainty discs overlap (geodesic distance at most the sum of the radii). Every matching pair
is listed: an event of ``a`` matching three of ``b`` gives three rows (``n_matches_a`` says how
many, ``rank_a`` orders them); nothing is hidden behind a best match.

The score, from 0 to 1, is ``spatial * temporal``:

- ``spatial = 1 - distance_m / (radius_a + radius_b)``: 1 for the same point, 0 when the discs
  only touch (1 when both radii are 0 and the points coincide);
- ``temporal = 1 / (1 + days_apart)``: 1 when the intervals overlap, 1/2 a day apart.

It ranks candidates; it is not a probability.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geoverify.errors import GeoverifyError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["match", "MATCH_COLUMNS", "event_arrays", "as_events", "days_option"]

#: The columns of :func:`match`'s frame, a contract (``geoverify match --json`` and ``--out``):
#: the first five as the issue names them, then how one-to-many the pairs are and the inputs.
MATCH_COLUMNS: tuple[str, ...] = (
    "event_id_a", "event_id_b", "score", "distance_m", "days_apart", "rank_a", "n_matches_a",
    "n_matches_b", "radius_a_m", "radius_b_m", "row_a", "row_b",
)


def days_option(days: Any, caller: str) -> float:
    """Return a tolerance in days as a float; refuse NaN, infinity and negatives.

    Examples
    --------
    >>> days_option("1.5", "match")
    1.5
    """
    import math

    try:
        value = float(days)
    except (TypeError, ValueError):
        raise GeoverifyError(f"{caller}: days {days!r} is not a number") from None
    if not (math.isfinite(value) and value >= 0):
        raise GeoverifyError(f"{caller}: days {days!r} must be a finite number >= 0")
    return value


def as_events(frame: Any, what: str = "events") -> Any:
    """Return ``frame`` if it is a normalized event frame, else read it with ``read_events``."""
    import pandas as pd

    from geoverify.events.read import EVENT_COLUMNS, read_events

    if isinstance(frame, pd.DataFrame) and set(EVENT_COLUMNS) <= set(frame.columns) \
            and "geometry" in frame.columns:
        return frame
    if isinstance(frame, pd.DataFrame) or isinstance(frame, str) or hasattr(frame, "__fspath__"):
        return read_events(frame)
    raise GeoverifyError(f"{what}: {type(frame).__name__} is not an event frame, a DataFrame "
                         "or a path")


def event_arrays(events: Any) -> dict[str, Any]:
    """Return the arrays the space-time join reads (lat, lon, radius, start, end in seconds)."""
    import numpy as np
    import pandas as pd

    geom = events.geometry
    lon = np.asarray(geom.x, dtype="float64")
    lat = np.asarray(geom.y, dtype="float64")
    epoch = pd.Timestamp(0, tz="UTC")  # seconds since the epoch, whatever the resolution
    start = ((pd.to_datetime(events["time_start"], utc=True) - epoch)
             / pd.Timedelta(seconds=1)).to_numpy(dtype="float64")
    end = ((pd.to_datetime(events["time_end"], utc=True) - epoch)
           / pd.Timedelta(seconds=1)).to_numpy(dtype="float64")
    return {"lat": lat, "lon": lon,
            "radius": events["uncertainty_m"].to_numpy(dtype="float64"),
            "start": start.astype("float64"), "end": end.astype("float64")}


def match(a: Any, b: Any, *, days: float = 0.0) -> pd.DataFrame:
    """Return the pairs of events of ``a`` and ``b`` that could be the same incident, ranked.

    Parameters
    ----------
    a, b
        Event frames from :func:`~geoverify.events.read_events` (or anything it reads: a path,
        an ACLED or UCDP DataFrame). ``a`` may be a dask-geopandas frame: it is matched
        partition by partition against ``b`` (which must fit in memory: it is sent to every
        worker once).
    days
        Tolerance in days: intervals at most this far apart still match (default 0: they must
        overlap).

    Returns
    -------
    pandas.DataFrame
        :data:`MATCH_COLUMNS`, sorted by ``event_id_a`` order of appearance, then score
        (best first). ``distance_m`` is the geodesic distance between the two points (WGS84),
        ``days_apart`` the gap between the intervals in days (0 when they overlap), ``row_a`` /
        ``row_b`` the positions of the events in ``a`` and ``b``.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> def events(ids, lats, lons, radius, day):
    ...     start = pd.Timestamp(day, tz="UTC")
    ...     return gpd.GeoDataFrame({"event_id": ids, "time_start": start,
    ...         "time_end": start + pd.Timedelta(days=1), "uncertainty_m": radius,
    ...         "place": None, "country": "SY", "admin1": None, "source_dataset": "x",
    ...         "actors": None, "source_row": range(1, len(ids) + 1)},
    ...         geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")
    >>> a = events(["A1"], [34.695], [40.831], 2000.0, "2018-11-02")
    >>> b = events(["B1", "B2"], [34.700, 35.0], [40.835, 40.45], 2000.0, "2018-11-02")
    >>> match(a, b)[["event_id_a", "event_id_b", "score", "distance_m", "days_apart"]]
      event_id_a event_id_b  score  distance_m  days_apart
    0         A1         B1  0.834       664.8         0.0
    """
    import numpy as np
    import pandas as pd

    from geoverify.events import distributed
    from geoverify.events.spacetime import DAY_S, overlapping_pairs

    tolerance_days = days_option(days, "match")
    if distributed.is_dask(b):
        b = b.compute()
    b = as_events(b, "b")
    if distributed.is_dask(a):
        return distributed.match(a, b, days=tolerance_days)
    a = as_events(a, "a")
    pairs = overlapping_pairs(event_arrays(a), event_arrays(b),
                              tolerance_s=tolerance_days * DAY_S)
    ia, ib = pairs["ia"], pairs["ib"]
    ra = a["uncertainty_m"].to_numpy(dtype="float64")[ia]
    rb = b["uncertainty_m"].to_numpy(dtype="float64")[ib]
    dist = pairs["distance_m"]
    days_apart = pairs["gap_s"] / DAY_S
    reach = ra + rb
    with np.errstate(divide="ignore", invalid="ignore"):
        spatial = np.where(reach > 0, 1.0 - dist / reach, (dist <= 1e-6).astype(float))
    spatial = np.clip(spatial, 0.0, 1.0)
    score = spatial / (1.0 + days_apart)
    out = pd.DataFrame({
        "event_id_a": a["event_id"].to_numpy()[ia],
        "event_id_b": b["event_id"].to_numpy()[ib],
        "score": np.round(score, 3),
        "distance_m": np.round(dist, 1),
        "days_apart": np.round(days_apart, 3),
        "radius_a_m": ra,
        "radius_b_m": rb,
        "row_a": ia,
        "row_b": ib,
    })
    out = out.sort_values(["row_a", "score", "distance_m", "row_b"],
                          ascending=[True, False, True, True], kind="stable")
    out["rank_a"] = out.groupby("row_a").cumcount() + 1
    out["n_matches_a"] = out.groupby("row_a")["row_b"].transform("size")
    out["n_matches_b"] = out.groupby("row_b")["row_a"].transform("size")
    return out[list(MATCH_COLUMNS)].reset_index(drop=True)
