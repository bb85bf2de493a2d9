"""The report's values: what a verification produced, shared by the report writers and the maps.

:class:`ReportData` holds a case's sites, claim summaries, check results and provenance;
:class:`ClaimSummary` is a claim as a report shows it. They sit below both
:mod:`geoverify.report` (the writers) and :mod:`geoverify.maps` (the pictures), so that neither
has to import the other for them. ``geoverify.report.model.VerificationReport`` (what
:func:`geoverify.verify.verify` returns) is a :class:`ReportData` that can also draw itself
(``.map()``) and show itself in a notebook.

Checks that did not run (``status`` ``not_run``: a circular relation, nothing independent to
check) are counted apart: they take no part in the overall verdict.

Examples
--------
>>> from geoverify.checks.result import CheckResult
>>> data = ReportData("c", "t", {}, (), (
...     CheckResult("range", "consistent", "Fits.", id="r"),
...     CheckResult("proximity", "inconclusive", "Not checked: circular.", id="p",
...                 status="not_run")))
>>> str(data.verdict), data.counts, data.not_run
('consistent', {'consistent': 1, 'inconsistent': 0, 'inconclusive': 0}, 1)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from geoverify.checks.result import CheckResult, Verdict, combine_verdicts
from geoverify.sites import Site

__all__ = ["ClaimSummary", "ReportData", "verdict_counts", "not_run_count", "counts_text",
           "verdict_label"]


@dataclass(frozen=True)
class ClaimSummary:
    """A claim as a report shows it. All text fields are untrusted (from the internet)."""

    id: str
    claimant: str
    kind: str
    text: str = ""
    site: str | None = None
    when: str | None = None
    said_at: str | None = None
    weapon: str | None = None
    count: int | None = None
    actor: str | None = None
    source_url: str | None = None
    quote: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _ran(check: Any) -> bool:
    return getattr(check, "status", "run") != "not_run"


def verdict_counts(report: Any) -> dict[str, int]:
    """Return the number of checks that ran per verdict, every verdict present (zero if none).

    Checks that did not run (``status`` ``not_run``) are not counted here; see
    :func:`not_run_count`.

    Examples
    --------
    >>> verdict_counts(ReportData("c", "t", {}, (), ()))
    {'consistent': 0, 'inconsistent': 0, 'inconclusive': 0}
    """
    counts = {str(v): 0 for v in Verdict}
    for check in report.checks:
        if _ran(check):
            counts[str(Verdict(check.verdict))] += 1
    return counts


def not_run_count(report: Any) -> int:
    """Return the number of checks of ``report`` that did not run (``status`` ``not_run``).

    Examples
    --------
    >>> not_run_count(ReportData("c", "t", {}, (), ()))
    0
    """
    return sum(1 for check in report.checks if not _ran(check))


def counts_text(report: Any) -> str:
    """Return the counts a report shows beside its overall verdict.

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> counts_text(ReportData("c", "t", {}, (), (
    ...     CheckResult("range", "consistent", "Fits."),
    ...     CheckResult("cluster", "inconclusive", "Not checked.", status="not_run"))))
    '1 consistent, 0 inconsistent, 0 inconclusive; 1 not run'
    """
    text = ", ".join(f"{n} {v}" for v, n in verdict_counts(report).items())
    skipped = not_run_count(report)
    return f"{text}; {skipped} not run" if skipped else text


def verdict_label(check: Any) -> str:
    """Return what a report shows in a check's verdict column: its verdict, or ``not run``.

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> verdict_label(CheckResult("cluster", "inconclusive", "Not checked.", status="not_run"))
    'not run'
    """
    return str(Verdict(check.verdict)) if _ran(check) else "not run"


@dataclass(frozen=True)
class ReportData:
    """The outcome of verifying one case: its sites, claims, check results and provenance.

    ``provenance`` records what the report was computed from: ``geoverify_version``,
    ``data_versions`` (file name -> sha256), ``case_file``, ``case_sha256``, ``computed_at``
    (ISO 8601 UTC).
    """

    case_id: str
    title: str
    sites: Mapping[str, Site]
    claims: Sequence[ClaimSummary]
    checks: Sequence[CheckResult]
    description: str = ""
    sources: Sequence[Mapping[str, Any]] = ()
    provenance: Mapping[str, Any] = field(default_factory=dict)

    @property
    def verdict(self) -> Verdict:
        """The overall verdict of the checks that ran (checks not run take no part).

        Inconsistent if any is, else inconclusive if any is (or none ran), else consistent.
        """
        return combine_verdicts(c.verdict for c in self.checks if _ran(c))

    @property
    def counts(self) -> dict[str, int]:
        """The number of checks that ran per verdict (every verdict present, zero if none)."""
        return verdict_counts(self)

    @property
    def not_run(self) -> int:
        """The number of checks that did not run (``status`` ``not_run``)."""
        return not_run_count(self)
