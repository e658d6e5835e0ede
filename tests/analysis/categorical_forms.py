"""The lines as the dashboard holds them: text columns as categoricals, sorted or in any order."""
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
