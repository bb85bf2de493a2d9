"""Untrusted claim text stays inert in every report format (HTML, KML, Markdown, terminal)
and round-trips exactly where the format is data (JSON, GeoJSON, KML names)."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import pytest
from shapely.geometry import Polygon

from geoverify.checks.result import CheckResult, MapFeature
from geoverify.report import (
    ClaimSummary,
    VerificationReport,
    to_geojson,
    to_html,
    to_json,
    to_kml,
    to_markdown,
    to_terminal,
)
from geoverify.report._common import safe_url
from geoverify.sites import Site

NS = {"k": "http://www.opengis.net/kml/2.2"}

SCRIPT = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(1)'
SQ_ATTR = "' onerror='alert(2)"
IMG = "<img src=x onerror=alert(3)>"
JS_URL = "javascript:alert(document.cookie)"
CDATA = "]]><evil>x</evil><![CDATA["
XXE = '<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>&xxe;'
ENTITIES = "&amp; &lt;b&gt; &#60;script&#62; &xxe;"
MD_LINK = "[click](javascript:alert(1)) ![i](http://x/i.png) | cell"
PAYLOADS = [SCRIPT, ATTR, SQ_ATTR, IMG, JS_URL, CDATA, XXE, ENTITIES, MD_LINK]
HOSTILE = " ".join(PAYLOADS)
CONTROL = "bad\x1b[2J\x07\x00name\u202egnp.exe"


def hostile_report() -> VerificationReport:
    site = Site(34.95629, 40.54139, 1500, name=f"al-Quriyah {SCRIPT} {ATTR}",
                method="geocoded", source=JS_URL, note=XXE)
    other = Site(35.056, 40.466, 300, name=CONTROL, method="coordinates")
    claim = ClaimSummary(
        id=f"c1{ATTR}", claimant=f"Claimant {IMG}", kind="launch_point", text=HOSTILE,
        site="quriyah", when=ENTITIES, weapon=CDATA, count=2, actor=SQ_ATTR,
        source_url=JS_URL, quote=f"{XXE} {MD_LINK}",
    )
    claim2 = ClaimSummary(id="c2", claimant="x", kind="impact", text=CONTROL,
                          source_url=f"https://example.org/{ATTR}")
    square = Polygon([(40.5, 34.9), (40.6, 34.9), (40.6, 35.0), (40.5, 35.0)])
    check = CheckResult(
        kind=f"range{SCRIPT}", verdict="inconclusive", explanation=f"Explained: {HOSTILE}",
        values={f"key{ATTR}": HOSTILE, "distance_m": 1.0}, margin=None,
        inputs={"site": CDATA}, method=XXE, id=f"r1{ATTR}",
        features=(MapFeature(square, "sector", f"label {SCRIPT} {CDATA}",
                             {"note": HOSTILE}),),
    )
    return VerificationReport(
        case_id=f"case{SCRIPT}", title=f"Title {SCRIPT} {CDATA}", sites={"quriyah": site,
                                                                          "other": other},
        claims=(claim, claim2), checks=(check,), description=HOSTILE,
        sources=({"url": JS_URL, "title": f"Src {IMG}", "note": ATTR},
                 {"url": "https://example.org/ok", "title": SCRIPT}),
        provenance={"geoverify_version": "0.1.0", "data_versions": {},
                    "case_sha256": None, "computed_at": "2022-01-05T09:30:00Z",
                    "case_file": f"/cases/{SCRIPT}.yaml"},
    )


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.declarations: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)

    def handle_decl(self, decl):
        self.declarations.append(decl)

    def unknown_decl(self, data):
        self.declarations.append(data)


def _assert_inert_html(fragment: str, *, allowed_tags: set[str] | None = None) -> _Tags:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "evil", "iframe", "object", "embed", "link"), tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            if name in attrs:
                assert safe_url(attrs[name]) is not None, (tag, attrs)
        if allowed_tags is not None:
            assert tag in allowed_tags, tag
    return parser


def test_html_page_is_inert_and_shows_the_text():
    page = to_html(hostile_report())
    parser = _assert_inert_html(page)
    assert parser.declarations == ["DOCTYPE html"]  # no smuggled DOCTYPE or ENTITY
    text = "".join(parser.text)
    for payload in PAYLOADS:
        assert payload in text, payload  # shown to the reader, as text
    hrefs = [a["href"] for t, a in parser.tags if t == "a"]
    assert hrefs == ["https://example.org/ok"]  # javascript: and quote-bearing URLs are text


def test_html_escapes_every_quote_in_attributes():
    page = to_html(hostile_report())
    # the payloads' quotes are escaped, so they cannot end an attribute value
    assert ATTR not in page and SQ_ATTR not in page and "<img" not in page
    assert html.escape(ATTR, quote=True) in page and html.escape(SQ_ATTR, quote=True) in page


def test_notebook_display_is_inert():
    report = hostile_report()
    parser = _assert_inert_html(report._repr_html_(),
                                allowed_tags={"div", "b", "span", "br", "table", "thead",
                                              "tbody", "tr", "th", "td", "code", "p"})
    assert f"Explained: {HOSTILE}" in "".join(parser.text)


def test_kml_is_well_formed_and_names_round_trip():
    text = to_kml(hostile_report())
    assert "<!DOCTYPE" not in text and "<!ENTITY" not in text and "<![CDATA[" not in text
    root = ET.fromstring(text)  # well-formed, and no entity is declared or expanded
    names = [e.text for e in root.iter("{http://www.opengis.net/kml/2.2}name")]
    assert f"Title {SCRIPT} {CDATA}" in names
    assert f"al-Quriyah {SCRIPT} {ATTR}" in names
    assert f"c1{ATTR}: Claimant {IMG}" in names
    assert f"label {SCRIPT} {CDATA}" in names
    assert not root.findall(".//evil") and not root.findall(".//k:evil", NS)


def test_kml_descriptions_are_inert_html_holding_the_text():
    root = ET.fromstring(to_kml(hostile_report()))
    descriptions = [e.text or "" for e in root.iter("{http://www.opengis.net/kml/2.2}description")]
    joined = "\n".join(descriptions)
    for description in descriptions:
        # Google Earth renders descriptions as HTML: they must be inert HTML
        _assert_inert_html(description)
    visible = html.unescape(re.sub(r"<[^>]+>", "", joined))
    for payload in PAYLOADS:
        assert payload in visible, payload


def test_kml_control_characters_replaced():
    text = to_kml(hostile_report())
    ET.fromstring(text)
    assert "\x00" not in text and "\x1b" not in text and "\u202e" not in text
    names = [e.text for e in ET.fromstring(text).iter("{http://www.opengis.net/kml/2.2}name")]
    assert "bad\ufffd[2J\ufffd\ufffdname\ufffdgnp.exe" in names


def test_json_and_geojson_round_trip_text_exactly():
    report = hostile_report()
    out = json.loads(json.dumps(to_json(report), ensure_ascii=False))
    assert out["claims"][0]["text"] == HOSTILE
    assert out["claims"][0]["source_url"] == JS_URL  # data, kept as given
    assert out["claims"][1]["text"] == CONTROL
    assert out["checks"][0]["explanation"] == f"Explained: {HOSTILE}"
    assert out["title"] == f"Title {SCRIPT} {CDATA}"
    assert out["sites"][0]["note"] == XXE
    fc = json.loads(json.dumps(to_geojson(report)))
    props = [f["properties"] for f in fc["features"]]
    assert any(p.get("note") == HOSTILE for p in props)
    assert any(p.get("label") == f"label {SCRIPT} {CDATA}" for p in props)
    assert props[0]["name"] == f"al-Quriyah {SCRIPT} {ATTR}"


def test_markdown_is_inert():
    md = to_markdown(hostile_report())
    assert "<script" not in md.lower() and "<img" not in md.lower() and "<!" not in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # no link to a javascript: URL
    assert not re.search(r"(?<!\\)\[click(?<!\\)\]", md)
    # every table row still has as many cells as its header
    rows = [line for line in md.splitlines() if line.startswith("|")]
    assert rows
    claims_header = next(r for r in rows if r.startswith("| id | claimant"))
    width = len(re.split(r"(?<!\\)\|", claims_header[1:-1]))
    claim_rows = [r for r in rows if r.startswith("| c1") or r.startswith("| c2")]
    assert len(claim_rows) == 2
    for row in claim_rows:
        assert len(re.split(r"(?<!\\)\|", row[1:-1])) == width
    # entities from the claim are escaped so they render as typed, not as characters
    assert "&amp;amp; &amp;lt;b&amp;gt; &amp;#60;script&amp;#62;" in md


@pytest.mark.parametrize("color", [False, True])
def test_terminal_strips_escape_sequences_and_bidi(color):
    text = to_terminal(hostile_report(), width=120, color=color)
    cleaned = re.sub(r"\x1b\[(?:0|1;31|32|33)m", "", text) if color else text
    assert "\x1b" not in cleaned and "\x07" not in text and "\x00" not in text
    assert "\u202e" not in text


def _render_markdown(md: str) -> str:
    from markdown_it import MarkdownIt

    # the least safe configuration a reader might use: raw HTML passed through
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(md)


def test_markdown_renders_to_inert_html_showing_the_text():
    rendered = _render_markdown(to_markdown(hostile_report()))
    parser = _assert_inert_html(rendered)
    text = "".join(parser.text)
    for payload in PAYLOADS:
        if "|" not in payload:  # cells are single-line; everything else shows verbatim
            assert payload in text, payload
    assert MD_LINK in text
    hrefs = [a["href"] for t, a in parser.tags if t == "a"]
    assert hrefs == ["https://example.org/ok"]


# ------------------------------------------------------------------------------------------
# the regions and candidates tables carry names and claim text too


def hostile_region_report() -> VerificationReport:
    """A case whose unknown site, candidates and statements are named with the payloads."""
    from geoverify.casefile import loads_case
    from geoverify.verify import verify

    q = json.dumps  # a JSON string is a YAML double-quoted scalar
    text = f"""\
