"""Read event datasets (ACLED, UCDP GED, generic) into GeoDataFrames of points, chunk by chunk.

:func:`read_events` returns one GeoDataFrame (EPSG:4326 points) with the original columns and
the normalized ones of :data:`EVENT_COLUMNS`; :func:`iter_events` yields the same frames one
chunk at a time. An original column whose name a normalized column takes (ACLED's and UCDP's
``country``, ACLED's ``admin1``) is kept as ``orig_<name>``.

Bad rows are never dropped silently. A row whose event id, coordinates, date or precision code
cannot be read, or a CSV record with another number of fields than the header (column ``row``),
is left out of the frame; a row whose country is unknown, or whose event id repeats an earlier
row's, is kept. Both kinds are listed in ``frame.attrs["bad_rows"]`` (a
:class:`BadRows`: row number, column, reason, value, and whether the row was dropped; see
:func:`bad_rows` and :meth:`BadRows.summary`). ``errors="raise"`` stops at the first instead.

Speed: CSV files are read by pyarrow's streaming reader (every column as text; the texts read as
missing are pandas.read_csv's), and each distinct value of a column (a date, a precision code, a
country, a place, a pair of actors) is parsed or looked up once, then spread over the rows.

Memory: CSV and Parquet are read ``chunksize`` rows at a time (default 200,000) and each chunk is
normalized before the next is read, so the peak is the finished frame plus one raw chunk.
``keep="needed"`` keeps only the columns the normalization reads (a 1,000,000-row ACLED export
then takes a few hundred MB instead of a few GB with its ``notes``); :func:`iter_events` never
holds more than one chunk. Excel workbooks are read whole (a sheet holds at most 1,048,576
rows). Larger-than-memory datasets go to dask (:mod:`geoverify.events.distributed`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geoverify.errors import DataFileError, GeoverifyError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

    from geoverify.events.layouts import Layout

__all__ = ["read_events", "iter_events", "bad_rows", "BadRows", "EVENT_COLUMNS",
           "parse_dates", "DATE_FORMATS", "normalize_frame"]

#: The normalized columns every event frame carries (beside the original columns and
#: ``geometry``). ``time_start`` / ``time_end``: aware UTC, half-open; ``uncertainty_m``: radius
#: in metres; ``country``: ISO 3166-1 alpha-2; ``actors``: the row's actors, sorted, joined
#: with " | " (compared by the duplicate check); ``source_row``: the record's number in its
#: source, counting the first data row as 1.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "time_start", "time_end", "uncertainty_m", "place", "country", "admin1",
    "source_dataset", "actors", "source_row",
)

#: Date formats tried, in order, on text dates (each on the values still unread): ACLED writes
#: "24 September 2022"; ISO dates (with or without a time) come from UCDP and re-saved files;
#: day-first numeric dates are the codebook's dd-mm-yyyy. Month-first dates are never guessed.
DATE_FORMATS: tuple[str, ...] = ("%d %B %Y", "%d %b %Y", "ISO8601", "%d-%B-%Y", "%d-%b-%Y",
                                 "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y")

_DEFAULT_CHUNKSIZE = 200_000


class BadRows(dict):  # type: ignore[type-arg]
    """The rows of a source that could not be read as they stand.

    A read-only dict ``{"records", "rows_read", "source"}`` (so a frame carrying it in ``attrs``
    still writes to Parquet, which stores ``attrs`` as JSON), shared rather than copied when
    pandas copies a frame's ``attrs``. ``records`` holds ``(row, column, reason, value,
    dropped)`` tuples; ``row`` counts the first data record of the source as 1; ``dropped`` says
    whether the row was left out of the frame.
    """

    def __init__(self, records: Any = (), rows_read: int = 0, source: str = "") -> None:
        super().__init__(records=tuple(tuple(r) for r in records), rows_read=int(rows_read),
                         source=str(source))

    @classmethod
    def of(cls, value: Any) -> BadRows:
        """Return ``value`` as a BadRows (a dict read back from Parquet metadata too)."""
        if isinstance(value, BadRows):
            return value
        if isinstance(value, dict):
            return cls(value.get("records", ()), value.get("rows_read", 0),
                       value.get("source", ""))
        return cls()

    def __deepcopy__(self, memo: dict[int, Any]) -> BadRows:  # never modified: share it
        return self

    def __copy__(self) -> BadRows:
        return self

    @property
    def records(self) -> tuple[tuple[Any, ...], ...]:
        """The ``(row, column, reason, value, dropped)`` records."""
        return tuple(self["records"])

    @property
    def rows_read(self) -> int:
        """The number of records read from the source."""
        return int(self["rows_read"])

    @property
    def source(self) -> str:
        """The path (or type) of the source."""
        return str(self["source"])

    @property
    def rows(self) -> int:
        """The number of distinct bad rows (kept and dropped)."""
        return len({r[0] for r in self.records})

    @property
    def dropped(self) -> int:
        """The number of distinct rows left out of the frame."""
        return len({r[0] for r in self.records if r[4]})

    def to_frame(self) -> pd.DataFrame:
        """Return the records as a DataFrame in row order.

        Columns: ``row``, ``column``, ``reason``, ``value``, ``dropped``.
        """
        import pandas as pd

        frame = pd.DataFrame(list(self.records),
                             columns=["row", "column", "reason", "value", "dropped"])
        return frame.sort_values(["row", "column"], kind="stable").reset_index(drop=True)

    def summary(self) -> str:
        """Return one line: rows read, bad rows, dropped, the commonest reasons.

        Examples
        --------
        >>> BadRows(((3, "latitude", "missing", "", True),), 10, "x.csv").summary()
        'x.csv: 10 rows read, 1 bad row (1 dropped): latitude missing (1)'
        """
        from collections import Counter

        n = self.rows
        head = (f"{self.source + ': ' if self.source else ''}{self.rows_read:,} rows read, "
                f"{n:,} bad row{'s' if n != 1 else ''} ({self.dropped:,} dropped)")
        if not self.records:
            return head
        counts = Counter(f"{r[1]} {r[2]}" for r in self.records)
        reasons = "; ".join(f"{k} ({v:,})" for k, v in counts.most_common(4))
        more = f"; {len(counts) - 4} more kinds" if len(counts) > 4 else ""
        return f"{head}: {reasons}{more}"

    def merged(self, other: BadRows) -> BadRows:
        """Return these records and ``other``'s (rows read added)."""
        return BadRows(self.records + other.records, self.rows_read + other.rows_read,
                       self.source or other.source)


