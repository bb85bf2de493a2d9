"""Interactive Leaflet maps of a report (folium): layers per claimant and kind, popups, legend.

The map holds one layer (a folium ``FeatureGroup``) for the sites, one for their uncertainty
areas, and one per claimant and kind of element (range rings and annuli, direction sectors,
clusters, lines, control areas...), a layer control, a legend, and colours by verdict.
Popups and tooltips show the claim, its source link (http/https only) and the check's
sentence; every text from the case is escaped here (folium does not escape popup or tooltip
text), and the popups are bound with JSON strings, not folium's JS template literals.

Offline: Leaflet's JavaScript and CSS are put inline in the page (from the ``xstatic-leaflet``
package, Leaflet 1.9.3, the version folium uses) when it is installed, so a saved map opens
and shows every layer with no network; only the basemap tiles are then missing. Without
``xstatic-leaflet`` the page loads Leaflet from folium's CDN. Nothing else is loaded: no
jQuery, Bootstrap or icon fonts (markers are plain ``divIcon`` dots).
"""

from __future__ import annotations

import base64
import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geoverify._render import clean_text, format_number, safe_url
from geoverify.maps._style import (
    KIND_LABELS,
    SITE_COLOR,
    VERDICT_COLORS,
    MapElement,
    MapError,
    bounds,
    escape_html,
    map_elements,
)

if TYPE_CHECKING:  # pragma: no cover
    import folium

    from geoverify.checks.result import CheckResult
    from geoverify.report_model import ClaimSummary, ReportData
    from geoverify.sites import Site

__all__ = [
    "interactive_map",
    "map_html",
    "save_map",
    "map_claims",
    "claims_report",
    "leaflet_inline_available",
]

#: Style of each kind of element (Leaflet path options); colours come from the verdicts.
_PATH_STYLE: dict[str, dict[str, Any]] = {
    "uncertainty": {"weight": 1.5, "dash_array": "5 4", "fill_opacity": 0.08},
    "ranges": {"weight": 2, "fill_opacity": 0.06},
    "sectors": {"weight": 2, "fill_opacity": 0.15},
    "clusters": {"weight": 2, "dash_array": "2 4", "fill_opacity": 0.1},
    "lines": {"weight": 2.5, "fill_opacity": 0.0},
    "control": {"weight": 1, "fill_opacity": 0.2},
    "shadows": {"weight": 2, "fill_opacity": 0.1},
    "other": {"weight": 2, "fill_opacity": 0.1},
    "regions": {"weight": 2.5, "dash_array": "8 4", "fill_opacity": 0.3},
    "candidates": {"weight": 1.5, "fill_opacity": 0.35},
    "river": {"weight": 3, "opacity": 0.8, "fill_opacity": 0.0},
}

_MARKER_CSS = (
    ".gv-site{width:14px;height:14px;border-radius:50%;border:2px solid #fff;"
    "box-shadow:0 0 0 1px #333;box-sizing:border-box}"
    ".gv-popup{font:12px/1.4 system-ui,sans-serif;max-width:320px;overflow-wrap:anywhere}"
    ".gv-popup ul{margin:.2em 0;padding-left:1.1em}.gv-popup hr{margin:.4em 0}"
    ".gv-verdict{color:#fff;border-radius:.6em;padding:0 .4em;font-weight:600}"
    ".gv-legend{position:fixed;bottom:26px;right:10px;z-index:1000;background:#fff;"
    "padding:6px 9px;border:1px solid #999;border-radius:4px;"
    "font:12px/1.35 system-ui,sans-serif;max-width:280px;box-shadow:0 1px 4px rgba(0,0,0,.3);"
    "overflow-wrap:anywhere}"
    ".gv-legend i{display:inline-block;width:12px;height:12px;margin-right:5px;"
    "vertical-align:-2px;border-radius:2px}"
    ".gv-legend b{display:block;margin-bottom:2px}"
    ".gv-label{background:rgba(255,255,255,.85);border:0;box-shadow:none;padding:0 3px;"
    "font:600 11px/1.3 system-ui,sans-serif;color:#222}"
    ".gv-label:before{display:none}"
    ".gv-place{background:transparent;border:0;box-shadow:none;padding:0 2px;"
    "font:10px/1.2 system-ui,sans-serif;color:#555;text-shadow:0 0 2px #fff,0 0 2px #fff}"
    ".gv-place:before{display:none}"
)


