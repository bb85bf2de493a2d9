"""The report's values: what a verification produced, shared by the report writers and the maps.

:class:`ReportData` holds a case's sites, claim summaries, check results and provenance;
:class:`ClaimSummary` is a claim as a report shows it. They sit below both
:mod:`geoverify.report` (the writers) and :mod:`geoverify.maps` (the pictures), so that neither
has to import the other for them. ``geoverify.report.model.VerificationReport`` (what
:func:`geoverify.verify.verify` returns) is a :class:`ReportData` that can also draw itself
(``.map()``) and show itself in a notebook.

Examples
--------
>>> from geoverify.checks.result import CheckResult
>>> data = ReportData("c", "t", {}, (), (CheckResult("range", "consistent", "Fits.", id="r"),))
>>> str(data.verdict), data.counts
('consistent', {'consistent': 1, 'inconsistent': 0, 'inconclusive': 0})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from geoverify.checks.result import CheckResult, Verdict, combine_verdicts
from geoverify.sites import Site

__all__ = ["ClaimSummary", "ReportData", "verdict_counts"]


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


def verdict_counts(report: Any) -> dict[str, int]:
    """Return the number of checks per verdict, every verdict present (zero if none).

    Examples
    --------
    >>> verdict_counts(ReportData("c", "t", {}, (), ()))
    {'consistent': 0, 'inconsistent': 0, 'inconclusive': 0}
    """
    counts = {str(v): 0 for v in Verdict}
    for check in report.checks:
        counts[str(Verdict(check.verdict))] += 1
    return counts


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
        """The overall verdict: inconsistent if any check is, else inconclusive if any is."""
        return combine_verdicts(c.verdict for c in self.checks)

    @property
    def counts(self) -> dict[str, int]:
        """The number of checks per verdict (every verdict present, zero if none)."""
        return verdict_counts(self)
