"""Where geoverify finds its shipped data and keeps its caches.

Shipped data lives in the repository's top-level ``data/`` folder; the wheel carries it as
``geoverify/_data`` (see ``pyproject.toml``). Caches live in ``$GEOVERIFY_CACHE_DIR`` or,
by default, ``$XDG_CACHE_HOME/geoverify`` (``~/.cache/geoverify``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from geoverify.errors import GeoverifyError

__all__ = ["data_dir", "data_path", "cache_dir", "atomic_write_bytes", "atomic_write_text",
           "write_output", "check_output_path"]

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


def write_output(path: str | os.PathLike[str], data: bytes, *, what: str = "output file",
                 error: type[GeoverifyError] = GeoverifyError) -> Path:
    """Write an output file (atomically) and return its :class:`~pathlib.Path`.

    A path that exists and is not a regular file (``/dev/stdout``, a named pipe) is written
    directly: renaming a temporary file over it would replace the device or pipe. Errors are
    ``error(f"{what} 'PATH': ...")`` in one line: an empty path, a directory, a parent that is
    a file, a place that cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_output(pathlib.Path(d, "a.txt"), b"x").read_bytes()
    b'x'
    >>> write_output("", b"x")
    Traceback (most recent call last):
    ...
    geoverify.errors.GeoverifyError: output file '': cannot write: the path is empty
    """
    import stat

    target = check_output_path(path, what=what, error=error)
    try:
        mode = target.stat().st_mode if target.exists() else None
        if mode is not None and not stat.S_ISREG(mode):
            with open(target, "wb") as handle:  # a device or pipe: no rename over it
                handle.write(data)
        else:
            atomic_write_bytes(target, data)
    except BrokenPipeError:
        raise  # the reader of a pipe went away (``| head``): not an input error
    except OSError as exc:
        raise error(f"{what} {os.fspath(path)!r}: cannot write: {exc.strerror or exc}") from None
    return target


def check_output_path(path: str | os.PathLike[str], *, what: str = "output file",
                      error: type[GeoverifyError] = GeoverifyError) -> Path:
    """Return ``path`` as a Path if an output file can be created there, else raise ``error``.

    Refused: an empty path, a directory, a path below a regular file. A missing parent
    directory is fine (the writers create it).

    Examples
    --------
    >>> check_output_path("out/report.html").name
    'report.html'
    """
    text = os.fspath(path)
    target = Path(text)

    def fail(reason: str) -> GeoverifyError:
        return error(f"{what} {text!r}: cannot write: {reason}")

    if not text.strip():
        raise fail("the path is empty")
    if target.is_dir():
        raise fail("is a directory")
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise fail(f"{os.fspath(parent)!r} is a file, not a directory")
            break
    return target
