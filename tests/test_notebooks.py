"""Every notebook in notebooks/ runs top to bottom (kernel python3, the installed package)."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_there_is_a_seed_notebook():
    assert any(p.name == "01_seed_case.ipynb" for p in NOTEBOOKS)
    assert any(p.name == "04_conoco_2021_12_31.ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path):
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
    text = "".join(out.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                   for out in cell.get("outputs", []))
    shown = text + "".join(str(out.get("data", {}).get("text/plain", ""))
                           for cell in notebook.cells if cell.cell_type == "code"
                           for out in cell.get("outputs", []))
    if path.name == "01_seed_case.ipynb":
        assert "region:launch-point" in text and "reach:claim-2" in text and "seed.kml" in text
        # a region and a candidates table (issue 9)
        assert "Left: " in text and "Candidates (" in text
        html = "".join(str(out.get("data", {}).get("text/html", "")) for cell in notebook.cells
                       if cell.cell_type == "code" for out in cell.get("outputs", []))
        assert "al-Salihiyah" in html and "reach:claim-8:107mm-type63" in html
        _assert_assumption_cell_prints_whole_sentences(text)
    if path.name == "04_conoco_2021_12_31.ipynb":
        for words in ("al-Husayniyah", "Khasham", "107 mm", "122 mm", "north-east",
                      "located to within", "km²", "inconsistent"):
            assert words in shown, words
    if path.name == "03_events.ipynb":  # reads, audits, checks as columns, matches, maps
        assert "18 rows read, 6 bad rows (4 dropped)" in text
        assert "'duplicates': 1" in text and "SYR1005 - The launch point (SYR1005)" in text
        assert "which fits the whole time" in text
        html = "".join(out.get("data", {}).get("text/html", "") for cell in notebook.cells
                       if cell.cell_type == "code" for out in cell.get("outputs", []))
        assert "L.polyline" in html or "iframe" in html  # the map of the matched pairs


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