def bad_rows(frame: Any) -> pd.DataFrame:
    """Return the bad rows of a frame from :func:`read_events` (an empty frame when none).

    Examples
    --------
    >>> import pandas as pd
    >>> bad_rows(pd.DataFrame()).columns.tolist()
    ['row', 'column', 'reason', 'value', 'dropped']
    """
    found = getattr(frame, "attrs", {}).get("bad_rows")
    return BadRows.of(found).to_frame()


# ----------------------------------------------------------------------------------- dates
def parse_dates(values: pd.Series, formats: Sequence[str] = DATE_FORMATS) -> pd.Series:
    """Return the calendar day of each value (naive datetime64 at midnight; NaT where unread).

    Accepts datetimes (Excel date cells), pandas timestamps and text in any of ``formats``;
    vectorized (each distinct value parsed once; one pass per format over the distinct values
    still unread).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(["24 September 2022", "2022-09-24", "16 May 2025", "24/09/2022", "soon"])
    >>> [str(d.date()) if d == d else "NaT" for d in parse_dates(s)]
    ['2022-09-24', '2022-09-24', '2025-05-16', '2022-09-24', 'NaT']
    """
    import numpy as np
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = values
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_localize(None)
        return out.dt.normalize().astype("datetime64[ns]")
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) < len(values):  # each distinct value parsed once, then spread by its code
        parsed = parse_dates(pd.Series(np.asarray(uniques, dtype=object), dtype=object),
                             formats).to_numpy()
        table = np.append(parsed, np.datetime64("NaT", "ns"))
        return pd.Series(table[codes], index=values.index, dtype="datetime64[ns]")
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    obj = values.astype("object")
    if pd.api.types.infer_dtype(obj, skipna=True) in ("string", "empty"):
        is_dt = pd.Series(False, index=obj.index)
    else:  # mixed cells (Excel): date cells and text cells
        is_dt = obj.map(lambda v: hasattr(v, "year") and hasattr(v, "month"),
                        na_action="ignore").fillna(False).astype(bool)
    if is_dt.any():
        stamps = pd.to_datetime(obj[is_dt].map(
            lambda v: v.replace(tzinfo=None) if getattr(v, "tzinfo", None) else v),
            errors="coerce")
        result[is_dt] = stamps.dt.normalize().to_numpy()
    text = obj[~is_dt & obj.notna()].astype(str).str.strip()
    text = text[text != ""]
    for fmt in formats:
        if text.empty:
            break
        parsed = pd.to_datetime(text, format=fmt, errors="coerce", cache=True)
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_localize(None)
        good = parsed.notna()
        if good.any():
            result[good[good].index] = parsed[good].dt.normalize().to_numpy()
            text = text[~good]
    return result


# ----------------------------------------------------------------------------------- sources
def _source_name(source: Any) -> str:
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    return type(source).__name__


def _kind_of(path: Path) -> str:
    suffixes = "".join(path.suffixes[-2:]).lower()
    if path.is_dir():
        return "parquet"
    for ext, kind in ((".csv", "csv"), (".csv.gz", "csv"), (".tsv", "csv"), (".txt", "csv"),
                      (".xlsx", "excel"), (".xlsm", "excel"), (".xls", "excel"),
                      (".parquet", "parquet"), (".pq", "parquet")):
        if suffixes.endswith(ext):
            return kind
    raise GeoverifyError(f"{path}: cannot tell the file type from its name (CSV, Excel .xlsx "
                         "or Parquet expected)")


def _header(source: Any, kind: str, encoding: str, sheet: Any) -> list[str]:
    import pandas as pd

    if kind == "frame":
        return [str(c) for c in source.columns]
    if kind == "csv":
        sep = "\t" if str(source).lower().endswith(".tsv") else ","
        return [str(c) for c in pd.read_csv(source, nrows=0, sep=sep, encoding=encoding).columns]
    if kind == "parquet":
        import pyarrow.dataset as ds

        return list(ds.dataset(str(source), format="parquet").schema.names)
    return [str(c) for c in pd.read_excel(source, sheet_name=sheet, nrows=0).columns]