def _folium() -> Any:
    try:
        import folium
    except ImportError:  # pragma: no cover - folium is in the maps and test extras
        raise MapError("interactive maps need folium: pip install 'geoverify[maps]'") from None
    return folium


@functools.lru_cache(maxsize=1)
def _leaflet_assets() -> tuple[str, str] | None:
    """Return Leaflet's (JavaScript, CSS) with images as data URIs, or None if not installed."""
    try:
        from xstatic.pkg import leaflet as xleaflet
    except ImportError:
        return None
    base = Path(xleaflet.BASE_DIR)
    try:
        js = (base / "leaflet.js").read_text(encoding="utf-8")
        css = (base / "leaflet.css").read_text(encoding="utf-8")
        for image in sorted((base / "images").glob("*.png")):
            uri = "data:image/png;base64," + base64.b64encode(image.read_bytes()).decode("ascii")
            css = css.replace(f"url(images/{image.name})", f"url({uri})")
    except OSError:  # pragma: no cover - a broken installation
        return None
    # nothing in a library file may close the <script>/<style> element early
    js = js.replace("</script", "<\\/script")
    css = css.replace("</style", "<\\/style")
    return js, css


def leaflet_inline_available() -> bool:
    """Return whether saved maps are self-contained (Leaflet inline, from ``xstatic-leaflet``).

    Examples
    --------
    >>> isinstance(leaflet_inline_available(), bool)
    True
    """
    return _leaflet_assets() is not None


@functools.lru_cache(maxsize=1)
def _bind_class() -> Any:
    from branca.element import MacroElement
    from jinja2 import Template

    class _Bind(MacroElement):  # type: ignore[misc]
        _template = Template(
            "{% macro script(this, kwargs) %}"
            "{{ this._parent.get_name() }}.bind{{ this.kind }}("
            "{{ this.content|tojson }}, {{ this.options|tojson }});"
            "{% endmacro %}"
        )

        def __init__(self, kind: str, content: str, options: Mapping[str, Any]) -> None:
            super().__init__()
            self._name = "GeoverifyBind"
            self.kind = kind
            self.content = content
            self.options = dict(options)

    return _Bind


def _bind(kind: str, content: str, options: Mapping[str, Any]) -> Any:
    """Return an element that binds ``content`` (trusted HTML) as a ``Popup`` or ``Tooltip``.

    The content travels as a JSON string (``tojson`` escapes ``<``, ``>``, ``&`` and quotes),
    never inside a JavaScript template literal as folium's own Popup and Tooltip put it.
    """
    if kind not in ("Popup", "Tooltip"):  # the kind is pasted into the script
        raise MapError(f"cannot bind a {kind!r}")
    return _bind_class()(kind, content, options)


def _link(url: Any, text: str = "source") -> str:
    good = safe_url(url)
    if good is None:
        return escape_html(url) if url else ""
    return (f'<a href="{escape_html(good)}" target="_blank" '
            f'rel="noopener noreferrer nofollow">{escape_html(text)}</a>')


def _badge(verdict: str | None) -> str:
    if not verdict:
        return ""
    color = VERDICT_COLORS.get(verdict, SITE_COLOR)
    return f'<span class="gv-verdict" style="background:{color}">{escape_html(verdict)}</span>'


def _claims_html(claims: Sequence[ClaimSummary]) -> str:
    if not claims:
        return ""
    items = []
    for claim in claims:
        head = f"<b>{escape_html(claim.claimant)}</b>"
        extra = ", ".join(escape_html(x) for x in (claim.kind, claim.when) if x)
        if extra:
            head += f" ({extra})"
        text = escape_html(claim.text) if claim.text else ""
        if claim.quote:
            text += f" <i>&ldquo;{escape_html(claim.quote)}&rdquo;</i>"
        src = _link(claim.source_url) if claim.source_url else ""
        items.append(f"<li>{head}: {text}" + (f" [{src}]" if src else "") + "</li>")
    return "<hr><b>Claims</b><ul>" + "".join(items) + "</ul>"


