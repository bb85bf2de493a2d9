"""The KML 2.2 report for Google Earth: Folders of sites, claims and checks, Styles by verdict.

The document is built with :mod:`xml.etree.ElementTree`, which escapes every text and
attribute; no CDATA and no DOCTYPE are written, so no entity can be declared. Characters XML
1.0 forbids are replaced by U+FFFD. Google Earth renders a ``<description>`` as HTML, so
descriptions are HTML fragments in which every untrusted string is HTML-escaped first (and
then XML-escaped by the serializer); names are plain text, and every Style's BalloonStyle
shows only the description (the default balloon would put the name into HTML as well).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from geoverify.report._common import (
    SITE_COLOR,
    VERDICT_COLORS,
    MapItem,
    check_label,
    clean_text,
    format_margin,
    format_values,
    geometry_to_geojson,
    iter_map_items,
    slug,
)
from geoverify.report.html import esc, link
from geoverify.report_model import counts_text, verdict_label

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport

__all__ = ["KML_NAMESPACE", "to_kml", "kml_color"]

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"


def kml_color(hex_rgb: str, alpha: float = 1.0) -> str:
    """Return a KML colour (``aabbggrr`` hex) from ``#rrggbb`` and an opacity in [0, 1].

    Examples
    --------
    >>> kml_color("#d73027"), kml_color("#1a9850", 0.2)
    ('ff2730d7', '3350981a')
    """
    rgb = hex_rgb.lstrip("#")
    a = max(0, min(255, round(alpha * 255)))
    return f"{a:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}".lower()


def _sub(parent: ET.Element, tag: str, text: Any = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: clean_text(v) for k, v in attrib.items()})
    if text is not None:
        element.text = clean_text(text)
    return element


def _style(document: ET.Element, style_id: str, color: str, *, fill_alpha: float,
           line_width: float, icon_scale: float) -> None:
    style = _sub(document, "Style", id=style_id)
    icon = _sub(style, "IconStyle")
    _sub(icon, "color", kml_color(color))
    _sub(icon, "scale", f"{icon_scale:g}")
    _sub(_sub(icon, "Icon"), "href",
         "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png")
    line = _sub(style, "LineStyle")
    _sub(line, "color", kml_color(color, 0.9))
    _sub(line, "width", f"{line_width:g}")
    poly = _sub(style, "PolyStyle")
    _sub(poly, "color", kml_color(color, fill_alpha))
    _sub(poly, "outline", "1")
    # the balloon shows only our escaped description: Google Earth's default template would
    # also substitute the (untrusted) name and ExtendedData values into its HTML
    _sub(_sub(style, "BalloonStyle"), "text", "$[description]")


def _coords(points: Sequence[Sequence[float]]) -> str:
    return " ".join(f"{p[0]!r},{p[1]!r}" for p in points)


def _geometry(parent: ET.Element, geo: Mapping[str, Any]) -> None:
    kind = geo["type"]
    if kind == "Point":
        _sub(_sub(parent, "Point"), "coordinates", _coords([geo["coordinates"]]))
    elif kind == "LineString":
        line = _sub(parent, "LineString")
        _sub(line, "tessellate", "1")
        _sub(line, "coordinates", _coords(geo["coordinates"]))
    elif kind == "Polygon":
        poly = _sub(parent, "Polygon")
        _sub(poly, "tessellate", "1")
        rings = geo["coordinates"]
        outer = _sub(_sub(poly, "outerBoundaryIs"), "LinearRing")
        _sub(outer, "coordinates", _coords(rings[0]))
        for hole in rings[1:]:
            inner = _sub(_sub(poly, "innerBoundaryIs"), "LinearRing")
            _sub(inner, "coordinates", _coords(hole))
    elif kind in ("MultiPoint", "MultiLineString", "MultiPolygon"):
        multi = _sub(parent, "MultiGeometry")
        single = kind[len("Multi"):]
        for part in geo["coordinates"]:
            _geometry(multi, {"type": single, "coordinates": part})
    elif kind == "GeometryCollection":
        multi = _sub(parent, "MultiGeometry")
        for part in geo["geometries"]:
            _geometry(multi, part)


def _style_id(item: MapItem) -> str:
    if item.verdict is None:
        return "site-uncertainty" if item.role == "uncertainty" else "site"
    return f"verdict-{item.verdict}"


def _placemark(folder: ET.Element, item: MapItem) -> None:
    placemark = _sub(folder, "Placemark")
    _sub(placemark, "name", item.label)
    _sub(placemark, "description", f"<b>{esc(item.label)}</b><p>{esc(item.description)}</p>")
    _sub(placemark, "styleUrl", f"#{_style_id(item)}")
    data = _sub(placemark, "ExtendedData")
    for key, value in (("role", item.role), ("verdict", item.verdict),
                       ("check_id", item.check_id), ("site_id", item.site_id),
                       ("region_site", item.properties.get("region_site")),
                       ("statements", ", ".join(item.properties.get("statements") or ())
                        or None),
                       ("area_km2", None if item.properties.get("area_km2") is None
                        else f"{item.properties['area_km2']:.3f}")):
        if value is not None:
            _sub(_sub(data, "Data", name=key), "value", value)
    geo = geometry_to_geojson(item.geometry)
    if geo is not None:
        _geometry(placemark, geo)


def _claim_sites(report: VerificationReport, site: str | None) -> list[Any]:
    """Return the report's sites a claim names (one id, or several joined by commas)."""
    if not site:
        return []
    if site in report.sites:
        return [report.sites[site]]
    return [report.sites[p.strip()] for p in site.split(",") if p.strip() in report.sites]


