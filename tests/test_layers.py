"""The package's layers: imports point one way, and no two parts of geoverify import each other.

Every module under ``geoverify/`` is parsed (its source, not imported), every ``import`` and
``from ... import`` counted, those inside functions included, those under
``if TYPE_CHECKING:`` left out (they never run). Each module belongs to a *component*: a
top-level module (``geoverify.sites``) or a subpackage (``geoverify.report``, all of its
modules). The components must form no cycle, and each may import only components on lower
layers (:data:`LAYERS`, lowest first; the README's "The package" section says the same).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import geoverify

PACKAGE = Path(geoverify.__file__).resolve().parent

#: The layers, lowest first. A component may import components of its own layer or lower
#: layers only, never higher; within a layer the cycle test keeps imports one way.
LAYERS: list[set[str]] = [
    {"errors", "_lazy"},
    {"geoverify"},  # the package's __init__: its public names load lazily, on first use
    {"_paths", "_safeload", "_mgrs", "_pluscodes", "times"},
    {"geodesy", "weapons", "_render", "_frame"},
    {"sites", "sun"},
    {"coordinates", "claims"},
    {"gazetteer"},
    {"locate", "checks"},
    {"regions"},  # statements as areas, read as their checks read them; the places inside
    {"casefile", "report_model"},
    {"maps"},
    # event tables: checks as columns, audit, match, maps (shared/ARCHITECTURE.md); below the
    # report, whose VerificationReport.related_events holds a case against a table
    {"events"},
    {"report"},
    {"verify"},
    {"cli"},
    {"__main__"},
]


def _component(module: str) -> str:
    """Return the component of a dotted module name under geoverify (``geoverify`` itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "geoverify"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_imports(tree: ast.AST):
    """Yield the Import/ImportFrom nodes that can run (all but those under TYPE_CHECKING)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)  # the else branch runs
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _exists(dotted: str) -> bool:
    rel = Path(*dotted.split(".")[1:]) if "." in dotted else Path()
    base = PACKAGE / rel
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    """Return the geoverify modules an import statement loads."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "geoverify"]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    if source.split(".")[0] != "geoverify":
        return []
    out = []
    for alias in node.names:  # ``from geoverify import sites``: a submodule, not an attribute
        candidate = f"{source}.{alias.name}"
        out.append(candidate if _exists(candidate) else source)
    return out


def import_graph() -> dict[str, dict[str, list[str]]]:
    """Return ``{component: {imported component: [where, ...]}}`` over the whole package."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_data" in path.relative_to(PACKAGE).parts:
            continue
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        source = _component(module)
        edges = graph.setdefault(source, {})
        for node in _runtime_imports(tree):
            for target in _targets(module, path.name == "__init__.py", node):
                dest = _component(target)
                if dest != source:
                    edges.setdefault(dest, []).append(f"{module}:{node.lineno}")
    return graph


def _cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Return the strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_between_components():
    graph = import_graph()
    cycles = _cycles(graph)
    detail = [
        f"{a} -> {b} ({', '.join(graph[a][b][:3])})"
        for comp in cycles for a in comp for b in graph.get(a, {}) if b in comp
    ]
    assert not cycles, "import cycles: " + "; ".join(detail)


def _layer_of(component: str) -> int | None:
    for n, layer in enumerate(LAYERS):
        if component in layer:
            return n
    return None


def test_imports_point_down_the_layers():
    graph = import_graph()
    upward = []
    for source, edges in graph.items():
        for dest, where in edges.items():
            ls, ld = _layer_of(source), _layer_of(dest)
            if ls is not None and ld is not None and ld > ls:
                upward.append(f"{source} (layer {ls}) imports {dest} (layer {ld}) at "
                              f"{', '.join(where[:3])}")
    assert not upward, "; ".join(upward)


def test_every_component_has_a_layer():
    missing = sorted(c for c in import_graph() if _layer_of(c) is None)
    assert not missing, f"components with no layer in LAYERS: {missing}"


@pytest.mark.parametrize("code, expected", [
    ("import geoverify.sites\n", {"sites"}),
    ("def f():\n    from geoverify.gazetteer import geocode\n", {"gazetteer"}),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from geoverify.maps import x\n",
     set()),
    ("import typing\nif typing.TYPE_CHECKING:\n    import geoverify.maps\nelse:\n"
     "    import geoverify.report\n", {"report"}),
    ("from geoverify import sites, __version__\n", {"geoverify", "sites"}),
])
def test_the_scanner_sees_what_runs(code, expected):
    found = {_component(t) for node in _runtime_imports(ast.parse(code))
             for t in _targets("geoverify.x", False, node)}
    assert found == expected


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b": ["a:1"]}, "b": {"c": ["b:1"]}, "c": {"a": ["c:1"]}, "d": {"a": ["d:1"]}}
    assert _cycles(graph) == [["a", "b", "c"]]
