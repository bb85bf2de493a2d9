"""``geoverify weapons [WORD] [--json]``: the weapon catalogue, or the weapons a word names.

Without WORD, every weapon of the shipped catalogue (``data/weapons.csv``); with WORD, the
weapons it names as the range check reads it (a type, a press word such as "Katyusha", a class
word such as "rockets"), through :func:`geoverify.weapons.resolve_weapons`: the command line,
case files and Python share one reading.

JSON (a contract): ``{"query": WORD or null, "weapons": [...], "class_words": {word: class}}``;
each weapon has ``id``, ``name``, ``class``, ``calibre_mm``, ``min_range_m``, ``max_range_m``
(metres, ``null`` when unknown), ``range_status`` and ``min_range_status`` (``sourced``,
``unverified`` or ``unknown``), ``family``, ``aliases`` (a list), ``source`` (URLs, space
separated) and ``note``. Exit status 0; 2 for an unknown word (one line naming the closest).

Examples
--------
>>> from geoverify.cli import main
>>> main(["weapons", "Katyusha"])
107mm-type63  rocket  at most 8.05 km (unverified figure)  107 mm rocket (Type 63 family)
122mm-9m22u   rocket  1.6 to 20 km                         122 mm rocket 9M22U (BM-21 Grad)
0
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register", "run", "weapon_entry"]


def register(subparsers: Any) -> None:
    """Add the ``weapons`` subcommand."""
    parser = subparsers.add_parser(
        "weapons",
        help="the weapon catalogue (ranges, classes, aliases, sources)",
        description="List the weapon catalogue the range check uses, or the weapons a word "
                    "names (a type, a press word such as Katyusha, a class word such as "
                    "rockets), as case files and Python read it.",
    )
    parser.add_argument("word", nargs="?", metavar="WORD",
                        help="a weapon word to resolve (default: list every weapon)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def weapon_entry(weapon: Any) -> dict[str, Any]:
    """Return one weapon as the JSON contract gives it (``class``, not ``weapon_class``).

    Examples
    --------
    >>> from geoverify.weapons import get_weapon
    >>> entry = weapon_entry(get_weapon("m224-60mm"))
    >>> entry["class"], entry["min_range_m"], entry["max_range_m"], entry["aliases"][:1]
    ('mortar', 70.0, 3490.0, ['60 mm mortar'])
    """
    return {
        "id": weapon.id,
        "name": weapon.name,
        "class": weapon.weapon_class,
        "calibre_mm": weapon.calibre_mm,
        "min_range_m": weapon.min_range_m,
        "max_range_m": weapon.max_range_m,
        "range_status": weapon.range_status,
        "min_range_status": weapon.min_range_status,
        "family": weapon.family,
        "aliases": list(weapon.aliases),
        "source": weapon.source,
        "note": weapon.note,
    }


def run(args: argparse.Namespace) -> int:
    """Run ``geoverify weapons``; return the exit status."""
    from geoverify.cli import EXIT_OK, print_json
    from geoverify.cli._options import print_safe
    from geoverify.errors import GeoverifyError
    from geoverify.weapons import CLASS_WORDS, catalogue, resolve_weapons

    if args.word is not None:
        if not args.word.strip():
            raise GeoverifyError("WORD is empty; give a weapon word or nothing for the catalogue")
        weapons = resolve_weapons(args.word)
    else:
        weapons = catalogue()
    if args.json:
        classes = {w.weapon_class: w.weapon_class for w in catalogue()}
        print_json({"query": args.word, "weapons": [weapon_entry(w) for w in weapons],
                    "class_words": {**classes, **CLASS_WORDS}})
        return EXIT_OK
    rows = [(w.id, w.weapon_class, w.range_text(), w.name) for w in weapons]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print_safe("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3]))
                   + "  " + row[3])
    return EXIT_OK