def _chunks(source: Any, kind: str, *, chunksize: int, usecols: list[str] | None,
            parse_cols: list[str], encoding: str, sheet: Any,
            desc: str) -> Iterator[pd.DataFrame]:
    """Yield raw chunks of a source (the columns the normalization parses read as text)."""
    import pandas as pd

    from geoverify.events._progress import progress

    if kind == "frame":
        frame = source if usecols is None else source[usecols]
        with progress(total=len(frame), desc=desc, unit="rows", unit_scale=True) as bar:
            for start in range(0, max(len(frame), 1), chunksize):
                part = frame.iloc[start:start + chunksize]
                bar.update(len(part))
                yield part
        return
    if kind == "excel":
        yield pd.read_excel(source, sheet_name=sheet, dtype=object, usecols=usecols)
        return
    if kind == "parquet":
        import pyarrow.dataset as ds

        dataset = ds.dataset(str(source), format="parquet")
        total = dataset.count_rows()
        with progress(total=total, desc=desc, unit="rows", unit_scale=True) as bar:
            for batch in dataset.to_batches(columns=usecols, batch_size=chunksize):
                part = batch.to_pandas()
                bar.update(len(part))
                yield part
        return
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:  # the events extra is not installed: pandas' own reader
        yield from _pandas_csv_chunks(source, chunksize=chunksize, usecols=usecols,
                                      parse_cols=parse_cols, encoding=encoding, desc=desc)
        return
    yield from _csv_chunks(source, chunksize=chunksize, usecols=usecols, parse_cols=parse_cols,
                           encoding=encoding, desc=desc)


def _pandas_csv_chunks(source: Any, *, chunksize: int, usecols: list[str] | None,
                       parse_cols: list[str], encoding: str,
                       desc: str) -> Iterator[pd.DataFrame]:
    """Yield raw chunks of a CSV file read by pandas (when pyarrow is not installed)."""
    import pandas as pd

    from geoverify.events._progress import progress

    sep = "\t" if str(source).lower().endswith(".tsv") else ","
    size = os.path.getsize(source)
    with open(source, "rb") as handle, progress(total=size, desc=desc, unit="B",
                                                unit_scale=True) as bar:
        reader = pd.read_csv(handle, chunksize=chunksize, usecols=usecols, sep=sep,
                             dtype={c: str for c in parse_cols}, encoding=encoding,
                             low_memory=False)
        last = 0
        for part in reader:
            pos = handle.tell()
            bar.update(pos - last)
            last = pos
            yield part


#: Texts read as missing in a CSV file: pandas.read_csv's defaults, so a file reads as it did.
NA_TEXTS: tuple[str, ...] = ("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN",
                             "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN",
                             "None", "n/a", "nan", "null")


class _Malformed:
    """Records of a CSV file that do not have the header's number of fields (skipped, kept here).

    pyarrow numbers records from 1 with the header as record 1; ``records`` holds the data
    record numbers (the first data record is 1), in order.
    """

    def __init__(self) -> None:
        self.records: list[tuple[int, int, int, str]] = []

    def __call__(self, row: Any) -> str:
        number = -1 if row.number is None else int(row.number) - 1
        self.records.append((number, int(row.expected_columns), int(row.actual_columns),
                             str(row.text)))
        return "skip"

    def numbers(self) -> Any:
        import numpy as np

        return np.array(sorted(r[0] for r in self.records), dtype=np.int64)


