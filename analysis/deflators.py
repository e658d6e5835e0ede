"""Prices of one year: the GDP deflator table shipped in data/, or an inflation rate the user enters.

HM Treasury's "GDP deflators at market prices, and money GDP" is the series
the Green Book asks public bodies to use for real terms. data/gdp_deflators.csv
holds it only for years whose figure could be sourced (see data/gdp_deflators.md);
for every other year the price level is carried on from the nearest known year
at the user's annual rate, and each year says which it used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.years import format_year, year_start

DEFAULT_TABLE_PATH = Path(__file__).resolve().parent.parent / "data" / "gdp_deflators.csv"

FROM_TABLE = "GDP deflator table"
ASSUMED = "Assumed annual inflation"

_META = re.compile(r"^#\s*(?P<key>[a-z_ ]+):\s*(?P<value>.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class DeflatorTable:
    """Index values by financial year, with where they came from."""

    index: dict[str, float]
    source: dict[str, str] = field(default_factory=dict)

    @property
    def years(self) -> list[str]:
        return sorted(self.index, key=year_start)


def load_deflator_table(path: Path | str = DEFAULT_TABLE_PATH) -> DeflatorTable:
    """Read the CSV (columns financial_year, deflator_index; '# key: value' lines above say where from)."""
    path = Path(path)
    source: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            match = _META.match(line.strip())
            if match:
                source[match["key"].strip().lower().replace(" ", "_")] = match["value"].strip()
    frame = pd.read_csv(path, comment="#", dtype={"financial_year": str})
    if list(frame.columns) != ["financial_year", "deflator_index"]:
        raise ValueError(f"{path.name}: expected columns financial_year, deflator_index; found {list(frame.columns)}")
    index = {}
    for year, value in zip(frame["financial_year"], frame["deflator_index"]):
        year_start(year)
        if not value > 0:
            raise ValueError(f"{path.name}: the deflator for {year} must be a positive number, not {value}")
        index[year.strip()] = float(value)
    return DeflatorTable(index=index, source=source)


def price_levels(
    years: list[str],
    base_year: str,
    *,
    table: DeflatorTable | None = None,
    assumed_rate_pct: float = 2.0,
) -> pd.DataFrame:
    """Price level of each year with `base_year` = 100, and whether it came from the table or the assumed rate.

    Years between or beyond table years are carried from the nearest table
    year by compounding the assumed rate, so a table with gaps still works.
    """
    if not -50 < assumed_rate_pct < 100:
        raise ValueError("The assumed inflation rate must be between -50% and 100% a year")
    table = table or DeflatorTable(index={})
    growth = 1 + assumed_rate_pct / 100
    known = {year_start(year): value for year, value in table.index.items()}
    wanted = sorted({year_start(year) for year in [*years, base_year]})

    def level(start: int) -> tuple[float, str]:
        if start in known:
            return known[start], FROM_TABLE
        if not known:
            return growth ** (start - year_start(base_year)), ASSUMED
        nearest = min(known, key=lambda year: (abs(year - start), year))
        return known[nearest] * growth ** (start - nearest), ASSUMED

    levels = {start: level(start) for start in wanted}
    base_level = levels[year_start(base_year)][0]
    return pd.DataFrame(
        {
            "financial_year": [format_year(start) for start in wanted],
            "price_level": [levels[start][0] / base_level * 100 for start in wanted],
            "basis": [levels[start][1] for start in wanted],
        }
    )


def to_constant_prices(
    frame: pd.DataFrame,
    base_year: str,
    *,
    table: DeflatorTable | None = None,
    assumed_rate_pct: float = 2.0,
    amount_column: str = "amount_gbp",
) -> pd.DataFrame:
    """The frame plus `real_gbp`: each amount in `base_year` prices (cash x base level / year level)."""
    if frame.empty:
        return frame.assign(real_gbp=pd.Series(dtype="float64"), price_level=pd.Series(dtype="float64"), basis=pd.Series(dtype="str"))
    levels = price_levels(
        sorted(set(frame["financial_year"])), base_year, table=table, assumed_rate_pct=assumed_rate_pct
    ).set_index("financial_year")
    # astype("str"): a categorical's map() would give a categorical, not numbers.
    years = frame["financial_year"].astype("str")
    price_level = years.map(levels["price_level"])
    return frame.assign(
        real_gbp=frame[amount_column] * 100 / price_level,
        price_level=price_level,
        basis=years.map(levels["basis"]),
    )
