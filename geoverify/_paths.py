"""Where geoverify finds its shipped data and keeps its caches.

Shipped data lives in the repository's top-level ``data/`` folder; the wheel carries it as
``geoverify/_data`` (see ``pyproject.toml``). Caches live in ``$GEOVERIFY_CACHE_DIR`` or,
by default, ``$XDG_CACHE_HOME/geoverify`` (``~/.cache/geoverify``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["data_dir", "data_path", "cache_dir", "atomic_write_bytes", "atomic_write_text"]

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Return the folder that holds geoverify's shipped data files."""
    installed = _PACKAGE_DIR / "_data"
    if installed.is_dir():
        return installed
    source_tree = _PACKAGE_DIR.parent / "data"
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError(
        f"geoverify's data folder is missing (looked in {installed} and {source_tree}); "
        "reinstall the package"
    )


def data_path(*parts: str) -> Path:
    """Return the path of a shipped data file, e.g. ``data_path("weapons.csv")``."""
    return data_dir().joinpath(*parts)


def cache_dir() -> Path:
    """Return (and create) the folder for geoverify's caches."""
    env = os.environ.get("GEOVERIFY_CACHE_DIR")
    if env:
        path = Path(env)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
        path = Path(base) / "geoverify"
    path.mkdir(parents=True, exist_ok=True)
    return path


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a reader sees the old file or the new, never half."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp creates 0600; give the file the mode an ordinary open() would (0666 & ~umask)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode(encoding))
