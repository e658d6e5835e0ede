"""Geography, Providers and Commissioning figures worked out once per distinct value, against the line-by-line way.

On a national store these pages spent seconds running regexes and string
functions on each of 100,000 lines that repeat a few hundred texts. Each
faster function is compared, exactly, with the straightforward computation
it replaced, on the bundled data held three ways: as text, as categoricals
with sorted categories (as the store gives them) and with shuffled categories
and missing values (as other callers may).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import geography
from analysis.text_columns import distinct_rows, plain_text

TEXT = ["area", "strategic_area", "service", "provider", "commissioning_type", "funding_partners", "geography",
        "financial_year"]


def _as_categories(lines: pd.DataFrame, *, shuffled: bool) -> pd.DataFrame:
    columns = {}
    for column in TEXT:
        values = sorted(lines[column].dropna().unique())
        if shuffled:
            values = list(np.random.default_rng(7).permutation(values))
        columns[column] = pd.Categorical(lines[column], categories=values)
    return lines.assign(**columns)


def _with_gaps(lines: pd.DataFrame) -> pd.DataFrame:
    """Some missing areas, strategic areas, services and partners, as an upload might hold.

    Not reaches or providers: the line-by-line functions themselves fail on a
    missing one, so there is nothing to compare.
    """
    gaps = lines.copy()
    for step, column in enumerate(["area", "strategic_area", "service", "funding_partners"]):
        gaps.loc[gaps.index[step::7], column] = None
    return gaps


@pytest.fixture(scope="module", params=["text", "sorted categories", "shuffled categories, gaps"])
def lines(request, bundled) -> pd.DataFrame:
    if request.param == "text":
        return bundled
    if request.param == "sorted categories":
        return _as_categories(bundled, shuffled=False)
    return _as_categories(_with_gaps(bundled), shuffled=True)


def test_distinct_rows_spread_back_to_every_line(lines):
    keys = ["geography", "area", "funding_partners"]
    first, inverse = distinct_rows(lines, keys)
    plain = plain_text(lines[keys]).fillna("(missing)")
    assert len(first) == len(plain.drop_duplicates())
    pd.testing.assert_frame_equal(plain.iloc[first].iloc[inverse].reset_index(drop=True),
                                  plain.reset_index(drop=True))


# --- geography ---------------------------------------------------------------------------------

def reference_add_reach_level(rows: pd.DataFrame) -> pd.DataFrame:
    levels = [geography.classify_reach(reach, area) for reach, area in zip(rows["geography"], rows["area"])]
    return rows.assign(**{geography.REACH_LEVEL: pd.Categorical(levels, categories=geography.REACH_LEVELS,
                                                                ordered=True)})


def test_reach_levels_as_line_by_line(lines):
    for rows in (lines, lines.iloc[::3], lines.iloc[:0]):
        pd.testing.assert_frame_equal(geography.add_reach_level(rows), reference_add_reach_level(rows))
