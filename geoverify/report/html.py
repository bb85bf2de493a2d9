"""The HTML report: one self-contained page (inline CSS and SVG, no script, no external assets).

Every interpolated string goes through :func:`html.escape` with ``quote=True``, attribute
values included; a URL becomes a link only when its scheme is http or https. The page also
carries a Content-Security-Policy that forbids scripts and external loads, as a second line
of defence should a future edit forget an escape.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from geoverify.checks.result import Verdict
from geoverify.report._common import (
    SITE_COLOR,
    VERDICT_COLORS,
    check_label,
    clean_text,
    format_margin,
    format_number,
    format_values,
    iter_map_items,
    safe_url,
)
from geoverify.report_model import (
    MARKS,
    alternatives_text,
    candidates_text,
    cell_mark,
    counts_text,
    decider_lines,
    graded_text,
    places_text,
    region_left_text,
    statement_rows,
    verdict_label,
    weapons_text,
)

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport

__all__ = ["to_html", "esc", "link", "CSS", "region_html"]

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'none'")

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
"Noto Naskh Arabic",sans-serif;
margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.3rem}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.verdict{display:inline-block;padding:.1rem .5rem;border-radius:.8rem;color:#fff;font-weight:600;
white-space:nowrap}
.v-consistent{background:#1a9850}.v-inconsistent{background:#d73027}.v-inconclusive{background:#b9770e}
.v-not-run{background:#888}
.overall{font-size:1.1rem;margin:.5rem 0 1rem}
details{margin:.2rem 0}summary{cursor:pointer;color:#555}
dl{display:grid;grid-template-columns:max-content auto;gap:.1rem .8rem;margin:.3rem 0}
dt{color:#555}dd{margin:0;word-break:break-word}
footer{margin-top:2.5rem;border-top:1px solid #ddd;font-size:.85rem;color:#555}
code{font-size:.85em;word-break:break-all}
svg.map{border:1px solid #ccc;background:#fbfbf8;max-width:100%}
.muted{color:#777}
.graded{color:#444;font-size:.88em;margin:.25rem 0 0}
td.mark{text-align:center;font-family:ui-monospace,monospace;white-space:nowrap}
"""


def esc(value: Any) -> str:
    """Return untrusted ``value`` as inert HTML text (also safe inside a quoted attribute).

    Examples
    --------
    >>> esc('" onmouseover="alert(1)')
    '&quot; onmouseover=&quot;alert(1)'
    >>> esc(None)
    ''
    """
    return html.escape(clean_text(value), quote=True)


def link(url: Any, text: Any = None) -> str:
    """Return an ``<a>`` for an http(s) URL, else the URL (or ``text``) as plain escaped text.

    Examples
    --------
    >>> link("https://example.org/?a=1&b=2")
    '<a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer nofollow">https://example.org/?a=1&amp;b=2</a>'
    >>> link("javascript:alert(1)")
    'javascript:alert(1)'
    """
    good = safe_url(url)
    label = esc(text if text else url)
    if good is None:
        return label
    return f'<a href="{esc(good)}" rel="noopener noreferrer nofollow">{label}</a>'


