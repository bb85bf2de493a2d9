"""The place index on disk: numpy arrays in one file that cannot run code, checked on load.

A cache file holds only numbers and UTF-8 text (no pickle, nothing that is executed on load):

- 8 bytes of magic (``GVINDEX`` and a NUL), then the length of a JSON header (8 bytes,
  little-endian), then the header, then the arrays, each aligned to 64 bytes;
- the header names the format version (:data:`STORE_FORMAT`), the index part and the
  signature of its sources (:func:`geoverify.gazetteer.index.index_signature`), every
  array's dtype, shape, offset and size, and the SHA-256 of everything after the header.

:func:`read_store` maps the file into memory (read-only; the arrays are views of the map,
so loading costs a page-in and a checksum, not a parse) and refuses, with a
:class:`StoreError` saying why, a file whose magic, version, part, signature, checksum,
array list, dtypes, shapes or bounds are not what the reader expects. The caller then
rebuilds (:func:`geoverify.gazetteer.index.load_index`).

Text columns are :class:`StringColumn` (all strings in one UTF-8 buffer, each followed by
a NUL, with byte offsets) and :class:`CategoryColumn` (integer codes into a few values).

Examples
--------
>>> col = StringColumn.from_strings(["al-Quriyah", "القورية", ""])
>>> col[1], len(col), col.range(0, 2)
('القورية', 3, ['al-Quriyah', 'القورية'])
>>> cat = CategoryColumn.from_values(["town", "village", "town"])
>>> cat[2], cat.mask({"village"}).tolist()
('town', [False, True, False])
"""

from __future__ import annotations

import hashlib
import json
import math
import mmap
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from geoverify.errors import GeoverifyError

__all__ = [
    "STORE_FORMAT",
    "StoreError",
    "StringColumn",
    "CategoryColumn",
    "write_store",
    "read_store",
]

#: Version of the file layout and of the arrays the index stores; a file of another
#: version is rebuilt, never read.
STORE_FORMAT = 4

_MAGIC = b"GVINDEX\x00"
_ALIGN = 64
_MAX_HEADER = 1 << 20
#: The dtypes a cache file may hold (numbers only: no object arrays, nothing to unpickle).
_DTYPES = frozenset({"|u1", "<i2", "<i4", "<i8", "<f8", "|b1"})


class StoreError(GeoverifyError, ValueError):
    """A cache file is missing, damaged, of another version or of another shape."""


class StringColumn:
    """A column of strings in one UTF-8 buffer (``data``) with ``offsets`` (n + 1 bytes).

    String ``i`` is ``data[offsets[i]:offsets[i + 1] - 1]``: each is followed by a NUL, so
    that a run of strings decodes in one call (:meth:`range`).
    """

    __slots__ = ("data", "offsets", "_cache")

    def __init__(self, data: np.ndarray, offsets: np.ndarray) -> None:
        self.data = data
        self.offsets = offsets
        self._cache: list[str] | None = None

    @classmethod
    def from_strings(cls, strings: Iterable[str | None]) -> StringColumn:
        """Return a column of the strings (``None`` is stored as the empty string)."""
        items = ["" if s is None else s for s in strings]
        text = "\x00".join(items) + "\x00" if items else ""
        if text.count("\x00") != len(items):  # a NUL inside a string: dropped
            items = [s.replace("\x00", "") for s in items]
            text = "\x00".join(items) + "\x00"
        blob = text.encode("utf-8")
        data = np.frombuffer(blob, dtype=np.uint8)
        offsets = np.zeros(len(items) + 1, dtype=np.int64)
        offsets[1:] = np.flatnonzero(data == 0) + 1  # each string ends with its NUL
        return cls(data, offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> str:
        if self._cache is not None:
            return self._cache[i]
        n = len(self.offsets) - 1
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
        return self.data[lo:hi - 1].tobytes().decode("utf-8")

    def range(self, lo: int, hi: int) -> list[str]:
        """Return strings ``lo`` to ``hi - 1`` (one decode for the run)."""
        if hi <= lo:
            return []
        start, end = int(self.offsets[lo]), int(self.offsets[hi])
        return self.data[start:end - 1].tobytes().decode("utf-8").split("\x00")

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    def tolist(self) -> list[str]:
        """Return every string (decoded once, then kept)."""
        if self._cache is None:
            self._cache = self.range(0, len(self))
        return self._cache

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        """Return the column as named arrays (``name.data``, ``name.offsets``) for a file."""
        return {f"{name}.data": self.data, f"{name}.offsets": self.offsets}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], name: str) -> StringColumn:
        """Return the column stored under ``name``, refusing offsets that do not fit."""
        data, offsets = arrays[f"{name}.data"], arrays[f"{name}.offsets"]
        if data.dtype != np.uint8 or offsets.dtype != np.int64 or offsets.ndim != 1 or (
                len(offsets) < 1):
            raise StoreError(f"text column {name}: wrong array types")
        if int(offsets[0]) != 0 or int(offsets[-1]) != len(data) or (
                len(offsets) > 1 and bool(np.any(np.diff(offsets) < 1))):
            raise StoreError(f"text column {name}: offsets do not fit its text")
        return cls(data, offsets)


