"""Checks as columns: the plausibility checks judged on every row of an event table at once.

Each function takes an event frame (from :func:`~geoverify.events.read_events`, or any frame
with point ``geometry`` in lon/lat and ``uncertainty_m``; a raw ACLED or UCDP table or a path
is read first) and returns a DataFrame **aligned with it** (the same index, one row per event)
holding what the scalar check of :mod:`geoverify.checks` answers for that row, as columns:

- ``verdict``: ``consistent`` / ``inconsistent`` / ``inconclusive`` (None for a row that cannot
  be judged: a missing point, radius, time or word);
- ``min_m``, ``max_m``: the smallest and largest distance the uncertainties allow (metres; NaN
  for daylight and control, which judge no distance);
- ``margin``: the scalar check's margin (metres; degrees for direction, minutes for daylight;
  NaN where the scalar check has none);
- the check's own numbers (``distance_m``, ``azimuth_deg``...);
- with ``graded=True`` (the default) the graded answers of the scalar check: ``share_sure``,
  ``share_possible``, ``centre_verdict`` and ``decides_if_m`` (the radius the *row's* site
  would have to be located to for the check to be decided; NaN when that cannot decide it or
  it is decided already);
- with ``explain=True`` an ``explanation``: the scalar check's sentence, word for word. It is
  the slow part (each row's check is run once more in full), so it is off by default.

Each row is the site the scalar check would be given as a :class:`~geoverify.sites.Site`: its
point, ``uncertainty_m`` as the radius, and its ``event_id`` as the name. The numbers come from
the same rules on arrays that the scalar checks call (:mod:`geoverify.checks.rules`), so a row
gets exactly the scalar check's verdict, margin, shares, centre verdict and deciding radius
(the test suite compares them on random rows). No Python loop runs per row: the work is
vectorized, and rows that repeat a point, radius and words (events coded at one village) are
judged once. Daylight samples the sun over each row's interval in array passes; control
judges its polygons once per distinct (point, radius, actor, validity of the layers' areas at
the row's time), through :func:`~geoverify.checks.control.check_control` itself.

Words a check takes (a weapon, a compass direction, a relation, a stated distance, a light
word, an actor, a time zone) are one value for every row, or a pandas Series with the events'
index for one per row (each distinct value is resolved once). A dask-geopandas frame is judged
partition by partition (per-row values then are dask Series of the same frame).

Examples
--------
>>> import geopandas as gpd, pandas as pd
>>> from geoverify.sites import Site
>>> events = gpd.GeoDataFrame({"event_id": ["E1", "E2"], "uncertainty_m": [2000.0, 2000.0]},
...     geometry=gpd.points_from_xy([40.54139, 40.30], [34.95629, 35.40]), crs="EPSG:4326")
>>> field = Site(35.15167, 40.57583, 0, name="al-Omar field")
>>> range_check(events, target=field, weapon="107 mm")[["verdict", "min_m"]].round(0)
        verdict    min_m
0  inconsistent  19902.0
1  inconsistent  35267.0
>>> direction_check(events, "north", reference="al-Mayadin")[["verdict", "azimuth_deg"]].round(0)
        verdict  azimuth_deg
0  inconsistent        131.0
1    consistent        342.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from geoverify.errors import CheckError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from geoverify.checks.result import CheckResult
    from geoverify.sites import Site

__all__ = [
    "range_check",
    "direction_check",
    "proximity_check",
    "stated_distance_check",
    "daylight_check",
    "control_check",
    "CHECK_COLUMNS",
    "GRADED_COLUMNS",
]

#: The columns every check frame starts with (the aligned-frame convention).
CHECK_COLUMNS: tuple[str, ...] = ("verdict", "min_m", "max_m", "margin")
#: The graded answers' columns (``graded=True``), after the check's own columns.
GRADED_COLUMNS: tuple[str, ...] = ("share_sure", "share_possible", "centre_verdict",
                                   "decides_if_m")
#: distinct rows are judged once when they are at most this share of the rows
_DEDUPE_SHARE = 0.7
#: rows per pass of the bearing-share quadrature (96 nodes each: about 75 MB per pass)
_QUADRATURE_ROWS = 8192
#: sun samples per daylight pass (as :mod:`geoverify.checks.daylight`)
_SUN_SAMPLES = 400_000


# ----------------------------------------------------------------------------------- rows
@dataclass(frozen=True)
class _Rows:
    """The events as the checks read them: points, radii, names, which rows can be judged."""

    frame: Any
    index: Any
    lat: np.ndarray
    lon: np.ndarray
    radius: np.ndarray
    names: np.ndarray
    ok: np.ndarray

    @property
    def n(self) -> int:
        return len(self.lat)

    def site(self, i: int) -> Site:
        """Return row ``i`` as the Site the scalar check is given."""
        from geoverify.sites import Site

        name = self.names[i]
        return Site(float(self.lat[i]), float(self.lon[i]), float(self.radius[i]),
                    name=None if name is None else str(name))


def _rows(events: Any, caller: str) -> _Rows:
    """Read an event frame's points (lon/lat), radii and ids; a raw table is read first."""
    import pandas as pd
    import shapely

    if not (isinstance(events, pd.DataFrame) and "geometry" in events.columns
            and "uncertainty_m" in events.columns):
        from geoverify.events.matching import as_events

        events = as_events(events, caller)
    geometry = events["geometry"]
    crs = getattr(geometry, "crs", None)
    if crs is not None and not crs.equals("EPSG:4326"):
        geometry = geometry.to_crs("EPSG:4326")
    geoms = np.asarray(geometry, dtype=object)
    is_point = np.asarray(shapely.get_type_id(geoms) == 0) & ~np.asarray(
        shapely.is_empty(geoms), dtype=bool)
    points = geoms.copy()
    points[~is_point] = None  # a polygon or an empty point has no coordinates to read
    lon = np.where(is_point, shapely.get_x(points), np.nan)
    lat = np.where(is_point, shapely.get_y(points), np.nan)
    radius = pd.to_numeric(events["uncertainty_m"], errors="coerce").to_numpy(dtype="float64")
    lat, lon = np.asarray(lat, dtype="float64"), np.asarray(lon, dtype="float64")
    with np.errstate(invalid="ignore"):
        ok = (np.isfinite(lat) & np.isfinite(lon) & np.isfinite(radius) & (np.abs(lat) <= 90)
              & (np.abs(lon) <= 180) & (radius >= 0))
    if "event_id" in events.columns:
        ids = events["event_id"].astype(object)
        names = ids.where(ids.notna(), None).to_numpy(dtype=object)
    else:
        names = np.full(len(events), None, dtype=object)
    return _Rows(events, events.index, lat, lon, radius, names, ok)


def _fixed_site(value: Any, param: str) -> Site:
    """Return the check's fixed site: a Site, or a text (coordinates or a place name)."""
    from geoverify.sites import Site

    if isinstance(value, Site):
        return value
    if isinstance(value, str):
        from geoverify.locate import site_from_text

        return site_from_text(value)
    raise CheckError(f"{param} must be a Site or a text (coordinates or a place name), "
                     f"not {type(value).__name__}")


