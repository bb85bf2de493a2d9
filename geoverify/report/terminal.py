"""The terminal report: a plain-text table of checks, then the overall verdict and provenance."""

from __future__ import annotations

import re
import shutil
import textwrap
import unicodedata
from typing import TYPE_CHECKING, Any

from geoverify.report._common import check_label, clean_text
from geoverify.report_model import (
    MARKS,
    alternatives_text,
    area_text,
    candidates_text,
    cell_mark,
    counts_text,
    graded_text,
    places_text,
    region_left_text,
    verdict_label,
    weapons_text,
)

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport

__all__ = ["to_terminal", "region_summary"]

_ANSI = {
    "consistent": "\x1b[32m",  # green
    "inconsistent": "\x1b[1;31m",  # bold red
    "inconclusive": "\x1b[33m",  # yellow
}
_RESET = "\x1b[0m"
_MIN_EXPLANATION = 20


def _width(text: str) -> int:
    """Return the number of terminal cells ``text`` takes (wide East Asian characters count 2)."""
    cells = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        cells += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return cells


def _pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - _width(text))


def _paint(text: str, verdict: str, color: bool) -> str:
    return f"{_ANSI[verdict]}{text}{_RESET}" if color and verdict in _ANSI else text


# a number and its unit stay on one line: "8.05 km" is never split as "8.05" / "km"
_NUMBER_UNIT = re.compile(r"(?<=\d) (?=km²|m²|(?:mm|km|m|deg|°|s|h|min|km/h|kmh)\b)")


def _wrap(text: str, cells: int) -> list[str]:
    glued = _NUMBER_UNIT.sub("\xa0", text.replace("\xa0", " "))
    lines = textwrap.wrap(glued, width=max(1, cells), break_long_words=True,
                          break_on_hyphens=False)
    return [line.replace("\xa0", " ") for line in lines] or [""]


