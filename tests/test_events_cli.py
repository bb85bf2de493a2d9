"""``geoverify audit`` and ``geoverify match``: JSON contracts, output files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geoverify.cli import main
from geoverify.events import AUDIT_COLUMNS, MATCH_COLUMNS

DATA = Path(__file__).resolve().parent / "data"
ACLED = str(DATA / "acled_sample.csv")
UCDP = str(DATA / "ucdp_sample.parquet")


def _json(capsys, argv):
    code = main(argv)
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def test_audit_json_is_the_contract(capsys):
    code, summary, err = _json(capsys, ["audit", ACLED, "--json"])
    assert code == 1  # an inconsistent place and a point in another country
    for key in ("events", "bad_rows", "place_consistent", "place_inconsistent",
                "place_inconclusive", "place_not_found", "duplicates"):
        assert isinstance(summary[key], int), key
    assert summary["events"] == 14 and summary["bad_rows"] == 6
    assert summary["place_inconsistent"] == 2 and summary["duplicates"] == 1
    assert summary["outside_country"] == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("suffix", [".csv", ".gpkg", ".geojson", ".parquet"])
def test_audit_out_formats_read_back(tmp_path, capsys, suffix):
    out = tmp_path / f"audit{suffix}"
    assert main(["audit", ACLED, "--out", str(out), "--format", "acled"]) == 1
    capsys.readouterr()
    if suffix == ".csv":
        back = pd.read_csv(out)
        assert list(back.columns) == [*AUDIT_COLUMNS, "lat", "lon"]
    elif suffix == ".parquet":
        back = gpd.read_parquet(out)
        assert list(back.columns) == [*AUDIT_COLUMNS, "geometry"]
    else:
        back = gpd.read_file(out)
        assert set(AUDIT_COLUMNS) <= set(back.columns)
    assert len(back) == 14
    rows = back.set_index("event_id")
    assert rows.loc["SYR1005", "place_verdict"] == "inconsistent"
    assert rows.loc["SYR1002", "duplicate_of"] == "SYR1001"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_audit_bad_rows_file_and_terminal_text(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    assert main(["audit", ACLED, "--bad-rows", str(bad)]) == 1
    out = capsys.readouterr()
    assert "18 rows read, 6 bad rows (4 dropped)" in out.out
    assert "14 events" in out.out and "bad rows" in out.err
    table = pd.read_csv(bad)
    assert list(table.columns) == ["row", "column", "reason", "value", "dropped"]
    assert set(table["row"]) == {8, 9, 10, 11, 15, 16}


def test_audit_generic_table_with_columns(tmp_path, capsys):
    path = tmp_path / "mine.csv"
    pd.DataFrame({"y": [35.30088], "x": [40.28916], "day": ["2018-02-07"],
                  "where": ["Khasham"], "cc": ["SY"]}).to_csv(path, index=False)
    code, summary, _ = _json(capsys, ["audit", str(path), "--format", "generic",
                                      "--column", "lat=y", "--column", "lon=x",
                                      "--column", "date=day", "--column", "place=where",
                                      "--column", "country=cc", "--uncertainty-km", "2",
                                      "--json"])
    assert code == 0 and summary["place_consistent"] == 1


def test_match_json_is_the_contract(capsys):
    code, result, _ = _json(capsys, ["match", ACLED, UCDP, "--json"])
    assert code == 0
    assert result["pairs"] == 5 and result["events_a"] == 14 and result["events_b"] == 6
    assert result["bad_rows_a"] == 6 and result["bad_rows_b"] == 2
    assert result["matched_a"] == 5 and result["matched_b"] == 4
    first = result["matches"][0]
    assert list(first) == list(MATCH_COLUMNS)
    assert (first["event_id_a"], first["event_id_b"]) == ("SYR1001", "400007")


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".geojson", ".gpkg"])
def test_match_out_formats(tmp_path, capsys, suffix):
    out = tmp_path / f"pairs{suffix}"
    assert main(["match", ACLED, UCDP, "--out", str(out), "--days", "1"]) == 0
    capsys.readouterr()
    back = (pd.read_csv(out) if suffix == ".csv" else
            pd.read_parquet(out) if suffix == ".parquet" else gpd.read_file(out))
    assert set(MATCH_COLUMNS) <= set(back.columns) and len(back) == 5
    if suffix in (".geojson", ".gpkg"):
        assert (back.geometry.geom_type == "LineString").all()


def test_match_terminal_and_no_pairs(tmp_path, capsys):
    assert main(["match", ACLED, UCDP, "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "5 pairs" in out and "SYR1001 ~ 400007" in out and "3 more" in out
    lone = tmp_path / "lone.csv"
    pd.read_csv(DATA / "ucdp_sample.csv").iloc[7:].to_csv(lone, index=False)  # Sana'a only
    assert main(["match", ACLED, str(lone)]) == 1
    capsys.readouterr()


@pytest.mark.parametrize("argv, message", [
    (["audit", "missing.csv"], "no such file"),
    (["audit", ACLED, "--out", "x.shp"], "unknown output format"),
    (["audit", ACLED, "--column", "lat"], "FIELD=COLUMN"),
    (["match", ACLED, UCDP, "--days", "-2"], "--days"),
    (["match", ACLED, UCDP, "--format-b", "acled"], "no column"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_subprocess_exit_status_and_quiet():
    proc = subprocess.run([sys.executable, "-m", "geoverify", "audit", ACLED, "--json",
                           "--quiet"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["events"] == 14
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal
