"""Where geoverify finds its shipped data, keeps its caches and writes its output files.

Shipped data lives in the repository's top-level ``data/`` folder; the wheel carries it as
``geoverify/_data`` (see ``pyproject.toml``). Caches live in ``$GEOVERIFY_CACHE_DIR`` or,
by default, ``$XDG_CACHE_HOME/geoverify`` (``~/.cache/geoverify``).

Output files (reports, maps, exports) go through one writer, :func:`write_output`, with one
set of rules (:func:`output_target` decides, before anything is written):

- ``-`` is standard output.
- A symbolic link is written through: the file it points to is replaced, the link stays.
- A character device, a named pipe or a file descriptor link (``/dev/stdout``,
  ``/dev/fd/3``, ``/dev/null``) is written directly, never renamed over or replaced.
- A regular file is replaced atomically (a temporary file in its own folder, then a rename):
  a reader sees the old file or the new, never half; the old file's permission bits are kept.
  A file the user cannot write, or one with no write permission bit at all (``chmod 444``, even
  for root), is refused, never replaced or made writable.
- A missing folder is refused, never created; so are a directory, an empty path and a path
  below a regular file.
- On failure nothing is left behind: the temporary file is removed, and the error is one
  line naming the path.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geoverify.errors import GeoverifyError

__all__ = ["data_dir", "data_path", "cache_dir", "atomic_write_bytes", "atomic_write_text",
           "OutputTarget", "output_target", "check_output_path", "write_output"]

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


def _replace_atomically(target: Path, data: bytes, *, mode: int | None = None,
                        owner: tuple[int, int] | None = None) -> None:
    """Write ``data`` to a temporary file in ``target``'s folder, then rename it over ``target``.

    ``mode`` (permission bits) and ``owner`` (uid, gid) are given to the new file; by default the
    mode an ordinary ``open()`` would give (0666 & ~umask). The temporary file is removed on any
    failure.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if mode is None:
            # mkstemp creates 0600; give the file the mode an ordinary open() would
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        if owner is not None:
            try:
                os.chown(tmp, *owner)
            except OSError:  # only root may give a file away; keep ours then
                pass
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


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a reader sees the old file or the new, never half.

    For caches (the folder is created). Output files the user names go through
    :func:`write_output`, which has stricter rules.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _replace_atomically(target, data)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode(encoding))


# ---------------------------------------------------------------------------------------------
# output files


@dataclass(frozen=True)
class OutputTarget:
    """Where and how an output path is written (see :func:`output_target`).

    ``kind`` is ``"file"`` (a regular file, new or replaced atomically), ``"stream"`` (a
    character device, a pipe or a file descriptor, written directly) or ``"stdout"`` (``-``);
    ``path`` is the file that is written (a symbolic link resolved); ``mode`` and ``owner`` are
    the existing file's, kept on replace (None for a new file); ``fd`` is this process's own
    descriptor a stream is written through (1 for ``/dev/stdout``), else None.
    """

    kind: str
    path: Path
    mode: int | None = None
    owner: tuple[int, int] | None = None
    fd: int | None = None

    @property
    def is_file(self) -> bool:
        """Whether the output is a regular file (a side file such as a map picture may go beside).

        Never beside a device, a pipe or standard output.
        """
        return self.kind == "file"


def _follow_links(text: str, fail: Any) -> tuple[Path, bool, int | None]:
    """Return the path ``text`` names once its symbolic links are followed, and whether via /proc.

    A chain through ``/proc`` is a file descriptor link (``/dev/stdout``): it is written
    directly, never resolved to the file behind it and replaced. The third value is the
    descriptor number when the link is one of this process's own (``/dev/stdout`` is 1): it is
    written through that very descriptor, so its offset is shared with other writes to it.
    """
    current = os.path.abspath(text)
    for _ in range(40):
        head, tail = os.path.split(current)
        head = os.path.realpath(head)
        if head == "/proc" or head.startswith("/proc/"):
            own = head == f"/proc/{os.getpid()}/fd" and tail.isdigit()
            return Path(os.path.join(head, tail)), True, int(tail) if own else None
        current = os.path.join(head, tail)
        if not os.path.islink(current):
            return Path(current), False, None
        current = os.path.join(head, os.readlink(current))
    raise fail("too many levels of symbolic links")


