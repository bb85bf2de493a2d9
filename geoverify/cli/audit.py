"""``geoverify audit FILE [--format F] [--days N] [--out F] [--bad-rows F] [--json]``.

Audits an event dataset (ACLED, UCDP GED or a mapped table; CSV, Excel or Parquet): is each
point within its precision radius of the place its row names (geocoded offline, each distinct
name once), inside the country it names, a duplicate of another event? ``--json`` prints one
object with the counts (a contract): ``events``, ``bad_rows``, ``place_consistent``,
``place_inconsistent``, ``place_inconclusive``, ``place_not_found``, ``place_ambiguous``,
``outside_country``, ``country_unchecked``, ``duplicates``. ``--out`` writes the audit rows
(columns: :data:`geoverify.events.auditing.AUDIT_COLUMNS`) as CSV, GeoPackage, GeoJSON or Parquet
by extension; ``--bad-rows`` the rows that could not be read (``row``, ``column``, ``reason``,
``value``, ``dropped``). Exit status 0, or 1 when an event's point is inconsistent with its
place or lies in another country, 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``audit`` subcommand."""
    from geoverify.cli._events import add_read_options

    parser = subparsers.add_parser(
        "audit", help="audit an event dataset (ACLED, UCDP): places, countries, duplicates",
        description="Check each event of a dataset against the place and country its row "
                    "names (offline gazetteer, Natural Earth borders) and find duplicates.")
    parser.add_argument("file", help="the dataset: CSV, Excel (.xlsx) or Parquet")
    add_read_options(parser)
    parser.add_argument("--days", type=float, default=0.0, metavar="N",
                        help="duplicates may lie up to N days apart (default 0: same interval)")
    parser.add_argument("--out", metavar="FILE",
                        help="write the audit rows (.csv, .gpkg, .geojson or .parquet)")
    parser.add_argument("--bad-rows", metavar="FILE", dest="bad_rows_out",
                        help="write the rows that could not be read (.csv or .parquet)")
    parser.add_argument("--json", action="store_true", help="print the counts as one JSON "
                        "object")
    if not any(a.dest == "quiet" for a in parser._actions):
        parser.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS,
                            help="no progress bars")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``geoverify audit``."""
    from geoverify.cli import EXIT_NEGATIVE, EXIT_OK, print_json
    from geoverify.cli._events import apply_quiet, read_options
    from geoverify.cli._options import print_safe
    from geoverify.events import audit, audit_summary, read_events, write_frame

    apply_quiet(args)
    events = read_events(args.file, **read_options(args))
    found = events.attrs["bad_rows"]
    audited = audit(events, days=args.days)
    summary = audit_summary(audited, bad_rows=found.rows)
    if args.out:
        write_frame(audited, args.out)
    if args.bad_rows_out:
        write_frame(found.to_frame(), args.bad_rows_out)
    if args.json:
        print_json(summary)
    else:
        print_safe(found.summary())
        print_safe(
            f"{summary['events']:,} events: places {summary['place_consistent']:,} consistent, "
            f"{summary['place_inconsistent']:,} inconsistent, "
            f"{summary['place_inconclusive']:,} inconclusive, "
            f"{summary['place_not_found']:,} not found, {summary['place_ambiguous']:,} "
            f"ambiguous; {summary['outside_country']:,} in another country "
            f"({summary['country_unchecked']:,} unchecked); {summary['duplicates']:,} "
            "duplicates")
        if args.out:
            print_safe(f"audit rows written to {args.out}")
    if found.rows and not args.json:
        sys.stderr.write(f"geoverify audit: {found.rows:,} bad rows "
                         f"({found.dropped:,} dropped); list them with --bad-rows FILE\n")
    negative = summary["place_inconsistent"] or summary["outside_country"]
    return EXIT_NEGATIVE if negative else EXIT_OK