title: {q("Regions " + SCRIPT)}
sites:
  base: {{name: {q("Base " + ATTR + " " + IMG)}, coordinates: "35.0, 40.0", uncertainty_m: 500}}
  town: {{name: {q("Town " + SCRIPT + " " + CDATA)}, coordinates: "35.03, 40.02",
          uncertainty_m: 500}}
  near: {{name: {q("Candidate " + SQ_ATTR + " " + MD_LINK)}, coordinates: "35.02, 40.01",
          uncertainty_m: 300}}
  far: {{name: {q("Far " + XXE)}, coordinates: "35.5, 40.5", uncertainty_m: 300}}
  u: {{name: {q("Unknown " + ENTITIES + " " + SCRIPT)}, unknown: true, candidates: [near, far]}}
  v: {{name: {q("Nowhere " + IMG)}, unknown: true}}
claims:
  - {{id: c1, claimant: {q("A " + IMG)}, kind: impact, site: base, launch_site: u,
     weapon: 107mm-type63, text: {q(HOSTILE)}}}
  - {{id: c2, claimant: B, kind: launch, site: u, stated: [{{relation: near, of: town}}]}}
  - {{id: c3, claimant: C, kind: impact, site: base, launch_site: v, weapon: 107mm-type63}}
  - {{id: c4, claimant: D, kind: launch, site: v, stated: [{{relation: near, of: far}}]}}