def _badge(verdict: str) -> str:
    if verdict == "not run":
        return '<span class="verdict v-not-run">not run</span>'
    v = str(Verdict(verdict))
    return f'<span class="verdict v-{v}">{v}</span>'


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], *,
           numeric: Sequence[int] = ()) -> str:
    """Return a table; ``headers`` are trusted literals, cells are already-escaped HTML."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _pairs(pairs: Sequence[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in pairs) + "</dl>"


# ---------------------------------------------------------------------------------------
# a small inline SVG sketch of the map (equirectangular, scaled by cos(latitude))


def _svg_map(report: VerificationReport, *, width: int = 640, height: int = 420) -> str:
    items = [item for item in iter_map_items(report) if item.geometry is not None
             and not getattr(item.geometry, "is_empty", True)]
    if not items:
        return ""
    from shapely.geometry import GeometryCollection

    minx, miny, maxx, maxy = GeometryCollection([i.geometry for i in items]).bounds
    mid_lat = math.radians((miny + maxy) / 2.0)
    kx = max(math.cos(mid_lat), 0.05)
    # show at least about 1 km around a lone point, centred
    half = 0.005
    if (maxx - minx) * kx < 2 * half:
        cx = (minx + maxx) / 2.0
        minx, maxx = cx - half / kx, cx + half / kx
    if maxy - miny < 2 * half:
        cy = (miny + maxy) / 2.0
        miny, maxy = cy - half, cy + half
    span_x = (maxx - minx) * kx
    span_y = maxy - miny
    pad = 20
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    ox = pad + ((width - 2 * pad) - span_x * scale) / 2.0
    oy = pad + ((height - 2 * pad) - span_y * scale) / 2.0

    def xy(lon: float, lat: float) -> str:
        return f"{ox + (lon - minx) * kx * scale:.1f},{oy + (maxy - lat) * scale:.1f}"

    def cxy(lon: float, lat: float) -> str:
        x, y = xy(lon, lat).split(",")
        return f'cx="{x}" cy="{y}"'

    def path(geom: Any) -> str:
        kind = geom.geom_type
        if kind in ("Polygon",):
            rings = [geom.exterior, *geom.interiors]
            return " ".join("M" + " L".join(xy(x, y) for x, y, *_ in r.coords) + " Z"
                            for r in rings)
        if kind in ("LineString", "LinearRing"):
            return "M" + " L".join(xy(x, y) for x, y, *_ in geom.coords)
        if hasattr(geom, "geoms"):
            return " ".join(path(g) for g in geom.geoms if g.geom_type != "Point")
        return ""

    shapes = []
    points = []
    order = {"uncertainty": 0, "annulus": 1, "sector": 1, "control": 0, "range_ring": 2}
    for item in sorted(items, key=lambda i: order.get(i.role, 3)):
        color = VERDICT_COLORS.get(item.verdict or "", SITE_COLOR)
        title = f"<title>{esc(item.label)}</title>"
        geom = item.geometry
        pts = [geom] if geom.geom_type == "Point" else [
            g for g in getattr(geom, "geoms", ()) if g.geom_type == "Point"]
        for p in pts:
            r = 4 if item.role == "site" else 3
            points.append(f'<circle {cxy(p.x, p.y)} r="{r}" fill="{color}" '
                          f'stroke="#fff" stroke-width="1">{title}</circle>')
        d = path(geom)
        if d:
            filled = geom.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection")
            fill = f'fill="{color}" fill-opacity="0.12"' if filled else 'fill="none"'
            dash = ' stroke-dasharray="4 3"' if item.role == "uncertainty" else ""
            shapes.append(f'<path d="{d}" {fill} stroke="{color}" stroke-width="1.5"'
                          f'{dash} fill-rule="evenodd">{title}</path>')
    # span_x is in degrees of latitude (about 111.32 km each) after the cos(latitude) scaling
    km = _scale_bar_km(span_x * 111.32)
    bar_px = km / 111.32 * scale
    bar = ""
    if bar_px:
        y = height - 8
        bar = (f'<path d="M10,{y} L{10 + bar_px:.1f},{y}" stroke="#333" stroke-width="2"/>'
               f'<text x="10" y="{y - 4}" font-size="11" fill="#333">{format_number(km)} km</text>')
    return (f'<svg class="map" xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="Sketch map of the sites and checks">{"".join(shapes)}'
            f'{"".join(points)}{bar}'
            f'<text x="{width - 10}" y="14" font-size="11" fill="#333" text-anchor="end">N &#8593;'
            f"</text></svg>")


def _scale_bar_km(span_km: float) -> float:
    """Return a round scale-bar length (km) near a fifth of the map's width."""
    target = span_km / 5.0
    if target <= 0:
        return 0.0
    base = 10 ** math.floor(math.log10(target))
    for step in (5, 2, 1):
        if step * base <= target:
            return float(step * base)
    return float(base)


# ---------------------------------------------------------------------------------------


