"""The weapon catalogue: sourced rows, press words, name resolution, validation of the table."""

from __future__ import annotations

import csv

import pytest

from geoverify._paths import data_path
from geoverify.errors import CheckError, DataFileError, GeoverifyError
from geoverify.weapons import (
    RANGE_STATUSES,
    Weapon,
    catalogue,
    get_weapon,
    load_catalogue,
    normalize_weapon_name,
    press_words,
    resolve_weapons,
)


def test_every_row_is_sourced_and_consistent():
    rows = catalogue()
    assert len(rows) >= 20
    assert len({w.id for w in rows}) == len(rows)
    for w in rows:
        assert isinstance(w, Weapon)
        assert "http" in w.source and not w.source.startswith("http"), w.id  # plain words + URL
        assert w.range_status in RANGE_STATUSES and w.min_range_status in RANGE_STATUSES
        assert (w.max_range_m is None) == (w.range_status == "unknown"), w.id
        if w.min_range_m is not None and w.max_range_m is not None:
            assert w.min_range_m <= w.max_range_m
        if w.range_status == "unverified":
            assert "UNVERIFIED" in w.note or "unverified" in w.note.lower(), w.id


@pytest.mark.parametrize(("wid", "lo", "hi", "status"), [
    # figures as written by the sources named in data/weapons.csv
    ("122mm-9m22u", 1600.0, 20000.0, "sourced"),
    ("122mm-m21of", None, 20400.0, "sourced"),
    ("m224-60mm", 70.0, 3490.0, "sourced"),
    ("mo120rt-120mm", None, 8140.0, "sourced"),
    ("mo120rt-120mm-rap", None, 12850.0, "sourced"),
    ("m777-he", None, 24700.0, "sourced"),
    ("m777-excalibur", None, 40000.0, "sourced"),
    ("atacms-m57", 70000.0, 300000.0, "sourced"),
    ("fajr5-333mm", None, 75000.0, "sourced"),
    ("107mm-type63", None, 8050.0, "unverified"),
    ("m120-120mm", None, 7200.0, "unverified"),
    ("107mm-fajr1", None, None, "unknown"),
    ("iram", None, None, "unknown"),
])
def test_figures_match_the_facts(wid, lo, hi, status):
    w = get_weapon(wid)
    assert (w.min_range_m, w.max_range_m, w.range_status) == (lo, hi, status)


def test_every_range_says_how_good_its_source_is():
    # no manufacturer or army publication backs any figure: each row with a range says so,
    # unless its source is an official statement
    for w in catalogue():
        if w.max_range_m is not None:
            note = w.note.casefold()
            assert "unverified" in note or "official" in note, w.id


def test_extended_range_gmlrs_maximum_is_the_official_figure():
    # 150 km: DSCA notification of 2023 (a 77 km test flight is not a maximum)
    w = get_weapon("er-gmlrs")
    assert (w.max_range_m, w.range_status) == (150000.0, "sourced")
    assert "150 kilometres" in w.source and "77,000 m" in w.note


def test_gmlrs_minimum_is_marked_unverified():
    w = get_weapon("gmlrs-m31")
    assert w.min_range_m == 15000.0 and w.min_range_status == "unverified"
    assert "unverified minimum" in w.range_text()


def test_variants_share_a_family():
    fam = {w.id for w in catalogue() if w.family == get_weapon("m777-he").family}
    assert fam == {"m777-he", "m777-rap", "m777-excalibur"}


@pytest.mark.parametrize(("name", "ids"), [
    ("Katyusha", ["107mm-type63", "122mm-9m22u"]),
    ("katyushas", ["107mm-type63", "122mm-9m22u"]),
    ("KATYUSHA rockets", ["107mm-type63", "122mm-9m22u"]),
    ("Grad", ["122mm-9m22u", "122mm-m21of"]),
    ("240mm", ["falaq1-240mm", "fajr3-240mm"]),
    ("HIMARS", ["gmlrs-m31", "er-gmlrs", "atacms-m57"]),
    ("107mm", ["107mm-type63"]),
    ("107 mm rockets", ["107mm-type63"]),
    ("Type-63", ["107mm-type63"]),
    ("M777", ["m777-he"]),
    ("m777-rap", ["m777-rap"]),
    ("Excalibur", ["m777-excalibur"]),
    ("Fajr-1", ["107mm-fajr1"]),
    ("lob bomb", ["iram"]),
])
def test_resolve_names_and_press_words(name, ids):
    assert [w.id for w in resolve_weapons(name)] == ids


def test_press_word_table():
    words = press_words()
    assert set(words["katyusha"]) == {"107mm-type63", "122mm-9m22u"}
    assert all(len(v) > 1 for v in words.values())


def test_unknown_name_lists_close_names():
    with pytest.raises(CheckError) as err:
        resolve_weapons("Katusha")
    assert "katyusha" in str(err.value)
    assert isinstance(err.value, GeoverifyError) and isinstance(err.value, ValueError)
    with pytest.raises(CheckError):
        resolve_weapons("   ")
    with pytest.raises(CheckError):
        get_weapon("no-such-id")


def test_normalization():
    assert normalize_weapon_name("Katyúsha") == "katyusha"
    assert normalize_weapon_name("122mm") == normalize_weapon_name("122 mm")
    assert normalize_weapon_name("M-21OF") == normalize_weapon_name("m21of")


def test_to_dict_is_json_ready():
    import json

    d = get_weapon("107mm-type63").to_dict()
    assert json.loads(json.dumps(d))["aliases"][0] == "107 mm"
    assert d["weapon_class"] == "rocket" and d["calibre_mm"] == 107.0


def _write(tmp_path, rows):
    path = tmp_path / "weapons.csv"
    with open(data_path("weapons.csv"), encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


GOOD = ["x", "X rocket", "rocket", "100", "", "5000", "x", "X", "sourced", "unknown",
        "https://example.org", ""]


@pytest.mark.parametrize(("change", "field"), [
    ({5: "five km"}, "max_range_m"),
    ({8: "guessed"}, "range_status"),
    ({10: ""}, "source"),
    ({4: "9000"}, "min_range_m"),
    ({5: "", 8: "sourced"}, "range_status"),
])
def test_bad_table_names_line_and_field(tmp_path, change, field):
    bad = list(GOOD)
    bad[0] = "y"
    for i, v in change.items():
        bad[i] = v
    path = _write(tmp_path, [GOOD, bad])
    with pytest.raises(DataFileError) as err:
        load_catalogue(path)
    assert err.value.line == 3 and err.value.field == field
    assert str(path) in str(err.value)


def test_duplicate_id_and_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="duplicate id"):
        load_catalogue(_write(tmp_path, [GOOD, GOOD]))
    with pytest.raises(DataFileError, match="cannot read"):
        load_catalogue(tmp_path / "missing.csv")
