"""The README's examples run as written: its Python block and every `geoverify` command."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from geographiclib.geodesic import Geodesic

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")


# Independent references for the README's examples: the gazetteer rows' sources (GeoNames
# 173327 al-Quriyah, GeoNames 173480 al-Mayadin; Green Village is computed in its row as 10 km
# due east of al-Mayadin), geographiclib for distances and bearings, the `mgrs` package for
# MGRS, pvlib's SPA for the sun, the seed case file for its checks.
QURIYAH = (34.95629, 40.54139)  # GeoNames 173327, radius 2,000 m (data/gazetteer/theatre.csv)
MAYADIN = (35.01982, 40.45154)  # GeoNames 173480, radius 3,000 m
GREEN_VILLAGE = (35.01977, 40.56111)  # 10 km due east of al-Mayadin, radius 8,000 m
# the seed case's checks: the daylight check and one region per unknown site (the checks about
# an unknown site are the statements of its region)
SEED_CHECKS = {"daylight:claim-6", "region:strike-1", "region:strike-2", "region:strike-3",
               "region:launch-point", "region:launch-sites-jan-4", "region:conoco-launch-point"}
COMPASS_16 = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W",
              "WNW", "NW", "NNW"]


def _compass(azimuth):
    return COMPASS_16[int((azimuth % 360 + 11.25) // 22.5) % 16]


def test_green_village_row_is_10_km_east_of_al_mayadin():
    g = Geodesic.WGS84.Direct(*MAYADIN, 90.0, 10_000.0)
    assert (round(g["lat2"], 5), round(g["lon2"], 5)) == GREEN_VILLAGE


def test_python_example_runs_and_prints_what_its_comments_say():
    import mgrs
    import pandas as pd
    from pvlib import solarposition

    (block,) = re.findall(r"```python\n(.*?)```", TEXT, re.S)
    out = io.StringIO()
    namespace = {"__name__": "readme"}
    with contextlib.redirect_stdout(out):
        exec(compile(block, str(README), "exec"), namespace)
    printed = out.getvalue().splitlines()
    assert len(printed) == 11, printed
    # every printed line, against the README's comments and independent references
    assert printed[0] == "dms 34.95628 40.54139 3.1"
    assert printed[1] == "34.9563"
    assert printed[2] == mgrs.MGRS().toMGRS(34.95629, 40.54139) == "37SFU4073569280"
    assert printed[3] == "True"
    inv = Geodesic.WGS84.Inverse(34.95629, 40.54139, 35.01982, 40.45154)
    assert printed[4] == f"{inv['s12']:.0f} {inv['azi1'] % 360:.1f} {_compass(inv['azi1'])}" \
        == "10815 310.7 NW"
    assert printed[5] == "al-Quriyah 2000.0 False"
    assert printed[6] == "True"
    # the nearest place to (34.96, 40.56) is al-Quriyah, 1.7 km away to the east-north-east
    near = Geodesic.WGS84.Inverse(*QURIYAH, 34.96, 40.56)
    assert printed[7] == f"{near['s12'] / 1000:.1f} km {_compass(near['azi1'])} of al-Quriyah" \
        == "1.7 km ENE of al-Quriyah"
    # the launch point (+-500 m) to al-Mayadin (+-3,000 m): 7.67 to 14.7 km straddles 8.05 km
    d = Geodesic.WGS84.Inverse(34.96, 40.55, *MAYADIN)["s12"]
    lo, hi = (d - 3_500) / 1000, (d + 3_500) / 1000
    assert printed[8] == (
        f"inconclusive - The launch point (launch point) is {lo:.2f} to {hi:.1f} km from "
        "al-Mayadin; a 107 mm rocket (Type 63 family) reaches at most 8.05 km (unverified "
        "figure): inconclusive (distance straddles the maximum range).")
    assert (f"{lo:.2f}", f"{hi:.1f}") == ("7.67", "14.7")
    # sunrise at al-Quriyah on 5 January 2022, local time (UTC+2 then), against pvlib's SPA
    sunrise = datetime.fromisoformat(printed[9])
    ref = solarposition.sun_rise_set_transit_spa(
        pd.DatetimeIndex([pd.Timestamp("2022-01-05")]).tz_localize("Asia/Damascus"),
        *QURIYAH, delta_t=None)["sunrise"].iloc[0].to_pydatetime(warn=False)
    assert sunrise.utcoffset() == timedelta(hours=2) and str(sunrise) == printed[9]
    assert abs((sunrise - ref).total_seconds()) < 60
    # the seed case: its seven checks, none inconsistent
    report = namespace["report"]
    assert {c.id for c in report.checks} == SEED_CHECKS
    assert printed[10] == "inconclusive 7"


def _example_commands():
    blocks = re.findall(r"```bash\n(.*?)```", TEXT, re.S)
    for block in blocks:
        for line in block.splitlines():
            if line.startswith("geoverify "):
                yield line.strip()


def _parse_mgrs(out, files):
    import mgrs

    data = json.loads(out)
    lat, lon = mgrs.MGRS().toLatLon("37SEV8673071150")
    assert (data["notation"], data["precision_m"]) == ("mgrs", 1.0)  # 10 digits: 1 m
    assert data["lat"] == pytest.approx(lat, abs=1e-6) and data["lon"] == pytest.approx(lon,
                                                                                       abs=1e-6)


def _geocode_quriyah(out, files):
    data = json.loads(out)
    best = data["candidates"][0]
    assert data["ambiguous"] is False and len(data["candidates"]) == 1
    assert (best["name"], best["lat"], best["lon"], best["geonameid"]) == ("al-Quriyah",
                                                                          *QURIYAH, 173327)
    assert best["uncertainty_m"] == 2000.0


def _distance_quriyah_green_village(out, files):
    data = json.loads(out)
    ref = Geodesic.WGS84.Inverse(*QURIYAH, *GREEN_VILLAGE)
    assert (data["from"]["lat"], data["from"]["lon"]) == QURIYAH
    assert (data["to"]["lat"], data["to"]["lon"]) == GREEN_VILLAGE
    assert data["distance_m"] == pytest.approx(ref["s12"], abs=1e-3)
    assert data["azimuth_deg"] == pytest.approx(ref["azi1"] % 360, abs=1e-6)
    assert data["compass"] == _compass(ref["azi1"]) == "NNE"
    # the two radii (2 km and 8 km) overlap the places: 0 to d + 10 km, any bearing
    assert data["distance_min_m"] == 0.0
    assert data["distance_max_m"] == pytest.approx(ref["s12"] + 10_000, abs=1e-3)
    assert data["azimuth_range_deg"] == "any"


def _verify_seed(out, files):
    import xml.etree.ElementTree as ET

    for check in SEED_CHECKS:
        assert check in out
    assert "Overall verdict: INCONCLUSIVE (0 consistent, 0 inconsistent, 7 inconclusive)" in out
    html = (files / "seed.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "region:launch-point" in html
    root = ET.parse(files / "seed.kml").getroot()
    assert root.tag == "{http://www.opengis.net/kml/2.2}kml"
    assert "L.map" in (files / "seed-map.html").read_text(encoding="utf-8")


def _where_conoco_launch_point(out, files):
    import csv

    import yaml

    root = README.parent
    case = yaml.safe_load((root / "data" / "cases" / "seed-2022-01-05-green-village.yaml")
                          .read_text(encoding="utf-8"))
    with open(root / "data" / "gazetteer" / "theatre.csv", encoding="utf-8", newline="") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    flat = " ".join(out.split())
    assert out.startswith("conoco-launch-point: Launch point of the 2 rockets on the Conoco base")
    assert "Of 9 candidates, 0 fit every statement, 5 are excluded (by direction:claim-8:" in flat
    excluded = flat.split("(by direction:claim-8: ")[1].split(") and 4 are undecided")[0]
    deir = next(r for r in rows.values() if r["name"] == "Deir ez-Zor")
    for sid in case["sites"]["conoco-launch-point"]["candidates"]:
        site = case["sites"][sid]
        row = rows[site["place"]]
        bearing = Geodesic.WGS84.Inverse(float(deir["lat"]), float(deir["lon"]),
                                         float(row["lat"]), float(row["lon"]))["azi1"] % 360
        # "north-east" is the 8-point sector 22.5-67.5 degrees: a village whose bearing from the
        # city lies inside it is never excluded; an excluded one lies outside it (a village just
        # outside stays undecided: the city's 5 km radius widens the bearings)
        if 22.5 <= bearing <= 67.5:
            assert site["name"] not in excluded, (sid, bearing)
        if site["name"] in excluded:
            assert not 10 <= bearing <= 80, (sid, bearing)
    assert "What would decide the undecided cells" in out


def _sun_quriyah(out, files):
    import pandas as pd
    from pvlib import solarposition

    data = json.loads(out)
    when = pd.DatetimeIndex([pd.Timestamp("2022-01-05T05:30Z")])
    ref = solarposition.spa_python(when, *QURIYAH, delta_t=None)
    assert data["time"] == "2022-01-05T07:30:00+02:00" and data["zone"] == "Asia/Damascus"
    assert data["azimuth_deg"] == pytest.approx(ref["azimuth"].iloc[0], abs=0.01)
    assert data["elevation_deg"] == pytest.approx(ref["elevation"].iloc[0], abs=0.01)
    assert data["apparent_elevation_deg"] == pytest.approx(ref["apparent_elevation"].iloc[0],
                                                           abs=0.01)


#: each shell example of the README: its exit status and what its output must say
SHELL_EXAMPLES = {
    'geoverify parse "37SEV 86730 71150" --json': (0, _parse_mgrs),
    'geoverify geocode "القورية" --json': (0, _geocode_quriyah),
    'geoverify distance "al-Quriyah" "Green Village" --json': (0,
                                                               _distance_quriyah_green_village),
    "geoverify verify seed --html seed.html --kml seed.kml --map seed-map.html": (0,
                                                                                 _verify_seed),
    "geoverify verify seed --where conoco-launch-point": (0, _where_conoco_launch_point),
    'geoverify sun "al-Quriyah" "2022-01-05T07:30 Asia/Damascus" --json': (0, _sun_quriyah),
}


def test_every_shell_example_is_checked():
    assert set(_example_commands()) == set(SHELL_EXAMPLES)


@pytest.mark.parametrize("command", list(_example_commands()))
def test_shell_examples_run(command, tmp_path):
    beside = Path(sys.executable).parent / "geoverify"
    exe = str(beside) if beside.exists() else shutil.which("geoverify")
    if exe is None:
        pytest.skip("the geoverify script is not on PATH (run the suite from the venv)")
    argv = shlex.split(command)
    proc = subprocess.run([exe, *argv[1:]], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    status, check = SHELL_EXAMPLES[command]
    assert proc.returncode == status, proc.stderr
    assert proc.stderr == "" and "Traceback" not in proc.stderr
    check(proc.stdout, tmp_path)


def test_the_setup_commands_are_the_ci_commands():
    ci = (README.parent / ".ci" / "run").read_text()
    (setup,) = re.findall(r"## Set up: two commands\n.*?```bash\n(.*?)```", TEXT, re.S)
    test_command = [ln for ln in setup.splitlines() if "pytest" in ln][0].strip()
    assert test_command in ci


def test_development_is_editable_and_ci_tests_the_installed_package():
    # issue 12: with the non-editable install the tests ran the installed copy, not the tree
    (dev,) = re.findall(r"\n## Development\n(.*?)(?:\n## |\Z)", TEXT, re.S)
    assert "pip install -e '.[test" in dev and "editable" in dev
    ci = (README.parent / ".ci" / "run").read_text()
    installs = [ln for ln in ci.splitlines() if "pip install" in ln]
    assert installs and all("'.[test]'" in ln and " -e " not in ln for ln in installs)
    extras = re.search(r"\ndev = \[(.*?)\]", (README.parent / "pyproject.toml").read_text())
    assert extras and "mutmut" in extras.group(1)
