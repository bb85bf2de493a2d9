"""Report writers: terminal, JSON (+ schema), Markdown, HTML, GeoJSON (RFC 7946), KML, write()."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from geographiclib.geodesic import Geodesic
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
)

from geoverify.checks.result import CheckResult, MapFeature
from geoverify.errors import DataFileError, GeoverifyError, TimeParseError
from geoverify.report import (
    ClaimSummary,
    ReportError,
    VerificationReport,
    provenance,
    report_schema,
    to_geojson,
    to_html,
    to_json,
    to_kml,
    to_markdown,
    to_terminal,
    write,
)
from geoverify.sites import Site

KML = "{http://www.opengis.net/kml/2.2}"
NS = {"k": "http://www.opengis.net/kml/2.2"}
GEOD = Geodesic.WGS84


def _geodesic_ring(lat, lon, radius_m, n=36, clockwise=False):
    """A ring of points at radius_m from (lat, lon), computed with geographiclib (lon/lat)."""
    azimuths = [i * 360.0 / n for i in range(n)]
    if not clockwise:
        azimuths = azimuths[::-1]
    pts = []
    for az in azimuths:
        d = GEOD.Direct(lat, lon, az, radius_m)
        pts.append((d["lon2"], d["lat2"]))
    return pts


CASE_TEXT = b"id: seed\ntitle: Green Village\n"
NOW = datetime(2022, 1, 5, 9, 30, tzinfo=UTC)


@pytest.fixture()
def case_file(tmp_path):
    path = tmp_path / "seed.yaml"
    path.write_bytes(CASE_TEXT)
    return path


def build_report(case_path=None) -> VerificationReport:
    gv = Site(35.0560, 40.4660, 500, name="Green Village", method="geocoded",
              source="https://example.org/gv")
    launch = Site(34.9563, 40.5414, 1500, name="al-Quriyah", method="geocoded")
    # an area site: a square with a square hole, given clockwise (the writer must re-orient)
    outer = [(40.60, 35.10), (40.60, 35.20), (40.70, 35.20), (40.70, 35.10)]  # clockwise
    hole = [(40.63, 35.13), (40.67, 35.13), (40.67, 35.17), (40.63, 35.17)]  # ccw
    area = Polygon(outer, [hole])
    ne = Site(35.15, 40.65, 8000, name="north-east of Deir ez-Zor", method="area", area=area)

    annulus = Polygon(_geodesic_ring(35.0560, 40.4660, 8050),
                      [_geodesic_ring(35.0560, 40.4660, 2000, clockwise=True)])
    ring = LineString(_geodesic_ring(35.0560, 40.4660, 8050) + [
        _geodesic_ring(35.0560, 40.4660, 8050)[0]])
    sector_cw = Polygon([(40.4660, 35.0560), (40.47, 35.20), (40.60, 35.15)])  # clockwise
    range_check = CheckResult(
        kind="range", verdict="consistent",
        explanation="The launch point is 10.9 to 14.9 km from Green Village; a 122 mm rocket "
                    "reaches 20.4 km: consistent.",
        values={"distance_min_m": 10900.0, "distance_max_m": 14900.0,
                "weapons": [{"id": "122mm-grad", "fits": True}]},
        margin=5500.0, margin_unit="m",
        inputs={"launch": "launch", "target": "gv", "weapon": "122mm"},
        method="WGS84 geodesic min/max distance between uncertainty circles",
        id="range-1",
        features=(
            MapFeature(annulus, "annulus", "122 mm envelope from Green Village"),
            MapFeature(ring, "range_ring", "8.05 km"),
        ),
    )
    direction_check = CheckResult(
        kind="direction", verdict="inconsistent",
        explanation="The site bears 200 to 210 deg from Deir ez-Zor, outside the north-east "
                    "sector (22.5 to 67.5 deg).",
        values={"azimuth_min_deg": 200.0, "azimuth_max_deg": 210.0},
        margin=-132.5, margin_unit="deg", inputs={"site": "launch"}, method="geodesic azimuth",
        id="direction-1",
        features=(MapFeature(sector_cw, "sector", "north-east sector"),
                  MapFeature(LineString([(40.14, 35.33), (40.5414, 34.9563)]), "line",
                             "bearing")),
    )
    two = MultiPolygon([Polygon([(40.0, 35.0), (40.1, 35.0), (40.1, 35.1)]),
                        Polygon([(40.2, 35.0), (40.3, 35.0), (40.3, 35.1)])])
    cluster_check = CheckResult(
        kind="cluster", verdict="inconclusive",
        explanation="The three strike sites lie 2.1 to 6.3 km from al-Quriyah; the threshold "
                    "of 5 km falls inside that span.",
        values={"spread_m": 4200.0}, margin=None, margin_unit=None,
        inputs={"sites": ["s1", "s2", "s3"]}, method="centroid and farthest site",
        id="cluster-1",
        features=(MapFeature(MultiPoint([(40.50, 34.95), (40.52, 34.97), (40.55, 34.96)]),
                             "cluster", "strike sites", {"n": 3}),
                  MapFeature(two, "control", "two areas"),
                  MapFeature(GeometryCollection([Point(40.5, 34.9), LineString(
                      [(40.5, 34.9), (40.6, 35.0)])]), "line", "mixed")),
    )
    plain = CheckResult(kind="visibility", verdict="consistent", explanation="Visible.")
    claims = (
        ClaimSummary("c1", "Coalition (CJTF-OIR)", "impact", text="8 rockets fell on Green Village",
                     site="gv", when="2022-01-05", weapon="rocket", count=8,
                     source_url="https://example.org/statement", quote="eight rockets"),
        ClaimSummary("c2", "Local sources", "launch_point", text="fired from north-east",
                     site="ne, launch", source_url="ftp://example.org/x"),
        ClaimSummary("c3", "Unknown", "presence", text="somewhere", site="nowhere"),
    )
    return VerificationReport(
        case_id="seed", title="Rockets on Green Village, 2022-01-05",
        sites={"gv": gv, "launch": launch, "ne": ne},
        claims=claims,
        checks=(range_check, direction_check, cluster_check, plain),
        description="The coalition answered the launch point with artillery.",
        sources=({"url": "https://example.org/article", "title": "Syria TV"},),
        provenance=provenance(case_path, data_files=(), now=NOW),
    )


@pytest.fixture()
def report(case_file):
    return build_report(case_file)


# ---------------------------------------------------------------------------------- JSON


def test_json_validates_against_published_schema(report):
    out = to_json(report)
    validator = jsonschema.Draft202012Validator(
        report_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    validator.validate(out)
    assert json.loads(json.dumps(out)) == out


def test_json_schema_is_itself_valid():
    jsonschema.Draft202012Validator.check_schema(report_schema())


def test_json_schema_rejects_a_bad_verdict(report):
    out = to_json(report)
    out["checks"][0]["verdict"] = "probably"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(out, report_schema())


def test_json_content(report, case_file):
    out = to_json(report)
    assert out["verdict"] == "inconsistent"  # one check is inconsistent
    assert out["counts"] == {"consistent": 2, "inconsistent": 1, "inconclusive": 1}
    assert [c["id"] for c in out["checks"]] == ["range-1", "direction-1", "cluster-1", "check-4"]
    first = out["checks"][0]
    for key in ("id", "kind", "verdict", "explanation", "values", "margin", "margin_unit",
                "inputs", "method"):
        assert key in first
    assert first["margin"] == 5500.0 and first["values"]["distance_min_m"] == 10900.0
    assert first["values"]["weapons"] == [{"id": "122mm-grad", "fits": True}]
    assert [s["id"] for s in out["sites"]] == ["gv", "launch", "ne"]
    assert out["sites"][2]["area"]["type"] == "Polygon"
    assert out["claims"][0]["count"] == 8
    prov = out["provenance"]
    assert prov["case_sha256"] == hashlib.sha256(CASE_TEXT).hexdigest()
    assert prov["computed_at"] == "2022-01-05T09:30:00Z"
    assert prov["case_file"] == str(case_file)


def test_json_verdict_without_checks_is_inconclusive():
    out = to_json(VerificationReport("x", "x", {}, (), (), provenance=provenance(data_files=())))
    assert out["verdict"] == "inconclusive" and out["checks"] == []
    jsonschema.validate(out, report_schema())


# ---------------------------------------------------------------------------------- provenance


def test_provenance_hashes_files_independently(tmp_path, case_file):
    data = tmp_path / "table.csv"
    data.write_bytes(b"a,b\n1,2\n")
    prov = provenance(case_file, data_files=[data], now=NOW)
    assert prov["data_versions"] == {data.as_posix(): hashlib.sha256(b"a,b\n1,2\n").hexdigest()}
    assert prov["case_sha256"] == hashlib.sha256(CASE_TEXT).hexdigest()
    import geoverify

    assert prov["geoverify_version"] == geoverify.__version__


def test_provenance_time_is_utc_iso8601():
    tz = timezone(timedelta(hours=3))  # Damascus in winter 2022
    prov = provenance(data_files=(), now=datetime(2022, 1, 5, 12, 30, 15, 999, tzinfo=tz))
    assert prov["computed_at"] == "2022-01-05T09:30:15Z"
    live = provenance(data_files=())["computed_at"]
    parsed = datetime.fromisoformat(live.replace("Z", "+00:00"))
    assert abs((datetime.now(UTC) - parsed).total_seconds()) < 60


def test_provenance_default_hashes_shipped_data():
    from geoverify._paths import data_dir

    prov = provenance(now=NOW)
    for name, digest in prov["data_versions"].items():
        assert not name.startswith("cases/")
        assert hashlib.sha256((data_dir() / name).read_bytes()).hexdigest() == digest


def test_provenance_errors(tmp_path):
    with pytest.raises(TimeParseError):
        provenance(data_files=(), now=datetime(2022, 1, 5, 9, 30))
    with pytest.raises(DataFileError, match="missing.yaml"):
        provenance(tmp_path / "missing.yaml", data_files=())
    with pytest.raises(DataFileError, match="no-such-table.csv"):
        provenance(data_files=["no-such-table.csv"])


def test_every_format_records_provenance(report):
    digest = hashlib.sha256(CASE_TEXT).hexdigest()
    assert digest[:12] in to_terminal(report, width=100)
    assert digest in to_markdown(report)
    assert digest in to_html(report)
    assert to_geojson(report)["geoverify"]["provenance"]["case_sha256"] == digest
    root = ET.fromstring(to_kml(report))
    data = {d.get("name"): d.findtext("k:value", namespaces=NS)
            for d in root.find("k:Document/k:ExtendedData", NS)}
    assert data["case_sha256"] == digest and data["computed_at"] == "2022-01-05T09:30:00Z"
    assert digest in report._repr_html_() or digest[:12] in report._repr_html_()


# ---------------------------------------------------------------------------------- terminal


def test_terminal_lists_every_check_and_verdict(report):
    text = to_terminal(report, width=100)
    for check_id, verdict in (("range-1", "consistent"), ("direction-1", "inconsistent"),
                              ("cluster-1", "inconclusive"), ("check-4", "consistent")):
        line = next(x for x in text.splitlines() if x.startswith(check_id + " "))
        assert verdict in line.split()
    assert "Overall verdict: INCONSISTENT (2 consistent, 1 inconsistent, 1 inconclusive)" in text
    assert "\x1b" not in text


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_terminal_respects_width_and_keeps_every_word(report, width):
    text = to_terminal(report, width=width)
    table = text.split("\n\nOverall")[0].splitlines()[1:]
    assert all(len(line) <= width for line in table), width
    if table[0].startswith("id "):  # a table: the explanation column starts under its header
        offset = table[0].index("explanation")
        column = " ".join(line[offset:] for line in table[2:])
    else:  # too narrow: one block per check, the explanation indented under the verdict
        column = " ".join(line for line in table if line.startswith("  "))
    tokens = column.split()
    for check in report.checks:
        words = check.explanation.split()
        starts = [i for i in range(len(tokens)) if tokens[i : i + len(words)] == words]
        assert starts, (width, check.explanation)


def test_terminal_color_paints_verdicts_only_when_asked(report):
    colored = to_terminal(report, width=100, color=True)
    assert "\x1b[1;31minconsistent" in colored and "\x1b[32mconsistent" in colored
    assert re.sub(r"\x1b\[[0-9;]*m", "", colored) == to_terminal(report, width=100)


def test_terminal_without_checks():
    text = to_terminal(VerificationReport("x", "t", {}, (), ()), width=80)
    assert "no checks" in text and "INCONCLUSIVE" in text


# ---------------------------------------------------------------------------------- Markdown


def _cells(row: str) -> list[str]:
    """Split a Markdown table row on pipes that are not backslash-escaped."""
    assert row.startswith("|") and row.endswith("|"), row
    return re.split(r"(?<!\\)\|", row[1:-1])


def test_markdown_tables_are_well_formed(report):
    md = to_markdown(report)
    lines = md.splitlines()
    tables = 0
    i = 0
    while i < len(lines):
        if lines[i].startswith("|"):
            header = _cells(lines[i])
            sep = _cells(lines[i + 1])
            assert len(sep) == len(header) and all(re.fullmatch(r"-{3,}", c) for c in sep)
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                assert len(_cells(lines[i])) == len(header), lines[i]
                i += 1
            tables += 1
        else:
            i += 1
    assert tables >= 4  # checks, claims, sites, provenance (+ values)
    for check_id in ("range-1", "direction-1", "cluster-1", "check-4"):
        assert f"| {check_id} |" in md
    assert "**inconsistent**" in md and "Overall verdict: INCONSISTENT" in md
    assert "[https://example.org/statement](<https://example.org/statement>)" in md
    assert "](<ftp:" not in md  # only http(s) become links


def test_markdown_escapes_pipes_in_cells():
    check = CheckResult("range", "consistent", "a | b", id="x|y")
    md = to_markdown(VerificationReport("c", "t", {}, (), (check,)))
    row = next(x for x in md.splitlines() if x.startswith("| x"))
    assert len(_cells(row)) == 5


# ---------------------------------------------------------------------------------- HTML


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_one_self_contained_page(report):
    page = to_html(report)
    parser = _Collector()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in tags and "link" not in tags and "iframe" not in tags
    assert tags.count("style") == 1 and tags.count("table") >= 3
    for tag, attrs in parser.tags:
        assert "src" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith(("https://", "http://"))
    assert "url(" not in page and "@import" not in page
    hrefs = [a.get("href") for t, a in parser.tags if t == "a"]
    assert "https://example.org/statement" in hrefs and "https://example.org/article" in hrefs
    assert not any(h and h.startswith("ftp:") for h in hrefs)
    assert "ftp://example.org/x" in "".join(parser.text)  # shown as text
    classes = {a.get("class") for _, a in parser.tags}
    assert {"verdict v-consistent", "verdict v-inconsistent", "verdict v-inconclusive"} <= classes
    assert "svg" in tags  # the sketch map
    csp = [a for t, a in parser.tags if t == "meta" and a.get("http-equiv")]
    assert "script-src" not in csp[0]["content"] and "default-src 'none'" in csp[0]["content"]


def test_html_shows_every_check_claim_and_site(report):
    text = " ".join(_Collector_text(to_html(report)).split())
    for word in ("range-1", "direction-1", "cluster-1", "check-4", "Green Village",
                 "al-Quriyah", "8 rockets fell on Green Village", "Coalition (CJTF-OIR)",
                 "2022-01-05T09:30:00Z"):
        assert word in text, word


def _Collector_text(page: str) -> str:
    parser = _Collector()
    parser.feed(page)
    return " ".join(parser.text)


def test_notebook_display(report):
    out = report._repr_html_()
    parser = _Collector()
    parser.feed(out)
    assert "script" not in [t for t, _ in parser.tags]
    text = " ".join(parser.text)
    assert "range-1" in text and "inconsistent" in text and "Rockets on Green Village" in text
    assert report.counts == {"consistent": 2, "inconsistent": 1, "inconclusive": 1}


# ---------------------------------------------------------------------------------- GeoJSON


def _signed_area(ring) -> float:
    """Shoelace formula in the lon/lat plane: positive for counter-clockwise."""
    pairs = zip(ring[:-1], ring[1:], strict=True)
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)


def _polygons(geometry):
    kind = geometry["type"]
    if kind == "Polygon":
        yield geometry["coordinates"]
    elif kind == "MultiPolygon":
        yield from geometry["coordinates"]
    elif kind == "GeometryCollection":
        for g in geometry["geometries"]:
            yield from _polygons(g)


def _positions(coords):
    if coords and isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _positions(c)


def _all_positions(geometry):
    if geometry["type"] == "GeometryCollection":
        for g in geometry["geometries"]:
            yield from _all_positions(g)
    else:
        yield from _positions(geometry["coordinates"])


def test_geojson_follows_rfc7946(report):
    fc = to_geojson(report)
    fc = json.loads(json.dumps(fc, allow_nan=False))
    assert fc["type"] == "FeatureCollection"
    polygons = 0
    for feature in fc["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        for pos in _all_positions(geometry):
            assert len(pos) == 2
            lon, lat = pos
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert 39.9 < lon < 41 and 34 < lat < 36  # lon/lat order (the theatre)
        for rings in _polygons(geometry):
            polygons += 1
            for k, ring in enumerate(rings):
                assert len(ring) >= 4 and ring[0] == ring[-1]
                area = _signed_area(ring)
                assert area > 0 if k == 0 else area < 0, (feature["id"], k)
    assert polygons == 7  # 3 uncertainty areas, annulus, sector, 2 in the MultiPolygon
    ids = [f["id"] for f in fc["features"]]
    assert len(ids) == len(set(ids))


def test_geojson_sites_and_uncertainty_circles(report):
    features = to_geojson(report)["features"]
    site = next(f for f in features if f["id"] == "site:gv:site")
    assert site["geometry"] == {"type": "Point", "coordinates": [40.466, 35.056]}
    assert site["properties"]["name"] == "Green Village"
    assert site["properties"]["uncertainty_m"] == 500
    circle = next(f for f in features if f["id"] == "site:gv:uncertainty")
    for lon, lat in circle["geometry"]["coordinates"][0]:
        s12 = GEOD.Inverse(35.0560, 40.4660, lat, lon)["s12"]
        assert s12 == pytest.approx(500.0, abs=0.05)  # 7 decimals ~ 1 cm
    area = next(f for f in features if f["id"] == "site:ne:uncertainty")
    assert area["properties"]["shape"] == "area"
    assert len(area["geometry"]["coordinates"]) == 2  # the hole is kept


def test_geojson_check_features_carry_verdict_and_style(report):
    features = [f for f in to_geojson(report)["features"] if f["properties"]["check_id"]]
    assert len(features) == 2 + 2 + 3
    colors = {"consistent": "#1a9850", "inconsistent": "#d73027", "inconclusive": "#f39c12"}
    for f in features:
        p = f["properties"]
        assert {"verdict", "check_id", "role", "label", "stroke", "fill", "stroke-width",
                "fill-opacity", "title"} <= set(p)
        assert p["stroke"] == colors[p["verdict"]] == p["fill"]
    by_role = {f["properties"]["role"]: f for f in features}
    assert by_role["annulus"]["properties"]["verdict"] == "consistent"
    assert by_role["sector"]["properties"]["check_id"] == "direction-1"
    assert by_role["cluster"]["properties"]["n"] == 3  # the feature's own properties
    assert by_role["control"]["geometry"]["type"] == "MultiPolygon"


# ---------------------------------------------------------------------------------- KML


def test_kml_structure(report):
    text = to_kml(report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "<!DOCTYPE" not in text and "<![CDATA[" not in text
    root = ET.fromstring(text)
    assert root.tag == f"{KML}kml"
    doc = root.find("k:Document", NS)
    styles = {s.get("id") for s in doc.findall("k:Style", NS)}
    assert {"site", "site-uncertainty", "verdict-consistent", "verdict-inconsistent",
            "verdict-inconclusive"} <= styles
    for url in root.iterfind(".//k:styleUrl", NS):
        assert url.text[1:] in styles
    folders = {f.findtext("k:name", namespaces=NS): f for f in doc.findall("k:Folder", NS)}
    assert set(folders) == {"Sites", "Claims", "Checks"}
    site_names = [p.findtext("k:name", namespaces=NS)
                  for p in folders["Sites"].findall("k:Placemark", NS)]
    assert site_names == ["Green Village", "Green Village: uncertainty", "al-Quriyah",
                          "al-Quriyah: uncertainty", "north-east of Deir ez-Zor",
                          "north-east of Deir ez-Zor: uncertainty"]
    check_folders = folders["Checks"].findall("k:Folder", NS)
    assert [f.findtext("k:name", namespaces=NS) for f in check_folders] == [
        "range-1 (range): consistent", "direction-1 (direction): inconsistent",
        "cluster-1 (cluster): inconclusive", "check-4 (visibility): consistent"]
    assert [len(f.findall("k:Placemark", NS)) for f in check_folders] == [2, 2, 3, 0]
    gv = folders["Sites"].find("k:Placemark", NS)
    assert gv.findtext("k:Point/k:coordinates", namespaces=NS) == "40.466,35.056"


def test_kml_geometries(report):
    root = ET.fromstring(to_kml(report))
    checks = root.find("k:Document/k:Folder[@id='checks']", NS)
    annulus = checks.find("k:Folder/k:Placemark/k:Polygon", NS)
    assert annulus.find("k:outerBoundaryIs/k:LinearRing/k:coordinates", NS) is not None
    assert len(annulus.findall("k:innerBoundaryIs", NS)) == 1
    outer = [tuple(map(float, p.split(","))) for p in
             annulus.findtext("k:outerBoundaryIs/k:LinearRing/k:coordinates",
                              namespaces=NS).split()]
    assert outer[0] == outer[-1] and _signed_area(outer) > 0
    assert all(40 < lon < 41 and 34 < lat < 36 for lon, lat in outer)
    multis = root.findall(".//k:Placemark/k:MultiGeometry", NS)
    kinds = sorted(sorted(child.tag.replace(KML, "") for child in m) for m in multis)
    assert ["Polygon", "Polygon"] in kinds  # the MultiPolygon
    assert ["Point", "Point", "Point"] in kinds  # the MultiPoint
    assert ["LineString", "Point"] in kinds  # the GeometryCollection
    claims = root.find("k:Document/k:Folder[@id='claims']", NS)
    first, second, third = claims.findall("k:Placemark", NS)
    assert first.findtext("k:Point/k:coordinates", namespaces=NS) == "40.466,35.056"
    assert [p.text for p in second.findall("k:MultiGeometry/k:Point/k:coordinates", NS)] == [
        "40.65,35.15", "40.5414,34.9563"]
    assert third.find("k:Point", NS) is None and third.find("k:MultiGeometry", NS) is None


def test_kml_colors_are_aabbggrr(report):
    root = ET.fromstring(to_kml(report))
    style = root.find("k:Document/k:Style[@id='verdict-inconsistent']", NS)
    assert style.findtext("k:LineStyle/k:color", namespaces=NS)[2:] == "2730d7"
    # balloons show only the (escaped) description, never the raw name or ExtendedData
    for style in root.iterfind("k:Document/k:Style", NS):
        assert style.findtext("k:BalloonStyle/k:text", namespaces=NS) == "$[description]"
    for feature in root.iter():
        if feature.tag in (f"{KML}Placemark", f"{KML}Folder", f"{KML}Document"):
            assert feature.find("k:styleUrl", NS) is not None, feature.tag


# ---------------------------------------------------------------------------------- write()


@pytest.mark.parametrize("name, check", [
    ("r.json", lambda t: json.loads(t)["case_id"] == "seed"),
    ("r.md", lambda t: t.startswith("# Rockets")),
    ("r.html", lambda t: t.startswith("<!DOCTYPE html>")),
    ("r.geojson", lambda t: json.loads(t)["type"] == "FeatureCollection"),
    ("r.KML", lambda t: ET.fromstring(t.encode()).tag == f"{KML}kml"),
    ("r.txt", lambda t: "Overall verdict" in t),
])
def test_write_picks_format_from_suffix(report, tmp_path, name, check):
    (tmp_path / "out").mkdir()
    path = write(report, tmp_path / "out" / name)
    assert check(path.read_text(encoding="utf-8"))
    assert [p.name for p in path.parent.iterdir()] == [name]  # no temporary file left


def test_write_with_explicit_format_and_errors(report, tmp_path):
    path = write(report, tmp_path / "report.out", fmt="geojson")
    assert json.loads(path.read_text())["type"] == "FeatureCollection"
    with pytest.raises(ReportError, match="unknown suffix"):
        write(report, tmp_path / "report.pdf")
    with pytest.raises(GeoverifyError, match="unknown report format"):
        write(report, tmp_path / "report.json", fmt="pdf")
    assert not (tmp_path / "report.pdf").exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReportError, match="cannot write"):
        write(report, blocker / "r.json")


def test_markdown_renders_as_tables_in_an_independent_renderer(report):
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").enable("table").render(to_markdown(report))

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows: list[list[str]] = []
            self.tables = 0
            self._cell: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.tables += 1
            elif tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self._cell = []

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self._cell is not None:
                self.rows[-1].append("".join(self._cell).strip())
                self._cell = None

        def handle_data(self, data):
            if self._cell is not None:
                self._cell.append(data)

    parser = Rows()
    parser.feed(page)
    assert parser.tables == 7  # checks, 3 x values, claims, sites, provenance
    assert ["range-1", "range", "consistent", "+5500 m",
            "The launch point is 10.9 to 14.9 km from Green Village; a 122 mm rocket "
            "reaches 20.4 km: consistent."] in parser.rows
    assert ["value", "distance_min_m", "10900"] in parser.rows
    assert ["value", "weapons", '[{"id": "122mm-grad", "fits": true}]'] in parser.rows
    assert ["gv", "Green Village", "35.05600", "40.46600", "500", "geocoded",
            "https://example.org/gv", ""] in parser.rows


def test_html_sketch_map_stays_in_its_frame(report):
    page = to_html(report)
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    root = ET.fromstring(svg)  # well-formed SVG
    width, height = float(root.get("width")), float(root.get("height"))
    numbers = []
    for element in root.iter():
        if element.get("d"):
            numbers += [tuple(map(float, p.split(",")))
                        for p in re.findall(r"-?[\d.]+,-?[\d.]+", element.get("d"))]
        if element.get("cx"):
            numbers.append((float(element.get("cx")), float(element.get("cy"))))
    assert numbers and all(0 <= x <= width and 0 <= y <= height for x, y in numbers)
    # north is up: Green Village (35.056 N) is drawn above al-Quriyah (34.956 N)
    circles = {c.findtext("{http://www.w3.org/2000/svg}title"): float(c.get("cy"))
               for c in root.iter("{http://www.w3.org/2000/svg}circle")}
    assert circles["Green Village"] < circles["al-Quriyah"]


def test_empty_missing_and_mapping_geometries():
    square = {"type": "Polygon",
              "coordinates": [[[40.0, 35.0], [40.0, 35.1], [40.1, 35.1], [40.1, 35.0],
                               [40.0, 35.0]]]}  # clockwise, as a plain mapping
    check = CheckResult("control", "inconclusive", "Near the boundary.", id="ctl",
                        margin=float("nan"), values={"distance_to_boundary_m": float("inf")},
                        features=(MapFeature(None, "control", "none"),
                                  MapFeature(Polygon(), "control", "empty"),
                                  MapFeature(square, "control", "mapping")))
    report = VerificationReport("x", "x", {}, (), (check,),
                                provenance=provenance(data_files=(), now=NOW))
    features = to_geojson(report)["features"]
    assert [f["geometry"] for f in features[:2]] == [None, None]
    ring = features[2]["geometry"]["coordinates"][0]
    assert _signed_area(ring) > 0  # re-oriented counter-clockwise
    out = to_json(report)
    assert out["checks"][0]["margin"] is None
    assert out["checks"][0]["values"]["distance_to_boundary_m"] is None
    json.dumps(out, allow_nan=False)
    root = ET.fromstring(to_kml(report))
    placemarks = root.findall(".//k:Folder[@id='checks']//k:Placemark", NS)
    assert [p.find("k:Polygon", NS) is not None for p in placemarks] == [False, False, True]
    bad = CheckResult("control", "consistent", "x", features=(
        MapFeature({"type": "Polygon", "coordinates": "nonsense"}, "control"),))
    with pytest.raises(ReportError, match="cannot draw geometry"):
        to_geojson(VerificationReport("x", "x", {}, (), (bad,)))


def test_arabic_names_survive_every_format():
    name = "القورية"
    site = Site(34.95629, 40.54139, 1500, name=name, method="geocoded")
    claim = ClaimSummary("c1", "تلفزيون سوريا", "launch_point", text="قرية القورية", site="q")
    check = CheckResult("proximity", "consistent", f"The site is 0.8 km from {name}.", id="p1")
    report = VerificationReport("seed", name, {"q": site}, (claim,), (check,),
                                provenance=provenance(data_files=(), now=NOW))
    assert to_json(report)["sites"][0]["name"] == name
    assert to_geojson(report)["features"][0]["properties"]["name"] == name
    root = ET.fromstring(to_kml(report).encode("utf-8"))
    assert root.findtext("k:Document/k:Folder/k:Placemark/k:name", namespaces=NS) == name
    assert name in to_html(report) and name in to_markdown(report)
    assert f"The site is 0.8 km from {name}." in to_terminal(report, width=100)


def test_importing_the_report_package_stays_light():
    import subprocess
    import sys

    code = ("import sys, geoverify.report; print([m for m in ('geopandas', 'pandas', 'folium', "
            "'matplotlib', 'rapidfuzz', 'pyproj', 'shapely', 'numpy') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_tiny_uncertainty_draws_no_circle_and_rounding_keeps_rings_valid():
    sites = {"exact": Site(35.0, 40.5, 0.1, name="exact"), "zero": Site(35.0, 40.6, 0)}
    twins = MultiPoint([(40.5, 35.0), (40.5, 35.0)])
    jagged = Polygon([(40.0, 35.0), (40.1, 35.0), (40.100000001, 35.0), (40.1, 35.1)])
    check = CheckResult("cluster", "consistent", "x", id="k", features=(
        MapFeature(twins, "cluster"), MapFeature(jagged, "sector")))
    features = to_geojson(VerificationReport("x", "x", sites, (), (check,)))["features"]
    assert [f["properties"]["role"] for f in features] == ["site", "site", "cluster", "sector"]
    assert len(features[2]["geometry"]["coordinates"]) == 2  # both sites kept
    ring = features[3]["geometry"]["coordinates"][0]
    assert ring == [[40.0, 35.0], [40.1, 35.0], [40.1, 35.1], [40.0, 35.0]]


def test_gdal_reads_the_geojson_and_kml(report, tmp_path):
    """An independent reader (GDAL via pyogrio) opens both map formats."""
    pyogrio = pytest.importorskip("pyogrio")
    geo = write(report, tmp_path / "r.geojson")
    info = pyogrio.read_info(geo)
    assert info["features"] == 6 + 7 and info["crs"] == "EPSG:4326"
    frame = pyogrio.read_dataframe(geo)
    assert sorted(set(frame["verdict"].dropna())) == ["consistent", "inconclusive",
                                                      "inconsistent"]
    site = frame[frame["site_id"] == "gv"].geometry.iloc[0]
    assert (site.x, site.y) == (40.466, 35.056)
    kml = write(report, tmp_path / "r.kml")
    layers = [name for name, _ in pyogrio.list_layers(kml)]
    assert layers[:3] == ["Sites", "Claims", "Checks"]
    assert pyogrio.read_info(kml, layer="Sites")["features"] == 6
    assert pyogrio.read_info(kml, layer="range-1 (range): consistent")["features"] == 2


def test_html_sketch_map_centres_a_lone_point():
    page = to_html(VerificationReport("x", "x", {"a": Site(35.0, 40.0, 0, name="a")}, (), ()))
    root = ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))
    circle = next(root.iter("{http://www.w3.org/2000/svg}circle"))
    assert (float(circle.get("cx")), float(circle.get("cy"))) == (320.0, 210.0)
