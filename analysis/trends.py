"""What changed between two years: per service, as a waterfall, as growth rates and in real terms.

A service is one service name within one strategic area of one PCC area, with
its lines summed (Leicestershire's two "Domestic Homicide Reviews" lines, city and
county, are one service). A service funded in year A and not in year B, or
funded at £0 in year B, has ended; the reverse is new.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis.change import LikeForLike, like_for_like_change
from analysis.deflators import DeflatorTable, to_constant_prices, year_start
from analysis.grouping import plain_text

SERVICE_KEY = ["area", "strategic_area", "service"]

NEW = "New"
INCREASE = "Increase"
DECREASE = "Decrease"
ENDED = "Ended"
UNCHANGED = "Unchanged"
STATUSES = [NEW, INCREASE, DECREASE, ENDED, UNCHANGED]

START = "start"
STEP = "step"
END = "end"


def _pence(value: float) -> float:
    """Money to the penny: sums of pounds-and-pence floats otherwise drift by a fraction of a penny."""
    return round(float(value) + 0.0, 2)


def year_total(frame: pd.DataFrame, year: str) -> float:
    return _pence(frame.loc[frame["financial_year"] == year, "amount_gbp"].sum())


def years_between(year_a: str, year_b: str) -> int:
    return year_start(year_b) - year_start(year_a)


def _status(amount_a: float, amount_b: float) -> str:
    if amount_a == 0 and amount_b != 0:
        return NEW
    if amount_a != 0 and amount_b == 0:
        return ENDED
    if amount_b > amount_a:
        return INCREASE
    if amount_b < amount_a:
        return DECREASE
    return UNCHANGED


def _amounts_in(frame: pd.DataFrame, keys: list[str], year_a: str, year_b: str) -> pd.DataFrame:
    """keys + amount_a + amount_b, 0 where a key has no line in that year."""
    def summed(year: str, name: str) -> pd.Series:
        lines = frame[frame["financial_year"] == year]
        return lines.groupby(keys, sort=True)["amount_gbp"].sum().rename(name)

    joined = pd.concat([summed(year_a, "amount_a"), summed(year_b, "amount_b")], axis=1).fillna(0.0)
    return plain_text(joined.reset_index())


def year_on_year(frame: pd.DataFrame, year_a: str, year_b: str) -> pd.DataFrame:
    """One row per service funded in either year: amounts in A and B, the change and its kind.

    Services with nothing in both years are left out.
    """
    columns = [*SERVICE_KEY, "amount_a", "amount_b", "change_gbp", "change_pct", "status"]
    changes = _amounts_in(frame, SERVICE_KEY, year_a, year_b)
    if changes.empty:
        return pd.DataFrame(columns=columns)
    changes = changes[(changes["amount_a"] != 0) | (changes["amount_b"] != 0)].copy()
    changes["amount_a"] = changes["amount_a"].map(_pence)
    changes["amount_b"] = changes["amount_b"].map(_pence)
    changes["change_gbp"] = (changes["amount_b"] - changes["amount_a"]).map(_pence)
    changes["change_pct"] = [
        (b - a) / a * 100 if a else math.nan for a, b in zip(changes["amount_a"], changes["amount_b"])
    ]
    changes["status"] = [_status(a, b) for a, b in zip(changes["amount_a"], changes["amount_b"])]
    return changes.sort_values(
        ["change_gbp", "service"], ascending=[False, True], ignore_index=True
    )[columns]


def status_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """How many services and how much money in each kind of change."""
    summary = (
        changes.groupby("status")
        .agg(services=("service", "size"), change_gbp=("change_gbp", "sum"))
        .reindex(STATUSES)
        .dropna(how="all")
        .reset_index()
    )
    summary["services"] = summary["services"].astype(int)
    summary["change_gbp"] = summary["change_gbp"].map(_pence)
    return summary


def waterfall_steps(frame: pd.DataFrame, year_a: str, year_b: str, *, largest: int = 10) -> pd.DataFrame:
    """Bars from the year A total to the year B total: the `largest` service changes, the rest grouped.

    Each row has `base_gbp` (where the bar starts) and `change_gbp` (its signed
    height); the last bar's top is exactly the year B total, because the
    remainder step takes whatever the named steps did not.
    """
    columns = ["label", "kind", "status", "strategic_area", "area", "service", "amount_a", "amount_b",
               "base_gbp", "change_gbp", "end_gbp"]
    total_a = year_total(frame, year_a)
    total_b = year_total(frame, year_b)
    changes = year_on_year(frame, year_a, year_b)
    changes = changes[changes["change_gbp"] != 0]
    ordered = changes.reindex(changes["change_gbp"].abs().sort_values(ascending=False, kind="stable").index)
    named = ordered.head(largest)
    rest = ordered.iloc[largest:]

    # The same service name in two PCC areas needs the area to tell the bars apart.
    repeated = set(named["service"][named["service"].duplicated()])
    blank = {"status": "", "strategic_area": "", "area": "", "service": "", "amount_a": math.nan, "amount_b": math.nan}
    rows = [{**blank, "label": f"{year_a} total", "kind": START, "base_gbp": 0.0, "change_gbp": total_a, "end_gbp": total_a}]
    running = total_a
    for record in named.sort_values(["change_gbp"], ascending=False, kind="stable").itertuples(index=False):
        label = f"{record.service} ({record.area})" if record.service in repeated else record.service
        rows.append({"label": label, "kind": STEP, "status": record.status,
                     "strategic_area": record.strategic_area, "area": record.area, "service": record.service,
                     "amount_a": record.amount_a, "amount_b": record.amount_b,
                     "base_gbp": running, "change_gbp": record.change_gbp,
                     "end_gbp": _pence(running + record.change_gbp)})
        running = _pence(running + record.change_gbp)
    remainder = _pence(total_b - running)
    if not rest.empty or remainder != 0:
        count = len(rest)
        label = f"Other changes ({count} service{'s' if count != 1 else ''})" if count else "Other changes"
        rows.append({**blank, "label": label, "kind": STEP,
                     "base_gbp": running, "change_gbp": remainder, "end_gbp": total_b})
        running = total_b
    rows.append({**blank, "label": f"{year_b} total", "kind": END, "base_gbp": 0.0, "change_gbp": total_b, "end_gbp": total_b})
    return pd.DataFrame(rows, columns=columns)


def cagr(start_amount: float, end_amount: float, years: int) -> float:
    """Compound annual growth rate in per cent; not defined from nothing or over no time."""
    if years <= 0 or start_amount <= 0 or end_amount < 0:
        return math.nan
    return ((end_amount / start_amount) ** (1 / years) - 1) * 100


def _cagr_table(frame: pd.DataFrame, keys: list[str], year_a: str, year_b: str) -> pd.DataFrame:
    columns = [*keys, "amount_a", "amount_b", "cagr_pct"]
    table = _amounts_in(frame, keys, year_a, year_b)
    if table.empty:
        return pd.DataFrame(columns=columns)
    span = years_between(year_a, year_b)
    table["cagr_pct"] = [cagr(a, b, span) for a, b in zip(table["amount_a"], table["amount_b"])]
    return table[columns]


def cagr_by_service(frame: pd.DataFrame, year_a: str, year_b: str) -> pd.DataFrame:
    return _cagr_table(frame, SERVICE_KEY, year_a, year_b)


def cagr_by_strategic_area(frame: pd.DataFrame, year_a: str, year_b: str) -> pd.DataFrame:
    return _cagr_table(frame, ["strategic_area"], year_a, year_b)


def totals_in_real_terms(
    frame: pd.DataFrame,
    base_year: str,
    *,
    table: DeflatorTable | None = None,
    assumed_rate_pct: float = 2.0,
    by: list[str] | None = None,
) -> pd.DataFrame:
    """Cash and constant-price totals per year (and per `by` column), with the price basis of each year."""
    keys = ["financial_year", *(by or [])]
    totals = plain_text(frame.groupby(keys, sort=True)["amount_gbp"].sum().reset_index())
    return to_constant_prices(totals, base_year, table=table, assumed_rate_pct=assumed_rate_pct)


@dataclass(frozen=True)
class TotalsChange:
    """The Trends page's headline: the two years' compared totals, the change between them and its yearly rate.

    Like for like (analysis.change): the totals are those of the areas and
    datasets both years hold; None, with no change, where they hold nothing in common.
    """

    year_a: str
    year_b: str
    total_a: float | None
    total_b: float | None
    change_gbp: float | None
    change_pct: float | None  # None from a total of nothing
    years: int
    cagr_pct: float
    like_for_like: LikeForLike


def totals_change(frame: pd.DataFrame, year_a: str, year_b: str) -> TotalsChange:
    change = like_for_like_change(frame, year_b, year_a)
    span = years_between(year_a, year_b)
    growth = cagr(change.previous_gbp, change.current_gbp, span) if change.comparable else math.nan
    return TotalsChange(
        year_a=year_a, year_b=year_b, total_a=change.previous_gbp, total_b=change.current_gbp,
        change_gbp=change.change_gbp, change_pct=change.change_pct, years=span, cagr_pct=growth,
        like_for_like=change,
    )
