"""Checks that did not run (issue 10, F21): status ``not_run``, left out of the overall verdict.

A check with nothing independent to test (a site located only from the claim's own words) or
that could not run on its inputs used to count as ``inconclusive`` in the overall verdict, so
a report of one consistent check and one not run read "inconclusive". Now each check has a
``status`` (``run`` or ``not_run``); reports show the verdict of the checks that ran and say
how many did not.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from geoverify.casefile import loads_case
from geoverify.checks.result import CheckResult, Verdict
from geoverify.cli import main
from geoverify.report import (
    report_schema,
    to_geojson,
    to_html,
    to_json,
    to_kml,
    to_markdown,
    to_terminal,
)
from geoverify.report.model import VerificationReport
from geoverify.verify import verify

CASE = """\
title: One consistent, one not run
sites:
  a: {coordinates: "35.0, 40.0", uncertainty_m: 100}
  c: {coordinates: "35.05, 40.0", uncertainty_m: 100}
  s: {relative: "near a"}
claims:
  - {id: c1, claimant: x, kind: impact, site: c, stated: [{relation: north, of: a}]}
  - {id: c2, claimant: y, kind: impact, site: s, stated: [{relation: near, of: a}]}
"""


@pytest.fixture(scope="module")
def report():
    return verify(loads_case(CASE, path="nr.yaml"))


def test_a_circular_check_has_the_status_not_run(report):
    by_id = {c.id: c for c in report.checks}
    assert by_id["direction:c1"].status == "run"
    assert by_id["direction:c1"].verdict == Verdict.CONSISTENT
    assert by_id["proximity:c2"].status == "not_run"
    assert "nothing independent" in by_id["proximity:c2"].explanation


def test_one_consistent_and_one_not_run_is_consistent(report):
    # the bug: the not-run check counted as inconclusive, so the report said inconclusive
    assert report.verdict == Verdict.CONSISTENT
    assert report.counts == {"consistent": 1, "inconsistent": 0, "inconclusive": 0}
    assert report.not_run == 1


def test_nothing_run_is_inconclusive():
    only = VerificationReport("c", "t", {}, (), (
        CheckResult("proximity", "inconclusive", "Not checked.", status="not_run"),))
    assert only.verdict == Verdict.INCONCLUSIVE and only.not_run == 1


def test_json_has_status_per_check_and_not_run_and_fits_the_schema(report):
    out = to_json(report)
    assert out["verdict"] == "consistent" and out["not_run"] == 1
    assert out["counts"] == {"consistent": 1, "inconsistent": 0, "inconclusive": 0}
    assert {c["id"]: c["status"] for c in out["checks"]} == {"direction:c1": "run",
                                                             "proximity:c2": "not_run"}
    jsonschema.validate(json.loads(json.dumps(out)), report_schema())
    schema = report_schema()
    assert "status" in schema["$defs"]["check"]["required"]
    assert schema["$defs"]["check"]["properties"]["status"]["enum"] == ["run", "not_run"]
    bad = dict(out, checks=[dict(out["checks"][0], status="skipped")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_every_writer_shows_the_check_as_not_run(report):
    terminal = to_terminal(report, width=120, color=False)
    assert "Overall verdict: CONSISTENT (1 consistent, 0 inconsistent, 0 inconclusive; 1 not run)" \
        in terminal
    assert any(line.startswith("proximity:c2") and "not run" in line
               for line in terminal.splitlines())
    markdown = to_markdown(report)
    assert "**Overall verdict: CONSISTENT** (1 consistent, 0 inconsistent, 0 inconclusive; " \
           "1 not run)" in markdown
    assert "| **not run** |" in markdown
    html = to_html(report)
    assert "1 not run" in html and '<span class="verdict v-not-run">not run</span>' in html
    assert "1 not run" in report._repr_html_()
    assert "1 not run" in to_kml(report)
    assert to_geojson(report)["geoverify"]["not_run"] == 1


def test_the_cli_exit_status_follows_the_checks_that_ran(capsys, tmp_path):
    path = tmp_path / "nr.yaml"
    path.write_text(CASE, encoding="utf-8")
    assert main(["verify", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == "consistent" and out["not_run"] == 1


def test_status_is_checked_and_defaults_to_run():
    assert CheckResult("range", "consistent", "Fits.").status == "run"
    assert CheckResult("range", "consistent", "Fits.").to_dict()["status"] == "run"
    with pytest.raises(ValueError, match="status 'skipped'"):
        CheckResult("range", "consistent", "Fits.", status="skipped")


def test_the_readme_documents_not_run():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "not_run" in readme and "`status`" in readme
