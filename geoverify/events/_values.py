"""Column values worked out once per distinct value (event tables repeat their values a lot).

An ACLED export of a million rows has a few thousand dates, a few hundred actors, a handful of
precision codes: parsing, stripping or looking up each distinct value once, then spreading the
answers over the rows by their codes (:func:`pandas.factorize`), is what makes reading fast.

Examples
--------
>>> import pandas as pd
>>> texts(pd.Series([" a ", "b", None, "", " a "])).tolist()
['a', 'b', None, None, 'a']
>>> numbers(pd.Series(["1", " 2.5", "x", None])).tolist()
[1.0, 2.5, nan, nan]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["distinct", "by_value", "texts", "text_codes", "numbers", "numbers_by_value"]


def distinct(series: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Return ``(codes, uniques)``: each row's code (-1 for a missing value) and the values."""
    import pandas as pd

    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), pd.Series(np.asarray(uniques, dtype=object),
                                                        dtype=object)


def by_value(series: pd.Series, func: Callable[[pd.Series], Any], missing: Any = None,
             dtype: Any = object) -> np.ndarray:
    """Return ``func`` of the distinct values spread over the rows (``missing`` where NA)."""
    codes, uniques = distinct(series)
    answers = np.asarray(func(uniques), dtype=dtype)
    table = np.empty(len(answers) + 1, dtype=dtype)
    table[:-1] = answers
    table[-1] = missing
    return table[codes]


def text_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(codes, values)`` of stripped texts: ``values[codes]`` are the row texts.

    Empty and missing texts are None (the last value); every row sharing a text shares one
    Python string.
    """
    codes, uniques = distinct(series)
    stripped = uniques.astype(str).str.strip()
    values = np.empty(len(stripped) + 1, dtype=object)
    values[:-1] = stripped.to_numpy(dtype=object)
    values[:-1][stripped.to_numpy(dtype=object) == ""] = None
    values[-1] = None
    codes = np.where(codes < 0, len(values) - 1, codes)
    # texts equal after stripping share one code
    import pandas as pd

    merged, firsts = pd.factorize(values, use_na_sentinel=False)
    table = np.asarray(firsts, dtype=object)
    table[pd.isna(table)] = None
    return np.asarray(merged, dtype=np.int64)[codes], table


def texts(series: pd.Series, *, distinct: bool = True) -> pd.Series:
    """Return stripped texts as objects, None where empty or missing (each text stripped once).

    ``distinct=False`` strips every value without looking for repeats (a column of ids).
    """
    import pandas as pd

    if distinct:
        codes, values = text_codes(series)
        return pd.Series(values[codes], index=series.index, dtype=object)
    text = series.astype("string").str.strip()
    text = text.mask(text == "")
    return pd.Series(text.to_numpy(dtype=object, na_value=None), index=series.index,
                     dtype=object)


def numbers(series: pd.Series) -> np.ndarray:
    """Return a column as float64 numbers, NaN where a value does not read as one.

    Text that pyarrow holds is cast in one pass when every value is a plain number (the common
    case); otherwise, and for other columns, :func:`pandas.to_numeric` reads it.
    """
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
            series.dtype):
        return series.to_numpy(dtype="float64", na_value=np.nan)
    array = series.array
    if hasattr(array, "__arrow_array__") and pd.api.types.is_string_dtype(series.dtype):
        import pyarrow as pa
        import pyarrow.compute as pc

        try:
            cast = pc.cast(array.__arrow_array__(), pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, TypeError):
            pass
        else:
            return np.asarray(cast.to_numpy(zero_copy_only=False), dtype="float64")
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def numbers_by_value(series: pd.Series) -> np.ndarray:
    """Return :func:`numbers` of a column with few distinct values (codes), each read once."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
            series.dtype):
        return series.to_numpy(dtype="float64", na_value=np.nan)
    return by_value(series, lambda u: pd.to_numeric(u, errors="coerce").astype("float64"),
                    missing=np.nan, dtype="float64")
