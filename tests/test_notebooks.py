"""Every notebook in notebooks/ runs top to bottom (kernel python3, the installed package), and
every cell that prints a result prints what independent references say.

References: the case file read with PyYAML (claims, sites), the curated gazetteer rows read with
the csv module (their sourced points and radii), geographiclib for distances and bearings, the
weapon catalogue's CSV for ranges, and the documented "near" radius (5 km,
data/cases/README.md). Cells are found by a line of their source, not by position.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from geographiclib.geodesic import Geodesic

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
G = Geodesic.WGS84
COMPASS_16 = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W",
              "WNW", "NW", "NNW"]
SEED_CHECKS = {"range:claim-2", "range:claim-3", "range:claim-8", "direction:claim-8",
               "cluster:claim-7", "daylight:claim-6"}


def _rows():
    with open(ROOT / "data" / "gazetteer" / "theatre.csv", encoding="utf-8", newline="") as f:
        return {r["name"]: r for r in csv.DictReader(f)}


def _point(row):
    return float(row["lat"]), float(row["lon"]), float(row["uncertainty_m"])


def _compass(azimuth):
    return COMPASS_16[int((azimuth % 360 + 11.25) // 22.5) % 16]


def _run(path, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError with the failing cell and its traceback
    errors = [out for cell in notebook.cells if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert errors == []
    return notebook


def _printed(notebook):
    """Return {cell source: its printed text} for the code cells that print."""
    out = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                           if o.get("output_type") == "stream" and o.get("name") == "stdout")
            if text:
                out[cell.source] = text
    return out


def _cell(printed, marker):
    (text,) = [t for source, t in printed.items() if marker in source]
    return text


def test_there_is_a_seed_notebook():
    assert any(p.name == "01_seed_case.ipynb" for p in NOTEBOOKS)


def test_every_notebook_is_checked():
    assert [p.name for p in NOTEBOOKS] == ["01_seed_case.ipynb", "02_map_any_claims.ipynb"]


@pytest.fixture(scope="module")
def seed_notebook(tmp_path_factory):
    return _printed(_run(ROOT / "notebooks" / "01_seed_case.ipynb",
                         tmp_path_factory.mktemp("nb01")))


@pytest.fixture(scope="module")
def claims_notebook(tmp_path_factory):
    return _printed(_run(ROOT / "notebooks" / "02_map_any_claims.ipynb",
                         tmp_path_factory.mktemp("nb02")))


def test_seed_notebook_prints_every_result(seed_notebook):
    case = yaml.safe_load((ROOT / "data" / "cases" / "seed-2022-01-05-green-village.yaml")
                          .read_text(encoding="utf-8"))
    rows = _rows()
    # the claims, in the file's order, with their kinds
    lines = _cell(seed_notebook, "for claim in case.claims").splitlines()
    assert [ln.split()[:2] for ln in lines] == [[c["id"], c["kind"]] for c in case["claims"]]

    # the sites: gazetteer rows where the file names a place; "near X" grows X by 5 km
    sites = {}
    for line in _cell(seed_notebook, "resolve_sites(case)").splitlines():
        sid, lat, lon, radius = re.match(r"(\S+)\s+(\S+)\s+(\S+)\s+±\s*(\S+) km", line).groups()
        sites[sid] = (float(lat), float(lon), float(radius) * 1000)
    assert list(sites) == list(case["sites"])
    for sid, spec in case["sites"].items():
        if "place" in spec:
            assert sites[sid] == _point(rows[spec["place"]]), sid
    quriyah = _point(rows["al-Quriyah"])
    for sid in ("strike-1", "strike-2", "strike-3"):
        assert sites[sid] == (quriyah[0], quriyah[1], quriyah[2] + 5_000)
    assert sites["launch-point"] == (quriyah[0], quriyah[1], quriyah[2] + 5_000 + 3_000)

    # distances and bearings between them, against geographiclib
    for line in _cell(seed_notebook, "pairs = [").splitlines():
        a, b, km, bearing, word, low, high = re.match(
            r"(\S+) -> (\S+): (\S+) km, bearing (\d+)° \((\w+)\); with the radii (\S+) to (\S+) km",
            line).groups()
        (la, lo, ra), (lb, lob, rb) = sites[a], sites[b]
        ref = G.Inverse(la, lo, lb, lob)
        assert km == f"{ref['s12'] / 1000:.1f}" and bearing == f"{ref['azi1'] % 360:.0f}"
        assert word == _compass(ref["azi1"])
        assert low == f"{max(0.0, ref['s12'] - ra - rb) / 1000:.1f}"
        assert high == f"{(ref['s12'] + ra + rb) / 1000:.1f}"

    # the implied checks, then the table's overall verdict (none inconsistent, one not run)
    plans = _cell(seed_notebook, "plan_checks(case)").splitlines()
    assert {ln.split()[0] for ln in plans} == SEED_CHECKS and len(plans) == 6
    table = _cell(seed_notebook, "to_terminal(report")
    assert "Overall verdict: INCONCLUSIVE (0 consistent, 0 inconsistent, 5 inconclusive; " \
           "1 not run)" in table
    assert all(check in table for check in SEED_CHECKS)

    # one check read closely: launch point (+-10 km) to Green Village (+-8 km)
    (sentence, *weapons) = _cell(seed_notebook, '"range:claim-2"').splitlines()
    d = G.Inverse(*sites["launch-point"][:2], *sites["green-village"][:2])["s12"]
    assert sentence.startswith(
        'The launch point (Launch point of the 8 rockets ("the source of the rockets")) is 0 m '
        f"to {(d + 18_000) / 1000:.1f} km from Green Village (Mission Support Site); of 9 "
        "candidate weapons, 0 fit, 0 cannot reach, 9 undecided")
    assert len(weapons) == 9 and all(w.split()[-1] == "inconclusive" for w in weapons)

    # the changed assumption: the rocket-assisted M777 round reaches 30 km (data/weapons.csv)
    with open(ROOT / "data" / "weapons.csv", encoding="utf-8", newline="") as f:
        rap = next(r for r in csv.DictReader(f) if r["id"] == "m777-rap")
    assert float(rap["max_range_m"]) == 30_000
    changed = _cell(seed_notebook, "m777-rap")
    assert "range:claim-3      inconclusive" in changed
    assert "reaches at most 30 km" in " ".join(changed.split())
    assert "daylight" not in changed
    _assert_assumption_cell_prints_whole_sentences(changed)

    # the report files, each written and not empty
    files = [ln.split() for ln in _cell(seed_notebook, "write(report").splitlines()]
    assert [Path(f[0]).name for f in files] == ["seed.kml", "seed.geojson", "seed.html",
                                                "seed.md"]
    assert all(f[2] == "bytes" and int(f[1]) > 1000 for f in files)


def _assert_assumption_cell_prints_whole_sentences(text):
    # issue 10 F21: the "change an assumption" cell cut each sentence at 150 characters, the
    # very sentence it tells the reader to read
    from dataclasses import replace

    from geoverify.casefile import load_case
    from geoverify.verify import verify

    case = load_case("seed")
    alt = replace(case, options={"range:claim-3": {"weapon": "m777-rap"}}, skip=("daylight",))
    flat = " ".join(text.split())
    for check in verify(alt).checks:
        assert " ".join(check.explanation.split()) in flat, check.id


def test_claims_notebook_prints_every_result(claims_notebook):
    rows = _rows()
    # the sites: three gazetteer rows and al-Quriyah's GeoNames point written in DMS (+-7 km)
    expected = [("claim-1", "Mazar Ain Ali"), ("claim-2", "Mission Support Site Conoco"),
                ("claim-3", "al-Omar oil field base")]
    lines = _cell(claims_notebook, "claims_report(claims").splitlines()
    assert len(lines) == 4
    for line, (cid, name) in zip(lines, expected, strict=False):
        lat, lon, radius = _point(rows[name])
        assert line.split() == [cid, *name.split(), f"{lat:.5f}", f"{lon:.5f}", "±",
                                f"{radius / 1000:.1f}", "km"]
    dms = (34 + 57 / 60 + 22.6 / 3600, 40 + 32 / 60 + 29.0 / 3600)
    assert lines[3].split() == ["claim-4", "al-Quriyah", f"{dms[0]:.5f}", f"{dms[1]:.5f}", "±",
                                "7.0", "km"]

    # the analyst's range question: Mazar Ain Ali (+-7 km) to the Conoco base (+-8 km)
    a, b = _point(rows["Mazar Ain Ali"]), _point(rows["Mission Support Site Conoco"])
    d = G.Inverse(a[0], a[1], b[0], b[1])["s12"]
    lo, hi = d - a[2] - b[2], d + a[2] + b[2]
    assert _cell(claims_notebook, "check_range(").strip() == (
        f"inconsistent - The launch point (Mazar Ain Ali) is {lo / 1000:.1f} to "
        f"{hi / 1000:.1f} km from Mission Support Site Conoco; a 107 mm rocket (Type 63 family) "
        "reaches at most 8.05 km (unverified figure): inconsistent, "
        f"{(lo - 8_050) / 1000:.1f} km beyond its reach.")

    # the saved map
    (saved,) = [ln.split() for ln in _cell(claims_notebook, "save_map(").splitlines()]
    assert Path(saved[0]).name == "claims-map.html" and saved[2] == "bytes"
    assert int(saved[1]) > 10_000
