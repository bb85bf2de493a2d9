"""``geoverify distance`` accepts place names (through the offline gazetteer)."""

from __future__ import annotations

import json

import pytest
from geographiclib.geodesic import Geodesic

from geoverify._paths import data_path
from geoverify.cli import main


def _theatre_has(*names):
    path = data_path("gazetteer", "theatre.csv")
    if not path.is_file():
        return False
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = {r["name"]: r for r in csv.DictReader(handle)}
    return all(n in rows for n in names), rows


def test_distance_between_place_names(capsys):
    found = _theatre_has("al-Quriyah", "Green Village")
    if not found or not found[0]:
        pytest.skip("data/gazetteer/theatre.csv does not have al-Quriyah and Green Village yet")
    rows = found[1]
    assert main(["distance", "al-Quriyah", "Green Village", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    a, b = rows["al-Quriyah"], rows["Green Village"]
    ref = Geodesic.WGS84.Inverse(float(a["lat"]), float(a["lon"]), float(b["lat"]), float(b["lon"]))
    assert out["distance_m"] == pytest.approx(ref["s12"], abs=0.01)
    assert out["from"]["method"] == "geocoded" and out["from"]["name"] == "al-Quriyah"
    assert out["to"]["uncertainty_m"] == float(b["uncertainty_m"])


def test_distance_with_an_ambiguous_name_is_refused(capsys):
    found = _theatre_has("al-Qusayr")
    if not found or not found[0]:
        pytest.skip("data/gazetteer/theatre.csv has no al-Qusayr row yet")
    status = main(["distance", "al-Qusayr", "al-Mayadin", "--json"])
    assert status == 2
    assert "ambiguous" in capsys.readouterr().err
