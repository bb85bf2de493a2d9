"""The rich notebook display of a report: a compact HTML summary (``_repr_html_``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geoverify.checks.result import Verdict
from geoverify.report._common import check_label, format_margin
from geoverify.report.html import esc
from geoverify.report_model import counts_text, graded_text, verdict_label, weapons_text

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport

__all__ = ["report_summary_html"]

_COLORS = {"consistent": "#1a9850", "inconsistent": "#d73027", "inconclusive": "#b9770e"}


def _badge(verdict: str) -> str:
    if verdict == "not run":
        return ('<span style="background:#888;color:#fff;padding:0 .4em;border-radius:.6em;'
                'white-space:nowrap">not run</span>')
    v = str(Verdict(verdict))
    return (f'<span style="background:{_COLORS[v]};color:#fff;padding:0 .4em;'
            f'border-radius:.6em;font-weight:600;white-space:nowrap">{v}</span>')


def report_summary_html(report: VerificationReport) -> str:
    """Return a compact HTML summary of a report for a notebook cell (inline styles, no script).

    The title, the overall verdict with counts, one row per check (id, kind, verdict,
    margin, explanation with the weapons by verdict and the graded answers; the regions of
    unknown sites are their ``region:<site>`` rows) and a provenance line. Every string is
    HTML-escaped.

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> from geoverify.report.model import VerificationReport
    >>> check = CheckResult("range", "inconclusive", "Straddles <8.05 km>.", id="r1")
    >>> out = report_summary_html(VerificationReport("seed", "Seed", {}, (), (check,)))
    >>> "Straddles &lt;8.05 km&gt;." in out and "<script" not in out
    True
    """
    cell = 'style="border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top"'
    rows = "".join(
        f"<tr><td {cell}><code>{esc(check_label(c, i))}</code></td><td {cell}>{esc(c.kind)}</td>"
        f"<td {cell}>{_badge(verdict_label(c))}</td>"
        f"<td {cell}>{esc(format_margin(c.margin, c.margin_unit))}</td>"
        f"<td {cell}>{esc(c.explanation)}"
        + "".join(f'<br><span style="color:#555;font-size:90%">{esc(t)}</span>'
                  for t in (weapons_text(c), graded_text(c)) if t)
        + "</td></tr>"
        for i, c in enumerate(report.checks, start=1)
    )
    head = "".join(f"<th {cell}>{h}</th>" for h in ("id", "kind", "verdict", "margin",
                                                    "explanation"))
    table = (f'<table style="border-collapse:collapse;margin:.3em 0">'
             f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
             if report.checks else "<p>No checks were run.</p>")
    prov = report.provenance
    foot = ""
    if prov:
        bits = [f"geoverify {esc(prov.get('geoverify_version', '?'))}"]
        if prov.get("case_sha256"):
            bits.append(f"case sha256 {esc(str(prov['case_sha256'])[:12])}&hellip;")
        if prov.get("computed_at"):
            bits.append(f"computed {esc(prov['computed_at'])}")
        foot = f'<div style="color:#777;font-size:85%">{"; ".join(bits)}</div>'
    return (
        '<div class="geoverify-report">'
        f"<b>{esc(report.title or report.case_id)}</b> "
        f'<span style="color:#777">({esc(report.case_id)}; {len(report.sites)} sites, '
        f"{len(report.claims)} claims)</span><br>"
        f"Overall verdict: {_badge(str(report.verdict))} "
        + esc("(" + counts_text(report) + ")")
        + f"{table}{foot}</div>"
    )
