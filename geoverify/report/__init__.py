"""Reports: render a :class:`VerificationReport` for a terminal, JSON, Markdown, HTML, GeoJSON, KML.

Renderers compute nothing: they show the verdicts, numbers and sentences the checks produced,
and the provenance the report records (library and data versions, the case file's hash, the
time). Text from the case (claim text, names, sources, quotes) is untrusted and escaped for
each format (HTML, KML/XML, Markdown) or kept exact (JSON, GeoJSON).

Examples
--------
>>> from geoverify.checks.result import CheckResult
>>> from geoverify.sites import Site
>>> from geoverify.report import VerificationReport, to_json, to_geojson
>>> report = VerificationReport(
...     "seed", "Rockets on Green Village",
...     {"gv": Site(35.0, 40.5, 500, name="Green Village")}, (),
...     (CheckResult("range", "consistent", "Within reach.", id="range-1"),))
>>> to_json(report)["verdict"]
'consistent'
>>> to_geojson(report)["features"][0]["properties"]["name"]
'Green Village'
"""

from __future__ import annotations

from geoverify.report._common import VERDICT_COLORS, ReportError
from geoverify.report.geojson import to_geojson
from geoverify.report.html import to_html
from geoverify.report.jsonout import report_schema, to_json
from geoverify.report.kml import to_kml
from geoverify.report.markdown import to_markdown
from geoverify.report.model import ClaimSummary, VerificationReport
from geoverify.report.notebook import report_summary_html
from geoverify.report.output import FORMATS, render, write
from geoverify.report.provenance import provenance, sha256_file
from geoverify.report.terminal import to_terminal

__all__ = [
    "VerificationReport",
    "ClaimSummary",
    "ReportError",
    "VERDICT_COLORS",
    "FORMATS",
    "to_terminal",
    "to_json",
    "to_markdown",
    "to_html",
    "to_geojson",
    "to_kml",
    "render",
    "write",
    "provenance",
    "sha256_file",
    "report_schema",
    "report_summary_html",
]
