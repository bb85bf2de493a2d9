"""Pairs of events whose time intervals and uncertainty discs overlap, through a spatial index.

The one join behind :func:`geoverify.events.matching` and the duplicate check of
:func:`geoverify.events.auditing`; never an n x m loop:

1. each event is cut into the UTC time buckets (1 to 7 days, as long as the typical interval)
   its interval touches (widened by the tolerance on one side); two intervals share a bucket
   exactly when the later-starting one's first bucket is among the other's buckets, so every
   bucket of one side meets only the first bucket of the other (and the other way round):
   long intervals never meet bucket by bucket. Events that must agree on a key (the actors,
   for duplicates) are grouped by it too;
2. each (bucket, key) group gets its own strip of an STRtree's plane (x shifted by 1000 degrees per
   group), where each event is the longitude/latitude box of its uncertainty disc; boxes are
   degree-safe bounds of the geodesic disc (below), split at the antimeridian, widened to every
   longitude near a pole;
3. the index's box overlaps are the candidates; the exact tests follow on them only: the
   geodesic distance (WGS84) at most the sum of the radii, the intervals overlapping (or apart
   by at most the tolerance).

A disc of radius ``r`` around latitude ``phi`` spans at most ``r / M`` of latitude and
``r / (a cos phi_far)`` of longitude, with ``M`` the smallest meridian radius of curvature
(``a (1 - e^2)``), ``a`` the equatorial radius and ``phi_far`` the disc's latitude farthest from
the equator: every geodesic crossing a degree of latitude or longitude is at least that long.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["overlapping_pairs", "disc_boxes"]

_A = 6_378_137.0
_M_MIN = 6_335_439.327  # a (1 - e^2): the meridian radius of curvature at the equator
_DEG = math.pi / 180.0
_STRIP = 1000.0  # degrees between the strips of two (day, key) groups
_EPS = 1e-9
DAY_S = 86_400.0


def disc_boxes(lat: np.ndarray, lon: np.ndarray, radius_m: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(west, south, east, north)`` degree bounds that contain each geodesic disc.

    ``west`` may be below -180 and ``east`` above 180 (the caller splits those boxes); a disc
    reaching within its radius of a pole spans every longitude.

    Examples
    --------
    >>> import numpy as np
    >>> w, s, e, n = disc_boxes(np.array([0.0]), np.array([0.0]), np.array([111_320.0]))
    >>> round(float(n[0]), 3), round(float(e[0]), 3)
    (1.007, 1.0)
    """
    import numpy as np

    dlat = radius_m / (_M_MIN * _DEG) + _EPS
    far = np.minimum(np.abs(lat) + dlat, 90.0)
    cos_far = np.cos(np.radians(far))
    with np.errstate(divide="ignore", invalid="ignore"):
        dlon = np.where(cos_far > 1e-9, radius_m / (_A * _DEG * cos_far), np.inf) + _EPS
    polar = (far >= 90.0) | (dlon >= 180.0)
    west = np.where(polar, -180.0, lon - dlon)
    east = np.where(polar, 180.0, lon + dlon)
    south = np.maximum(lat - dlat, -90.0)
    north = np.minimum(lat + dlat, 90.0)
    return west, south, east, north


