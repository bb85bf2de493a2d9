"""``geoverify sun``: JSON contract, exit statuses, time zones."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pandas as pd
import pytest
from pvlib import solarposition

from geoverify.cli import main

KEYS = {"azimuth_deg", "elevation_deg", "apparent_elevation_deg", "sunrise", "sunset",
        "solar_noon", "civil_dawn", "civil_dusk", "nautical_dawn", "nautical_dusk",
        "astronomical_dawn", "astronomical_dusk", "time", "time_utc", "zone", "local_date"}


def _run_json(capsys, *argv):
    status = main(["sun", *argv, "--json"])
    out = capsys.readouterr()
    assert status == 0, out.err
    return json.loads(out.out)


def test_json_contract_against_pvlib(capsys):
    data = _run_json(capsys, "34.95629, 40.54139", "2022-01-05T07:30 Asia/Damascus")
    assert KEYS <= set(data)
    ref = solarposition.spa_python(pd.DatetimeIndex([pd.Timestamp("2022-01-05T05:30Z")]),
                                   34.95629, 40.54139, delta_t=None).iloc[0]
    assert data["azimuth_deg"] == pytest.approx(ref["azimuth"], abs=0.01)
    assert data["elevation_deg"] == pytest.approx(ref["elevation"], abs=0.01)
    assert data["apparent_elevation_deg"] == pytest.approx(ref["apparent_elevation"], abs=0.01)
    assert data["zone"] == "Asia/Damascus" and data["time_utc"] == "2022-01-05T05:30:00Z"
    rise = datetime.fromisoformat(data["sunrise"])
    assert data["sunrise"].startswith("2022-01-05T06:26") and data["sunrise"].endswith("+02:00")
    ref_rise = solarposition.sun_rise_set_transit_spa(
        pd.DatetimeIndex([pd.Timestamp("2022-01-05")]).tz_localize("Asia/Damascus"),
        34.95629, 40.54139, delta_t=None)["sunrise"].iloc[0]
    assert abs((rise - ref_rise.to_pydatetime(warn=False)).total_seconds()) < 60
    assert data["shadow_azimuth_deg"] == pytest.approx((ref["azimuth"] + 180) % 360, abs=0.01)


def test_offset_time_keeps_its_offset_and_local_date(capsys):
    # 23:30 UTC on the 4th is 01:30 on the 5th at +02:00: the events are the 5th's
    data = _run_json(capsys, "34.95629, 40.54139", "2022-01-05T01:30+02:00")
    assert data["local_date"] == "2022-01-05"
    assert data["zone"] == "UTC+02:00" and data["sunrise"].endswith("+02:00")
    assert data["elevation_deg"] < -18 and data["shadow_azimuth_deg"] is None


def test_zone_rules_changed_in_2022(capsys):
    winter_2022 = _run_json(capsys, "33.5138, 36.2765", "2022-01-05T12:00 Asia/Damascus")
    winter_2023 = _run_json(capsys, "33.5138, 36.2765", "2023-01-05T12:00 Asia/Damascus")
    assert winter_2022["sunrise"].endswith("+02:00")
    assert winter_2023["sunrise"].endswith("+03:00")


def test_bare_time_is_refused_with_one_line(capsys):
    status = main(["sun", "34.95629, 40.54139", "2022-01-05T07:30", "--json"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "no UTC offset or time zone" in err


def test_explicit_zone_option(capsys):
    data = _run_json(capsys, "34.95629, 40.54139", "2022-01-05T07:30", "--zone", "Asia/Damascus")
    assert data["time"] == "2022-01-05T07:30:00+02:00"


@pytest.mark.parametrize("argv", [
    ["sun", "34.95629, 40.54139", "yesterday morning"],
    ["sun", "34.95629, 40.54139", "2022-01-05T07:30 Mars/Olympus"],
    ["sun", "", "2022-01-05T07:30Z"],
])
def test_bad_input_exit_2(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("geoverify sun: error:") and err.count("\n") == 1


def test_polar_day_text(capsys):
    assert main(["sun", "78.22, 15.65", "2022-06-21T12:00 Arctic/Longyearbyen"]) == 0
    assert "polar day" in capsys.readouterr().out
    data = _run_json(capsys, "78.22, 15.65", "2022-06-21T12:00 Arctic/Longyearbyen")
    assert data["sunrise"] is None and data["conditions"]["sun"] == "always_above"


def test_console_script_runs():
    out = subprocess.run([sys.executable, "-m", "geoverify", "sun", "0, 0", "2022-03-20T12:00Z",
                          "--json"], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["elevation_deg"] > 85