def output_target(path: str | os.PathLike[str], *, what: str = "output file",
                  error: type[GeoverifyError] = GeoverifyError) -> OutputTarget:
    """Return how ``path`` would be written, or raise ``error`` (one line) if it cannot be.

    Nothing is created or changed. The rules are those of this module's docstring: ``-`` is
    standard output; symbolic links are followed; devices, pipes and file descriptor links are
    written directly; a regular file must be writable; its folder must exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     output_target(pathlib.Path(d, "r.md")).kind
    'file'
    >>> output_target("-").kind, output_target("/dev/null").kind
    ('stdout', 'stream')
    >>> output_target("/no/such/folder/r.md")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geoverify.errors.GeoverifyError: output file ...: the folder '/no/such/folder' does not exist...
    """
    text = os.fspath(path)

    def fail(reason: str) -> GeoverifyError:
        return error(f"{what} {text[:200]!r}: cannot write: {reason}")

    if not text.strip():
        raise fail("the path is empty")
    if text == "-":
        return OutputTarget("stdout", Path("-"))
    if "\0" in text:
        raise fail("the path holds a NUL character")
    try:
        final, through_fd, own_fd = _follow_links(text, fail)
        try:
            info = os.stat(text)  # follows every link, /proc's too
        except (FileNotFoundError, NotADirectoryError):
            info = None
    except OSError as exc:
        raise fail(exc.strerror or str(exc)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise fail("is a directory")
    if info is not None and (through_fd or not stat.S_ISREG(info.st_mode)):
        if stat.S_ISSOCK(info.st_mode):
            raise fail("is a socket")
        if not os.access(text, os.W_OK):
            raise fail("permission denied")
        if own_fd == 1:
            return OutputTarget("stdout", Path(text))
        return OutputTarget("stream", Path(text), fd=own_fd)
    if through_fd:  # a descriptor link to nothing
        raise fail("no such file descriptor")
    folder = final.parent
    if not folder.exists():
        for parent in folder.parents:
            if parent.exists() and not parent.is_dir():
                raise fail(f"{os.fspath(parent)!r} is a file, not a directory")
        raise fail(f"the folder {os.fspath(folder)!r} does not exist "
                   "(geoverify does not create folders)")
    if not folder.is_dir():
        raise fail(f"{os.fspath(folder)!r} is a file, not a directory")
    if info is None:
        if not os.access(folder, os.W_OK | os.X_OK):
            raise fail(f"the folder {os.fspath(folder)!r} is not writable")
        return OutputTarget("file", final)
    mode = stat.S_IMODE(info.st_mode)
    if not (mode & 0o222) or not os.access(final, os.W_OK):
        raise fail(f"the file is read-only (mode {mode:04o}); it is not replaced: remove it or "
                   "make it writable first")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise fail(f"the folder {os.fspath(folder)!r} is not writable (the file is replaced "
                   "through a temporary file beside it)")
    return OutputTarget("file", final, mode=mode, owner=(info.st_uid, info.st_gid))


def check_output_path(path: str | os.PathLike[str], *, what: str = "output file",
                      error: type[GeoverifyError] = GeoverifyError) -> Path:
    """Return ``path`` as a Path if an output file can be written there, else raise ``error``.

    The same rules as :func:`write_output` (see :func:`output_target`); nothing is created.

    Examples
    --------
    >>> check_output_path("report.html").name
    'report.html'
    """
    output_target(path, what=what, error=error)
    return Path(os.fspath(path))


def write_output(path: str | os.PathLike[str], data: bytes, *, what: str = "output file",
                 error: type[GeoverifyError] = GeoverifyError) -> Path:
    """Write an output file by the rules of :func:`output_target` and return its path.

    ``-`` writes to standard output; a symbolic link is written through (the file it points to
    is replaced atomically, the link stays); a device, a pipe or ``/dev/stdout`` is written
    directly; a regular file is replaced atomically, keeping its permission bits. Errors are
    ``error("{what} 'PATH': cannot write: ...")`` in one line, and leave nothing behind.

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
    target = output_target(path, what=what, error=error)
    try:
        if target.kind == "stdout":
            sys.stdout.flush()
            stream = getattr(sys.stdout, "buffer", None)
            if stream is None:  # a text-only stdout (a notebook, a test's capture)
                sys.stdout.write(data.decode("utf-8", errors="replace"))
            else:
                stream.write(data)
            sys.stdout.flush()
        elif target.fd is not None:  # one of our own descriptors (/dev/stderr, /dev/fd/3)
            if target.fd == 2:
                sys.stderr.flush()
            view = memoryview(data)
            while view:
                view = view[os.write(target.fd, view):]
        elif target.kind == "stream":
            # no O_CREAT, no O_TRUNC: a device or pipe is written as it is; a descriptor link
            # to a file is appended to
            fd = os.open(target.path, os.O_WRONLY | os.O_APPEND)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        else:
            _replace_atomically(target.path, data, mode=target.mode, owner=target.owner)
    except BrokenPipeError:
        raise  # the reader of a pipe went away (``| head``): not an input error
    except OSError as exc:
        raise error(f"{what} {os.fspath(path)[:200]!r}: cannot write: "
                    f"{exc.strerror or exc}") from None
    return Path(os.fspath(path))