def to_terminal(report: VerificationReport, *, width: int | None = None,
                color: bool = False) -> str:
    """Return the report as a text table for a terminal: id, kind, verdict, explanation.

    The explanation column wraps to fit ``width`` (on a very narrow terminal each check
    becomes a block of lines instead of a row); below the table come the overall
    verdict with the count per verdict, and one line of provenance. Untrusted text is
    stripped of control characters and bidirectional overrides, so a claim cannot move
    the cursor or recolour the terminal.

    Parameters
    ----------
    report : VerificationReport
        The report to render.
    width : int, optional
        Total width in characters; the terminal's width by default (100 if unknown).
    color : bool
        Colour the verdicts with ANSI escapes (green, red, yellow).

    Returns
    -------
    str
        The table, ending with a newline.

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> from geoverify.report.model import VerificationReport
    >>> check = CheckResult("range", "consistent", "The launch point is 6.1 to 8.0 km "
    ...                     "from Green Village; a 107 mm rocket reaches at most 8.05 km.", id="r1")
    >>> print(to_terminal(VerificationReport("seed", "Green Village", {}, (), (check,)), width=60))
    seed: Green Village
    id  kind   verdict     explanation
    --  -----  ----------  -------------------------------------
    r1  range  consistent  The launch point is 6.1 to 8.0 km
                           from Green Village; a 107 mm rocket
                           reaches at most 8.05 km.
    <BLANKLINE>
    Overall verdict: CONSISTENT (1 consistent, 0 inconsistent, 0 inconclusive)
    """
    if width is None:
        width = shutil.get_terminal_size(fallback=(100, 24)).columns
    width = max(24, int(width))
    rows = []
    for index, check in enumerate(report.checks, start=1):
        words = " ".join(x for x in (check.explanation, weapons_text(check),
                                     graded_text(check)) if x)
        rows.append((
            check_label(check, index),
            clean_text(check.kind, single_line=True),
            verdict_label(check),
            clean_text(words, single_line=True),
        ))
    headers = ("id", "kind", "verdict", "explanation")
    col = [max([_width(headers[i])] + [_width(r[i]) for r in rows]) for i in range(3)]
    gap = "  "
    # long ids or kinds wrap too, so the explanation keeps a readable width
    fixed_budget = width - _MIN_EXPLANATION - 3 * len(gap)
    while sum(col) > fixed_budget and max(col[0], col[1]) > 8:
        big = 0 if col[0] >= col[1] else 1
        col[big] -= 1
    explain_cells = width - sum(col) - 3 * len(gap)
    stacked = explain_cells < _MIN_EXPLANATION  # too narrow for a table: one block per check

    title = clean_text(report.title, single_line=True)
    head = clean_text(report.case_id, single_line=True) + (f": {title}" if title else "")
    lines = [head]
    if not rows:
        lines.append("(no checks were run)")
    elif stacked:
        for cid, kind, verdict, explanation in rows:
            lines.append("")
            lines += _wrap(f"{cid} ({kind})", width)
            lines.append("  " + _paint(verdict, verdict, color))
            lines += ["  " + x for x in _wrap(explanation, width - 2)]
    else:
        lines.append(gap.join(_pad(h, c) for h, c in zip(headers[:3], col, strict=True))
                     + gap + headers[3])
        lines.append(gap.join("-" * c for c in col) + gap
                     + "-" * min(explain_cells, max(_width(r[3]) for r in rows)))
        for cid, kind, verdict, explanation in rows:
            cells = [_wrap(cid, col[0]), _wrap(kind, col[1]), [verdict],
                     _wrap(explanation, explain_cells)]
            for k in range(max(len(c) for c in cells)):
                parts = [c[k] if k < len(c) else "" for c in cells]
                text = gap.join([
                    _pad(parts[0], col[0]), _pad(parts[1], col[1]),
                    _paint(_pad(parts[2], col[2]), verdict, color) if parts[2]
                    else _pad("", col[2]),
                    parts[3],
                ])
                lines.append(text.rstrip())
    regions = getattr(report, "regions", {}) or {}
    if regions:
        lines += ["", "Where could it be (geoverify verify CASE --where SITE: the whole table)"]
        for region in regions.values():
            lines.append("")
            lines += region_lines(region, width, full=False)
    overall = str(report.verdict)
    lines.append("")
    lines.append(
        "Overall verdict: " + _paint(overall.upper(), overall, color)
        + " (" + counts_text(report) + ")"
    )
    prov = report.provenance
    if prov:
        bits = [f"geoverify {clean_text(prov.get('geoverify_version', '?'))}"]
        if prov.get("case_sha256"):
            bits.append(f"case sha256 {clean_text(prov['case_sha256'])[:12]}")
        if prov.get("data_versions"):
            bits.append(f"{len(prov['data_versions'])} data files hashed")
        if prov.get("computed_at"):
            bits.append(f"computed {clean_text(prov['computed_at'])}")
        lines.append("Provenance: " + ", ".join(bits))
    return "\n".join(lines) + "\n"


def _clean(text: object) -> str:
    return clean_text(text, single_line=True)


def _block(text: str, width: int, indent: int, hang: int = 2) -> list[str]:
    """Wrap ``text`` at ``indent`` spaces, its continuation lines ``hang`` spaces further."""
    first = _wrap(_clean(text), max(8, width - indent - hang))
    lines = _wrap(" ".join(first), max(8, width - indent - hang))
    return [" " * indent + lines[0]] + [" " * (indent + hang) + x for x in lines[1:]]


