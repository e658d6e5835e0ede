"""Grouping, and work done once per distinct value, on spend lines whose text may be categorical.

The dashboard holds its one shared frame of spend lines with every text column
categorical (store.load_spend(text_as_category=True)), so that the frame and
every filtered copy of it hold small integer codes rather than strings. That
makes two ordinary moves expensive: grouping by a categorical costs as much as
its categories (a national store names 15,000 services), and turning codes
back into text for a plain groupby costs more than the grouping. So no other
module groups the lines by their text or reads their codes: they call this
one, which groups by the codes and spells out only the groups, or the distinct
values, it returns.

Every function here means exactly what its plain-pandas twin in
analysis.grouping_reference computes, and returns the same frame, dtypes
included, whether the lines hold text or categoricals (tests/analysis/test_grouping.py
compares the two on every bundled dataset). Results always hold plain `str`,
except where a function says it gives a categorical column back to the lines.

Writing other analysis code on lines that may be categorical:

- filtering (eq, isin, str.contains), sorting, unique() and iterating work on
  a categorical just as on text;
- anything that writes new text into a column (fillna(""), where, replace,
  `+`, or map() whose result is then sorted or computed with) needs
  `.astype("str")` first: a categorical only takes its own categories, and
  its map() returns another categorical that sorts by the old order;
- value_counts() on a categorical lists every category, even those with no line;
- a pandas groupby on a small result of this module is fine; on the lines, use
  aggregate or group_sum; anything returned with categorical columns goes
  through plain_text().
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd

FrameOrSeries = TypeVar("FrameOrSeries", pd.DataFrame, pd.Series)

# How aggregate may reduce a column; each means what pandas' groupby.agg does.
AGGREGATIONS = ("sum", "size", "nunique", "last")


def _is_text_category(dtype) -> bool:
    # Ordered categoricals are deliberate (geography's reach levels sort widest
    # first) and are left alone; the store's text categoricals are unordered.
    return isinstance(dtype, pd.CategoricalDtype) and not dtype.ordered


def is_categorical_text(column: pd.Series) -> bool:
    """True when the column holds the store's categorical text, so results spread to the lines should too."""
    return _is_text_category(column.dtype)


# --- text -------------------------------------------------------------------------------------

