"""Lazy public names for a package: import the defining module on first use.

``import geoverify`` (and ``geoverify.checks``, ``geoverify.events``) stays fast because each
public name is loaded from its module only when first asked for. A package declares a table
``{public name: defining module}`` and takes its module ``__getattr__`` and ``__dir__`` from
:func:`lazy_exports`.

>>> ns = {}
>>> getattr_, dir_ = lazy_exports("demo", {"sqrt": "math"}, ns)
>>> getattr_("sqrt")(9.0), ns["sqrt"] is getattr_("sqrt")
(3.0, True)
>>> "sqrt" in dir_()
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, table: Mapping[str, str], namespace: MutableMapping[str, Any]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return a module ``__getattr__`` and ``__dir__`` serving ``table``'s names lazily.

    A name is imported from its module on first access and then cached in ``namespace`` (the
    package's ``globals()``), so later look-ups cost nothing; an unknown name raises the
    ``AttributeError`` Python itself would.
    """

    def __getattr__(name: str) -> Any:
        module_name = table.get(name)
        if module_name is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module_name), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        # the public names (for tab completion), not the package's own imports (Any, ...)
        public = set(table) | set(namespace.get("__all__", ()))
        return sorted(public | {k for k in namespace if k.startswith("__")})

    return __getattr__, __dir__