def _site_popup(element: MapElement) -> str:
    group = element.site_group
    if group is None:
        return _check_popup(element)
    rows = []
    for site_id, site, name in zip(group.site_ids, group.sites, group.names, strict=True):
        line = (f"<b>{escape_html(name)}</b> <code>{escape_html(site_id)}</code><br>"
                f"{site.lat:.5f}, {site.lon:.5f}; uncertainty "
                f"&plusmn;{escape_html(format_number(site.uncertainty_m))} m; located by "
                f"{escape_html(site.method)}")
        if site.source:
            line += "; source: " + (_link(site.source, site.source) if safe_url(site.source)
                                    else escape_html(site.source))
        if site.note:
            line += f"<br><i>{escape_html(site.note)}</i>"
        rows.append(line)
    verdict = (f"<br>Checks at this place: {_badge(group.verdict)}" if group.verdict else "")
    return ('<div class="gv-popup">' + "<br>".join(rows) + verdict
            + _claims_html(group.claims) + "</div>")


def _check_popup(element: MapElement) -> str:
    parts = [f"<b>{escape_html(element.label)}</b>"]
    if element.check is not None:
        check = element.check
        parts.append(f"<br>{_badge(element.verdict)} <code>{escape_html(element.check_id)}</code>"
                     f" ({escape_html(check.kind)})")
        parts.append(f"<br>{escape_html(check.explanation)}")
    elif element.site_group is not None:
        parts.append("<br>" + " / ".join(escape_html(n) for n in element.site_group.names))
    if element.kind in ("regions", "candidates"):
        props = element.properties
        if element.verdict:
            parts.append(f"<br>{_badge(element.verdict)}")
        ids = props.get("statements") or props.get("failed") or []
        if ids:
            word = "statements" if element.kind == "regions" else "excluded by"
            parts.append(f"<br>{word}: " + ", ".join(f"<code>{escape_html(i)}</code>"
                                                    for i in ids))
    return '<div class="gv-popup">' + "".join(parts) + _claims_html(element.claims) + "</div>"


def _tooltip(element: MapElement) -> str:
    text = escape_html(element.label)
    if element.verdict and element.kind != "sites":
        text += f" ({escape_html(element.verdict)})"
    elif element.verdict:
        text += f" (checks: {escape_html(element.verdict)})"
    return text


def _latlon(coords: Iterable[Sequence[float]]) -> list[tuple[float, float]]:
    return [(float(c[1]), float(c[0])) for c in coords]


def _paths(folium: Any, geometry: Any, style: Mapping[str, Any], color: str) -> list[Any]:
    """Return the folium vector layers for a geometry: one Leaflet path per part."""
    kind = geometry.geom_type
    if kind == "Polygon":
        rings = [_latlon(geometry.exterior.coords)]
        rings += [_latlon(r.coords) for r in geometry.interiors]
        return [folium.Polygon(rings if len(rings) > 1 else rings[0], color=color,
                               fill=True, fill_color=color, **style)]
    if kind in ("LineString", "LinearRing"):
        line_style = {k: v for k, v in style.items() if k != "fill_opacity"}
        return [folium.PolyLine(_latlon(geometry.coords), color=color, **line_style)]
    if kind == "Point":
        return [folium.CircleMarker((geometry.y, geometry.x), radius=5, color=color, weight=2,
                                    fill=True, fill_color=color, fill_opacity=0.8)]
    if hasattr(geometry, "geoms"):
        return [p for g in geometry.geoms if not g.is_empty
                for p in _paths(folium, g, style, color)]
    return []


def _tile_layer(folium: Any, tiles: Any, attribution: str | None) -> Any:
    try:
        if isinstance(tiles, str) and "{" in tiles:
            if not attribution:
                raise MapError(f"tiles {tiles!r}: a tile URL needs attribution= (the provider's "
                               "credit line)")
            return folium.TileLayer(tiles, attr=attribution, name="basemap")
        return folium.TileLayer(tiles, attr=attribution)
    except MapError:
        raise
    except Exception as exc:  # folium/xyzservices raise ValueError/KeyError for unknown names
        raise MapError(f"tiles {tiles!r}: unknown tile provider ({exc})") from None


