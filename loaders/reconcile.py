"""Checking a file against its own subtotals: the first question any finance officer asks."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.money import format_gbp

# Pence-level float noise is not a discrepancy; anything from a penny up is.
TOLERANCE_GBP = 0.005

RECONCILIATION_COLUMNS = [
    "area", "label", "kind", "strategic_area", "financial_year",
    "declared_gbp", "computed_gbp", "difference_gbp", "difference_pct", "matches", "source_row",
]


def reconcile(tidy: pd.DataFrame, declared: pd.DataFrame) -> pd.DataFrame:
    """Each declared total beside the sum of the rows it covers; difference = computed - declared."""
    if declared.empty:
        return pd.DataFrame(columns=RECONCILIATION_COLUMNS)
    declared_gbp = pd.to_numeric(declared["declared_gbp"]).to_numpy(dtype=np.float64)
    computed = np.round(_covered_sums(tidy, declared), 2)
    difference = np.round(computed - declared_gbp, 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = np.where(declared_gbp != 0, difference / declared_gbp * 100, np.nan)
    report = pd.DataFrame({
        "area": declared["area"].to_numpy(),
        "label": declared["label"].to_numpy(),
        "kind": declared["kind"].to_numpy(),
        "strategic_area": declared["strategic_area"].to_numpy(),
        "financial_year": declared["financial_year"].to_numpy(),
        "declared_gbp": declared_gbp,
        "computed_gbp": computed,
        "difference_gbp": difference,
        # No percentage of a declared zero: None, as the report has always shown it.
        "difference_pct": pd.Series(percent, dtype=object).where(declared_gbp != 0, None).to_numpy(),
        "matches": np.abs(difference) < TOLERANCE_GBP,
        "source_row": declared["source_row"].to_numpy(),
    })
    return report[RECONCILIATION_COLUMNS]


def _covered_sums(tidy: pd.DataFrame, declared: pd.DataFrame) -> np.ndarray:
    """The sum of amount_gbp over the rows each declared total covers.

    A national file declares over a thousand totals. The rows are put in order
    once, by sheet and year (and force, for a total that covers one force) and
    then row number, with a running sum; each total's rows are then one slice,
    found by binary search, and its sum the difference of two running sums.
    Amounts are whole pence, so the running sums cannot drift by anything near
    the half penny that would change a rounded total.
    """
    sums = np.zeros(len(declared), dtype=np.float64)
    if tidy.empty:
        return sums
    areas = set(tidy["area"].unique())
    low = pd.to_numeric(declared["covers_from_row"]).to_numpy(dtype=np.float64)
    high = pd.to_numeric(declared["covers_to_row"]).to_numpy(dtype=np.float64)
    bounded = ~(np.isnan(low) | np.isnan(high))  # no row lies within a missing bound
    # A total covers one force's rows when the file holds several forces and it names one.
    by_area = np.array([
        kind != "allocation" and bool(area) and bool(areas - {area})
        for kind, area in zip(declared["kind"], declared["area"])
    ], dtype=bool)
    for per_area in (False, True):
        chosen = bounded & (by_area == per_area)
        if not chosen.any():
            continue
        keys = ["source_sheet", "financial_year"] + (["area"] if per_area else [])
        sums[chosen] = _range_sums(tidy, keys, declared.loc[chosen, keys], low[chosen], high[chosen])
    return sums


def _range_sums(tidy: pd.DataFrame, keys: list[str], totals: pd.DataFrame,
                low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Sum of tidy amounts whose keys equal a total's and whose source_row lies in [low, high]."""
    codes, total_codes = _group_codes(tidy, totals, keys)
    rows = tidy["source_row"].to_numpy(dtype=np.float64)
    order = np.lexsort((rows, codes))
    sorted_codes, sorted_rows = codes[order], rows[order]
    running = np.concatenate(([0.0], np.cumsum(np.nan_to_num(tidy["amount_gbp"].to_numpy(dtype=np.float64))[order])))
    sums = np.zeros(len(totals), dtype=np.float64)
    found = total_codes >= 0
    # Search (group, row) pairs as one sorted sequence: the group code first, then the row.
    first = _search(sorted_codes, sorted_rows, total_codes[found], low[found], "left")
    last = _search(sorted_codes, sorted_rows, total_codes[found], high[found], "right")
    sums[found] = np.where(last > first, running[last] - running[first], 0.0)
    return sums


def _group_codes(tidy: pd.DataFrame, totals: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """One small integer per distinct key combination, for the rows and for the totals (-1: no such rows)."""
    row_codes = np.zeros(len(tidy), dtype=np.int64)
    total_codes = np.zeros(len(totals), dtype=np.int64)
    missing = np.zeros(len(totals), dtype=bool)
    for key in keys:
        codes, values = pd.factorize(tidy[key])
        wanted = pd.Index(values).get_indexer(totals[key])
        missing |= wanted < 0
        row_codes = row_codes * (len(values) + 1) + codes
        total_codes = total_codes * (len(values) + 1) + wanted
    # Renumber densely so the codes stay far below float precision in _search.
    distinct, row_codes = np.unique(row_codes, return_inverse=True)
    position = np.searchsorted(distinct, total_codes)
    position = np.minimum(position, len(distinct) - 1)
    known = ~missing & (distinct[position] == total_codes)
    return row_codes, np.where(known, position, -1)


def _search(codes: np.ndarray, rows: np.ndarray, wanted_codes: np.ndarray, wanted_rows: np.ndarray,
            side: str) -> np.ndarray:
    # Rows are below 2**31 and codes below the number of groups, so code * 2**32 + row orders pairs.
    scale = float(2 ** 32)
    return np.searchsorted(codes * scale + rows, wanted_codes * scale + wanted_rows, side=side)


def describe_line(line: pd.Series | dict) -> str:
    """One plain-English line of the report, e.g. for the CLI and the upload page."""
    label = f"{line['label']} {line['financial_year']}"
    declared = format_gbp(line["declared_gbp"])
    computed = format_gbp(line["computed_gbp"])
    if line["matches"]:
        return f"{label}: declared {declared}, rows sum to {computed}: reconciles"
    difference = abs(line["difference_gbp"])
    direction = "over" if line["difference_gbp"] > 0 else "under"
    noun = "the declared allocation" if line["kind"] == "allocation" else "the declared total"
    return f"{label}: declared {declared}, rows sum to {computed}: {direction} {noun} by {format_gbp(difference)}"


def format_report(reconciliation: pd.DataFrame) -> str:
    if reconciliation.empty:
        return "No subtotals or totals were declared in the file, so there is nothing to reconcile."
    lines = [describe_line(line) for _, line in reconciliation.iterrows()]
    mismatches = int((~reconciliation["matches"]).sum())
    summary = (
        f"All {len(reconciliation)} declared totals reconcile."
        if not mismatches
        else f"{mismatches} of {len(reconciliation)} declared totals do not match the rows they cover."
    )
    return "\n".join(lines + [summary])
