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

Grouping by a categorical costs as much as its categories (15,000 service
names in a national store), and turning 100,000 codes into text for a plain
groupby costs more than the grouping. The Overview's figures, redrawn on every
filter change, therefore group by integer codes (text_codes, sum_by_text) and
spell out only the groups, and test text a value at a time (each_value).

tests/analysis/test_text_as_category.py runs every analysis function on both
forms of the same lines; a new one belongs in its list.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
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


def _spelt(column: pd.Series) -> pd.Series:
    # Each category spelt once and picked by code: astype("str") converts
    # line by line, 0.15 s for a national store's table on every rerun.
    values = column.cat.categories.astype("str").array.take(column.cat.codes.to_numpy(), allow_fill=True)
    return pd.Series(values, index=column.index, name=column.name)


def plain_text(data: FrameOrSeries) -> FrameOrSeries:
    """The frame (or series) with its categorical columns and index labels as plain `str`."""
    if isinstance(data, pd.Series):
        plain = _spelt(data) if _is_text_category(data.dtype) else data
    else:
        categorical = [column for column, dtype in data.dtypes.items() if _is_text_category(dtype)]
        plain = data
        if categorical:
            plain = data.copy(deep=False)
            for column in categorical:
                plain[column] = _spelt(data[column])
        if _is_text_category(data.columns.dtype) or isinstance(data.columns, pd.MultiIndex):
            plain = plain.set_axis(_plain_index(data.columns), axis=1)
    index = _plain_index(plain.index)
    return plain if index is plain.index else plain.set_axis(index, axis=0)


def text_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(codes, values) of a text column: values[codes] is its plain text, -1 where it is missing.

    The codes are numbered in the order of the sorted values, so grouping by
    them gives the groups in the order grouping by the text would.
    """
    if not _is_text_category(column.dtype):
        codes, values = pd.factorize(column, sort=True)
        return codes, pd.Index(values)
    codes, values = column.cat.codes.to_numpy(), column.cat.categories
    if not values.is_monotonic_increasing:  # the store sorts them; others need not
        order = values.argsort()
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        codes, values = np.where(codes >= 0, rank[codes], -1), values.take(order)
    return codes, values.astype("str")


def sum_by_text(rows: pd.DataFrame, keys: Sequence[str], value: str = "amount_gbp") -> pd.DataFrame:
    """plain_text(rows.groupby(keys, as_index=False, sort=True)[value].sum()), grouped by codes.

    Same groups, order and sums (each group adds the same lines in the same
    order); only the groups' keys are spelt out as text.
    """
    codes, values = zip(*(text_codes(rows[key]) for key in keys))
    # One integer per combination, numbered in the order of the keys' text:
    # grouping by one integer is three times as fast as by several.
    combined = np.zeros(len(rows), dtype="int64")
    for code, labels in zip(codes, values):
        combined = combined * max(len(labels), 1) + code
    present = np.logical_and.reduce([code >= 0 for code in codes])  # groupby leaves out missing keys
    sums = pd.Series(rows[value].to_numpy()[present]).groupby(combined[present], sort=True).sum()
    spelt, rest = {}, sums.index.to_numpy()
    for key, labels in reversed(list(zip(keys, values))):
        rest, code = np.divmod(rest, max(len(labels), 1))
        spelt[key] = labels.take(code)
    return pd.DataFrame({key: spelt[key] for key in keys} | {value: sums.to_numpy()})


def each_value(column: pd.Series, test: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """test(column as plain text, missing values included), computed once per distinct value.

    `test` takes and returns a Series of the same length, one result per value.
    """
    codes, values = text_codes(column)
    distinct = pd.concat([pd.Series(values, dtype="str"), pd.Series([None], dtype="str")], ignore_index=True)
    # The missing value's result comes last, where a code of -1 picks it.
    return pd.Series(test(distinct).to_numpy()[codes], index=column.index, name=column.name)


def distinct_rows(frame: pd.DataFrame, keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(first, inverse): the position of one line per distinct combination of the keys, and each line's combination.

    For a function of a line's keys that is costly in Python: compute it for
    frame.iloc[first] only and spread the results to every line with
    results[inverse]. Missing values count as one value.
    """
    combined = np.zeros(len(frame), dtype="int64")
    for key in keys:
        codes, values = text_codes(frame[key])
        combined = combined * (len(values) + 1) + (codes + 1)
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    return first, inverse.reshape(-1)


def spread(results: Sequence[str], inverse: np.ndarray, index: pd.Index, *, as_category: bool) -> pd.Series:
    """Text worked out once per distinct value or row, given to every line: results[inverse].

    Categorical, its categories sorted, when the lines are held that way, so
    the figures drawn from it group codes; plain `str` otherwise. An inverse
    of -1 (text_codes' missing value) picks the last result.
    """
    results = np.asarray(results, dtype=object)
    if as_category:
        categories, codes = np.unique(results, return_inverse=True)
        return pd.Series(pd.Categorical.from_codes(codes.reshape(-1)[inverse], categories=categories), index=index)
    return pd.Series(results[inverse], index=index, dtype="str")
