"""What each function of analysis.grouping means, written in plain pandas on plain text.

These are the definitions; analysis.grouping computes the same frames without
spelling out every line's text. tests/analysis/test_grouping.py holds the two
equal on every bundled dataset. Nothing else calls these.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.grouping import is_categorical_text, plain_text


def aggregate(frame: pd.DataFrame, by: Sequence[str], **named: tuple[str, str]) -> pd.DataFrame:
    return plain_text(frame).groupby(list(by), sort=True).agg(**named).reset_index()


def group_sum(frame: pd.DataFrame, by: Sequence[str], value: str = "amount_gbp") -> pd.DataFrame:
    return plain_text(frame).groupby(list(by), as_index=False, sort=True)[value].sum()


def per_value(column: pd.Series, work: Callable[[pd.Series], pd.Series]) -> pd.Series:
    return pd.Series(work(plain_text(column)).to_numpy(), index=column.index, name=column.name)


def per_distinct_row(
    frame: pd.DataFrame,
    keys: Sequence[str],
    work: Callable[[pd.DataFrame], Mapping[str, Sequence[str]]],
    *,
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    results = work(plain_text(frame[list(keys)]).reset_index(drop=True))
    columns = {}
    for column, values in results.items():
        values = list(values)
        if categories is not None:
            columns[column] = pd.Categorical(values, categories=list(categories), ordered=True)
        elif is_categorical_text(frame[keys[0]]):
            columns[column] = pd.Categorical(values, categories=sorted(set(values)))
        else:
            columns[column] = pd.Series(values, index=frame.index, dtype="str")
    return pd.DataFrame(columns, index=frame.index)


def items_per_line(column: pd.Series, parse: Callable[[Any], Sequence[Any]]) -> tuple[np.ndarray, list[Any]]:
    lines, items = [], []
    for position, value in enumerate(column):
        for item in parse(value):
            lines.append(position)
            items.append(item)
    return np.asarray(lines, dtype="int64"), items