def to_html(report: VerificationReport, *, figure: bytes | None = None,
            embed_map: bool = False) -> str:
    """Return the report as one self-contained HTML page.

    The page holds the overall verdict, a sketch map (inline SVG: sites, uncertainty
    circles, range rings and sectors coloured by verdict), the checks (verdict colours,
    explanation, margin, values, inputs, method), the claims, the sites, the sources and a
    provenance footer. There is no script and nothing is loaded from elsewhere; all text
    from the case is escaped.

    Parameters
    ----------
    report : VerificationReport
        The report to render.
    figure : bytes, optional
        A PNG to show as the map (embedded as a ``data:`` URI) instead of the sketch.
    embed_map : bool, optional
        Draw the static map (:func:`geoverify.maps.static_map_bytes`, needs matplotlib) and
        embed it as ``figure``. Default False.

    Returns
    -------
    str
        An HTML5 document.

    Examples
    --------
    >>> from geoverify.report.model import VerificationReport, ClaimSummary
    >>> claim = ClaimSummary("c1", "<b>coalition</b>", "launch_point", text="8 rockets")
    >>> page = to_html(VerificationReport("seed", "Green Village", {}, (claim,), ()))
    >>> page.startswith("<!DOCTYPE html>"), "&lt;b&gt;coalition&lt;/b&gt;" in page
    (True, True)
    """
    overall = str(report.verdict)
    title = esc(report.title or report.case_id)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{title} - geoverify report</title>",
        f"<style>{CSS}</style></head><body>",
        f"<header><h1>{title}</h1>",
        f'<p class="overall">Overall verdict: {_badge(overall)} '
        + esc("(" + counts_text(report) + ")")
        + f' <span class="muted">(case <code>{esc(report.case_id)}</code>)</span></p>',
    ]
    if report.description:
        parts.append(f"<p>{esc(report.description)}</p>")
    parts.append("</header><main>")

    if figure is None and embed_map:
        from geoverify.maps import static_map_bytes

        figure = static_map_bytes(report, fmt="png")
    if figure is not None:
        import base64

        data = base64.b64encode(figure).decode("ascii")
        parts.append('<h2>Map</h2><img class="map" alt="Map of the sites and checks" '
                     f'style="max-width:100%" src="data:image/png;base64,{data}">')
    svg = _svg_map(report) if figure is None else ""
    if svg:
        parts.append("<h2>Map</h2>")
        parts.append(svg)
        parts.append('<p class="muted">Sketch only (equirectangular); open the GeoJSON or KML '
                     "report for a real map. Dashed: uncertainty of a site; colours: "
                     + " ".join(_badge(v) for v in VERDICT_COLORS) + "</p>")

    parts.append("<h2>Checks</h2>")
    if report.checks:
        rows = []
        for index, check in enumerate(report.checks, start=1):
            detail = []
            if check.method:
                detail.append(f"<p><b>Method:</b> {esc(check.method)}</p>")
            values = format_values(check.values)
            if values:
                detail.append("<b>Values</b>" + _pairs(values))
            inputs = format_values(check.inputs)
            if inputs:
                detail.append("<b>Inputs</b>" + _pairs(inputs))
            more = (f"<details><summary>details</summary>{''.join(detail)}</details>"
                    if detail else "")
            extra = "".join(f'<p class="graded">{esc(text)}</p>' for text in (
                weapons_text(check), graded_text(check)) if text)
            rows.append([
                f"<code>{esc(check_label(check, index))}</code>",
                esc(check.kind),
                _badge(verdict_label(check)),
                esc(format_margin(check.margin, check.margin_unit)),
                esc(check.explanation) + extra + more,
            ])
        parts.append(_table(["id", "kind", "verdict", "margin", "explanation"], rows,
                            numeric=(3,)))
    else:
        parts.append("<p>No checks were run.</p>")

    regions = getattr(report, "regions", {}) or {}
    if regions:
        parts.append("<h2>Where could it be</h2>")
        parts.append("<p>Each statement about a site is a region; the site can only be where "
                     "they overlap. Candidates: " + esc(", ".join(
                         f"{m} {v}" for v, m in MARKS.items()))
                     + "; in brackets, the verdict at the sites' best points (radius 0).</p>")
        parts.extend(region_html(region) for region in regions.values())

    if report.claims:
        parts.append("<h2>Claims</h2>")
        rows = []
        for claim in report.claims:
            who = esc(claim.claimant)
            when = " / ".join(x for x in (
                f"event {esc(claim.when)}" if claim.when else "",
                f"said {esc(claim.said_at)}" if claim.said_at else "") if x)
            weapon = esc(claim.weapon)
            if claim.count is not None:
                weapon = f"{esc(format_number(claim.count))} &times; {weapon}".rstrip()
            text = esc(claim.text)
            if claim.quote:
                text += f"<blockquote>{esc(claim.quote)}</blockquote>"
            rows.append([
                f"<code>{esc(claim.id)}</code>", who, esc(claim.kind), text, esc(claim.site),
                when, weapon, esc(claim.actor),
                link(claim.source_url) if claim.source_url else "",
            ])
        parts.append(_table(["id", "claimant", "kind", "claim", "site", "time", "weapon",
                             "actor", "source"], rows))

    if report.sites:
        parts.append("<h2>Sites</h2>")
        rows = []
        for site_id, site in report.sites.items():
            rows.append([
                f"<code>{esc(site_id)}</code>", esc(site.name), f"{site.lat:.5f}",
                f"{site.lon:.5f}", esc(format_number(site.uncertainty_m)), esc(site.method),
                link(site.source) if safe_url(site.source) else esc(site.source),
                esc(site.note),
            ])
        parts.append(_table(["id", "name", "lat", "lon", "uncertainty (m)", "located by",
                             "source", "note"], rows, numeric=(2, 3, 4)))

    if report.sources:
        parts.append("<h2>Sources</h2><ul>")
        for source in report.sources:
            url = source.get("url")
            label = source.get("title") or source.get("name") or url or ""
            extra = "; ".join(f"{esc(k)}: {esc(v)}" for k, v in source.items()
                              if k not in ("url", "title", "name"))
            item = link(url, label) if url else esc(label)
            if url and safe_url(url) is None:
                item = f"{esc(label)} ({esc(url)})" if label != url else esc(url)
            parts.append(f"<li>{item}" + (f" <span class='muted'>{extra}</span>" if extra
                                          else "") + "</li>")
        parts.append("</ul>")
    parts.append("</main>")

    parts.append("<footer><h2>Provenance</h2>")
    prov = report.provenance
    if prov:
        pairs = [(k, prov[k]) for k in ("geoverify_version", "python_version", "case_file",
                                        "case_sha256", "computed_at") if prov.get(k) is not None]
        pairs += [(f"dependency {k}", v) for k, v in (prov.get("dependencies") or {}).items()]
        pairs += [(f"data {k}", f"sha256 {v}") for k, v in
                  (prov.get("data_versions") or {}).items()]
        parts.append(_pairs([(str(k), str(v)) for k, v in pairs]))
    else:
        parts.append("<p>No provenance was recorded.</p>")
    parts.append("<p>Generated by geoverify. Verdicts: consistent (fits the geography with the "
                 "stated uncertainty), inconsistent (cannot fit), inconclusive (the uncertainty "
                 "straddles a limit or a fact is missing).</p></footer></body></html>")
    return "\n".join(parts) + "\n"


