"""Ring-fenced envelopes: each funding stream against the spend it may pay for, and every breach in words.

A plan can fit its total income and still break a ring-fence: the Ministry
of Justice victims' grant may only fund victims' services, a Community Safety
Grant only community safety. Each year, every ring-fenced stream (in the
order entered) pays first for the lines its fence takes in, up to what it
holds; what is left of every line is paid from the unrestricted streams, in
order. Spend no stream may pay for is the shortfall, and if the total income
would have covered it, the ring-fence is what the plan breaks.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis.money import format_gbp
from scenarios.funding import FundingSource
from scenarios.projection import projection_lines
from scenarios.result import ScenarioResult

STREAM_COLUMNS = ["financial_year", "source", "ring_fence", "available_gbp", "committed_gbp", "over_gbp"]
TOTAL_STREAM = "All streams"
UNFUNDED = "Spend no stream may pay for"
# Within half a penny a stream is exactly used; float noise is not a breach.
PENNY = 0.005


@dataclass(frozen=True)
class EnvelopeCheck:
    """Per year and stream, available against committed (and the amount over), plus each breach in a sentence."""

    streams: pd.DataFrame
    breaches: list[str]

    @property
    def fits(self) -> bool:
        return not self.breaches


def check_envelopes(result: ScenarioResult, sources: list[FundingSource]) -> EnvelopeCheck:
    """Every year of the plan against every stream; empty when no income has been entered."""
    if not sources:
        return EnvelopeCheck(pd.DataFrame(columns=STREAM_COLUMNS), [])
    lines = projection_lines(result)
    rows, breaches = [], []
    for offset, year in enumerate(result.plan_years or [result.plan_year]):
        year_lines = lines[lines["financial_year"] == year]
        year_rows, year_breaches = _one_year(year, year_lines, sources, offset)
        rows += year_rows
        breaches += year_breaches
    return EnvelopeCheck(pd.DataFrame(rows, columns=STREAM_COLUMNS).astype(
        {"available_gbp": "float64", "committed_gbp": "float64", "over_gbp": "float64"}), breaches)


def _one_year(year: str, lines: pd.DataFrame, sources: list[FundingSource], offset: int) -> tuple[list[dict], list[str]]:
    unpaid = lines["amount_gbp"].astype("float64").to_numpy().copy()
    rows, breaches = [], []
    fenced = [source for source in sources if not source.ring_fence.everything]
    free = [source for source in sources if source.ring_fence.everything]
    left_in_fences = []
    for source in fenced:
        available = source.income_in(offset)
        inside = source.ring_fence.mask(lines).to_numpy()
        wanted = math.fsum(unpaid[inside])
        committed = min(available, wanted)
        if wanted > 0:
            unpaid[inside] *= 1 - committed / wanted
        rows.append(_row(year, source, available, committed))
        if available - committed > PENNY:
            left_in_fences.append((source, available - committed))
    need = math.fsum(unpaid)
    for position, source in enumerate(free):
        available = source.income_in(offset)
        # The last unrestricted stream carries what none can pay, so its row shows the overspend.
        committed = need if position == len(free) - 1 else min(available, need)
        need -= committed
        rows.append(_row(year, source, available, committed))
    over = sum(row["over_gbp"] for row in rows) + (need if not free else 0.0)
    if not free and need > PENNY:
        rows.append({"financial_year": year, "source": UNFUNDED, "ring_fence": "", "available_gbp": 0.0,
                     "committed_gbp": need, "over_gbp": need})
    spend, income = math.fsum(lines["amount_gbp"]), math.fsum(source.income_in(offset) for source in sources)
    rows.append({"financial_year": year, "source": TOTAL_STREAM, "ring_fence": "", "available_gbp": income,
                 "committed_gbp": spend, "over_gbp": max(spend - income, 0.0)})
    if over > PENNY:
        if spend - income > PENNY:
            breaches.append(f"{year}: the plan spends {format_gbp(spend)} against {format_gbp(income)} of income, "
                            f"a shortfall of {format_gbp(spend - income)}.")
        for source, left in left_in_fences:
            breaches.append(
                f"{year}: {source.source} is ring-fenced to the lines with {source.ring_fence.label()}; "
                f"{format_gbp(left)} of it is unspent but cannot pay for the {format_gbp(over)} of other spend "
                "that no other stream covers."
            )
        if not left_in_fences and spend - income <= PENNY:
            breaches.append(f"{year}: {format_gbp(over)} of spend has no stream that may pay for it.")
    return rows, breaches


def _row(year: str, source: FundingSource, available: float, committed: float) -> dict:
    return {
        "financial_year": year, "source": source.source,
        "ring_fence": "" if source.ring_fence.everything else source.ring_fence.label(),
        "available_gbp": available, "committed_gbp": committed, "over_gbp": max(committed - available, 0.0),
    }
