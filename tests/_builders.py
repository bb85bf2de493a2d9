"""Small builders shared by the test files: control-layer squares and event frames."""

from __future__ import annotations

from typing import Any


def square(actor: str, west: float, south: float, east: float, north: float,
           valid_from: str | None = "2019-03-23", valid_to: str | None = None) -> dict[str, Any]:
    """Return a control-layer GeoJSON feature: ``actor`` holds the lon/lat box from a date."""
    return {"type": "Feature",
            "properties": {"actor": actor, "valid_from": valid_from, "valid_to": valid_to},
            "geometry": {"type": "Polygon", "coordinates": [[[west, south], [east, south],
                                                             [east, north], [west, north],
                                                             [west, south]]]}}


def event_frame(lats, lons, radii, starts_h, ends_h, *, prefix: str = "e", actors=None,
                dataset: str | None = None):
    """Return a normalized event GeoDataFrame; times in hours after 2022-01-01 UTC."""
    import geopandas as gpd
    import pandas as pd

    t0 = pd.Timestamp("2022-01-01", tz="UTC")
    n = len(lats)
    return gpd.GeoDataFrame({
        "event_id": [f"{prefix}{i}" for i in range(n)],
        "time_start": [t0 + pd.Timedelta(hours=h) for h in starts_h],
        "time_end": [t0 + pd.Timedelta(hours=h) for h in ends_h],
        "uncertainty_m": [float(r) for r in radii], "place": None, "country": None,
        "admin1": None, "source_dataset": dataset or prefix, "actors": actors,
        "source_row": range(1, n + 1)},
        geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")
