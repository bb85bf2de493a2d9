"""The report value: all a verification produced, ready to render (renderers compute nothing)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from geoverify.checks.result import CheckResult, Verdict, combine_verdicts
from geoverify.sites import Site

__all__ = ["ClaimSummary", "VerificationReport"]


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


@dataclass(frozen=True)
class VerificationReport:
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
        from geoverify.report._common import verdict_counts

        return verdict_counts(self)

    def map(self, **options: Any) -> Any:
        """Return an interactive Leaflet map (folium) of the report.

        See :func:`geoverify.maps.interactive_map` for the options (``tiles=``...).
        """
        from geoverify.maps import interactive_map

        return interactive_map(self, **options)

    def _repr_html_(self) -> str:
        """Return the compact HTML summary a notebook shows for the report (all text escaped)."""
        from geoverify.report.notebook import report_summary_html

        return report_summary_html(self)