def _legend(report: ReportData, kinds: Sequence[str]) -> str:
    title = escape_html(report.title or report.case_id)
    rows = [f"<b>{title}</b>" if title else ""]
    if report.checks:
        rows.append(f"Overall verdict: {_badge(str(report.verdict))}")
    for verdict, color in VERDICT_COLORS.items():
        rows.append(f'<div><i style="background:{color}"></i>{escape_html(verdict)}</div>')
    rows.append(f'<div><i style="background:{SITE_COLOR}"></i>site not checked / '
                "uncertainty area (dashed)</div>")
    shown = ", ".join(escape_html(KIND_LABELS[k]) for k in kinds)
    if shown:
        rows.append(f'<div style="color:#555">Layers: {shown}</div>')
    return '<div class="gv-legend" id="gv-legend">' + "".join(rows) + "</div>"


def _base_map(*, tiles: Any, attribution: str | None, self_contained: bool,
              width: str | int, height: str | int) -> Any:
    """Return an empty map as every geoverify map starts: Leaflet inline, markers' CSS, tiles."""
    folium = _folium()
    from branca.element import Element

    m = folium.Map(tiles=None, width=width, height=height, control_scale=True,
                   prefer_canvas=False)
    if self_contained and (assets := _leaflet_assets()) is not None:
        js, css = assets
        m.default_js = []
        m.default_css = []
        root = m.get_root()
        root.header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css_inline")
        root.header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js_inline")
    else:
        m.default_js = [(n, u) for n, u in m.default_js if n == "leaflet"]
        m.default_css = [(n, u) for n, u in m.default_css if n == "leaflet_css"]
    m.get_root().header.add_child(Element(f"<style>{_MARKER_CSS}</style>"), name="gv_css")
    if tiles is not None:
        _tile_layer(folium, tiles, attribution).add_to(m)
    return m


