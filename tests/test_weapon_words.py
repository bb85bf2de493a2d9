"""Python and the command line read weapon words alike (issue 10, F16).

``check_range(site, target, weapon="rockets")`` raised "unknown weapon" while a case file
accepted ``weapon: rockets``: the class words lived in the case engine only. They live in
:mod:`geoverify.weapons` now (``resolve_weapons``), shared by Python, case files and
``geoverify weapons``; ``geoverify distance`` gains the ``--near``/``--country`` it suggests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geoverify.casefile import loads_case
from geoverify.checks import check_range
from geoverify.cli import main
from geoverify.sites import Site
from geoverify.verify import verify
from geoverify.weapons import catalogue, resolve_weapons, weapon_class_of

LAUNCH = Site(35.0, 40.0, 100, name="launch")
TARGET = Site(35.05, 40.0, 100, name="target")


@pytest.mark.parametrize("word, weapon_class", [
    ("rockets", "rocket"), ("unguided rockets", "rocket"), ("rockets (type unknown)", "rocket"),
    ("mortar", "mortar"), ("Mortar rounds", "mortar"), ("mortar shells", "mortar"),
    ("artillery", "artillery"), ("artillery shells", "artillery"),
    ("guided rockets", "guided rocket"), ("ballistic missiles", "ballistic missile"),
])
def test_a_class_word_names_every_weapon_of_its_class(word, weapon_class):
    expected = [w.id for w in catalogue() if w.weapon_class == weapon_class]  # the table's rows
    assert expected
    assert weapon_class_of(word) == weapon_class
    assert [w.id for w in resolve_weapons(word)] == expected


def test_a_type_or_press_word_is_not_taken_for_a_class():
    assert [w.id for w in resolve_weapons("Grad")] == ["122mm-9m22u", "122mm-m21of"]
    assert weapon_class_of("Grad") is None


@pytest.mark.parametrize("word", ["rockets", "mortars", "artillery", "one-way attack drones"])
def test_check_range_accepts_what_a_case_file_accepts(word):
    # the bug: check_range(..., weapon="rockets") raised CheckError "unknown weapon"
    python = check_range(LAUNCH, TARGET, weapon=word)
    case = loads_case(
        'title: t\nsites:\n  a: {coordinates: "35.0, 40.0", uncertainty_m: 100}\n'
        '  b: {coordinates: "35.05, 40.0", uncertainty_m: 100}\n'
        f"claims:\n  - {{id: c1, claimant: x, kind: impact, site: b, launch_site: a, "
        f"weapon: {word}}}\n")
    engine = verify(case).checks[0]
    assert engine.verdict == python.verdict
    ids = [w["id"] for w in python.values["weapons"]]
    assert ids == [w["id"] for w in engine.values["weapons"]]
    assert set(ids) >= {w.id for w in resolve_weapons(word) if w.max_range_m is not None}


def test_an_unknown_word_is_still_refused_alike(capsys, tmp_path):
    with pytest.raises(Exception, match="unknown weapon 'slingshots'"):
        check_range(LAUNCH, TARGET, weapon="slingshots")
    assert main(["weapons", "slingshots"]) == 2
    assert "unknown weapon 'slingshots'" in capsys.readouterr().err


# ------------------------------------------------------------------- geoverify weapons

KEYS = {"id", "name", "class", "calibre_mm", "min_range_m", "max_range_m", "range_status",
        "min_range_status", "family", "aliases", "source", "note"}


def test_weapons_json_is_the_catalogue(capsys):
    assert main(["weapons", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] is None
    assert [w["id"] for w in out["weapons"]] == [w.id for w in catalogue()]
    for entry, weapon in zip(out["weapons"], catalogue(), strict=True):
        assert set(entry) == KEYS
        assert (entry["class"], entry["min_range_m"], entry["max_range_m"]) == (
            weapon.weapon_class, weapon.min_range_m, weapon.max_range_m)
        assert entry["aliases"] == list(weapon.aliases) and entry["source"] == weapon.source
    assert out["class_words"]["rocket"] == "rocket"
    assert out["class_words"]["mortar round"] == "mortar"


def test_weapons_word_lists_what_it_names(capsys):
    assert main(["weapons", "rockets", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] == "rockets"
    assert [w["id"] for w in out["weapons"]] == [w.id for w in resolve_weapons("rockets")]
    assert main(["weapons", "Katyusha"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["107mm-type63", "122mm-9m22u"]
    assert "1.6 to 20 km" in lines[1]


def test_the_readme_documents_the_weapons_json_keys():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `geoverify weapons"))
    for key in KEYS | {"query", "weapons", "class_words"}:
        assert f"`{key}`" in row, key


# ------------------------------------------------------------- distance --near --country


def test_distance_near_chooses_between_places_of_one_name(capsys):
    # the CLI suggested "give near= or country=" but had neither option
    assert main(["distance", "al-Qusayr", "35.33588, 40.14084"]) == 2
    err = capsys.readouterr().err
    assert "ambiguous" in err and "--near or --country" in err
    assert main(["distance", "al-Qusayr", "35.33588, 40.14084", "--near", "Homs",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["from"]["lat"] == pytest.approx(34.5078, abs=1e-3)  # the Homs al-Qusayr
    assert main(["distance", "al-Qusayr", "35.33588, 40.14084", "--near", "35.1, 40.4",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["from"]["lat"] == pytest.approx(35.1548, abs=1e-3)  # the Deir ez-Zor one


def test_distance_country_filters_names_and_is_checked(capsys):
    assert main(["distance", "al-Qusayr", "35.33588, 40.14084", "--country", "EG",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["from"]["lat"] == pytest.approx(26.1061, abs=1e-3)  # GeoNames: Al Quşayr, Egypt
    assert main(["distance", "al-Qusayr", "Deir ez-Zor", "--country", "Syria"]) == 2
    assert "ISO 3166-1" in capsys.readouterr().err
