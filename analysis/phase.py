"""Budget against actual, and the rule that the two are never added together.

A PCC's budget for a service and what was then spent on it are two views of the same
money: a total that adds them counts it twice. Every sum a page makes goes through
one_phase (a frame holding one phase) or is refused; lines stored before the phase
column have none, and count as budget, which is what a commissioning framework plans.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from loaders.phase import DEFAULT_PHASE, PHASES

VARIANCE_COLUMNS = ["budget_gbp", "actual_gbp", "variance_gbp", "variance_pct"]


class MixedPhases(ValueError):
    """A sum was asked of lines of more than one phase."""


def phases_of(lines: pd.DataFrame) -> pd.Series:
    """Each line's phase; the default where the frame has no phase column or a blank."""
    if "phase" not in lines.columns:
        return pd.Series(DEFAULT_PHASE, index=lines.index, dtype="object")
    return lines["phase"].astype("object").where(lines["phase"].notna() & lines["phase"].ne(""), DEFAULT_PHASE)


def phases_present(lines: pd.DataFrame) -> list[str]:
    """The phases the lines hold, in PHASES order, for a filter's choices."""
    held = set(phases_of(lines).unique())
    return [phase for phase in PHASES if phase in held]


def default_phase(lines: pd.DataFrame) -> str:
    """Budget where the lines hold any, else the first phase they hold."""
    present = phases_present(lines)
    return DEFAULT_PHASE if DEFAULT_PHASE in present or not present else present[0]


def one_phase(lines: pd.DataFrame, phase: str | None = None) -> pd.DataFrame:
    """The lines of one phase (the default when none is chosen), safe to sum."""
    if phase is not None and phase not in PHASES:
        raise ValueError(f"'{phase}' is not one of {', '.join(PHASES)}")
    chosen = phase or default_phase(lines)
    return lines.loc[phases_of(lines).eq(chosen)]


def require_one_phase(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines unchanged if they hold one phase; MixedPhases, naming them, if more."""
    present = phases_present(lines)
    if len(present) > 1:
        raise MixedPhases(f"these lines hold {' and '.join(present)}, which are never added together; "
                          "choose one phase")
    return lines


def budget_against_actual(lines: pd.DataFrame, by: Sequence[str] = ("area", "service", "financial_year")
                          ) -> pd.DataFrame:
    """Budget and actual side by side for every group that has both, with the variance.

    variance_gbp is actual less budget (an overspend is positive); variance_pct is it as a
    share of the budget, NaN where the budget is £0 (no share of nothing). A group with
    only one phase is left out: its variance is unknown, not the whole amount.
    """
    keys = list(by)
    phase = phases_of(lines)
    sums = {}
    for name in ("budget", "actual"):
        picked = lines.loc[phase.eq(name), keys + ["amount_gbp"]]
        sums[f"{name}_gbp"] = picked.groupby(keys, observed=True, sort=True)["amount_gbp"].sum()
    table = pd.concat(sums, axis=1, join="inner").reset_index()
    if table.empty:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in keys}
                            | {column: pd.Series(dtype="float64") for column in VARIANCE_COLUMNS})
    table["variance_gbp"] = (table["actual_gbp"] - table["budget_gbp"]).round(2)
    budget = table["budget_gbp"].where(table["budget_gbp"].ne(0))
    table["variance_pct"] = table["variance_gbp"] / budget * 100
    return table[keys + VARIANCE_COLUMNS]
