"""``geoverify distance A B``: geodesic distance and bearing between two places or coordinates.

A and B are coordinate texts in any notation :func:`geoverify.coordinates.parse_coordinates`
reads, or place names for the offline gazetteer (through :func:`geoverify.locate.site_from_text`).
The uncertainty radius of each (the notation's precision, or the gazetteer's radius) gives
the smallest and largest possible distance and the range of bearings.

JSON keys: ``distance_m``, ``azimuth_deg`` (initial bearing A to B, [0, 360)),
``back_azimuth_deg`` (at B, pointing back to A), ``compass`` (16-point abbreviation),
``compass_words``, ``distance_min_m``, ``distance_max_m``, ``azimuth_range_deg`` (``[first,
last]`` clockwise, or ``"any"``), ``initial_bearings_deg`` (the bearing of every shortest
path: one, two for antipodes and points near them, ``[]`` for the same point, ``"any"`` for
opposite poles), ``bearing_note`` (why the bearing is undefined, else ``null``), ``from`` and
``to`` (the two sites). When the bearing is undefined (the same point, antipodes, opposite
poles) ``azimuth_deg``, ``back_azimuth_deg``, ``compass`` and ``compass_words`` are
``null`` and the sentence says why. ``--near TEXT`` and ``--country CC`` choose between
places of one name (for A and B; coordinates ignore them). Exit status 0; 2 with one line on
stderr for bad input.

Examples
--------
>>> from geoverify.cli import main
>>> main(["distance", "34.95, 40.54", "35.33588, 40.14084"])
34.95, 40.54 → 35.33588, 40.14084: 56.2 km (55.1–57.3 km given uncertainty), bearing 319.8° (NW)
0
"""

from __future__ import annotations

import argparse
from typing import Any

from geoverify.errors import GeoverifyError

__all__ = ["register", "run", "distance_report", "format_distance"]


def register(subparsers: Any) -> None:
    """Add the ``distance`` subcommand to the ``geoverify`` parser."""
    parser = subparsers.add_parser(
        "distance",
        help="geodesic distance and bearing between two places or coordinates",
        description=(
            "Geodesic (WGS84) distance and initial bearing from A to B, with the range the "
            "uncertainty of each allows. A and B: coordinates in any notation (decimal, DMS, "
            "MGRS, UTM, map links, plus codes) or place names."
        ),
        epilog=('A coordinate that starts with a minus sign is read as a value, not an '
                'option: geoverify distance -33.9,18.4 "Deir ez-Zor"'),
    )
    parser.add_argument("a", metavar="A", help="the first place or coordinates (quote them)")
    parser.add_argument("b", metavar="B", help="the second place or coordinates")
    parser.add_argument("--near", metavar="TEXT",
                        help="coordinates or a place name: for a name of several places, the "
                             "one near it")
    parser.add_argument("--country", metavar="CC",
                        help="ISO 3166-1 code (SY, IQ): place names only in that country")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a sentence")
    parser.set_defaults(func=run)


def format_distance(metres: float) -> str:
    """Return a distance for people: metres below 1 km, else kilometres with one decimal.

    Examples
    --------
    >>> format_distance(850.4), format_distance(12345.0)
    ('850 m', '12.3 km')
    """
    if metres < 1000.0:
        return f"{metres:.0f} m"
    return f"{metres / 1000.0:.1f} km"


def _site(text: str, label: str, *, near: str | None = None,
          country: str | None = None) -> Any:
    from geoverify.locate import site_from_text

    if not text.strip():
        raise GeoverifyError(f"{label}: empty text; give coordinates or a place name")
    try:
        return site_from_text(text, near=near, country=country)
    except GeoverifyError as exc:
        message = str(exc).replace("give near= or country=", "give --near or --country")
        raise GeoverifyError(f"{label}: {message}") from exc


def distance_report(a: Any, b: Any) -> dict[str, Any]:
    """Return the JSON-ready distance and bearing report between two Sites.

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> r = distance_report(Site(0, 0, 100, name="A"), Site(0, 1, 50, name="B"))
    >>> round(r["distance_m"]), r["compass"], round(r["distance_min_m"]), round(r["distance_max_m"])
    (111319, 'E', 111169, 111469)
    """
    from geoverify.geodesy import (
        azimuth_bounds,
        bearing_note,
        compass_point,
        initial_bearings,
        inverse,
        site_distance_bounds,
    )

    inv = inverse(a.lat, a.lon, b.lat, b.lon)
    low, high = site_distance_bounds(a, b)
    note = bearing_note(a.lat, a.lon, b.lat, b.lon)
    undefined = note is not None
    bounds = azimuth_bounds(a, b)
    bearings = initial_bearings(a.lat, a.lon, b.lat, b.lon)
    return {
        "distance_m": inv.distance_m,
        "azimuth_deg": None if undefined else inv.azimuth_deg,
        "back_azimuth_deg": None if undefined else inv.back_azimuth_deg,
        "compass": None if undefined else compass_point(inv.azimuth_deg),
        "compass_words": None if undefined else compass_point(inv.azimuth_deg, style="words"),
        "distance_min_m": low,
        "distance_max_m": high,
        "azimuth_range_deg": bounds if bounds == "any" else list(bounds),
        "initial_bearings_deg": bearings if bearings == "any" else list(bearings),
        "bearing_note": note,
        "from": a.to_dict(),
        "to": b.to_dict(),
    }


def _sentence(report: dict[str, Any]) -> str:
    a = report["from"]["name"] or f"{report['from']['lat']}, {report['from']['lon']}"
    b = report["to"]["name"] or f"{report['to']['lat']}, {report['to']['lon']}"
    low, high = format_distance(report["distance_min_m"]), format_distance(report["distance_max_m"])
    if low.split()[1] == high.split()[1]:  # same unit: "12.1–12.6 km"
        low = low.split()[0]
    text = f"{a} → {b}: {format_distance(report['distance_m'])} ({low}–{high} given uncertainty)"
    if report["distance_m"] == 0.0:
        return text + ", same point (no bearing)"
    if report["azimuth_deg"] is None:
        return text + f"; bearing {report['bearing_note']}"
    return text + f", bearing {report['azimuth_deg']:.1f}° ({report['compass']})"


def run(args: argparse.Namespace) -> int:
    """Run ``geoverify distance``: print the report (a sentence, or JSON with ``--json``)."""
    from geoverify.cli import EXIT_OK, print_json
    from geoverify.cli._options import print_safe

    for option, value in (("--near", args.near), ("--country", args.country)):
        if value is not None and not value.strip():
            raise GeoverifyError(f"{option} is empty")
    a = _site(args.a, "A", near=args.near, country=args.country)
    b = _site(args.b, "B", near=args.near, country=args.country)
    report = distance_report(a, b)
    if args.json:
        print_json(report)
    else:
        print_safe(_sentence(report))
    return EXIT_OK
