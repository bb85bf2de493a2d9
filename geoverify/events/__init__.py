"""Conflict-event datasets (ACLED, UCDP GED, your own tables) as GeoDataFrames: read, audit, match.

Analysts rarely verify one claim alone: they hold it against a dataset, check a dataset's own
locations and match one incident across datasets. This package does that on whole tables,
vectorized, with the same conventions as the rest of geoverify (latitude before longitude in
arguments, metres, aware UTC times, the worst-case verdict rule).

- :func:`read_events` reads an ACLED or UCDP GED export (CSV, Excel, Parquet) or your own table
  (a column mapping) into a GeoDataFrame of points in EPSG:4326, with normalized columns beside
  the original ones (:data:`~geoverify.events.read.EVENT_COLUMNS`); bad rows are reported, never
  dropped silently (:func:`bad_rows`). :func:`iter_events` streams the same frames chunk by
  chunk.
- :func:`audit` checks a dataset against itself and an offline gazetteer: is each point within
  its precision radius of the place its row names, inside the country it names, a duplicate of
  another event?
- :func:`match` pairs the events of two datasets that could be one incident (time intervals and
  uncertainty areas overlap), ranked by a documented score.
- :func:`range_check`, :func:`direction_check`, :func:`proximity_check`,
  :func:`stated_distance_check`, :func:`daylight_check` and :func:`control_check` judge every
  row of a table at once, as the scalar checks would one by one (checks as columns,
  :mod:`geoverify.events.columns`).
- :func:`related_events` holds a verified case's claims against a dataset: the events that
  could be the same incident, with their checks (``geoverify verify CASE --events FILE``).
- :func:`write_frame` writes any of these frames to CSV, GeoPackage, GeoJSON or Parquet;
  :func:`map_events` draws them on an interactive map, coloured by a check's verdicts.

Every function accepts a dask-geopandas GeoDataFrame too and then runs per partition (see
:mod:`geoverify.events.distributed`).

Check outputs share one shape (the aligned-frame convention): a frame with the input's index and
the columns ``verdict`` (``consistent`` / ``inconsistent`` / ``inconclusive``, or a check's own
extra words such as ``not_found``), ``min_m`` and ``max_m`` (the smallest and largest distance the
uncertainty allows, metres), ``margin`` (metres by which the verdict holds; negative when
inconclusive) and, on request, ``explanation``: the audit's place check
(:func:`geoverify.events.auditing.place_check`) and the checks as columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geoverify._lazy import lazy_exports

__all__ = [
    "read_events",
    "iter_events",
    "bad_rows",
    "BadRows",
    "EVENT_COLUMNS",
    "audit",
    "audit_summary",
    "AUDIT_COLUMNS",
    "match",
    "MATCH_COLUMNS",
    "write_frame",
    "range_check",
    "direction_check",
    "proximity_check",
    "stated_distance_check",
    "daylight_check",
    "control_check",
    "CHECK_COLUMNS",
    "map_events",
    "related_events",
    "RELATED_COLUMNS",
]

_LAZY = {
    "read_events": "geoverify.events.read",
    "iter_events": "geoverify.events.read",
    "bad_rows": "geoverify.events.read",
    "BadRows": "geoverify.events.read",
    "EVENT_COLUMNS": "geoverify.events.read",
    "audit": "geoverify.events.auditing",
    "audit_summary": "geoverify.events.auditing",
    "AUDIT_COLUMNS": "geoverify.events.auditing",
    "match": "geoverify.events.matching",
    "MATCH_COLUMNS": "geoverify.events.matching",
    "write_frame": "geoverify.events.output",
    "range_check": "geoverify.events.columns",
    "direction_check": "geoverify.events.columns",
    "proximity_check": "geoverify.events.columns",
    "stated_distance_check": "geoverify.events.columns",
    "daylight_check": "geoverify.events.columns",
    "control_check": "geoverify.events.columns",
    "CHECK_COLUMNS": "geoverify.events.columns",
    "map_events": "geoverify.events.mapping",
    "related_events": "geoverify.events.related",
    "RELATED_COLUMNS": "geoverify.events.related",
}


__getattr__, __dir__ = lazy_exports("geoverify.events", _LAZY, globals())


if TYPE_CHECKING:  # pragma: no cover
    from geoverify.events.auditing import AUDIT_COLUMNS, audit, audit_summary
    from geoverify.events.columns import (
        CHECK_COLUMNS,
        control_check,
        daylight_check,
        direction_check,
        proximity_check,
        range_check,
        stated_distance_check,
    )
    from geoverify.events.mapping import map_events
    from geoverify.events.matching import MATCH_COLUMNS, match
    from geoverify.events.output import write_frame
    from geoverify.events.read import (
        EVENT_COLUMNS,
        BadRows,
        bad_rows,
        iter_events,
        read_events,
    )
    from geoverify.events.related import RELATED_COLUMNS, related_events