class CategoryColumn:
    """A column of few distinct strings: ``codes`` (int32) into ``values``."""

    __slots__ = ("codes", "values")

    def __init__(self, codes: np.ndarray, values: list[str]) -> None:
        self.codes = codes
        self.values = values

    @classmethod
    def from_values(cls, items: Iterable[str | None]) -> CategoryColumn:
        """Return a column of the values (``None`` is stored as the empty string)."""
        values = ["" if v is None else v for v in items]
        table = {v: i for i, v in enumerate(dict.fromkeys(values))}
        codes = np.fromiter(map(table.__getitem__, values), dtype=np.int32, count=len(values))
        return cls(codes, list(table))

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int) -> str:
        return self.values[int(self.codes[i])]

    def __iter__(self) -> Iterator[str]:
        values = self.values
        return (values[c] for c in self.codes.tolist())

    def mask(self, allowed: Iterable[str]) -> np.ndarray:
        """Return a boolean array: which rows hold one of the ``allowed`` values."""
        wanted = set(allowed)
        hits = np.flatnonzero([v in wanted for v in self.values]).astype(np.int32)
        return np.isin(self.codes, hits)

    def counts(self) -> dict[str, int]:
        """Return how many rows hold each value."""
        if not len(self.codes):
            return {}
        n = np.bincount(self.codes, minlength=len(self.values))
        return {v: int(c) for v, c in zip(self.values, n.tolist(), strict=True) if c}

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        """Return the column as named arrays for a file."""
        return {f"{name}.codes": self.codes,
                **StringColumn.from_strings(self.values).arrays(f"{name}.values")}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], name: str) -> CategoryColumn:
        """Return the column stored under ``name``, refusing codes out of range."""
        values = StringColumn.from_arrays(arrays, f"{name}.values").tolist()
        codes = arrays[f"{name}.codes"]
        if codes.dtype != np.int32 or codes.ndim != 1:
            raise StoreError(f"column {name}: wrong array types")
        if len(codes) and (int(codes.min()) < 0 or int(codes.max()) >= len(values)):
            raise StoreError(f"column {name}: codes out of range")
        return cls(codes, values)


def _spec(array: np.ndarray) -> tuple[str, list[int]]:
    return array.dtype.str, list(array.shape)


def write_store(path: str | os.PathLike[str], arrays: Mapping[str, np.ndarray], *,
                meta: Mapping[str, Any]) -> None:
    """Write named arrays and a JSON-able ``meta`` to ``path`` atomically.

    Raises
    ------
    OSError
        The folder cannot be written (the caller decides what to do: keep the index in
        memory).
    """
    from geoverify._paths import atomic_write_bytes

    entries: dict[str, dict[str, Any]] = {}
    chunks: list[bytes | memoryview] = []
    offset = 0
    for name, array in arrays.items():
        arr = np.ascontiguousarray(array)
        if arr.dtype.str not in _DTYPES:
            raise ValueError(f"array {name}: dtype {arr.dtype} cannot be stored")
        pad = (-offset) % _ALIGN
        if pad:
            chunks.append(b"\x00" * pad)
            offset += pad
        dtype, shape = _spec(arr)
        entries[name] = {"dtype": dtype, "shape": shape, "offset": offset,
                         "nbytes": int(arr.nbytes)}
        chunks.append(arr.tobytes() if arr.nbytes else b"")
        offset += arr.nbytes
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    header = json.dumps({"format": STORE_FORMAT, "meta": dict(meta), "arrays": entries,
                         "size": offset, "sha256": digest.hexdigest()},
                        ensure_ascii=True, sort_keys=True).encode("ascii")
    start = len(_MAGIC) + 8 + len(header)
    lead = (-start) % _ALIGN
    head = _MAGIC + (len(header) + lead).to_bytes(8, "little") + header + b" " * lead
    atomic_write_bytes(path, b"".join([head, *chunks]))


