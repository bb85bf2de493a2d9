"""The terminal report: a plain-text table of checks, then the overall verdict and provenance."""

from __future__ import annotations

import re
import shutil
import textwrap
import unicodedata
from typing import TYPE_CHECKING

from geoverify.report._common import check_label, clean_text
from geoverify.report_model import counts_text, verdict_label

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport

__all__ = ["to_terminal"]

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
_NUMBER_UNIT = re.compile(r"(?<=\d) (?=(?:mm|km|m|deg|°|s|h|min|km/h|kmh)\b)")


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
        rows.append((
            check_label(check, index),
            clean_text(check.kind, single_line=True),
            verdict_label(check),
            clean_text(check.explanation, single_line=True),
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
