"""The funding envelope: the income a commissioner expects, and whether the plan fits it.

PCC victims' services are paid for from a few streams: the Ministry of
Justice victims' grant, the PCC's own contribution from the policing budget,
and co-funders (councils, NHS England, other PCCs). Each is entered once for
the planned year with its own expected change a year, because they move
differently: a grant can be flat for three years while a council's share
rises with inflation.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from scenarios.adjustments import AdjustmentError
from scenarios.projection import yearly_totals
from scenarios.result import ScenarioResult
from scenarios.targets import Target

FUNDING_CATEGORIES = ("Victims' grant", "PCC's own contribution", "Co-funder", "Other income")

FUNDING_COLUMNS = ["financial_year", "source", "category", "income_gbp"]
GAP_COLUMNS = ["financial_year", "spend_gbp", "income_gbp", "surplus_gbp", "position"]

SURPLUS = "Surplus"
SHORTFALL = "Shortfall"
BALANCED = "Balanced"


@dataclass(frozen=True)
class FundingSource:
    """One income stream: its amount in the planned year and its expected % change each year after."""

    source: str
    amount_gbp: float
    category: str = "Other income"
    percent_per_year: float = 0.0
    # The lines this money may pay for (the MoJ victims' grant: victims' services); empty is unrestricted.
    ring_fence: Target = field(default_factory=Target)

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise AdjustmentError("Each funding source needs a name")
        if self.category not in FUNDING_CATEGORIES:
            raise AdjustmentError(f"Unknown kind of funding '{self.category}'; choose one of {', '.join(FUNDING_CATEGORIES)}")
        for value in (self.amount_gbp, self.percent_per_year):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise AdjustmentError("Funding amounts and rates must be numbers")
        if self.amount_gbp < 0:
            raise AdjustmentError("Expected income cannot be below £0")

    def income_in(self, offset: int) -> float:
        """Income `offset` years after the planned year, compounding the yearly change."""
        return self.amount_gbp * (1 + self.percent_per_year / 100) ** offset

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "category": self.category,
            "amount_gbp": self.amount_gbp,
            "percent_per_year": self.percent_per_year,
            "ring_fence": self.ring_fence.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FundingSource:
        if not isinstance(data, dict):
            raise AdjustmentError("A funding source must be a JSON object")
        return cls(
            source=str(data.get("source", "")),
            category=str(data.get("category", "Other income")),
            amount_gbp=data.get("amount_gbp"),
            percent_per_year=data.get("percent_per_year", 0.0),
            ring_fence=Target.from_dict(data.get("ring_fence")),
        )


def funding_by_year(sources: list[FundingSource], years: list[str]) -> pd.DataFrame:
    """Expected income per source per year, in the order the sources were entered."""
    rows = [
        {"financial_year": year, "source": source.source, "category": source.category, "income_gbp": source.income_in(offset)}
        for offset, year in enumerate(years)
        for source in sources
    ]
    return pd.DataFrame(rows, columns=FUNDING_COLUMNS).astype({"income_gbp": "float64"})


def funding_gap(result: ScenarioResult, sources: list[FundingSource]) -> pd.DataFrame:
    """Planned spend against expected income for each year of the projection.

    surplus_gbp is income minus spend: positive is money left over, negative
    a shortfall the plan must close. Empty when no income has been entered,
    because "a shortfall of the whole budget" would only alarm.
    """
    if not sources:
        return pd.DataFrame(columns=GAP_COLUMNS)
    spend = yearly_totals(result)
    income = funding_by_year(sources, list(spend["financial_year"]))
    income_per_year = income.groupby("financial_year", sort=False)["income_gbp"].agg(math.fsum)
    frame = spend.assign(income_gbp=spend["financial_year"].map(income_per_year).astype("float64"))
    frame["surplus_gbp"] = frame["income_gbp"] - frame["spend_gbp"]
    frame["position"] = [_position(surplus) for surplus in frame["surplus_gbp"]]
    return frame[GAP_COLUMNS]


def sources_from_streams(streams: pd.DataFrame) -> list[FundingSource]:
    """Funding received as a stored dataset (analysis.income.funding_streams rows) as the plan's envelope.

    Each stream starts unrestricted; its ring-fence is the commissioner's to set,
    since a funding table says who gave the money, not what it may pay for.
    """
    return [
        FundingSource(source=f"{stream} ({funder})" if funder else str(stream), amount_gbp=float(amount))
        for stream, funder, amount in zip(streams["stream"], streams["funder"], streams["amount_gbp"])
    ]


def sources_to_data(sources: list[FundingSource]) -> list[dict[str, Any]]:
    return [source.to_dict() for source in sources]


def sources_from_data(data: Any) -> list[FundingSource]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise AdjustmentError("Funding sources must be a JSON list")
    return [FundingSource.from_dict(item) for item in data]


def _position(surplus: float) -> str:
    # Within half a penny the plan fits exactly; float noise should not read as a shortfall.
    if abs(surplus) < 0.005:
        return BALANCED
    return SURPLUS if surplus > 0 else SHORTFALL
