"""``geoverify reverse LAT,LON [--limit N] [--kind K] [--json]``: the places nearest a point.

The point is any coordinate text :func:`geoverify.coordinates.parse_coordinates` reads.
Text mode prints one line per place ("3.2 km SE of al-Mayadin"); ``--json`` prints one
object with ``point`` (``lat``, ``lon``) and ``places`` (each with ``name``, ``lat``, ``lon``,
``distance_m``, ``azimuth_deg`` and ``compass`` from the place to the point, ``description``,
``kind``, ``country``, ``admin1``, ``admin2``, ``source``, ``uncertainty_m``, ``id``).
Exit status 0, 1 when no place lies within ``--max-km``, 2 for bad input.
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``reverse`` subcommand."""
    parser = subparsers.add_parser(
        "reverse", help="name the places nearest a point, with distance and bearing",
        description="Name the places nearest a point, offline: '3.2 km SE of al-Mayadin'.")
    parser.add_argument("point", nargs="+", help="coordinates in any notation (quote them)")
    parser.add_argument("--limit", type=int, default=5, metavar="N", help="places (default 5)")
    parser.add_argument("--kind", metavar="K", help="only places of this kind")
    parser.add_argument("--max-km", type=float, default=None, metavar="KM",
                        help="ignore places farther than this")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``geoverify reverse``."""
    import sys

    from geoverify.cli import EXIT_NEGATIVE, EXIT_OK, print_json
    from geoverify.cli._options import km_option, print_safe
    from geoverify.coordinates import parse_coordinates
    from geoverify.errors import GeoverifyError
    from geoverify.gazetteer import MAX_REVERSE_LIMIT, reverse

    if not 1 <= args.limit <= MAX_REVERSE_LIMIT:
        raise GeoverifyError(f"--limit {args.limit} must be between 1 and {MAX_REVERSE_LIMIT}")
    max_m = km_option(args.max_km, "--max-km", positive=False)
    coord = parse_coordinates(" ".join(args.point))
    places = reverse(coord.lat, coord.lon, limit=args.limit, kind=args.kind,
                     max_distance_m=max_m)
    if not places:
        within = f" within {args.max_km:g} km" if args.max_km is not None else ""
        of_kind = f" of kind {args.kind!r}" if args.kind else ""
        sys.stderr.write(f"geoverify reverse: no place{of_kind}{within} of "
                         f"{coord.lat:.5f}, {coord.lon:.5f}\n")
    if args.json:
        print_json({"point": {"lat": coord.lat, "lon": coord.lon},
                    "places": [p.to_dict() for p in places]})
    else:
        print(f"{coord.lat:.5f}, {coord.lon:.5f}:")
        for p in places:
            area = ", ".join(x for x in (p.admin2, p.admin1, p.country)
                             if x and "." not in x)
            print_safe(f"  {p.describe()}  ({area}; {p.kind}; {p.source})")
    return EXIT_OK if places else EXIT_NEGATIVE
