"""The JSON report: one object, documented by ``data/schema/report.schema.json``.

JSON is not HTML: untrusted text is kept exactly as given (the JSON encoder quotes it);
whoever puts it into a page escapes it there.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from geoverify.checks.result import Verdict
from geoverify.report._common import check_label, jsonable, verdict_counts
from geoverify.report_model import not_run_count

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport

__all__ = ["SCHEMA_VERSION", "to_json", "to_json_text", "report_schema"]

#: Version of the JSON report layout (``schema_version`` in every report).
SCHEMA_VERSION = "1.0"


def to_json(report: VerificationReport) -> dict[str, Any]:
    """Return the report as a JSON-ready dict (plain dicts, lists, strings, numbers, None).

    Keys: ``schema_version``, ``case_id``, ``title``, ``description``, ``verdict`` (overall, of
    the checks that ran), ``counts`` (checks that ran, per verdict), ``not_run`` (the number of
    checks that did not run), ``checks`` (each ``id``, ``kind``, ``verdict``, ``status``
    (``run`` or ``not_run``), ``explanation``, ``values``, ``margin``, ``margin_unit``,
    ``inputs``, ``method``),
    ``sites`` (each ``id`` and the site's fields; unknown sites have none), ``claims``,
    ``sources``, ``regions`` (for every unknown site and site with candidates: ``empty``,
    ``area_km2``, ``conflict``, ``statements``, ``places``, ``geometry``...), ``candidates``
    (per such site: each candidate's ``site``, ``verdict``, ``failed``, ``cells``),
    ``provenance``. Each check also has its graded answers: ``share``, ``centre_verdict``,
    ``decides_if`` (``site`` is the case's site id). The layout is published as a JSON Schema
    (:func:`report_schema`).

    Parameters
    ----------
    report : VerificationReport
        The report to render.

    Returns
    -------
    dict
        ``json.dumps`` writes it as is; ``json.loads`` of that gives it back unchanged.

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> from geoverify.report.model import VerificationReport
    >>> check = CheckResult("range", "consistent", "Fits.", id="r1", margin=50.0)
    >>> out = to_json(VerificationReport("seed", "Green Village", {}, (), (check,)))
    >>> out["verdict"], out["counts"], out["checks"][0]["id"], out["checks"][0]["margin"]
    ('consistent', {'consistent': 1, 'inconsistent': 0, 'inconclusive': 0}, 'r1', 50.0)
    """
    checks = []
    for index, check in enumerate(report.checks, start=1):
        item = jsonable(check.to_dict())
        item["id"] = check.id or check_label(check, index)
        item["verdict"] = str(Verdict(check.verdict))
        item["features"] = len(check.features)
        checks.append(item)
    sites = []
    for site_id, site in report.sites.items():
        entry = {"id": str(site_id)}
        entry.update(jsonable(site.to_dict()))
        sites.append(entry)
    return {
        "schema_version": SCHEMA_VERSION,
        "case_id": report.case_id,
        "title": report.title,
        "description": report.description,
        "verdict": str(report.verdict),
        "counts": verdict_counts(report),
        "not_run": not_run_count(report),
        "checks": checks,
        "sites": sites,
        "claims": [jsonable(claim.to_dict()) for claim in report.claims],
        "sources": [jsonable(dict(source)) for source in report.sources],
        "regions": {sid: jsonable(region.to_dict())
                    for sid, region in getattr(report, "regions", {}).items()},
        "candidates": {sid: [jsonable(c.to_dict()) for c in region.candidates]
                       for sid, region in getattr(report, "regions", {}).items()
                       if region.candidates},
        "provenance": jsonable(dict(report.provenance)),
    }


def to_json_text(report: VerificationReport, *, indent: int | None = 2) -> str:
    """Return the JSON report as text (UTF-8 characters kept readable, a final newline).

    Examples
    --------
    >>> from geoverify.report.model import VerificationReport
    >>> to_json_text(VerificationReport("c", "t", {}, (), ()), indent=None)[:40]
    '{"schema_version": "1.0", "case_id": "c"'
    """
    return json.dumps(to_json(report), ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


def report_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the JSON report.

    Examples
    --------
    >>> report_schema()["title"]
    'geoverify verification report'
    """
    from geoverify._paths import data_path

    with open(data_path("schema", "report.schema.json"), encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema
