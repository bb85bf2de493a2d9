"""``geoverify verify CASE``: verify a case file and print the checks as a table (or JSON).

``CASE`` is a path to a case file or the name of a shipped case (``seed``, or a unique start of
a name in ``data/cases/``); ``geoverify verify --list`` lists the shipped cases. Output: a table
by default (then, for every unknown site and site with candidates, where it can be);
``--where SITE`` prints one site's region summary instead (statements, area, extent,
conflict, places inside, the candidates table); ``--json`` prints one object with a
``checks`` list (each ``id``, ``kind``, ``verdict``, ``explanation``, with the numbers), the
overall ``verdict``, ``regions`` and ``candidates``. ``--markdown``,
``--html``, ``--geojson`` and ``--kml`` also write the report to files (written atomically);
``--map FILE.html`` writes an interactive map (a self-contained page), ``--png``/``--svg`` a
static one. Output paths follow one rule set (:func:`geoverify._paths.write_output`): ``-`` is
standard output (the table is then not printed), symbolic links are written through, devices
and pipes are written directly, a read-only file or a missing folder is refused before the case
is verified.

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
        parser.add_argument(f"--{option}", metavar="FILE",
                            help=f"also write the {option} report (- for standard output)")
    parser.add_argument("--map", metavar="FILE.html",
                        help="also write an interactive map (self-contained HTML page)")
    parser.add_argument("--png", metavar="FILE.png", help="also write a static map (PNG)")
    parser.add_argument("--svg", metavar="FILE.svg", help="also write a static map (SVG)")
    parser.epilog = ("Output files: '-' is standard output; a symbolic link is written through; "
                     "a device or pipe (/dev/stdout) is written directly; an existing file is "
                     "replaced atomically, keeping its permissions; a read-only file and a "
                     "missing folder are refused (folders are never created).")
    parser.add_argument("--skip", action="append", default=[], metavar="ID",
                        help="skip a check id (range:claim-2) or kind (travel); repeatable")
    parser.add_argument("--only", action="append", default=None, metavar="ID",
                        help="run only this check id or kind; repeatable")
    parser.add_argument("--where", metavar="SITE",
                        help="print where SITE (a site id of the case) can be: the statements "
                             "about it, the region they leave (area, extent, places inside), "
                             "a conflict, and the candidates table")
    from geoverify.cli._events import add_related_options

    add_related_options(parser)  # --events FILE [--format F] [--days N]
    parser.set_defaults(func=run)


def _list_cases(as_json: bool = False) -> int:
    from geoverify.casefile import load_case, shipped_cases

    cases = [{"name": name, "title": load_case(path).title, "path": str(path)}
             for name, path in shipped_cases().items()]
    if as_json:
        from geoverify.cli import print_json

        print_json(cases)
        return 0
    for case in cases:
        sys.stdout.write(f"{case['name']}\t{case['title']}\n")
    return 0


def _check_selection(case: Any, skip: list[str], only: list[str] | None) -> None:
    """Refuse a ``--skip``/``--only`` value that names no check of the case and no check kind.

    A typo would otherwise silently run everything, or nothing.
    """
    from geoverify.checks.registry import check_kinds
    from geoverify.errors import CaseFileError, GeoverifyError
    from geoverify.verify import plan_checks

    ids = [p.id for p in plan_checks(case)]
    ids += [f"region:{sid}" for sid, spec in case.sites.items()
            if spec.unknown or spec.candidates]
    kinds = set(check_kinds()) | {"region"}
    # options for a check id the case does not run would silently never apply (a skip of
    # such an id is harmless: a case may skip what planning already leaves out)
    for key in case.options:
        if ":" in key and key not in ids:
            field = f"options.{key}"
            raise CaseFileError(f"{key!r} is not a check of this case ({', '.join(ids)}): its "
                                "options would never apply", path=case.path,
                                line=case.lines.get(field), field=field)
    for option, values in (("--skip", skip), ("--only", only or [])):
        for value in values:
            if value not in ids and value not in kinds:
                listed = ", ".join(ids) or "none"
                raise GeoverifyError(
                    f"{option} {value!r} is neither a check of this case ({listed}) nor a check "
                    f"kind ({', '.join(sorted(kinds))})")


_OUTPUT_OPTIONS = (*(option for option, _ in _FILE_FORMATS), "map", "png", "svg")


def _check_outputs(args: argparse.Namespace) -> bool:
    """Refuse an output path that cannot be written before the case is verified.

    Return whether an output goes to standard output (``-``): then the table is not printed.
    Two outputs on standard output, or one with ``--json``, are refused.
    """
    from geoverify.errors import GeoverifyError
    from geoverify.report._common import check_output_path

    to_stdout = [f"--{option}" for option in _OUTPUT_OPTIONS if getattr(args, option, None) == "-"]
    if len(to_stdout) > 1 or (to_stdout and args.json):
        both = " and ".join([*to_stdout, *(["--json"] if args.json else [])])
        raise GeoverifyError(f"{both} all write to standard output: give file names to all but "
                             "one")
    for option in _OUTPUT_OPTIONS:
        if getattr(args, option, None) is not None:
            check_output_path(getattr(args, option), what=f"--{option} file")
    return bool(to_stdout)


def run(args: argparse.Namespace) -> int:
    """Run ``geoverify verify``; return the exit status."""
    from geoverify.checks.result import Verdict
    from geoverify.errors import GeoverifyError

    if args.list:
        return _list_cases(args.json)
    if not args.case:
        raise GeoverifyError("give a case file or a shipped case name (geoverify verify --list)")
    from importlib.util import find_spec

    from geoverify.casefile import load_case
    from geoverify.report import to_json, to_terminal, write
    from geoverify.verify import verify

    case = load_case(args.case)
    _check_selection(case, args.skip, args.only)
    where = getattr(args, "where", None)
    if where is not None and where not in case.sites:
        raise GeoverifyError(f"--where {where!r} is not a site of this case (sites: "
                             f"{', '.join(case.sites)})")
    stdout_taken = _check_outputs(args)
    from geoverify.cli._events import read_related

    events = read_related(args)
    report = verify(case, skip=args.skip, only=args.only, where=[where] if where else ())
    related = None if events is None else report.related_events(events, days=args.days or 0.0)
    for option, fmt in _FILE_FORMATS:
        target = getattr(args, option)
        if target is not None:
            # the Markdown and HTML reports embed the static map when matplotlib is installed
            embed = fmt in ("markdown", "html") and find_spec("matplotlib") is not None
            write(report, target, fmt=fmt, embed_map=embed)
    if getattr(args, "map", None) is not None:
        from geoverify.maps import save_map

        save_map(report, args.map)
    for fmt in ("png", "svg"):
        if getattr(args, fmt, None) is not None:
            from geoverify.maps import save_static_map

            save_static_map(report, getattr(args, fmt), fmt=fmt)
    if where is not None:
        if args.json:
            from geoverify.cli import print_json

            data = to_json(report)
            print_json({"site": where, **data["regions"][where],
                        "candidates": data["candidates"].get(where, [])})
        elif not stdout_taken:
            from geoverify.report.terminal import region_summary

            sys.stdout.write(region_summary(report, where))
    elif args.json:
        from geoverify.cli import print_json

        out = to_json(report)
        if related is not None:  # --events: a top-level related_events list
            from geoverify.events.related import related_records

            out["related_events"] = related_records(related)
        print_json(out)
    elif not stdout_taken:
        sys.stdout.write(to_terminal(report, color=sys.stdout.isatty()))
        if related is not None:
            from geoverify.cli._events import related_text

            sys.stdout.write(related_text(related, args.events))
    inconsistent = any(c.verdict == Verdict.INCONSISTENT for c in report.checks)
    return 1 if inconsistent else 0
