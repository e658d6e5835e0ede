"""The inflation rate the planner suggests for an uplift: the GDP deflator's rise into the planned year.

A suggestion, named with its source, never applied unasked: a commissioner
may uplift by a contract's own index instead. Into a year the table does not
reach, the suggestion is the Trends page's assumed rate, and says so.
"""
from __future__ import annotations

from dataclasses import dataclass

from loaders.years import format_year, year_start
from scenarios.roll_forward import ASSUMED_RATE_PCT, deflator_source, deflator_table


@dataclass(frozen=True)
class RateSuggestion:
    """The rate, its source in a few words for the step's sentence, and the release it came from."""

    percent: float
    source: str
    release: str = ""


def suggested_uplift(plan_year: str) -> RateSuggestion:
    """The rise of the GDP deflator from the year before `plan_year` into it, e.g. 2021/22 on 2020/21."""
    previous = format_year(year_start(plan_year) - 1)
    index = deflator_table().index
    if plan_year in index and previous in index:
        percent = (index[plan_year] / index[previous] - 1) * 100
        return RateSuggestion(percent, f"HM Treasury GDP deflator, {plan_year} on {previous}", deflator_source())
    return RateSuggestion(
        ASSUMED_RATE_PCT, f"assumed {ASSUMED_RATE_PCT:g}% a year: the GDP deflator table has no {plan_year} on {previous}"
    )
