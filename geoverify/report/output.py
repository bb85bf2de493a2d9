"""Write a report to a file, the format chosen from the file name (atomically)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from geoverify._paths import output_target
from geoverify.report._common import ReportError, write_output

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport

__all__ = ["FORMATS", "write", "render", "format_for_path"]

#: format name -> file suffixes that select it
FORMATS: dict[str, tuple[str, ...]] = {
    "json": (".json",),
    "markdown": (".md", ".markdown"),
    "html": (".html", ".htm"),
    "geojson": (".geojson",),
    "kml": (".kml",),
    "text": (".txt",),
}


def format_for_path(path: str | os.PathLike[str]) -> str:
    """Return the report format a file name asks for (by its suffix, case-insensitive).

    Raises
    ------
    ReportError
        If the suffix names no known format.

    Examples
    --------
    >>> format_for_path("out/seed.GeoJSON"), format_for_path("seed.md")
    ('geojson', 'markdown')
    """
    suffix = Path(path).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name
    known = ", ".join(s for suffixes in FORMATS.values() for s in suffixes)
    raise ReportError(f"report file {os.fspath(path)!r}: unknown suffix {suffix!r} "
                      f"(known: {known}; or pass fmt=)")


def render(report: VerificationReport, fmt: str) -> str:
    """Return the report rendered in format ``fmt`` (a key of :data:`FORMATS`) as text.

    Examples
    --------
    >>> from geoverify.report.model import VerificationReport
    >>> render(VerificationReport("c", "t", {}, (), ()), "markdown").splitlines()[0]
    '# t'
    """
    name = str(fmt).lower().lstrip(".")
    if name == "md":
        name = "markdown"
    if name == "json":
        from geoverify.report.jsonout import to_json_text

        return to_json_text(report)
    if name == "markdown":
        from geoverify.report.markdown import to_markdown

        return to_markdown(report)
    if name == "html":
        from geoverify.report.html import to_html

        return to_html(report)
    if name == "geojson":
        from geoverify.report.geojson import to_geojson_text

        return to_geojson_text(report)
    if name == "kml":
        from geoverify.report.kml import to_kml

        return to_kml(report)
    if name == "text":
        from geoverify.report.terminal import to_terminal

        return to_terminal(report, width=100, color=False)
    raise ReportError(f"unknown report format {fmt!r} (known: {', '.join(FORMATS)})")


def write(report: VerificationReport, path: str | os.PathLike[str],
          fmt: str | None = None, *, embed_map: bool = False) -> Path:
    """Write the report to ``path`` atomically, in ``fmt`` or the format its suffix names.

    Parameters
    ----------
    report : VerificationReport
        The report to write.
    path : str or PathLike
        The file to write, by the rules of :func:`geoverify._paths.write_output`: ``-`` is
        standard output, a symbolic link is written through, a device or pipe is written
        directly, an existing file is replaced whole (atomically, keeping its permissions); a
        read-only file and a missing folder are refused.
    fmt : str, optional
        ``json``, ``markdown``, ``html``, ``geojson``, ``kml`` or ``text``; by default
        from the suffix (``.json``, ``.md``, ``.html``, ``.geojson``, ``.kml``, ``.txt``).
    embed_map : bool, optional
        Add the static map (needs matplotlib) to an HTML report (embedded PNG) or a Markdown
        report (a PNG written beside it as ``<name>.map.png``; none beside a device, a pipe or
        standard output, and none left behind if the report cannot be written). Default False.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    ReportError
        If the format is unknown, or the file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from geoverify.report.model import VerificationReport
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write(VerificationReport("c", "t", {}, (), ()), pathlib.Path(d, "r.kml"))
    ...     p.read_text(encoding="utf-8").startswith("<?xml")
    True
    """
    target = output_target(path, what="report file", error=ReportError)
    name = fmt if fmt is not None else format_for_path(path)
    if embed_map and str(name).lower().lstrip(".") == "html":
        from geoverify.report.html import to_html

        text = to_html(report, embed_map=True)
    elif (embed_map and target.is_file
          and str(name).lower().lstrip(".") in ("markdown", "md")):
        from geoverify.maps import save_static_map
        from geoverify.report.markdown import to_markdown

        picture = target.path.with_name(target.path.stem + ".map.png")
        existed = os.path.lexists(picture)
        save_static_map(report, picture)
        try:
            return write_output(path, to_markdown(report, map_image=picture.name).encode("utf-8"))
        except BaseException:
            if not existed:  # leave nothing behind
                picture.unlink(missing_ok=True)
            raise
    else:
        text = render(report, name)
    return write_output(path, text.encode("utf-8"))
