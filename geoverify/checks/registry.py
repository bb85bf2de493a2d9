"""The registry of check kinds: one name, one function, shared by case files, CLI and user code.

A check is a plain function that takes Sites and facts as arguments and returns a
:class:`~geoverify.checks.result.CheckResult`. Register your own with :func:`register_check`::

    @register_check("my_check", site_params=("site",))
    def my_check(site, *, limit_m=1000.0): ...

``site_params`` names the arguments that a case file gives as site ids (a name, or for
sequence arguments a list of names) and that the case engine resolves to Sites.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from geoverify.errors import CheckError

__all__ = ["CheckSpec", "register_check", "get_check", "check_kinds"]

#: modules that register the built-in checks when imported
_BUILTIN_MODULES = (
    "geoverify.checks.range",
    "geoverify.checks.direction",
    "geoverify.checks.proximity",
    "geoverify.checks.stated_distance",
    "geoverify.checks.cluster",
    "geoverify.checks.travel",
    "geoverify.checks.control",
    "geoverify.checks.visibility",
    "geoverify.checks.daylight",
    "geoverify.checks.shadow",
)

_REGISTRY: dict[str, CheckSpec] = {}
_loaded = False


@dataclass(frozen=True)
class CheckSpec:
    """A registered check kind: its name, function, and which arguments are sites."""

    kind: str
    func: Callable[..., Any]
    site_params: tuple[str, ...] = ()
    description: str = ""


def register_check(
    kind: str, *, site_params: tuple[str, ...] = (), description: str = ""
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``func`` as the check ``kind`` (a decorator); a later registration replaces it."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        doc = description or (func.__doc__ or "").strip().splitlines()[0:1]
        text = doc if isinstance(doc, str) else (doc[0] if doc else "")
        _REGISTRY[kind] = CheckSpec(kind, func, tuple(site_params), text)
        return func

    return decorator


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name in _BUILTIN_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def get_check(kind: str) -> CheckSpec:
    """Return the registered check ``kind``; an unknown kind raises CheckError naming the known."""
    _load_builtins()
    try:
        return _REGISTRY[kind]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise CheckError(f"unknown check kind {kind!r} (known: {known})") from None


def check_kinds() -> tuple[str, ...]:
    """Return the names of all registered check kinds, sorted."""
    _load_builtins()
    return tuple(sorted(_REGISTRY))