def _claim_description(claim: Any) -> str:
    rows = []
    for label, value in (("claimant", claim.claimant), ("kind", claim.kind),
                         ("site", claim.site), ("event time", claim.when),
                         ("said at", claim.said_at), ("weapon", claim.weapon),
                         ("count", claim.count), ("actor", claim.actor)):
        if value is not None and value != "":
            rows.append(f"<tr><th>{label}</th><td>{esc(value)}</td></tr>")
    if claim.source_url:
        rows.append(f"<tr><th>source</th><td>{link(claim.source_url)}</td></tr>")
    body = f"<p>{esc(claim.text)}</p>" if claim.text else ""
    if claim.quote:
        body += f"<blockquote>{esc(claim.quote)}</blockquote>"
    return body + (f"<table>{''.join(rows)}</table>" if rows else "")


def _document_description(report: VerificationReport) -> str:
    parts = [f"<b>{esc(report.title or report.case_id)}</b>",
             f"<p><b>Overall verdict: {esc(str(report.verdict))}</b> ("
             + esc(counts_text(report)) + ")</p>"]
    if report.description:
        parts.append(f"<p>{esc(report.description)}</p>")
    prov = report.provenance
    if prov:
        items = [f"geoverify {esc(prov.get('geoverify_version', '?'))}"]
        if prov.get("case_sha256"):
            items.append(f"case sha256 {esc(prov['case_sha256'])}")
        if prov.get("computed_at"):
            items.append(f"computed {esc(prov['computed_at'])}")
        parts.append("<p><small>" + "; ".join(items) + "</small></p>")
    return "".join(parts)


