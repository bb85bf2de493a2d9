"""Maps: the elements and layers drawn, escaping of untrusted text, files, the static picture.

The browser test (tests/test_browser_map.py) opens the written page in a real Chromium; here
the page's content is read with Python's own HTML parser, the static PNG is read back and
its pixels counted, and the scale bar is measured with geographiclib.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import math
import re
import threading
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

folium = pytest.importorskip("folium")
pytest.importorskip("matplotlib")

from geographiclib.geodesic import Geodesic  # noqa: E402
from shapely.geometry import LineString, Point, Polygon  # noqa: E402

from geoverify.checks.result import CheckResult, MapFeature  # noqa: E402
from geoverify.errors import GeoverifyError  # noqa: E402
from geoverify.geodesy import annulus, geodesic_circle, sector  # noqa: E402
from geoverify.maps import (  # noqa: E402
    MapError,
    claims_report,
    interactive_map,
    leaflet_inline_available,
    map_claims,
    map_elements,
    map_html,
    save_map,
    save_static_map,
    static_map,
    static_map_bytes,
)
from geoverify.report.model import ClaimSummary, VerificationReport  # noqa: E402
from geoverify.sites import Site  # noqa: E402

# A payload for every way text could escape: closing a tag, an event handler, a JS template
# literal (backtick, ${...}), a JS string escape (\x3c decodes to "<"), a </script>.
HOSTILE = ("\"'><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
           "${document.body.setAttribute('data-pwned','2')}`"
           "\\x3cimg src=x onerror=document.body.setAttribute('data-pwned','3')\\x3e"
           "</script><script>document.body.setAttribute('data-pwned','4')</script>")

GV = (35.01977, 40.56111)
QURIYAH = (34.95629, 40.54139)

VERDICT_RGB = {
    "consistent": (0x1A, 0x98, 0x50),
    "inconsistent": (0xD7, 0x30, 0x27),
    "inconclusive": (0xF3, 0x9C, 0x12),
}


def hostile_report() -> VerificationReport:
    """Two locations (three sites, two co-located), three checks of three claimants.

    Drawn by hand: 2 site markers; 3 uncertainty circles (the check's repeated circle is the
    same circle with more vertices and must not be drawn twice); 1 annulus, 1 line,
    1 sector, 1 cluster polygon: 7 Leaflet paths.
    """
    sites = {
        "gv": Site(*GV, 800.0, name="Green Village " + HOSTILE),
        "quriyah": Site(*QURIYAH, 2000.0, name="al-Quriyah"),
        "launch": Site(*QURIYAH, 5000.0, name="Launch point", source="javascript:alert(1)"),
    }
    claims = (
        ClaimSummary("claim-1", "Coalition", "impact", text="8 rockets " + HOSTILE,
                     site="gv", source_url="https://example.org/a?b=1&c=2", quote=HOSTILE),
        ClaimSummary("claim-2", "Local <b>sources</b> " + HOSTILE, "launch", text="NE of GV",
                     site="launch", source_url="javascript:document.title='pwned'"),
    )
    range_features = (
        MapFeature(Point(GV[1], GV[0]), "site", "Green Village"),
        MapFeature(geodesic_circle(*GV, 800.0), "uncertainty", "GV +- 800 m"),
        MapFeature(annulus(*QURIYAH, 0.0, 24_700.0), "annulus", "M777: at most 24.7 km"),
        MapFeature(LineString([(QURIYAH[1], QURIYAH[0]), (GV[1], GV[0])]), "line", HOSTILE),
    )
    direction_features = (
        MapFeature(sector(*GV, 45.0, 22.5, 0.0, 30_000.0), "sector", "north-east of GV"),
    )
    cluster_features = (
        MapFeature(Polygon([(40.50, 34.93), (40.58, 34.93), (40.58, 34.99), (40.50, 34.99)]),
                   "cluster", "strike sites"),
    )
    checks = (
        CheckResult("range", "consistent", "Within reach " + HOSTILE, id="range:claim-1",
                    features=range_features),
        CheckResult("direction", "inconsistent", "Not north-east.", id="direction:claim-2",
                    features=direction_features),
        CheckResult("cluster", "inconclusive", "Maybe.", id="cluster:1",
                    features=cluster_features),
    )
    return VerificationReport("hostile", "Hostile " + HOSTILE, sites, claims, checks)


@functools.lru_cache(maxsize=1)
def seed_report() -> VerificationReport:
    """The seed case, verified once per session (inside a test: the cache is the test's)."""
    from geoverify.verify import verify_file

    return verify_file("seed")


TINY_CASE = """\
id: tiny
title: Tiny case <script>document.title='pwned'</script>
sites:
  gv: {name: Green Village, coordinates: "35.01977, 40.56111", uncertainty_m: 800}
  lp: {name: Launch point, coordinates: "34.95629, 40.54139", uncertainty_m: 2000}
claims:
  - id: claim-1
    claimant: Coalition
    kind: impact
    site: gv
    launch_site: lp
    weapon: M777
    text: Rounds fell on Green Village.
"""


# ------------------------------------------------------------------------------------------
# what is drawn


def test_elements_by_kind_and_layer():
    elements = map_elements(hostile_report())
    kinds = [e.kind for e in elements]
    assert kinds.count("sites") == 2  # two locations: the co-located sites share a marker
    assert kinds.count("uncertainty") == 3
    assert sorted(k for k in kinds if k not in ("sites", "uncertainty")) == [
        "clusters", "lines", "ranges", "sectors"]
    layers = {e.layer for e in elements}
    assert "Sites" in layers and "Uncertainty areas" in layers
    assert "Coalition: range rings and annuli" in layers
    assert "Coalition: lines between sites" in layers
    assert "Analyst's checks: clusters" in layers  # cluster:1 names no claim
    assert any(layer.endswith(": direction sectors") and layer.startswith("Local")
               for layer in layers)


def test_colours_follow_verdicts():
    by_kind = {e.kind: e for e in map_elements(hostile_report())}
    assert by_kind["ranges"].color == "#1a9850"
    assert by_kind["sectors"].color == "#d73027"
    assert by_kind["clusters"].color == "#f39c12"
    # the Green Village marker: used by the consistent range check only
    gv = [e for e in map_elements(hostile_report()) if e.kind == "sites"
          and e.site_group is not None and "gv" in e.site_group.site_ids]
    assert gv[0].color == "#1a9850"


def test_areas_are_drawn_under_lines_and_markers():
    kinds = [e.kind for e in map_elements(hostile_report())]
    assert kinds.index("uncertainty") < kinds.index("ranges") < kinds.index("lines")
    assert kinds[-1] == "sites"


# ------------------------------------------------------------------------------------------
# the interactive page


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _bound_contents(page: str) -> list[str]:
    """Return every popup/tooltip content string the page binds (decoded from its JSON)."""
    decoder = json.JSONDecoder()
    out = []
    for match in re.finditer(r"\.bind(?:Popup|Tooltip)\((?=\")", page):
        value, _ = decoder.raw_decode(page, match.end())
        out.append(value)
    return out


def test_popups_escape_hostile_text_and_keep_it_readable():
    page = map_html(hostile_report(), tiles=None, context=False)
    contents = _bound_contents(page)
    assert len(contents) == 2 * 9  # a popup and a tooltip on each of 2 markers + 7 paths
    seen_text = ""
    for content in contents:
        parser = _Collect()
        parser.feed(content)
        for tag, attrs in parser.tags:
            assert tag not in ("img", "script", "iframe", "svg"), content
            assert not any(name.startswith("on") for name in attrs), content
            if tag == "a":
                assert attrs["href"].startswith("https://"), content
        seen_text += "".join(parser.text)
    # the hostile text is shown as text (entities decoded by the HTML parser)
    assert "<img src=x onerror=" in seen_text
    assert "${document.body" in seen_text
    assert "\\x3cimg" in seen_text
    assert "8 rockets" in seen_text and "Within reach" in seen_text


def test_no_raw_payload_anywhere_in_the_page():
    page = map_html(hostile_report(), tiles=None)
    assert "<img src=x" not in page
    assert "${document" not in page
    assert "<script>document.body" not in page
    assert page.count("</script>") == page.count("<script")  # nothing closed a script early


def test_layer_names_and_legend_are_escaped():
    page = map_html(hostile_report(), tiles=None)
    assert "Local &lt;b&gt;sources&lt;/b&gt;" in page or \
        "Local \\u0026lt;b\\u0026gt;sources" in page
    legend = page[page.index('id="gv-legend"'):]
    legend = legend[:legend.index("</div>\n") if "</div>\n" in legend else 2000]
    assert "<img" not in legend and "Hostile &quot;&#x27;&gt;&lt;img" in legend


def test_source_links_only_for_http():
    contents = _bound_contents(map_html(hostile_report(), tiles=None))
    hrefs = set()
    for content in contents:
        parser = _Collect()
        parser.feed(content)
        hrefs |= {a["href"] for t, a in parser.tags if t == "a"}
    assert hrefs == {"https://example.org/a?b=1&c=2"}
    assert any("javascript:document.title" in c for c in contents)  # shown as text only


def test_rendered_layers_and_leaflet_calls():
    page = map_html(hostile_report(), tiles=None, context=False)
    assert page.count("L.marker(") == 2
    assert page.count("L.polygon(") + page.count("L.polyline(") == 7
    assert page.count("L.featureGroup(") == 6
    assert "L.control.layers(" in page
    assert "L.tileLayer(" not in page


def test_self_contained_page_loads_nothing_from_elsewhere(tmp_path):
    if not leaflet_inline_available():
        pytest.skip("xstatic-leaflet is not installed: the page loads Leaflet from a CDN")
    path = save_map(hostile_report(), tmp_path / "map.html", tiles=None)
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=\"?https?:", page)
    assert "jquery" not in page.lower().split("leaflet 1.9")[0] or "$(" not in page
    assert "L.map(" in page and "Leaflet 1.9.3" in page


