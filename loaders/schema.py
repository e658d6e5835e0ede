"""The tidy spend frame: one row per service line per financial year.

Every page, the store and the scenario planner speak this shape; the pandera
model is the single definition of it.
"""
from __future__ import annotations

from functools import cache

import pandas as pd

TIDY_COLUMNS = [
    "area",
    "strategic_area",
    "service",
    "provider",
    "provision",
    "commissioning_type",
    "funding_partners",
    "geography",
    "financial_year",
    "amount_gbp",
    "source_file",
    "source_sheet",
    "source_row",
    # Appended last so frames and stores written before it keep their column order.
    "source_column",
]

TEXT_COLUMNS = [c for c in TIDY_COLUMNS if c not in ("amount_gbp", "source_row")]
# What a store or frame written before source_column holds.
TIDY_COLUMNS_BEFORE_SOURCE_COLUMN = TIDY_COLUMNS[:-1]

COMMISSIONING_TYPES = [
    "Procured – sole funded",
    "Procured – jointly funded",
    "Grant funding",
    "Statutory contribution",
    "Not applicable",
    "Other",
]

UNASSIGNED_AREA = "Unassigned"

FINANCIAL_YEAR_PATTERN = r"^\d{4}/\d{2}$"


def empty_tidy_frame() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype="object") for column in TIDY_COLUMNS})
    frame["amount_gbp"] = frame["amount_gbp"].astype("float64")
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame


def validate_tidy(frame: pd.DataFrame) -> pd.DataFrame:
    if "source_column" not in frame.columns and list(frame.columns) == TIDY_COLUMNS_BEFORE_SOURCE_COLUMN:
        # Lines built before figures were named as cells (hand-made, or stored earlier): column unknown.
        frame = frame.assign(source_column="")
    return tidy_model().validate(frame)


@cache
def tidy_model():
    """The pandera model, built on first use: importing pandera takes 0.2 s that pages which only read never need."""
    import pandera.pandas as pa

    class TidySpend(pa.DataFrameModel):
        area: str
        strategic_area: str
        service: str
        provider: str
        provision: str
        commissioning_type: str = pa.Field(isin=COMMISSIONING_TYPES)
        funding_partners: str
        geography: str
        financial_year: str = pa.Field(str_matches=FINANCIAL_YEAR_PATTERN)
        amount_gbp: float
        source_file: str
        source_sheet: str
        source_row: int = pa.Field(ge=1)
        source_column: str = pa.Field(str_matches=r"^[A-Z]{0,3}$")  # "" where not known

        class Config:
            strict = True
            ordered = True
            coerce = True

    return TidySpend