def read_store(path: str | os.PathLike[str], *, meta: Mapping[str, Any],
               names: Iterable[str]) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Map a file written by :func:`write_store`; return its arrays and its meta.

    Every key of ``meta`` must have the same value in the file, and the file must hold
    exactly the arrays ``names`` (``name.*`` matches the arrays of a column), of the
    allowed dtypes, within the file, with the SHA-256 the header states.

    Raises
    ------
    StoreError
        The file is not a geoverify index of this version, part and signature, or is
        damaged (the message says which check failed).
    FileNotFoundError
        There is no file.
    """
    file = Path(path)
    with file.open("rb") as handle:
        lead = handle.read(len(_MAGIC) + 8)
        if len(lead) < len(_MAGIC) + 8 or lead[:len(_MAGIC)] != _MAGIC:
            raise StoreError("not a geoverify index file")
        size = int.from_bytes(lead[len(_MAGIC):], "little")
        if not 0 < size <= _MAX_HEADER:
            raise StoreError("header size out of range")
        raw = handle.read(size)
        try:
            header = json.loads(raw.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            raise StoreError("header is not JSON") from None
        if not isinstance(header, dict):
            raise StoreError("header is not an object")
        if header.get("format") != STORE_FORMAT:
            raise StoreError(f"format {header.get('format')!r}, this geoverify reads "
                             f"{STORE_FORMAT}")
        stored_meta = header.get("meta")
        if not isinstance(stored_meta, dict):
            raise StoreError("no meta")
        for key, value in meta.items():
            if stored_meta.get(key) != value:
                raise StoreError(f"{key} {stored_meta.get(key)!r} is not {value!r}")
        base = len(_MAGIC) + 8 + size
        total = os.fstat(handle.fileno()).st_size
        if header.get("size") != total - base:
            raise StoreError(f"{total - base} bytes of arrays, the header says "
                             f"{header.get('size')!r} (a truncated file?)")
        entries = header.get("arrays")
        if not isinstance(entries, dict):
            raise StoreError("no array list")
        wanted = set(names)
        given = {n.split(".", 1)[0] if n.split(".", 1)[0] in wanted else n for n in entries}
        if given != wanted:
            missing = sorted(wanted - given)[:3]
            extra = sorted(given - wanted)[:3]
            raise StoreError(f"arrays missing {missing} or unexpected {extra}")
        view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if total else None
    if view is None:
        raise StoreError("empty file")
    if hashlib.sha256(memoryview(view)[base:]).hexdigest() != header.get("sha256"):
        raise StoreError("checksum does not match (a damaged file)")
    arrays: dict[str, np.ndarray] = {}
    for name, entry in entries.items():
        try:
            dtype = str(entry["dtype"])
            shape = tuple(int(n) for n in entry["shape"])
            offset, nbytes = int(entry["offset"]), int(entry["nbytes"])
        except (KeyError, TypeError, ValueError):
            raise StoreError(f"array {name}: bad entry") from None
        if dtype not in _DTYPES:
            raise StoreError(f"array {name}: dtype {dtype} is not allowed")
        count = math.prod(shape)  # Python integers: no overflow
        if min(shape, default=0) < 0 or count * np.dtype(dtype).itemsize != nbytes or (
                offset < 0 or offset % _ALIGN or offset + nbytes > total - base):
            raise StoreError(f"array {name}: shape, size or offset out of range")
        arrays[name] = np.frombuffer(view, dtype=np.dtype(dtype), count=count,
                                     offset=base + offset).reshape(shape)
    return arrays, dict(stored_meta)
