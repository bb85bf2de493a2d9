"""Progress bars (tqdm) on stderr, only when stderr is a terminal and nobody asked for quiet."""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["progress", "set_quiet", "is_quiet"]

_STATE = {"quiet": False}


def set_quiet(quiet: bool) -> None:
    """Silence (or allow) progress bars for this process (the command line's ``--quiet``)."""
    _STATE["quiet"] = bool(quiet)


def is_quiet() -> bool:
    """Whether progress bars are off: asked for, or stderr is not a terminal."""
    if _STATE["quiet"]:
        return True
    try:
        return not sys.stderr.isatty()
    except (AttributeError, ValueError):  # closed or replaced stderr
        return True


class _Silent:
    def update(self, n: float = 1) -> None:
        """Do nothing."""

    def close(self) -> None:
        """Do nothing."""

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


def progress(*, total: float | None = None, desc: str = "", unit: str = "it",
             unit_scale: bool = False) -> Any:
    """Return a tqdm bar (a context manager with ``update(n)``), or a silent stand-in.

    Examples
    --------
    >>> with progress(total=3, desc="demo") as bar:
    ...     bar.update(3)
    """
    if is_quiet():
        return _Silent()
    try:
        from tqdm.auto import tqdm
    except ImportError:  # the events extra is not installed: no bar
        return _Silent()
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=unit_scale, leave=False,
                file=sys.stderr, dynamic_ncols=True)