def _plain_index(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        levels = [_plain_index(level) for level in index.levels]
        return index.set_levels(levels) if any(a is not b for a, b in zip(levels, index.levels)) else index
    if _is_text_category(index.dtype):
        return index.astype("str")
    return index


def _spelt(column: pd.Series) -> pd.Series:
    # Each category spelt once and picked by code, rather than converted line by line.
    values = column.cat.categories.astype("str").array.take(column.cat.codes.to_numpy(), allow_fill=True)
    return pd.Series(values, index=column.index, name=column.name)


def plain_text(data: FrameOrSeries) -> FrameOrSeries:
    """The frame (or series) with its categorical text columns and index labels as plain `str`."""
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


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(codes, values): values[codes] is the column's text, -1 where it is missing.

    Numbered in the order of the sorted values, so grouping by the codes gives
    the groups in the order grouping by the text would.
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


def _combined(frame: pd.DataFrame, keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[pd.Index]]:
    """(one integer per line naming its combination of keys, numbered in the keys' text order; present; values)."""
    codes, values = zip(*(_codes(frame[key]) for key in keys))
    combined = np.zeros(len(frame), dtype="int64")
    for code, labels in zip(codes, values):
        combined = combined * max(len(labels), 1) + code
    present = np.logical_and.reduce([code >= 0 for code in codes])  # groupby leaves out missing keys
    return combined, present, list(values)


def _spell_keys(combined: np.ndarray, keys: Sequence[str], values: Sequence[pd.Index]) -> dict[str, Any]:
    spelt, rest = {}, combined
    for key, labels in reversed(list(zip(keys, values))):
        rest, code = np.divmod(rest, max(len(labels), 1))
        spelt[key] = labels.take(code)
    return {key: spelt[key] for key in keys}


# --- grouping ---------------------------------------------------------------------------------

def aggregate(frame: pd.DataFrame, by: Sequence[str], **named: tuple[str, str]) -> pd.DataFrame:
    """One row per combination of `by` with lines, sorted, and each named (column, how) reduction.

    plain_text(frame.groupby(by, sort=True).agg(**named).reset_index()): `how`
    is one of AGGREGATIONS; lines missing a key are left out, as groupby leaves
    them; nunique and last skip missing values, as groupby does.
    """
    combined, present, values = _combined(frame, by)
    columns, spell = {}, {}
    for name, (column, how) in named.items():
        if how not in AGGREGATIONS:
            raise ValueError(f"aggregate cannot {how!r}; it knows {', '.join(AGGREGATIONS)}")
        series = frame[column]
        if how in ("nunique", "last") and not pd.api.types.is_numeric_dtype(series.dtype):
            # Text reduced as codes (missing as NaN, which both skip), spelt out after.
            codes, labels = _codes(series)
            columns[name] = np.where(codes >= 0, codes, np.nan)[present]
            if how == "last":
                spell[name] = labels
        else:
            columns[name] = series.to_numpy()[present]
    grouped = pd.DataFrame(columns).groupby(combined[present], sort=True)
    reduced = grouped.agg(**{name: (name, how) for name, (column, how) in named.items()}) if named else grouped.size()
    keys = _spell_keys(reduced.index.to_numpy(), by, values)
    result = pd.DataFrame(keys | {name: reduced[name].to_numpy() for name in named})
    for name, labels in spell.items():
        codes = result[name].to_numpy()
        result[name] = labels.take(np.where(np.isnan(codes), -1, codes).astype("int64"),
                                   allow_fill=True, fill_value=np.nan)
    return result


def group_sum(frame: pd.DataFrame, by: Sequence[str], value: str = "amount_gbp") -> pd.DataFrame:
    """by + value: the lines' `value` summed per combination of `by`, in the keys' sorted order.

    plain_text(frame.groupby(by, as_index=False, sort=True)[value].sum()):
    the same groups, order and sums, each group adding its lines in their order.
    """
    return aggregate(frame, by, **{value: (value, "sum")})


# --- work once per distinct value -------------------------------------------------------------

def per_value(column: pd.Series, work: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """work(column as plain text, missing values included), computed once per distinct value.

    `work` takes and returns a Series of the same length, one result per value.
    """
    codes, values = _codes(column)
    distinct = pd.concat([pd.Series(values, dtype="str"), pd.Series([None], dtype="str")], ignore_index=True)
    # The missing value's result comes last, where a code of -1 picks it.
    return pd.Series(work(distinct).to_numpy()[codes], index=column.index, name=column.name)


def _distinct_rows(frame: pd.DataFrame, keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(first, inverse): one line per distinct combination of the keys, and each line's combination."""
    combined = np.zeros(len(frame), dtype="int64")
    for key in keys:
        codes, values = _codes(frame[key])
        combined = combined * (len(values) + 1) + (codes + 1)  # missing values count as one value
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    return first, inverse.reshape(-1)


def _spread(results: Sequence[Any], inverse: np.ndarray, index: pd.Index, *, as_category: bool,
            categories: Sequence[str] | None) -> pd.Series:
    results = np.asarray(results, dtype=object)
    if categories is not None:
        position = {category: number for number, category in enumerate(categories)}
        codes = np.asarray([position[result] for result in results], dtype="int64")[inverse]
        return pd.Series(pd.Categorical.from_codes(codes, categories=list(categories), ordered=True), index=index)
    if as_category:
        found, codes = np.unique(results, return_inverse=True)
        return pd.Series(pd.Categorical.from_codes(codes.reshape(-1)[inverse], categories=found), index=index)
    return pd.Series(results[inverse], index=index, dtype="str")


def per_distinct_row(
    frame: pd.DataFrame,
    keys: Sequence[str],
    work: Callable[[pd.DataFrame], Mapping[str, Sequence[str]]],
    *,
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Text columns worked out once per distinct combination of `keys` and given to every line.

    `work` takes the distinct rows (frame[keys] as plain text, missing values
    included) and returns {column: one text per row}. The columns come back
    indexed like `frame`: an ordered categorical of `categories` when given;
    otherwise categorical (categories sorted) when frame[keys[0]] is the
    store's categorical text, so figures drawn from them group codes too, and
    plain `str` when it is text.
    """
    first, inverse = _distinct_rows(frame, keys)
    distinct = plain_text(frame[list(keys)].iloc[first]).reset_index(drop=True)
    as_category = _is_text_category(frame[keys[0]].dtype)
    return pd.DataFrame({
        column: _spread(list(results), inverse, frame.index, as_category=as_category, categories=categories)
        for column, results in work(distinct).items()
    }, index=frame.index)


def items_per_line(column: pd.Series, parse: Callable[[Any], Sequence[Any]]) -> tuple[np.ndarray, list[Any]]:
    """(line positions, items): one entry per item of parse(value) of every line, line by line.

    `parse` runs once per distinct value (a national store repeats eight
    co-funder texts over 100,000 lines); a line whose value parses to three
    items appears three times, its items in their order.
    """
    first, inverse = _distinct_rows(column.to_frame(), [column.name])
    parsed = [list(parse(value)) for value in column.iloc[first]]
    lengths = np.array([len(items) for items in parsed], dtype="int64")
    per_line = lengths[inverse]
    line = np.repeat(np.arange(len(column)), per_line)
    # Where each entry's item sits among all the parsed ones: its value's first, plus its place on the line.
    starts = np.concatenate([[0], np.cumsum(lengths)])
    place = np.arange(len(line)) - np.repeat(np.cumsum(per_line) - per_line, per_line)
    every = [item for items in parsed for item in items]
    return line, [every[position] for position in starts[inverse[line]] + place]
