"""The report value: all a verification produced, ready to render (renderers compute nothing).

The values themselves live in :mod:`geoverify.report_model`, below both the report writers and
the maps; :class:`VerificationReport` adds what sits above them: drawing itself on a map
(:meth:`VerificationReport.map`) and its notebook display.
"""

from __future__ import annotations

from typing import Any

from geoverify.report_model import ClaimSummary, ReportData

__all__ = ["ClaimSummary", "VerificationReport"]


class VerificationReport(ReportData):
    """The outcome of verifying one case: its sites, claims, check results and provenance.

    A :class:`~geoverify.report_model.ReportData` (same fields) that draws itself
    (:meth:`map`) and shows a compact summary in a notebook. ``provenance`` records what the
    report was computed from: ``geoverify_version``, ``data_versions`` (file name -> sha256),
    ``case_file``, ``case_sha256``, ``computed_at`` (ISO 8601 UTC).

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> r = VerificationReport("c", "t", {}, (), (CheckResult("range", "consistent", "Fits."),))
    >>> str(r.verdict), r.counts["consistent"]
    ('consistent', 1)
    """

    __slots__ = ()

    def map(self, **options: Any) -> Any:
        """Return an interactive Leaflet map (folium) of the report.

        See :func:`geoverify.maps.interactive_map` for the options (``tiles=``...).
        """
        from geoverify.maps import interactive_map

        return interactive_map(self, **options)

    def related_events(self, events: Any, *, days: float = 0.0) -> Any:
        """Return the events that could be the same incident as each claim (a DataFrame).

        See :func:`geoverify.events.related_events` (``events``: an event frame or a path).
        """
        from geoverify.events.related import related_events

        return related_events(self, events, days=days)

    def _repr_html_(self) -> str:
        """Return the compact HTML summary a notebook shows for the report (all text escaped)."""
        from geoverify.report.notebook import report_summary_html

        return report_summary_html(self)
