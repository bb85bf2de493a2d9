"""Run the events functions on dask-geopandas frames, partition by partition.

:func:`geoverify.events.read_events`, :func:`~geoverify.events.auditing`,
:func:`~geoverify.events.matching` and :func:`~geoverify.events.audit_summary` accept a dask
(-geopandas) DataFrame and hand it here. Nothing is parallelized by hand: each function is a
``map_partitions`` over the frame, so dask's scheduler decides where partitions run.

- ``read_events(ddf)`` normalizes each partition (record numbers continue across partitions:
  the partition lengths are counted first). The dropped rows are not in the frame: ask
  :func:`bad_rows` (a lazy frame of the records, computed on request).
- ``audit(ddf)`` geocodes the distinct place names first, each once across the cluster (the
  workers share them out; the gazetteer is loaded once per worker process, never sent with
  the tasks), then shuffles the events on their actors, so every possible duplicate pair meets
  in one partition, and audits each partition with the answers.
- ``match(ddf, b)`` matches each partition of ``ddf`` against ``b``, which must fit in memory:
  it is sent to the workers once.

On a cluster, connect a client before calling them, and keep the data where the workers can
read it (a shared file system or object store)::

    from dask.distributed import Client
    import dask_geopandas
    client = Client("tcp://scheduler:8786")           # or LocalCluster(n_workers=2)
    raw = dask.dataframe.read_parquet("s3://bucket/acled/")  # partitioned Parquet
    events = geoverify.read_events(raw, format="acled")
    audited = geoverify.events.auditing(events)
    audited.to_parquet("s3://bucket/acled-audit/")     # or audit_summary(audited)

Every worker needs geoverify installed with the ``events`` extra; the first call on each worker
builds or loads the gazetteer index (set ``GEOVERIFY_CACHE_DIR`` to a shared folder to build it
once).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from typing import Any

from geoverify.errors import GeoverifyError

__all__ = ["is_dask", "read_events", "audit", "match", "bad_rows"]

# id of a dask frame from read_events -> its lazy bad-row records (dask frames compare
# element-wise, so they cannot be dictionary keys; the entry goes when the frame does)
_BAD_ROWS: dict[int, Any] = {}


def is_dask(obj: Any) -> bool:
    """Whether ``obj`` is a dask DataFrame (dask-geopandas or plain dask).

    Examples
    --------
    >>> import pandas as pd
    >>> is_dask(pd.DataFrame())
    False
    """
    module = type(obj).__module__ or ""
    return module.startswith(("dask.", "dask_geopandas")) and hasattr(obj, "map_partitions")


def _to_geo(frame: Any) -> Any:
    import dask_geopandas

    return dask_geopandas.from_dask_dataframe(frame, geometry="geometry")


def _partition_offsets(ddf: Any) -> list[int]:
    import numpy as np

    lengths = ddf.map_partitions(len).compute()
    return [int(x) for x in np.concatenate([[0], np.cumsum(np.asarray(lengths))[:-1]])]


def read_events(ddf: Any, *, format: str = "auto", columns: Mapping[str, Any] | None = None,
                keep: Any = "all", dataset: str | None = None,
                precision_radii: Mapping[str, Any] | None = None,
                time_precision: Mapping[Any, Any] | None = None,
                uncertainty_m: float | None = None,
                date_formats: Sequence[str] | None = None) -> Any:
    """Normalize a dask DataFrame of raw events partition by partition (see the module)."""
    from geoverify.events.layouts import detect_format, layout_for
    from geoverify.events.read import DATE_FORMATS, normalize_frame

    fmt = (format or "auto").lower()
    if fmt == "auto":
        fmt = "generic" if columns and {"lat", "lon", "date"} <= set(columns) else \
            detect_format(ddf.columns)
    layout = layout_for(fmt, columns)
    options = {"dataset": dataset, "keep": keep, "precision_radii": precision_radii,
               "time_precision": time_precision, "default_uncertainty_m": uncertainty_m,
               "date_formats": tuple(date_formats or DATE_FORMATS)}
    offsets = _partition_offsets(ddf)

    def part(frame: Any, partition_info: Any = None, which: int = 0) -> Any:
        number = partition_info["number"] if partition_info else 0
        return normalize_frame(frame, layout, first_row=offsets[number] + 1, **options)[which]

    meta_events, meta_problems = normalize_frame(ddf._meta, layout, **options)
    events = _to_geo(ddf.map_partitions(part, meta=meta_events, which=0))
    _BAD_ROWS[id(events)] = ddf.map_partitions(part, meta=meta_problems, which=1)
    weakref.finalize(events, _BAD_ROWS.pop, id(events), None)
    return events


def bad_rows(events: Any) -> Any:
    """Return the bad rows of a dask frame from :func:`read_events`, computed (a pandas frame)."""
    lazy = _BAD_ROWS.get(id(events))
    if lazy is None:
        raise GeoverifyError("bad_rows: this dask frame did not come from read_events")
    return lazy.compute().sort_values(["row", "column"], kind="stable").reset_index(drop=True)


def audit(events: Any, **options: Any) -> Any:
    """Audit a dask frame of normalized events per partition, after a shuffle on the actors.

    The distinct place names are geocoded first, each once across the cluster (the workers
    share them out), and the answers sent to every worker once.
    """
    import dask

    from geoverify.events.auditing import _KEY_COLUMNS, place_lookups
    from geoverify.events.auditing import audit as audit_frame

    events = _to_geo(events) if not hasattr(events, "geometry") else events
    lookups = None
    if options.get("places", True):
        keys = events[_KEY_COLUMNS].map_partitions(
            lambda f: f.astype(object).where(f.notna(), "").drop_duplicates(),
            meta={c: object for c in _KEY_COLUMNS})
        keys = keys.drop_duplicates().repartition(npartitions=max(1, events.npartitions))
        meta = place_lookups(events._meta[_KEY_COLUMNS])
        lookups = dask.delayed(keys.map_partitions(place_lookups, meta=meta).compute())
    # a task shuffle: the peer-to-peer one goes through Arrow, which cannot carry geometry
    shuffled = events.shuffle(on="actors", shuffle_method="tasks")

    def part(frame: Any, answers: Any) -> Any:
        import geopandas as gpd

        frame = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
        return audit_frame(frame, lookups=answers, **options)

    meta = audit_frame(events._meta, **options)
    return _to_geo(shuffled.map_partitions(part, lookups, meta=meta))


def match(a: Any, b: Any, *, days: float = 0.0) -> Any:
    """Match each partition of the dask frame ``a`` against the in-memory frame ``b``.

    ``row_a`` is the position within ``a``'s partition; ``rank_a``, ``n_matches_a`` and
    ``n_matches_b`` are counted within the partition (an event of ``b`` matched from two
    partitions counts in each).
    """
    import dask

    from geoverify.events.matching import match as match_frame

    b_shared = dask.delayed(b)  # sent to the workers once, not with every task

    def part(frame: Any, other: Any) -> Any:
        import geopandas as gpd

        frame = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
        return match_frame(frame, other, days=days)

    meta = match_frame(a._meta, b.iloc[:0], days=days)
    return a.map_partitions(part, b_shared, meta=meta)
