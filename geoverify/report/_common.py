"""Helpers shared by the report writers: verdict colours, safe text, JSON values, map geometry.

Everything here renders; nothing decides a verdict. Untrusted text (claim text, names,
sources, quotes) passes through :func:`clean_text` before any writer places it.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from geoverify.checks.result import Verdict
from geoverify.errors import GeoverifyError

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.report.model import VerificationReport
    from geoverify.sites import Site

__all__ = [
    "ReportError",
    "write_output",
    "check_output_path",
    "VERDICT_COLORS",
    "SITE_COLOR",
    "verdict_counts",
    "clean_text",
    "safe_url",
    "jsonable",
    "format_number",
    "format_margin",
    "format_values",
    "uncertainty_polygon",
    "MIN_CIRCLE_M",
    "oriented",
    "geometry_to_geojson",
    "iter_map_items",
    "MapItem",
    "check_label",
    "slug",
]


class ReportError(GeoverifyError, ValueError):
    """A report could not be written (unknown format, a value that cannot be rendered)."""


def write_output(path: str | os.PathLike[str], data: bytes, *, what: str = "report file",
                 error: type[GeoverifyError] = ReportError) -> Path:
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
    geoverify.report._common.ReportError: report file '': cannot write: the path is empty
    """
    import stat

    from geoverify._paths import atomic_write_bytes

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


def check_output_path(path: str | os.PathLike[str], *, what: str = "report file",
                      error: type[GeoverifyError] = ReportError) -> Path:
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


#: Colour of each verdict (hex RGB), shared by HTML, GeoJSON (simplestyle) and KML.
#: Green, red and amber from ColorBrewer's RdYlGn, readable for most colour-blind readers
#: because every place a colour appears also prints the verdict word.
VERDICT_COLORS: dict[str, str] = {
    "consistent": "#1a9850",
    "inconsistent": "#d73027",
    "inconclusive": "#f39c12",
}

#: Colour of sites and their uncertainty circles (no verdict of their own).
SITE_COLOR = "#2c7fb8"


def verdict_counts(report: VerificationReport) -> dict[str, int]:
    """Return the number of checks per verdict, every verdict present (zero if none).

    Examples
    --------
    >>> from geoverify.report.model import VerificationReport
    >>> verdict_counts(VerificationReport("c", "t", {}, (), ()))
    {'consistent': 0, 'inconsistent': 0, 'inconclusive': 0}
    """
    counts = {str(v): 0 for v in Verdict}
    for check in report.checks:
        counts[str(Verdict(check.verdict))] += 1
    return counts


# Characters that would change how a terminal, an XML parser or a reader sees the text:
# C0/C1 controls (except tab and newline, normalised to spaces by the writers that need it),
# bidirectional overrides and isolates ("Trojan source"), and XML-illegal code points.
_BIDI = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


def _is_unsafe(ch: str) -> bool:
    if ch in "\t\n":
        return False
    if ch in _BIDI:
        return True
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
        return True
    return unicodedata.category(ch) == "Cc"


