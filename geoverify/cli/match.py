"""``geoverify match A B [--days N] [--out F] [--json]``.

Pairs the events of two datasets (ACLED, UCDP GED or mapped tables) that could be the same
incident: time intervals overlapping (or at most ``--days`` apart) and uncertainty discs
overlapping, found through a spatial index and ranked by a score (see
:mod:`geoverify.events.matching`). ``--json`` prints one object: ``events_a``, ``events_b``,
``bad_rows_a``, ``bad_rows_b``, ``pairs``, ``matched_a``, ``matched_b`` and ``matches`` (each
row with :data:`geoverify.events.matching.MATCH_COLUMNS`, led by ``event_id_a``, ``event_id_b``,
``score``, ``distance_m``, ``days_apart``: a contract). ``--out`` writes the pairs as CSV or
Parquet (or GeoPackage / GeoJSON, each pair a line from event a to event b). Exit status 0 when
at least one pair matched, 1 when none did, 2 for bad input.
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``match`` subcommand."""
    from geoverify.cli._events import add_read_options

    parser = subparsers.add_parser(
        "match", help="match the events of two datasets that could be one incident",
        description="Pair the events of two datasets whose times and uncertainty areas "
                    "overlap, ranked by a score.")
    parser.add_argument("a", help="first dataset (CSV, Excel or Parquet)")
    parser.add_argument("b", help="second dataset")
    add_read_options(parser, "-a", " of A")
    add_read_options(parser, "-b", " of B")
    parser.add_argument("--days", type=float, default=0.0, metavar="N",
                        help="intervals up to N days apart still match (default 0)")
    parser.add_argument("--out", metavar="FILE",
                        help="write the pairs (.csv, .parquet, .gpkg or .geojson)")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="print at most N pairs on the terminal (default 20)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    if not any(a.dest == "quiet" for a in parser._actions):
        parser.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS,
                            help="no progress bars")
    parser.set_defaults(func=run)


def _with_lines(pairs: Any, a: Any, b: Any) -> Any:
    """Return the pairs as a GeoDataFrame, each a line from event a to event b (lon/lat)."""
    import geopandas as gpd
    import numpy as np
    import shapely

    pa = a.geometry.to_numpy()[pairs["row_a"].to_numpy()]
    pb = b.geometry.to_numpy()[pairs["row_b"].to_numpy()]
    coords = np.stack([shapely.get_coordinates(pa), shapely.get_coordinates(pb)], axis=1)
    return gpd.GeoDataFrame(pairs, geometry=shapely.linestrings(coords), crs="EPSG:4326")


def run(args: argparse.Namespace) -> int:
    """Run ``geoverify match``."""
    import math

    from geoverify.cli import EXIT_NEGATIVE, EXIT_OK, print_json
    from geoverify.cli._events import apply_quiet, read_options
    from geoverify.cli._options import print_safe
    from geoverify.errors import GeoverifyError
    from geoverify.events import match, read_events, write_frame

    apply_quiet(args)
    if not (math.isfinite(args.days) and args.days >= 0):
        raise GeoverifyError(f"--days {args.days:g} must be a finite number >= 0")
    a = read_events(args.a, **read_options(args, "-a"))
    b = read_events(args.b, **read_options(args, "-b"))
    pairs = match(a, b, days=args.days)
    if args.out:
        geo = str(args.out).lower().endswith((".gpkg", ".geojson", ".json"))
        write_frame(_with_lines(pairs, a, b) if geo else pairs, args.out)
    bad_a, bad_b = a.attrs["bad_rows"], b.attrs["bad_rows"]
    if args.json:
        rows = pairs.astype(object).where(pairs.notna(), None).to_dict(orient="records")
        print_json({"events_a": len(a), "events_b": len(b), "bad_rows_a": bad_a.rows,
                    "bad_rows_b": bad_b.rows, "pairs": len(pairs),
                    "matched_a": int(pairs["event_id_a"].nunique()),
                    "matched_b": int(pairs["event_id_b"].nunique()), "matches": rows})
    else:
        print_safe(bad_a.summary())
        print_safe(bad_b.summary())
        print_safe(f"{len(pairs):,} pairs: {pairs['event_id_a'].nunique():,} of {len(a):,} "
                   f"events of A match {pairs['event_id_b'].nunique():,} of {len(b):,} of B")
        limit = 20 if args.limit is None else max(args.limit, 0)
        for row in pairs.head(limit).itertuples(index=False):
            print_safe(f"{row.event_id_a} ~ {row.event_id_b}  score {row.score:.3f}  "
                       f"{row.distance_m / 1000:.1f} km  {row.days_apart:g} days apart  "
                       f"(#{row.rank_a} of {row.n_matches_a} for A)")
        if len(pairs) > limit:
            print_safe(f"... {len(pairs) - limit:,} more (--out FILE to write them all)")
    return EXIT_OK if len(pairs) else EXIT_NEGATIVE
