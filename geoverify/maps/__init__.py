r"""Maps of a verification: interactive Leaflet pages (folium) and static PNG/SVG (matplotlib).

Both show the same elements: the sites (coloured by the verdict of the checks that used
them), their uncertainty areas, and each check's range rings and annuli, direction sectors,
clusters, lines and control areas, coloured by verdict and grouped by claimant. folium and
matplotlib are imported only when a map is made (``pip install 'geoverify[maps]'``).

Examples
--------
>>> from geoverify.report.model import VerificationReport
>>> from geoverify.sites import Site
>>> from geoverify.maps import interactive_map, static_map_bytes
>>> report = VerificationReport("c", "t", {"gv": Site(35.02, 40.56, 800, name="GV")}, (), ())
>>> type(interactive_map(report, tiles=None)).__name__
'Map'
>>> static_map_bytes(report, fmt="png")[:4]
b'\x89PNG'
"""

from __future__ import annotations

from geoverify.maps._style import MapElement, MapError, map_elements, site_groups
from geoverify.maps.interactive import (
    claims_report,
    interactive_map,
    leaflet_inline_available,
    map_claims,
    map_html,
    save_map,
)
from geoverify.maps.static import save_static_map, static_map, static_map_bytes

__all__ = [
    "MapError",
    "MapElement",
    "map_elements",
    "site_groups",
    "interactive_map",
    "map_html",
    "save_map",
    "map_claims",
    "claims_report",
    "leaflet_inline_available",
    "static_map",
    "static_map_bytes",
    "save_static_map",
]