"""
    return verify(loads_case(text))


def test_region_report_has_the_hostile_parts():
    report = hostile_region_report()
    assert set(report.regions) == {"u", "v"}
    assert report.regions["v"].empty and report.regions["u"].candidates
    labels = " ".join(s.label for r in report.regions.values() for s in r.statements)
    assert SCRIPT in labels and CDATA in labels and XXE in labels


def test_regions_in_html_are_inert_and_shown():
    page = to_html(hostile_region_report())
    parser = _assert_inert_html(page)
    text = "".join(parser.text)
    for payload in (SCRIPT, ATTR, SQ_ATTR, IMG, CDATA, XXE, ENTITIES, MD_LINK):
        assert payload in text, payload
    assert "Where could it be" in text and "do not overlap" in text


def test_regions_in_markdown_render_inert():
    md = to_markdown(hostile_region_report())
    assert "<script" not in md.lower() and "<img" not in md.lower() and "<!" not in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)
    parser = _assert_inert_html(_render_markdown(md))
    text = "".join(parser.text)
    assert f"Unknown {ENTITIES} {SCRIPT}" in text
    # the candidates table keeps its width whatever the names hold
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    header = next(r for r in rows if r.startswith("| candidate |"))
    width = len(re.split(r"(?<!\\)\|", header[1:-1]))
    for row in rows[rows.index(header) + 1: rows.index(header) + 3]:  # the two candidates
        assert len(re.split(r"(?<!\\)\|", row[1:-1])) == width


def test_regions_in_kml_are_well_formed_and_inert():
    text = to_kml(hostile_region_report())
    assert "<!DOCTYPE" not in text and "<!ENTITY" not in text and "<![CDATA[" not in text
    root = ET.fromstring(text)
    folder = next(f for f in root.iter("{http://www.opengis.net/kml/2.2}Folder")
                  if f.get("id") == "regions")
    names = [e.text for e in folder.iter("{http://www.opengis.net/kml/2.2}name")]
    assert any(f"Unknown {ENTITIES} {SCRIPT}" in (n or "") for n in names)
    for e in folder.iter("{http://www.opengis.net/kml/2.2}description"):
        _assert_inert_html(e.text or "")
    data = {d.get("name"): d.findtext("k:value", namespaces=NS)
            for d in folder.iter("{http://www.opengis.net/kml/2.2}Data")}
    assert data["region_site"] in ("u", "v") and "near:c2" in data["statements"]


def test_regions_in_json_and_geojson_round_trip():
    report = hostile_region_report()
    out = json.loads(json.dumps(to_json(report), ensure_ascii=False))
    assert out["regions"]["u"]["name"] == f"Unknown {ENTITIES} {SCRIPT}"
    assert out["candidates"]["u"][0]["name"] == f"Candidate {SQ_ATTR} {MD_LINK}"
    fc = to_geojson(report)
    regions = [f for f in fc["features"] if f["properties"]["role"] == "region"]
    assert [f["id"] for f in regions] == ["region:u"]
    assert regions[0]["properties"]["statements"] == ["reach:c1:107mm-type63", "near:c2"]
    assert regions[0]["properties"]["area_km2"] > 0


def test_regions_on_the_terminal_stay_plain_text():
    report = hostile_region_report()
    from geoverify.report.terminal import region_summary

    for text in (to_terminal(report, width=100), region_summary(report, "u", width=90)):
        assert "\x1b" not in text and "\u202e" not in text
        assert SCRIPT in text  # shown as typed: a terminal does not run markup


def test_regions_on_the_interactive_map_are_escaped():
    pytest.importorskip("folium")
    from geoverify.maps import map_html

    page = map_html(hostile_region_report(), tiles=None)
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page or \
        "\\u0026lt;script\\u0026gt;alert(1)" in page
