"""Countries of event rows: names and codes to ISO 3166-1 alpha-2, and the point-in-country check.

- :func:`iso2_from_names`, :func:`iso2_from_numeric`, :func:`iso2_from_gw` read the country as
  datasets write it (ACLED: ``country`` and the ISO numeric ``iso``; UCDP: ``country`` and the
  Gleditsch-Ward ``country_id``) through ``data/events/countries.csv`` (see
  ``data/events/SOURCES.md``).
- :func:`country_check` says whether each point lies in the country its row names, from Natural
  Earth 1:50m admin-0 polygons (``data/boundaries/``), with the worst-case rule: ``consistent``
  only when the point is inside the named country by more than :data:`BORDER_TOLERANCE_M`,
  ``inconsistent`` only when it lies inside *another* country by more than that tolerance and
  the two countries are not a listed dispute (:func:`disputed_pairs`); everything else (near a
  border, at sea or on an island the 1:50m layer omits, a disputed area) is ``inconclusive``,
  and a row whose country has no polygon gets no verdict (None).

Distances to borders are computed in a plane scaled, per country and 5-degree latitude band,
by the smallest metres per degree of latitude and of longitude over that band: a lower bound
of the geodesic distance, so "more than the tolerance" there is more than the tolerance on the
ellipsoid.

Examples
--------
>>> iso2_from_names(["Syria", "Yemen (North Yemen)", "Atlantis"]).tolist()
['SY', 'YE', None]
>>> iso2_from_gw([652, 645, 999]).tolist()
['SY', 'IQ', None]
>>> iso2_from_numeric(["760", 368]).tolist()
['SY', 'IQ']
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

__all__ = ["iso2_from_names", "iso2_from_numeric", "iso2_from_gw", "country_check",
           "BORDER_TOLERANCE_M", "disputed_pairs", "boundaries", "BOUNDARIES_FILE"]

#: A point within this distance of a border (either side) gets no confident country verdict.
#: Natural Earth 1:50m is drawn for maps at 1:50,000,000, where 0.2 mm is 10 km; in the theatre
#: its Syria-Iraq-Jordan border lies 1.9-2.0 km from the curated border crossings (al-Qaim,
#: al-Waleed) and Tower 22.
BORDER_TOLERANCE_M = 10_000.0

#: The shipped boundaries (Natural Earth 1:50m admin-0 countries, v4.0.0; see
#: ``data/boundaries/SOURCES.md``).
BOUNDARIES_FILE = ("boundaries", "ne_50m_admin_0_countries.geojson.gz")

_NE_CODE_SPLIT = re.compile(r"[\s,]+")


def _key(name: Any) -> str:
    """Return a comparison key for a country name: no accents, case, punctuation or 'the'."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    words = [w for w in text.split() if w not in ("the", "of", "and")]
    return " ".join(words)


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[int, str], dict[int, str]]:
    from geoverify._paths import data_path

    by_name: dict[str, str] = {}
    by_numeric: dict[int, str] = {}
    by_gw: dict[int, str] = {}
    with open(data_path("events", "countries.csv"), encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            iso2 = row["iso2"].strip().upper()
            names = [row["name"], row["iso2"], row["iso3"],
                     *[a for a in row["aliases"].split("|") if a.strip()]]
            for n in names:
                by_name.setdefault(_key(n), iso2)
            if row["iso_numeric"].strip():
                by_numeric[int(row["iso_numeric"])] = iso2
            for gw in row["gw_code"].split():
                by_gw.setdefault(int(gw), iso2)
    return by_name, by_numeric, by_gw


def _map_unique(values: Iterable[Any], lookup: Any) -> pd.Series:
    """Return ``lookup`` of each value, called once per distinct value (None where missing)."""
    import pandas as pd

    from geoverify.events._values import by_value

    series = pd.Series(list(values) if not isinstance(values, pd.Series) else values)
    mapped = by_value(series, lambda uniques: [lookup(u) for u in uniques])
    return pd.Series(mapped, index=series.index, dtype=object)


def iso2_from_names(names: Iterable[Any]) -> pd.Series:
    """Return the ISO-2 code of each country name (None where unknown); each name looked up once."""
    by_name = _table()[0]
    return _map_unique(names, lambda n: by_name.get(_key(n)))


def _int_lookup(table: dict[int, str]) -> Any:
    def lookup(value: Any) -> str | None:
        try:
            number = float(str(value).strip())
        except ValueError:
            return None
        if not math.isfinite(number) or number != int(number):
            return None
        return table.get(int(number))
    return lookup


def iso2_from_numeric(codes: Iterable[Any]) -> pd.Series:
    """Return the ISO-2 code of each ISO 3166-1 numeric code (ACLED's ``iso``)."""
    return _map_unique(codes, _int_lookup(_table()[1]))


def iso2_from_gw(codes: Iterable[Any]) -> pd.Series:
    """Return the ISO-2 code of each Gleditsch-Ward code (UCDP's ``country_id``)."""
    return _map_unique(codes, _int_lookup(_table()[2]))


@lru_cache(maxsize=1)
def disputed_pairs() -> frozenset[frozenset[str]]:
    """Return the pairs of ISO-2 codes whose boundary is disputed or drawn de facto.

    Natural Earth draws de facto control (Crimea with Russia, the Golan Heights with Israel,
    Western Sahara with Morocco): a point in one country of a pair named as the other is never
    ``inconsistent``. The pairs, each with the English Wikipedia article that documents the
    dispute, are ``data/events/disputed.csv``.

    Examples
    --------
    >>> frozenset({"UA", "RU"}) in disputed_pairs()
    True
    """
    from geoverify._paths import data_path

    pairs = set()
    with open(data_path("events", "disputed.csv"), encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pairs.add(frozenset((row["iso2_a"].strip().upper(), row["iso2_b"].strip().upper())))
    return frozenset(pairs)


@lru_cache(maxsize=1)
def boundaries() -> tuple[np.ndarray, tuple[frozenset[str], ...], tuple[str, ...]]:
    """Return (polygons, ISO-2 codes of each, names) of the shipped admin-0 countries."""
    import gzip
    import json

    import numpy as np
    import shapely

    from geoverify._paths import data_path

    with open(data_path(*BOUNDARIES_FILE), "rb") as handle:
        collection = json.loads(gzip.decompress(handle.read()))
    geoms, codes, names = [], [], []
    for feature in collection["features"]:
        geoms.append(shapely.from_geojson(json.dumps(feature["geometry"])))
        codes.append(frozenset(c.upper() for c in _NE_CODE_SPLIT.split(
            feature["properties"]["iso_a2"]) if c))
        names.append(feature["properties"]["admin"])
    polys = np.array(geoms, dtype=object)
    shapely.prepare(polys)
    return polys, tuple(codes), tuple(names)


@lru_cache(maxsize=1)
def _tree() -> Any:
    import shapely

    return shapely.STRtree(boundaries()[0])


_M_PER_DEG_LAT_MIN = 6_335_439.327 * math.pi / 180.0  # meridian radius a(1-e^2) at the equator
_M_PER_DEG_LON_EQ = 6_378_137.0 * math.pi / 180.0


def _deep_inside(poly: Any, lat: np.ndarray, lon: np.ndarray, tolerance_m: float) -> np.ndarray:
    """Whether each point lies more than ``tolerance_m`` (lower bound) from ``poly``'s boundary."""
    import numpy as np
    import shapely

    out = np.zeros(len(lat), dtype=bool)
    band = np.floor(lat / 5.0)
    boundary = shapely.boundary(poly)
    for b in np.unique(band):
        sel = band == b
        top = min(90.0, max(abs(b * 5.0), abs(b * 5.0 + 5.0))
                  + tolerance_m / _M_PER_DEG_LAT_MIN + 0.5)
        kx = _M_PER_DEG_LON_EQ * math.cos(math.radians(top))
        ky = _M_PER_DEG_LAT_MIN
        if kx <= 0:
            continue  # at the pole every distance bound collapses: never "deep"
        scaled = shapely.transform(boundary, lambda c, kx=kx, ky=ky: c * np.array([kx, ky]))
        shapely.prepare(scaled)
        pts = shapely.points(lon[sel] * kx, lat[sel] * ky)
        out[sel] = ~shapely.dwithin(scaled, pts, tolerance_m)
    return out


def country_check(lat: Any, lon: Any, country: Any, *,
                  tolerance_m: float = BORDER_TOLERANCE_M) -> pd.DataFrame:
    """Return, per point, whether it lies in the country its row names (worst-case rule).

    Parameters
    ----------
    lat, lon
        Degrees (arrays or Series of one length).
    country
        The ISO-2 code each row names (None where unknown).
    tolerance_m
        Border tolerance in metres (default :data:`BORDER_TOLERANCE_M`).

    Returns
    -------
    pandas.DataFrame
        Columns ``country_verdict`` (consistent / inconsistent / inconclusive, or None where
        the named country is unknown or has no polygon) and ``point_country`` (the ISO-2 code of
        the polygon the point lies in, or None at sea / off the map).

    Examples
    --------
    >>> out = country_check([34.95629, 34.95629, 33.51], [40.54139, 40.54139, 36.29],
    ...                     ["SY", "IQ", "SY"])
    >>> out["country_verdict"].tolist(), out["point_country"].tolist()
    (['consistent', 'inconsistent', 'consistent'], ['SY', 'SY', 'SY'])
    """
    import numpy as np
    import pandas as pd
    import shapely

    lat = np.asarray(lat, dtype="float64")
    lon = np.asarray(lon, dtype="float64")
    named = pd.Series(country).astype("object").where(lambda s: s.notna(), None).to_numpy()
    if not (len(lat) == len(lon) == len(named)):
        raise ValueError("lat, lon and country must have one length")
    polys, codes, _ = boundaries()
    disputed = disputed_pairs()
    n = len(lat)
    verdict = np.full(n, None, dtype=object)
    where = np.full(n, None, dtype=object)
    if n == 0:
        return pd.DataFrame({"country_verdict": verdict, "point_country": where},
                            dtype=object)
    known_codes = set().union(*codes)
    ok = np.isfinite(lat) & np.isfinite(lon)
    pts = shapely.points(np.where(ok, lon, 0.0), np.where(ok, lat, 0.0))
    pt_idx, poly_idx = _tree().query(pts)  # bounding boxes only, then exact tests per polygon
    containing = np.full(n, -1)
    for p in np.unique(poly_idx):
        cand = pt_idx[poly_idx == p]
        inside = shapely.contains_xy(polys[p], lon[cand], lat[cand])
        containing[cand[inside]] = p  # NE polygons do not overlap: one polygon at most
    containing[~ok] = -1
    deep = np.zeros(n, dtype=bool)
    for p in np.unique(containing[containing >= 0]):
        sel = np.flatnonzero(containing == p)
        deep[sel] = _deep_inside(polys[p], lat[sel], lon[sel], tolerance_m)
    for i_poly in np.unique(containing):
        sel = containing == i_poly
        if i_poly >= 0:
            where[sel] = sorted(codes[i_poly])[0]
    named_up = pd.Series(named, dtype="object").str.upper()
    code_list = sorted(known_codes)
    code_id = pd.Categorical(named_up.where(named_up.isin(code_list)),
                             categories=code_list).codes  # -1: unknown or None
    has_named = (code_id >= 0) & ok
    # own[p, c]: polygon p is country c; near[p, c]: p's country is disputed with c
    own_m = np.zeros((len(codes) + 1, len(code_list)), dtype=bool)  # last row: no polygon
    dis_m = np.zeros_like(own_m)
    col = {c: j for j, c in enumerate(code_list)}
    for p_i, cs in enumerate(codes):
        for c in cs:
            own_m[p_i, col[c]] = True
            for pair in disputed:
                if c in pair:
                    for other in pair - {c}:
                        if other in col:
                            dis_m[p_i, col[other]] = True
    rows_p = np.where(containing >= 0, containing, len(codes))
    cols_c = np.where(code_id >= 0, code_id, 0)
    own = own_m[rows_p, cols_c]
    other_disputed = dis_m[rows_p, cols_c]
    verdict[has_named] = "inconclusive"
    verdict[has_named & (containing >= 0) & deep & own] = "consistent"
    verdict[has_named & (containing >= 0) & deep & ~own & ~other_disputed] = "inconsistent"
    out = pd.DataFrame({"country_verdict": verdict, "point_country": where}, dtype=object)
    return out.astype(object).where(out.notna(), None)
