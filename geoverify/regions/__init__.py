"""Where could it be: regions from what is said about a site, their algebra and the places inside.

A :class:`Region` is a set of places on WGS84 (exact membership from geodesic distances and
azimuths; lon/lat polygons that bracket it within about a metre) and what it stands for (a
label and a statement id). Each statement the checks test gives one
(:mod:`geoverify.regions.statements`): a site's uncertainty, "near / in / on the outskirts
of X", a compass sector, a stated distance, a weapon's reach, a control layer's area, one bank
of the Euphrates, a travel disc, the shadow check's regions. Intersect them to read off where a
site can still be; ``region.places()`` lists the gazetteer's places inside.

Modules: :mod:`~geoverify.regions.shapes` (exact shapes and bracketing polygons),
:mod:`~geoverify.regions.region` (the value and its algebra),
:mod:`~geoverify.regions.statements` (constructors), :mod:`~geoverify.regions.places`.

>>> from geoverify.sites import Site
>>> from geoverify import regions
>>> launch = regions.reach_region(Site(35.33611, 40.30944, 3000, name="Conoco field"), "107 mm")
>>> round(launch.area_km2)
384
"""

from __future__ import annotations

from geoverify.regions.places import MAX_PLACES, places_in
from geoverify.regions.region import Region, RegionError, find_conflict, intersect_all
from geoverify.regions.shapes import (
    PAD_M,
    Area,
    Difference,
    Everywhere,
    Grown,
    Intersection,
    Nowhere,
    Ring,
    Shape,
    Union,
    Wedge,
)
from geoverify.regions.statements import (
    BANK_WIDTH_M,
    DIRECTION_REACH_M,
    READINGS,
    Bank,
    area_region,
    bank_region,
    control_region,
    direction_region,
    distance_region,
    reach_region,
    reach_regions,
    relation_region,
    shadow_region_of,
    site_region,
    travel_region,
)

__all__ = [
    "Region",
    "RegionError",
    "intersect_all",
    "find_conflict",
    "places_in",
    "MAX_PLACES",
    "Shape",
    "Everywhere",
    "Nowhere",
    "Ring",
    "Wedge",
    "Area",
    "Grown",
    "Bank",
    "Intersection",
    "Union",
    "Difference",
    "PAD_M",
    "READINGS",
    "DIRECTION_REACH_M",
    "BANK_WIDTH_M",
    "site_region",
    "relation_region",
    "direction_region",
    "distance_region",
    "reach_region",
    "reach_regions",
    "control_region",
    "bank_region",
    "travel_region",
    "shadow_region_of",
    "area_region",
]
