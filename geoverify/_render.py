"""Helpers shared by the report writers and the maps: verdict colours, safe text, numbers, shapes.

Everything here renders; nothing decides a verdict. Untrusted text (claim text, names,
sources, quotes) passes through :func:`clean_text` before any writer places it; each writer
then escapes for its own format. This module sits below both :mod:`geoverify.report` and
:mod:`geoverify.maps`, with :mod:`geoverify.report_model`.
"""

from __future__ import annotations

import math
import unicodedata
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # pragma: no cover
    from geoverify.sites import Site

__all__ = [
    "VERDICT_COLORS",
    "SITE_COLOR",
    "clean_text",
    "safe_url",
    "format_number",
    "uncertainty_polygon",
    "MIN_CIRCLE_M",
    "check_label",
    "finite",
]


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


def check_label(check: Any, index: int) -> str:
    """Return the id a report shows for a check: its own id, else ``check-<index>`` (from 1).

    Examples
    --------
    >>> from geoverify.checks.result import CheckResult
    >>> check_label(CheckResult("range", "consistent", "Fits."), 2)
    'check-2'
    """
    return clean_text(check.id or f"check-{index}", single_line=True)


def finite(value: Any) -> Any:
    """Return ``value`` as a float, or None when it is None, NaN or infinite (JSON has neither).

    Examples
    --------
    >>> finite(2), finite(float("nan")), finite(None)
    (2.0, None, None)
    """
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None
