"""The ``geoverify`` command: one entry point, one module per subcommand.

Each subcommand module in :data:`SUBCOMMANDS` defines ``register(subparsers)``, which adds its
parser and sets ``func`` to a ``run(args) -> int`` function. Exit status: 0 success, 1 the
answer is negative (nothing found, a check inconsistent), 2 bad input (one line on stderr,
never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections.abc import Sequence
from typing import Any

from geoverify.errors import GeoverifyError

__all__ = ["main", "build_parser", "print_json", "EXIT_OK", "EXIT_NEGATIVE", "EXIT_BAD_INPUT"]

EXIT_OK = 0
EXIT_NEGATIVE = 1
EXIT_BAD_INPUT = 2

#: Subcommand modules, in the order ``geoverify --help`` lists them.
SUBCOMMANDS = (
    "demo",
    "parse",
    "distance",
    "geocode",
    "reverse",
    "gazetteer",
    "verify",
    "sun",
    "weapons",
    "audit",
    "match",
)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit 2 with one line (argparse's own convention).

    A token that starts with a minus sign and a digit (``-33.9,18.4``, ``-12.5 W``) is an
    argument, not an option: no geoverify option starts with a digit.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(r"^-\.?\d")

    def error(self, message: str) -> Any:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every available subcommand registered."""
    from geoverify import __version__

    parser = _Parser(
        prog="geoverify",
        description="Verify geolocation claims: coordinates, offline geocoding, geodesy, checks.",
    )
    parser.add_argument("--version", action="version", version=f"geoverify {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress on the terminal (e.g. while the place index builds)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"geoverify.cli.{name}")
        except ModuleNotFoundError as exc:  # a subcommand not built yet
            if exc.name == f"geoverify.cli.{name}":
                continue
            raise
        module.register(subparsers)
    return parser


def print_json(obj: Any) -> None:
    """Print ``obj`` as indented UTF-8 JSON on stdout (non-ASCII kept readable)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "quiet", False):  # one switch for every progress display
        from geoverify.events._progress import set_quiet as quiet_bars
        from geoverify.gazetteer.index import set_quiet

        set_quiet(True)
        quiet_bars(True)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        sys.stderr.write("geoverify: error: give a command (geoverify demo to start)\n")
        return EXIT_BAD_INPUT
    try:
        return int(func(args) or 0)
    except GeoverifyError as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        sys.stderr.write(f"geoverify {args.command}: error: {message}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
