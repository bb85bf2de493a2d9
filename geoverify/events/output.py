"""Write event, audit and match frames to CSV, GeoPackage, GeoJSON or Parquet, atomically.

The format follows the file name: ``.csv`` (points as ``lat`` / ``lon`` columns, times in ISO
8601), ``.gpkg``, ``.geojson`` / ``.json`` (RFC 7946, lon/lat), ``.parquet`` (GeoParquet when
the frame has geometry). A reader sees the old file or the new, never half of one: every format
is written through :func:`_write_bytes` (the project's atomic writer).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from geoverify.errors import GeoverifyError

__all__ = ["write_frame", "OUTPUT_FORMATS"]

#: File suffix -> format.
OUTPUT_FORMATS = {".csv": "csv", ".gpkg": "gpkg", ".geojson": "geojson", ".json": "geojson",
                  ".parquet": "parquet"}


def _write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (the one call to the project's writer)."""
    from geoverify._paths import atomic_write_bytes

    atomic_write_bytes(path, data)


def _plain(frame: Any) -> Any:
    """Return a copy fit for text formats: times as ISO text, geometry as lat/lon columns."""
    import numpy as np
    import pandas as pd

    out = _plain_times(pd.DataFrame(frame))
    if "geometry" in out.columns:
        geom = frame.geometry
        if len(out) and bool(geom.geom_type.eq("Point").all()):
            out.insert(len(out.columns) - 1, "lat", np.asarray(geom.y))
            out.insert(len(out.columns) - 1, "lon", np.asarray(geom.x))
            out = out.drop(columns="geometry")
        else:
            out["geometry"] = geom.to_wkt()
    return out


def write_frame(frame: Any, path: str | os.PathLike[str]) -> Path:
    """Write a frame to ``path`` in the format its suffix names; return the path.

    Examples
    --------
    >>> import geopandas as gpd, tempfile, os
    >>> f = gpd.GeoDataFrame({"event_id": ["a"]}, geometry=gpd.points_from_xy([40.5], [35.0]),
    ...                      crs="EPSG:4326")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_frame(f, os.path.join(d, "x.csv"))
    ...     print(open(p).read().strip())
    event_id,lat,lon
    a,35.0,40.5
    """
    import io

    import geopandas as gpd

    target = Path(path)
    kind = OUTPUT_FORMATS.get(target.suffix.lower())
    if kind is None:
        raise GeoverifyError(f"{target}: unknown output format (use "
                             f"{', '.join(OUTPUT_FORMATS)})")
    geo = isinstance(frame, gpd.GeoDataFrame) and "geometry" in frame.columns
    if kind in ("gpkg", "geojson") and not geo:
        raise GeoverifyError(f"{target}: {kind} needs geometry; write .csv or .parquet")
    if kind == "csv":
        data = _plain(frame).to_csv(index=False).encode("utf-8")
    elif kind == "geojson":
        text = gpd.GeoDataFrame(_plain_times(frame), geometry="geometry").to_json(
            na="null", drop_id=True, to_wgs84=True)
        data = text.encode("utf-8")
    elif kind == "parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        data = buffer.getvalue()
    else:  # GeoPackage: SQLite needs a real file; build it beside, then publish atomically
        with tempfile.TemporaryDirectory(prefix=".geoverify-") as tmp:
            scratch = Path(tmp) / target.name
            _plain_times(frame).to_file(scratch, driver="GPKG", layer=target.stem)
            data = scratch.read_bytes()
    _write_bytes(target, data)
    return target


def _plain_times(frame: Any) -> Any:
    """Return a copy with datetime columns as ISO text (GeoJSON and GeoPackage)."""
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        if col != "geometry" and pd.api.types.is_datetime64_any_dtype(out[col].dtype):
            times = out[col]
            if getattr(times.dt, "tz", None) is not None:
                text = times.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
            else:
                text = times.dt.strftime("%Y-%m-%dT%H:%M:%S")
            out[col] = text.astype("object").where(times.notna(), None)
    return out