def clean_text(value: Any, *, single_line: bool = False) -> str:
    r"""Return ``value`` as text that is safe in XML 1.0 and on a terminal.

    Control characters, bidirectional overrides, lone surrogates and U+FFFE/U+FFFF become
    U+FFFD (the replacement character); ``None`` becomes ``""``. With ``single_line``, runs of
    whitespace (newlines included) become one space. Markup is NOT escaped here: each writer
    escapes for its own format.

    Examples
    --------
    >>> clean_text("al-Quriyah\x1b[31m")
    'al-Quriyah\ufffd[31m'
    >>> clean_text("two\nlines", single_line=True)
    'two lines'
    >>> clean_text(None)
    ''
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if any(_is_unsafe(ch) for ch in text):
        text = "".join("\ufffd" if _is_unsafe(ch) else ch for ch in text)
    if single_line:
        text = " ".join(text.split())
    return text


def safe_url(url: Any) -> str | None:
    """Return ``url`` if it is an absolute http(s) URL safe to use as a link target, else None.

    Examples
    --------
    >>> safe_url("https://example.org/a?b=1")
    'https://example.org/a?b=1'
    >>> safe_url("javascript:alert(1)") is None
    True
    >>> safe_url(" JaVaScRiPt:alert(1)") is None
    True
    """
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or any(_is_unsafe(ch) or ch.isspace() for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def jsonable(value: Any) -> Any:
    """Return ``value`` as plain JSON types (dict, list, str, int, float, bool, None).

    Non-finite floats become ``None``; tuples become lists; dates become ISO 8601 text;
    numpy scalars become Python numbers; objects with ``to_dict`` are converted.

    Examples
    --------
    >>> jsonable({"a": (1.5, float("nan")), 2: None})
    {'a': [1.5, None], '2': None}
    """
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (str, int)):
        return value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if hasattr(value, "to_dict"):
        return jsonable(value.to_dict())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "tolist"):  # numpy scalar or array
        return jsonable(value.tolist())
    if hasattr(value, "__geo_interface__"):
        return jsonable(value.__geo_interface__)
    return str(value)


def format_number(value: Any) -> str:
    """Return a number for people: 4 significant digits, no exponent for everyday sizes.

    Examples
    --------
    >>> format_number(8050.0), format_number(0.12345), format_number(3), format_number(None)
    ('8050', '0.1235', '3', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value != 0 and (abs(value) >= 1e9 or abs(value) < 1e-4):
            return f"{value:.4g}"
        if abs(value) >= 1000:
            return f"{value:.0f}"
        return f"{value:.4g}"
    return clean_text(value, single_line=True)


def format_margin(margin: float | None, unit: str | None) -> str:
    """Return the signed margin with its unit, or ``""`` when the check has none.

    Examples
    --------
    >>> format_margin(-1250.0, "m"), format_margin(None, "m"), format_margin(12.5, "deg")
    ('-1250 m', '', '+12.5 deg')
    """
    if margin is None:
        return ""
    if isinstance(margin, float) and not math.isfinite(margin):
        return ""
    text = format_number(margin)
    if margin > 0:
        text = "+" + text
    return f"{text} {clean_text(unit, single_line=True)}".strip()


def format_values(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return ``(key, text)`` pairs for a check's measured values, nested values as JSON.

    Numbers are shown as :func:`format_number` shows them (4 significant digits), nested
    ones too; the JSON report keeps the full values.

    Examples
    --------
    >>> format_values({"distance_min_m": 6100.0, "fits": [{"id": "107mm", "margin_m": -4584.501}]})
    [('distance_min_m', '6100'), ('fits', '[{"id": "107mm", "margin_m": -4585}]')]
    """
    import json

    def rounded(value: Any) -> Any:
        if isinstance(value, float) and math.isfinite(value):
            shown = float(format_number(value))
            return int(shown) if shown.is_integer() and abs(shown) < 1e15 else shown
        if isinstance(value, dict):
            return {k: rounded(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rounded(v) for v in value]
        return value

    pairs = []
    for key, value in values.items():
        if isinstance(value, (Mapping, list, tuple)):
            text = json.dumps(rounded(jsonable(value)), ensure_ascii=False)
        else:
            text = format_number(value)
        pairs.append((clean_text(key, single_line=True), clean_text(text, single_line=True)))
    return pairs


#: Smallest uncertainty radius (metres) drawn as a circle on maps.
MIN_CIRCLE_M = 0.5


def uncertainty_polygon(site: Site, *, n: int = 72) -> Any:
    """Return the site's uncertainty area as a shapely geometry in lon/lat, or None.

    The area polygon when the site has one; else the geodesic circle of radius
    ``uncertainty_m`` on WGS84 (``n`` vertices, counter-clockwise); ``None`` for a radius
    under :data:`MIN_CIRCLE_M` (nothing a map could show). Circles are not split at the
    antimeridian (geoverify's theatre is far from it).

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> ring = uncertainty_polygon(Site(35.0, 40.0, 1000.0)).exterior
    >>> ring.is_ccw, len(ring.coords)
    (True, 73)
    """
    if site.area is not None and not site.area.is_empty:
        return site.area
    if site.uncertainty_m < MIN_CIRCLE_M:
        return None
    import numpy as np
    from pyproj import Geod
    from shapely.geometry import Polygon

    # azimuths decreasing (clockwise from north, taken backwards) trace the ring counter-clockwise
    az = np.linspace(360.0, 0.0, n, endpoint=False)
    lons, lats, _ = Geod(ellps="WGS84").fwd(
        np.full(n, site.lon), np.full(n, site.lat), az, np.full(n, site.uncertainty_m)
    )
    return Polygon(list(zip(lons.tolist(), lats.tolist(), strict=True)))


def oriented(geometry: Any) -> Any:
    """Return the geometry with RFC 7946 winding: exterior rings counter-clockwise, holes clockwise.

    Examples
    --------
    >>> from shapely.geometry import Polygon
    >>> oriented(Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])).exterior.is_ccw
    True
    """
    from shapely.geometry import GeometryCollection, MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    if geometry is None or geometry.is_empty:
        return geometry
    if isinstance(geometry, Polygon):
        return orient(geometry, sign=1.0)
    if isinstance(geometry, MultiPolygon):
        return MultiPolygon([orient(p, sign=1.0) for p in geometry.geoms])
    if isinstance(geometry, GeometryCollection):
        return GeometryCollection([oriented(g) for g in geometry.geoms])
    return geometry


def _round_coords(coords: Any, digits: int, dedupe: bool = True) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(c), digits) for c in coords[:2]]
        out = [_round_coords(c, digits, dedupe) for c in coords]
        if dedupe and out and isinstance(out[0], list) and out[0] and isinstance(out[0][0], float):
            # a list of positions: drop the repeats that rounding made (closure is kept)
            out = [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]
        return out
    return coords


def geometry_to_geojson(geometry: Any, *, digits: int = 7) -> dict[str, Any] | None:
    """Return an RFC 7946 geometry dict (lon/lat, oriented rings, 2D), or None if empty.

    ``digits`` decimal places are kept (7 is about 1 cm). Accepts a shapely geometry or
    anything with ``__geo_interface__``.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> geometry_to_geojson(Point(40.541391234, 34.95629))
    {'type': 'Point', 'coordinates': [40.5413912, 34.95629]}
    """
    if geometry is None:
        return None
    from shapely.geometry import mapping, shape

    if not hasattr(geometry, "geom_type"):
        try:
            geometry = shape(geometry)
        except Exception as exc:  # shapely raises several types for bad input
            raise ReportError(f"cannot draw geometry {geometry!r}: {exc}") from None
    if geometry.is_empty:
        return None
    geo = mapping(oriented(geometry))
    return _to_geojson_dict(geo, digits)


def _to_geojson_dict(geo: Mapping[str, Any], digits: int) -> dict[str, Any]:
    if geo["type"] == "GeometryCollection":
        return {
            "type": "GeometryCollection",
            "geometries": [_to_geojson_dict(g, digits) for g in geo["geometries"]],
        }
    dedupe = geo["type"] not in ("Point", "MultiPoint")  # two equal points are two sites
    return {"type": geo["type"],
            "coordinates": _round_coords(geo["coordinates"], digits, dedupe)}


# ---------------------------------------------------------------------------------------
# What a map shows: one list shared by the GeoJSON and KML writers


class MapItem:
    """One thing to draw: a geometry, its group (``sites`` or a check id), role, label, style key.

    ``verdict`` is the check's verdict, or ``None`` for sites; ``check_index`` the check's
    position in the report (from 1); ``properties`` are extra
    JSON-ready attributes (the site's fields, or the MapFeature's own properties).
    """

    __slots__ = ("geometry", "role", "label", "verdict", "check_id", "check_kind", "site_id",
                 "properties", "description", "check_index")

    def __init__(self, geometry: Any, role: str, label: str, *, verdict: str | None = None,
                 check_id: str | None = None, check_kind: str | None = None,
                 site_id: str | None = None, properties: Mapping[str, Any] | None = None,
                 description: str = "", check_index: int | None = None) -> None:
        self.geometry = geometry
        self.role = role
        self.label = label
        self.verdict = verdict
        self.check_id = check_id
        self.check_kind = check_kind
        self.site_id = site_id
        self.properties = dict(properties or {})
        self.description = description
        self.check_index = check_index


def iter_map_items(report: VerificationReport) -> Iterator[MapItem]:
    """Yield every map item of a report: each site, its uncertainty area, each check's features.

    Sites come first (a point and its uncertainty area per site), then each check's
    MapFeatures in order, labelled with the check's id and verdict.
    """
    from shapely.geometry import Point

    for site_id, site in report.sites.items():
        sid = clean_text(site_id, single_line=True)
        name = clean_text(site.name or site_id, single_line=True)
        props = jsonable(site.to_dict())
        props.pop("area", None)
        desc = (f"{site.lat:.5f}, {site.lon:.5f}; uncertainty "
                f"{format_number(site.uncertainty_m)} m; located by {site.method}")
        if site.source:
            desc += f"; source: {clean_text(site.source, single_line=True)}"
        yield MapItem(Point(site.lon, site.lat), "site", name, site_id=sid, properties=props,
                      description=desc)
        area = uncertainty_polygon(site)
        if area is not None:
            shape = "area" if site.area is not None and not site.area.is_empty else "circle"
            yield MapItem(area, "uncertainty", f"{name}: uncertainty", site_id=sid,
                          properties={"uncertainty_m": site.uncertainty_m, "shape": shape},
                          description=(f"Uncertainty {shape} of {name}"
                                       + (f", radius {format_number(site.uncertainty_m)} m"
                                          if shape == "circle" else "")))
    for index, check in enumerate(report.checks, start=1):
        cid = check_label(check, index)
        verdict = str(Verdict(check.verdict))
        for feature in check.features:
            label = clean_text(feature.label or f"{cid}: {feature.role}", single_line=True)
            yield MapItem(
                feature.geometry, clean_text(feature.role, single_line=True), label,
                verdict=verdict, check_id=cid, check_kind=clean_text(check.kind, single_line=True),
                check_index=index,
                properties=jsonable(dict(feature.properties)),
                description=f"{cid} ({clean_text(check.kind)}): {verdict}. "
                            f"{clean_text(check.explanation, single_line=True)}",
            )


def check_label(check: Any, index: int) -> str:
    """Return the id a report shows for a check: its own id, else ``check-<index>`` (from 1).

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> check_label(CheckResult("range", "consistent", "Fits."), 2)
    'check-2'
    """
    return clean_text(check.id or f"check-{index}", single_line=True)


_ID_RE = re.compile(r"[^A-Za-z0-9_.-]+")


def slug(text: str) -> str:
    """Return ``text`` reduced to characters safe in an XML id or a file name.

    Examples
    --------
    >>> slug("range: launch -> GV")
    'range-launch-GV'
    """
    return re.sub("-{2,}", "-", _ID_RE.sub("-", text)).strip("-") or "x"
