"""``geoverify parse TEXT [--json] [--reference LAT,LON]``: read coordinates in any notation.

Prints the point, the notation detected, the precision it implies and the point in every
standard notation. ``--json`` prints one object with the keys ``lat``, ``lon``, ``notation``,
``precision_m``, ``swapped_valid``, ``text``, ``warnings`` and ``formats`` (``decimal``,
``dms``, ``ddm``, ``mgrs``, ``utm``; ``utm`` is UPS near the poles; null where a point has no form).
Exit status 0, or 2 with one line on stderr for a text that is not a coordinate.

Examples
--------
>>> main(["parse", "34.96, 40.49"])
34.96, 40.49  (decimal; precision ±1109 m)
  swapped reading 40.49, 34.96 is also valid: check which the source meant
  DMS  34°57'36"N 40°29'24"E
  DDM  34°57.6'N 40°29.4'E
  MGRS 37SFU3669
  UTM  37S 636036 3869621
0
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from geoverify.errors import CoordinateParseError, GeoverifyError

__all__ = ["register", "run", "main"]

_FORMATS = ("decimal", "dms", "ddm", "mgrs", "utm")


def register(subparsers: Any) -> None:
    """Add the ``parse`` subcommand."""
    parser = subparsers.add_parser(
        "parse",
        help="read coordinates in any notation (decimal, DMS, MGRS, UTM, URLs, Plus Codes)",
        description="Read a coordinate text, report its notation and precision, and write it "
                    "in the standard notations.",
    )
    parser.add_argument("text", nargs="+",
                        help="the coordinate text (quote it; several words are joined by spaces)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--reference", metavar="LAT,LON",
                        help="reference point for a short Plus Code, e.g. 34.9,40.5")
    parser.set_defaults(func=run)
    # Read "-34.9,-40.5" (and "--reference -33.9,18.4") as values, not as unknown options:
    # argparse's own test only accepts plain negative numbers such as "-34.9".
    parser._negative_number_matcher = re.compile(r"^-\.?\d")


def _reference(value: str | None) -> tuple[float, float] | None:
    if value is None:
        return None
    from geoverify.coordinates import parse_coordinates

    try:
        ref = parse_coordinates(value)
    except CoordinateParseError as exc:
        raise CoordinateParseError(f"--reference {value!r}: {exc}", text=value) from None
    return ref.lat, ref.lon


def _formats(coord: Any) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in _FORMATS:
        try:
            out[name] = coord.format(name)
        except GeoverifyError:
            out[name] = None
    return out


def run(args: argparse.Namespace) -> int:
    """Run ``geoverify parse``; return the exit status."""
    from geoverify.cli import EXIT_OK, print_json
    from geoverify.coordinates import parse_coordinates

    text = " ".join(args.text)
    coord = parse_coordinates(text, reference=_reference(args.reference))
    formats = _formats(coord)
    if args.json:
        obj = coord.to_dict()
        obj["formats"] = formats
        print_json(obj)
        return EXIT_OK
    lines = [f"{formats['decimal']}  ({coord.notation}; precision ±{coord.precision_m:.0f} m)"]
    if coord.swapped_valid:
        lines.append(f"  swapped reading {coord.lon:g}, {coord.lat:g} is also valid: "
                     "check which the source meant")
    lines.extend(f"  warning: {w}" for w in coord.warnings)
    for name, label in (("dms", "DMS "), ("ddm", "DDM "), ("mgrs", "MGRS"), ("utm", "UTM ")):
        lines.append(f"  {label} {formats[name] if formats[name] is not None else '-'}")
    print("\n".join(lines))
    return EXIT_OK


def main(argv: list[str]) -> int:
    """Run the whole command line (for the doctest above)."""
    from geoverify.cli import main as cli_main

    return cli_main(argv)
