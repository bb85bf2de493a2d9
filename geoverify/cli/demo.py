"""``geoverify demo``: verify the shipped seed case offline and print the table of checks.

The seed article (Syria TV, 2022-01-05: rockets on Green Village, the coalition's artillery
answer, strikes near al-Quriyah, rockets on the Conoco base) is modelled in
``data/cases/seed-2022-01-05-green-village.yaml``. The demo locates its sites offline, runs
the checks its claims imply and prints the verdicts and where its unknown sites can be (the
regions their statements leave, the candidates table of the Conoco launch point, the weapons
by name), then the distances and bearings between the article's places (WGS84 geodesics,
with the range their uncertainty radii allow). It exits 0 whatever the verdicts: it is a
demonstration (``geoverify verify seed`` gives the real exit status). Sources of the places:
GeoNames rows 173327 (al-Quriyah), 173480 (al-Mayadin), 170794 (Deir ez-Zor); the Arabic
Wikipedia article on the Conoco gas field (its infobox) for the field.

Examples
--------
>>> rows = distance_rows()
>>> [(r["from"], r["to"], round(r["distance_m"] / 1000, 1), r["compass"]) for r in rows][:2]
[('al-Quriyah', 'al-Mayadin', 10.8, 'NW'), ('al-Quriyah', 'Deir ez-Zor', 55.7, 'NW')]
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = [
    "register", "run", "parse_rows", "distance_rows", "NOTATION_TEXTS", "PLACES", "SEED_CASE",
    "DEMO_SITE",
]

#: The shipped case the demo verifies.
SEED_CASE = "seed-2022-01-05-green-village"
#: The site whose whole region summary (statements, candidates table) the demo prints.
DEMO_SITE = "conoco-launch-point"

#: al-Quriyah's GeoNames point (geonameid 173327) as an analyst might paste it.
NOTATION_TEXTS = (
    "34.95629, 40.54139",
    "34°57′22.6″N 40°32′29.0″E",
    "37SFU4073569280",
)

#: name -> (coordinate text, uncertainty radius in metres or None for the notation's precision,
#: where the point and radius come from)
PLACES: dict[str, tuple[str, float | None, str]] = {
    "al-Quriyah": ("34.95629, 40.54139", 1500.0, "GeoNames 173327; town extent ±1.5 km"),
    "al-Mayadin": ("35.01982, 40.45154", None, "GeoNames 173480"),
    "Deir ez-Zor": ("35.33588, 40.14084", None, "GeoNames 170794"),
    "Conoco field": ("35°20′10″N 40°18′34″E", 3000.0, "ar.wikipedia infobox; field-level ±3 km"),
}

_PAIRS = (
    ("al-Quriyah", "al-Mayadin"),
    ("al-Quriyah", "Deir ez-Zor"),
    ("al-Quriyah", "Conoco field"),
    ("Deir ez-Zor", "Conoco field"),
    ("al-Mayadin", "Conoco field"),
)


def register(subparsers: Any) -> None:
    """Add the ``demo`` subcommand to the ``geoverify`` parser."""
    parser = subparsers.add_parser(
        "demo", help="verify the shipped seed case (rockets on Green Village, 2022-01-05) offline",
        description="Verify the seed case offline and print its checks as a table, then the "
                    "distances and bearings between the article's places.")
    parser.add_argument("--json", action="store_true",
                        help="print the JSON report of the seed case (as geoverify verify --json)")
    parser.set_defaults(func=run)


def parse_rows() -> list[dict[str, Any]]:
    """Return one row per notation of al-Quriyah's point: text, notation, lat, lon, precision."""
    from geoverify.coordinates import parse_coordinates
    from geoverify.geodesy import distance

    first = None
    rows = []
    for text in NOTATION_TEXTS:
        c = parse_coordinates(text)
        first = first or c
        rows.append({"text": text, "notation": c.notation, "lat": c.lat, "lon": c.lon,
                     "precision_m": c.precision_m,
                     "offset_m": distance(first.lat, first.lon, c.lat, c.lon)})
    return rows


def _sites() -> dict[str, Any]:
    from geoverify.coordinates import parse_coordinates

    sites = {}
    for name, (text, radius, _source) in PLACES.items():
        c = parse_coordinates(text)
        site = c.to_site(name)
        if radius is not None:
            site = site.with_uncertainty(max(radius, c.precision_m))
        sites[name] = site
    return sites


def distance_rows() -> list[dict[str, Any]]:
    """Return one row per pair of places: distance, range given uncertainty, bearing, compass."""
    from geoverify.geodesy import compass_point, inverse, site_distance_bounds

    sites = _sites()
    rows = []
    for a_name, b_name in _PAIRS:
        a, b = sites[a_name], sites[b_name]
        inv = inverse(a.lat, a.lon, b.lat, b.lon)
        low, high = site_distance_bounds(a, b)
        rows.append({"from": a_name, "to": b_name, "distance_m": inv.distance_m,
                     "distance_min_m": low, "distance_max_m": high,
                     "azimuth_deg": inv.azimuth_deg, "compass": compass_point(inv.azimuth_deg),
                     "from_uncertainty_m": a.uncertainty_m, "to_uncertainty_m": b.uncertainty_m})
    return rows


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def run(args: argparse.Namespace) -> int:
    """Run ``geoverify demo``: verify the seed case and print its table; always exit 0."""
    import sys

    from geoverify.cli import EXIT_OK, print_json
    from geoverify.report import to_json, to_terminal
    from geoverify.verify import verify_file

    report = verify_file(SEED_CASE)
    if getattr(args, "json", False):
        print_json(to_json(report))
        return EXIT_OK
    print(f"geoverify demo: the seed case ({SEED_CASE}), verified offline\n")
    sys.stdout.write(to_terminal(report, color=sys.stdout.isatty()))
    if DEMO_SITE in report.regions:
        from geoverify.report.terminal import region_summary

        print(f"\nThe Conoco question of 2021-12-31, in full (geoverify verify seed --where "
              f"{DEMO_SITE}):\n")
        sys.stdout.write(region_summary(report, DEMO_SITE))
    measured = distance_rows()
    print("\nThe article's places: distances and bearings (WGS84 geodesics; range from the "
          "uncertainty radii)")
    print(_table(
        ["from", "to", "distance", "range", "bearing", "compass"],
        [[r["from"], r["to"], f"{r['distance_m'] / 1000:.1f} km",
          f"{r['distance_min_m'] / 1000:.1f}–{r['distance_max_m'] / 1000:.1f} km",
          f"{r['azimuth_deg']:.1f}°", r["compass"]] for r in measured],
        right={2, 3, 4}))
    print("\nThe case file: geoverify verify --list; as JSON: geoverify verify seed --json; "
          "the format: data/cases/README.md")
    return EXIT_OK