def test_tile_providers():
    report = hostile_report()
    osm = map_html(report)
    assert "tile.openstreetmap.org" in osm
    topo = map_html(report, tiles="OpenTopoMap")
    assert "tile.opentopomap.org" in topo
    own = map_html(report, tiles="http://127.0.0.1:9/{z}/{x}/{y}.png", attribution="local")
    assert "http://127.0.0.1:9/{z}/{x}/{y}.png" in own
    with pytest.raises(MapError, match="attribution"):
        interactive_map(report, tiles="http://127.0.0.1:9/{z}/{x}/{y}.png")
    with pytest.raises(MapError, match="unknown tile provider"):
        interactive_map(report, tiles="No Such Provider 42")


def test_report_map_method_and_save(tmp_path):
    m = hostile_report().map(tiles=None)
    assert isinstance(m, folium.Map)
    (tmp_path / "sub").mkdir()
    path = save_map(m, tmp_path / "sub" / "m.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in path.parent.iterdir()] == ["m.html"]  # no temporary left
    with pytest.raises(MapError, match="folder .* does not exist"):  # never created
        save_map(m, tmp_path / "missing" / "m.html")
    assert not (tmp_path / "missing").exists()
    with pytest.raises(GeoverifyError, match="cannot write"):
        save_map(m, path / "x.html")


def test_seed_case_map_has_every_site_location():
    report = seed_report()
    page = map_html(report, tiles=None)
    locations = {(round(s.lat, 6), round(s.lon, 6)) for s in report.sites.values()}
    assert page.count("L.marker(") == len(locations)
    names = [s.name for s in report.sites.values()]
    contents = " ".join(_bound_contents(page))
    for name in names:
        assert json.dumps(name)[1:-1].replace('"', "&quot;") in contents or \
            name.replace('"', "&quot;") in contents


def test_map_claims_from_plain_dicts():
    m = map_claims([
        {"claimant": "SOHR", "text": "Drone strike", "lat": 35.0, "lon": 40.5,
         "uncertainty_m": 3000, "url": "https://example.org/x"},
        {"claimant": "Coalition", "text": "Strike", "where": "34.95629, 40.54139"},
        Site(35.3, 40.1, 5000.0, name="Deir ez-Zor"),
    ], tiles=None, title="Three claims")
    page = m.get_root().render()
    assert page.count("L.marker(") == 3
    assert "Three claims" in page and "https://example.org/x" in page


def test_claims_report_locates_and_refuses():
    report = claims_report([{"claimant": "A", "where": "34.95629, 40.54139",
                             "uncertainty_m": 700}])
    site = report.sites["claim-1"]
    assert (site.lat, site.lon, site.uncertainty_m) == (34.95629, 40.54139, 700.0)
    assert report.claims[0].site == "claim-1"
    with pytest.raises(MapError, match="claim 1"):
        claims_report([42])
    with pytest.raises(MapError, match="claim 1: lat/lon"):
        claims_report([{"claimant": "A", "lat": "north", "lon": 40}])


# ------------------------------------------------------------------------------------------
# the static picture


def _png_pixels(data: bytes):
    from matplotlib.image import imread

    image = imread(io.BytesIO(data), format="png")
    return (image[:, :, :3] * 255).round().astype(int)


def _count_near(pixels, rgb, tol=12) -> int:
    import numpy as np

    diff = np.abs(pixels - np.array(rgb)).max(axis=2)
    return int((diff <= tol).sum())


def test_static_png_has_content_and_verdict_colours():
    data = static_map_bytes(hostile_report(), fmt="png", width_in=8, height_in=6.5, dpi=100)
    assert len(data) > 20_000
    pixels = _png_pixels(data)
    assert pixels.shape[:2] == (650, 800)
    assert pixels.std() > 10  # not blank
    for verdict, rgb in VERDICT_RGB.items():
        assert _count_near(pixels, rgb) > 50, verdict
    assert _count_near(pixels, (0x2C, 0x7F, 0xB8)) > 50  # uncertainty circles, site colour


def test_static_png_without_an_inconsistent_check_has_no_red():
    report = hostile_report()
    only = VerificationReport(report.case_id, "x", report.sites, report.claims,
                              report.checks[:1])
    pixels = _png_pixels(static_map_bytes(only, fmt="png", dpi=80))
    assert _count_near(pixels, VERDICT_RGB["inconsistent"], tol=30) == 0
    assert _count_near(pixels, VERDICT_RGB["consistent"]) > 50


def test_static_map_names_sites_and_has_scale_and_north():
    fig = static_map(hostile_report())
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert any("al-Quriyah" in t and "Launch point" in t for t in texts)  # co-located
    assert "N" in texts
    assert any(re.fullmatch(r"\d+ km", t) for t in texts)
    assert any(t.startswith("Green Village") for t in texts)


def test_static_scale_bar_is_true_length():
    fig = static_map(hostile_report())
    ax = fig.axes[0]
    label = next(t.get_text() for t in ax.texts if re.fullmatch(r"\d+ km", t.get_text()))
    bar = next(line for line in ax.lines if line.get_linewidth() == 3)
    (x0, x1), (y, _) = bar.get_xdata(), bar.get_ydata()
    r = 6378137.0

    def lonlat(x: float, yy: float) -> tuple[float, float]:
        return math.degrees(x / r), math.degrees(2 * math.atan(math.exp(yy / r)) - math.pi / 2)

    lon0, lat0 = lonlat(x0, y)
    lon1, lat1 = lonlat(x1, y)
    true_m = Geodesic.WGS84.Inverse(lat0, lon0, lat1, lon1)["s12"]
    # true at the map's centre latitude; the bar sits lower: allow for the latitude change
    assert true_m == pytest.approx(float(label.split()[0]) * 1000, rel=0.01)


def test_static_text_with_dollars_is_not_mathtext():
    report = VerificationReport("c", "$\\frac{", {"a": Site(35, 40, 100, name="a $x^2$ b")},
                                (), ())
    fig = static_map(report)
    assert "a \\$x^2\\$ b" in [t.get_text() for t in fig.axes[0].texts]
    assert static_map_bytes(report, fmt="png")[:4] == b"\x89PNG"


def test_static_svg_is_xml_and_formats(tmp_path):
    import xml.etree.ElementTree as ET

    path = save_static_map(hostile_report(), tmp_path / "m.svg")
    root = ET.fromstring(path.read_bytes())
    assert root.tag.endswith("svg")
    with pytest.raises(MapError, match="png or svg"):
        save_static_map(hostile_report(), tmp_path / "m.gif")


class _Tiles(http.server.BaseHTTPRequestHandler):
    tile: bytes = b""
    status = 200

    def do_GET(self):  # noqa: N802
        self.send_response(self.status)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        if self.status == 200:
            self.wfile.write(self.tile)

    def log_message(self, *args):
        pass


@pytest.fixture
def tile_server():
    import numpy as np
    from matplotlib.image import imsave

    buffer = io.BytesIO()
    imsave(buffer, np.tile(np.array([1.0, 0.0, 1.0]), (256, 256, 1)), format="png")
    handler = type("Tiles", (_Tiles,), {"tile": buffer.getvalue(), "status": 200})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, handler
    server.shutdown()
    server.server_close()


def test_static_basemap_from_a_tile_server(tile_server):
    server, handler = tile_server
    url = f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    pixels = _png_pixels(static_map_bytes(hostile_report(), fmt="png", basemap=url, dpi=60))
    assert _count_near(pixels, (255, 0, 255), tol=40) > 1000  # the magenta tiles are drawn
    handler.status = 500
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pixels = _png_pixels(static_map_bytes(hostile_report(), fmt="png", basemap=url, dpi=60))
    assert any("basemap tiles unavailable" in str(w.message) for w in caught)
    assert _count_near(pixels, (255, 0, 255), tol=40) == 0


# ------------------------------------------------------------------------------------------
# reports and the command line


def test_html_report_embeds_the_png():
    import base64

    from geoverify.report.html import to_html

    page = to_html(hostile_report(), embed_map=True)
    match = re.search(r'<img class="map"[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert match is not None
    assert base64.b64decode(match.group(1))[:4] == b"\x89PNG"
    assert "<script" not in page


def test_cli_verify_writes_maps(tmp_path):
    from geoverify.cli import main

    html_map, png, svg = tmp_path / "m.html", tmp_path / "m.png", tmp_path / "m.svg"
    md, report_html = tmp_path / "r.md", tmp_path / "r.html"
    status = main(["verify", "seed", "--map", str(html_map), "--png", str(png),
                   "--svg", str(svg), "--markdown", str(md), "--html", str(report_html)])
    assert status in (0, 1)
    assert "L.map(" in html_map.read_text(encoding="utf-8")
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in svg.read_bytes()[:2000]
    assert "![Map of the sites and checks](<r.map.png>)" in md.read_text(encoding="utf-8")
    assert (tmp_path / "r.map.png").read_bytes()[:4] == b"\x89PNG"
    assert "data:image/png;base64," in report_html.read_text(encoding="utf-8")


def test_cli_map_to_unwritable_path_is_exit_2(tmp_path, capsys):
    from geoverify.cli import main

    case = tmp_path / "tiny.yaml"
    case.write_text(TINY_CASE, encoding="utf-8")
    assert main(["verify", str(case), "--map", str(tmp_path / "ok.html")]) in (0, 1)
    assert "Tiny case &lt;script&gt;" in (tmp_path / "ok.html").read_text(encoding="utf-8")
    capsys.readouterr()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["verify", str(case), "--map", str(blocker / "m.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err


def test_written_map_file_paths_are_returned(tmp_path):
    assert save_static_map(hostile_report(), tmp_path / "a.png") == Path(tmp_path / "a.png")
