"""Column layouts of the event datasets geoverify reads, from their codebooks.

A :class:`Layout` says which source column feeds each normalized field. The ACLED and UCDP GED
layouts follow the datasets' own exports; a generic table gives its own mapping.

- ACLED (Armed Conflict Location & Event Data), the export columns since the 20 March 2023
  column change ("Guide to 2023 ACLED column changes": ``event_id_no_cnty``, ``data_id`` and
  ``iso3`` removed; ``disorder_type``, ``civilian_targeting`` and ``tags`` added). ``iso`` is the
  ISO 3166-1 numeric country code; ``event_date`` is written "16 May 2025" (ISO dates are
  accepted too); ``geo_precision`` 1-3 and ``time_precision`` 1-3 are the precision codes.
- UCDP GED (Uppsala Conflict Data Program, Georeferenced Event Dataset), the 49 columns of the
  global release (GED 25.1). ``country_id`` is the Gleditsch-Ward code; ``where_prec`` 1-7 and
  ``date_prec`` 1-5 are the precision codes; ``date_start`` / ``date_end`` bound the date.

Examples
--------
>>> detect_format(ACLED_COLUMNS)
'acled'
>>> detect_format(["id", "where_prec", "date_prec", "latitude", "longitude", "date_start"])
'ucdp'
>>> LAYOUTS["ucdp"].place
'where_coordinates'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from geoverify.errors import GeoverifyError

__all__ = ["ACLED_COLUMNS", "UCDP_COLUMNS", "Layout", "LAYOUTS", "detect_format", "layout_for",
           "LAYOUT_FIELDS"]

#: ACLED's export columns, in the order its exports write them.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)

#: UCDP GED's columns (global release), in the order its CSV writes them.
UCDP_COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name",
    "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b",
    "number_of_sources", "source_article", "source_office", "source_date", "source_headline",
    "source_original", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2",
    "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
)

#: The fields a mapping may name (``read_events(..., columns={field: source column})``).
LAYOUT_FIELDS = ("event_id", "lat", "lon", "date", "date_end", "time_precision", "date_prec",
                 "geo_precision", "where_prec", "uncertainty_m", "place", "country",
                 "country_iso_numeric", "country_gw", "admin1", "actors")


@dataclass(frozen=True)
class Layout:
    """Which source column feeds each normalized field of an event dataset.

    ``actors`` lists the columns naming who was involved (compared as a set by the duplicate
    check). ``radius_scheme`` names the precision-code table of :mod:`geoverify.sites` used for
    ``geo_precision`` / ``where_prec``.
    """

    name: str
    event_id: str | None
    lat: str
    lon: str
    date: str
    date_end: str | None = None
    time_precision: str | None = None  # ACLED
    date_prec: str | None = None  # UCDP
    geo_precision: str | None = None  # precision codes (ACLED geo_precision, UCDP where_prec)
    radius_scheme: str | None = None
    uncertainty_m: str | None = None  # a column of radii in metres (generic tables)
    place: str | None = None
    country: str | None = None
    country_iso_numeric: str | None = None
    country_gw: str | None = None
    admin1: str | None = None
    actors: tuple[str, ...] = field(default_factory=tuple)

    def source_columns(self) -> list[str]:
        """Return every source column this layout reads, in a stable order."""
        cols = [self.event_id, self.lat, self.lon, self.date, self.date_end, self.time_precision,
                self.date_prec, self.geo_precision, self.uncertainty_m, self.place, self.country,
                self.country_iso_numeric, self.country_gw, self.admin1, *self.actors]
        out: list[str] = []
        for c in cols:
            if c and c not in out:
                out.append(c)
        return out


LAYOUTS: dict[str, Layout] = {
    "acled": Layout(
        name="acled", event_id="event_id_cnty", lat="latitude", lon="longitude",
        date="event_date", time_precision="time_precision", geo_precision="geo_precision",
        radius_scheme="acled", place="location", country="country", country_iso_numeric="iso",
        admin1="admin1", actors=("actor1", "actor2"),
    ),
    "ucdp": Layout(
        name="ucdp", event_id="id", lat="latitude", lon="longitude", date="date_start",
        date_end="date_end", date_prec="date_prec", geo_precision="where_prec",
        radius_scheme="ucdp", place="where_coordinates", country="country",
        country_gw="country_id", admin1="adm_1", actors=("side_a", "side_b"),
    ),
}

_SIGNATURES = {
    "acled": {"event_id_cnty", "event_date", "geo_precision", "latitude", "longitude"},
    "ucdp": {"where_prec", "date_prec", "date_start", "latitude", "longitude"},
}


def detect_format(columns: Iterable[Any]) -> str:
    """Return ``"acled"`` or ``"ucdp"`` from a table's column names; raise when neither fits.

    Column names are compared without case or surrounding spaces.
    """
    names = {str(c).strip().lower() for c in columns}
    for name, needed in _SIGNATURES.items():
        if needed <= names:
            return name
    raise GeoverifyError(
        "cannot tell the dataset from its columns (neither ACLED's event_id_cnty, event_date, "
        "geo_precision, latitude, longitude nor UCDP GED's where_prec, date_prec, date_start, "
        "latitude, longitude); give format='acled', 'ucdp' or 'generic' with columns={...}")


def layout_for(fmt: str, columns: Mapping[str, Any] | None = None) -> Layout:
    """Return the layout of a format, with a column mapping applied on top.

    ``columns`` maps a field of :data:`LAYOUT_FIELDS` to a source column name (``actors`` to a
    list of names). A generic table must map at least ``lat``, ``lon`` and ``date``.

    Examples
    --------
    >>> layout_for("generic", {"lat": "y", "lon": "x", "date": "day", "uncertainty_m": "r"}).lat
    'y'
    >>> layout_for("acled", {"place": "admin2"}).place
    'admin2'
    """
    mapping = dict(columns or {})
    unknown = sorted(set(mapping) - set(LAYOUT_FIELDS))
    if unknown:
        raise GeoverifyError(f"columns: unknown field(s) {', '.join(map(repr, unknown))} "
                             f"(fields: {', '.join(LAYOUT_FIELDS)})")
    if "actors" in mapping:
        actors = mapping["actors"]
        mapping["actors"] = (actors,) if isinstance(actors, str) else tuple(actors)
    if "geo_precision" in mapping or "where_prec" in mapping:
        scheme = "ucdp" if "where_prec" in mapping else "acled"
        mapping["geo_precision"] = mapping.pop("where_prec", None) or mapping["geo_precision"]
        mapping.setdefault("radius_scheme", scheme)
    if fmt in LAYOUTS:
        return replace(LAYOUTS[fmt], **mapping)
    if fmt != "generic":
        raise GeoverifyError(f"format {fmt!r} is not one of auto, acled, ucdp, generic")
    missing = [f for f in ("lat", "lon", "date") if f not in mapping]
    if missing:
        raise GeoverifyError(
            f"a generic table needs columns={{...}} naming at least lat, lon and date "
            f"(missing: {', '.join(missing)})")
    mapping.setdefault("event_id", None)
    return Layout(name="generic", **mapping)