def to_kml(report: VerificationReport) -> str:
    """Return the report as a KML 2.2 document for Google Earth.

    The Document holds one Style per verdict (green, red, amber) and for sites (blue), the
    provenance as ExtendedData, and Folders: ``Sites`` (a point and its uncertainty circle
    or area per site), ``Claims`` (one placemark per claim, at its sites when the claim
    names sites of the report: one id, or several joined by commas), ``Where could it be``
    (the regions where unknown sites can be and the candidates' areas by verdict, with their
    site ids, statements and areas as ExtendedData) and ``Checks`` (a
    sub-folder per check, named with its verdict, holding its range rings, annuli, sectors,
    lines and areas). Polygons keep their holes; multi-part
    geometries become MultiGeometry.

    Parameters
    ----------
    report : VerificationReport
        The report to render.

    Returns
    -------
    str
        UTF-8 KML text with an XML declaration.

    Examples
    --------
    >>> from xml.etree import ElementTree as ET
    >>> from geoverify.sites import Site
    >>> from geoverify.report.model import VerificationReport
    >>> site = Site(34.95629, 40.54139, 1500, name="al-Quriyah & <co>", method="geocoded")
    >>> root = ET.fromstring(to_kml(VerificationReport("seed", "t", {"q": site}, (), ())))
    >>> ns = {"k": KML_NAMESPACE}
    >>> [p.findtext("k:name", namespaces=ns) for p in root.iterfind(".//k:Placemark", ns)]
    ['al-Quriyah & <co>', 'al-Quriyah & <co>: uncertainty']
    """
    # plain tag names under a default namespace declared on the root (no global registration)
    root = ET.Element("kml", {"xmlns": KML_NAMESPACE})
    document = ET.SubElement(root, "Document")
    _sub(document, "name", report.title or report.case_id)
    _sub(document, "open", "1")
    _sub(document, "description", _document_description(report))
    _sub(document, "styleUrl", "#site")  # its BalloonStyle: the description only
    _style(document, "site", SITE_COLOR, fill_alpha=0.15, line_width=2, icon_scale=1.0)
    _style(document, "site-uncertainty", SITE_COLOR, fill_alpha=0.08, line_width=1.5,
           icon_scale=0.8)
    for verdict, color in VERDICT_COLORS.items():
        _style(document, f"verdict-{verdict}", color, fill_alpha=0.2, line_width=2.5,
               icon_scale=0.9)
    data = _sub(document, "ExtendedData")
    rows: list[tuple[str, Any]] = [("case_id", report.case_id),
                                   ("verdict", str(report.verdict))]
    prov = report.provenance
    for key in ("geoverify_version", "python_version", "case_file", "case_sha256",
                "computed_at"):
        if prov.get(key) is not None:
            rows.append((key, prov[key]))
    for name, digest in (prov.get("data_versions") or {}).items():
        rows.append((f"data:{name}", digest))
    for key, value in rows:
        _sub(_sub(data, "Data", name=key), "value", value)

    items = list(iter_map_items(report))
    sites_folder = _sub(document, "Folder", id="sites")
    _sub(sites_folder, "name", "Sites")
    _sub(sites_folder, "styleUrl", "#site")
    for item in items:
        if item.check_id is None and item.role not in ("region", "candidate"):
            _placemark(sites_folder, item)
    regional = [item for item in items if item.role in ("region", "candidate")]
    if regional:
        regions_folder = _sub(document, "Folder", id="regions")
        _sub(regions_folder, "name", "Where could it be: regions and candidates")
        _sub(regions_folder, "styleUrl", "#site")
        for item in regional:
            _placemark(regions_folder, item)

    if report.claims:
        claims_folder = _sub(document, "Folder", id="claims")
        _sub(claims_folder, "name", "Claims")
        _sub(claims_folder, "styleUrl", "#site")
        for claim in report.claims:
            placemark = _sub(claims_folder, "Placemark")
            _sub(placemark, "name", f"{claim.id}: {claim.claimant}")
            _sub(placemark, "description",
                 f"<b>{esc(claim.id)}: {esc(claim.claimant)}</b>" + _claim_description(claim))
            _sub(placemark, "styleUrl", "#site")
            points = [[s.lon, s.lat] for s in _claim_sites(report, claim.site)]
            if len(points) == 1:
                _geometry(placemark, {"type": "Point", "coordinates": points[0]})
            elif points:
                _geometry(placemark, {"type": "MultiPoint", "coordinates": points})

    checks_folder = _sub(document, "Folder", id="checks")
    _sub(checks_folder, "name", "Checks")
    _sub(checks_folder, "styleUrl", "#site")
    for index, check in enumerate(report.checks, start=1):
        cid = check_label(check, index)
        verdict = verdict_label(check)
        folder = _sub(checks_folder, "Folder", id=f"check-{index}-{slug(cid)}")
        _sub(folder, "name", f"{cid} ({check.kind}): {verdict}")
        detail = (f"<b>{esc(cid)} ({esc(check.kind)})</b>"
                  f"<p><b>{esc(verdict)}</b>. {esc(check.explanation)}</p>")
        margin = format_margin(check.margin, check.margin_unit)
        if margin:
            detail += f"<p>Margin: {esc(margin)}</p>"
        if check.method:
            detail += f"<p>Method: {esc(check.method)}</p>"
        values = format_values(check.values)
        if values:
            detail += "<table>" + "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>"
                                          for k, v in values) + "</table>"
        _sub(folder, "description", detail)
        _sub(folder, "styleUrl", f"#verdict-{verdict}")
        for item in items:
            if item.check_index == index:
                _placemark(folder, item)
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
