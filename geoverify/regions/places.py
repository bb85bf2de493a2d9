"""The gazetteer's places inside a region, nearest to its centre first (offline).

Candidates are the rows of every layer of the gazetteer (curated theatre rows, user files,
GeoNames) inside the region's box; each is kept when the region *contains* its point (exact
membership, not the polygon), then sorted by geodesic distance to the region's centre (curated
layers first at equal distance) with one entry per place: a GeoNames twin of a curated row
(same GeoNames id, or same Latin key close by, as :meth:`geoverify.gazetteer.Gazetteer.reverse`
reads it) is dropped.

Examples
--------
>>> from geoverify.sites import Site
>>> from geoverify.regions.statements import site_region
>>> near = places_in(site_region(Site(34.95629, 40.54139, 3000, name="al-Quriyah")), limit=3)
>>> near[0]["name"], near[0]["distance_m"] < 1000, near[0]["curated"]
('al-Quriyah', True, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from geoverify.regions.region import RegionError

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.regions.region import Region

__all__ = ["places_in", "MAX_PLACES"]

#: the most places one call returns
MAX_PLACES = 1000


def _in_box(lat: np.ndarray, lon: np.ndarray, bounds: tuple[float, float, float, float]
            ) -> np.ndarray:
    south, west, north, east = bounds
    ok = (lat >= south - 1e-9) & (lat <= north + 1e-9)
    if west <= east:
        return np.asarray(ok & (lon >= west - 1e-9) & (lon <= east + 1e-9))
    return np.asarray(ok & ((lon >= west - 1e-9) | (lon <= east + 1e-9)))


def places_in(region: Region, *, limit: int = 20, kind: str | None = None,
              gazetteer: Any = None) -> list[dict[str, Any]]:
    """Return the places inside ``region``, nearest to its centre first.

    Parameters
    ----------
    region : Region
        Where to look.
    limit : int
        How many places at most (1 to :data:`MAX_PLACES`).
    kind : str, optional
        Only places of this kind (a gazetteer kind word, e.g. ``village``, ``populated``).
    gazetteer : Gazetteer, optional
        The gazetteer to read (default: the shared offline one).

    Returns
    -------
    list of dict
        ``name``, ``lat``, ``lon``, ``distance_m`` (to the region's centre), ``kind``,
        ``country``, ``source``, ``id`` (the row's stable id: the curated row's own, or
        ``geonames:<id>``) and ``curated`` (whether it is a curated or user row).
    """
    from geoverify.gazetteer import (
        _LAYER_RANK,
        ReverseResult,
        _allowed_kinds,
        _layer,
        _reverse_twins,
        default_gazetteer,
    )
    from geoverify.gazetteer.names import latin_key
    from geoverify.geodesy import compass_point, inverse

    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PLACES:
        raise RegionError(f"places: limit {limit!r} must be between 1 and {MAX_PLACES}")
    bounds = region.bounds
    centre = region.centre
    if bounds is None or centre is None:
        return []
    allowed = _allowed_kinds(kind, "places")
    found: list[ReverseResult] = []
    for index in (gazetteer or default_gazetteer())._indexes():
        rows = np.flatnonzero(_in_box(index.lat, index.lon, bounds))
        if allowed is not None and rows.size:
            kinds = np.asarray(index.kind, dtype=object)[rows]
            rows = rows[np.isin(kinds, list(allowed))]
        if rows.size == 0:
            continue
        rows = rows[np.asarray(region.shape.contains(index.lat[rows], index.lon[rows]))]
        if rows.size == 0:
            continue
        inv = inverse(np.full(rows.size, centre[0]), np.full(rows.size, centre[1]),
                      index.lat[rows], index.lon[rows])
        dist = np.atleast_1d(inv.distance_m)
        keep = limit * 4 + 50  # enough nearest rows to fill the limit after de-duplication
        if rows.size > keep:
            near = np.argpartition(dist, keep)[:keep]
            rows, dist = rows[near], dist[near]
            inv = inverse(np.full(rows.size, centre[0]), np.full(rows.size, centre[1]),
                          index.lat[rows], index.lon[rows])
        back = np.atleast_1d(inv.back_azimuth_deg)
        words = np.atleast_1d(compass_point(back))
        for j, row in enumerate(rows.tolist()):
            found.append(ReverseResult(
                name=index.name[row], lat=float(index.lat[row]), lon=float(index.lon[row]),
                distance_m=float(dist[j]), azimuth_deg=float(back[j]), compass=str(words[j]),
                kind=index.kind[row], country=index.country[row], source=index.source[row],
                uncertainty_m=float(index.uncertainty_m[row]), admin1=index.admin1[row],
                admin2=index.admin2[row], id=index.row_id(row),
                geonameid=int(index.geonameid[row]) or None))
    found.sort(key=lambda r: (r.distance_m, _LAYER_RANK.get(_layer(r.source), 9)))
    out: list[dict[str, Any]] = []
    gids: set[int] = set()
    by_key: dict[str, list[ReverseResult]] = {}
    for r in found:
        if r.geonameid and r.geonameid in gids:
            continue
        key = latin_key(r.name)
        if any(_reverse_twins(o, r) for o in by_key.get(key, ())):
            continue
        if r.geonameid:
            gids.add(r.geonameid)
        by_key.setdefault(key, []).append(r)
        out.append({"name": r.name, "lat": r.lat, "lon": r.lon, "distance_m": r.distance_m,
                    "kind": r.kind, "country": r.country, "source": r.source, "id": r.id,
                    "curated": _layer(r.source) in ("theatre", "user")})
        if len(out) == limit:
            break
    return out
