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
               "cluster:claim-7", "daylight:claim-6", "proximity:claim-11"}


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
    # run as a user opens it in Jupyter: from the notebooks folder of a checkout (a copy of the
    # layout, so the files a notebook writes land in tmp_path; the test fixtures beside it)
    workdir = tmp_path / "notebooks"
    workdir.mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "data").symlink_to(Path(__file__).resolve().parent / "data")
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(workdir)}})
    client.execute()  # raises CellExecutionError with the failing cell and its traceback
    errors = [out for cell in notebook.cells if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert errors == []
    return notebook


def _shown(notebook, key="text/plain"):
    """Everything a notebook's code cells show: printed text and the rich outputs of `key`."""
    return "".join(str(out.get("text", "")) + str(out.get("data", {}).get(key, ""))
                   for cell in notebook.cells if cell.cell_type == "code"
                   for out in cell.get("outputs", []))


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
    assert [p.name for p in NOTEBOOKS] == ["01_seed_case.ipynb", "02_map_any_claims.ipynb",
                                           "03_events.ipynb", "04_conoco_2021_12_31.ipynb"]


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    return _run(ROOT / "notebooks" / "01_seed_case.ipynb", tmp_path_factory.mktemp("nb01"))


@pytest.fixture(scope="module")
def seed_notebook(seed_run):
    return _printed(seed_run)


@pytest.fixture(scope="module")
def claims_notebook(tmp_path_factory):
    return _printed(_run(ROOT / "notebooks" / "02_map_any_claims.ipynb",
                         tmp_path_factory.mktemp("nb02")))


def test_seed_notebook_prints_every_result(seed_notebook):
    case = yaml.safe_load((ROOT / "data" / "cases" / "seed-2022-01-05-green-village.yaml")
                          .read_text(encoding="utf-8"))
    rows = _rows()
    with open(ROOT / "data" / "gazetteer" / "theatre.csv", encoding="utf-8", newline="") as f:
        by_id = {r["id"]: r for r in csv.DictReader(f)}
    # the claims, in the file's order, with their kinds
    lines = _cell(seed_notebook, "for claim in case.claims").splitlines()
    assert [ln.split()[:2] for ln in lines] == [[c["id"], c["kind"]] for c in case["claims"]]

    # the sites: gazetteer rows where the file names a place (by name or id), the unknown ones
    # listed apart, the pocket an area
    sites, unknown = {}, []
    for line in _cell(seed_notebook, "resolve_sites(case)").splitlines():
        if line.startswith("unknown: "):
            unknown = line[len("unknown: "):].split(", ")
            continue
        sid, lat, lon, radius, how = re.match(
            r"(\S+)\s+(\S+)\s+(\S+)\s+±\s*(\S+) km\s+(\w+)$", line).groups()
        sites[sid] = (float(lat), float(lon), float(radius) * 1000)
        assert how == ("area" if "area" in case["sites"][sid] else "geocoded"), sid
    assert unknown == [sid for sid, spec in case["sites"].items() if spec.get("unknown")]
    assert list(sites) == [sid for sid in case["sites"] if sid not in unknown]
    for sid, spec in case["sites"].items():
        if "place" in spec:
            row = rows.get(spec["place"]) or by_id[spec["place"]]
            lat, lon, radius = _point(row)
            assert sites[sid] == (lat, lon, round(radius / 100) * 100), sid

    # distances and bearings between them, against geographiclib
    for line in _cell(seed_notebook, "pairs = [").splitlines():
        a, b, km, bearing, word, low, high = re.match(
            r"(\S+) -> (\S+): (\S+) km, bearing (\d+)° \((\w+)\); with the radii (\S+) to (\S+) km",
            line).groups()
        (la, lo, ra), (lb, lob, rb) = sites[a], sites[b]
        ref = G.Inverse(la, lo, lb, lob)
        assert km == f"{ref['s12'] / 1000:.1f}" and bearing == f"{ref['azi1'] % 360:.0f}"
        assert word == _compass(ref["azi1"])
        assert abs(float(low) - max(0.0, ref["s12"] - ra - rb) / 1000) <= 0.051
        assert abs(float(high) - (ref["s12"] + ra + rb) / 1000) <= 0.051

    # the implied checks, then the table's overall verdict (none inconsistent)
    plans = _cell(seed_notebook, "plan_checks(case)").splitlines()
    assert [ln.split()[0] for ln in plans] and {ln.split()[0] for ln in plans} == SEED_CHECKS
    assert len(plans) == len(SEED_CHECKS)
    table = _cell(seed_notebook, "to_terminal(report")
    assert "Overall verdict: INCONCLUSIVE (0 consistent, 0 inconsistent, 7 inconclusive)" in table
    # checks about an unknown site become statements of its region: the table lists the
    # daylight check and one region per unknown site, 7 rows
    rows_shown = [ln.split()[0] for ln in table.splitlines()
                  if re.match(r"(daylight|region|range|direction|cluster|proximity):", ln)]
    assert rows_shown == ["daylight:claim-6"] + [f"region:{sid}" for sid in unknown]

    # what would decide the 107 mm reach for each pocket village: the Conoco base located to
    # within R, from the documented rule (data/weapons.csv: 8,050 m, minimum unknown, so a
    # distance under a quarter of the maximum stays undecided), distances from geographiclib
    with open(ROOT / "data" / "weapons.csv", encoding="utf-8", newline="") as f:
        top = float(next(r for r in csv.DictReader(f) if r["id"] == "107mm-type63")["max_range_m"])
    assert top == 8_050
    base = rows.get(case["sites"]["conoco-base"]["place"]) or by_id[
        case["sites"]["conoco-base"]["place"]]
    printed = {}
    for line in _cell(seed_notebook, "for candidate in conoco.candidates").splitlines():
        name, value, unit = re.match(r"(.+?)\s+decided if US base at the Conoco gas field is "
                                     r"located to within (\S+) (k?m)$", line).groups()
        printed[name] = float(value) * (1000 if unit == "km" else 1)
    expected = {}
    for sid in case["sites"]["conoco-launch-point"]["candidates"]:
        row = rows.get(case["sites"][sid]["place"]) or by_id[case["sites"][sid]["place"]]
        lat, lon, rc = _point(row)
        d = G.Inverse(lat, lon, float(base["lat"]), float(base["lon"]))["s12"]
        radius = max(d - rc - top, min(top - d - rc, d - rc - 0.25 * top))
        if radius > 0:
            expected[case["sites"][sid]["name"]] = radius
    assert set(printed) == set(expected)
    for name, radius in expected.items():  # printed to 3 significant digits, never above
        assert radius * 0.99 - 1 <= printed[name] <= radius + 1, name
    assert printed["al-Salihiyah"] == 2_400

    # the changed assumption: the rocket-assisted M777 round reaches 30 km (data/weapons.csv)
    with open(ROOT / "data" / "weapons.csv", encoding="utf-8", newline="") as f:
        rap = next(r for r in csv.DictReader(f) if r["id"] == "m777-rap")
    assert float(rap["max_range_m"]) == 30_000
    changed = _cell(seed_notebook, "m777-rap")
    assert "region:launch-point          inconclusive" in changed
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


def test_seed_notebook_shows_regions_and_candidates(seed_run, seed_notebook):
    # issue 9: where the launch point can still be, and the pocket's villages as candidates
    text = "".join(seed_notebook.values())
    assert "region:launch-point" in text and "reach:claim-2" in text
    assert "Left: " in text and "Candidates (" in text
    html = _shown(seed_run, "text/html")
    assert "al-Salihiyah" in html and "reach:claim-8:107mm-type63" in html


def test_events_notebook_reads_audits_and_matches(tmp_path):
    # issue 11: reads, audits, checks as columns, matches, maps
    notebook = _run(ROOT / "notebooks" / "03_events.ipynb", tmp_path)
    text = "".join(_printed(notebook).values())
    assert "18 rows read, 6 bad rows (4 dropped)" in text
    assert "'duplicates': 1" in text and "SYR1005 - The launch point (SYR1005)" in text
    assert "which fits the whole time" in text
    html = _shown(notebook, "text/html")
    assert "L.polyline" in html or "iframe" in html  # the map of the matched pairs


def test_conoco_notebook_reaches_the_analysts_finding(tmp_path):
    # issue 9: the 2021-12-31 Conoco claim, with the pocket's villages against 107 and 122 mm
    shown = _shown(_run(ROOT / "notebooks" / "04_conoco_2021_12_31.ipynb", tmp_path))
    for words in ("al-Husayniyah", "Khasham", "107 mm", "122 mm", "north-east",
                  "located to within", "km²", "inconsistent"):
        assert words in shown, words
