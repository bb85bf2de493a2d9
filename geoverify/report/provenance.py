"""Provenance: what a report was computed from (library and data versions, case file, time)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from geoverify.errors import DataFileError, TimeParseError

__all__ = ["provenance", "sha256_file", "shipped_data_files"]

#: folders of the data directory that are not reference data (cases are hashed separately)
_NOT_REFERENCE_DATA = ("cases", "schema")

# (resolved path, size, mtime_ns) -> sha256, so a session hashes each large file once
_HASH_CACHE: dict[tuple[str, int, int], str] = {}


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Return the SHA-256 of a file's bytes as 64 lowercase hex digits.

    Parameters
    ----------
    path : str or PathLike
        The file to hash.

    Raises
    ------
    DataFileError
        If the file cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d, "x.txt")
    ...     _ = p.write_bytes(b"abc")
    ...     sha256_file(p)[:16]
    'ba7816bf8f01cfea'
    """
    target = Path(path)
    try:
        stat = target.stat()
        key = (str(target.resolve()), stat.st_size, stat.st_mtime_ns)
        cached = _HASH_CACHE.get(key)
        if cached is not None:
            return cached
        digest = hashlib.sha256()
        with open(target, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise DataFileError(f"cannot read file to hash it: {exc.strerror or exc}",
                            path=str(path)) from None
    _HASH_CACHE[key] = digest.hexdigest()
    return _HASH_CACHE[key]


def shipped_data_files() -> list[str]:
    """Return the shipped reference data files, as paths relative to the data folder, sorted.

    Case files (``cases/``), JSON Schemas (``schema/``) and hidden files are left out: a
    report hashes its own case file separately.

    Examples
    --------
    >>> all(not name.startswith("cases/") for name in shipped_data_files())
    True
    """
    from geoverify._paths import data_dir

    root = data_dir()
    names = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        if rel.parts[0] in _NOT_REFERENCE_DATA or "__pycache__" in rel.parts:
            continue
        names.append(rel.as_posix())
    return sorted(names)


def _dependency_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("numpy", "shapely", "pyproj"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover - a dependency always installed
            continue
    return out


def provenance(
    case_path: str | os.PathLike[str] | None = None,
    *,
    data_files: Iterable[str | os.PathLike[str]] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Return the provenance record a report carries: versions, data and case hashes, the time.

    Parameters
    ----------
    case_path : str or PathLike, optional
        The case file the report verifies; its SHA-256 is recorded.
    data_files : iterable of str or PathLike, optional
        The shipped data files used. A relative name is looked up under the data folder
        (``"weapons.csv"``, ``"gazetteer/places.csv"``); an absolute path is hashed as given
        and recorded under its full path. ``None`` (the default) records every shipped
        reference data file (see :func:`shipped_data_files`); ``()`` records none.
    now : datetime, optional
        The time to record (aware); the current time by default.

    Returns
    -------
    dict
        ``geoverify_version``, ``python_version``, ``dependencies`` (name -> version),
        ``data_versions`` (file -> sha256), ``case_file`` (the path as given, or None),
        ``case_sha256`` (or None), ``computed_at`` (ISO 8601, UTC, ``Z`` suffix).

    Raises
    ------
    DataFileError
        If the case file or a data file cannot be read.
    TimeParseError
        If ``now`` is a naive datetime.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> p = provenance(data_files=(), now=datetime(2022, 1, 5, 9, 30, tzinfo=timezone.utc))
    >>> p["computed_at"], p["case_sha256"], p["data_versions"]
    ('2022-01-05T09:30:00Z', None, {})
    """
    import platform

    from geoverify import __version__
    from geoverify._paths import data_dir

    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None or now.utcoffset() is None:
        raise TimeParseError(f"provenance time {now.isoformat()!r} has no time zone")
    computed_at = now.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    names = shipped_data_files() if data_files is None else list(data_files)
    data_versions: dict[str, str] = {}
    root = data_dir()
    for name in names:
        path = Path(name)
        if path.is_absolute():
            data_versions[path.as_posix()] = sha256_file(path)
            continue
        full = root / path
        if not full.is_file():
            raise DataFileError("not a shipped data file", path=str(full))
        data_versions[path.as_posix()] = sha256_file(full)

    case_sha = None
    if case_path is not None:
        if not Path(case_path).is_file():
            raise DataFileError("case file not found", path=str(case_path))
        case_sha = sha256_file(case_path)

    return {
        "geoverify_version": __version__,
        "python_version": platform.python_version(),
        "dependencies": _dependency_versions(),
        "data_versions": data_versions,
        "case_file": None if case_path is None else os.fspath(case_path),
        "case_sha256": case_sha,
        "computed_at": computed_at,
    }