def interactive_map(report: ReportData, *, tiles: Any = "OpenStreetMap",
                    attribution: str | None = None, self_contained: bool = True,
                    width: str | int = "100%", height: str | int = "100%",
                    collapsed: bool = False, context: bool = True) -> folium.Map:
    r"""Return an interactive Leaflet map (a ``folium.Map``) of a verification report.

    Layers: ``Sites`` (one marker per location, coloured by the combined verdict of the
    checks that used it, its name as a label), ``Uncertainty areas``, one layer per claimant
    and kind of element (``<claimant>: range rings and annuli``, ``...: direction sectors``,
    clusters, lines, control areas), the regions where unknown sites can be and the
    candidates (filled, by verdict), plus a layer control and a legend. With ``context``
    (default) the map can be read offline, without tiles: the Euphrates line geoverify ships
    and the gazetteer's places in view as small labelled dots. Popups hold the claim, its
    source link and the check's sentence; tooltips the label and verdict. All case text is
    escaped. The map displays inline in Jupyter; :func:`save_map` writes it to a file.

    Parameters
    ----------
    report : ReportData
        The report to map.
    tiles : str, xyzservices.TileProvider or None, optional
        The basemap: a folium/xyzservices provider name (``"OpenStreetMap"``,
        ``"CartoDB positron"``, ``"Esri.WorldImagery"``), a provider object, a tile URL
        template (``https://.../{z}/{x}/{y}.png``, with ``attribution``), or ``None`` for no
        basemap (fully offline).
    attribution : str, optional
        The credit line for a tile URL template.
    self_contained : bool, optional
        Put Leaflet's JavaScript and CSS inline (needs ``xstatic-leaflet``), so the page
        needs no network except for tiles. Default True.
    width, height : str or int, optional
        The map's size (CSS or pixels).
    collapsed : bool, optional
        Start with the layer control folded into an icon. Default False.
    context : bool, optional
        Draw the river line and the gazetteer's places in view. Default True.

    Returns
    -------
    folium.Map

    Raises
    ------
    MapError
        If folium is not installed or the tile provider is unknown.

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> from geoverify.report_model import ClaimSummary, ReportData
    >>> from geoverify.sites import Site
    >>> report = ReportData(
    ...     "c", "Rockets", {"gv": Site(35.02, 40.56, 800, name="Green Village")},
    ...     (ClaimSummary("claim-1", "Coalition", "impact", text="<b>8</b> rockets", site="gv"),),
    ...     ())
    >>> m = interactive_map(report, tiles=None)
    >>> page = m.get_root().render()
    >>> "\\u0026lt;b\\u0026gt;8\\u0026lt;/b\\u0026gt; rockets" in page
    True
    >>> "<b>8</b> rockets" in page
    False
    """
    folium = _folium()
    elements = map_elements(report)
    if context:
        from geoverify.maps._style import context_elements

        elements = context_elements(elements) + elements
    m = _base_map(tiles=tiles, attribution=attribution, self_contained=self_contained,
                  width=width, height=height)
    from branca.element import Element

    groups: dict[str, Any] = {}
    kinds: list[str] = []
    for element in elements:
        name = element.layer
        group = groups.get(name)
        if group is None:
            shown = name if len(name) <= 90 else name[:60] + " ... " + name[-25:]
            group = folium.FeatureGroup(name=escape_html(shown), overlay=True, control=True)
            groups[name] = group
        if element.kind not in kinds:
            kinds.append(element.kind)
        is_site_marker = element.kind == "sites" and element.site_group is not None
        popup = _site_popup(element) if is_site_marker else _check_popup(element)
        tooltip: dict[str, Any] = {"sticky": True}
        if is_site_marker:
            icon = folium.DivIcon(
                html=f'<div class="gv-site" style="background:{element.color}"></div>',
                icon_size=(14, 14), icon_anchor=(7, 7), class_name="gv-site-icon")
            layers = [folium.Marker((element.geometry.y, element.geometry.x), icon=icon)]
            tooltip = {"permanent": True, "direction": "right", "offset": [8, 0],
                       "className": "gv-label"}
        elif element.kind == "places":
            layers = [folium.CircleMarker((element.geometry.y, element.geometry.x), radius=2.5,
                                          color=element.color, weight=1, fill=True,
                                          fill_color=element.color, fill_opacity=0.9)]
            tooltip = {"permanent": True, "direction": "right", "offset": [4, 0],
                       "className": "gv-place"}
        else:
            style = _PATH_STYLE.get(element.kind, _PATH_STYLE["other"])
            layers = _paths(folium, element.geometry, style, element.color)
        for layer in layers:
            if element.kind != "places":
                _bind("Popup", popup, {"maxWidth": 340}).add_to(layer)
            text = (escape_html(element.label) if tooltip.get("permanent")
                    else _tooltip(element))
            _bind("Tooltip", text, tooltip).add_to(layer)
            layer.add_to(group)
    # the layer control lists the groups in insertion order: sites first, as people expect
    for name in sorted(groups, key=lambda n: (n != "Sites", n != "Uncertainty areas")):
        groups[name].add_to(m)
    box = bounds(elements)
    if box is not None:
        minx, miny, maxx, maxy = box
        if maxx - minx < 1e-3 and maxy - miny < 1e-3:
            m.location = [(miny + maxy) / 2, (minx + maxx) / 2]
            m.options["zoom"] = 13
        else:
            m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(20, 20))
    else:
        m.location = [35.0, 40.5]
        m.options["zoom"] = 7
    folium.LayerControl(collapsed=collapsed).add_to(m)
    m.get_root().html.add_child(Element(_legend(report, kinds)), name="gv_legend")
    return m


def map_html(report_or_map: Any, **options: Any) -> str:
    """Return the map as one HTML page (a report is mapped first with ``options``).

    Examples
    --------
    >>> from geoverify.report_model import ReportData
    >>> map_html(ReportData("c", "t", {}, (), ()), tiles=None).startswith("<!DOCTYPE html>")
    True
    """
    if hasattr(report_or_map, "get_root"):
        m = report_or_map
    else:
        m = interactive_map(report_or_map, **options)
    return str(m.get_root().render())


