"""Maps of event tables: every event with its uncertainty, coloured by a check's verdict.

:func:`map_events` draws one or two event frames on an interactive Leaflet map (folium), as the
case maps of :mod:`geoverify.maps` are drawn: Leaflet put inline (offline, with
``xstatic-leaflet``), every text from the data escaped, popups bound as JSON strings. Each event
is a dot coloured by its verdict in a check frame (grey without one) inside its uncertainty
circle; the pairs :func:`~geoverify.events.match` found are lines between the two datasets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from geoverify.errors import GeoverifyError

if TYPE_CHECKING:  # pragma: no cover
    import folium

__all__ = ["map_events"]

#: the popup fields of an event, when its frame has them
_FIELDS: tuple[tuple[str, str], ...] = (
    ("place", "place"), ("country", "country"), ("admin1", "admin1"), ("actors", "actors"),
    ("source_dataset", "dataset"), ("uncertainty_m", "uncertainty (m)"))


def _when(row: Any) -> str:
    start, end = row.get("time_start"), row.get("time_end")
    if start is None or start != start:
        return ""
    text = f"{start:%Y-%m-%d %H:%M}"
    return text + (f" to {end:%Y-%m-%d %H:%M} UTC" if end is not None and end == end else " UTC")


def _popup(row: Any, verdict: Any, explanation: Any) -> str:
    from geoverify.maps._style import escape_html
    from geoverify.maps.interactive import _badge

    parts = [f"<b>{escape_html(row.get('event_id', ''))}</b>"]
    when = _when(row)
    if when:
        parts.append(escape_html(when))
    for key, label in _FIELDS:
        value = row.get(key)
        if value is not None and value == value:
            parts.append(f"{escape_html(label)}: {escape_html(value)}")
    if verdict is not None:
        parts.append(_badge(str(verdict)))
    if explanation is not None:
        parts.append(f"<i>{escape_html(explanation)}</i>")
    return '<div class="gv-popup">' + "<br>".join(parts) + "</div>"


def _layer(folium: Any, events: Any, name: str, verdicts: Any, explained: Any,
           circles: Any) -> Any:
    from geoverify.geodesy import geodesic_circle
    from geoverify.maps._style import SITE_COLOR, VERDICT_COLORS, escape_html
    from geoverify.maps.interactive import _bind, _latlon

    group = folium.FeatureGroup(name=escape_html(name), overlay=True, control=True)
    for position, (label, row) in enumerate(events.iterrows()):
        geom = row.get("geometry")
        if geom is None or geom.is_empty:
            continue
        verdict = None if verdicts is None else verdicts.iloc[position]
        verdict = None if verdict is None or verdict != verdict else str(verdict)
        color = VERDICT_COLORS.get(verdict or "", SITE_COLOR)
        explanation = None if explained is None else explained.iloc[position]
        radius = row.get("uncertainty_m")
        if circles is not None and radius is not None and radius == radius and radius > 0:
            ring = geodesic_circle(geom.y, geom.x, float(radius), n_points=90)
            outer = ring.geoms[0] if hasattr(ring, "geoms") else ring
            folium.Polygon(_latlon(outer.exterior.coords), color=color, weight=1.2,
                           dash_array="5 4", fill=True, fill_color=color,
                           fill_opacity=0.06).add_to(circles)
        dot = folium.CircleMarker((geom.y, geom.x), radius=6, color="#ffffff", weight=1.5,
                                  fill=True, fill_color=color, fill_opacity=0.95)
        _bind("Popup", _popup(row, verdict, explanation), {"maxWidth": 340}).add_to(dot)
        tip = escape_html(row.get("event_id", label)) + (
            f" ({escape_html(verdict)})" if verdict else "")
        _bind("Tooltip", tip, {"sticky": True}).add_to(dot)
        dot.add_to(group)
    return group


def _column(frame: Any, events: Any, name: str, what: str) -> Any:
    """Return a check frame's column (or a Series) aligned with the events, or None."""
    import pandas as pd

    if frame is None:
        return None
    series = frame[name] if isinstance(frame, pd.DataFrame) else frame
    if isinstance(frame, pd.DataFrame) and name not in frame.columns:
        return None
    if not isinstance(series, pd.Series) or len(series) != len(events):
        raise GeoverifyError(f"map_events: {what} must be a check frame or a Series with one "
                             "row per event")
    return series


