"""Static maps of a report (matplotlib, no network): PNG or SVG for reports and print.

The picture shows the same elements as the interactive map (sites coloured by verdict, their
uncertainty areas dashed, range rings and annuli, direction sectors, clusters, lines and
control areas coloured by the check's verdict, the regions where unknown sites can be and the
candidates by verdict), with the site names, the context that needs no tiles (the Euphrates
line, the gazetteer's places in view as small labelled dots), a scale bar, a north arrow, a
legend and the overall verdict. It is drawn in Web Mercator (EPSG:3857), so that
optional basemap tiles fit; the scale bar is true at the map's centre latitude (over the
few hundred kilometres of a case the scale changes by well under 1 %). matplotlib is
imported lazily and only its Agg/SVG canvases are used (no pyplot, no display).
"""

from __future__ import annotations

import io
import math
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geoverify._render import clean_text
from geoverify.maps._style import (
    KIND_LABELS,
    PLACE_COLOR,
    RIVER_COLOR,
    SITE_COLOR,
    VERDICT_COLORS,
    MapElement,
    MapError,
    bounds,
    map_elements,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from geoverify.report_model import ReportData

__all__ = ["static_map", "static_map_bytes", "save_static_map", "scale_bar_length_m",
           "OSM_TILES"]

#: OpenStreetMap's standard tiles (online basemap; see their tile usage policy).
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
_OSM_CREDIT = "Basemap (c) OpenStreetMap contributors"
_R = 6378137.0  # Web Mercator sphere radius (EPSG:3857)

_STYLE: dict[str, dict[str, Any]] = {
    "control": {"alpha": 0.18, "lw": 0.8, "ls": "-"},
    "uncertainty": {"alpha": 0.08, "lw": 1.2, "ls": (0, (4, 3))},
    "ranges": {"alpha": 0.06, "lw": 1.6, "ls": "-"},
    "sectors": {"alpha": 0.15, "lw": 1.6, "ls": "-"},
    "clusters": {"alpha": 0.10, "lw": 1.6, "ls": (0, (1, 2))},
    "shadows": {"alpha": 0.10, "lw": 1.4, "ls": "-"},
    "other": {"alpha": 0.10, "lw": 1.4, "ls": "-"},
    "lines": {"alpha": 0.0, "lw": 2.0, "ls": "-"},
    "regions": {"alpha": 0.30, "lw": 2.0, "ls": (0, (6, 3))},
    "candidates": {"alpha": 0.35, "lw": 1.2, "ls": "-"},
    "river": {"alpha": 0.0, "lw": 2.2, "ls": "-"},
}


def _plain(text: Any) -> str:
    """Return untrusted text for matplotlib: one line, ``$`` escaped (no mathtext)."""
    return clean_text(text, single_line=True).replace("$", r"\$")


def scale_bar_length_m(width_m: float) -> float:
    """Return a round scale-bar length (1, 2 or 5 x 10^n metres) near a fifth of ``width_m``.

    Examples
    --------
    >>> scale_bar_length_m(100_000), scale_bar_length_m(12_000), scale_bar_length_m(0)
    (20000.0, 2000.0, 0.0)
    """
    target = width_m / 5.0
    if not math.isfinite(target) or target <= 0:
        return 0.0
    base = 10 ** math.floor(math.log10(target))
    for step in (5, 2, 1):
        if step * base <= target:
            return float(step * base)
    return float(base)  # pragma: no cover - unreachable: step 1 always fits


def _to_mercator(geometry: Any) -> Any:
    import numpy as np
    import shapely

    def fwd(coords: Any) -> Any:
        lon = np.radians(coords[:, 0])
        lat = np.radians(np.clip(coords[:, 1], -85.05112878, 85.05112878))
        return np.column_stack([_R * lon, _R * np.log(np.tan(np.pi / 4 + lat / 2))])

    return shapely.transform(geometry, fwd)


def _polygon_path(polygon: Any) -> Any:
    import numpy as np
    from matplotlib.path import Path as MPath

    verts = []
    codes = []
    for ring in (polygon.exterior, *polygon.interiors):
        xy = np.asarray(ring.coords)[:, :2]
        if len(xy) < 3:
            continue
        c = np.full(len(xy), MPath.LINETO, dtype=np.uint8)
        c[0] = MPath.MOVETO
        c[-1] = MPath.CLOSEPOLY
        verts.append(xy)
        codes.append(c)
    if not verts:
        return None
    return MPath(np.concatenate(verts), np.concatenate(codes))


def _draw(ax: Any, geometry: Any, element: MapElement) -> None:
    from matplotlib.patches import PathPatch

    style = _STYLE.get(element.kind, _STYLE["other"])
    kind = geometry.geom_type
    if kind == "Polygon":
        path = _polygon_path(geometry)
        if path is not None:
            ax.add_patch(PathPatch(path, facecolor=element.color, alpha=style["alpha"],
                                   edgecolor="none", zorder=2))
            ax.add_patch(PathPatch(path, facecolor="none", edgecolor=element.color,
                                   lw=style["lw"], ls=style["ls"], zorder=3))
    elif kind in ("LineString", "LinearRing"):
        xy = list(geometry.coords)
        ax.plot([p[0] for p in xy], [p[1] for p in xy], color=element.color, lw=style["lw"],
                ls=style["ls"], zorder=4, solid_capstyle="round")
    elif kind == "Point":
        ax.scatter([geometry.x], [geometry.y], s=28, color=element.color, edgecolors="white",
                   linewidths=1.0, zorder=5)
    elif hasattr(geometry, "geoms"):
        for part in geometry.geoms:
            if not part.is_empty:
                _draw(ax, part, element)


def _fetch_tiles(ax: Any, extent: tuple[float, float, float, float], url: str,
                 pixels: float, timeout: float) -> bool:
    """Draw basemap tiles for ``extent`` (EPSG:3857) from ``url``; return False on failure."""
    import urllib.request

    import numpy as np
    from matplotlib.image import imread

    x0, x1, y0, y1 = extent
    world = 2 * math.pi * _R
    zoom = int(max(0, min(17, math.floor(math.log2(pixels / 256 * world / max(x1 - x0, 1.0))))))
    n = 2 ** zoom
    size = world / n

    def tile_x(x: float) -> int:
        return int(min(n - 1, max(0, math.floor((x + world / 2) / size))))

    def tile_y(y: float) -> int:
        return int(min(n - 1, max(0, math.floor((world / 2 - y) / size))))

    tx0, tx1 = tile_x(x0), tile_x(x1)
    ty0, ty1 = tile_y(y1), tile_y(y0)
    if (tx1 - tx0 + 1) * (ty1 - ty0 + 1) > 64:
        return False
    rows = []
    try:
        for ty in range(ty0, ty1 + 1):
            row = []
            for tx in range(tx0, tx1 + 1):
                request = urllib.request.Request(
                    url.format(z=zoom, x=tx, y=ty),
                    headers={"User-Agent": "geoverify (static map basemap)"})
                with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                    image = imread(io.BytesIO(response.read()), format="png")
                if image.dtype != np.float32 and image.dtype != np.float64:
                    image = image / 255.0
                if image.ndim == 2:
                    image = np.dstack([image] * 3)
                row.append(image[:, :, :3])
            rows.append(np.concatenate(row, axis=1))
        mosaic = np.concatenate(rows, axis=0)
    except Exception as exc:  # network, HTTP or image errors: the map is drawn without tiles
        warnings.warn(f"basemap tiles unavailable ({type(exc).__name__}: {exc}); "
                      "drawing the map without them", stacklevel=3)
        return False
    left = tx0 * size - world / 2
    right = (tx1 + 1) * size - world / 2
    top = world / 2 - ty0 * size
    bottom = world / 2 - (ty1 + 1) * size
    ax.imshow(mosaic, extent=(left, right, bottom, top), zorder=0, interpolation="bilinear")
    return True


def static_map(report: ReportData, *, width_in: float = 8.0, height_in: float = 6.5,
               dpi: float = 110, basemap: bool | str = False, timeout: float = 10.0,
               title: str | None = None, context: bool = True) -> Figure:
    """Return a matplotlib Figure of the report's map (no network unless ``basemap``).

    Parameters
    ----------
    report : ReportData
        The report to draw.
    width_in, height_in : float, optional
        Figure size in inches.
    dpi : float, optional
        Resolution for raster output.
    basemap : bool or str, optional
        False (default): no tiles, fully offline. True: OpenStreetMap tiles
        (:data:`OSM_TILES`); a string: a tile URL template with ``{z}``, ``{x}``, ``{y}``.
        Tiles that cannot be fetched are skipped with a warning.
    timeout : float, optional
        Seconds to wait for each tile.
    title : str, optional
        The title; by default the report's title and overall verdict.
    context : bool, optional
        Draw what needs no tiles (default): the Euphrates line geoverify ships and the
        gazetteer's places in view as small labelled dots, as the interactive map does.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from geoverify.report_model import ReportData
    >>> from geoverify.sites import Site
    >>> fig = static_map(ReportData("c", "t", {"a": Site(35.0, 40.5, 3000, name="A")},
    ...                                     (), ()))
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_text() == "A"]
    ['A']
    """
    try:
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
        from matplotlib.patheffects import withStroke
    except ImportError:  # pragma: no cover - matplotlib is in the maps and test extras
        raise MapError("static maps need matplotlib: pip install 'geoverify[maps]'") from None

    elements = map_elements(report)
    box = bounds(elements)
    if context:
        from geoverify.maps._style import context_elements

        elements = context_elements(elements) + elements
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    ax = fig.add_axes((0.02, 0.02, 0.96, 0.90))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#f7f6f2")
    heading = title if title is not None else (
        f"{report.title or report.case_id}"
        + (f" - overall: {report.verdict}" if report.checks else ""))
    import textwrap

    lines = textwrap.wrap(_plain(heading), 90) or [" "]
    if len(lines) > 2:  # two lines fit above the map
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), 88, placeholder=" ...")]
    fig.suptitle("\n".join(lines), fontsize=10, y=0.985, va="top")

    if box is None:
        box = (40.0, 34.5, 41.0, 35.5)
    mx0, my0, mx1, my1 = _to_mercator_box(box)
    pad = 0.08 * max(mx1 - mx0, my1 - my0, 2000.0)
    x0, x1, y0, y1 = mx0 - pad, mx1 + pad, my0 - pad, my1 + pad
    # fill the axes' aspect ratio so the picture is not stretched
    aspect = (height_in * 0.90) / (width_in * 0.96)
    if (y1 - y0) / (x1 - x0) < aspect:
        grow = ((x1 - x0) * aspect - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    else:
        grow = ((y1 - y0) / aspect - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")

    if basemap:
        url = OSM_TILES if basemap is True else str(basemap)
        if _fetch_tiles(ax, (x0, x1, y0, y1), url, width_in * dpi, timeout):
            ax.text(0.995, 0.005, _OSM_CREDIT if basemap is True else "Basemap tiles",
                    transform=ax.transAxes, ha="right", va="bottom", fontsize=6,
                    color="#333", zorder=9)

    halo = [withStroke(linewidth=3, foreground="white")]
    labels = []
    for element in elements:
        geometry = _to_mercator(element.geometry)
        if element.kind == "places":
            ax.scatter([geometry.x], [geometry.y], s=6, color=element.color, zorder=6,
                       linewidths=0)
            ax.annotate(_plain(element.label)[:40], (geometry.x, geometry.y), xytext=(3, 1),
                        textcoords="offset points", fontsize=5.5, color="#555", zorder=6,
                        path_effects=[withStroke(linewidth=2, foreground="white")],
                        annotation_clip=True)
            continue
        _draw(ax, geometry, element)
        if element.kind == "sites" and element.site_group is not None:
            labels.append(element)
    _label_sites(ax, labels, (x0, x1, y0, y1), width_in, height_in, halo)

    # scale bar, true at the centre latitude (Web Mercator stretches by 1/cos(latitude))
    lat_c = math.degrees(2 * math.atan(math.exp(((y0 + y1) / 2) / _R)) - math.pi / 2)
    k = math.cos(math.radians(lat_c))
    length_m = scale_bar_length_m((x1 - x0) * k)
    if length_m:
        bar = length_m / k
        bx = x0 + 0.04 * (x1 - x0)
        by = y0 + 0.05 * (y1 - y0)
        ax.plot([bx, bx + bar], [by, by], color="#222", lw=3, solid_capstyle="butt", zorder=9)
        ax.plot([bx, bx + bar / 2], [by, by], color="white", lw=1.2, solid_capstyle="butt",
                zorder=9)
        km = length_m / 1000
        text = f"{km:g} km" if km >= 1 else f"{length_m:g} m"
        ax.text(bx + bar / 2, by + 0.015 * (y1 - y0), text, ha="center", va="bottom",
                fontsize=8, color="#222", zorder=9, path_effects=halo)
    # north arrow (Web Mercator: north is straight up everywhere)
    ax.annotate("N", xy=(0.955, 0.95), xytext=(0.955, 0.84), xycoords="axes fraction",
                textcoords="axes fraction", ha="center", va="top", fontsize=10,
                fontweight="bold", zorder=9,
                arrowprops={"arrowstyle": "-|>", "color": "#222", "lw": 1.5})

    handles: list[Any] = []
    verdicts = [v for v in VERDICT_COLORS if any(e.verdict == v for e in elements)]
    for verdict in verdicts:
        handles.append(Patch(facecolor=VERDICT_COLORS[verdict], edgecolor="none",
                             label=verdict))
    if any(e.kind == "sites" and e.verdict is None for e in elements):
        handles.append(Line2D([], [], marker="o", ls="none", color=SITE_COLOR,
                              label="site (not checked)"))
    if any(e.kind == "uncertainty" for e in elements):
        handles.append(Line2D([], [], color=SITE_COLOR, ls=(0, (4, 3)), label="uncertainty"))
    if any(e.kind == "regions" for e in elements):
        handles.append(Patch(facecolor=VERDICT_COLORS["inconclusive"], alpha=0.4,
                             edgecolor=VERDICT_COLORS["inconclusive"], ls="--",
                             label="where a site can be (region)"))
    if any(e.kind == "river" for e in elements):
        handles.append(Line2D([], [], color=RIVER_COLOR, lw=2,
                              label="Euphrates (Natural Earth 1:50m, 1-3 km off)"))
    if any(e.kind == "places" for e in elements):
        handles.append(Line2D([], [], marker="o", ls="none", color=PLACE_COLOR, markersize=3,
                              label="gazetteer place"))
    kinds = [k for k in ("ranges", "sectors", "clusters", "lines", "control", "shadows",
                         "candidates")
             if any(e.kind == k for e in elements)]
    if kinds:
        handles.append(Patch(facecolor="none", edgecolor="none",
                             label=", ".join(KIND_LABELS[k] for k in kinds)))
    if handles:
        ax.legend(handles=handles, loc="best", fontsize=7, framealpha=0.9)
    return fig


def _label_sites(ax: Any, labels: list[MapElement], extent: tuple[float, float, float, float],
                 width_in: float, height_in: float, halo: Any) -> None:
    """Write the site names beside their markers, each on the side least crowded so far."""
    x0, x1, y0, y1 = extent
    # candidate offsets (points) and alignment; the first free one is used
    sides = [((6, 3), "left", "bottom"), ((6, -3), "left", "top"), ((-6, 3), "right", "bottom"),
             ((-6, -3), "right", "top")]
    taken: list[tuple[float, float, float, float]] = []  # boxes in inches from the origin
    for element in sorted(labels, key=lambda e: -e.geometry.y):
        names = element.site_group.names if element.site_group is not None else ()
        lines = [_plain(n)[:48] for n in names[:3]]
        if len(names) > 3:
            lines.append(f"+{len(names) - 3} more")
        label = "\n".join(lines)
        point = _to_mercator(element.geometry)
        px = (point.x - x0) / (x1 - x0) * width_in * 0.96
        py = (point.y - y0) / (y1 - y0) * height_in * 0.90
        w = max((len(s) for s in lines), default=1) * 7 * 0.55 / 72
        h = len(lines) * 7 * 1.25 / 72
        choice = sides[0]
        for side in sides:
            (dx, dy), ha, va = side
            bx0 = px + dx / 72 - (w if ha == "right" else 0)
            by0 = py + dy / 72 - (h if va == "top" else 0)
            box = (bx0, by0, bx0 + w, by0 + h)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in taken):
                choice = side
                break
        (dx, dy), ha, va = choice
        bx0 = px + dx / 72 - (w if ha == "right" else 0)
        by0 = py + dy / 72 - (h if va == "top" else 0)
        taken.append((bx0, by0, bx0 + w, by0 + h))
        ax.annotate(label, (point.x, point.y), xytext=(dx, dy), textcoords="offset points",
                    ha=ha, va=va, fontsize=7, color="#222", zorder=8, path_effects=halo,
                    annotation_clip=True)


def _to_mercator_box(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    from shapely.geometry import box as make_box

    minx, miny, maxx, maxy = _to_mercator(make_box(*box)).bounds
    return float(minx), float(miny), float(maxx), float(maxy)


def static_map_bytes(report: ReportData, *, fmt: str = "png", **options: Any) -> bytes:
    """Return the static map as PNG or SVG bytes (``options`` go to :func:`static_map`).

    Examples
    --------
    >>> from geoverify.report_model import ReportData
    >>> static_map_bytes(ReportData("c", "t", {}, (), ()), fmt="svg")[:5]
    b'<?xml'
    """
    name = fmt.lower().lstrip(".")
    if name not in ("png", "svg"):
        raise MapError(f"static map format {fmt!r}: use png or svg")
    fig = static_map(report, **options)
    buffer = io.BytesIO()
    metadata: dict[str, Any] = {"Software": "geoverify"} if name == "png" else {"Date": None}
    fig.savefig(buffer, format=name, metadata=metadata)
    return buffer.getvalue()


def save_static_map(report: ReportData, path: str | os.PathLike[str], *,
                    fmt: str | None = None, **options: Any) -> Path:
    r"""Write the static map to ``path`` atomically, PNG or SVG by ``fmt`` or the suffix.

    Raises
    ------
    MapError
        If the format is neither PNG nor SVG, or the file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from geoverify.report_model import ReportData
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = save_static_map(ReportData("c", "t", {}, (), ()), pathlib.Path(d, "m.png"))
    ...     p.read_bytes()[:4]
    b'\x89PNG'
    """
    from geoverify._paths import write_output

    name = fmt or Path(path).suffix.lstrip(".") or "png"
    data = static_map_bytes(report, fmt=name, **options)
    return write_output(path, data, what="map file",
                        error=MapError)
