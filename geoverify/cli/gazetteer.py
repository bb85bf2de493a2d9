"""``geoverify gazetteer import|add|list|remove|info``: manage the offline gazetteer's layers.

- ``import FILE``: a GeoNames dump (``XX.zip``/``XX.txt``, ``allCountries``, or
  ``alternateNamesV2.zip``/``.txt``) from https://download.geonames.org/export/dump/ is
  checked and copied into the cache (the text member of a zip is extracted); the index is
  rebuilt on the next query.
- ``add FILE [--name NAME] [--allow-empty]``: a user gazetteer (CSV with ``name,lat,lon``
  and optional columns, or GeoJSON points) is checked and stored. A file without places is
  refused (it would replace a stored layer of that name with nothing) unless
  ``--allow-empty``; whitespace in names (a newline, a tab) becomes one space, and other
  control characters are refused with the file, line and field.
- ``list``: the stored layers; ``remove NAME``: drop one; ``info [--json]``: index stats.

Exit status 0, 1 for ``remove`` of a name that is not stored, 2 for a bad file or a cache
folder that cannot be written (one line: set ``GEOVERIFY_CACHE_DIR`` to a writable folder).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["register", "run", "import_file", "add_file", "list_layers", "remove_layer"]


def register(subparsers: Any) -> None:
    """Add the ``gazetteer`` subcommand and its actions."""
    parser = subparsers.add_parser(
        "gazetteer", help="import GeoNames dumps, add your own places, list layers, stats",
        description="Manage the offline gazetteer's layers (stored in the geoverify cache).")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    p = actions.add_parser("import", help="import a GeoNames dump (XX.zip/XX.txt, "
                                          "alternateNamesV2.zip/.txt)")
    p.add_argument("file")
    p = actions.add_parser("add", help="add a user gazetteer (CSV or GeoJSON)")
    p.add_argument("file")
    p.add_argument("--name", help="layer name (default: the file name)")
    p.add_argument("--allow-empty", action="store_true",
                   help="store a file without places (replaces a stored layer of that name)")
    p = actions.add_parser("list", help="list the stored layers")
    p.add_argument("--json", action="store_true")
    p = actions.add_parser("remove", help="remove a stored layer by name")
    p.add_argument("name")
    p = actions.add_parser("info", help="index statistics")
    p.add_argument("--json", action="store_true")
    parser.set_defaults(func=run)


def _safe_name(name: str) -> str:
    from geoverify.errors import GeoverifyError

    clean = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._")
    if not clean:
        raise GeoverifyError(f"layer name {name!r} has no usable characters")
    return clean


def _input_file(path: str) -> Path:
    """Return ``path`` as a Path if it is a readable file, else raise a DataFileError."""
    from geoverify.errors import DataFileError

    src = Path(path)
    if src.is_dir():
        raise DataFileError("is a directory, not a file", path=str(src))
    if not src.is_file():
        raise DataFileError("no such file", path=str(src))
    return src


@contextmanager
def _writing(folder: Path) -> Iterator[None]:
    """Turn a failed write in the cache folder into one clear error (CacheNotWritable)."""
    from geoverify.gazetteer.index import cache_not_writable

    try:
        yield
    except OSError as exc:
        raise cache_not_writable(folder, exc) from None


def import_file(path: str) -> tuple[Path, int]:
    """Check a GeoNames dump and copy its text into the cache; return (stored path, rows)."""
    from geoverify._paths import atomic_write_bytes
    from geoverify.errors import DataFileError
    from geoverify.gazetteer.index import clear_index_cache, imports_dir
    from geoverify.gazetteer.sources import (
        extract_text_member,
        read_alternate_names,
        read_geonames_dump,
    )

    src = _input_file(path)
    if src.suffix.lower() == ".zip":
        member, data = extract_text_member(src)
        stem = Path(member).stem
    else:
        try:
            data = src.read_bytes()
        except OSError as exc:
            raise DataFileError(f"cannot read the file ({exc.strerror})", path=str(src)) from None
        stem = src.stem
    is_alt = stem.lower().startswith("alternatenames")
    # validate before storing: every row must parse (DataFileError names the line)
    tmp_name = f"{_safe_name(stem)}.txt"
    target = imports_dir() / tmp_name
    staging = imports_dir() / f".{tmp_name}.check"
    with _writing(staging.parent):
        staging.write_bytes(data)
    try:
        if is_alt:
            count = sum(1 for _ in read_alternate_names(staging))
        else:
            count = sum(1 for _ in read_geonames_dump(staging))
    except DataFileError as exc:
        raise DataFileError(exc.reason, path=str(src), line=exc.line, field=exc.field) from None
    finally:
        staging.unlink(missing_ok=True)
    if count == 0:
        raise DataFileError("no rows: not a GeoNames dump or alternateNames file",
                            path=str(src))
    with _writing(target.parent):
        atomic_write_bytes(target, data)
    clear_index_cache()
    return target, count


def add_file(path: str, name: str | None = None, *, allow_empty: bool = False
             ) -> tuple[Path, int]:
    """Check a user gazetteer and store it; return (stored path, places).

    Raises
    ------
    DataFileError
        A bad row (file, line, field), or no places at all unless ``allow_empty``.
    CacheNotWritable
        The cache folder cannot be written.
    """
    from geoverify._paths import atomic_write_bytes
    from geoverify.errors import DataFileError
    from geoverify.gazetteer.index import clear_index_cache, user_dir
    from geoverify.gazetteer.sources import read_user_columns

    src = _input_file(path)
    suffix = src.suffix.lower()
    if suffix not in (".csv", ".geojson", ".json"):
        raise DataFileError("a user gazetteer is a .csv, .geojson or .json file",
                            path=str(src))
    rows = read_user_columns(src)
    if not len(rows) and not allow_empty:
        raise DataFileError("no places in the file (a header and no rows?): not stored, as "
                            "it would replace a layer of that name with nothing; pass "
                            "--allow-empty (allow_empty=True) to store it", path=str(src))
    ext = ".csv" if suffix == ".csv" else ".geojson"
    target = user_dir() / f"{_safe_name(name or src.stem)}{ext}"
    with _writing(target.parent):
        atomic_write_bytes(target, src.read_bytes())
        # one layer per name: adding places.geojson replaces a stored places.csv (and back)
        target.with_suffix(".geojson" if ext == ".csv" else ".csv").unlink(missing_ok=True)
    clear_index_cache()
    return target, len(rows)


def list_layers() -> list[dict[str, Any]]:
    """Return the stored layers: ``[{"name", "type", "path", "bytes"}]``."""
    from geoverify.gazetteer.index import imports_dir, user_dir

    out = []
    for kind, folder in (("geonames-dump", imports_dir()), ("user", user_dir())):
        for p in sorted(folder.iterdir()):
            if p.name.startswith("."):
                continue
            out.append({"name": p.stem, "type": kind, "path": str(p), "bytes": p.stat().st_size})
    return out


def remove_layer(name: str) -> bool:
    """Remove a stored layer by name; return whether one was removed."""
    from geoverify.gazetteer.index import clear_index_cache

    removed = False
    for layer in list_layers():
        if layer["name"] == name:
            with _writing(Path(layer["path"]).parent):
                Path(layer["path"]).unlink()
            removed = True
    if removed:
        clear_index_cache()
    return removed


def run(args: argparse.Namespace) -> int:
    """Run ``geoverify gazetteer ACTION``."""
    from collections import Counter

    from geoverify.cli import EXIT_NEGATIVE, EXIT_OK, print_json

    if args.action == "import":
        target, count = import_file(args.file)
        print(f"imported {count} rows from {args.file} as {target.stem} ({target})")
    elif args.action == "add":
        target, count = add_file(args.file, args.name, allow_empty=args.allow_empty)
        print(f"added {count} places from {args.file} as {target.stem} ({target})")
    elif args.action == "list":
        stored = list_layers()
        if args.json:
            print_json(stored)
        elif not stored:
            print("no imported or user layers (the curated and GeoNames layers are built in)")
        for layer in stored if not args.json else []:
            print(f"{layer['name']}\t{layer['type']}\t{layer['bytes']} bytes\t{layer['path']}")
    elif args.action == "remove":
        if not remove_layer(args.name):
            import sys

            sys.stderr.write(f"geoverify gazetteer: no stored layer named {args.name!r}\n")
            return EXIT_NEGATIVE
        print(f"removed {args.name}")
    elif args.action == "info":
        from geoverify.gazetteer.index import load_index

        layers: Counter[str] = Counter()
        keys: Counter[str] = Counter()
        signatures = {}
        for part in ("local", "geonames"):
            index = load_index(part)
            for source, count in index.source.counts().items():
                layers[source.split(":", 1)[0]] += count
            keys.update({k: len(v) for k, v in index.keys.items()})
            signatures[part] = index.signature
        info: dict[str, Any] = {"places": sum(layers.values()), "layers": dict(layers),
                                "keys": dict(keys), "signatures": signatures}
        if args.json:
            print_json(info)
        else:
            print(f"{info['places']} places; " + ", ".join(f"{k}: {v}" for k, v in
                                                       layers.items()))
            print("match keys: " + ", ".join(f"{k} {v}" for k, v in info["keys"].items()))
    return EXIT_OK
