"""Shared by ``geoverify audit`` and ``geoverify match``: reading options and quiet bars."""

from __future__ import annotations

import argparse
from typing import Any

from geoverify.errors import GeoverifyError

__all__ = ["add_read_options", "read_options", "parse_columns", "apply_quiet"]


def add_read_options(parser: argparse.ArgumentParser, suffix: str = "",
                     label: str = "") -> None:
    """Add ``--format``, ``--column`` and ``--keep`` (with a suffix such as ``-a``)."""
    parser.add_argument(f"--format{suffix}", default="auto",
                        choices=("auto", "acled", "ucdp", "generic"),
                        help=f"dataset layout{label} (default: from the column names)")
    parser.add_argument(f"--column{suffix}", action="append", default=[], metavar="FIELD=COL",
                        help=f"map a field to a column{label}, e.g. lat=y, date=day, "
                             "uncertainty_m=radius, actors=side1 (repeatable)")
    parser.add_argument(f"--uncertainty-km{suffix}", type=float, default=None, metavar="KM",
                        help=f"one radius for every row of a table without one{label}")


def parse_columns(items: list[str]) -> dict[str, Any] | None:
    """Return ``{field: column}`` from ``FIELD=COL`` items (``actors`` may repeat)."""
    out: dict[str, Any] = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise GeoverifyError(f"--column {item!r}: write FIELD=COLUMN, e.g. lat=latitude")
        field, column = field.strip(), column.strip()
        if field == "actors":
            out.setdefault("actors", []).append(column)
        else:
            out[field] = column
    return out or None


def read_options(args: argparse.Namespace, suffix: str = "") -> dict[str, Any]:
    """Return the keyword arguments of ``read_events`` from the parsed options."""
    from geoverify.cli._options import km_option

    attr = suffix.replace("-", "_")
    km = getattr(args, f"uncertainty_km{attr}")
    return {"format": getattr(args, f"format{attr}"),
            "columns": parse_columns(getattr(args, f"column{attr}")),
            "uncertainty_m": km_option(km, f"--uncertainty-km{suffix}", positive=False)}


def apply_quiet(args: argparse.Namespace) -> None:
    """Silence progress bars when the top-level ``--quiet`` (or this command's) was given."""
    from geoverify.events._progress import set_quiet

    set_quiet(bool(getattr(args, "quiet", False)))
