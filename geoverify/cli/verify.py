"""``geoverify verify CASE``: verify a case file and print the checks as a table (or JSON).

``CASE`` is a path to a case file or the name of a shipped case (``seed``, or a unique start of
a name in ``data/cases/``); ``geoverify verify --list`` lists the shipped cases. Output: a table
by default; ``--json`` prints one object with a ``checks`` list (each ``id``, ``kind``,
``verdict``, ``explanation``, with the numbers) and the overall ``verdict``. ``--markdown``,
``--html``, ``--geojson`` and ``--kml`` also write the report to files (written atomically);
``--map FILE.html`` writes an interactive map (a self-contained page), ``--png``/``--svg`` a
static one.

Exit status: 0 when no check is inconsistent, 1 when any is, 2 for bad input (one line on
stderr naming the file, line and field).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register", "run"]

_FILE_FORMATS = (("markdown", "markdown"), ("html", "html"), ("geojson", "geojson"),
                 ("kml", "kml"))


def register(subparsers: Any) -> None:
    """Add the ``verify`` subcommand."""
    parser = subparsers.add_parser(
        "verify",
        help="verify a case file: run the checks its claims imply and print the verdicts",
        description="Verify a case (a YAML case file or a shipped case name such as 'seed'): "
                    "locate its sites, run the implied and listed checks, and report. Exit 0 "
                    "when no check is inconsistent, 1 when any is, 2 for bad input.",
    )
    parser.add_argument("case", nargs="?", help="case file path, or a shipped case name (seed)")
    parser.add_argument("--list", action="store_true", help="list the shipped cases and exit")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    for option, _ in _FILE_FORMATS:
        parser.add_argument(f"--{option}", metavar="FILE", help=f"also write the {option} report")
    parser.add_argument("--map", metavar="FILE.html",
                        help="also write an interactive map (self-contained HTML page)")
    parser.add_argument("--png", metavar="FILE.png", help="also write a static map (PNG)")
    parser.add_argument("--svg", metavar="FILE.svg", help="also write a static map (SVG)")
    parser.add_argument("--skip", action="append", default=[], metavar="ID",
                        help="skip a check id (range:claim-2) or kind (travel); repeatable")
    parser.add_argument("--only", action="append", default=None, metavar="ID",
                        help="run only this check id or kind; repeatable")
    parser.set_defaults(func=run)


def _list_cases() -> int:
    from geoverify.casefile import load_case, shipped_cases

    for name, path in shipped_cases().items():
        sys.stdout.write(f"{name}\t{load_case(path).title}\n")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``geoverify verify``; return the exit status."""
    from geoverify.checks.result import Verdict
    from geoverify.errors import GeoverifyError

    if args.list:
        return _list_cases()
    if not args.case:
        raise GeoverifyError("give a case file or a shipped case name (geoverify verify --list)")
    from importlib.util import find_spec

    from geoverify.report import to_json, to_terminal, write
    from geoverify.verify import verify_file

    report = verify_file(args.case, skip=args.skip, only=args.only)
    for option, fmt in _FILE_FORMATS:
        target = getattr(args, option)
        if target:
            # the Markdown and HTML reports embed the static map when matplotlib is installed
            embed = fmt in ("markdown", "html") and find_spec("matplotlib") is not None
            write(report, target, fmt=fmt, embed_map=embed)
    if getattr(args, "map", None):
        from geoverify.maps import save_map

        save_map(report, args.map)
    for fmt in ("png", "svg"):
        if getattr(args, fmt, None):
            from geoverify.maps import save_static_map

            save_static_map(report, getattr(args, fmt), fmt=fmt)
    if args.json:
        from geoverify.cli import print_json

        print_json(to_json(report))
    else:
        sys.stdout.write(to_terminal(report, color=sys.stdout.isatty()))
    inconsistent = any(c.verdict == Verdict.INCONSISTENT for c in report.checks)
    return 1 if inconsistent else 0