def _csv_chunks(source: Any, *, chunksize: int, usecols: list[str] | None,
                parse_cols: list[str], encoding: str, desc: str) -> Iterator[pd.DataFrame]:
    """Yield raw chunks of a CSV file read by pyarrow's streaming reader, ``chunksize`` rows each.

    Every column is read as text (the columns the normalization parses stay text; the others
    become numbers when a chunk's values all are, as pandas.read_csv reads them). Each chunk
    carries ``attrs["records"]`` (the record number of each row) and ``attrs["malformed"]``
    (records skipped for a wrong number of fields since the previous chunk).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from geoverify.events._progress import progress

    sep = "\t" if str(source).lower().endswith(".tsv") else ","
    codec = encoding.lower().replace("_", "-")
    arrow_encoding = "utf8" if codec in ("utf-8-sig", "utf-8", "utf8") else encoding
    header = _header(source, "csv", encoding, 0)
    wanted = [c for c in header if usecols is None or c in usecols]
    malformed = _Malformed()
    handle = open(source, "rb")  # noqa: SIM115 - closed below, after the last chunk
    stream: Any = handle
    suffix = str(source).lower()
    for ext, codec_name in ((".gz", "gzip"), (".bz2", "bz2"), (".zst", "zstd")):
        if suffix.endswith(ext):
            stream = pa.CompressedInputStream(pa.PythonFile(handle, mode="r"), codec_name)
    reader = pacsv.open_csv(
        stream,
        # one thread: the reader then numbers the records it skips (and one core is the norm)
        read_options=pacsv.ReadOptions(encoding=arrow_encoding, block_size=1 << 24,
                                       use_threads=False),
        parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True,
                                         invalid_row_handler=malformed),
        convert_options=pacsv.ConvertOptions(
            include_columns=wanted, column_types={c: pa.string() for c in wanted},
            strings_can_be_null=True, null_values=list(NA_TEXTS)))
    size = os.path.getsize(source)
    pending: list[Any] = []
    held = 0
    kept = 0  # rows yielded so far
    told = 0  # malformed records reported so far

    def emit(table: Any) -> pd.DataFrame:
        nonlocal kept, told
        frame = _to_frame(table, parse_cols)
        skipped = malformed.numbers()
        ranks = np.arange(kept + 1, kept + len(frame) + 1)
        # the record number of the k-th row kept: k plus the skipped records before it
        shifted = skipped - np.arange(len(skipped))
        records = ranks + np.searchsorted(shifted, ranks, side="right")
        last = int(records[-1]) if len(records) else kept + len(skipped)
        new = [r for r in malformed.records[told:] if r[0] <= last]
        told += len(new)
        kept += len(frame)
        frame.attrs["records"] = records
        frame.attrs["malformed"] = new
        return frame

    try:
        with progress(total=size, desc=desc, unit="B", unit_scale=True) as bar:
            done = 0
            for batch in reader:
                pending.append(batch)
                held += batch.num_rows
                while held >= chunksize:
                    table = pa.Table.from_batches(pending)
                    yield emit(table.slice(0, chunksize))
                    rest = table.slice(chunksize)
                    pending, held = rest.to_batches(), rest.num_rows
                position = handle.tell()
                bar.update(max(0, position - done))
                done = position
            table = (pa.Table.from_batches(pending) if pending
                     else pa.Table.from_batches([], schema=reader.schema))
            if table.num_rows or kept == 0 or told < len(malformed.records):
                frame = emit(table)
                frame.attrs["malformed"] = frame.attrs["malformed"] + malformed.records[told:]
                yield frame
    finally:
        handle.close()


def _to_frame(table: Any, parse_cols: list[str]) -> pd.DataFrame:
    """Return a text table as pandas: parsed columns as text, the others as numbers if they are.

    A column whose every value reads as a whole number becomes int64 (float64 with missing
    values), as a decimal number float64; others stay text (pandas' ``str``).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        if name not in parse_cols and column.null_count < len(column):
            for target in (pa.int64(), pa.float64()):
                try:
                    column = pc.cast(column, target)
                    break
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                    continue
        elif name not in parse_cols:
            column = column.cast(pa.float64())  # all missing: NaN, as pandas reads it
        columns.append(column)
    return pa.table(columns, names=table.column_names).to_pandas()


# ----------------------------------------------------------------------------------- normalize
def _text(series: pd.Series, *, distinct: bool = True) -> pd.Series:
    """Return stripped text with empty and missing values as None (each distinct text once).

    ``distinct=False`` strips every value as it comes (a column of ids, all different).
    """
    from geoverify.events._values import texts

    return texts(series, distinct=distinct)


def _actor_set(parts: list[pd.Series]) -> pd.Series:
    """Return each row's actors, sorted, distinct, joined with " | " (once per distinct set).

    Examples
    --------
    >>> import pandas as pd
    >>> _actor_set([pd.Series(["B", "A", None, "A"]), pd.Series(["A", "A", "C", None])]).tolist()
    ['A | B', 'A', 'C', 'A']
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    from geoverify.events._values import text_codes

    n = len(parts[0])
    coded = [text_codes(p) for p in parts]
    # every name once, ranked in sorted order; a missing name ranks last
    found = [v for _, values in coded for v in values if v is not None]
    names = np.sort(np.asarray(pd.unique(np.asarray(found, dtype=object)), dtype=object))
    missing = len(names)
    ranks = np.zeros((n, len(coded)), dtype=np.int64)
    for j, (codes, values) in enumerate(coded):
        none = np.array([v is None for v in values], dtype=bool)
        rank = np.searchsorted(names, np.where(none, "", values).astype(str)) if len(
            names) else np.zeros(len(values), dtype=np.int64)
        ranks[:, j] = np.where(none, missing, rank)[codes]
    ranks = np.sort(ranks, axis=1)
    # the distinct sets: each joined once (pyarrow), then spread over the rows
    key = np.zeros(n, dtype=np.int64)
    for j in range(ranks.shape[1]):
        key, _ = pd.factorize(key * (missing + 1) + ranks[:, j])
        key = np.asarray(key, dtype=np.int64)
    seen = np.maximum.accumulate(key) if n else key
    first = np.flatnonzero(np.r_[True, key[1:] > seen[:-1]]) if n else key
    sets = ranks[first]
    table = np.empty(len(names) + 1, dtype=object)  # the names, then None (no actor)
    table[:-1] = names
    columns = []
    for j in range(sets.shape[1]):
        repeat = (sets[:, j] == sets[:, j - 1]) if j else np.zeros(len(sets), dtype=bool)
        names_j = table[sets[:, j]]
        names_j[repeat] = None  # an actor named twice counts once
        columns.append(pa.array(names_j, type=pa.string()))
    joined = pc.binary_join_element_wise(*columns, " | ", null_handling="skip")
    out = np.asarray(joined.to_numpy(zero_copy_only=False), dtype=object)
    out[out == ""] = None
    return pd.Series(out[key] if n else out, index=parts[0].index, dtype=object)


class _Problems:
    """Collects bad-row records of one chunk, vectorized (one call per reason)."""

    def __init__(self, records: Any, index: pd.Index) -> None:
        self.records = records  # the record number of each row of the chunk
        self.index = index
        self.parts: list[pd.DataFrame] = []

    def add(self, mask: Any, column: str, reason: str, values: Any, *, dropped: bool) -> None:
        import numpy as np
        import pandas as pd

        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        pos = np.flatnonzero(mask)
        if isinstance(values, str):
            shown: Any = [values] * len(pos)
        else:
            vals = pd.Series(values).iloc[pos]
            shown = vals.astype("object").where(vals.notna(), "").astype(str).to_numpy()
        self.parts.append(pd.DataFrame({"row": self.records[pos], "column": column,
                                        "reason": reason, "value": shown,
                                        "dropped": dropped}))

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        if not self.parts:
            return pd.DataFrame(columns=["row", "column", "reason", "value", "dropped"])
        return pd.concat(self.parts, ignore_index=True)


def _country_codes(chunk: pd.DataFrame, layout: Layout) -> pd.Series:
    import pandas as pd

    from geoverify.events.countries import iso2_from_gw, iso2_from_names, iso2_from_numeric

    out = pd.Series(None, index=chunk.index, dtype="object")
    if layout.country_iso_numeric and layout.country_iso_numeric in chunk:
        out = pd.Series(iso2_from_numeric(chunk[layout.country_iso_numeric]).to_numpy(),
                        index=chunk.index, dtype="object")
    if layout.country_gw and layout.country_gw in chunk:
        gw = pd.Series(iso2_from_gw(chunk[layout.country_gw]).to_numpy(), index=chunk.index,
                       dtype="object")
        out = out.where(out.notna(), gw)
    if layout.country and layout.country in chunk:
        names = pd.Series(iso2_from_names(chunk[layout.country]).to_numpy(), index=chunk.index,
                          dtype="object")
        out = out.where(out.notna(), names)
    return out.where(out.notna(), None)


def normalize_frame(chunk: pd.DataFrame, layout: Layout, *, first_row: int = 1,
                    dataset: str | None = None, keep: Any = "all",
                    precision_radii: Mapping[str, Any] | None = None,
                    time_precision: Mapping[Any, Any] | None = None,
                    default_uncertainty_m: float | None = None,
                    date_formats: Sequence[str] = DATE_FORMATS,
                    records: Any = None,
                    ) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Normalize one raw chunk: return (events GeoDataFrame, bad-row records of the chunk).

    ``first_row`` is the record number of the chunk's first row in its source, the rows being
    consecutive records; ``records`` gives each row's record number instead (a CSV file whose
    malformed records were skipped). Each distinct value of a column (a date, a code, a name)
    is read once.
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from geoverify.events._values import numbers, numbers_by_value
    from geoverify.events.codes import acled_date_span, radii_from_codes, utc_interval
    from geoverify.sites import UCDP_DATE_PRECISION_DAYS

    chunk = chunk.reset_index(drop=True)
    n = len(chunk)
    numbered = (np.arange(first_row, first_row + n, dtype="int64") if records is None
                else np.asarray(records, dtype="int64"))
    problems = _Problems(numbered, chunk.index)
    drop = np.zeros(n, dtype=bool)

    def col(name: str | None) -> pd.Series | None:
        return chunk[name] if name and name in chunk else None

    # event id
    if layout.event_id:
        ids = _text(chunk[layout.event_id], distinct=False)
        missing = ids.isna().to_numpy()
        problems.add(missing, layout.event_id, "missing event id", "", dropped=True)
        drop |= missing
    else:
        labels = pd.Series(numbered, dtype="int64").astype(str).astype(object)
        ids = pd.Series(f"{dataset or layout.name}-" + labels, dtype=object)

    # coordinates
    lat = numbers(chunk[layout.lat])
    lon = numbers(chunk[layout.lon])
    for name, values, limit in ((layout.lat, lat, 90.0), (layout.lon, lon, 180.0)):
        raw = chunk[name]
        absent = np.zeros(n, dtype=bool)
        nan = np.flatnonzero(np.isnan(values))  # only these can be missing or unread
        if len(nan):
            some = raw.iloc[nan]
            absent[nan] = some.isna().to_numpy() | (
                some.astype(object).astype(str).str.strip() == "").to_numpy()
        unread = np.isnan(values) & ~absent
        out_of_range = ~np.isnan(values) & (np.abs(values) > limit)
        problems.add(absent, name, "missing", "", dropped=True)
        problems.add(unread, name, "not a number", raw, dropped=True)
        problems.add(out_of_range, name, f"outside [-{limit:g}, {limit:g}]", raw, dropped=True)
        drop |= absent | unread | out_of_range
    null_island = (lat == 0.0) & (lon == 0.0)
    problems.add(null_island, f"{layout.lat},{layout.lon}",
                 "0, 0 is a placeholder for a missing location", "0, 0", dropped=True)
    drop |= null_island

    # dates: local calendar days first_day..last_day
    start_raw = chunk[layout.date]
    first = parse_dates(start_raw, date_formats)
    unread_date = first.isna().to_numpy()
    problems.add(unread_date & start_raw.notna().to_numpy(), layout.date, "unreadable date",
                 start_raw, dropped=True)
    problems.add(start_raw.isna().to_numpy(), layout.date, "missing date", "", dropped=True)
    drop |= unread_date
    last = first.copy()
    if layout.time_precision and layout.time_precision in chunk:
        codes = chunk[layout.time_precision]
        first, last, bad_code = acled_date_span(first, codes, time_precision)
        bad_code = bad_code.to_numpy() & ~unread_date
        problems.add(bad_code, layout.time_precision, "unknown time_precision code", codes,
                     dropped=True)
        drop |= bad_code
    end_raw = col(layout.date_end)
    if end_raw is not None:
        end = parse_dates(end_raw, date_formats)
        end_unread = end.isna().to_numpy() & end_raw.notna().to_numpy()
        problems.add(end_unread, str(layout.date_end), "unreadable date", end_raw, dropped=True)
        drop |= end_unread
        if layout.date_prec and layout.date_prec in chunk:
            prec = pd.Series(numbers_by_value(chunk[layout.date_prec]), index=chunk.index)
            span = prec.map(UCDP_DATE_PRECISION_DAYS)
            fallback = end.isna() & span.notna()
            first = first.where(~fallback, first - pd.to_timedelta(span, unit="D"))
            end = end.where(~fallback, last + pd.to_timedelta(span, unit="D"))
        last = end.where(end.notna(), last)
        reversed_ = (last < first).to_numpy()
        problems.add(reversed_, str(layout.date_end), "ends before it starts", end_raw,
                     dropped=True)
        drop |= reversed_

    # uncertainty radius
    if layout.geo_precision and layout.geo_precision in chunk:
        codes = chunk[layout.geo_precision]
        radius = radii_from_codes(str(layout.radius_scheme or layout.name), codes,
                                  precision_radii).to_numpy()
        bad = np.isnan(radius)
        problems.add(bad & codes.notna().to_numpy(), layout.geo_precision,
                     "unknown precision code", codes, dropped=True)
        problems.add(bad & codes.isna().to_numpy(), layout.geo_precision,
                     "missing precision code", "", dropped=True)
        drop |= bad
    elif layout.uncertainty_m and layout.uncertainty_m in chunk:
        raw = chunk[layout.uncertainty_m]
        radius = numbers(raw)
        bad = ~(np.isfinite(radius) & (radius >= 0))
        problems.add(bad, layout.uncertainty_m, "not a radius in metres >= 0", raw, dropped=True)
        drop |= bad
    elif default_uncertainty_m is not None:
        radius = np.full(n, float(default_uncertainty_m))
    else:
        raise GeoverifyError(
            "no uncertainty: map a precision-code column (columns={'geo_precision': ...} or "
            "{'where_prec': ...}) or a radius column (columns={'uncertainty_m': ...}), or give "
            "uncertainty_m=<metres> for every row")

    # country, place, admin1, actors
    country = _country_codes(chunk, layout)
    if layout.country or layout.country_iso_numeric or layout.country_gw:
        named = np.zeros(n, dtype=bool)
        for c in (layout.country, layout.country_iso_numeric, layout.country_gw):
            if c and c in chunk:
                named |= chunk[c].notna().to_numpy()
        unknown = country.isna().to_numpy() & named
        problems.add(unknown, str(layout.country or layout.country_iso_numeric
                                  or layout.country_gw), "unknown country (kept; no ISO code)",
                     chunk[layout.country] if layout.country in chunk else "", dropped=False)
    place = _text(chunk[layout.place]) if layout.place in chunk else pd.Series(None, index=chunk.index, dtype="object")  # noqa: E501
    admin1 = _text(chunk[layout.admin1]) if layout.admin1 in chunk else pd.Series(None, index=chunk.index, dtype="object")  # noqa: E501
    actor_cols = [c for c in layout.actors if c in chunk]
    if actor_cols and n:
        actors = _actor_set([_text(chunk[c]) for c in actor_cols])
    else:
        actors = pd.Series(None, index=chunk.index, dtype="object")

    time_start, time_end = utc_interval(first, last, country)

    def words(values: Any) -> pd.Series:
        # one dtype whatever a chunk holds (pandas 3 would infer "str" for some chunks only):
        # object, with None where a value is missing (the helpers above give None already)
        return pd.Series(np.asarray(values, dtype=object), dtype=object)

    normalized = pd.DataFrame({
        "event_id": words(ids.to_numpy()),
        "time_start": time_start.array,  # aware UTC, never through Python objects
        "time_end": time_end.array,
        "uncertainty_m": radius,
        "place": words(place.to_numpy()),
        "country": words(country.to_numpy()),
        "admin1": words(admin1.to_numpy()),
        "source_dataset": words(np.full(n, dataset or layout.name, dtype=object)),
        "actors": words(actors.to_numpy()),
        "source_row": numbered,
    })
    if isinstance(keep, str) and keep == "all":
        originals = chunk
    elif isinstance(keep, str) and keep == "needed":
        originals = chunk[[c for c in layout.source_columns() if c in chunk]]
    else:
        wanted = list(keep or [])
        originals = chunk[[c for c in wanted if c in chunk]]
    originals = originals.rename(columns={c: f"orig_{c}" for c in originals.columns
                                          if c in EVENT_COLUMNS or c == "geometry"})
    keep_rows = ~drop
    frame = pd.concat([originals.reset_index(drop=True), normalized], axis=1)[keep_rows]
    geometry = gpd.points_from_xy(lon[keep_rows], lat[keep_rows], crs="EPSG:4326")
    out = gpd.GeoDataFrame(frame.reset_index(drop=True), geometry=geometry, crs="EPSG:4326")
    return out, problems.frame()


# ----------------------------------------------------------------------------------- readers
def _resolve(source: Any, fmt: str, columns: Mapping[str, Any] | None, encoding: str,
             sheet: Any) -> tuple[Any, str, Layout]:
    import pandas as pd

    from geoverify.events.layouts import detect_format, layout_for

    if isinstance(source, pd.DataFrame):
        kind = "frame"
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise GeoverifyError(f"{path}: no such file")
        kind = _kind_of(path)
    else:
        raise GeoverifyError(f"read_events: {type(source).__name__} is not a path or a "
                             "DataFrame")
    fmt = (fmt or "auto").strip().lower()
    try:
        header = _header(source, kind, encoding, sheet)
    except (UnicodeDecodeError, ValueError, OSError) as exc:
        raise DataFileError(f"cannot read the header: {exc}",
                            path=_source_name(source)) from None
    if fmt == "auto":
        fmt = "generic" if columns and {"lat", "lon", "date"} <= set(columns) else \
            detect_format(header)
    layout = layout_for(fmt, columns)
    missing = [c for c in (layout.lat, layout.lon, layout.date) if c not in header]
    if missing:
        raise DataFileError(f"no column {', '.join(map(repr, missing))} (a {layout.name} "
                            f"table needs it; columns present: {', '.join(header[:12])}"
                            f"{'...' if len(header) > 12 else ''})", path=_source_name(source))
    return source, kind, layout


def iter_events(source: Any, *, format: str = "auto", columns: Mapping[str, Any] | None = None,
                keep: Any = "all", chunksize: int = _DEFAULT_CHUNKSIZE,
                dataset: str | None = None, errors: str = "report",
                precision_radii: Mapping[str, Any] | None = None,
                time_precision: Mapping[Any, Any] | None = None,
                uncertainty_m: float | None = None, encoding: str = "utf-8-sig",
                sheet: Any = 0, date_formats: Sequence[str] = DATE_FORMATS,
                ) -> Iterator[gpd.GeoDataFrame]:
    """Yield normalized event GeoDataFrames one chunk at a time (arguments as :func:`read_events`).

    Each chunk's bad rows are in its ``attrs["bad_rows"]``. Repeated event ids are found only
    within a chunk here (:func:`read_events` finds them across the whole source).
    """
    import pandas as pd

    if errors not in ("report", "raise"):
        raise GeoverifyError(f"errors={errors!r}: use 'report' or 'raise'")
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise GeoverifyError(f"chunksize {chunksize!r} must be a whole number >= 1")
    if not (isinstance(keep, str) and keep in ("all", "needed")) and isinstance(keep, str):
        raise GeoverifyError(f"keep={keep!r}: use 'all', 'needed' or a list of column names")
    source, kind, layout = _resolve(source, format, columns, encoding, sheet)
    name = _source_name(source)
    needed = layout.source_columns()
    header = _header(source, kind, encoding, sheet)
    usecols: list[str] | None = None
    if not (isinstance(keep, str) and keep == "all"):
        extra = [] if isinstance(keep, str) else list(keep)
        usecols = [c for c in header if c in needed or c in extra]
    parse_cols = [c for c in needed if c in header]
    first_row = 1
    try:
        for raw in _chunks(source, kind, chunksize=chunksize, usecols=usecols,
                           parse_cols=parse_cols, encoding=encoding, sheet=sheet,
                           desc=f"reading {Path(name).name}"):
            records = raw.attrs.pop("records", None)
            malformed = raw.attrs.pop("malformed", ())
            frame, problems = normalize_frame(
                raw, layout, first_row=first_row, dataset=dataset, keep=keep,
                precision_radii=precision_radii, time_precision=time_precision,
                default_uncertainty_m=uncertainty_m, date_formats=date_formats,
                records=records)
            found = [*problems.itertuples(index=False, name=None),
                     *((row, "row", f"has {got} fields where the header has {want} (skipped)",
                        text[:200], True) for row, want, got, text in malformed)]
            if errors == "raise" and found:
                first = min(found, key=lambda r: r[0])
                raise DataFileError(f"{first[2]} ({first[3]!r})", path=name, line=int(first[0]),
                                    field=str(first[1]))
            frame.attrs["bad_rows"] = BadRows(tuple(found), len(raw) + len(malformed), name)
            first_row += len(raw) + len(malformed)
            yield frame
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataFileError(f"cannot read past record {first_row - 1}: "
                            f"{' '.join(str(exc).split())}", path=name) from None
    except Exception as exc:  # pyarrow's reader: invalid UTF-8, an unterminated quote...
        if type(exc).__module__.startswith("pyarrow"):
            raise DataFileError(f"cannot read past record {first_row - 1}: "
                                f"{' '.join(str(exc).split())}", path=name) from None
        raise


def read_events(source: Any, format: str = "auto", *, columns: Mapping[str, Any] | None = None,
                keep: Any = "all", chunksize: int = _DEFAULT_CHUNKSIZE,
                dataset: str | None = None, errors: str = "report",
                precision_radii: Mapping[str, Any] | None = None,
                time_precision: Mapping[Any, Any] | None = None,
                uncertainty_m: float | None = None, encoding: str = "utf-8-sig",
                sheet: Any = 0, date_formats: Sequence[str] = DATE_FORMATS) -> Any:
    """Read an event dataset into a GeoDataFrame of points (EPSG:4326) with normalized columns.

    Parameters
    ----------
    source
        A path (CSV, ``.csv.gz``, Excel ``.xlsx``, Parquet file or partitioned Parquet folder), a
        pandas DataFrame, or a dask-geopandas/dask DataFrame (normalized per partition, see
        :mod:`geoverify.events.distributed`).
    format
        ``"auto"`` (from the column names), ``"acled"``, ``"ucdp"`` or ``"generic"``.
    columns
        Field -> source column (:data:`geoverify.events.layouts.LAYOUT_FIELDS`), on top of the
        format's layout; a generic table needs at least ``lat``, ``lon``, ``date`` and one of
        ``geo_precision`` / ``where_prec`` / ``uncertainty_m`` (or ``uncertainty_m=``).
    keep
        Original columns to keep: ``"all"`` (default), ``"needed"`` (only those the
        normalization reads: the memory-lean choice) or a list of names.
    chunksize
        Rows per chunk for CSV, Parquet and frames (memory: see the module docstring).
    dataset
        The ``source_dataset`` value (default: the format name).
    errors
        ``"report"`` (bad rows listed in ``attrs["bad_rows"]``) or ``"raise"`` (a
        :class:`~geoverify.errors.DataFileError` naming the row and column of the first).
    precision_radii, time_precision
        Overrides of the precision tables (:data:`geoverify.sites.PRECISION_RADII_M`,
        :data:`geoverify.events.codes.ACLED_TIME_PRECISION`).
    uncertainty_m
        One radius (metres) for every row of a table without precision or radius column.
    encoding, sheet, date_formats
        Text encoding of CSV files, the Excel sheet, the text date formats tried.

    Returns
    -------
    geopandas.GeoDataFrame
        The original columns (a clash renamed ``orig_<name>``), :data:`EVENT_COLUMNS` and
        ``geometry``; ``attrs["bad_rows"]`` holds a :class:`BadRows`.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"event_id_cnty": ["SYR1", "SYR2"],
    ...     "event_date": ["24 September 2022", "2022-09-25"], "time_precision": [1, 1],
    ...     "iso": [760, 760], "country": ["Syria", "Syria"], "admin1": ["Deir ez-Zor"] * 2,
    ...     "location": ["Hajin", "al-Mayadin"], "latitude": [34.695, "0"],
    ...     "longitude": [40.831, "0"], "geo_precision": [1, 1], "actor1": ["A", "B"]})
    >>> events = read_events(raw, "acled")
    >>> events[["event_id", "country", "uncertainty_m", "place"]].values.tolist()
    [['SYR1', 'SY', 2000.0, 'Hajin']]
    >>> str(events["time_start"].iloc[0]), str(events["time_end"].iloc[0])
    ('2022-09-23 21:00:00+00:00', '2022-09-24 21:00:00+00:00')
    >>> events.attrs["bad_rows"].summary()
    'DataFrame: 2 rows read, 1 bad row (1 dropped): latitude,longitude 0, 0 is a placeholder \
for a missing location (1)'
    """
    import geopandas as gpd
    import pandas as pd

    from geoverify.events import distributed

    if distributed.is_dask(source):
        return distributed.read_events(source, format=format, columns=columns, keep=keep,
                                       dataset=dataset, precision_radii=precision_radii,
                                       time_precision=time_precision,
                                       uncertainty_m=uncertainty_m, date_formats=date_formats)
    frames: list[gpd.GeoDataFrame] = []
    found = BadRows(source=_source_name(source))
    for frame in iter_events(source, format=format, columns=columns, keep=keep,
                             chunksize=chunksize, dataset=dataset, errors=errors,
                             precision_radii=precision_radii, time_precision=time_precision,
                             uncertainty_m=uncertainty_m, encoding=encoding, sheet=sheet,
                             date_formats=date_formats):
        found = found.merged(BadRows.of(frame.attrs.pop("bad_rows")))
        frames.append(frame)
    if frames:
        events = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry",
                                  crs="EPSG:4326")
    else:  # pragma: no cover - a source always yields at least one (maybe empty) chunk
        events = gpd.GeoDataFrame(columns=[*EVENT_COLUMNS, "geometry"], geometry="geometry",
                                  crs="EPSG:4326")
    repeated = events["event_id"].duplicated(keep="first").to_numpy()
    if repeated.any():
        first_of = events.drop_duplicates("event_id").set_index("event_id")["source_row"]
        rows = events.loc[repeated, ["event_id", "source_row"]]
        records = tuple(
            (int(r), "event_id", f"repeats the event id of row {int(first_of[i])} (kept)",
             str(i), False) for i, r in zip(rows["event_id"], rows["source_row"], strict=True))
        if errors == "raise":
            rec = records[0]
            raise DataFileError(f"{rec[2]} ({rec[3]!r})", path=found.source, line=rec[0],
                                field="event_id")
        found = BadRows(found.records + records, found.rows_read, found.source)
    events.attrs["bad_rows"] = found
    return events