def map_events(events: Any, *, verdicts: Any = None, others: Any = None,
               other_verdicts: Any = None, pairs: Any = None, title: str = "Events",
               tiles: Any = "OpenStreetMap", attribution: str | None = None,
               self_contained: bool = True, width: str | int = "100%",
               height: str | int = "100%") -> folium.Map:
    r"""Return an interactive map (folium) of an event frame, and a second one matched with it.

    Parameters
    ----------
    events
        An event frame (from :func:`~geoverify.events.read_events`).
    verdicts
        A check frame of these events (:mod:`geoverify.events.columns`) or a Series of
        verdicts: dots and circles take the verdict's colour, popups the verdict and the
        check's ``explanation`` when the frame has one.
    others, other_verdicts
        A second event frame (another dataset) and its verdicts, in their own layers.
    pairs
        A frame from :func:`~geoverify.events.match` (``events`` as ``a``, ``others`` as
        ``b``): one line per pair, with its score.
    title, tiles, attribution, self_contained, width, height
        As :func:`geoverify.maps.interactive_map` (``tiles=None``: no basemap).

    Returns
    -------
    folium.Map
        Layers: each dataset's events and uncertainty circles, the matched pairs, a legend.

    Examples
    --------
    >>> import geopandas as gpd
    >>> events = gpd.GeoDataFrame({"event_id": ["<b>E1</b>"], "uncertainty_m": [2000.0]},
    ...     geometry=gpd.points_from_xy([40.54], [34.96]), crs="EPSG:4326")
    >>> page = map_events(events, tiles=None).get_root().render()
    >>> "<b>E1</b>" in page, "\\u0026lt;b\\u0026gt;E1\\u0026lt;/b\\u0026gt;" in page
    (False, True)
    """
    import pandas as pd
    from branca.element import Element

    from geoverify.maps._style import SITE_COLOR, VERDICT_COLORS, escape_html
    from geoverify.maps.interactive import _base_map, _bind, _folium

    folium = _folium()
    m = _base_map(tiles=tiles, attribution=attribution, self_contained=self_contained,
                  width=width, height=height)
    frames: list[tuple[Any, Any, str]] = [(events, verdicts, "events")]
    if others is not None:
        frames.append((others, other_verdicts, "others"))
    layers: list[Any] = []
    for frame, checked, what in frames:
        if not isinstance(frame, pd.DataFrame) or "geometry" not in frame.columns:
            raise GeoverifyError(f"map_events: {what} must be an event frame (read_events)")
        name = _dataset_name(frame, "events" if what == "events" else "other events")
        circles = folium.FeatureGroup(name=escape_html(f"{name}: uncertainty"), overlay=True,
                                      control=True)
        dots = _layer(folium, frame, name, _column(checked, frame, "verdict", "verdicts"),
                      _column(checked, frame, "explanation", "verdicts"), circles)
        layers += [circles, dots]
    if pairs is not None and others is not None and len(pairs):
        lines = folium.FeatureGroup(name="matched pairs", overlay=True, control=True)
        a_geom, b_geom = events.geometry.to_numpy(), others.geometry.to_numpy()
        for pair in pairs.itertuples(index=False):
            ga, gb = a_geom[int(pair.row_a)], b_geom[int(pair.row_b)]
            line = folium.PolyLine([(ga.y, ga.x), (gb.y, gb.x)], color="#555555", weight=2,
                                   dash_array="4 3")
            text = (f"{escape_html(pair.event_id_a)} &harr; {escape_html(pair.event_id_b)}: "
                    f"score {float(pair.score):.3f}, {float(pair.distance_m):,.0f} m, "
                    f"{float(pair.days_apart):g} days apart")
            _bind("Tooltip", text, {"sticky": True}).add_to(line)
            line.add_to(lines)
        layers.append(lines)
    for layer in layers:
        layer.add_to(m)
    box = _bounds([f for f, _, _ in frames])
    if box is not None:
        (south, west), (north, east) = box
        if north - south < 1e-3 and east - west < 1e-3:
            m.location, m.options["zoom"] = [(south + north) / 2, (west + east) / 2], 12
        else:
            m.fit_bounds([[south, west], [north, east]], padding=(20, 20))
    folium.LayerControl(collapsed=False).add_to(m)
    rows = [f"<b>{escape_html(title)}</b>"]
    rows += [f'<div><i style="background:{c}"></i>{escape_html(v)}</div>'
             for v, c in VERDICT_COLORS.items()]
    rows.append(f'<div><i style="background:{SITE_COLOR}"></i>no verdict</div>')
    m.get_root().html.add_child(Element('<div class="gv-legend">' + "".join(rows) + "</div>"),
                                name="gv_legend")
    return m


def _dataset_name(frame: Any, default: str) -> str:
    if "source_dataset" in frame.columns and len(frame):
        names = frame["source_dataset"].dropna().unique()
        if len(names) == 1:
            return str(names[0])
    return default


def _bounds(frames: Sequence[Any]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    import numpy as np

    ys, xs = [], []
    for frame in frames:
        geoms = frame.geometry
        ok = geoms.notna() & ~geoms.is_empty
        ys.append(np.asarray(geoms[ok].y))
        xs.append(np.asarray(geoms[ok].x))
    y, x = np.concatenate(ys) if ys else np.zeros(0), np.concatenate(xs) if xs else np.zeros(0)
    if not len(y):
        return None
    return (float(y.min()), float(x.min())), (float(y.max()), float(x.max()))
