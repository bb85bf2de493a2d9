"""``geoverify distance A B [--json]``: the JSON contract, the sentence, exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.cli import main

WGS84 = Geodesic.WGS84
QURIYAH = "34.95629, 40.54139"
DEIR_EZ_ZOR = "35.33588, 40.14084"


def _json(capsys, *argv):
    status = main(["distance", *argv, "--json"])
    out = capsys.readouterr()
    assert status == 0, out.err
    return json.loads(out.out)


def test_json_contract_against_geographiclib(capsys):
    report = _json(capsys, QURIYAH, DEIR_EZ_ZOR)
    for key in ("distance_m", "azimuth_deg", "back_azimuth_deg", "compass", "distance_min_m",
                "distance_max_m", "from", "to"):
        assert key in report
    ref = WGS84.Inverse(34.95629, 40.54139, 35.33588, 40.14084)
    assert report["distance_m"] == pytest.approx(ref["s12"], abs=1e-3)
    assert report["azimuth_deg"] == pytest.approx(ref["azi1"] % 360.0, abs=1e-6)
    assert report["back_azimuth_deg"] == pytest.approx((ref["azi2"] + 180.0) % 360.0, abs=1e-6)
    assert 303.75 <= report["azimuth_deg"] < 326.25 and report["compass"] == "NW"
    assert report["compass_words"] == "north-west"
    spread = report["from"]["uncertainty_m"] + report["to"]["uncertainty_m"]
    assert spread > 0
    assert report["distance_min_m"] == pytest.approx(ref["s12"] - spread, abs=1e-3)
    assert report["distance_max_m"] == pytest.approx(ref["s12"] + spread, abs=1e-3)
    assert report["from"]["lat"] == 34.95629 and report["to"]["lon"] == 40.14084
    first, last = report["azimuth_range_deg"]
    assert first < report["azimuth_deg"] < last


def test_other_notations_and_uncertainty(capsys):
    # the Conoco field point in DMS; a coarse pair (0.1 degree, about 11 km) widens the range
    report = _json(capsys, "34.9, 40.5", "35°20′10″N 40°18′34″E")
    ref = WGS84.Inverse(34.9, 40.5, 35 + 20 / 60 + 10 / 3600, 40 + 18 / 60 + 34 / 3600)
    assert report["distance_m"] == pytest.approx(ref["s12"], abs=1e-3)
    assert report["distance_max_m"] - report["distance_min_m"] > 20_000.0
    assert report["compass"] == "NNW"  # 333.3 degrees


def test_sentence(capsys):
    assert main(["distance", QURIYAH, DEIR_EZ_ZOR]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.startswith(f"{QURIYAH} → {DEIR_EZ_ZOR}: 55.7 km (")
    assert "given uncertainty), bearing 319.2° (NW)" in out


def test_same_point_has_no_bearing(capsys):
    report = _json(capsys, QURIYAH, "34°57'22.6\"N 40°32'29.0\"E")
    assert report["distance_m"] < 5.0  # the DMS rounds to 0.1", about 3 m
    report = _json(capsys, QURIYAH, QURIYAH)
    assert report["distance_m"] == 0.0
    assert report["azimuth_deg"] is None and report["compass"] is None
    assert report["azimuth_range_deg"] == "any"


@pytest.mark.parametrize("argv", [
    ["distance", QURIYAH, ""],
    ["distance", QURIYAH],
    ["distance", QURIYAH, DEIR_EZ_ZOR, "--bogus"],
])
def test_bad_input_exits_2_with_one_line(argv):
    proc = subprocess.run([sys.executable, "-m", "geoverify", *argv], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stdout == ""


@pytest.fixture()
def no_gazetteer(monkeypatch):
    """Stand in for the offline gazetteer (tested in its own files): it knows no place."""
    import geoverify.gazetteer
    from geoverify.errors import PlaceNotFound

    def geocode_site(text, **_):
        raise PlaceNotFound(f"no place matches {text!r}", query=text)

    monkeypatch.setattr(geoverify.gazetteer, "geocode_site", geocode_site, raising=False)


@pytest.mark.parametrize(("a", "b", "needle"), [
    ("91, 40", QURIYAH, "A: "),
    (QURIYAH, "not a place or a coordinate xq", "B: "),
])
def test_unreadable_point_exits_2_with_one_line(capsys, no_gazetteer, a, b, needle):
    assert main(["distance", a, b, "--json"]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.count("\n") == 1 and out.err.startswith("geoverify distance: error: ")
    assert needle in out.err


def test_demo_runs_offline_and_its_numbers_are_right(capsys):
    from geoverify.cli.demo import distance_rows, parse_rows

    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "al-Quriyah" in out and "Conoco field" in out and "NW" in out
    # the three notations of al-Quriyah's point agree to a few metres
    assert all(r["offset_m"] < 5.0 for r in parse_rows())
    conoco = (35 + 20 / 60 + 10 / 3600, 40 + 18 / 60 + 34 / 3600)
    places = {"al-Quriyah": (34.95629, 40.54139), "al-Mayadin": (35.01982, 40.45154),
              "Deir ez-Zor": (35.33588, 40.14084), "Conoco field": conoco}
    for row in distance_rows():
        ref = WGS84.Inverse(*places[row["from"]], *places[row["to"]])
        assert row["distance_m"] == pytest.approx(ref["s12"], abs=1e-3)
        assert row["azimuth_deg"] == pytest.approx(ref["azi1"] % 360.0, abs=1e-6)
        spread = row["from_uncertainty_m"] + row["to_uncertainty_m"]
        assert row["distance_max_m"] - row["distance_min_m"] == pytest.approx(2 * spread)