def _per_row(value: Any, rows: _Rows, name: str) -> tuple[np.ndarray, list[Any]]:
    """Return ``(codes, values)``: one value for all rows, or a Series' distinct values."""
    import pandas as pd

    if isinstance(value, pd.Series):
        if not value.index.equals(rows.index):
            raise CheckError(f"{name}: a per-row Series must have the events' index")
        obj = value.astype(object)
        obj = obj.where(obj.notna(), None).to_numpy(dtype=object)
        codes, uniques = pd.factorize(obj, use_na_sentinel=False)
        values = [None if v is None or (isinstance(v, float) and math.isnan(v)) else v
                  for v in uniques]
        return np.asarray(codes, dtype=np.int64), values
    if _is_dask(value):
        raise CheckError(f"{name}: a dask Series needs a dask frame of events")
    return np.zeros(rows.n, dtype=np.int64), [value]


def _codes(values: np.ndarray) -> np.ndarray:
    """Return integer codes of an array's values (floats by their bits: -0.0 is not 0.0)."""
    import pandas as pd

    arr = np.asarray(values)
    if arr.dtype.kind == "f":
        arr = np.ascontiguousarray(arr, dtype=np.float64).view(np.int64)
    codes, _ = pd.factorize(arr, use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64)


def _distinct(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(first, inverse)``: the first row of each distinct combination, and each row's.

    >>> _distinct([np.array([1.0, 2.0, 1.0]), np.array([5, 5, 5])])
    (array([0, 1]), array([0, 1, 0]))
    """
    import pandas as pd

    n = len(columns[0])
    key = np.zeros(n, dtype=np.int64)
    for col in columns:
        codes = _codes(col)
        width = int(codes.max()) + 1 if n else 1
        key, _ = pd.factorize(key * width + codes)
        key = np.asarray(key, dtype=np.int64)
    if not n:
        return np.zeros(0, dtype=np.int64), key
    # factorize numbers in order of first appearance: a new code is the running maximum + 1
    seen = np.maximum.accumulate(key)
    first = np.flatnonzero(np.r_[True, key[1:] > seen[:-1]])
    return first, key


def _groups(rows: _Rows, extra: list[np.ndarray],
            ok: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(pick, where)``: the rows to judge, and each row's position among them.

    Rows repeating a point, radius and the ``extra`` codes of another are judged once (when
    that saves enough); ``where`` is -1 for rows that cannot be judged.
    """
    valid = np.flatnonzero(rows.ok if ok is None else ok)
    where = np.full(rows.n, -1, dtype=np.int64)
    if not len(valid):
        return valid, where
    limit = _DEDUPE_SHARE * len(valid)
    # the rows cannot have fewer distinct combinations than distinct points: look there first
    if int(_codes(rows.lat[valid]).max()) + 1 <= limit:
        first, inverse = _distinct([rows.lat[valid], rows.lon[valid], rows.radius[valid],
                                    *(e[valid] for e in extra)])
        if len(first) <= limit:
            where[valid] = inverse
            return valid[first], where
    where[valid] = np.arange(len(valid))
    return valid, where


def _spread(values: np.ndarray, where: np.ndarray, fill: Any) -> np.ndarray:
    """Return per-row values from the judged rows' (``fill`` where ``where`` is -1)."""
    values = np.asarray(values)
    dtype = object if fill is None else np.result_type(values.dtype, np.float64)
    if len(values) == len(where) and (not len(where) or (where[0] == 0 and bool(
            np.all(where[1:] > where[:-1])))):
        return values.astype(dtype, copy=False)  # every row judged, in order: as they are
    out = np.full(len(where), fill, dtype=dtype)
    hit = where >= 0
    out[hit] = values[where[hit]]
    return out


def _names(codes: np.ndarray) -> np.ndarray:
    """Return verdict words of codes (1, 0, -1) as an object array."""
    from geoverify.checks.rules import verdict_names

    return np.asarray(verdict_names(codes), dtype=object)


def _frame(rows: _Rows, where: np.ndarray, columns: Mapping[str, tuple[np.ndarray, Any]],
           explanation: np.ndarray | None) -> pd.DataFrame:
    """Return the aligned check frame from the judged rows' columns ``name: (values, fill)``."""
    import pandas as pd

    data = {name: _spread(values, where, fill) for name, (values, fill) in columns.items()}
    if explanation is not None:
        data["explanation"] = explanation
    # words stay objects, with None (not NaN) where a row has no answer
    return pd.DataFrame({name: pd.Series(values, index=rows.index, copy=False,
                                         dtype=object if values.dtype == object else None)
                         for name, values in data.items()}, index=rows.index, copy=False)


def _explain(rows: _Rows, judged: np.ndarray, build: Callable[[int], CheckResult],
             desc: str) -> np.ndarray:
    """Return each judged row's sentence from its scalar check (None elsewhere)."""
    from geoverify.events._progress import progress

    out = np.full(rows.n, None, dtype=object)
    positions = np.flatnonzero(judged)
    with progress(total=len(positions), desc=desc, unit="rows") as bar:
        for i in positions:
            out[i] = build(int(i)).explanation
            bar.update(1)
    return out


def _is_dask(obj: Any) -> bool:
    from geoverify.events.distributed import is_dask

    return is_dask(obj)


def _on_partitions(check: Callable[..., Any], events: Any, per_row: Mapping[str, Any],
                   options: Mapping[str, Any]) -> Any:
    """Run ``check`` on each partition of a dask frame (per-row values as dask Series)."""
    import pandas as pd

    frame = events
    carried: dict[str, str] = {}
    for key, value in per_row.items():
        if _is_dask(value):
            column = f"__geoverify_{key}"
            frame = frame.assign(**{column: value})
            carried[key] = column
        elif isinstance(value, pd.Series):
            raise CheckError(f"{key}: per-row values of a dask frame must be a dask Series "
                             "(a column of that frame)")
    fixed = {k: v for k, v in per_row.items() if k not in carried}

    def part(df: Any) -> Any:
        import geopandas as gpd

        args = {**options, **fixed, **{k: df[c] for k, c in carried.items()}}
        events_part = df.drop(columns=list(carried.values()))
        if not isinstance(events_part, gpd.GeoDataFrame):
            events_part = gpd.GeoDataFrame(events_part, geometry="geometry", crs="EPSG:4326")
        return check(events_part, **args)

    meta = part(frame._meta)
    return frame.map_partitions(part, meta=meta)


def _geodesic_distance(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> np.ndarray:
    from geoverify.geodesy import inverse

    return np.asarray(inverse(lat1, lon1, lat2, lon2).distance_m, dtype=np.float64)


def _bounds(d: np.ndarray, r1: Any, r2: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return :func:`geoverify.geodesy.distance_bounds` from the distance (same arithmetic)."""
    from geoverify.geodesy import MAX_GEODESIC_DISTANCE_M

    return np.maximum(0.0, d - r1 - r2), np.minimum(d + r1 + r2, MAX_GEODESIC_DISTANCE_M)


def _grades(sure: np.ndarray, possible: np.ndarray, centre: np.ndarray,
            decides: np.ndarray) -> dict[str, tuple[np.ndarray, Any]]:
    """Return the graded answers' columns (:data:`GRADED_COLUMNS`) with their fill values."""
    return {"share_sure": (sure, np.nan), "share_possible": (possible, np.nan),
            "centre_verdict": (_names(centre), None), "decides_if_m": (decides, np.nan)}


def _shares_of_decided(code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the shares a decided check agrees with: 1/1 consistent, 0/0 inconsistent."""
    decided = np.where(code == 1, 1.0, np.where(code == -1, 0.0, np.nan))
    return decided, decided.copy()


# ----------------------------------------------------------------------------------- range
def range_check(events: Any, *, target: Any = None, launch: Any = None, weapon: Any = None,
                graded: bool = True, explain: bool = False) -> Any:
    """Judge every row as a launch point against ``target`` (or as a target of ``launch``).

    The vectorized :func:`~geoverify.checks.range.check_range`: could the weapon fired from
    the launch site reach the target, with both uncertainties (worst case)?

    Parameters
    ----------
    events
        An event frame (see the module), or a dask-geopandas one.
    target, launch : Site or str
        Exactly one: the fixed target (the rows are launch points) or the fixed launch site
        (the rows are targets). A text is coordinates or a place name.
    weapon : str, Weapon, list, pandas Series or None
        A weapon, a press word ("Katyusha"), a class word ("rockets"), a list of candidates, or
        None for every catalogue weapon (as :func:`~geoverify.checks.range.check_range`); a
        Series gives one word per row (a missing word: no weapon named).
    graded, explain
        Add the graded answers / the scalar check's sentence (see the module).

    Returns
    -------
    pandas.DataFrame
        :data:`CHECK_COLUMNS`, ``distance_m``, then :data:`GRADED_COLUMNS` (the share of the
        launch site's disc, as the scalar check; ``decides_if_m`` is the row's radius) and
        ``explanation`` on request; ``margin`` in metres.

    Raises
    ------
    CheckError
        An unknown weapon word, both or neither of ``target`` / ``launch``.
    """
    if (target is None) == (launch is None):
        raise CheckError("range_check: give target= (the rows are launch points) or launch= "
                         "(the rows are targets)")
    options = {"target": target, "launch": launch, "graded": graded, "explain": explain}
    if _is_dask(events):
        return _on_partitions(range_check, events, {"weapon": weapon},
                              {k: v for k, v in options.items()})
    from geoverify.checks._support import effective_radius
    from geoverify.checks.range import _candidates, _family_siblings, check_range
    from geoverify.checks.rules import range_judgement, weapon_arrays

    rows = _rows(events, "range_check")
    rows_launch = target is not None
    fixed = _fixed_site(target if rows_launch else launch, "target" if rows_launch else "launch")
    wcodes, words = _per_row(weapon, rows, "weapon")
    candidates = []
    for word in words:  # each distinct word resolved once (an unknown word stops here)
        weapons = _candidates(word)
        candidates.append((weapons, _family_siblings(word, weapons)))
    pick, where = _groups(rows, [wcodes])
    m = len(pick)
    lat, lon, r = rows.lat[pick], rows.lon[pick], rows.radius[pick]
    r_fixed = effective_radius(fixed)
    if rows_launch:
        d = _geodesic_distance(lat, lon, fixed.lat, fixed.lon) if m else np.zeros(0)
        r_launch, r_target = r, np.full(m, r_fixed)
    else:
        d = _geodesic_distance(fixed.lat, fixed.lon, lat, lon) if m else np.zeros(0)
        r_launch, r_target = np.full(m, r_fixed), r
    lo, hi = _bounds(d, r_launch, r_target)
    code = np.zeros(m, dtype=np.int8)
    margin = np.full(m, np.nan)
    centre = np.zeros(m, dtype=np.int8)
    sure, possible, decides = np.full(m, np.nan), np.full(m, np.nan), np.full(m, np.nan)
    group = wcodes[pick]
    for g, (weapons, siblings) in enumerate(candidates):
        sel = np.flatnonzero(group == g)
        if not len(sel):
            continue
        lmin, top = weapon_arrays(weapons)
        smin, smax = weapon_arrays(siblings)
        ranges: dict[str, Any] = {"named": words[g] is not None, "sibling_min_m": smin,
                                  "sibling_max_m": smax}
        j = range_judgement(d[sel], r_launch[sel], r_target[sel], lmin, top, grade=False,
                            **ranges)
        code[sel], margin[sel], centre[sel] = j.code, j.margin, j.centre_code
        if graded:
            sure[sel], possible[sel] = _shares_of_decided(j.code)
            at = sel[j.code == 0]  # only an undecided row has shares inside (0, 1)
            if len(at):
                jj = range_judgement(d[at], r_launch[at], r_target[at], lmin, top, **ranges)
                sure[at], possible[at] = jj.sure, jj.possible
                decides[at] = jj.decide_launch if rows_launch else jj.decide_target
    columns: dict[str, tuple[np.ndarray, Any]] = {
        "verdict": (_names(code), None), "min_m": (lo, np.nan), "max_m": (hi, np.nan),
        "margin": (margin, np.nan), "distance_m": (d, np.nan)}
    if graded:
        columns.update(_grades(sure, possible, centre, decides))
    text = None
    if explain:
        def build(i: int) -> CheckResult:
            row, word = rows.site(i), words[int(wcodes[i])]
            return (check_range(row, fixed, weapon=word) if rows_launch
                    else check_range(fixed, row, weapon=word))

        text = _explain(rows, where >= 0, build, "explaining range checks")
    return _frame(rows, where, columns, text)


# ----------------------------------------------------------------------------------- direction
def direction_check(events: Any, direction: Any, *, reference: Any = None, site: Any = None,
                    half_width_deg: float | None = None, min_m: float = 0.0,
                    max_m: float | None = None, graded: bool = True,
                    explain: bool = False) -> Any:
    """Judge "each row is <direction> of ``reference``" (or "``site`` is <direction> of each row").

    The vectorized :func:`~geoverify.checks.direction.check_direction`.

    Parameters
    ----------
    events
        An event frame (see the module), or a dask-geopandas one.
    direction : str, float or pandas Series
        A compass word ("north-east", "ENE", Arabic words) or degrees; a Series for one per row.
    reference, site : Site or str
        Exactly one: the fixed reference the rows are described from, or the fixed site
        described from each row.
    half_width_deg, min_m, max_m
        As :func:`~geoverify.checks.direction.check_direction` (one for all rows).
    graded, explain
        Add the graded answers / the scalar check's sentence (see the module).

    Returns
    -------
    pandas.DataFrame
        :data:`CHECK_COLUMNS` (``margin`` in degrees: the bearing's slack to the sector's
        edge, NaN when any bearing is possible), ``distance_m``, ``azimuth_deg``,
        ``spread_deg``, ``direction_verdict``, ``distance_verdict`` (None without a distance
        condition), then :data:`GRADED_COLUMNS` (the share is of the described site's disc).
    """
    if (reference is None) == (site is None):
        raise CheckError("direction_check: give reference= (the rows are the sites described) "
                         "or site= (the rows are the references)")
    options = {"reference": reference, "site": site, "half_width_deg": half_width_deg,
               "min_m": min_m, "max_m": max_m, "graded": graded, "explain": explain}
    if _is_dask(events):
        return _on_partitions(direction_check, events, {"direction": direction}, options)
    from geoverify.checks._support import effective_radius
    from geoverify.checks.direction import check_direction, claimed_sector
    from geoverify.checks.rules import (
        direction_decide_radius,
        direction_judgement,
        direction_share,
    )

    lower = float(min_m or 0.0)
    upper = float("inf") if max_m is None else float(max_m)
    if lower < 0 or upper < lower:
        raise CheckError(f"direction check: need 0 <= min_m <= max_m (got {min_m!r}, {max_m!r})")
    rows = _rows(events, "direction_check")
    rows_site = reference is not None
    fixed = _fixed_site(reference if rows_site else site, "reference" if rows_site else "site")
    dcodes, words = _per_row(direction, rows, "direction")
    sectors = [claimed_sector(w, half_width_deg) if w is not None else (np.nan, np.nan, "")
               for w in words]
    usable = rows.ok & np.array([w is not None for w in words], dtype=bool)[dcodes]
    pick, where = _groups(rows, [dcodes], usable)
    m = len(pick)
    centre_az = np.array([s[0] for s in sectors], dtype=np.float64)[dcodes[pick]]
    half = np.array([s[1] for s in sectors], dtype=np.float64)[dcodes[pick]]
    lat, lon, r = rows.lat[pick], rows.lon[pick], rows.radius[pick]
    r_fixed = np.full(m, effective_radius(fixed))
    if rows_site:
        geometry = (np.full(m, fixed.lat), np.full(m, fixed.lon), r_fixed, lat, lon, r)
        r_site, r_ref = r, r_fixed
    else:
        geometry = (lat, lon, r, np.full(m, fixed.lat), np.full(m, fixed.lon), r_fixed)
        r_site, r_ref = r_fixed, r
    if m:
        j = direction_judgement(*geometry, centre_az, half, lower, upper)
        az, spread, d = j.azimuth_deg, j.spread_deg, j.distance_m
        lo, hi, code = j.lo, j.hi, j.code
        dir_code, dist_code, centre, margin = (j.direction_code, j.distance_code, j.centre_code,
                                               j.direction_margin)
    else:
        az = spread = d = lo = hi = margin = np.zeros(0)
        code = dir_code = dist_code = centre = np.zeros(0, dtype=np.int8)
    has_limit = max_m is not None or lower > 0
    columns: dict[str, tuple[np.ndarray, Any]] = {
        "verdict": (_names(code), None), "min_m": (lo, np.nan), "max_m": (hi, np.nan),
        "margin": (margin, np.nan), "distance_m": (d, np.nan), "azimuth_deg": (az, np.nan),
        "spread_deg": (spread, np.nan), "direction_verdict": (_names(dir_code), None),
        "distance_verdict": (_names(dist_code) if has_limit else np.full(m, None, dtype=object),
                             None)}
    if graded:
        sure, possible = _shares_of_decided(code)
        decides = np.full(m, np.nan)
        undecided = np.flatnonzero(code == 0)
        for start in range(0, len(undecided), _QUADRATURE_ROWS):
            at = undecided[start:start + _QUADRATURE_ROWS]
            sure[at], possible[at] = direction_share(d[at], az[at], r_site[at], r_ref[at],
                                                     centre_az[at], half[at], lower, upper,
                                                     code[at])
        if len(undecided):
            at = undecided
            g = [part[at] for part in geometry]
            decides[at] = direction_decide_radius(
                g[0], g[1], g[2], g[3], g[4], g[5], centre_az[at], half[at], lower, upper,
                which="site" if rows_site else "reference")
        columns.update(_grades(sure, possible, centre, decides))
    text = None
    if explain:
        def build(i: int) -> CheckResult:
            row, word = rows.site(i), words[int(dcodes[i])]
            described, ref = (row, fixed) if rows_site else (fixed, row)
            return check_direction(described, ref, direction=word,
                                   half_width_deg=half_width_deg, max_m=max_m, min_m=min_m)

        text = _explain(rows, where >= 0, build, "explaining direction checks")
    return _frame(rows, where, columns, text)


# ----------------------------------------------------------------------------------- distances
def _interval_columns(rows: _Rows, pick: np.ndarray, d: np.ndarray, r_subject: np.ndarray,
                      r_other: np.ndarray, lo: np.ndarray, hi: np.ndarray, lower: np.ndarray,
                      upper: np.ndarray, graded: bool) -> dict[str, tuple[np.ndarray, Any]]:
    """Return the columns of an interval rule on a distance (proximity, stated distance)."""
    from geoverify.checks.rules import interval_decide_radius, interval_rule, interval_share

    code, margin = interval_rule(lo, hi, lower, upper)
    columns: dict[str, tuple[np.ndarray, Any]] = {
        "verdict": (_names(code), None), "min_m": (lo, np.nan), "max_m": (hi, np.nan),
        "margin": (margin, np.nan), "distance_m": (d, np.nan)}
    if graded:
        sure, possible = _shares_of_decided(code)
        decides = np.full(len(pick), np.nan)
        at = np.flatnonzero(code == 0)
        if len(at):
            sure[at], possible[at] = interval_share(d[at], r_subject[at], r_other[at],
                                                    lower[at], upper[at], code[at])
            decides[at] = interval_decide_radius(d[at], r_subject[at], r_other[at], lower[at],
                                                 upper[at])
        centre, _ = interval_rule(d, d, lower, upper)
        columns.update(_grades(sure, possible, centre, decides))
    return columns


def _combined(rows: _Rows, parts: list[tuple[np.ndarray, list[Any]]]
              ) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """Return codes of the distinct combinations of several per-row values, and the combos."""
    if len(parts) == 1:
        codes, values = parts[0]
        return codes, [(v,) for v in values]
    first, key = _distinct([codes for codes, _ in parts])
    combos = [tuple(values[int(codes[i])] for codes, values in parts) for i in first]
    return key, combos


def proximity_check(events: Any, place: Any, *, relation: Any = "near", place_kind: Any = None,
                    threshold_m: Any = None, graded: bool = True, explain: bool = False) -> Any:
    """Judge "each row is <relation> ``place``" ("near", "in", "on the outskirts of"...).

    The vectorized :func:`~geoverify.checks.proximity.check_proximity` (the row is the site,
    ``place`` the named place). "in" a place drawn as an area (an area site, with no
    ``threshold_m``) is judged by containment in that area, as the scalar check does.

    Parameters
    ----------
    events
        An event frame (see the module), or a dask-geopandas one.
    place : Site or str
        The named place (a text is coordinates or a place name).
    relation, place_kind, threshold_m
        As :func:`~geoverify.checks.proximity.check_proximity`: one for all rows, or each a
        Series for one per row.
    graded, explain
        Add the graded answers / the scalar check's sentence (see the module).

    Returns
    -------
    pandas.DataFrame
        :data:`CHECK_COLUMNS`, ``distance_m``, ``limit_min_m``, ``limit_max_m`` (the distances
        the relation allows; NaN for "in" an area), then :data:`GRADED_COLUMNS` (the share is
        of the row's disc); ``margin`` in metres.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from geoverify.sites import Site
    >>> events = gpd.GeoDataFrame({"uncertainty_m": [300.0, 300.0]},
    ...     geometry=gpd.points_from_xy([40.56, 40.80], [34.97, 35.10]), crs="EPSG:4326")
    >>> quriyah = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
    >>> proximity_check(events, quriyah, place_kind="town")["verdict"].tolist()
    ['consistent', 'inconsistent']
    """
    options = {"graded": graded, "explain": explain}
    per_row = {"place": place, "relation": relation, "place_kind": place_kind,
               "threshold_m": threshold_m}
    if _is_dask(events):
        return _on_partitions(proximity_check, events,
                              {k: v for k, v in per_row.items() if k != "place"},
                              {**options, "place": place})
    from geoverify.checks._support import effective_radius
    from geoverify.checks.proximity import check_proximity, proximity_limits

    rows = _rows(events, "proximity_check")
    fixed = _fixed_site(place, "place")
    parts = [_per_row(v, rows, k) for k, v in per_row.items() if k != "place"]
    key, combos = _combined(rows, parts)
    limits: list[tuple[bool, float, float] | None] = []
    for rel, kind, threshold in combos:
        if rel is None:
            limits.append(None)
            continue
        thr = None if threshold is None else float(threshold)
        name, lower, upper = proximity_limits(rel, kind, thr)
        limits.append((name == "in" and fixed.area is not None and thr is None, lower, upper))
    judged = rows.ok & np.array([lim is not None for lim in limits], dtype=bool)[key]
    pick, where = _groups(rows, [key], judged)
    m = len(pick)
    lat, lon, r = rows.lat[pick], rows.lon[pick], rows.radius[pick]
    combo = key[pick]
    in_area = np.array([bool(lim and lim[0]) for lim in limits], dtype=bool)[combo]
    lower = np.array([lim[1] if lim else np.nan for lim in limits], dtype=np.float64)[combo]
    upper = np.array([lim[2] if lim else np.nan for lim in limits], dtype=np.float64)[combo]
    r_place = np.full(m, effective_radius(fixed))
    d = _geodesic_distance(fixed.lat, fixed.lon, lat, lon) if m else np.zeros(0)
    lo, hi = _bounds(d, r_place, r)
    columns = _interval_columns(rows, pick, d, r, r_place, lo, hi, lower, upper, graded)
    columns["limit_min_m"] = (np.where(in_area, np.nan, lower), np.nan)
    columns["limit_max_m"] = (np.where(in_area, np.nan, upper), np.nan)
    if in_area.any():
        _judge_in_area(fixed, lat, lon, r, np.flatnonzero(in_area), columns, graded)
    order = [*CHECK_COLUMNS, "distance_m", "limit_min_m", "limit_max_m",
             *(GRADED_COLUMNS if graded else ())]
    columns = {name: columns[name] for name in order}
    text = None
    if explain:
        def build(i: int) -> CheckResult:
            rel, kind, threshold = combos[int(key[i])]
            return check_proximity(rows.site(i), fixed, relation=rel, place_kind=kind,
                                   threshold_m=None if threshold is None else float(threshold))

        text = _explain(rows, where >= 0, build, "explaining proximity checks")
    return _frame(rows, where, columns, text)


def _judge_in_area(place: Site, lat: np.ndarray, lon: np.ndarray, radius: np.ndarray,
                   at: np.ndarray, columns: dict[str, tuple[np.ndarray, Any]],
                   graded: bool) -> None:
    """Judge "in" an area place for rows ``at`` (as the scalar check's area path), in place.

    The place's area is drawn in its own azimuthal-equidistant projection; each row's circle
    (a 256-gon 1.0002 times its radius, built about the origin and moved to the row's
    projected point, exactly as the scalar check builds it) is tested for containment.
    """
    import shapely

    from geoverify.checks.control import _projector, _site_region
    from geoverify.checks.rules import agree

    transformer = _projector(place)
    area = _site_region(place, transformer)
    x, y = transformer.transform(lon[at], lat[at])
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    points = shapely.points(x, y)
    regions = points.copy()
    wide = radius[at] > 1e-6
    if wide.any():
        origin = shapely.points(np.zeros((int(wide.sum()), 2)))
        circles = shapely.buffer(origin, radius[at][wide] * 1.0002, quad_segs=64)
        xy = shapely.get_coordinates(circles)
        counts = shapely.get_num_coordinates(circles)
        xoff, yoff = np.repeat(x[wide], counts), np.repeat(y[wide], counts)
        # shapely.affinity.translate's own arithmetic: 1 * x + 0 * y + xoff
        moved = np.column_stack([1.0 * xy[:, 0] + 0.0 * xy[:, 1] + xoff,
                                 0.0 * xy[:, 0] + 1.0 * xy[:, 1] + yoff])
        rings = shapely.linearrings(moved, indices=np.repeat(np.arange(len(counts)), counts))
        regions[wide] = shapely.polygons(rings)
    inside = shapely.contains(area, regions)
    apart = ~inside & ~shapely.intersects(area, regions)
    code = np.where(inside, 1, np.where(apart, -1, 0)).astype(np.int8)
    margin = np.where(inside, shapely.distance(area.boundary, regions),
                      np.where(apart, -shapely.distance(area, regions), np.nan))
    columns["verdict"][0][at] = _names(code)
    columns["margin"][0][at] = margin
    if not graded:
        return
    region_area = shapely.area(regions)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(region_area > 0,
                         shapely.area(shapely.intersection(area, regions))
                         / np.where(region_area > 0, region_area, 1.0),
                         np.where(shapely.intersects(area, regions), 1.0, 0.0))
    sure, possible = agree(code, share, share, region_area <= 0)
    columns["share_sure"][0][at] = sure
    columns["share_possible"][0][at] = possible
    columns["centre_verdict"][0][at] = np.where(shapely.intersects(area, points), "consistent",
                                                "inconsistent")
    decides = np.full(len(at), np.nan)
    undecided = np.flatnonzero(code == 0)
    if len(undecided):
        edge = shapely.distance(area.boundary, points[undecided]) / 1.0002
        rad = edge * (1 - 1e-9) - 1e-6
        fine = rad > 1e-6
        trial = shapely.buffer(points[undecided][fine], rad[fine] * 1.0002, quad_segs=64)
        decided = shapely.contains(area, trial) | ~shapely.intersects(area, trial)
        hit = undecided[fine][decided]
        decides[hit] = rad[fine][decided]
    columns["decides_if_m"][0][at] = decides


def stated_distance_check(events: Any, site: Any, stated_m: Any, *, qualifier: Any = "about",
                          tolerance: float | None = None, graded: bool = True,
                          explain: bool = False) -> Any:
    """Judge "each row is <qualifier> ``stated_m`` from ``site``" ("about 5 km away").

    The vectorized :func:`~geoverify.checks.stated_distance.check_stated_distance` with the
    row as ``a`` (the site the distance is stated of) and ``site`` as ``b``.

    Parameters
    ----------
    events
        An event frame (see the module), or a dask-geopandas one.
    site : Site or str
        The site the distance is measured from.
    stated_m, qualifier : float / str, or a pandas Series
        The distance stated (metres) and how ("about", "exactly", "more than"...): one for
        all rows, or a Series for one per row.
    tolerance : float, optional
        Relative tolerance replacing the qualifier's default (one for all rows).
    graded, explain
        Add the graded answers / the scalar check's sentence (see the module).

    Returns
    -------
    pandas.DataFrame
        :data:`CHECK_COLUMNS`, ``distance_m``, ``allowed_min_m``, ``allowed_max_m``, then
        :data:`GRADED_COLUMNS` (the share is of the row's disc); ``margin`` in metres.
    """
    options = {"site": site, "tolerance": tolerance, "graded": graded, "explain": explain}
    if _is_dask(events):
        return _on_partitions(stated_distance_check, events,
                              {"stated_m": stated_m, "qualifier": qualifier}, options)
    from geoverify.checks._support import effective_radius
    from geoverify.checks.stated_distance import check_stated_distance, stated_limits

    rows = _rows(events, "stated_distance_check")
    fixed = _fixed_site(site, "site")
    key, combos = _combined(rows, [_per_row(stated_m, rows, "stated_m"),
                                   _per_row(qualifier, rows, "qualifier")])
    limits = [stated_limits(s, q if q is not None else "", tolerance)[:2] if s is not None
              else None for s, q in combos]
    judged = rows.ok & np.array([lim is not None for lim in limits], dtype=bool)[key]
    pick, where = _groups(rows, [key], judged)
    m = len(pick)
    lat, lon, r = rows.lat[pick], rows.lon[pick], rows.radius[pick]
    lower = np.array([lim[0] if lim else np.nan for lim in limits], dtype=np.float64)[key[pick]]
    upper = np.array([lim[1] if lim else np.nan for lim in limits], dtype=np.float64)[key[pick]]
    r_b = np.full(m, effective_radius(fixed))
    d = _geodesic_distance(lat, lon, fixed.lat, fixed.lon) if m else np.zeros(0)
    lo, hi = _bounds(d, r, r_b)
    columns = _interval_columns(rows, pick, d, r, r_b, lo, hi, lower, upper, graded)
    columns["allowed_min_m"] = (lower, np.nan)
    columns["allowed_max_m"] = (upper, np.nan)
    order = [*CHECK_COLUMNS, "distance_m", "allowed_min_m", "allowed_max_m",
             *(GRADED_COLUMNS if graded else ())]
    columns = {name: columns[name] for name in order}
    text = None
    if explain:
        def build(i: int) -> CheckResult:
            stated, qual = combos[int(key[i])]
            return check_stated_distance(rows.site(i), fixed, stated_m=stated,
                                         qualifier=qual if qual is not None else "",
                                         tolerance=tolerance)

        text = _explain(rows, where >= 0, build, "explaining stated distances")
    return _frame(rows, where, columns, text)


# ----------------------------------------------------------------------------------- time
def _interval_micros(rows: _Rows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (start, end, known): each row's ``time_start`` / ``time_end`` in UTC microseconds."""
    import pandas as pd

    frame = rows.frame
    missing = [c for c in ("time_start", "time_end") if c not in frame.columns]
    if missing:
        raise CheckError(f"the events have no {' or '.join(missing)} column (read them with "
                         "read_events, or add aware times)")
    out, known = [], np.ones(rows.n, dtype=bool)
    for name in ("time_start", "time_end"):
        try:
            stamps = pd.to_datetime(frame[name], utc=True)
        except (TypeError, ValueError) as exc:
            raise CheckError(f"{name}: not times ({exc})") from None
        na = stamps.isna().to_numpy()
        micro = stamps.dt.as_unit("us").astype("int64").to_numpy()
        out.append(np.where(na, 0, micro).astype(np.int64))
        known &= ~na
    return out[0], out[1], known & (out[1] >= out[0])


def _seconds(micro: np.ndarray) -> np.ndarray:
    """Return UTC seconds as ``datetime.timestamp()`` gives them (whole microseconds / 1e6)."""
    return np.asarray(micro, dtype=np.int64).astype(np.float64) / 1e6


def _row_zones(rows: _Rows, zone: Any) -> tuple[np.ndarray, list[Any]]:
    """Return per-row zone codes and the distinct zones (None: the interval's own, UTC)."""
    import pandas as pd

    if isinstance(zone, str) and zone == "country":
        from geoverify.events.codes import country_zones

        single = {cc: z[0] for cc, z in country_zones().items() if len(z) == 1}
        if "country" in rows.frame.columns:
            country = rows.frame["country"].astype(object)
            mapped = country.map(lambda c: single.get(c.upper()) if isinstance(c, str) else None)
            zone = pd.Series(mapped.to_numpy(dtype=object), index=rows.index, dtype=object)
        else:
            zone = None
    return _per_row(zone, rows, "zone")


def daylight_check(events: Any, claimed: Any, *, zone: Any = "country",
                   explain: bool = False) -> Any:
    """Judge a claimed time of day ("morning", "at night"...) on every row's point and interval.

    The vectorized :func:`~geoverify.checks.daylight.daylight`, with the row's site and its
    interval from ``time_start`` to ``time_end`` (as the scalar check is given it: a closed
    interval, sampled as the scalar check samples it, every 30 s or in at most 4,000 steps).

    Parameters
    ----------
    events
        An event frame with ``time_start`` / ``time_end`` (see the module), or a dask one.
    claimed : str or pandas Series
        The claimed part of the day (:data:`geoverify.checks.daylight.PARTS_OF_DAY` or a
        synonym): one for all rows, or a Series for one per row.
    zone : "country", str, None or pandas Series
        The claim's local clock (for "morning", "afternoon", "noon"): ``"country"`` (the
        default) takes the zone of the row's ``country`` when that country has one zone
        (Syria: Asia/Damascus) and UTC otherwise; an IANA zone for all rows; None for UTC
        (the zone of the events' times); a Series for one per row.
    explain
        Add the scalar check's sentence.

    Returns
    -------
    pandas.DataFrame
        :data:`CHECK_COLUMNS` (``min_m``/``max_m`` NaN; ``margin`` in minutes, NaN when
        inconclusive), ``sun_elevation_min_deg``, ``sun_elevation_max_deg``,
        ``fits_fraction``, ``may_fit_fraction`` (of the interval's samples).

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> start = pd.Series(pd.to_datetime(["2022-01-05T01:00Z", "2022-01-05T10:00Z"]))
    >>> events = gpd.GeoDataFrame({"uncertainty_m": [1500.0, 1500.0], "time_start": start,
    ...     "time_end": start + pd.Timedelta(minutes=30), "country": "SY"},
    ...     geometry=gpd.points_from_xy([40.54139] * 2, [34.95629] * 2), crs="EPSG:4326")
    >>> daylight_check(events, "at night")[["verdict", "margin"]].round(1)
            verdict  margin
    0    consistent   117.0
    1  inconsistent  -230.0
    """
    options = {"explain": explain}
    if _is_dask(events):
        return _on_partitions(daylight_check, events, {"claimed": claimed, "zone": zone},
                              options)
    from geoverify.checks.daylight import daylight_many, part_of_day

    rows = _rows(events, "daylight_check")
    start, end, known = _interval_micros(rows)
    pcodes, words = _per_row(claimed, rows, "claimed")
    parts = [part_of_day(w) if w is not None else None for w in words]
    zcodes, zones = _row_zones(rows, zone)
    tzs = [_zone(z) for z in zones]
    usable = rows.ok & known & np.array([p is not None for p in parts], dtype=bool)[pcodes]
    pick, where = _groups(rows, [pcodes, zcodes, start, end], usable)
    m = len(pick)
    sun = _Sun(rows.lat[pick], rows.lon[pick], rows.radius[pick], pcodes[pick], parts,
               zcodes[pick], tzs)
    every = np.arange(m)
    states = sun.states(every, _seconds(start[pick]), _seconds(end[pick]), 4000, 30.0)
    code = np.where(states.minimum == 2, 1, np.where(states.maximum == 0, -1, 0)).astype(
        np.int8)
    margin = sun.margins(start[pick], end[pick], code)
    with np.errstate(invalid="ignore", divide="ignore"):
        fits, may = states.fits / states.count, states.may / states.count
    columns: dict[str, tuple[np.ndarray, Any]] = {
        "verdict": (_names(code), None), "min_m": (np.full(m, np.nan), np.nan),
        "max_m": (np.full(m, np.nan), np.nan), "margin": (margin, np.nan),
        "sun_elevation_min_deg": (states.elev_min, np.nan),
        "sun_elevation_max_deg": (states.elev_max, np.nan),
        "fits_fraction": (fits, np.nan), "may_fit_fraction": (may, np.nan)}
    text = None
    if explain:
        text = np.full(rows.n, None, dtype=object)
        judged = np.flatnonzero(where >= 0)
        for begin in range(0, len(judged), 2000):
            at = judged[begin:begin + 2000]
            items = [(rows.site(int(i)), _time_interval(int(start[i]), int(end[i])),
                      words[int(pcodes[i])], zones[int(zcodes[i])]) for i in at]
            for i, result in zip(at, daylight_many(items), strict=True):
                text[i] = getattr(result, "explanation", None)
    return _frame(rows, where, columns, text)


def _zone(name: Any) -> Any:
    """Return the tzinfo of a zone name (None: the interval's own zone, UTC)."""
    from datetime import UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name is None:
        return UTC
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise CheckError(f"daylight: unknown time zone {name!r}") from None


def _time_interval(start_us: int, end_us: int) -> Any:
    """Return the TimeInterval of UTC microseconds (aware datetimes in UTC)."""
    from datetime import UTC, datetime, timedelta

    from geoverify.times import TimeInterval

    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return TimeInterval(epoch + timedelta(microseconds=start_us),
                        epoch + timedelta(microseconds=end_us))


@dataclass(frozen=True)
class _States:
    """Per row: the smallest and largest sample state, elevation range, counts of samples."""

    minimum: np.ndarray
    maximum: np.ndarray
    elev_min: np.ndarray
    elev_max: np.ndarray
    fits: np.ndarray
    may: np.ndarray
    count: np.ndarray


def _sample_counts(start: np.ndarray, end: np.ndarray, max_samples: int,
                   min_step_s: float) -> np.ndarray:
    """Return the samples ``daylight._sample_times`` takes of each interval (UTC seconds)."""
    span = end - start
    with np.errstate(invalid="ignore", divide="ignore"):
        step = np.where(span > 0, np.maximum(min_step_s, span / max_samples), min_step_s)
        count = np.where(span > 0, np.maximum(1, np.ceil(span / step) + 1), 1)
    return count.astype(np.int64)


def _sample_times(start: np.ndarray, end: np.ndarray, max_samples: int,
                  min_step_s: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (times, samples per interval, real step) as ``daylight._sample_times`` does.

    The times are ``numpy.linspace``'s own arithmetic (``k * step + start``, the last one
    ``start + span``), so every sample equals the scalar check's.

    >>> t, count, step = _sample_times(np.array([0.0, 100.0]), np.array([90.0, 100.0]), 4000, 30.0)
    >>> t.tolist(), count.tolist(), step.tolist()
    ([0.0, 30.0, 60.0, 90.0, 100.0], [4, 1], [30.0, 0.0])
    """
    count = _sample_counts(start, end, max_samples, min_step_s)
    span = end - start
    div = np.maximum(count - 1, 1).astype(np.float64)
    real_step = np.where(count > 1, span / div, 0.0)
    stop = start + span
    delta = stop - start
    lin_step = delta / div
    row = np.repeat(np.arange(len(start)), count)
    first = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    k = (np.arange(int(count.sum())) - np.repeat(first, count)).astype(np.float64)
    zero = lin_step[row] == 0  # numpy.linspace's branch for a step that underflows
    with np.errstate(invalid="ignore"):
        unix = np.where(zero, k / div[row] * delta[row], k * lin_step[row]) + start[row]
    many = count > 1
    unix[(first + count - 1)[many]] = stop[many]
    return unix, count, real_step


class _Sun:
    """The daylight check's sampling and judgement on many rows, in array passes.

    Each step is the scalar check's (:mod:`geoverify.checks.daylight`): the same sample times,
    the same widening of the sun's elevation and hour angle by the site's radius and half a
    step, the same clocks; the samples of many rows go to one call of
    :func:`geoverify.sun.solar_position`. Rows are positions in the arrays given here.
    """

    def __init__(self, lat: np.ndarray, lon: np.ndarray, radius: np.ndarray,
                 part_codes: np.ndarray, parts: list[Any], zone_codes: np.ndarray,
                 tzs: list[Any]) -> None:
        from geoverify.checks.daylight import angular_uncertainty_deg

        self.lat, self.lon = lat, lon
        self.part_codes, self.parts = part_codes, parts
        self.zone_codes, self.tzs = zone_codes, tzs
        # per distinct value, with the scalar check's own (math module) functions
        self.angle = _each(radius, angular_uncertainty_deg)
        self.cos_lat = _each(lat, lambda v: max(math.cos(math.radians(v)), 1e-6))
        self._offsets: dict[tuple[int, float], float] = {}

    def _offset(self, zone: int, t: float) -> float:
        """Return the zone's UTC offset (seconds) at ``t``, as ``daylight._clock_hours``."""
        from datetime import UTC, datetime

        key = (zone, t)
        found = self._offsets.get(key)
        if found is None:
            delta = datetime.fromtimestamp(t, tz=UTC).astimezone(self.tzs[zone]).utcoffset()
            found = delta.total_seconds() if delta is not None else 0.0
            self._offsets[key] = found
        return found

    def _offsets_at(self, zone: np.ndarray, t: np.ndarray) -> np.ndarray:
        first, inverse = _distinct([zone, t])
        each = np.array([self._offset(int(zone[i]), float(t[i])) for i in first],
                        dtype=np.float64)
        return each[inverse] if len(t) else np.zeros(0)

    def _clock_hours(self, rows: np.ndarray, unix: np.ndarray, count: np.ndarray,
                     first: np.ndarray) -> np.ndarray:
        """Return local clock hours per sample (one offset per row unless it changes inside)."""
        zone = self.zone_codes[rows]
        last = first + count - 1
        at_first = self._offsets_at(zone, unix[first])
        at_last = self._offsets_at(zone, unix[last])
        offsets = np.repeat(at_first, count)
        for i in np.flatnonzero(at_first != at_last):  # a clock change inside (rare)
            seg = slice(int(first[i]), int(first[i] + count[i]))
            offsets[seg] = self._offsets_at(np.full(int(count[i]), zone[i]), unix[seg])
        return np.asarray(((unix + offsets) % 86400.0) / 3600.0)

    def _passes(self, rows: np.ndarray, start: np.ndarray, end: np.ndarray, max_samples: int,
                min_step_s: float) -> Any:
        """Yield ``(at, times, counts, states, elevations, owner)`` in bounded passes.

        ``at`` are positions in ``rows``; ``owner`` gives each sample's position in ``at``.
        """
        from geoverify.checks.daylight import _states
        from geoverify.sun import solar_position

        ends = np.cumsum(_sample_counts(start, end, max_samples, min_step_s))
        begin = 0
        while begin < len(rows):
            done = ends[begin - 1] if begin else 0
            stop = max(int(np.searchsorted(ends, done + _SUN_SAMPLES, side="right")), begin + 1)
            at = np.arange(begin, stop)
            begin = stop
            mine = rows[at]
            unix, count, step = _sample_times(start[at], end[at], max_samples, min_step_s)
            owner = np.repeat(np.arange(len(at)), count)
            who = mine[owner]
            pos = solar_position(self.lat[who], self.lon[who],
                                 (unix * 1e3).astype("int64").astype("datetime64[ms]"))
            elev = np.asarray(pos.elevation_deg, dtype=float).reshape(-1)
            hour = np.asarray(pos.hour_angle_deg, dtype=float).reshape(-1)
            pad = 0.25 * (step / 60.0) / 2.0
            angle = self.angle[mine]
            d_hour = np.minimum(180.0, angle / self.cos_lat[mine]) + pad
            first = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
            clock = self._clock_hours(mine, unix, count, first)
            states = np.zeros(len(unix), dtype=np.int64)
            part_of = self.part_codes[who]
            for code in np.unique(part_of):
                sel = part_of == code
                states[sel] = _states(self.parts[int(code)], elev[sel], (angle + pad)[owner][sel],
                                      hour[sel], d_hour[owner][sel], clock[sel],
                                      (step / 7200.0)[owner][sel])
            yield at, unix, count, states, elev, owner

    def states(self, rows: np.ndarray, start: np.ndarray, end: np.ndarray, max_samples: int,
               min_step_s: float) -> _States:
        """Return each row's state range, elevation range and sample counts over its interval."""
        n = len(rows)
        out = _States(np.zeros(n, np.int64), np.zeros(n, np.int64), np.full(n, np.nan),
                      np.full(n, np.nan), np.zeros(n), np.zeros(n), np.zeros(n))
        for at, _, count, states, elev, _ in self._passes(rows, start, end, max_samples,
                                                          min_step_s):
            first = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
            out.minimum[at] = np.minimum.reduceat(states, first)
            out.maximum[at] = np.maximum.reduceat(states, first)
            out.elev_min[at] = np.minimum.reduceat(elev, first)
            out.elev_max[at] = np.maximum.reduceat(elev, first)
            out.fits[at] = np.add.reduceat((states == 2).astype(np.int64), first)
            out.may[at] = np.add.reduceat((states >= 1).astype(np.int64), first)
            out.count[at] = count
        return out

    def margins(self, start_us: np.ndarray, end_us: np.ndarray, code: np.ndarray) -> np.ndarray:
        """Return the scalar check's margins (minutes) of the decided rows, NaN elsewhere.

        The sun over the interval widened by 12 h either side (at most 3,000 samples, 60 s
        apart at the finest): how far the nearest sample outside the interval that breaks
        (consistent) or may fit (inconsistent) lies, capped at 12 h.
        """
        out = np.full(len(code), np.nan)
        rows = np.flatnonzero(code != 0)
        if not len(rows):
            return out
        s0, s1 = _seconds(start_us[rows]), _seconds(end_us[rows])
        wide0 = _seconds(start_us[rows] - 43_200_000_000)
        wide1 = _seconds(end_us[rows] + 43_200_000_000)
        for at, unix, count, states, _, owner in self._passes(rows, wide0, wide1, 3000, 60.0):
            a, b = s0[at][owner], s1[at][owner]
            consistent = code[rows[at]] == 1
            outside = (unix < a) | (unix > b)
            dist = np.where(unix < a, a - unix, unix - b) / 60.0
            counted = outside & np.where(consistent[owner], states < 2, states >= 1)
            first = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
            nearest = np.minimum.reduceat(np.where(counted, dist, np.inf), first)
            found = np.where(np.isfinite(nearest), nearest, 720.0)
            out[rows[at]] = np.where(consistent, found, -found)
        return out


def _each(values: np.ndarray, func: Callable[[float], float]) -> np.ndarray:
    """Return ``func`` of each value, computed once per distinct value (a Python function)."""
    first, inverse = _distinct([values])
    done = np.array([func(float(values[i])) for i in first], dtype=np.float64)
    return done[inverse] if len(values) else np.zeros(0)


# ----------------------------------------------------------------------------------- control
def control_check(events: Any, actor: Any, layers: Any, *,
                  boundary_tolerance_m: float = 1000.0, explain: bool = False) -> Any:
    """Judge "each row's site was held by ``actor`` at the row's time" against control layers.

    The :func:`~geoverify.checks.control.check_control` of each row (its site, and its interval
    from ``time_start`` to ``time_end``), run once per distinct (point, radius, actor, and
    which of the layers' areas are valid throughout / at some moment of the row's time): the
    polygons are measured in a projection centred on each site, as the scalar check measures
    them, so this check is per distinct site rather than on arrays.

    Parameters
    ----------
    events
        An event frame with ``time_start`` / ``time_end`` (see the module), or a dask one.
    actor : str or pandas Series
        The actor as the layers name it: one for all rows, or a Series for one per row.
    layers
        A control layer (a GeoJSON path or FeatureCollection, or
        :func:`~geoverify.checks.control.load_control_layers`' areas), loaded once.
    boundary_tolerance_m
        As :func:`~geoverify.checks.control.check_control` (default 1 km).
    explain
        Add the scalar check's sentence.

    Returns
    -------
    pandas.DataFrame
        :data:`CHECK_COLUMNS` (``min_m``/``max_m`` NaN; ``margin`` in metres),
        ``clearance_inside_m``, ``clearance_outside_m``, then :data:`GRADED_COLUMNS` (the share
        of the row's disc).
    """
    from geoverify.checks.control import load_control_layers

    areas = load_control_layers(layers)
    options = {"layers": areas, "boundary_tolerance_m": boundary_tolerance_m,
               "explain": explain}
    if _is_dask(events):
        return _on_partitions(control_check, events, {"actor": actor}, options)
    from geoverify.checks.control import check_control
    from geoverify.events._progress import progress

    rows = _rows(events, "control_check")
    start, end, known = _interval_micros(rows)
    acodes, actors = _per_row(actor, rows, "actor")
    for name in actors:
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise CheckError("control check: actor must be a non-empty text")
    usable = rows.ok & known & np.array([a is not None for a in actors], dtype=bool)[acodes]
    # the rule reads the time only through which areas are valid throughout / at some moment
    # of it; the sentence names the day and the site
    extra = [acodes]
    if explain:
        extra += [start, end, _codes(rows.names.astype(str))]
    for area in areas:
        since = -np.inf if area.valid_from is None else area.valid_from.timestamp()
        until = np.inf if area.valid_to is None else area.valid_to.timestamp()
        a, b = _seconds(start), _seconds(end)
        extra.append(((since <= a) & (b <= until)).astype(np.int64))
        extra.append(((since <= b) & (a <= until)).astype(np.int64))
    pick, where = _groups(rows, extra, usable)
    m = len(pick)
    code, centre = np.zeros(m, dtype=np.int8), np.zeros(m, dtype=np.int8)
    margin, inside, outside = np.full(m, np.nan), np.full(m, np.nan), np.full(m, np.nan)
    sure, possible, decides = np.full(m, np.nan), np.full(m, np.nan), np.full(m, np.nan)
    sentences = np.full(m, None, dtype=object)
    codes = {"consistent": 1, "inconclusive": 0, "inconsistent": -1}
    with progress(total=m, desc="control checks", unit="sites") as bar:
        for k, i in enumerate(pick):
            result = check_control(rows.site(int(i)), actor=actors[int(acodes[i])],
                                   when=_time_interval(int(start[i]), int(end[i])),
                                   layers=areas, boundary_tolerance_m=boundary_tolerance_m)
            code[k] = codes[str(result.verdict)]
            margin[k] = _number(result.margin)
            inside[k] = _number(result.values.get("clearance_inside_m"))
            outside[k] = _number(result.values.get("clearance_outside_m"))
            if result.share is not None:
                sure[k], possible[k] = result.share.sure, result.share.possible
            if result.centre_verdict is not None:
                centre[k] = codes[str(result.centre_verdict)]
            decides[k] = next((d.radius_m for d in result.decides_if if d.site == "site"),
                              np.nan)
            sentences[k] = result.explanation
            bar.update(1)
    columns: dict[str, tuple[np.ndarray, Any]] = {
        "verdict": (_names(code), None), "min_m": (np.full(m, np.nan), np.nan),
        "max_m": (np.full(m, np.nan), np.nan), "margin": (margin, np.nan),
        "clearance_inside_m": (inside, np.nan), "clearance_outside_m": (outside, np.nan),
        "share_sure": (sure, np.nan), "share_possible": (possible, np.nan),
        "centre_verdict": (_names(centre), None), "decides_if_m": (decides, np.nan)}
    return _frame(rows, where, columns, _spread(sentences, where, None) if explain else None)


def _number(value: Any) -> float:
    """Return a number, NaN for None (a value the scalar check leaves out)."""
    return float("nan") if value is None else float(value)