def _explode_days(start_s: np.ndarray, end_s: np.ndarray, t0: float, bucket_s: float = DAY_S
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Return (row, bucket) for every time bucket each half-open interval touches."""
    import numpy as np

    first = np.floor((start_s - t0) / bucket_s).astype("int64")
    last = np.floor((np.maximum(end_s, start_s) - t0 - 1e-6) / bucket_s).astype("int64")
    last = np.maximum(last, first)
    counts = last - first + 1
    rows = np.repeat(np.arange(len(first)), counts)
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return rows, first[rows] + offsets


def _boxes(rows: np.ndarray, group: np.ndarray, lat: np.ndarray, lon: np.ndarray,
           radius: np.ndarray) -> tuple[np.ndarray, Any]:
    """Return (row of each box, shapely boxes) on the group strips, split at the antimeridian."""
    import numpy as np
    import shapely

    w, s, e, n = disc_boxes(lat[rows], lon[rows], radius[rows])
    shift = group.astype("float64") * _STRIP
    parts_rows = [rows]
    parts = [(np.maximum(w, -180.0), s, np.minimum(e, 180.0), n, shift)]
    west_over = w < -180.0
    if west_over.any():
        parts_rows.append(rows[west_over])
        parts.append((w[west_over] + 360.0, s[west_over], np.full(west_over.sum(), 180.0),
                      n[west_over], shift[west_over]))
    east_over = e > 180.0
    if east_over.any():
        parts_rows.append(rows[east_over])
        parts.append((np.full(east_over.sum(), -180.0), s[east_over], e[east_over] - 360.0,
                      n[east_over], shift[east_over]))
    ww = np.concatenate([p[0] + p[4] for p in parts])
    ss = np.concatenate([p[1] for p in parts])
    ee = np.concatenate([p[2] + p[4] for p in parts])
    nn = np.concatenate([p[3] for p in parts])
    return np.concatenate(parts_rows), shapely.box(ww, ss, ee, nn)


def _first_days(start_s: np.ndarray, t0: float, bucket_s: float = DAY_S
                ) -> tuple[np.ndarray, np.ndarray]:
    """Return (row, bucket) of each interval's first time bucket."""
    import numpy as np

    return (np.arange(len(start_s)),
            np.floor((start_s - t0) / bucket_s).astype("int64"))


def _day_join(x: dict[str, np.ndarray], y: dict[str, np.ndarray],
              x_days: tuple[np.ndarray, np.ndarray], y_days: tuple[np.ndarray, np.ndarray],
              key_x: np.ndarray, key_y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (ix, iy) whose boxes meet on a common (day, key) strip (an STRtree on y)."""
    import numpy as np
    import shapely

    rows_x, day_x = x_days
    rows_y, day_y = y_days
    kx, ky = key_x[rows_x], key_y[rows_y]
    keep_x, keep_y = kx >= 0, ky >= 0
    rows_x, day_x, kx = rows_x[keep_x], day_x[keep_x], kx[keep_x]
    rows_y, day_y, ky = rows_y[keep_y], day_y[keep_y], ky[keep_y]
    if len(rows_x) == 0 or len(rows_y) == 0:
        return np.zeros(0, "int64"), np.zeros(0, "int64")
    days = np.concatenate([day_x, day_y]).astype("int64")
    keys = np.concatenate([kx, ky]).astype("int64")
    combined = (days - days.min()) * (int(keys.max()) + 1) + keys
    _, groups = np.unique(combined, return_inverse=True)  # (day, key) -> a strip number
    box_rows_x, boxes_x = _boxes(rows_x, groups[:len(rows_x)], x["lat"], x["lon"],
                                 x["radius"])
    box_rows_y, boxes_y = _boxes(rows_y, groups[len(rows_x):], y["lat"], y["lon"],
                                 y["radius"])
    # for axis-aligned boxes the index's envelope test is the exact intersection test
    qx, qy = shapely.STRtree(boxes_y).query(boxes_x)
    return box_rows_x[qx].astype("int64"), box_rows_y[qy].astype("int64")


def overlapping_pairs(a: dict[str, np.ndarray], b: dict[str, np.ndarray] | None = None, *,
                      tolerance_s: float = 0.0, same_key: bool = False
                      ) -> dict[str, np.ndarray]:
    """Return the pairs of events (one of ``a``, one of ``b``) that could be one incident.

    ``a`` and ``b`` hold arrays ``lat``, ``lon`` (degrees), ``radius`` (metres), ``start`` and
    ``end`` (seconds since the epoch, UTC, half-open) and, with ``same_key``, ``key`` (integer
    codes; negative: no key, never paired). ``b=None`` pairs ``a`` with itself (each pair once,
    ``i < j``).

    Returns arrays ``ia``, ``ib`` (positions), ``distance_m`` (geodesic) and ``gap_s`` (seconds
    between the intervals; 0 when they overlap), in ``ia``, ``ib`` order.

    Examples
    --------
    >>> import numpy as np
    >>> ev = {"lat": np.array([35.0, 35.01, 36.0]), "lon": np.array([40.0, 40.0, 40.0]),
    ...       "radius": np.array([2000.0, 2000.0, 2000.0]),
    ...       "start": np.array([0.0, 3600.0, 0.0]), "end": np.array([86400.0] * 3)}
    >>> p = overlapping_pairs(ev)
    >>> p["ia"].tolist(), p["ib"].tolist(), [round(d) for d in p["distance_m"]]
    ([0], [1], [1109])
    """
    import numpy as np

    from geoverify.geodesy import inverse

    self_join = b is None
    bb = a if b is None else b
    empty = {"ia": np.zeros(0, "int64"), "ib": np.zeros(0, "int64"),
             "distance_m": np.zeros(0), "gap_s": np.zeros(0)}
    if len(a["lat"]) == 0 or len(bb["lat"]) == 0:
        return empty
    t0 = float(min(np.min(a["start"]), np.min(bb["start"]))) - tolerance_s - 2 * DAY_S
    # a widened by the tolerance and a second more, so intervals exactly the tolerance apart
    # still share a day (the exact test below decides)
    a_start, a_end = a["start"] - tolerance_s - 1.0, a["end"] + tolerance_s + 1.0
    key_a = a["key"] if same_key else np.zeros(len(a["lat"]), "int64")
    key_b = bb["key"] if same_key else np.zeros(len(bb["lat"]), "int64")
    # Two intervals share a day iff the later-starting one's first day lies in the other's
    # days: so pair every day of a with the first day of b, and every day of b with the first
    # day of a. Each side is cut into days once, long intervals never meet each other day by day.
    # Buckets as long as the typical interval (1 to 7 days): fewer pieces of long intervals,
    # few extra candidates for short ones; the exact tests below do not depend on the choice.
    typical = np.mean(np.concatenate([a_end - a_start, bb["end"] - bb["start"]])) / DAY_S
    bucket = DAY_S * float(np.clip(np.round(typical), 1.0, 7.0))
    found = [_day_join(a, bb, _explode_days(a_start, a_end, t0, bucket),
                       _first_days(bb["start"], t0, bucket), key_a, key_b)]
    if not self_join:  # with itself, the first join already meets every pair one way round
        found.append(_day_join(bb, a, _explode_days(bb["start"], bb["end"], t0, bucket),
                               _first_days(a_start, t0, bucket), key_b, key_a)[::-1])
    ia = np.concatenate([f[0] for f in found])
    ib = np.concatenate([f[1] for f in found])
    if self_join:
        ia, ib = np.minimum(ia, ib), np.maximum(ia, ib)
        keep = ia < ib
        ia, ib = ia[keep], ib[keep]
    if len(ia) == 0:
        return empty
    pair = np.unique(ia.astype("int64") * len(bb["lat"]) + ib.astype("int64"))
    ia, ib = pair // len(bb["lat"]), pair % len(bb["lat"])
    latest_start = np.maximum(a["start"][ia], bb["start"][ib])
    earliest_end = np.minimum(a["end"][ia], bb["end"][ib])
    gap = latest_start - earliest_end
    in_time = (gap < 0) | ((tolerance_s > 0) & (gap <= tolerance_s))
    ia, ib, gap = ia[in_time], ib[in_time], gap[in_time]
    if len(ia) == 0:
        return empty
    dist = np.atleast_1d(inverse(a["lat"][ia], a["lon"][ia], bb["lat"][ib], bb["lon"][ib])
                         .distance_m).astype("float64")
    reach = a["radius"][ia] + bb["radius"][ib]
    near = dist <= reach + 1e-6 + 1e-12 * reach
    return {"ia": ia[near], "ib": ib[near], "distance_m": dist[near],
            "gap_s": np.maximum(gap[near], 0.0)}