def save_map(report_or_map: Any, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write the map of a report (or a folium map) to an HTML file, atomically.

    The page is self-contained when ``xstatic-leaflet`` is installed (see
    :func:`leaflet_inline_available`): it opens and shows every layer offline; only
    basemap tiles need the network.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from geoverify.report_model import ReportData
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = save_map(ReportData("c", "t", {}, (), ()), pathlib.Path(d, "m.html"))
    ...     p.read_text(encoding="utf-8").count("L.map(")
    1
    """
    from geoverify._paths import write_output

    text = map_html(report_or_map, **options)
    return write_output(path, text.encode("utf-8"), what="map file",
                        error=MapError)


# ---------------------------------------------------------------------------------------
# any list of claims


def _claim_site(item: Mapping[str, Any], index: int) -> Site | None:
    from geoverify.locate import site_from_text
    from geoverify.sites import Site

    site = item.get("site")
    if isinstance(site, Site):
        return site
    where = item.get("where")
    unc = item.get("uncertainty_m")
    if item.get("lat") is not None and item.get("lon") is not None:
        try:
            return Site(float(item["lat"]), float(item["lon"]), float(unc or 0.0),
                        name=item.get("name"))
        except (TypeError, ValueError) as exc:
            raise MapError(f"claim {index + 1}: lat/lon: {exc}") from None
    if where is not None or isinstance(site, str):
        found = site_from_text(str(where if where is not None else site))
        if unc is not None:
            found = found.with_uncertainty(float(unc))
        if item.get("name"):
            from dataclasses import replace

            found = replace(found, name=str(item["name"]))
        return found
    return None


def claims_report(claims: Iterable[Any], *, sites: Mapping[str, Site] | None = None,
                  checks: Sequence[CheckResult] = (), title: str = "Claims") -> ReportData:
    """Return a report holding any list of claims and sites, ready to map (no check is run).

    Each item of ``claims`` is a :class:`~geoverify.sites.Site` (a bare location), a
    :class:`~geoverify.report_model.ClaimSummary` (its ``site`` names ids in ``sites``), or a
    mapping with ``claimant``, ``text``, ``source_url`` (or ``url``), ``when``, ``kind``,
    ``id``, ``name`` and a location: ``site`` (a Site, or a text), ``where`` (coordinates
    in any notation or a place name, geocoded offline) or ``lat``/``lon``, with an optional
    ``uncertainty_m``.

    Raises
    ------
    MapError
        If an item is of none of these kinds.
    PlaceNotFound, AmbiguousPlace
        If a ``where`` text cannot be located.

    Examples
    --------
    >>> r = claims_report([{"claimant": "SOHR", "text": "Drone strike", "lat": 35.0,
    ...                     "lon": 40.5, "uncertainty_m": 2000}])
    >>> list(r.sites), r.claims[0].site
    (['claim-1'], 'claim-1')
    """
    from geoverify.report_model import ClaimSummary, ReportData
    from geoverify.sites import Site

    all_sites: dict[str, Site] = dict(sites or {})
    summaries: list[ClaimSummary] = []
    for index, item in enumerate(claims):
        if isinstance(item, Site):
            all_sites[f"site-{index + 1}"] = item
            continue
        if isinstance(item, ClaimSummary):
            summaries.append(item)
            continue
        if not isinstance(item, Mapping):
            raise MapError(f"claim {index + 1}: expected a Site, a ClaimSummary or a mapping, "
                           f"not {type(item).__name__}")
        cid = clean_text(item.get("id") or f"claim-{index + 1}", single_line=True)
        site = _claim_site(item, index)
        site_id = None
        if site is not None:
            site_id = cid
            if site.name is None:
                from dataclasses import replace

                site = replace(site, name=str(item.get("name") or item.get("where") or cid))
            all_sites[site_id] = site
        count = item.get("count")
        summaries.append(ClaimSummary(
            id=cid, claimant=str(item.get("claimant") or "unknown claimant"),
            kind=str(item.get("kind") or "other"), text=str(item.get("text") or ""),
            site=site_id, when=None if item.get("when") is None else str(item["when"]),
            weapon=item.get("weapon"), count=int(count) if count is not None else None,
            actor=item.get("actor"), source_url=item.get("source_url") or item.get("url"),
            quote=item.get("quote"),
        ))
    return ReportData("claims", title, all_sites, tuple(summaries), tuple(checks))


def map_claims(claims: Iterable[Any], *, sites: Mapping[str, Site] | None = None,
               checks: Sequence[CheckResult] = (), title: str = "Claims",
               **options: Any) -> folium.Map:
    """Return an interactive map of any list of claims and sites (see :func:`claims_report`).

    ``options`` go to :func:`interactive_map` (``tiles``, ``self_contained``...).

    Examples
    --------
    >>> m = map_claims([{"claimant": "SOHR", "text": "Strike", "where": "34.95629, 40.54139"}],
    ...                tiles=None)
    >>> type(m).__name__
    'Map'
    """
    report = claims_report(claims, sites=sites, checks=checks, title=title)
    return interactive_map(report, **options)
