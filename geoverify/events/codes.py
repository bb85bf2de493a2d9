"""Precision codes of event datasets as columns: radii (metres) and date intervals (UTC).

Radii come from :data:`geoverify.sites.PRECISION_RADII_M` (ACLED ``geo_precision``, UCDP
``where_prec``), overridable exactly as :func:`geoverify.sites.precision_radius` documents.
Date codes:

- ACLED ``time_precision`` (:data:`ACLED_TIME_PRECISION`): 1 the source gives the day; 2 it
  gives a week or a weekend; 3 only the month.
- UCDP ``date_prec`` (:data:`geoverify.sites.UCDP_DATE_PRECISION_DAYS`): the interval is the
  row's own ``date_start`` to ``date_end``; the code's span is used only when ``date_end`` is
  missing.

A calendar date is a local day. It becomes a UTC interval through the time zones of the row's
country (tzdata's ``zone.tab``; a country with several zones takes the union of their days,
daylight-saving changes included); a row without a known country takes the widest day on Earth,
UTC-12 to UTC+14. The interval is half-open ``[time_start, time_end)`` and never narrower than
the local day.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from geoverify.errors import GeoverifyError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

__all__ = ["ACLED_TIME_PRECISION", "acled_date_span", "radii_from_codes", "utc_interval",
           "country_zones", "WIDEST_OFFSETS_H"]

#: ACLED ``time_precision`` -> days the event may lie either side of ``event_date``, or
#: ``"month"`` for the calendar month of ``event_date``. geoverify's reading of the codebook
#: (1: the day is known; 2: a week or weekend is known, and whichever of its days ACLED coded,
#: the week lies within 6 days of it; 3: only the month is known, and the coded date lies in
#: it). Override per call with ``read_events(..., time_precision={2: 3})``.
ACLED_TIME_PRECISION: dict[int, float | str] = {1: 0.0, 2: 6.0, 3: "month"}

#: The widest UTC offsets in use (hours): a calendar day anywhere on Earth starts at most 14 h
#: before and ends at most 12 h after the same day in UTC.
WIDEST_OFFSETS_H = (-12.0, 14.0)


def _override_table(base: Mapping[int, Any], overrides: Mapping[Any, Any] | None,
                    what: str) -> dict[int, Any]:
    table: dict[int, Any] = dict(base)
    for code, value in dict(overrides or {}).items():
        try:
            key = int(str(code).strip())
        except ValueError:
            raise GeoverifyError(f"{what}: code {code!r} is not a whole number") from None
        if value != "month":
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise GeoverifyError(f"{what}: code {key}: {value!r} is not a number of days "
                                     "or 'month'") from None
            if not value >= 0:
                raise GeoverifyError(f"{what}: code {key}: {value!r} days must be >= 0")
        table[key] = value
    return table


def acled_date_span(dates: pd.Series, codes: pd.Series,
                    overrides: Mapping[Any, Any] | None = None) -> tuple[pd.Series, pd.Series,
                                                                          pd.Series]:
    """Return ``(first_day, last_day, bad)`` for ACLED dates and ``time_precision`` codes.

    ``dates`` are naive midnight timestamps (the local day); ``bad`` marks codes the table does
    not know (their days are NaT).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.Series(pd.to_datetime(["2022-09-24", "2022-09-24", "2022-09-24"]))
    >>> first, last, bad = acled_date_span(d, pd.Series([1, 2, 3]))
    >>> [str(x.date()) for x in first], [str(x.date()) for x in last], list(bad)
    (['2022-09-24', '2022-09-18', '2022-09-01'], ['2022-09-24', '2022-09-30', '2022-09-30'], \
[False, False, False])
    """
    import numpy as np
    import pandas as pd

    from geoverify.events._values import numbers_by_value

    table = _override_table(ACLED_TIME_PRECISION, overrides, "time_precision")
    num = pd.Series(numbers_by_value(codes), index=codes.index)
    first = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    last = first.copy()
    bad = pd.Series(True, index=dates.index)
    for code, span in table.items():
        sel = (num == code).to_numpy()
        if not sel.any():
            continue
        d = dates[sel]
        if span == "month":
            start = d.dt.to_period("M").dt.start_time
            end = d.dt.to_period("M").dt.end_time.dt.normalize()
        else:
            delta = pd.to_timedelta(np.floor(float(span)), unit="D")
            start, end = d - delta, d + delta
        first[sel] = start.to_numpy()
        last[sel] = end.to_numpy()
        bad[sel] = False
    return first, last, bad


def radii_from_codes(scheme: str, codes: pd.Series,
                     overrides: Mapping[str, Any] | None = None) -> pd.Series:
    """Return the radius (metres) of each precision code, NaN where the code is unknown.

    Uses :func:`geoverify.sites.precision_radius` once per distinct code (so overrides behave
    exactly as there).

    Examples
    --------
    >>> import pandas as pd
    >>> radii_from_codes("acled", pd.Series(["1", 2, "9", None])).tolist()
    [2000.0, 25000.0, nan, nan]
    """
    import numpy as np
    import pandas as pd

    from geoverify.events._values import numbers_by_value
    from geoverify.sites import precision_radius

    num = numbers_by_value(codes)
    out = np.full(len(num), np.nan)
    for code in np.unique(num[~np.isnan(num)]):
        if float(code) != int(code):
            continue
        try:
            radius = precision_radius(scheme, int(code), overrides=overrides)
        except GeoverifyError as exc:
            if "unknown" in str(exc):
                continue
            raise
        out[num == code] = radius
    return pd.Series(out, index=codes.index, dtype="float64")


@lru_cache(maxsize=1)
def country_zones() -> dict[str, tuple[str, ...]]:
    """Return ISO-2 country code -> IANA zones, from tzdata's ``zone.tab``."""
    import importlib.resources

    text = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(
        encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            zones.setdefault(parts[0].upper(), []).append(parts[2])
    return {cc: tuple(z) for cc, z in zones.items()}


def _offsets_hours(zone: str, days: np.ndarray) -> np.ndarray:
    """Return the UTC offset (hours) at local noon of each day (datetime64[D]) in ``zone``.

    Offsets are computed once per zone over a contiguous run of days and kept (a chunked read
    asks for the same zones and days again and again).
    """
    import numpy as np
    import pandas as pd

    lo = days.min().astype("int64") - 2
    hi = days.max().astype("int64") + 2
    cached = _ZONE_OFFSETS.get(zone)
    if cached is None or lo < cached[0] or hi > cached[0] + len(cached[1]) - 1:
        if cached is not None:
            lo, hi = min(lo, cached[0]), max(hi, cached[0] + len(cached[1]) - 1)
        run = np.arange(lo, hi + 1).astype("datetime64[D]")
        noon = pd.DatetimeIndex(run.astype("datetime64[ns]")) + pd.Timedelta(hours=12)
        utc = noon.tz_localize(zone, ambiguous="NaT", nonexistent="NaT").tz_convert("UTC")
        offset = (noon - utc.tz_localize(None)).total_seconds().to_numpy() / 3600.0
        cached = (int(lo), np.where(np.isnan(offset), 0.0, offset))
        _ZONE_OFFSETS[zone] = cached
    return cached[1][days.astype("int64") - cached[0]]


_ZONE_OFFSETS: dict[str, tuple[int, np.ndarray]] = {}
_COUNTRY_OFFSETS: dict[str, tuple[int, np.ndarray, np.ndarray]] = {}


def _country_offsets(country: str, zones: tuple[str, ...], lo_day: int,
                     hi_day: int) -> tuple[int, np.ndarray, np.ndarray]:
    """Return ``(first day, start offsets, end offsets)`` of a country over a run of days.

    The start offset of a day is the largest UTC offset of any of the country's zones on that
    day or the day before (a clock change never narrows the day), the end offset the smallest
    on that day or the next; kept per country and widened when a later chunk needs more days.
    """
    import numpy as np

    cached = _COUNTRY_OFFSETS.get(country)
    if cached is not None and cached[0] <= lo_day and hi_day < cached[0] + len(cached[1]):
        return cached
    if cached is not None:
        lo_day, hi_day = min(lo_day, cached[0]), max(hi_day, cached[0] + len(cached[1]) - 1)
    lo_day, hi_day = lo_day - 400, hi_day + 400  # room for the next chunks' days
    run = np.arange(lo_day - 1, hi_day + 2).astype("datetime64[D]")  # a day either side
    start_off = np.full(len(run) - 2, -np.inf)
    end_off = np.full(len(run) - 2, np.inf)
    for zone in zones:
        offsets = _offsets_hours(zone, run)
        here, before, after = offsets[1:-1], offsets[:-2], offsets[2:]
        start_off = np.maximum(start_off, np.maximum(here, before))
        end_off = np.minimum(end_off, np.minimum(here, after))
    cached = (lo_day, start_off, end_off)
    _COUNTRY_OFFSETS[country] = cached
    return cached


def utc_interval(first_day: pd.Series, last_day: pd.Series,
                 country: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
    """Return ``(time_start, time_end)`` (aware UTC) for local days ``first_day`` to ``last_day``.

    The interval runs from the start of ``first_day`` to the end of ``last_day`` in the row's
    country (see the module docstring for the zones); never narrower than the local days.

    Examples
    --------
    >>> import pandas as pd
    >>> day = pd.Series(pd.to_datetime(["2022-01-05", "2022-01-05"]))
    >>> s, e = utc_interval(day, day, pd.Series(["SY", None]))
    >>> [str(x) for x in s]
    ['2022-01-04 22:00:00+00:00', '2022-01-04 10:00:00+00:00']
    >>> [str(x) for x in e]
    ['2022-01-05 22:00:00+00:00', '2022-01-06 12:00:00+00:00']
    """
    import numpy as np
    import pandas as pd

    first = np.asarray(first_day.to_numpy()).astype("datetime64[D]")
    last = np.asarray(last_day.to_numpy()).astype("datetime64[D]")
    n = len(first)
    lo_h = np.full(n, WIDEST_OFFSETS_H[1])  # offset subtracted from the start: the largest
    hi_h = np.full(n, WIDEST_OFFSETS_H[0])  # offset subtracted from the end: the smallest
    valid = ~(np.isnat(first) | np.isnat(last))
    if country is not None and n and valid.any():
        codes, names = pd.factorize(pd.Series(country).astype(object), use_na_sentinel=True)
        zones_of = country_zones()
        day = np.concatenate([first[valid], last[valid]]).astype("int64")
        lo_day, hi_day = int(day.min()), int(day.max())
        first_i = first.astype("int64")
        last_i = last.astype("int64")
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
        for code_index, name in enumerate(names):
            zones = zones_of.get(str(name).upper())
            if not zones:
                continue
            base, start_off, end_off = _country_offsets(str(name).upper(), zones, lo_day,
                                                        hi_day)
            rows = order[bounds[code_index]:bounds[code_index + 1]]
            rows = rows[valid[rows]]
            lo_h[rows] = start_off[first_i[rows] - base]
            hi_h[rows] = end_off[last_i[rows] - base]
    start = first.astype("datetime64[ns]") - (lo_h * 3600e9).astype("timedelta64[ns]")
    end = ((last + np.timedelta64(1, "D")).astype("datetime64[ns]")
           - (hi_h * 3600e9).astype("timedelta64[ns]"))
    index = first_day.index
    return (pd.Series(pd.DatetimeIndex(start).tz_localize("UTC"), index=index),
            pd.Series(pd.DatetimeIndex(end).tz_localize("UTC"), index=index))
