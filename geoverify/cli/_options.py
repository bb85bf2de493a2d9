"""Shared by the subcommands: checks of option values, and text output safe on a terminal."""

from __future__ import annotations

import math

from geoverify.errors import GeoverifyError

__all__ = ["km_option", "print_safe"]


def km_option(value: float | None, option: str, *, positive: bool = True) -> float | None:
    """Return a ``--...-km`` option in metres; refuse NaN, infinity and negative values.

    ``positive=False`` also accepts zero. ``None`` (the option not given) stays ``None``.

    Examples
    --------
    >>> km_option(2.5, "--max-km")
    2500.0
    >>> km_option(float("nan"), "--max-km")
    Traceback (most recent call last):
    ...
    geoverify.errors.GeoverifyError: --max-km nan must be a positive finite number of km
    """
    if value is None:
        return None
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        need = "a positive" if positive else "a non-negative"
        raise GeoverifyError(f"{option} {value:g} must be {need} finite number of km")
    return value * 1000.0


def print_safe(text: str) -> None:
    r"""Print a line whose names come from data files, with control characters made inert.

    A place name in a user gazetteer may hold terminal escape sequences; they print as
    U+FFFD, never reach the terminal as commands.

    Examples
    --------
    >>> print_safe("Evil\x1b[31mRed")
    Evil�[31mRed
    """
    from geoverify._render import clean_text

    print("\n".join(clean_text(line) for line in text.split("\n")))
