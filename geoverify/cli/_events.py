"""Shared by ``geoverify audit`` and ``geoverify match``: reading options and quiet bars."""

from __future__ import annotations

import argparse
from typing import Any

from geoverify.errors import GeoverifyError

__all__ = ["add_read_options", "read_options", "parse_columns", "apply_quiet",
           "add_related_options", "read_related", "related_text"]


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


def add_related_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--events FILE``, ``--days N`` and the reading options to ``geoverify verify``."""
    parser.add_argument("--events", metavar="FILE",
                        help="also list, for each claim with a site and a time, the events of "
                             "this dataset (ACLED, UCDP, CSV/Excel/Parquet) that could be the "
                             "same incident, with their checks")
    parser.add_argument("--days", type=float, default=None, metavar="N",
                        help="with --events: intervals at most N days apart still match "
                             "(default 0: they must overlap)")
    add_read_options(parser, label=" of --events")


def read_related(args: argparse.Namespace) -> Any:
    """Return the ``--events`` frame (None without it); refuse ``--days`` alone."""
    if getattr(args, "events", None) is None:
        if getattr(args, "days", None) is not None:
            raise GeoverifyError("--days needs --events FILE")
        return None
    from geoverify.events import read_events

    apply_quiet(args)
    return read_events(args.events, **read_options(args))


def related_text(frame: Any, source: str) -> str:
    """Return the related events as a short table for the terminal."""
    if not len(frame):
        return f"\nRelated events ({source}): none\n"
    shown = frame[["claim_id", "site_id", "event_id", "score", "distance_m", "days_apart",
                   "near_verdict", "range_verdict"]].copy()
    shown["distance_m"] = shown["distance_m"].round(0)
    text = shown.fillna("").to_string(index=False)
    return f"\nRelated events ({source}): {len(frame)}\n{text}\n"
