"""The Markdown report: summary, checks, claims and sites as tables, provenance at the end.

Markdown renderers pass raw HTML through, so untrusted text is escaped twice over: ``&``,
``<`` and ``>`` become HTML entities (rendered back as the characters), and Markdown's own
punctuation (``|``, ``*``, ``_``, brackets, backticks...) is backslash-escaped, so a claim can
neither break a table nor inject a link, an image or a tag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from geoverify.report._common import (
    check_label,
    clean_text,
    format_margin,
    format_number,
    format_values,
    safe_url,
)
from geoverify.report_model import (
    MARKS,
    alternatives_text,
    candidates_text,
    cell_mark,
    counts_text,
    decider_lines,
    graded_text,
    places_text,
    region_left_text,
    statement_rows,
    verdict_label,
    weapons_text,
)

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport

__all__ = ["to_markdown", "md_escape", "region_markdown"]

# inline Markdown punctuation; block-level marks (#, -, >) cannot act inside a table cell
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(value: Any) -> str:
    r"""Return untrusted text safe in a Markdown table cell: one line, inert, renders as given.

    Examples
    --------
    >>> md_escape("a|b <script> [x](javascript:y) & *z*")
    'a\\|b &lt;script&gt; \\[x\\](javascript:y) &amp; \\*z\\*'
    """
    text = clean_text(value, single_line=True)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _link(url: Any, text: Any = None) -> str:
    """Return a Markdown link if ``url`` is http(s), else the escaped text of it."""
    good = safe_url(url)
    label = md_escape(text if text else url)
    if good is None:
        return label
    target = good.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
    return f"[{label}](<{target}>)"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(cell if cell else " " for cell in row) + " |")
    return lines


def to_markdown(report: VerificationReport, *, map_image: str | None = None) -> str:
    r"""Return the report as a Markdown document (GitHub-flavoured tables).

    Sections: the title and overall verdict with counts, the checks table (id, kind,
    verdict, margin, explanation), each check's measured values, the claims, the sites, the
    sources, and the provenance (versions, hashes, time).

    Parameters
    ----------
    report : VerificationReport
        The report to render.
    map_image : str, optional
        The relative path of a map picture (PNG/SVG) to show after the summary.

    Returns
    -------
    str
        Markdown text ending with a newline; every table row has as many cells as its header.

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> from geoverify.report.model import VerificationReport
    >>> check = CheckResult("range", "inconsistent", "Too far | by 2 km.", id="r1",
    ...                     margin=-2000.0)
    >>> md = to_markdown(VerificationReport("seed", "Green Village", {}, (), (check,)))
    >>> print(md.splitlines()[0])
    # Green Village
    >>> [line for line in md.splitlines() if line.startswith("| r1")]
    ['| r1 | range | **inconsistent** | -2000 m | Too far \\| by 2 km. |']
    """
    out: list[str] = []
    title = md_escape(report.title or report.case_id)
    out.append(f"# {title}")
    out.append("")
    out.append(f"**Overall verdict: {str(report.verdict).upper()}** "
               f"({counts_text(report)}). "
               f"Case `{md_escape(report.case_id)}`.")
    if report.description:
        out.append("")
        out.append(md_escape(report.description))

    if map_image:
        target = map_image.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
        out += ["", f"![Map of the sites and checks](<{target}>)"]

    out += ["", "## Checks", ""]
    if report.checks:
        rows = []
        for index, check in enumerate(report.checks, start=1):
            rows.append([
                md_escape(check_label(check, index)),
                md_escape(check.kind),
                f"**{verdict_label(check)}**",
                md_escape(format_margin(check.margin, check.margin_unit)),
                md_escape(" ".join(x for x in (check.explanation, weapons_text(check),
                                               graded_text(check)) if x)),
            ])
        out += _table(["id", "kind", "verdict", "margin", "explanation"], rows)
        for index, check in enumerate(report.checks, start=1):
            pairs = format_values(check.values)
            inputs = format_values(check.inputs)
            if not pairs and not inputs and not check.method:
                continue
            out += ["", f"### {md_escape(check_label(check, index))}", ""]
            if check.method:
                out.append(f"Method: {md_escape(check.method)}")
                out.append("")
            rows = [["value", md_escape(k), md_escape(v)] for k, v in pairs]
            rows += [["input", md_escape(k), md_escape(v)] for k, v in inputs]
            if rows:
                out += _table(["", "name", "value"], rows)
    else:
        out.append("No checks were run.")

    regions = getattr(report, "regions", {}) or {}
    if regions:
        out += ["", "## Where could it be", ""]
        out.append("Each statement about a site is a region; the site can only be where they "
                   "overlap. Verdicts of candidates: " + ", ".join(
                       f"`{m}` {v}" for v, m in MARKS.items())
                   + "; in brackets, the verdict at the sites' best points (radius 0).")
        for region in regions.values():
            out += region_markdown(region)

    if report.claims:
        out += ["", "## Claims", ""]
        rows = []
        for claim in report.claims:
            rows.append([
                md_escape(claim.id), md_escape(claim.claimant), md_escape(claim.kind),
                md_escape(claim.text), md_escape(claim.site), md_escape(claim.when),
                md_escape(claim.said_at), md_escape(claim.weapon),
                md_escape(format_number(claim.count)), md_escape(claim.actor),
                _link(claim.source_url) if claim.source_url else "",
                md_escape(claim.quote),
            ])
        out += _table(["id", "claimant", "kind", "text", "site", "when", "said at", "weapon",
                       "count", "actor", "source", "quote"], rows)

    if report.sites:
        out += ["", "## Sites", ""]
        rows = []
        for site_id, site in report.sites.items():
            rows.append([
                md_escape(site_id), md_escape(site.name), f"{site.lat:.5f}", f"{site.lon:.5f}",
                format_number(site.uncertainty_m), md_escape(site.method),
                md_escape(site.source), md_escape(site.note),
            ])
        out += _table(["id", "name", "lat", "lon", "uncertainty (m)", "located by", "source",
                       "note"], rows)

    if report.sources:
        out += ["", "## Sources", ""]
        for source in report.sources:
            url = source.get("url")
            label = source.get("title") or source.get("name") or url or ""
            extra = ", ".join(f"{md_escape(k)}: {md_escape(v)}" for k, v in source.items()
                              if k not in ("url", "title", "name"))
            item = _link(url, label) if url else md_escape(label)
            out.append(f"- {item}" + (f" ({extra})" if extra else ""))

    out += ["", "## Provenance", ""]
    prov = report.provenance
    if prov:
        rows = []
        for key in ("geoverify_version", "python_version", "case_file", "case_sha256",
                    "computed_at"):
            if prov.get(key) is not None:
                rows.append([md_escape(key), md_escape(prov[key])])
        for name, version in (prov.get("dependencies") or {}).items():
            rows.append([md_escape(f"dependency {name}"), md_escape(version)])
        for name, digest in (prov.get("data_versions") or {}).items():
            rows.append([md_escape(f"data {name}"), f"sha256 {md_escape(digest)}"])
        out += _table(["item", "value"], rows)
    else:
        out.append("No provenance was recorded.")
    return "\n".join(out) + "\n"


def region_markdown(region: Any) -> list[str]:
    """Return the Markdown lines of one site's region and its candidates table."""
    kind = "unknown site" if region.unknown else "located site with candidates"
    out = ["", f"### {md_escape(region.site)}: {md_escape(region.name)} ({kind})", ""]
    out.append(md_escape(region_left_text(region)))
    for text in (alternatives_text(region).strip(), places_text(region)):
        if text and region.region is not None and not region.empty:
            out += ["", md_escape(text)]
    rows = [[md_escape(x) for x in row] for row in statement_rows(region)]
    if rows:
        out += [""] + _table(["", "statement", "says", "role", "area", "if it is this one"],
                             rows)
    if region.candidates:
        out += ["", md_escape(candidates_text(region)), ""]
        keys = [s.id for s in region.statements]
        head = ["candidate", "verdict", "excluded by", *(r[0] for r in statement_rows(region))]
        body = [[md_escape(c.name), f"**{c.verdict}**", md_escape(", ".join(c.failed)),
                 *[md_escape(cell_mark(c.cell(sid))) for sid in keys]]
                for c in region.candidates]
        out += _table(head, body)
        lines = [f"- {md_escape(name)}, {md_escape(key)} ({md_escape(sid)}): {md_escape(text)}"
                 for name, key, sid, text in decider_lines(region)]
        if lines:
            out += ["", "What would decide the undecided cells (a site located to within a "
                        "radius, others unchanged):", "", *lines]
    return out
