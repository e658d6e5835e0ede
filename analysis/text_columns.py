"""Text columns held as pandas categoricals, and turned back into plain text.

The dashboard keeps its one shared frame of spend lines with every text column
categorical (store.load_spend(text_as_category=True)): a national store of
100,000 lines takes 5 MB instead of 44 MB, and so does every filtered copy of
it, because a copy holds small integer codes rather than the strings.

The analysis functions take the lines either way and return the same thing:
plain `str` columns, so the tables, charts and downloads do not depend on how
the lines were held. Writing one that works on both:

- filtering (eq, isin, str.contains), grouping, sorting, unique() and
  iterating work on a categorical just as on text; groupby leaves out
  categories with no lines (pandas' default `observed=True`);
- anything that writes new text into a column (fillna(""), where, replace,
  `+`, or map() whose result is then sorted or computed with) needs
  `.astype("str")` first: a categorical only takes its own categories, and
  its map() returns another categorical that sorts by the old order;
- value_counts() on a categorical lists every category, even those with no line;
- aggregate results keep categorical keys; return them through plain_text().

tests/analysis/test_text_as_category.py runs every analysis function on both
forms of the same lines; a new one belongs in its list.
"""
from __future__ import annotations

from typing import TypeVar

import pandas as pd

FrameOrSeries = TypeVar("FrameOrSeries", pd.DataFrame, pd.Series)


def _is_text_category(dtype) -> bool:
    # Ordered categoricals are deliberate (geography's reach levels sort widest
    # first) and are left alone; the store's text categoricals are unordered.
    return isinstance(dtype, pd.CategoricalDtype) and not dtype.ordered


def _plain_index(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        levels = [_plain_index(level) for level in index.levels]
        return index.set_levels(levels) if any(a is not b for a, b in zip(levels, index.levels)) else index
    if _is_text_category(index.dtype):
        return index.astype("str")
    return index


def plain_text(data: FrameOrSeries) -> FrameOrSeries:
    """The frame (or series) with its categorical columns and index labels as plain `str`."""
    if isinstance(data, pd.Series):
        plain = data.astype("str") if _is_text_category(data.dtype) else data
    else:
        categorical = [column for column, dtype in data.dtypes.items() if _is_text_category(dtype)]
        plain = data.astype(dict.fromkeys(categorical, "str")) if categorical else data
        if _is_text_category(data.columns.dtype) or isinstance(data.columns, pd.MultiIndex):
            plain = plain.set_axis(_plain_index(data.columns), axis=1)
    index = _plain_index(plain.index)
    return plain if index is plain.index else plain.set_axis(index, axis=0)