def region_html(region: Any) -> str:
    """Return the HTML of one site's region: what is left, its statements, the candidates."""
    kind = "unknown site" if region.unknown else "located site with candidates"
    out = [f"<h3><code>{esc(region.site)}</code> {esc(region.name)} "
           f'<span class="muted">({kind})</span></h3>']
    badge = f"{_badge('inconsistent')} " if region.empty else ""
    out.append(f"<p>{badge}{esc(region_left_text(region))}</p>")
    for text in (alternatives_text(region).strip(), places_text(region)):
        if text and region.region is not None and not region.empty:
            out.append(f"<p>{esc(text)}</p>")
    rows = [[esc(key), f"<code>{esc(sid)}</code>", *(esc(x) for x in rest)]
            for key, sid, *rest in statement_rows(region)]
    if rows:
        out.append(_table(["", "statement", "says", "role", "area", "if it is this one"],
                          rows))
    if region.candidates:
        out.append(f"<p>{esc(candidates_text(region))}</p>")
        head = "".join(f'<th title="{esc(sid)}: {esc(label)}">{esc(key)}</th>'
                       for key, sid, label, *_ in statement_rows(region))
        keys = [s.id for s in region.statements]
        body = []
        for c in region.candidates:
            cells = "".join(
                f'<td class="mark" title="{esc(sid)}">{esc(cell_mark(c.cell(sid)))}</td>'
                for sid in keys)
            body.append(f"<tr><td>{esc(c.name)} <code>{esc(c.site)}</code></td>"
                        f"<td>{_badge(str(c.verdict))}</td><td>{esc(', '.join(c.failed))}</td>"
                        f"{cells}</tr>")
        out.append("<table><thead><tr><th>candidate</th><th>verdict</th><th>excluded by</th>"
                   f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
        lines = [f"<li>{esc(name)}, {esc(key)} (<code>{esc(sid)}</code>): {esc(text)}</li>"
                 for name, key, sid, text in decider_lines(region)]
        if lines:
            out.append("<details><summary>What would decide the undecided cells (a site "
                       "located to within a radius, others unchanged)</summary><ul>"
                       + "".join(lines) + "</ul></details>")
    return "\n".join(out)
