"""``geoverify geocode QUERY [--country CC] [--near TEXT] [--kind K] [--limit N] [--json]``.

Finds a place offline in the curated theatre gazetteer, the analyst's files and GeoNames.
``--json`` prints one object: ``query``, ``ambiguous`` (bool), ``candidates`` (the places
matched confidently, by a name's spelling or normalized key: best first, each with ``name``,
``lat``, ``lon``, ``score``, ``name_score``, ``kind``, ``country``, ``source``,
``uncertainty_m``, ``id``, ``by_alternate_name`` and more) and ``suggestions`` (look-alikes
matched only fuzzily or by a consonant skeleton, same fields: never an answer).
A row id (``geoverify geocode al-tabiyah-172356``, ``geonames:170794``) picks that row.
Exit status 0 when a candidate matched (also when ambiguous: the flag says so), 1 when no
candidate matched confidently ("not found; did you mean ..." on stderr), 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``geocode`` subcommand."""
    parser = subparsers.add_parser(
        "geocode", help="find a place by name, offline (any spelling, Arabic, phrases)",
        description="Find a place by name or reported phrase in the offline gazetteer "
                    "(curated theatre places, your files, GeoNames).")
    parser.add_argument("query", nargs="+", help="the name or phrase (several words are joined)")
    parser.add_argument("--country", metavar="CC", help="ISO country code, e.g. SY")
    parser.add_argument("--near", metavar="TEXT",
                        help="coordinates or a place name: prefer places near it")
    parser.add_argument("--near-radius-km", type=float, default=None, metavar="KM",
                        help="radius around --near (default 50 km)")
    parser.add_argument("--kind", metavar="K",
                        help="only this kind (village, town, city, oil_field, gas_field, base, "
                             "airbase, border_crossing, camp, shrine, field, populated...)")
    parser.add_argument("--limit", type=int, default=5, metavar="N",
                        help="number of candidates (default 5)")
    parser.add_argument("--extra", action="append", default=[], metavar="FILE",
                        help="also search this user gazetteer file (CSV/GeoJSON); repeatable")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def _line(c: Any) -> str:
    where = ", ".join(p for p in (c.admin1 if c.admin1 and "." not in c.admin1 else "",
                                  c.country) if p)
    where = f" ({where})" if where else ""
    via = (f"; by its alternate name {c.matched_name}" if c.by_alternate_name else "")
    near = f"; {c.distance_m / 1000:.1f} km from --near" if c.distance_m is not None else ""
    return (f"{c.name}{where} {c.lat:.5f}, {c.lon:.5f} ±{c.uncertainty_m:.0f} m  "
            f"[{c.kind}; score {c.score:g}; {c.source}; id {c.id}{via}{near}]")


def run(args: argparse.Namespace) -> int:
    """Run ``geoverify geocode``."""
    from geoverify.cli import EXIT_NEGATIVE, EXIT_OK, print_json
    from geoverify.cli._options import km_option, print_safe
    from geoverify.errors import GeoverifyError
    from geoverify.gazetteer import default_gazetteer, geocode

    query = " ".join(args.query).strip()
    if not query:
        raise GeoverifyError("QUERY is empty; give a place name or phrase")
    if args.limit < 1:
        raise GeoverifyError(f"--limit {args.limit} must be at least 1")
    radius = km_option(args.near_radius_km, "--near-radius-km")
    if radius is not None and args.near is None:
        raise GeoverifyError("--near-radius-km needs --near (the point or place it is around)")
    result = geocode(query, country=args.country, near=args.near, near_radius_m=radius,
                     kind=args.kind, limit=args.limit, extra=args.extra or None)
    if args.json:
        print_json(result.to_dict())
    if not result.candidates:
        names = list(dict.fromkeys(c.name for c in result.suggestions))
        if not names:
            names = default_gazetteer().suggest(query)
        hint = f"; did you mean {', '.join(names[:5])}?" if names else ""
        sys.stderr.write(f"geoverify geocode: no place matches {query!r}: not found{hint}\n")
        return EXIT_NEGATIVE
    if args.json:
        return EXIT_OK
    rivals = result.rivals if result.ambiguous else result.candidates[:1]
    if result.ambiguous:
        why = ("none is clearly the nearest to --near (by more than the places' radii)"
               if args.near else "the same spelling, or close scores")
        print_safe(f"AMBIGUOUS: {query!r} matches {len(rivals)} different places alike "
                   f"({why}); do not pick one without more context (--near, --country, "
                   "--kind, or the row id):")
    shown = list(rivals) + [c for c in result.candidates if c not in rivals]
    for i, c in enumerate(shown, 1):
        also = "also: " if i > len(rivals) else ""
        print_safe(f"{i}. {also}{_line(c)}")
        if i == 1 and "alt_lat" in c.extra:
            print_safe(f"   conflicting sourced point: {c.extra['alt_lat']:.5f}, "
                       f"{c.extra['alt_lon']:.5f} ({c.extra.get('alt_source', 'no source')})")
        if c.note and i == 1:
            print_safe(f"   note: {c.note}")
    return EXIT_OK
