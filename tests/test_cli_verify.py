"""The ``geoverify verify`` and ``demo`` contract: keys, exit codes, files, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geoverify.casefile import shipped_cases
from geoverify.cli import main

CASE = """\
title: CLI test
sources: [{id: s, url: https://example.org}]
sites:
  target: {coordinates: "35.0, 40.0", uncertainty_m: 100}
  launch: {coordinates: "LAUNCH", uncertainty_m: 100}
claims:
  - {id: c1, claimant: x, kind: impact, site: target, launch_site: launch, weapon: 107 mm,
     source: s, text: "<script>alert(1)</script>"}
"""


def write_case(tmp_path, launch="35.05, 40.0"):
    path = tmp_path / "case.yaml"
    path.write_text(CASE.replace("LAUNCH", launch), encoding="utf-8")
    return str(path)


def run_json(capsys, *argv):
    code = main(["verify", *argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_json_contract_and_exit_0(tmp_path, capsys):
    code, data = run_json(capsys, write_case(tmp_path))
    assert code == 0
    assert data["verdict"] == "consistent"
    assert isinstance(data["checks"], list) and data["checks"]
    for check in data["checks"]:
        assert {"id", "kind", "verdict", "explanation"} <= set(check)
        assert check["verdict"] in ("consistent", "inconsistent", "inconclusive")
    assert data["checks"][0]["id"] == "range:c1" and data["checks"][0]["kind"] == "range"


def test_exit_1_when_a_check_is_inconsistent(tmp_path, capsys):
    code, data = run_json(capsys, write_case(tmp_path, launch="35.5, 40.0"))
    assert code == 1 and data["verdict"] == "inconsistent"
    assert data["checks"][0]["verdict"] == "inconsistent"


def test_table_by_default(tmp_path, capsys):
    assert main(["verify", write_case(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "range:c1" in out and "consistent" in out.lower()


def test_report_files_are_written(tmp_path, capsys):
    case = write_case(tmp_path)
    outs = {fmt: tmp_path / f"out.{ext}" for fmt, ext in
            (("markdown", "md"), ("html", "html"), ("geojson", "geojson"), ("kml", "kml"))}
    args = ["verify", case]
    for fmt, path in outs.items():
        args += [f"--{fmt}", str(path)]
    assert main(args) == 0
    for path in outs.values():
        assert path.stat().st_size > 0
    assert json.loads(outs["geojson"].read_text())["type"] == "FeatureCollection"
    assert "<script>alert" not in outs["html"].read_text()


def test_skip_and_only(tmp_path, capsys):
    code, data = run_json(capsys, write_case(tmp_path), "--skip", "range:c1")
    assert data["checks"] == [] and code == 0
    code, data = run_json(capsys, write_case(tmp_path), "--only", "range")
    assert [c["id"] for c in data["checks"]] == ["range:c1"]


@pytest.mark.parametrize(("content", "words"), [
    ("title: x\nsites: !!python/object:os.system {}\nclaims: []\n", "line 2"),
    ("title: [unclosed\n", "not valid YAML"),
    (CASE.replace("LAUNCH", "not a coordinate"), "sites.launch"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, content, words):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and err.startswith("geoverify verify: error:")


def test_missing_case_exits_2(capsys):
    assert main(["verify", "no-such-case-anywhere"]) == 2
    assert "no shipped case" in capsys.readouterr().err
    assert main(["verify"]) == 2


def test_list_shipped_cases(capsys):
    assert main(["verify", "--list"]) == 0
    out = capsys.readouterr().out
    for name in shipped_cases():
        assert name in out


@pytest.mark.parametrize("name", sorted(shipped_cases()))
def test_every_shipped_case_verifies(name, capsys):
    code = main(["verify", name, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert code == (1 if data["verdict"] == "inconsistent" else 0)
    assert data["checks"], name
    assert all(c["explanation"] for c in data["checks"])


def test_seed_case_has_its_implied_checks_and_regions(capsys):
    assert main(["verify", "seed", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    got = {c["id"]: c for c in data["checks"]}
    assert {"daylight:claim-6", "region:strike-1", "region:launch-point",
            "region:conoco-launch-point"} <= set(got)
    # a check that needs a point for an unknown site does not pretend it has one: it is a
    # statement of the site's region
    assert not {"range:claim-2", "range:claim-3", "range:claim-8", "direction:claim-8",
                "cluster:claim-7"} & set(got)
    launch = data["regions"]["launch-point"]["statements"]
    assert {"reach:claim-2", "reach:claim-2:107mm-type63", "reach:claim-3:m777-he"} <= set(launch)
    conoco = data["regions"]["conoco-launch-point"]["statements"]
    assert {"within:conoco-launch-point", "reach:claim-8", "reach:claim-8:107mm-type63",
            "direction:claim-8"} <= set(conoco)
    # the three strike sites are known only as "near al-Quriyah": their region, no circular check
    assert data["regions"]["strike-1"]["statements"] == ["near:claim-7"]


def test_demo_prints_the_seed_table_and_exits_0(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "seed-2022-01-05-green-village" in out
    # at least one region, and the weapons by name (issue 9: "done when")
    assert "region:conoco-launch-point" in out and "Left: 42.8 km²" in out
    for name in ("107 mm rocket (Type 63 family)", "122 mm rocket 9M22U (BM-21 Grad)",
                 "Fajr-5 333 mm rocket"):
        assert name in out, name


def test_the_installed_command(tmp_path):
    done = subprocess.run([sys.executable, "-m", "geoverify", "verify",
                           write_case(tmp_path, launch="35.5, 40.0"), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["verdict"] == "inconsistent"
