"""The published budget a scenario starts from: one dataset's lines for one area and year."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.grouping import plain_text
from loaders.schema import TIDY_COLUMNS

BASELINE_COLUMNS = ["dataset_id", "dataset_name", "area", "financial_year"]


@dataclass(frozen=True)
class BaselineRef:
    """Which published budget a scenario starts from."""

    dataset_id: int
    dataset_name: str
    area: str
    financial_year: str

    def label(self) -> str:
        return f"{self.area} {self.financial_year} ({self.dataset_name})"


def baseline_lines(spend: pd.DataFrame, *, area: str, financial_year: str) -> pd.DataFrame:
    """One area's lines for one year, in published order: the frame a scenario starts from."""
    chosen = spend[(spend["area"] == area) & (spend["financial_year"] == financial_year)]
    order = [column for column in ("source_row",) if column in chosen.columns]
    return chosen.sort_values(order, kind="stable")[TIDY_COLUMNS].reset_index(drop=True)




def baseline_options(spend: pd.DataFrame) -> pd.DataFrame:
    """Each dataset, area and financial year a scenario can start from, latest year first.

    Years sort as text because "2020/21" does; the latest is the default
    baseline, being the budget a commissioner plans next year's from.
    """
    if spend.empty:
        return pd.DataFrame(columns=BASELINE_COLUMNS + ["total_gbp", "lines"])
    options = plain_text(
        spend.groupby(BASELINE_COLUMNS, sort=False)
        .agg(total_gbp=("amount_gbp", "sum"), lines=("amount_gbp", "size"))
        .reset_index()
    )
    return options.sort_values(
        ["dataset_name", "area", "financial_year"], ascending=[True, True, False], kind="stable"
    ).reset_index(drop=True)


def baseline_frame(spend: pd.DataFrame, baseline: BaselineRef) -> pd.DataFrame:
    """The baseline's lines from a store spend frame (one with dataset_id)."""
    chosen = plain_text(spend[spend["dataset_id"] == baseline.dataset_id])
    return baseline_lines(chosen, area=baseline.area, financial_year=baseline.financial_year)
