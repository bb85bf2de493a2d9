"""``geoverify parse``: the JSON contract, text mode, exit status, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import mgrs
import pytest

from geoverify.cli import main


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys):
    code, out, err = _run(capsys, "parse", "35°20′10″N 40°18′34″E", "--json")
    assert code == 0 and err == ""
    obj = json.loads(out)
    assert {"lat", "lon", "notation", "precision_m", "swapped_valid", "text", "formats"} <= set(obj)
    assert isinstance(obj["lat"], float) and isinstance(obj["lon"], float)
    assert obj["lat"] == pytest.approx(35 + 20 / 60 + 10 / 3600)
    assert obj["lon"] == pytest.approx(40 + 18 / 60 + 34 / 3600)
    assert obj["notation"] == "dms"
    assert obj["precision_m"] == pytest.approx(30.8, rel=0.01)
    assert obj["swapped_valid"] is False
    assert obj["text"] == "35°20′10″N 40°18′34″E"
    assert set(obj["formats"]) == {"decimal", "dms", "ddm", "mgrs", "utm"}
    assert obj["formats"]["dms"] == "35°20'10\"N 40°18'34\"E"
    # MGRS written to the input's precision (31 m -> 10 m cells), checked with the mgrs package
    assert obj["formats"]["mgrs"] == mgrs.MGRS().toMGRS(obj["lat"], obj["lon"], MGRSPrecision=4)


def test_json_swapped_and_arabic(capsys):
    code, out, _ = _run(capsys, "parse", "٣٤٫٩٦١١ ، ٤٠٫٤٩٣٢", "--json")
    obj = json.loads(out)
    assert code == 0
    assert (obj["lat"], obj["lon"]) == (34.9611, 40.4932)
    assert obj["swapped_valid"] is True
    assert obj["text"] == "٣٤٫٩٦١١ ، ٤٠٫٤٩٣٢"


def test_formats_polar_as_ups(capsys):
    code, out, _ = _run(capsys, "parse", "geo:86.55,10.25", "--json")
    obj = json.loads(out)
    assert code == 0
    # polar MGRS per the mgrs package (GEOTRANS) at the 1 km the text states; UTM is UPS there
    assert obj["formats"]["mgrs"] == "ZAD6822"
    assert obj["formats"]["utm"].startswith("UPS N ")
    assert obj["formats"]["decimal"] == "86.55, 10.25"


def test_short_plus_code_with_reference(capsys):
    code, out, _ = _run(capsys, "parse", "XG4R+GH", "--reference", "34.9,40.5", "--json")
    assert code == 0
    assert json.loads(out)["notation"] == "plus_code"
    code, _, err = _run(capsys, "parse", "XG4R+GH")
    assert code == 2 and "reference" in err and err.count("\n") == 1


def test_text_mode_summary(capsys):
    code, out, _ = _run(capsys, "parse", "40.49, 34.96")
    assert code == 0
    assert "decimal" in out and "swapped" in out and "MGRS" in out


def test_words_are_joined(capsys):
    code, out, _ = _run(capsys, "parse", "34.96", "40.49", "--json")
    assert code == 0 and json.loads(out)["text"] == "34.96 40.49"


@pytest.mark.parametrize("text", ["-34.9 N, 40.5", "140.5, 34.9", "37SJV1234", "not a place"])
def test_bad_input_exit_2_one_line(capsys, text):
    code, out, err = _run(capsys, "parse", text)
    assert code == 2
    assert out == ""
    assert err.startswith("geoverify parse: error: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_bad_reference(capsys):
    code, _, err = _run(capsys, "parse", "XG4R+GH", "--reference", "nowhere")
    assert code == 2 and "--reference" in err


def test_installed_script_subprocess():
    script = Path(sys.executable).with_name("geoverify")
    assert script.exists(), script
    ok = subprocess.run([str(script), "parse", "--json", "37SFV1900111103"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    obj = json.loads(ok.stdout)
    assert obj["notation"] == "mgrs" and obj["precision_m"] == 1.0
    bad = subprocess.run([str(script), "parse", "-34.9 N, 40.5"], capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode == 2
    assert bad.stdout == "" and len(bad.stderr.strip().splitlines()) == 1
    assert "conflicting hemisphere letter" in bad.stderr


def test_negative_values_are_not_options(capsys):
    code, out, err = _run(capsys, "parse", "-34.9,-40.5", "--json")
    assert code == 0, err
    obj = json.loads(out)
    assert (obj["lat"], obj["lon"]) == (-34.9, -40.5)
    code, out, err = _run(capsys, "parse", "XG4R+GH", "--reference", "-33.9,18.4", "--json")
    assert code == 0, err
    assert json.loads(out)["lat"] == pytest.approx(-34.04, abs=0.01)