def region_lines(region: Any, width: int, *, full: bool = True) -> list[str]:
    """Return the lines of one site's region: statements, what is left, places, candidates.

    ``full`` lists every alternative and adds the table candidate x statement (marks ``+``
    consistent, ``x`` inconsistent, ``?`` inconclusive; in brackets the verdict at the sites'
    best points) and what location accuracy would decide each undecided cell.
    """
    width = max(24, int(width))
    kind = "unknown site" if region.unknown else "located site with candidates"
    out = _block(f"{region.site}: {region.name} ({kind})", width, 0)
    required = [s for s in region.statements if s.required]
    alternatives = [s for s in region.statements if not s.required]
    if required:
        out.append("  statements (all of them hold):")
        for s in required:
            out += _block(f"{s.id}: {s.label} [{area_text(s.area_km2)}]", width, 4)
    if alternatives and full:
        out.append("  alternatives (one of them holds):")
        for s in alternatives:
            left = ("nothing left" if s.left_empty else
                    f"leaves {area_text(s.left_km2)}" if s.left_km2 is not None else "")
            best = "; at the sites' best points nothing is left" if s.best_empty else ""
            out += _block(f"{s.id}: {s.label} [{left}{best}]", width, 4)
    elif alternatives:
        of = sorted({s.alternative_of or "" for s in alternatives})
        out += _block(f"alternatives (one of them holds): {len(alternatives)} statements "
                      f"{', '.join(f'{o}:<weapon>' for o in of)} (--where lists them)", width, 2)
    out += _block(region_left_text(region), width, 2)
    if region.region is not None and not region.empty:
        for text in (alternatives_text(region).strip(),
                     places_text(region, None if full else 5)):
            if text:
                out += _block(text, width, 2)
    if region.candidates:
        out += _block(candidates_text(region), width, 2)
        if full:
            out += _candidate_table(region, width)
    return out


def _candidate_table(region: Any, width: int) -> list[str]:
    statements = list(region.statements)
    keys = [f"S{n}" for n in range(1, len(statements) + 1)]
    head = ["candidate", "verdict", *keys]
    rows = []
    for c in region.candidates:
        rows.append([_clean(c.name), str(c.verdict),
                     *[cell_mark(c.cell(s.id)) for s in statements]])
    cols = [max(_width(r[i]) for r in [head, *rows]) for i in range(len(head))]
    cols[0] = min(cols[0], 32)
    out = [""] + _block("Candidates (" + ", ".join(f"{m} {v}" for v, m in MARKS.items())
                        + "; in brackets: at the sites' best points):", width, 2)
    for r in [head, ["-" * c for c in cols], *rows]:
        cells = [_pad(_wrap(r[0], cols[0])[0], cols[0])] + [_pad(x, c) for x, c in
                                                            zip(r[1:], cols[1:], strict=True)]
        out.append(("  " + "  ".join(cells)).rstrip())
    for key, s in zip(keys, statements, strict=True):
        kind = "" if s.required else " (alternative)"
        out += _block(f"{key} = {s.id}{kind}: {s.label}", width, 2, hang=len(key) + 3)
    lines = []
    for c in region.candidates:
        by_site: dict[str, list[str]] = {}
        for key, s in zip(keys, statements, strict=True):
            cell = c.cell(s.id)
            for d in (cell.decides_if if cell is not None else ()):
                radius = d.describe().rsplit(" to within ", 1)[-1]
                by_site.setdefault(d.label or d.site, []).append(f"{radius} ({key})")
        if by_site:
            lines.append(f"{c.name}: " + "; ".join(f"{label} to within {', '.join(v)}"
                                                   for label, v in by_site.items()))
    if lines:
        out += _block("What would decide the undecided cells (a site located to within a "
                      "radius; others unchanged):", width, 2)
        for text in lines:
            out += _block(text, width, 4)
    return out


def region_summary(report: VerificationReport, site: str, *, width: int | None = None) -> str:
    """Return the region summary of one site of a report (``geoverify verify --where``).

    Raises
    ------
    KeyError
        When the report has no region for ``site``.
    """
    if width is None:
        width = shutil.get_terminal_size(fallback=(100, 24)).columns
    region = report.regions[site]
    lines = region_lines(region, width, full=True)
    return "\n".join(lines) + "\n"
