"""The lines as the dashboard holds them: text columns as categoricals, sorted or in any order, with gaps."""
from __future__ import annotations

import numpy as np
import pandas as pd


def as_categories(lines: pd.DataFrame, columns: list[str], *, shuffled: bool) -> pd.DataFrame:
    """`columns` as categoricals; shuffled categories catch code that assumes they sort like the text."""
    converted = {}
    for column in columns:
        values = sorted(lines[column].dropna().unique())
        if shuffled:
            values = list(np.random.default_rng(7).permutation(values))
        converted[column] = pd.Categorical(lines[column], categories=values)
    return lines.assign(**converted)


FORMS = ["text", "sorted categories", "shuffled categories, gaps"]


def with_gaps(lines: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Every seventh line missing one of `columns` in turn, as an upload might hold."""
    gaps = lines.copy()
    for step, column in enumerate(columns):
        gaps.loc[gaps.index[step::7], column] = None
    return gaps


def in_form(lines: pd.DataFrame, form: str, text: list[str], gaps: list[str]) -> pd.DataFrame:
    """The lines in one of FORMS: as read, as sorted categoricals, or shuffled categoricals with gaps."""
    if form == "text":
        return lines
    if form == "sorted categories":
        return as_categories(lines, text, shuffled=False)
    return as_categories(with_gaps(lines, gaps), text, shuffled=True)
